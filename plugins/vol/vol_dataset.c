/*
 * vol_dataset.c — HDF5 datasets as h5x datasets.
 *
 * Creation reads HDF5's creation list into h5x's dataset options: the
 * chunk shape, the filter chain (as the text h5x parses, written by the
 * native connector's own translation of a creation list), the fill value
 * and attribute-order tracking.  The queries go the other way: the
 * dataspace from the shape and maxshape, the type from the dtype, and a
 * creation list rebuilt from chunks, filters and fill value, so that
 * h5repack and h5dump -p see the layout the connector below keeps.
 * Reads and writes are vol_selection.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"
#include "vol_internal.h"

typedef struct create_plan {
    h5x_dtype *dtype;
    h5x_shape shape, maxshape, chunks;
    char *filters;
    void *fillvalue;
    int track_order;
    int track_times;
} create_plan;

static void plan_clear(create_plan *plan)
{
    h5x_close(plan->dtype);
    h5x_free(plan->filters);
    free(plan->fillvalue);
}

static int plan_of(vol_file *file, hid_t type_id, hid_t space_id, hid_t dcpl_id, create_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->track_order = -1;
    plan->track_times = -1;
    plan->dtype = vol_dtype_for_object(file, type_id);
    if (plan->dtype == NULL || vol_shape_of(space_id, &plan->shape, &plan->maxshape) < 0)
        return -1;
    /* libhdf5's default list keeps times, where h5x's default for datasets
     * (h5py's) does not, so even the default list is asked */
    plan->track_times = vol_track_times(file, dcpl_id, H5I_INVALID_HID);
    if (dcpl_id < 0 || dcpl_id == H5P_DATASET_CREATE_DEFAULT)
        return 0;
    if (H5Pget_layout(dcpl_id) == H5D_CHUNKED) {
        hsize_t dims[H5S_MAX_RANK];
        int rank = H5Pget_chunk(dcpl_id, H5S_MAX_RANK, dims);
        if (rank < 0 || rank > H5X_MAX_RANK)
            return vol_fail_here("cannot read the chunk shape");
        plan->chunks.rank = rank;
        for (int i = 0; i < rank; i++)
            plan->chunks.dims[i] = dims[i];
    }
    if (native_filters_describe(dcpl_id, &plan->filters) < 0)
        return vol_fail("cannot read the filters of a dataset creation list");
    H5D_fill_value_t fill_status;
    if (H5Pfill_value_defined(dcpl_id, &fill_status) >= 0 && fill_status == H5D_FILL_VALUE_USER_DEFINED) {
        plan->fillvalue = calloc(1, H5Tget_size(type_id) + 1);
        if (plan->fillvalue == NULL || H5Pget_fill_value(dcpl_id, type_id, plan->fillvalue) < 0)
            return vol_fail_here("cannot read the fill value");
    }
    unsigned order_flags = 0;
    if (H5Pget_attr_creation_order(dcpl_id, &order_flags) >= 0 && (order_flags & H5P_CRT_ORDER_TRACKED))
        plan->track_order = 1;
    return 0;
}

static int can_grow(const h5x_shape *shape, const h5x_shape *maxshape)
{
    for (int i = 0; i < shape->rank; i++)
        if (maxshape->dims[i] != shape->dims[i])
            return 1;
    return 0;
}

