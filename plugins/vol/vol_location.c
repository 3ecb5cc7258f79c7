/*
 * vol_location.c — from HDF5's ways of naming an object to h5x handles.
 *
 * HDF5 names the object a call is about by a location: the object itself,
 * a path below it, the n-th link of a group in some index and order, or a
 * token.  h5x names objects by path from a handle, so each form becomes an
 * h5x_open: an index is turned into the name at that position of the
 * group's sorted names, a token into the object the token table knows.
 * Names in an index come back from h5x already sorted by name or by
 * creation; HDF5's decreasing order simply walks that list backwards.
 */
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

vol_object *vol_object_new(vol_kind kind, vol_file *file, h5x_object *object)
{
    file = vol_file_for(file, object);
    vol_object *result = file != NULL ? calloc(1, sizeof *result) : NULL;
    if (result == NULL) {
        h5x_close(object);
        vol_fail_here("out of memory");
        return NULL;
    }
    result->kind = kind;
    result->file = file;
    result->object = object;
    result->native_id = H5I_INVALID_HID;
    result->plist = H5I_INVALID_HID;
    vol_file_retain(file);
    result->next = file->open_objects;
    if (file->open_objects != NULL)
        file->open_objects->previous = result;
    file->open_objects = result;
    if (kind == VOL_DATATYPE) {
        /* for get_object (vol_connector.c) */
        int64_t native = -1;
        if (h5x_native_handle(object, &native) == 0)
            result->native_id = (hid_t)native;
        else
            h5x_clear_error();
    }
    return result;
}

void vol_object_free(vol_object *object)
{
    if (object == NULL)
        return;
    h5x_close(object->object);
    object->object = NULL;
    vol_anonymous_drop(object);
    free(object->attr_name);
    if (object->plist >= 0)
        H5Pclose(object->plist);
    if (object->previous != NULL)
        object->previous->next = object->next;
    else
        object->file->open_objects = object->next;
    if (object->next != NULL)
        object->next->previous = object->previous;
    free(object->shadow);
    vol_file_release(object->file);
    free(object);
}

void vol_keep_plist(vol_object *object, hid_t plist)
{
    if (object == NULL || plist < 0 || H5Iget_type(plist) != H5I_GENPROP_LST)
        return;
    if (object->plist >= 0)
        H5Pclose(object->plist);
    object->plist = H5Pcopy(plist);
}

vol_object *vol_object_of_shadow(vol_file *file, const void *pointer)
{
    for (vol_object *object = file->open_objects; object != NULL; object = object->next)
        if (pointer != NULL && vol_object_shadow(object) == pointer)
            return object;
    return NULL;
}

H5I_type_t vol_id_type_of(h5x_object *object)
{
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_DATASET:
        return H5I_DATASET;
    case H5X_KIND_DATATYPE:
        return H5I_DATATYPE;
    default:
        return H5I_GROUP;
    }
}

H5O_type_t vol_object_type_of(h5x_object *object)
{
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_DATASET:
        return H5O_TYPE_DATASET;
    case H5X_KIND_DATATYPE:
        return H5O_TYPE_NAMED_DATATYPE;
    case H5X_KIND_FILE:
    case H5X_KIND_GROUP:
        return H5O_TYPE_GROUP;
    }
    return H5O_TYPE_UNKNOWN;
}

static vol_kind kind_of(h5x_object *object)
{
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_DATASET:
        return VOL_DATASET;
    case H5X_KIND_DATATYPE:
        return VOL_DATATYPE;
    default:
        return VOL_GROUP;
    }
}

hid_t vol_register(vol_file *file, h5x_object *object)
{
    H5I_type_t type = vol_id_type_of(object);
    vol_object *wrapped = vol_object_new(kind_of(object), file, object);
    if (wrapped == NULL)
        return H5I_INVALID_HID;
    hid_t id = H5VLwrap_register(wrapped, type);
    if (id < 0) {
        vol_object_free(wrapped);
        vol_fail_here("cannot register an identifier for an object of the h5x VOL connector");
    }
    return id;
}

static void reverse(char **names, size_t count)
{
    for (size_t i = 0; i < count / 2; i++) {
        char *kept = names[i];
        names[i] = names[count - 1 - i];
        names[count - 1 - i] = kept;
    }
}

/* Takes the list through pointers: it is read only after the call that
 * fills it (the order in which arguments are evaluated is unspecified). */
static int order_names(int status, H5_iter_order_t order, char ***names, size_t *count)
{
    if (status >= 0 && order == H5_ITER_DEC)
        reverse(*names, *count);
    return status;
}

int vol_link_names(h5x_object *group, H5_index_t index, H5_iter_order_t order, char ***names, size_t *count)
{
    h5x_order h5x_index = index == H5_INDEX_CRT_ORDER ? H5X_ORDER_CREATION : H5X_ORDER_NAME;
    return order_names(h5x_group_names(group, h5x_index, names, count), order, names, count);
}

int vol_link_names_for_visit(h5x_object *group, H5_index_t index, H5_iter_order_t order, char ***names,
                             size_t *count)
{
    if (index == H5_INDEX_CRT_ORDER && vol_link_names(group, index, order, names, count) >= 0)
        return 0;
    h5x_clear_error();
    return vol_link_names(group, H5_INDEX_NAME, order, names, count);
}

