/*
 * vol_link.c — HDF5 links as h5x links.
 *
 * Hard, soft and external links map one to one onto h5x's.  An external
 * link reaches the connector as a user-defined link whose value is HDF5's
 * packed form (a flags byte, the file name, the object path), which
 * H5Lunpack_elink_val reads and which GET_VAL rebuilds the same way.  A
 * hard link's info carries the target's token, so opening each target of
 * an iteration is part of the price of H5Literate; it is what lets h5dump
 * and h5ls recognise an object they have seen under another name.
 *
 * Over a connector that is libhdf5 below (native), a user-defined link
 * h5x cannot keep (another registered class, or an external link whose
 * value is not a file and a path, which libhdf5 accepts) is made by
 * libhdf5 there, and its existence, info and value are read back from
 * there.  Creation order values come from libhdf5 below, or from a
 * connector that keeps them itself (core, through an optional
 * operation).
 *
 * Recursive visits (H5Lvisit) go down hard links to groups, once per
 * group, with names relative to where the visit started.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

static int is_ascii(const char *name)
{
    for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++)
        if (*c > 0x7f)
            return 0;
    return 1;
}

/* The group and link name a link location names: by name, the object
 * itself and the path; by index, the group and the name at that index. */
static h5x_object *link_location(vol_object *obj, const H5VL_loc_params_t *loc_params, char **name)
{
    *name = NULL;
    if ((loc_params->type == H5VL_OBJECT_BY_NAME &&
         vol_check_plist(loc_params->loc_data.loc_by_name.lapl_id, H5P_LINK_ACCESS, "link access") < 0) ||
        (loc_params->type == H5VL_OBJECT_BY_IDX &&
         vol_check_plist(loc_params->loc_data.loc_by_idx.lapl_id, H5P_LINK_ACCESS, "link access") < 0))
        return NULL;
    if (loc_params->type == H5VL_OBJECT_BY_NAME) {
        *name = strdup(loc_params->loc_data.loc_by_name.name);
        h5x_object *loc = *name != NULL ? vol_reopen(obj->object) : NULL;
        if (loc == NULL) {
            free(*name);
            *name = NULL;
            vol_fail("cannot reach a link's group");
        }
        return loc;
    }
    if (loc_params->type == H5VL_OBJECT_BY_IDX) {
        const H5VL_loc_by_idx_t *by_idx = &loc_params->loc_data.loc_by_idx;
        h5x_object *group = h5x_open(obj->object, by_idx->name);
        if (group == NULL) {
            vol_fail("cannot open group '%s'", by_idx->name);
            return NULL;
        }
        char **names = NULL;
        size_t count = 0;
        if (vol_link_names(group, by_idx->idx_type, by_idx->order, &names, &count) < 0)
            vol_fail("cannot list the links of '%s'", by_idx->name);
        else if (by_idx->n >= count)
            vol_fail_here("link index %llu is beyond the %zu links of '%s'", (unsigned long long)by_idx->n, count,
                          by_idx->name);
        else if ((*name = strdup(names[by_idx->n])) == NULL)
            vol_fail_here("out of memory");
        if (names != NULL)
            h5x_free_names(names, count);
        if (*name == NULL) {
            h5x_close(group);
            return NULL;
        }
        return group;
    }
    vol_fail_here("a link cannot be named by this kind of location (%d)", (int)loc_params->type);
    return NULL;
}

