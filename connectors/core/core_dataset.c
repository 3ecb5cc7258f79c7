/*
 * core_dataset.c — datasets as C-order arrays in memory.
 *
 * A dataset is its creation properties (dtype, shape, maxshape, chunk
 * shape, fill value, filter chain) and one buffer holding every element in
 * C order, in the stored dtype.  The buffer is allocated by the first
 * write, as HDF5 allocates storage late: until then reads give the fill
 * value and the storage size is 0, so a large dataset that is created but
 * never written costs nothing.
 *
 * The chunk shape and the filter chain are kept and reported, not used:
 * chunks exist to bound the I/O of a file, and memory has no such cost.
 * The chain is still checked when the dataset is created — its text must
 * parse, plugin filters must be loadable — and kept in its canonical text,
 * so that what info() reports is what the native connector would report
 * for the same chain, and what a backing file receives.
 *
 * Reads and writes move data through the core's resolved selections
 * (h5x_selection_gather / h5x_selection_scatter) and convert with
 * h5x_dtype_convert.  The common cases do no per-element work at all: the
 * whole dataset in its own dtype is one memcpy; a selection in its own
 * dtype is one gather or scatter; only a conversion needs a pass over the
 * elements, done in place in the caller's buffer whenever that buffer is
 * large enough.
 *
 * Resizing keeps every element at its C-order coordinates and gives new
 * elements the fill value.  Growing or shrinking only the first axis
 * keeps the data where it is (one realloc); other changes copy the
 * overlap row by row into a new buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "selection.h"

void core_dataset_free(core_dataset *dataset)
{
    if (dataset->data != NULL)
        core_values_release(dataset->dtype, dataset->data, h5x_shape_size(&dataset->shape));
    core_chunks_free(dataset);
    h5x_dtype_release(dataset->dtype);
    free(dataset->fillvalue);
    free(dataset->filters);
    free(dataset->data);
    memset(dataset, 0, sizeof *dataset);
}

static core_dataset *dataset_of(void *object)
{
    core_node *node = ((core_handle *)object)->node;
    return node->kind == H5X_KIND_DATASET ? node->u.dataset : NULL;
}

static int not_a_dataset(void)
{
    return h5x_connector_error(H5X_ERR_BAD_HANDLE, "the object is not a dataset");
}

/* ---------------------------------------------------------------- create */

/* Checks a chain and gives its canonical text (NULL for no filters). */
static int canonical_filters(const char *text, const h5x_shape *chunks, char **canonical)
{
    *canonical = NULL;
    if (text == NULL)
        return 0;
    h5x_filter_chain chain;
    int status = h5x_filter_chain_parse(text, &chain);
    if (status < 0 || chain.count == 0)
        return status;
    if (chunks->rank <= 0)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "filters '%s' need a chunked dataset", text);
    for (size_t i = 0; i < chain.count; i++) {
        int builtin = chain.filters[i].id >= 1 && chain.filters[i].id <= 6; /* deflate .. scaleoffset */
        if (!builtin && h5x_filter_lookup(chain.filters[i].id) == NULL)
            return h5x_connector_error(H5X_ERR_PLUGIN, "filter %d (%s) is not available: no filter plugin has "
                                       "that id", chain.filters[i].id, chain.filters[i].name);
    }
    return h5x_filter_chain_format(&chain, canonical);
}

static int check_shapes(const h5x_dataset_create_args *args)
{
    const h5x_shape *shape = &args->shape;
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "shape of rank %d", shape->rank);
    if (args->maxshape.rank != shape->rank)
        return h5x_connector_error(H5X_ERR_SHAPE, "maxshape of rank %d for a shape of rank %d", args->maxshape.rank,
                                   shape->rank);
    for (int i = 0; i < shape->rank; i++)
        if (args->maxshape.dims[i] < shape->dims[i])
            return h5x_connector_error(H5X_ERR_SHAPE, "maxshape is smaller than the shape on axis %d", i);
    if (args->chunks.rank != 0 && args->chunks.rank != shape->rank)
        return h5x_connector_error(H5X_ERR_SHAPE, "chunk shape of rank %d for a shape of rank %d", args->chunks.rank,
                                   shape->rank);
    for (int i = 0; i < args->chunks.rank; i++)
        if (args->chunks.dims[i] == 0)
            return h5x_connector_error(H5X_ERR_SHAPE, "chunk shape has a zero on axis %d", i);
    return 0;
}

