/*
 * core_chunks.c — filtered datasets kept as encoded chunks.
 *
 * A dataset with a filter chain is stored the way HDF5 stores it: the
 * dataspace is cut into a grid of chunks, and each chunk that has been
 * written is held in its encoded form, as the core's chunk pipeline
 * (core/src/filter_pipeline.c) produced it, with the filter mask telling
 * which optional filters were skipped because they failed or did not
 * shrink the chunk.  So compression saves memory here as it saves disk in
 * a file, the storage size reports what is really held, and the chunk
 * bytes are the ones libhdf5 would write.
 *
 * Every chunk is encoded whole.  The part of an edge chunk beyond the
 * dataset's end holds the fill value, so that growing the dataset later
 * shows fill there without touching the chunk.
 *
 * Reads and writes work on a chunk-aligned box covering the selection:
 * the chunks of the box are decoded once each into one C-order buffer,
 * the selection is moved into the box's coordinates, and the dense code
 * of core_dataset.c does the rest; a write then encodes the box's chunks
 * again.  The last decoded chunk is kept, so that a run of small reads in
 * one chunk decodes it once.  A box of several chunks has them encoded or
 * decoded on the configured filter threads (h5x_config_get_filter_threads),
 * each thread taking whole chunks.
 *
 * Values that point to memory (variable-length data, references) are not
 * bytes a filter can keep; such datasets stay dense and only record their
 * chain, which a backing file still receives.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk_box.h"
#include "core.h"
#include "filter_pipeline.h"
#include "parallel_for.h"

static int chunked_values(const core_dataset *dataset)
{
    return !h5x_dtype_has_variable(dataset->dtype) && core_dtype_references(dataset->dtype) == 0;
}

/* Chunks along each axis of the grid covering shape. */
static void grid_of(const core_dataset *dataset, const h5x_shape *shape, uint64_t *grid)
{
    for (int i = 0; i < shape->rank; i++)
        grid[i] = (shape->dims[i] + dataset->chunks.dims[i] - 1) / dataset->chunks.dims[i];
}

static size_t grid_count(const core_dataset *dataset, const h5x_shape *shape)
{
    uint64_t grid[H5X_MAX_RANK];
    grid_of(dataset, shape, grid);
    uint64_t count = 1;
    for (int i = 0; i < shape->rank; i++)
        count *= grid[i];
    return (size_t)count;
}

