/*
 * swmr_reader.c — a SWMR reader in h5x, in another process than the writer.
 *
 *   swmr_reader FILE
 *
 * Run by swmr_pair opposite swmr_writer (see swmr_protocol.h).  It opens
 * the file read-only with options.swmr = 1 while the writer is appending,
 * and sees the new rows only through h5x_dataset_refresh:
 *
 *  - lockstep: after the writer says "rows N" (it has flushed), one refresh
 *    must show exactly N rows, and every row must hold its values;
 *  - free running: the reader refreshes /count, then /data, and checks the
 *    rows below the count, over and over, until it has seen all of them.
 *
 * Exit status: 0 when every check passed, 1 when one failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "swmr_protocol.h"

#define FREE_RUNNING_SECONDS 60

static FILE *from_writer;
static FILE *to_writer;

static void say(const char *word, unsigned long long count)
{
    fprintf(to_writer, "%s %llu\n", word, count);
    fflush(to_writer);
}

/* Reads one line from the writer into line; 0 at end of input. */
static int hear(char *line, size_t size)
{
    if (!fgets(line, (int)size, from_writer))
        return 0;
    line[strcspn(line, "\n")] = '\0';
    return 1;
}

/* Checks rows [from, to) of /data against swmr_value; 0 when all match. */
static int check_rows(h5x_object *data, uint64_t from, uint64_t to)
{
    if (to <= from)
        return 0;
    size_t n = (size_t)(to - from) * SWMR_WIDTH;
    int64_t *values = calloc(n, sizeof *values);
    if (!CHECK(values != NULL))
        return -1;
    char selection[64];
    snprintf(selection, sizeof selection, "%llu:%llu, :", (unsigned long long)from, (unsigned long long)to);
    int status = CHECK_OK(h5x_dataset_read_text(data, selection, H5X_I64, values, n * sizeof *values)) < 0 ? -1 : 0;
    size_t wrong = 0, first_wrong = 0;
    for (size_t i = 0; status == 0 && i < n; i++) {
        uint64_t row = from + i / SWMR_WIDTH;
        if (values[i] != swmr_value(row, (unsigned)(i % SWMR_WIDTH)) && wrong++ == 0)
            first_wrong = i;
    }
    if (status == 0 && !CHECK_MSG(wrong == 0, "%zu of the values in rows %llu..%llu are wrong; row %llu column %zu "
                                              "holds %lld, expected %lld",
                                  wrong, (unsigned long long)from, (unsigned long long)to - 1,
                                  (unsigned long long)(from + first_wrong / SWMR_WIDTH), first_wrong % SWMR_WIDTH,
                                  (long long)values[first_wrong],
                                  (long long)swmr_value(from + first_wrong / SWMR_WIDTH,
                                                        (unsigned)(first_wrong % SWMR_WIDTH))))
        status = -1;
    free(values);
    return status;
}

static int rows_of(h5x_object *data, uint64_t *rows)
{
    h5x_shape shape;
    if (CHECK_OK(h5x_dataset_shape(data, &shape)) < 0 || !CHECK_INT(shape.rank, 2) ||
        !CHECK_UINT(shape.dims[1], SWMR_WIDTH))
        return -1;
    *rows = shape.dims[0];
    return 0;
}

