/*
 * parallel_for.c — the threads of one call.
 *
 * Compressing or decompressing the chunks of a dataset is the only work in
 * h5x that is both heavy and made of independent pieces, and libhdf5 does
 * it one chunk at a time.  Here the pieces are shared out among threads
 * started for the call: each thread takes the next index from a counter
 * until none is left, so a thread that gets easy chunks simply takes more.
 *
 * The threads live only as long as the call: the library keeps no pool,
 * so there is no state shared between calls, nothing to shut down, and a
 * process that never filters in parallel never starts a thread.  Starting
 * and joining a thread costs some tens of microseconds, which is why the
 * callers only come here with several chunks of work.  If a thread cannot
 * be started the others do its share.
 *
 * Errors are thread-local, so a failing task's message is copied out of
 * the thread that ran it and recorded again on the calling thread.
 */
#include "parallel_for.h"

#include "error.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { MAX_THREADS = 64, MESSAGE_SIZE = 1024 };

typedef struct parallel_run {
    h5x_parallel_task task;
    void *context;
    size_t count;
    atomic_size_t next;
    atomic_int stop;
    pthread_mutex_t failure_lock; /* guards the failure fields */
    size_t failed_index;
    int status;
    char message[MESSAGE_SIZE];
} parallel_run;

static void record_failure(parallel_run *run, size_t index, int status)
{
    const h5x_error_info *error = h5x_last_error();
    pthread_mutex_lock(&run->failure_lock);
    if (run->status == 0 || index < run->failed_index) {
        run->failed_index = index;
        run->status = status;
        snprintf(run->message, sizeof run->message, "%s", error->message);
    }
    pthread_mutex_unlock(&run->failure_lock);
    atomic_store(&run->stop, 1);
}

static void work(parallel_run *run)
{
    while (!atomic_load_explicit(&run->stop, memory_order_relaxed)) {
        size_t index = atomic_fetch_add(&run->next, 1);
        if (index >= run->count)
            return;
        int status = run->task(run->context, index);
        if (status < 0)
            record_failure(run, index, status);
    }
}

static void *worker(void *run)
{
    work(run);
    return NULL;
}

int h5x_parallel_for(size_t count, int threads, h5x_parallel_task task, void *context)
{
    if (task == NULL)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_parallel_for: no task");
    parallel_run run = {.task = task, .context = context, .count = count};
    atomic_init(&run.next, 0);
    atomic_init(&run.stop, 0);
    pthread_mutex_init(&run.failure_lock, NULL);
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
    work(&run);
    for (size_t i = 0; i < running; i++)
        pthread_join(started[i], NULL);
    pthread_mutex_destroy(&run.failure_lock);
    if (run.status < 0)
        return h5x_error(run.status, "%s", run.message);
    return 0;
}
