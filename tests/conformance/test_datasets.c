/*
 * test_datasets.c — the "datasets" section: creating datasets from a shape
 * and dtype (float32 by default) or from data, chunks, maxshape with
 * unlimited axes and resizing, fill values, require_dataset, len and
 * iteration over the first axis, and type conversion on read and write.
 * Every value is read back after the file was closed and opened again.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "conformance.h"

/* Reads the whole dataset at path as float64 into out (count elements). */
static int read_doubles(h5x_object *loc, const char *path, const char *selection, double *out, size_t count)
{
    h5x_object *dataset = h5x_open(loc, path);
    if (!dataset)
        return h5x_last_error()->code;
    int status = h5x_dataset_read_text(dataset, selection, H5X_F64, out, count * sizeof *out);
    h5x_close(dataset);
    return status;
}

static int read_int64s(h5x_object *loc, const char *path, const char *selection, int64_t *out, size_t count)
{
    h5x_object *dataset = h5x_open(loc, path);
    if (!dataset)
        return h5x_last_error()->code;
    int status = h5x_dataset_read_text(dataset, selection, H5X_I64, out, count * sizeof *out);
    h5x_close(dataset);
    return status;
}

/* Checks the NumPy spelling of a dataset's dtype; `spelling` without an
 * order character gets the machine's ("f4" -> "<f4"). */
static void check_dtype_at(h5x_object *dataset, const char *spelling, const char *file, int line)
{
    char want[32];
    if (spelling[0] == '<' || spelling[0] == '>' || spelling[0] == '|')
        snprintf(want, sizeof want, "%s", spelling);
    else
        snprintf(want, sizeof want, "%s%s", conf_native_order_char(), spelling);
    h5x_clear_error();
    h5x_dtype *dtype = h5x_dataset_dtype(dataset);
    if (!harness_check(dtype != NULL, file, line, "h5x_dataset_dtype(dataset)", "expected a dtype, got NULL"))
        return;
    char *text = h5x_dtype_to_string(dtype);
    harness_check_str(text, want, file, line, "h5x_dtype_to_string(h5x_dataset_dtype(dataset))");
    h5x_free(text);
    h5x_close(dtype);
}
#define CHECK_DTYPE(dataset, spelling) check_dtype_at((dataset), (spelling), __FILE__, __LINE__)

