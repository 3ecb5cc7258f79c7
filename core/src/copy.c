/*
 * Copying a tree between any two files, of any two connectors, through the
 * object model: groups (keeping creation order when the source tracks it),
 * datasets with their creation properties and data (in slabs, so memory
 * stays bounded), attributes, and links — hard links that point at an
 * object already copied become hard links again, so shared objects stay
 * shared.
 *
 * References are data that name objects, and their bytes mean something
 * only in the file they came from.  So datasets and attributes of a
 * reference dtype are created in place but filled last, once every object
 * of the tree has been copied: each reference is then followed in the
 * source and made again, by the destination's connector, to the copy of
 * its target (with the same selection, for a region).  A reference to an
 * object outside the copied tree keeps its target when the copy stays in
 * the same file, and becomes null in another file, as libhdf5's H5Ocopy
 * leaves it; so does a reference that no longer leads anywhere.
 */
#include "object.h"

#include "error.h"
#include "lock.h"
#include "reference.h"

#include <stdlib.h>
#include <string.h>

enum { SLAB_BYTES = 64 * 1024 * 1024 };

typedef struct copied_object {
    uint8_t token[16];
    char *dst_path;
} copied_object;

/* A dataset (attr_name NULL) or attribute of references, to be filled
 * once the whole tree is copied. */
typedef struct pending_references {
    h5x_object *src;
    h5x_object *dst;
    char *attr_name;
} pending_references;

/* A dataset whose dimension scales are attached again once every object
 * of the tree exists (the attachments live in reference attributes that
 * the connector re-creates itself). */
typedef struct pending_scales {
    h5x_object *src;
    h5x_object *dst;
} pending_scales;

typedef struct copy_context {
    h5x_object *dst_root;
    pending_scales *scales;
    size_t nscales;
    copied_object *copied;
    size_t ncopied;
    pending_references *pending;
    size_t npending;
    int filling_references; /* the last pass: reference data is copied now */
    uint64_t bytes_done;
    uint64_t bytes_total;
    h5x_progress_fn progress;
    void *user_data;
} copy_context;

static int object_token(h5x_object *object, uint8_t token[16])
{
    int (*info)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(object), object_info);
    if (!info)
        return h5x_not_supported(object->file, "object identity");
    h5x_object_info oi = {0};
    int rc = info(object->connector_object, &oi);
    if (rc >= 0)
        memcpy(token, oi.token, 16);
    return rc < 0 ? rc : 0;
}

static const char *find_copied(const copy_context *ctx, const uint8_t token[16])
{
    for (size_t i = 0; i < ctx->ncopied; i++)
        if (memcmp(ctx->copied[i].token, token, 16) == 0)
            return ctx->copied[i].dst_path;
    return NULL;
}

static int remember_copied(copy_context *ctx, const uint8_t token[16], const char *dst_path)
{
    copied_object *c = realloc(ctx->copied, (ctx->ncopied + 1) * sizeof *c);
    if (!c)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    ctx->copied = c;
    memcpy(c[ctx->ncopied].token, token, 16);
    if (!(c[ctx->ncopied].dst_path = strdup(dst_path)))
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    ctx->ncopied++;
    return 0;
}

static int is_reference_dtype(const h5x_dtype *dtype)
{
    return h5x_dtype_get_class(dtype) == H5X_CLASS_REFERENCE;
}

static int defer_references(copy_context *ctx, h5x_object *src, h5x_object *dst, const char *attr_name)
{
    pending_references *grown = realloc(ctx->pending, (ctx->npending + 1) * sizeof *grown);
    if (!grown)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    ctx->pending = grown;
    pending_references *p = &grown[ctx->npending];
    p->attr_name = attr_name ? strdup(attr_name) : NULL;
    if (attr_name && !p->attr_name)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    h5x_handle_retain(&src->header);
    h5x_handle_retain(&dst->header);
    p->src = src;
    p->dst = dst;
    ctx->npending++;
    return 0;
}

/* Re-creates n references read from src (any object of the source file)
 * against the copies of their targets, for dst's file. */
