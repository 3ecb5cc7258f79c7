/*
 * core_node.c — the lives of objects: creation, reference counting,
 * handles, tokens, and freeing.
 *
 * An object lives while something refers to it: a hard link in a group
 * (counted in `links`) or an open handle (counted in `handles`).  This is
 * HDF5's own rule — deleting the last link of an open dataset leaves the
 * dataset usable until it is closed — and h5py's, which is why both
 * counts are kept apart rather than summed: only links make an object
 * reachable by name.
 *
 * Freeing a group releases the links it holds, which may free further
 * objects.  That cascade runs on an explicit list (next_doomed) instead
 * of the C stack, so a deep tree cannot overflow it.  Objects in a cycle
 * of hard links keep each other's counts above zero; they stay until the
 * store closes, when core_store_free_nodes frees everything on the
 * store's list of objects, without consulting counts.
 *
 * A token is the object's id, little-endian in the first eight of its
 * sixteen bytes, the rest zero.  Ids are never reused within a store.
 * Finding an object by its token needs a table from ids to objects; it
 * is built on the first such lookup and kept up to date from then on, so
 * that a store whose tokens are never looked up (most of them) does not
 * pay a hash insertion for every object it creates.
 *
 * Objects, links and handles come from the store's pools (core_pool.c):
 * they are made and dropped at a high rate, and all go at once when the
 * store closes.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

void core_store_init_pools(core_store *store)
{
    core_pool_init(&store->node_pool, sizeof(core_node));
    core_pool_init(&store->link_pool, sizeof(core_link));
    core_pool_init(&store->handle_pool, sizeof(core_handle));
    core_pool_init(&store->attribute_pool, core_attribute_head() + CORE_POOLED_ATTRIBUTE_BYTES);
}

core_node *core_node_new(core_store *store, h5x_object_kind kind)
{
    core_node *node = core_pool_alloc(&store->node_pool);
    if (node == NULL)
        return NULL;
    memset(node, 0, sizeof *node);
    node->id = store->next_id++;
    node->kind = kind;
    node->store = store;
    core_map_init(&node->attributes);
    if (kind == H5X_KIND_GROUP)
        core_map_init(&node->u.links);
    if (kind == H5X_KIND_DATASET && (node->u.dataset = calloc(1, sizeof *node->u.dataset)) == NULL) {
        core_pool_free(&store->node_pool, node);
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory creating a dataset");
        return NULL;
    }
    if (store->by_id_built && core_ids_insert(&store->by_id, node->id, node) != 0) {
        if (kind == H5X_KIND_DATASET)
            free(node->u.dataset);
        core_pool_free(&store->node_pool, node);
        return NULL;
    }
    node->older = store->newest;
    if (store->newest != NULL)
        store->newest->newer = node;
    store->newest = node;
    return node;
}

core_link *core_link_new(core_store *store, h5x_link_kind kind)
{
    core_link *link = core_pool_alloc(&store->link_pool);
    if (link == NULL)
        return NULL;
    memset(link, 0, sizeof *link);
    link->kind = kind;
    return link;
}

void core_link_free(core_store *store, core_link *link)
{
    if (link == NULL)
        return;
    free(link->target_path);
    free(link->target_file);
    core_pool_free(&store->link_pool, link);
}

void core_attribute_free(void *value)
{
    core_attribute *attribute = value;
    if (attribute == NULL)
        return;
    if (attribute->dtype != NULL && attribute->data != NULL)
        core_values_release(attribute->dtype, attribute->data, h5x_shape_size(&attribute->shape));
    h5x_dtype_release(attribute->dtype);
    /* the values live in the same block */
    if (attribute->pooled_in != NULL)
        core_pool_free(&attribute->pooled_in->attribute_pool, attribute);
    else
        free(attribute);
}

static int free_link_text(const char *name, void *value, void *user_data)
{
    (void)name;
    (void)user_data;
    core_link *link = value;
    free(link->target_path);
    free(link->target_file);
    return 0;
}

static int free_link(const char *name, void *value, void *user_data)
{
    (void)name;
    core_link_free(user_data, value);
    return 0;
}

/* Everything an object owns except its links' targets.  At the store's
 * teardown the links themselves need not go back to their pool, which is
 * about to be released whole. */
static void free_contents(core_node *node, int teardown)
{
    core_map_clear(&node->attributes, core_attribute_free);
    switch (node->kind) {
    case H5X_KIND_GROUP:
        core_map_iterate(&node->u.links, H5X_ORDER_CREATION, teardown ? free_link_text : free_link, node->store);
        core_map_clear(&node->u.links, NULL);
        break;
    case H5X_KIND_DATASET:
        if (node->u.dataset != NULL)
            core_dataset_free(node->u.dataset);
        free(node->u.dataset);
        break;
    case H5X_KIND_DATATYPE: h5x_dtype_release(node->u.datatype); break;
    case H5X_KIND_FILE: break;
    }
}

