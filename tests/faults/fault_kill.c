/*
 * fault_kill.c — writers killed with SIGKILL at random moments.
 *
 *   fault_kill WRITER swmr|normal RUNS DIRECTORY [SEED]
 *
 * Each run starts faults_writer on a fresh file, waits until it has begun
 * appending, lets it run for a random 0–60 ms, kills it with SIGKILL and
 * then looks at the file with h5x.  The writer reports every flush that
 * returned ("rows N"), so after the kill the test knows how many rows were
 * certainly on disk.
 *
 * swmr: SWMR's ordering of writes is what promises that a file survives
 * its writer, so every run must end in a file that opens as a SWMR reader
 * would open it and holds every flushed row with its values; rows the
 * writer had not yet reported may show, as written or as the fill value.
 * An ordinary read-only open may be refused (libhdf5 keeps a killed SWMR
 * writer's file marked as open for writing), but only with a message.
 * One exception, counted and shown: libhdf5 rewrites the chunk index's
 * blocks in place, so a kill in the middle of such a write can tear one
 * for good (about one kill in two thousand here); reading the rows it
 * indexes must then fail promptly with libhdf5's "incorrect metadata
 * checksum", never hang or give wrong values.
 *
 * normal: without SWMR nothing orders the writes, so a file killed in the
 * middle of a flush may be damaged.  What must hold is that h5x never
 * crashes on it: opening, listing, reading attributes and data either
 * succeed or fail with an error that carries a message.  Files made with
 * libver "default" and "latest" alternate (the latter keeps a mark that
 * refuses a second open).  When the flushed rows can be read they must
 * hold their values.
 *
 * The seed (default: the time) is printed so that a failing sequence of
 * kill times can be replayed.  The last line is "N passed, M failed".
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"
#include "harness.h"

#define MAX_DELAY_MS 60

typedef struct writer_report {
    int stop_when_ready; /* end the reading as soon as "ready" arrives */
    int ready;
    unsigned long long rows; /* the last "rows N" */
    char error[1024];        /* the writer's own error, should it fail */
} writer_report;

static int on_writer_line(const char *line, void *context)
{
    writer_report *report = context;
    unsigned long long rows;
    if (strcmp(line, "ready") == 0)
        report->ready = 1;
    else if (sscanf(line, "rows %llu", &rows) == 1)
        report->rows = rows;
    else if (strncmp(line, "error ", 6) == 0)
        snprintf(report->error, sizeof report->error, "%s", line);
    return report->ready && report->stop_when_ready;
}

/* Checks that a failed call left an error with a message; 1 when it did. */
static int failed_with_message(const char *what)
{
    const h5x_error_info *e = h5x_last_error();
    return CHECK_MSG(e->code < 0 && e->message[0] != '\0', "%s failed without an error message (code %d)", what,
                     e->code);
}

/* A failure that is a chunk index block torn by the kill: counted in
 * *torn instead of failing the test (see above). */
static int torn_block(unsigned *torn)
{
    const h5x_error_info *e = h5x_last_error();
    if (e->code >= 0 || strstr(e->message, "incorrect metadata checksum") == NULL)
        return 0;
    harness_note("a chunk index block torn by the kill: %s", e->message);
    (*torn)++;
    return 1;
}

/* Reads /data and checks it against what the writer reported.  strict:
 * every failure is one (swmr) except a torn block; otherwise failures need
 * only a message. */
