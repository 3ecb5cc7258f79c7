/*
 * vds_layout.c — h5py's VirtualLayout and VirtualSource in C.
 *
 * A layout is the shape and dtype of a virtual dataset to be, plus the
 * list of mappings made so far; a source names a dataset (by file and path,
 * so that it may not exist yet) with its shape and a selection of it.
 * Both are plain descriptions: nothing here touches a file.  Selections are
 * turned into regular hyperslabs as soon as they are given, since that is
 * what HDF5 stores in a virtual dataset's layout and what every connector
 * receives: an application that passes a selection a hyperslab cannot
 * express (points, irregular lists) learns it at that call.
 */
#include "vds.h"

#include "dtype.h"
#include "error.h"
#include "lock.h"
#include "object.h"
#include "selection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_shape(const h5x_shape *shape, const char *what)
{
    if (!shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: shape is NULL", what);
    if (shape->rank < 0 || shape->rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_SHAPE, "%s: a virtual dataset needs a scalar or an array shape (rank %d)", what,
                         shape->rank);
    return 0;
}

void h5x_vds_hyperslab_all(const h5x_shape *shape, h5x_vds_hyperslab *slab)
{
    memset(slab, 0, sizeof *slab);
    slab->rank = shape->rank;
    for (int a = 0; a < shape->rank; a++) {
        slab->stride[a] = 1;
        slab->count[a] = 1;
        slab->block[a] = shape->dims[a];
    }
}

uint64_t h5x_vds_hyperslab_size(const h5x_vds_hyperslab *slab)
{
    if (!slab || slab->rank < 0 || slab->rank > H5X_MAX_RANK)
        return 0;
    uint64_t n = 1;
    for (int a = 0; a < slab->rank; a++)
        n *= slab->count[a] * slab->block[a];
    return n;
}

/* An index list that is a regular progression becomes a slice. */
static int axis_from_list(const h5x_axis_selection *axis, uint64_t *start, uint64_t *stride, uint64_t *count)
{
    *start = axis->count ? axis->list[0] : 0;
    *count = axis->count;
    *stride = axis->count > 1 ? axis->list[1] - axis->list[0] : 1;
    for (uint64_t i = 1; i < axis->count; i++)
        if (axis->list[i] - axis->list[i - 1] != *stride)
            return h5x_error(H5X_ERR_SELECTION,
                             "a virtual dataset selection must be regular: the index list is not evenly spaced");
    return 0;
}

int h5x_vds_hyperslab_from_selection(const h5x_selection *sel, const h5x_shape *shape, h5x_vds_hyperslab *slab)
{
    if (!sel) {
        h5x_vds_hyperslab_all(shape, slab);
        return 0;
    }
    h5x_resolved_selection res;
    h5x_shape result;
    int rc = h5x_selection_resolve_into(sel, shape, &res, &result);
    if (rc == 0) {
        memset(slab, 0, sizeof *slab);
        slab->rank = shape->rank;
        switch (res.kind) {
        case H5X_SEL_ALL:
            h5x_vds_hyperslab_all(shape, slab);
            break;
        case H5X_SEL_ORTHOGONAL:
            for (int a = 0; a < shape->rank && rc == 0; a++) {
                const h5x_axis_selection *axis = &res.axes[a];
                slab->block[a] = 1;
                if (axis->list)
                    rc = axis_from_list(axis, &slab->start[a], &slab->stride[a], &slab->count[a]);
                else {
                    slab->start[a] = axis->start;
                    slab->stride[a] = axis->step;
                    slab->count[a] = axis->count;
                }
            }
            break;
        case H5X_SEL_NONE:
            for (int a = 0; a < shape->rank; a++)
                slab->stride[a] = slab->block[a] = 1;
            if (shape->rank > 0)
                slab->count[0] = 0;
            break;
        case H5X_SEL_POINTS:
            rc = h5x_error(H5X_ERR_SELECTION, "a virtual dataset selection cannot be a list of points");
            break;
        }
    }
    h5x_resolved_selection_clear(&res);
    return rc;
}

/* ------------------------------------------------------------- layouts */

static int layout_destroy(h5x_handle *handle)
{
    h5x_vds_layout *layout = (h5x_vds_layout *)handle;
    h5x_vds_mappings_free(layout->mappings, layout->count);
    h5x_dtype_release(layout->dtype);
    free(layout);
    return 0;
}

h5x_vds_layout *h5x_vds_layout_new(const h5x_shape *shape, const h5x_dtype *dtype)
{
    if (check_shape(shape, "h5x_vds_layout_new") != 0)
        return NULL;
    if (!dtype)
        dtype = H5X_F32;
    else if (h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "dtype") != 0)
        return NULL;
    h5x_vds_layout *layout = calloc(1, sizeof *layout);
    if (!layout) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    layout->shape = *shape;
    layout->dtype = h5x_dtype_copy(dtype);
    if (!layout->dtype || h5x_handle_init(&layout->header, H5X_HANDLE_VDS_LAYOUT, layout_destroy) != 0) {
        h5x_dtype_release(layout->dtype);
        free(layout);
        return NULL;
    }
    return layout;
}

/* ------------------------------------------------------------- sources */

static int source_destroy(h5x_handle *handle)
{
    h5x_vds_source *source = (h5x_vds_source *)handle;
    free(source->file_name);
    free(source->dataset_path);
    h5x_dtype_release(source->dtype);
    free(source);
    return 0;
}

