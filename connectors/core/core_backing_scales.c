/*
 * core_backing_scales.c — dimension scales in backing files.
 *
 * In memory the core keeps a dataset's scales in HDF5's convention
 * (core/src/dimscale_generic.c): DIMENSION_LIST, a variable-length list of
 * object references per axis, on the dataset, and REFERENCE_LIST, a list
 * of {dataset reference, axis}, on each scale.  A backing file is a native
 * file, whose connector hands dimension scales to libhdf5's H5DS and does
 * not read or write references nested in those types as plain attributes.
 * So these two attributes are not loaded or saved as data: a save attaches
 * the saved scales again with h5x_dim_attach_scale once the whole tree is
 * on disk (H5DS writes both attributes as h5py would), and a load asks the
 * source for each dataset's scales (h5x_dim_scale) and builds both
 * attributes in memory against the loaded nodes.  The other attributes of
 * the convention (CLASS, NAME, DIMENSION_LABELS) are plain strings and go
 * through as data.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "object.h"

/* One REFERENCE_LIST entry as h5x lays the compound out in memory; the
 * same layout as the core's own dimension-scale code. */
typedef struct attachment {
    h5x_ref dataset;
    int32_t dimension;
} attachment;

int core_scales_bookkeeping(const char *name)
{
    return strcmp(name, "DIMENSION_LIST") == 0 || strcmp(name, "REFERENCE_LIST") == 0;
}

static int last_status(void)
{
    int code = h5x_last_error()->code;
    return code < 0 ? code : H5X_ERR_IO;
}

/* ----------------------------------------------------------------- saving */

/* Attaches, in the saved file, the scales of one in-memory dataset. */
static int save_one(const core_fixup *fixup, core_store *store, h5x_object *destination, const core_ids *written)
{
    const core_attribute *list = core_map_find(&fixup->node->attributes, "DIMENSION_LIST", strlen("DIMENSION_LIST"));
    if (list == NULL || list->data == NULL)
        return 0;
    h5x_object *dataset = h5x_open(destination, fixup->path);
    if (dataset == NULL)
        return last_status();
    int status = 0;
    const h5x_vlen *axes = list->data;
    uint64_t rank = h5x_shape_size(&list->shape);
    for (uint64_t axis = 0; status == 0 && axis < rank; axis++) {
        const h5x_ref *refs = axes[axis].data;
        for (size_t i = 0; status == 0 && i < axes[axis].length; i++) {
            if (refs[i].bytes[0] == H5X_REF_NULL)
                continue;
            core_node *node = core_ref_target(store, refs[i].bytes + H5X_REF_PAYLOAD_OFFSET);
            const char *path = node != NULL ? core_ids_find(written, node->id) : NULL;
            if (path == NULL)
                continue; /* gone, or reached by no link: not saved */
            h5x_object *scale = h5x_open(destination, path);
            if (scale == NULL || h5x_dim_attach_scale(dataset, (int)axis, scale) < 0)
                status = last_status();
            h5x_close(scale);
        }
    }
    h5x_close(dataset);
    return status;
}

int core_scales_save(const core_fixups *datasets, core_store *store, h5x_object *destination,
                     const core_ids *written)
{
    int status = 0;
    for (size_t i = 0; status == 0 && i < datasets->count; i++)
        status = save_one(&datasets->items[i], store, destination, written);
    return status;
}

/* ---------------------------------------------------------------- loading */

static h5x_dtype *reference_list_type(void)
{
    h5x_dtype *compound = h5x_dtype_compound(sizeof(attachment));
    h5x_dtype *ref = h5x_dtype_reference(H5X_REF_OBJECT);
    int status = compound != NULL && ref != NULL ? 0 : -1;
    if (status == 0)
        status = h5x_dtype_compound_insert(compound, "dataset", offsetof(attachment, dataset), ref);
    if (status == 0)
        status = h5x_dtype_compound_insert(compound, "dimension", offsetof(attachment, dimension), H5X_I32);
    h5x_close(ref);
    if (status < 0) {
        h5x_close(compound);
        return NULL;
    }
    return compound;
}

