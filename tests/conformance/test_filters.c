/*
 * test_filters.c — filter chains on every connector that claims them.
 *
 * A filter must be invisible in the values: whatever chain a dataset was
 * created with, what is read back is what was written, through whole and
 * partial writes, edge chunks that the dataset only partly covers, reads of
 * small blocks and strides, and a reopen.  It must be visible in the
 * storage: compressible data takes fewer bytes than its raw chunks, and the
 * filters that do not compress (shuffle, fletcher32) store exactly the
 * chunks HDF5 would — every chunk whole, fletcher32 adding four bytes each.
 *
 * Every option combination runs here: gzip levels, shuffle, fletcher32,
 * lz4, zstd, each Blosc compressor with each of its shuffles, and chains of
 * them, over integer and floating-point dtypes of every width.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

enum { ROWS = 37, COLS = 23, CHUNK_ROWS = 10, CHUNK_COLS = 8 };
/* chunks in the grid: 4 x 3, the last row and column only partly used */
enum { CHUNK_COUNT = 4 * 3 };

/* GROWS: compresses this data; STORES: keeps it (gzip level 0 adds its
 * stream's framing) */
typedef enum { GROWS, STORES, KEEPS_SIZE, ADDS_CHECKSUM } storage_kind;

typedef struct chain_case {
    const char *text;
    storage_kind storage;
} chain_case;

static const chain_case chains[] = {
    {"gzip:0", STORES},
    {"gzip:1", GROWS},
    {"gzip:4", GROWS},
    {"gzip:6", GROWS},
    {"gzip:9", GROWS},
    {"shuffle", KEEPS_SIZE},
    {"fletcher32", ADDS_CHECKSUM},
    {"shuffle,fletcher32", ADDS_CHECKSUM},
    {"shuffle,gzip:6", GROWS},
    {"gzip:5,fletcher32", GROWS},
    {"shuffle,gzip:9,fletcher32", GROWS},
    {"lz4", GROWS},
    {"shuffle,lz4", GROWS},
    {"zstd", GROWS},
    {"zstd:9", GROWS},
    {"shuffle,zstd:3,fletcher32", GROWS},
};

static const char *const blosc_compressors[] = {"blosclz", "lz4", "lz4hc", "zlib", "zstd"};
static const char *const blosc_shuffles[] = {"noshuffle", "shuffle", "bitshuffle"};

static const char *const dtypes[] = {"u1", "i2", "<u2", ">i4", "f4", "<f8", ">f8", "i8"};

/* Compressible values that still differ: a slow ramp. */
static double value_at(int row, int col, int salt)
{
    return (double)((row * 3 + col / 4 + salt) % 60);
}

static int is_compressing(const char *text)
{
    return strstr(text, "gzip") != NULL || strstr(text, "lz4") != NULL || strstr(text, "zstd") != NULL ||
           strstr(text, "blosc") != NULL;
}

/* One chain on one dtype: create, write whole, overwrite a block across
 * chunk borders, reopen, and read it all back. */
