/*
 * bench_common.h — the file and h5x chores the h5x benchmark programs
 * share (bench_util.h is the timing and the table, and knows nothing of
 * h5x; this is the rest): running in a scratch directory, reporting a
 * failed h5x call, removing and settling files (one file or every member
 * of a family pattern), starting a writing run with no dirty pages
 * pending, and the 512 MiB of float64 the bulk rows move.
 */
#ifndef H5X_BENCH_COMMON_H
#define H5X_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_BULK_BYTES (UINT64_C(512) << 20)
#define BENCH_BULK_ELEMENTS (BENCH_BULK_BYTES / sizeof(double))

/* The data a bulk row writes, and where its reads land. */
typedef struct bench_bulk_buffers {
    double *data;
    double *readback;
} bench_bulk_buffers;

/* Handles "program [scratch-directory]": enters the directory, or dies. */
void bench_enter_scratch(int argc, char **argv);

/* Allocates both buffers, fills data with a pattern and faults every page
 * of readback in (no run should pay for first touches); dies on failure. */
bench_bulk_buffers bench_bulk_alloc(void);
void bench_bulk_free(bench_bulk_buffers *buffers);

/* Prints "<program>: h5x <step> on <where> failed: ..." with h5x's last
 * error; returns -1.0, a failed run's time. */
double bench_h5x_failed(const char *program, const char *step, const char *where);

/* Removes a file, or every member of a pattern with one %d; a file that is
 * not there is fine, one that cannot be removed is fatal. */
void bench_remove(const char *name);

/* Makes the next run that writes name start where every other run
 * started: removes the file (or every member of a pattern), then has the
 * kernel write back every dirty page (sync), so that neither the previous
 * run's output nor anyone else's is written back while the run is timed.
 * Call it before the run's clock starts; what it costs is not measured. */
void bench_fresh_output(const char *name);

/* The members of a family pattern that exist (0, 1, ... without a gap). */
unsigned bench_member_count(const char *pattern);

/* The bytes a file, or all members of a pattern, hold on disk. */
uint64_t bench_bytes_on_disk(const char *name);

/* Flushes a prepared input file (or each member of a pattern) to disk
 * once, so that its dirty pages are not written back in the middle of the
 * measurements. */
void bench_settle(const char *name);

#endif