static vol_object *create_dataset(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                                  hid_t type_id, hid_t space_id, hid_t dcpl_id, hid_t dapl_id, hid_t dxpl_id,
                                  void **req)
{
    (void)dapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(lcpl_id, H5P_LINK_CREATE, "link creation") < 0 ||
        vol_check_plist(dcpl_id, H5P_DATASET_CREATE, "dataset creation") < 0 ||
        vol_check_plist(dapl_id, H5P_DATASET_ACCESS, "dataset access") < 0)
        return NULL;
    create_plan plan;
    if (plan_of(parent->file, type_id, space_id, dcpl_id, &plan) < 0) {
        plan_clear(&plan);
        return NULL;
    }
    h5x_object *loc = vol_locate(parent, loc_params);
    h5x_object *dataset = NULL;
    if (loc != NULL && vol_check_parents(loc, name, lcpl_id) == 0) {
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        /* a maximum shape makes h5x chunk the dataset (h5py's rule), so it is
         * passed only when the dataspace can grow; otherwise the layout is
         * contiguous, as in libhdf5 */
        options.maxshape = can_grow(&plan.shape, &plan.maxshape) ? &plan.maxshape : NULL;
        options.chunks = plan.chunks.rank > 0 ? &plan.chunks : NULL;
        options.fillvalue = plan.fillvalue;
        options.filters = plan.filters;
        options.track_order = plan.track_order;
        options.track_times = plan.track_times;
        dataset = h5x_dataset_create(loc, name, plan.dtype, &plan.shape, &options);
        if (dataset == NULL)
            vol_fail("cannot create dataset '%s'", name);
    }
    h5x_close(loc);
    plan_clear(&plan);
    if (dataset == NULL)
        return NULL;
    vol_tokens_changed(parent->file);
    return vol_object_new(VOL_DATASET, parent->file, dataset);
}

void *vol_dataset_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                         hid_t type_id, hid_t space_id, hid_t dcpl_id, hid_t dapl_id, hid_t dxpl_id, void **req)
{
    vol_object *parent = obj;
    char *hidden = NULL; /* H5Dcreate_anon */
    if (name == NULL && (name = hidden = vol_anonymous_name(parent->file)) == NULL)
        return NULL;
    vol_object *dataset =
        create_dataset(obj, loc_params, name, lcpl_id, type_id, space_id, dcpl_id, dapl_id, dxpl_id, req);
    if (dataset != NULL) {
        dataset->hidden_path = hidden;
        if (dapl_id != H5P_DEFAULT && dapl_id != H5P_DATASET_ACCESS_DEFAULT)
            vol_keep_plist(dataset, dapl_id);
        if (dcpl_id != H5P_DEFAULT && dcpl_id != H5P_DATASET_CREATE_DEFAULT && H5Pget_nfilters(dcpl_id) > 0)
            vol_creation_remember(dataset, dcpl_id);
    } else {
        free(hidden);
    }
    return dataset;
}

void *vol_dataset_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t dapl_id,
                       hid_t dxpl_id, void **req)
{
    (void)dapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    /* A file or group opens the name itself: reopening it first as a
     * location (vol_locate) would cost a tenth of the dataset's own open. */
    int from_parent = loc_params->type == H5VL_OBJECT_BY_SELF &&
                      (parent->kind == VOL_FILE || parent->kind == VOL_GROUP);
    h5x_object *loc = from_parent ? parent->object : vol_locate(parent, loc_params);
    if (vol_check_plist(dapl_id, H5P_DATASET_ACCESS, "dataset access") < 0) {
        if (!from_parent)
            h5x_close(loc);
        return NULL;
    }
    if (loc == NULL)
        return NULL;
    h5x_object *dataset = vol_open_path(parent->file, loc, name);
    if (!from_parent)
        h5x_close(loc);
    if (dataset == NULL) {
        vol_fail("cannot open dataset '%s'", name);
        return NULL;
    }
    if (h5x_object_get_kind(dataset) != H5X_KIND_DATASET) {
        h5x_close(dataset);
        vol_fail_here("'%s' is not a dataset", name);
        return NULL;
    }
    vol_object *result = vol_object_new(VOL_DATASET, parent->file, dataset);
    if (dapl_id != H5P_DEFAULT && dapl_id != H5P_DATASET_ACCESS_DEFAULT)
        vol_keep_plist(result, dapl_id);
    return result;
}

herr_t vol_dataset_read(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                        hid_t file_space_id[], hid_t dxpl_id, void *buf[], void **req)
{
    (void)dxpl_id, (void)req;
    for (size_t i = 0; i < count; i++)
        if (vol_dataset_io(dset[i], mem_type_id[i], mem_space_id[i], file_space_id[i], dxpl_id, buf[i], 0) < 0)
            return -1;
    return 0;
}