static void round_trip(conf_context *ctx, h5x_object **file, const char *stem, const char *chain, storage_kind storage,
                       const char *dtype_text, int index)
{
    const h5x_dtype *dtype = h5x_predefined(dtype_text);
    size_t element_size = h5x_dtype_size(dtype);
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){ROWS, COLS});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){CHUNK_ROWS, CHUNK_COLS});
    static double values[ROWS * COLS], back[ROWS * COLS];
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++)
            values[r * COLS + c] = value_at(r, c, index);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    options.filters = chain;
    char name[64];
    snprintf(name, sizeof name, "d%d", index);
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(*file, name, dtype, &shape, &options));
    if (dataset == NULL) {
        harness_note("chain '%s' on %s", chain, dtype_text);
        return;
    }
    int ok = CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_F64, values, NULL)) >= 0;
    /* a block across four chunks, one of them an edge chunk */
    double block[8 * 9];
    for (int r = 0; r < 8; r++)
        for (int c = 0; c < 9; c++) {
            block[r * 9 + c] = (double)((r + c) % 7 + 1);
            values[(29 + r) * COLS + 12 + c] = block[r * 9 + c];
        }
    ok &= CHECK_OK(h5x_dataset_write_text(dataset, "29:37, 12:21", H5X_F64, block, NULL)) >= 0;
    h5x_close(dataset);
    *file = conf_reopen(ctx, *file, stem, "a");
    if (*file == NULL)
        return;
    dataset = CHECK_PTR(h5x_open(*file, name));
    if (dataset == NULL)
        return;
    memset(back, 0, sizeof back);
    ok &= CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, back, sizeof back)) >= 0;
    ok &= CHECK_DOUBLES(back, values, ROWS * COLS);
    /* a small block in the corner chunk, and a stride over all of them */
    double corner[3 * 5], want_corner[3 * 5];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 5; c++)
            want_corner[r * 5 + c] = values[(34 + r) * COLS + 18 + c];
    ok &= CHECK_OK(h5x_dataset_read_text(dataset, "34:37, 18:23", H5X_F64, corner, sizeof corner)) >= 0;
    ok &= CHECK_DOUBLES(corner, want_corner, 15);
    double strided[13 * 6], want_strided[13 * 6];
    for (int r = 0; r < 13; r++)
        for (int c = 0; c < 6; c++)
            want_strided[r * 6 + c] = values[(r * 3) * COLS + 1 + c * 4];
    ok &= CHECK_OK(h5x_dataset_read_text(dataset, "::3, 1::4", H5X_F64, strided, sizeof strided)) >= 0;
    ok &= CHECK_DOUBLES(strided, want_strided, 13 * 6);
    uint64_t stored = 0;
    ok &= CHECK_OK(h5x_dataset_storage_size(dataset, &stored)) >= 0;
    uint64_t raw = (uint64_t)CHUNK_COUNT * CHUNK_ROWS * CHUNK_COLS * element_size;
    if (storage == KEEPS_SIZE)
        ok &= CHECK_UINT(stored, raw);
    else if (storage == ADDS_CHECKSUM)
        ok &= CHECK_UINT(stored, raw + 4 * CHUNK_COUNT);
    else if (storage == GROWS && is_compressing(chain) && element_size > 1)
        ok &= CHECK_MSG(stored > 0 && stored < raw, "'%s' on %s stores %llu bytes of %llu raw", chain, dtype_text,
                        (unsigned long long)stored, (unsigned long long)raw);
    else
        ok &= CHECK(stored > 0);
    if (!ok)
        harness_note("chain '%s' on %s", chain, dtype_text);
    h5x_close(dataset);
}

static void test_chains(conf_context *ctx)
{
    harness_case("every chain on every dtype: values, edge chunks, storage");
    const char *stem = "filters-chains";
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, stem, "w"));
    int index = 0;
    for (size_t c = 0; c < sizeof chains / sizeof chains[0] && file != NULL; c++)
        for (size_t t = 0; t < sizeof dtypes / sizeof dtypes[0] && file != NULL; t++)
            round_trip(ctx, &file, stem, chains[c].text, chains[c].storage, dtypes[t], index++);
    if (file != NULL)
        CHECK_OK(h5x_close(file));
}

/* libhdf5 makes scale-offset optional and accepts, when the dataset is
 * made, a scale type it cannot apply (E-scale, which it never gave a
 * format, or the integer method on floats); every chunk is then stored
 * unfiltered.  Every connector does the same. */
static void test_scaleoffset_unapplied(conf_context *ctx)
{
    harness_case("scale-offset that cannot apply stores every chunk unfiltered");
    static const struct {
        const char *chain, *dtype;
    } cases[] = {{"scaleoffset:escale:2", "<f8"}, {"scaleoffset:escale:2", "<i4"}, {"scaleoffset:int:4", "<f4"},
                 {"scaleoffset:dscale:2", "<i2"}};
    const char *stem = "filters-scaleoffset";
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, stem, "w"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0] && file != NULL; i++)
        round_trip(ctx, &file, stem, cases[i].chain, KEEPS_SIZE, cases[i].dtype, (int)i);
    if (file != NULL)
        CHECK_OK(h5x_close(file));
}

