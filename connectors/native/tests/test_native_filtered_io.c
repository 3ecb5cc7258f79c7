/*
 * test_native_filtered_io.c — the native connector's parallel path for
 * filtered chunked datasets (native_filtered_io.c) against libhdf5.
 *
 *   test_native_filtered_io DIRECTORY
 *
 * Datasets are written through h5x on four filter threads and read back
 * with libhdf5's own H5Dread in the same process: the values, the stored
 * chunks' filter masks and the storage size must be what H5Dwrite makes
 * of the same data (written through h5x on one thread, which is H5Dwrite).
 * The conformance suite's filters section covers the values on every
 * connector; this file checks the file libhdf5 sees, and which way a read
 * went.
 *
 * Which way is told by damage: one byte of a stored chunk of a dataset
 * with a Fletcher-32 checksum is changed on disk.  Both ways refuse the
 * chunk, but in their own words: h5x's chunk pipeline reports "reading
 * through filter 'fletcher32'" as H5X_ERR_CORRUPT, libhdf5 a failed
 * H5Dread.  So a read on four threads must give the first and a read on
 * one thread the second, and a read on four threads of a block inside a
 * single chunk (which stays with libhdf5) the second too.
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h5x.h"
#include "harness.h"
#include "native_test.h"

enum { ROWS = 1000, COLS = 300, CHUNK_ROWS = 100, CHUNK_COLS = 128 };

/* Smooth values, except a band of random bits that no codec shrinks, so that
 * some chunks are stored raw by an optional filter. */
static void fill_values(double *values)
{
    uint64_t state = 12345;
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            double noise;
            memcpy(&noise, &state, sizeof noise); /* random bits, NaNs and all: compared as bytes */
            values[r * COLS + c] = r >= 200 && r < 300 ? noise : (double)(r * 3 + c % 17) * 0.25;
        }
}

static void write_with_threads(h5x_object *file, const char *name, const char *chain, int threads,
                               const double *values)
{
    CHECK_OK(h5x_config_set_filter_threads(threads));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){ROWS, COLS});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){CHUNK_ROWS, CHUNK_COLS});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    options.filters = chain;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, name, H5X_F64, &shape, &options));
    if (dataset != NULL)
        CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_F64, values, NULL));
    h5x_close(dataset);
}

/* The filter masks of every stored chunk, and the dataset's storage size,
 * read with libhdf5. */
static int chunk_facts(hid_t file, const char *name, unsigned *masks, size_t capacity, hsize_t *count,
                       hsize_t *storage)
{
    hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    hid_t space = dataset < 0 ? H5I_INVALID_HID : H5Dget_space(dataset);
    int ok = space >= 0 && H5Dget_num_chunks(dataset, space, count) >= 0 && *count <= capacity;
    for (hsize_t i = 0; ok && i < *count; i++) {
        hsize_t offset[2];
        haddr_t address;
        hsize_t size;
        ok = H5Dget_chunk_info(dataset, space, i, offset, &masks[i], &address, &size) >= 0;
    }
    *storage = ok ? H5Dget_storage_size(dataset) : 0;
    if (space >= 0)
        H5Sclose(space);
    if (dataset >= 0)
        H5Dclose(dataset);
    return ok ? 0 : -1;
}

static void test_file_libhdf5_sees(void)
{
    harness_case("written on 4 threads: libhdf5 reads the values, masks and sizes of 1 thread");
    static double values[ROWS * COLS], back[ROWS * COLS];
    fill_values(values);
    static const char *const chains[] = {"shuffle,gzip:4,fletcher32", "blosc:lz4:5:shuffle", "blosc:zstd:3:bitshuffle",
                                         "lz4", "zstd:3", "gzip:1"};
    enum { CHAINS = sizeof chains / sizeof chains[0] };
    char path[4200];
    path_of("written.h5", path, sizeof path);
    h5x_object *file = CHECK_PTR(open_native(path, "w", NULL));
    if (file == NULL)
        return;
    for (size_t k = 0; k < CHAINS; k++) {
        char name[32];
        snprintf(name, sizeof name, "one_%zu", k);
        write_with_threads(file, name, chains[k], 1, values);
        snprintf(name, sizeof name, "four_%zu", k);
        write_with_threads(file, name, chains[k], 4, values);
    }
    CHECK_OK(h5x_config_set_filter_threads(0));
    CHECK_OK(h5x_close(file));

    hid_t plain = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK_MSG(plain >= 0, "libhdf5 opens %s", path);
    for (size_t k = 0; plain >= 0 && k < CHAINS; k++) {
        char one[32], four[32];
        snprintf(one, sizeof one, "one_%zu", k);
        snprintf(four, sizeof four, "four_%zu", k);
        hid_t dataset = H5Dopen2(plain, four, H5P_DEFAULT);
        memset(back, 0, sizeof back);
        CHECK_MSG(dataset >= 0 && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0,
                  "H5Dread of %s ('%s')", four, chains[k]);
        CHECK_MSG(memcmp(back, values, sizeof values) == 0, "libhdf5 reads what 4 threads wrote with '%s'",
                  chains[k]);
        if (dataset >= 0)
            H5Dclose(dataset);
        unsigned masks_one[64], masks_four[64];
        hsize_t count_one = 0, count_four = 0, storage_one = 0, storage_four = 0;
        CHECK_OK(chunk_facts(plain, one, masks_one, 64, &count_one, &storage_one));
        CHECK_OK(chunk_facts(plain, four, masks_four, 64, &count_four, &storage_four));
        CHECK_MSG(count_one == 30 && count_four == 30, "'%s': %llu and %llu chunks stored, 30 expected", chains[k],
                  (unsigned long long)count_one, (unsigned long long)count_four);
        CHECK_MSG(storage_one == storage_four, "'%s' stores %llu bytes on 1 thread, %llu on 4", chains[k],
                  (unsigned long long)storage_one, (unsigned long long)storage_four);
        int same_masks = count_one == count_four;
        unsigned skipped = 0;
        for (hsize_t i = 0; same_masks && i < count_one; i++) {
            same_masks = masks_one[i] == masks_four[i];
            skipped |= masks_four[i];
        }
        CHECK_MSG(same_masks, "'%s': the chunks' filter masks are libhdf5's", chains[k]);
        /* (Blosc keeps such a chunk itself, as a copy behind its header) */
        if (strcmp(chains[k], "lz4") == 0)
            CHECK_MSG(skipped != 0, "'%s' stores the noise chunks raw, with the filter's mask bit set", chains[k]);
    }
    if (plain >= 0)
        H5Fclose(plain);
}