herr_t vol_dataset_write(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                         hid_t file_space_id[], hid_t dxpl_id, const void *buf[], void **req)
{
    (void)dxpl_id, (void)req;
    for (size_t i = 0; i < count; i++) {
        vol_object *dataset = dset[i];
        if (!(dataset->file->intent & H5F_ACC_RDWR))
            return vol_fail_here("'%s' was opened read-only", dataset->file->name);
        if (vol_dataset_io(dataset, mem_type_id[i], mem_space_id[i], file_space_id[i], dxpl_id, (void *)buf[i], 1) < 0)
            return -1;
    }
    return 0;
}

/* The creation list a dataset would have been made with. */
/* H5Z_FILTER_RESERVED: filter ids from here on are not libhdf5's own. */
#define FIRST_USER_FILTER 256
#define MAX_FILTER_VALUES 32

/* A filter that h5x knows by name (LZ4, Blosc, ...) is stored with h5x's
 * parameters for it.  The creation list shows the parameters the
 * application gave for such a filter when the dataset was created while
 * the file has been open (vol_creation.c), as libhdf5 would. */
static void show_asked_filter_parameters(hid_t dcpl, hid_t asked)
{
    int count = H5Pget_nfilters(asked);
    for (int i = 0; i < count; i++) {
        unsigned flags = 0, values[MAX_FILTER_VALUES];
        size_t value_count = MAX_FILTER_VALUES;
        H5Z_filter_t id = H5Pget_filter2(asked, (unsigned)i, &flags, &value_count, values, 0, NULL, NULL);
        if (id < FIRST_USER_FILTER || value_count > MAX_FILTER_VALUES)
            continue;
        H5E_BEGIN_TRY
        {
            H5Pmodify_filter(dcpl, id, flags, value_count, values); /* fails when the filter is not there */
        }
        H5E_END_TRY
    }
    H5Eclear2(H5E_DEFAULT);
}

static hid_t creation_list_of_dataset(vol_object *dataset);

static hid_t creation_list(vol_object *dataset)
{
    hid_t dcpl = creation_list_of_dataset(dataset);
    hid_t asked = dcpl >= 0 ? vol_creation_find(dataset) : H5I_INVALID_HID;
    if (asked >= 0)
        show_asked_filter_parameters(dcpl, asked);
    return dcpl;
}

static hid_t creation_list_of_dataset(vol_object *dataset)
{
    /* a dataset that libhdf5 keeps underneath (the native connector) has
     * libhdf5's own list: layout, filters with all their parameters */
    int64_t native = -1;
    if (h5x_native_handle(dataset->object, &native) == 0) {
        hid_t below = H5Dget_create_plist((hid_t)native);
        if (below >= 0)
            return below;
    }
    h5x_clear_error();
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0)
        return H5I_INVALID_HID;
    h5x_shape chunks;
    if (h5x_dataset_chunks(dataset->object, &chunks) >= 0 && chunks.rank > 0) {
        hsize_t dims[H5X_MAX_RANK];
        for (int i = 0; i < chunks.rank; i++)
            dims[i] = chunks.dims[i];
        H5Pset_chunk(dcpl, chunks.rank, dims);
    }
    h5x_dtype *dtype = h5x_dataset_dtype(dataset->object);
    char *filters = h5x_dataset_filters(dataset->object);
    if (dtype != NULL && filters != NULL && filters[0] != '\0' && native_filters_apply(dcpl, filters, dtype) < 0)
        h5x_clear_error(); /* a filter libhdf5 lacks: the list shows the others */
    h5x_free(filters);
    if (dtype != NULL && !h5x_dtype_has_variable(dtype)) {
        void *value = calloc(1, h5x_dtype_size(dtype) + 1);
        hid_t type = vol_type_of(dtype);
        if (value != NULL && type >= 0 && h5x_dataset_fillvalue(dataset->object, dtype, value) == 1)
            H5Pset_fill_value(dcpl, type, value);
        if (type >= 0)
            H5Tclose(type);
        free(value);
    }
    h5x_close(dtype);
    h5x_clear_error();
    return dcpl;
}

