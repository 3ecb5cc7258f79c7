/*
 * test_attributes.c — the "attributes" section: h5py's AttributeManager in
 * C.  Numeric scalars and arrays set on the root group, a group and a
 * dataset; get (stored and converted), info, contains, count, names in
 * name order, iteration, delete; set replacing an attribute's type and
 * shape; modify keeping them; creation order where the connector claims
 * it.  Values are compared after the file is closed and reopened.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"

/* Checks an attribute's shape and the NumPy spelling of its dtype. */
static void check_attr_info_at(h5x_object *object, const char *name, const char *spelling, const h5x_shape *want,
                               const char *file, int line)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    memset(&shape, 0, sizeof shape);
    h5x_clear_error();
    int status = h5x_attr_info(object, name, &shape, &dtype);
    if (!harness_check(status >= 0, file, line, "h5x_attr_info(object, name, &shape, &dtype)",
                       "attribute \"%s\": got %d (%s)", name, status, harness_status_name(status)))
        return;
    int same = shape.rank == want->rank;
    for (int i = 0; same && i < want->rank; i++)
        same = shape.dims[i] == want->dims[i];
    harness_check(same, file, line, "shape",
                  "attribute \"%s\": rank %d (first dim %llu), expected rank %d (first %llu)", name, shape.rank,
                  (unsigned long long)(shape.rank > 0 ? shape.dims[0] : 0), want->rank,
                  (unsigned long long)(want->rank > 0 ? want->dims[0] : 0));
    char *text = dtype ? h5x_dtype_to_string(dtype) : NULL;
    harness_check(text && strcmp(text, spelling) == 0, file, line, "dtype",
                  "attribute \"%s\": dtype \"%s\", expected \"%s\"", name, text ? text : "(null)", spelling);
    h5x_free(text);
    h5x_close(dtype);
}
#define CHECK_ATTR_INFO(object, name, spelling, shape)                                                       \
    check_attr_info_at((object), (name), (spelling), (shape), __FILE__, __LINE__)

/* A NumPy spelling in the machine's byte order ("i4" -> "<i4"). */
static const char *native(const char *spelling)
{
    static char buffers[8][16];
    static int next;
    char *out = buffers[next++ % 8];
    snprintf(out, sizeof buffers[0], "%s%s", conf_native_order_char(), spelling);
    return out;
}

typedef struct collector {
    char names[16][32];
    size_t count;
    size_t stop_after;
} collector;

static int collect(const char *name, void *user_data)
{
    collector *c = user_data;
    if (c->count < 16)
        snprintf(c->names[c->count], sizeof c->names[0], "%s", name);
    c->count++;
    return c->stop_after && c->count >= c->stop_after ? 42 : 0;
}

/* Sets the same family of numeric attributes on any object. */
static void set_numeric_attributes(h5x_object *object)
{
    const int32_t integer = -42;
    const double real = 2.5;
    const float floats[3] = {1.5f, -2.0f, 0.25f};
    const uint16_t matrix[6] = {1, 2, 3, 4, 5, 6};
    const int64_t extremes[2] = {INT64_MIN, INT64_MAX};
    const uint8_t flag = 1;
    const double complex_value[2] = {1.5, -0.5};
    const int16_t one[1] = {7};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_shape two_by_three = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_shape single = h5x_shape_of(1, (uint64_t[]){1});
    h5x_dtype *big = h5x_dtype_parse(">i8");
    CHECK_OK(h5x_attr_set(object, "integer", H5X_I32, NULL, &integer));
    CHECK_OK(h5x_attr_set(object, "real", H5X_F64, NULL, &real));
    CHECK_OK(h5x_attr_set(object, "floats", H5X_F32, &three, floats));
    CHECK_OK(h5x_attr_set(object, "matrix", H5X_U16, &two_by_three, matrix));
    /* stored big-endian, written from machine-order values converted first */
    unsigned char big_bytes[16];
    CHECK_OK(h5x_dtype_convert(H5X_I64, extremes, big, big_bytes, 2));
    CHECK_OK(h5x_attr_set(object, "big_endian", big, &two, big_bytes));
    CHECK_OK(h5x_attr_set(object, "flag", H5X_BOOL, NULL, &flag));
    CHECK_OK(h5x_attr_set(object, "complex", H5X_C128, NULL, complex_value));
    CHECK_OK(h5x_attr_set(object, "one", H5X_I16, &single, one));
    h5x_close(big);
}

