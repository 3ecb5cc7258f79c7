/*
 * test_dtypes.c — the "dtypes" section: every numeric dtype h5py stores —
 * i1..i8, u1..u8, f2/f4/f8 and c8/c16 in both byte orders, and bool — as
 * a dataset written from the machine's own representation.  After
 * reopening, each dataset must report the dtype it was created with, give
 * the values back in machine order, and give them in stored order (raw
 * bytes, byte-swapped where the dtype is the other order) when read without
 * a memory dtype.  The extreme values of each integer type are included, so
 * that a conversion through a narrower or differently signed type shows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "conformance.h"
#include "numeric_cases.h"


static void test_parse(void)
{
    harness_case("dtype parsing and properties");
    for (size_t i = 0; i < numeric_case_count; i++) {
        const numeric_case *c = &numeric_cases[i];
        h5x_dtype *dtype = CHECK_PTR(h5x_dtype_parse(c->spec));
        if (!dtype)
            continue;
        CHECK_MSG(h5x_dtype_get_class(dtype) == c->type_class, "%s: class %d, expected %d", c->spec,
                  (int)h5x_dtype_get_class(dtype), (int)c->type_class);
        CHECK_MSG(h5x_dtype_size(dtype) == c->size, "%s: size %zu, expected %zu", c->spec, h5x_dtype_size(dtype),
                  c->size);
        if (c->type_class == H5X_CLASS_INTEGER)
            CHECK_MSG(h5x_dtype_is_signed(dtype) == c->is_signed, "%s: is_signed %d", c->spec,
                      h5x_dtype_is_signed(dtype));
        if (c->big_endian >= 0)
            CHECK_MSG(h5x_dtype_order(dtype) == (c->big_endian ? H5X_ORDER_BIG : H5X_ORDER_LITTLE),
                      "%s: order %d", c->spec, (int)h5x_dtype_order(dtype));
        CHECK_OWNED_STR(h5x_dtype_to_string(dtype), c->spelling);
        CHECK_INT(h5x_dtype_equal(dtype, dtype), 1);
        h5x_close(dtype);
    }
    /* without an order character: the machine's order */
    h5x_dtype *plain = CHECK_PTR(h5x_dtype_parse("i4"));
    char want[8];
    snprintf(want, sizeof want, "%si4", conf_native_order_char());
    CHECK_OWNED_STR(h5x_dtype_to_string(plain), want);
    CHECK_INT(h5x_dtype_equal(plain, H5X_I32), 1);
    h5x_dtype *little = CHECK_PTR(h5x_dtype_parse("<i4"));
    h5x_dtype *big = CHECK_PTR(h5x_dtype_parse(">i4"));
    CHECK_INT(h5x_dtype_equal(little, big), 0);
    CHECK_INT(h5x_dtype_equal(plain, conf_little_endian() ? little : big), 1);
    h5x_close(plain);
    h5x_close(little);
    h5x_close(big);
    /* NumPy: TypeError, "data type 'q7' not understood" */
    CHECK_NULL_STATUS(h5x_dtype_parse("q7"), H5X_ERR_TYPE);
}

static void test_round_trip(conf_context *ctx)
{
    harness_case("every numeric dtype, both byte orders, round trip through a file");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "dtypes", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){NUMERIC_COUNT});
    for (size_t i = 0; i < numeric_case_count; i++) {
        const numeric_case *c = &numeric_cases[i];
        h5x_dtype *dtype = h5x_dtype_parse(c->spec);
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, c->name, dtype, &shape, NULL));
        unsigned char native[NUMERIC_COUNT * 16];
        numeric_native_values(c, native);
        CHECK_OK(h5x_dataset_write(dataset, NULL, numeric_memory_dtype(c), native, NULL));
        h5x_close(dataset);
        h5x_close(dtype);
    }

    file = conf_reopen(ctx, file, "dtypes", "r");
    REQUIRE(file);
    for (size_t i = 0; i < numeric_case_count; i++) {
        const numeric_case *c = &numeric_cases[i];
        h5x_object *dataset = CHECK_PTR(h5x_open(file, c->name));
        if (!dataset)
            continue;
        h5x_dtype *created = h5x_dtype_parse(c->spec);
        h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_MSG(h5x_dtype_equal(stored, created) == 1, "%s: the stored dtype differs from the created one",
                  c->name);
        char *spelling = h5x_dtype_to_string(stored);
        CHECK_MSG(spelling && strcmp(spelling, c->spelling) == 0, "%s: stored dtype \"%s\", expected \"%s\"", c->name,
                  spelling ? spelling : "(null)", c->spelling);
        h5x_free(spelling);

        unsigned char want[NUMERIC_COUNT * 16], got[NUMERIC_COUNT * 16];
        numeric_native_values(c, want);
        memset(got, 0xee, sizeof got);
        CHECK_OK(h5x_dataset_read(dataset, NULL, numeric_memory_dtype(c), got, NUMERIC_COUNT * c->size));
        CHECK_MSG(memcmp(got, want, NUMERIC_COUNT * c->size) == 0, "%s: values in machine order differ", c->name);

        numeric_stored_values(c, want);
        memset(got, 0xee, sizeof got);
        CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, NUMERIC_COUNT * c->size));
        CHECK_MSG(memcmp(got, want, NUMERIC_COUNT * c->size) == 0, "%s: values in stored order differ", c->name);

        if (c->type_class == H5X_CLASS_FLOAT) {
            double as_double[NUMERIC_COUNT];
            CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, as_double, sizeof as_double));
            CHECK_DOUBLES(as_double, numeric_float_values, NUMERIC_COUNT);
        } else if (c->type_class == H5X_CLASS_INTEGER && c->is_signed) {
            int64_t as_int[NUMERIC_COUNT], expected[NUMERIC_COUNT];
            uint64_t unused[NUMERIC_COUNT];
            numeric_integer_values(c, expected, unused);
            CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, as_int, sizeof as_int));
            CHECK_INTS(as_int, expected, NUMERIC_COUNT);
        } else if (c->type_class == H5X_CLASS_INTEGER) {
            uint64_t as_uint[NUMERIC_COUNT], expected[NUMERIC_COUNT];
            int64_t unused[NUMERIC_COUNT];
            numeric_integer_values(c, unused, expected);
            CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_U64, as_uint, sizeof as_uint));
            CHECK_UINTS(as_uint, expected, NUMERIC_COUNT);
        } else if (c->type_class == H5X_CLASS_COMPLEX) {
            double pairs[NUMERIC_COUNT][2];
            CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_C128, pairs, sizeof pairs));
            CHECK_DOUBLES(&pairs[0][0], &numeric_complex_values[0][0], 2 * NUMERIC_COUNT);
        }
        h5x_close(stored);
        h5x_close(created);
        h5x_close(dataset);
    }
    CHECK_OK(h5x_close(file));
}

