/*
 * interop_content.c — the interop file's content, written and checked
 * through h5x.  See interop_content.h for what it holds; the Python twin,
 * interop_content.py, must stay in step with every value here.
 */
#include "interop_content.h"

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "numeric_cases.h"

/* ------------------------------------------------------------ values */

static double chunked_value(int i, int j)
{
    return i * 30 + j + 0.5;
}

static int32_t resizable_value(int i)
{
    return i * 3 - 7;
}

static float limited_value(int i, int j)
{
    return (float)(i * 9 + j);
}

/* Stops the writer at the first failure, naming the call. */
#define WRITE_STEP(call)                                                                                     \
    do {                                                                                                     \
        if (CHECK_OK(call) < 0)                                                                              \
            return h5x_last_error()->code ? h5x_last_error()->code : -1;                                     \
    } while (0)
#define WRITE_OBJECT(var, call)                                                                              \
    do {                                                                                                     \
        (var) = CHECK_PTR(call);                                                                             \
        if (!(var))                                                                                          \
            return h5x_last_error()->code ? h5x_last_error()->code : -1;                                     \
    } while (0)

/* ------------------------------------------------------------ writing */

static int write_groups(h5x_object *file)
{
    h5x_object *group;
    WRITE_OBJECT(group, h5x_group_create(file, "/bar/baz", NULL));
    h5x_close(group);
    WRITE_OBJECT(group, h5x_group_create(file, "/some/long/path", NULL));
    h5x_close(group);
    WRITE_OBJECT(group, h5x_group_create(file, "/données", NULL));
    h5x_close(group);
    return 0;
}

static int write_numeric(h5x_object *file)
{
    h5x_object *group;
    WRITE_OBJECT(group, h5x_group_create(file, "dtypes", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){NUMERIC_COUNT});
    for (size_t i = 0; i < numeric_case_count; i++) {
        const numeric_case *c = &numeric_cases[i];
        h5x_dtype *dtype = h5x_dtype_parse(c->spec);
        unsigned char values[NUMERIC_COUNT * 16];
        numeric_native_values(c, values);
        h5x_object *dataset;
        WRITE_OBJECT(dataset, h5x_dataset_create(group, c->name, dtype, &shape, NULL));
        WRITE_STEP(h5x_dataset_write(dataset, NULL, numeric_memory_dtype(c), values, NULL));
        h5x_close(dataset);
        h5x_close(dtype);
    }
    h5x_close(group);
    return 0;
}

