/*
 * vol_datatype.c — HDF5 datatypes and dataspaces as h5x dtypes and shapes,
 * and committed (named) datatypes.
 *
 * The translation between an HDF5 type and an h5x dtype is the native
 * connector's own (native_dtype.c, linked from its static library), so
 * that a type h5py writes means the same thing read through h5x directly
 * and read through this connector.  Committed datatypes are h5x objects;
 * HDF5 learns their type by asking for its serialised form (H5Tencode of
 * the translated type), which it decodes itself.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"
#include "vol_internal.h"

h5x_dtype *vol_dtype_of(hid_t type_id)
{
    h5x_dtype *dtype = native_dtype_from_type(type_id);
    if (dtype == NULL)
        vol_fail("h5x has no dtype for this HDF5 datatype");
    return dtype;
}

h5x_dtype *vol_dtype_for_object(vol_file *file, hid_t type_id)
{
    /* A committed type of this file, given to H5Acreate or H5Dcreate: the
     * dtype h5x gives for the committed object remembers it, so that the
     * connector can make the new object share the type (and the type's
     * link count grow), as libhdf5 does.  Anything else, a committed type
     * of another file included, is stored as a plain type. */
    if (H5Tcommitted(type_id) > 0) {
        vol_object *committed = vol_object_of_shadow(file, H5VLobject(type_id));
        if (committed != NULL && committed->kind == VOL_DATATYPE) {
            h5x_dtype *dtype = h5x_datatype_dtype(committed->object);
            if (dtype != NULL)
                return dtype;
        }
        H5Eclear2(H5E_DEFAULT);
    }
    return vol_dtype_of(type_id);
}

hid_t vol_type_of(const h5x_dtype *dtype)
{
    hid_t type = native_type_from_dtype(dtype);
    if (type < 0)
        vol_fail("HDF5 has no datatype for this h5x dtype");
    return type;
}

hid_t vol_space_of(const h5x_shape *shape, const h5x_shape *maxshape)
{
    if (shape->rank < 0)
        return H5Screate(H5S_NULL);
    if (shape->rank == 0)
        return H5Screate(H5S_SCALAR);
    hsize_t dims[H5X_MAX_RANK], maxdims[H5X_MAX_RANK];
    for (int i = 0; i < shape->rank; i++) {
        dims[i] = shape->dims[i];
        maxdims[i] = dims[i];
        if (maxshape != NULL && maxshape->rank == shape->rank)
            maxdims[i] = maxshape->dims[i] == H5X_UNLIMITED ? H5S_UNLIMITED : maxshape->dims[i];
    }
    return H5Screate_simple(shape->rank, dims, maxdims);
}

int vol_shape_of(hid_t space_id, h5x_shape *shape, h5x_shape *maxshape)
{
    H5S_class_t kind = H5Sget_simple_extent_type(space_id);
    if (kind == H5S_NO_CLASS)
        return vol_fail_here("not a dataspace");
    if (kind == H5S_NULL || kind == H5S_SCALAR) {
        *shape = kind == H5S_NULL ? h5x_shape_null() : h5x_shape_scalar();
        if (maxshape != NULL)
            *maxshape = *shape;
        return 0;
    }
    hsize_t dims[H5S_MAX_RANK], maxdims[H5S_MAX_RANK];
    int rank = H5Sget_simple_extent_dims(space_id, dims, maxdims);
    if (rank < 0 || rank > H5X_MAX_RANK)
        return vol_fail_here("a dataspace of rank %d is beyond h5x's %d", rank, H5X_MAX_RANK);
    shape->rank = rank;
    if (maxshape != NULL)
        maxshape->rank = rank;
    for (int i = 0; i < rank; i++) {
        shape->dims[i] = dims[i];
        if (maxshape != NULL)
            maxshape->dims[i] = maxdims[i] == H5S_UNLIMITED ? H5X_UNLIMITED : maxdims[i];
    }
    return 0;
}

/* 1 when a datatype creation list asks for the creation order of the
 * type's attributes. */
static int tracks_attribute_order(hid_t tcpl_id)
{
    unsigned flags = 0;
    if (tcpl_id < 0 || tcpl_id == H5P_DATATYPE_CREATE_DEFAULT)
        return 0;
    return H5Pget_attr_creation_order(tcpl_id, &flags) >= 0 && (flags & H5P_CRT_ORDER_TRACKED) != 0;
}

/* h5x commits a datatype without options, so its attributes come back in
 * name order.  When the application asks for their creation order and
 * the h5x connector is libhdf5 underneath (native), the type is committed
 * there with the application's lists (the type is h5x's translation, as
 * h5x would store it) and opened through h5x.  NULL with *tried 0 when
 * that route does not apply. */
static h5x_object *commit_with_creation_order(h5x_object *loc, const char *name, const h5x_dtype *dtype,
                                              hid_t lcpl_id, hid_t tcpl_id, int *tried)
{
    int64_t native = -1;
    *tried = 0;
    if (!tracks_attribute_order(tcpl_id) || h5x_native_handle(loc, &native) != 0) {
        h5x_clear_error();
        return NULL;
    }
    *tried = 1;
    hid_t type = vol_type_of(dtype);
    if (type < 0)
        return NULL;
    herr_t status = H5Tcommit2((hid_t)native, name, type, lcpl_id, tcpl_id, H5P_DEFAULT);
    H5Tclose(type);
    if (status < 0) {
        vol_fail_here("libhdf5 cannot commit datatype '%s' below h5x", name);
        return NULL;
    }
    h5x_object *committed = h5x_open(loc, name);
    if (committed == NULL)
        vol_fail("cannot open the datatype '%s' just committed", name);
    return committed;
}