h5x_vds_source *h5x_vds_source_new(const char *file_name, const char *dataset_path, const h5x_shape *shape,
                                   const h5x_dtype *dtype)
{
    if (!file_name || !*file_name || !dataset_path || !*dataset_path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_vds_source_new: the file name and dataset path are required");
        return NULL;
    }
    if (check_shape(shape, "h5x_vds_source_new") != 0)
        return NULL;
    if (dtype && h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "dtype") != 0)
        return NULL;
    h5x_vds_source *source = calloc(1, sizeof *source);
    if (!source) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    source->file_name = strdup(file_name);
    source->dataset_path = strdup(dataset_path);
    source->dtype = dtype ? h5x_dtype_copy(dtype) : NULL;
    source->shape = *shape;
    h5x_vds_hyperslab_all(shape, &source->selection);
    if (!source->file_name || !source->dataset_path || (dtype && !source->dtype)) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        source_destroy(&source->header);
        return NULL;
    }
    if (h5x_handle_init(&source->header, H5X_HANDLE_VDS_SOURCE, source_destroy) != 0) {
        source_destroy(&source->header);
        return NULL;
    }
    return source;
}

h5x_vds_source *h5x_vds_source_from_dataset(h5x_object *dataset)
{
    h5x_lock();
    h5x_vds_source *source = NULL;
    if (h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset") == 0) {
        const h5x_dataset_info *info = h5x_dataset_cached_info(dataset);
        if (info) {
            /* The default connector needs no prefix; any other is kept so
             * that the source is reopened through the same connector. */
            const char *connector = H5X_CLASS(dataset)->name;
            char *name = NULL;
            if (strcmp(connector, "native") == 0)
                name = strdup(dataset->file->path);
            else if ((name = malloc(strlen(connector) + strlen(dataset->file->path) + 2)) != NULL)
                sprintf(name, "%s:%s", connector, dataset->file->path);
            if (!name)
                h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
            else
                source = h5x_vds_source_new(name, dataset->path, &info->shape, info->dtype);
            free(name);
        }
    }
    h5x_unlock();
    return source;
}

h5x_vds_source *h5x_vds_source_select(const h5x_vds_source *source, const h5x_selection *sel)
{
    if (h5x_handle_check(source, H5X_HANDLE_VDS_SOURCE, "virtual source") != 0)
        return NULL;
    h5x_vds_hyperslab slab;
    if (h5x_vds_hyperslab_from_selection(sel, &source->shape, &slab) != 0)
        return NULL;
    h5x_vds_source *copy = h5x_vds_source_new(source->file_name, source->dataset_path, &source->shape,
                                              source->dtype);
    if (copy)
        copy->selection = slab;
    return copy;
}

h5x_vds_source *h5x_vds_source_select_text(const h5x_vds_source *source, const char *text)
{
    h5x_selection *sel = h5x_selection_parse(text ? text : "...");
    if (!sel)
        return NULL;
    h5x_vds_source *result = h5x_vds_source_select(source, sel);
    h5x_close(sel);
    return result;
}

/* ------------------------------------------------------------- mapping */

int h5x_vds_layout_map(h5x_vds_layout *layout, const h5x_selection *sel, const h5x_vds_source *source)
{
    int rc = h5x_handle_check(layout, H5X_HANDLE_VDS_LAYOUT, "virtual layout");
    if (rc == 0)
        rc = h5x_handle_check(source, H5X_HANDLE_VDS_SOURCE, "virtual source");
    if (rc != 0)
        return rc;
    h5x_vds_hyperslab target;
    if ((rc = h5x_vds_hyperslab_from_selection(sel, &layout->shape, &target)) != 0)
        return rc;
    uint64_t n_virtual = h5x_vds_hyperslab_size(&target), n_source = h5x_vds_hyperslab_size(&source->selection);
    if (n_virtual != n_source)
        return h5x_error(H5X_ERR_SHAPE,
                         "cannot map %llu source elements of '%s' in '%s' onto %llu elements of the layout",
                         (unsigned long long)n_source, source->dataset_path, source->file_name,
                         (unsigned long long)n_virtual);
    if (layout->count == layout->capacity) {
        size_t capacity = layout->capacity ? layout->capacity * 2 : 8;
        h5x_vds_mapping *grown = realloc(layout->mappings, capacity * sizeof *grown);
        if (!grown)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        layout->mappings = grown;
        layout->capacity = capacity;
    }
    h5x_vds_mapping *m = &layout->mappings[layout->count];
    memset(m, 0, sizeof *m);
    m->virtual_selection = target;
    m->source_shape = source->shape;
    m->source_selection = source->selection;
    m->file_name = strdup(source->file_name);
    m->dataset_path = strdup(source->dataset_path);
    if (!m->file_name || !m->dataset_path) {
        free(m->file_name);
        free(m->dataset_path);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    layout->count++;
    return 0;
}

int h5x_vds_layout_map_text(h5x_vds_layout *layout, const char *text, const h5x_vds_source *source)
{
    h5x_selection *sel = h5x_selection_parse(text ? text : "...");
    if (!sel)
        return h5x_last_error()->code;
    int rc = h5x_vds_layout_map(layout, sel, source);
    h5x_close(sel);
    return rc;
}

void h5x_vds_mappings_free(h5x_vds_mapping *mappings, size_t count)
{
    if (!mappings)
        return;
    for (size_t i = 0; i < count; i++) {
        free(mappings[i].file_name);
        free(mappings[i].dataset_path);
    }
    free(mappings);
}