static int translate_references(copy_context *ctx, h5x_object *src, h5x_object *dst, h5x_ref *refs, uint64_t n)
{
    int same_file = src->file == dst->file;
    for (uint64_t i = 0; i < n; i++) {
        if (refs[i].bytes[0] == H5X_REF_NULL)
            continue;
        uint8_t token[16] = {0};
        h5x_resolved_selection *region = NULL;
        if (h5x_ref_target(src, &refs[i], token, &region) < 0) {
            h5x_clear_error(); /* a reference that leads nowhere stays one: null */
            memset(&refs[i], 0, sizeof refs[i]);
            continue;
        }
        const char *copied = find_copied(ctx, token);
        int rc = 0;
        if (copied) {
            h5x_object *target = h5x_open(ctx->dst_root, copied);
            rc = target ? h5x_ref_make(target, region, &refs[i]) : h5x_error_code();
            h5x_close(target);
        } else if (!same_file) {
            memset(&refs[i], 0, sizeof refs[i]);
        }
        h5x_resolved_selection_free(region);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int fill_reference_attribute(copy_context *ctx, h5x_object *src, h5x_object *dst, const char *name)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    int rc = h5x_attr_info(src, name, &shape, &dtype);
    uint64_t n = rc >= 0 ? h5x_shape_size(&shape) : 0;
    h5x_ref *refs = n ? calloc((size_t)n, sizeof *refs) : NULL;
    if (rc >= 0 && n && !refs)
        rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying attribute '%s'", name);
    if (rc >= 0 && n)
        rc = h5x_attr_get(src, name, dtype, refs, (size_t)n * sizeof *refs);
    if (rc >= 0 && n)
        rc = translate_references(ctx, src, dst, refs, n);
    if (rc >= 0 && n)
        rc = h5x_attr_modify(dst, name, dtype, &shape, refs);
    free(refs);
    h5x_close(dtype);
    return rc < 0 ? rc : 0;
}

static int copy_dataset_data(copy_context *ctx, h5x_object *src, h5x_object *dst, const h5x_dataset_info *info);

/* The last pass: every object is copied, so every reference can be made. */
static int fill_pending_references(copy_context *ctx)
{
    int rc = 0;
    ctx->filling_references = 1;
    for (size_t i = 0; rc >= 0 && i < ctx->npending; i++) {
        pending_references *p = &ctx->pending[i];
        if (p->attr_name) {
            rc = fill_reference_attribute(ctx, p->src, p->dst, p->attr_name);
        } else {
            const h5x_dataset_info *info = h5x_dataset_cached_info(p->src);
            rc = info ? copy_dataset_data(ctx, p->src, p->dst, info) : h5x_error_code();
        }
    }
    return rc;
}

static void free_pending_references(copy_context *ctx)
{
    for (size_t i = 0; i < ctx->npending; i++) {
        h5x_close(ctx->pending[i].src);
        h5x_close(ctx->pending[i].dst);
        free(ctx->pending[i].attr_name);
    }
    free(ctx->pending);
    ctx->pending = NULL;
    ctx->npending = 0;
}

/* Dimension-scale attachments are kept in two attributes of references
 * (DIMENSION_LIST on the dataset, REFERENCE_LIST on the scale), by the
 * connector or by the core.  Between two files that both have dimension
 * scales, those are not copied as data: the attachments are made again
 * once the tree exists. */
static int dimension_scales_on_both(const h5x_object *src, const h5x_object *dst)
{
    return h5x_dimscale_available(src) && h5x_dimscale_available(dst);
}

static int is_scale_bookkeeping(const char *name)
{
    return strcmp(name, "DIMENSION_LIST") == 0 || strcmp(name, "REFERENCE_LIST") == 0;
}

static int defer_scales(copy_context *ctx, h5x_object *src, h5x_object *dst)
{
    pending_scales *grown = realloc(ctx->scales, (ctx->nscales + 1) * sizeof *grown);
    if (!grown)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    ctx->scales = grown;
    h5x_handle_retain(&src->header);
    h5x_handle_retain(&dst->header);
    grown[ctx->nscales].src = src;
    grown[ctx->nscales].dst = dst;
    ctx->nscales++;
    return 0;
}

/* Attaches to each copied dataset the copies of the scales its source had,
 * axis by axis and in the same order.  Scales outside the copied tree
 * cannot be attached across files and are left out. */
static int attach_pending_scales(copy_context *ctx)
{
    int rc = 0;
    for (size_t p = 0; rc >= 0 && p < ctx->nscales; p++) {
        h5x_object *src = ctx->scales[p].src, *dst = ctx->scales[p].dst;
        h5x_shape shape;
        rc = h5x_dataset_shape(src, &shape);
        for (int axis = 0; rc >= 0 && axis < shape.rank; axis++) {
            int count = h5x_dim_scale_count(src, axis);
            if (count < 0)
                rc = count;
            for (int i = 0; rc >= 0 && i < count; i++) {
                h5x_object *scale = h5x_dim_scale(src, axis, i);
                uint8_t token[16] = {0};
                const char *copy_path = NULL;
                if (!scale)
                    rc = h5x_error_code();
                else if ((rc = object_token(scale, token)) == 0)
                    copy_path = find_copied(ctx, token);
                if (rc >= 0 && copy_path) {
                    h5x_object *dst_scale = h5x_open(ctx->dst_root, copy_path);
                    rc = dst_scale ? h5x_dim_attach_scale(dst, axis, dst_scale) : h5x_error_code();
                    h5x_close(dst_scale);
                }
                h5x_close(scale);
            }
        }
    }
    return rc < 0 ? rc : 0;
}

static void free_pending_scales(copy_context *ctx)
{
    for (size_t p = 0; p < ctx->nscales; p++) {
        h5x_close(ctx->scales[p].src);
        h5x_close(ctx->scales[p].dst);
    }
    free(ctx->scales);
    ctx->scales = NULL;
    ctx->nscales = 0;
}

static int copy_attributes(copy_context *ctx, h5x_object *src, h5x_object *dst)
{
    char **names = NULL;
    size_t count = 0;
    /* keep the creation order where the source tracks it */
    int rc = h5x_attr_names(src, H5X_ORDER_CREATION, &names, &count);
    if (rc < 0)
        rc = h5x_attr_names(src, H5X_ORDER_NAME, &names, &count);
    int attach_later = dimension_scales_on_both(src, dst);
    for (size_t i = 0; rc >= 0 && i < count; i++) {
        if (attach_later && is_scale_bookkeeping(names[i])) {
            if (strcmp(names[i], "DIMENSION_LIST") == 0)
                rc = defer_scales(ctx, src, dst);
            continue;
        }
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        rc = h5x_attr_info(src, names[i], &shape, &dtype);
        if (rc < 0)
            break;
        uint64_t n = h5x_shape_size(&shape);
        size_t bytes = (size_t)n * h5x_dtype_size(dtype);
        void *data = bytes ? malloc(bytes) : NULL;
        if (bytes && !data)
            rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying attribute '%s'", names[i]);
        /* references are created null here (zeroed memory) and filled last */
        int references = is_reference_dtype(dtype);
        int filled = 0; /* variable-length data read into data, to release */
        if (rc >= 0 && references && data)
            memset(data, 0, bytes);
        else if (rc >= 0)
            filled = (rc = h5x_attr_get(src, names[i], dtype, data, bytes)) >= 0;
        if (rc >= 0)
            rc = h5x_attr_set(dst, names[i], dtype, &shape, data);
        if (rc >= 0 && references && bytes)
            rc = defer_references(ctx, src, dst, names[i]);
        if (filled)
            h5x_reclaim(dtype, data, n);
        free(data);
        h5x_close(dtype);
    }
    h5x_free_names(names, count);
    return rc < 0 ? rc : 0;
}

static void report(copy_context *ctx, uint64_t bytes)
{
    ctx->bytes_done += bytes;
    if (ctx->progress)
        ctx->progress(ctx->bytes_done, ctx->bytes_total, ctx->user_data);
}

static int copy_dataset_data(copy_context *ctx, h5x_object *src, h5x_object *dst, const h5x_dataset_info *info)
{
    if (info->shape.rank < 0)
        return 0;
    int references = is_reference_dtype(info->dtype);
    if (references && !ctx->filling_references)
        return defer_references(ctx, src, dst, NULL);
    size_t element = h5x_dtype_size(info->dtype);
    uint64_t total = h5x_shape_size(&info->shape);
    if (total == 0)
        return 0;
    if (info->shape.rank == 0) {
        void *one = malloc(element);
        if (!one)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        int rc = h5x_dataset_read(src, NULL, info->dtype, one, element);
        int filled = rc >= 0;
        if (rc >= 0 && references)
            rc = translate_references(ctx, src, dst, one, 1);
        if (rc >= 0)
            rc = h5x_dataset_write(dst, NULL, info->dtype, one, NULL);
        if (filled)
            h5x_reclaim(info->dtype, one, 1); /* variable-length data the read allocated */
        free(one);
        report(ctx, element);
        return rc;
    }
    uint64_t row_elements = total / info->shape.dims[0];
    uint64_t row_bytes = row_elements * element;
    uint64_t rows = row_bytes ? SLAB_BYTES / row_bytes : info->shape.dims[0];
    if (rows == 0)
        rows = 1;
    if (rows > info->shape.dims[0])
        rows = info->shape.dims[0];
    void *slab = malloc((size_t)(rows * row_bytes));
    if (!slab)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying %s", src->path);
    int rc = 0;
    for (uint64_t start = 0; rc >= 0 && start < info->shape.dims[0]; start += rows) {
        uint64_t stop = start + rows < info->shape.dims[0] ? start + rows : info->shape.dims[0];
        h5x_selection *sel = h5x_selection_new();
        if (!sel)
            rc = h5x_error_code();
        if (rc >= 0)
            rc = h5x_selection_add_slice(sel, (int64_t)start, (int64_t)stop, 1);
        size_t bytes = (size_t)((stop - start) * row_bytes);
        int filled = 0;
        if (rc >= 0)
            filled = (rc = h5x_dataset_read(src, sel, info->dtype, slab, bytes)) >= 0;
        if (rc >= 0 && references)
            rc = translate_references(ctx, src, dst, slab, (stop - start) * row_elements);
        if (rc >= 0)
            rc = h5x_dataset_write(dst, sel, info->dtype, slab, NULL);
        if (filled)
            h5x_reclaim(info->dtype, slab, (stop - start) * row_elements);
        h5x_close(sel);
        report(ctx, bytes);
    }
    free(slab);
    return rc;
}

static int copy_object(copy_context *ctx, h5x_object *src, h5x_object *dst_parent, const char *dst_path,
                       int into_existing);

static int copy_dataset(copy_context *ctx, h5x_object *src, h5x_object *dst_parent, const char *dst_path)
{
    const h5x_dataset_info *cached = h5x_dataset_cached_info(src);
    if (!cached)
        return h5x_error_code();
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    h5x_shape maxshape = cached->maxshape, chunks = cached->chunks;
    int resizable = 0;
    for (int i = 0; i < cached->shape.rank; i++)
        resizable |= cached->maxshape.dims[i] != cached->shape.dims[i];
    if (resizable)
        options.maxshape = &maxshape;
    if (chunks.rank > 0)
        options.chunks = &chunks;
    if (cached->has_fillvalue)
        options.fillvalue = cached->fillvalue;
    if (cached->filters && *cached->filters)
        options.filters = cached->filters;
    /* the attributes' order needs tracking if the source tracks it */
    char **names = NULL;
    size_t count = 0;
    options.track_order = h5x_attr_names(src, H5X_ORDER_CREATION, &names, &count) == 0 && count > 1 ? 1 : -1;
    h5x_free_names(names, count);
    h5x_clear_error();
    /* a dataset of a committed type already copied uses the copy (a type
     * met later in the walk is not there yet: the dataset keeps its own) */
    const char *committed_copy = cached->dtype_committed ? find_copied(ctx, cached->dtype_token) : NULL;
    h5x_object *committed = committed_copy ? h5x_open(ctx->dst_root, committed_copy) : NULL;
    h5x_dtype *dtype = committed && committed->kind == H5X_KIND_DATATYPE ? h5x_datatype_dtype(committed) : NULL;
    h5x_close(committed);
    h5x_clear_error();
    h5x_object *dst = h5x_dataset_create(dst_parent, dst_path, dtype ? dtype : cached->dtype, &cached->shape,
                                         &options);
    h5x_close(dtype);
    if (!dst)
        return h5x_error_code();
    /* the cache may be refreshed by the calls below: work on the copy */
    const h5x_dataset_info *info = h5x_dataset_cached_info(src);
    int rc = info ? copy_dataset_data(ctx, src, dst, info) : h5x_error_code();
    if (rc >= 0)
        rc = copy_attributes(ctx, src, dst);
    h5x_close(dst);
    return rc;
}

static int link_info(h5x_object *group, const char *name, h5x_link_info *info)
{
    int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(group), link_info);
    if (!get) {
        info->kind = H5X_LINK_HARD;
        return 0;
    }
    return get(group->file->connector_file, group->connector_object, name, info);
}