static int write_layouts(h5x_object *file)
{
    h5x_object *dataset;
    /* chunked: (20, 30) float64 in (5, 10) chunks */
    static double chunked[20 * 30];
    for (int i = 0; i < 20; i++)
        for (int j = 0; j < 30; j++)
            chunked[i * 30 + j] = chunked_value(i, j);
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){20, 30});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){5, 10});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    options.data = chunked;
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "chunked", H5X_F64, &shape, &options));
    const float scale = 0.5f;
    const int16_t offset = -3;
    WRITE_STEP(h5x_attr_set(dataset, "scale", H5X_F32, NULL, &scale));
    WRITE_STEP(h5x_attr_set(dataset, "offset", H5X_I16, NULL, &offset));
    h5x_close(dataset);

    /* resizable: int32 (10,) growing without bound, then resized to 25 */
    int32_t resizable[25];
    for (int i = 0; i < 25; i++)
        resizable[i] = resizable_value(i);
    h5x_shape ten = h5x_shape_of(1, (uint64_t[]){10});
    h5x_shape unlimited = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_dataset_options growing = H5X_DATASET_OPTIONS_INIT;
    growing.maxshape = &unlimited;
    growing.chunks = &four;
    growing.data = resizable;
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "resizable", H5X_I32, &ten, &growing));
    h5x_shape twenty_five = h5x_shape_of(1, (uint64_t[]){25});
    WRITE_STEP(h5x_dataset_resize(dataset, &twenty_five));
    h5x_shape fifteen = h5x_shape_of(1, (uint64_t[]){15});
    WRITE_STEP(h5x_dataset_write_text(dataset, "10:25", H5X_I32, resizable + 10, &fifteen));
    h5x_close(dataset);

    /* limited: float32 (4, 6) with maxshape (8, 12), resized to (6, 9) */
    float limited[6 * 9];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 9; j++)
            limited[i * 9 + j] = limited_value(i, j);
    h5x_shape small = h5x_shape_of(2, (uint64_t[]){4, 6});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){8, 12});
    h5x_dataset_options bounded = H5X_DATASET_OPTIONS_INIT;
    bounded.maxshape = &maxshape;
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "limited", H5X_F32, &small, &bounded));
    h5x_shape grown = h5x_shape_of(2, (uint64_t[]){6, 9});
    WRITE_STEP(h5x_dataset_resize(dataset, &grown));
    WRITE_STEP(h5x_dataset_write(dataset, NULL, H5X_F32, limited, NULL));
    h5x_close(dataset);

    /* filled: int32 (8,) with fill value -7, the first three written */
    const int32_t fill = -7;
    const int32_t head[3] = {0, 1, 2};
    h5x_shape eight = h5x_shape_of(1, (uint64_t[]){8});
    h5x_dataset_options filled = H5X_DATASET_OPTIONS_INIT;
    filled.fillvalue = &fill;
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "filled", H5X_I32, &eight, &filled));
    WRITE_STEP(h5x_dataset_write_text(dataset, ":3", H5X_I32, head, NULL));
    h5x_close(dataset);

    /* the seeds' MyDataset after dset[0,:,:] = arange(10) */
    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){10, 10, 10});
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "MyDataset", NULL, &cube, NULL));
    const int64_t arange[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    h5x_shape row = h5x_shape_of(1, (uint64_t[]){10});
    WRITE_STEP(h5x_dataset_write_text(dataset, "0, :, :", H5X_I64, arange, &row));
    h5x_close(dataset);

    /* scalar and empty */
    const int64_t answer = 42;
    h5x_shape scalar = h5x_shape_scalar();
    h5x_dataset_options with_data = H5X_DATASET_OPTIONS_INIT;
    with_data.data = &answer;
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "scalar", H5X_I64, &scalar, &with_data));
    h5x_close(dataset);
    h5x_shape null_shape = h5x_shape_null();
    WRITE_OBJECT(dataset, h5x_dataset_create(file, "empty", H5X_F32, &null_shape, NULL));
    h5x_close(dataset);
    return 0;
}

static int write_attributes(h5x_object *file)
{
    const int32_t integer = -42;
    const double real = 2.5;
    const float floats[3] = {1.5f, -2.0f, 0.25f};
    const uint16_t matrix[6] = {1, 2, 3, 4, 5, 6};
    const int64_t extremes[2] = {INT64_MIN, INT64_MAX};
    const uint8_t flag = 1;
    const double complex_value[2] = {1.5, -0.5};
    const float halves[2] = {0.5f, -65504.0f};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_shape two_by_three = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_shape null_shape = h5x_shape_null();
    WRITE_STEP(h5x_attr_set(file, "int", H5X_I32, NULL, &integer));
    WRITE_STEP(h5x_attr_set(file, "real", H5X_F64, NULL, &real));
    WRITE_STEP(h5x_attr_set(file, "floats", H5X_F32, &three, floats));
    WRITE_STEP(h5x_attr_set(file, "matrix", H5X_U16, &two_by_three, matrix));
    h5x_dtype *big = h5x_dtype_parse(">i8");
    unsigned char big_bytes[16];
    WRITE_STEP(h5x_dtype_convert(H5X_I64, extremes, big, big_bytes, 2));
    WRITE_STEP(h5x_attr_set(file, "big", big, &two, big_bytes));
    h5x_close(big);
    WRITE_STEP(h5x_attr_set(file, "flag", H5X_BOOL, NULL, &flag));
    WRITE_STEP(h5x_attr_set(file, "complex", H5X_C128, NULL, complex_value));
    /* float16 attribute, from float32 values (an attribute is created
     * with the dtype it is given, so convert first) */
    uint16_t half_bits[2];
    WRITE_STEP(h5x_dtype_convert(H5X_F32, halves, H5X_F16, half_bits, 2));
    WRITE_STEP(h5x_attr_set(file, "half", H5X_F16, &two, half_bits));
    WRITE_STEP(h5x_attr_set(file, "nothing", H5X_F32, &null_shape, NULL));

    h5x_object *bar;
    WRITE_OBJECT(bar, h5x_open(file, "bar"));
    const uint64_t count = UINT64_MAX;
    WRITE_STEP(h5x_attr_set(bar, "count", H5X_U64, NULL, &count));
    h5x_close(bar);
    return 0;
}

