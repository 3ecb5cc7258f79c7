/*
 * vds_own.c — sources in the virtual dataset's own file.
 *
 * HDF5 and h5py let a mapping name the virtual dataset's own file as ".",
 * and libhdf5 then takes the source from the file it has open.  The vds
 * connector does the same.  It cannot open the file again by its name:
 * an in-memory core file has no name to be found by, and a second open of
 * a native file would be a second view that does not see the first one's
 * unflushed changes.  So such a source is opened in the file below, as an
 * object of the connector below, and read and written through that
 * connector's table, under the lock the core already holds for the read
 * of the virtual dataset.  What the core would check before such a call —
 * that the selection lies inside the dataset as it is now — is checked
 * here, since the core is not in between.
 *
 * A source that is itself a virtual dataset of this connector (a carrier)
 * is refused: its bytes are a description, not the data.
 */
#include "vds.h"

#include <stdlib.h>
#include <string.h>

int vds_own_open(vds_object *object, const char *path, void **own)
{
    *own = NULL;
    vds_file *file = object->file;
    const h5x_connector_class *cls = file->cls;
    if (!cls->object_open || !cls->object_exists || !cls->object_close || !cls->dataset_info || !cls->dataset_read)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector cannot open the source '%s' in the "
                                   "virtual dataset's own file", cls->name, path);
    /* a source's name starts from the root, whether or not it says so */
    size_t length = strlen(path);
    char *absolute = malloc(length + 2);
    if (!absolute)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    absolute[0] = '/';
    memcpy(absolute + 1, path[0] == '/' ? path + 1 : path, path[0] == '/' ? length : length + 1);
    int rc = cls->object_exists(file->under, object->under, absolute);
    if (rc <= 0) {
        h5x_clear_error(); /* not there: missing, which reads as the fill value */
        free(absolute);
        return 0;
    }
    void *dataset = NULL;
    h5x_object_info info;
    memset(&info, 0, sizeof info);
    rc = cls->object_open(file->under, object->under, absolute, &dataset, &info);
    free(absolute);
    if (rc < 0)
        return rc;
    vds_virtual *nested = NULL;
    if (info.kind != H5X_KIND_DATASET)
        rc = h5x_connector_error(H5X_ERR_TYPE, "the source '%s' in the virtual dataset's own file is not a dataset",
                                 path);
    else if ((rc = vds_virtual_load(file, dataset, &nested)) == 0 && nested)
        rc = h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the source '%s' in the virtual dataset's own file is "
                                 "itself a virtual dataset", path);
    vds_virtual_free(nested);
    if (rc < 0) {
        cls->object_close(dataset);
        return rc;
    }
    *own = dataset;
    return 0;
}

/* 0 when every axis of sel lies inside shape, as the core checks for a
 * read of another file's dataset. */
static int fits(const h5x_resolved_selection *sel, const h5x_shape *shape)
{
    if (sel->rank != shape->rank)
        return 0;
    for (int a = 0; a < sel->rank; a++) {
        const h5x_axis_selection *axis = &sel->axes[a];
        if (axis->count == 0)
            continue;
        uint64_t length = shape->dims[a];
        if (axis->list ? axis->list[axis->count - 1] >= length
                       : axis->step == 0 || axis->start >= length ||
                             axis->count - 1 > (length - 1 - axis->start) / axis->step)
            return 0;
    }
    return 1;
}

int vds_own_transfer(const vds_file *file, void *own, const h5x_vds_mapping *m, const h5x_resolved_selection *sel,
                     const h5x_dtype *mem_dtype, void *buffer, int writing)
{
    const h5x_connector_class *cls = file->cls;
    if (writing && !cls->dataset_write)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not write datasets", cls->name);
    h5x_dataset_info info;
    memset(&info, 0, sizeof info);
    int rc = cls->dataset_info(own, &info);
    if (rc == 0 && !fits(sel, &info.shape))
        rc = h5x_connector_error(H5X_ERR_SELECTION, "the source '%s' in the virtual dataset's own file is smaller "
                                 "than its mapping", m->dataset_path);
    /* whole datasets go as H5X_SEL_ALL, as the core hands them to connectors */
    h5x_resolved_selection all = {.kind = H5X_SEL_ALL, .rank = info.shape.rank};
    int whole = rc == 0;
    for (int a = 0; whole && a < sel->rank; a++) {
        whole = sel->axes[a].count == info.shape.dims[a] && (sel->axes[a].list || sel->axes[a].start == 0);
        all.axes[a] = (h5x_axis_selection){.start = 0, .step = 1, .count = info.shape.dims[a], .list = NULL};
    }
    if (whole)
        sel = &all;
    if (rc == 0)
        rc = writing ? cls->dataset_write(own, sel, mem_dtype, buffer) : cls->dataset_read(own, sel, mem_dtype, buffer);
    h5x_close(info.dtype);
    free(info.fillvalue);
    free(info.filters);
    return rc < 0 ? rc : 0;
}
