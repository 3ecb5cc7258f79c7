/*
 * userblock_h5x.c — the h5x side of the user block interop test.
 *
 *   userblock_h5x write DIRECTORY   makes h5x-userblock-SIZE.h5 for each size
 *   userblock_h5x read DIRECTORY    checks the h5py-userblock-SIZE.h5 files
 *
 * Each file has a user block of SIZE bytes (512, 1024, 4096), a dataset
 * /values and an attribute /userblock = SIZE; after the file is closed the
 * block is filled with bytes both sides compute the same way
 * (userblock_interop.py has the Python twin of expected_block).  The
 * reader checks the size h5x reports, the data, and that the block's bytes
 * are still there before and after h5x opened the file.
 *
 * Exit status: 0 when everything matched, 1 otherwise, 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const uint64_t sizes[] = {512, 1024, 4096};
#define VALUE_COUNT 16

static int32_t value_at(int i, uint64_t size)
{
    return (int32_t)(i * 3 - 7) * (int32_t)(size / 512);
}

/* "user block of SIZE bytes\n", then (i * 7 + 3) mod 256 for the rest. */
static void expected_block(unsigned char *block, uint64_t size)
{
    for (uint64_t i = 0; i < size; i++)
        block[i] = (unsigned char)((i * 7 + 3) & 0xff);
    char header[64];
    int n = snprintf(header, sizeof header, "user block of %llu bytes\n", (unsigned long long)size);
    memcpy(block, header, (size_t)n);
}

static void file_path(char *out, size_t size, const char *directory, const char *writer, uint64_t block)
{
    snprintf(out, size, "%s/%s-userblock-%llu.h5", directory, writer, (unsigned long long)block);
}

static int write_files(const char *directory)
{
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint64_t size = sizes[s];
        char path[4200], uri[4300];
        file_path(path, sizeof path, directory, "h5x", size);
        snprintf(uri, sizeof uri, "native:%s", path);
        harness_case(path);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.userblock_size = size;
        h5x_clear_error();
        h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", &options));
        if (!file)
            continue;
        int32_t values[VALUE_COUNT];
        for (int i = 0; i < VALUE_COUNT; i++)
            values[i] = value_at(i, size);
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){VALUE_COUNT});
        h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
        dataset_options.data = values;
        h5x_close(CHECK_PTR(h5x_dataset_create(file, "values", H5X_I32, &shape, &dataset_options)));
        int64_t recorded = (int64_t)size;
        CHECK_OK(h5x_attr_set(file, "userblock", H5X_I64, NULL, &recorded));
        CHECK_OK(h5x_close(file));

        unsigned char *block = malloc(size);
        if (!CHECK(block != NULL))
            continue;
        expected_block(block, size);
        FILE *stream = fopen(path, "r+b");
        CHECK(stream && fwrite(block, 1, size, stream) == size);
        if (stream)
            CHECK_INT(fclose(stream), 0);
        free(block);
    }
    return harness_finish();
}

static void check_block(const char *path, uint64_t size, const char *when)
{
    unsigned char *want = malloc(size), *got = malloc(size);
    if (CHECK(want && got)) {
        expected_block(want, size);
        FILE *stream = fopen(path, "rb");
        CHECK_MSG(stream && fread(got, 1, size, stream) == size, "%s: cannot read the first %llu bytes of %s",
                  when, (unsigned long long)size, path);
        if (stream)
            fclose(stream);
        CHECK_MSG(memcmp(got, want, size) == 0, "%s: the user block of %s is not what was written", when, path);
    }
    free(want);
    free(got);
}

static int read_files(const char *directory)
{
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint64_t size = sizes[s];
        char path[4200], uri[4300];
        file_path(path, sizeof path, directory, "h5py", size);
        snprintf(uri, sizeof uri, "native:%s", path);
        harness_case(path);
        check_block(path, size, "before h5x opened the file");
        h5x_clear_error();
        h5x_object *file = CHECK_PTR(h5x_file_open(uri, "r", NULL));
        if (!file)
            continue;
        uint64_t reported = 0;
        CHECK_OK(h5x_file_userblock_size(file, &reported));
        CHECK_UINT(reported, size);
        int64_t recorded = 0;
        CHECK_OK(h5x_attr_get(file, "userblock", H5X_I64, &recorded, sizeof recorded));
        CHECK_INT(recorded, (int64_t)size);
        int32_t values[VALUE_COUNT] = {0};
        h5x_object *dataset = CHECK_PTR(h5x_open(file, "values"));
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, values, sizeof values));
        for (int i = 0; i < VALUE_COUNT; i++)
            CHECK_INT(values[i], value_at(i, size));
        h5x_close(dataset);
        CHECK_OK(h5x_close(file));
        check_block(path, size, "after h5x closed the file");
    }
    return harness_finish();
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: userblock_h5x write|read DIRECTORY\n");
        return 2;
    }
    harness_section(strcmp(argv[1], "write") == 0 ? "h5x writes files with user blocks"
                                                   : "h5x reads the files h5py wrote with user blocks");
    return strcmp(argv[1], "write") == 0 ? write_files(argv[2]) : read_files(argv[2]);
}