herr_t vol_dataset_get(void *obj, H5VL_dataset_get_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *dataset = obj;
    switch (args->op_type) {
    case H5VL_DATASET_GET_DAPL:
        args->args.get_dapl.dapl_id = dataset->plist >= 0 ? H5Pcopy(dataset->plist) : H5Pcreate(H5P_DATASET_ACCESS);
        return args->args.get_dapl.dapl_id >= 0 ? 0 : vol_fail_here("cannot make a dataset access list");
    case H5VL_DATASET_GET_DCPL:
        args->args.get_dcpl.dcpl_id = creation_list(dataset);
        return args->args.get_dcpl.dcpl_id >= 0 ? 0 : vol_fail_here("cannot make a dataset creation list");
    case H5VL_DATASET_GET_SPACE: {
        h5x_shape shape, maxshape;
        if (h5x_dataset_shape(dataset->object, &shape) < 0 || h5x_dataset_maxshape(dataset->object, &maxshape) < 0)
            return vol_fail("cannot read the shape of a dataset");
        args->args.get_space.space_id = vol_space_of(&shape, &maxshape);
        return args->args.get_space.space_id >= 0 ? 0 : vol_fail_here("cannot make a dataspace");
    }
    case H5VL_DATASET_GET_SPACE_STATUS: {
        uint64_t bytes = 0;
        if (h5x_dataset_storage_size(dataset->object, &bytes) < 0)
            return vol_fail("cannot read the storage size of a dataset");
        *args->args.get_space_status.status = bytes > 0 ? H5D_SPACE_STATUS_ALLOCATED : H5D_SPACE_STATUS_NOT_ALLOCATED;
        return 0;
    }
    case H5VL_DATASET_GET_STORAGE_SIZE: {
        uint64_t bytes = 0;
        if (h5x_dataset_storage_size(dataset->object, &bytes) < 0)
            return vol_fail("cannot read the storage size of a dataset");
        *args->args.get_storage_size.storage_size = bytes;
        return 0;
    }
    case H5VL_DATASET_GET_TYPE: {
        h5x_dtype *dtype = h5x_dataset_dtype(dataset->object);
        if (dtype == NULL)
            return vol_fail("cannot read the dtype of a dataset");
        args->args.get_type.type_id = vol_type_of(dtype);
        h5x_close(dtype);
        return args->args.get_type.type_id >= 0 ? 0 : -1;
    }
    }
    return vol_fail_here("unknown dataset query (%d)", (int)args->op_type);
}

herr_t vol_dataset_specific(void *obj, H5VL_dataset_specific_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *dataset = obj;
    switch (args->op_type) {
    case H5VL_DATASET_SET_EXTENT: {
        h5x_shape shape;
        if (h5x_dataset_shape(dataset->object, &shape) < 0)
            return vol_fail("cannot read the shape of a dataset");
        for (int i = 0; i < shape.rank; i++)
            shape.dims[i] = args->args.set_extent.size[i];
        return h5x_dataset_resize(dataset->object, &shape) >= 0 ? 0 : vol_fail("cannot resize a dataset");
    }
    case H5VL_DATASET_FLUSH:
        return h5x_dataset_flush(dataset->object) >= 0 ? 0 : vol_fail("cannot flush a dataset");
    case H5VL_DATASET_REFRESH:
        return h5x_dataset_refresh(dataset->object) >= 0 ? 0 : vol_fail("cannot refresh a dataset");
    }
    return vol_fail_here("unknown dataset operation (%d)", (int)args->op_type);
}

herr_t vol_dataset_close(void *dset, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object_free(dset);
    return 0;
}
