/*
 * vol_file.c — HDF5 files as h5x files.
 *
 * H5Fcreate and H5Fopen become h5x_file_open with the connector spec from
 * the VOL info on the file access list (vol_info.c) and h5py's mode for
 * HDF5's flags: TRUNC is "w", EXCL "w-", RDWR "r+", otherwise "r".  The
 * creation list's link-order tracking and user block, and the access
 * list's library-version bounds, travel as h5x file options, so that the
 * connector below refuses what it cannot do rather than dropping it.
 *
 * A vol_file lives as long as anything opened in it: the file object and
 * each group, dataset, datatype and attribute hold a reference, as HDF5's
 * default (weak) close degree expects.  h5x keeps the file itself open
 * for as long as any of our h5x handles on it is open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock.h"
#include "vol_internal.h"

void vol_file_retain(vol_file *file)
{
    file->refcount++;
}

void vol_file_release(vol_file *file)
{
    if (file == NULL || --file->refcount > 0)
        return;
    h5x_close(file->root);
    free(file->name);
    if (file->fapl >= 0)
        H5Pclose(file->fapl);
    if (file->fcpl >= 0)
        H5Pclose(file->fcpl);
    vol_info_clear(&file->info);
    vol_tokens_free(file->tokens);
    vol_blobs_free(file->blobs);
    vol_creation_forget_all(file);
    for (size_t i = 0; i < file->anonymous_unlinked_count; i++)
        free(file->anonymous_unlinked[i]);
    free(file->anonymous_unlinked);
    free(file);
}

/* The connector spec on a file access list (NULL: h5x's default). */
static int info_of_fapl(hid_t fapl_id, vol_info *info)
{
    info->connector_spec = NULL;
    void *given = NULL;
    if (fapl_id < 0 || H5Pget_vol_info(fapl_id, &given) < 0)
        return 0; /* no info: the default connector */
    int status = vol_info_copy(given, info);
    vol_info_clear(given);
    free(given);
    return status;
}

static h5x_libver libver_of(H5F_libver_t bound)
{
    switch (bound) {
    case H5F_LIBVER_EARLIEST:
        return H5X_LIBVER_EARLIEST;
    case H5F_LIBVER_V18:
        return H5X_LIBVER_V18;
    case H5F_LIBVER_V110:
        return H5X_LIBVER_V110;
    case H5F_LIBVER_V112:
        return H5X_LIBVER_V112;
    default:
        return H5X_LIBVER_V114;
    }
}

/* The access list a file keeps for H5Fget_access_plist (which hands out a
 * copy of it) and for reopening: the application's own, held by a
 * reference.  A copy would cost a fifth of what libhdf5 spends opening a
 * small file, on every open, for a list libhdf5 never changes; only an
 * application that changes its list after the open sees the change there. */
static hid_t hold_list(hid_t fapl_id)
{
    if (fapl_id >= 0 && H5Iinc_ref(fapl_id) >= 0)
        return fapl_id;
    H5Eclear2(H5E_DEFAULT);
    return H5Pcreate(H5P_FILE_ACCESS);
}

static vol_file *open_file(const char *name, const char *mode, unsigned intent, hid_t fcpl_id, hid_t fapl_id)
{
    vol_file *file = calloc(1, sizeof *file);
    if (file == NULL) {
        vol_fail_here("out of memory");
        return NULL;
    }
    file->refcount = 1;
    file->fapl = file->fcpl = H5I_INVALID_HID;
    file->intent = intent;
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    if (info_of_fapl(fapl_id, &file->info) < 0) {
        vol_fail_here("out of memory");
        goto fail;
    }
    options.connector = file->info.connector_spec;

    H5F_libver_t low = H5F_LIBVER_EARLIEST, high = H5F_LIBVER_LATEST;
    if (fapl_id >= 0 && H5Pget_libver_bounds(fapl_id, &low, &high) >= 0 &&
        (low != H5F_LIBVER_EARLIEST || high != H5F_LIBVER_LATEST)) {
        options.libver_low = libver_of(low);
        options.libver_high = high == H5F_LIBVER_LATEST ? H5X_LIBVER_LATEST : libver_of(high);
    }
    if (fcpl_id >= 0 && fcpl_id != H5P_FILE_CREATE_DEFAULT) {
        unsigned order_flags = 0;
        hsize_t userblock = 0;
        if (H5Pget_link_creation_order(fcpl_id, &order_flags) >= 0)
            options.track_order = (order_flags & H5P_CRT_ORDER_TRACKED) != 0;
        if (H5Pget_userblock(fcpl_id, &userblock) >= 0)
            options.userblock_size = userblock;
        file->fcpl = H5Pcopy(fcpl_id);
    }
    /* Without a creation list of its own, the file's default one is made
     * only when H5Fget_create_plist asks (vol_file_get): a new list costs
     * a fifth of what libhdf5 spends opening a small file, and few opens
     * ever ask. */
    file->fapl = hold_list(fapl_id);
    file->name = strdup(name);
    file->tokens = vol_tokens_new();
    file->blobs = vol_blobs_new();
    if (file->name == NULL || file->tokens == NULL || file->blobs == NULL) {
        vol_fail_here("out of memory");
        goto fail;
    }
    file->root = h5x_file_open(name, mode, &options);
    if (file->root == NULL) {
        vol_fail("h5x cannot open '%s' (mode \"%s\", connector \"%s\")", name, mode,
                 options.connector != NULL ? options.connector : "default");
        goto fail;
    }
    return file;
fail:
    vol_file_release(file);
    return NULL;
}

