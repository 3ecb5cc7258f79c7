/*
 * bench_util.c — clock, medians and the comparison table shared by the
 * benchmark programs (see bench_util.h for the method).
 */
#include "bench_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Column widths, shared by the heading and the rows. */
#define NAME_WIDTH 44
#define TIME_WIDTH 24

/* The process's CPU time ignores the time other programs hold the CPUs,
 * which on a busy machine is most of the noise; it also ignores waits for
 * the disk, so it is an option, not the default. */
static int use_cpu_clock(void)
{
    const char *clock = getenv("H5X_BENCH_CLOCK");
    return clock && strcmp(clock, "cpu") == 0;
}

double bench_now(void)
{
    struct timespec now;
    clock_gettime(use_cpu_clock() ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

/* The 1-minute load average, or a negative number where it is unknown. */
static double load_average(void)
{
    double load = -1.0;
    FILE *file = fopen("/proc/loadavg", "r");
    if (file) {
        if (fscanf(file, "%lf", &load) != 1)
            load = -1.0;
        fclose(file);
    }
    return load;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(const double *values, size_t count)
{
    if (count == 0)
        return 0.0;
    double *sorted = malloc(count * sizeof *sorted);
    if (!sorted)
        bench_die("out of memory sorting %zu values", count);
    memcpy(sorted, values, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_doubles);
    double median = count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
    free(sorted);
    return median;
}

/* How many of the smallest (and of the largest) of count sorted values lie
 * outside the 95 % interval of their median.  With X ~ Binomial(count, 1/2)
 * the number of values below the true median, the interval from the k-th
 * smallest to the k-th largest value holds the median with probability
 * 1 - 2 P(X < k); k is the largest with P(X < k) <= 2.5 %, and k - 1
 * values are left out on each side (none below 6 values, where even the
 * whole range falls short of 95 %). */
static size_t interval_trim(size_t count)
{
    double probability = 1.0; /* P(X = k) */
    for (size_t i = 0; i < count; i++)
        probability *= 0.5;
    double below = 0.0; /* P(X < k) */
    size_t k = 0;
    while (k < count / 2 && below + probability <= 0.025) {
        below += probability;
        probability = probability * (double)(count - k) / (double)(k + 1);
        k++;
    }
    return k > 0 ? k - 1 : 0;
}

void bench_median_interval(const double *values, size_t count, double *low, double *high)
{
    *low = *high = 0.0;
    if (count == 0)
        return;
    double *sorted = malloc(count * sizeof *sorted);
    if (!sorted)
        bench_die("out of memory sorting %zu values", count);
    memcpy(sorted, values, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_doubles);
    size_t trim = interval_trim(count);
    *low = sorted[trim];
    *high = sorted[count - 1 - trim];
    free(sorted);
}

void bench_die(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fflush(stdout);
    fputs("bench: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

int bench_repeats(int default_repeats)
{
    const char *text = getenv("H5X_BENCH_REPEATS");
    if (text && *text) {
        char *end = NULL;
        long value = strtol(text, &end, 10);
        if (*end == '\0' && value > 0 && value < 1000)
            return (int)value;
    }
    return default_repeats;
}

/* A duration with a unit that keeps three or four significant digits. */
static void format_seconds(char *out, size_t size, double seconds)
{
    if (seconds >= 1.0)
        snprintf(out, size, "%.3f s", seconds);
    else if (seconds >= 1e-3)
        snprintf(out, size, "%.2f ms", seconds * 1e3);
    else if (seconds >= 1e-6)
        snprintf(out, size, "%.2f us", seconds * 1e6);
    else
        snprintf(out, size, "%.1f ns", seconds * 1e9);
}

/* One side's cell: the time per operation (or per run), and throughput
 * when the case moves bytes. */
static void format_cell(char *out, size_t size, const bench_case *c, double run_seconds)
{
    char time[32];
    if (c->operations > 1) {
        format_seconds(time, sizeof time, run_seconds / (double)c->operations);
        snprintf(out, size, "%s/op", time);
    } else {
        format_seconds(time, sizeof time, run_seconds);
        if (c->bytes > 0 && run_seconds > 0.0)
            snprintf(out, size, "%s %6.0f MiB/s", time, (double)c->bytes / (1024.0 * 1024.0) / run_seconds);
        else
            snprintf(out, size, "%s", time);
    }
}

void bench_table_begin(bench_table *table, const char *title)
{
    bench_table_begin_labelled(table, title, "h5x", "reference");
}

void bench_table_begin_labelled(bench_table *table, const char *title, const char *h5x_label,
                                const char *reference_label)
{
    memset(table, 0, sizeof *table);
    table->h5x_label = h5x_label;
    table->reference_label = reference_label;
    printf("%s\n", title);
    printf("clock: %s", use_cpu_clock() ? "process CPU time (H5X_BENCH_CLOCK=cpu)" : "monotonic wall time");
    double load = load_average();
    if (load >= 0.0)
        printf("; load average at start: %.2f", load);
    printf("\n\n");
    char h5x_heading[64], reference_heading[64];
    snprintf(h5x_heading, sizeof h5x_heading, "%s (median)", h5x_label);
    snprintf(reference_heading, sizeof reference_heading, "%s (median)", reference_label);
    printf("%-*s %*s %*s %7s %11s %12s %6s  %s\n", NAME_WIDTH, "benchmark", TIME_WIDTH, h5x_heading, TIME_WIDTH,
           reference_heading, "ratio", "spread", "95% interval", "target", "status");
    int width = NAME_WIDTH + 2 * (TIME_WIDTH + 1) + 8 + 12 + 13 + 7 + 2 + 6;
    for (int i = 0; i < width; i++)
        putchar('-');
    putchar('\n');
    fflush(stdout);
}

/* Runs one side once; a failure (negative time) is passed on. */
static double run_side(bench_run_fn run, void *context)
{
    double seconds = run(context);
    return seconds < 0.0 ? -1.0 : seconds;
}

int bench_selected(const char *name)
{
    const char *only = getenv("H5X_BENCH_ONLY");
    return !only || !*only || strstr(name, only) != NULL;
}

int bench_compare(bench_table *table, const bench_case *c, bench_result *result)
{
    bench_result local;
    if (!result)
        result = &local;
    memset(result, 0, sizeof *result);
    if (!bench_selected(c->name))
        return 0;
    int repeats = c->repeats > 0 ? c->repeats : 1;
    double *h5x_times = calloc((size_t)repeats, sizeof *h5x_times);
    double *reference_times = calloc((size_t)repeats, sizeof *reference_times);
    double *ratios = calloc((size_t)repeats, sizeof *ratios);
    if (!h5x_times || !reference_times || !ratios)
        bench_die("out of memory for %d repeats", repeats);

    const char *verbose_text = getenv("H5X_BENCH_VERBOSE");
    int verbose = verbose_text && *verbose_text && strcmp(verbose_text, "0") != 0;
    int failed = 0;
    for (int i = 0; i < c->warmups && !failed; i++) {
        failed = run_side(c->h5x, c->context) < 0.0 || run_side(c->reference, c->context) < 0.0;
    }
    /* Alternate which side goes first, so that neither always inherits the
     * other's after-effects (dirty pages, a warm or cold cache). */
    for (int i = 0; i < repeats && !failed; i++) {
        if (i % 2 == 0) {
            h5x_times[i] = run_side(c->h5x, c->context);
            reference_times[i] = h5x_times[i] < 0.0 ? -1.0 : run_side(c->reference, c->context);
        } else {
            reference_times[i] = run_side(c->reference, c->context);
            h5x_times[i] = reference_times[i] < 0.0 ? -1.0 : run_side(c->h5x, c->context);
        }
        failed = h5x_times[i] < 0.0 || reference_times[i] < 0.0;
        if (!failed)
            ratios[i] = reference_times[i] > 0.0 ? h5x_times[i] / reference_times[i] : 0.0;
        if (!failed && verbose)
            fprintf(stderr, "  %s: pair %d (%s first): %s %.6f s, %s %.6f s, ratio %.3f\n", c->name, i,
                    i % 2 == 0 ? table->h5x_label : table->reference_label, table->h5x_label, h5x_times[i],
                    table->reference_label, reference_times[i], ratios[i]);
    }

    if (failed) {
        printf("%-*s %*s\n", NAME_WIDTH, c->name, TIME_WIDTH, "FAILED (see stderr)");
        table->rows++;
        table->failed++;
        fflush(stdout);
        free(h5x_times);
        free(reference_times);
        free(ratios);
        return -1;
    }

    result->h5x_median = bench_median(h5x_times, (size_t)repeats);
    result->reference_median = bench_median(reference_times, (size_t)repeats);
    /* The median of the pair ratios, not the ratio of the medians: see
     * bench_util.h. */
    result->ratio = bench_median(ratios, (size_t)repeats);
    bench_median_interval(ratios, (size_t)repeats, &result->interval_low, &result->interval_high);
    result->ratio_low = result->ratio_high = ratios[0];
    for (int i = 1; i < repeats; i++) {
        if (ratios[i] < result->ratio_low)
            result->ratio_low = ratios[i];
        if (ratios[i] > result->ratio_high)
            result->ratio_high = ratios[i];
    }
    result->met = result->ratio <= c->target;

    char h5x_cell[64], reference_cell[64], spread[32], interval[32];
    format_cell(h5x_cell, sizeof h5x_cell, c, result->h5x_median);
    format_cell(reference_cell, sizeof reference_cell, c, result->reference_median);
    snprintf(spread, sizeof spread, "%.2f-%.2f", result->ratio_low, result->ratio_high);
    snprintf(interval, sizeof interval, "%.3f-%.3f", result->interval_low, result->interval_high);
    printf("%-*s %*s %*s %7.3f %11s %12s %6.2f  %s\n", NAME_WIDTH, c->name, TIME_WIDTH, h5x_cell, TIME_WIDTH,
           reference_cell, result->ratio, spread, interval, c->target, result->met ? "ok" : "MISSED");
    fflush(stdout);

    table->rows++;
    if (!result->met)
        table->missed++;
    free(h5x_times);
    free(reference_times);
    free(ratios);
    return 0;
}

void bench_table_note(bench_table *table, const char *format, ...)
{
    (void)table;
    va_list args;
    va_start(args, format);
    fputs("  ", stdout);
    vprintf(format, args);
    putchar('\n');
    va_end(args);
    fflush(stdout);
}

int bench_table_end(bench_table *table)
{
    printf("\n%d rows: %d ok, %d missed, %d failed\n", table->rows, table->rows - table->missed - table->failed,
           table->missed, table->failed);
    fflush(stdout);
    return table->failed ? 1 : 0;
}