herr_t vol_link_create(H5VL_link_create_args_t *args, void *obj, const H5VL_loc_params_t *loc_params,
                       hid_t lcpl_id, hid_t lapl_id, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    if (object == NULL) /* H5L_SAME_LOC for the new link: the target's location */
        object = args->op_type == H5VL_LINK_CREATE_HARD ? args->args.hard.curr_obj : NULL;
    if (object == NULL)
        return vol_fail_here("a link needs a location");
    if (vol_check_plist(lcpl_id, H5P_LINK_CREATE, "link creation") < 0 ||
        vol_check_plist(lapl_id, H5P_LINK_ACCESS, "link access") < 0)
        return -1;
    char *name = NULL;
    h5x_object *loc = link_location(object, loc_params, &name);
    if (loc == NULL)
        return -1;
    herr_t status = vol_check_parents(loc, name, lcpl_id);
    if (status == 0) {
        switch (args->op_type) {
        case H5VL_LINK_CREATE_HARD: {
            vol_object *target_obj = args->args.hard.curr_obj != NULL ? args->args.hard.curr_obj : object;
            /* "." names the object itself, which need not be a group
             * (H5Lcreate_hard(type, ".", ...) after H5Tcommit_anon) */
            const H5VL_loc_params_t *where = &args->args.hard.curr_loc_params;
            int itself = where->type == H5VL_OBJECT_BY_SELF ||
                         (where->type == H5VL_OBJECT_BY_NAME && strcmp(where->loc_data.loc_by_name.name, ".") == 0);
            /* the object's own handle: by its path it could not be found
             * again once its last link is gone (a datatype brought back
             * after H5Ldelete) */
            h5x_object *located = itself ? NULL : vol_locate(target_obj, where);
            h5x_object *target = itself ? target_obj->object : located;
            if (target == NULL)
                status = -1;
            else if (h5x_link_hard(target, loc, name) < 0)
                status = vol_fail("cannot create hard link '%s'", name);
            h5x_close(located);
            if (status == 0 && itself)
                vol_anonymous_linked(target_obj, loc, name); /* H5Olink of an anonymous object */
            break;
        }
        case H5VL_LINK_CREATE_SOFT:
            if (h5x_link_soft(loc, name, args->args.soft.target) < 0)
                status = vol_fail("cannot create soft link '%s'", name);
            break;
        case H5VL_LINK_CREATE_UD: {
            unsigned flags = 0;
            const char *file = NULL, *path = NULL;
            int64_t native = -1;
            if (args->args.ud.type != H5L_TYPE_EXTERNAL) {
                /* other classes live only in libhdf5 (its H5Lregister
                 * registry), so only a connector that is libhdf5 below
                 * (native) keeps them */
                if (h5x_native_handle(loc, &native) != 0)
                    status = vol_fail("this h5x connector keeps no user-defined links other than external ones");
                else if (H5Lcreate_ud((hid_t)native, name, args->args.ud.type, args->args.ud.buf,
                                      args->args.ud.buf_size, lcpl_id, lapl_id) < 0)
                    status = vol_fail_here("libhdf5 cannot create user-defined link '%s' below h5x", name);
            } else if (H5Lunpack_elink_val(args->args.ud.buf, args->args.ud.buf_size, &flags, &file, &path) < 0) {
                /* libhdf5 takes any bytes as an external link's value and
                 * fails only when the link is followed; h5x keeps a file
                 * and a path, so only libhdf5 below can keep such a link */
                if (h5x_native_handle(loc, &native) != 0)
                    status = vol_fail_here("cannot read the value of external link '%s'", name);
                else if (H5Lcreate_ud((hid_t)native, name, args->args.ud.type, args->args.ud.buf,
                                      args->args.ud.buf_size, lcpl_id, lapl_id) < 0)
                    status = vol_fail_here("libhdf5 cannot create external link '%s' below h5x", name);
                h5x_clear_error();
            } else if (h5x_link_external(loc, name, file, path) < 0)
                status = vol_fail("cannot create external link '%s'", name);
            break;
        }
        }
    }
    if (status == 0)
        vol_tokens_changed(object->file);
    free(name);
    h5x_close(loc);
    return status;
}

/* The two ends of a move or a copy.  HDF5 passes one of the two objects
 * as NULL when both ends are in the same place; the destination's missing
 * parents are checked against lcpl before anything changes. */
typedef struct link_ends {
    vol_object *source, *destination;
    char *src_name, *dst_name;
    h5x_object *src_loc, *dst_loc;
} link_ends;

static herr_t link_ends_open(link_ends *ends, void *src_obj, const H5VL_loc_params_t *src_params, void *dst_obj,
                             const H5VL_loc_params_t *dst_params, hid_t lcpl)
{
    *ends = (link_ends){.source = src_obj != NULL ? src_obj : dst_obj,
                        .destination = dst_obj != NULL ? dst_obj : src_obj};
    ends->src_loc = link_location(ends->source, src_params, &ends->src_name);
    if (ends->src_loc != NULL)
        ends->dst_loc = link_location(ends->destination, dst_params, &ends->dst_name);
    return ends->dst_loc != NULL ? vol_check_parents(ends->dst_loc, ends->dst_name, lcpl) : -1;
}

static void link_ends_close(link_ends *ends)
{
    free(ends->src_name);
    free(ends->dst_name);
    h5x_close(ends->src_loc);
    h5x_close(ends->dst_loc);
}

