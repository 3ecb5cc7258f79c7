/*
 * Scale-offset and n-bit on the in-memory connector, which runs HDF5's
 * filters itself (core/src/filter_scaleoffset.c, filter_nbit.c).
 *
 *   core_typed_filters compare FILE NAME...
 *     opens FILE through the native connector and through
 *     core;backing_store=1 and reads each named dataset through both: the
 *     values and the chain text must be the same.  The core connector
 *     keeps the chunks encoded by its own pipeline, so this reads them
 *     back through the decoders.
 *
 *   core_typed_filters write FILE DIR
 *     creates datasets with scale-offset and n-bit chains in
 *     core;backing_store=1:FILE, checks that the store really holds them
 *     packed, reads each back through the core connector into DIR/NAME.bin
 *     (its source data goes to DIR/NAME.src), and closes the file, which
 *     saves it through libhdf5 for interop_scaleoffset_nbit.py to read with
 *     h5py.
 */
#include "filter_test.h"
#include "measurement_data.h"

#include "h5x.h"

#include <stdint.h>

static int read_all(h5x_object *dataset, unsigned char **data, size_t *size, char **filters)
{
    h5x_dtype *dtype = h5x_dataset_dtype(dataset);
    h5x_shape shape;
    if (!dtype || h5x_dataset_shape(dataset, &shape) != 0) {
        h5x_close(dtype);
        return -1;
    }
    size_t count = 1;
    for (int i = 0; i < shape.rank; i++)
        count *= (size_t)shape.dims[i];
    *size = count * h5x_dtype_size(dtype);
    *data = calloc(*size ? *size : 1, 1); /* compound padding stays zero */
    int status = *data ? h5x_dataset_read(dataset, NULL, dtype, *data, *size) : -1;
    h5x_close(dtype);
    *filters = h5x_dataset_filters(dataset);
    return status == 0 && *filters ? 0 : -1;
}

/* Equal values: for compounds member by member, since the bytes between
 * members are padding that no reader defines. */
static int same_values(h5x_object *dataset, const unsigned char *a, const unsigned char *b, size_t size)
{
    h5x_dtype *dtype = h5x_dataset_dtype(dataset);
    if (!dtype)
        return 0;
    int same = 1;
    size_t width = h5x_dtype_size(dtype);
    int members = h5x_dtype_get_class(dtype) == H5X_CLASS_COMPOUND ? h5x_dtype_member_count(dtype) : 0;
    if (members <= 0) {
        same = memcmp(a, b, size) == 0;
    } else {
        for (int m = 0; m < members && same; m++) {
            h5x_dtype *member = h5x_dtype_member_dtype(dtype, m);
            size_t offset = h5x_dtype_member_offset(dtype, m), length = member ? h5x_dtype_size(member) : 0;
            for (size_t at = 0; at + width <= size && same; at += width)
                same = memcmp(a + at + offset, b + at + offset, length) == 0;
            h5x_close(member);
        }
    }
    h5x_close(dtype);
    return same;
}

static int compare(const char *path, int count, char **names)
{
    char native_uri[4096], core_uri[4096];
    snprintf(native_uri, sizeof native_uri, "native:%s", path);
    snprintf(core_uri, sizeof core_uri, "core;backing_store=1:%s", path);
    h5x_object *native = h5x_file_open(native_uri, "r", NULL);
    CHECK(native != NULL, "open %s: %s", native_uri, h5x_last_error()->message);
    h5x_object *core = h5x_file_open(core_uri, "r", NULL);
    CHECK(core != NULL, "open %s: %s", core_uri, h5x_last_error()->message);
    for (int i = 0; native && core && i < count; i++) {
        h5x_object *a = h5x_open(native, names[i]);
        h5x_object *b = h5x_open(core, names[i]);
        CHECK(a && b, "open %s: %s", names[i], h5x_last_error()->message);
        unsigned char *va = NULL, *vb = NULL;
        size_t na = 0, nb = 0;
        char *fa = NULL, *fb = NULL;
        if (a && b) {
            CHECK(read_all(a, &va, &na, &fa) == 0, "read %s natively: %s", names[i], h5x_last_error()->message);
            CHECK(read_all(b, &vb, &nb, &fb) == 0, "read %s through core: %s", names[i], h5x_last_error()->message);
            CHECK(va && vb && na == nb && same_values(a, va, vb, na), "%s: the core connector reads other values",
                  names[i]);
            CHECK(fa && fb && strcmp(fa, fb) == 0, "%s: chains '%s' (native) and '%s' (core)", names[i],
                  fa ? fa : "?", fb ? fb : "?");
            uint64_t stored = 0;
            CHECK(h5x_dataset_storage_size(b, &stored) == 0 && stored > 0, "%s: core holds %llu bytes", names[i],
                  (unsigned long long)stored);
        }
        free(va);
        free(vb);
        h5x_free(fa);
        h5x_free(fb);
        h5x_close(a);
        h5x_close(b);
    }
    h5x_close(core);
    h5x_close(native);
    return finish_checks("scaleoffset/nbit: native vs core");
}

static void save(const char *dir, const char *name, const char *suffix, const void *data, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, suffix);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(data, 1, size, f) == size, "write %s", path);
    if (f)
        fclose(f);
}