int core_dataset_create(void *file_in, void *loc, const char *path, const h5x_dataset_create_args *args,
                        void **dataset_out)
{
    core_file *file = file_in;
    *dataset_out = NULL;
    int status = core_require_writable(file, "create a dataset");
    if (status < 0)
        return status;
    if (args == NULL || args->dtype == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "dataset creation without a dtype");
    size_t bytes = 0;
    char *filters = NULL;
    core_place place;
    if (args->fillvalue != NULL && core_values_own_memory(args->dtype, args->fillvalue, 1))
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the in-memory connector takes no fill value that owns "
                                                          "memory (a non-empty variable-length value)");
    if ((status = check_shapes(args)) < 0 ||
        (status = core_byte_count(&args->shape, h5x_dtype_size(args->dtype), &bytes)) < 0 ||
        (status = canonical_filters(args->filters, &args->chunks, &filters)) < 0 ||
        (status = core_tree_prepare(file, core_location(loc), path, NULL, &place)) < 0) {
        free(filters);
        return status;
    }
    h5x_dtype *dtype = core_dtype_stored(args->dtype);
    core_node *node = dtype != NULL ? core_node_new(file->store, H5X_KIND_DATASET) : NULL;
    if (node == NULL) {
        h5x_dtype_release(dtype);
        free(filters);
        return H5X_ERR_NO_MEMORY;
    }
    core_dataset *dataset = node->u.dataset;
    node->track_order = args->track_order;
    node->handles++; /* held while it is linked in, so that a failed link frees it */
    dataset->dtype = dtype;
    dataset->committed_type = core_committed_type_of(file, args->dtype);
    dataset->element_size = h5x_dtype_size(args->dtype);
    dataset->shape = args->shape;
    dataset->maxshape = args->maxshape;
    dataset->chunks = args->chunks;
    dataset->filters = filters;
    if (args->fillvalue != NULL) {
        dataset->fillvalue = malloc(dataset->element_size ? dataset->element_size : 1);
        if (dataset->fillvalue == NULL) {
            core_node_release_handle(node);
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory creating '%s'", path);
        }
        memcpy(dataset->fillvalue, args->fillvalue, dataset->element_size);
    }
    if ((status = core_chunks_setup(dataset)) < 0) {
        core_node_release_handle(node);
        return status;
    }
    core_link *link = core_link_hard(node);
    status = link != NULL ? core_tree_add_link(&place, link) : H5X_ERR_NO_MEMORY;
    core_handle *handle = status == 0 ? core_handle_new(file, node) : NULL;
    core_node_release_handle(node);
    if (handle == NULL)
        return status < 0 ? status : H5X_ERR_NO_MEMORY;
    *dataset_out = handle;
    return 0;
}

/* ------------------------------------------------------------------ info */

int core_dataset_info(void *object, h5x_dataset_info *info)
{
    const core_dataset *dataset = dataset_of(object);
    memset(info, 0, sizeof *info);
    if (dataset == NULL)
        return not_a_dataset();
    info->shape = dataset->shape;
    info->maxshape = dataset->maxshape;
    info->chunks = dataset->chunks;
    if (dataset->fillvalue != NULL) {
        info->has_fillvalue = 1;
        info->fillvalue = malloc(dataset->element_size ? dataset->element_size : 1);
        if (info->fillvalue != NULL)
            memcpy(info->fillvalue, dataset->fillvalue, dataset->element_size);
    }
    if (dataset->filters != NULL)
        info->filters = strdup(dataset->filters);
    if ((dataset->fillvalue != NULL && info->fillvalue == NULL) || (dataset->filters != NULL && !info->filters)) {
        free(info->fillvalue);
        free(info->filters);
        memset(info, 0, sizeof *info);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory describing a dataset");
    }
    size_t bytes = 0;
    core_byte_count(&dataset->shape, dataset->element_size, &bytes);
    info->storage_size = dataset->chain != NULL ? core_chunks_stored(dataset) : dataset->data != NULL ? bytes : 0;
    info->dtype = h5x_dtype_retain(dataset->dtype);
    return 0;
}