static void test_create(conf_context *ctx)
{
    harness_case("create from shape and dtype (float32 by default) and from data");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-create", "w"));
    h5x_shape shape100 = h5x_shape_of(1, (uint64_t[]){100});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "default", NULL, &shape100, NULL)));
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "ints", H5X_I64, &shape100, NULL)));
    int64_t arange[100];
    for (int i = 0; i < 100; i++)
        arange[i] = i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = arange;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "init", H5X_I64, &shape100, &options)));
    h5x_shape shape3 = h5x_shape_of(3, (uint64_t[]){10, 10, 10});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "MyDataset", H5X_F32, &shape3, NULL)));
    /* intermediate groups are made on the way, as h5py does */
    h5x_shape shape2 = h5x_shape_of(1, (uint64_t[]){2});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "/made/on/the/way", H5X_U8, &shape2, NULL)));
    CHECK_NULL_STATUS(h5x_dataset_create(file, "ints", H5X_I64, &shape100, NULL), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(h5x_dataset_create(file, "made", H5X_I64, &shape100, NULL), H5X_ERR_EXISTS);

    file = conf_reopen(ctx, file, "datasets-create", "r");
    REQUIRE(file);
    h5x_object *dataset;
    h5x_shape shape;

    REQUIRE_PTR(dataset, h5x_open(file, "default"));
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, 100);
    CHECK_OK(h5x_dataset_maxshape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, 100);
    CHECK_OK(h5x_dataset_chunks(dataset, &shape));
    CHECK_SHAPE(&shape, 0);
    CHECK_DTYPE(dataset, "f4");
    h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_get_class(dtype), H5X_CLASS_FLOAT);
    CHECK_UINT(h5x_dtype_size(dtype), 4);
    CHECK_INT(h5x_dtype_equal(dtype, H5X_F32), 1);
    h5x_close(dtype);
    float floats[100];
    memset(floats, 0xff, sizeof floats);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, floats, sizeof floats));
    int zeros = 1;
    for (int i = 0; i < 100; i++)
        zeros &= floats[i] == 0.0f;
    CHECK_MSG(zeros, "a new dataset reads as zeros");
    h5x_close(dataset);

    REQUIRE_PTR(dataset, h5x_open(file, "ints"));
    CHECK_DTYPE(dataset, "i8");
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, 100);
    h5x_close(dataset);

    int64_t got[100];
    memset(got, 0, sizeof got);
    CHECK_OK(read_int64s(file, "init", NULL, got, 100));
    CHECK_INTS(got, arange, 100);
    REQUIRE_PTR(dataset, h5x_open(file, "init"));
    CHECK_DTYPE(dataset, "i8");
    h5x_close(dataset);

    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 3, 10, 10, 10);
    CHECK_DTYPE(dataset, "f4");
    h5x_close(dataset);

    CHECK_INT(h5x_contains(file, "made/on/the"), 1);
    REQUIRE_PTR(dataset, h5x_open(file, "made/on"));
    CHECK_INT(h5x_object_get_kind(dataset), H5X_KIND_GROUP);
    h5x_close(dataset);
    REQUIRE_PTR(dataset, h5x_open(file, "/made/on/the/way"));
    CHECK_DTYPE(dataset, "|u1");
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_chunks(conf_context *ctx)
{
    harness_case("chunked datasets");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-chunks", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){100, 100});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){10, 25});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    if (!conf_has(ctx, H5X_CAP_CHUNKING)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "chunked", H5X_F64, &shape, &options), H5X_ERR_NOT_SUPPORTED);
        CHECK_OK(h5x_close(file));
        return;
    }
    static double values[100 * 100];
    for (int i = 0; i < 100 * 100; i++)
        values[i] = i * 0.5;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "chunked", H5X_F64, &shape, &options)));
    h5x_shape wrong_rank = h5x_shape_of(1, (uint64_t[]){10});
    options.chunks = &wrong_rank;
    options.data = NULL;
    CHECK_NULL_STATUS(h5x_dataset_create(file, "bad_chunks", H5X_F64, &shape, &options), H5X_ERR_SHAPE);
    CHECK_INT(h5x_contains(file, "bad_chunks"), 0);

    file = conf_reopen(ctx, file, "datasets-chunks", "r");
    REQUIRE(file);
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "chunked"));
    h5x_shape got;
    CHECK_OK(h5x_dataset_chunks(dataset, &got));
    CHECK_SHAPE(&got, 2, 10, 25);
    h5x_close(dataset);
    static double back[100 * 100];
    CHECK_OK(read_doubles(file, "chunked", NULL, back, 100 * 100));
    CHECK_DOUBLES(back, values, 100 * 100);
    double block[3 * 4], want[3 * 4];
    CHECK_OK(read_doubles(file, "chunked", "8:11, 23:27", block, 12));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            want[i * 4 + j] = values[(8 + i) * 100 + 23 + j];
    CHECK_DOUBLES(block, want, 12);
    CHECK_OK(h5x_close(file));
}