static int copy_link(h5x_object *dst_group, const char *name, const h5x_link_info *info)
{
    const h5x_connector_class *cls = H5X_CLASS(dst_group);
    void *file = dst_group->file->connector_file;
    if (info->kind == H5X_LINK_SOFT) {
        int (*create)(void *, const char *, void *, const char *) = H5X_SLOT(cls, link_create_soft);
        return create ? create(file, info->target_path, dst_group->connector_object, name)
                      : h5x_not_supported(dst_group->file, "soft links");
    }
    int (*create)(void *, const char *, const char *, void *, const char *) = H5X_SLOT(cls, link_create_external);
    return create ? create(file, info->target_file, info->target_path, dst_group->connector_object, name)
                  : h5x_not_supported(dst_group->file, "external links");
}

static int hard_link_to(h5x_object *dst_group, const char *name, const char *target_path, copy_context *ctx)
{
    h5x_object *target = h5x_open(ctx->dst_root, target_path);
    if (!target)
        return h5x_error_code();
    int (*create)(void *, void *, void *, const char *) = H5X_SLOT(H5X_CLASS(dst_group), link_create_hard);
    int rc = create ? create(dst_group->file->connector_file, target->connector_object, dst_group->connector_object,
                             name)
                    : h5x_not_supported(dst_group->file, "hard links");
    h5x_close(target);
    return rc;
}

