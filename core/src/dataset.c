/*
 * Datasets: creation with h5py's defaults, and reading and writing through
 * NumPy-style selections.
 *
 * The core resolves every selection against the dataset's shape, checks
 * buffer sizes and broadcasts written data to the selection's shape, so a
 * connector only ever sees a resolved selection and a packed buffer of
 * exactly the selected elements.
 */
#include "object.h"

#include "dataset_chunks.h"
#include "dtype_convert.h"
#include "error.h"
#include "lock.h"
#include "selection.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void h5x_dataset_info_clear(h5x_dataset_info *info)
{
    if (info->dtype)
        h5x_close(info->dtype);
    free(info->fillvalue);
    free(info->filters);
    memset(info, 0, sizeof *info);
}

const h5x_dataset_info *h5x_dataset_cached_info(h5x_object *dataset)
{
    h5x_dataset_cache *cache = &dataset->cache;
    if (cache->valid && cache->generation == dataset->file->generation)
        return &cache->info;
    h5x_dataset_info_clear(&cache->info);
    cache->valid = 0;
    int (*get_info)(void *, h5x_dataset_info *) = H5X_SLOT(H5X_CLASS(dataset), dataset_info);
    if (!get_info) {
        h5x_not_supported(dataset->file, "dataset information");
        return NULL;
    }
    int rc = get_info(dataset->connector_object, &cache->info);
    if (rc < 0) {
        h5x_error_at(dataset, NULL, rc);
        h5x_dataset_info_clear(&cache->info);
        return NULL;
    }
    cache->valid = 1;
    cache->generation = dataset->file->generation;
    return &cache->info;
}

static void format_shape(const h5x_shape *shape, char *text, size_t size)
{
    if (shape->rank < 0) {
        snprintf(text, size, "None");
        return;
    }
    size_t n = 0;
    n += (size_t)snprintf(text + n, size - n, "(");
    for (int i = 0; i < shape->rank && n < size; i++) {
        if (shape->dims[i] == H5X_UNLIMITED)
            n += (size_t)snprintf(text + n, size - n, "%sNone", i ? ", " : "");
        else
            n += (size_t)snprintf(text + n, size - n, "%s%llu", i ? ", " : "", (unsigned long long)shape->dims[i]);
    }
    if (n < size)
        snprintf(text + n, size - n, shape->rank == 1 ? ",)" : ")");
}

static int check_shape_argument(const h5x_shape *shape, const char *what)
{
    if (!shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s is NULL", what);
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s has rank %d (allowed: -1 to %d)", what, shape->rank,
                         H5X_MAX_RANK);
    return 0;
}

