/* Library-wide defaults, as h5py's get_config(): the default track_order
 * of new files, groups and datasets, and the threads that filter chunks. */
#include "object.h"

#include "error.h"
#include "lock.h"

#include <stdlib.h>
#include <unistd.h>

enum { MAX_FILTER_THREADS = 64 };

static int default_track_order; /* guarded by the library lock */
static int filter_threads;      /* guarded by the library lock; 0: the default */
static int default_threads;     /* guarded by the library lock; 0: not yet worked out */

int h5x_config_set_track_order(int track_order)
{
    h5x_lock();
    default_track_order = track_order ? 1 : 0;
    h5x_unlock();
    return 0;
}

int h5x_config_get_track_order(void)
{
    h5x_lock();
    int v = default_track_order;
    h5x_unlock();
    return v;
}

int h5x_default_track_order(int requested)
{
    return requested < 0 ? h5x_config_get_track_order() : (requested ? 1 : 0);
}

int h5x_config_set_filter_threads(int threads)
{
    if (threads < 0 || threads > MAX_FILTER_THREADS)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter threads must be 0 (the default) to %d, not %d",
                         MAX_FILTER_THREADS, threads);
    h5x_lock();
    filter_threads = threads;
    default_threads = 0; /* the environment is read again */
    h5x_unlock();
    return 0;
}

/* H5X_FILTER_THREADS when it is a number from 1 to the maximum, else the
 * online cores (which sysconf reads from a file: worked out once, as every
 * filtered read and write asks). */
static int default_filter_threads(void)
{
    const char *text = getenv("H5X_FILTER_THREADS");
    if (text != NULL && *text != '\0') {
        char *end = NULL;
        long n = strtol(text, &end, 10);
        if (*end == '\0' && n >= 1 && n <= MAX_FILTER_THREADS)
            return (int)n;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_FILTER_THREADS ? MAX_FILTER_THREADS : (int)cores;
}

int h5x_config_get_filter_threads(void)
{
    h5x_lock();
    if (filter_threads == 0 && default_threads == 0)
        default_threads = default_filter_threads();
    int threads = filter_threads > 0 ? filter_threads : default_threads;
    h5x_unlock();
    return threads;
}