int interop_write(h5x_object *file)
{
    int status = write_groups(file);
    if (status == 0)
        status = write_numeric(file);
    if (status == 0)
        status = write_layouts(file);
    if (status == 0)
        status = write_attributes(file);
    return status;
}

/* ------------------------------------------------------------ checking */

static void check_names_at(h5x_object *group, const char *const *want, size_t count, const char *file, int line)
{
    char **names = NULL;
    size_t got = 0;
    h5x_clear_error();
    int status = h5x_group_names(group, H5X_ORDER_NAME, &names, &got);
    if (!harness_check(status >= 0, file, line, "h5x_group_names", "got %d (%s)", status,
                       harness_status_name(status)))
        return;
    harness_check(got == count, file, line, "count", "%zu names, expected %zu", got, count);
    for (size_t i = 0; i < got && i < count; i++)
        harness_check(strcmp(names[i], want[i]) == 0, file, line, "names[i]",
                      "name %zu is \"%s\", expected \"%s\"", i, names[i], want[i]);
    h5x_free_names(names, got);
}
#define CHECK_NAMES(group, ...)                                                                              \
    check_names_at((group), (const char *const[]){__VA_ARGS__},                                              \
                   sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), __FILE__, __LINE__)

static void check_spelling_at(h5x_dtype *dtype, const char *want, const char *file, int line)
{
    char *text = dtype ? h5x_dtype_to_string(dtype) : NULL;
    harness_check(text && strcmp(text, want) == 0, file, line, "h5x_dtype_to_string(dtype)",
                  "dtype \"%s\", expected \"%s\"", text ? text : "(null)", want);
    h5x_free(text);
}
#define CHECK_SPELLING(dtype, want) check_spelling_at((dtype), (want), __FILE__, __LINE__)

static void verify_groups(h5x_object *file)
{
    harness_case("groups");
    CHECK_NAMES(file, "MyDataset", "bar", "chunked", "donn\xc3\xa9" "es", "dtypes", "empty", "filled", "limited",
                "resizable", "scalar", "some");
    CHECK_INT(h5x_contains(file, "/bar/baz"), 1);
    CHECK_INT(h5x_contains(file, "/some/long/path"), 1);
    h5x_object *group = CHECK_PTR(h5x_open(file, "/données"));
    CHECK_INT(h5x_object_get_kind(group), H5X_KIND_GROUP);
    CHECK_INT(h5x_group_length(group), 0);
    h5x_close(group);
}

static void verify_numeric(h5x_object *file)
{
    harness_case("every numeric dtype in both byte orders");
    h5x_object *group = CHECK_PTR(h5x_open(file, "dtypes"));
    if (!group)
        return;
    CHECK_INT(h5x_group_length(group), (int64_t)numeric_case_count);
    for (size_t i = 0; i < numeric_case_count; i++) {
        const numeric_case *c = &numeric_cases[i];
        h5x_object *dataset = CHECK_PTR(h5x_open(group, c->name));
        if (!dataset)
            continue;
        h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_SPELLING(dtype, c->spelling);
        h5x_close(dtype);
        h5x_shape shape;
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 1, NUMERIC_COUNT);
        unsigned char want[NUMERIC_COUNT * 16], got[NUMERIC_COUNT * 16];
        numeric_native_values(c, want);
        memset(got, 0xee, sizeof got);
        CHECK_OK(h5x_dataset_read(dataset, NULL, numeric_memory_dtype(c), got, NUMERIC_COUNT * c->size));
        CHECK_MSG(memcmp(got, want, NUMERIC_COUNT * c->size) == 0, "/dtypes/%s: values differ", c->name);
        numeric_stored_values(c, want);
        CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, NUMERIC_COUNT * c->size));
        CHECK_MSG(memcmp(got, want, NUMERIC_COUNT * c->size) == 0, "/dtypes/%s: stored bytes differ", c->name);
        h5x_close(dataset);
    }
    h5x_close(group);
}

