/*
 * vol_group.c — HDF5 groups as h5x groups.
 *
 * h5x creates the missing groups of a path as h5py does; HDF5 does so only
 * when the link creation list asks for it, so without that request a
 * missing parent is reported here, as libhdf5 would.  Whether a group
 * tracks the creation order of its links is not something h5x stores
 * apart: a group tracks it exactly when h5x can list its names in
 * creation order, and the creation list HDF5 gets back says so.
 */
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

int vol_check_parents(h5x_object *loc, const char *path, hid_t lcpl_id)
{
    unsigned create_parents = 0;
    if (lcpl_id >= 0 && lcpl_id != H5P_DEFAULT && H5Pget_create_intermediate_group(lcpl_id, &create_parents) < 0)
        create_parents = 0;
    if (create_parents)
        return 0;
    const char *last = strrchr(path, '/');
    if (last == NULL || last == path)
        return 0;
    size_t length = (size_t)(last - path);
    char *parent = malloc(length + 1);
    if (parent == NULL)
        return vol_fail_here("out of memory");
    memcpy(parent, path, length);
    parent[length] = '\0';
    int exists = h5x_contains(loc, parent);
    free(parent);
    if (exists == 1)
        return 0;
    return vol_fail_here("a group on the way to '%s' does not exist (intermediate groups were not asked for)",
                         path);
}

/* 1 when the group tracks link creation order, 0 when not. */
static int tracks_order(h5x_object *group)
{
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(group, H5X_ORDER_CREATION, &names, &count) < 0) {
        h5x_clear_error();
        return 0;
    }
    h5x_free_names(names, count);
    return 1;
}

static vol_object *create_group(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                                hid_t gcpl_id, hid_t gapl_id, hid_t dxpl_id, void **req)
{
    (void)gapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(lcpl_id, H5P_LINK_CREATE, "link creation") < 0 ||
        vol_check_plist(gcpl_id, H5P_GROUP_CREATE, "group creation") < 0 ||
        vol_check_plist(gapl_id, H5P_GROUP_ACCESS, "group access") < 0)
        return NULL;
    h5x_object *loc = vol_locate(parent, loc_params);
    if (loc == NULL)
        return NULL;
    h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
    /* h5x tracks the creation order of a group's links and attributes
     * together, as h5py's track_order does: asked for either, it keeps both */
    unsigned link_order = 0, attr_order = 0;
    if (gcpl_id >= 0 && gcpl_id != H5P_GROUP_CREATE_DEFAULT && H5Pget_link_creation_order(gcpl_id, &link_order) >= 0 &&
        H5Pget_attr_creation_order(gcpl_id, &attr_order) >= 0)
        options.track_order = ((link_order | attr_order) & H5P_CRT_ORDER_TRACKED) != 0;
    options.track_times = vol_track_times(parent->file, gcpl_id, H5P_GROUP_CREATE_DEFAULT);
    h5x_object *group = NULL;
    if (vol_check_parents(loc, name, lcpl_id) == 0) {
        group = h5x_group_create(loc, name, &options);
        if (group == NULL)
            vol_fail("cannot create group '%s'", name);
    }
    h5x_close(loc);
    if (group == NULL)
        return NULL;
    vol_tokens_changed(parent->file);
    return vol_object_new(VOL_GROUP, parent->file, group);
}

void *vol_group_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                       hid_t gcpl_id, hid_t gapl_id, hid_t dxpl_id, void **req)
{
    vol_object *parent = obj;
    char *hidden = NULL; /* H5Gcreate_anon */
    if (name == NULL && (name = hidden = vol_anonymous_name(parent->file)) == NULL)
        return NULL;
    vol_object *group = create_group(obj, loc_params, name, lcpl_id, gcpl_id, gapl_id, dxpl_id, req);
    if (group != NULL) {
        group->hidden_path = hidden;
        if (gcpl_id != H5P_DEFAULT && gcpl_id != H5P_GROUP_CREATE_DEFAULT) {
            vol_keep_plist(group, gcpl_id);
            vol_creation_remember(group, gcpl_id);
        }
    } else {
        free(hidden);
    }
    return group;
}

void *vol_group_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t gapl_id,
                     hid_t dxpl_id, void **req)
{
    (void)gapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(gapl_id, H5P_GROUP_ACCESS, "group access") < 0)
        return NULL;
    h5x_object *loc = vol_locate(parent, loc_params);
    if (loc == NULL)
        return NULL;
    h5x_object *group = vol_open_path(parent->file, loc, name);
    h5x_close(loc);
    if (group == NULL) {
        vol_fail("cannot open group '%s'", name);
        return NULL;
    }
    h5x_object_kind kind = h5x_object_get_kind(group);
    if (kind != H5X_KIND_GROUP && kind != H5X_KIND_FILE) {
        h5x_close(group);
        vol_fail_here("'%s' is not a group", name);
        return NULL;
    }
    vol_object *opened = vol_object_new(VOL_GROUP, parent->file, group);
    if (opened != NULL)
        vol_creation_recall(opened);
    return opened;
}