vol_file *vol_file_for(vol_file *file, h5x_object *object)
{
    char *own = h5x_file_name(object);
    char *ours = own != NULL ? h5x_file_name(file->root) : NULL;
    int same = own == NULL || ours == NULL || strcmp(own, ours) == 0;
    h5x_free(ours);
    if (same) {
        h5x_free(own);
        h5x_clear_error();
        return file;
    }
    vol_file *other = calloc(1, sizeof *other);
    if (other == NULL) {
        h5x_free(own);
        vol_fail_here("out of memory");
        return NULL;
    }
    other->fapl = hold_list(file->fapl);
    other->fcpl = file->fcpl >= 0 ? H5Pcopy(file->fcpl) : H5I_INVALID_HID;
    other->intent = file->intent;
    other->name = strdup(own);
    h5x_free(own);
    other->root = h5x_object_file(object);
    other->tokens = vol_tokens_new();
    other->blobs = vol_blobs_new();
    if (other->name == NULL || other->root == NULL || other->tokens == NULL || other->blobs == NULL ||
        vol_info_copy(&file->info, &other->info) < 0) {
        other->refcount = 1;
        vol_file_release(other);
        vol_fail_here("cannot follow an object into its file");
        return NULL;
    }
    return other; /* refcount 0: the new object's reference keeps it */
}

/* The creation list of a file opened rather than created: the default one
 * with the file's user block, which h5repack copies into the file it
 * writes (a target that cannot hold one, such as a family, refuses it by
 * name when it is created). */
static hid_t opened_fcpl(vol_file *file)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    uint64_t userblock = 0;
    if (fcpl >= 0 && h5x_file_userblock_size(file->root, &userblock) == 0 && userblock > 0 &&
        H5Pset_userblock(fcpl, (hsize_t)userblock) < 0) {
        H5Pclose(fcpl);
        return H5I_INVALID_HID;
    }
    h5x_clear_error();
    return fcpl;
}

static vol_object *file_object(vol_file *file)
{
    if (file == NULL)
        return NULL;
    h5x_object *root = h5x_open(file->root, "/");
    if (root == NULL) {
        vol_fail("cannot open the root group of '%s'", file->name);
        vol_file_release(file);
        return NULL;
    }
    vol_object *result = vol_object_new(VOL_FILE, file, root);
    vol_file_release(file); /* the object holds it now */
    return result;
}

void *vol_file_create(const char *name, unsigned flags, hid_t fcpl_id, hid_t fapl_id, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    const char *mode = (flags & H5F_ACC_TRUNC) ? "w" : "w-";
    if (vol_check_plist(fcpl_id, H5P_FILE_CREATE, "file creation") < 0 ||
        vol_check_plist(fapl_id, H5P_FILE_ACCESS, "file access") < 0)
        return NULL;
    return file_object(open_file(name, mode, H5F_ACC_RDWR, fcpl_id, fapl_id));
}

void *vol_file_open(const char *name, unsigned flags, hid_t fapl_id, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    int writing = (flags & H5F_ACC_RDWR) != 0;
    return file_object(open_file(name, writing ? "r+" : "r", writing ? H5F_ACC_RDWR : H5F_ACC_RDONLY,
                                 H5I_INVALID_HID, fapl_id));
}

/* ------------------------------------------------------ counting open ids */

typedef struct id_count {
    vol_file *file;
    size_t count;
    size_t max;
    hid_t *ids;
} id_count;

static herr_t count_one(hid_t id, void *data)
{
    id_count *counting = data;
    char name[8] = "";
    if (H5VLget_connector_name(id, name, sizeof name) < 0 || strcmp(name, VOL_CONNECTOR_NAME) != 0)
        return H5_ITER_CONT;
    if (vol_object_of_shadow(counting->file, H5VLobject(id)) == NULL)
        return H5_ITER_CONT;
    if (counting->ids != NULL && counting->count < counting->max)
        counting->ids[counting->count] = id;
    counting->count++;
    return counting->ids != NULL && counting->count >= counting->max ? H5_ITER_STOP : H5_ITER_CONT;
}

