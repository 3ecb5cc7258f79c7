/*
 * vol_blob.c — HDF5's blob callbacks.
 *
 * libhdf5 stores variable-length data and references of a non-native
 * connector as "blobs" when it converts them itself: it hands the bytes to
 * blob put, keeps the blob id the connector gives back inside the
 * converted element, and asks for the bytes again with blob get.  This
 * connector converts variable-length data in h5x (vol_selection.c), so
 * blobs only carry what libhdf5 chooses to convert on its own side; they
 * live in memory for as long as the file is open, ids are 8-byte numbers,
 * and 0 is the null blob.
 */
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

typedef struct blob {
    void *bytes;
    size_t size;
} blob;

struct vol_blob_store {
    blob *blobs;
    size_t count, capacity;
};

vol_blob_store *vol_blobs_new(void)
{
    return calloc(1, sizeof(vol_blob_store));
}

void vol_blobs_free(vol_blob_store *store)
{
    if (store == NULL)
        return;
    for (size_t i = 0; i < store->count; i++)
        free(store->blobs[i].bytes);
    free(store->blobs);
    free(store);
}

static uint64_t read_id(const void *blob_id)
{
    uint64_t id;
    memcpy(&id, blob_id, sizeof id);
    return id;
}

static vol_blob_store *store_of(void *obj)
{
    vol_object *object = obj;
    return object != NULL && object->file != NULL ? object->file->blobs : NULL;
}

herr_t vol_blob_put(void *obj, const void *buf, size_t size, void *blob_id, void *ctx)
{
    (void)ctx;
    vol_blob_store *store = store_of(obj);
    if (store == NULL)
        return vol_fail_here("a blob needs a file");
    if (store->count == store->capacity) {
        size_t capacity = store->capacity ? store->capacity * 2 : 16;
        blob *grown = realloc(store->blobs, capacity * sizeof *grown);
        if (grown == NULL)
            return vol_fail_here("out of memory");
        store->blobs = grown;
        store->capacity = capacity;
    }
    void *copy = malloc(size + 1);
    if (copy == NULL)
        return vol_fail_here("out of memory");
    if (size > 0)
        memcpy(copy, buf, size);
    store->blobs[store->count] = (blob){copy, size};
    uint64_t id = ++store->count;
    memcpy(blob_id, &id, sizeof id);
    return 0;
}

herr_t vol_blob_get(void *obj, const void *blob_id, void *buf, size_t size, void *ctx)
{
    (void)ctx;
    vol_blob_store *store = store_of(obj);
    uint64_t id = read_id(blob_id);
    if (store == NULL || id == 0 || id > store->count || store->blobs[id - 1].bytes == NULL)
        return vol_fail_here("no blob %llu in this file", (unsigned long long)id);
    const blob *found = &store->blobs[id - 1];
    memcpy(buf, found->bytes, size < found->size ? size : found->size);
    return 0;
}

herr_t vol_blob_specific(void *obj, void *blob_id, H5VL_blob_specific_args_t *args)
{
    uint64_t id = read_id(blob_id);
    switch (args->op_type) {
    case H5VL_BLOB_DELETE: {
        vol_blob_store *store = store_of(obj);
        if (store != NULL && id > 0 && id <= store->count) {
            free(store->blobs[id - 1].bytes);
            store->blobs[id - 1].bytes = NULL;
        }
        return 0;
    }
    case H5VL_BLOB_ISNULL:
        *args->args.is_null.isnull = id == 0;
        return 0;
    case H5VL_BLOB_SETNULL:
        memset(blob_id, 0, sizeof id);
        return 0;
    }
    return vol_fail_here("unknown blob operation (%d)", (int)args->op_type);
}
