/*
 * dataset_resolved.c — reading and writing a dataset with a selection that
 * is already resolved, for connectors that read other datasets on behalf
 * of their own.
 *
 * The vds connector reads every source of a virtual dataset with a read of
 * its own: a thousand reads for one whole read of a thousand sources.  It
 * knows each source's part as per-axis ranges already, so building an
 * h5x_selection only for h5x_dataset_read to resolve it again (an object
 * allocated, a handle registered, parsed items walked, the handle
 * released) would be a large share of a small read.  These entries take
 * the resolved selection as it is.  They keep everything else a public
 * read or write does: the lock, the handle checks, the check that the
 * selection fits the dataset's current shape (which the connector below
 * relies on), the writable check, and the error annotated with the
 * dataset's file and path.
 *
 * A whole read of a thousand small sources is then dominated by what is
 * paid per source, so h5x_dataset_read_resolved_held, for a handle the
 * connector holds itself, trusts the handles instead of looking them up
 * in the live-handle set, and a selection of ranges is checked, counted
 * and tested for "every element" in one pass over its axes.  The lines
 * the read goes on to need (the connector's object, the file state) are
 * prefetched as soon as the handle is known good (prefetch_held).
 */
#include "object.h"

#include "error.h"
#include "lock.h"
#include "selection.h"

/* 1 when an orthogonal selection (checked against shape) selects every
 * element: each axis from 0, as long as the axis. */
static int covers_everything(const h5x_resolved_selection *sel, const h5x_shape *shape)
{
    for (int a = 0; a < sel->rank; a++)
        if (sel->axes[a].count != shape->dims[a] || (!sel->axes[a].list && sel->axes[a].start != 0))
            return 0;
    return 1;
}

/* The selection checks and the call into the connector, for a dataset
 * whose handle and cached information are known good.  Ranges (the vds
 * connector's every request) are checked, counted and tested for "every
 * element" in one pass; anything else takes the general checks. */
static int transfer_checked(h5x_object *dataset, const h5x_dataset_info *info, const h5x_resolved_selection *sel,
                            const h5x_dtype *mem_dtype, void *read_buffer, const void *write_buffer)
{
    int writing = read_buffer == NULL;
    int rc = 0;
    uint64_t selected = 1;
    int everything = 0;
    int ranges = sel->kind == H5X_SEL_ORTHOGONAL && sel->rank == info->shape.rank;
    for (int a = 0; ranges && a < sel->rank; a++) {
        const h5x_axis_selection *axis = &sel->axes[a];
        uint64_t length = info->shape.dims[a];
        ranges = !axis->list && axis->step == 1 && axis->count <= length && axis->start <= length - axis->count;
        selected *= axis->count;
    }
    if (ranges) {
        everything = covers_everything(sel, &info->shape);
    } else {
        if (sel->kind == H5X_SEL_ALL && sel->rank != info->shape.rank)
            rc = h5x_error(H5X_ERR_SELECTION, "selection of rank %d does not fit a dataset of rank %d", sel->rank,
                           info->shape.rank);
        if (rc == 0)
            rc = h5x_resolved_selection_check(sel, &info->shape);
        if (rc < 0)
            return rc;
        everything = sel->kind == H5X_SEL_ORTHOGONAL && covers_everything(sel, &info->shape);
        selected = h5x_resolved_selection_size(sel, &info->shape);
    }
    /* a selection of every element reaches the connector as H5X_SEL_ALL,
     * as from h5x_dataset_read: its fastest path (libhdf5's H5S_ALL) */
    h5x_resolved_selection all;
    if (everything) {
        all.kind = H5X_SEL_ALL;
        all.rank = sel->rank;
        for (int a = 0; a < sel->rank; a++)
            all.axes[a] = (h5x_axis_selection){.start = 0, .step = 1, .count = info->shape.dims[a], .list = NULL};
        all.npoints = 0;
        all.points = NULL;
        sel = &all;
    }
    if (selected == 0)
        return 0;
    const h5x_dtype *mem = mem_dtype ? mem_dtype : info->dtype;
    const h5x_connector_class *cls = H5X_CLASS(dataset);
    if (writing) {
        int (*write)(void *, const h5x_resolved_selection *, const h5x_dtype *, const void *) =
            H5X_SLOT(cls, dataset_write);
        return write ? write(dataset->connector_object, sel, mem, write_buffer)
                     : h5x_not_supported(dataset->file, "writing datasets");
    }
    int (*read)(void *, const h5x_resolved_selection *, const h5x_dtype *, void *) = H5X_SLOT(cls, dataset_read);
    return read ? read(dataset->connector_object, sel, mem, read_buffer)
                : h5x_not_supported(dataset->file, "reading datasets");
}