static void test_resize(conf_context *ctx)
{
    harness_case("maxshape, unlimited axes and resize");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-resize", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){10, 10});
    h5x_shape limited = h5x_shape_of(2, (uint64_t[]){500, 20});
    h5x_shape unlimited = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, 10});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &limited;
    if (!conf_has(ctx, H5X_CAP_RESIZE)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "resizable", NULL, &shape, &options), H5X_ERR_NOT_SUPPORTED);
        h5x_object *fixed = CHECK_PTR(h5x_dataset_create(file, "fixed", NULL, &shape, NULL));
        h5x_shape bigger = h5x_shape_of(2, (uint64_t[]){20, 10});
        CHECK_STATUS(h5x_dataset_resize(fixed, &bigger), H5X_ERR_NOT_SUPPORTED);
        h5x_close(fixed);
        CHECK_OK(h5x_close(file));
        return;
    }
    float square[100];
    for (int i = 0; i < 100; i++)
        square[i] = (float)i;
    options.data = square;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "resizable", NULL, &shape, &options)));
    options.maxshape = &unlimited;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "unlimited", NULL, &shape, &options)));
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "fixed", NULL, &shape, NULL)));

    file = conf_reopen(ctx, file, "datasets-resize", "r+");
    REQUIRE(file);
    h5x_object *resizable, *endless, *fixed;
    REQUIRE_PTR(resizable, h5x_open(file, "resizable"));
    REQUIRE_PTR(endless, h5x_open(file, "unlimited"));
    REQUIRE_PTR(fixed, h5x_open(file, "fixed"));
    h5x_shape got;
    CHECK_OK(h5x_dataset_maxshape(resizable, &got));
    CHECK_SHAPE(&got, 2, 500, 20);
    CHECK_OK(h5x_dataset_maxshape(endless, &got));
    CHECK_MSG(got.rank == 2 && got.dims[0] == H5X_UNLIMITED && got.dims[1] == 10,
              "maxshape (None, 10): rank %d, dims %llu, %llu", got.rank, (unsigned long long)got.dims[0],
              (unsigned long long)got.dims[1]);
    CHECK_OK(h5x_dataset_maxshape(fixed, &got));
    CHECK_SHAPE(&got, 2, 10, 10);
    if (conf_has(ctx, H5X_CAP_CHUNKING)) {
        /* h5py chunks a resizable dataset automatically */
        CHECK_OK(h5x_dataset_chunks(resizable, &got));
        CHECK_MSG(got.rank == 2 && got.dims[0] > 0 && got.dims[1] > 0, "automatic chunks of rank %d", got.rank);
    }

    h5x_shape grown = h5x_shape_of(2, (uint64_t[]){20, 15});
    CHECK_OK(h5x_dataset_resize(resizable, &grown));
    CHECK_OK(h5x_dataset_shape(resizable, &got));
    CHECK_SHAPE(&got, 2, 20, 15);
    h5x_shape at_limit = h5x_shape_of(2, (uint64_t[]){500, 20});
    h5x_shape too_many_rows = h5x_shape_of(2, (uint64_t[]){501, 20});
    h5x_shape too_many_columns = h5x_shape_of(2, (uint64_t[]){10, 21});
    h5x_shape wrong_rank = h5x_shape_of(1, (uint64_t[]){10});
    CHECK_STATUS(h5x_dataset_resize(resizable, &too_many_rows), H5X_ERR_SHAPE);
    CHECK_STATUS(h5x_dataset_resize(resizable, &too_many_columns), H5X_ERR_SHAPE);
    CHECK_STATUS(h5x_dataset_resize(resizable, &wrong_rank), H5X_ERR_SHAPE);
    CHECK_OK(h5x_dataset_shape(resizable, &got));
    CHECK_SHAPE(&got, 2, 20, 15);
    CHECK_OK(h5x_dataset_resize(resizable, &at_limit));
    CHECK_OK(h5x_dataset_resize(resizable, &grown));

    h5x_shape long_shape = h5x_shape_of(2, (uint64_t[]){1000, 10});
    h5x_shape wide = h5x_shape_of(2, (uint64_t[]){1000, 11});
    CHECK_OK(h5x_dataset_resize(endless, &long_shape));
    CHECK_STATUS(h5x_dataset_resize(endless, &wide), H5X_ERR_SHAPE);
    float row[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK_OK(h5x_dataset_write_text(endless, "999", H5X_F32, row, NULL));

    h5x_shape bigger = h5x_shape_of(2, (uint64_t[]){20, 10});
    CHECK_STATUS(h5x_dataset_resize(fixed, &bigger), H5X_ERR_SHAPE);
    h5x_close(fixed);
    h5x_close(endless);
    h5x_close(resizable);

    file = conf_reopen(ctx, file, "datasets-resize", "r+");
    REQUIRE(file);
    REQUIRE_PTR(resizable, h5x_open(file, "resizable"));
    CHECK_OK(h5x_dataset_shape(resizable, &got));
    CHECK_SHAPE(&got, 2, 20, 15);
    double grid[20 * 15], want[20 * 15];
    CHECK_OK(h5x_dataset_read(resizable, NULL, H5X_F64, grid, sizeof grid));
    for (int i = 0; i < 20; i++)
        for (int j = 0; j < 15; j++)
            want[i * 15 + j] = i < 10 && j < 10 ? square[i * 10 + j] : 0.0;
    CHECK_DOUBLES(grid, want, 20 * 15);

    /* shrinking drops data; growing again shows the fill value there */
    h5x_shape small = h5x_shape_of(2, (uint64_t[]){5, 5});
    CHECK_OK(h5x_dataset_resize(resizable, &small));
    CHECK_OK(h5x_dataset_resize(resizable, &shape));
    double regrown[100], regrown_want[100];
    CHECK_OK(h5x_dataset_read(resizable, NULL, H5X_F64, regrown, sizeof regrown));
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++)
            regrown_want[i * 10 + j] = i < 5 && j < 5 ? square[i * 10 + j] : 0.0;
    CHECK_DOUBLES(regrown, regrown_want, 100);
    h5x_close(resizable);

    REQUIRE_PTR(endless, h5x_open(file, "unlimited"));
    CHECK_OK(h5x_dataset_shape(endless, &got));
    CHECK_SHAPE(&got, 2, 1000, 10);
    double last[10], first[10];
    CHECK_OK(h5x_dataset_read_text(endless, "-1", H5X_F64, last, sizeof last));
    CHECK_OK(h5x_dataset_read_text(endless, "9", H5X_F64, first, sizeof first));
    const double row_want[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const double first_want[10] = {90, 91, 92, 93, 94, 95, 96, 97, 98, 99};
    CHECK_DOUBLES(last, row_want, 10);
    CHECK_DOUBLES(first, first_want, 10);
    h5x_close(endless);
    CHECK_OK(h5x_close(file));
}

