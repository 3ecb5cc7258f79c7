/*
 * The three filter plugins through their h5x_filter_class and through the
 * H5Z_class2_t they export to HDF5, with no libhdf5 in the process: option
 * text, client values of every length, set_local, and round trips over
 * every combination of compressor, shuffle, level and type size on data
 * shaped like real measurements.  Blosc's output is also compared byte for
 * byte with c-blosc's own, which is what hdf5-blosc stores.
 *
 * usage: filter_classes_test BLOSC_PLUGIN LZ4_PLUGIN ZSTD_PLUGIN
 */
#include "filter_test.h"
#include "measurement_data.h"

#include <blosc.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

static const char *const blosc_compressors[] = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};

/* Encodes then decodes; returns 0 when the bytes come back. */
static int round_trip(const h5x_filter_class *filter, const unsigned *values, size_t count, const void *data,
                      size_t size, int keep_larger, size_t *stored_size, int *declined)
{
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, keep_larger);
    void *encoded = NULL, *decoded = NULL;
    size_t encoded_size = 0, decoded_size = 0;
    int rc = filter->encode(values, count, data, size, &encoded, &encoded_size, &call);
    *declined = rc == 0;
    if (rc == 0) {
        *stored_size = size;
        return keep_larger ? -1 : 0; /* with keep_larger a codec must not decline */
    }
    if (rc != 1) {
        fprintf(stderr, "%s encode: %s\n", filter->name, error);
        return -1;
    }
    *stored_size = encoded_size;
    if (!keep_larger && encoded_size >= size) {
        free(encoded);
        return -1;
    }
    rc = filter->decode(values, count, encoded, encoded_size, size, &decoded, &decoded_size, &call);
    int ok = rc == 1 && decoded_size == size && (size == 0 || memcmp(decoded, data, size) == 0);
    if (rc != 1)
        fprintf(stderr, "%s decode: %s\n", filter->name, error);
    /* the HDF5 path does not know the size: decode must work without it */
    void *again = NULL;
    size_t again_size = 0;
    if (ok) {
        rc = filter->decode(values, count, encoded, encoded_size, 0, &again, &again_size, &call);
        ok = rc == 1 && again_size == size && (size == 0 || memcmp(again, data, size) == 0);
    }
    free(encoded);
    free(decoded);
    free(again);
    return ok ? 0 : -1;
}

/* Fills a buffer of elements of width type_size from smooth integers, so
 * that wide and odd type sizes still have structure for the shuffle. */
static void fill_typed(unsigned char *buffer, size_t size, size_t type_size, uint64_t seed)
{
    size_t n = size / type_size;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = (uint64_t)(1000.0 * sin((double)(i + seed) / 300.0) + 5000.0) + i / 7;
        for (size_t b = 0; b < type_size; b++)
            buffer[i * type_size + b] = b < 8 ? (unsigned char)(v >> (8 * b)) : (unsigned char)(b * 3);
    }
    memset(buffer + n * type_size, 0xab, size - n * type_size);
}

/* ---------------------------------------------------------------- blosc */