static void check_numeric_attributes(h5x_object *object)
{
    h5x_shape scalar = h5x_shape_scalar();
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_shape two_by_three = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_shape single = h5x_shape_of(1, (uint64_t[]){1});
    CHECK_INT(h5x_attr_count(object), 8);
    CHECK_ATTR_INFO(object, "integer", native("i4"), &scalar);
    CHECK_ATTR_INFO(object, "real", native("f8"), &scalar);
    CHECK_ATTR_INFO(object, "floats", native("f4"), &three);
    CHECK_ATTR_INFO(object, "matrix", native("u2"), &two_by_three);
    CHECK_ATTR_INFO(object, "big_endian", ">i8", &two);
    CHECK_ATTR_INFO(object, "flag", "|b1", &scalar);
    CHECK_ATTR_INFO(object, "complex", native("c16"), &scalar);
    CHECK_ATTR_INFO(object, "one", native("i2"), &single);

    int32_t integer = 0;
    CHECK_OK(h5x_attr_get(object, "integer", NULL, &integer, sizeof integer));
    CHECK_INT(integer, -42);
    double real = 0, as_double = 0;
    CHECK_OK(h5x_attr_get(object, "real", H5X_F64, &real, sizeof real));
    CHECK_DOUBLE(real, 2.5);
    CHECK_OK(h5x_attr_get(object, "integer", H5X_F64, &as_double, sizeof as_double));
    CHECK_DOUBLE(as_double, -42.0);
    double floats[3];
    CHECK_OK(h5x_attr_get(object, "floats", H5X_F64, floats, sizeof floats));
    CHECK_DOUBLES(floats, ((const double[3]){1.5, -2.0, 0.25}), 3);
    uint16_t matrix[6] = {0};
    CHECK_OK(h5x_attr_get(object, "matrix", H5X_U16, matrix, sizeof matrix));
    CHECK_UINTS(((uint64_t[6]){matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5]}),
                ((const uint64_t[6]){1, 2, 3, 4, 5, 6}), 6);
    int64_t extremes[2] = {0};
    CHECK_OK(h5x_attr_get(object, "big_endian", H5X_I64, extremes, sizeof extremes));
    CHECK_INTS(extremes, ((const int64_t[2]){INT64_MIN, INT64_MAX}), 2);
    unsigned char raw[16], want_raw[16] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    CHECK_OK(h5x_attr_get(object, "big_endian", NULL, raw, sizeof raw));
    CHECK_BYTES(raw, want_raw, 16);
    uint8_t flag = 0;
    CHECK_OK(h5x_attr_get(object, "flag", H5X_BOOL, &flag, sizeof flag));
    CHECK_INT(flag, 1);
    double complex_value[2] = {0};
    CHECK_OK(h5x_attr_get(object, "complex", NULL, complex_value, sizeof complex_value));
    CHECK_DOUBLES(complex_value, ((const double[2]){1.5, -0.5}), 2);
    int64_t one = 0;
    CHECK_OK(h5x_attr_get(object, "one", H5X_I64, &one, sizeof one));
    CHECK_INT(one, 7);
}

