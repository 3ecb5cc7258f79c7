/*
 * vol_object.c — the H5O calls: objects of any kind, by location.
 *
 * H5Oopen, H5Oget_info3, H5Ovisit3, H5Oexists_by_name and H5Ocopy work on
 * groups, datasets and committed datatypes alike; h5x has the same
 * generality in h5x_open, h5x_contains and h5x_copy.  An object's
 * reference count (the number of hard links to it) is what h5dump uses to
 * print a second name of an object as a HARDLINK; h5x does not keep it, so
 * the token table counts the links of the file once (vol_token.c).
 * Times are those the connector below keeps (objects created with
 * libhdf5's default lists keep them where it can, see vol_dataset.c and
 * vol_group.c), and read as 0 where it keeps none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

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

void *vol_object_open(void *obj, const H5VL_loc_params_t *loc_params, H5I_type_t *opened_type, hid_t dxpl_id,
                      void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    h5x_object *object = vol_locate(parent, loc_params);
    if (object == NULL)
        return NULL;
    *opened_type = vol_id_type_of(object);
    return vol_object_new(kind_of(object), parent->file, object);
}

/* H5Ocopy's options, applied to the finished h5x copy (h5x copies
 * everything, as h5py's copy does): H5O_COPY_WITHOUT_ATTR_FLAG drops the
 * attributes of every copied object, H5O_COPY_SHALLOW_HIERARCHY_FLAG
 * empties the groups below the copied one, H5O_COPY_EXPAND_SOFT_LINK_FLAG
 * replaces soft links by copies of what they point at (from the source
 * side).  depth is 0 for the copied object itself. */
static int apply_copy_options(h5x_object *copy, h5x_object *source, unsigned options, int depth)
{
    int status = 0;
    if (options & H5O_COPY_WITHOUT_ATTR_FLAG) {
        char **names = NULL;
        size_t count = 0;
        if (h5x_attr_names(copy, H5X_ORDER_NAME, &names, &count) < 0)
            return -1;
        for (size_t i = 0; i < count && status == 0; i++)
            status = h5x_attr_delete(copy, names[i]);
        h5x_free_names(names, count);
    }
    if (status < 0 || h5x_object_get_kind(copy) != H5X_KIND_GROUP)
        return status;
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(copy, H5X_ORDER_NAME, &names, &count) < 0)
        return -1;
    for (size_t i = 0; i < count && status == 0; i++) {
        if ((options & H5O_COPY_SHALLOW_HIERARCHY_FLAG) && depth >= 1) {
            status = h5x_delete(copy, names[i]);
            continue;
        }
        h5x_link_info link = {0};
        if (h5x_link_get_info(copy, names[i], &link) < 0) {
            status = -1;
            break;
        }
        if (link.kind == H5X_LINK_SOFT && (options & H5O_COPY_EXPAND_SOFT_LINK_FLAG)) {
            status = h5x_delete(copy, names[i]);
            if (status == 0 && h5x_contains(source, names[i]) == 1)
                status = h5x_copy(source, names[i], copy, names[i]);
            h5x_clear_error();
        }
        if (status == 0 && link.kind == H5X_LINK_HARD) {
            h5x_object *member = h5x_open(copy, names[i]);
            h5x_object *origin = source != NULL ? h5x_open(source, names[i]) : NULL;
            h5x_clear_error();
            status = member != NULL ? apply_copy_options(member, origin, options, depth + 1) : -1;
            h5x_close(member);
            h5x_close(origin);
        }
        h5x_free(link.target_path);
        h5x_free(link.target_file);
    }
    h5x_free_names(names, count);
    return status;
}

