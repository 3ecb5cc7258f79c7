/*
 * Writes, through the h5x API on the native connector, datasets with
 * filter chains (Blosc, LZ4, Zstandard, the built-ins), and beside each an
 * unfiltered copy; reads every one back through h5x and checks the data and
 * the chain text.  interop_h5x_api_to_h5py.py then reads the file with
 * h5py.
 *
 * usage: h5x_api_filters_writer FILE
 */
#include "filter_test.h"
#include "measurement_data.h"

#include "h5x.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    struct {
        const char *name, *filters, *canonical;
        measurement_kind kind;
    } cases[] = {
        {"blosc_lz4", "blosc:lz4:5:shuffle", "blosc:lz4:5:shuffle", MEASUREMENT_SMOOTH_F64},
        {"blosc_zstd", "blosc:zstd:9:bitshuffle", "blosc:zstd:9:bitshuffle", MEASUREMENT_SENSOR_F32},
        {"blosc_default", "blosc", "blosc:lz4:5:shuffle", MEASUREMENT_COUNTER_I32},
        {"lz4", "lz4", "lz4", MEASUREMENT_COUNTER_I32},
        {"zstd", "zstd:9", "zstd:9", MEASUREMENT_SMOOTH_F64},
        {"zstd_raw", "32015:5", "zstd:5", MEASUREMENT_SENSOR_F32},
        {"gzip", "shuffle,gzip:6,fletcher32", "shuffle,gzip:6,fletcher32", MEASUREMENT_SMOOTH_F64},
    };
    const char *dtypes[] = {"<f8", "<i4", "<f4"};
    const size_t n = 100000;
    h5x_object *file = h5x_file_open(argv[1], "w", NULL);
    CHECK(file != NULL, "create %s: %s", argv[1], h5x_last_error()->message);
    if (!file)
        return finish_checks("h5x API filters");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t width = measurement_type_size(cases[i].kind);
        unsigned char *data = malloc(n * width), *back = malloc(n * width);
        measurement_fill(cases[i].kind, data, n * width, i);
        h5x_dtype *dtype = h5x_dtype_parse(dtypes[cases[i].kind]);
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){n});
        h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){10000});
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = cases[i].filters;
        options.data = data;
        h5x_object *dataset = h5x_dataset_create(file, cases[i].name, dtype, &shape, &options);
        CHECK(dataset != NULL, "create %s with '%s': %s", cases[i].name, cases[i].filters, h5x_last_error()->message);
        char plain_name[64];
        snprintf(plain_name, sizeof plain_name, "plain_%s", cases[i].name);
        options.filters = NULL;
        h5x_object *plain = h5x_dataset_create(file, plain_name, dtype, &shape, &options);
        CHECK(plain != NULL, "create %s: %s", plain_name, h5x_last_error()->message);
        if (dataset) {
            char *text = h5x_dataset_filters(dataset);
            CHECK(text && strcmp(text, cases[i].canonical) == 0, "%s reads back its chain as '%s', not '%s'",
                  cases[i].name, text ? text : "(error)", cases[i].canonical);
            h5x_free(text);
            uint64_t stored = 0;
            CHECK(h5x_dataset_storage_size(dataset, &stored) == 0 && stored < n * width,
                  "%s stored in %llu bytes", cases[i].name, (unsigned long long)stored);
            CHECK(h5x_dataset_read(dataset, NULL, NULL, back, n * width) == 0 && memcmp(back, data, n * width) == 0,
                  "%s reads back through h5x: %s", cases[i].name, h5x_last_error()->message);
        }
        h5x_close(dataset);
        h5x_close(plain);
        h5x_close(dtype);
        free(data);
        free(back);
    }
    /* an unknown filter name is refused up front, naming where it looked */
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){10});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.filters = "nosuchfilter";
    h5x_object *bad = h5x_dataset_create(file, "bad", NULL, &shape, &options);
    CHECK(bad == NULL && h5x_last_error()->code == H5X_ERR_PLUGIN &&
              strstr(h5x_last_error()->message, "no filter named 'nosuchfilter'"),
          "unknown filter: '%s'", h5x_last_error()->message);
    h5x_close(file);
    return finish_checks("h5x API filters");
}