static int encode(core_node *node, h5x_ref *ref)
{
    memset(ref, 0, sizeof *ref);
    int status = core_ref_encode(node, NULL, ref->bytes + H5X_REF_PAYLOAD_OFFSET);
    if (status == 0)
        ref->bytes[0] = H5X_REF_OBJECT;
    return status;
}

/* Adds {dataset, axis} to the scale node's REFERENCE_LIST. */
static int add_attachment(core_node *scale, core_node *dataset, int axis)
{
    const core_attribute *old = core_map_find(&scale->attributes, "REFERENCE_LIST", strlen("REFERENCE_LIST"));
    uint64_t count = old != NULL ? h5x_shape_size(&old->shape) : 0;
    attachment *items = calloc((size_t)count + 1, sizeof *items);
    h5x_dtype *type = reference_list_type();
    int status = items != NULL && type != NULL ? 0 : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (status == 0 && count > 0)
        memcpy(items, old->data, (size_t)count * sizeof *items);
    if (status == 0 && (status = encode(dataset, &items[count].dataset)) == 0) {
        items[count].dimension = axis;
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){count + 1});
        status = core_attribute_put(scale, "REFERENCE_LIST", type, &shape, items);
    }
    h5x_close(type);
    free(items);
    return status;
}

/* Builds DIMENSION_LIST (and the scales' REFERENCE_LIST) for one loaded
 * dataset from its source's scales. */
static int load_one(const core_fixup *fixup, h5x_object *source, const core_map *seen)
{
    h5x_object *src = h5x_open(source, fixup->path);
    h5x_shape shape;
    if (src == NULL || h5x_dataset_shape(src, &shape) < 0) {
        h5x_close(src);
        return last_status();
    }
    h5x_vlen axes[H5X_MAX_RANK];
    memset(axes, 0, sizeof axes);
    int status = 0;
    for (int axis = 0; status == 0 && axis < shape.rank; axis++) {
        int count = h5x_dim_scale_count(src, axis);
        if (count < 0) {
            status = last_status();
            break;
        }
        h5x_ref *refs = count > 0 ? calloc((size_t)count, sizeof *refs) : NULL;
        if (count > 0 && refs == NULL) {
            status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
            break;
        }
        axes[axis].data = refs;
        for (int i = 0; status == 0 && i < count; i++) {
            h5x_object *scale = h5x_dim_scale(src, axis, i);
            char key[33];
            core_node *node = NULL;
            if (scale == NULL)
                status = last_status();
            else if ((status = core_backing_token_key(scale, key)) == 0)
                node = core_map_find(seen, key, strlen(key));
            h5x_close(scale);
            if (status == 0 && node != NULL && (status = encode(node, &refs[axes[axis].length])) == 0) {
                axes[axis].length++;
                status = add_attachment(node, fixup->node, axis);
            }
        }
    }
    if (status == 0) {
        h5x_dtype *ref = h5x_dtype_reference(H5X_REF_OBJECT);
        h5x_dtype *list = ref != NULL ? h5x_dtype_vlen(ref) : NULL;
        h5x_shape axes_shape = h5x_shape_of(1, (uint64_t[]){(uint64_t)shape.rank});
        status = list != NULL ? core_attribute_put(fixup->node, "DIMENSION_LIST", list, &axes_shape, axes)
                              : last_status();
        h5x_close(list);
        h5x_close(ref);
    }
    for (int axis = 0; axis < shape.rank; axis++)
        free(axes[axis].data);
    h5x_close(src);
    return status;
}

int core_scales_load(const core_fixups *datasets, h5x_object *source, const core_map *seen)
{
    int status = 0;
    for (size_t i = 0; status == 0 && i < datasets->count; i++)
        status = load_one(&datasets->items[i], source, seen);
    return status;
}