herr_t vol_object_copy(void *src_obj, const H5VL_loc_params_t *loc_params1, const char *src_name, void *dst_obj,
                       const H5VL_loc_params_t *loc_params2, const char *dst_name, hid_t ocpypl_id,
                       hid_t lcpl_id, hid_t dxpl_id, void **req)
{
    (void)lcpl_id, (void)dxpl_id, (void)req;
    h5x_object *src = vol_locate(src_obj, loc_params1);
    h5x_object *dst = src != NULL ? vol_locate(dst_obj, loc_params2) : NULL;
    herr_t status = dst != NULL ? 0 : -1;
    if (status == 0 && h5x_contains(dst, dst_name) == 1)
        status = vol_fail_here("'%s' already exists", dst_name);
    if (status == 0 && h5x_copy(src, src_name, dst, dst_name) < 0)
        status = vol_fail("cannot copy '%s' to '%s'", src_name, dst_name);
    unsigned options = 0;
    if (status == 0 && ocpypl_id >= 0 && H5Pget_copy_object(ocpypl_id, &options) >= 0 &&
        (options & (H5O_COPY_WITHOUT_ATTR_FLAG | H5O_COPY_SHALLOW_HIERARCHY_FLAG | H5O_COPY_EXPAND_SOFT_LINK_FLAG))) {
        h5x_object *copy = h5x_open(dst, dst_name);
        h5x_object *source = h5x_open(src, src_name);
        if (copy == NULL || source == NULL || apply_copy_options(copy, source, options, 0) < 0)
            status = vol_fail("cannot apply the copy options to '%s'", dst_name);
        h5x_close(copy);
        h5x_close(source);
    }
    if (status == 0)
        vol_tokens_changed(((vol_object *)dst_obj)->file);
    h5x_close(src);
    h5x_close(dst);
    return status;
}

unsigned long vol_fileno_of(h5x_object *object)
{
    char *name = h5x_file_name(object);
    if (name == NULL) {
        h5x_clear_error();
        return 1;
    }
    uint64_t hash = UINT64_C(1469598103934665603);
    for (const char *c = name; *c != '\0'; c++)
        hash = (hash ^ (uint8_t)*c) * UINT64_C(1099511628211);
    h5x_free(name);
    return (unsigned long)(hash | 1);
}

static herr_t object_info(vol_file *file, h5x_object *object, unsigned fields, H5O_info2_t *info)
{
    memset(info, 0, sizeof *info);
    /* an object reached through an external link lives in another file */
    info->fileno = vol_fileno_of(object);
    info->type = vol_object_type_of(object);
    if (vol_token_of(file, object, &info->token) < 0)
        return -1;
    info->rc = 1;
    if (fields & H5O_INFO_BASIC) {
        /* libhdf5's count when it keeps the object (the native connector):
         * it includes what H5Oincr_refcount added */
        int64_t native = -1;
        H5O_info2_t below;
        herr_t found = -1;
        if (h5x_native_handle(object, &native) == 0) {
            H5E_BEGIN_TRY
            {
                found = H5Oget_info3((hid_t)native, &below, H5O_INFO_BASIC);
            }
            H5E_END_TRY
        }
        h5x_clear_error();
        /* else the connector's own count when it keeps one (core) */
        h5x_op_link_count kept = {.delta = 0, .count = -1};
        if (found < 0 && h5x_connector_optional(object, H5X_CONNECTOR_OP_LINK_COUNT, &kept) < 0) {
            h5x_clear_error();
            kept.count = -1;
        }
        if (found >= 0)
            info->rc = below.rc;
        else if (kept.count >= 0)
            info->rc = (unsigned)kept.count;
        else
            info->rc = vol_token_link_count(file, &info->token);
    }
    if (fields & H5O_INFO_TIME) {
        h5x_object_times times;
        if (h5x_object_get_times(object, &times) < 0)
            return vol_fail("cannot read the times of an object");
        info->atime = (time_t)times.atime;
        info->mtime = (time_t)times.mtime;
        info->ctime = (time_t)times.ctime;
        info->btime = (time_t)times.btime;
    }
    if (fields & H5O_INFO_NUM_ATTRS) {
        int64_t count = h5x_attr_count(object);
        if (count < 0)
            return vol_fail("cannot count attributes");
        info->num_attrs = (hsize_t)count;
    }
    return 0;
}

typedef struct object_visit {
    vol_file *file;
    hid_t start_id;
    H5VL_object_visit_args_t *visit;
    vol_token_set seen;
} object_visit;

