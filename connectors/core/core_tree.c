/*
 * core_tree.c — names: walking paths through groups and links, and the
 * group callbacks built on that walk.
 *
 * A path is a list of link names separated by '/'.  It starts at the root
 * when it begins with '/', else at the location given.  Runs of slashes
 * and "." components mean nothing, as in HDF5; ".." is an ordinary name,
 * again as in HDF5, which has no parent links.  Every component but the
 * last must lead to a group.
 *
 * Following a link: a hard link is its object; a soft link is its target
 * path, walked from the group that holds the link (HDF5's rule for
 * relative targets), at most 16 deep so that a cycle of soft links ends
 * as "not found" rather than as a crash — 16 is libhdf5's default
 * limit on soft link traversals; an external link names another file,
 * which may belong to any connector and which this connector does not
 * open from inside a walk: following one answers H5X_ERR_NOT_SUPPORTED,
 * and the core then follows the link itself (core/src/external_link.c).
 *
 * Walks in "quiet" mode record no error: object_exists must answer 0 for a
 * missing intermediate group or a dangling soft link without disturbing
 * the caller's last error.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

enum { MAX_SOFT_LINK_DEPTH = 16 };

/* Moves *cursor past the next component, which it returns in name/length;
 * 0 when the path has no further component. */
static int next_component(const char **cursor, const char **name, size_t *length)
{
    const char *p = *cursor;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == '\0') {
            *cursor = p;
            return 0;
        }
        const char *start = p;
        p += strcspn(p, "/"); /* the library's scan, word-wide, beats a byte loop */
        if (p - start == 1 && start[0] == '.')
            continue;
        *name = start;
        *length = (size_t)(p - start);
        *cursor = p;
        return 1;
    }
}

static int has_more_components(const char *cursor)
{
    const char *name;
    size_t length;
    return next_component(&cursor, &name, &length);
}

/* Records, unless quiet, an error whose format names the component
 * ("%.*s") and then the whole path ("%s"); returns status. */
static int fail(int quiet, int status, const char *format, const char *path, size_t length, const char *name)
{
    if (!quiet)
        h5x_connector_error(status, format, (int)length, name, path);
    return status;
}

static int resolve_from(core_store *store, core_node *start, const char *path, int quiet, int depth,
                        core_node **node);

/* The object a link leads to; group is the group that holds the link. */
static int follow(core_store *store, core_node *group, const core_link *link, int quiet, int depth,
                  core_node **node)
{
    switch (link->kind) {
    case H5X_LINK_HARD:
        *node = link->target;
        return 0;
    case H5X_LINK_SOFT:
        if (depth >= MAX_SOFT_LINK_DEPTH) {
            if (!quiet)
                h5x_connector_error(H5X_ERR_NOT_FOUND, "more than %d soft links in a row (a cycle?) at '%s'",
                                    MAX_SOFT_LINK_DEPTH, link->target_path);
            return H5X_ERR_NOT_FOUND;
        }
        return resolve_from(store, group, link->target_path, quiet, depth + 1, node);
    case H5X_LINK_EXTERNAL:
        if (!quiet)
            h5x_connector_error(H5X_ERR_NOT_SUPPORTED,
                                "following the external link to '%s' in '%s' is not supported by the in-memory "
                                "connector",
                                link->target_path, link->target_file);
        return H5X_ERR_NOT_SUPPORTED;
    }
    return H5X_ERR_CORRUPT;
}

/* The group a walk begins in (also checked to be a group when the path
 * has components to look up in it). */
static core_node *start_of(core_store *store, core_node *start, const char *path)
{
    return path[0] == '/' || start == NULL ? store->root : start;
}

/* Walks every component but the last, following links; *group receives
 * the group that holds (or would hold) the last link, and name/length the
 * last component, or *group NULL when the path has no component at all
 * (it names its start). */