static void test_blosc_options(const h5x_filter_class *f)
{
    struct {
        const char *text;
        unsigned level, shuffle, compressor;
    } good[] = {
        {"lz4:5:shuffle", 5, 1, 1}, {"zstd:9:bitshuffle", 9, 2, 5}, {"blosclz", 5, 1, 0}, {"", 5, 1, 1},
        {"lz4hc:9:noshuffle", 9, 0, 2}, {"zlib:1", 1, 1, 4}, {"snappy", 5, 1, 3}, {"7", 7, 1, 1},
        {"bitshuffle", 5, 2, 1}, {"3:noshuffle", 3, 0, 1}, {"zstd:bitshuffle", 5, 2, 5},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        int rc = f->parse_options(good[i].text, values, &count, &call);
        CHECK(rc == 0 && count == 7 && values[0] == 0 && values[1] == 0 && values[2] == 0 && values[3] == 0 &&
                  values[4] == good[i].level && values[5] == good[i].shuffle && values[6] == good[i].compressor,
              "blosc '%s' -> rc %d count %zu [%u %u %u] (%s)", good[i].text, rc, count, values[4], values[5],
              values[6], error);
        char text[64];
        CHECK(f->format_options(values, count, text, sizeof text) == 0, "format '%s'", good[i].text);
        unsigned again[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t again_count = H5X_FILTER_MAX_CLIENT_VALUES;
        rc = f->parse_options(text, again, &again_count, &call);
        CHECK(rc == 0 && again_count == 7 && memcmp(again, values, 7 * sizeof *values) == 0,
              "blosc format '%s' -> '%s' parses back differently", good[i].text, text);
    }
    const char *bad[] = {"lz4:10", "foo", "lz4:5:shuffle:extra", "5:lz4", "shuffle:lz4", "lz4:-1", "lz4::shuffle",
                         "lz4:5:byteshuffle"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        int rc = f->parse_options(bad[i], values, &count, &call);
        CHECK(rc == -1 && error[0], "blosc '%s' should be refused with a message (rc %d)", bad[i], rc);
    }
    /* the formatted text of values as a file stores them */
    unsigned stored[7] = {2, 2, 4, 40000, 9, 2, 5};
    char text[64];
    CHECK(f->format_options(stored, 7, text, sizeof text) == 0 && strcmp(text, "zstd:9:bitshuffle") == 0,
          "stored values format as '%s'", text);
    CHECK(f->format_options(stored, 4, text, sizeof text) == 0 && strcmp(text, "blosclz:5:shuffle") == 0,
          "4 stored values format as '%s' (hdf5-blosc's defaults)", text);
}

static void test_blosc_set_local(const h5x_filter_class *f)
{
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 0);
    unsigned values[H5X_FILTER_MAX_CLIENT_VALUES] = {0, 0, 0, 0, 7, 2, 5};
    size_t count = 7;
    h5x_filter_dataset dataset = {4, 4000};
    CHECK(f->set_local(values, &count, H5X_FILTER_MAX_CLIENT_VALUES, &dataset, &call) == 0 && count == 7 &&
              values[0] == 2 && values[1] == BLOSC_VERSION_FORMAT && values[2] == 4 && values[3] == 4000 &&
              values[4] == 7 && values[5] == 2 && values[6] == 5,
          "set_local gives [%u %u %u %u %u %u %u]", values[0], values[1], values[2], values[3], values[4], values[5],
          values[6]);
    count = 0;
    dataset.type_size = 300; /* over Blosc's 255: shuffled as bytes */
    CHECK(f->set_local(values, &count, H5X_FILTER_MAX_CLIENT_VALUES, &dataset, &call) == 0 && count == 4 &&
              values[2] == 1,
          "set_local from no values: count %zu, type size %u", count, values[2]);
    dataset.type_size = 8;
    dataset.chunk_bytes = (size_t)BLOSC_MAX_BUFFERSIZE + 1;
    count = 7;
    CHECK(f->set_local(values, &count, H5X_FILTER_MAX_CLIENT_VALUES, &dataset, &call) == -1 &&
              strstr(error, "limit") != NULL,
          "a chunk over Blosc's limit is refused clearly: '%s'", error);
}