static void check_data(h5x_object *file, unsigned long long flushed, int strict, unsigned long long *rows_checked,
                       unsigned *torn)
{
    h5x_clear_error();
    h5x_object *data = h5x_open(file, "data");
    if (!data) {
        if (strict)
            CHECK_MSG(0, "/data does not open: %s", h5x_last_error()->message);
        else
            failed_with_message("opening /data");
        return;
    }
    h5x_shape shape;
    h5x_clear_error();
    if (h5x_dataset_shape(data, &shape) < 0) {
        if (!strict || !CHECK_MSG(0, "/data has no shape: %s", h5x_last_error()->message))
            failed_with_message("the shape of /data");
        h5x_close(data);
        return;
    }
    if (!CHECK_INT(shape.rank, 2) || !CHECK_UINT(shape.dims[1], FAULT_WIDTH)) {
        h5x_close(data);
        return;
    }
    uint64_t rows = shape.dims[0];
    if (strict)
        CHECK_MSG(rows >= flushed, "%llu rows were flushed before the kill but /data has %llu", flushed,
                  (unsigned long long)rows);
    if (rows > 0) {
        size_t n = (size_t)rows * FAULT_WIDTH;
        int64_t *values = malloc(n * sizeof *values);
        REQUIRE(values != NULL);
        h5x_clear_error();
        if (h5x_dataset_read(data, NULL, H5X_I64, values, n * sizeof *values) < 0) {
            if (strict && !torn_block(torn))
                CHECK_MSG(0, "reading %llu rows failed: %s", (unsigned long long)rows, h5x_last_error()->message);
            else
                failed_with_message("reading /data");
        } else {
            for (uint64_t r = 0; r < rows; r++) {
                for (unsigned c = 0; c < FAULT_WIDTH; c++) {
                    int64_t got = values[r * FAULT_WIDTH + c], want = fault_value(r, c);
                    /* unflushed rows may still be the fill value */
                    int ok = got == want || (r >= flushed && got == 0);
                    if (!CHECK_MSG(ok, "row %llu column %u holds %lld, expected %lld%s (%llu rows flushed)",
                                   (unsigned long long)r, c, (long long)got, (long long)want,
                                   r >= flushed ? " or 0" : "", flushed)) {
                        r = rows;
                        break;
                    }
                }
            }
            *rows_checked += rows < flushed ? rows : flushed;
        }
        free(values);
    }
    h5x_close(data);
}

/* Lists the root group and reads every group's "batch" attribute; errors
 * are allowed, but only with a message. */
static void walk_metadata(h5x_object *file)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    if (h5x_group_names(file, H5X_ORDER_NAME, &names, &count) < 0) {
        failed_with_message("listing /");
        return;
    }
    for (size_t i = 0; i < count; i++) {
        if (strncmp(names[i], "batch_", 6) != 0)
            continue;
        h5x_clear_error();
        h5x_object *group = h5x_open(file, names[i]);
        if (!group) {
            failed_with_message("opening a batch group");
            continue;
        }
        int64_t batch = -1;
        h5x_clear_error();
        if (h5x_attr_get(group, "batch", H5X_I64, &batch, sizeof batch) < 0)
            failed_with_message("reading a batch attribute");
        else
            CHECK_MSG(batch == atoll(names[i] + 6), "%s has batch = %lld", names[i], (long long)batch);
        h5x_close(group);
    }
    h5x_free_names(names, count);
}

typedef struct tally {
    unsigned kills, opened, refused, plain_refused, torn;
    unsigned long long rows_checked, most_rows;
} tally;

static void check_after_kill(const char *mode, const char *path, unsigned long long flushed, tally *t)
{
    int swmr = strcmp(mode, "swmr") == 0;
    h5x_clear_error();
    h5x_object *file = h5x_file_open(path, "r", NULL);
    if (!file) {
        failed_with_message("opening the file read-only");
        if (swmr)
            t->plain_refused++;
        else
            t->refused++;
    } else {
        if (!swmr) {
            t->opened++;
            walk_metadata(file);
        }
        unsigned torn_in_plain_open = 0; /* counted once, through the SWMR reader below */
        check_data(file, flushed, swmr, &t->rows_checked, &torn_in_plain_open);
        CHECK_OK(h5x_close(file));
    }
    if (!swmr)
        return;
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.swmr = 1;
    h5x_clear_error();
    file = h5x_file_open(path, "r", &options);
    if (!CHECK_MSG(file != NULL, "the file of a killed SWMR writer does not open as a SWMR reader: %s",
                   h5x_last_error()->message))
        return;
    t->opened++;
    check_data(file, flushed, 1, &t->rows_checked, &t->torn);
    CHECK_OK(h5x_close(file));
}