static void test_fillvalue(conf_context *ctx)
{
    harness_case("fill values");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-fill", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){6});
    int32_t fill = -7;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.fillvalue = &fill;
    h5x_object *filled = CHECK_PTR(h5x_dataset_create(file, "filled", H5X_I32, &shape, &options));
    int32_t pair[2] = {5, 6};
    CHECK_OK(h5x_dataset_write_text(filled, "1:3", H5X_I32, pair, NULL));
    h5x_close(filled);
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "plain", H5X_I32, &shape, NULL)));
    if (conf_has(ctx, H5X_CAP_RESIZE)) {
        float half = 2.5f;
        h5x_shape maxshape = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
        h5x_dataset_options growing = H5X_DATASET_OPTIONS_INIT;
        growing.fillvalue = &half;
        growing.maxshape = &maxshape;
        h5x_object *grows = CHECK_PTR(h5x_dataset_create(file, "grows", H5X_F32, &shape, &growing));
        h5x_shape longer = h5x_shape_of(1, (uint64_t[]){9});
        CHECK_OK(h5x_dataset_resize(grows, &longer));
        h5x_close(grows);
    }

    file = conf_reopen(ctx, file, "datasets-fill", "r");
    REQUIRE(file);
    REQUIRE_PTR(filled, h5x_open(file, "filled"));
    int32_t fill_back = 0;
    double fill_double = 0;
    CHECK_INT(h5x_dataset_fillvalue(filled, H5X_I32, &fill_back), 1);
    CHECK_INT(fill_back, -7);
    CHECK_INT(h5x_dataset_fillvalue(filled, H5X_F64, &fill_double), 1);
    CHECK_DOUBLE(fill_double, -7.0);
    h5x_close(filled);
    int64_t values[6];
    const int64_t want[6] = {-7, 5, 6, -7, -7, -7};
    CHECK_OK(read_int64s(file, "filled", NULL, values, 6));
    CHECK_INTS(values, want, 6);

    h5x_object *plain = CHECK_PTR(h5x_open(file, "plain"));
    int32_t default_fill = 99;
    CHECK_OK(h5x_dataset_fillvalue(plain, H5X_I32, &default_fill));
    CHECK_INT(default_fill, 0);
    h5x_close(plain);

    if (conf_has(ctx, H5X_CAP_RESIZE)) {
        double grown[9];
        const double grown_want[9] = {2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5};
        CHECK_OK(read_doubles(file, "grows", NULL, grown, 9));
        CHECK_DOUBLES(grown, grown_want, 9);
    }
    CHECK_OK(h5x_close(file));
}

