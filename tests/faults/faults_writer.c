/*
 * faults_writer.c — a writer that is meant to be stopped before it ends.
 *
 *   faults_writer swmr FILE
 *   faults_writer normal FILE default|latest
 *   faults_writer diskfull FILE LIMIT_BYTES swmr|normal
 *
 * The fault tests start this program, let it append rows to /data (a
 * chunked dataset with an unlimited first axis, as in tests/swmr) and then
 * kill it, or let the file size limit stop it.  What the file must hold
 * afterwards depends on what the writer had finished, so after every
 * flush that returned it writes one line "rows N" to standard output:
 * the first N rows were on disk before anything that follows.  A row's
 * values are fault_value(row, column), never the fill value 0.
 *
 *  - swmr: creates the file with libver "latest", switches it to SWMR
 *    writing ("ready"), then appends and flushes /data for ever;
 *  - normal: no SWMR; each batch also adds a group and an attribute, so
 *    that a kill can land in the middle of metadata work, and flushes the
 *    whole file;
 *  - diskfull: appends and flushes /data only, in SWMR or normal mode,
 *    under a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so that
 *    writes past it fail with EFBIG).  When a call fails it writes "error
 *    CODE MESSAGE", closes the file, writes "closed STATUS" and exits 0.
 *
 * The writer dies with its parent (PR_SET_PDEATHSIG) and stops by itself
 * after MAX_ROWS rows, so that a lost parent leaves nothing running.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "faults.h"
#include "h5x.h"

enum { MAX_ROWS = 3000000 };

/* One line to the parent, written at once so that a kill cannot split it. */
static void tell(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void tell(const char *format, ...)
{
    char line[1024];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line - 1, format, args);
    va_end(args);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t written = write(STDOUT_FILENO, line, (size_t)n);
    (void)written;
}

static void tell_error(void)
{
    const h5x_error_info *e = h5x_last_error();
    char message[900];
    snprintf(message, sizeof message, "%s", e->message);
    for (char *c = message; *c; c++)
        if (*c == '\n')
            *c = ' ';
    tell("error %d %s", e->code, message);
}

/* Appends rows [rows, rows + FAULT_BATCH_ROWS) to /data. */
static int append_batch(h5x_object *data, uint64_t rows)
{
    int64_t values[FAULT_BATCH_ROWS * FAULT_WIDTH];
    for (unsigned r = 0; r < FAULT_BATCH_ROWS; r++)
        for (unsigned c = 0; c < FAULT_WIDTH; c++)
            values[r * FAULT_WIDTH + c] = fault_value(rows + r, c);
    h5x_shape longer = h5x_shape_of(2, (uint64_t[]){rows + FAULT_BATCH_ROWS, FAULT_WIDTH});
    char selection[64];
    snprintf(selection, sizeof selection, "%llu:, :", (unsigned long long)rows);
    if (h5x_dataset_resize(data, &longer) < 0)
        return -1;
    return h5x_dataset_write_text(data, selection, H5X_I64, values, NULL) < 0 ? -1 : 0;
}

/* The metadata work of one batch in normal mode: a group holding an attribute. */
static int add_metadata(h5x_object *file, uint64_t batch)
{
    char name[64];
    snprintf(name, sizeof name, "batch_%llu", (unsigned long long)batch);
    h5x_object *group = h5x_group_create(file, name, NULL);
    if (!group)
        return -1;
    int64_t value = (int64_t)batch;
    int status = h5x_attr_set(group, "batch", H5X_I64, NULL, &value);
    h5x_close(group);
    return status < 0 ? -1 : 0;
}

static int run(const char *mode, const char *path, int swmr, int latest)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s", path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    if (latest) {
        options.libver_low = H5X_LIBVER_LATEST;
        options.libver_high = H5X_LIBVER_LATEST;
    }
    h5x_object *file = h5x_file_open(uri, "w", &options);
    if (!file) {
        tell_error();
        return 1;
    }
    h5x_shape empty = h5x_shape_of(2, (uint64_t[]){0, FAULT_WIDTH});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, FAULT_WIDTH});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){FAULT_CHUNK_ROWS, FAULT_WIDTH});
    h5x_dataset_options data_options = H5X_DATASET_OPTIONS_INIT;
    data_options.maxshape = &maxshape;
    data_options.chunks = &chunks;
    h5x_object *data = h5x_dataset_create(file, "data", H5X_I64, &empty, &data_options);
    int ok = data != NULL;
    if (ok && swmr)
        ok = h5x_file_start_swmr(file) >= 0;
    else if (ok)
        ok = h5x_file_flush(file) >= 0;
    if (!ok) {
        tell_error();
        h5x_close(data);
        h5x_close(file);
        return 1;
    }
    tell("ready");
    uint64_t rows = 0;
    for (uint64_t batch = 0; ok && rows < MAX_ROWS; batch++) {
        ok = append_batch(data, rows) == 0;
        if (ok && strcmp(mode, "normal") == 0)
            ok = add_metadata(file, batch) == 0 && h5x_file_flush(file) >= 0;
        else if (ok)
            ok = (swmr ? h5x_dataset_flush(data) : h5x_file_flush(file)) >= 0;
        if (ok) {
            rows += FAULT_BATCH_ROWS;
            tell("rows %llu", (unsigned long long)rows);
        }
    }
    if (!ok)
        tell_error();
    h5x_close(data);
    h5x_clear_error();
    int closed = h5x_close(file);
    tell("closed %d", closed);
    if (closed < 0)
        tell_error();
    /* running out of room is what diskfull is for; anywhere else it is a failure */
    return ok || strcmp(mode, "diskfull") == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "swmr") != 0 && strcmp(argv[1], "normal") != 0 &&
                     strcmp(argv[1], "diskfull") != 0)) {
        fprintf(stderr, "usage: faults_writer swmr FILE | normal FILE default|latest |"
                        " diskfull FILE LIMIT swmr|normal\n");
        return 2;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int swmr = strcmp(argv[1], "swmr") == 0, latest = 1;
    if (strcmp(argv[1], "normal") == 0)
        latest = argc > 3 && strcmp(argv[3], "latest") == 0;
    if (strcmp(argv[1], "diskfull") == 0) {
        if (argc < 5) {
            fprintf(stderr, "faults_writer diskfull needs LIMIT_BYTES and swmr|normal\n");
            return 2;
        }
        swmr = strcmp(argv[4], "swmr") == 0;
        signal(SIGXFSZ, SIG_IGN);
        rlim_t limit = (rlim_t)strtoull(argv[3], NULL, 10);
        struct rlimit size_limit = {limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &size_limit) != 0) {
            perror("faults_writer: setrlimit(RLIMIT_FSIZE)");
            return 2;
        }
    }
    return run(argv[1], argv[2], swmr, latest);
}