int vol_attr_names(h5x_object *object, H5_index_t index, H5_iter_order_t order, char ***names, size_t *count)
{
    /* libhdf5 sorts attributes by their creation index even when it is not
     * tracked (every index is then 0); name order is the stable stand-in */
    if (index == H5_INDEX_CRT_ORDER && h5x_attr_names(object, H5X_ORDER_CREATION, names, count) >= 0)
        return order_names(0, order, names, count);
    h5x_clear_error();
    return order_names(h5x_attr_names(object, H5X_ORDER_NAME, names, count), order, names, count);
}

void vol_copy_name(const char *name, char *buf, size_t size, size_t *length)
{
    size_t n = strlen(name);
    if (length != NULL)
        *length = n;
    if (buf != NULL && size > 0) {
        size_t copied = n < size - 1 ? n : size - 1;
        memcpy(buf, name, copied);
        buf[copied] = '\0';
    }
}

/* The target of an external link, opened in its own file with the
 * connector of the linking file: a relative name is looked for beside the
 * linking file first, then as given (libhdf5's order without a prefix). */
static h5x_object *open_external(vol_file *file, const h5x_link_info *link)
{
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = file->info.connector_spec;
    const char *mode = file->intent & H5F_ACC_RDWR ? "r+" : "r";
    h5x_object *root = NULL;
    const char *slash = strrchr(file->name, '/');
    if (link->target_file[0] != '/' && slash != NULL) {
        size_t directory = (size_t)(slash - file->name) + 1;
        char *beside = malloc(directory + strlen(link->target_file) + 1);
        if (beside != NULL) {
            memcpy(beside, file->name, directory);
            strcpy(beside + directory, link->target_file);
            root = h5x_file_open(beside, mode, &options);
            free(beside);
        }
    }
    if (root == NULL)
        root = h5x_file_open(link->target_file, mode, &options);
    h5x_object *target = root != NULL ? h5x_open(root, link->target_path) : NULL;
    h5x_close(root);
    return target;
}

h5x_object *vol_open_path(vol_file *file, h5x_object *loc, const char *path)
{
    h5x_link_info link = {0};
    h5x_object *result = NULL;
    if (h5x_link_get_info(loc, path, &link) == 0 && link.kind == H5X_LINK_EXTERNAL)
        result = open_external(file, &link);
    else
        result = h5x_open(loc, path);
    h5x_free(link.target_path);
    h5x_free(link.target_file);
    return result;
}

h5x_object *vol_reopen(h5x_object *object)
{
    h5x_object_kind kind = h5x_object_get_kind(object);
    if (kind == H5X_KIND_GROUP || kind == H5X_KIND_FILE)
        return h5x_open(object, ".");
    /* a dataset or datatype: by its path from the root of its file */
    char *path = h5x_object_name(object);
    h5x_object *root = path != NULL ? h5x_object_file(object) : NULL;
    h5x_object *again = root != NULL ? h5x_open(root, path) : NULL;
    h5x_close(root);
    h5x_free(path);
    return again;
}

static h5x_object *open_by_index(h5x_object *loc, const H5VL_loc_by_idx_t *by_idx)
{
    h5x_object *group = h5x_open(loc, by_idx->name);
    if (group == NULL) {
        vol_fail("cannot open group '%s'", by_idx->name);
        return NULL;
    }
    char **names = NULL;
    size_t count = 0;
    h5x_object *result = NULL;
    if (vol_link_names(group, by_idx->idx_type, by_idx->order, &names, &count) < 0)
        vol_fail("cannot list the links of '%s'", by_idx->name);
    else if (by_idx->n >= count)
        vol_fail_here("index %llu is beyond the %zu links of '%s'", (unsigned long long)by_idx->n, count,
                      by_idx->name);
    else if ((result = h5x_open(group, names[by_idx->n])) == NULL)
        vol_fail("cannot open '%s' in '%s'", names[by_idx->n], by_idx->name);
    if (names != NULL)
        h5x_free_names(names, count);
    h5x_close(group);
    return result;
}

int vol_check_plist(hid_t plist, hid_t plist_class, const char *what)
{
    if (plist == H5P_DEFAULT)
        return 0;
    if (H5Pisa_class(plist, plist_class) > 0)
        return 0;
    return vol_fail_here("not a %s property list", what);
}

h5x_object *vol_locate(vol_object *obj, const H5VL_loc_params_t *loc_params)
{
    h5x_object *result = NULL;
    if ((loc_params->type == H5VL_OBJECT_BY_NAME &&
         vol_check_plist(loc_params->loc_data.loc_by_name.lapl_id, H5P_LINK_ACCESS, "link access") < 0) ||
        (loc_params->type == H5VL_OBJECT_BY_IDX &&
         vol_check_plist(loc_params->loc_data.loc_by_idx.lapl_id, H5P_LINK_ACCESS, "link access") < 0))
        return NULL;
    switch (loc_params->type) {
    case H5VL_OBJECT_BY_SELF:
        result = vol_reopen(obj->object);
        if (result == NULL)
            vol_fail("cannot reopen an object");
        return result;
    case H5VL_OBJECT_BY_NAME:
        result = vol_open_path(obj->file, obj->object, loc_params->loc_data.loc_by_name.name);
        if (result == NULL)
            vol_fail("cannot open '%s'", loc_params->loc_data.loc_by_name.name);
        return result;
    case H5VL_OBJECT_BY_IDX:
        return open_by_index(obj->object, &loc_params->loc_data.loc_by_idx);
    case H5VL_OBJECT_BY_TOKEN:
        result = vol_token_open(obj->file, loc_params->loc_data.loc_by_token.token);
        if (result == NULL)
            vol_fail("no object with that token in '%s'", obj->file->name);
        return result;
    }
    vol_fail_here("unknown kind of location (%d)", (int)loc_params->type);
    return NULL;
}
