/*
 * vds_virtual.c — carriers: how a virtual dataset lives in a file whose
 * connector has no virtual datasets.
 *
 * The carrier is an ordinary 1-D uint8 dataset holding the mapping
 * description (vds_layout_text.c) as its data — data rather than an
 * attribute, because a thousand mappings outgrow what some storage allows
 * an attribute (libhdf5's object headers, 64 KiB) — and one attribute,
 * VDS_ATTRIBUTE: a scalar of the virtual dataset's dtype whose value is the
 * fill value.  The attribute is what marks a carrier; it keeps the dtype
 * where the connector below stores dtypes anyway.  The carrier also
 * carries the virtual dataset's own attributes.  When the vds connector
 * opens a dataset it looks for that attribute; finding it, it answers with
 * the virtual shape and dtype and maps reads and writes.  Through any other
 * reader the carrier is what it is: bytes of text and an attribute,
 * readable but not pretending to hold the data.
 */
#include "vds.h"

#include <stdlib.h>
#include <string.h>

void vds_virtual_free(vds_virtual *virt)
{
    if (!virt)
        return;
    for (size_t i = 0; virt->datasets && i < virt->count; i++)
        h5x_close(virt->datasets[i]);
    for (size_t i = 0; virt->own && i < virt->count; i++)
        if (virt->own[i])
            virt->cls->object_close(virt->own[i]);
    free(virt->own);
    for (size_t i = 0; i < virt->file_count; i++) {
        h5x_close(virt->files[i].file);
        free(virt->files[i].name);
    }
    free(virt->files);
    free(virt->datasets);
    free(virt->rows);
    h5x_vds_mappings_free(virt->mappings, virt->count);
    h5x_close(virt->dtype);
    free(virt->fill);
    free(virt);
}

int vds_virtual_create(vds_file *file, void *under_loc, const char *path, const h5x_dataset_create_args *args,
                       const h5x_vds_mapping *mappings, size_t count, void **carrier_out)
{
    *carrier_out = NULL;
    const h5x_connector_class *cls = file->cls;
    if (!cls->dataset_create || !cls->dataset_write || !cls->attr_create || !cls->object_close)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED,
                                   "the '%s' connector cannot store the datasets and attributes a virtual dataset needs",
                                   cls->name);
    if (h5x_dtype_has_variable(args->dtype))
        return h5x_connector_error(H5X_ERR_TYPE, "virtual datasets of variable-length types are not supported here");
    for (size_t i = 0; i < count; i++)
        if (mappings[i].virtual_selection.rank != args->shape.rank ||
            mappings[i].source_selection.rank != mappings[i].source_shape.rank)
            return h5x_connector_error(H5X_ERR_SELECTION, "mapping %zu has a selection of the wrong rank", i);
    char *text = NULL;
    size_t length = 0;
    int rc = vds_layout_encode(&args->shape, mappings, count, &text, &length);
    if (rc != 0)
        return rc;
    size_t element = h5x_dtype_size(args->dtype);
    char *fill = calloc(1, element ? element : 1);
    if (!fill) {
        free(text);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    if (args->fillvalue)
        memcpy(fill, args->fillvalue, element);
    h5x_dataset_create_args carrier_args = {
        .struct_size = sizeof carrier_args,
        .dtype = H5X_U8,
        .shape = h5x_shape_of(1, (uint64_t[]){length}),
        .track_order = args->track_order,
    };
    carrier_args.maxshape = carrier_args.shape;
    void *carrier = NULL;
    rc = cls->dataset_create(file->under, under_loc, path, &carrier_args, &carrier);
    if (rc == 0) {
        h5x_resolved_selection all = {.kind = H5X_SEL_ORTHOGONAL, .rank = 1};
        all.axes[0] = (h5x_axis_selection){.start = 0, .step = 1, .count = length};
        h5x_attr_args marker = {.dtype = args->dtype, .shape = h5x_shape_scalar(), .data = fill};
        rc = cls->dataset_write(carrier, &all, H5X_U8, text);
        if (rc == 0)
            rc = cls->attr_create(carrier, VDS_ATTRIBUTE, &marker);
        if (rc != 0) {
            cls->object_close(carrier);
            carrier = NULL;
            if (cls->link_delete)
                cls->link_delete(file->under, under_loc, path);
        }
    }
    free(fill);
    free(text);
    *carrier_out = carrier;
    return rc;
}

int vds_virtual_load(vds_file *file, void *under_dataset, vds_virtual **virt_out)
{
    *virt_out = NULL;
    const h5x_connector_class *cls = file->cls;
    if (!cls->attr_info || !cls->attr_read || !cls->dataset_info || !cls->dataset_read)
        return 0;
    h5x_shape marker_shape;
    h5x_dtype *dtype = NULL;
    int present = cls->attr_info(under_dataset, VDS_ATTRIBUTE, &marker_shape, &dtype);
    if (present <= 0)
        return present;
    vds_virtual *virt = calloc(1, sizeof *virt);
    h5x_dataset_info info = {0};
    char *text = NULL;
    int rc = virt ? 0 : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (rc == 0) {
        virt->dtype = dtype;
        dtype = NULL;
        rc = cls->dataset_info(under_dataset, &info);
    }
    if (rc == 0 && (info.shape.rank != 1 || marker_shape.rank != 0))
        rc = h5x_connector_error(H5X_ERR_CORRUPT, "a virtual dataset's carrier has the wrong shape");
    if (rc == 0) {
        size_t length = (size_t)info.shape.dims[0];
        size_t element = h5x_dtype_size(virt->dtype);
        text = malloc(length + 1);
        virt->fill = calloc(1, element ? element : 1);
        if (!text || !virt->fill)
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        h5x_resolved_selection all = {.kind = H5X_SEL_ORTHOGONAL, .rank = 1};
        all.axes[0] = (h5x_axis_selection){.start = 0, .step = 1, .count = length};
        if (rc == 0)
            rc = cls->dataset_read(under_dataset, &all, H5X_U8, text);
        if (rc == 0)
            rc = cls->attr_read(under_dataset, VDS_ATTRIBUTE, virt->dtype, virt->fill);
        if (rc == 0)
            rc = vds_layout_decode(text, length, &virt->shape, &virt->mappings, &virt->count);
    }
    if (rc == 0) {
        virt->cls = cls;
        virt->datasets = calloc(virt->count ? virt->count : 1, sizeof *virt->datasets);
        virt->own = calloc(virt->count ? virt->count : 1, sizeof *virt->own);
        if (!virt->datasets || !virt->own)
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    /* a whole read needs no fill pass when this reaches the element count
     * (vds_io.c): summed once here rather than met again at every read */
    for (size_t i = 0; rc == 0 && i < virt->count; i++) {
        uint64_t n = h5x_vds_hyperslab_size(&virt->mappings[i].virtual_selection);
        virt->mapped = n > UINT64_MAX - virt->mapped ? UINT64_MAX : virt->mapped + n;
    }
    if (rc == 0)
        rc = vds_rows_plan(virt);
    h5x_close(dtype);
    h5x_close(info.dtype);
    free(info.fillvalue);
    free(info.filters);
    free(text);
    if (rc != 0) {
        vds_virtual_free(virt);
        return rc;
    }
    *virt_out = virt;
    return 0;
}
