/*
 * vds_connector.c — the "vds" connector: virtual datasets on top of any
 * connector.
 *
 * HDF5's virtual datasets exist only in HDF5 files, and map only HDF5
 * files.  This connector gives them to every connector: it is stacked on
 * top of one (the core does so by itself for a connector that does not
 * claim H5X_CAP_VIRTUAL_DATASETS, or when asked with "vds;under=NAME"),
 * forwards every call to the connector below, and maps virtual datasets
 * itself.  Their sources may be in any connector — a family of split
 * files, an in-memory file, native files — and are read through the h5x
 * API like any dataset (vds_sources.c, vds_io.c).  In the file below a
 * virtual dataset is a small carrier dataset holding its description
 * (vds_virtual.c, vds_layout_text.c), so closing and reopening the file
 * gives the virtual dataset back.
 *
 * Like HDF5's passthrough connector (H5VLpassthru.c), every file and
 * object it hands out wraps the one below, which comes first in the struct
 * (the core's H5X_CAP_STACKING contract): the wrapper remembers its file,
 * hence the connector below, and whether it is a virtual dataset.  Calls
 * on anything else go straight down, unwrapped; the layer costs a pointer
 * hop per call.  The description attribute is hidden from attribute
 * listings, so a virtual dataset has the attributes the application gave
 * it and no others.
 *
 * Options: strict=1 (a missing source is an error naming it, instead of
 * reading as the fill value), prefix=DIR (where relative source names are
 * looked for first; default HDF5_VDS_PREFIX, then the file's directory),
 * under=NAME (the connector below, for an explicit stack).
 */
#include "vds.h"

#include <stdlib.h>
#include <string.h>

static const char *const vds_option_names[] = {"under", "strict", "prefix", NULL};

/* ------------------------------------------------------------ wrapping */

static void *below(void *object)
{
    return object ? ((vds_object *)object)->under : NULL;
}

static int not_offered(const vds_file *file, const char *operation)
{
    return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not support %s", file->cls->name,
                               operation);
}

/* Wraps an object the connector below gave; a dataset that carries a
 * mapping becomes a virtual dataset.  On failure the object is closed. */
static int wrap(vds_file *file, void *under, h5x_object_kind kind, void **out)
{
    *out = NULL;
    if (!under)
        return 0;
    vds_object *object = file->spare;
    if (object) {
        file->spare = object->next_spare;
        memset(object, 0, sizeof *object);
    } else {
        object = calloc(1, sizeof *object);
    }
    int rc = object ? 0 : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (rc == 0 && kind == H5X_KIND_DATASET)
        rc = vds_virtual_load(file, under, &object->virt);
    if (rc < 0) {
        free(object);
        if (file->cls->object_close)
            file->cls->object_close(under);
        return rc;
    }
    object->under = under;
    object->file = file;
    *out = object;
    return 0;
}

/* --------------------------------------------------------------- files */

static int vds_file_open(const h5x_file_args *args, void **file_out, void **root_out)
{
    *file_out = *root_out = NULL;
    if (args->struct_size < offsetof(h5x_file_args, under_root) + sizeof(void *) || !args->under_class ||
        !args->under_file)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "the vds connector stacks on another connector: it needs the file below");
    const h5x_connector_class *cls = args->under_class;
    vds_file *file = calloc(1, sizeof *file);
    int rc = file ? 0 : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (rc == 0) {
        file->under = args->under_file;
        file->cls = cls;
        file->writable = args->mode != H5X_MODE_READ;
        rc = h5x_options_get_bool(args->options, "strict", 0, &file->strict);
        const char *prefix = h5x_options_get(args->options, "prefix");
        if (!prefix)
            prefix = getenv("HDF5_VDS_PREFIX");
        file->path = strdup(args->path);
        file->prefix = prefix ? strdup(prefix) : NULL;
        file->allowed_prefixes = args->allowed_target_prefixes ? strdup(args->allowed_target_prefixes) : NULL;
        if (rc == 0 && (!file->path || (prefix && !file->prefix) ||
                        (args->allowed_target_prefixes && !file->allowed_prefixes)))
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    if (rc == 0)
        rc = wrap(file, args->under_root, H5X_KIND_GROUP, root_out);
    else if (cls->object_close)
        cls->object_close(args->under_root);
    if (rc < 0) {
        cls->file_close(args->under_file);
        if (file) {
            free(file->path);
            free(file->prefix);
            free(file->allowed_prefixes);
            free(file);
        }
        return rc;
    }
    *file_out = file;
    return 0;
}