static void test_blosc(conf_context *ctx)
{
    harness_case("blosc: every compressor with every shuffle, alone and in chains");
    const char *stem = "filters-blosc";
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, stem, "w"));
    const char *blosc_dtypes[] = {"i2", "f8"};
    int index = 0;
    for (size_t c = 0; c < sizeof blosc_compressors / sizeof blosc_compressors[0]; c++)
        for (size_t s = 0; s < sizeof blosc_shuffles / sizeof blosc_shuffles[0]; s++)
            for (size_t t = 0; t < 2 && file != NULL; t++) {
                char chain[96];
                snprintf(chain, sizeof chain, "%sblosc:%s:5:%s", t == 1 && s == 0 ? "shuffle," : "",
                         blosc_compressors[c], blosc_shuffles[s]);
                round_trip(ctx, &file, stem, chain, GROWS, blosc_dtypes[t], index++);
            }
    if (file != NULL)
        CHECK_OK(h5x_close(file));
}

static void test_incompressible(conf_context *ctx)
{
    harness_case("incompressible chunks and unwritten chunks");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "filters-random", "w"));
    enum { N = 5000, CHUNK = 1000 };
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){N});
    h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){CHUNK});
    static uint32_t noise[N], back[N];
    uint32_t state = 12345;
    for (int i = 0; i < N; i++) {
        uint32_t word = 0;
        for (int b = 0; b < 4; b++) { /* an LCG's low bits repeat: take each byte from the top */
            state = state * 1664525u + 1013904223u;
            word = word << 8 | state >> 24;
        }
        noise[i] = word;
    }
    const char *texts[] = {"gzip:9", "shuffle,zstd:3", "lz4", "blosc:lz4:5:shuffle"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = texts[k];
        uint32_t fill = 7;
        options.fillvalue = &fill;
        char name[16];
        snprintf(name, sizeof name, "r%zu", k);
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, name, H5X_U32, &shape, &options));
        if (dataset == NULL)
            continue;
        /* two of the five chunks written, the rest never */
        CHECK_OK(h5x_dataset_write_text(dataset, "1000:3000", H5X_U32, noise + 1000, NULL));
        memset(back, 0, sizeof back);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_U32, back, sizeof back));
        int same = 1;
        for (int i = 0; i < N; i++)
            same &= back[i] == (i >= 1000 && i < 3000 ? noise[i] : 7u);
        CHECK_MSG(same, "'%s': written chunks give the noise, the others the fill value", texts[k]);
        uint64_t stored = 0;
        CHECK_OK(h5x_dataset_storage_size(dataset, &stored));
        /* two chunks held, each at most its raw size plus a compressor's
         * small overhead */
        CHECK_MSG(stored >= 2 * CHUNK * 4 - 64 && stored <= 2 * CHUNK * 4 + 2 * 128,
                  "'%s' holds %llu bytes for two incompressible chunks", texts[k], (unsigned long long)stored);
        h5x_close(dataset);
    }
    CHECK_OK(h5x_close(file));
}

static void test_resize_filtered(conf_context *ctx)
{
    harness_case("a filtered dataset grows and shrinks on both axes");
    if (!conf_has(ctx, H5X_CAP_RESIZE))
        return;
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "filters-resize", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){6, 5});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, 20});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){4, 3});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    options.maxshape = &maxshape;
    options.filters = "shuffle,gzip:6,fletcher32";
    int32_t fill = -1;
    options.fillvalue = &fill;
    int32_t first[6 * 5];
    for (int i = 0; i < 30; i++)
        first[i] = i * 10;
    options.data = first;
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_dataset_create(file, "grow", H5X_I32, &shape, &options));
    h5x_shape bigger = h5x_shape_of(2, (uint64_t[]){11, 7});
    CHECK_OK(h5x_dataset_resize(dataset, &bigger));
    int32_t rows[5 * 7];
    for (int i = 0; i < 35; i++)
        rows[i] = 1000 + i;
    CHECK_OK(h5x_dataset_write_text(dataset, "6:11, :", H5X_I32, rows, NULL));
    int32_t back[11 * 7];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, back, sizeof back));
    int same = 1;
    for (int r = 0; r < 11; r++)
        for (int c = 0; c < 7; c++) {
            int32_t want = r >= 6 ? 1000 + (r - 6) * 7 + c : c >= 5 ? -1 : first[r * 5 + c];
            same &= back[r * 7 + c] == want;
        }
    CHECK_MSG(same, "old elements kept, new columns filled, new rows written");
    h5x_shape smaller = h5x_shape_of(2, (uint64_t[]){3, 2});
    CHECK_OK(h5x_dataset_resize(dataset, &smaller));
    CHECK_OK(h5x_dataset_resize(dataset, &bigger));
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, back, sizeof back));
    same = 1;
    for (int r = 0; r < 11; r++)
        for (int c = 0; c < 7; c++)
            same &= back[r * 7 + c] == (r < 3 && c < 2 ? first[r * 5 + c] : -1);
    CHECK_MSG(same, "shrinking dropped the cut elements: growing again shows the fill value");
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