int core_chunks_setup(core_dataset *dataset)
{
    if (dataset->filters == NULL || dataset->chunks.rank <= 0 || !chunked_values(dataset))
        return 0;
    h5x_filter_chain *chain = calloc(1, sizeof *chain);
    if (chain == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a filter chain");
    size_t chunk_bytes = dataset->element_size;
    for (int i = 0; i < dataset->chunks.rank; i++)
        chunk_bytes *= (size_t)dataset->chunks.dims[i];
    int status = h5x_filter_chain_parse(dataset->filters, chain);
    if (status == 0)
        status = h5x_pipeline_prepare_dtype(chain, dataset->dtype, dataset->fillvalue, chunk_bytes);
    if (status < 0) {
        free(chain);
        return status;
    }
    size_t count = grid_count(dataset, &dataset->shape);
    dataset->chunk_table = calloc(count ? count : 1, sizeof *dataset->chunk_table);
    if (dataset->chunk_table == NULL) {
        free(chain);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a table of %zu chunks", count);
    }
    dataset->chain = chain;
    dataset->chunk_count = count;
    dataset->chunk_bytes = chunk_bytes;
    dataset->cached_chunk = SIZE_MAX;
    return 0;
}

void core_chunks_free(core_dataset *dataset)
{
    for (size_t i = 0; dataset->chunk_table != NULL && i < dataset->chunk_count; i++)
        free(dataset->chunk_table[i].bytes);
    free(dataset->chunk_table);
    free(dataset->chain);
    free(dataset->cache);
    dataset->chunk_table = NULL;
    dataset->chain = NULL;
    dataset->cache = NULL;
    dataset->chunk_count = 0;
    dataset->cached_chunk = SIZE_MAX;
}

uint64_t core_chunks_stored(const core_dataset *dataset)
{
    uint64_t total = 0;
    for (size_t i = 0; i < dataset->chunk_count; i++)
        total += dataset->chunk_table[i].size;
    return total;
}

void core_chunks_whole(const core_dataset *dataset, core_box *box)
{
    uint64_t grid[H5X_MAX_RANK];
    grid_of(dataset, &dataset->shape, grid);
    box->shape.rank = dataset->shape.rank;
    for (int i = 0; i < dataset->shape.rank; i++) {
        box->lo[i] = 0;
        box->shape.dims[i] = grid[i] * dataset->chunks.dims[i];
    }
}

int core_chunks_box(const core_dataset *dataset, const h5x_resolved_selection *sel, core_box *box,
                    h5x_resolved_selection *local, uint64_t **points)
{
    int rank = dataset->shape.rank;
    uint64_t first[H5X_MAX_RANK], last[H5X_MAX_RANK];
    *points = NULL;
    *local = *sel;
    for (int i = 0; i < rank; i++) {
        first[i] = 0;
        last[i] = dataset->shape.dims[i] - 1;
    }
    if (sel->kind == H5X_SEL_ORTHOGONAL) {
        for (int i = 0; i < rank; i++) {
            const h5x_axis_selection *axis = &sel->axes[i];
            first[i] = axis->list ? axis->list[0] : axis->start;
            last[i] = axis->list ? axis->list[axis->count - 1] : axis->start + (axis->count - 1) * axis->step;
        }
    } else if (sel->kind == H5X_SEL_POINTS) {
        for (int i = 0; i < rank; i++) {
            first[i] = UINT64_MAX;
            last[i] = 0;
        }
        for (uint64_t p = 0; p < sel->npoints; p++)
            for (int i = 0; i < rank; i++) {
                uint64_t x = sel->points[p * (uint64_t)rank + (uint64_t)i];
                first[i] = x < first[i] ? x : first[i];
                last[i] = x > last[i] ? x : last[i];
            }
    }
    box->shape.rank = rank;
    for (int i = 0; i < rank; i++) {
        uint64_t c = dataset->chunks.dims[i];
        box->lo[i] = first[i] / c * c;
        box->shape.dims[i] = (last[i] / c + 1) * c - box->lo[i];
    }
    /* the selection, relative to the box */
    if (sel->kind == H5X_SEL_ALL) {
        local->kind = H5X_SEL_ORTHOGONAL;
        for (int i = 0; i < rank; i++)
            local->axes[i] = (h5x_axis_selection){0, 1, dataset->shape.dims[i], NULL};
        return 0;
    }
    size_t needed = 0;
    if (sel->kind == H5X_SEL_POINTS)
        needed = (size_t)sel->npoints * (size_t)rank;
    else if (sel->kind == H5X_SEL_ORTHOGONAL)
        for (int i = 0; i < rank; i++)
            needed += sel->axes[i].list ? (size_t)sel->axes[i].count : 0;
    if (needed == 0) {
        for (int i = 0; sel->kind == H5X_SEL_ORTHOGONAL && i < rank; i++)
            local->axes[i].start -= box->lo[i];
        return 0;
    }
    uint64_t *copy = malloc(needed * sizeof *copy);
    if (copy == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a selection of %zu indices", needed);
    if (sel->kind == H5X_SEL_POINTS) {
        for (size_t k = 0; k < needed; k++)
            copy[k] = sel->points[k] - box->lo[k % (size_t)rank];
        local->points = copy;
    } else {
        uint64_t *next = copy;
        for (int i = 0; i < rank; i++) {
            h5x_axis_selection *axis = &local->axes[i];
            if (axis->list == NULL) {
                axis->start -= box->lo[i];
                continue;
            }
            for (uint64_t k = 0; k < axis->count; k++)
                next[k] = axis->list[k] - box->lo[i];
            axis->list = next;
            next += axis->count;
        }
    }
    *points = copy;
    return 0;
}

/* The chunk-box copy of core/src/chunk_box.c for a core box. */
static void move_chunk(unsigned char *box_data, const core_box *box, unsigned char *chunk, const h5x_shape *chunks,
                       const uint64_t *origin, size_t element_size, int into_box)
{
    h5x_box whole = {.rank = box->shape.rank};
    for (int i = 0; i < box->shape.rank; i++) {
        whole.lo[i] = box->lo[i];
        whole.dims[i] = box->shape.dims[i];
    }
    h5x_chunk_box_copy(&whole, box_data, chunks->dims, origin, chunk, element_size, into_box);
}

/* Visits the chunks of a box: their table index and element origin. */
typedef int (*chunk_visitor)(core_dataset *dataset, size_t index, const uint64_t *origin, void *user);

static int each_chunk(core_dataset *dataset, const core_box *box, chunk_visitor visit, void *user)
{
    int rank = box->shape.rank;
    uint64_t grid[H5X_MAX_RANK], first[H5X_MAX_RANK], count[H5X_MAX_RANK], at[H5X_MAX_RANK];
    grid_of(dataset, &dataset->shape, grid);
    for (int i = 0; i < rank; i++) {
        first[i] = box->lo[i] / dataset->chunks.dims[i];
        count[i] = box->shape.dims[i] / dataset->chunks.dims[i];
        if (count[i] == 0)
            return 0;
        at[i] = 0;
    }
    for (;;) {
        uint64_t index = 0, origin[H5X_MAX_RANK];
        for (int i = 0; i < rank; i++) {
            index = index * grid[i] + first[i] + at[i];
            origin[i] = (first[i] + at[i]) * dataset->chunks.dims[i];
        }
        int status = visit(dataset, (size_t)index, origin, user);
        if (status < 0)
            return status;
        int axis = rank - 1;
        while (axis >= 0 && ++at[axis] == count[axis])
            at[axis--] = 0;
        if (axis < 0)
            return 0;
    }
}

/* One chunk of a load or store: where it is, and what the pipeline made
 * of it. */
typedef struct chunk_task {
    size_t index;
    uint64_t origin[H5X_MAX_RANK];
    void *bytes; /* store: the encoded chunk; load: the decoded one */
    size_t size;
    unsigned filter_mask;
} chunk_task;

/* The chunks of a box, to be filtered on threads (core/src/parallel_for.c),
 * each task touching only its own chunk and its own part of the box. */
typedef struct chunk_batch {
    const core_dataset *dataset;
    h5x_bound_pipeline pipeline;
    const core_box *box;
    unsigned char *data;
    chunk_task *tasks;
    size_t count;
    size_t capacity;
} chunk_batch;

static int add_task(core_dataset *dataset, size_t index, const uint64_t *origin, void *user)
{
    chunk_batch *batch = user;
    if (batch->count == batch->capacity) {
        size_t capacity = batch->capacity ? batch->capacity * 2 : 16;
        chunk_task *grown = realloc(batch->tasks, capacity * sizeof *grown);
        if (grown == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory listing %zu chunks", capacity);
        batch->tasks = grown;
        batch->capacity = capacity;
    }
    chunk_task *task = &batch->tasks[batch->count++];
    memset(task, 0, sizeof *task);
    task->index = index;
    memcpy(task->origin, origin, sizeof(uint64_t) * (size_t)dataset->chunks.rank);
    return 0;
}

/* Lists the box's chunks and binds the pipeline: on one thread per chunk
 * when the chunks go to several threads, else with each codec's own
 * default.  *threads receives the threads to run the tasks on. */
static int batch_start(core_dataset *dataset, const core_box *box, unsigned char *data, chunk_batch *batch,
                       int *threads)
{
    memset(batch, 0, sizeof *batch);
    batch->dataset = dataset;
    batch->box = box;
    batch->data = data;
    int status = each_chunk(dataset, box, add_task, batch);
    *threads = batch->count > 1 ? h5x_config_get_filter_threads() : 1;
    if (status == 0)
        status = h5x_pipeline_bind(dataset->chain, *threads > 1 ? 1 : 0, &batch->pipeline);
    return status;
}

static void batch_end(chunk_batch *batch)
{
    for (size_t i = 0; i < batch->count; i++)
        free(batch->tasks[i].bytes);
    free(batch->tasks);
}

static int decode_task(void *context, size_t i)
{
    chunk_batch *batch = context;
    const core_dataset *dataset = batch->dataset;
    chunk_task *task = &batch->tasks[i];
    const core_chunk *chunk = &dataset->chunk_table[task->index];
    if (chunk->bytes == NULL)
        return 0; /* the box is already filled */
    int status = h5x_pipeline_decode_bound(&batch->pipeline, chunk->filter_mask, chunk->bytes, chunk->size,
                                           dataset->chunk_bytes, &task->bytes, &task->size);
    if (status == 0)
        move_chunk(batch->data, batch->box, task->bytes, &dataset->chunks, task->origin, dataset->element_size, 1);
    return status;
}

/* A box of one chunk goes through the kept decoded chunk, so that a run of
 * small reads in one chunk decodes it once. */
static int load_kept(core_dataset *dataset, const core_box *box, unsigned char *data, const chunk_task *task)
{
    const core_chunk *chunk = &dataset->chunk_table[task->index];
    if (chunk->bytes == NULL)
        return 0;
    if (dataset->cached_chunk != task->index) {
        void *decoded = NULL;
        size_t size = 0;
        int status = h5x_pipeline_decode(dataset->chain, chunk->filter_mask, chunk->bytes, chunk->size,
                                         dataset->chunk_bytes, &decoded, &size);
        if (status < 0)
            return status;
        free(dataset->cache);
        dataset->cache = decoded;
        dataset->cached_chunk = task->index;
    }
    move_chunk(data, box, dataset->cache, &dataset->chunks, task->origin, dataset->element_size, 1);
    return 0;
}

int core_chunks_load(core_dataset *dataset, const core_box *box, unsigned char **buffer)
{
    size_t bytes = 0;
    int status = core_byte_count(&box->shape, dataset->element_size, &bytes);
    if (status < 0)
        return status;
    unsigned char *data = malloc(bytes ? bytes : 1);
    if (data == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for %zu bytes of chunks", bytes);
    core_fill(data, h5x_shape_size(&box->shape), dataset->element_size, dataset->fillvalue);
    chunk_batch batch;
    int threads = 1;
    status = batch_start(dataset, box, data, &batch, &threads);
    if (status == 0 && batch.count == 1)
        status = load_kept(dataset, box, data, &batch.tasks[0]);
    else if (status == 0)
        status = h5x_parallel_for(batch.count, threads, decode_task, &batch);
    batch_end(&batch);
    if (status < 0) {
        free(data);
        return status;
    }
    *buffer = data;
    return 0;
}

static int encode_task(void *context, size_t i)
{
    chunk_batch *batch = context;
    const core_dataset *dataset = batch->dataset;
    chunk_task *task = &batch->tasks[i];
    unsigned char *raw = malloc(dataset->chunk_bytes ? dataset->chunk_bytes : 1);
    if (raw == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", dataset->chunk_bytes);
    move_chunk(batch->data, batch->box, raw, &dataset->chunks, task->origin, dataset->element_size, 0);
    int status = h5x_pipeline_encode_bound(&batch->pipeline, raw, dataset->chunk_bytes, &task->bytes, &task->size,
                                           &task->filter_mask);
    free(raw);
    return status;
}

int core_chunks_store(core_dataset *dataset, const core_box *box, const unsigned char *buffer)
{
    chunk_batch batch;
    int threads = 1;
    int status = batch_start(dataset, box, (unsigned char *)buffer, &batch, &threads);
    if (status == 0)
        status = h5x_parallel_for(batch.count, threads, encode_task, &batch);
    for (size_t i = 0; status == 0 && i < batch.count; i++) {
        chunk_task *task = &batch.tasks[i];
        core_chunk *chunk = &dataset->chunk_table[task->index];
        free(chunk->bytes);
        chunk->bytes = task->bytes;
        chunk->size = task->size;
        chunk->filter_mask = task->filter_mask;
        task->bytes = NULL; /* the table holds it now */
        if (dataset->cached_chunk == task->index) {
            free(dataset->cache); /* no longer what the chunk holds */
            dataset->cache = NULL;
            dataset->cached_chunk = SIZE_MAX;
        }
    }
    batch_end(&batch);
    return status;
}

int core_chunks_adopt(core_dataset *dataset)
{
    if (dataset->chain == NULL || dataset->data == NULL)
        return 0;
    core_box box;
    core_chunks_whole(dataset, &box);
    size_t bytes = 0;
    int status = core_byte_count(&box.shape, dataset->element_size, &bytes);
    if (status < 0)
        return status;
    unsigned char *data = malloc(bytes ? bytes : 1);
    if (data == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for %zu bytes of chunks", bytes);
    core_fill(data, h5x_shape_size(&box.shape), dataset->element_size, dataset->fillvalue);
    core_copy_overlap(dataset->data, &dataset->shape, data, &box.shape, dataset->element_size);
    status = core_chunks_store(dataset, &box, data);
    free(data);
    if (status == 0) {
        free(dataset->data);
        dataset->data = NULL;
    }
    return status;
}
