/*
 * Zstandard, HDF5 filter 32015.
 *
 * Zstandard reaches deflate's ratios and better at several times its
 * speed, and its levels span a wide range (negative levels for speed, up
 * to 22 for ratio).  Each chunk is one Zstandard frame that records its
 * content size, which is what the registered Zstandard filter and
 * hdf5plugin write and expect: their decoders size the output from the
 * frame header.
 *
 * Client values: [0] compression level (default 3; stored as an unsigned
 * int, so negative levels wrap around as in the C API).  Option text:
 * "" or "LEVEL" ("zstd:9", "zstd:-5").
 *
 * The decoder refuses a frame whose header does not state its content
 * size, or states a size other than the one the caller expects, before it
 * allocates anything.
 */
#include "filter_plugin.h"

#include <zstd.h>

#include <stdio.h>
#include <stdlib.h>

enum { ZSTD_FILTER_ID = 32015, ZSTD_DEFAULT_LEVEL = 3 };

static int zstd_parse_options(const char *text, unsigned *values, size_t *count, h5x_filter_call *call)
{
    if (*count < 1)
        return h5x_filter_fail(call, "no room for the Zstandard level");
    char storage[32];
    char *fields[1];
    int nfields = h5x_filter_split_options(text, storage, sizeof storage, fields, 1, call);
    if (nfields < 0)
        return -1;
    long level = ZSTD_DEFAULT_LEVEL;
    if (nfields == 1 &&
        h5x_filter_parse_int(fields[0], ZSTD_minCLevel(), ZSTD_maxCLevel(), "Zstandard level", &level, call) < 0)
        return -1;
    values[0] = (unsigned)(int)level;
    *count = 1;
    return 0;
}

static int zstd_encode(const unsigned *values, size_t count, const void *in, size_t in_size, void **out,
                       size_t *out_size, h5x_filter_call *call)
{
    int level = count > 0 ? (int)values[0] : ZSTD_DEFAULT_LEVEL;
    size_t capacity = ZSTD_compressBound(in_size);
    if (ZSTD_isError(capacity))
        return h5x_filter_fail(call, "a chunk of %zu bytes is too large for Zstandard", in_size);
    ZSTD_CCtx *context = ZSTD_createCCtx();
    unsigned char *buffer = h5x_filter_encode_buffer(call, capacity);
    if (!context || !buffer) {
        ZSTD_freeCCtx(context);
        h5x_filter_drop_buffer(call, buffer);
        return h5x_filter_fail(call, "out of memory for Zstandard compression of %zu bytes", in_size);
    }
    size_t written = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
    if (!ZSTD_isError(written))
        written = ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1);
    if (!ZSTD_isError(written))
        written = ZSTD_compress2(context, buffer, capacity, in, in_size);
    ZSTD_freeCCtx(context);
    if (ZSTD_isError(written)) {
        h5x_filter_drop_buffer(call, buffer);
        return h5x_filter_fail(call, "Zstandard compression failed: %s", ZSTD_getErrorName(written));
    }
    if (!h5x_filter_keeps_larger(call) && written >= in_size) {
        h5x_filter_drop_buffer(call, buffer);
        return 0;
    }
    return h5x_filter_give_buffer(call, buffer, written, out, out_size);
}

static int zstd_decode(const unsigned *values, size_t count, const void *in, size_t in_size,
                       size_t expected_size, void **out, size_t *out_size, h5x_filter_call *call)
{
    (void)values;
    (void)count;
    unsigned long long content = ZSTD_getFrameContentSize(in, in_size);
    if (content == ZSTD_CONTENTSIZE_ERROR)
        return h5x_filter_fail(call, "corrupt Zstandard chunk: %zu bytes that do not start a Zstandard frame",
                               in_size);
    if (content == ZSTD_CONTENTSIZE_UNKNOWN)
        return h5x_filter_fail(call, "Zstandard chunk does not record its content size");
    if (expected_size != 0 && content != expected_size)
        return h5x_filter_fail(call, "Zstandard chunk holds %llu bytes, expected %zu", content, expected_size);
    size_t frame_size = ZSTD_findFrameCompressedSize(in, in_size);
    if (ZSTD_isError(frame_size) || frame_size != in_size)
        return h5x_filter_fail(call, "corrupt Zstandard chunk: %zu bytes do not hold exactly one whole frame (%s)",
                               in_size, ZSTD_isError(frame_size) ? ZSTD_getErrorName(frame_size) : "bytes left over");
    /* every block of a frame takes at least 4 bytes and yields at most 128
     * KiB: a header claiming more is damaged, and is refused before the
     * allocation it asks for */
    unsigned long long bound = ((unsigned long long)in_size / 4 + 1) * ZSTD_BLOCKSIZE_MAX;
    if (content > bound || content > SIZE_MAX)
        return h5x_filter_fail(call, "corrupt Zstandard chunk: %zu bytes cannot hold the %llu its header claims",
                               in_size, content);
    unsigned char *buffer = h5x_filter_decode_buffer(call, (size_t)content);
    if (!buffer)
        return h5x_filter_fail(call, "out of memory for a %llu-byte chunk", content);
    size_t got = ZSTD_decompress(buffer, (size_t)content, in, in_size);
    if (ZSTD_isError(got) || got != content) {
        h5x_filter_drop_buffer(call, buffer);
        if (ZSTD_isError(got))
            return h5x_filter_fail(call, "corrupt Zstandard chunk: %s", ZSTD_getErrorName(got));
        return h5x_filter_fail(call, "corrupt Zstandard chunk: %zu bytes decoded, the frame claims %llu", got,
                               content);
    }
    return h5x_filter_give_buffer(call, buffer, (size_t)content, out, out_size);
}

static int zstd_format_options(const unsigned *values, size_t count, char *text, size_t text_size)
{
    int level = count > 0 ? (int)values[0] : ZSTD_DEFAULT_LEVEL;
    int n = snprintf(text, text_size, "%d", level);
    return (n < 0 || (size_t)n >= text_size) ? -1 : 0;
}

static const h5x_filter_class zstd_class = {
    .abi_version = H5X_FILTER_ABI_VERSION,
    .struct_size = sizeof(h5x_filter_class),
    .id = ZSTD_FILTER_ID,
    .name = "zstd",
    .description = "Zstandard, one frame per chunk with its content size",
    .version = 10000,
    .parse_options = zstd_parse_options,
    .set_local = NULL,
    .encode = zstd_encode,
    .decode = zstd_decode,
    .format_options = zstd_format_options,
};

H5X_FILTER_PLUGIN(zstd_class, 32015, "zstd")