/* Fills in the creation arguments, with h5py's defaults and checks. */
static int prepare_create_args(h5x_object *loc, const h5x_dtype *dtype, const h5x_shape *shape,
                               const h5x_dataset_options *options, h5x_dataset_create_args *args)
{
    const h5x_connector_class *cls = H5X_CLASS(loc);
    memset(args, 0, sizeof *args);
    args->struct_size = sizeof *args;
    args->dtype = dtype;
    args->shape = *shape;
    args->maxshape = *shape;
    args->chunks.rank = 0;
    args->track_order = h5x_default_track_order(options ? options->track_order : -1);
    if (h5x_dtype_has_variable(dtype) && !(cls->capabilities & H5X_CAP_VLEN))
        return h5x_not_supported(loc->file, "variable-length data");
    if (!options)
        return 0;
    int track_times = options->struct_size >= sizeof(h5x_dataset_options) ? options->track_times : -1;
    /* every connector's dataset_create takes track_times in its arguments */
    int rc = h5x_check_track_times(loc, track_times, "h5x_dataset_options.track_times", 1, "dataset_create");
    if (rc != 0)
        return rc;
    args->track_times = track_times == 1;
    char a[256], b[256];
    int want_chunks = 0;
    if (options->maxshape) {
        if (check_shape_argument(options->maxshape, "maxshape") != 0)
            return H5X_ERR_INVALID_ARGUMENT;
        if (options->maxshape->rank != shape->rank) {
            format_shape(options->maxshape, a, sizeof a);
            format_shape(shape, b, sizeof b);
            return h5x_error(H5X_ERR_SHAPE, "maxshape %s has a different rank from shape %s", a, b);
        }
        for (int i = 0; i < shape->rank; i++)
            if (options->maxshape->dims[i] < shape->dims[i]) {
                format_shape(options->maxshape, a, sizeof a);
                format_shape(shape, b, sizeof b);
                return h5x_error(H5X_ERR_SHAPE, "maxshape %s is smaller than shape %s on axis %d", a, b, i);
            }
        args->maxshape = *options->maxshape;
        if (shape->rank > 0)
            want_chunks = 1;
    }
    if (options->filters && *options->filters) {
        if (!(cls->capabilities & H5X_CAP_FILTERS))
            return h5x_not_supported(loc->file, "filters");
        if (shape->rank <= 0)
            return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filters need a dataset with at least one axis");
        h5x_filter_chain chain;
        if (h5x_filter_chain_parse(options->filters, &chain) != 0)
            return h5x_error_code();
        args->filters = options->filters;
        want_chunks = 1;
    }
    if (options->chunks) {
        if (check_shape_argument(options->chunks, "chunks") != 0)
            return H5X_ERR_INVALID_ARGUMENT;
        if (shape->rank <= 0)
            return h5x_error(H5X_ERR_INVALID_ARGUMENT, "scalar and empty datasets cannot be chunked");
        if (options->chunks->rank != shape->rank) {
            format_shape(options->chunks, a, sizeof a);
            format_shape(shape, b, sizeof b);
            return h5x_error(H5X_ERR_SHAPE, "chunk shape %s has a different rank from shape %s", a, b);
        }
        for (int i = 0; i < shape->rank; i++) {
            uint64_t max = args->maxshape.dims[i];
            if (options->chunks->dims[i] == 0 || (max != H5X_UNLIMITED && options->chunks->dims[i] > max)) {
                format_shape(options->chunks, a, sizeof a);
                format_shape(&args->maxshape, b, sizeof b);
                return h5x_error(H5X_ERR_SHAPE,
                                 "chunk shape %s must be positive and not larger than the maximum shape %s", a, b);
            }
        }
        args->chunks = *options->chunks;
    } else if (want_chunks) {
        h5x_guess_chunks(shape, h5x_dtype_size(dtype), &args->chunks);
        /* h5py limits guessed chunks to fixed maximum dimensions */
        for (int i = 0; i < shape->rank; i++)
            if (args->maxshape.dims[i] != H5X_UNLIMITED && args->chunks.dims[i] > args->maxshape.dims[i])
                args->chunks.dims[i] = args->maxshape.dims[i] ? args->maxshape.dims[i] : 1;
    }
    if (args->chunks.rank > 0 && !(cls->capabilities & H5X_CAP_CHUNKING))
        return h5x_not_supported(loc->file, "chunked datasets");
    for (int i = 0; i < shape->rank; i++)
        if (args->maxshape.dims[i] != shape->dims[i] && !(cls->capabilities & H5X_CAP_RESIZE))
            return h5x_not_supported(loc->file, "resizable datasets");
    args->fillvalue = options->fillvalue;
    return 0;
}

static int write_whole(h5x_object *dataset, const h5x_dtype *dtype, const void *data);

h5x_object *h5x_dataset_create(h5x_object *loc, const char *path, const h5x_dtype *dtype, const h5x_shape *shape,
                               const h5x_dataset_options *options)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(loc, H5X_KINDS_LOCATION, "group") != 0)
        goto done;
    if (!path || !*path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_create: path is NULL or empty");
        goto done;
    }
    /* options built before track_times was appended stop short of it */
    if (options && options->struct_size < offsetof(h5x_dataset_options, track_times)) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_options.struct_size: start from H5X_DATASET_OPTIONS_INIT");
        goto done;
    }
    if (check_shape_argument(shape, "shape") != 0)
        goto done;
    if (!dtype)
        dtype = H5X_F32; /* h5py's default */
    else if (h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "dtype") != 0)
        goto done;
    if (h5x_require_writable(loc, "create a dataset") != 0)
        goto done;
    h5x_dataset_create_args args;
    if (prepare_create_args(loc, dtype, shape, options, &args) != 0) {
        h5x_error_at(loc, path, h5x_error_code());
        goto done;
    }
    int (*create)(void *, void *, const char *, const h5x_dataset_create_args *, void **) =
        H5X_SLOT(H5X_CLASS(loc), dataset_create);
    if (!create) {
        h5x_not_supported(loc->file, "creating datasets");
        goto done;
    }
    void *dataset = NULL;
    int rc = create(loc->file->connector_file, loc->connector_object, path, &args, &dataset);
    if (rc < 0) {
        h5x_error_at(loc, path, rc);
        goto done;
    }
    /* the handle owns the connector's dataset from here, even on failure */
    result = h5x_object_wrap_at(loc->file, H5X_KIND_DATASET, dataset, loc->path, path);
    if (result && options && options->data && shape->rank >= 0 && write_whole(result, dtype, options->data) != 0) {
        h5x_close(result);
        result = NULL;
    }