static int vds_file_close(void *file_in)
{
    vds_file *file = file_in;
    int rc = file->cls->file_close(file->under);
    while (file->spare) {
        vds_object *next = file->spare->next_spare;
        free(file->spare);
        file->spare = next;
    }
    free(file->path);
    free(file->prefix);
    free(file->allowed_prefixes);
    free(file);
    return rc;
}

static int vds_file_flush(void *file)
{
    vds_file *f = file;
    return f->cls->file_flush(f->under);
}

static int vds_file_userblock_size(void *file, uint64_t *size)
{
    vds_file *f = file;
    return f->cls->file_userblock_size(f->under, size);
}

static int vds_file_start_swmr(void *file)
{
    vds_file *f = file;
    return f->cls->file_start_swmr(f->under);
}

/* ------------------------------------------------------------- objects */

static int vds_object_open(void *file, void *loc, const char *path, void **object, h5x_object_info *info)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->object_open(f->under, below(loc), path, &under, info);
    return rc < 0 ? rc : wrap(f, under, info->kind, object);
}

static int vds_object_close(void *object_in)
{
    vds_object *object = object_in;
    vds_virtual_free(object->virt);
    vds_file *file = object->file;
    int rc = file->cls->object_close(object->under);
    object->next_spare = file->spare;
    file->spare = object;
    return rc;
}

static int vds_object_info(void *object_in, h5x_object_info *info)
{
    vds_object *object = object_in;
    int rc = object->file->cls->object_info(object->under, info);
    if (rc == 0 && object->virt && info->attribute_count > 0)
        info->attribute_count--; /* the hidden description */
    return rc;
}

static int vds_object_exists(void *file, void *loc, const char *path)
{
    vds_file *f = file;
    return f->cls->object_exists(f->under, below(loc), path);
}

static int vds_object_open_by_token(void *file, const uint8_t token[16], void **object, h5x_object_info *info)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->object_open_by_token(f->under, token, &under, info);
    return rc < 0 ? rc : wrap(f, under, info->kind, object);
}

/* -------------------------------------------------------------- groups */

static int vds_group_create(void *file, void *loc, const char *path, int track_order, void **group)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->group_create(f->under, below(loc), path, track_order, &under);
    return rc < 0 ? rc : wrap(f, under, H5X_KIND_GROUP, group);
}

/* The core leaves this slot out of the stack when the connector below
 * lacks it, so the times a group keeps are always the storage's own. */
static int vds_group_create_with(void *file, void *loc, const char *path, const h5x_group_create_args *args,
                                 void **group)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->struct_size > offsetof(h5x_connector_class, group_create_with) && f->cls->group_create_with
                 ? f->cls->group_create_with(f->under, below(loc), path, args, &under)
                 : f->cls->group_create(f->under, below(loc), path, args->track_order, &under);
    return rc < 0 ? rc : wrap(f, under, H5X_KIND_GROUP, group);
}

static int vds_group_length(void *group, int64_t *count)
{
    vds_object *g = group;
    return g->file->cls->group_length(g->under, count);
}

static int vds_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    vds_object *g = group;
    return g->file->cls->group_iterate(g->under, order, cb, core_data);
}

/* --------------------------------------------------------------- links */

static int vds_link_delete(void *file, void *loc, const char *path)
{
    vds_file *f = file;
    return f->cls->link_delete(f->under, below(loc), path);
}