static void verify_layouts(h5x_object *file)
{
    harness_case("chunked, resizable and filled datasets");
    h5x_object *dataset;
    h5x_shape shape;

    if ((dataset = CHECK_PTR(h5x_open(file, "chunked")))) {
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 2, 20, 30);
        CHECK_OK(h5x_dataset_chunks(dataset, &shape));
        CHECK_SHAPE(&shape, 2, 5, 10);
        static double got[20 * 30], want[20 * 30];
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 30; j++)
                want[i * 30 + j] = chunked_value(i, j);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, got, sizeof got));
        CHECK_DOUBLES(got, want, 20 * 30);
        float scale = 0;
        int16_t offset = 0;
        CHECK_OK(h5x_attr_get(dataset, "scale", H5X_F32, &scale, sizeof scale));
        CHECK_DOUBLE(scale, 0.5);
        CHECK_OK(h5x_attr_get(dataset, "offset", H5X_I16, &offset, sizeof offset));
        CHECK_INT(offset, -3);
        h5x_close(dataset);
    }

    if ((dataset = CHECK_PTR(h5x_open(file, "resizable")))) {
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 1, 25);
        CHECK_OK(h5x_dataset_maxshape(dataset, &shape));
        CHECK_MSG(shape.rank == 1 && shape.dims[0] == H5X_UNLIMITED, "maxshape (None,): rank %d, dim %llu",
                  shape.rank, (unsigned long long)shape.dims[0]);
        int64_t got[25], want[25];
        for (int i = 0; i < 25; i++)
            want[i] = resizable_value(i);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, got, sizeof got));
        CHECK_INTS(got, want, 25);
        h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_SPELLING(dtype, "<i4");
        h5x_close(dtype);
        h5x_close(dataset);
    }

    if ((dataset = CHECK_PTR(h5x_open(file, "limited")))) {
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 2, 6, 9);
        CHECK_OK(h5x_dataset_maxshape(dataset, &shape));
        CHECK_SHAPE(&shape, 2, 8, 12);
        double got[6 * 9], want[6 * 9];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 9; j++)
                want[i * 9 + j] = limited_value(i, j);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, got, sizeof got));
        CHECK_DOUBLES(got, want, 6 * 9);
        h5x_close(dataset);
    }

    if ((dataset = CHECK_PTR(h5x_open(file, "filled")))) {
        int32_t fill = 0;
        CHECK_INT(h5x_dataset_fillvalue(dataset, H5X_I32, &fill), 1);
        CHECK_INT(fill, -7);
        int64_t got[8];
        const int64_t want[8] = {0, 1, 2, -7, -7, -7, -7, -7};
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, got, sizeof got));
        CHECK_INTS(got, want, 8);
        h5x_close(dataset);
    }

    if ((dataset = CHECK_PTR(h5x_open(file, "MyDataset")))) {
        h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_SPELLING(dtype, "<f4");
        h5x_close(dtype);
        static double got[1000], want[1000];
        for (int i = 0; i < 1000; i++)
            want[i] = i < 100 ? i % 10 : 0.0;
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, got, sizeof got));
        CHECK_DOUBLES(got, want, 1000);
        h5x_close(dataset);
    }
}

static void verify_scalar_and_empty(h5x_object *file)
{
    harness_case("scalar and empty datasets");
    h5x_object *dataset;
    h5x_shape shape;
    if ((dataset = CHECK_PTR(h5x_open(file, "scalar")))) {
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 0);
        h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_SPELLING(dtype, "<i8");
        h5x_close(dtype);
        int64_t value = 0;
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, &value, sizeof value));
        CHECK_INT(value, 42);
        h5x_close(dataset);
    }
    if ((dataset = CHECK_PTR(h5x_open(file, "empty")))) {
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, -1);
        h5x_dtype *dtype = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_SPELLING(dtype, "<f4");
        h5x_close(dtype);
        h5x_close(dataset);
    }
}