/* Threads: where a connector filters the chunks of one call on several
 * threads (native and family: whole and chunk-aligned writes, block
 * reads), the values and the stored bytes must be what one thread gives.
 * Each chain writes the same data on 1 and on 4 threads: the whole
 * dataset, a chunk-aligned block, a block of edge chunks, and a block
 * that is not aligned; both are then read back on 1 and on 4 threads,
 * whole and as a block across chunk borders. */
enum { T_ROWS = 300, T_COLS = 517, T_CHUNK_ROWS = 64, T_CHUNK_COLS = 100 };

typedef struct block_write {
    const char *text;
    int r0, r1, c0, c1;
} block_write;

static const block_write thread_writes[] = {
    {"64:192, 100:300", 64, 192, 100, 300},  /* chunk-aligned */
    {"256:300, 500:517", 256, 300, 500, 517}, /* edge chunks, to the dataset's end */
    {"10:20, 5:7", 10, 20, 5, 7},             /* inside one chunk */
};

static void write_for_threads(h5x_object *dataset, double *model, int record)
{
    static double values[T_ROWS * T_COLS];
    for (int r = 0; r < T_ROWS; r++)
        for (int c = 0; c < T_COLS; c++)
            values[r * T_COLS + c] = (double)((r * 7 + c) % 1000) * 0.5;
    CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_F64, values, NULL));
    if (record)
        memcpy(model, values, sizeof values);
    for (size_t w = 0; w < sizeof thread_writes / sizeof thread_writes[0]; w++) {
        const block_write *b = &thread_writes[w];
        int rows = b->r1 - b->r0, cols = b->c1 - b->c0;
        double *block = malloc(sizeof *block * (size_t)(rows * cols));
        if (block == NULL)
            return;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                block[r * cols + c] = (double)(1000 + w * 100 + (r + c) % 50);
                if (record)
                    model[(b->r0 + r) * T_COLS + b->c0 + c] = block[r * cols + c];
            }
        CHECK_OK(h5x_dataset_write_text(dataset, b->text, H5X_F64, block, NULL));
        free(block);
    }
}

static void read_for_threads(h5x_object *dataset, const double *model, const char *chain, int threads)
{
    static double back[T_ROWS * T_COLS], block[213 * 389], want[213 * 389];
    memset(back, 0, sizeof back);
    int ok = CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, back, sizeof back)) >= 0;
    ok &= CHECK_DOUBLES(back, model, T_ROWS * T_COLS);
    for (int r = 0; r < 213; r++)
        for (int c = 0; c < 389; c++)
            want[r * 389 + c] = model[(37 + r) * T_COLS + 11 + c];
    ok &= CHECK_OK(h5x_dataset_read_text(dataset, "37:250, 11:400", H5X_F64, block, sizeof block)) >= 0;
    ok &= CHECK_DOUBLES(block, want, 213 * 389);
    if (!ok)
        harness_note("chain '%s' read on %d threads", chain, threads);
}

