/*
 * core_link.c — creating, reading, moving and deleting links.
 *
 * Links are what groups hold (core_map values under their names); objects
 * are what hard links point at.  Creating a link creates missing groups on
 * the way, as h5py's link creation properties ask libhdf5 to.  Soft links
 * store their target as text and may dangle; external links store a file
 * name and a path and are never followed here (see core_tree.c).
 *
 * Deleting a hard link drops one reference of its object; the last one
 * frees it (core_node.c), unless a handle still holds it.  Moving a link
 * takes it out of one group and puts the same link into another under the
 * new name: the object is not touched, so handles on it stay valid; as in
 * HDF5, the moved link is the newest in its new group's creation order.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

int core_link_delete(void *file_in, void *loc, const char *path)
{
    core_file *file = file_in;
    int status = core_require_writable(file, "delete a link");
    if (status < 0)
        return status;
    core_place place;
    status = core_tree_locate(file->store, core_location(loc), path, 0, &place);
    if (status < 0)
        return status;
    if (place.group == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "'%s' names a group by itself, not a link: it "
                                   "cannot be deleted", path);
    core_link *link = core_map_remove(&place.group->u.links, place.name, place.length);
    if (core_map_length(&place.group->u.links) == 0)
        place.group->next_corder = 0; /* libhdf5 numbers an emptied group afresh */
    core_store_touch(file->store);
    if (link->kind == H5X_LINK_HARD)
        core_node_release_link(link->target);
    core_link_free(file->store, link);
    return 0;
}

static char *copy_text(const char *text)
{
    char *copy = strdup(text);
    if (copy == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory copying a link");
    return copy;
}

int core_link_info(void *file_in, void *loc, const char *path, h5x_link_info *info)
{
    core_file *file = file_in;
    memset(info, 0, sizeof *info);
    core_place place;
    int status = core_tree_locate(file->store, core_location(loc), path, 0, &place);
    if (status < 0)
        return status;
    if (place.group == NULL) {
        /* the root, or the location itself: reported as a hard link, as
         * h5py's get(name, getlink=True) does for "/" */
        info->kind = H5X_LINK_HARD;
        return 0;
    }
    info->kind = place.link->kind;
    if (place.link->kind == H5X_LINK_HARD)
        return 0;
    info->target_path = copy_text(place.link->target_path);
    if (place.link->kind == H5X_LINK_EXTERNAL)
        info->target_file = copy_text(place.link->target_file);
    if (info->target_path == NULL || (place.link->kind == H5X_LINK_EXTERNAL && info->target_file == NULL)) {
        free(info->target_path);
        free(info->target_file);
        memset(info, 0, sizeof *info);
        return H5X_ERR_NO_MEMORY;
    }
    return 0;
}

int core_link_create_hard(void *file_in, void *target_object, void *loc, const char *path)
{
    core_file *file = file_in;
    int status = core_require_writable(file, "create a hard link");
    if (status < 0)
        return status;
    core_node *target = target_object != NULL ? ((core_handle *)target_object)->node : file->store->root;
    if (target->store != file->store)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "a hard link cannot point into another file ('%s' is in '%s', the link in '%s')",
                                   path, target->store->name, file->store->name);
    core_place place;
    status = core_tree_prepare(file, core_location(loc), path, NULL, &place);
    if (status < 0)
        return status;
    core_link *link = core_link_hard(target);
    return link != NULL ? core_tree_add_link(&place, link) : H5X_ERR_NO_MEMORY;
}

/* Soft and external links: text only. */
static int create_text_link(core_file *file, h5x_link_kind kind, const char *target_file, const char *target_path,
                            void *loc, const char *path)
{
    int status = core_require_writable(file, kind == H5X_LINK_SOFT ? "create a soft link" : "create an external link");
    if (status < 0)
        return status;
    if (target_path == NULL || target_path[0] == '\0' || (kind == H5X_LINK_EXTERNAL && target_file == NULL))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a link to '%s' needs a non-empty target",
                                   path != NULL ? path : "");
    if (kind == H5X_LINK_EXTERNAL && target_file[0] == '\0')
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "an external link needs a file name");
    core_place place;
    status = core_tree_prepare(file, core_location(loc), path, NULL, &place);
    if (status < 0)
        return status;
    core_link *link = core_link_new(file->store, kind);
    if (link == NULL)
        return H5X_ERR_NO_MEMORY;
    if ((link->target_path = strdup(target_path)) == NULL ||
        (kind == H5X_LINK_EXTERNAL && (link->target_file = strdup(target_file)) == NULL)) {
        core_link_free(file->store, link);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory creating the link '%s'", path);
    }
    return core_tree_add_link(&place, link);
}

int core_link_create_soft(void *file, const char *target_path, void *loc, const char *path)
{
    return create_text_link(file, H5X_LINK_SOFT, NULL, target_path, loc, path);
}

int core_link_create_external(void *file, const char *target_file, const char *target_path, void *loc,
                              const char *path)
{
    return create_text_link(file, H5X_LINK_EXTERNAL, target_file, target_path, loc, path);
}

int core_link_move(void *file_in, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path)
{
    core_file *file = file_in;
    int status = core_require_writable(file, "move a link");
    if (status < 0)
        return status;
    core_place from, to;
    status = core_tree_locate(file->store, core_location(src_loc), src_path, 0, &from);
    if (status < 0)
        return status;
    if (from.group == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "'%s' is not a link that can be moved", src_path);
    core_place same;
    if (core_tree_locate(file->store, core_location(dst_loc), dst_path, 1, &same) == 0 && same.link == from.link)
        return 0; /* h5py: moving a name onto itself changes nothing */
    const core_node *moving = from.link->kind == H5X_LINK_HARD ? from.link->target : NULL;
    status = core_tree_prepare(file, core_location(dst_loc), dst_path, moving, &to);
    if (status < 0)
        return status;
    /* preparing may have created groups, but never inside from.group's
     * entry for the moved link, so `from` still names it */
    core_link *link = core_map_remove(&from.group->u.links, from.name, from.length);
    status = core_map_insert(&to.group->u.links, to.name, to.length, link);
    if (status < 0) {
        /* put it back where it was; that name was just freed, so there is room */
        if (core_map_insert(&from.group->u.links, from.name, from.length, link) < 0) {
            if (link->kind == H5X_LINK_HARD)
                core_node_release_link(link->target);
            core_link_free(file->store, link);
        }
        return status;
    }
    /* libhdf5 numbers a moved link as a new one of its destination, and
     * an emptied group afresh */
    link->corder = core_take_corder(to.group);
    if (core_map_length(&from.group->u.links) == 0)
        from.group->next_corder = 0;
    core_store_touch(file->store);
    return 0;
}
