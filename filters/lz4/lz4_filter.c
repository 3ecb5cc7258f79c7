/*
 * LZ4, HDF5 filter 32004.
 *
 * LZ4 trades ratio for speed: it compresses at several hundred MB/s and
 * decompresses at GB/s.  This filter writes the payload of HDF5's
 * registered LZ4 filter, so that files are read and written
 * interchangeably with it (and with hdf5plugin.LZ4):
 *
 *   8 bytes  big-endian: size of the whole uncompressed chunk
 *   4 bytes  big-endian: block size
 *   then, per block:
 *   4 bytes  big-endian: stored size of the block
 *   the block, LZ4-compressed, or as is when compression did not shrink
 *   it (the stored size then equals the block's own size)
 *
 * Client values: [0] block size in bytes, 0 for the default of 1 GiB (the
 * registered filter's and hdf5plugin's default; LZ4 blocks must stay below
 * LZ4_MAX_INPUT_SIZE, about 1.97 GiB); [1], optional as in later versions
 * of the registered filter, an encoder level: 2 and above select LZ4HC at
 * that level, below 0 the fast mode with acceleration 1 - level.
 * Option text: "" or "BLOCKSIZE" or "BLOCKSIZE:LEVEL" ("lz4:65536").
 */
#include "filter_plugin.h"

#include <lz4.h>
#include <lz4hc.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LZ4_FILTER_ID = 32004, LZ4_HEADER_BYTES = 12, LZ4_BLOCK_HEADER_BYTES = 4 };
#define LZ4_DEFAULT_BLOCK_SIZE ((size_t)1 << 30)
/* LZ4 cannot expand a byte into more than 255 (each extra match byte adds
 * at most 255 to a length), so a chunk that claims more is corrupt. */
#define LZ4_MAX_EXPANSION 256u

static int lz4_parse_options(const char *text, unsigned *values, size_t *count, h5x_filter_call *call)
{
    if (*count < 2)
        return h5x_filter_fail(call, "room for %zu client values, LZ4 needs 2", *count);
    char storage[64];
    char *fields[2];
    int nfields = h5x_filter_split_options(text, storage, sizeof storage, fields, 2, call);
    if (nfields < 0)
        return -1;
    long block_size = 0, level = 0;
    if (nfields >= 1 && h5x_filter_parse_int(fields[0], 0, LZ4_MAX_INPUT_SIZE, "LZ4 block size", &block_size,
                                             call) < 0)
        return -1;
    if (nfields >= 2 && h5x_filter_parse_int(fields[1], -65536, LZ4HC_CLEVEL_MAX, "LZ4 level", &level, call) < 0)
        return -1;
    values[0] = (unsigned)block_size;
    *count = 1;
    if (nfields >= 2) {
        values[1] = (unsigned)(int)level;
        *count = 2;
    }
    return 0;
}

static int compress_block(const char *src, char *dst, int size, int capacity, int level)
{
    if (level >= LZ4HC_CLEVEL_MIN)
        return LZ4_compress_HC(src, dst, size, capacity, level > LZ4HC_CLEVEL_MAX ? LZ4HC_CLEVEL_MAX : level);
    int acceleration = level < 0 ? 1 - level : 1;
    return LZ4_compress_fast(src, dst, size, capacity, acceleration);
}

static int lz4_encode(const unsigned *values, size_t count, const void *in, size_t in_size, void **out,
                      size_t *out_size, h5x_filter_call *call)
{
    if (in_size > INT32_MAX)
        return h5x_filter_fail(call, "a chunk of %zu bytes exceeds the LZ4 filter's limit of %d bytes", in_size,
                               INT32_MAX);
    size_t block_size = (count > 0 && values[0] > 0) ? values[0] : LZ4_DEFAULT_BLOCK_SIZE;
    if (block_size > LZ4_MAX_INPUT_SIZE)
        return h5x_filter_fail(call, "LZ4 block size %zu exceeds LZ4's limit of %d bytes", block_size,
                               LZ4_MAX_INPUT_SIZE);
    int level = count > 1 ? (int)values[1] : 0;
    if (block_size > in_size)
        block_size = in_size;
    size_t nblocks = in_size == 0 ? 0 : (in_size - 1) / block_size + 1;
    size_t bound = block_size == 0 ? 0 : (size_t)LZ4_compressBound((int)block_size);
    size_t capacity = LZ4_HEADER_BYTES + nblocks * (LZ4_BLOCK_HEADER_BYTES + bound);
    unsigned char *buffer = h5x_filter_encode_buffer(call, capacity);
    if (!buffer)
        return h5x_filter_fail(call, "out of memory for a %zu-byte LZ4 buffer", capacity);

    h5x_store_be64(buffer, (uint64_t)in_size);
    h5x_store_be32(buffer + 8, (uint32_t)block_size);
    size_t written = LZ4_HEADER_BYTES;
    const char *src = in;
    for (size_t done = 0; done < in_size;) {
        size_t this_block = in_size - done < block_size ? in_size - done : block_size;
        char *dst = (char *)buffer + written + LZ4_BLOCK_HEADER_BYTES;
        int packed = compress_block(src + done, dst, (int)this_block, (int)bound, level);
        if (packed <= 0 || (size_t)packed >= this_block) {
            memcpy(dst, src + done, this_block);
            packed = (int)this_block;
        }
        h5x_store_be32(buffer + written, (uint32_t)packed);
        written += LZ4_BLOCK_HEADER_BYTES + (size_t)packed;
        done += this_block;
    }
    if (!h5x_filter_keeps_larger(call) && written >= in_size) {
        h5x_filter_drop_buffer(call, buffer);
        return 0;
    }
    return h5x_filter_give_buffer(call, buffer, written, out, out_size);
}