static void test_require_dataset(conf_context *ctx)
{
    harness_case("require_dataset");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-require", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){3, 4});
    int32_t data[12];
    for (int i = 0; i < 12; i++)
        data[i] = 100 + i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "existing", H5X_I32, &shape, &options)));
    h5x_close(CHECK_PTR(h5x_group_create(file, "a_group", NULL)));
    file = conf_reopen(ctx, file, "datasets-require", "r+");
    REQUIRE(file);

    h5x_object *same = CHECK_PTR(h5x_dataset_require(file, "existing", H5X_I32, &shape, NULL));
    int64_t got[12], want[12];
    for (int i = 0; i < 12; i++)
        want[i] = 100 + i;
    CHECK_OK(h5x_dataset_read(same, NULL, H5X_I64, got, sizeof got));
    CHECK_INTS(got, want, 12);
    h5x_close(same);
    /* a dtype that converts is accepted (h5py's exact=False) */
    h5x_object *narrower = CHECK_PTR(h5x_dataset_require(file, "existing", H5X_I16, &shape, NULL));
    if (narrower) {
        h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(narrower));
        CHECK_INT(h5x_dtype_equal(stored, H5X_I32), 1);
        h5x_close(stored);
    }
    h5x_close(narrower);
    h5x_shape transposed = h5x_shape_of(2, (uint64_t[]){4, 3});
    CHECK_NULL_STATUS(h5x_dataset_require(file, "existing", H5X_I32, &transposed, NULL), H5X_ERR_SHAPE);
    h5x_dtype *text = CHECK_PTR(h5x_dtype_parse("S10"));
    CHECK_NULL_STATUS(h5x_dataset_require(file, "existing", text, &shape, NULL), H5X_ERR_TYPE);
    h5x_close(text);
    /* h5py: TypeError, "Incompatible object (Group) already exists" */
    CHECK_NULL_STATUS(h5x_dataset_require(file, "a_group", H5X_I32, &shape, NULL), H5X_ERR_TYPE);

    int32_t fresh_data[12];
    for (int i = 0; i < 12; i++)
        fresh_data[i] = -i;
    options.data = fresh_data;
    h5x_close(CHECK_PTR(h5x_dataset_require(file, "fresh", H5X_I32, &shape, &options)));

    file = conf_reopen(ctx, file, "datasets-require", "r");
    REQUIRE(file);
    for (int i = 0; i < 12; i++)
        want[i] = -i;
    CHECK_OK(read_int64s(file, "fresh", NULL, got, 12));
    CHECK_INTS(got, want, 12);
    CHECK_INT(h5x_group_length(file), 3);
    CHECK_OK(h5x_close(file));
}

static void test_len_and_iteration(conf_context *ctx)
{
    harness_case("len() and iteration over the first axis");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-len", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){5, 3});
    int64_t data[15];
    for (int i = 0; i < 15; i++)
        data[i] = i * i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "table", H5X_I64, &shape, &options)));
    file = conf_reopen(ctx, file, "datasets-len", "r");
    REQUIRE(file);
    h5x_object *table;
    REQUIRE_PTR(table, h5x_open(file, "table"));
    uint64_t length = 0;
    CHECK_OK(h5x_dataset_len(table, &length));
    CHECK_UINT(length, 5);
    /* for row in dset: one index on the first axis after the other */
    for (uint64_t i = 0; i < length && i < 5; i++) {
        h5x_selection *row_selection = CHECK_PTR(h5x_selection_new());
        CHECK_OK(h5x_selection_add_index(row_selection, (int64_t)i));
        h5x_shape row_shape;
        CHECK_OK(h5x_dataset_selection_shape(table, row_selection, &row_shape));
        CHECK_SHAPE(&row_shape, 1, 3);
        int64_t row[3] = {0};
        CHECK_OK(h5x_dataset_read(table, row_selection, H5X_I64, row, sizeof row));
        CHECK_INTS(row, data + 3 * i, 3);
        h5x_close(row_selection);
    }
    h5x_close(table);
    CHECK_OK(h5x_close(file));
}