static int walk_to_parent(core_store *store, core_node *start, const char *path, int quiet, int depth,
                          core_node **group, const char **leaf, size_t *leaf_length)
{
    core_node *current = start_of(store, start, path);
    const char *cursor = path, *name;
    size_t length;
    *group = NULL;
    *leaf = NULL;
    *leaf_length = 0;
    if (!next_component(&cursor, &name, &length))
        return 0;
    while (has_more_components(cursor)) {
        if (current->kind != H5X_KIND_GROUP)
            return fail(quiet, H5X_ERR_NOT_FOUND, "'%.*s' in '%s' is reached through an object that is not a group",
                        path, length, name);
        const core_link *link = core_map_find(&current->u.links, name, length);
        if (link == NULL)
            return fail(quiet, H5X_ERR_NOT_FOUND, "no object named '%.*s' on the way to '%s'", path, length, name);
        core_node *next = NULL;
        int status = follow(store, current, link, quiet, depth, &next);
        if (status < 0)
            return status;
        if (next->kind != H5X_KIND_GROUP)
            return fail(quiet, H5X_ERR_NOT_FOUND, "'%.*s' on the way to '%s' is not a group", path, length, name);
        current = next;
        next_component(&cursor, &name, &length);
    }
    if (current->kind != H5X_KIND_GROUP)
        return fail(quiet, H5X_ERR_NOT_FOUND, "'%.*s' in '%s' is looked up in an object that is not a group", path,
                    length, name);
    *group = current;
    *leaf = name;
    *leaf_length = length;
    return 0;
}

static int resolve_from(core_store *store, core_node *start, const char *path, int quiet, int depth,
                        core_node **node)
{
    core_node *group = NULL;
    const char *leaf;
    size_t length;
    int status = walk_to_parent(store, start, path, quiet, depth, &group, &leaf, &length);
    if (status < 0)
        return status;
    if (group == NULL) {
        *node = start_of(store, start, path);
        return 0;
    }
    const core_link *link = core_map_find(&group->u.links, leaf, length);
    if (link == NULL)
        return fail(quiet, H5X_ERR_NOT_FOUND, "no object named '%.*s' (looking up '%s')", path, length, leaf);
    return follow(store, group, link, quiet, depth, node);
}

int core_tree_resolve(core_store *store, core_node *start, const char *path, int quiet, core_node **node)
{
    *node = NULL;
    if (path == NULL || path[0] == '\0') {
        if (!quiet)
            h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "empty path");
        return H5X_ERR_INVALID_ARGUMENT;
    }
    return resolve_from(store, start, path, quiet, 0, node);
}

int core_tree_locate(core_store *store, core_node *start, const char *path, int quiet, core_place *place)
{
    memset(place, 0, sizeof *place);
    if (path == NULL || path[0] == '\0') {
        if (!quiet)
            h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "empty path");
        return H5X_ERR_INVALID_ARGUMENT;
    }
    int status = walk_to_parent(store, start, path, quiet, 0, &place->group, &place->name, &place->length);
    if (status < 0 || place->group == NULL)
        return status;
    place->hash = core_map_hash(place->name, place->length);
    place->link = core_map_find_hashed(&place->group->u.links, place->name, place->length, place->hash);
    if (place->link == NULL)
        return fail(quiet, H5X_ERR_NOT_FOUND, "no link named '%.*s' (looking up '%s')", path, place->length,
                    place->name);
    return 0;
}

core_link *core_link_hard(core_node *target)
{
    core_link *link = core_link_new(target->store, H5X_LINK_HARD);
    if (link == NULL)
        return NULL;
    link->target = target;
    target->links++;
    return link;
}

int core_tree_add_link(core_place *place, core_link *link)
{
    int status = core_map_insert_hashed(&place->group->u.links, place->name, place->length, place->hash, link);
    if (status < 0) {
        if (link->kind == H5X_LINK_HARD)
            link->target->links--; /* the target is still held by its creator */
        core_link_free(place->group->store, link);
        return status;
    }
    link->corder = core_take_corder(place->group);
    place->link = link;
    core_store_touch(place->group->store);
    return 0;
}

int core_tree_add_group(core_place *place, int track_order, core_node **group_out)
{
    core_node *group = core_node_new(place->group->store, H5X_KIND_GROUP);
    if (group == NULL)
        return H5X_ERR_NO_MEMORY;
    group->track_order = track_order;
    group->handles++; /* held while it is linked in */
    core_link *link = core_link_hard(group);
    int status = link != NULL ? core_tree_add_link(place, link) : H5X_ERR_NO_MEMORY;
    core_node_release_handle(group); /* freed here if it could not be linked */
    if (status < 0)
        return status;
    if (group_out != NULL)
        *group_out = group;
    return 0;
}