static void test_blosc_round_trips(const h5x_filter_class *f)
{
    const size_t type_sizes[] = {1, 2, 4, 8, 16, 300};
    const unsigned levels[] = {0, 1, 5, 9};
    const size_t size = 64 * 1024 + 7; /* not a multiple of any type size above 1 */
    unsigned char *data = malloc(size);
    int combinations = 0, failures = 0;
    for (size_t t = 0; t < sizeof type_sizes / sizeof type_sizes[0]; t++) {
        fill_typed(data, size, type_sizes[t], t);
        for (unsigned c = 0; c < 6; c++)
            for (unsigned s = 0; s <= 2; s++)
                for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
                    unsigned values[7] = {2, BLOSC_VERSION_FORMAT, (unsigned)(type_sizes[t] > 255 ? 1 : type_sizes[t]),
                                          (unsigned)size, levels[l], s, c};
                    size_t stored;
                    int declined;
                    combinations++;
                    if (round_trip(f, values, 7, data, size, 1, &stored, &declined) != 0 ||
                        round_trip(f, values, 7, data, size, 0, &stored, &declined) != 0) {
                        failures++;
                        fprintf(stderr, "blosc %s shuffle %u level %u type size %zu fails\n", blosc_compressors[c], s,
                                levels[l], type_sizes[t]);
                    }
                }
    }
    CHECK(failures == 0, "%d of %d Blosc combinations failed", failures, combinations);

    /* structured data must compress well with the common settings */
    for (int kind = 0; kind < MEASUREMENT_RANDOM_BYTES; kind++) {
        size_t n = 256 * 1024;
        unsigned char *m = malloc(n);
        measurement_fill((measurement_kind)kind, m, n, 1);
        unsigned values[7] = {2, 2, (unsigned)measurement_type_size((measurement_kind)kind), (unsigned)n, 5, 1, 1};
        size_t stored;
        int declined;
        CHECK(round_trip(f, values, 7, m, n, 0, &stored, &declined) == 0 && !declined && stored < n * 4 / 5,
              "blosc lz4 shuffle on %s: %zu -> %zu", measurement_name((measurement_kind)kind), n, stored);
        free(m);
    }

    /* random bytes do not shrink: declined unless kept larger */
    measurement_fill(MEASUREMENT_RANDOM_BYTES, data, size, 3);
    unsigned values[7] = {2, 2, 1, (unsigned)size, 5, 1, 1};
    size_t stored;
    int declined;
    CHECK(round_trip(f, values, 7, data, size, 0, &stored, &declined) == 0 && declined,
          "random bytes should be declined");
    CHECK(round_trip(f, values, 7, data, size, 1, &stored, &declined) == 0 && !declined && stored > size,
          "random bytes kept larger: %zu -> %zu", size, stored);

    /* edge sizes */
    const size_t sizes[] = {0, 1, 15, 16, 17, 4096};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        fill_typed(data, sizes[i], 4, 9);
        unsigned v[7] = {2, 2, 4, (unsigned)sizes[i], 5, 1, 1};
        CHECK(round_trip(f, v, 7, data, sizes[i], 1, &stored, &declined) == 0, "blosc chunk of %zu bytes", sizes[i]);
    }
    free(data);
}

static void test_blosc_value_counts_and_bytes(const h5x_filter_class *f)
{
    const size_t size = 100000;
    unsigned char *data = malloc(size);
    measurement_fill(MEASUREMENT_SMOOTH_F64, data, size, 5);
    /* any stored length: missing values take hdf5-blosc's defaults */
    unsigned values[10] = {2, 2, 8, (unsigned)size, 3, 2, 5, 77, 88, 99};
    for (size_t count = 0; count <= 10; count++) {
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 1);
        call.threads = 1;
        void *encoded = NULL, *decoded = NULL;
        size_t encoded_size = 0, decoded_size = 0;
        int rc = f->encode(values, count, data, size, &encoded, &encoded_size, &call);
        CHECK(rc == 1, "blosc encode with %zu values: %s", count, error);
        if (rc != 1)
            continue;
        const char *compressor = blosc_cbuffer_complib(encoded);
        size_t type_size;
        int flags;
        blosc_cbuffer_metainfo(encoded, &type_size, &flags);
        /* the header names the codec library: slot 6 absent means blosclz */
        CHECK(strcmp(compressor, count > 6 ? "Zstd" : "BloscLZ") == 0, "with %zu values the compressor is %s", count,
              compressor);
        CHECK(type_size == (count > 2 ? 8u : 1u), "with %zu values the header's type size is %zu", count, type_size);
        int bitshuffle = (flags & BLOSC_DOBITSHUFFLE) != 0, byteshuffle = (flags & BLOSC_DOSHUFFLE) != 0;
        if (count > 5 && type_size > 1)
            CHECK(bitshuffle && !byteshuffle, "with %zu values the shuffle is bit (flags %x)", count, flags);
        else if (type_size > 1)
            CHECK(byteshuffle && !bitshuffle, "with %zu values the shuffle is byte (flags %x)", count, flags);
        rc = f->decode(values, count, encoded, encoded_size, size, &decoded, &decoded_size, &call);
        CHECK(rc == 1 && decoded_size == size && memcmp(decoded, data, size) == 0, "blosc decode with %zu values",
              count);

        /* byte-compatible with c-blosc called as hdf5-blosc calls it */
        if (count == 7) {
            unsigned char *direct = malloc(size + BLOSC_MAX_OVERHEAD);
            int n = blosc_compress_ctx(3, 2, 8, size, data, direct, size + BLOSC_MAX_OVERHEAD, "zstd", 0, 1);
            CHECK(n > 0 && (size_t)n == encoded_size && memcmp(direct, encoded, encoded_size) == 0,
                  "our Blosc chunk equals c-blosc's (%d vs %zu bytes)", n, encoded_size);
            free(direct);
        }
        free(encoded);
        free(decoded);
    }

    /* a chunk over Blosc's limit is refused before any byte is read */
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 1);
    void *out = NULL;
    size_t out_size = 0;
    int rc = f->encode(values, 7, data, (size_t)BLOSC_MAX_BUFFERSIZE + 1, &out, &out_size, &call);
    CHECK(rc == -1 && strstr(error, "limit"), "oversized chunk: rc %d '%s'", rc, error);
    free(data);
}

