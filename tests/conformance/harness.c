/*
 * harness.c — bookkeeping and reporting for the checks of harness.h.
 *
 * Output goes to stdout, one line per section and case, one block per
 * failed check, and the closing "N passed, M failed" line that CTest logs
 * and people grep for.  Passing checks are counted, not printed: a run of a
 * few thousand checks stays readable.
 */
/* nftw, to empty a scratch directory, is X/Open */
#define _XOPEN_SOURCE 700

#include "harness.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

static long checks_passed;
static long checks_failed;
static const char *current_section = "";
static const char *current_case = "";

void harness_section(const char *name)
{
    current_section = name;
    current_case = "";
    printf("== %s\n", name);
    fflush(stdout);
}

void harness_case(const char *name)
{
    current_case = name;
    printf("-- %s\n", name);
    fflush(stdout);
}

void harness_note(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("   note: ");
    vprintf(format, args);
    printf("\n");
    va_end(args);
}

const char *harness_status_name(int status)
{
    switch (status) {
    case H5X_OK: return "H5X_OK";
    case H5X_ERR_INVALID_ARGUMENT: return "H5X_ERR_INVALID_ARGUMENT";
    case H5X_ERR_BAD_HANDLE: return "H5X_ERR_BAD_HANDLE";
    case H5X_ERR_NOT_FOUND: return "H5X_ERR_NOT_FOUND";
    case H5X_ERR_EXISTS: return "H5X_ERR_EXISTS";
    case H5X_ERR_READ_ONLY: return "H5X_ERR_READ_ONLY";
    case H5X_ERR_NOT_SUPPORTED: return "H5X_ERR_NOT_SUPPORTED";
    case H5X_ERR_SELECTION: return "H5X_ERR_SELECTION";
    case H5X_ERR_SHAPE: return "H5X_ERR_SHAPE";
    case H5X_ERR_TYPE: return "H5X_ERR_TYPE";
    case H5X_ERR_IO: return "H5X_ERR_IO";
    case H5X_ERR_NO_MEMORY: return "H5X_ERR_NO_MEMORY";
    case H5X_ERR_PLUGIN: return "H5X_ERR_PLUGIN";
    case H5X_ERR_CORRUPT: return "H5X_ERR_CORRUPT";
    case H5X_ERR_OPTION: return "H5X_ERR_OPTION";
    default: return status > 0 ? "a positive count" : "an unknown status";
    }
}

/* The last error, as one line, or "none". */
static void print_last_error(void)
{
    const h5x_error_info *error = h5x_last_error();
    if (!error || error->code == H5X_OK) {
        printf("      last error: none\n");
        return;
    }
    printf("      last error: %s: %s", harness_status_name(error->code), error->message ? error->message : "");
    if (error->connector && error->connector[0])
        printf(" [connector %s]", error->connector);
    if (error->file_path && error->file_path[0])
        printf(" [file %s]", error->file_path);
    if (error->object_path && error->object_path[0])
        printf(" [object %s]", error->object_path);
    printf("\n");
}

int harness_check(int ok, const char *file, int line, const char *expression, const char *detail, ...)
{
    if (ok) {
        checks_passed++;
        return 1;
    }
    checks_failed++;
    const char *base = strrchr(file, '/');
    printf("   FAIL %s:%d [%s%s%s]: %s\n", base ? base + 1 : file, line, current_section,
           current_case[0] ? " / " : "", current_case, expression);
    if (detail) {
        va_list args;
        va_start(args, detail);
        printf("      ");
        vprintf(detail, args);
        printf("\n");
        va_end(args);
    }
    print_last_error();
    fflush(stdout);
    return 0;
}

int harness_check_ok(int64_t status, const char *file, int line, const char *expression)
{
    harness_check(status >= 0, file, line, expression, "expected success, got %" PRId64 " (%s)", status,
                  harness_status_name((int)status));
    return status < INT32_MIN ? INT32_MIN : status > INT32_MAX ? INT32_MAX : (int)status;
}

int harness_check_status(int64_t status, int expected, const char *file, int line, const char *expression)
{
    return harness_check(status == expected, file, line, expression, "expected %s, got %" PRId64 " (%s)",
                         harness_status_name(expected), status, harness_status_name((int)status));
}

void *harness_check_ptr(void *pointer, const char *file, int line, const char *expression)
{
    harness_check(pointer != NULL, file, line, expression, "expected a result, got NULL");
    return pointer;
}

int harness_check_null(void *pointer, int expected, const char *file, int line, const char *expression)
{
    if (pointer) {
        h5x_close(pointer);
        return harness_check(0, file, line, expression, "expected NULL with %s, got a handle",
                             harness_status_name(expected));
    }
    const h5x_error_info *error = h5x_last_error();
    int code = error ? error->code : H5X_OK;
    return harness_check(code == expected, file, line, expression, "expected NULL with %s, got NULL with %s",
                         harness_status_name(expected), harness_status_name(code));
}

int harness_check_int(int64_t got, int64_t want, const char *file, int line, const char *expression)
{
    return harness_check(got == want, file, line, expression, "expected %" PRId64 ", got %" PRId64, want, got);
}

int harness_check_uint(uint64_t got, uint64_t want, const char *file, int line, const char *expression)
{
    return harness_check(got == want, file, line, expression, "expected %" PRIu64 ", got %" PRIu64, want, got);
}

int harness_check_double(double got, double want, const char *file, int line, const char *expression)
{
    /* Values in the tests are exactly representable, so equality is exact;
     * two NaNs count as equal. */
    int ok = got == want || (isnan(got) && isnan(want));
    return harness_check(ok, file, line, expression, "expected %.17g, got %.17g", want, got);
}