static herr_t visit_group(object_visit *state, h5x_object *group, const char *prefix)
{
    char **names = NULL;
    size_t count = 0;
    if (vol_link_names_for_visit(group, state->visit->idx_type, state->visit->order, &names, &count) < 0)
        return vol_fail("cannot list the links of a group");
    herr_t result = 0;
    for (size_t i = 0; result == 0 && i < count; i++) {
        h5x_link_info link = {0};
        if (h5x_link_get_info(group, names[i], &link) < 0) {
            result = vol_fail("cannot read link '%s'", names[i]);
            break;
        }
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        if (link.kind != H5X_LINK_HARD)
            continue;
        size_t length = strlen(prefix) + strlen(names[i]) + 2;
        char *path = malloc(length);
        h5x_object *child = path != NULL ? h5x_open(group, names[i]) : NULL;
        if (child == NULL) {
            free(path);
            result = vol_fail("cannot open '%s'", names[i]);
            break;
        }
        snprintf(path, length, "%s%s%s", prefix, prefix[0] != '\0' ? "/" : "", names[i]);
        H5O_info2_t info;
        result = object_info(state->file, child, state->visit->fields, &info);
        if (result == 0 && !vol_token_set_seen(&state->seen, &info.token)) {
            result = state->visit->op(state->start_id, path, &info, state->visit->op_data);
            if (result == 0 && info.type == H5O_TYPE_GROUP)
                result = visit_group(state, child, path);
        }
        h5x_close(child);
        free(path);
    }
    h5x_free_names(names, count);
    return result;
}

static herr_t visit_objects(vol_object *object, const H5VL_loc_params_t *loc_params, H5VL_object_visit_args_t *visit)
{
    h5x_object *start = vol_locate(object, loc_params);
    if (start == NULL)
        return -1;
    object_visit state = {object->file, H5I_INVALID_HID, visit, {0}};
    h5x_object *again = vol_reopen(start);
    state.start_id = again != NULL ? vol_register(object->file, again) : H5I_INVALID_HID;
    herr_t result = state.start_id >= 0 ? 0 : vol_fail("cannot register an object for a visit");
    H5O_info2_t info;
    if (result == 0)
        result = object_info(object->file, start, visit->fields, &info);
    if (result == 0) {
        vol_token_set_seen(&state.seen, &info.token);
        result = visit->op(state.start_id, ".", &info, visit->op_data);
    }
    if (result == 0 && info.type == H5O_TYPE_GROUP)
        result = visit_group(&state, start, "");
    if (state.start_id >= 0)
        H5Idec_ref(state.start_id);
    vol_token_set_clear(&state.seen);
    h5x_close(start);
    return result;
}

/* 1 when path still leads to object: HDF5 names an object whose link was
 * deleted, and an anonymous one, with the empty string. */
static int still_named(h5x_object *object, const char *path)
{
    if (strncmp(path, "/.h5x-anonymous-", 16) == 0)
        return 0;
    /* from the object itself: one reached by an external link is named in
     * its own file.  Object references tell whether it is the same object;
     * a connector without them can only say that the path leads somewhere. */
    h5x_object *again = h5x_open(object, path);
    h5x_ref mine, theirs;
    int same = again != NULL;
    if (same && h5x_object_ref(object, &mine) == 0 && h5x_object_ref(again, &theirs) == 0)
        same = memcmp(&mine, &theirs, sizeof mine) == 0;
    h5x_close(again);
    h5x_clear_error();
    H5Eclear2(H5E_DEFAULT);
    return same;
}

