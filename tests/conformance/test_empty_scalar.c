/*
 * test_empty_scalar.c — the "empty_and_scalar" section: the three shapes
 * that are easy to confuse.  An empty (null dataspace) dataset has a dtype
 * and no shape at all — h5py's shape None — and cannot be sliced beyond
 * () and ...; a scalar dataset has shape () and exactly one element; a
 * zero-length array has shape (0,) and can grow.  Empty attributes (h5py's
 * Empty) and scalar attributes are checked as well.
 */
#include <string.h>

#include "conformance.h"

static void test_shape_helpers(void)
{
    harness_case("shape helpers");
    h5x_shape null_shape = h5x_shape_null();
    h5x_shape scalar = h5x_shape_scalar();
    h5x_shape zero = h5x_shape_of(1, (uint64_t[]){0});
    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){2, 3, 4});
    CHECK_SHAPE(&null_shape, -1);
    CHECK_SHAPE(&scalar, 0);
    CHECK_SHAPE(&zero, 1, 0);
    CHECK_SHAPE(&cube, 3, 2, 3, 4);
    CHECK_UINT(h5x_shape_size(&null_shape), 0);
    CHECK_UINT(h5x_shape_size(&scalar), 1);
    CHECK_UINT(h5x_shape_size(&zero), 0);
    CHECK_UINT(h5x_shape_size(&cube), 24);
}

static void test_empty_dataset(conf_context *ctx)
{
    harness_case("empty (null dataspace) datasets");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "empty", "w"));
    h5x_shape null_shape = h5x_shape_null();
    /* h5py: f.create_dataset("EmptyDataset1", dtype="f") */
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "EmptyDataset1", H5X_F32, &null_shape, NULL)));
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "EmptyDefault", NULL, &null_shape, NULL)));
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "EmptyInts", H5X_I32, &null_shape, NULL)));

    file = conf_reopen(ctx, file, "empty", "r+");
    REQUIRE(file);
    h5x_object *empty;
    REQUIRE_PTR(empty, h5x_open(file, "EmptyDataset1"));
    h5x_shape shape;
    memset(&shape, 0, sizeof shape);
    CHECK_OK(h5x_dataset_shape(empty, &shape));
    CHECK_SHAPE(&shape, -1);
    CHECK_OK(h5x_dataset_maxshape(empty, &shape));
    CHECK_SHAPE(&shape, -1);
    h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(empty));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_F32), 1);
    h5x_close(dtype);

    /* dset[()] and dset[...] give h5py's Empty: nothing to read */
    float nothing[1] = {-1.0f};
    CHECK_OK(h5x_dataset_read(empty, NULL, NULL, nothing, 0));
    CHECK_OK(h5x_dataset_read_text(empty, "()", NULL, nothing, 0));
    CHECK_OK(h5x_dataset_read_text(empty, "...", NULL, nothing, 0));
    CHECK_DOUBLE(nothing[0], -1.0);
    h5x_selection *all = CHECK_PTR(h5x_selection_parse("()"));
    CHECK_OK(h5x_dataset_selection_shape(empty, all, &shape));
    CHECK_SHAPE(&shape, -1);
    h5x_close(all);
    /* "Empty datasets cannot be sliced" */
    CHECK_STATUS(h5x_dataset_read_text(empty, "0", NULL, nothing, sizeof nothing), H5X_ERR_SELECTION);
    CHECK_STATUS(h5x_dataset_read_text(empty, ":", NULL, nothing, sizeof nothing), H5X_ERR_SELECTION);
    float one = 1.0f;
    CHECK_STATUS(h5x_dataset_write_text(empty, "0", H5X_F32, &one, NULL), H5X_ERR_SELECTION);
    uint64_t length = 99;
    h5x_clear_error();
    int status = h5x_dataset_len(empty, &length);
    CHECK_MSG(status < 0, "len() of an empty dataset gave %d", status);
    uint64_t bytes = 99;
    CHECK_OK(h5x_dataset_storage_size(empty, &bytes));
    CHECK_UINT(bytes, 0);
    h5x_close(empty);

    REQUIRE_PTR(empty, h5x_open(file, "EmptyDefault"));
    CHECK_OK(h5x_dataset_shape(empty, &shape));
    CHECK_SHAPE(&shape, -1);
    dtype = CHECK_PTR(h5x_dataset_dtype(empty));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_F32), 1);
    h5x_close(dtype);
    h5x_close(empty);
    REQUIRE_PTR(empty, h5x_open(file, "EmptyInts"));
    dtype = CHECK_PTR(h5x_dataset_dtype(empty));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_I32), 1);
    h5x_close(dtype);
    h5x_close(empty);
    CHECK_OK(h5x_close(file));
}