done:
    h5x_unlock();
    return result;
}

static int shapes_equal(const h5x_shape *a, const h5x_shape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i])
            return 0;
    return 1;
}

h5x_object *h5x_dataset_require(h5x_object *loc, const char *path, const h5x_dtype *dtype, const h5x_shape *shape,
                                const h5x_dataset_options *options)
{
    h5x_lock();
    h5x_object *result = NULL;
    int exists = h5x_contains(loc, path);
    if (exists == 0) {
        result = h5x_dataset_create(loc, path, dtype, shape, options);
    } else if (exists > 0 && check_shape_argument(shape, "shape") == 0) {
        result = h5x_open(loc, path);
        const h5x_dataset_info *info = NULL;
        char a[256], b[256];
        if (result && result->kind != H5X_KIND_DATASET) {
            h5x_error(H5X_ERR_TYPE, "incompatible object already exists at '%s' (not a dataset)", result->path);
        } else if (result && (info = h5x_dataset_cached_info(result)) != NULL) {
            if (!shapes_equal(&info->shape, shape)) {
                format_shape(shape, a, sizeof a);
                format_shape(&info->shape, b, sizeof b);
                h5x_error(H5X_ERR_SHAPE, "shapes do not match: requested %s, existing %s", a, b);
            } else if (h5x_dtype_convert(dtype ? dtype : H5X_F32, NULL, info->dtype, NULL, 0) == 0) {
                goto done; /* compatible */
            } else {
                h5x_error_prefix("dataset '%s' exists with an incompatible dtype", result->path);
            }
        }
        if (result) {
            h5x_error_at(result, NULL, h5x_error_code());
            h5x_close(result);
            result = NULL;
        }
    }
done:
    h5x_unlock();
    return result;
}

/* Common entry of the dataset queries: a checked handle and fresh info. */
static const h5x_dataset_info *dataset_info_of(h5x_object *dataset)
{
    if (h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset") != 0)
        return NULL;
    return h5x_dataset_cached_info(dataset);
}

static int copy_shape_out(h5x_object *dataset, h5x_shape *out, size_t offset)
{
    if (!out)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "output shape is NULL");
    h5x_lock();
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (info)
        *out = *(const h5x_shape *)((const char *)info + offset);
    h5x_unlock();
    return info ? 0 : h5x_error_code();
}

int h5x_dataset_shape(h5x_object *dataset, h5x_shape *shape)
{
    return copy_shape_out(dataset, shape, offsetof(h5x_dataset_info, shape));
}

int h5x_dataset_maxshape(h5x_object *dataset, h5x_shape *maxshape)
{
    return copy_shape_out(dataset, maxshape, offsetof(h5x_dataset_info, maxshape));
}

int h5x_dataset_chunks(h5x_object *dataset, h5x_shape *chunks)
{
    return copy_shape_out(dataset, chunks, offsetof(h5x_dataset_info, chunks));
}

h5x_dtype *h5x_dataset_dtype(h5x_object *dataset)
{
    h5x_lock();
    const h5x_dataset_info *info = dataset_info_of(dataset);
    h5x_dtype *dtype = info ? h5x_dtype_copy(info->dtype) : NULL;
    h5x_unlock();
    return dtype;
}