static int vds_link_info(void *file, void *loc, const char *path, h5x_link_info *info)
{
    vds_file *f = file;
    return f->cls->link_info(f->under, below(loc), path, info);
}

static int vds_link_create_hard(void *file, void *target, void *loc, const char *path)
{
    vds_file *f = file;
    return f->cls->link_create_hard(f->under, below(target), below(loc), path);
}

static int vds_link_create_soft(void *file, const char *target_path, void *loc, const char *path)
{
    vds_file *f = file;
    return f->cls->link_create_soft(f->under, target_path, below(loc), path);
}

static int vds_link_create_external(void *file, const char *target_file, const char *target_path, void *loc,
                                    const char *path)
{
    vds_file *f = file;
    return f->cls->link_create_external(f->under, target_file, target_path, below(loc), path);
}

static int vds_link_move(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path)
{
    vds_file *f = file;
    return f->cls->link_move(f->under, below(src_loc), src_path, below(dst_loc), dst_path);
}

/* ------------------------------------------------------------ datasets */

static int vds_dataset_create(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                              void **dataset)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->dataset_create(f->under, below(loc), path, args, &under);
    return rc < 0 ? rc : wrap(f, under, H5X_KIND_GROUP, dataset); /* new: never a carrier */
}

static int vds_dataset_info(void *dataset, h5x_dataset_info *info)
{
    vds_object *d = dataset;
    int rc = d->file->cls->dataset_info(d->under, info);
    if (rc == 0 && d->virt) {
        /* the carrier holds text; the virtual dataset's own dtype and fill
         * value were read from its marker */
        size_t element = h5x_dtype_size(d->virt->dtype);
        void *fill = malloc(element ? element : 1);
        if (!fill) {
            h5x_close(info->dtype);
            free(info->fillvalue);
            free(info->filters);
            memset(info, 0, sizeof *info);
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        }
        memcpy(fill, d->virt->fill, element);
        h5x_close(info->dtype);
        info->dtype = h5x_dtype_copy(d->virt->dtype);
        free(info->fillvalue);
        info->fillvalue = fill;
        info->has_fillvalue = 1;
        info->dtype_committed = 0;
        info->shape = d->virt->shape;
        info->maxshape = d->virt->shape;
        info->chunks.rank = 0;
        info->storage_size = 0;
        free(info->filters);
        info->filters = NULL;
    }
    return rc;
}

static int vds_dataset_read(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                            void *buffer)
{
    vds_object *d = dataset;
    if (d->virt)
        return vds_read(d, sel, mem_dtype, buffer);
    return d->file->cls->dataset_read(d->under, sel, mem_dtype, buffer);
}

static int vds_dataset_write(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                             const void *buffer)
{
    vds_object *d = dataset;
    if (d->virt)
        return vds_write(d, sel, mem_dtype, buffer);
    return d->file->cls->dataset_write(d->under, sel, mem_dtype, buffer);
}

static int vds_dataset_resize(void *dataset, const h5x_shape *new_shape)
{
    vds_object *d = dataset;
    if (d->virt)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "a virtual dataset cannot be resized");
    return d->file->cls->dataset_resize(d->under, new_shape);
}

static int vds_dataset_flush(void *dataset)
{
    vds_object *d = dataset;
    for (size_t i = 0; d->virt && i < d->virt->file_count; i++)
        if (h5x_file_flush(d->virt->files[i].file) < 0)
            return h5x_last_error()->code;
    return d->file->cls->dataset_flush ? d->file->cls->dataset_flush(d->under) : 0;
}

static int vds_dataset_refresh(void *dataset)
{
    vds_object *d = dataset;
    return d->file->cls->dataset_refresh(d->under);
}

static int vds_dataset_create_virtual(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                                      const h5x_vds_mapping *mappings, size_t count, void **dataset)
{
    vds_file *f = file;
    void *carrier = NULL;
    int rc = vds_virtual_create(f, below(loc), path, args, mappings, count, &carrier);
    return rc < 0 ? rc : wrap(f, carrier, H5X_KIND_DATASET, dataset);
}

