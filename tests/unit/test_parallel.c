/*
 * Unit tests for the threads of one call (parallel_for.c): every task and
 * every serial step runs exactly once, in the order the pipeline promises
 * (serial step before task, or task before serial step and within the
 * window), failures report the lowest failing index, and a serial step can
 * end the run early.  Many small runs with uneven task lengths on more
 * threads than cores look for lost wake-ups and claims that can never run:
 * a watchdog turns a hang into a failure instead of a stalled suite.
 */
#include "h5x_connector.h"
#include "parallel_for.h"
#include "unit_check.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_COUNT = 64 };

/* What one run saw: how often each task and serial step ran, and whether
 * one ran too early.  A task compares its index with the serial steps
 * done (reads first: its own must have run; writes after: it must lie
 * within the window), a serial step checks that it is the next one and,
 * writes after, that its task has finished. */
typedef struct {
    size_t count, window;
    int serial_first;
    atomic_int task_runs[MAX_COUNT];
    atomic_int serial_runs[MAX_COUNT];
    atomic_int task_finished[MAX_COUNT];
    atomic_size_t serial_done;
    atomic_int order_broken; /* a task or serial step ran before its input */
    atomic_int window_broken;
    size_t fail_task_at;    /* SIZE_MAX: none fails */
    size_t fail_serial_at;  /* SIZE_MAX: none fails */
    size_t end_serial_at;   /* SIZE_MAX: none ends the run */
    unsigned spin_seed;
    int quick_tasks, quick_serial; /* skip the spin: one side runs far ahead */
} pipeline_log;

/* A few hundred to a few thousand loop turns, different per index, so that
 * threads finish out of step with each other. */
static void spin(unsigned seed, size_t index)
{
    unsigned turns = ((seed * 2654435761u) ^ (unsigned)(index * 40503u)) % 3000u;
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < turns; i++)
        sink += i;
    (void)sink;
}

static int logged_task(void *context, size_t index)
{
    pipeline_log *log = context;
    size_t serial_done = atomic_load(&log->serial_done);
    if (log->serial_first && serial_done <= index)
        atomic_store(&log->order_broken, 1);
    if (!log->serial_first && log->window != 0 && index >= serial_done + log->window)
        atomic_store(&log->window_broken, 1);
    atomic_fetch_add(&log->task_runs[index], 1);
    if (!log->quick_tasks)
        spin(log->spin_seed, index);
    if (index == log->fail_task_at)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "task %zu fails", index);
    atomic_store(&log->task_finished[index], 1);
    return 0;
}

static int logged_serial(void *context, size_t index)
{
    pipeline_log *log = context;
    if (atomic_load(&log->serial_done) != index)
        atomic_store(&log->order_broken, 1);
    if (!log->serial_first && !atomic_load(&log->task_finished[index]))
        atomic_store(&log->order_broken, 1);
    atomic_fetch_add(&log->serial_runs[index], 1);
    if (!log->quick_serial)
        spin(log->spin_seed + 7u, index);
    if (index == log->fail_serial_at)
        return h5x_connector_error(H5X_ERR_IO, "serial step %zu fails", index);
    atomic_store(&log->serial_done, index + 1);
    return index == log->end_serial_at ? 1 : 0;
}

static void log_init(pipeline_log *log, size_t count, int serial_first, size_t window, unsigned seed)
{
    memset(log, 0, sizeof *log);
    log->count = count;
    log->serial_first = serial_first;
    log->window = window;
    log->fail_task_at = log->fail_serial_at = log->end_serial_at = SIZE_MAX;
    log->spin_seed = seed;
}

static int each_ran_once(atomic_int *runs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (atomic_load(&runs[i]) != 1)
            return 0;
    return 1;
}

static void test_parallel_for(void)
{
    for (int threads = 1; threads <= 5; threads++)
        for (size_t count = 0; count <= 17; count++) {
            pipeline_log log;
            log_init(&log, count, 0, 0, (unsigned)(threads * 31 + (int)count));
            int status = h5x_parallel_for(count, threads, logged_task, &log);
            CHECK_MSG(status == 0, "parallel_for(%zu, %d) returned %d", count, threads, status);
            CHECK_MSG(each_ran_once(log.task_runs, count), "parallel_for(%zu, %d): every task once", count, threads);
        }
}

