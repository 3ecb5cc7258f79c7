/*
 * bench_util_test.c — the statistics every benchmark row is made of,
 * checked on values whose answers are known: medians, the confidence
 * interval of a median, and a row's ratio being the median of the pair
 * ratios rather than the ratio of the medians.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"

static int passed, failed;

static void expect_close(const char *what, double got, double expected)
{
    if (fabs(got - expected) <= 1e-12 * (fabs(expected) + 1.0)) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL %s: expected %.12g, got %.12g\n", what, expected, got);
}

/* The interval of 1, 2, ..., count (given shuffled): the ranks it keeps. */
static void expect_interval(size_t count, double low, double high)
{
    double *values = malloc(count * sizeof *values);
    if (!values)
        bench_die("out of memory");
    for (size_t i = 0; i < count; i++)
        values[i] = (double)((i * 7) % count + 1); /* 7 is prime to every count used */
    double got_low = 0.0, got_high = 0.0;
    bench_median_interval(values, count, &got_low, &got_high);
    char what[64];
    snprintf(what, sizeof what, "interval of %zu values, low", count);
    expect_close(what, got_low, low);
    snprintf(what, sizeof what, "interval of %zu values, high", count);
    expect_close(what, got_high, high);
    free(values);
}

/* Two fake sides that return prepared times, one per call. */
typedef struct fake_times {
    const double *h5x;
    const double *reference;
    int h5x_calls;
    int reference_calls;
} fake_times;

static double fake_h5x(void *context)
{
    fake_times *times = context;
    return times->h5x[times->h5x_calls++];
}

static double fake_reference(void *context)
{
    fake_times *times = context;
    return times->reference[times->reference_calls++];
}

int main(void)
{
    expect_close("median of nothing", bench_median(NULL, 0), 0.0);
    expect_close("median of three", bench_median((double[]){3.0, 1.0, 2.0}, 3), 2.0);
    expect_close("median of four", bench_median((double[]){4.0, 1.0, 3.0, 2.0}, 4), 2.5);

    /* Below 6 values no interval reaches 95 %: the whole range.  From 6
     * on, the k-th smallest to the k-th largest, k the largest with
     * P(Binomial(n, 1/2) < k) <= 2.5 %: 1 for 6-8, 2 for 9-11, 4 for 15,
     * 10 for 31, 14 for 41. */
    expect_interval(5, 1.0, 5.0);
    expect_interval(6, 1.0, 6.0);
    expect_interval(8, 1.0, 8.0);
    expect_interval(9, 2.0, 8.0);
    expect_interval(11, 2.0, 10.0);
    expect_interval(15, 4.0, 12.0);
    expect_interval(31, 10.0, 22.0);
    expect_interval(41, 14.0, 28.0);

    /* Three pairs whose ratios are 1, 2 and 0.5: the row's ratio is their
     * median, 1, although the medians of the times (3 and 5) are 0.6
     * apart; the spread is the whole range of the pair ratios. */
    fake_times times = {(const double[]){1.0, 10.0, 3.0}, (const double[]){1.0, 5.0, 6.0}, 0, 0};
    bench_case c = {.name = "fake row", .target = 1.0, .repeats = 3, .h5x = fake_h5x,
                    .reference = fake_reference, .context = &times};
    bench_table table;
    bench_table_begin(&table, "bench_util_test: a fake row");
    bench_result result;
    expect_close("compare succeeded", bench_compare(&table, &c, &result), 0.0);
    expect_close("h5x median", result.h5x_median, 3.0);
    expect_close("reference median", result.reference_median, 5.0);
    expect_close("ratio: median of pair ratios", result.ratio, 1.0);
    expect_close("spread low", result.ratio_low, 0.5);
    expect_close("spread high", result.ratio_high, 2.0);
    expect_close("interval low", result.interval_low, 0.5);
    expect_close("interval high", result.interval_high, 2.0);
    expect_close("met", result.met, 1.0);
    expect_close("each side ran three times", times.h5x_calls + 10 * times.reference_calls, 33.0);
    bench_table_end(&table);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