static void test_threads(conf_context *ctx)
{
    harness_case("chunks filtered on 1 and on 4 threads: the same values and the same storage");
    static const char *const thread_chains[] = {"gzip:6", "shuffle,gzip:4,fletcher32", "blosc:lz4:5:shuffle",
                                                "blosc:zstd:3:bitshuffle", "lz4", "zstd:3"};
    const char *stem = "filters-threads";
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, stem, "w"));
    static double model[T_ROWS * T_COLS];
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){T_ROWS, T_COLS});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){T_CHUNK_ROWS, T_CHUNK_COLS});
    const int thread_counts[] = {1, 4};
    for (size_t k = 0; k < sizeof thread_chains / sizeof thread_chains[0] && file != NULL; k++) {
        uint64_t stored[2] = {0, 0};
        for (int t = 0; t < 2; t++) {
            CHECK_OK(h5x_config_set_filter_threads(thread_counts[t]));
            h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
            options.chunks = &chunks;
            options.filters = thread_chains[k];
            char name[32];
            snprintf(name, sizeof name, "c%zu_t%d", k, thread_counts[t]);
            h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, name, H5X_F64, &shape, &options));
            if (dataset == NULL)
                continue;
            write_for_threads(dataset, model, t == 0);
            CHECK_OK(h5x_dataset_storage_size(dataset, &stored[t]));
            h5x_close(dataset);
        }
        CHECK_MSG(stored[0] == stored[1] && stored[0] > 0, "'%s' stores %llu bytes on 1 thread, %llu on 4",
                  thread_chains[k], (unsigned long long)stored[0], (unsigned long long)stored[1]);
        file = conf_reopen(ctx, file, stem, "a");
        for (int t = 0; t < 2 && file != NULL; t++) {
            CHECK_OK(h5x_config_set_filter_threads(thread_counts[t]));
            for (int written = 0; written < 2; written++) {
                char name[32];
                snprintf(name, sizeof name, "c%zu_t%d", k, thread_counts[written]);
                h5x_object *dataset = CHECK_PTR(h5x_open(file, name));
                if (dataset != NULL)
                    read_for_threads(dataset, model, thread_chains[k], thread_counts[t]);
                h5x_close(dataset);
            }
        }
    }
    /* chunks never written read as the fill value, on any thread count */
    if (file != NULL) {
        CHECK_OK(h5x_config_set_filter_threads(4));
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = "blosc:lz4:5:shuffle";
        double fill = -2.5;
        options.fillvalue = &fill;
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "sparse", H5X_F64, &shape, &options));
        if (dataset != NULL) {
            static double block[T_CHUNK_ROWS * T_CHUNK_COLS * 2], back[T_ROWS * T_COLS];
            for (int i = 0; i < T_CHUNK_ROWS * T_CHUNK_COLS * 2; i++)
                block[i] = i;
            CHECK_OK(h5x_dataset_write_text(dataset, "64:128, 200:400", H5X_F64, block, NULL));
            CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, back, sizeof back));
            int same = 1;
            for (int r = 0; r < T_ROWS; r++)
                for (int c = 0; c < T_COLS; c++) {
                    int inside = r >= 64 && r < 128 && c >= 200 && c < 400;
                    double want = inside ? (double)((r - 64) * 200 + c - 200) : fill;
                    same &= back[r * T_COLS + c] == want;
                }
            CHECK_MSG(same, "a dataset written in two chunks reads the fill value everywhere else");
            h5x_close(dataset);
        }
    }
    CHECK_OK(h5x_config_set_filter_threads(0));
    if (file != NULL)
        CHECK_OK(h5x_close(file));
}

void conformance_filters(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    if (!conf_has(ctx, H5X_CAP_FILTERS)) {
        harness_case("filters are refused by a connector that does not claim them");
        h5x_object *file;
        REQUIRE_PTR(file, conf_open(ctx, "filters-none", "w"));
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100});
        h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){10});
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = "gzip:4";
        CHECK_NULL_STATUS(h5x_dataset_create(file, "gz", H5X_I32, &shape, &options), H5X_ERR_NOT_SUPPORTED);
        CHECK_OK(h5x_close(file));
        return;
    }
    test_chains(ctx);
    test_scaleoffset_unapplied(ctx);
    test_blosc(ctx);
    test_incompressible(ctx);
    test_resize_filtered(ctx);
    test_threads(ctx);
}
