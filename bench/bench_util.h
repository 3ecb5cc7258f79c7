/*
 * bench_util.h — what every h5x benchmark program shares.
 *
 * A benchmark here compares two implementations of one workload: the h5x
 * side, written against the public API, and a reference side, written
 * directly against the library h5x stands in for.  Machines are noisy
 * (the one the numbers in RESULTS.md come from has two virtual CPUs,
 * often shared), so a comparison runs both sides as pairs of runs, back to
 * back, alternating which side goes first, after equal unmeasured warm-up
 * pairs.
 *
 * What a row reports, and why:
 *  - ratio: the median of the per-pair ratios h5x / reference.  The two
 *    runs of a pair are seconds apart, so slow drift (a neighbour's build
 *    starting or ending, page-cache state, CPU frequency) hits both alike
 *    and cancels inside the pair; a burst that lands on one run makes that
 *    one pair an outlier, which the median ignores — whichever side it
 *    hit, so neither side's bad runs are dropped alone.  The ratio of the
 *    two medians, by contrast, pairs a quiet h5x run with a loaded
 *    reference run whenever the load changed during the row.
 *  - the median time of each side, per run or per operation, so that the
 *    row still says how long the work takes;
 *  - spread: the smallest and largest per-pair ratio (everything measured,
 *    nothing dropped);
 *  - 95 % interval: a distribution-free confidence interval for the median
 *    pair ratio (order statistics of the sorted ratios, from the binomial
 *    distribution; the whole range below 6 pairs, where no narrower
 *    interval reaches 95 %).  When it holds the target the row could have
 *    gone either way: run it again, or with more pairs.
 *  - the target and whether the ratio met it.
 *
 * Each side is a function that does its own setup, measures only the part
 * that matters with bench_now(), and returns the seconds it measured.
 *
 * This helper knows nothing about h5x or HDF5, so that any benchmark
 * program (bench/, bench/filters/, ...) can use it.
 */
#ifndef H5X_BENCH_UTIL_H
#define H5X_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds on a monotonic clock, from an arbitrary origin: wall time, or
 * with H5X_BENCH_CLOCK=cpu in the environment the process's CPU time (user
 * and system), which a busy machine disturbs far less. */
double bench_now(void);

/* The median of count values (the mean of the middle two for an even
 * count); values is left untouched.  0 for no values. */
double bench_median(const double *values, size_t count);

/* One side of a comparison: runs the workload once and returns the seconds
 * it measured, or a negative number after printing why it failed. */
typedef double (*bench_run_fn)(void *context);

typedef struct bench_case {
    const char *name;        /* the row's label */
    double target;           /* the largest acceptable h5x / reference ratio */
    int repeats;             /* measured pairs of runs */
    int warmups;             /* pairs run first and not measured */
    uint64_t operations;     /* per run: > 1 prints times per operation */
    uint64_t bytes;          /* per run: > 0 prints throughput as well */
    bench_run_fn h5x;
    bench_run_fn reference;
    void *context;           /* passed to both sides */
} bench_case;

typedef struct bench_result {
    double h5x_median;       /* seconds per run */
    double reference_median;
    double ratio;            /* the median of the per-pair ratios h5x / reference */
    double ratio_low;        /* the smallest and largest per-pair ratio */
    double ratio_high;
    int met;                 /* ratio <= target */
    double interval_low;     /* the 95 % confidence interval of ratio */
    double interval_high;
} bench_result;

/* A table of comparisons, printed row by row as they finish so that a long
 * run shows progress. */
typedef struct bench_table {
    int rows;
    int missed;
    int failed;
    const char *h5x_label;       /* the column heading of each side */
    const char *reference_label;
} bench_table;

/* Prints the title and the column headings "h5x" and "reference". */
void bench_table_begin(bench_table *table, const char *title);

/* The same with other names for the two sides, for comparisons such as one
 * connector against another (h5x_label is the side whose time is the
 * numerator of the ratio). */
void bench_table_begin_labelled(bench_table *table, const char *title, const char *h5x_label,
                                const char *reference_label);

/* 1 unless H5X_BENCH_ONLY is set in the environment and is not part of
 * name: a way to run one row alone (e.g. under a profiler).  bench_compare
 * skips unselected cases; programs may also skip their setup. */
int bench_selected(const char *name);

/* The distribution-free 95 % confidence interval of the median of count
 * values (see above): *low and *high receive two of the values.  Used by
 * bench_compare; exposed for programs that make their own rows. */
void bench_median_interval(const double *values, size_t count, double *low, double *high);

/* Runs the case (warm-ups, then repeats pairs alternating which side goes
 * first) and prints its row; with H5X_BENCH_VERBOSE=1 in the environment
 * it also prints every measured pair to stderr.  0 on success; -1 when a run failed (the row
 * says so and the table counts it). */
int bench_compare(bench_table *table, const bench_case *c, bench_result *result);

/* Prints a free-form line under the table (how a row was measured). */
void bench_table_note(bench_table *table, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints the summary line; returns the exit status for main: non-zero only
 * when a run failed (a missed target is reported, not fatal, because a
 * noisy machine can miss one by chance). */
int bench_table_end(bench_table *table);

/* The number of measured pairs: H5X_BENCH_REPEATS from the environment
 * when set to a positive number (e.g. 1 for a quick smoke run), else
 * default_repeats. */
int bench_repeats(int default_repeats);

/* Prints "bench: <message>" to stderr and exits with status 1, for setup
 * steps whose failure leaves nothing to measure. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2), noreturn))
#endif
void bench_die(const char *format, ...);

#endif
