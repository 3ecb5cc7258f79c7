/*
 * swmr_writer.c — the SWMR writer of the seeds, in h5x.
 *
 *   swmr_writer FILE LOCKSTEP_BATCHES FREE_BATCHES
 *
 * Run by swmr_pair opposite a reader (see swmr_protocol.h).  It does what
 * the seed's h5py writer does: creates the file with libver 'latest' and a
 * chunked dataset with an unlimited first axis, switches the file into
 * SWMR mode, then appends — resize, write, flush — telling the reader
 * after each flush how many rows it must see.  In the lockstep phase the
 * flushes alternate between h5x_dataset_flush and h5x_file_flush, so both
 * are shown to make data visible to another process.
 *
 * Exit status: 0 when every check passed, 1 when one failed, 3 when the
 * reader went away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "swmr_protocol.h"

static FILE *from_reader;
static FILE *to_reader;

/* Sends "WORD" or, with a count, "WORD COUNT". */
static void say(const char *word, int with_count, unsigned long long count)
{
    if (with_count)
        fprintf(to_reader, "%s %llu\n", word, count);
    else
        fprintf(to_reader, "%s\n", word);
    fflush(to_reader);
}

/* Waits for "WORD VALUE" from the reader; 0 when it came. */
static int expect(const char *word, unsigned long long value)
{
    char line[256], want[128];
    snprintf(want, sizeof want, "%s %llu\n", word, value);
    if (!fgets(line, sizeof line, from_reader)) {
        printf("writer: the reader went away while the writer waited for \"%s %llu\"\n", word, value);
        return -1;
    }
    return CHECK_MSG(strcmp(line, want) == 0, "reader said \"%s\", expected \"%s\"", line, want) ? 0 : -1;
}

static void pause_briefly(void)
{
    struct timespec pause = {0, 2 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

/* Appends one batch: rows [rows, rows + SWMR_BATCH_ROWS). */
static int append_batch(h5x_object *data, uint64_t rows)
{
    int64_t values[SWMR_BATCH_ROWS * SWMR_WIDTH];
    for (unsigned r = 0; r < SWMR_BATCH_ROWS; r++)
        for (unsigned c = 0; c < SWMR_WIDTH; c++)
            values[r * SWMR_WIDTH + c] = swmr_value(rows + r, c);
    h5x_shape longer = h5x_shape_of(2, (uint64_t[]){rows + SWMR_BATCH_ROWS, SWMR_WIDTH});
    char selection[64];
    snprintf(selection, sizeof selection, "%llu:, :", (unsigned long long)rows);
    if (CHECK_OK(h5x_dataset_resize(data, &longer)) < 0 ||
        CHECK_OK(h5x_dataset_write_text(data, selection, H5X_I64, values, NULL)) < 0)
        return -1;
    return 0;
}

static int run(const char *path, unsigned lockstep_batches, unsigned free_batches)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s", path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = H5X_LIBVER_LATEST;
    options.libver_high = H5X_LIBVER_LATEST;
    h5x_clear_error();
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", &options));
    if (!file)
        return -1;
    h5x_shape empty = h5x_shape_of(2, (uint64_t[]){0, SWMR_WIDTH});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, SWMR_WIDTH});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){SWMR_CHUNK_ROWS, SWMR_WIDTH});
    h5x_dataset_options data_options = H5X_DATASET_OPTIONS_INIT;
    data_options.maxshape = &maxshape;
    data_options.chunks = &chunks;
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "data", H5X_I64, &empty, &data_options));
    h5x_shape one = h5x_shape_of(1, (uint64_t[]){1});
    h5x_shape one_chunk = h5x_shape_of(1, (uint64_t[]){1});
    h5x_dataset_options count_options = H5X_DATASET_OPTIONS_INIT;
    count_options.chunks = &one_chunk;
    h5x_object *count = CHECK_PTR(h5x_dataset_create(file, "count", H5X_I64, &one, &count_options));
    int32_t width = SWMR_WIDTH;
    int ok = data && count && CHECK_OK(h5x_attr_set(data, "width", H5X_I32, NULL, &width)) >= 0;

    /* the seed: f.swmr_mode = True, then it is safe for readers to open */
    ok = ok && CHECK_OK(h5x_file_start_swmr(file)) >= 0;
    if (ok) {
        say("ready", 0, 0);
        ok = expect("open", 0) == 0;
    }

    uint64_t rows = 0;
    for (unsigned batch = 0; ok && batch < lockstep_batches; batch++) {
        ok = append_batch(data, rows) == 0;
        rows += SWMR_BATCH_ROWS;
        if (ok)
            ok = CHECK_OK(batch % 2 == 0 ? h5x_dataset_flush(data) : h5x_file_flush(file)) >= 0;
        if (ok) {
            say("rows", 1, rows);
            ok = expect("seen", rows) == 0;
        }
    }
    if (ok)
        say("free", 0, 0);
    for (unsigned batch = 0; ok && batch < free_batches; batch++) {
        ok = append_batch(data, rows) == 0 && CHECK_OK(h5x_dataset_flush(data)) >= 0;
        rows += SWMR_BATCH_ROWS;
        int64_t counted = (int64_t)rows;
        ok = ok && CHECK_OK(h5x_dataset_write(count, NULL, H5X_I64, &counted, NULL)) >= 0 &&
             CHECK_OK(h5x_dataset_flush(count)) >= 0;
        pause_briefly();
    }
    if (ok) {
        say("done", 1, rows);
        ok = expect("bye", rows) == 0;
    }
    h5x_close(count);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: swmr_writer FILE LOCKSTEP_BATCHES FREE_BATCHES\n");
        return 2;
    }
    from_reader = fdopen(SWMR_INPUT_FD, "r");
    to_reader = fdopen(SWMR_OUTPUT_FD, "w");
    if (!from_reader || !to_reader) {
        fprintf(stderr, "swmr_writer: descriptors %d and %d must be the pipes to the reader (run by swmr_pair)\n",
                SWMR_INPUT_FD, SWMR_OUTPUT_FD);
        return 2;
    }
    harness_section("SWMR writer");
    harness_case("create, switch to SWMR, append and flush");
    int status = run(argv[1], (unsigned)strtoul(argv[2], NULL, 10), (unsigned)strtoul(argv[3], NULL, 10));
    int result = harness_finish();
    if (status != 0 && result == 0)
        return 3;
    return result;
}
