/*
 * The library's one lock.  libhdf5 is not thread-safe and the registries
 * are shared, so every entry point that reaches them runs under this
 * recursive mutex; recursion lets an entry point call another.
 */
#include "lock.h"

#include <pthread.h>

static pthread_mutex_t library_lock;
static pthread_once_t library_lock_once = PTHREAD_ONCE_INIT;

static void create_lock(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&library_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

void h5x_lock(void)
{
    pthread_once(&library_lock_once, create_lock);
    pthread_mutex_lock(&library_lock);
}

void h5x_unlock(void)
{
    pthread_mutex_unlock(&library_lock);
}