static void test_scalar_dataset(conf_context *ctx)
{
    harness_case("scalar datasets");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "scalar", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "group1", NULL));
    h5x_shape scalar = h5x_shape_scalar();
    /* h5py: grp["name"] = 42 */
    const int64_t answer = 42;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = &answer;
    h5x_close(CHECK_PTR(h5x_dataset_create(group, "name", H5X_I64, &scalar, &options)));
    h5x_object *real = CHECK_PTR(h5x_dataset_create(group, "real", H5X_F64, &scalar, NULL));
    const double pi_ish = 3.25;
    CHECK_OK(h5x_dataset_write(real, NULL, H5X_F64, &pi_ish, NULL));
    h5x_close(real);
    h5x_close(group);

    file = conf_reopen(ctx, file, "scalar", "r+");
    REQUIRE(file);
    h5x_object *name;
    REQUIRE_PTR(name, h5x_open(file, "group1/name"));
    h5x_shape shape;
    memset(&shape, 0xff, sizeof shape);
    CHECK_OK(h5x_dataset_shape(name, &shape));
    CHECK_SHAPE(&shape, 0);
    h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(name));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_I64), 1);
    h5x_close(dtype);
    int64_t value = 0;
    CHECK_OK(h5x_dataset_read(name, NULL, NULL, &value, sizeof value));
    CHECK_INT(value, 42);
    value = 0;
    CHECK_OK(h5x_dataset_read_text(name, "()", H5X_I64, &value, sizeof value));
    CHECK_INT(value, 42);
    value = 0;
    CHECK_OK(h5x_dataset_read_text(name, "...", H5X_I64, &value, sizeof value));
    CHECK_INT(value, 42);
    double as_double = 0;
    CHECK_OK(h5x_dataset_read(name, NULL, H5X_F64, &as_double, sizeof as_double));
    CHECK_DOUBLE(as_double, 42.0);
    h5x_selection *ellipsis = CHECK_PTR(h5x_selection_parse("..."));
    CHECK_OK(h5x_dataset_selection_shape(name, ellipsis, &shape));
    CHECK_SHAPE(&shape, 0);
    h5x_close(ellipsis);
    CHECK_STATUS(h5x_dataset_read_text(name, "0", H5X_I64, &value, sizeof value), H5X_ERR_SELECTION);
    CHECK_STATUS(h5x_dataset_read_text(name, ":", H5X_I64, &value, sizeof value), H5X_ERR_SELECTION);
    uint64_t length = 99;
    h5x_clear_error();
    int status = h5x_dataset_len(name, &length);
    CHECK_MSG(status < 0, "len() of a scalar dataset gave %d", status);
    const int64_t changed = -43;
    CHECK_OK(h5x_dataset_write_text(name, "()", H5X_I64, &changed, NULL));
    h5x_close(name);

    file = conf_reopen(ctx, file, "scalar", "r");
    REQUIRE(file);
    REQUIRE_PTR(name, h5x_open(file, "/group1/name"));
    value = 0;
    CHECK_OK(h5x_dataset_read(name, NULL, H5X_I64, &value, sizeof value));
    CHECK_INT(value, -43);
    h5x_close(name);
    REQUIRE_PTR(real, h5x_open(file, "/group1/real"));
    as_double = 0;
    CHECK_OK(h5x_dataset_read(real, NULL, H5X_F64, &as_double, sizeof as_double));
    CHECK_DOUBLE(as_double, 3.25);
    h5x_close(real);
    CHECK_OK(h5x_close(file));
}