static int flip_byte_on_disk(const char *path, uint64_t offset)
{
    return harness_flip_byte(path, offset, 0x40);
}

static void expect_read_failure(h5x_object *dataset, const char *selection, int threads, int through_h5x)
{
    static double back[ROWS * COLS];
    CHECK_OK(h5x_config_set_filter_threads(threads));
    int status = selection ? h5x_dataset_read_text(dataset, selection, H5X_F64, back, sizeof back)
                           : h5x_dataset_read(dataset, NULL, H5X_F64, back, sizeof back);
    const char *message = h5x_last_error()->message;
    CHECK_MSG(status < 0, "reading '%s' of a damaged chunk on %d threads fails", selection ? selection : "()",
              threads);
    int pipeline_words = strstr(message, "reading through filter 'fletcher32'") != NULL;
    if (through_h5x)
        CHECK_MSG(status == H5X_ERR_CORRUPT && pipeline_words,
                  "on %d threads h5x's pipeline refuses the chunk (status %d): %s", threads, status, message);
    else
        CHECK_MSG(!pipeline_words, "on %d threads libhdf5 refuses the chunk: %s", threads, message);
}

static void test_which_way(void)
{
    harness_case("a damaged chunk tells which way a read went");
    static double values[ROWS * COLS];
    fill_values(values);
    char path[4200];
    path_of("damaged.h5", path, sizeof path);
    h5x_object *file = CHECK_PTR(open_native(path, "w", NULL));
    if (file == NULL)
        return;
    write_with_threads(file, "sums", "fletcher32", 4, values);
    CHECK_OK(h5x_config_set_filter_threads(0));
    CHECK_OK(h5x_close(file));

    /* the chunk at (100, 128): its address from libhdf5 */
    hid_t plain = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t dataset = plain < 0 ? H5I_INVALID_HID : H5Dopen2(plain, "sums", H5P_DEFAULT);
    hsize_t offset[2] = {100, 128}, size = 0;
    unsigned mask = 0;
    haddr_t address = HADDR_UNDEF;
    CHECK_MSG(dataset >= 0 && H5Dget_chunk_info_by_coord(dataset, offset, &mask, &address, &size) >= 0 &&
                  address != HADDR_UNDEF,
              "libhdf5 locates the chunk at (100, 128)");
    if (dataset >= 0)
        H5Dclose(dataset);
    if (plain >= 0)
        H5Fclose(plain);
    if (address == HADDR_UNDEF || CHECK_OK(flip_byte_on_disk(path, address + size / 2)) < 0)
        return;

    file = CHECK_PTR(open_native(path, "r", NULL));
    h5x_object *sums = file ? CHECK_PTR(h5x_open(file, "sums")) : NULL;
    if (sums != NULL) {
        expect_read_failure(sums, NULL, 4, 1);
        expect_read_failure(sums, "50:250, 100:200", 4, 1);
        expect_read_failure(sums, NULL, 1, 0);
        expect_read_failure(sums, "150:160, 130:140", 4, 0); /* one chunk: libhdf5's */
        /* the chunks left whole still read, on both ways */
        static double block[100 * 128];
        for (int threads = 1; threads <= 4; threads += 3) {
            CHECK_OK(h5x_config_set_filter_threads(threads));
            CHECK_OK(h5x_dataset_read_text(sums, "0:100, 0:128", H5X_F64, block, sizeof block));
            int same = 1;
            for (int r = 0; r < 100; r++)
                for (int c = 0; c < 128; c++)
                    same &= block[r * 128 + c] == values[r * COLS + c];
            CHECK_MSG(same, "an undamaged chunk reads back on %d threads", threads);
        }
    }
    CHECK_OK(h5x_config_set_filter_threads(0));
    h5x_close(sums);
    h5x_close(file);
}

static void test_threads_option(void)
{
    harness_case("the filter thread count: its default and its limits");
    CHECK_OK(h5x_config_set_filter_threads(0));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("H5X_FILTER_THREADS");
    if (env == NULL)
        CHECK_INT(h5x_config_get_filter_threads(), (int)(cores < 1 ? 1 : cores > 64 ? 64 : cores));
    CHECK_OK(h5x_config_set_filter_threads(3));
    CHECK_INT(h5x_config_get_filter_threads(), 3);
    CHECK_STATUS(h5x_config_set_filter_threads(-1), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_config_set_filter_threads(65), H5X_ERR_INVALID_ARGUMENT);
    CHECK_INT(h5x_config_get_filter_threads(), 3);
    CHECK_OK(h5x_config_set_filter_threads(0));
}

int main(int argc, char **argv)
{
    if (native_test_start(argc, argv) != 0)
        return 2;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    harness_section("filtered chunks on several threads");
    test_threads_option();
    test_file_libhdf5_sees();
    test_which_way();
    return harness_finish();
}
