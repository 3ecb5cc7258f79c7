/*
 * Damaged chunks against every decoder: each must answer with an error
 * (or, where the damage cannot be seen, with exactly the expected number of
 * bytes), and never crash or read out of bounds — run under AddressSanitizer
 * in the sanitized build.  The libFuzzer targets in tests/fuzz explore the
 * same ground further when built with clang.
 *
 * usage: filter_decoder_smoke BLOSC_PLUGIN LZ4_PLUGIN ZSTD_PLUGIN
 */
#include "filter_test.h"
#include "measurement_data.h"

typedef struct size_field {
    size_t offset, length; /* bytes that record a size */
} size_field;

static int decode(const h5x_filter_class *f, const unsigned *values, size_t count, const void *in, size_t in_size,
                  size_t expected, size_t *out_size, char *error, size_t error_size)
{
    h5x_filter_call call = make_call(error, error_size, 0);
    void *out = NULL;
    *out_size = 0;
    int rc = f->decode(values, count, in, in_size, expected, &out, out_size, &call);
    free(out);
    return rc;
}

static void smoke(const h5x_filter_class *f, const unsigned *values, size_t count, const size_field *fields,
                  size_t nfields)
{
    const size_t size = 64 * 1024;
    unsigned char *data = malloc(size);
    measurement_fill(MEASUREMENT_SMOOTH_F64, data, size, 42);
    char error[256];
    h5x_filter_call call = make_call(error, sizeof error, 1);
    void *encoded = NULL;
    size_t encoded_size = 0, out_size;
    CHECK(f->encode(values, count, data, size, &encoded, &encoded_size, &call) == 1, "%s encode", f->name);
    unsigned char *chunk = encoded;
    unsigned char *copy = malloc(encoded_size);

    /* every truncation is an error, with or without the expected size */
    int truncations = 0, wrong = 0;
    for (size_t n = 0; n < encoded_size; n = n < 64 ? n + 1 : n + 97) {
        unsigned char *piece = malloc(n ? n : 1); /* exact size, so that ASan sees overreads */
        memcpy(piece, chunk, n);
        truncations++;
        if (decode(f, values, count, piece, n, size, &out_size, error, sizeof error) != -1 || !error[0] ||
            decode(f, values, count, piece, n, 0, &out_size, error, sizeof error) != -1 || !error[0])
            wrong++;
        free(piece);
    }
    CHECK(wrong == 0, "%s: %d of %d truncated chunks were not refused", f->name, wrong, truncations);
    CHECK(decode(f, values, count, chunk, encoded_size - 1, size, &out_size, error, sizeof error) == -1,
          "%s: one byte short", f->name);

    /* a damaged size field is an error when the size is known */
    wrong = 0;
    int flips = 0;
    for (size_t i = 0; i < nfields; i++)
        for (size_t byte = fields[i].offset; byte < fields[i].offset + fields[i].length; byte++)
            for (int bit = 0; bit < 8; bit++) {
                memcpy(copy, chunk, encoded_size);
                copy[byte] ^= (unsigned char)(1u << bit);
                flips++;
                if (decode(f, values, count, copy, encoded_size, size, &out_size, error, sizeof error) != -1)
                    wrong++;
            }
    CHECK(wrong == 0, "%s: %d of %d flipped size bits went unnoticed", f->name, wrong, flips);

    /* any other flipped bit: an error, or exactly the expected size */
    uint64_t state = 7;
    int detected = 0;
    wrong = 0;
    for (int trial = 0; trial < 2000; trial++) {
        memcpy(copy, chunk, encoded_size);
        size_t byte = (size_t)(measurement_next(&state) % encoded_size);
        copy[byte] ^= (unsigned char)(1u << (measurement_next(&state) % 8));
        int rc = decode(f, values, count, copy, encoded_size, size, &out_size, error, sizeof error);
        if (rc == -1)
            detected++;
        else if (rc != 1 || out_size != size)
            wrong++;
        rc = decode(f, values, count, copy, encoded_size, 0, &out_size, error, sizeof error);
        if (rc != -1 && rc != 1)
            wrong++;
    }
    CHECK(wrong == 0, "%s: %d bit flips gave neither an error nor the expected size", f->name, wrong);
    printf("%s: %d of 2000 random bit flips detected\n", f->name, detected);

    /* garbage of every kind */
    wrong = 0;
    for (size_t n = 0; n < 300; n += 7) {
        unsigned char *garbage = malloc(n ? n : 1);
        for (int pattern = 0; pattern < 3; pattern++) {
            for (size_t i = 0; i < n; i++)
                garbage[i] = pattern == 0 ? 0 : pattern == 1 ? 0xff : (unsigned char)measurement_next(&state);
            int rc = decode(f, values, count, garbage, n, size, &out_size, error, sizeof error);
            if (!(rc == -1 && error[0]) && !(rc == 1 && out_size == size))
                wrong++;
        }
        free(garbage);
    }
    CHECK(wrong == 0, "%s: %d garbage inputs gave neither an error nor the expected size", f->name, wrong);
    free(copy);
    free(encoded);
    free(data);
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
    /* Blosc's header: bytes 4-7 uncompressed size, 12-15 compressed size */
    const size_field blosc_fields[] = {{4, 4}, {12, 4}};
    const char *compressors[] = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};
    for (unsigned c = 0; c < 6; c++) {
        unsigned values[7] = {2, 2, 8, 65536, 5, c % 3, c};
        printf("blosc with %s\n", compressors[c]);
        smoke(blosc.filter, values, 7, blosc_fields, 2);
    }
    /* LZ4's header: bytes 0-7 total size */
    const size_field lz4_fields[] = {{0, 8}};
    unsigned lz4_values[1] = {8192};
    smoke(lz4.filter, lz4_values, 1, lz4_fields, 1);
    /* Zstandard: the frame header's content size sits after the magic
     * number and descriptor; a single-segment frame of 64 KiB stores it in
     * bytes 5-8 (the descriptor's Frame_Content_Size_flag is 2) */
    const size_field zstd_fields[] = {{5, 4}};
    unsigned zstd_values[1] = {3};
    smoke(zstd.filter, zstd_values, 1, zstd_fields, 1);
    return finish_checks("decoder smoke");
}
