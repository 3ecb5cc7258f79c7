/*
 * Blosc, HDF5 filter 32001.
 *
 * Blosc splits a chunk into blocks, shuffles each block's bytes (or bits)
 * so that the bytes of equal significance sit together, and compresses
 * the blocks with a fast codec, on several threads.  On the smooth and
 * slowly-varying data of real measurements the shuffle does most of the
 * work, which is why Blosc with LZ4 is far faster than deflate at similar
 * ratios.
 *
 * The stored form is exactly what hdf5-blosc, PyTables and h5py with
 * hdf5plugin write: the chunk is one Blosc buffer (its 16-byte header
 * carries the sizes, the compressor and the shuffle), and the filter's
 * client values are
 *
 *   [0] filter revision, 2          [4] level 0-9 (default 5)
 *   [1] Blosc format version        [5] shuffle: 0 none, 1 byte, 2 bit (default 1)
 *   [2] type size (1 if over 255)   [6] compressor: 0 blosclz, 1 lz4, 2 lz4hc,
 *   [3] chunk size in bytes             3 snappy, 4 zlib, 5 zstd (default blosclz)
 *
 * Slots 0-3 are filled in by set_local; a reader needs none of them since
 * the Blosc header is self-describing, and it accepts anything from 4 to 7
 * (or more) values.  Option text: "lz4:5:shuffle", "zstd:9:bitshuffle",
 * "blosclz", "" — compressor, level and shuffle, in that order, each
 * optional; the text form defaults to lz4, level 5, byte shuffle, as
 * hdf5plugin does.
 *
 * Only the _ctx functions of c-blosc are used: they keep no global state,
 * so concurrent calls on different chunks are safe and each call chooses
 * its own thread count (the call's, else BLOSC_NTHREADS, else the online
 * cores) — as an upper bound; see call_threads() for why a call often
 * uses fewer.  The block size is c-blosc's own choice, whatever the thread
 * count, so a chunk holds the blocks hdf5-blosc would store — on one
 * thread byte for byte; several threads write the same blocks in the
 * order they finish.
 */
#include "filter_plugin.h"

#include <blosc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    BLOSC_FILTER_ID = 32001,
    BLOSC_FILTER_REVISION = 2,
    BLOSC_DEFAULT_LEVEL = 5,
    BLOSC_DEFAULT_SHUFFLE = BLOSC_SHUFFLE,
    BLOSC_TEXT_DEFAULT_COMPRESSOR = 1, /* lz4 */
    BLOSC_VALUES_DEFAULT_COMPRESSOR = 0, /* blosclz, when slot 6 is absent */
    BLOSC_VALUE_COUNT = 7
};

/* Compressor codes of slot 6, as hdf5-blosc and hdf5plugin number them. */
static const char *const compressor_names[] = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};
#define COMPRESSOR_COUNT ((int)(sizeof compressor_names / sizeof compressor_names[0]))
static const char *const shuffle_names[] = {"noshuffle", "shuffle", "bitshuffle"};

static int compressor_code(const char *name)
{
    for (int code = 0; code < COMPRESSOR_COUNT; code++)
        if (strcmp(name, compressor_names[code]) == 0)
            return code;
    return -1;
}

static int shuffle_code(const char *name)
{
    for (int code = 0; code < 3; code++)
        if (strcmp(name, shuffle_names[code]) == 0)
            return code;
    return -1;
}

static int check_compressor_available(int code, h5x_filter_call *call)
{
    if (code < 0 || code >= COMPRESSOR_COUNT)
        return h5x_filter_fail(call, "unknown Blosc compressor code %d (0-%d)", code, COMPRESSOR_COUNT - 1);
    if (blosc_compname_to_compcode(compressor_names[code]) < 0)
        return h5x_filter_fail(call, "this Blosc library has no '%s' compressor (it has: %s)",
                               compressor_names[code], blosc_list_compressors());
    return 0;
}

static int blosc_parse_options(const char *text, unsigned *values, size_t *count, h5x_filter_call *call)
{
    if (*count < BLOSC_VALUE_COUNT)
        return h5x_filter_fail(call, "room for %zu client values, Blosc needs %d", *count, BLOSC_VALUE_COUNT);
    char storage[128];
    char *fields[4];
    int nfields = h5x_filter_split_options(text, storage, sizeof storage, fields, 3, call);
    if (nfields < 0)
        return -1;

    int compressor = BLOSC_TEXT_DEFAULT_COMPRESSOR;
    long level = BLOSC_DEFAULT_LEVEL;
    int shuffle = BLOSC_DEFAULT_SHUFFLE;
    int next = 0; /* 0: compressor may come, 1: level may come, 2: shuffle may come */
    for (int i = 0; i < nfields; i++) {
        const char *field = fields[i];
        int code;
        if (next <= 0 && (code = compressor_code(field)) >= 0) {
            compressor = code;
            next = 1;
        } else if (next <= 1 && field[0] >= '0' && field[0] <= '9') {
            if (h5x_filter_parse_int(field, 0, 9, "Blosc level", &level, call) < 0)
                return -1;
            next = 2;
        } else if (next <= 2 && (code = shuffle_code(field)) >= 0) {
            shuffle = code;
            next = 3;
        } else {
            return h5x_filter_fail(call,
                                   "unexpected Blosc option '%s' in '%s' (expected COMPRESSOR:LEVEL:SHUFFLE, "
                                   "e.g. lz4:5:shuffle; compressors blosclz lz4 lz4hc snappy zlib zstd, "
                                   "shuffles noshuffle shuffle bitshuffle)",
                                   field, text);
        }
    }
    if (check_compressor_available(compressor, call) < 0)
        return -1;
    memset(values, 0, BLOSC_VALUE_COUNT * sizeof *values);
    values[4] = (unsigned)level;
    values[5] = (unsigned)shuffle;
    values[6] = (unsigned)compressor;
    *count = BLOSC_VALUE_COUNT;
    return 0;
}