static int copy_group(copy_context *ctx, h5x_object *src, h5x_object *dst_parent, const char *dst_path,
                      int into_existing)
{
    char **names = NULL;
    size_t count = 0;
    int tracked = h5x_group_names(src, H5X_ORDER_CREATION, &names, &count) == 0;
    if (!tracked && h5x_group_names(src, H5X_ORDER_NAME, &names, &count) != 0)
        return h5x_error_code();
    h5x_clear_error();
    h5x_object *dst;
    if (into_existing) {
        dst = h5x_open(dst_parent, dst_path);
    } else {
        h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
        options.track_order = tracked && (H5X_CLASS(dst_parent)->capabilities & H5X_CAP_TRACK_ORDER) ? 1 : -1;
        dst = h5x_group_create(dst_parent, dst_path, &options);
    }
    int rc = dst ? copy_attributes(ctx, src, dst) : h5x_error_code();
    for (size_t i = 0; rc >= 0 && i < count; i++) {
        h5x_link_info info = {0};
        rc = link_info(src, names[i], &info);
        if (rc >= 0 && info.kind != H5X_LINK_HARD) {
            rc = copy_link(dst, names[i], &info);
        } else if (rc >= 0) {
            h5x_object *child = h5x_open(src, names[i]);
            uint8_t token[16] = {0};
            const char *already = NULL;
            if (!child)
                rc = h5x_error_code();
            if (rc >= 0)
                rc = object_token(child, token);
            if (rc >= 0)
                already = find_copied(ctx, token);
            if (rc >= 0 && already) {
                rc = hard_link_to(dst, names[i], already, ctx);
            } else if (rc >= 0) {
                char *child_dst = h5x_path_join(dst->path, names[i]);
                rc = child_dst ? remember_copied(ctx, token, child_dst) : h5x_error(H5X_ERR_NO_MEMORY, "no memory");
                if (rc >= 0)
                    rc = copy_object(ctx, child, dst, names[i], 0);
                free(child_dst);
            }
            h5x_close(child);
        }
        free(info.target_path);
        free(info.target_file);
    }
    h5x_close(dst);
    h5x_free_names(names, count);
    return rc;
}

