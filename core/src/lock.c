/*
 * The library's one lock.  libhdf5 is not thread-safe and the registries
 * are shared, so every entry point that reaches them runs under this
 * lock, which a thread may take again while it holds it, so that an entry
 * point can call another.
 */
#include "lock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

/* A plain mutex with the owner and depth kept beside it.  Entry points
 * nest (a public call checks its handles, wraps objects and releases them,
 * each of which locks too: a dozen times for one group created and
 * closed), so a thread that already holds the lock only counts, and the
 * mutex is taken by the outermost call alone.  The owner is the holder's
 * thread id rather than a thread-local counter: in a shared library every
 * thread-local read is a call into the dynamic linker, while pthread_self
 * is one load.  (The initial-exec TLS model would make the read a load
 * too, but it puts the library's whole thread-local block, last-error
 * record included, into the static TLS space, which is too small for it
 * when libhdf5 loads the VOL plugin, and with it libh5x, by dlopen.)  A
 * thread sees its own id in `owner` only between its own
 * lock and unlock, since only the holder writes it, so a relaxed atomic
 * read is enough to tell "mine" from "someone else's or nobody's".
 * `depth` is only touched by the holder, under the mutex. */
static pthread_mutex_t library_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uintptr_t owner; /* 0: nobody */
static int depth;

_Static_assert(sizeof(pthread_t) <= sizeof(uintptr_t), "a thread id must fit in uintptr_t");

static uintptr_t current_thread(void)
{
    pthread_t self = pthread_self();
    uintptr_t id = 0;
    memcpy(&id, &self, sizeof self);
    return id;
}

void h5x_lock(void)
{
    uintptr_t self = current_thread();
    if (atomic_load_explicit(&owner, memory_order_relaxed) == self) {
        depth++;
        return;
    }
    pthread_mutex_lock(&library_lock);
    atomic_store_explicit(&owner, self, memory_order_relaxed);
    depth = 1;
}

void h5x_unlock(void)
{
    if (--depth > 0)
        return;
    atomic_store_explicit(&owner, 0, memory_order_relaxed);
    pthread_mutex_unlock(&library_lock);
}

int h5x_lock_held(void)
{
    return atomic_load_explicit(&owner, memory_order_relaxed) == current_thread();
}