static int blosc_set_local(unsigned *values, size_t *count, size_t capacity, const h5x_filter_dataset *dataset,
                           h5x_filter_call *call)
{
    if (capacity < 4)
        return h5x_filter_fail(call, "room for %zu client values, Blosc needs at least 4", capacity);
    if (dataset->chunk_bytes > BLOSC_MAX_BUFFERSIZE)
        return h5x_filter_fail(call, "a chunk of %zu bytes exceeds Blosc's limit of %d bytes; use smaller chunks",
                               dataset->chunk_bytes, BLOSC_MAX_BUFFERSIZE);
    for (size_t i = *count; i < 4; i++)
        values[i] = 0;
    if (*count < 4)
        *count = 4;
    size_t type_size = dataset->type_size;
    if (type_size == 0 || type_size > BLOSC_MAX_TYPESIZE)
        type_size = 1;
    values[0] = BLOSC_FILTER_REVISION;
    values[1] = BLOSC_VERSION_FORMAT;
    values[2] = (unsigned)type_size;
    values[3] = (unsigned)dataset->chunk_bytes;
    return 0;
}

static int blosc_threads(const h5x_filter_call *call)
{
    if (call && call->threads > 0)
        return call->threads;
    return h5x_filter_default_threads("BLOSC_NTHREADS");
}

/* A codec that needs milliseconds per MiB: zlib, zstd, lz4hc when
 * compressing; zlib and zstd when decompressing.  name is a compressor
 * name ("zstd") or, when decoding, the library a chunk's header names
 * ("Zstd"; lz4hc chunks name "LZ4"). */
static int is_slow_codec(const char *name, int compressing)
{
    if (!name) /* a header naming no library: decompression will say so */
        return 0;
    if (strcasecmp(name, "zlib") == 0 || strcasecmp(name, "zstd") == 0)
        return 1;
    return compressing && strcasecmp(name, "lz4hc") == 0;
}

/*
 * The threads worth starting for one call on nbytes split into blocks of
 * blocksize.
 *
 * A per-call context starts its threads and joins them on every call, and
 * each new thread allocates and frees its scratch buffers (a few blocks'
 * worth).  On the two-core test machine that costs 0.2-0.3 ms of CPU per
 * call, and up to 1 ms where malloc hands the buffers' pages back to the
 * system after each call (then about 200 page faults per call with
 * 512 KiB blocks) — while LZ4 compresses 1 MiB in 0.15-0.5 ms and
 * decompresses it in 0.1-0.25 ms (bench/filters/blosc_threads_bench.c).
 * So a thread is only started when its share of the chunk is large enough
 * to repay it:
 * 256 KiB when compressing with a slow codec, 4 MiB when decompressing one,
 * 8 MiB for the fast codecs (blosclz, lz4, snappy).  Never more threads
 * than blocks: a block is the unit of work.  With one thread c-blosc runs
 * in the calling thread and starts none.  blocksize is 0 when not known
 * (before compressing; c-blosc then runs a one-block chunk serially).
 */
static int call_threads(int wanted, const char *codec, int compressing, size_t nbytes, size_t blocksize)
{
    size_t per_thread;
    if (is_slow_codec(codec, compressing))
        per_thread = compressing ? (size_t)256 << 10 : (size_t)4 << 20;
    else
        per_thread = (size_t)8 << 20;
    size_t limit = nbytes / per_thread;
    if (blocksize > 0 && nbytes / blocksize < limit)
        limit = nbytes / blocksize;
    if (limit < 1)
        limit = 1;
    return (size_t)wanted < limit ? wanted : (int)limit;
}