/* A committed datatype is committed again, with its attributes. */
static int copy_datatype(copy_context *ctx, h5x_object *src, h5x_object *dst_parent, const char *dst_path)
{
    h5x_dtype *dtype = h5x_datatype_dtype(src);
    if (!dtype)
        return h5x_error_code();
    h5x_object *dst = h5x_datatype_commit(dst_parent, dst_path, dtype);
    h5x_close(dtype);
    if (!dst)
        return h5x_error_code();
    int rc = copy_attributes(ctx, src, dst);
    h5x_close(dst);
    return rc;
}

static int copy_object(copy_context *ctx, h5x_object *src, h5x_object *dst_parent, const char *dst_path,
                       int into_existing)
{
    switch (src->kind) {
    case H5X_KIND_FILE:
    case H5X_KIND_GROUP:
        return copy_group(ctx, src, dst_parent, dst_path, into_existing);
    case H5X_KIND_DATASET:
        return copy_dataset(ctx, src, dst_parent, dst_path);
    case H5X_KIND_DATATYPE:
        return copy_datatype(ctx, src, dst_parent, dst_path);
    }
    return h5x_error(H5X_ERR_INVALID_ARGUMENT, "cannot copy an object of unknown kind (%s)", src->path);
}

/* Adds up the bytes of every dataset below object, for progress reports. */
static uint64_t tree_bytes(h5x_object *object, int depth)
{
    if (object->kind == H5X_KIND_DATASET) {
        const h5x_dataset_info *info = h5x_dataset_cached_info(object);
        return info ? h5x_shape_size(&info->shape) * h5x_dtype_size(info->dtype) : 0;
    }
    if (depth > 64)
        return 0;
    char **names = NULL;
    size_t count = 0;
    uint64_t total = 0;
    if (h5x_group_names(object, H5X_ORDER_NAME, &names, &count) != 0)
        return 0;
    for (size_t i = 0; i < count; i++) {
        h5x_link_info info = {0};
        if (link_info(object, names[i], &info) >= 0 && info.kind == H5X_LINK_HARD) {
            h5x_object *child = h5x_open(object, names[i]);
            if (child)
                total += tree_bytes(child, depth + 1);
            h5x_close(child);
        }
        free(info.target_path);
        free(info.target_file);
    }
    h5x_free_names(names, count);
    return total;
}