static void test_conversion(conf_context *ctx)
{
    harness_case("type conversion on read and write");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-convert", "w"));
    h5x_shape shape5 = h5x_shape_of(1, (uint64_t[]){5});
    const int16_t shorts[5] = {-32768, -1, 0, 1, 32767};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = shorts;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "int16", H5X_I16, &shape5, &options)));
    h5x_object *from_doubles = CHECK_PTR(h5x_dataset_create(file, "from_doubles", H5X_I16, &shape5, NULL));
    const double doubles[5] = {-300, -2, 0, 7, 12000};
    CHECK_OK(h5x_dataset_write(from_doubles, NULL, H5X_F64, doubles, NULL));
    h5x_close(from_doubles);
    const int32_t wide[5] = {-5, 0, 200, 255, 300};
    options.data = wide;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "int32", H5X_I32, &shape5, &options)));

    file = conf_reopen(ctx, file, "datasets-convert", "r");
    REQUIRE(file);
    /* int16 data read into a float64 buffer */
    double as_doubles[5];
    const double shorts_as_doubles[5] = {-32768, -1, 0, 1, 32767};
    CHECK_OK(read_doubles(file, "int16", NULL, as_doubles, 5));
    CHECK_DOUBLES(as_doubles, shorts_as_doubles, 5);
    int64_t as_ints[5];
    const int64_t doubles_as_ints[5] = {-300, -2, 0, 7, 12000};
    CHECK_OK(read_int64s(file, "from_doubles", NULL, as_ints, 5));
    CHECK_INTS(as_ints, doubles_as_ints, 5);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "from_doubles"));
    CHECK_DTYPE(dataset, "i2");
    h5x_close(dataset);
    /* narrowing clamps to the target's range */
    uint8_t bytes[5] = {0};
    REQUIRE_PTR(dataset, h5x_open(file, "int32"));
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_U8, bytes, sizeof bytes));
    const uint8_t clamped[5] = {0, 0, 200, 255, 255};
    CHECK_BYTES(bytes, clamped, 5);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_multiple_indexing(conf_context *ctx)
{
    harness_case("multiple indexing: a read copy does not write back");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-indexing", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){2, 2});
    h5x_object *test = CHECK_PTR(h5x_dataset_create(file, "test", NULL, &shape, NULL));
    float row[2] = {0};
    CHECK_OK(h5x_dataset_read_text(test, "0", H5X_F32, row, sizeof row));
    row[1] = 3.0f; /* dset[0][1] = 3.0: only the copy changes */
    float element = -1;
    CHECK_OK(h5x_dataset_read_text(test, "0, 1", H5X_F32, &element, sizeof element));
    CHECK_DOUBLE(element, 0.0);
    float three = 3.0f;
    CHECK_OK(h5x_dataset_write_text(test, "0, 1", H5X_F32, &three, NULL));
    h5x_close(test);
    file = conf_reopen(ctx, file, "datasets-indexing", "r");
    REQUIRE(file);
    double all[4];
    const double want[4] = {0, 3, 0, 0};
    CHECK_OK(read_doubles(file, "test", NULL, all, 4));
    CHECK_DOUBLES(all, want, 4);
    CHECK_OK(h5x_close(file));
}

static void test_buffer_size(conf_context *ctx)
{
    harness_case("a read into a buffer that is too small is refused");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "datasets-buffer", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){8});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "eight", H5X_I32, &shape, NULL));
    unsigned char buffer[8 * 4 + 4];
    memset(buffer, 0xab, sizeof buffer);
    h5x_clear_error();
    int status = h5x_dataset_read(dataset, NULL, H5X_I32, buffer, 7 * 4);
    CHECK_MSG(status < 0, "reading 8 int32 into 28 bytes gave %d", status);
    CHECK_MSG(h5x_last_error()->message[0] != '\0', "the error has a message");
    int untouched = 1;
    for (size_t i = 7 * 4; i < sizeof buffer; i++)
        untouched &= buffer[i] == 0xab;
    CHECK_MSG(untouched, "nothing was written past the buffer's size");
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

void conformance_datasets(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_create(ctx);
    test_chunks(ctx);
    test_resize(ctx);
    test_fillvalue(ctx);
    test_require_dataset(ctx);
    test_len_and_iteration(ctx);
    test_conversion(ctx);
    test_multiple_indexing(ctx);
    test_buffer_size(ctx);
}