static void check_attr_at(h5x_object *object, const char *name, const char *spelling, int rank, uint64_t dim0,
                          const char *file, int line)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    h5x_clear_error();
    int status = h5x_attr_info(object, name, &shape, &dtype);
    if (!harness_check(status >= 0, file, line, "h5x_attr_info", "attribute \"%s\": %d (%s)", name, status,
                       harness_status_name(status)))
        return;
    harness_check(shape.rank == rank && (rank < 1 || shape.dims[0] == dim0), file, line, "shape",
                  "attribute \"%s\": rank %d, expected %d", name, shape.rank, rank);
    check_spelling_at(dtype, spelling, file, line);
    h5x_close(dtype);
}
#define CHECK_ATTR(object, name, spelling, rank, dim0)                                                       \
    check_attr_at((object), (name), (spelling), (rank), (dim0), __FILE__, __LINE__)

static void verify_attributes(h5x_object *file)
{
    harness_case("numeric attributes");
    CHECK_INT(h5x_attr_count(file), 9);
    CHECK_ATTR(file, "int", "<i4", 0, 0);
    CHECK_ATTR(file, "real", "<f8", 0, 0);
    CHECK_ATTR(file, "floats", "<f4", 1, 3);
    CHECK_ATTR(file, "matrix", "<u2", 2, 2);
    CHECK_ATTR(file, "big", ">i8", 1, 2);
    CHECK_ATTR(file, "flag", "|b1", 0, 0);
    CHECK_ATTR(file, "complex", "<c16", 0, 0);
    CHECK_ATTR(file, "half", "<f2", 1, 2);
    CHECK_ATTR(file, "nothing", "<f4", -1, 0);

    int32_t integer = 0;
    CHECK_OK(h5x_attr_get(file, "int", H5X_I32, &integer, sizeof integer));
    CHECK_INT(integer, -42);
    double real = 0;
    CHECK_OK(h5x_attr_get(file, "real", H5X_F64, &real, sizeof real));
    CHECK_DOUBLE(real, 2.5);
    double floats[3];
    CHECK_OK(h5x_attr_get(file, "floats", H5X_F64, floats, sizeof floats));
    CHECK_DOUBLES(floats, ((const double[3]){1.5, -2.0, 0.25}), 3);
    int64_t matrix[6];
    CHECK_OK(h5x_attr_get(file, "matrix", H5X_I64, matrix, sizeof matrix));
    CHECK_INTS(matrix, ((const int64_t[6]){1, 2, 3, 4, 5, 6}), 6);
    int64_t extremes[2];
    CHECK_OK(h5x_attr_get(file, "big", H5X_I64, extremes, sizeof extremes));
    CHECK_INTS(extremes, ((const int64_t[2]){INT64_MIN, INT64_MAX}), 2);
    uint8_t flag = 0;
    CHECK_OK(h5x_attr_get(file, "flag", H5X_BOOL, &flag, sizeof flag));
    CHECK_INT(flag, 1);
    double complex_value[2];
    CHECK_OK(h5x_attr_get(file, "complex", H5X_C128, complex_value, sizeof complex_value));
    CHECK_DOUBLES(complex_value, ((const double[2]){1.5, -0.5}), 2);
    double halves[2];
    CHECK_OK(h5x_attr_get(file, "half", H5X_F64, halves, sizeof halves));
    CHECK_DOUBLES(halves, ((const double[2]){0.5, -65504.0}), 2);

    h5x_object *bar = CHECK_PTR(h5x_open(file, "bar"));
    uint64_t count = 0;
    CHECK_OK(h5x_attr_get(bar, "count", H5X_U64, &count, sizeof count));
    CHECK_UINT(count, UINT64_MAX);
    CHECK_ATTR(bar, "count", "<u8", 0, 0);
    h5x_close(bar);
}

void interop_verify(h5x_object *file)
{
    verify_groups(file);
    verify_numeric(file);
    verify_layouts(file);
    verify_scalar_and_empty(file);
    verify_attributes(file);
}
