/*
 * Unit tests of dtypes: NumPy spellings in and out, equality, predefined
 * types, and conversions checked against real values.
 *
 * The float16 bit patterns and big-endian byte strings below were taken
 * from NumPy (np.array([v]).astype(np.float16).view(np.uint16),
 * np.array([v], ">f8").tobytes()).  Integer clamping follows HDF5's hard
 * conversions, which clamp where NumPy would wrap.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "h5x.h"
#include "unit_check.h"

static char native_char(void)
{
    return h5x_native_order() == H5X_ORDER_LITTLE ? '<' : '>';
}

/* Replaces '=' in an expected spelling by the machine's order character. */
static void expect_spelling(const char *pattern, char *out)
{
    strcpy(out, pattern);
    if (out[0] == '=')
        out[0] = native_char();
}

static int last_error_mentions(int code, const char *text)
{
    const h5x_error_info *error = h5x_last_error();
    return error->code == code && strstr(error->message, text) != NULL;
}

/* Converts one element between dtypes given as NumPy spellings. */
static int convert_one(const char *from_spec, const void *src, const char *to_spec, void *dst)
{
    h5x_dtype *from = h5x_dtype_parse(from_spec);
    h5x_dtype *to = h5x_dtype_parse(to_spec);
    int status = (from && to) ? h5x_dtype_convert(from, src, to, dst, 1) : -1000;
    h5x_close(from);
    h5x_close(to);
    return status;
}

/* ------------------------------------------------------------- parsing */

static void test_parse_spellings(void)
{
    static const struct {
        const char *spec;
        h5x_dtype_class type_class;
        size_t size;
        int is_signed;
        const char *spelling; /* '=' for the machine's order */
    } cases[] = {
        {"i1", H5X_CLASS_INTEGER, 1, 1, "|i1"},         {"<i1", H5X_CLASS_INTEGER, 1, 1, "|i1"},
        {">i1", H5X_CLASS_INTEGER, 1, 1, "|i1"},        {"|u1", H5X_CLASS_INTEGER, 1, 0, "|u1"},
        {"<i2", H5X_CLASS_INTEGER, 2, 1, "<i2"},        {">i4", H5X_CLASS_INTEGER, 4, 1, ">i4"},
        {"=i8", H5X_CLASS_INTEGER, 8, 1, "=i8"},        {"u2", H5X_CLASS_INTEGER, 2, 0, "=u2"},
        {">u8", H5X_CLASS_INTEGER, 8, 0, ">u8"},        {"|i4", H5X_CLASS_INTEGER, 4, 1, "=i4"},
        {"f2", H5X_CLASS_FLOAT, 2, 0, "=f2"},           {"<f4", H5X_CLASS_FLOAT, 4, 0, "<f4"},
        {">f8", H5X_CLASS_FLOAT, 8, 0, ">f8"},          {">f2", H5X_CLASS_FLOAT, 2, 0, ">f2"},
        {"?", H5X_CLASS_BOOL, 1, 0, "|b1"},             {"b1", H5X_CLASS_BOOL, 1, 0, "|b1"},
        {">b1", H5X_CLASS_BOOL, 1, 0, "|b1"},           {"<?", H5X_CLASS_BOOL, 1, 0, "|b1"},
        {"c8", H5X_CLASS_COMPLEX, 8, 0, "=c8"},         {"<c16", H5X_CLASS_COMPLEX, 16, 0, "<c16"},
        {">c8", H5X_CLASS_COMPLEX, 8, 0, ">c8"},        {"int8", H5X_CLASS_INTEGER, 1, 1, "|i1"},
        {"int16", H5X_CLASS_INTEGER, 2, 1, "=i2"},      {"int32", H5X_CLASS_INTEGER, 4, 1, "=i4"},
        {"int64", H5X_CLASS_INTEGER, 8, 1, "=i8"},      {"uint8", H5X_CLASS_INTEGER, 1, 0, "|u1"},
        {"uint16", H5X_CLASS_INTEGER, 2, 0, "=u2"},     {"uint32", H5X_CLASS_INTEGER, 4, 0, "=u4"},
        {"uint64", H5X_CLASS_INTEGER, 8, 0, "=u8"},     {"float16", H5X_CLASS_FLOAT, 2, 0, "=f2"},
        {"float32", H5X_CLASS_FLOAT, 4, 0, "=f4"},      {"float64", H5X_CLASS_FLOAT, 8, 0, "=f8"},
        {"complex64", H5X_CLASS_COMPLEX, 8, 0, "=c8"},  {"complex128", H5X_CLASS_COMPLEX, 16, 0, "=c16"},
        {"bool", H5X_CLASS_BOOL, 1, 0, "|b1"},          {"b", H5X_CLASS_INTEGER, 1, 1, "|i1"},
        {"B", H5X_CLASS_INTEGER, 1, 0, "|u1"},          {"h", H5X_CLASS_INTEGER, 2, 1, "=i2"},
        {"H", H5X_CLASS_INTEGER, 2, 0, "=u2"},          {"i", H5X_CLASS_INTEGER, 4, 1, "=i4"},
        {"I", H5X_CLASS_INTEGER, 4, 0, "=u4"},          {"q", H5X_CLASS_INTEGER, 8, 1, "=i8"},
        {"Q", H5X_CLASS_INTEGER, 8, 0, "=u8"},          {"e", H5X_CLASS_FLOAT, 2, 0, "=f2"},
        {"f", H5X_CLASS_FLOAT, 4, 0, "=f4"},            {"d", H5X_CLASS_FLOAT, 8, 0, "=f8"},
        {">d", H5X_CLASS_FLOAT, 8, 0, ">f8"},           {"F", H5X_CLASS_COMPLEX, 8, 0, "=c8"},
        {"D", H5X_CLASS_COMPLEX, 16, 0, "=c16"},        {"S10", H5X_CLASS_STRING, 10, 0, "|S10"},
        {"|S1", H5X_CLASS_STRING, 1, 0, "|S1"},         {"<S3", H5X_CLASS_STRING, 3, 0, "|S3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h5x_dtype *dtype = h5x_dtype_parse(cases[i].spec);
        CHECK_MSG(dtype != NULL, "parse '%s': %s", cases[i].spec, h5x_last_error()->message);
        if (!dtype)
            continue;
        char expected[32];
        expect_spelling(cases[i].spelling, expected);
        char *spelling = h5x_dtype_to_string(dtype);
        CHECK_MSG(spelling && strcmp(spelling, expected) == 0, "'%s' spelled '%s', expected '%s'", cases[i].spec,
                  spelling ? spelling : "(null)", expected);
        CHECK_MSG(h5x_dtype_get_class(dtype) == cases[i].type_class, "class of '%s'", cases[i].spec);
        CHECK_MSG(h5x_dtype_size(dtype) == cases[i].size, "size of '%s'", cases[i].spec);
        CHECK_MSG(h5x_dtype_is_signed(dtype) == cases[i].is_signed, "signedness of '%s'", cases[i].spec);
        h5x_byte_order expected_order = expected[0] == '<'   ? H5X_ORDER_LITTLE
                                        : expected[0] == '>' ? H5X_ORDER_BIG
                                                             : H5X_ORDER_NONE;
        CHECK_MSG(h5x_dtype_order(dtype) == expected_order, "order of '%s'", cases[i].spec);

        /* the spelling parses back to an equal type */
        h5x_dtype *again = spelling ? h5x_dtype_parse(spelling) : NULL;
        CHECK_MSG(again && h5x_dtype_equal(dtype, again) == 1, "round trip of '%s'", cases[i].spec);
        h5x_close(again);
        h5x_free(spelling);
        CHECK(h5x_close(dtype) == 0);
    }
    /* 'l' follows C long, as NumPy does */
    h5x_dtype *long_type = h5x_dtype_parse("l");
    CHECK(long_type && h5x_dtype_size(long_type) == sizeof(long) && h5x_dtype_is_signed(long_type) == 1);
    h5x_close(long_type);
}

static void test_parse_errors(void)
{
    h5x_clear_error();
    CHECK(h5x_dtype_parse(NULL) == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT);

    CHECK(h5x_dtype_parse("U10") == NULL);
    CHECK_MSG(last_error_mentions(H5X_ERR_TYPE, "UTF-32"), "%s", h5x_last_error()->message);
    CHECK(h5x_dtype_parse("<U3") == NULL);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "HDF5 cannot store"));
    CHECK(h5x_dtype_parse("U") == NULL);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "UTF-32"));

    static const char *unknown[] = {"xyz", "", "i3", "u", "f16", "c4", "b2", "<int8", "f8 ", " f8",
                                    "i-1", "i1x", ">", "float128", "V0", "V", "M8", "M8[fortnight]", "S", "S0", "i99999999999"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        h5x_clear_error();
        h5x_dtype *dtype = h5x_dtype_parse(unknown[i]);
        CHECK_MSG(dtype == NULL, "'%s' should not parse", unknown[i]);
        h5x_close(dtype);
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", unknown[i]);
        CHECK_MSG(last_error_mentions(H5X_ERR_TYPE, quoted), "'%s' gave %d: %s", unknown[i],
                  h5x_last_error()->code, h5x_last_error()->message);
    }
    CHECK(h5x_dtype_parse("f16") == NULL);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "long double"));
}