int h5x_dataset_fillvalue(h5x_object *dataset, const h5x_dtype *mem_dtype, void *value)
{
    if (!value)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_fillvalue: value is NULL");
    h5x_lock();
    int rc = 0;
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info)
        rc = h5x_error_code();
    else if (mem_dtype && h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "dtype") != 0)
        rc = H5X_ERR_BAD_HANDLE;
    else {
        const h5x_dtype *to = mem_dtype ? mem_dtype : info->dtype;
        if (!h5x_dtype_convertible(info->dtype, to)) {
            rc = h5x_error_at(dataset, NULL, h5x_no_conversion(info->dtype, to));
        } else if (info->has_fillvalue && info->fillvalue) {
            rc = h5x_dtype_convert(info->dtype, info->fillvalue, to, value, 1);
            if (rc == 0)
                rc = 1;
        } else {
            memset(value, 0, h5x_dtype_size(to));
        }
    }
    h5x_unlock();
    return rc;
}

char *h5x_dataset_filters(h5x_object *dataset)
{
    h5x_lock();
    const h5x_dataset_info *info = dataset_info_of(dataset);
    char *text = NULL;
    if (info) {
        text = strdup(info->filters ? info->filters : "");
        if (!text)
            h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    h5x_unlock();
    return text;
}

int h5x_dataset_storage_size(h5x_object *dataset, uint64_t *bytes)
{
    if (!bytes)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_storage_size: bytes is NULL");
    h5x_lock();
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    if (rc == 0) {
        /* storage grows with every write: ask the connector, not the cache */
        dataset->cache.valid = 0;
        const h5x_dataset_info *info = h5x_dataset_cached_info(dataset);
        if (info)
            *bytes = info->storage_size;
        else
            rc = h5x_error_code();
    }
    h5x_unlock();
    return rc;
}

int h5x_dataset_len(h5x_object *dataset, uint64_t *length)
{
    if (!length)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_len: length is NULL");
    h5x_lock();
    int rc = 0;
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info)
        rc = h5x_error_code();
    else if (info->shape.rank < 1)
        rc = h5x_error_at(dataset, NULL,
                          h5x_error(H5X_ERR_SHAPE, "%s dataset has no length",
                                    info->shape.rank == 0 ? "a scalar" : "an empty"));
    else
        *length = info->shape.dims[0];
    h5x_unlock();
    return rc;
}

/* Resolves sel (NULL: everything) against the dataset's shape. */
/* Resolves sel (NULL: everything) against the dataset's shape into
 * storage, the caller's (on its stack: a read or write of a few elements
 * should not allocate for it).  On success *resolved points at storage, or
 * is NULL for an empty dataset, which has nothing to select; the caller
 * clears a non-NULL *resolved. */
static int resolve(h5x_object *dataset, const h5x_dataset_info *info, const h5x_selection *sel,
                   h5x_resolved_selection *storage, h5x_resolved_selection **resolved, h5x_shape *result_shape)
{
    int rc;
    *resolved = NULL;
    if (info->shape.rank < 0) {
        /* h5py: dset[()] of an empty dataset gives Empty, any index fails.
         * The selections that fit a scalar are exactly "()" and "...". */
        h5x_shape scalar = h5x_shape_scalar(), ignored;
        rc = sel ? h5x_selection_resolve_into(sel, &scalar, storage, &ignored) : 0;
        if (sel)
            h5x_resolved_selection_clear(storage);
        if (rc != 0)
            return h5x_error_at(dataset, NULL,
                                h5x_error(H5X_ERR_SELECTION, "an empty dataset (null dataspace) cannot be sliced; "
                                                             "only \"()\" selects its (absent) data"));
        *result_shape = h5x_shape_null();
        return 0;
    }
    rc = h5x_selection_resolve_into(sel, &info->shape, storage, result_shape);
    if (rc == 0)
        *resolved = storage;
    return h5x_error_at(dataset, NULL, rc);
}

static void release_resolved(h5x_resolved_selection *resolved)
{
    if (resolved)
        h5x_resolved_selection_clear(resolved);
}