/* ------------------------------------------------------------------ lz4 */

static void test_lz4(const h5x_filter_class *f)
{
    struct {
        const char *text;
        size_t count;
        unsigned v0, v1;
    } good[] = {{"", 1, 0, 0}, {"65536", 1, 65536, 0}, {"65536:9", 2, 65536, 9}, {"0:-3", 2, 0, (unsigned)-3}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        int rc = f->parse_options(good[i].text, values, &count, &call);
        CHECK(rc == 0 && count == good[i].count && values[0] == good[i].v0 && (count < 2 || values[1] == good[i].v1),
              "lz4 '%s' (%s)", good[i].text, error);
        char text[64];
        unsigned again[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t again_count = H5X_FILTER_MAX_CLIENT_VALUES;
        CHECK(f->format_options(values, count, text, sizeof text) == 0 &&
                  f->parse_options(text, again, &again_count, &call) == 0 && again_count == count &&
                  memcmp(again, values, count * sizeof *values) == 0,
              "lz4 '%s' formats to '%s' and back", good[i].text, text);
    }
    const char *bad[] = {"abc", "-1", "99999999999", "1:2:3", "2113929217"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        CHECK(f->parse_options(bad[i], values, &count, &call) == -1 && error[0], "lz4 '%s' refused", bad[i]);
    }

    const size_t size = 300 * 1024 + 3;
    unsigned char *data = malloc(size);
    const unsigned block_sizes[] = {0, 1000, 4096, 65536, (unsigned)size, (unsigned)size * 2};
    const int levels[] = {0, 1, -5, 9};
    int failures = 0, combinations = 0;
    for (int kind = 0; kind < MEASUREMENT_KIND_COUNT; kind++) {
        measurement_fill((measurement_kind)kind, data, size, 11);
        for (size_t b = 0; b < sizeof block_sizes / sizeof block_sizes[0]; b++)
            for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
                for (size_t count = 0; count <= 3; count++) {
                    unsigned values[3] = {block_sizes[b], (unsigned)levels[l], 12345};
                    size_t stored;
                    int declined;
                    combinations++;
                    int rc = round_trip(f, values, count, data, size, 1, &stored, &declined);
                    if (rc == 0 && kind != MEASUREMENT_RANDOM_BYTES)
                        rc = round_trip(f, values, count, data, size, 0, &stored, &declined);
                    if (rc != 0) {
                        failures++;
                        fprintf(stderr, "lz4 %s block %u level %d count %zu fails\n",
                                measurement_name((measurement_kind)kind), block_sizes[b], levels[l], count);
                    }
                }
    }
    CHECK(failures == 0, "%d of %d LZ4 combinations failed", failures, combinations);

    /* the stored layout: header, then per block a size and the block */
    measurement_fill(MEASUREMENT_COUNTER_I32, data, 10000, 2);
    unsigned values[1] = {4096};
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 1);
    void *out = NULL;
    size_t out_size = 0;
    CHECK(f->encode(values, 1, data, 10000, &out, &out_size, &call) == 1, "lz4 encode");
    const unsigned char *p = out;
    uint64_t total = 0;
    for (int i = 0; i < 8; i++)
        total = total << 8 | p[i];
    uint32_t block = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
    size_t position = 12, blocks = 0;
    while (position + 4 <= out_size) {
        uint32_t stored = (uint32_t)p[position] << 24 | (uint32_t)p[position + 1] << 16 |
                          (uint32_t)p[position + 2] << 8 | p[position + 3];
        position += 4 + stored;
        blocks++;
    }
    CHECK(total == 10000 && block == 4096 && blocks == 3 && position == out_size,
          "lz4 layout: total %llu block %u blocks %zu end %zu of %zu", (unsigned long long)total, block, blocks,
          position, out_size);
    free(out);

    /* a block that does not shrink is stored as is */
    measurement_fill(MEASUREMENT_RANDOM_BYTES, data, 5000, 4);
    CHECK(f->encode(values, 1, data, 5000, &out, &out_size, &call) == 1 && out_size == 12 + 2 * 4 + 5000 &&
              memcmp((unsigned char *)out + 16, data, 4096) == 0,
          "lz4 raw blocks: %zu bytes", out_size);
    free(out);
    /* over the filter's 2 GiB limit: refused before reading */
    CHECK(f->encode(values, 1, data, (size_t)INT32_MAX + 1, &out, &out_size, &call) == -1 && strstr(error, "limit"),
          "lz4 oversized chunk: '%s'", error);
    free(data);
}