static void test_zero_length(conf_context *ctx)
{
    harness_case("zero-length arrays are not empty datasets");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "zero-length", "w"));
    h5x_shape zero = h5x_shape_of(1, (uint64_t[]){0});
    h5x_shape unlimited = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    int resizable = conf_has(ctx, H5X_CAP_RESIZE);
    if (resizable)
        options.maxshape = &unlimited;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "zero", H5X_I32, &zero, &options)));
    file = conf_reopen(ctx, file, "zero-length", "r+");
    REQUIRE(file);
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "zero"));
    h5x_shape shape;
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, 0);
    uint64_t length = 99;
    CHECK_OK(h5x_dataset_len(dataset, &length));
    CHECK_UINT(length, 0);
    int32_t nothing = -1;
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, &nothing, 0));
    CHECK_OK(h5x_dataset_read_text(dataset, ":", H5X_I32, &nothing, 0));
    CHECK_INT(nothing, -1);
    CHECK_STATUS(h5x_dataset_read_text(dataset, "0", H5X_I32, &nothing, sizeof nothing), H5X_ERR_SELECTION);
    if (resizable) {
        h5x_shape five = h5x_shape_of(1, (uint64_t[]){5});
        CHECK_OK(h5x_dataset_resize(dataset, &five));
        const int32_t values[5] = {5, 4, 3, 2, 1};
        CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_I32, values, NULL));
    }
    h5x_close(dataset);
    if (resizable) {
        file = conf_reopen(ctx, file, "zero-length", "r");
        REQUIRE(file);
        int64_t got[5] = {0};
        REQUIRE_PTR(dataset, h5x_open(file, "zero"));
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, got, sizeof got));
        CHECK_INTS(got, ((const int64_t[5]){5, 4, 3, 2, 1}), 5);
        h5x_close(dataset);
    }
    CHECK_OK(h5x_close(file));
}

static void test_empty_and_scalar_attributes(conf_context *ctx)
{
    harness_case("empty and scalar attributes");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "empty-attributes", "w"));
    h5x_shape null_shape = h5x_shape_null();
    h5x_shape scalar = h5x_shape_scalar();
    h5x_shape single = h5x_shape_of(1, (uint64_t[]){1});
    const double value = 6.5;
    /* h5py: attrs["empty"] = h5py.Empty("f") */
    CHECK_OK(h5x_attr_set(file, "empty", H5X_F32, &null_shape, NULL));
    CHECK_OK(h5x_attr_set(file, "scalar", H5X_F64, &scalar, &value));
    CHECK_OK(h5x_attr_set(file, "array1", H5X_F64, &single, &value));
    file = conf_reopen(ctx, file, "empty-attributes", "r");
    REQUIRE(file);
    CHECK_INT(h5x_attr_count(file), 3);
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    memset(&shape, 0, sizeof shape);
    CHECK_OK(h5x_attr_info(file, "empty", &shape, &dtype));
    CHECK_SHAPE(&shape, -1);
    CHECK_INT(h5x_dtype_equal(dtype, H5X_F32), 1);
    h5x_close(dtype);
    float nothing = -1.0f;
    CHECK_OK(h5x_attr_get(file, "empty", NULL, &nothing, 0));
    CHECK_DOUBLE(nothing, -1.0);
    CHECK_OK(h5x_attr_info(file, "scalar", &shape, NULL));
    CHECK_SHAPE(&shape, 0);
    CHECK_OK(h5x_attr_info(file, "array1", &shape, NULL));
    CHECK_SHAPE(&shape, 1, 1);
    double got = 0;
    CHECK_OK(h5x_attr_get(file, "scalar", NULL, &got, sizeof got));
    CHECK_DOUBLE(got, 6.5);
    got = 0;
    CHECK_OK(h5x_attr_get(file, "array1", NULL, &got, sizeof got));
    CHECK_DOUBLE(got, 6.5);
    CHECK_OK(h5x_close(file));
}

void conformance_empty_and_scalar(conf_context *ctx)
{
    test_shape_helpers();
    if (!conf_require_write(ctx))
        return;
    test_empty_dataset(ctx);
    test_scalar_dataset(ctx);
    test_zero_length(ctx);
    test_empty_and_scalar_attributes(ctx);
}