static int vds_dataset_virtual_mappings(void *dataset, h5x_vds_mapping **mappings, size_t *count)
{
    vds_object *d = dataset;
    *mappings = NULL;
    *count = 0;
    if (!d->virt)
        return 0;
    h5x_vds_mapping *copy = calloc(d->virt->count ? d->virt->count : 1, sizeof *copy);
    if (!copy)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < d->virt->count; i++) {
        copy[i] = d->virt->mappings[i];
        copy[i].file_name = strdup(d->virt->mappings[i].file_name);
        copy[i].dataset_path = strdup(d->virt->mappings[i].dataset_path);
        if (!copy[i].file_name || !copy[i].dataset_path) {
            h5x_vds_mappings_free(copy, i + 1);
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        }
    }
    *mappings = copy;
    *count = d->virt->count;
    return 0;
}

/* ---------------------------------------------------------- attributes */

static int hidden(const char *name)
{
    /* asked on every attribute call: most names differ at once */
    return name[0] == VDS_ATTRIBUTE[0] && strcmp(name, VDS_ATTRIBUTE) == 0;
}

static int refuse_hidden(const char *name)
{
    return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "the attribute name '%s' is reserved for virtual datasets",
                               name);
}

static int vds_attr_create(void *object, const char *name, const h5x_attr_args *args)
{
    vds_object *o = object;
    return hidden(name) ? refuse_hidden(name) : o->file->cls->attr_create(o->under, name, args);
}

static int vds_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data)
{
    vds_object *o = object;
    return hidden(name) ? refuse_hidden(name) : o->file->cls->attr_write(o->under, name, mem_dtype, data);
}

static int vds_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer)
{
    vds_object *o = object;
    return o->file->cls->attr_read(o->under, name, mem_dtype, buffer);
}

static int vds_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    vds_object *o = object;
    if (o->virt && hidden(name))
        return 0;
    return o->file->cls->attr_info(o->under, name, shape, dtype);
}

static int vds_attr_delete(void *object, const char *name)
{
    vds_object *o = object;
    return hidden(name) ? refuse_hidden(name) : o->file->cls->attr_delete(o->under, name);
}

typedef struct attr_walk {
    h5x_connector_name_cb cb;
    void *core_data;
} attr_walk;

static int skip_hidden(const char *name, void *data)
{
    attr_walk *walk = data;
    return hidden(name) ? 0 : walk->cb(name, walk->core_data);
}

static int vds_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    vds_object *o = object;
    if (!o->virt)
        return o->file->cls->attr_iterate(o->under, order, cb, core_data);
    attr_walk walk = {cb, core_data};
    return o->file->cls->attr_iterate(o->under, order, skip_hidden, &walk);
}

/* ------------------------------------------------- types and the rest */

static int vds_datatype_commit(void *file, void *loc, const char *path, const h5x_dtype *dtype, void **datatype)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->datatype_commit(f->under, below(loc), path, dtype, &under);
    return rc < 0 ? rc : wrap(f, under, H5X_KIND_DATATYPE, datatype);
}

/* Left out of the stack, as group_create_with, when the layer below lacks it. */
static int vds_datatype_commit_with(void *file, void *loc, const char *path, const h5x_dtype *dtype,
                                    const h5x_datatype_commit_args *args, void **datatype)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->struct_size > offsetof(h5x_connector_class, datatype_commit_with) &&
                     f->cls->datatype_commit_with
                 ? f->cls->datatype_commit_with(f->under, below(loc), path, dtype, args, &under)
                 : f->cls->datatype_commit(f->under, below(loc), path, dtype, &under);
    return rc < 0 ? rc : wrap(f, under, H5X_KIND_DATATYPE, datatype);
}

static int vds_datatype_get(void *datatype, h5x_dtype **dtype)
{
    vds_object *t = datatype;
    return t->file->cls->datatype_get(t->under, dtype);
}