/* ----------------------------------------------------------------- zstd */

static void test_zstd(const h5x_filter_class *f)
{
    struct {
        const char *text;
        int level;
    } good[] = {{"", 3}, {"9", 9}, {"-5", -5}, {"22", 22}, {"1", 1}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        CHECK(f->parse_options(good[i].text, values, &count, &call) == 0 && count == 1 &&
                  (int)values[0] == good[i].level,
              "zstd '%s' (%s)", good[i].text, error);
        char text[32];
        CHECK(f->format_options(values, count, text, sizeof text) == 0 && atoi(text) == good[i].level,
              "zstd format '%s'", text);
    }
    const char *bad[] = {"23", "x", "3:4", "-200000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
        char error[256];
        h5x_filter_call call = make_call(error, sizeof error, 0);
        CHECK(f->parse_options(bad[i], values, &count, &call) == -1 && error[0], "zstd '%s' refused", bad[i]);
    }

    const size_t size = 200 * 1024 + 1;
    unsigned char *data = malloc(size);
    const int levels[] = {-5, 1, 3, 9, 19};
    int failures = 0;
    for (int kind = 0; kind < MEASUREMENT_KIND_COUNT; kind++) {
        measurement_fill((measurement_kind)kind, data, size, 21);
        for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
            for (size_t count = 0; count <= 2; count++) {
                unsigned values[2] = {(unsigned)levels[l], 999};
                size_t stored;
                int declined;
                int rc = round_trip(f, values, count, data, size, 1, &stored, &declined);
                if (rc == 0 && kind != MEASUREMENT_RANDOM_BYTES)
                    rc = round_trip(f, values, count, data, size, 0, &stored, &declined);
                if (rc != 0) {
                    failures++;
                    fprintf(stderr, "zstd %s level %d count %zu fails\n", measurement_name((measurement_kind)kind),
                            levels[l], count);
                }
            }
    }
    CHECK(failures == 0, "%d Zstandard combinations failed", failures);

    /* the frame records its content size */
    measurement_fill(MEASUREMENT_SENSOR_F32, data, 40000, 1);
    unsigned values[1] = {3};
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 1);
    void *out = NULL, *decoded = NULL;
    size_t out_size = 0, decoded_size = 0;
    CHECK(f->encode(values, 1, data, 40000, &out, &out_size, &call) == 1 &&
              ZSTD_getFrameContentSize(out, out_size) == 40000,
          "zstd frame content size");
    CHECK(f->decode(values, 1, out, out_size, 40001, &decoded, &decoded_size, &call) == -1 && strstr(error, "expected"),
          "zstd refuses a size other than expected: '%s'", error);
    free(out);

    /* a frame without its content size (streamed) is refused clearly */
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0);
    size_t capacity = ZSTD_compressBound(40000);
    unsigned char *frame = malloc(capacity);
    size_t frame_size = ZSTD_compress2(context, frame, capacity, data, 40000);
    ZSTD_freeCCtx(context);
    CHECK(!ZSTD_isError(frame_size) && f->decode(values, 1, frame, frame_size, 0, &decoded, &decoded_size, &call) == -1 &&
              strstr(error, "content size"),
          "zstd frame without content size: '%s'", error);
    free(frame);
    free(data);
}