herr_t vol_group_get(void *obj, H5VL_group_get_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    switch (args->op_type) {
    case H5VL_GROUP_GET_GCPL: {
        if (object->plist >= 0) { /* the list the group was created with */
            args->args.get_gcpl.gcpl_id = H5Pcopy(object->plist);
            return args->args.get_gcpl.gcpl_id >= 0 ? 0 : vol_fail_here("cannot copy a group creation list");
        }
        hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
        if (gcpl >= 0 && tracks_order(object->object))
            H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
        args->args.get_gcpl.gcpl_id = gcpl;
        return gcpl >= 0 ? 0 : vol_fail_here("cannot make a group creation list");
    }
    case H5VL_GROUP_GET_INFO: {
        h5x_object *group = vol_locate(object, &args->args.get_info.loc_params);
        if (group == NULL)
            return -1;
        int64_t length = h5x_group_length(group);
        H5G_info_t *info = args->args.get_info.ginfo;
        herr_t status = 0;
        /* libhdf5's own answer when the group is a libhdf5 group underneath
         * (the native connector): its storage and highest creation order */
        int64_t native = -1;
        herr_t below = -1;
        if (length >= 0 && h5x_native_handle(group, &native) == 0) {
            H5E_BEGIN_TRY
            {
                below = H5Gget_info((hid_t)native, info);
            }
            H5E_END_TRY
        }
        h5x_clear_error();
        if (below >= 0) {
            /* libhdf5's mounted flag: a file mounted there below h5x */
        } else if (length < 0) {
            status = vol_fail("cannot count the links of a group");
        } else {
            info->storage_type = H5G_STORAGE_TYPE_COMPACT;
            info->nlinks = (hsize_t)length;
            /* the connector's creation order counter when it keeps one
             * (core), else the count of links as if none was deleted */
            h5x_op_link_order order = {.name = NULL};
            if (h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order) == 0)
                info->max_corder = order.max_corder;
            else
                info->max_corder = tracks_order(group) ? length : 0;
            h5x_clear_error();
            info->mounted = 0;
        }
        h5x_close(group);
        return status;
    }
    }
    return vol_fail_here("unknown group query (%d)", (int)args->op_type);
}

/* H5Fmount and H5Funmount.  h5x has no mount points; when the parent
 * group and the child file are libhdf5's underneath (the native
 * connector), libhdf5 mounts the one on the other there, and every path
 * h5x then walks through the parent goes into the child, as libhdf5's own
 * walks do.  Elsewhere mounting is refused (and not claimed,
 * vol_introspect.c). */
static herr_t mount(vol_object *group, H5VL_group_specific_args_t *args)
{
    int64_t parent = -1, child = -1;
    if (h5x_native_handle(group->object, &parent) != 0)
        return vol_fail("this h5x connector has no mount points (H5Fmount/H5Funmount)");
    herr_t status;
    if (args->op_type == H5VL_GROUP_MOUNT) {
        vol_object *child_file = args->args.mount.child_file;
        if (child_file == NULL || h5x_native_handle(child_file->file->root, &child) != 0)
            return vol_fail("the file to mount is not a libhdf5 file below h5x");
        /* the child's root group id stands for its file: H5Fmount takes a
         * file or any object's id of the file */
        hid_t child_file_id = H5Iget_file_id((hid_t)child);
        if (child_file_id < 0)
            return vol_fail_here("libhdf5 cannot name the file to mount");
        status = H5Fmount((hid_t)parent, args->args.mount.name, child_file_id, args->args.mount.fmpl_id);
        H5Fclose(child_file_id);
        if (status < 0)
            return vol_fail_here("libhdf5 cannot mount a file on '%s' below h5x", args->args.mount.name);
    } else {
        status = H5Funmount((hid_t)parent, args->args.unmount.name);
        if (status < 0)
            return vol_fail_here("libhdf5 cannot unmount the file at '%s' below h5x", args->args.unmount.name);
    }
    vol_tokens_changed(group->file);
    return 0;
}

herr_t vol_group_specific(void *obj, H5VL_group_specific_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *group = obj;
    switch (args->op_type) {
    case H5VL_GROUP_FLUSH:
        return h5x_file_flush(group->object) >= 0 ? 0 : vol_fail("cannot flush");
    case H5VL_GROUP_REFRESH:
        return 0;
    case H5VL_GROUP_MOUNT:
    case H5VL_GROUP_UNMOUNT:
        return mount(group, args);
    }
    return vol_fail_here("unknown group operation (%d)", (int)args->op_type);
}

herr_t vol_group_close(void *grp, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object_free(grp);
    return 0;
}
