/*
 * The chunk pipeline: what libhdf5's H5Z does to each chunk, for
 * connectors that keep chunks themselves.
 *
 * Writing runs the chain first to last; reading runs it last to first,
 * skipping the filters whose bit is set in the chunk's filter mask.  As in
 * HDF5, an optional filter that fails, or that would not make the chunk
 * smaller, is skipped and its bit set, so that incompressible chunks cost
 * nothing to read back; a mandatory filter (fletcher32) that fails fails
 * the write.
 *
 * The built-in filters an in-memory store needs are implemented here,
 * byte for byte as HDF5 stores them, so that a chunk can move between a
 * file and memory unchanged:
 *  - deflate: a zlib stream (compress2), which may be larger than its
 *    input, as HDF5 keeps it;
 *  - shuffle: byte j of every element gathered into plane j, trailing
 *    bytes that do not fill an element left in place;
 *  - fletcher32: HDF5's Fletcher-32 over 16-bit big-endian words,
 *    appended little-endian (reading also accepts the byte-swapped sum
 *    HDF5 before 1.6.3 wrote).
 *  - scale-offset and n-bit: filter_scaleoffset.c and filter_nbit.c;
 *    their client values describe the dataset's type, so a chain naming
 *    them is prepared from the dtype (h5x_pipeline_prepare_dtype) unless
 *    it already carries the complete values a file stores.
 * Filter plugins run through their h5x_filter_class.  szip is left to
 * libhdf5.
 */
#include "filter_pipeline.h"

#include "error.h"
#include "dtype.h"
#include "filter_registry.h"
#include "filter_typed.h"
#include "h5x_filter.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { FLETCHER32_BYTES = 4, DEFLATE_DEFAULT_LEVEL = 4 };
/* zlib cannot expand one input byte into more than 1032 output bytes. */
#define DEFLATE_MAX_EXPANSION 1032u

/* A stage's result: 1 with *out set, 0 "skip (does not shrink)", or a
 * negative status with the error recorded. */
typedef int (*stage_fn)(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                        size_t expected, unsigned char **out, size_t *out_size);

/* ------------------------------------------------------------- deflate */

static int deflate_forward(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                           size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    (void)expected;
    int level = spec->nvalues > 0 ? (int)spec->values[0] : DEFLATE_DEFAULT_LEVEL;
    if (level < 0 || level > 9)
        return h5x_error(H5X_ERR_OPTION, "gzip level %d is out of range [0, 9]", level);
    uLongf capacity = compressBound((uLong)in_size);
    unsigned char *buffer = malloc(capacity);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %lu-byte deflate buffer", (unsigned long)capacity);
    int z = compress2(buffer, &capacity, in, (uLong)in_size, level);
    if (z != Z_OK) {
        free(buffer);
        return h5x_error(H5X_ERR_IO, "deflate failed: %s", zError(z));
    }
    *out = buffer;
    *out_size = capacity;
    return 1;
}

