/*
 * vds_create.c — creating a virtual dataset from a layout, and asking a
 * dataset for its mappings.
 *
 * The core does not map anything itself: it checks the layout and hands
 * the mappings to the file's connector, which either claims virtual
 * datasets natively (the native connector stores an HDF5 virtual dataset)
 * or is the vds connector stacked over the file's own connector
 * (vds_stack.c).  Either way the connector the file records claims
 * H5X_CAP_VIRTUAL_DATASETS; one that does not answers "not supported".
 */
#include "vds.h"

#include "dtype.h"
#include "error.h"
#include "lock.h"
#include "object.h"

#include <stdlib.h>

static int virtual_supported(const h5x_object *object, int need_create)
{
    const h5x_connector_class *cls = H5X_CLASS(object);
    if (!(cls->capabilities & H5X_CAP_VIRTUAL_DATASETS) || !H5X_SLOT(cls, dataset_virtual_mappings) ||
        (need_create && !H5X_SLOT(cls, dataset_create_virtual)))
        return h5x_not_supported(object->file, "virtual datasets");
    return 0;
}

h5x_object *h5x_vds_create(h5x_object *loc, const char *path, const h5x_vds_layout *layout, const void *fillvalue)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(loc, H5X_KINDS_LOCATION, "group") != 0 ||
        h5x_handle_check(layout, H5X_HANDLE_VDS_LAYOUT, "virtual layout") != 0)
        goto done;
    if (!path || !*path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_vds_create: path is NULL or empty");
        goto done;
    }
    if (h5x_require_writable(loc, "create a virtual dataset") != 0 || virtual_supported(loc, 1) != 0)
        goto done;
    h5x_dataset_create_args args = {
        .struct_size = sizeof args,
        .dtype = layout->dtype,
        .shape = layout->shape,
        .maxshape = layout->shape,
        .chunks = {.rank = 0},
        .fillvalue = fillvalue,
        .filters = NULL,
        .track_order = h5x_default_track_order(-1),
    };
    void *dataset = NULL;
    int rc = H5X_CLASS(loc)->dataset_create_virtual(loc->file->connector_file, loc->connector_object, path, &args,
                                                    layout->mappings, layout->count, &dataset);
    if (rc < 0) {
        h5x_error_at(loc, path, rc);
        goto done;
    }
    result = h5x_object_wrap_at(loc->file, H5X_KIND_DATASET, dataset, loc->path, path);
done:
    h5x_unlock();
    return result;
}

int h5x_vds_mappings(h5x_object *dataset, h5x_vds_mapping **mappings, size_t *count)
{
    if (!mappings || !count)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_vds_mappings: mappings or count is NULL");
    *mappings = NULL;
    *count = 0;
    h5x_lock();
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    /* A connector without virtual datasets has none: the answer is "no
     * mappings", as h5py's is_virtual is False there. */
    if (rc == 0 && virtual_supported(dataset, 0) == 0)
        rc = h5x_error_at(dataset, NULL,
                          H5X_CLASS(dataset)->dataset_virtual_mappings(dataset->connector_object, mappings, count));
    else if (rc == 0)
        h5x_clear_error();
    h5x_unlock();
    return rc;
}

int h5x_vds_is_virtual(h5x_object *dataset)
{
    h5x_vds_mapping *mappings = NULL;
    size_t count = 0;
    h5x_lock();
    int rc = h5x_vds_mappings(dataset, &mappings, &count);
    int result = rc < 0 ? rc : mappings != NULL;
    h5x_vds_mappings_free(mappings, count);
    h5x_unlock();
    return result;
}
