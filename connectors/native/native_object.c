/*
 * native_object.c — opening objects by path or token, and what kind of
 * object an HDF5 identifier is.
 *
 * Every group, dataset and committed datatype is reached with H5Oopen, so
 * one code path serves them all; libhdf5's identifier type then tells the
 * kind.  An object's token (H5O_token_t, 16 bytes) is what h5x uses to
 * compare objects and what references point at, so object_info always
 * reports it.
 *
 * object_exists answers h5py's `name in group`: a path counts only when
 * every link along it exists and leads to an object, so a dangling soft
 * link, a missing intermediate group or an intermediate dataset all answer
 * 0, never an error.  Each prefix is checked with H5Lexists (does the link
 * exist?) and H5Oexists_by_name (does it lead anywhere?), which is what
 * libhdf5's own H5LTpath_valid does too.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"
#include "native_vds.h"

native_object *native_object_wrap(native_file *file, hid_t id, h5x_object_kind kind)
{
    native_object *object = malloc(sizeof *object);
    if (object == NULL) {
        H5Oclose(id);
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory opening an object");
        return NULL;
    }
    *object = (native_object){.id = id, .kind = kind, .file = file, .kept = NULL, .io = NULL};
    native_file_retain(file);
    return object;
}

hid_t native_location(native_file *file, void *loc)
{
    return loc != NULL ? ((native_object *)loc)->id : file->id;
}

int native_object_info_of(hid_t id, h5x_object_info *info)
{
    H5O_info2_t oinfo;
    if (H5Oget_info3(id, &oinfo, H5O_INFO_BASIC | H5O_INFO_TIME | H5O_INFO_NUM_ATTRS) < 0)
        return native_fail(H5X_ERR_IO, "unable to read object information");
    memset(info, 0, sizeof *info);
    switch (oinfo.type) {
    case H5O_TYPE_GROUP: info->kind = H5X_KIND_GROUP; break;
    case H5O_TYPE_DATASET: info->kind = H5X_KIND_DATASET; break;
    case H5O_TYPE_NAMED_DATATYPE: info->kind = H5X_KIND_DATATYPE; break;
    default: return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "unsupported object type %d", (int)oinfo.type);
    }
    memcpy(info->token, &oinfo.token, sizeof info->token < sizeof oinfo.token ? sizeof info->token
                                                                                  : sizeof oinfo.token);
    info->attribute_count = (int64_t)oinfo.num_attrs;
    info->atime = (int64_t)oinfo.atime;
    info->mtime = (int64_t)oinfo.mtime;
    info->ctime = (int64_t)oinfo.ctime;
    info->btime = (int64_t)oinfo.btime;
    return 0;
}

/* Wraps a freshly opened identifier after learning its kind. */
static int wrap_opened(native_file *file, hid_t id, void **object_out, h5x_object_info *info)
{
    h5x_object_info local;
    if (info == NULL)
        info = &local;
    int status = native_object_info_of(id, info);
    if (status < 0) {
        H5Oclose(id);
        return status;
    }
    if (info->kind == H5X_KIND_DATASET && (status = native_vds_sources_allowed(file, id)) < 0) {
        H5Oclose(id);
        return status;
    }
    native_object *object = native_object_wrap(file, id, info->kind);
    if (object == NULL)
        return H5X_ERR_NO_MEMORY;
    *object_out = object;
    return 0;
}

int native_object_open(void *file_in, void *loc, const char *path, void **object_out, h5x_object_info *info)
{
    native_file *file = file_in;
    *object_out = NULL;
    hid_t id = H5Oopen(native_location(file, loc), path, native_link_access(file));
    if (id < 0) {
        int refused = native_link_refusal(file);
        return refused < 0 ? refused : native_link_open_failure(native_location(file, loc), path);
    }
    return wrap_opened(file, id, object_out, info);
}

int native_object_open_by_token(void *file_in, const uint8_t token[16], void **object_out, h5x_object_info *info)
{
    native_file *file = file_in;
    *object_out = NULL;
    H5O_token_t hdf5_token;
    memset(&hdf5_token, 0, sizeof hdf5_token);
    memcpy(&hdf5_token, token, sizeof hdf5_token < 16 ? sizeof hdf5_token : 16);
    hid_t id = H5Oopen_by_token(file->id, hdf5_token);
    if (id < 0)
        return native_fail(H5X_ERR_NOT_FOUND, "unable to open an object by its token");
    return wrap_opened(file, id, object_out, info);
}

int native_object_close(void *object_in)
{
    native_object *object = object_in;
    int status = 0;
    if (object->io != NULL)
        native_io_cache_free(object->io);
    /* A dataset whose last flush fails (a full disk) must go through
     * H5Dclose: H5Oclose then leaves its ID registered over freed memory,
     * and closing the file crashes in libhdf5 1.14.5 (tests/faults).
     * The kind the object was wrapped with says which it is (asking
     * libhdf5 with H5Iget_type costs an eighth of the close of a group).
     * While libhdf5 shuts down it frees the identifier itself. */
    herr_t closed = 0;
    if (!native_library_closing())
        closed = object->kind == H5X_KIND_DATASET ? H5Dclose(object->id) : H5Oclose(object->id);
    if (closed < 0)
        status = native_fail(H5X_ERR_IO, "unable to close an object");
    native_file_release(object->file);
    free(object);
    return status;
}

