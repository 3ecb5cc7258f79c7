/*
 * The core's filter chains and chunk pipeline: parsing and formatting
 * chain text, the plugin registry (lookup, listing, refusing a plugin of
 * another ABI version), and chunks through chains of built-in and plugin
 * filters, including the skipping of optional filters and the detection of
 * damaged chunks.
 *
 * usage: filter_pipeline_test                     the unit tests
 *        filter_pipeline_test encode CHAIN ELEMENT_SIZE IN OUT
 *        filter_pipeline_test decode CHAIN ELEMENT_SIZE MASK STORED EXPECTED
 * The two modes let tests/filters/interop_pipeline_hdf5.py exchange chunks
 * with HDF5 through h5py's direct chunk I/O.  H5X_PLUGIN_PATH must name
 * the plugin directory.
 */
#include "filter_test.h"
#include "measurement_data.h"

#include "error.h"
#include "filter_pipeline.h"
#include "filter_registry.h"
#include "h5x.h"
#include "h5x_connector.h"

#include <stdint.h>
#include <zlib.h>

static void test_parse(void)
{
    h5x_filter_chain chain;
    CHECK(h5x_filter_chain_parse("shuffle,gzip:6", &chain) == 0 && chain.count == 2 && chain.filters[0].id == 2 &&
              chain.filters[1].id == 1 && chain.filters[1].nvalues == 1 && chain.filters[1].values[0] == 6 &&
              chain.filters[0].flags == H5X_FILTER_FLAG_OPTIONAL && strcmp(chain.filters[1].name, "gzip") == 0,
          "shuffle,gzip:6: %s", h5x_last_error()->message);
    CHECK(h5x_filter_chain_parse(" shuffle , gzip ", &chain) == 0 && chain.count == 2 && chain.filters[1].values[0] == 4,
          "gzip defaults to level 4");
    CHECK(h5x_filter_chain_parse("fletcher32", &chain) == 0 && chain.filters[0].id == 3 && chain.filters[0].flags == 0,
          "fletcher32 is mandatory");
    CHECK(h5x_filter_chain_parse("", &chain) == 0 && chain.count == 0, "empty chain");
    CHECK(h5x_filter_chain_parse("blosc:lz4:5:shuffle", &chain) == 0 && chain.count == 1 &&
              chain.filters[0].id == 32001 && chain.filters[0].nvalues == 7 && chain.filters[0].values[4] == 5 &&
              chain.filters[0].values[5] == 1 && chain.filters[0].values[6] == 1 &&
              strcmp(chain.filters[0].name, "blosc") == 0,
          "blosc:lz4:5:shuffle: %s", h5x_last_error()->message);
    CHECK(h5x_filter_chain_parse("zstd:9", &chain) == 0 && chain.filters[0].id == 32015 &&
              chain.filters[0].values[0] == 9,
          "zstd:9");
    CHECK(h5x_filter_chain_parse("32015:9", &chain) == 0 && chain.filters[0].id == 32015 &&
              chain.filters[0].nvalues == 1 && chain.filters[0].values[0] == 9 &&
              strcmp(chain.filters[0].name, "zstd") == 0,
          "32015:9 is zstd with raw values (name '%s')", chain.filters[0].name);
    CHECK(h5x_filter_chain_parse("lz4:65536", &chain) == 0 && chain.filters[0].id == 32004 &&
              chain.filters[0].values[0] == 65536,
          "lz4:65536");
    CHECK(h5x_filter_chain_parse("szip", &chain) == 0 && chain.filters[0].id == 4 && chain.filters[0].values[0] == 32 &&
              chain.filters[0].values[1] == 8,
          "szip defaults to nn:8");
    CHECK(h5x_filter_chain_parse("szip:ec:16", &chain) == 0 && chain.filters[0].values[0] == 4 &&
              chain.filters[0].values[1] == 16,
          "szip:ec:16");
    CHECK(h5x_filter_chain_parse("scaleoffset:2,nbit", &chain) == 0 && chain.filters[0].id == 6 &&
              chain.filters[0].nvalues == 1 && chain.filters[0].values[0] == 2 && chain.filters[1].id == 5,
          "scaleoffset:2,nbit");
    CHECK(h5x_filter_chain_parse("scaleoffset:dscale:3", &chain) == 0 && chain.filters[0].nvalues == 2 &&
              chain.filters[0].values[0] == 0 && chain.filters[0].values[1] == 3,
          "scaleoffset:dscale:3");
    CHECK(h5x_filter_chain_parse("40000:1:2:3", &chain) == 0 && chain.filters[0].id == 40000 &&
              chain.filters[0].nvalues == 3 && chain.filters[0].values[2] == 3 &&
              strcmp(chain.filters[0].name, "40000") == 0,
          "an unknown id with raw values");

    struct {
        const char *text;
        int code;
        const char *words;
    } bad[] = {
        {"nosuch", H5X_ERR_PLUGIN, "no filter named 'nosuch' (searched: "},
        {"gzip:10", H5X_ERR_OPTION, "gzip"},
        {"gzip,gzip", H5X_ERR_OPTION, "twice"},
        {"shuffle:4", H5X_ERR_OPTION, "shuffle"},
        {"blosc:foo", H5X_ERR_OPTION, "blosc"},
        {"70000", H5X_ERR_OPTION, "70000"},
        {"shuffle,,gzip", H5X_ERR_OPTION, "empty"},
        {"szip:nn:7", H5X_ERR_OPTION, "szip"},
        {"zstd:99", H5X_ERR_OPTION, "zstd"},
        {"badabi", H5X_ERR_PLUGIN, "libh5x_badabi.so has ABI version 2"},
        {"1,2,3,4,5,6,32001,32004,32015,300,301,302,303,304,305,306,307", H5X_ERR_OPTION, "more than 16"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = h5x_filter_chain_parse(bad[i].text, &chain);
        const h5x_error_info *e = h5x_last_error();
        CHECK(rc == bad[i].code && e->code == bad[i].code && strstr(e->message, bad[i].words) && chain.count == 0,
              "'%s' -> %d '%s'", bad[i].text, rc, e->message);
    }
}

static void test_format(void)
{
    struct {
        const char *text, *canonical;
    } cases[] = {
        {"shuffle,gzip:6", "shuffle,gzip:6"},
        {"gzip", "gzip:4"},
        {"blosc:lz4:5:shuffle", "blosc:lz4:5:shuffle"},
        {"blosc", "blosc:lz4:5:shuffle"},
        {"blosc:zstd:9:bitshuffle,fletcher32", "blosc:zstd:9:bitshuffle,fletcher32"},
        {"32015:9", "zstd:9"},
        {"zstd", "zstd:3"},
        {"lz4", "lz4"},
        {"lz4:65536", "lz4:65536"},
        {"szip:ec:16", "szip:ec:16"},
        {"scaleoffset:2", "scaleoffset:2"},
        {"scaleoffset:int:0", "scaleoffset:int:0"},
        {"40000:1:2", "40000:1:2"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h5x_filter_chain chain, again;
        char *text = NULL;
        int rc = h5x_filter_chain_parse(cases[i].text, &chain);
        if (rc == 0)
            rc = h5x_filter_chain_format(&chain, &text);
        CHECK(rc == 0 && strcmp(text, cases[i].canonical) == 0, "'%s' formats as '%s'", cases[i].text,
              text ? text : "(error)");
        CHECK(rc == 0 && h5x_filter_chain_parse(text, &again) == 0 && again.count == chain.count &&
                  memcmp(again.filters, chain.filters, chain.count * sizeof chain.filters[0]) == 0,
              "'%s' parses back", text ? text : "");
        h5x_free(text);
    }
    /* a chain as a file stores it, after set_local */
    h5x_filter_chain stored = {0};
    stored.count = 2;
    stored.filters[0].id = 2;
    stored.filters[0].nvalues = 1;
    stored.filters[0].values[0] = 8;
    stored.filters[1].id = 32001;
    stored.filters[1].nvalues = 7;
    unsigned blosc_values[7] = {2, 2, 8, 80000, 9, 2, 5};
    memcpy(stored.filters[1].values, blosc_values, sizeof blosc_values);
    char *text = NULL;
    CHECK(h5x_filter_chain_format(&stored, &text) == 0 && strcmp(text, "shuffle,blosc:zstd:9:bitshuffle") == 0,
          "stored chain formats as '%s'", text ? text : "(error)");
    h5x_free(text);
}

static void test_registry(void)
{
    const h5x_filter_class *blosc = h5x_filter_lookup(32001);
    CHECK(blosc && strcmp(blosc->name, "blosc") == 0, "lookup 32001");
    CHECK(h5x_filter_lookup(32015) && h5x_filter_lookup(32004), "lookup zstd, lz4");
    CHECK(h5x_filter_lookup(31999) == NULL && h5x_last_error()->code == H5X_ERR_PLUGIN &&
              strstr(h5x_last_error()->message, "31999"),
          "lookup of a missing id: '%s'", h5x_last_error()->message);
    int count = h5x_filter_count();
    CHECK(count == 9, "6 built-in and 3 plugin filters, not %d", count);
    int seen = 0;
    for (int i = 0; i < count; i++) {
        h5x_plugin_info info;
        if (h5x_filter_info(i, &info) != 0)
            continue;
        if (strcmp(info.name, "blosc") == 0 && info.filter_id == 32001 && strstr(info.path, "libh5x_blosc.so") &&
            strcmp(info.version, "1.0.0") == 0)
            seen |= 1;
        if (strcmp(info.name, "gzip") == 0 && info.filter_id == 1)
            seen |= 2;
    }
    CHECK(seen == 3, "filter info lists blosc and gzip (%d)", seen);
    h5x_plugin_info info;
    CHECK(h5x_filter_info(count, &info) == H5X_ERR_INVALID_ARGUMENT, "filter info out of range");
}

static int run_chain(const char *text, measurement_kind kind, size_t chunk_bytes, unsigned *mask, size_t *stored_size)
{
    h5x_filter_chain chain;
    size_t width = measurement_type_size(kind);
    if (h5x_filter_chain_parse(text, &chain) != 0 || h5x_pipeline_prepare(&chain, width, width, chunk_bytes) != 0) {
        fprintf(stderr, "%s: %s\n", text, h5x_last_error()->message);
        return -1;
    }
    unsigned char *data = malloc(chunk_bytes);
    measurement_fill(kind, data, chunk_bytes, 99);
    void *stored = NULL, *restored = NULL;
    size_t restored_size = 0;
    int rc = h5x_pipeline_encode(&chain, data, chunk_bytes, &stored, stored_size, mask);
    if (rc == 0)
        rc = h5x_pipeline_decode(&chain, *mask, stored, *stored_size, chunk_bytes, &restored, &restored_size);
    if (rc != 0)
        fprintf(stderr, "%s on %s: %s\n", text, measurement_name(kind), h5x_last_error()->message);
    int ok = rc == 0 && restored_size == chunk_bytes && memcmp(restored, data, chunk_bytes) == 0;
    free(data);
    free(stored);
    free(restored);
    return ok ? 0 : -1;
}

static void test_pipeline(void)
{
    const char *chains[] = {"shuffle,gzip:6", "shuffle,gzip:6,fletcher32", "blosc:lz4:5:shuffle",
                            "blosc:zstd:9:bitshuffle,fletcher32", "zstd:9", "lz4", "shuffle,zstd:3",
                            "fletcher32,lz4:4096", "gzip:0", "gzip:9", "shuffle", "fletcher32", "",
                            "shuffle,blosc:blosclz:9:noshuffle,gzip:1", "32015:1"};
    const size_t sizes[] = {1, 3, 4096, 100003, 256 * 1024};
    int failures = 0, runs = 0;
    for (size_t c = 0; c < sizeof chains / sizeof chains[0]; c++)
        for (int kind = 0; kind < MEASUREMENT_KIND_COUNT; kind++)
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                unsigned mask;
                size_t stored;
                runs++;
                if (run_chain(chains[c], (measurement_kind)kind, sizes[s], &mask, &stored) != 0) {
                    failures++;
                    fprintf(stderr, "chain '%s' fails on %s, %zu bytes\n", chains[c],
                            measurement_name((measurement_kind)kind), sizes[s]);
                }
            }
    CHECK(failures == 0, "%d of %d chunk round trips failed", failures, runs);

    unsigned mask;
    size_t stored;
    CHECK(run_chain("blosc:lz4:5:shuffle", MEASUREMENT_SMOOTH_F64, 80000, &mask, &stored) == 0 && mask == 0 &&
              stored < 64000,
          "smooth data shrinks through Blosc (%zu bytes, mask %u)", stored, mask);
    CHECK(run_chain("shuffle,blosc:lz4:5:noshuffle", MEASUREMENT_RANDOM_BYTES, 80000, &mask, &stored) == 0 &&
              mask == 2 && stored == 80000,
          "random bytes: Blosc skipped (mask %u), stored raw (%zu)", mask, stored);
    CHECK(run_chain("gzip:6", MEASUREMENT_RANDOM_BYTES, 80000, &mask, &stored) == 0 && mask == 0 && stored > 80000,
          "deflate keeps a larger chunk as HDF5 does (%zu bytes)", stored);
    CHECK(run_chain("zstd:3,fletcher32", MEASUREMENT_RANDOM_BYTES, 80000, &mask, &stored) == 0 && mask == 1 &&
              stored == 80004,
          "zstd skipped, fletcher32 kept (mask %u, %zu bytes)", mask, stored);

    /* shuffle exactly as HDF5: planes of equal significance, tail in place */
    h5x_filter_chain chain;
    h5x_filter_chain_parse("shuffle", &chain);
    h5x_pipeline_prepare(&chain, 4, 4, 11);
    const unsigned char plain[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    const unsigned char shuffled[11] = {1, 5, 2, 6, 3, 7, 4, 8, 9, 10, 11};
    void *out = NULL;
    size_t out_size = 0;
    CHECK(h5x_pipeline_encode(&chain, plain, 11, &out, &out_size, &mask) == 0 && out_size == 11 &&
              memcmp(out, shuffled, 11) == 0,
          "shuffle layout");
    free(out);

    /* deflate is a zlib stream */
    h5x_filter_chain_parse("gzip:6", &chain);
    h5x_pipeline_prepare(&chain, 8, 8, 8000);
    unsigned char *data = malloc(8000), *check = malloc(8000);
    measurement_fill(MEASUREMENT_SMOOTH_F64, data, 8000, 1);
    uLongf check_size = 8000;
    CHECK(h5x_pipeline_encode(&chain, data, 8000, &out, &out_size, &mask) == 0 &&
              uncompress(check, &check_size, out, out_size) == Z_OK && check_size == 8000 &&
              memcmp(check, data, 8000) == 0,
          "deflate output is a zlib stream");
    free(out);

    /* Fletcher-32 of HDF5: over big-endian 16-bit words, stored little-endian */
    h5x_filter_chain_parse("fletcher32", &chain);
    const unsigned char word_data[4] = {0x01, 0x02, 0x03, 0x04};
    CHECK(h5x_pipeline_encode(&chain, word_data, 4, &out, &out_size, &mask) == 0 && out_size == 8,
          "fletcher32 appends 4 bytes");
    /* sum1 = 0x0102 + 0x0304 = 0x0406, sum2 = 0x0102 + 0x0406 = 0x0508 */
    const unsigned char expected_sum[4] = {0x06, 0x04, 0x08, 0x05};
    CHECK(out_size == 8 && memcmp((unsigned char *)out + 4, expected_sum, 4) == 0, "fletcher32 value");
    ((unsigned char *)out)[1] ^= 1;
    void *restored = NULL;
    size_t restored_size;
    CHECK(h5x_pipeline_decode(&chain, 0, out, out_size, 4, &restored, &restored_size) == H5X_ERR_CORRUPT &&
              strstr(h5x_last_error()->message, "Fletcher32"),
          "fletcher32 detects damage: '%s'", h5x_last_error()->message);
    free(out);

    /* a damaged Blosc chunk is reported as corrupt, naming the filter */
    h5x_filter_chain_parse("blosc:lz4:5:shuffle", &chain);
    h5x_pipeline_prepare(&chain, 8, 8, 8000);
    CHECK(h5x_pipeline_encode(&chain, data, 8000, &out, &out_size, &mask) == 0 && mask == 0, "blosc encode");
    CHECK(h5x_pipeline_decode(&chain, 0, out, out_size - 1, 8000, &restored, &restored_size) == H5X_ERR_CORRUPT &&
              strstr(h5x_last_error()->message, "blosc"),
          "truncated blosc chunk: '%s'", h5x_last_error()->message);
    CHECK(h5x_pipeline_decode(&chain, 0, out, out_size, 8008, &restored, &restored_size) == H5X_ERR_CORRUPT,
          "wrong chunk size: '%s'", h5x_last_error()->message);
    free(out);
    free(data);
    free(check);

    CHECK(h5x_filter_chain_parse("szip", &chain) == 0 &&
              h5x_pipeline_prepare(&chain, 4, 4, 4000) == H5X_ERR_NOT_SUPPORTED,
          "szip is left to libhdf5");
    CHECK(h5x_filter_chain_parse("blosc", &chain) == 0 &&
              h5x_pipeline_prepare(&chain, 8, 8, (size_t)1 << 31) == H5X_ERR_OPTION &&
              strstr(h5x_last_error()->message, "limit"),
          "an over-large chunk for Blosc: '%s'", h5x_last_error()->message);
}

/* --------------------------------------------- modes for the interop test */

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
    *size = fread(data, 1, (size_t)n, f);
    fclose(f);
    return data;
}

static int interop_mode(int argc, char **argv)
{
    h5x_filter_chain chain;
    size_t element_size = (size_t)atol(argv[3]);
    int encode = strcmp(argv[1], "encode") == 0;
    size_t input_size;
    unsigned char *input = read_file(argv[encode ? 4 : 5], &input_size);
    size_t expected_size = 0;
    unsigned char *expected = encode ? NULL : read_file(argv[6], &expected_size);
    if (!input || (!encode && !expected)) {
        fprintf(stderr, "cannot read the input files\n");
        return 1;
    }
    size_t chunk_bytes = encode ? input_size : expected_size;
    if (h5x_filter_chain_parse(argv[2], &chain) != 0 ||
        h5x_pipeline_prepare(&chain, element_size, element_size, chunk_bytes) != 0) {
        fprintf(stderr, "%s\n", h5x_last_error()->message);
        return 1;
    }
    void *out = NULL;
    size_t out_size = 0;
    unsigned mask = 0;
    if (encode) {
        if (h5x_pipeline_encode(&chain, input, input_size, &out, &out_size, &mask) != 0) {
            fprintf(stderr, "%s\n", h5x_last_error()->message);
            return 1;
        }
        FILE *f = fopen(argv[5], "wb");
        if (!f || fwrite(out, 1, out_size, f) != out_size || fclose(f) != 0)
            return 1;
        printf("%u\n", mask);
    } else {
        mask = (unsigned)atol(argv[4]);
        if (h5x_pipeline_decode(&chain, mask, input, input_size, chunk_bytes, &out, &out_size) != 0) {
            fprintf(stderr, "%s\n", h5x_last_error()->message);
            return 1;
        }
        if (out_size != expected_size || memcmp(out, expected, out_size) != 0) {
            fprintf(stderr, "decoded chunk differs from the expected data\n");
            return 1;
        }
    }
    (void)argc;
    free(out);
    free(input);
    free(expected);
    return 0;
}

/* decode-to CHAIN WIDTH MASK STORED OUT CHUNK_BYTES: the decoded chunk
 * into OUT, for a caller that judges it itself (scale-offset, n-bit). */
static int decode_to_mode(char **argv)
{
    h5x_filter_chain chain;
    size_t element_size = (size_t)atol(argv[3]);
    size_t chunk_bytes = (size_t)atol(argv[7]);
    size_t input_size;
    unsigned char *input = read_file(argv[5], &input_size);
    if (!input) {
        fprintf(stderr, "cannot read %s\n", argv[5]);
        return 1;
    }
    void *out = NULL;
    size_t out_size = 0;
    if (h5x_filter_chain_parse(argv[2], &chain) != 0 ||
        h5x_pipeline_prepare(&chain, element_size, element_size, chunk_bytes) != 0 ||
        h5x_pipeline_decode(&chain, (unsigned)atol(argv[4]), input, input_size, chunk_bytes, &out, &out_size) != 0) {
        fprintf(stderr, "%s\n", h5x_last_error()->message);
        free(input);
        return 1;
    }
    FILE *f = fopen(argv[6], "wb");
    int failed = !f || fwrite(out, 1, out_size, f) != out_size;
    if (f && fclose(f) != 0)
        failed = 1;
    free(out);
    free(input);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc == 8 && strcmp(argv[1], "decode-to") == 0)
        return decode_to_mode(argv);
    if ((argc == 6 && strcmp(argv[1], "encode") == 0) || (argc == 7 && strcmp(argv[1], "decode") == 0))
        return interop_mode(argc, argv);
    if (argc != 1) {
        fprintf(stderr, "usage: %s [encode CHAIN ELEMENT_SIZE IN OUT | decode CHAIN ELEMENT_SIZE MASK STORED EXPECTED]\n",
                argv[0]);
        return 2;
    }
    test_parse();
    test_format();
    test_registry();
    test_pipeline();
    return finish_checks("filter pipeline");
}