static int unreferenced(const core_node *node)
{
    return node->links <= 0 && node->handles <= 0;
}

/* Drops the hard links of a doomed group, dooming targets left unnamed. */
static int release_target(const char *name, void *value, void *user_data)
{
    (void)name;
    core_link *link = value;
    core_node **doomed = user_data;
    if (link->kind == H5X_LINK_HARD && --link->target->links == 0 && link->target->handles <= 0) {
        link->target->next_doomed = *doomed;
        *doomed = link->target;
    }
    return 0;
}

static void free_cascade(core_node *first)
{
    core_node *doomed = first;
    first->next_doomed = NULL;
    while (doomed != NULL) {
        core_node *node = doomed;
        doomed = node->next_doomed;
        if (node->kind == H5X_KIND_GROUP)
            core_map_iterate(&node->u.links, H5X_ORDER_CREATION, release_target, &doomed);
        core_store *store = node->store;
        if (store->by_id_built)
            core_ids_remove(&store->by_id, node->id);
        if (node->newer != NULL)
            node->newer->older = node->older;
        else
            store->newest = node->older;
        if (node->older != NULL)
            node->older->newer = node->newer;
        free_contents(node, 0);
        core_pool_free(&store->node_pool, node);
    }
}

void core_node_release_link(core_node *node)
{
    node->links--;
    if (unreferenced(node))
        free_cascade(node);
}

void core_node_release_handle(core_node *node)
{
    node->handles--;
    if (unreferenced(node))
        free_cascade(node);
}

void core_store_free_nodes(core_store *store)
{
    for (core_node *node = store->newest; node != NULL; node = node->older)
        free_contents(node, 1);
    store->newest = NULL;
    store->root = NULL;
    core_ids_clear(&store->by_id);
    store->by_id_built = 0;
    core_pool_clear(&store->node_pool);
    core_pool_clear(&store->link_pool);
    core_pool_clear(&store->handle_pool);
    core_pool_clear(&store->attribute_pool);
}

core_node *core_store_find(core_store *store, uint64_t id)
{
    if (!store->by_id_built) {
        /* built the first time a token is looked up */
        for (core_node *node = store->newest; node != NULL; node = node->older)
            if (core_ids_insert(&store->by_id, node->id, node) != 0) {
                core_ids_clear(&store->by_id);
                return NULL;
            }
        store->by_id_built = 1;
    }
    return core_ids_find(&store->by_id, id);
}

core_handle *core_handle_new(core_file *file, core_node *node)
{
    core_handle *handle = core_pool_alloc(&node->store->handle_pool);
    if (handle == NULL)
        return NULL;
    handle->node = node;
    handle->file = file;
    node->handles++;
    return handle;
}

void core_node_info(const core_node *node, h5x_object_info *info)
{
    memset(info, 0, sizeof *info);
    info->kind = node->kind;
    for (int i = 0; i < 8; i++)
        info->token[i] = (uint8_t)(node->id >> (8 * i));
    info->attribute_count = (int64_t)core_map_length(&node->attributes);
}

void core_store_touch(core_store *store)
{
    store->dirty = 1;
}

int core_require_writable(const core_file *file, const char *operation)
{
    if (file->writable)
        return 0;
    return h5x_connector_error(H5X_ERR_READ_ONLY, "cannot %s: the in-memory file '%s' is open read-only",
                               operation, file->store->name);
}

core_node *core_location(void *loc)
{
    return loc != NULL ? ((core_handle *)loc)->node : NULL;
}

/* ------------------------------------------------------ vtable callbacks */

int core_object_close(void *object)
{
    core_handle *handle = object;
    core_store *store = handle->node->store;
    core_node_release_handle(handle->node);
    core_pool_free(&store->handle_pool, handle);
    return 0;
}

int core_object_info(void *object, h5x_object_info *info)
{
    core_node_info(((core_handle *)object)->node, info);
    return 0;
}

int core_object_open_by_token(void *file_in, const uint8_t token[16], void **object, h5x_object_info *info)
{
    core_file *file = file_in;
    *object = NULL;
    uint64_t id = 0;
    for (int i = 0; i < 8; i++)
        id |= (uint64_t)token[i] << (8 * i);
    int foreign = 0;
    for (int i = 8; i < 16; i++)
        foreign |= token[i] != 0;
    core_node *node = foreign ? NULL : core_store_find(file->store, id);
    if (node == NULL)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "no object with that token in the in-memory file '%s'",
                                   file->store->name);
    core_handle *handle = core_handle_new(file, node);
    if (handle == NULL)
        return H5X_ERR_NO_MEMORY;
    if (info != NULL)
        core_node_info(node, info);
    *object = handle;
    return 0;
}