/* --------------------------------------------------- constructors, equality */

static void test_constructors_and_equality(void)
{
    h5x_byte_order native = h5x_native_order();
    h5x_byte_order foreign = native == H5X_ORDER_LITTLE ? H5X_ORDER_BIG : H5X_ORDER_LITTLE;

    h5x_dtype *i4_native = h5x_dtype_integer(4, 1, H5X_ORDER_NATIVE);
    h5x_dtype *i4_explicit = h5x_dtype_integer(4, 1, native);
    h5x_dtype *i4_foreign = h5x_dtype_integer(4, 1, foreign);
    h5x_dtype *u4 = h5x_dtype_integer(4, 0, native);
    h5x_dtype *i4_parsed = h5x_dtype_parse("=i4");
    CHECK(h5x_dtype_order(i4_native) == native);
    CHECK(h5x_dtype_equal(i4_native, i4_explicit) == 1);
    CHECK(h5x_dtype_equal(i4_native, i4_parsed) == 1);
    CHECK(h5x_dtype_equal(i4_native, i4_foreign) == 0);
    CHECK(h5x_dtype_equal(i4_native, u4) == 0);
    CHECK(h5x_dtype_equal(i4_native, H5X_I32) == 1);
    CHECK(h5x_dtype_equal(u4, H5X_U32) == 1);

    /* single bytes have no observable order: every spelling is the same
     * type, and only big-endian is remembered, for storage */
    h5x_dtype *i1_little = h5x_dtype_integer(1, 1, H5X_ORDER_LITTLE);
    h5x_dtype *i1_big = h5x_dtype_integer(1, 1, H5X_ORDER_BIG);
    h5x_dtype *i1_none = h5x_dtype_integer(1, 1, H5X_ORDER_NONE);
    CHECK(i1_none && h5x_dtype_order(i1_none) == H5X_ORDER_NONE);
    CHECK(h5x_dtype_order(i1_little) == H5X_ORDER_NONE && h5x_dtype_order(i1_big) == H5X_ORDER_BIG);
    CHECK(h5x_dtype_order(h5x_predefined(">i1")) == H5X_ORDER_NONE);
    char *big_spelling = h5x_dtype_to_string(i1_big);
    CHECK(big_spelling && strcmp(big_spelling, "|i1") == 0);
    h5x_free(big_spelling);
    h5x_dtype *i1_big_copy = h5x_dtype_copy(i1_big);
    CHECK(h5x_dtype_order(i1_big_copy) == H5X_ORDER_BIG);
    h5x_close(i1_big_copy);
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_dtype *u1_big = h5x_dtype_integer(1, 0, H5X_ORDER_BIG);
    h5x_dtype *u1_big_array = h5x_dtype_array(u1_big, &three);
    h5x_dtype *u1_array = h5x_dtype_array(H5X_U8, &three);
    CHECK(u1_big_array && u1_array && h5x_dtype_equal(u1_big_array, u1_array) == 1);
    h5x_close(u1_big);
    h5x_close(u1_big_array);
    h5x_close(u1_array);
    CHECK(h5x_dtype_equal(i1_little, i1_big) == 1);
    CHECK(h5x_dtype_equal(i1_big, i1_none) == 1);
    CHECK(h5x_dtype_equal(i1_none, H5X_I8) == 1);
    CHECK(h5x_dtype_equal(i1_none, H5X_U8) == 0);
    CHECK(h5x_dtype_equal(H5X_I8, H5X_BOOL) == 0);

    h5x_dtype *f8 = h5x_dtype_float(8, H5X_ORDER_BIG);
    CHECK(f8 && h5x_dtype_get_class(f8) == H5X_CLASS_FLOAT && h5x_dtype_size(f8) == 8);
    CHECK(h5x_dtype_order(f8) == H5X_ORDER_BIG && h5x_dtype_is_signed(f8) == 0);
    CHECK(h5x_dtype_equal(f8, h5x_predefined(">f8")) == 1);
    h5x_dtype *f2 = h5x_dtype_float(2, H5X_ORDER_NATIVE);
    CHECK(h5x_dtype_equal(f2, H5X_F16) == 1 && h5x_dtype_size(f2) == 2);
    h5x_dtype *boolean = h5x_dtype_bool();
    CHECK(boolean && h5x_dtype_get_class(boolean) == H5X_CLASS_BOOL && h5x_dtype_size(boolean) == 1);
    CHECK(h5x_dtype_equal(boolean, H5X_BOOL) == 1 && h5x_dtype_order(boolean) == H5X_ORDER_NONE);
    h5x_dtype *c16 = h5x_dtype_complex(16, H5X_ORDER_NATIVE);
    CHECK(c16 && h5x_dtype_get_class(c16) == H5X_CLASS_COMPLEX && h5x_dtype_size(c16) == 16);
    CHECK(h5x_dtype_equal(c16, H5X_C128) == 1 && h5x_dtype_equal(c16, H5X_C64) == 0);
    CHECK(h5x_dtype_order(c16) == native);

    h5x_dtype *copy = h5x_dtype_copy(c16);
    CHECK(copy && copy != c16 && h5x_dtype_equal(copy, c16) == 1);
    h5x_dtype *copy_of_predefined = h5x_dtype_copy(H5X_F32);
    CHECK(copy_of_predefined && h5x_dtype_equal(copy_of_predefined, H5X_F32) == 1);

    h5x_dtype *s10 = h5x_dtype_parse("S10");
    h5x_dtype *s10_built = h5x_dtype_fixed_string(10, H5X_PAD_NULLPAD, H5X_CSET_ASCII);
    h5x_dtype *s10_term = h5x_dtype_fixed_string(10, H5X_PAD_NULLTERM, H5X_CSET_ASCII);
    h5x_dtype *s10_utf8 = h5x_dtype_fixed_string(10, H5X_PAD_NULLPAD, H5X_CSET_UTF8);
    CHECK(h5x_dtype_equal(s10, s10_built) == 1);
    CHECK(h5x_dtype_equal(s10, s10_term) == 0);
    CHECK(h5x_dtype_equal(s10, s10_utf8) == 0);
    char *text = h5x_dtype_to_string(s10_term);
    CHECK(text && strcmp(text, "string(10, ascii, nullterm)") == 0);
    h5x_free(text);

    h5x_dtype *objects[] = {i4_native, i4_explicit, i4_foreign, u4, i4_parsed, i1_little, i1_big, i1_none,
                            f8, f2, boolean, c16, copy, copy_of_predefined, s10, s10_built, s10_term, s10_utf8};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        CHECK(h5x_close(objects[i]) == 0);
}