/* The hazards of a pipeline are timing-dependent, so each shape of run is
 * repeated with different task lengths. */
static void test_pipelines(void)
{
    static const struct {
        int serial_first;
        size_t window;
    } modes[] = {{1, 0}, {0, 0}, {0, 1}, {0, 3}, {0, 8}};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        for (int threads = 1; threads <= 6; threads++)
            for (unsigned round = 0; round < 300; round++) {
                size_t count = 1 + round % MAX_COUNT;
                pipeline_log log;
                log_init(&log, count, modes[m].serial_first, modes[m].window, round * 97u + (unsigned)threads);
                log.quick_tasks = round % 4 == 1 || round % 4 == 3;
                log.quick_serial = round % 4 == 2 || round % 4 == 3;
                int status = h5x_parallel_pipeline(count, threads, logged_task, logged_serial, modes[m].serial_first,
                                                   modes[m].window, &log);
                const char *mode = modes[m].serial_first ? "serial first" : "serial after";
                CHECK_MSG(status == 0, "%s, window %zu, %d threads, %zu chunks: status %d", mode, modes[m].window, threads,
                      count, status);
                CHECK_MSG(each_ran_once(log.task_runs, count) && each_ran_once(log.serial_runs, count),
                      "%s, window %zu, %d threads, %zu chunks: every task and serial step once", mode,
                      modes[m].window, threads, count);
                CHECK_MSG(!atomic_load(&log.order_broken), "%s, %d threads, %zu chunks: steps in order", mode, threads,
                      count);
                CHECK_MSG(!atomic_load(&log.window_broken), "window %zu, %d threads, %zu chunks: no task beyond it",
                      modes[m].window, threads, count);
            }
}

static void test_failures(void)
{
    for (int serial_first = 0; serial_first <= 1; serial_first++)
        for (int threads = 1; threads <= 4; threads++) {
            pipeline_log log;
            log_init(&log, 40, serial_first, serial_first ? 0 : 4, (unsigned)threads);
            log.fail_task_at = 23;
            int status = h5x_parallel_pipeline(40, threads, logged_task, logged_serial, serial_first, log.window, &log);
            CHECK_MSG(status == H5X_ERR_INVALID_ARGUMENT, "a failing task gives its status (got %d)", status);
            CHECK_MSG(strstr(h5x_last_error()->message, "task 23 fails") != NULL,
                  "the failing task's message reaches the caller: '%s'", h5x_last_error()->message);
            /* writes after: the failed task's own step never runs; reads
             * first: the reads stop well before the end */
            size_t never = serial_first ? 39 : 23;
            CHECK_MSG(atomic_load(&log.serial_runs[never]) == 0, "serial step %zu does not run after task 23 failed",
                      never);

            log_init(&log, 40, serial_first, serial_first ? 0 : 4, (unsigned)threads + 100u);
            log.fail_serial_at = 9;
            status = h5x_parallel_pipeline(40, threads, logged_task, logged_serial, serial_first, log.window, &log);
            CHECK_MSG(status == H5X_ERR_IO, "a failing serial step gives its status (got %d)", status);
            CHECK_MSG(strstr(h5x_last_error()->message, "serial step 9 fails") != NULL, "its message: '%s'",
                  h5x_last_error()->message);
            int later_serial = 0;
            for (size_t i = 10; i < 40; i++)
                later_serial |= atomic_load(&log.serial_runs[i]);
            CHECK_MSG(!later_serial, "no serial step after the failed one");

            log_init(&log, 40, serial_first, serial_first ? 0 : 4, (unsigned)threads + 200u);
            log.end_serial_at = 5;
            status = h5x_parallel_pipeline(40, threads, logged_task, logged_serial, serial_first, log.window, &log);
            CHECK_MSG(status == 1, "a serial step ends the run early: result 1 (got %d)", status);
            CHECK_MSG(atomic_load(&log.serial_done) == 6 && atomic_load(&log.serial_runs[6]) == 0,
                  "serial steps stop after the one that ended the run");
        }
}

static void hung(int signal_number)
{
    (void)signal_number;
    static const char message[] = "FAIL: a run did not finish within 120 s (a thread waits for work never made)\n";
    ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(1);
}

int main(void)
{
    signal(SIGALRM, hung);
    alarm(120);
    test_parallel_for();
    test_pipelines();
    test_failures();
    return unit_check_finish("test_parallel");
}