/* ------------------------------------------------------------------- I/O */

/* The core resolved sel against the shape it knows, which may be older
 * than the dataset's: another open of the same store may have resized
 * it since.  A selection that no longer fits is refused rather than
 * followed outside the buffer. */
static int check_selection(const h5x_resolved_selection *sel, const core_dataset *dataset)
{
    const h5x_shape *shape = &dataset->shape;
    int fits = 1;
    if (sel->kind == H5X_SEL_ALL) {
        fits = sel->rank == shape->rank || shape->rank < 0;
        for (int i = 0; fits && i < shape->rank; i++)
            fits = sel->axes[i].count == shape->dims[i];
    } else if (h5x_resolved_selection_check(sel, shape) < 0) {
        fits = 0;
    }
    if (fits)
        return 0;
    return h5x_connector_error(H5X_ERR_SELECTION, "the selection does not fit the dataset's current shape (was it "
                                                  "resized through another open of the file?)");
}

/* Values that are plain bytes in both types: copied, not converted. */
static int plain_copy(const h5x_dtype *stored, const h5x_dtype *mem_dtype)
{
    return !h5x_dtype_has_variable(stored) && (stored == mem_dtype || h5x_dtype_equal(stored, mem_dtype) == 1);
}

/* The selected elements, packed: the data itself for the whole dataset,
 * else a gathered copy (*packed, to be freed).  Variable-length elements
 * in the copy still point into the store. */
