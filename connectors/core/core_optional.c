/*
 * core_optional.c — what libhdf5 keeps that h5py's model does not name,
 * answered for the layer that presents this connector to libhdf5.
 *
 * Creation order values.  libhdf5 gives each link of a group that tracks
 * creation order a number, the next of a counter the group keeps; the
 * counter does not go back while the group has links, so deleting or
 * moving links away leaves gaps and the group's "max_corder" where it
 * was, until the last link goes and the count starts again at 0; a moved
 * link is numbered as a new link of its destination.  The store keeps the same:
 * core_tree_add_link and core_link_move number links from the group's
 * counter.  A backing file does not carry the numbers (the native
 * connector keeps only the order), so a store loaded from one numbers its
 * links 0, 1, 2, ... in that order.
 *
 * Link counts.  H5Oincr_refcount and H5Odecr_refcount change an object's
 * count of hard links without a link, to keep an object alive while a
 * program holds it nowhere else.  The count here is the same one that
 * keeps a node alive, so an incremented object outlives its last link as
 * in libhdf5.  Only counts added that way can be taken back: taking away
 * one a real link holds would free an object still named in a group.
 *
 * A committed datatype also counts the attributes and datasets created
 * with it, as libhdf5 counts the messages that share the type: the store
 * keeps a copy of the type in each of them (so they outlive the type) and
 * remembers which type it came from.  The counting walks the store, which
 * is cheap next to what asking for an object's info costs anyway.  A
 * store loaded from a backing file does not know which types its
 * attributes and datasets used.
 *
 * Attribute order.  h5x chooses it when a group or dataset is created;
 * a committed datatype has no such option in h5x, but libhdf5's datatype
 * creation list has one, so it is set just after the commit, before the
 * type has attributes.
 */
#include <string.h>

#include "core.h"

static int link_order(core_file *file, core_node *group, h5x_op_link_order *request)
{
    if (group == NULL)
        group = file->store->root;
    if (group->kind != H5X_KIND_GROUP)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "creation order values belong to groups");
    request->tracked = group->track_order != 0;
    request->max_corder = request->tracked ? group->next_corder : 0;
    request->corder = 0;
    if (request->name == NULL)
        return 0;
    core_link *link = core_map_find(&group->u.links, request->name, strlen(request->name));
    if (link == NULL)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "no link '%s' in the group", request->name);
    if (request->tracked)
        request->corder = link->corder;
    return 0;
}

uint64_t core_committed_type_of(const core_file *file, const h5x_dtype *dtype)
{
    const core_handle *handle = h5x_dtype_committed_object(dtype, file);
    return handle != NULL && handle->node->kind == H5X_KIND_DATATYPE ? handle->node->id : 0;
}

static int count_user(const char *name, void *value, void *user_data)
{
    (void)name;
    const core_attribute *attribute = value;
    uint64_t *count = user_data;
    if (attribute->committed_type == count[0])
        count[1]++;
    return 0;
}

/* How many attributes and datasets of the store were created with the
 * committed datatype node. */
static int64_t users_of(core_node *type)
{
    uint64_t count[2] = {type->id, 0};
    for (core_node *node = type->store->newest; node != NULL; node = node->older) {
        core_map_iterate(&node->attributes, H5X_ORDER_CREATION, count_user, count);
        if (node->kind == H5X_KIND_DATASET && node->u.dataset->committed_type == type->id)
            count[1]++;
    }
    return (int64_t)count[1];
}

static int link_count(core_file *file, core_node *node, h5x_op_link_count *request)
{
    if (node == NULL)
        node = file->store->root;
    if (request->delta > 0) {
        int status = core_require_writable(file, "increment a link count");
        if (status < 0)
            return status;
        if (node->pinned > INT32_MAX - request->delta)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a link count cannot be incremented past %d",
                                       INT32_MAX);
        node->links += request->delta;
        node->pinned += request->delta;
    } else if (request->delta < 0) {
        int status = core_require_writable(file, "decrement a link count");
        if (status < 0)
            return status;
        if (-(int64_t)request->delta > node->pinned)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "only a count added by incrementing can be taken back (links hold the "
                                       "rest)");
        request->count = node->links + request->delta + (node->kind == H5X_KIND_DATATYPE ? users_of(node) : 0);
        node->pinned += request->delta;
        for (int i = request->delta; i < 0; i++)
            core_node_release_link(node); /* frees it with the last count and handle */
        return 0;
    }
    request->count = node->links + (node->kind == H5X_KIND_DATATYPE ? users_of(node) : 0);
    return 0;
}

static int attribute_order(core_file *file, core_node *node, const h5x_op_attribute_order *request)
{
    if (node == NULL)
        node = file->store->root;
    int status = core_require_writable(file, "change the order of attributes");
    if (status < 0)
        return status;
    if (core_map_length(&node->attributes) != 0 && (node->track_order != 0) != (request->track_order != 0))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "the attribute order of an object is chosen before its first attribute");
    node->track_order = request->track_order != 0;
    return 0;
}

int core_optional(void *file_in, void *object, int op, void *args)
{
    core_file *file = file_in;
    core_node *node = core_location(object);
    switch (op) {
    case H5X_CONNECTOR_OP_LINK_ORDER: return link_order(file, node, args);
    case H5X_CONNECTOR_OP_LINK_COUNT: return link_count(file, node, args);
    case H5X_CONNECTOR_OP_ATTRIBUTE_ORDER: return attribute_order(file, node, args);
    default: return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "optional operation %d is not offered", op);
    }
}