static int transfer_resolved(h5x_object *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                             void *read_buffer, const void *write_buffer)
{
    h5x_lock();
    int writing = read_buffer == NULL;
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    const h5x_dataset_info *info = NULL;
    if (rc == 0 && !(info = h5x_dataset_cached_info(dataset)))
        rc = h5x_error_code();
    if (rc == 0 && !sel)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: the selection is NULL",
                       writing ? "h5x_dataset_write_resolved" : "h5x_dataset_read_resolved");
    /* the dataset's own dtype (the vds connector's usual memory type) is
     * live as long as the dataset is: no lookup in the live-handle set */
    if (rc == 0 && mem_dtype && mem_dtype != info->dtype)
        rc = h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "memory dtype");
    if (rc == 0 && writing)
        rc = h5x_require_writable(dataset, "write a dataset");
    if (rc == 0)
        rc = transfer_checked(dataset, info, sel, mem_dtype, read_buffer, write_buffer);
    if (rc < 0 && h5x_handle_check(dataset, H5X_HANDLE_OBJECT, "dataset") == 0)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_dataset_read_resolved(h5x_object *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                              void *buffer)
{
    if (!buffer)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_read_resolved: buffer is NULL");
    return transfer_resolved(dataset, sel, mem_dtype, buffer, NULL);
}

int h5x_dataset_write_resolved(h5x_object *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                               const void *buffer)
{
    if (!buffer)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_write_resolved: buffer is NULL");
    return transfer_resolved(dataset, sel, mem_dtype, NULL, buffer);
}

/* The connector's object and the file state of a dataset handle are on
 * lines of their own, both needed for a read (the read itself; the
 * generation and the class): asked for together, their misses overlap
 * instead of following one another.  A whole read of a virtual dataset
 * of a thousand small sources waits on them once per source. */
static void prefetch_held(const h5x_object *dataset)
{
#if defined(__GNUC__)
    __builtin_prefetch(dataset->connector_object);
    __builtin_prefetch(dataset->file);
#else
    (void)dataset;
#endif
}

int h5x_dataset_read_resolved_held(h5x_object *dataset, const h5x_resolved_selection *sel,
                                   const h5x_dtype *mem_dtype, void *buffer)
{
    if (!dataset || !sel || !buffer)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_read_resolved_held: NULL argument");
    h5x_lock();
    /* The caller holds a reference on dataset and got mem_dtype from the
     * core (or holds it too), so neither can have been freed: the header
     * is read instead of looking both up in the live-handle set.  The
     * test still catches a handle of another kind passed by mistake. */
    int rc = 0;
    const h5x_dataset_info *info = NULL;
    if (dataset->header.kind != H5X_HANDLE_OBJECT || dataset->header.refcount <= 0 ||
        dataset->kind != H5X_KIND_DATASET) {
        rc = h5x_error(H5X_ERR_BAD_HANDLE, "h5x_dataset_read_resolved_held: not a dataset handle");
    } else {
        prefetch_held(dataset);
        if (!(info = h5x_dataset_cached_info(dataset)))
            rc = h5x_error_code();
        else
            rc = transfer_checked(dataset, info, sel, mem_dtype, buffer, NULL);
    }
    if (rc < 0 && info)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}
