/*
 * core_reference.c — object and region references.
 *
 * The core owns an h5x_ref's kind byte; the connector owns the payload
 * after it.  Here the payload is two little-endian 64-bit numbers:
 *
 *   bytes 0..7    the object's id (its token)
 *   bytes 8..15   the region's id, 0 for an object reference
 *
 * and the rest zero.  A region reference keeps a copy of its selection in
 * the store's table of regions, under an id that is never reused; the
 * selection lives as long as the store, as a region reference's selection
 * lives in a file's global heap for as long as the file.  A reference is
 * a value the application may keep anywhere, so the store cannot tell
 * when the last copy of one is gone.
 *
 * Ids mean something only within one store, and only while it is open:
 * a backing file stores references in its own terms, so saving and
 * loading translate them (core_backing_refs.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

static void put_u64(uint8_t *bytes, uint64_t value)
{
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(value >> (8 * i));
}

static uint64_t get_u64(const uint8_t *bytes)
{
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value |= (uint64_t)bytes[i] << (8 * i);
    return value;
}

h5x_resolved_selection *core_selection_copy(const h5x_resolved_selection *sel)
{
    h5x_resolved_selection *copy = malloc(sizeof *copy);
    if (copy == NULL) {
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory copying a selection");
        return NULL;
    }
    *copy = *sel;
    for (int i = 0; i < H5X_MAX_RANK; i++)
        copy->axes[i].list = NULL;
    copy->points = NULL;
    int failed = 0;
    for (int i = 0; i < sel->rank && i < H5X_MAX_RANK; i++) {
        if (sel->axes[i].list == NULL)
            continue;
        uint64_t *list = malloc(sel->axes[i].count ? sel->axes[i].count * sizeof *list : 1);
        if (list != NULL)
            memcpy(list, sel->axes[i].list, sel->axes[i].count * sizeof *list);
        copy->axes[i].list = list;
        failed |= list == NULL;
    }
    if (sel->points != NULL && sel->npoints > 0 && sel->rank > 0) {
        size_t count = (size_t)sel->npoints * (size_t)sel->rank;
        uint64_t *points = malloc(count * sizeof *points);
        if (points != NULL)
            memcpy(points, sel->points, count * sizeof *points);
        copy->points = points;
        failed |= points == NULL;
    }
    if (failed) {
        h5x_resolved_selection_free(copy);
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory copying a selection");
        return NULL;
    }
    return copy;
}

int core_ref_encode(core_node *node, const h5x_resolved_selection *region, uint8_t *payload)
{
    core_store *store = node->store;
    memset(payload, 0, H5X_REF_PAYLOAD_SIZE);
    put_u64(payload, node->id);
    if (region == NULL)
        return 0;
    if (node->kind != H5X_KIND_DATASET)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a region reference needs a dataset");
    h5x_resolved_selection *copy = core_selection_copy(region);
    if (copy == NULL)
        return H5X_ERR_NO_MEMORY;
    uint64_t id = ++store->last_region_id;
    if (core_ids_insert(&store->regions, id, copy) < 0) {
        h5x_resolved_selection_free(copy);
        return H5X_ERR_NO_MEMORY;
    }
    put_u64(payload + 8, id);
    return 0;
}

core_node *core_ref_target(core_store *store, const uint8_t *payload)
{
    return core_store_find(store, get_u64(payload));
}

const h5x_resolved_selection *core_ref_selection(core_store *store, const uint8_t *payload)
{
    uint64_t id = get_u64(payload + 8);
    return id != 0 ? core_ids_find(&store->regions, id) : NULL;
}

static void free_region(void *value, void *user_data)
{
    (void)user_data;
    h5x_resolved_selection_free(value);
}

void core_store_free_regions(core_store *store)
{
    core_ids_each(&store->regions, free_region, NULL);
    core_ids_clear(&store->regions);
}

/* ------------------------------------------------------ vtable callbacks */

int core_ref_create(void *file_in, void *object, const h5x_resolved_selection *region, uint8_t *payload)
{
    core_file *file = file_in;
    core_node *node = object != NULL ? ((core_handle *)object)->node : file->store->root;
    return core_ref_encode(node, region, payload);
}

int core_ref_open(void *file_in, const uint8_t *payload, void **object, h5x_object_info *info)
{
    core_file *file = file_in;
    *object = NULL;
    core_node *node = core_ref_target(file->store, payload);
    if (node == NULL)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "the referenced object is no longer in the in-memory file "
                                                      "'%s'", file->store->name);
    core_handle *handle = core_handle_new(file, node);
    if (handle == NULL)
        return H5X_ERR_NO_MEMORY;
    if (info != NULL)
        core_node_info(node, info);
    *object = handle;
    return 0;
}

int core_ref_region(void *file_in, const uint8_t *payload, h5x_resolved_selection **region)
{
    core_file *file = file_in;
    *region = NULL;
    const h5x_resolved_selection *stored = core_ref_selection(file->store, payload);
    if (stored == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "the reference holds no region of the in-memory "
                                                             "file '%s'", file->store->name);
    *region = core_selection_copy(stored);
    return *region != NULL ? 0 : H5X_ERR_NO_MEMORY;
}