static int deflate_reverse(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                           size_t expected, unsigned char **out, size_t *out_size)
{
    (void)spec;
    (void)mandatory;
    uint64_t limit = expected ? expected : (uint64_t)in_size * DEFLATE_MAX_EXPANSION + 64;
    size_t capacity = expected ? expected : (in_size < 1024 ? 4096 : in_size * 4);
    if (capacity > limit)
        capacity = (size_t)limit;
    unsigned char *buffer = malloc(capacity ? capacity : 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", capacity);
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK) {
        free(buffer);
        return h5x_error(H5X_ERR_NO_MEMORY, "cannot start inflate");
    }
    stream.next_in = (Bytef *)in;
    stream.avail_in = (uInt)in_size;
    int z;
    for (;;) {
        stream.next_out = buffer + stream.total_out;
        stream.avail_out = (uInt)(capacity - stream.total_out);
        z = inflate(&stream, Z_FINISH);
        if (z == Z_STREAM_END || (z != Z_OK && z != Z_BUF_ERROR))
            break;
        if (stream.avail_in == 0 && stream.avail_out > 0)
            break; /* the input ended before the stream did */
        if (capacity >= limit)
            break;
        size_t grown_capacity = capacity * 2 > limit ? (size_t)limit : capacity * 2;
        unsigned char *grown = realloc(buffer, grown_capacity);
        if (!grown) {
            inflateEnd(&stream);
            free(buffer);
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory inflating a chunk");
        }
        buffer = grown;
        capacity = grown_capacity;
    }
    size_t produced = stream.total_out;
    inflateEnd(&stream);
    if (z != Z_STREAM_END) {
        free(buffer);
        return h5x_error(H5X_ERR_CORRUPT, "corrupt deflate chunk of %zu bytes: %s", in_size,
                         z == Z_OK || z == Z_BUF_ERROR ? "the stream is truncated or too long" : zError(z));
    }
    if (expected && produced != expected) {
        free(buffer);
        return h5x_error(H5X_ERR_CORRUPT, "deflate chunk holds %zu bytes, expected %zu", produced, expected);
    }
    *out = buffer;
    *out_size = produced;
    return 1;
}

/* ------------------------------------------------------------- shuffle */