herr_t vol_link_move(void *src_obj, const H5VL_loc_params_t *loc_params1, void *dst_obj,
                     const H5VL_loc_params_t *loc_params2, hid_t lcpl, hid_t lapl, hid_t dxpl_id, void **req)
{
    (void)lapl, (void)dxpl_id, (void)req;
    link_ends e;
    herr_t status = link_ends_open(&e, src_obj, loc_params1, dst_obj, loc_params2, lcpl);
    if (status == 0 && h5x_link_move(e.src_loc, e.src_name, e.dst_loc, e.dst_name) < 0)
        status = vol_fail("cannot move link '%s' to '%s'", e.src_name, e.dst_name);
    if (status == 0)
        vol_tokens_changed(e.source->file);
    link_ends_close(&e);
    return status;
}

herr_t vol_link_copy(void *src_obj, const H5VL_loc_params_t *loc_params1, void *dst_obj,
                     const H5VL_loc_params_t *loc_params2, hid_t lcpl, hid_t lapl, hid_t dxpl_id, void **req)
{
    (void)lapl, (void)dxpl_id, (void)req;
    link_ends e;
    herr_t status = link_ends_open(&e, src_obj, loc_params1, dst_obj, loc_params2, lcpl);
    h5x_link_info info = {0};
    if (status == 0 && h5x_link_get_info(e.src_loc, e.src_name, &info) < 0)
        status = vol_fail("cannot read link '%s'", e.src_name);
    if (status == 0) {
        int made = -1;
        if (info.kind == H5X_LINK_SOFT)
            made = h5x_link_soft(e.dst_loc, e.dst_name, info.target_path);
        else if (info.kind == H5X_LINK_EXTERNAL)
            made = h5x_link_external(e.dst_loc, e.dst_name, info.target_file, info.target_path);
        else {
            h5x_object *target = h5x_open(e.src_loc, e.src_name);
            made = target != NULL ? h5x_link_hard(target, e.dst_loc, e.dst_name) : -1;
            h5x_close(target);
        }
        if (made < 0)
            status = vol_fail("cannot copy link '%s' to '%s'", e.src_name, e.dst_name);
        else
            vol_tokens_changed(e.destination->file);
    }
    h5x_free(info.target_path);
    h5x_free(info.target_file);
    link_ends_close(&e);
    return status;
}

/* The creation order value of a link from a connector that numbers its
 * links as libhdf5 does (core); left invalid when it does not. */
static void kept_link_order(h5x_object *loc, const char *name, H5L_info2_t *out)
{
    const char *last = strrchr(name, '/');
    h5x_object *group = loc;
    if (last != NULL) {
        size_t length = (size_t)(last - name);
        char *parent = malloc(length + 2);
        if (parent == NULL)
            return;
        memcpy(parent, name, length);
        strcpy(parent + length, length == 0 ? "/" : "");
        group = h5x_open(loc, parent);
        free(parent);
        if (group == NULL)
            return;
    }
    h5x_op_link_order order = {.name = last != NULL ? last + 1 : name};
    if (h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order) == 0 && order.tracked) {
        out->corder_valid = 1;
        out->corder = order.corder;
    }
    if (group != loc)
        h5x_close(group);
}

/* The libhdf5 link below a connector that is libhdf5 underneath (native)
 * when it is of a user-defined class h5x cannot read (another class, or
 * an external link whose value is not a file and a path): 1 with its
 * info, 0 when that does not apply. */
static int native_ud_link(h5x_object *loc, const char *name, H5L_info2_t *out, hid_t *native_loc)
{
    int64_t native = -1;
    herr_t found = -1;
    if (h5x_native_handle(loc, &native) == 0) {
        H5E_BEGIN_TRY
        {
            found = H5Lget_info2((hid_t)native, name, out, H5P_DEFAULT);
        }
        H5E_END_TRY
    }
    h5x_clear_error();
    if (found < 0 || out->type < H5L_TYPE_UD_MIN)
        return 0;
    if (native_loc != NULL)
        *native_loc = (hid_t)native;
    return 1;
}

/* 1 when libhdf5 below (native) has a link h5x could not read, such as
 * an external link whose value libhdf5 itself cannot read either. */
static int native_link_exists(h5x_object *loc, const char *name)
{
    int64_t native = -1;
    htri_t found = -1;
    if (h5x_native_handle(loc, &native) == 0) {
        H5E_BEGIN_TRY
        {
            found = H5Lexists((hid_t)native, name, H5P_DEFAULT);
        }
        H5E_END_TRY
    }
    h5x_clear_error();
    return found > 0;
}