static herr_t count_ids(vol_file *file, unsigned types, size_t max, hid_t *ids, size_t *count)
{
    static const struct {
        unsigned flag;
        H5I_type_t type;
    } kinds[] = {{H5F_OBJ_FILE, H5I_FILE},
                 {H5F_OBJ_DATASET, H5I_DATASET},
                 {H5F_OBJ_GROUP, H5I_GROUP},
                 {H5F_OBJ_DATATYPE, H5I_DATATYPE},
                 {H5F_OBJ_ATTR, H5I_ATTR}};
    id_count counting = {file, 0, max, ids};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if ((types & kinds[i].flag) == 0)
            continue;
        if (ids != NULL && counting.count >= max)
            break;
        H5Iiterate(kinds[i].type, count_one, &counting);
    }
    *count = counting.count;
    return 0;
}

herr_t vol_file_get(void *obj, H5VL_file_get_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    vol_file *file = object->file;
    switch (args->op_type) {
    case H5VL_FILE_GET_CONT_INFO:
        args->args.get_cont_info.info->feature_flags = 0;
        args->args.get_cont_info.info->token_size = VOL_TOKEN_SIZE;
        args->args.get_cont_info.info->blob_id_size = sizeof(uint64_t);
        return 0;
    case H5VL_FILE_GET_FAPL:
        args->args.get_fapl.fapl_id = H5Pcopy(file->fapl);
        return args->args.get_fapl.fapl_id >= 0 ? 0 : vol_fail_here("cannot copy the file access list");
    case H5VL_FILE_GET_FCPL:
        args->args.get_fcpl.fcpl_id = file->fcpl >= 0 ? H5Pcopy(file->fcpl) : opened_fcpl(file);
        return args->args.get_fcpl.fcpl_id >= 0 ? 0 : vol_fail_here("cannot copy the file creation list");
    case H5VL_FILE_GET_FILENO:
        *args->args.get_fileno.fileno = vol_fileno_of(file->root);
        return 0;
    case H5VL_FILE_GET_INTENT:
        *args->args.get_intent.flags = file->intent;
        return 0;
    case H5VL_FILE_GET_NAME:
        vol_copy_name(file->name, args->args.get_name.buf, args->args.get_name.buf_size,
                      args->args.get_name.file_name_len);
        return 0;
    case H5VL_FILE_GET_OBJ_COUNT:
        return count_ids(file, args->args.get_obj_count.types, 0, NULL, args->args.get_obj_count.count);
    case H5VL_FILE_GET_OBJ_IDS:
        return count_ids(file, args->args.get_obj_ids.types, args->args.get_obj_ids.max_objs,
                         args->args.get_obj_ids.oid_list, args->args.get_obj_ids.count);
    }
    return vol_fail_here("unknown file query (%d)", (int)args->op_type);
}

static herr_t is_accessible(const char *name, hid_t fapl_id, hbool_t *accessible)
{
    /* libhdf5 asks every VOL plugin on its plugin path about a file that its
     * own format could not open.  When that open came from h5x itself (the
     * native connector), answering would open the file through h5x again:
     * an endless loop, and the first failure's error stack lost. */
    if (h5x_lock_held()) {
        *accessible = false;
        return 0;
    }
    vol_info info;
    if (info_of_fapl(fapl_id, &info) < 0)
        return vol_fail_here("out of memory");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = info.connector_spec;
    h5x_object *root = h5x_file_open(name, "r", &options);
    *accessible = root != NULL;
    h5x_close(root);
    vol_info_clear(&info);
    return 0;
}

herr_t vol_file_specific(void *obj, H5VL_file_specific_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    switch (args->op_type) {
    case H5VL_FILE_FLUSH:
        return h5x_file_flush(object->object) >= 0 ? 0 : vol_fail("cannot flush '%s'", object->file->name);
    case H5VL_FILE_REOPEN: {
        vol_file *file = object->file;
        vol_file *again = open_file(file->name, file->intent & H5F_ACC_RDWR ? "r+" : "r", file->intent,
                                    file->fcpl, file->fapl);
        *args->args.reopen.file = file_object(again);
        return *args->args.reopen.file != NULL ? 0 : -1;
    }
    case H5VL_FILE_IS_ACCESSIBLE:
        return is_accessible(args->args.is_accessible.filename, args->args.is_accessible.fapl_id,
                             args->args.is_accessible.accessible);
    case H5VL_FILE_DELETE:
        if (remove(args->args.del.filename) != 0)
            return vol_fail_here("cannot delete '%s'", args->args.del.filename);
        return 0;
    case H5VL_FILE_IS_EQUAL: {
        vol_object *other = args->args.is_equal.obj2;
        *args->args.is_equal.same_file = other != NULL && other->file->root != NULL &&
                                         h5x_object_equal(object->file->root, other->file->root) == 1;
        return 0;
    }
    }
    return vol_fail_here("unknown file operation (%d)", (int)args->op_type);
}

herr_t vol_file_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req)
{
    (void)obj, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector does not offer the native-only file operation %d (see "
                         "H5VLquery_optional)",
                         args->op_type);
}

herr_t vol_file_close(void *obj, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_anonymous_sweep(((vol_object *)obj)->file);
    vol_object_free(obj);
    return 0;
}