/* ----------------------------------------------- the HDF5 face, no libhdf5 */

static void test_hdf5_face(const loaded_plugin *plugin, int id, const unsigned *values, size_t count)
{
    CHECK(plugin->hdf5_type == 0, "H5PLget_plugin_type gives %d, not H5PL_TYPE_FILTER", plugin->hdf5_type);
    CHECK(plugin->hdf5->version == 1 && plugin->hdf5->id == id && plugin->hdf5->encoder_present &&
              plugin->hdf5->decoder_present && plugin->hdf5->filter && plugin->hdf5->set_local &&
              plugin->hdf5->can_apply,
          "H5Z_class2_t of %d", id);
    CHECK(plugin->filter->id == id && plugin->filter->abi_version == H5X_FILTER_ABI_VERSION &&
              plugin->filter->struct_size == sizeof(h5x_filter_class),
          "h5x class of %d", id);
    /* one chunk through HDF5's filter function, as H5Z_pipeline calls it */
    const size_t size = 80000;
    unsigned char *data = malloc(size);
    measurement_fill(MEASUREMENT_COUNTER_I32, data, size, 8);
    void *buffer = malloc(size);
    memcpy(buffer, data, size);
    size_t buffer_size = size;
    size_t stored = plugin->hdf5->filter(0x0001 /* optional */, count, values, size, &buffer_size, &buffer);
    CHECK(stored > 0 && stored < size && buffer_size == stored, "HDF5 encode of %d: %zu bytes", id, stored);
    size_t restored = plugin->hdf5->filter(0x0100 /* reverse */, count, values, stored, &buffer_size, &buffer);
    CHECK(restored == size && memcmp(buffer, data, size) == 0, "HDF5 decode of %d: %zu bytes", id, restored);
    /* an incompressible chunk under an optional filter: 0, HDF5 stores it raw */
    measurement_fill(MEASUREMENT_RANDOM_BYTES, buffer, size, 8);
    buffer_size = size;
    CHECK(plugin->hdf5->filter(0x0001, count, values, size, &buffer_size, &buffer) == 0 && buffer_size == size,
          "HDF5 optional encode of random bytes declines (%d)", id);
    /* a mandatory filter keeps the larger form */
    size_t kept = plugin->hdf5->filter(0, count, values, size, &buffer_size, &buffer);
    CHECK(kept > size, "HDF5 mandatory encode of random bytes: %zu bytes", kept);
    /* a corrupt chunk: 0, and the buffer left for HDF5 to free */
    memset(buffer, 0x5a, 32);
    CHECK(plugin->hdf5->filter(0x0100, count, values, kept, &buffer_size, &buffer) == 0, "HDF5 decode of garbage (%d)",
          id);
    free(buffer);
    free(data);
}

/* One encode of size bytes with room_size bytes of room offered. */
static int encode_with_room(const h5x_filter_class *filter, const unsigned *values, size_t count,
                            const unsigned char *data, size_t size, unsigned char *room, size_t room_size,
                            int keep_larger, void **out, size_t *out_size, char *error, size_t error_size)
{
    h5x_filter_call call = make_call(error, error_size, keep_larger);
    call.destination = room;
    call.destination_size = room_size;
    *out = NULL;
    *out_size = 0;
    return filter->encode(values, count, data, size, out, out_size, &call);
}

/* A decode offered a destination of the chunk's size decodes into it and
 * gives the same bytes; one of another size, or a call too old to carry
 * the field, gets a buffer of the codec's own.  An encode offered room
 * enough writes there and gives the same bytes; with too little room it
 * uses its own; declining a chunk it leaves the room to its owner (the
 * sanitizers see a free of it). */