/* HDF5's info for the link name in loc. */
static herr_t link_info(vol_file *file, h5x_object *loc, const char *name, H5L_info2_t *out, h5x_link_info *kept)
{
    h5x_link_info info = {0};
    if (h5x_link_get_info(loc, name, &info) < 0) {
        H5L_info2_t below;
        if (native_ud_link(loc, name, &below, NULL)) {
            *out = below;
            return 0;
        }
        return vol_fail("cannot read link '%s'", name);
    }
    memset(out, 0, sizeof *out);
    const char *last = strrchr(name, '/');
    out->cset = is_ascii(last != NULL ? last + 1 : name) ? H5T_CSET_ASCII : H5T_CSET_UTF8;
    herr_t status = 0;
    switch (info.kind) {
    case H5X_LINK_HARD: {
        out->type = H5L_TYPE_HARD;
        h5x_object *target = h5x_open(loc, name);
        if (target == NULL || vol_token_of(file, target, &out->u.token) < 0)
            status = vol_fail("cannot reach the target of link '%s'", name);
        h5x_close(target);
        break;
    }
    case H5X_LINK_SOFT:
        out->type = H5L_TYPE_SOFT;
        out->u.val_size = strlen(info.target_path) + 1;
        break;
    case H5X_LINK_EXTERNAL:
        out->type = H5L_TYPE_EXTERNAL;
        out->u.val_size = 1 + strlen(info.target_file) + 1 + strlen(info.target_path) + 1;
        break;
    }
    /* Creation order values are libhdf5's own; with an h5x connector that
     * has libhdf5 objects underneath (native), its link says. */
    int64_t native = -1;
    if (h5x_native_handle(loc, &native) == 0) {
        H5L_info2_t below;
        herr_t found = -1;
        H5E_BEGIN_TRY
        {
            found = H5Lget_info2((hid_t)native, name, &below, H5P_DEFAULT);
        }
        H5E_END_TRY
        if (found >= 0) {
            out->corder_valid = below.corder_valid;
            out->corder = below.corder;
        }
    } else {
        kept_link_order(loc, name, out);
    }
    h5x_clear_error();
    if (kept != NULL && status == 0) {
        *kept = info;
    } else {
        h5x_free(info.target_path);
        h5x_free(info.target_file);
    }
    return status;
}

herr_t vol_link_get(void *obj, const H5VL_loc_params_t *loc_params, H5VL_link_get_args_t *args, hid_t dxpl_id,
                    void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    char *name = NULL;
    h5x_object *loc = link_location(object, loc_params, &name);
    if (loc == NULL)
        return -1;
    herr_t status = 0;
    switch (args->op_type) {
    case H5VL_LINK_GET_INFO:
        status = link_info(object->file, loc, name, args->args.get_info.linfo, NULL);
        break;
    case H5VL_LINK_GET_NAME:
        vol_copy_name(name, args->args.get_name.name, args->args.get_name.name_size, args->args.get_name.name_len);
        break;
    case H5VL_LINK_GET_VAL: {
        H5L_info2_t info;
        h5x_link_info value = {0};
        status = link_info(object->file, loc, name, &info, &value);
        char *buf = args->args.get_val.buf;
        size_t size = args->args.get_val.buf_size;
        hid_t native = H5I_INVALID_HID;
        /* h5x could not read the link: libhdf5 below keeps it */
        if (status == 0 && info.type >= H5L_TYPE_UD_MIN &&
            (info.type != H5L_TYPE_EXTERNAL || value.target_file == NULL) &&
            native_ud_link(loc, name, &info, &native)) {
            if (buf != NULL && size > 0 && H5Lget_val((hid_t)native, name, buf, size, H5P_DEFAULT) < 0)
                status = vol_fail_here("libhdf5 cannot read the value of link '%s'", name);
        } else if (status == 0 && info.type == H5L_TYPE_HARD) {
            status = vol_fail_here("'%s' is a hard link, which has no value", name);
        } else if (status == 0 && buf != NULL && size > 0) {
            if (info.type == H5L_TYPE_SOFT) {
                vol_copy_name(value.target_path, buf, size, NULL);
            } else {
                /* HDF5's packed external link: flags byte, file, path */
                size_t file_length = strlen(value.target_file) + 1;
                size_t path_length = strlen(value.target_path) + 1;
                char *packed = malloc(1 + file_length + path_length);
                if (packed == NULL) {
                    status = vol_fail_here("out of memory");
                } else {
                    packed[0] = 0;
                    memcpy(packed + 1, value.target_file, file_length);
                    memcpy(packed + 1 + file_length, value.target_path, path_length);
                    size_t total = 1 + file_length + path_length;
                    memcpy(buf, packed, total < size ? total : size);
                    free(packed);
                }
            }
        }
        h5x_free(value.target_path);
        h5x_free(value.target_file);
        break;
    }
    }
    free(name);
    h5x_close(loc);
    return status;
}