static int lockstep(h5x_object *data, uint64_t *seen, char *line, size_t size)
{
    harness_case("lockstep: after each flush one refresh shows the new rows");
    while (hear(line, size)) {
        unsigned long long announced = 0;
        if (strcmp(line, "free") == 0)
            return 0;
        if (!CHECK_MSG(sscanf(line, "rows %llu", &announced) == 1, "unexpected line \"%s\"", line))
            return -1;
        uint64_t rows = 0;
        if (CHECK_OK(h5x_dataset_refresh(data)) < 0 || rows_of(data, &rows) != 0)
            return -1;
        if (!CHECK_MSG(rows == announced, "after the writer flushed %llu rows a refresh shows %llu", announced,
                       (unsigned long long)rows))
            return -1;
        /* every row again, not only the new ones: old rows must not change */
        if (check_rows(data, 0, rows) != 0)
            return -1;
        *seen = rows;
        say("seen", rows);
    }
    CHECK_MSG(0, "the writer went away during the lockstep phase");
    return -1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int free_running(h5x_object *data, h5x_object *count, uint64_t seen, char *line, size_t size)
{
    harness_case("free running: every row below the count holds its values; all rows arrive");
    int flags = fcntl(SWMR_INPUT_FD, F_GETFL);
    fcntl(SWMR_INPUT_FD, F_SETFL, flags | O_NONBLOCK);
    unsigned long long total = 0;
    int done = 0;
    unsigned distinct_counts = 0, polls = 0;
    double deadline = now() + FREE_RUNNING_SECONDS;
    while (!done || seen < total) {
        if (!done) {
            errno = 0;
            if (hear(line, size)) {
                if (!CHECK_MSG(sscanf(line, "done %llu", &total) == 1, "unexpected line \"%s\"", line))
                    return -1;
                done = 1;
            } else {
                if (errno != EAGAIN && errno != EWOULDBLOCK && !CHECK_MSG(0, "the writer went away before \"done\""))
                    return -1;
                clearerr(from_writer);
            }
        }
        if (!CHECK_MSG(now() < deadline, "after %d s the reader has seen %llu of %llu rows", FREE_RUNNING_SECONDS,
                       (unsigned long long)seen, total))
            return -1;
        int64_t counted = 0;
        uint64_t rows = 0;
        polls++;
        if (CHECK_OK(h5x_dataset_refresh(count)) < 0 ||
            CHECK_OK(h5x_dataset_read(count, NULL, H5X_I64, &counted, sizeof counted)) < 0 ||
            CHECK_OK(h5x_dataset_refresh(data)) < 0 || rows_of(data, &rows) != 0)
            return -1;
        if (counted == 0) /* nothing counted yet: the lockstep rows stand */
            counted = (int64_t)seen;
        if (!CHECK_MSG((uint64_t)counted >= seen && rows >= (uint64_t)counted,
                       "count %lld, %llu rows visible, %llu seen before", (long long)counted,
                       (unsigned long long)rows, (unsigned long long)seen))
            return -1;
        if ((uint64_t)counted > seen) {
            if (check_rows(data, seen, (uint64_t)counted) != 0)
                return -1;
            seen = (uint64_t)counted;
            distinct_counts++;
        }
    }
    fcntl(SWMR_INPUT_FD, F_SETFL, flags);
    harness_note("%u polls saw the count grow %u times before reaching %llu rows", polls, distinct_counts, total);
    CHECK_UINT(seen, total);
    return check_rows(data, 0, seen) == 0 ? (say("bye", seen), 0) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: swmr_reader FILE\n");
        return 2;
    }
    from_writer = fdopen(SWMR_INPUT_FD, "r");
    to_writer = fdopen(SWMR_OUTPUT_FD, "w");
    if (!from_writer || !to_writer) {
        fprintf(stderr, "swmr_reader: descriptors %d and %d must be the pipes to the writer (run by swmr_pair)\n",
                SWMR_INPUT_FD, SWMR_OUTPUT_FD);
        return 2;
    }
    harness_section("SWMR reader");
    harness_case("open with swmr=1 once the writer is in SWMR mode");
    char line[256];
    if (!CHECK(hear(line, sizeof line)) || !CHECK_STR(line, "ready"))
        return harness_finish();
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s", argv[1]);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.swmr = 1;
    h5x_clear_error();
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "r", &options));
    if (!file)
        return harness_finish();
    char *mode = h5x_file_mode(file);
    CHECK_STR(mode, "r");
    h5x_free(mode);
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    h5x_object *count = CHECK_PTR(h5x_open(file, "count"));
    int32_t width = 0;
    uint64_t seen = 0;
    if (data && count && CHECK_OK(h5x_attr_get(data, "width", H5X_I32, &width, sizeof width)) >= 0 &&
        CHECK_INT(width, SWMR_WIDTH) && rows_of(data, &seen) == 0 && CHECK_UINT(seen, 0)) {
        /* a SWMR reader cannot write */
        int64_t value = 1;
        CHECK_STATUS(h5x_dataset_write(count, NULL, H5X_I64, &value, NULL), H5X_ERR_READ_ONLY);
        say("open", 0);
        if (lockstep(data, &seen, line, sizeof line) == 0)
            free_running(data, count, seen, line, sizeof line);
    }
    h5x_close(count);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
    return harness_finish();
}