static void test_destination(const h5x_filter_class *filter, const unsigned *values, size_t count)
{
    enum { SIZE = 300000 };
    unsigned char *data = malloc(SIZE), *destination = malloc(SIZE + 8);
    measurement_fill(MEASUREMENT_SMOOTH_F64, data, SIZE, 7);
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 1);
    void *encoded = NULL;
    size_t encoded_size = 0;
    CHECK(filter->encode(values, count, data, SIZE, &encoded, &encoded_size, &call) == 1, "%s encodes: %s",
          filter->name, error);
    for (int variant = 0; encoded != NULL && variant < 3; variant++) {
        memset(destination, 0xa5, SIZE + 8);
        call = make_call(error, sizeof error, 1);
        call.destination = destination;
        call.destination_size = variant == 1 ? SIZE + 8 : SIZE; /* 1: the wrong size */
        if (variant == 2)
            call.struct_size = offsetof(h5x_filter_call, destination); /* 2: an older caller */
        void *out = NULL;
        size_t out_size = 0;
        int rc = filter->decode(values, count, encoded, encoded_size, SIZE, &out, &out_size, &call);
        CHECK(rc == 1 && out_size == SIZE && out != NULL && memcmp(out, data, SIZE) == 0,
              "%s decodes with destination variant %d: %s", filter->name, variant, error);
        int in_place = out == destination;
        CHECK(in_place == (variant == 0), "%s decodes %sinto the destination (variant %d)",
              filter->name, in_place ? "" : "not ", variant);
        if (!in_place) {
            free(out);
            CHECK(destination[0] == 0xa5 && destination[SIZE - 1] == 0xa5,
                  "%s leaves a destination it does not use untouched", filter->name);
        }
    }
    /* encoding: room enough, or too little */
    for (int variant = 0; encoded != NULL && variant < 2; variant++) {
        size_t room_size = variant == 0 ? SIZE + SIZE / 255 + 64 : 100;
        unsigned char *room = malloc(room_size);
        void *out;
        size_t out_size;
        int rc = encode_with_room(filter, values, count, data, SIZE, room, room_size, 1, &out, &out_size, error,
                                  sizeof error);
        CHECK(rc == 1 && out_size == encoded_size && memcmp(out, encoded, encoded_size) == 0,
              "%s encodes the same bytes when offered %zu bytes of room: %s", filter->name, room_size, error);
        int in_room = out == room;
        CHECK(in_room == (variant == 0), "%s encodes %sinto the room offered (%zu bytes)", filter->name,
              in_room ? "" : "not ", room_size);
        if (!in_room)
            free(out);
        free(room);
    }
    /* noise does not shrink: the codec declines and keeps its hands off the room */
    measurement_fill(MEASUREMENT_RANDOM_BYTES, data, SIZE, 11);
    size_t room_size = SIZE + SIZE / 255 + 64;
    unsigned char *room = malloc(room_size);
    void *out;
    size_t out_size;
    CHECK(encode_with_room(filter, values, count, data, SIZE, room, room_size, 0, &out, &out_size, error,
                           sizeof error) == 0,
          "%s declines noise offered room: %s", filter->name, error);
    free(room);
    free(encoded);
    free(data);
    free(destination);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s BLOSC_PLUGIN LZ4_PLUGIN ZSTD_PLUGIN\n", argv[0]);
        return 2;
    }
    loaded_plugin blosc, lz4, zstd;
    if (load_plugin(argv[1], &blosc) || load_plugin(argv[2], &lz4) || load_plugin(argv[3], &zstd))
        return 1;
    test_blosc_options(blosc.filter);
    test_blosc_set_local(blosc.filter);
    test_blosc_round_trips(blosc.filter);
    test_blosc_value_counts_and_bytes(blosc.filter);
    test_lz4(lz4.filter);
    test_zstd(zstd.filter);
    unsigned blosc_values[7] = {2, 2, 8, 80000, 5, 1, 1}, lz4_values[1] = {0}, zstd_values[1] = {3};
    test_hdf5_face(&blosc, 32001, blosc_values, 7);
    test_hdf5_face(&lz4, 32004, lz4_values, 1);
    test_hdf5_face(&zstd, 32015, zstd_values, 1);
    unsigned blosc_destination_values[7] = {2, 2, 8, 300000, 5, 1, 1};
    test_destination(blosc.filter, blosc_destination_values, 7);
    test_destination(lz4.filter, lz4_values, 1);
    test_destination(zstd.filter, zstd_values, 1);
    return finish_checks("filter classes");
}
