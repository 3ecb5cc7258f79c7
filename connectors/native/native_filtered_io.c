/*
 * native_filtered_io.c — reading and writing filtered chunked datasets
 * with their chunks compressed and decompressed on every core.
 *
 * libhdf5 runs a dataset's filters one chunk after another on the calling
 * thread, so a compressed dataset is written and read no faster on eight
 * cores than on one, and a codec can only go parallel inside a chunk —
 * for Blosc, at the price of starting and joining threads on every chunk,
 * which for fast codecs eats the gain.  Here the chunks themselves are
 * shared out (core/src/parallel_for.c): a write cuts the caller's buffer
 * into chunks, encodes a batch of them on all threads through h5x's own
 * chunk pipeline (core/src/filter_pipeline.c: the same filter plugins
 * libhdf5 loads, and deflate, shuffle and fletcher32 byte for byte as
 * HDF5 stores them), then hands each stored chunk to H5Dwrite_chunk with
 * its filter mask.  A read fetches a batch of stored chunks with
 * H5Dread_chunk, then decodes them and places them in the caller's buffer
 * on all threads (a chunk that is one run of that buffer is decoded
 * straight into it).  libhdf5 still does all the file I/O, allocation and
 * indexing, on the calling thread, overlapping the filtering of other
 * chunks (h5x_parallel_pipeline), so the file is exactly what H5Dwrite
 * would make (the chunk cache gives way: H5Dwrite_chunk evicts a cached
 * copy of the chunk, H5Dread_chunk flushes a dirty one first).
 *
 * This path is taken only where it certainly gives H5Dwrite's and
 * H5Dread's result, and everything else goes to libhdf5 as before:
 *   - more than one filter thread is configured (h5x_config_get_filter_
 *     threads) and the call touches at least two chunks;
 *   - the memory type is the stored type and holds plain bytes;
 *   - every filter of the pipeline is one h5x runs itself: deflate,
 *     shuffle, fletcher32 or an h5x filter plugin (never szip, n-bit or
 *     scale-offset, whose encoders are libhdf5's), and partial edge chunks
 *     are filtered (no H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS);
 *   - the selection is everything or one block (ranges of step 1);
 *   - a write covers each chunk it touches entirely, up to the dataset's
 *     end: the part of an edge chunk beyond the end holds the fill value,
 *     as libhdf5 leaves it;
 *   - the file is not in SWMR mode, whose readers expect libhdf5's order
 *     of chunk and index writes;
 *   - for a read, every chunk is allocated: an unallocated one (fill
 *     value) sends the whole read to H5Dread, which knows the fill rules.
 *
 * Chunks go in batches of a bounded size, so a write of gigabytes holds
 * only a batch of encoded chunks at a time; stored chunks are written in
 * order, each as soon as it is encoded.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk_box.h"
#include "filter_pipeline.h"
#include "native.h"
#include "parallel_for.h"

/* Raw bytes of one batch: enough chunks for every thread to take several,
 * few enough that a batch's buffers stay small. */
enum { BATCH_BYTES = 64 << 20, CHUNKS_PER_THREAD = 4 };

struct native_filtered {
    int usable;
    int have_dims;
    uint64_t generation; /* the io cache's space generation dims were read at */
    int rank;
    uint64_t dims[H5X_MAX_RANK];
    uint64_t chunk[H5X_MAX_RANK];
    size_t element_size;
    size_t chunk_bytes;
    unsigned char *fill; /* one chunk of the fill value, for edge chunks */
    h5x_filter_chain chain;
    h5x_bound_pipeline pipeline; /* one codec thread per chunk: the chunks are the parallel part */
};

void native_filtered_free(native_filtered *filtered)
{
    if (filtered == NULL)
        return;
    free(filtered->fill);
    free(filtered);
}

/* ------------------------------------------------------------ eligibility */

/* The pipeline of dcpl as an h5x chain of filters h5x runs itself, with the
 * client values libhdf5 stored (set_local's included).  0 when some filter
 * is not one of those. */
static int chain_of(hid_t dcpl, h5x_filter_chain *chain)
{
    int count = H5Pget_nfilters(dcpl);
    if (count <= 0 || count > H5X_MAX_FILTERS)
        return 0;
    chain->count = 0;
    for (int i = 0; i < count; i++) {
        h5x_filter_spec *spec = &chain->filters[i];
        unsigned flags = 0, config = 0;
        size_t nvalues = sizeof spec->values / sizeof spec->values[0];
        H5Z_filter_t id = H5Pget_filter2(dcpl, (unsigned)i, &flags, &nvalues, spec->values, sizeof spec->name,
                                         spec->name, &config);
        if (id < 0 || nvalues > sizeof spec->values / sizeof spec->values[0])
            return 0;
        if (id == H5Z_FILTER_SZIP || id == H5Z_FILTER_NBIT || id == H5Z_FILTER_SCALEOFFSET)
            return 0;
        spec->id = (int)id;
        spec->nvalues = nvalues;
        spec->flags = (flags & H5Z_FLAG_OPTIONAL) ? H5X_FILTER_FLAG_OPTIONAL : 0;
        chain->count++;
    }
    return 1;
}

