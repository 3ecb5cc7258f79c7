/*
 * parallel_for.c — the threads of one call.
 *
 * Compressing or decompressing the chunks of a dataset is the only work in
 * h5x that is both heavy and made of independent pieces, and libhdf5 does
 * it one chunk at a time.  Here the pieces are shared out among threads
 * started for the call: each thread takes the next index from a counter
 * until none is left, so a thread that gets easy chunks simply takes more.
 *
 * Reading and writing the stored chunks must stay on the calling thread
 * (it holds the library lock, and libhdf5 is not thread-safe), but need
 * not wait for the whole batch: in a pipeline the calling thread writes
 * chunk i as soon as it is encoded, or reads chunk i + 1 while chunk i is
 * being decoded, and encodes or decodes chunks itself whenever its serial
 * step has nothing ready.  With two cores that hides most of the I/O
 * behind the filtering.  A window bounds how far the tasks run ahead of
 * the serial steps, so that a fixed ring of buffers can carry the chunks
 * between them: memory that stays mapped, where a fresh buffer per chunk
 * would be returned to the system and faulted in again, page by page.
 *
 * The threads live only as long as the call: the library keeps no pool,
 * so there is no state shared between calls, nothing to shut down, and a
 * process that never filters in parallel never starts a thread.  Starting
 * and joining a thread costs some tens of microseconds, which is why the
 * callers only come here with several chunks of work.  If a thread cannot
 * be started the others do its share.
 *
 * Errors are thread-local, so a failing step's message is copied out of
 * the thread that ran it and recorded again on the calling thread.
 */
#include "parallel_for.h"

#include "error.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_THREADS = 64, MESSAGE_SIZE = 1024 };

typedef struct parallel_run {
    h5x_parallel_task task;
    h5x_parallel_task serial; /* NULL: no serial step */
    int serial_first;
    size_t window;            /* serial after: how far tasks may run ahead; 0: no limit */
    void *context;
    size_t count;
    atomic_size_t next;   /* the next task to claim */
    atomic_size_t serial_done; /* serial steps run so far */
    atomic_int stop;
    /* Pipelines: finished[i] is set when task i (serial_first: serial i)
     * is done; waiters sleep on `changed` under `lock`. */
    atomic_uchar *finished;
    pthread_mutex_t lock; /* guards the failure fields and the waits */
    pthread_cond_t changed;
    size_t failed_index;
    int status;
    int ended_early; /* a serial step returned a positive value */
    char message[MESSAGE_SIZE];
} parallel_run;