static int selected_elements(const core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                             unsigned char **elements, unsigned char **packed)
{
    *packed = NULL;
    if (sel->kind == H5X_SEL_ALL) {
        *elements = dataset->data;
        return 0;
    }
    *packed = malloc((size_t)n * dataset->element_size);
    if (*packed == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for %llu elements", (unsigned long long)n);
    h5x_selection_gather(dataset->data, &dataset->shape, dataset->element_size, sel, *packed);
    *elements = *packed;
    return 0;
}

/* What a read of n elements gives before anything was written. */
static int read_fill(const core_dataset *dataset, uint64_t n, const h5x_dtype *mem_dtype, void *buffer)
{
    size_t mem_size = h5x_dtype_size(mem_dtype);
    if (dataset->fillvalue == NULL) {
        memset(buffer, 0, (size_t)n * mem_size);
        return 0;
    }
    int status = h5x_dtype_convert(dataset->dtype, dataset->fillvalue, mem_dtype, buffer, 1);
    if (status == 0 && !h5x_dtype_has_variable(mem_dtype))
        core_fill(buffer, n, mem_size, buffer);
    for (uint64_t i = 1; status == 0 && h5x_dtype_has_variable(mem_dtype) && i < n; i++) /* each owns its memory */
        status = h5x_dtype_convert(dataset->dtype, dataset->fillvalue, mem_dtype, (char *)buffer + i * mem_size, 1);
    if (status < 0)
        core_values_release(mem_dtype, buffer, n);
    return status;
}

static int dense_read(const core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                      const h5x_dtype *mem_dtype, void *buffer)
{
    int status;
    const h5x_dtype *stored = dataset->dtype;
    size_t stored_size = dataset->element_size;
    if (dataset->data == NULL)
        return read_fill(dataset, n, mem_dtype, buffer);
    if (plain_copy(stored, mem_dtype)) {
        if (sel->kind == H5X_SEL_ALL)
            memcpy(buffer, dataset->data, (size_t)n * stored_size);
        else
            h5x_selection_gather(dataset->data, &dataset->shape, stored_size, sel, buffer);
        return 0;
    }
    if ((status = h5x_dtype_convert(stored, NULL, mem_dtype, NULL, 0)) < 0)
        return status;
    if (sel->kind != H5X_SEL_ALL && h5x_dtype_is_numeric(stored) && h5x_dtype_is_numeric(mem_dtype) &&
        h5x_dtype_size(mem_dtype) >= stored_size) {
        /* numbers widen in place in the caller's buffer */
        h5x_selection_gather(dataset->data, &dataset->shape, stored_size, sel, buffer);
        return h5x_dtype_convert(stored, buffer, mem_dtype, buffer, n);
    }
    /* never in place otherwise: an in-place conversion would hand the
     * store's own variable-length memory to the caller */
    unsigned char *elements = NULL, *packed = NULL;
    if ((status = selected_elements(dataset, sel, n, &elements, &packed)) < 0)
        return status;
    status = h5x_dtype_convert(stored, elements, mem_dtype, buffer, n);
    free(packed);
    return status;
}

/* A filtered dataset's read: the chunks under the selection, decoded
 * into a box that stands in for the dense array. */
static int chunked_read(core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                        const h5x_dtype *mem_dtype, void *buffer)
{
    core_box box;
    h5x_resolved_selection local;
    uint64_t *points = NULL;
    unsigned char *data = NULL;
    int status = core_chunks_box(dataset, sel, &box, &local, &points);
    if (status == 0)
        status = core_chunks_load(dataset, &box, &data);
    if (status == 0) {
        core_dataset view = *dataset;
        view.data = data;
        view.shape = box.shape;
        status = dense_read(&view, &local, n, mem_dtype, buffer);
    }
    free(data);
    free(points);
    return status;
}

int core_dataset_read(void *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, void *buffer)
{
    core_dataset *dataset = dataset_of(object);
    if (dataset == NULL)
        return not_a_dataset();
    int status = check_selection(sel, dataset);
    uint64_t n = h5x_resolved_selection_size(sel, &dataset->shape);
    if (status < 0 || n == 0)
        return status;
    if (dataset->chain != NULL)
        return chunked_read(dataset, sel, n, mem_dtype, buffer);
    return dense_read(dataset, sel, n, mem_dtype, buffer);
}

/* Allocates a dataset's buffer, filled unless the caller overwrites all
 * of it with plain bytes. */
static int allocate(core_dataset *dataset, int filled)
{
    size_t bytes = 0;
    int status = core_byte_count(&dataset->shape, dataset->element_size, &bytes);
    if (status < 0)
        return status;
    dataset->data = malloc(bytes ? bytes : 1);
    if (dataset->data == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory allocating %zu bytes for a dataset", bytes);
    if (filled)
        core_fill(dataset->data, h5x_shape_size(&dataset->shape), dataset->element_size, dataset->fillvalue);
    return 0;
}

static int dense_write(core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                       const h5x_dtype *mem_dtype, const void *buffer, int plain);

/* A filtered dataset's write: the chunks under the selection decoded
 * into a box, written there as into the dense array, and encoded again. */
static int chunked_write(core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                         const h5x_dtype *mem_dtype, const void *buffer, int plain)
{
    core_box box;
    h5x_resolved_selection local;
    uint64_t *points = NULL;
    unsigned char *data = NULL;
    int status = core_chunks_box(dataset, sel, &box, &local, &points);
    if (status == 0)
        status = core_chunks_load(dataset, &box, &data);
    if (status == 0) {
        core_dataset view = *dataset;
        view.data = data;
        view.shape = box.shape;
        status = dense_write(&view, &local, n, mem_dtype, buffer, plain);
    }
    if (status == 0)
        status = core_chunks_store(dataset, &box, data);
    free(data);
    free(points);
    return status;
}

int core_dataset_write(void *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                       const void *buffer)
{
    core_handle *handle = object;
    core_dataset *dataset = dataset_of(object);
    if (dataset == NULL)
        return not_a_dataset();
    int status = core_require_writable(handle->file, "write a dataset");
    if (status == 0)
        status = check_selection(sel, dataset);
    uint64_t n = h5x_resolved_selection_size(sel, &dataset->shape);
    if (status < 0 || n == 0)
        return status;
    const h5x_dtype *stored = dataset->dtype;
    int plain = plain_copy(stored, mem_dtype);
    if (!plain && (status = h5x_dtype_convert(mem_dtype, NULL, stored, NULL, 0)) < 0)
        return status;
    if ((status = core_values_check_references(mem_dtype, buffer, n)) < 0)
        return status;
    if (dataset->chain != NULL) {
        core_store_touch(handle->node->store);
        return chunked_write(dataset, sel, n, mem_dtype, buffer, plain);
    }
    if (dataset->data == NULL && (status = allocate(dataset, !(plain && sel->kind == H5X_SEL_ALL))) < 0)
        return status;
    core_store_touch(handle->node->store);
    return dense_write(dataset, sel, n, mem_dtype, buffer, plain);
}

static int dense_write(core_dataset *dataset, const h5x_resolved_selection *sel, uint64_t n,
                       const h5x_dtype *mem_dtype, const void *buffer, int plain)
{
    const h5x_dtype *stored = dataset->dtype;
    size_t stored_size = dataset->element_size;
    int status;
    if (plain) {
        if (sel->kind == H5X_SEL_ALL)
            memcpy(dataset->data, buffer, (size_t)n * stored_size);
        else
            h5x_selection_scatter(dataset->data, &dataset->shape, stored_size, sel, buffer);
        return 0;
    }
    /* converted into the elements as they are, so that members the
     * memory type lacks keep their values */
    unsigned char *elements = NULL, *packed = NULL;
    if ((status = selected_elements(dataset, sel, n, &elements, &packed)) < 0)
        return status;
    status = core_values_overwrite(stored, elements, mem_dtype, buffer, n);
    if (status == 0 && packed != NULL)
        h5x_selection_scatter(dataset->data, &dataset->shape, stored_size, sel, packed);
    free(packed);
    return status;
}

/* ---------------------------------------------------------------- resize */

/* Moves the elements two shapes of the same rank share, each to the same
 * coordinates, one run of the last axis at a time.  clear_moved zeroes
 * the runs left behind, so that they no longer own what moved. */
static void copy_overlap(unsigned char *from, const h5x_shape *old_shape, unsigned char *to,
                         const h5x_shape *new_shape, size_t element_size, int clear_moved)
{
    int rank = old_shape->rank;
    uint64_t overlap[H5X_MAX_RANK], index[H5X_MAX_RANK] = {0};
    for (int i = 0; i < rank; i++) {
        overlap[i] = old_shape->dims[i] < new_shape->dims[i] ? old_shape->dims[i] : new_shape->dims[i];
        if (overlap[i] == 0)
            return;
    }
    size_t run = (size_t)overlap[rank - 1] * element_size;
    for (;;) {
        uint64_t old_offset = 0, new_offset = 0;
        for (int i = 0; i < rank - 1; i++) {
            old_offset = old_offset * old_shape->dims[i] + index[i];
            new_offset = new_offset * new_shape->dims[i] + index[i];
        }
        old_offset *= old_shape->dims[rank - 1];
        new_offset *= new_shape->dims[rank - 1];
        memcpy(to + new_offset * element_size, from + old_offset * element_size, run);
        if (clear_moved)
            memset(from + old_offset * element_size, 0, run);
        int axis = rank - 2;
        while (axis >= 0 && ++index[axis] == overlap[axis])
            index[axis--] = 0;
        if (axis < 0)
            return;
    }
}

void core_copy_overlap(unsigned char *from, const h5x_shape *from_shape, unsigned char *to, const h5x_shape *to_shape,
                       size_t element_size)
{
    copy_overlap(from, from_shape, to, to_shape, element_size, 0);
}

int core_dataset_dense(core_dataset *dataset, unsigned char **dense)
{
    *dense = NULL;
    if (dataset->chain == NULL || core_chunks_stored(dataset) == 0)
        return 0;
    core_box box;
    core_chunks_whole(dataset, &box);
    unsigned char *data = NULL;
    size_t bytes = 0;
    int status = core_byte_count(&dataset->shape, dataset->element_size, &bytes);
    if (status == 0)
        status = core_chunks_load(dataset, &box, &data);
    if (status < 0)
        return status;
    *dense = malloc(bytes ? bytes : 1);
    if (*dense == NULL) {
        free(data);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for %zu bytes of a dataset", bytes);
    }
    copy_overlap(data, &box.shape, *dense, &dataset->shape, dataset->element_size, 0);
    free(data);
    return 0;
}

/* A filtered dataset changes shape through its dense form: the elements
 * move to a new chunk grid, and every chunk is encoded again. */
static int chunked_resize(core_dataset *dataset, const h5x_shape *new_shape)
{
    unsigned char *old = NULL, *dense = NULL;
    int status = core_dataset_dense(dataset, &old);
    size_t new_bytes = 0;
    if (status == 0)
        status = core_byte_count(new_shape, dataset->element_size, &new_bytes);
    if (status == 0 && old != NULL) {
        dense = malloc(new_bytes ? new_bytes : 1);
        if (dense == NULL)
            status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory resizing to %zu bytes", new_bytes);
        else {
            core_fill(dense, h5x_shape_size(new_shape), dataset->element_size, dataset->fillvalue);
            copy_overlap(old, &dataset->shape, dense, new_shape, dataset->element_size, 0);
        }
    }
    free(old);
    if (status < 0)
        return status;
    core_chunks_free(dataset);
    dataset->shape = *new_shape;
    if ((status = core_chunks_setup(dataset)) == 0) {
        dataset->data = dense;
        status = core_chunks_adopt(dataset);
    }
    if (status < 0) {
        free(dataset->data);
        dataset->data = NULL;
    }
    return status;
}

int core_dataset_resize(void *object, const h5x_shape *new_shape)
{
    core_handle *handle = object;
    core_dataset *dataset = dataset_of(object);
    if (dataset == NULL)
        return not_a_dataset();
    int status = core_require_writable(handle->file, "resize a dataset");
    if (status < 0)
        return status;
    const h5x_shape *old_shape = &dataset->shape;
    if (new_shape->rank != old_shape->rank || old_shape->rank < 1)
        return h5x_connector_error(H5X_ERR_SHAPE, "cannot resize a dataset of rank %d to rank %d", old_shape->rank,
                                   new_shape->rank);
    int same_tail = 1;
    for (int i = 0; i < new_shape->rank; i++) {
        if (dataset->maxshape.dims[i] != H5X_UNLIMITED && new_shape->dims[i] > dataset->maxshape.dims[i])
            return h5x_connector_error(H5X_ERR_SHAPE, "axis %d cannot grow to %llu beyond its maximum %llu", i,
                                       (unsigned long long)new_shape->dims[i],
                                       (unsigned long long)dataset->maxshape.dims[i]);
        same_tail &= i == 0 || new_shape->dims[i] == old_shape->dims[i];
    }
    size_t old_bytes = 0, new_bytes = 0;
    if ((status = core_byte_count(old_shape, dataset->element_size, &old_bytes)) < 0 ||
        (status = core_byte_count(new_shape, dataset->element_size, &new_bytes)) < 0)
        return status;
    core_store_touch(handle->node->store);
    if (dataset->chain != NULL)
        return chunked_resize(dataset, new_shape);
    if (dataset->data == NULL) {
        dataset->shape = *new_shape;
        return 0;
    }
    if (same_tail) {
        /* the elements keep their offsets: only the end moves */
        if (new_bytes < old_bytes)
            core_values_release(dataset->dtype, dataset->data + new_bytes,
                                (old_bytes - new_bytes) / dataset->element_size);
        unsigned char *data = realloc(dataset->data, new_bytes ? new_bytes : 1);
        if (data == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory resizing to %zu bytes", new_bytes);
        if (new_bytes > old_bytes)
            core_fill(data + old_bytes, (new_bytes - old_bytes) / (dataset->element_size ? dataset->element_size : 1),
                      dataset->element_size, dataset->fillvalue);
        dataset->data = data;
        dataset->shape = *new_shape;
        return 0;
    }
    unsigned char *data = malloc(new_bytes ? new_bytes : 1);
    if (data == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory resizing to %zu bytes", new_bytes);
    core_fill(data, h5x_shape_size(new_shape), dataset->element_size, dataset->fillvalue);
    copy_overlap(dataset->data, old_shape, data, new_shape, dataset->element_size,
                 h5x_dtype_has_variable(dataset->dtype));
    /* the elements that did not move are dropped, with what they own */
    core_values_release(dataset->dtype, dataset->data, h5x_shape_size(old_shape));
    free(dataset->data);
    dataset->data = data;
    dataset->shape = *new_shape;
    return 0;
}

int core_dataset_flush(void *object)
{
    (void)object; /* memory is always up to date */
    return 0;
}

int core_dataset_refresh(void *object)
{
    (void)object; /* nobody else writes this memory */
    return 0;
}