static void test_numeric_values(conf_context *ctx)
{
    harness_case("numeric scalars and arrays on the root, a group and a dataset");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "attributes-values", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "group", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "dataset", NULL, &shape, NULL));
    set_numeric_attributes(file);
    set_numeric_attributes(group);
    set_numeric_attributes(dataset);
    h5x_close(dataset);
    h5x_close(group);

    file = conf_reopen(ctx, file, "attributes-values", "r");
    REQUIRE(file);
    check_numeric_attributes(file);
    REQUIRE_PTR(group, h5x_open(file, "group"));
    check_numeric_attributes(group);
    h5x_close(group);
    REQUIRE_PTR(dataset, h5x_open(file, "dataset"));
    check_numeric_attributes(dataset);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_dictionary(conf_context *ctx)
{
    harness_case("contains, count, names, iteration and delete");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "attributes-dict", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));
    static const char *const created[] = {"zulu", "alpha", "Mike", "beta", "_x"};
    for (int i = 0; i < 5; i++) {
        int32_t value = i;
        CHECK_OK(h5x_attr_set(group, created[i], H5X_I32, NULL, &value));
    }
    h5x_close(group);

    file = conf_reopen(ctx, file, "attributes-dict", "r+");
    REQUIRE(file);
    REQUIRE_PTR(group, h5x_open(file, "g"));
    CHECK_INT(h5x_attr_count(group), 5);
    CHECK_INT(h5x_attr_contains(group, "alpha"), 1);
    CHECK_INT(h5x_attr_contains(group, "missing"), 0);
    CHECK_INT(h5x_attr_count(file), 0);
    CHECK_INT(h5x_attr_contains(file, "alpha"), 0);

    static const char *const sorted[] = {"Mike", "_x", "alpha", "beta", "zulu"};
    char **names = NULL;
    size_t count = 0;
    CHECK_OK(h5x_attr_names(group, H5X_ORDER_NAME, &names, &count));
    CHECK_UINT(count, 5);
    for (size_t i = 0; i < count && i < 5; i++)
        CHECK_STR(names[i], sorted[i]);
    h5x_free_names(names, count);

    collector all = {.stop_after = 0};
    CHECK_INT(h5x_attr_iterate(group, H5X_ORDER_NAME, collect, &all), 0);
    CHECK_UINT(all.count, 5);
    for (size_t i = 0; i < all.count && i < 5; i++)
        CHECK_STR(all.names[i], sorted[i]);
    collector two = {.stop_after = 2};
    CHECK_INT(h5x_attr_iterate(group, H5X_ORDER_NAME, collect, &two), 42);
    CHECK_UINT(two.count, 2);

    int32_t value = -1;
    CHECK_OK(h5x_attr_get(group, "beta", H5X_I32, &value, sizeof value));
    CHECK_INT(value, 3);
    CHECK_OK(h5x_attr_delete(group, "beta"));
    CHECK_INT(h5x_attr_contains(group, "beta"), 0);
    CHECK_INT(h5x_attr_count(group), 4);
    CHECK_STATUS(h5x_attr_delete(group, "beta"), H5X_ERR_NOT_FOUND);
    CHECK_STATUS(h5x_attr_get(group, "beta", H5X_I32, &value, sizeof value), H5X_ERR_NOT_FOUND);
    h5x_shape shape;
    CHECK_STATUS(h5x_attr_info(group, "beta", &shape, NULL), H5X_ERR_NOT_FOUND);
    h5x_close(group);

    file = conf_reopen(ctx, file, "attributes-dict", "r");
    REQUIRE(file);
    REQUIRE_PTR(group, h5x_open(file, "g"));
    CHECK_INT(h5x_attr_count(group), 4);
    CHECK_INT(h5x_attr_contains(group, "beta"), 0);
    CHECK_OK(h5x_attr_get(group, "zulu", H5X_I32, &value, sizeof value));
    CHECK_INT(value, 0);
    h5x_close(group);
    CHECK_OK(h5x_close(file));
}

static void test_set_replaces(conf_context *ctx)
{
    harness_case("set replaces an attribute, type and shape included");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "attributes-replace", "w"));
    const int32_t first = 5;
    CHECK_OK(h5x_attr_set(file, "x", H5X_I32, NULL, &first));
    const double second[3] = {0.5, 1.5, 2.5};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    CHECK_OK(h5x_attr_set(file, "x", H5X_F64, &three, second));
    /* a NULL dtype is a NULL handle */
    CHECK_STATUS(h5x_attr_set(file, "y", NULL, NULL, &first), H5X_ERR_BAD_HANDLE);
    CHECK_INT(h5x_attr_contains(file, "y"), 0);
    file = conf_reopen(ctx, file, "attributes-replace", "r");
    REQUIRE(file);
    CHECK_INT(h5x_attr_count(file), 1);
    CHECK_ATTR_INFO(file, "x", native("f8"), &three);
    double got[3];
    CHECK_OK(h5x_attr_get(file, "x", NULL, got, sizeof got));
    CHECK_DOUBLES(got, second, 3);
    double small[2];
    h5x_clear_error();
    int status = h5x_attr_get(file, "x", NULL, small, sizeof small);
    CHECK_MSG(status < 0, "reading 3 doubles into 16 bytes gave %d", status);
    CHECK_OK(h5x_close(file));
}