static vol_object *commit_datatype(void *obj, const H5VL_loc_params_t *loc_params, const char *name,
                                   hid_t type_id, hid_t lcpl_id, hid_t tcpl_id, hid_t tapl_id, hid_t dxpl_id,
                                   void **req)
{
    (void)lcpl_id, (void)tcpl_id, (void)tapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(lcpl_id, H5P_LINK_CREATE, "link creation") < 0 ||
        vol_check_plist(tcpl_id, H5P_DATATYPE_CREATE, "datatype creation") < 0 ||
        vol_check_plist(tapl_id, H5P_DATATYPE_ACCESS, "datatype access") < 0)
        return NULL;
    h5x_object *loc = vol_locate(parent, loc_params);
    if (loc == NULL)
        return NULL;
    h5x_dtype *dtype = vol_dtype_of(type_id);
    int tried = 0;
    h5x_object *committed =
        dtype != NULL ? commit_with_creation_order(loc, name, dtype, lcpl_id, tcpl_id, &tried) : NULL;
    if (dtype != NULL && !tried) {
        h5x_datatype_options options = H5X_DATATYPE_OPTIONS_INIT;
        options.track_times = vol_track_times(parent->file, tcpl_id, H5P_DATATYPE_CREATE_DEFAULT);
        committed = h5x_datatype_commit_with(loc, name, dtype, &options);
        if (committed == NULL)
            vol_fail("cannot commit datatype '%s'", name);
        /* a connector that keeps attribute order as an option after the
         * commit (core); elsewhere the attributes stay in name order */
        h5x_op_attribute_order order = {.track_order = 1};
        if (committed != NULL && tracks_attribute_order(tcpl_id) &&
            h5x_connector_optional(committed, H5X_CONNECTOR_OP_ATTRIBUTE_ORDER, &order) < 0)
            h5x_clear_error();
    }
    h5x_close(dtype);
    h5x_close(loc);
    if (committed != NULL)
        vol_tokens_changed(parent->file);
    return committed != NULL ? vol_object_new(VOL_DATATYPE, parent->file, committed) : NULL;
}

void *vol_datatype_commit(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t type_id,
                          hid_t lcpl_id, hid_t tcpl_id, hid_t tapl_id, hid_t dxpl_id, void **req)
{
    vol_object *parent = obj;
    char *hidden = NULL; /* H5Tcommit_anon */
    if (name == NULL && (name = hidden = vol_anonymous_name(parent->file)) == NULL)
        return NULL;
    vol_object *committed =
        commit_datatype(obj, loc_params, name, type_id, lcpl_id, tcpl_id, tapl_id, dxpl_id, req);
    if (committed != NULL)
        committed->hidden_path = hidden;
    else
        free(hidden);
    return committed;
}

void *vol_datatype_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t tapl_id,
                        hid_t dxpl_id, void **req)
{
    (void)tapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(tapl_id, H5P_DATATYPE_ACCESS, "datatype access") < 0)
        return NULL;
    h5x_object *loc = vol_locate(parent, loc_params);
    if (loc == NULL)
        return NULL;
    h5x_object *committed = vol_open_path(parent->file, loc, name);
    h5x_close(loc);
    if (committed == NULL) {
        vol_fail("cannot open datatype '%s'", name);
        return NULL;
    }
    if (h5x_object_get_kind(committed) != H5X_KIND_DATATYPE) {
        h5x_close(committed);
        vol_fail_here("'%s' is not a committed datatype", name);
        return NULL;
    }
    return vol_object_new(VOL_DATATYPE, parent->file, committed);
}

/* The committed type as a new HDF5 type identifier. */
static hid_t committed_type(vol_object *datatype)
{
    h5x_dtype *dtype = h5x_datatype_dtype(datatype->object);
    if (dtype == NULL) {
        vol_fail("cannot read a committed datatype");
        return H5I_INVALID_HID;
    }
    hid_t type = vol_type_of(dtype);
    h5x_close(dtype);
    return type;
}

herr_t vol_datatype_get(void *obj, H5VL_datatype_get_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *datatype = obj;
    switch (args->op_type) {
    case H5VL_DATATYPE_GET_BINARY_SIZE:
    case H5VL_DATATYPE_GET_BINARY: {
        hid_t type = committed_type(datatype);
        if (type < 0)
            return -1;
        size_t size = 0;
        herr_t status = H5Tencode(type, NULL, &size);
        if (status >= 0 && args->op_type == H5VL_DATATYPE_GET_BINARY_SIZE)
            *args->args.get_binary_size.size = size;
        else if (status >= 0 && args->args.get_binary.buf != NULL) {
            size = args->args.get_binary.buf_size;
            status = H5Tencode(type, args->args.get_binary.buf, &size);
        }
        H5Tclose(type);
        return status >= 0 ? 0 : vol_fail_here("cannot serialise a committed datatype");
    }
    case H5VL_DATATYPE_GET_TCPL:
        args->args.get_tcpl.tcpl_id = H5Pcreate(H5P_DATATYPE_CREATE);
        return args->args.get_tcpl.tcpl_id >= 0 ? 0 : vol_fail_here("cannot make a datatype creation list");
    }
    return vol_fail_here("unknown datatype query (%d)", (int)args->op_type);
}

herr_t vol_datatype_specific(void *obj, H5VL_datatype_specific_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *datatype = obj;
    switch (args->op_type) {
    case H5VL_DATATYPE_FLUSH:
        return h5x_file_flush(datatype->object) >= 0 ? 0 : vol_fail("cannot flush");
    case H5VL_DATATYPE_REFRESH:
        return 0; /* a committed type never changes */
    }
    return vol_fail_here("unknown datatype operation (%d)", (int)args->op_type);
}

herr_t vol_datatype_close(void *dt, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object_free(dt);
    return 0;
}