static int shuffle_stage(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, unsigned char **out,
                         size_t *out_size, int reverse)
{
    if (spec->nvalues < 1 || spec->values[0] == 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "shuffle needs the element size (the chain was not prepared)");
    size_t width = spec->values[0];
    size_t elements = in_size / width;
    unsigned char *buffer = malloc(in_size ? in_size : 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", in_size);
    if (width <= 1 || elements <= 1) {
        memcpy(buffer, in, in_size);
    } else {
        /* plane j holds byte j of every element */
        for (size_t byte = 0; byte < width; byte++)
            for (size_t i = 0; i < elements; i++) {
                if (reverse)
                    buffer[i * width + byte] = in[byte * elements + i];
                else
                    buffer[byte * elements + i] = in[i * width + byte];
            }
        size_t used = elements * width;
        memcpy(buffer + used, in + used, in_size - used);
    }
    *out = buffer;
    *out_size = in_size;
    return 1;
}

static int shuffle_forward(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                           size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    (void)expected;
    return shuffle_stage(spec, in, in_size, out, out_size, 0);
}

static int shuffle_reverse(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                           size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    (void)expected;
    return shuffle_stage(spec, in, in_size, out, out_size, 1);
}

/* ---------------------------------------------------------- fletcher32 */

static uint32_t fletcher32(const unsigned char *data, size_t size)
{
    uint32_t sum1 = 0, sum2 = 0;
    size_t words = size / 2;
    while (words > 0) {
        /* 360 words is the most that cannot overflow the 32-bit sums */
        size_t run = words > 360 ? 360 : words;
        words -= run;
        for (; run > 0; run--, data += 2) {
            sum1 += ((uint32_t)data[0] << 8) | data[1];
            sum2 += sum1;
        }
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    if (size % 2) {
        sum1 += (uint32_t)data[0] << 8;
        sum2 += sum1;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return (sum2 << 16) | sum1;
}

static int fletcher32_forward(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                              size_t expected, unsigned char **out, size_t *out_size)
{
    (void)spec;
    (void)mandatory;
    (void)expected;
    unsigned char *buffer = malloc(in_size + FLETCHER32_BYTES);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", in_size);
    memcpy(buffer, in, in_size);
    uint32_t sum = fletcher32(in, in_size);
    for (int i = 0; i < FLETCHER32_BYTES; i++)
        buffer[in_size + (size_t)i] = (unsigned char)(sum >> (8 * i));
    *out = buffer;
    *out_size = in_size + FLETCHER32_BYTES;
    return 1;
}

static int fletcher32_reverse(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                              size_t expected, unsigned char **out, size_t *out_size)
{
    (void)spec;
    (void)mandatory;
    (void)expected;
    if (in_size < FLETCHER32_BYTES)
        return h5x_error(H5X_ERR_CORRUPT, "chunk of %zu bytes is too short to hold a Fletcher32 checksum", in_size);
    size_t size = in_size - FLETCHER32_BYTES;
    const unsigned char *stored_bytes = in + size;
    uint32_t stored = (uint32_t)stored_bytes[0] | ((uint32_t)stored_bytes[1] << 8) |
                      ((uint32_t)stored_bytes[2] << 16) | ((uint32_t)stored_bytes[3] << 24);
    uint32_t sum = fletcher32(in, size);
    uint32_t swapped = ((sum & 0x00ff00ffu) << 8) | ((sum >> 8) & 0x00ff00ffu);
    if (stored != sum && stored != swapped)
        return h5x_error(H5X_ERR_CORRUPT, "data error detected by the Fletcher32 checksum (stored %08x, computed %08x)",
                         stored, sum);
    unsigned char *buffer = malloc(size ? size : 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", size);
    memcpy(buffer, in, size);
    *out = buffer;
    *out_size = size;
    return 1;
}

/* -------------------------------------------------------------- plugins */

/* A plugin stage runs through the class the pipeline was bound to, never
 * through the registry: a bound pipeline runs on threads that do not hold
 * the library lock, which the registry needs. */
static int plugin_stage(const h5x_filter_class *plugin, int threads, const h5x_filter_spec *spec, int mandatory,
                        const unsigned char *in, size_t in_size, size_t expected, void *destination,
                        size_t destination_size, unsigned char **out, size_t *out_size, int reverse)
{
    char message[512] = "";
    h5x_filter_call call = {sizeof call, threads, message, sizeof message, mandatory, destination,
                            destination ? destination_size : 0};
    void *result = NULL;
    size_t result_size = 0;
    int rc = reverse ? plugin->decode(spec->values, spec->nvalues, in, in_size, expected, &result, &result_size, &call)
                     : plugin->encode(spec->values, spec->nvalues, in, in_size, &result, &result_size, &call);
    if (rc < 0)
        return h5x_error(reverse ? H5X_ERR_CORRUPT : H5X_ERR_IO, "filter '%s': %s", plugin->name,
                         message[0] ? message : "failed");
    if (rc == 0)
        return 0;
    *out = result;
    *out_size = result_size;
    return 1;
}

/* ------------------------------------------- scale-offset and n-bit */

static int scaleoffset_forward(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                               size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    (void)expected;
    return h5x_scaleoffset_encode(spec, in, in_size, out, out_size);
}

static int scaleoffset_reverse(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                               size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    return h5x_scaleoffset_decode(spec, in, in_size, expected, out, out_size);
}

static int nbit_forward(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                        size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    (void)expected;
    return h5x_nbit_encode(spec, in, in_size, out, out_size);
}

static int nbit_reverse(const h5x_filter_spec *spec, int mandatory, const unsigned char *in, size_t in_size,
                        size_t expected, unsigned char **out, size_t *out_size)
{
    (void)mandatory;
    return h5x_nbit_decode(spec, in, in_size, expected, out, out_size);
}

/* ------------------------------------------------------------- pipeline */

static int stages_of(const h5x_filter_spec *spec, stage_fn *forward, stage_fn *reverse)
{
    switch (spec->id) {
    case H5X_FILTER_DEFLATE:
        *forward = deflate_forward;
        *reverse = deflate_reverse;
        return 0;
    case H5X_FILTER_SHUFFLE:
        *forward = shuffle_forward;
        *reverse = shuffle_reverse;
        return 0;
    case H5X_FILTER_FLETCHER32:
        *forward = fletcher32_forward;
        *reverse = fletcher32_reverse;
        return 0;
    case H5X_FILTER_NBIT:
        *forward = nbit_forward;
        *reverse = nbit_reverse;
        return 0;
    case H5X_FILTER_SCALEOFFSET:
        *forward = scaleoffset_forward;
        *reverse = scaleoffset_reverse;
        return 0;
    case H5X_FILTER_SZIP:
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' filter is only available on connectors backed by libhdf5",
                         h5x_builtin_filter_by_id(spec->id)->name);
    default:
        /* a plugin: run through the class a bound pipeline holds */
        *forward = *reverse = NULL;
        return 0;
    }
}

int h5x_pipeline_prepare(h5x_filter_chain *chain, size_t element_size, size_t base_type_size, size_t chunk_bytes)
{
    if (!chain || element_size == 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_pipeline_prepare: no chain or a zero element size");
    if (chain->count > H5X_MAX_FILTERS)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter chain of %zu filters", chain->count);
    for (size_t i = 0; i < chain->count; i++) {
        h5x_filter_spec *spec = &chain->filters[i];
        stage_fn forward = NULL, reverse = NULL;
        int rc = stages_of(spec, &forward, &reverse);
        if (rc != 0)
            return rc;
        if (spec->id == H5X_FILTER_SHUFFLE) {
            spec->values[0] = (unsigned)element_size;
            spec->nvalues = 1;
        } else if ((spec->id == H5X_FILTER_SCALEOFFSET && !h5x_scaleoffset_complete(spec)) ||
                   (spec->id == H5X_FILTER_NBIT && !h5x_nbit_complete(spec))) {
            return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' filter needs the dataset's type to be prepared",
                             spec->name);
        } else if (!h5x_builtin_filter_by_id(spec->id)) {
            const h5x_filter_class *plugin = h5x_filter_plugin_by_id(spec->id, 0);
            if (!plugin)
                return h5x_error_code();
            if (!plugin->set_local)
                continue;
            char message[512] = "";
            h5x_filter_call call = {sizeof call, 0, message, sizeof message, 0, NULL, 0};
            h5x_filter_dataset dataset = {base_type_size ? base_type_size : element_size, chunk_bytes};
            if (spec->nvalues > H5X_FILTER_MAX_CLIENT_VALUES)
                spec->nvalues = H5X_FILTER_MAX_CLIENT_VALUES;
            if (plugin->set_local(spec->values, &spec->nvalues, H5X_FILTER_MAX_CLIENT_VALUES, &dataset, &call) != 0)
                return h5x_error(H5X_ERR_OPTION, "filter '%s': %s", plugin->name, message[0] ? message : "set_local failed");
        }
    }
    return 0;
}

/* The size of the innermost base of an array type (Blosc's type size). */
static size_t base_size_of(const h5x_dtype *dtype)
{
    while (dtype->type_class == H5X_CLASS_ARRAY && dtype->u.array.base)
        dtype = dtype->u.array.base;
    return dtype->size;
}

int h5x_pipeline_prepare_dtype(h5x_filter_chain *chain, const h5x_dtype *dtype, const void *fillvalue,
                               size_t chunk_bytes)
{
    if (!chain || !dtype || dtype->size == 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_pipeline_prepare_dtype: no chain or no dtype");
    if (chain->count > H5X_MAX_FILTERS)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter chain of %zu filters", chain->count);
    size_t elements = chunk_bytes / dtype->size;
    /* the type-describing filters first: then the rest see complete values */
    for (size_t i = 0; i < chain->count; i++) {
        h5x_filter_spec *spec = &chain->filters[i];
        int status = 0;
        if (spec->id == H5X_FILTER_SCALEOFFSET)
            status = h5x_scaleoffset_set_local(spec, dtype, fillvalue, elements);
        else if (spec->id == H5X_FILTER_NBIT)
            status = h5x_nbit_set_local(spec, dtype, elements);
        if (status < 0) {
            h5x_error_prefix("filter '%s'", spec->name);
            return status;
        }
    }
    return h5x_pipeline_prepare(chain, dtype->size, base_size_of(dtype), chunk_bytes);
}

int h5x_pipeline_bind(const h5x_filter_chain *chain, int codec_threads, h5x_bound_pipeline *bound)
{
    if (!chain || !bound)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_pipeline_bind: NULL argument");
    if (chain->count > H5X_MAX_FILTERS)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter chain of %zu filters", chain->count);
    bound->chain = chain;
    bound->codec_threads = codec_threads;
    for (size_t i = 0; i < chain->count; i++) {
        const h5x_filter_spec *spec = &chain->filters[i];
        stage_fn forward = NULL, reverse = NULL;
        int rc = stages_of(spec, &forward, &reverse);
        if (rc != 0)
            return rc;
        bound->plugins[i] = NULL;
        if (forward == NULL && (bound->plugins[i] = h5x_filter_plugin_by_id(spec->id, 0)) == NULL)
            return h5x_error_code();
    }
    return 0;
}

/* Runs stage i of a bound pipeline.  destination (destination_size bytes)
 * is where a plugin may put the result: *out then equals it. */
static int run_stage(const h5x_bound_pipeline *bound, size_t i, int mandatory, const unsigned char *in,
                     size_t in_size, size_t expected, void *destination, size_t destination_size,
                     unsigned char **out, size_t *out_size, int reverse)
{
    const h5x_filter_spec *spec = &bound->chain->filters[i];
    if (bound->plugins[i])
        return plugin_stage(bound->plugins[i], bound->codec_threads, spec, mandatory, in, in_size, expected,
                            destination, destination_size, out, out_size, reverse);
    stage_fn forward = NULL, backward = NULL;
    int rc = stages_of(spec, &forward, &backward);
    if (rc != 0)
        return rc;
    return (reverse ? backward : forward)(spec, mandatory, in, in_size, expected, out, out_size);
}

int h5x_pipeline_encode_bound_into(const h5x_bound_pipeline *bound, const void *chunk, size_t chunk_size,
                                   void *room, size_t room_size, void **out, size_t *out_size,
                                   unsigned *filter_mask)
{
    if (!bound || (!chunk && chunk_size) || !out || !out_size || !filter_mask)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_pipeline_encode: NULL argument");
    const h5x_filter_chain *chain = bound->chain;
    /* the first stage reads the caller's bytes; each later one its
     * predecessor's, which is freed once used */
    const unsigned char *current = chunk;
    unsigned char *owned = NULL;
    size_t size = chunk_size;
    unsigned mask = 0;
    for (size_t i = 0; i < chain->count; i++) {
        const h5x_filter_spec *spec = &chain->filters[i];
        int optional = (spec->flags & H5X_FILTER_FLAG_OPTIONAL) != 0;
        unsigned char *next = NULL;
        size_t next_size = 0;
        /* the last filter may write into the caller's room */
        int last = i + 1 == chain->count;
        int rc = run_stage(bound, i, !optional, current, size, 0, last ? room : NULL, last ? room_size : 0, &next,
                           &next_size, 0);
        if (rc == 1) {
            free(owned);
            current = next;
            owned = next == room ? NULL : next; /* a plugin wrote into the room */
            size = next_size;
        } else if (optional) {
            mask |= 1u << i;
            if (rc < 0)
                h5x_clear_error();
        } else {
            free(owned);
            if (rc == 0)
                return h5x_error(H5X_ERR_IO, "mandatory filter '%s' declined the chunk", spec->name);
            h5x_error_prefix("writing through filter '%s'", spec->name);
            return rc;
        }
    }
    if (owned == NULL && current != room) {
        /* every filter skipped: the chunk is stored as it is */
        owned = malloc(size ? size : 1);
        if (!owned)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", size);
        if (size)
            memcpy(owned, chunk, size);
    }
    *out = owned ? owned : room;
    *out_size = size;
    *filter_mask = mask;
    return 0;
}

int h5x_pipeline_encode_bound(const h5x_bound_pipeline *bound, const void *chunk, size_t chunk_size, void **out,
                              size_t *out_size, unsigned *filter_mask)
{
    return h5x_pipeline_encode_bound_into(bound, chunk, chunk_size, NULL, 0, out, out_size, filter_mask);
}

int h5x_pipeline_decode_bound_into(const h5x_bound_pipeline *bound, unsigned filter_mask, const void *stored,
                                   size_t stored_size, size_t chunk_bytes, void *destination, void **out,
                                   size_t *out_size)
{
    if (!bound || (!stored && stored_size) || (!destination && (!out || !out_size)))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_pipeline_decode: NULL argument");
    const h5x_filter_chain *chain = bound->chain;
    /* the last stage to run (the first filter not skipped) knows the size
     * its output must have */
    size_t last = chain->count;
    for (size_t i = 0; i < chain->count; i++)
        if (!(filter_mask & (1u << i))) {
            last = i;
            break;
        }
    const unsigned char *current = stored;
    unsigned char *owned = NULL;
    size_t size = stored_size;
    for (size_t k = chain->count; k-- > 0;) {
        if (filter_mask & (1u << k))
            continue;
        const h5x_filter_spec *spec = &chain->filters[k];
        unsigned char *next = NULL;
        size_t next_size = 0;
        int rc = run_stage(bound, k, 1, current, size, k == last ? chunk_bytes : 0, k == last ? destination : NULL,
                           k == last ? chunk_bytes : 0, &next, &next_size, 1);
        if (rc != 1) {
            free(owned);
            if (rc == 0)
                rc = h5x_error(H5X_ERR_CORRUPT, "filter '%s' could not decode the chunk", spec->name);
            h5x_error_prefix("reading through filter '%s'", spec->name);
            return rc;
        }
        free(owned);
        current = next;
        owned = next == destination ? NULL : next; /* a plugin decoded in place */
        size = next_size;
    }
    if (size != chunk_bytes) {
        free(owned);
        return h5x_error(H5X_ERR_CORRUPT, "a stored chunk decodes to %zu bytes, the dataset's chunks have %zu", size,
                         chunk_bytes);
    }
    if (destination != NULL) {
        if (current != destination && size)
            memcpy(destination, current, size);
        free(owned);
        return 0;
    }
    if (owned == NULL) {
        owned = malloc(size ? size : 1);
        if (!owned)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", size);
        if (size)
            memcpy(owned, stored, size);
    }
    *out = owned;
    *out_size = size;
    return 0;
}

int h5x_pipeline_decode_bound(const h5x_bound_pipeline *bound, unsigned filter_mask, const void *stored,
                              size_t stored_size, size_t chunk_bytes, void **out, size_t *out_size)
{
    return h5x_pipeline_decode_bound_into(bound, filter_mask, stored, stored_size, chunk_bytes, NULL, out,
                                          out_size);
}

int h5x_pipeline_encode(const h5x_filter_chain *chain, const void *chunk, size_t chunk_size, void **out,
                        size_t *out_size, unsigned *filter_mask)
{
    h5x_bound_pipeline bound;
    int status = h5x_pipeline_bind(chain, 0, &bound);
    return status < 0 ? status : h5x_pipeline_encode_bound(&bound, chunk, chunk_size, out, out_size, filter_mask);
}

int h5x_pipeline_decode(const h5x_filter_chain *chain, unsigned filter_mask, const void *stored, size_t stored_size,
                        size_t chunk_bytes, void **out, size_t *out_size)
{
    h5x_bound_pipeline bound;
    int status = h5x_pipeline_bind(chain, 0, &bound);
    return status < 0 ? status
                      : h5x_pipeline_decode_bound(&bound, filter_mask, stored, stored_size, chunk_bytes, out, out_size);
}