/* The facts of a dataset that never change while it is open; usable stays
 * 0 when the dataset is not for this path. */
static int filtered_create(native_object *dataset, native_filtered **out)
{
    native_filtered *f = calloc(1, sizeof *f);
    if (f == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory preparing dataset I/O");
    *out = f;
    native_io_cache *io = dataset->io;
    hid_t dcpl = H5Dget_create_plist(dataset->id);
    if (dcpl < 0) {
        H5Eclear2(H5E_DEFAULT);
        return 0;
    }
    unsigned options = 0;
    hsize_t chunk[H5X_MAX_RANK];
    int rank = -1;
    int eligible = H5Pget_layout(dcpl) == H5D_CHUNKED && native_type_plain_bytes(io->file_type) &&
                   H5Pget_chunk_opts(dcpl, &options) >= 0 && !(options & H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS) &&
                   (rank = H5Pget_chunk(dcpl, H5X_MAX_RANK, chunk)) > 0 && chain_of(dcpl, &f->chain);
    size_t element_size = H5Tget_size(io->file_type);
    if (eligible && element_size > 0) {
        f->rank = rank;
        f->element_size = element_size;
        f->chunk_bytes = element_size;
        for (int i = 0; i < rank; i++) {
            f->chunk[i] = chunk[i];
            f->chunk_bytes *= (size_t)chunk[i];
        }
        /* the fill value in the stored type, repeated over a chunk */
        f->fill = malloc(f->chunk_bytes);
        if (f->fill != NULL && H5Pget_fill_value(dcpl, io->file_type, f->fill) >= 0) {
            for (size_t at = element_size; at < f->chunk_bytes; at += element_size)
                memcpy(f->fill + at, f->fill, element_size);
            f->usable = h5x_pipeline_bind(&f->chain, 1, &f->pipeline) == 0;
        }
    }
    H5Pclose(dcpl);
    H5Eclear2(H5E_DEFAULT);
    h5x_clear_error();
    return 0;
}

/* The box the selection covers, when it is everything or one block. */
static int box_of(const native_filtered *f, const h5x_resolved_selection *sel, h5x_box *box)
{
    box->rank = f->rank;
    for (int i = 0; i < f->rank; i++) {
        box->lo[i] = 0;
        box->dims[i] = f->dims[i];
    }
    if (sel != NULL && sel->kind != H5X_SEL_ALL) {
        if (sel->kind != H5X_SEL_ORTHOGONAL || sel->rank != f->rank)
            return 0;
        for (int i = 0; i < f->rank; i++) {
            const h5x_axis_selection *axis = &sel->axes[i];
            if (axis->list != NULL || axis->count == 0 || (axis->step != 1 && axis->count > 1) ||
                axis->start + axis->count > f->dims[i])
                return 0;
            box->lo[i] = axis->start;
            box->dims[i] = axis->count;
        }
    }
    for (int i = 0; i < f->rank; i++)
        if (box->dims[i] == 0)
            return 0;
    return 1;
}

/* The dataset's facts when this call may take the parallel path, with the
 * box, its chunks and the thread count; NULL otherwise (or on a failure,
 * *status then negative). */
static native_filtered *plan(native_object *dataset, const h5x_resolved_selection *sel, h5x_box *box,
                             h5x_chunk_span *span, int *threads, int *status)
{
    *status = 0;
    native_io_cache *io = dataset->io;
    /* the answers kept from earlier calls first: most datasets are not
     * for this path, and their reads and writes must not pay for asking */
    if (io->convert_in_core || (io->filtered != NULL && !io->filtered->usable) ||
        (*threads = h5x_config_get_filter_threads()) < 2)
        return NULL;
    if (io->filtered == NULL && (*status = filtered_create(dataset, &io->filtered)) < 0)
        return NULL;
    native_filtered *f = io->filtered;
    if (!f->usable || !native_same_type(io))
        return NULL;
    if (!f->have_dims || f->generation != io->space_generation) {
        hsize_t dims[H5X_MAX_RANK];
        if (H5Sget_simple_extent_dims(io->file_space, dims, NULL) != f->rank) {
            H5Eclear2(H5E_DEFAULT);
            return NULL;
        }
        for (int i = 0; i < f->rank; i++)
            f->dims[i] = dims[i];
        f->generation = io->space_generation;
        f->have_dims = 1;
    }
    if (!box_of(f, sel, box))
        return NULL;
    h5x_chunk_span_of(box, f->chunk, span);
    if (span->total < 2)
        return NULL;
    unsigned intent = 0;
    if (H5Fget_intent(dataset->file->id, &intent) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return NULL;
    }
    if (intent & (H5F_ACC_SWMR_READ | H5F_ACC_SWMR_WRITE))
        return NULL;
    return f;
}

static size_t batch_size(const native_filtered *f, int threads)
{
    size_t by_bytes = BATCH_BYTES / (f->chunk_bytes ? f->chunk_bytes : 1);
    size_t least = (size_t)threads * CHUNKS_PER_THREAD;
    return by_bytes > least ? by_bytes : least;
}

/* ------------------------------------------------------------ the batches */

typedef struct stored_chunk {
    uint64_t origin[H5X_MAX_RANK];
    void *bytes; /* as stored: malloc'd, or a slot of the batch's ring */
    int in_ring;
    size_t size;
    unsigned filter_mask;
} stored_chunk;

/* Chunks in flight between the encoding threads and the writes, each in
 * its slot of a ring of buffers that stay mapped for the whole call: a
 * fresh buffer per chunk, allocated on a started thread, goes back to the
 * system when freed and is faulted in again page by page, which on two
 * cores cost as much as the second core gained. */
enum { RING_PER_THREAD = 2, RING_SPARE = 2 };

/* One batch of chunks: the tasks encode or decode (any thread), the
 * serial steps write or read the stored chunks (the calling thread). */
typedef struct chunk_batch {
    native_object *dataset;
    const native_filtered *f;
    const h5x_box *box;
    unsigned char *data;
    stored_chunk *chunks;
    unsigned char *ring; /* writes: ring_slots slots of slot_size bytes, or NULL */
    size_t ring_slots, slot_size;
} chunk_batch;

/* Runs a box's chunks through task and serial in batches. */
static int run_batches(native_object *dataset, const native_filtered *f, const h5x_box *box, unsigned char *data,
                       const h5x_chunk_span *span, int threads, h5x_parallel_task task, h5x_parallel_task serial,
                       int serial_first)
{
    size_t batch = batch_size(f, threads);
    stored_chunk *chunks = calloc(batch, sizeof *chunks);
    if (chunks == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a batch of %zu chunks", batch);
    chunk_batch work = {dataset, f, box, data, chunks, NULL, 0, 0};
    if (!serial_first) {
        /* room for any codec's output: LZ4's bound, Blosc's header */
        work.slot_size = f->chunk_bytes + f->chunk_bytes / 255 + 64;
        work.ring_slots = (size_t)threads * RING_PER_THREAD + RING_SPARE;
        if ((work.ring = malloc(work.ring_slots * work.slot_size)) == NULL)
            work.ring_slots = 0; /* each chunk in a buffer of its own, then */
    }
    int status = 0;
    for (uint64_t first = 0; first < span->total && status == 0; first += batch) {
        size_t count = span->total - first < batch ? (size_t)(span->total - first) : batch;
        for (size_t i = 0; i < count; i++) {
            h5x_chunk_span_origin(span, first + i, chunks[i].origin);
            chunks[i].bytes = NULL;
            chunks[i].in_ring = 0;
        }
        status = h5x_parallel_pipeline(count, threads, task, serial, serial_first, work.ring_slots, &work);
        for (size_t i = 0; i < count; i++) {
            if (!chunks[i].in_ring)
                free(chunks[i].bytes);
            chunks[i].bytes = NULL;
            chunks[i].in_ring = 0;
        }
    }
    free(work.ring);
    free(chunks);
    return status;
}

/* ----------------------------------------------------------------- writes */

static int encode_one(void *context, size_t index)
{
    chunk_batch *batch = context;
    const native_filtered *f = batch->f;
    stored_chunk *c = &batch->chunks[index];
    /* the window keeps slot index % slots free: its last chunk is written */
    unsigned char *slot = batch->ring_slots ? batch->ring + (index % batch->ring_slots) * batch->slot_size : NULL;
    uint64_t in_place = h5x_chunk_box_in_place(batch->box, f->chunk, c->origin);
    unsigned char *raw = NULL;
    const unsigned char *in = batch->data + (in_place != UINT64_MAX ? in_place * f->element_size : 0);
    if (in_place == UINT64_MAX) {
        if ((raw = malloc(f->chunk_bytes)) == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", f->chunk_bytes);
        memcpy(raw, f->fill, f->chunk_bytes); /* beyond the dataset's end */
        h5x_chunk_box_copy(batch->box, batch->data, f->chunk, c->origin, raw, f->element_size, 0);
        in = raw;
    }
    int status = h5x_pipeline_encode_bound_into(&f->pipeline, in, f->chunk_bytes, slot, slot ? batch->slot_size : 0,
                                                &c->bytes, &c->size, &c->filter_mask);
    c->in_ring = status == 0 && slot != NULL && c->bytes == slot;
    free(raw);
    return status;
}

static int write_one(void *context, size_t index)
{
    chunk_batch *batch = context;
    stored_chunk *c = &batch->chunks[index];
    hsize_t offset[H5X_MAX_RANK];
    for (int a = 0; a < batch->f->rank; a++)
        offset[a] = c->origin[a];
    if (H5Dwrite_chunk(batch->dataset->id, H5P_DEFAULT, c->filter_mask, offset, c->size, c->bytes) < 0)
        return native_fail(H5X_ERR_IO, "unable to write a chunk of the dataset");
    if (!c->in_ring)
        free(c->bytes);
    c->bytes = NULL;
    c->in_ring = 0;
    return 0;
}

/* 1 when every chunk the box touches lies wholly inside it or beyond the
 * dataset's end. */
static int covers_its_chunks(const native_filtered *f, const h5x_box *box)
{
    for (int i = 0; i < f->rank; i++) {
        uint64_t end = box->lo[i] + box->dims[i];
        if (box->lo[i] % f->chunk[i] != 0 || (end % f->chunk[i] != 0 && end != f->dims[i]))
            return 0;
    }
    return 1;
}

int native_filtered_write(native_object *dataset, const h5x_resolved_selection *sel, const void *buffer)
{
    h5x_box box;
    h5x_chunk_span span;
    int threads, status;
    native_filtered *f = plan(dataset, sel, &box, &span, &threads, &status);
    if (f == NULL || !covers_its_chunks(f, &box))
        return status;
    status = run_batches(dataset, f, &box, (unsigned char *)buffer, &span, threads, encode_one, write_one, 0);
    return status < 0 ? status : 1;
}

/* ------------------------------------------------------------------ reads */

static int decode_one(void *context, size_t index)
{
    chunk_batch *batch = context;
    const native_filtered *f = batch->f;
    stored_chunk *c = &batch->chunks[index];
    /* a chunk that is one run of the caller's buffer is decoded in place */
    uint64_t in_place = h5x_chunk_box_in_place(batch->box, f->chunk, c->origin);
    void *destination = in_place != UINT64_MAX ? batch->data + in_place * f->element_size : NULL;
    void *decoded = NULL;
    size_t size = 0;
    int status = h5x_pipeline_decode_bound_into(&f->pipeline, c->filter_mask, c->bytes, c->size, f->chunk_bytes,
                                                destination, &decoded, &size);
    free(c->bytes);
    c->bytes = NULL;
    if (status < 0 || destination != NULL)
        return status;
    h5x_chunk_box_copy(batch->box, batch->data, f->chunk, c->origin, decoded, f->element_size, 1);
    free(decoded);
    return 0;
}

/* Reads a stored chunk: 0, 1 when it is not allocated (libhdf5 must
 * read: the fill value), or a negative status. */
static int read_one(void *context, size_t index)
{
    chunk_batch *batch = context;
    stored_chunk *c = &batch->chunks[index];
    hsize_t offset[H5X_MAX_RANK], size = 0;
    for (int a = 0; a < batch->f->rank; a++)
        offset[a] = c->origin[a];
    /* fails for a chunk never written, as it has no storage */
    if (H5Dget_chunk_storage_size(batch->dataset->id, offset, &size) < 0 || size == 0) {
        H5Eclear2(H5E_DEFAULT);
        return 1;
    }
    if ((c->bytes = malloc((size_t)size)) == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory for a stored chunk of %llu bytes",
                                   (unsigned long long)size);
    c->size = (size_t)size;
    uint32_t mask = 0;
    if (H5Dread_chunk(batch->dataset->id, H5P_DEFAULT, offset, &mask, c->bytes) < 0)
        return native_fail(H5X_ERR_IO, "unable to read a chunk of the dataset");
    c->filter_mask = mask;
    return 0;
}

int native_filtered_read(native_object *dataset, const h5x_resolved_selection *sel, void *buffer)
{
    h5x_box box;
    h5x_chunk_span span;
    int threads, status;
    native_filtered *f = plan(dataset, sel, &box, &span, &threads, &status);
    if (f == NULL)
        return status;
    status = run_batches(dataset, f, &box, buffer, &span, threads, decode_one, read_one, 1);
    /* an unallocated chunk: H5Dread reads everything again */
    return status < 0 ? status : status == 1 ? 0 : 1;
}