static void test_constructor_errors(void)
{
    CHECK(h5x_dtype_integer(3, 1, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT);
    CHECK(h5x_dtype_integer(16, 0, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_dtype_integer(4, 1, H5X_ORDER_NONE) == NULL);
    CHECK(last_error_mentions(H5X_ERR_INVALID_ARGUMENT, "byte order"));
    CHECK(h5x_dtype_integer(4, 1, (h5x_byte_order)7) == NULL);
    CHECK(h5x_dtype_float(1, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_dtype_float(16, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT);
    CHECK(h5x_dtype_complex(4, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_dtype_complex(32, H5X_ORDER_NATIVE) == NULL);
    CHECK(h5x_dtype_fixed_string(0, H5X_PAD_NULLPAD, H5X_CSET_ASCII) == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_TYPE);

    /* bad handles are errors, not crashes */
    h5x_clear_error();
    CHECK(h5x_dtype_size(NULL) == 0);
    CHECK(h5x_last_error()->code == H5X_ERR_BAD_HANDLE);
    CHECK(h5x_dtype_get_class(NULL) == 0);
    CHECK(h5x_dtype_is_signed(NULL) == H5X_ERR_BAD_HANDLE);
    CHECK(h5x_dtype_equal(NULL, H5X_I8) == H5X_ERR_BAD_HANDLE);
    CHECK(h5x_dtype_to_string(NULL) == NULL);
    CHECK(h5x_dtype_copy(NULL) == NULL);
    int not_a_handle[16] = {0};
    CHECK(h5x_dtype_size((const h5x_dtype *)not_a_handle) == 0);
    CHECK(h5x_last_error()->code == H5X_ERR_BAD_HANDLE);
    CHECK(h5x_dtype_check(H5X_F64) == 0);
}

/* ------------------------------------------------------------ predefined */

static void test_predefined(void)
{
    static const char *specs[] = {"i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "?", "c8", "c16",
                                  "<i2", ">i2", "<u8", ">u8", "<f2", ">f4", ">f8", "<c8", ">c16", "b1", "int32",
                                  "float64", "bool", "complex64"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const h5x_dtype *predefined = h5x_predefined(specs[i]);
        h5x_dtype *parsed = h5x_dtype_parse(specs[i]);
        CHECK_MSG(predefined != NULL, "predefined '%s'", specs[i]);
        CHECK_MSG(h5x_dtype_equal(predefined, parsed) == 1, "predefined '%s' equals parsed", specs[i]);
        CHECK_MSG(h5x_predefined(specs[i]) == predefined, "predefined '%s' is one object", specs[i]);
        h5x_close(parsed);
    }
    CHECK(H5X_F64 == h5x_predefined("float64"));
    CHECK(H5X_F64 == h5x_predefined(native_char() == '<' ? "<f8" : ">f8"));
    CHECK(H5X_I8 == h5x_predefined(">i1"));
    CHECK(H5X_BOOL == h5x_predefined("b1"));
    CHECK(h5x_dtype_order(h5x_predefined(">i2")) == H5X_ORDER_BIG);
    CHECK(h5x_dtype_size(H5X_C64) == 8 && h5x_dtype_size(H5X_U16) == 2);

    /* closing a predefined type does nothing */
    CHECK(h5x_close((void *)H5X_F32) == 0);
    CHECK(h5x_close((void *)H5X_F32) == 0);
    CHECK(h5x_dtype_size(H5X_F32) == 4);
    h5x_dtype_release(H5X_F32);
    CHECK(h5x_dtype_retain(H5X_F32) == H5X_F32);
    CHECK(h5x_dtype_size(H5X_F32) == 4);

    CHECK(h5x_predefined("S10") == NULL);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "'S10'"));
    CHECK(h5x_predefined("nonsense") == NULL);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "'nonsense'"));
}

static void *look_up_predefined(void *argument)
{
    const h5x_dtype **out = argument;
    for (int i = 0; i < 1000; i++)
        out[i % 4] = h5x_predefined(i % 2 ? "f8" : "<c16");
    return NULL;
}

static void test_predefined_threads(void)
{
    pthread_t threads[4];
    const h5x_dtype *seen[4][4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, look_up_predefined, seen[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK(seen[i][1] == H5X_F64);
        CHECK(seen[i][0] == h5x_predefined("<c16"));
    }
}

/* -------------------------------------------------- integer conversions */

typedef struct clamp_case {
    const char *to;
    int64_t value;
    int64_t expected;
} clamp_case;

static int64_t read_integer(const char *spec, const void *buffer)
{
    int64_t out = 0;
    h5x_dtype *from = h5x_dtype_parse(spec);
    h5x_dtype_convert(from, buffer, H5X_I64, &out, 1);
    h5x_close(from);
    return out;
}

static void test_integer_clamping(void)
{
    static const clamp_case cases[] = {
        {"i1", 127, 127},          {"i1", 128, 127},           {"i1", -128, -128},
        {"i1", -129, -128},        {"i1", 1000000, 127},       {"i1", -5, -5},
        {"u1", 255, 255},          {"u1", 256, 255},           {"u1", -1, 0},
        {"u1", 0, 0},              {"i2", 32767, 32767},       {"i2", 32768, 32767},
        {"i2", -32768, -32768},    {"i2", -32769, -32768},     {"u2", 65535, 65535},
        {"u2", 65536, 65535},      {"u2", -70000, 0},          {"i4", 2147483647, 2147483647},
        {"i4", 2147483648, 2147483647}, {"i4", -2147483648LL, -2147483648LL},
        {"i4", -2147483649LL, -2147483648LL}, {"u4", 4294967295LL, 4294967295LL},
        {"u4", 4294967296LL, 4294967295LL}, {"u4", -1, 0},
        {"i8", INT64_MAX, INT64_MAX}, {"i8", INT64_MIN, INT64_MIN}, {"u8", -1, 0},
        {">i2", 40000, 32767},     {">u4", -3, 0},             {"<i4", -7, -7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char buffer[8] = {0};
        int status = convert_one("i8", &cases[i].value, cases[i].to, buffer);
        int64_t back = read_integer(cases[i].to, buffer);
        CHECK_MSG(status == 0 && back == cases[i].expected, "i8 %lld -> %s gave %lld, expected %lld",
                  (long long)cases[i].value, cases[i].to, (long long)back, (long long)cases[i].expected);
    }

    /* unsigned sources beyond signed ranges */
    uint64_t big = UINT64_MAX;
    int64_t as_i8 = 0;
    CHECK(convert_one("u8", &big, "i8", &as_i8) == 0 && as_i8 == INT64_MAX);
    int32_t as_i4 = 0;
    CHECK(convert_one("u8", &big, "i4", &as_i4) == 0 && as_i4 == INT32_MAX);
    uint32_t u4_max = UINT32_MAX;
    int16_t as_i2 = 0;
    CHECK(convert_one("u4", &u4_max, "i2", &as_i2) == 0 && as_i2 == INT16_MAX);
    uint8_t u1 = 200;
    int8_t as_i1 = 0;
    CHECK(convert_one("u1", &u1, "i1", &as_i1) == 0 && as_i1 == 127);
    int8_t negative = -100;
    uint64_t as_u8 = 1;
    CHECK(convert_one("i1", &negative, "u8", &as_u8) == 0 && as_u8 == 0);
    int64_t min = INT64_MIN;
    uint16_t as_u2 = 1;
    CHECK(convert_one("i8", &min, "u2", &as_u2) == 0 && as_u2 == 0);
    uint64_t u8_value = UINT64_MAX;
    uint32_t as_u4 = 0;
    CHECK(convert_one("u8", &u8_value, "u4", &as_u4) == 0 && as_u4 == UINT32_MAX);

    /* widening keeps values and signs */
    int16_t shorts[4] = {-32768, -1, 0, 32767};
    int64_t longs[4];
    CHECK(h5x_dtype_convert(H5X_I16, shorts, H5X_I64, longs, 4) == 0);
    CHECK(longs[0] == -32768 && longs[1] == -1 && longs[2] == 0 && longs[3] == 32767);
    uint16_t ushorts[2] = {65535, 1};
    int32_t ints[2];
    CHECK(h5x_dtype_convert(H5X_U16, ushorts, H5X_I32, ints, 2) == 0 && ints[0] == 65535 && ints[1] == 1);
}

/* ---------------------------------------------------- float conversions */

static void test_float_to_integer(void)
{
    static const struct {
        double value;
        const char *to;
        int64_t expected;
    } cases[] = {
        {3.7, "i4", 3},        {-3.7, "i4", -3},        {0.999, "i1", 0},       {-0.999, "i1", 0},
        {127.9, "i1", 127},    {128.0, "i1", 127},      {-128.9, "i1", -128},   {-129.0, "i1", -128},
        {1e300, "i2", 32767},  {-1e300, "i2", -32768},  {255.9, "u1", 255},     {256.0, "u1", 255},
        {-0.5, "u1", 0},       {-1e9, "u4", 0},         {4294967295.5, "u4", 4294967295LL},
        {9223372036854775808.0, "i8", INT64_MAX},       {-9223372036854775808.0, "i8", INT64_MIN},
        {-1e30, "i8", INT64_MIN}, {1e30, "i8", INT64_MAX}, {2147483647.9, "i4", 2147483647},
        {2147483648.0, "i4", 2147483647}, {-2147483648.5, "i4", -2147483648LL}, {65535.0, ">u2", 65535},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char buffer[8] = {0};
        int status = convert_one("f8", &cases[i].value, cases[i].to, buffer);
        int64_t back = read_integer(cases[i].to, buffer);
        CHECK_MSG(status == 0 && back == cases[i].expected, "f8 %.17g -> %s gave %lld, expected %lld",
                  cases[i].value, cases[i].to, (long long)back, (long long)cases[i].expected);
    }
    double specials[3] = {NAN, INFINITY, -INFINITY};
    int32_t ints[3] = {7, 7, 7};
    CHECK(h5x_dtype_convert(H5X_F64, specials, H5X_I32, ints, 3) == 0);
    CHECK(ints[0] == 0 && ints[1] == INT32_MAX && ints[2] == INT32_MIN);
    uint64_t unsigneds[3] = {7, 7, 7};
    CHECK(h5x_dtype_convert(H5X_F64, specials, H5X_U64, unsigneds, 3) == 0);
    CHECK(unsigneds[0] == 0 && unsigneds[1] == UINT64_MAX && unsigneds[2] == 0);
    double two_to_64 = 18446744073709551616.0;
    uint64_t u8_max = 0;
    CHECK(convert_one("f8", &two_to_64, "u8", &u8_max) == 0 && u8_max == UINT64_MAX);
    float f4_value = -7.9f;
    int16_t i2_value = 0;
    CHECK(convert_one("f4", &f4_value, "i2", &i2_value) == 0 && i2_value == -7);
}

static void test_integer_to_float(void)
{
    int64_t above_2_53 = (INT64_C(1) << 53) + 1;
    double as_double = 0;
    CHECK(convert_one("i8", &above_2_53, "f8", &as_double) == 0 && as_double == 9007199254740992.0);
    int32_t above_2_24 = (1 << 24) + 1;
    float as_float = 0;
    CHECK(convert_one("i4", &above_2_24, "f4", &as_float) == 0 && as_float == 16777216.0f);
    int32_t above_2_24_odd = (1 << 24) + 3; /* halfway between ...2 and ...4: ties to even */
    CHECK(convert_one("i4", &above_2_24_odd, "f4", &as_float) == 0 && as_float == 16777220.0f);
    int64_t i8_max = INT64_MAX;
    CHECK(convert_one("i8", &i8_max, "f8", &as_double) == 0 && as_double == 9223372036854775808.0);
    uint64_t u8_max = UINT64_MAX;
    CHECK(convert_one("u8", &u8_max, "f8", &as_double) == 0 && as_double == 18446744073709551616.0);
    /* rounded once, straight to float32: via double it would round twice */
    int64_t just_above_half = (INT64_C(1) << 60) + (INT64_C(1) << 36) + 1;
    CHECK(convert_one("i8", &just_above_half, "f4", &as_float) == 0 &&
          as_float == (float)((INT64_C(1) << 60) + (INT64_C(1) << 37)));
    int8_t minus = -128;
    CHECK(convert_one("i1", &minus, "f8", &as_double) == 0 && as_double == -128.0);
    uint16_t u2 = 65535;
    CHECK(convert_one("u2", &u2, "f4", &as_float) == 0 && as_float == 65535.0f);
}

static void test_float_to_float(void)
{
    double big = 1e300;
    float as_float = 0;
    CHECK(convert_one("f8", &big, "f4", &as_float) == 0 && isinf(as_float) && as_float > 0);
    double tiny_negative = -1e-300;
    CHECK(convert_one("f8", &tiny_negative, "f4", &as_float) == 0 && as_float == 0.0f && signbit(as_float));
    double third = 1.0 / 3.0;
    CHECK(convert_one("f8", &third, "f4", &as_float) == 0 && as_float == (float)(1.0 / 3.0));
    float f4_values[3] = {1.5f, NAN, -INFINITY};
    double f8_values[3];
    CHECK(h5x_dtype_convert(H5X_F32, f4_values, H5X_F64, f8_values, 3) == 0);
    CHECK(f8_values[0] == 1.5 && isnan(f8_values[1]) && isinf(f8_values[2]) && f8_values[2] < 0);
}

/* ------------------------------------------------------------- float16 */

static void test_float16(void)
{
    static const struct {
        double value;
        uint16_t bits;
    } to_half[] = {
        {1.0, 0x3c00},       {-1.0, 0xbc00},         {65504.0, 0x7bff},       {65519.0, 0x7bff},
        {65520.0, 0x7c00},   {0x1p-24, 0x0001},      {0x1p-25, 0x0000},       {3 * 0x1p-26, 0x0001},
        {3 * 0x1p-25, 0x0002}, {0x1p-14, 0x0400},    {0x1p-14 - 0x1p-25, 0x0400}, {0.1, 0x2e66},
        {1.0 / 3.0, 0x3555}, {INFINITY, 0x7c00},     {-INFINITY, 0xfc00},     {-0.0, 0x8000},
        {1e-10, 0x0000},     {1e6, 0x7c00},          {2049.0, 0x6800},        {2051.0, 0x6802},
        {NAN, 0x7e00},
    };
    for (size_t i = 0; i < sizeof to_half / sizeof to_half[0]; i++) {
        uint16_t bits = 0;
        int status = convert_one("f8", &to_half[i].value, "f2", &bits);
        CHECK_MSG(status == 0 && bits == to_half[i].bits, "f8 %.17g -> f2 gave 0x%04x, expected 0x%04x",
                  to_half[i].value, bits, to_half[i].bits);
    }
    static const struct {
        uint16_t bits;
        double value;
    } from_half[] = {
        {0x0001, 5.960464477539063e-08}, {0x03ff, 6.097555160522461e-05}, {0x0400, 6.103515625e-05},
        {0x3c00, 1.0},                   {0x7bff, 65504.0},               {0x3555, 0.333251953125},
        {0xc000, -2.0},                  {0x7c00, INFINITY},              {0xfc00, -INFINITY},
        {0x8000, -0.0},
    };
    for (size_t i = 0; i < sizeof from_half / sizeof from_half[0]; i++) {
        double value = 1234;
        int status = convert_one("f2", &from_half[i].bits, "f8", &value);
        CHECK_MSG(status == 0 && value == from_half[i].value && signbit(value) == signbit(from_half[i].value),
                  "f2 0x%04x -> f8 gave %.17g", from_half[i].bits, value);
    }
    uint16_t nan_bits = 0x7e00;
    double nan_value = 0;
    CHECK(convert_one("f2", &nan_bits, "f8", &nan_value) == 0 && isnan(nan_value));
    uint16_t back = 0;
    CHECK(convert_one("f8", &nan_value, "f2", &back) == 0 && back == 0x7e00);

    /* float32 to float16 rounds once */
    float f4 = 65519.0f;
    uint16_t bits = 0;
    CHECK(convert_one("f4", &f4, "f2", &bits) == 0 && bits == 0x7bff);
    /* integers into and out of float16 */
    int32_t i4 = 2051;
    CHECK(convert_one("i4", &i4, "f2", &bits) == 0 && bits == 0x6802);
    int64_t i8 = 100000;
    CHECK(convert_one("i8", &i8, "f2", &bits) == 0 && bits == 0x7c00);
    uint16_t max_half = 0x7bff;
    int16_t i2 = 0;
    CHECK(convert_one("f2", &max_half, "i2", &i2) == 0 && i2 == 32767);
    int32_t i4_out = 0;
    CHECK(convert_one("f2", &max_half, "i4", &i4_out) == 0 && i4_out == 65504);
    uint16_t minus_two = 0xc000;
    uint8_t u1 = 9;
    CHECK(convert_one("f2", &minus_two, "u1", &u1) == 0 && u1 == 0);
    /* big-endian float16 */
    double one = 1.0;
    unsigned char be[2] = {0};
    CHECK(convert_one("f8", &one, ">f2", be) == 0 && be[0] == 0x3c && be[1] == 0x00);
    float f4_back = 0;
    CHECK(convert_one(">f2", be, "f4", &f4_back) == 0 && f4_back == 1.0f);

    /* every finite half survives a round trip through float32 */
    int mismatches = 0;
    for (uint32_t b = 0; b < 0x10000; b++) {
        uint16_t h = (uint16_t)b;
        if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff))
            continue;
        float as_f4 = 0;
        uint16_t again = 0;
        h5x_dtype_convert(H5X_F16, &h, H5X_F32, &as_f4, 1);
        h5x_dtype_convert(H5X_F32, &as_f4, H5X_F16, &again, 1);
        mismatches += again != h;
    }
    CHECK_MSG(mismatches == 0, "%d float16 patterns changed in a round trip", mismatches);
}

/* ---------------------------------------------------------- byte order */

static void test_big_endian(void)
{
    int32_t minus_two = -2;
    unsigned char be4[4] = {0};
    CHECK(convert_one("i4", &minus_two, ">i4", be4) == 0);
    CHECK(be4[0] == 0xff && be4[1] == 0xff && be4[2] == 0xff && be4[3] == 0xfe);
    double one_and_half = 1.5;
    unsigned char be8[8] = {0};
    static const unsigned char expected_f8[8] = {0x3f, 0xf8, 0, 0, 0, 0, 0, 0};
    CHECK(convert_one("f8", &one_and_half, ">f8", be8) == 0 && memcmp(be8, expected_f8, 8) == 0);
    float complex_parts[2] = {1.0f, 2.0f};
    unsigned char be_c8[8] = {0};
    static const unsigned char expected_c8[8] = {0x3f, 0x80, 0, 0, 0x40, 0, 0, 0};
    CHECK(convert_one("c8", complex_parts, ">c8", be_c8) == 0 && memcmp(be_c8, expected_c8, 8) == 0);
    /* big-endian float32 straight into big-endian complex128 */
    static const unsigned char be_f4_one[4] = {0x3f, 0x80, 0, 0};
    unsigned char be_c16[16];
    static const unsigned char expected_c16[16] = {0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(convert_one(">f4", be_f4_one, ">c16", be_c16) == 0 && memcmp(be_c16, expected_c16, 16) == 0);

    /* little -> big -> little, and swaps across types */
    int16_t values[5] = {-32768, -1, 0, 1, 32767};
    int16_t swapped[5], restored[5];
    h5x_dtype *little = h5x_dtype_parse("<i2");
    h5x_dtype *big = h5x_dtype_parse(">i2");
    CHECK(h5x_dtype_convert(H5X_I16, values, big, swapped, 5) == 0);
    CHECK(((unsigned char *)swapped)[0] == 0x80 && ((unsigned char *)swapped)[1] == 0x00);
    CHECK(h5x_dtype_convert(big, swapped, little, restored, 5) == 0);
    int16_t native_restored[5];
    CHECK(h5x_dtype_convert(little, restored, H5X_I16, native_restored, 5) == 0);
    CHECK(memcmp(native_restored, values, sizeof values) == 0);
    double as_double[5];
    CHECK(h5x_dtype_convert(big, swapped, H5X_F64, as_double, 5) == 0);
    CHECK(as_double[0] == -32768.0 && as_double[1] == -1.0 && as_double[4] == 32767.0);
    unsigned char be_u4[4];
    uint16_t u2 = 0x1234;
    CHECK(convert_one("<u2", &u2, ">u4", be_u4) == 0 && be_u4[0] == 0 && be_u4[1] == 0 && be_u4[2] == 0x12 &&
          be_u4[3] == 0x34);
    /* in place swap */
    h5x_dtype *big_f8 = h5x_dtype_parse(">f8");
    double in_place[2] = {1.5, -2.0};
    CHECK(h5x_dtype_convert(H5X_F64, in_place, big_f8, in_place, 2) == 0);
    CHECK(memcmp(in_place, expected_f8, 8) == 0);
    CHECK(h5x_dtype_convert(big_f8, in_place, H5X_F64, in_place, 2) == 0);
    CHECK(in_place[0] == 1.5 && in_place[1] == -2.0);
    h5x_close(little);
    h5x_close(big);
    h5x_close(big_f8);
}

/* ------------------------------------------------------- bool, complex */

static void test_bool(void)
{
    int32_t ints[4] = {0, 5, -1, 1};
    uint8_t bools[4] = {9, 9, 9, 9};
    CHECK(h5x_dtype_convert(H5X_I32, ints, H5X_BOOL, bools, 4) == 0);
    CHECK(bools[0] == 0 && bools[1] == 1 && bools[2] == 1 && bools[3] == 1);
    uint8_t stored[3] = {0, 1, 7};
    int64_t back[3];
    CHECK(h5x_dtype_convert(H5X_BOOL, stored, H5X_I64, back, 3) == 0);
    CHECK(back[0] == 0 && back[1] == 1 && back[2] == 1);
    double reals[3] = {0.0, NAN, -0.25};
    CHECK(h5x_dtype_convert(H5X_F64, reals, H5X_BOOL, bools, 3) == 0);
    CHECK(bools[0] == 0 && bools[1] == 1 && bools[2] == 1);
    float floats[3];
    CHECK(h5x_dtype_convert(H5X_BOOL, stored, H5X_F32, floats, 3) == 0);
    CHECK(floats[0] == 0.0f && floats[1] == 1.0f && floats[2] == 1.0f);
}

static void test_complex(void)
{
    float c8[4] = {1.5f, -2.25f, 1e30f, -0.0f};
    double c16[4];
    CHECK(h5x_dtype_convert(H5X_C64, c8, H5X_C128, c16, 2) == 0);
    CHECK(c16[0] == 1.5 && c16[1] == -2.25 && c16[2] == (double)1e30f && c16[3] == 0.0 && signbit(c16[3]));
    double wide[2] = {1e300, 0.1};
    float narrow[2];
    CHECK(h5x_dtype_convert(H5X_C128, wide, H5X_C64, narrow, 1) == 0);
    CHECK(isinf(narrow[0]) && narrow[1] == 0.1f);

    float real = 3.25f;
    double as_complex[2] = {9, 9};
    CHECK(convert_one("f4", &real, "c16", as_complex) == 0 && as_complex[0] == 3.25 && as_complex[1] == 0.0);
    int32_t i4 = -7;
    float as_c8[2] = {9, 9};
    CHECK(convert_one("i4", &i4, "c8", as_c8) == 0 && as_c8[0] == -7.0f && as_c8[1] == 0.0f);
    uint8_t yes = 1;
    CHECK(convert_one("?", &yes, "c8", as_c8) == 0 && as_c8[0] == 1.0f && as_c8[1] == 0.0f);

    /* complex never silently becomes real */
    int32_t out = 0;
    h5x_clear_error();
    CHECK(h5x_dtype_convert(H5X_C128, c16, H5X_I32, &out, 1) == H5X_ERR_TYPE);
    char expected[64];
    snprintf(expected, sizeof expected, "no conversion from %cc16 to %ci4", native_char(), native_char());
    CHECK_MSG(strcmp(h5x_last_error()->message, expected) == 0, "message: %s", h5x_last_error()->message);
    double real_out = 0;
    CHECK(h5x_dtype_convert(H5X_C64, c8, H5X_F64, &real_out, 1) == H5X_ERR_TYPE);
    uint8_t bool_out = 0;
    CHECK(h5x_dtype_convert(H5X_C64, c8, H5X_BOOL, &bool_out, 1) == H5X_ERR_TYPE);
    CHECK(h5x_dtype_convertible(H5X_C64, H5X_F64) == 0);
    CHECK(h5x_dtype_convertible(H5X_F64, H5X_C64) == 1);
}

/* ------------------------------------------------------------- strings */

static void test_strings(void)
{
    h5x_dtype *s10 = h5x_dtype_parse("S10");
    h5x_dtype *s5 = h5x_dtype_parse("S5");
    h5x_dtype *s5_term = h5x_dtype_fixed_string(5, H5X_PAD_NULLTERM, H5X_CSET_ASCII);
    h5x_dtype *s6_space = h5x_dtype_fixed_string(6, H5X_PAD_SPACEPAD, H5X_CSET_ASCII);
    h5x_dtype *s6_utf8 = h5x_dtype_fixed_string(6, H5X_PAD_NULLPAD, H5X_CSET_UTF8);

    const char source[20] = "hello worlabc\0\0\0\0\0\0";
    char out[16];
    memset(out, 'x', sizeof out);
    CHECK(h5x_dtype_convert(s10, source, s5, out, 2) == 0);
    CHECK(memcmp(out, "hello" "abc\0\0", 10) == 0);
    memset(out, 'x', sizeof out);
    CHECK(h5x_dtype_convert(s10, source, s5_term, out, 1) == 0);
    CHECK(memcmp(out, "hell\0", 5) == 0 && out[5] == 'x');
    memset(out, 'x', sizeof out);
    CHECK(h5x_dtype_convert(s5, "ab\0\0\0", s6_space, out, 1) == 0);
    CHECK(memcmp(out, "ab    ", 6) == 0);
    memset(out, 'x', sizeof out);
    CHECK(h5x_dtype_convert(s6_space, "ab    ", s10, out, 1) == 0);
    CHECK(memcmp(out, "ab\0\0\0\0\0\0\0\0", 10) == 0);

    /* in place, widening: the buffer holds n of the wider type */
    char grow[20] = "abcdeXYZ\0\0";
    CHECK(h5x_dtype_convert(s5, grow, s10, grow, 2) == 0);
    CHECK(memcmp(grow, "abcde\0\0\0\0\0XYZ\0\0\0\0\0\0\0", 20) == 0);

    int32_t number = 0;
    CHECK(h5x_dtype_convert(s10, source, H5X_I32, &number, 1) == H5X_ERR_TYPE);
    CHECK(last_error_mentions(H5X_ERR_TYPE, "no conversion from |S10 to"));
    CHECK(h5x_dtype_convert(H5X_I32, &number, s10, out, 1) == H5X_ERR_TYPE);
    CHECK(h5x_dtype_convert(s5, source, s6_utf8, out, 1) == H5X_ERR_TYPE);
    CHECK(h5x_dtype_convertible(s5, s10) == 1 && h5x_dtype_convertible(s5, s6_utf8) == 0);
    h5x_close(s10);
    h5x_close(s5);
    h5x_close(s5_term);
    h5x_close(s6_space);
    h5x_close(s6_utf8);
}

/* --------------------------------------------------- blocks and in place */

static void test_many_and_in_place(void)
{
    enum { COUNT = 1000 };
    int16_t *shorts = malloc(COUNT * sizeof(int16_t));
    double *doubles = malloc(COUNT * sizeof(double));
    for (int i = 0; i < COUNT; i++)
        shorts[i] = (int16_t)(i * 37 - 16000);
    CHECK(h5x_dtype_convert(H5X_I16, shorts, H5X_F64, doubles, COUNT) == 0);
    int wrong = 0;
    for (int i = 0; i < COUNT; i++)
        wrong += doubles[i] != (double)(i * 37 - 16000);
    CHECK_MSG(wrong == 0, "%d of %d int16 -> float64 values wrong", wrong, COUNT);

    /* widening in place: int16 at the front of a float64-sized buffer */
    memcpy(doubles, shorts, COUNT * sizeof(int16_t));
    CHECK(h5x_dtype_convert(H5X_I16, doubles, H5X_F64, doubles, COUNT) == 0);
    wrong = 0;
    for (int i = 0; i < COUNT; i++)
        wrong += doubles[i] != (double)(i * 37 - 16000);
    CHECK_MSG(wrong == 0, "%d values wrong after widening in place", wrong);

    /* narrowing in place, with clamping */
    for (int i = 0; i < COUNT; i++)
        doubles[i] = i * 100.5 - 50000.0;
    CHECK(h5x_dtype_convert(H5X_F64, doubles, H5X_I16, doubles, COUNT) == 0);
    int16_t *narrowed = (int16_t *)doubles;
    wrong = 0;
    for (int i = 0; i < COUNT; i++) {
        double v = i * 100.5 - 50000.0;
        int16_t expected = v >= 32767.0 ? 32767 : v <= -32768.0 ? -32768 : (int16_t)v;
        wrong += narrowed[i] != expected;
    }
    CHECK_MSG(wrong == 0, "%d values wrong after narrowing in place", wrong);

    /* identical types copy; zero elements do nothing */
    int16_t copy[COUNT];
    CHECK(h5x_dtype_convert(H5X_I16, shorts, H5X_I16, copy, COUNT) == 0 && memcmp(copy, shorts, sizeof copy) == 0);
    CHECK(h5x_dtype_convert(H5X_I16, NULL, H5X_F64, NULL, 0) == 0);
    CHECK(h5x_dtype_convert(H5X_I16, NULL, H5X_F64, doubles, 1) == H5X_ERR_INVALID_ARGUMENT);
    CHECK(h5x_dtype_convert(NULL, shorts, H5X_F64, doubles, 1) == H5X_ERR_BAD_HANDLE);
    free(shorts);
    free(doubles);
}

/* ---------------------------------------------- composite types by hand */

static h5x_dtype *member_name_changed(const h5x_dtype *compound)
{
    h5x_dtype *copy = h5x_dtype_copy(compound);
    if (copy)
        copy->u.compound.members[1].name[0] = 'j';
    return copy;
}

static void test_composites(void)
{
    /* h5py's complex layout, spelled as a compound */
    h5x_dtype *pair = h5x_dtype_alloc(H5X_CLASS_COMPOUND, 8, H5X_ORDER_NONE);
    CHECK(pair != NULL);
    if (!pair)
        return;
    pair->u.compound.members = calloc(2, sizeof(h5x_dtype_member));
    pair->u.compound.count = 2;
    pair->u.compound.members[0] = (h5x_dtype_member){strdup("r"), 0, h5x_dtype_parse("<f4")};
    pair->u.compound.members[1] = (h5x_dtype_member){strdup("i"), 4, h5x_dtype_retain(h5x_predefined("<f4"))};
    char *text = h5x_dtype_to_string(pair);
    CHECK_MSG(text && strcmp(text, "compound(r: <f4 @0, i: <f4 @4; 8 bytes)") == 0, "%s", text ? text : "");
    h5x_free(text);
    h5x_dtype *copy = h5x_dtype_copy(pair);
    CHECK(copy && h5x_dtype_equal(copy, pair) == 1);
    h5x_dtype *renamed = member_name_changed(pair);
    CHECK(renamed && h5x_dtype_equal(renamed, pair) == 0);
    CHECK(h5x_dtype_is_numeric(pair) == 0);
    CHECK(h5x_dtype_convertible(pair, copy) == 1 && h5x_dtype_convertible(pair, H5X_C64) == 0);
    float in[2] = {1, 2}, out[2] = {0, 0};
    CHECK(h5x_dtype_convert(pair, in, copy, out, 1) == 0 && out[0] == 1 && out[1] == 2);
    CHECK(h5x_dtype_convert(pair, in, H5X_C64, out, 1) == H5X_ERR_TYPE);

    /* h5py's bool, spelled as an enum */
    h5x_dtype *enumeration = h5x_dtype_alloc(H5X_CLASS_ENUM, 1, H5X_ORDER_NONE);
    enumeration->u.enumeration.base = h5x_dtype_parse("i1");
    enumeration->u.enumeration.values = calloc(2, sizeof(h5x_enum_value));
    enumeration->u.enumeration.count = 2;
    enumeration->u.enumeration.values[0] = (h5x_enum_value){strdup("FALSE"), 0};
    enumeration->u.enumeration.values[1] = (h5x_enum_value){strdup("TRUE"), 1};
    text = h5x_dtype_to_string(enumeration);
    CHECK_MSG(text && strcmp(text, "enum(|i1; FALSE=0, TRUE=1)") == 0, "%s", text ? text : "");
    h5x_free(text);
    h5x_dtype *enum_copy = h5x_dtype_copy(enumeration);
    CHECK(h5x_dtype_equal(enum_copy, enumeration) == 1 && h5x_dtype_equal(enumeration, H5X_BOOL) == 0);
    enum_copy->u.enumeration.values[1].value = 2;
    CHECK(h5x_dtype_equal(enum_copy, enumeration) == 0);

    /* an array of the compound, and a vlen of int32 */
    h5x_dtype *array = h5x_dtype_alloc(H5X_CLASS_ARRAY, 48, H5X_ORDER_NONE);
    array->u.array.base = h5x_dtype_retain(pair);
    array->u.array.rank = 2;
    array->u.array.dims[0] = 2;
    array->u.array.dims[1] = 3;
    text = h5x_dtype_to_string(array);
    CHECK_MSG(text && strcmp(text, "array(compound(r: <f4 @0, i: <f4 @4; 8 bytes); 2x3)") == 0, "%s",
              text ? text : "");
    h5x_free(text);
    h5x_dtype *array_copy = h5x_dtype_copy(array);
    CHECK(h5x_dtype_equal(array_copy, array) == 1);
    array_copy->u.array.dims[1] = 4;
    CHECK(h5x_dtype_equal(array_copy, array) == 0);

    h5x_dtype *vlen = h5x_dtype_alloc(H5X_CLASS_VLEN, 16, H5X_ORDER_NONE);
    vlen->u.vlen.base = h5x_dtype_retain(H5X_I32);
    text = h5x_dtype_to_string(vlen);
    char expected[32];
    snprintf(expected, sizeof expected, "vlen(%ci4)", native_char());
    CHECK_MSG(text && strcmp(text, expected) == 0, "%s", text ? text : "");
    h5x_free(text);

    h5x_dtype *opaque = h5x_dtype_alloc(H5X_CLASS_OPAQUE, 8, H5X_ORDER_NONE);
    text = h5x_dtype_to_string(opaque);
    CHECK(text && strcmp(text, "|V8") == 0);
    h5x_free(text);
    h5x_dtype *tagged = h5x_dtype_copy(opaque);
    free(tagged->u.opaque.tag);
    tagged->u.opaque.tag = strdup("<M8[s]");
    CHECK(h5x_dtype_equal(tagged, opaque) == 0);
    h5x_dtype *tagged_copy = h5x_dtype_copy(tagged);
    CHECK(h5x_dtype_equal(tagged, tagged_copy) == 1);
    text = h5x_dtype_to_string(tagged_copy);
    CHECK(text && strcmp(text, "opaque(8, \"<M8[s]\")") == 0);
    h5x_free(text);

    h5x_dtype *reference = h5x_dtype_alloc(H5X_CLASS_REFERENCE, 8, H5X_ORDER_NONE);
    reference->u.reference.kind = H5X_REF_REGION;
    text = h5x_dtype_to_string(reference);
    CHECK(text && strcmp(text, "region reference") == 0);
    h5x_free(text);

    h5x_dtype *vstring = h5x_dtype_alloc(H5X_CLASS_STRING, sizeof(char *), H5X_ORDER_NONE);
    vstring->u.string.is_variable = 1;
    vstring->u.string.charset = H5X_CSET_UTF8;
    text = h5x_dtype_to_string(vstring);
    CHECK(text && strcmp(text, "vlen string(utf-8)") == 0);
    h5x_free(text);
    h5x_dtype *s8 = h5x_dtype_parse("S8");
    CHECK(s8 && h5x_dtype_convertible(vstring, s8) == 0 && h5x_dtype_convertible(s8, vstring) == 0);
    h5x_close(s8);

    /* the compound outlives its own handle while the array holds it */
    CHECK(h5x_close(pair) == 0);
    CHECK(h5x_dtype_size(array->u.array.base) == 8);
    h5x_dtype *objects[] = {copy, renamed, enumeration, enum_copy, array, array_copy, vlen,
                            opaque, tagged, tagged_copy, reference, vstring};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        CHECK(h5x_close(objects[i]) == 0);
}

int main(void)
{
    test_parse_spellings();
    test_parse_errors();
    test_constructors_and_equality();
    test_constructor_errors();
    test_predefined();
    test_predefined_threads();
    test_integer_clamping();
    test_float_to_integer();
    test_integer_to_float();
    test_float_to_float();
    test_float16();
    test_big_endian();
    test_bool();
    test_complex();
    test_strings();
    test_many_and_in_place();
    test_composites();
    return unit_check_finish("test_dtype");
}
