/*
 * test_dimscales.c — the "dimscales" section: h5py's dset.dims, on the
 * seeds' example.  A (4, 3, 2) dataset labelled z, '' and x; x1 made a
 * scale without a name, x2, y1 and z1 with one; z1, y1, x1 and x2
 * attached (two scales on the last axis), x2 detached again; one scale on
 * several datasets and on two axes of one dataset; scales looked up by
 * index and by name; the refusals (a scale of a dataset that has scales,
 * scales on a scale, detaching what is not attached).  Everything is read
 * back after the file is closed and reopened.  A connector that does not
 * claim H5X_CAP_DIMENSION_SCALES gets them from the core (HDF5's
 * attribute convention) when it stores variable-length data and
 * references, and must answer H5X_ERR_NOT_SUPPORTED otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"

static h5x_object *make_dataset(h5x_object *file, const char *name, const h5x_dtype *dtype, int rank,
                                const uint64_t *dims, const void *data)
{
    h5x_shape shape = h5x_shape_of(rank, dims);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    return CHECK_PTR(h5x_dataset_create(file, name, dtype, &shape, &options));
}

static void test_not_supported(conf_context *ctx)
{
    harness_case("dimension scales are refused by a connector that does not claim them");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "dims-unsupported", "w"));
    const float values[2] = {1, 2};
    h5x_object *data = make_dataset(file, "data", H5X_F32, 1, (uint64_t[]){2}, values);
    h5x_object *scale = make_dataset(file, "scale", H5X_F32, 1, (uint64_t[]){2}, values);
    REQUIRE(data && scale);
    CHECK_STATUS(h5x_dim_set_label(data, 0, "x"), H5X_ERR_NOT_SUPPORTED);
    CHECK_NULL_STATUS(h5x_dim_label(data, 0), H5X_ERR_NOT_SUPPORTED);
    CHECK_STATUS(h5x_dim_make_scale(scale, "name"), H5X_ERR_NOT_SUPPORTED);
    CHECK_STATUS(h5x_dim_is_scale(scale), H5X_ERR_NOT_SUPPORTED);
    CHECK_NULL_STATUS(h5x_dim_scale_name(scale), H5X_ERR_NOT_SUPPORTED);
    CHECK_STATUS(h5x_dim_attach_scale(data, 0, scale), H5X_ERR_NOT_SUPPORTED);
    CHECK_STATUS(h5x_dim_detach_scale(data, 0, scale), H5X_ERR_NOT_SUPPORTED);
    CHECK_STATUS(h5x_dim_scale_count(data, 0), H5X_ERR_NOT_SUPPORTED);
    CHECK_NULL_STATUS(h5x_dim_scale(data, 0, 0), H5X_ERR_NOT_SUPPORTED);
    CHECK_NULL_STATUS(h5x_dim_scale_by_name(data, 0, "name"), H5X_ERR_NOT_SUPPORTED);
    h5x_close(scale);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

/* Writes the seeds' file: data, x1, x2, y1, z1, and data2 sharing x1. */
static void write_seed_file(h5x_object *file)
{
    float ones[24];
    for (int i = 0; i < 24; i++)
        ones[i] = 1.0f;
    const int64_t x1_values[2] = {1, 2};
    const double x2_values[2] = {1, 1.1};
    const int64_t y1_values[3] = {0, 1, 2};
    const int64_t z1_values[4] = {0, 1, 4, 9};
    h5x_object *data = make_dataset(file, "data", H5X_F32, 3, (uint64_t[]){4, 3, 2}, ones);
    h5x_object *x1 = make_dataset(file, "x1", H5X_I64, 1, (uint64_t[]){2}, x1_values);
    h5x_object *x2 = make_dataset(file, "x2", H5X_F64, 1, (uint64_t[]){2}, x2_values);
    h5x_object *y1 = make_dataset(file, "y1", H5X_I64, 1, (uint64_t[]){3}, y1_values);
    h5x_object *z1 = make_dataset(file, "z1", H5X_I64, 1, (uint64_t[]){4}, z1_values);
    h5x_object *data2 = make_dataset(file, "data2", H5X_F32, 2, (uint64_t[]){2, 2}, ones);
    if (!data || !x1 || !x2 || !y1 || !z1 || !data2)
        goto done;

    CHECK_OK(h5x_dim_set_label(data, 0, "z"));
    CHECK_OK(h5x_dim_set_label(data, 2, "x"));
    CHECK_INT(h5x_dim_is_scale(x1), 0);
    CHECK_OK(h5x_dim_make_scale(x1, NULL));
    CHECK_OK(h5x_dim_make_scale(x2, "x2 name"));
    CHECK_OK(h5x_dim_make_scale(y1, "y1 name"));
    CHECK_OK(h5x_dim_make_scale(z1, "z1 name"));
    CHECK_OK(h5x_dim_attach_scale(data, 0, z1));
    CHECK_OK(h5x_dim_attach_scale(data, 1, y1));
    CHECK_OK(h5x_dim_attach_scale(data, 2, x1));
    CHECK_OK(h5x_dim_attach_scale(data, 2, x2));
    CHECK_INT(h5x_dim_scale_count(data, 2), 2);
    CHECK_OK(h5x_dim_detach_scale(data, 2, x2));
    CHECK_INT(h5x_dim_scale_count(data, 2), 1);
    /* one scale on several datasets, and on two axes of one of them */
    CHECK_OK(h5x_dim_attach_scale(data2, 0, x1));
    CHECK_OK(h5x_dim_attach_scale(data2, 1, x1));
    CHECK_OK(h5x_dim_attach_scale(data2, 1, x2));

    /* the refusals */
    CHECK_STATUS(h5x_dim_make_scale(data, "data"), H5X_ERR_INVALID_ARGUMENT);
    CHECK_INT(h5x_dim_is_scale(data), 0);
    CHECK_STATUS(h5x_dim_attach_scale(z1, 0, x1), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_attach_scale(data, 0, data), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_attach_scale(x2, 0, data), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_detach_scale(data, 0, x2), H5X_ERR_NOT_FOUND);
    CHECK_STATUS(h5x_dim_set_label(data, 3, "w"), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_set_label(data, -1, "w"), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_attach_scale(data, 3, x1), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dim_set_label(file, 0, "w"), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_dim_attach_scale(data, 0, file), H5X_ERR_BAD_HANDLE);
done:
    h5x_close(data2);
    h5x_close(z1);
    h5x_close(y1);
    h5x_close(x2);
    h5x_close(x1);
    h5x_close(data);
}