/* A single byte keeps big-endian when given it, so that a type read from
 * a libhdf5 file marked so is stored the same way again; its values and
 * spelling are those of any single byte. */
static void test_single_byte_order(conf_context *ctx)
{
    harness_case("a single byte made big-endian keeps that order in the file");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "single-byte", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){3});
    const int8_t values[3] = {-128, 5, 127};
    const char *names[2] = {"signed", "unsigned"};
    for (int is_signed = 0; is_signed < 2; is_signed++) {
        h5x_dtype *big = h5x_dtype_integer(1, is_signed, H5X_ORDER_BIG);
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, names[is_signed], big, &shape, NULL));
        CHECK_OK(h5x_dataset_write(dataset, NULL, NULL, values, NULL));
        h5x_close(dataset);
        h5x_close(big);
    }
    file = conf_reopen(ctx, file, "single-byte", "r");
    REQUIRE(file);
    for (int is_signed = 0; is_signed < 2; is_signed++) {
        h5x_object *dataset = CHECK_PTR(h5x_open(file, names[is_signed]));
        h5x_dtype *stored = dataset ? CHECK_PTR(h5x_dataset_dtype(dataset)) : NULL;
        CHECK_MSG(stored && h5x_dtype_order(stored) == H5X_ORDER_BIG, "%s: order", names[is_signed]);
        CHECK_INT(h5x_dtype_equal(stored, is_signed ? H5X_I8 : H5X_U8), 1);
        int8_t back[3] = {0};
        CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, back, sizeof back));
        CHECK(memcmp(back, values, sizeof back) == 0);
        h5x_close(stored);
        h5x_close(dataset);
    }
    CHECK_OK(h5x_close(file));
}

static void test_conversion_in_memory(void)
{
    harness_case("h5x_dtype_convert between orders and sizes");
    const int32_t source[3] = {-2, 0, 70000};
    unsigned char swapped[12];
    h5x_dtype *other = h5x_dtype_parse(conf_little_endian() ? ">i4" : "<i4");
    CHECK_OK(h5x_dtype_convert(H5X_I32, source, other, swapped, 3));
    int32_t back[3] = {0};
    CHECK_OK(h5x_dtype_convert(other, swapped, H5X_I32, back, 3));
    CHECK_INT(back[0], -2);
    CHECK_INT(back[1], 0);
    CHECK_INT(back[2], 70000);
    unsigned char native[4];
    memcpy(native, &source[0], 4);
    CHECK_MSG(swapped[0] == native[3] && swapped[1] == native[2] && swapped[2] == native[1] &&
                  swapped[3] == native[0],
              "the other byte order reverses the bytes of each number");
    h5x_close(other);
    double as_double[3];
    CHECK_OK(h5x_dtype_convert(H5X_I32, source, H5X_F64, as_double, 3));
    CHECK_DOUBLES(as_double, ((const double[3]){-2, 0, 70000}), 3);
    int16_t narrowed[3];
    CHECK_OK(h5x_dtype_convert(H5X_I32, source, H5X_I16, narrowed, 3));
    CHECK_INT(narrowed[2], 32767);
    uint16_t half[2];
    const float floats[2] = {1.5f, -2.25f};
    CHECK_OK(h5x_dtype_convert(H5X_F32, floats, H5X_F16, half, 2));
    CHECK_UINT(half[0], 0x3e00);
    CHECK_UINT(half[1], 0xc080);
}

void conformance_dtypes(conf_context *ctx)
{
    test_parse();
    test_conversion_in_memory();
    if (!conf_require_write(ctx))
        return;
    test_round_trip(ctx);
    test_single_byte_order(ctx);
}