static void record_failure(parallel_run *run, size_t index, int status)
{
    const h5x_error_info *error = h5x_last_error();
    pthread_mutex_lock(&run->lock);
    if (run->status == 0 || index < run->failed_index) {
        run->failed_index = index;
        run->status = status;
        snprintf(run->message, sizeof run->message, "%s", error->message);
    }
    atomic_store(&run->stop, 1);
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

static int stopped(parallel_run *run)
{
    return atomic_load_explicit(&run->stop, memory_order_relaxed);
}

static void mark_finished(parallel_run *run, size_t index)
{
    if (run->finished == NULL)
        return;
    pthread_mutex_lock(&run->lock);
    atomic_store(&run->finished[index], 1);
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
}

/* Waits until index is finished (or the run stopped); 1 when finished. */
static int wait_finished(parallel_run *run, size_t index)
{
    if (atomic_load(&run->finished[index]))
        return 1;
    pthread_mutex_lock(&run->lock);
    while (!atomic_load(&run->finished[index]) && !stopped(run))
        pthread_cond_wait(&run->changed, &run->lock);
    pthread_mutex_unlock(&run->lock);
    return atomic_load(&run->finished[index]);
}

/* Claims the next task for the calling thread: SIZE_MAX when none is
 * left.  The calling thread alone makes the serial steps, so it claims
 * only a task it can run at once: with the serial steps first, one whose
 * serial step has run; within a window, one the window has reached.  A
 * claim it had to wait on could never be met.  A started thread claims
 * the next task whatever it is and waits until it can run it. */
static size_t claim(parallel_run *run, int leading)
{
    if (leading && (run->serial_first || run->window != 0)) {
        size_t index = atomic_load(&run->next);
        do {
            size_t reached = atomic_load(&run->serial_done) + run->window;
            if (index >= run->count || index >= reached)
                return SIZE_MAX;
        } while (!atomic_compare_exchange_weak(&run->next, &index, index + 1));
        return index;
    }
    size_t index = atomic_fetch_add(&run->next, 1);
    if (index >= run->count)
        return SIZE_MAX;
    if (run->window != 0 && index >= atomic_load(&run->serial_done) + run->window) {
        pthread_mutex_lock(&run->lock);
        while (index >= atomic_load(&run->serial_done) + run->window && !stopped(run))
            pthread_cond_wait(&run->changed, &run->lock);
        pthread_mutex_unlock(&run->lock);
        if (stopped(run))
            return SIZE_MAX;
    }
    return index;
}

/* Claims and runs one task; 0 when none is left (for the calling thread)
 * or the run stopped. */
static int run_one_task(parallel_run *run, int leading)
{
    if (stopped(run))
        return 0;
    size_t index = claim(run, leading);
    if (index == SIZE_MAX)
        return 0;
    /* serial first: its input is ready once serial(index) has run */
    if (run->serial != NULL && run->serial_first && !wait_finished(run, index))
        return 0;
    int status = run->task(run->context, index);
    if (status < 0) {
        record_failure(run, index, status);
        return 0;
    }
    if (run->serial != NULL && !run->serial_first)
        mark_finished(run, index);
    return 1;
}

static void *worker(void *run)
{
    while (run_one_task(run, 0))
        ;
    return NULL;
}

/* The calling thread's part of a pipeline: every serial step in order,
 * tasks whenever the next serial step cannot run yet (tasks after) or
 * enough input is ready for the others (serial first). */
static void lead(parallel_run *run, size_t threads)
{
    for (size_t serial = 0; serial < run->count && !stopped(run);) {
        if (run->serial_first) {
            /* keep a chunk ready per thread, then help with the tasks */
            size_t claimed = atomic_load(&run->next);
            if (serial >= claimed + threads && run_one_task(run, 1))
                continue;
        } else if (!atomic_load(&run->finished[serial])) {
            if (run_one_task(run, 1))
                continue;
            if (!wait_finished(run, serial))
                return;
        }
        int status = run->serial(run->context, serial);
        if (status < 0) {
            record_failure(run, serial, status);
            return;
        }
        if (status > 0) {
            pthread_mutex_lock(&run->lock);
            run->ended_early = 1;
            atomic_store(&run->stop, 1);
            pthread_cond_broadcast(&run->changed);
            pthread_mutex_unlock(&run->lock);
            return;
        }
        if (run->serial_first) {
            atomic_store(&run->serial_done, serial + 1); /* read only by this thread's claims */
            mark_finished(run, serial);
        } else if (run->window != 0) {
            pthread_mutex_lock(&run->lock);
            atomic_store(&run->serial_done, serial + 1); /* opens the window by one */
            pthread_cond_broadcast(&run->changed);
            pthread_mutex_unlock(&run->lock);
        }
        serial++;
    }
    while (run_one_task(run, 1))
        ;
}

static int run_parallel(size_t count, int threads, h5x_parallel_task task, h5x_parallel_task serial,
                        int serial_first, size_t window, void *context)
{
    if (task == NULL)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_parallel_for: no task");
    parallel_run run = {.task = task, .serial = serial, .serial_first = serial_first,
                        .window = serial != NULL && !serial_first ? window : 0, .context = context, .count = count};
    atomic_init(&run.next, 0);
    atomic_init(&run.serial_done, 0);
    atomic_init(&run.stop, 0);
    if (serial != NULL && count > 0) {
        run.finished = calloc(count, sizeof *run.finished);
        if (run.finished == NULL)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for the state of %zu chunks", count);
    }
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.changed, NULL);
    size_t helpers = threads > 1 ? (size_t)threads - 1 : 0;
    if (helpers > MAX_THREADS - 1)
        helpers = MAX_THREADS - 1;
    if (count == 0)
        helpers = 0;
    else if (helpers > count - 1)
        helpers = count - 1; /* never more threads than pieces */
    pthread_t started[MAX_THREADS];
    size_t running = 0;
    while (running < helpers && pthread_create(&started[running], NULL, worker, &run) == 0)
        running++;
    if (serial != NULL)
        lead(&run, running + 1);
    else
        worker(&run);
    for (size_t i = 0; i < running; i++)
        pthread_join(started[i], NULL);
    pthread_cond_destroy(&run.changed);
    pthread_mutex_destroy(&run.lock);
    free(run.finished);
    if (run.status < 0)
        return h5x_error(run.status, "%s", run.message);
    return run.ended_early;
}

int h5x_parallel_for(size_t count, int threads, h5x_parallel_task task, void *context)
{
    return run_parallel(count, threads, task, NULL, 0, 0, context);
}

int h5x_parallel_pipeline(size_t count, int threads, h5x_parallel_task task, h5x_parallel_task serial,
                          int serial_first, size_t window, void *context)
{
    if (serial == NULL)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_parallel_pipeline: no serial step");
    return run_parallel(count, threads, task, serial, serial_first, window, context);
}