static void check_names_at(h5x_object *dataset, int axis, const char *const *want, size_t n, const char *file,
                           int line)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    int status = h5x_dim_scale_names(dataset, axis, &names, &count);
    if (!harness_check(status >= 0, file, line, "h5x_dim_scale_names", "axis %d: %d (%s)", axis, status,
                       harness_status_name(status)))
        return;
    harness_check(count == n, file, line, "count", "axis %d: %zu scales, expected %zu", axis, count, n);
    for (size_t i = 0; i < count && i < n; i++)
        harness_check_str(names[i], want[i], file, line, "scale name");
    h5x_free_names(names, count);
}
#define CHECK_SCALE_NAMES(dataset, axis, ...)                                                                \
    check_names_at((dataset), (axis), (const char *const[]){__VA_ARGS__},                                    \
                   sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), __FILE__, __LINE__)

/* The scale at index on axis is the dataset at path. */
static void check_scale_at(h5x_object *file, h5x_object *dataset, int axis, int index, const char *path,
                           const char *src_file, int line)
{
    h5x_clear_error();
    h5x_object *scale = h5x_dim_scale(dataset, axis, index);
    if (!harness_check(scale != NULL, src_file, line, "h5x_dim_scale", "axis %d index %d: %s", axis, index,
                       h5x_last_error()->message))
        return;
    char *name = h5x_object_name(scale);
    harness_check_str(name, path, src_file, line, "h5x_object_name(scale)");
    h5x_free(name);
    h5x_object *expected = h5x_open(file, path);
    harness_check(expected && h5x_object_equal(scale, expected) == 1, src_file, line, "h5x_object_equal",
                  "the scale at axis %d index %d is not %s", axis, index, path);
    h5x_close(expected);
    h5x_close(scale);
}
#define CHECK_SCALE_AT(file, dataset, axis, index, path)                                                     \
    check_scale_at((file), (dataset), (axis), (index), (path), __FILE__, __LINE__)