static void test_modify(conf_context *ctx)
{
    harness_case("modify keeps the stored type and shape");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "attributes-modify", "w"));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    const int16_t initial[2] = {1, 2};
    CHECK_OK(h5x_attr_set(file, "m", H5X_I16, &two, initial));
    const double replacement[2] = {300.0, -4.0};
    CHECK_OK(h5x_attr_modify(file, "m", H5X_F64, &two, replacement));
    const int32_t created[3] = {7, 8, 9};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    CHECK_OK(h5x_attr_modify(file, "new", H5X_I32, &three, created));
    CHECK_STATUS(h5x_attr_modify(file, "m", H5X_I32, &three, created), H5X_ERR_SHAPE);
    /* a scalar modified with a one-element array keeps its scalar shape */
    const float scalar_value = 1.0f;
    CHECK_OK(h5x_attr_set(file, "s", H5X_F32, NULL, &scalar_value));
    h5x_shape single = h5x_shape_of(1, (uint64_t[]){1});
    const int64_t nine = 9;
    CHECK_OK(h5x_attr_modify(file, "s", H5X_I64, &single, &nine));

    file = conf_reopen(ctx, file, "attributes-modify", "r");
    REQUIRE(file);
    CHECK_ATTR_INFO(file, "m", native("i2"), &two);
    int16_t got[2] = {0};
    CHECK_OK(h5x_attr_get(file, "m", NULL, got, sizeof got));
    CHECK_INT(got[0], 300);
    CHECK_INT(got[1], -4);
    CHECK_ATTR_INFO(file, "new", native("i4"), &three);
    int64_t got_new[3] = {0};
    CHECK_OK(h5x_attr_get(file, "new", H5X_I64, got_new, sizeof got_new));
    CHECK_INTS(got_new, ((const int64_t[3]){7, 8, 9}), 3);
    h5x_shape scalar = h5x_shape_scalar();
    CHECK_ATTR_INFO(file, "s", native("f4"), &scalar);
    float got_scalar = 0;
    CHECK_OK(h5x_attr_get(file, "s", NULL, &got_scalar, sizeof got_scalar));
    CHECK_DOUBLE(got_scalar, 9.0);
    CHECK_OK(h5x_close(file));
}

static void test_creation_order(conf_context *ctx)
{
    harness_case("attributes in creation order (track_order)");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "attributes-order", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){1});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.track_order = 1;
    if (!conf_has(ctx, H5X_CAP_TRACK_ORDER)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "ordered", NULL, &shape, &options), H5X_ERR_NOT_SUPPORTED);
        CHECK_OK(h5x_close(file));
        return;
    }
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "ordered", NULL, &shape, &options));
    static const char *const created[] = {"c", "a", "b"};
    for (int i = 0; i < 3; i++) {
        int32_t value = i;
        CHECK_OK(h5x_attr_set(dataset, created[i], H5X_I32, NULL, &value));
    }
    h5x_close(dataset);
    file = conf_reopen(ctx, file, "attributes-order", "r");
    REQUIRE(file);
    REQUIRE_PTR(dataset, h5x_open(file, "ordered"));
    char **names = NULL;
    size_t count = 0;
    CHECK_OK(h5x_attr_names(dataset, H5X_ORDER_CREATION, &names, &count));
    CHECK_UINT(count, 3);
    for (size_t i = 0; i < count && i < 3; i++)
        CHECK_STR(names[i], created[i]);
    h5x_free_names(names, count);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

void conformance_attributes(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_numeric_values(ctx);
    test_dictionary(ctx);
    test_set_replaces(ctx);
    test_modify(ctx);
    test_creation_order(ctx);
}