int h5x_dataset_selection_shape(h5x_object *dataset, const h5x_selection *sel, h5x_shape *shape)
{
    if (!shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_selection_shape: shape is NULL");
    h5x_lock();
    int rc;
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info) {
        rc = h5x_error_code();
    } else {
        h5x_resolved_selection storage, *resolved;
        rc = resolve(dataset, info, sel, &storage, &resolved, shape);
        release_resolved(resolved);
    }
    h5x_unlock();
    return rc;
}

static int check_mem_dtype(const h5x_dtype *mem_dtype, const h5x_dataset_info *info, const h5x_dtype **out)
{
    if (!mem_dtype) {
        *out = info->dtype;
        return 0;
    }
    *out = mem_dtype;
    return h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "memory dtype");
}

int h5x_dataset_read(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem_dtype, void *buffer,
                     size_t buffer_size)
{
    h5x_lock();
    int rc = 0;
    h5x_resolved_selection storage, *resolved = NULL;
    const h5x_dtype *mem;
    h5x_shape result_shape;
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info) {
        rc = h5x_error_code();
        goto done;
    }
    if ((rc = check_mem_dtype(mem_dtype, info, &mem)) != 0 ||
        (rc = resolve(dataset, info, sel, &storage, &resolved, &result_shape)) != 0)
        goto done;
    uint64_t n = h5x_shape_size(&result_shape);
    if (n == 0)
        goto done;
    if (!buffer) {
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_read: buffer is NULL");
        goto done;
    }
    size_t element = h5x_dtype_size(mem);
    if (n > SIZE_MAX / element || buffer_size < n * element) {
        char text[256];
        format_shape(&result_shape, text, sizeof text);
        rc = h5x_error(H5X_ERR_SHAPE, "buffer of %zu bytes is too small for a selection of shape %s (%llu bytes)",
                       buffer_size, text, (unsigned long long)n * element);
        goto done;
    }
    int (*read)(void *, const h5x_resolved_selection *, const h5x_dtype *, void *) =
        H5X_SLOT(H5X_CLASS(dataset), dataset_read);
    rc = read ? read(dataset->connector_object, resolved, mem, buffer)
              : h5x_not_supported(dataset->file, "reading datasets");
done:
    release_resolved(resolved);
    if (rc < 0 && dataset && h5x_handle_check(dataset, H5X_HANDLE_OBJECT, "dataset") == 0)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc;
}

int h5x_dataset_write(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem_dtype, const void *buffer,
                      const h5x_shape *data_shape)
{
    h5x_lock();
    int rc = 0;
    h5x_resolved_selection storage, *resolved = NULL;
    void *expanded = NULL;
    const h5x_dtype *mem;
    h5x_shape result_shape;
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info) {
        rc = h5x_error_code();
        goto done;
    }
    if ((rc = h5x_require_writable(dataset, "write a dataset")) != 0 ||
        (rc = check_mem_dtype(mem_dtype, info, &mem)) != 0 ||
        (rc = resolve(dataset, info, sel, &storage, &resolved, &result_shape)) != 0)
        goto done;
    if (data_shape && (rc = check_shape_argument(data_shape, "data shape")) != 0)
        goto done;
    if (data_shape && (rc = h5x_broadcast_check(data_shape, &result_shape)) != 0)
        goto done;
    uint64_t n = h5x_shape_size(&result_shape);
    if (n == 0)
        goto done;
    if (!buffer) {
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_write: buffer is NULL");
        goto done;
    }
    const void *data = buffer;
    if (data_shape && h5x_shape_size(data_shape) != n) {
        if ((rc = h5x_broadcast(buffer, data_shape, h5x_dtype_size(mem), &result_shape, &expanded)) != 0)
            goto done;
        data = expanded;
    }
    int (*write)(void *, const h5x_resolved_selection *, const h5x_dtype *, const void *) =
        H5X_SLOT(H5X_CLASS(dataset), dataset_write);
    rc = write ? write(dataset->connector_object, resolved, mem, data)
               : h5x_not_supported(dataset->file, "writing datasets");
done:
    free(expanded);
    release_resolved(resolved);
    if (rc < 0 && h5x_handle_check(dataset, H5X_HANDLE_OBJECT, "dataset") == 0)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc;
}

/* The initial data is in the creation dtype, which may say more than the
 * stored one (text is checked on the way in). */