int main(int argc, char **argv)
{
    if (argc < 5 || (strcmp(argv[2], "swmr") != 0 && strcmp(argv[2], "normal") != 0)) {
        fprintf(stderr, "usage: fault_kill WRITER swmr|normal RUNS DIRECTORY [SEED]\n");
        return 2;
    }
    const char *writer = argv[1], *mode = argv[2], *directory = argv[4];
    unsigned runs = (unsigned)strtoul(argv[3], NULL, 10);
    uint64_t seed = argc > 5 ? strtoull(argv[5], NULL, 10) : (uint64_t)time(NULL);
    uint64_t random_state = seed;
    signal(SIGPIPE, SIG_IGN);
    harness_section(mode);
    harness_note("seed %llu (replay: fault_kill WRITER %s %u DIRECTORY %llu)", (unsigned long long)seed, mode, runs,
                 (unsigned long long)seed);
    tally t = {0};
    for (unsigned run = 0; run < runs; run++) {
        char path[4096], case_name[128];
        snprintf(path, sizeof path, "%s/kill_%s_%u.h5", directory, mode, run);
        unlink(path);
        unsigned delay = fault_random(&random_state, MAX_DELAY_MS);
        const char *libver = run % 2 ? "latest" : "default";
        snprintf(case_name, sizeof case_name, "run %u: kill %u ms into appending%s%s", run, delay,
                 strcmp(mode, "normal") == 0 ? ", libver " : "", strcmp(mode, "normal") == 0 ? libver : "");
        harness_case(case_name);
        char *writer_argv[] = {(char *)writer, (char *)mode, path, (char *)libver, NULL};
        fault_child child;
        if (!CHECK_MSG(fault_spawn(&child, writer_argv) == 0, "cannot start %s", writer))
            break;
        /* the delay counts from "ready": the reading stops right there */
        writer_report report = {0};
        report.stop_when_ready = 1;
        int outcome = 0;
        for (int waited = 0; outcome == 0 && waited < 200; waited++)
            outcome = fault_read_lines(&child, 100, on_writer_line, &report);
        report.stop_when_ready = 0;
        if (outcome == 2)
            fault_read_lines(&child, (int)delay, on_writer_line, &report);
        kill(child.pid, SIGKILL);
        fault_read_lines(&child, -1, on_writer_line, &report); /* what it said before it died */
        int status = fault_wait(&child);
        if (!CHECK_MSG(report.ready, "the writer never started appending%s%s", report.error[0] ? ": " : "",
                       report.error) ||
            !CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                       "the writer ended by itself before the kill (status %d)%s%s", status,
                       report.error[0] ? ": " : "", report.error))
            continue;
        t.kills++;
        if (report.rows > t.most_rows)
            t.most_rows = report.rows;
        check_after_kill(mode, path, report.rows, &t);
        if (harness_failures() == 0)
            unlink(path); /* a failing file stays for a look */
    }
    if (strcmp(mode, "swmr") == 0)
        harness_note("%u kills; %u files opened as a SWMR reader, %u with every flushed row intact (%llu rows "
                     "in all, up to %llu in one file) and %u with a torn chunk index block; a plain read-only "
                     "open refused %u of them with a message",
                     t.kills, t.opened, t.opened - t.torn, t.rows_checked, t.most_rows, t.torn, t.plain_refused);
    else
        harness_note("%u kills; %u files opened and were walked, %u refused with a message; %llu flushed rows "
                     "read back with their values",
                     t.kills, t.opened, t.refused, t.rows_checked);
    CHECK_MSG(t.kills == runs, "only %u of %u runs ended in a kill", t.kills, runs);
    return harness_finish();
}