int core_tree_prepare(core_file *file, core_node *start, const char *path, const core_node *moving,
                      core_place *place)
{
    core_store *store = file->store;
    memset(place, 0, sizeof *place);
    if (path == NULL || path[0] == '\0')
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "empty path");
    core_node *current = start_of(store, start, path);
    const char *cursor = path, *name;
    size_t length;
    if (!next_component(&cursor, &name, &length))
        return h5x_connector_error(H5X_ERR_EXISTS, "'%s' names an existing group", path);
    for (;;) {
        if (current == moving)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "cannot move a group into itself ('%s')", path);
        if (current->kind != H5X_KIND_GROUP)
            return h5x_connector_error(H5X_ERR_EXISTS, "cannot create '%s': an object on the way is not a group",
                                       path);
        uint64_t hash = core_map_hash(name, length);
        core_place step = {current, name, length, core_map_find_hashed(&current->u.links, name, length, hash), hash};
        if (!has_more_components(cursor)) {
            if (step.link != NULL)
                return h5x_connector_error(H5X_ERR_EXISTS, "'%.*s' already exists (creating '%s')", (int)length,
                                           name, path);
            *place = step;
            return 0;
        }
        core_node *next = NULL;
        int status = step.link != NULL ? follow(store, current, step.link, 0, 0, &next)
                                       : core_tree_add_group(&step, 0, &next);
        if (status < 0)
            return status;
        current = next;
        next_component(&cursor, &name, &length);
    }
}

/* ------------------------------------------------------ vtable callbacks */

int core_object_open(void *file_in, void *loc, const char *path, void **object, h5x_object_info *info)
{
    core_file *file = file_in;
    *object = NULL;
    core_node *node = NULL;
    int status = core_tree_resolve(file->store, core_location(loc), path, 0, &node);
    if (status < 0)
        return status;
    core_handle *handle = core_handle_new(file, node);
    if (handle == NULL)
        return H5X_ERR_NO_MEMORY;
    if (info != NULL)
        core_node_info(node, info);
    *object = handle;
    return 0;
}

int core_object_exists(void *file_in, void *loc, const char *path)
{
    core_file *file = file_in;
    core_node *start = core_location(loc);
    core_node *node = NULL;
    int status = core_tree_resolve(file->store, start, path, 1, &node);
    if (status == 0)
        return 1;
    /* an external link on the way: the core answers by following it */
    return status == H5X_ERR_NOT_SUPPORTED ? H5X_ERR_NOT_SUPPORTED : 0;
}

int core_group_create(void *file_in, void *loc, const char *path, int track_order, void **group_out)
{
    core_file *file = file_in;
    *group_out = NULL;
    int status = core_require_writable(file, "create a group");
    core_place place;
    if (status == 0)
        status = core_tree_prepare(file, core_location(loc), path, NULL, &place);
    core_node *group = NULL;
    if (status == 0)
        status = core_tree_add_group(&place, track_order, &group);
    if (status < 0)
        return status;
    core_handle *handle = core_handle_new(file, group);
    if (handle == NULL)
        return H5X_ERR_NO_MEMORY;
    *group_out = handle;
    return 0;
}

static int check_group(const core_node *node)
{
    if (node->kind == H5X_KIND_GROUP)
        return 0;
    return h5x_connector_error(H5X_ERR_BAD_HANDLE, "the object is not a group");
}

int core_group_length(void *group, int64_t *count)
{
    core_node *node = ((core_handle *)group)->node;
    int status = check_group(node);
    if (status == 0)
        *count = (int64_t)core_map_length(&node->u.links);
    return status;
}

typedef struct name_visit {
    h5x_connector_name_cb cb;
    void *core_data;
} name_visit;

static int visit_name(const char *name, void *value, void *user_data)
{
    (void)value;
    const name_visit *visit = user_data;
    return visit->cb(name, visit->core_data);
}

int core_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    core_node *node = ((core_handle *)group)->node;
    int status = check_group(node);
    if (status == 0 && order == H5X_ORDER_CREATION && !node->track_order)
        status = h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "creation order is not tracked for this group "
                                                               "(create it with track_order)");
    if (status < 0)
        return status;
    name_visit visit = {cb, core_data};
    return core_map_iterate(&node->u.links, order, visit_name, &visit);
}