static int write_whole(h5x_object *dataset, const h5x_dtype *dtype, const void *data)
{
    return h5x_dataset_write(dataset, NULL, dtype, data, NULL);
}

int h5x_dataset_read_text(h5x_object *dataset, const char *selection, const h5x_dtype *mem_dtype, void *buffer,
                          size_t buffer_size)
{
    h5x_selection *sel = h5x_selection_parse(selection ? selection : "()");
    if (!sel)
        return h5x_error_code();
    int rc = h5x_dataset_read(dataset, sel, mem_dtype, buffer, buffer_size);
    h5x_close(sel);
    return rc;
}

int h5x_dataset_write_text(h5x_object *dataset, const char *selection, const h5x_dtype *mem_dtype,
                           const void *buffer, const h5x_shape *data_shape)
{
    h5x_selection *sel = h5x_selection_parse(selection ? selection : "()");
    if (!sel)
        return h5x_error_code();
    int rc = h5x_dataset_write(dataset, sel, mem_dtype, buffer, data_shape);
    h5x_close(sel);
    return rc;
}

int h5x_dataset_resize(h5x_object *dataset, const h5x_shape *new_shape)
{
    h5x_lock();
    int rc = 0;
    char a[256], b[256];
    const h5x_dataset_info *info = dataset_info_of(dataset);
    if (!info) {
        rc = h5x_error_code();
        goto done;
    }
    if ((rc = check_shape_argument(new_shape, "new shape")) != 0 ||
        (rc = h5x_require_writable(dataset, "resize a dataset")) != 0)
        goto done;
    if (!(H5X_CLASS(dataset)->capabilities & H5X_CAP_RESIZE)) {
        rc = h5x_not_supported(dataset->file, "resizing datasets");
        goto done;
    }
    if (new_shape->rank != info->shape.rank) {
        format_shape(new_shape, a, sizeof a);
        format_shape(&info->shape, b, sizeof b);
        rc = h5x_error(H5X_ERR_SHAPE, "cannot resize to %s: the dataset's shape %s has another rank", a, b);
        goto done;
    }
    if (info->chunks.rank == 0) {
        rc = h5x_error(H5X_ERR_SHAPE, "only chunked datasets can be resized (create it with maxshape or chunks)");
        goto done;
    }
    for (int i = 0; i < new_shape->rank; i++)
        if (info->maxshape.dims[i] != H5X_UNLIMITED && new_shape->dims[i] > info->maxshape.dims[i]) {
            format_shape(new_shape, a, sizeof a);
            format_shape(&info->maxshape, b, sizeof b);
            rc = h5x_error(H5X_ERR_SHAPE, "cannot resize to %s: axis %d exceeds the maximum shape %s", a, i, b);
            goto done;
        }
    int (*resize)(void *, const h5x_shape *) = H5X_SLOT(H5X_CLASS(dataset), dataset_resize);
    rc = resize ? resize(dataset->connector_object, new_shape) : h5x_not_supported(dataset->file, "resizing");
    dataset->file->generation++;
done:
    if (rc < 0 && h5x_handle_check(dataset, H5X_HANDLE_OBJECT, "dataset") == 0)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc;
}

/* Flush and refresh: per-dataset calls that also drop the cached shape. */
static int dataset_call(h5x_object *dataset, const char *operation, size_t slot_offset)
{
    h5x_lock();
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    if (rc == 0) {
        const h5x_connector_class *cls = H5X_CLASS(dataset);
        int (*fn)(void *) = NULL;
        if (slot_offset + sizeof fn <= cls->struct_size)
            memcpy(&fn, (const char *)cls + slot_offset, sizeof fn);
        rc = fn ? fn(dataset->connector_object) : h5x_not_supported(dataset->file, operation);
        dataset->file->generation++;
        h5x_error_at(dataset, NULL, rc);
    }
    h5x_unlock();
    return rc;
}

int h5x_dataset_flush(h5x_object *dataset)
{
    return dataset_call(dataset, "flushing datasets", offsetof(h5x_connector_class, dataset_flush));
}

int h5x_dataset_refresh(h5x_object *dataset)
{
    return dataset_call(dataset, "refreshing datasets", offsetof(h5x_connector_class, dataset_refresh));
}