int harness_check_str(const char *got, const char *want, const char *file, int line, const char *expression)
{
    int ok = got && want ? strcmp(got, want) == 0 : got == want;
    return harness_check(ok, file, line, expression, "expected \"%s\", got %s%s%s", want ? want : "(null)",
                         got ? "\"" : "", got ? got : "NULL", got ? "\"" : "");
}

static void format_shape(char *out, size_t size, int rank, const uint64_t *dims)
{
    if (rank < 0) {
        snprintf(out, size, "None");
        return;
    }
    size_t used = (size_t)snprintf(out, size, "(");
    for (int i = 0; i < rank && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%" PRIu64 "%s", dims[i],
                                 rank == 1 ? "," : (i + 1 < rank ? ", " : ""));
    if (used < size)
        snprintf(out + used, size - used, ")");
}

int harness_check_shape(const h5x_shape *got, const int64_t *rank_and_dims, size_t count, const char *file,
                        int line, const char *expression)
{
    int rank = (int)rank_and_dims[0];
    uint64_t want_dims[H5X_MAX_RANK] = {0};
    for (size_t i = 1; i < count && i <= H5X_MAX_RANK; i++)
        want_dims[i - 1] = (uint64_t)rank_and_dims[i];
    int ok = got && got->rank == rank && (rank <= 0 || (size_t)rank == count - 1);
    for (int i = 0; ok && i < rank; i++)
        ok = got->dims[i] == want_dims[i];
    char want_text[256], got_text[256];
    format_shape(want_text, sizeof want_text, rank, want_dims);
    if (got && got->rank <= H5X_MAX_RANK)
        format_shape(got_text, sizeof got_text, got->rank, got->dims);
    else
        snprintf(got_text, sizeof got_text, "%s", got ? "(bad rank)" : "NULL");
    return harness_check(ok, file, line, expression, "expected shape %s, got %s", want_text, got_text);
}

int harness_check_doubles(const double *got, const double *want, size_t n, const char *file, int line,
                          const char *expression)
{
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (!(got[i] == want[i] || (isnan(got[i]) && isnan(want[i]))) && bad++ == 0)
            first = i;
    if (!bad)
        return harness_check(1, file, line, expression, NULL);
    return harness_check(0, file, line, expression,
                         "%zu of %zu elements differ; first at [%zu]: expected %.17g, got %.17g", bad, n, first,
                         want[first], got[first]);
}

int harness_check_ints(const int64_t *got, const int64_t *want, size_t n, const char *file, int line,
                       const char *expression)
{
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i] && bad++ == 0)
            first = i;
    if (!bad)
        return harness_check(1, file, line, expression, NULL);
    return harness_check(0, file, line, expression,
                         "%zu of %zu elements differ; first at [%zu]: expected %" PRId64 ", got %" PRId64, bad, n,
                         first, want[first], got[first]);
}

int harness_check_uints(const uint64_t *got, const uint64_t *want, size_t n, const char *file, int line,
                        const char *expression)
{
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i] && bad++ == 0)
            first = i;
    if (!bad)
        return harness_check(1, file, line, expression, NULL);
    return harness_check(0, file, line, expression,
                         "%zu of %zu elements differ; first at [%zu]: expected %" PRIu64 ", got %" PRIu64, bad, n,
                         first, want[first], got[first]);
}

int harness_check_bytes(const void *got, const void *want, size_t n, const char *file, int line,
                        const char *expression)
{
    const unsigned char *g = got, *w = want;
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i] != w[i] && bad++ == 0)
            first = i;
    if (!bad)
        return harness_check(1, file, line, expression, NULL);
    return harness_check(0, file, line, expression,
                         "%zu of %zu bytes differ; first at [%zu]: expected 0x%02x, got 0x%02x", bad, n, first,
                         w[first], g[first]);
}

long harness_failures(void)
{
    return checks_failed;
}

int harness_finish(void)
{
    printf("%ld passed, %ld failed\n", checks_passed, checks_failed);
    fflush(stdout);
    return checks_failed ? 1 : 0;
}

int harness_check_message(const char *text, const char *file, int line)
{
    const char *message = h5x_last_error()->message;
    return harness_check(strstr(message, text) != NULL, file, line, "h5x_last_error()->message",
                         "expected the message to mention \"%s\", got \"%s\"", text, message);
}

/* nftw visitor: removes what it is shown, children before their
 * directory; the directory itself is kept. */
static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *where)
{
    (void)info, (void)flag;
    return where->level == 0 ? 0 : remove(path);
}

int harness_work_directory(int argc, char **argv, char *out, size_t size)
{
    const char *program = argc > 0 ? argv[0] : "test";
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIRECTORY\n", program);
        return 2;
    }
    /* a fresh start: the refusal cases check that nothing was created */
    if (nftw(argv[1], remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT) {
        fprintf(stderr, "%s: cannot empty %s: %s\n", program, argv[1], strerror(errno));
        return 2;
    }
    if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot make %s: %s\n", program, argv[1], strerror(errno));
        return 2;
    }
    char resolved[PATH_MAX];
    if (!realpath(argv[1], resolved) || strlen(resolved) >= size) {
        fprintf(stderr, "%s: cannot resolve %s\n", program, argv[1]);
        return 2;
    }
    memcpy(out, resolved, strlen(resolved) + 1);
    return 0;
}

int harness_flip_byte(const char *path, uint64_t offset, unsigned char mask)
{
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return -1;
    unsigned char byte;
    int ok = pread(fd, &byte, 1, (off_t)offset) == 1;
    byte ^= mask;
    ok = ok && pwrite(fd, &byte, 1, (off_t)offset) == 1;
    close(fd);
    return ok ? 0 : -1;
}