int h5x_copy_with_progress(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc, const char *dst_path,
                           h5x_progress_fn progress, void *user_data)
{
    h5x_lock();
    int rc = h5x_object_check(src_loc, H5X_KINDS_ANY, "source");
    if (rc == 0)
        rc = h5x_object_check(dst_loc, H5X_KINDS_LOCATION, "destination group");
    if (rc == 0 && (!src_path || !dst_path || !*src_path || !*dst_path))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_copy: paths must not be NULL or empty");
    if (rc == 0)
        rc = h5x_require_writable(dst_loc, "copy into a file");
    if (rc != 0) {
        h5x_unlock();
        return rc;
    }
    copy_context ctx = {0};
    ctx.dst_root = h5x_open(dst_loc, "/");
    h5x_object *src = h5x_open(src_loc, src_path);
    char *dst_full = h5x_path_join(dst_loc->path, dst_path);
    if (!ctx.dst_root || !src || !dst_full) {
        rc = h5x_error_code() ? h5x_error_code() : h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    } else {
        int into_existing = strcmp(dst_full, "/") == 0 && (src->kind == H5X_KIND_GROUP || src->kind == H5X_KIND_FILE);
        if (strcmp(dst_full, "/") == 0 && !into_existing)
            rc = h5x_error(H5X_ERR_EXISTS, "cannot copy a dataset onto the root group");
        uint8_t token[16] = {0};
        if (rc == 0 && (rc = object_token(src, token)) == 0)
            rc = remember_copied(&ctx, token, dst_full);
        ctx.progress = progress;
        ctx.user_data = user_data;
        if (rc == 0 && progress)
            ctx.bytes_total = tree_bytes(src, 0);
        if (rc == 0)
            rc = copy_object(&ctx, src, dst_loc, dst_path, into_existing);
        if (rc == 0)
            rc = fill_pending_references(&ctx);
        if (rc == 0)
            rc = attach_pending_scales(&ctx);
    }
    free_pending_references(&ctx);
    free_pending_scales(&ctx);
    for (size_t i = 0; i < ctx.ncopied; i++)
        free(ctx.copied[i].dst_path);
    free(ctx.copied);
    free(dst_full);
    h5x_close(src);
    h5x_close(ctx.dst_root);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_copy(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc, const char *dst_path)
{
    return h5x_copy_with_progress(src_loc, src_path, dst_loc, dst_path, NULL, NULL);
}