typedef struct visit_state {
    vol_file *file;
    hid_t start_id;
    H5VL_link_iterate_args_t *iter;
    vol_token_set seen;
} visit_state;

/* Visits the links of group (reached as prefix from the start). */
static herr_t visit(visit_state *state, h5x_object *group, const char *prefix, hsize_t start, hsize_t *position)
{
    char **names = NULL;
    size_t count = 0;
    H5VL_link_iterate_args_t *iter = state->iter;
    int listed = iter->recursive ? vol_link_names_for_visit(group, iter->idx_type, iter->order, &names, &count)
                                 : vol_link_names(group, iter->idx_type, iter->order, &names, &count);
    if (listed < 0)
        return vol_fail("cannot list the links of a group");
    herr_t result = 0;
    hsize_t i = start;
    for (; result == 0 && i < count; i++) {
        size_t length = strlen(prefix) + strlen(names[i]) + 2;
        char *path = malloc(length);
        if (path == NULL) {
            result = vol_fail_here("out of memory");
            break;
        }
        snprintf(path, length, "%s%s%s", prefix, prefix[0] != '\0' ? "/" : "", names[i]);
        H5L_info2_t info;
        result = link_info(state->file, group, names[i], &info, NULL);
        if (result == 0)
            result = iter->op(state->start_id, path, &info, iter->op_data);
        if (result == 0 && iter->recursive && info.type == H5L_TYPE_HARD &&
            !vol_token_set_seen(&state->seen, &info.u.token)) {
            h5x_object *child = h5x_open(group, names[i]);
            if (child == NULL)
                result = vol_fail("cannot open '%s'", path);
            else if (h5x_object_get_kind(child) == H5X_KIND_GROUP)
                result = visit(state, child, path, 0, NULL);
            h5x_close(child);
        }
        free(path);
        if (result != 0) {
            i++;
            break;
        }
    }
    if (position != NULL)
        *position = i;
    h5x_free_names(names, count);
    return result;
}

static herr_t iterate(vol_object *object, const H5VL_loc_params_t *loc_params, H5VL_link_iterate_args_t *iter)
{
    h5x_object *group = vol_locate(object, loc_params);
    if (group == NULL)
        return -1;
    h5x_object *again = vol_reopen(group);
    visit_state state = {object->file, H5I_INVALID_HID, iter, {0}};
    state.start_id = again != NULL ? vol_register(object->file, again) : H5I_INVALID_HID;
    herr_t result;
    if (state.start_id < 0) {
        result = vol_fail("cannot register a group for iteration");
    } else {
        if (iter->recursive) {
            H5O_token_t token;
            if (vol_token_of(object->file, group, &token) == 0)
                vol_token_set_seen(&state.seen, &token);
        }
        hsize_t start = !iter->recursive && iter->idx_p != NULL ? *iter->idx_p : 0;
        hsize_t position = 0;
        result = visit(&state, group, "", start, &position);
        if (!iter->recursive && iter->idx_p != NULL)
            *iter->idx_p = position;
        H5Idec_ref(state.start_id);
    }
    vol_token_set_clear(&state.seen);
    h5x_close(group);
    return result;
}

herr_t vol_link_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_link_specific_args_t *args,
                         hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    if (args->op_type == H5VL_LINK_ITER)
        return iterate(object, loc_params, &args->args.iterate);
    char *name = NULL;
    h5x_object *loc = link_location(object, loc_params, &name);
    if (loc == NULL)
        return -1;
    herr_t status = 0;
    if (args->op_type == H5VL_LINK_DELETE) {
        if (h5x_delete(loc, name) < 0)
            status = vol_fail("cannot delete link '%s'", name);
        else
            vol_tokens_changed(object->file);
    } else if (args->op_type == H5VL_LINK_EXISTS) {
        h5x_link_info info = {0};
        int found = h5x_link_get_info(loc, name, &info);
        int absent = found < 0 && h5x_last_error()->code == H5X_ERR_NOT_FOUND;
        if (found < 0 && !absent && native_link_exists(loc, name))
            found = 0; /* a link h5x cannot read, kept by libhdf5 below */
        if (found < 0 && !absent)
            status = vol_fail("cannot look for link '%s'", name);
        else
            *args->args.exists.exists = found >= 0;
        h5x_free(info.target_path);
        h5x_free(info.target_file);
    } else {
        status = vol_fail_here("unknown link operation (%d)", (int)args->op_type);
    }
    free(name);
    h5x_close(loc);
    return status;
}