static int write_core(const char *path, const char *dir)
{
    char uri[4096];
    snprintf(uri, sizeof uri, "core;backing_store=1:%s", path);
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    CHECK(file != NULL, "create %s: %s", uri, h5x_last_error()->message);
    if (!file)
        return finish_checks("scaleoffset/nbit written by core");
    enum { N = 6000, CHUNK = 1500 };
    struct {
        const char *name, *filters, *dtype;
        measurement_kind kind;
        int packs; /* 1: the store must hold fewer bytes than the data; -1: exactly as many */
        int with_fill;
    } cases[] = {
        {"so_counter", "scaleoffset", "<i4", MEASUREMENT_COUNTER_I32, 1, 0},
        {"so_counter_bits", "scaleoffset:14", "<i4", MEASUREMENT_COUNTER_I32, 1, 0},
        {"so_counter_fill", "scaleoffset", "<i4", MEASUREMENT_COUNTER_I32, 1, 1},
        {"so_counter_be", "scaleoffset", ">i4", MEASUREMENT_COUNTER_I32, 1, 0},
        {"so_sensor_d2", "scaleoffset:2", "<f4", MEASUREMENT_SENSOR_F32, 1, 0},
        {"so_smooth_d3_gzip", "scaleoffset:3,gzip:6", "<f8", MEASUREMENT_SMOOTH_F64, 1, 0},
        {"so_smooth_be_d4", "scaleoffset:dscale:4", ">f8", MEASUREMENT_SMOOTH_F64, 1, 0},
        {"nbit_counter", "nbit", "<i4", MEASUREMENT_COUNTER_I32, 0, 0},
        {"nbit_shuffle_gzip", "nbit,shuffle,gzip:4", "<f8", MEASUREMENT_SMOOTH_F64, 1, 0},
        /* scale types scale-offset cannot apply: accepted, as libhdf5 accepts
         * them (the filter is optional), and every chunk stored unfiltered */
        {"so_escale_unapplied", "scaleoffset:escale:2", "<f8", MEASUREMENT_SMOOTH_F64, -1, 0},
        {"so_int_on_float_unapplied", "scaleoffset:int:4", "<f8", MEASUREMENT_SMOOTH_F64, -1, 0},
        {"so_escale_int_unapplied", "scaleoffset:escale:2", "<i4", MEASUREMENT_COUNTER_I32, -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t width = measurement_type_size(cases[i].kind);
        unsigned char *data = malloc(N * width), *back = malloc(N * width);
        measurement_fill(cases[i].kind, data, N * width, i + 3);
        h5x_dtype *native_type = h5x_dtype_parse(width == 8 ? "<f8" : cases[i].kind == MEASUREMENT_SENSOR_F32 ? "<f4"
                                                                                                               : "<i4");
        h5x_dtype *dtype = h5x_dtype_parse(cases[i].dtype);
        int32_t fill = 0;
        if (cases[i].with_fill) {
            /* a fill value that also occurs in the data */
            memcpy(&fill, data + 100 * width, sizeof fill);
            for (size_t k = 0; k < N; k += 97)
                memcpy(data + k * width, &fill, sizeof fill);
        }
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){N});
        h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){CHUNK});
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = cases[i].filters;
        options.fillvalue = cases[i].with_fill ? &fill : NULL;
        h5x_object *dataset = h5x_dataset_create(file, cases[i].name, dtype, &shape, &options);
        CHECK(dataset != NULL, "create %s with '%s': %s", cases[i].name, cases[i].filters, h5x_last_error()->message);
        if (dataset) {
            CHECK(h5x_dataset_write(dataset, NULL, native_type, data, NULL) == 0, "write %s: %s", cases[i].name,
                  h5x_last_error()->message);
            uint64_t stored = 0;
            CHECK(h5x_dataset_storage_size(dataset, &stored) == 0 &&
                      (cases[i].packs > 0 ? stored < N * width : cases[i].packs < 0 ? stored == N * width : 1),
                  "%s: the store holds %llu bytes for %zu", cases[i].name, (unsigned long long)stored,
                  (size_t)N * width);
            CHECK(h5x_dataset_read(dataset, NULL, native_type, back, N * width) == 0, "read %s: %s", cases[i].name,
                  h5x_last_error()->message);
            save(dir, cases[i].name, "src", data, N * width);
            save(dir, cases[i].name, "bin", back, N * width);
        }
        h5x_close(dataset);
        h5x_close(dtype);
        h5x_close(native_type);
        free(data);
        free(back);
    }
    /* what scale-offset cannot take at all is refused when the dataset is made */
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){10});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &shape;
    h5x_dtype *text = h5x_dtype_parse("S8");
    options.filters = "scaleoffset";
    h5x_object *bad = h5x_dataset_create(file, "bad_class", text, &shape, &options);
    CHECK(bad == NULL && strstr(h5x_last_error()->message, "integers and floats"), "scaleoffset of strings: '%s'",
          h5x_last_error()->message);
    h5x_close(bad);
    h5x_close(text);
    CHECK(h5x_close(file) == 0, "save %s: %s", path, h5x_last_error()->message);
    return finish_checks("scaleoffset/nbit written by core");
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "compare") == 0)
        return compare(argv[2], argc - 3, argv + 3);
    if (argc == 4 && strcmp(argv[1], "write") == 0)
        return write_core(argv[2], argv[3]);
    fprintf(stderr, "usage: %s compare FILE NAME... | write FILE DIR\n", argv[0]);
    return 2;
}
