/*
 * Handles and the live-handle set.
 *
 * Every handle given to an application is recorded in a set of live
 * addresses.  A call that receives a handle checks membership first, so a
 * NULL, already closed or foreign pointer becomes H5X_ERR_BAD_HANDLE rather
 * than a crash.  The set is an open-addressing hash table of addresses,
 * guarded by the library lock.
 */
#include "handle.h"

#include "error.h"
#include "lock.h"

#include <stdlib.h>

#define HANDLE_MAGIC 0x68357848u /* "h5xH" */
#define TOMBSTONE ((const void *)1)

typedef struct live_set {
    const void **slots;
    size_t capacity; /* a power of two */
    size_t used;     /* live + tombstones */
    size_t live;
} live_set;

static live_set live_handles;
static live_set immortal_handles; /* predefined dtypes in static storage */

static size_t hash_address(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return (size_t)x;
}

static int set_grow(live_set *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 256;
    while (set->live * 2 >= capacity)
        capacity *= 2;
    const void **slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < set->capacity; i++) {
        const void *p = set->slots[i];
        if (!p || p == TOMBSTONE)
            continue;
        size_t j = hash_address(p) & (capacity - 1);
        while (slots[j])
            j = (j + 1) & (capacity - 1);
        slots[j] = p;
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    set->used = set->live;
    return 0;
}

static int set_insert(live_set *set, const void *p)
{
    if ((set->used + 1) * 4 >= set->capacity * 3 && set_grow(set) != 0)
        return -1;
    size_t j = hash_address(p) & (set->capacity - 1);
    while (set->slots[j] && set->slots[j] != TOMBSTONE)
        j = (j + 1) & (set->capacity - 1);
    if (!set->slots[j])
        set->used++;
    set->slots[j] = p;
    set->live++;
    return 0;
}

static size_t set_find(const live_set *set, const void *p)
{
    if (!set->capacity)
        return SIZE_MAX;
    size_t j = hash_address(p) & (set->capacity - 1);
    while (set->slots[j]) {
        if (set->slots[j] == p)
            return j;
        j = (j + 1) & (set->capacity - 1);
    }
    return SIZE_MAX;
}

/* Empties slot j, found by set_find. */
static void set_remove_at(live_set *set, size_t j)
{
    set->slots[j] = TOMBSTONE;
    set->live--;
    if (set->live == 0) {
        free(set->slots);
        set->slots = NULL;
        set->capacity = set->used = 0;
    }
}

int h5x_handle_init(h5x_handle *handle, h5x_handle_kind kind, int (*destroy)(h5x_handle *))
{
    handle->magic = HANDLE_MAGIC;
    handle->kind = kind;
    handle->refcount = 1;
    handle->immortal = 0;
    handle->destroy = destroy;
    h5x_lock();
    int rc = set_insert(&live_handles, handle);
    h5x_unlock();
    if (rc != 0)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory registering a handle");
    return 0;
}

void h5x_handle_init_immortal(h5x_handle *handle, h5x_handle_kind kind)
{
    handle->magic = HANDLE_MAGIC;
    handle->kind = kind;
    handle->refcount = 1;
    handle->immortal = 1;
    handle->destroy = NULL;
    h5x_lock();
    if (set_find(&immortal_handles, handle) == SIZE_MAX)
        (void)set_insert(&immortal_handles, handle);
    h5x_unlock();
}

static const char *kind_name(h5x_handle_kind kind)
{
    switch (kind) {
    case H5X_HANDLE_OBJECT: return "object";
    case H5X_HANDLE_DTYPE: return "dtype";
    case H5X_HANDLE_SELECTION: return "selection";
    case H5X_HANDLE_VDS_LAYOUT: return "virtual layout";
    case H5X_HANDLE_VDS_SOURCE: return "virtual source";
    }
    return "handle";
}

static int is_live(const h5x_handle *h)
{
    return set_find(&live_handles, h) != SIZE_MAX;
}

static int is_immortal(const void *p)
{
    return set_find(&immortal_handles, p) != SIZE_MAX;
}

int h5x_handle_check(const void *p, h5x_handle_kind kind, const char *what)
{
    if (!p)
        return h5x_error(H5X_ERR_BAD_HANDLE, "%s handle is NULL", what);
    h5x_lock();
    const h5x_handle *h = p;
    int live = is_live(h);
    int rc = 0;
    if (!live) {
        /* predefined dtypes: only addresses h5x itself handed out */
        if (is_immortal(p) && h->kind == kind)
            rc = 0;
        else
            rc = h5x_error(H5X_ERR_BAD_HANDLE, "%s handle is invalid or already closed", what);
    } else if (h->kind != kind) {
        rc = h5x_error(H5X_ERR_BAD_HANDLE, "expected a %s handle, got a %s handle", what, kind_name(h->kind));
    }
    h5x_unlock();
    return rc;
}

void h5x_handle_retain(h5x_handle *handle)
{
    if (handle->immortal)
        return;
    h5x_lock();
    handle->refcount++;
    h5x_unlock();
}

/* Drops one reference of a handle whose slot in the live set is known
 * (SIZE_MAX: none); the caller holds the lock.  1 when that was the last
 * reference: the handle is unregistered and the caller destroys it. */
static int drop_reference(h5x_handle *handle, size_t slot)
{
    if (--handle->refcount > 0)
        return 0;
    if (slot != SIZE_MAX)
        set_remove_at(&live_handles, slot);
    handle->magic = 0;
    return 1;
}

int h5x_handle_release(h5x_handle *handle)
{
    if (handle->immortal)
        return 0;
    h5x_lock();
    int destroy = drop_reference(handle, set_find(&live_handles, handle));
    h5x_unlock();
    return destroy && handle->destroy ? handle->destroy(handle) : 0;
}

int h5x_close(void *p)
{
    if (!p)
        return 0;
    h5x_lock();
    h5x_handle *h = p;
    int rc = 0;
    size_t slot = set_find(&live_handles, h);
    if (slot != SIZE_MAX) {
        /* one lookup serves the check and the release */
        if (!h->immortal && drop_reference(h, slot) && h->destroy)
            rc = h->destroy(h);
    } else if (!is_immortal(p))
        rc = h5x_error(H5X_ERR_BAD_HANDLE, "h5x_close: handle is invalid or already closed");
    h5x_unlock();
    return rc;
}