static int lz4_decode(const unsigned *values, size_t count, const void *in, size_t in_size, size_t expected_size,
                      void **out, size_t *out_size, h5x_filter_call *call)
{
    (void)values;
    (void)count;
    const unsigned char *src = in;
    if (in_size < LZ4_HEADER_BYTES)
        return h5x_filter_fail(call, "truncated LZ4 chunk: %zu bytes, the header alone takes %d", in_size,
                               LZ4_HEADER_BYTES);
    uint64_t total = h5x_load_be64(src);
    uint64_t block_size = h5x_load_be32(src + 8);
    if (expected_size != 0 && total != expected_size)
        return h5x_filter_fail(call, "LZ4 chunk holds %llu bytes, expected %zu", (unsigned long long)total,
                               expected_size);
    if (total > (uint64_t)in_size * LZ4_MAX_EXPANSION || total > SIZE_MAX)
        return h5x_filter_fail(call, "corrupt LZ4 chunk: %zu bytes cannot hold the %llu bytes its header claims",
                               in_size, (unsigned long long)total);
    if (total > 0 && block_size == 0)
        return h5x_filter_fail(call, "corrupt LZ4 chunk: block size 0 for %llu bytes", (unsigned long long)total);
    if (block_size > total)
        block_size = total;

    unsigned char *buffer = h5x_filter_decode_buffer(call, (size_t)total);
    if (!buffer)
        return h5x_filter_fail(call, "out of memory for a %llu-byte chunk", (unsigned long long)total);
    size_t position = LZ4_HEADER_BYTES;
    for (uint64_t done = 0; done < total;) {
        size_t this_block = (size_t)(total - done < block_size ? total - done : block_size);
        if (in_size - position < LZ4_BLOCK_HEADER_BYTES) {
            h5x_filter_drop_buffer(call, buffer);
            return h5x_filter_fail(call, "truncated LZ4 chunk: block header missing at byte %zu of %zu", position,
                                   in_size);
        }
        size_t stored = h5x_load_be32(src + position);
        position += LZ4_BLOCK_HEADER_BYTES;
        if (stored > in_size - position) {
            h5x_filter_drop_buffer(call, buffer);
            return h5x_filter_fail(call, "truncated LZ4 chunk: a block of %zu bytes at byte %zu of %zu", stored,
                                   position, in_size);
        }
        if (stored == this_block) {
            memcpy(buffer + done, src + position, stored);
        } else {
            int got = (stored <= INT_MAX && this_block <= INT_MAX)
                          ? LZ4_decompress_safe((const char *)src + position, (char *)buffer + done, (int)stored,
                                                (int)this_block)
                          : -1;
            if (got < 0 || (size_t)got != this_block) {
                h5x_filter_drop_buffer(call, buffer);
                return h5x_filter_fail(call, "corrupt LZ4 block at byte %zu: %zu stored bytes do not decode to %zu",
                                       position, stored, this_block);
            }
        }
        position += stored;
        done += this_block;
    }
    if (position != in_size) {
        h5x_filter_drop_buffer(call, buffer);
        return h5x_filter_fail(call, "corrupt LZ4 chunk: %zu bytes left over after the last block",
                               in_size - position);
    }
    return h5x_filter_give_buffer(call, buffer, (size_t)total, out, out_size);
}

static int lz4_format_options(const unsigned *values, size_t count, char *text, size_t text_size)
{
    int n;
    if (count > 1)
        n = snprintf(text, text_size, "%u:%d", values[0], (int)values[1]);
    else if (count == 1 && values[0] != 0)
        n = snprintf(text, text_size, "%u", values[0]);
    else
        n = snprintf(text, text_size, "%s", "");
    return (n < 0 || (size_t)n >= text_size) ? -1 : 0;
}

static const h5x_filter_class lz4_class = {
    .abi_version = H5X_FILTER_ABI_VERSION,
    .struct_size = sizeof(h5x_filter_class),
    .id = LZ4_FILTER_ID,
    .name = "lz4",
    .description = "LZ4 in blocks, the payload of HDF5's registered LZ4 filter",
    .version = 10000,
    .parse_options = lz4_parse_options,
    .set_local = NULL,
    .encode = lz4_encode,
    .decode = lz4_decode,
    .format_options = lz4_format_options,
};

H5X_FILTER_PLUGIN(lz4_class, 32004, "lz4")