static int vds_optional(void *file, void *object, int op, void *args)
{
    vds_file *f = file;
    if (op != H5X_CONNECTOR_OP_DIMSCALE)
        return f->cls->optional(f->under, below(object), op, args);
    /* dimension scales name objects inside their arguments */
    h5x_op_dimscale *ds = args, down = *ds;
    down.dataset = below(ds->dataset);
    down.scale = below(ds->scale);
    down.object_out = NULL;
    int rc = f->cls->optional(f->under, below(object), op, &down);
    ds->text_out = down.text_out;
    ds->result = down.result;
    ds->info_out = down.info_out;
    if (rc == 0 && down.object_out)
        rc = wrap(f, down.object_out, down.info_out.kind, &ds->object_out);
    return rc;
}

static int vds_ref_create(void *file, void *object, const h5x_resolved_selection *region, uint8_t *payload)
{
    vds_file *f = file;
    vds_object *o = object;
    if (o && o->virt && region)
        return not_offered(f, "region references to virtual datasets");
    return f->cls->ref_create(f->under, below(object), region, payload);
}

static int vds_ref_open(void *file, const uint8_t *payload, void **object, h5x_object_info *info)
{
    vds_file *f = file;
    void *under = NULL;
    int rc = f->cls->ref_open(f->under, payload, &under, info);
    return rc < 0 ? rc : wrap(f, under, info->kind, object);
}

static int vds_ref_region(void *file, const uint8_t *payload, h5x_resolved_selection **region)
{
    vds_file *f = file;
    return f->cls->ref_region(f->under, payload, region);
}

static const h5x_connector_class vds_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "vds",
    .description = "virtual datasets over any connector, with sources in any connector (stacks on 'under')",
    .version = H5X_VERSION_MAJOR * 10000 + H5X_VERSION_MINOR * 100 + H5X_VERSION_PATCH,
    /* What the stack can do is what the connector below can do, plus
     * virtual datasets: the core takes the rest of the mask from there. */
    .capabilities = H5X_CAP_STACKING | H5X_CAP_VIRTUAL_DATASETS,
    .option_names = vds_option_names,

    .file_open = vds_file_open,
    .file_close = vds_file_close,
    .file_flush = vds_file_flush,
    .file_userblock_size = vds_file_userblock_size,
    .file_start_swmr = vds_file_start_swmr,

    .object_open = vds_object_open,
    .object_close = vds_object_close,
    .object_info = vds_object_info,
    .object_exists = vds_object_exists,
    .object_open_by_token = vds_object_open_by_token,

    .group_create = vds_group_create,
    .group_length = vds_group_length,
    .group_iterate = vds_group_iterate,

    .link_delete = vds_link_delete,
    .link_info = vds_link_info,
    .link_create_hard = vds_link_create_hard,
    .link_create_soft = vds_link_create_soft,
    .link_create_external = vds_link_create_external,
    .link_move = vds_link_move,

    .dataset_create = vds_dataset_create,
    .dataset_info = vds_dataset_info,
    .dataset_read = vds_dataset_read,
    .dataset_write = vds_dataset_write,
    .dataset_resize = vds_dataset_resize,
    .dataset_flush = vds_dataset_flush,
    .dataset_refresh = vds_dataset_refresh,

    .attr_create = vds_attr_create,
    .attr_write = vds_attr_write,
    .attr_read = vds_attr_read,
    .attr_info = vds_attr_info,
    .attr_delete = vds_attr_delete,
    .attr_iterate = vds_attr_iterate,

    .datatype_commit = vds_datatype_commit,
    .datatype_commit_with = vds_datatype_commit_with,
    .datatype_get = vds_datatype_get,

    .optional = vds_optional,

    .ref_create = vds_ref_create,
    .ref_open = vds_ref_open,
    .ref_region = vds_ref_region,

    .dataset_create_virtual = vds_dataset_create_virtual,
    .dataset_virtual_mappings = vds_dataset_virtual_mappings,
    .group_create_with = vds_group_create_with,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &vds_class;
}