static void check_seed_file(h5x_object *file)
{
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    h5x_object *data2 = CHECK_PTR(h5x_open(file, "data2"));
    h5x_object *x1 = CHECK_PTR(h5x_open(file, "x1"));
    h5x_object *x2 = CHECK_PTR(h5x_open(file, "x2"));
    h5x_object *z1 = CHECK_PTR(h5x_open(file, "z1"));
    if (!data || !data2 || !x1 || !x2 || !z1)
        goto done;
    /* [dim.label for dim in f['data'].dims] == ['z', '', 'x'] */
    CHECK_OWNED_STR(h5x_dim_label(data, 0), "z");
    CHECK_OWNED_STR(h5x_dim_label(data, 1), "");
    CHECK_OWNED_STR(h5x_dim_label(data, 2), "x");
    CHECK_OWNED_STR(h5x_dim_label(data2, 0), "");
    CHECK_INT(h5x_dim_is_scale(x1), 1);
    CHECK_INT(h5x_dim_is_scale(z1), 1);
    CHECK_INT(h5x_dim_is_scale(data), 0);
    CHECK_OWNED_STR(h5x_dim_scale_name(x1), "");
    CHECK_OWNED_STR(h5x_dim_scale_name(x2), "x2 name");
    CHECK_OWNED_STR(h5x_dim_scale_name(z1), "z1 name");
    CHECK_OWNED_STR(h5x_dim_scale_name(data), "");
    CHECK_INT(h5x_dim_scale_count(data, 0), 1);
    CHECK_INT(h5x_dim_scale_count(data, 1), 1);
    CHECK_INT(h5x_dim_scale_count(data, 2), 1);
    /* f['data'].dims[2].keys() == [''] once x2 is detached */
    CHECK_SCALE_NAMES(data, 0, "z1 name");
    CHECK_SCALE_NAMES(data, 1, "y1 name");
    CHECK_SCALE_NAMES(data, 2, "");
    CHECK_SCALE_NAMES(data2, 0, "");
    CHECK_SCALE_NAMES(data2, 1, "", "x2 name");
    CHECK_SCALE_AT(file, data, 0, 0, "/z1");
    CHECK_SCALE_AT(file, data, 1, 0, "/y1");
    CHECK_SCALE_AT(file, data, 2, 0, "/x1");
    CHECK_SCALE_AT(file, data2, 0, 0, "/x1");
    CHECK_SCALE_AT(file, data2, 1, 0, "/x1");
    CHECK_SCALE_AT(file, data2, 1, 1, "/x2");
    /* the scale's values come through its handle */
    h5x_object *z = CHECK_PTR(h5x_dim_scale(data, 0, 0));
    if (z) {
        int64_t values[4] = {0};
        CHECK_OK(h5x_dataset_read(z, NULL, H5X_I64, values, sizeof values));
        CHECK_INTS(values, ((const int64_t[4]){0, 1, 4, 9}), 4);
        h5x_close(z);
    }
    /* by name: the first whose name matches */
    h5x_object *by_name = CHECK_PTR(h5x_dim_scale_by_name(data2, 1, "x2 name"));
    CHECK_INT(by_name ? h5x_object_equal(by_name, x2) : 0, 1);
    h5x_close(by_name);
    by_name = CHECK_PTR(h5x_dim_scale_by_name(data2, 1, ""));
    CHECK_INT(by_name ? h5x_object_equal(by_name, x1) : 0, 1);
    h5x_close(by_name);
    CHECK_NULL_STATUS(h5x_dim_scale_by_name(data, 2, "x2 name"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_dim_scale(data, 2, 1), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_dim_scale(data, 2, -1), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(h5x_dim_scale(data, 3, 0), H5X_ERR_INVALID_ARGUMENT);
done:
    h5x_close(z1);
    h5x_close(x2);
    h5x_close(x1);
    h5x_close(data2);
    h5x_close(data);
}

static void test_seed_example(conf_context *ctx)
{
    harness_case("labels, scales, attach and detach: the seeds' example");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "dims-seed", "w"));
    write_seed_file(file);
    file = conf_reopen(ctx, file, "dims-seed", "r");
    REQUIRE(file);
    check_seed_file(file);
    /* nothing changes in a file open for reading (else the reopened file is
     * the writable one) */
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    h5x_object *x2 = CHECK_PTR(h5x_open(file, "x2"));
    if (data && x2 && conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_STATUS(h5x_dim_set_label(data, 1, "y"), H5X_ERR_READ_ONLY);
        CHECK_STATUS(h5x_dim_attach_scale(data, 2, x2), H5X_ERR_READ_ONLY);
        CHECK_STATUS(h5x_dim_make_scale(data, "no"), H5X_ERR_READ_ONLY);
    }
    h5x_close(x2);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

static void test_detach_all(conf_context *ctx)
{
    harness_case("a dataset whose scales are all detached can become a scale; labels change");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "dims-detach", "w"));
    const double values[3] = {1, 2, 3};
    h5x_object *data = make_dataset(file, "data", H5X_F64, 1, (uint64_t[]){3}, values);
    h5x_object *scale = make_dataset(file, "scale", H5X_F64, 1, (uint64_t[]){3}, values);
    REQUIRE(data && scale);
    /* attaching a plain dataset makes it a scale (without a name) */
    CHECK_OK(h5x_dim_attach_scale(data, 0, scale));
    CHECK_INT(h5x_dim_is_scale(scale), 1);
    CHECK_OWNED_STR(h5x_dim_scale_name(scale), "");
    CHECK_STATUS(h5x_dim_make_scale(data, NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_OK(h5x_dim_detach_scale(data, 0, scale));
    CHECK_INT(h5x_dim_scale_count(data, 0), 0);
    CHECK_OK(h5x_dim_make_scale(data, "now a scale"));
    CHECK_OK(h5x_dim_set_label(scale, 0, "first"));
    CHECK_OK(h5x_dim_set_label(scale, 0, "second"));
    h5x_close(scale);
    h5x_close(data);
    file = conf_reopen(ctx, file, "dims-detach", "r");
    REQUIRE(file);
    REQUIRE_PTR(data, h5x_open(file, "data"));
    CHECK_INT(h5x_dim_is_scale(data), 1);
    CHECK_OWNED_STR(h5x_dim_scale_name(data), "now a scale");
    CHECK_INT(h5x_dim_scale_count(data, 0), 0);
    h5x_close(data);
    REQUIRE_PTR(scale, h5x_open(file, "scale"));
    CHECK_OWNED_STR(h5x_dim_label(scale, 0), "second");
    h5x_close(scale);
    CHECK_OK(h5x_close(file));
}

void conformance_dimscales(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    /* The core keeps scales itself, in attributes of references, for a
     * connector that stores variable-length data and references. */
    if (!conf_has(ctx, H5X_CAP_DIMENSION_SCALES) && !conf_has(ctx, H5X_CAP_VLEN | H5X_CAP_REFERENCES)) {
        test_not_supported(ctx);
        return;
    }
    test_seed_example(ctx);
    test_detach_all(ctx);
}
