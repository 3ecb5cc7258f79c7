/*
 * The library's one lock.  libhdf5 is not thread-safe and the registries
 * are shared, so every entry point that reaches them runs under this
 * recursive mutex; recursion lets an entry point call another.
 */
#include "lock.h"

#include <pthread.h>

static pthread_mutex_t library_lock;
static pthread_once_t library_lock_once = PTHREAD_ONCE_INIT;
/* How deep the calling thread is inside the lock (it is recursive). */
static _Thread_local int lock_depth;

static void create_lock(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&library_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

/* Entry points nest (a public call checks its handles, wraps objects and
 * releases them, each of which locks too), so a thread that already holds
 * the lock only counts: the mutex is taken by the outermost call alone. */
void h5x_lock(void)
{
    if (lock_depth > 0) {
        lock_depth++;
        return;
    }
    pthread_once(&library_lock_once, create_lock);
    pthread_mutex_lock(&library_lock);
    lock_depth = 1;
}

void h5x_unlock(void)
{
    if (--lock_depth > 0)
        return;
    pthread_mutex_unlock(&library_lock);
}

int h5x_lock_held(void)
{
    return lock_depth > 0;
}