int native_object_info(void *object_in, h5x_object_info *info)
{
    native_object *object = object_in;
    return native_object_info_of(object->id, info);
}

/* ------------------------------------------------------------ existence */

/* 1 if the link at prefix exists and leads to an object, 0 if not.  Any
 * libhdf5 failure on the way (an external file that cannot be opened,
 * say) also means "not there". */
static int prefix_resolves(hid_t loc, const char *prefix, int must_be_group, hid_t lapl)
{
    if (H5Lexists(loc, prefix, lapl) <= 0)
        return 0;
    if (H5Oexists_by_name(loc, prefix, lapl) <= 0)
        return 0;
    if (!must_be_group)
        return 1;
    H5O_info2_t oinfo;
    if (H5Oget_info_by_name3(loc, prefix, &oinfo, H5O_INFO_BASIC, lapl) < 0)
        return 0;
    return oinfo.type == H5O_TYPE_GROUP;
}

int native_object_exists(void *file_in, void *loc_in, const char *path)
{
    native_file *file = file_in;
    hid_t loc = native_location(file, loc_in);
    if (path == NULL || path[0] == '\0')
        return 0;
    size_t length = strlen(path);
    char *prefix = malloc(length + 1);
    if (prefix == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory checking '%s'", path);
    memcpy(prefix, path, length + 1);

    /* Check "/a", then "/a/b", ...: end the prefix at each '/' that
     * follows a component.  Runs of slashes and "." are libhdf5's to
     * interpret. */
    int found = 1;
    size_t i = 0;
    while (found && i < length) {
        while (i < length && path[i] == '/')
            i++;
        if (i == length)
            break;
        while (i < length && path[i] != '/')
            i++;
        size_t rest = i;
        while (rest < length && path[rest] == '/')
            rest++;
        int last = rest == length;
        /* "." names the group reached so far, which has been checked. */
        int is_dot = i >= 1 && path[i - 1] == '.' && (i == 1 || path[i - 2] == '/');
        if (!is_dot) {
            prefix[i] = '\0';
            found = prefix_resolves(loc, prefix, !last, native_link_access(file));
            prefix[i] = path[i];
        }
    }
    free(prefix);
    H5Eclear2(H5E_DEFAULT);
    return found;
}

/* ----------------------------------------------------- committed types */

/* track_times -1 leaves libhdf5's default, which keeps a committed type's
 * times, as h5py's f["name"] = dtype does. */
static int commit_datatype(native_file *file, void *loc, const char *path, const h5x_dtype *dtype,
                           int track_times, void **datatype)
{
    *datatype = NULL;
    int status = native_require_writable(file, "commit a datatype");
    if (status < 0)
        return status;
    hid_t type = native_type_from_dtype(dtype);
    if (type < 0)
        return H5X_ERR_TYPE;
    hid_t tcpl = H5P_DEFAULT;
    if (track_times >= 0 &&
        ((tcpl = H5Pcreate(H5P_DATATYPE_CREATE)) < 0 || H5Pset_obj_track_times(tcpl, track_times != 0) < 0)) {
        if (tcpl >= 0)
            H5Pclose(tcpl);
        H5Tclose(type);
        return native_fail(H5X_ERR_IO, "cannot make a datatype creation list");
    }
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0) {
        if (tcpl != H5P_DEFAULT)
            H5Pclose(tcpl);
        H5Tclose(type);
        return H5X_ERR_IO;
    }
    herr_t result = H5Tcommit2(native_location(file, loc), path, type, lcpl, tcpl, H5P_DEFAULT);
    if (result < 0)
        status = native_fail(H5X_ERR_IO, "unable to commit a datatype at '%s'", path);
    native_link_plist_close(lcpl);
    if (tcpl != H5P_DEFAULT)
        H5Pclose(tcpl);
    if (result < 0) {
        H5Tclose(type);
        return status;
    }
    native_object *object = native_object_wrap(file, type, H5X_KIND_DATATYPE);
    if (object == NULL)
        return H5X_ERR_NO_MEMORY;
    *datatype = object;
    return 0;
}

int native_datatype_commit(void *file_in, void *loc, const char *path, const h5x_dtype *dtype, void **datatype)
{
    return commit_datatype(file_in, loc, path, dtype, -1, datatype);
}

int native_datatype_commit_with(void *file_in, void *loc, const char *path, const h5x_dtype *dtype,
                                const h5x_datatype_commit_args *args, void **datatype)
{
    int track_times = args->struct_size >= offsetof(h5x_datatype_commit_args, track_times) + sizeof(int)
                          ? args->track_times
                          : -1;
    return commit_datatype(file_in, loc, path, dtype, track_times, datatype);
}

int native_datatype_get(void *datatype, h5x_dtype **dtype)
{
    native_object *object = datatype;
    *dtype = native_dtype_from_type(object->id);
    return *dtype != NULL ? 0 : H5X_ERR_TYPE;
}