herr_t vol_object_get(void *obj, const H5VL_loc_params_t *loc_params, H5VL_object_get_args_t *args,
                      hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    if (args->op_type == H5VL_OBJECT_GET_FILE) {
        h5x_object *root = h5x_open(object->file->root, "/");
        vol_object *file_object = root != NULL ? vol_object_new(VOL_FILE, object->file, root) : NULL;
        *args->args.get_file.file = file_object;
        return file_object != NULL ? 0 : vol_fail("cannot open the root group");
    }
    /* An identifier's own name (H5Iget_name) comes from the handle itself:
     * reopening it by its path fails once its last link is gone, when the
     * answer is that it has no name. */
    int own_name = args->op_type == H5VL_OBJECT_GET_NAME && loc_params->type == H5VL_OBJECT_BY_SELF;
    h5x_object *located = own_name ? NULL : vol_locate(object, loc_params);
    h5x_object *target = own_name ? object->object : located;
    if (target == NULL)
        return -1;
    herr_t status = 0;
    switch (args->op_type) {
    case H5VL_OBJECT_GET_NAME: {
        /* libhdf5 keeps the names of its own objects up to date (deleted
         * links, external links followed on its own): with the native
         * connector below, its name is the answer */
        int64_t native = -1;
        if (h5x_native_handle(target, &native) == 0) {
            ssize_t length = H5Iget_name((hid_t)native, args->args.get_name.buf, args->args.get_name.buf_size);
            if (length < 0) {
                status = vol_fail_here("libhdf5 cannot name the object");
            } else if (args->args.get_name.name_len != NULL) {
                *args->args.get_name.name_len = (size_t)length;
            }
            break;
        }
        h5x_clear_error();
        char *name = h5x_object_name(target);
        if (name == NULL) {
            status = vol_fail("cannot name an object");
            break;
        }
        vol_copy_name(still_named(target, name) ? name : "", args->args.get_name.buf,
                      args->args.get_name.buf_size, args->args.get_name.name_len);
        h5x_free(name);
        break;
    }
    case H5VL_OBJECT_GET_TYPE:
        *args->args.get_type.obj_type = vol_object_type_of(target);
        break;
    case H5VL_OBJECT_GET_INFO:
        status = object_info(object->file, target, args->args.get_info.fields, args->args.get_info.oinfo);
        break;
    default:
        status = vol_fail_here("unknown object query (%d)", (int)args->op_type);
    }
    h5x_close(located);
    return status;
}

herr_t vol_object_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_object_specific_args_t *args,
                           hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    switch (args->op_type) {
    case H5VL_OBJECT_EXISTS: {
        if (loc_params->type != H5VL_OBJECT_BY_NAME)
            return vol_fail_here("existence is asked by name");
        if (vol_check_plist(loc_params->loc_data.loc_by_name.lapl_id, H5P_LINK_ACCESS, "link access") < 0)
            return -1;
        int found = h5x_contains(object->object, loc_params->loc_data.loc_by_name.name);
        if (found < 0)
            return vol_fail("cannot look for '%s'", loc_params->loc_data.loc_by_name.name);
        *args->args.exists.exists = found == 1;
        return 0;
    }
    case H5VL_OBJECT_LOOKUP: {
        h5x_object *target = vol_locate(object, loc_params);
        herr_t status = target != NULL ? vol_token_of(object->file, target, args->args.lookup.token_ptr) : -1;
        h5x_close(target);
        return status;
    }
    case H5VL_OBJECT_VISIT:
        return visit_objects(object, loc_params, &args->args.visit);
    case H5VL_OBJECT_FLUSH:
        return h5x_file_flush(object->object) >= 0 ? 0 : vol_fail("cannot flush");
    case H5VL_OBJECT_REFRESH:
        if (object->kind == VOL_DATASET && h5x_dataset_refresh(object->object) < 0)
            return vol_fail("cannot refresh");
        return 0;
    case H5VL_OBJECT_CHANGE_REF_COUNT: {
        /* h5x has no such call; a connector with libhdf5 objects underneath
         * (native) passes it to libhdf5, one that keeps the count itself
         * (core) takes it as an optional operation */
        h5x_object *target = vol_locate(object, loc_params);
        if (target == NULL)
            return -1;
        int64_t native = -1;
        herr_t status = -1;
        if (h5x_native_handle(target, &native) == 0) {
            int delta = args->args.change_rc.delta;
            status = delta >= 0 ? H5Oincr_refcount((hid_t)native) : H5Odecr_refcount((hid_t)native);
            if (status < 0)
                vol_fail_here("libhdf5 cannot change the link count of the object");
            else
                vol_tokens_changed(object->file);
        } else {
            h5x_clear_error();
            h5x_op_link_count change = {.delta = args->args.change_rc.delta >= 0 ? 1 : -1};
            status = h5x_connector_optional(target, H5X_CONNECTOR_OP_LINK_COUNT, &change) == 0 ? 0 : -1;
            if (status < 0)
                vol_fail("this h5x connector cannot change the link count of the object "
                         "(H5Oincr_refcount/H5Odecr_refcount)");
            else
                vol_tokens_changed(object->file);
        }
        h5x_close(target);
        return status;
    }
    }
    return vol_fail_here("unknown object operation (%d)", (int)args->op_type);
}