static int blosc_encode(const unsigned *values, size_t count, const void *in, size_t in_size, void **out,
                        size_t *out_size, h5x_filter_call *call)
{
    size_t type_size = count > 2 ? values[2] : 1;
    if (type_size == 0 || type_size > BLOSC_MAX_TYPESIZE)
        type_size = 1;
    unsigned level = count > 4 ? values[4] : BLOSC_DEFAULT_LEVEL;
    unsigned shuffle = count > 5 ? values[5] : BLOSC_DEFAULT_SHUFFLE;
    int compressor = count > 6 ? (int)values[6] : BLOSC_VALUES_DEFAULT_COMPRESSOR;
    if (level > 9)
        return h5x_filter_fail(call, "Blosc level %u is out of range [0, 9]", level);
    if (shuffle > BLOSC_BITSHUFFLE)
        return h5x_filter_fail(call, "Blosc shuffle %u is not 0 (none), 1 (byte) or 2 (bit)", shuffle);
    if (check_compressor_available(compressor, call) < 0)
        return -1;
    if (in_size > BLOSC_MAX_BUFFERSIZE)
        return h5x_filter_fail(call, "a chunk of %zu bytes exceeds Blosc's limit of %d bytes", in_size,
                               BLOSC_MAX_BUFFERSIZE);

    int keep_larger = h5x_filter_keeps_larger(call);
    /* Without keep_larger the output may not reach the input's size: Blosc
     * then gives up, and the chunk is stored raw. */
    size_t capacity = keep_larger ? in_size + BLOSC_MAX_OVERHEAD : in_size;
    unsigned char *buffer = h5x_filter_encode_buffer(call, capacity);
    if (!buffer)
        return h5x_filter_fail(call, "out of memory for a %zu-byte Blosc buffer", capacity);
    int threads = call_threads(blosc_threads(call), compressor_names[compressor], 1, in_size, 0);
    int written = blosc_compress_ctx((int)level, (int)shuffle, type_size, in_size, in, buffer, capacity,
                                     compressor_names[compressor], 0, threads);
    if (written < 0 || written == 0 || (!keep_larger && (size_t)written >= in_size)) {
        h5x_filter_drop_buffer(call, buffer);
        if (written < 0)
            return h5x_filter_fail(call, "Blosc compression failed (code %d)", written);
        return 0;
    }
    return h5x_filter_give_buffer(call, buffer, (size_t)written, out, out_size);
}

static int blosc_decode(const unsigned *values, size_t count, const void *in, size_t in_size,
                        size_t expected_size, void **out, size_t *out_size, h5x_filter_call *call)
{
    (void)values;
    (void)count;
    if (in_size < BLOSC_MIN_HEADER_LENGTH)
        return h5x_filter_fail(call, "truncated Blosc chunk: %zu bytes, the header alone takes %d", in_size,
                               BLOSC_MIN_HEADER_LENGTH);
    size_t header_nbytes = 0, header_cbytes = 0, header_blocksize = 0;
    blosc_cbuffer_sizes(in, &header_nbytes, &header_cbytes, &header_blocksize);
    size_t nbytes = 0;
    if (blosc_cbuffer_validate(in, in_size, &nbytes) != 0)
        return h5x_filter_fail(call,
                               "corrupt Blosc chunk: %zu bytes stored, header claims %zu compressed and %zu "
                               "uncompressed bytes",
                               in_size, header_cbytes, header_nbytes);
    if (expected_size != 0 && nbytes != expected_size)
        return h5x_filter_fail(call, "Blosc chunk holds %zu bytes, expected %zu", nbytes, expected_size);
    unsigned char *buffer = h5x_filter_decode_buffer(call, nbytes);
    if (!buffer)
        return h5x_filter_fail(call, "out of memory for a %zu-byte chunk", nbytes);
    if (nbytes > 0) {
        int threads = call_threads(blosc_threads(call), blosc_cbuffer_complib(in), 0, nbytes, header_blocksize);
        int got = blosc_decompress_ctx(in, buffer, nbytes, threads);
        if (got < 0 || (size_t)got != nbytes) {
            h5x_filter_drop_buffer(call, buffer);
            return h5x_filter_fail(call, "corrupt Blosc chunk: decompression failed (code %d, %zu bytes expected)",
                                   got, nbytes);
        }
    }
    return h5x_filter_give_buffer(call, buffer, nbytes, out, out_size);
}

static int blosc_format_options(const unsigned *values, size_t count, char *text, size_t text_size)
{
    unsigned level = count > 4 ? values[4] : BLOSC_DEFAULT_LEVEL;
    unsigned shuffle = count > 5 ? values[5] : BLOSC_DEFAULT_SHUFFLE;
    unsigned compressor = count > 6 ? values[6] : BLOSC_VALUES_DEFAULT_COMPRESSOR;
    if (level > 9 || shuffle > 2 || compressor >= (unsigned)COMPRESSOR_COUNT)
        return -1;
    int n = snprintf(text, text_size, "%s:%u:%s", compressor_names[compressor], level, shuffle_names[shuffle]);
    return (n < 0 || (size_t)n >= text_size) ? -1 : 0;
}

static const h5x_filter_class blosc_class = {
    .abi_version = H5X_FILTER_ABI_VERSION,
    .struct_size = sizeof(h5x_filter_class),
    .id = BLOSC_FILTER_ID,
    .name = "blosc",
    .description = "Blosc meta-compressor (blosclz, lz4, lz4hc, snappy, zlib, zstd; byte or bit shuffle), "
                   "c-blosc " BLOSC_VERSION_STRING,
    .version = 10000,
    .parse_options = blosc_parse_options,
    .set_local = blosc_set_local,
    .encode = blosc_encode,
    .decode = blosc_decode,
    .format_options = blosc_format_options,
};

H5X_FILTER_PLUGIN(blosc_class, 32001, "blosc")
