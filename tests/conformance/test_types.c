/*
 * test_types.c — the "types" section: every dtype beyond plain numbers.
 *
 *   strings      fixed-length in each padding, variable-length ASCII and
 *                UTF-8; bytes read unchecked, text decoded and checked;
 *                fixed <-> variable conversions; NUL bytes and non-ASCII
 *                text refused where h5py refuses them; NumPy's 'U' refused
 *   vlen         ragged int32 arrays written element by element, read by
 *                element and by slice, converted element-wise, reclaimed
 *   compound     nested, with an array member; whole, by field, by a
 *                reordered and converted memory type; a field written alone
 *   enum         names and values; integers in and out by value
 *   opaque       h5py's datetime64 tag and np.void blobs (an attribute
 *                read back byte-exact)
 *   array        array dtypes converted element-wise
 *   committed    a committed type, and datasets created with it
 *   conversions  int16 into float64, and clear errors where none exists
 *
 * Every value is read back after the file is closed and reopened.
 * Variable-length data needs H5X_CAP_VLEN; a connector without it must
 * answer H5X_ERR_NOT_SUPPORTED, which is what is checked then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

static int has_vlen(const conf_context *ctx)
{
    return conf_has(ctx, H5X_CAP_VLEN);
}

/* Checks n C strings against the expected ones. */
static void check_strings_at(char **got, const char *const *want, size_t n, const char *file, int line)
{
    for (size_t i = 0; i < n; i++)
        harness_check(got[i] && strcmp(got[i], want[i]) == 0, file, line, "strings",
                      "string %zu: got \"%s\", expected \"%s\"", i, got[i] ? got[i] : "(null)", want[i]);
}
#define CHECK_STRINGS(got, want, n) check_strings_at((got), (want), (n), __FILE__, __LINE__)

/* ------------------------------------------------------------ dtypes */

static void test_string_dtypes(void)
{
    harness_case("string dtypes: constructors, check_string_dtype, spellings");
    h5x_charset charset = H5X_CSET_UTF8;
    size_t length = 0;
    h5x_string_pad pad = H5X_PAD_SPACEPAD;

    h5x_dtype *fixed = CHECK_PTR(h5x_dtype_string(H5X_CSET_ASCII, 10));
    CHECK_INT(h5x_dtype_string_info(fixed, &charset, &length, &pad), 1);
    CHECK_INT(charset, H5X_CSET_ASCII);
    CHECK_UINT(length, 10);
    CHECK_INT(pad, H5X_PAD_NULLPAD);
    CHECK_UINT(h5x_dtype_size(fixed), 10);
    CHECK_OWNED_STR(h5x_dtype_to_string(fixed), "|S10");
    h5x_dtype *parsed = CHECK_PTR(h5x_dtype_parse("S10"));
    CHECK_INT(h5x_dtype_equal(fixed, parsed), 1);

    h5x_dtype *variable = CHECK_PTR(h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE));
    CHECK_INT(h5x_dtype_string_info(variable, &charset, &length, &pad), 1);
    CHECK_INT(charset, H5X_CSET_UTF8);
    CHECK_UINT(length, H5X_VARIABLE);
    CHECK_INT(pad, H5X_PAD_NULLTERM);
    CHECK_UINT(h5x_dtype_size(variable), sizeof(char *));

    h5x_dtype *text = CHECK_PTR(h5x_dtype_text());
    CHECK_INT(h5x_dtype_string_info(text, &charset, &length, NULL), 1);
    CHECK_INT(charset, H5X_CSET_UTF8);
    CHECK_UINT(length, H5X_VARIABLE);
    /* text decodes and checks; the stored type moves bytes: not the same */
    CHECK_INT(h5x_dtype_equal(text, variable), 0);

    h5x_dtype *spaced = CHECK_PTR(h5x_dtype_string_padded(H5X_CSET_UTF8, 4, H5X_PAD_SPACEPAD));
    CHECK_INT(h5x_dtype_string_info(spaced, NULL, NULL, &pad), 1);
    CHECK_INT(pad, H5X_PAD_SPACEPAD);
    CHECK_INT(h5x_dtype_equal(spaced, fixed), 0);

    CHECK_INT(h5x_dtype_string_info(H5X_I32, NULL, NULL, NULL), 0);
    /* NumPy's UTF-32 'U' has no HDF5 equivalent */
    CHECK_NULL_STATUS(h5x_dtype_parse("U10"), H5X_ERR_TYPE);
    CHECK(strstr(h5x_last_error()->message, "UTF-32") != NULL);
    CHECK_NULL_STATUS(h5x_dtype_string(H5X_CSET_ASCII, 0), H5X_ERR_TYPE);
    h5x_close(fixed);
    h5x_close(parsed);
    h5x_close(variable);
    h5x_close(text);
    h5x_close(spaced);
}

static void test_composite_dtypes(void)
{
    harness_case("compound, enum, opaque, array and vlen dtypes");
    h5x_dtype *point = CHECK_PTR(h5x_dtype_compound(12));
    CHECK_OK(h5x_dtype_compound_insert(point, "x", 0, H5X_F32));
    CHECK_OK(h5x_dtype_compound_insert(point, "y", 4, H5X_F64));
    CHECK_STATUS(h5x_dtype_compound_insert(point, "x", 4, H5X_I8), H5X_ERR_EXISTS);
    CHECK_STATUS(h5x_dtype_compound_insert(point, "z", 2, H5X_I8), H5X_ERR_INVALID_ARGUMENT); /* overlaps x */
    CHECK_STATUS(h5x_dtype_compound_insert(point, "w", 11, H5X_I16), H5X_ERR_INVALID_ARGUMENT); /* past the end */
    CHECK_INT(h5x_dtype_member_count(point), 2);
    CHECK_OWNED_STR(h5x_dtype_member_name(point, 1), "y");
    CHECK_UINT(h5x_dtype_member_offset(point, 1), 4);
    CHECK_INT(h5x_dtype_member_index(point, "y"), 1);
    CHECK_INT(h5x_dtype_member_index(point, "nope"), -1);
    h5x_dtype *member = CHECK_PTR(h5x_dtype_member_dtype(point, 1));
    CHECK_INT(h5x_dtype_equal(member, H5X_F64), 1);
    h5x_close(member);
    const char *pick[] = {"y"};
    h5x_dtype *field = CHECK_PTR(h5x_dtype_fields(point, pick, 1));
    CHECK_UINT(h5x_dtype_size(field), 8);
    CHECK_UINT(h5x_dtype_member_offset(field, 0), 0);
    h5x_close(field);
    const char *missing[] = {"q"};
    CHECK_NULL_STATUS(h5x_dtype_fields(point, missing, 1), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_dtype_fields(H5X_I32, pick, 1), H5X_ERR_TYPE);

    h5x_dtype *colour = CHECK_PTR(h5x_dtype_enum(H5X_I8));
    CHECK_OK(h5x_dtype_enum_insert(colour, "RED", 0));
    CHECK_OK(h5x_dtype_enum_insert(colour, "GREEN", 1));
    CHECK_STATUS(h5x_dtype_enum_insert(colour, "BLUE", 1), H5X_ERR_EXISTS);
    CHECK_STATUS(h5x_dtype_enum_insert(colour, "HUGE", 300), H5X_ERR_INVALID_ARGUMENT);
    int64_t value = -1;
    CHECK_OK(h5x_dtype_enum_value(colour, 1, &value));
    CHECK_INT(value, 1);
    CHECK_NULL_STATUS(h5x_dtype_enum(H5X_F32), H5X_ERR_TYPE);

    h5x_dtype *when = CHECK_PTR(h5x_dtype_parse("<M8[s]"));
    CHECK_INT(h5x_dtype_get_class(when), H5X_CLASS_OPAQUE);
    CHECK_UINT(h5x_dtype_size(when), 8);
    CHECK_OWNED_STR(h5x_dtype_opaque_tag(when), "NUMPY:<M8[s]");
    CHECK_OWNED_STR(h5x_dtype_to_string(when), "<M8[s]");
    h5x_dtype *tagged = CHECK_PTR(h5x_dtype_opaque(8, "NUMPY:<M8[s]"));
    CHECK_INT(h5x_dtype_equal(when, tagged), 1);
    h5x_dtype *blob = CHECK_PTR(h5x_dtype_parse("V12"));
    CHECK_OWNED_STR(h5x_dtype_opaque_tag(blob), "");
    CHECK_OWNED_STR(h5x_dtype_to_string(blob), "|V12");
    CHECK_NULL_STATUS(h5x_dtype_parse("M8[fortnight]"), H5X_ERR_TYPE);

    h5x_shape dims = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_dtype *matrix = CHECK_PTR(h5x_dtype_array(H5X_I16, &dims));
    CHECK_UINT(h5x_dtype_size(matrix), 12);
    h5x_shape got_dims;
    h5x_dtype *base = NULL;
    CHECK_OK(h5x_dtype_array_info(matrix, &got_dims, &base));
    CHECK_SHAPE(&got_dims, 2, 2, 3);
    CHECK_INT(h5x_dtype_equal(base, H5X_I16), 1);
    h5x_close(base);

    h5x_dtype *ragged = CHECK_PTR(h5x_dtype_vlen(H5X_I32));
    CHECK_UINT(h5x_dtype_size(ragged), sizeof(h5x_vlen));
    base = CHECK_PTR(h5x_dtype_vlen_base(ragged));
    CHECK_INT(h5x_dtype_equal(base, H5X_I32), 1);
    h5x_close(base);
    h5x_clear_error();
    CHECK(h5x_dtype_vlen_base(H5X_I32) == NULL && h5x_last_error()->code == H5X_OK);

    h5x_close(point);
    h5x_close(colour);
    h5x_close(when);
    h5x_close(tagged);
    h5x_close(blob);
    h5x_close(matrix);
    h5x_close(ragged);
}

/* ---------------------------------------------------------------- strings */

static void test_fixed_strings(conf_context *ctx)
{
    harness_case("fixed-length strings in each padding, as bytes and as text");
    static const h5x_string_pad pads[3] = {H5X_PAD_NULLPAD, H5X_PAD_NULLTERM, H5X_PAD_SPACEPAD};
    static const char *names[3] = {"nullpad", "nullterm", "spacepad"};
    /* what each padding stores for "ab" and "hello" in 5 bytes */
    static const char stored[3][10] = {{'a', 'b', 0, 0, 0, 'h', 'e', 'l', 'l', 'o'},
                                       {'a', 'b', 0, 0, 0, 'h', 'e', 'l', 'l', 0},
                                       {'a', 'b', ' ', ' ', ' ', 'h', 'e', 'l', 'l', 'o'}};
    static const char *as_text[3][2] = {{"ab", "hello"}, {"ab", "hell"}, {"ab", "hello"}};
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_fixed", "w"));
    h5x_dtype *text = h5x_dtype_text();
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    const char *words[2] = {"ab", "hello"};
    for (int i = 0; i < 3; i++) {
        h5x_dtype *dtype = h5x_dtype_string_padded(H5X_CSET_ASCII, 5, pads[i]);
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, names[i], dtype, &two, NULL));
        CHECK_OK(h5x_dataset_write(dataset, NULL, text, words, NULL));
        h5x_close(dataset);
        h5x_close(dtype);
    }
    /* bytes with a NUL inside, as NumPy's 'S' keeps them */
    h5x_dtype *s4 = h5x_dtype_parse("S4");
    h5x_object *nul = CHECK_PTR(h5x_dataset_create(file, "embedded_nul", s4, &two, NULL));
    CHECK_OK(h5x_dataset_write(nul, NULL, NULL, "a\0b\0cd\0\0", NULL));
    h5x_close(nul);

    file = conf_reopen(ctx, file, "types_fixed", "r");
    REQUIRE(file);
    for (int i = 0; i < 3; i++) {
        h5x_object *dataset = CHECK_PTR(h5x_open(file, names[i]));
        if (!dataset)
            continue;
        h5x_dtype *want = h5x_dtype_string_padded(H5X_CSET_ASCII, 5, pads[i]);
        h5x_dtype *got = CHECK_PTR(h5x_dataset_dtype(dataset));
        CHECK_MSG(h5x_dtype_equal(got, want) == 1, "%s: the stored padding differs", names[i]);
        char raw[10];
        memset(raw, 0x7f, sizeof raw);
        CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, raw, sizeof raw));
        CHECK_BYTES(raw, stored[i], sizeof raw);
        char *strings[2] = {NULL, NULL};
        CHECK_OK(h5x_dataset_read(dataset, NULL, text, strings, sizeof strings));
        CHECK_STRINGS(strings, as_text[i], 2);
        CHECK_OK(h5x_reclaim(text, strings, 2));
        /* into a wider NumPy 'S': padded with NULs */
        h5x_dtype *s7 = h5x_dtype_parse("S7");
        char wide[14];
        CHECK_OK(h5x_dataset_read(dataset, NULL, s7, wide, sizeof wide));
        CHECK_BYTES(wide, i == 1 ? "ab\0\0\0\0\0hell\0\0\0" : "ab\0\0\0\0\0hello\0\0", 14);
        h5x_close(s7);
        h5x_close(want);
        h5x_close(got);
        h5x_close(dataset);
    }
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "embedded_nul"));
    char raw[8];
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, raw, sizeof raw));
    CHECK_BYTES(raw, "a\0b\0cd\0\0", 8);
    char *strings[2] = {NULL, NULL};
    /* h5py: null bytes in the data cause an error */
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, text, strings, sizeof strings), H5X_ERR_TYPE);
    CHECK(strings[0] == NULL && strings[1] == NULL);
    CHECK_OK(h5x_dataset_read_text(dataset, "1", text, strings, sizeof(char *)));
    CHECK_STR(strings[0], "cd");
    h5x_reclaim(text, strings, 1);
    h5x_close(dataset);
    h5x_close(s4);
    h5x_close(text);
    h5x_close(file);
}

static void test_variable_strings(conf_context *ctx)
{
    harness_case("variable-length strings: UTF-8 and ASCII, bytes and text");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_vstr", "w"));
    h5x_dtype *utf8 = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    h5x_dtype *ascii = h5x_dtype_string(H5X_CSET_ASCII, H5X_VARIABLE);
    h5x_dtype *text = h5x_dtype_text();
    h5x_shape grid = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    if (!has_vlen(ctx)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "vlds", utf8, &grid, NULL), H5X_ERR_NOT_SUPPORTED);
        CHECK_STATUS(h5x_attr_set(file, "text", text, NULL, (const char *[]){"x"}), H5X_ERR_NOT_SUPPORTED);
        goto out;
    }
    const char *words[6] = {"a", "h\xc3\xa9llo", "", "\xe2\x82\xac uro", "longer text here", "z"};
    h5x_object *vlds = CHECK_PTR(h5x_dataset_create(file, "vlds", utf8, &grid, NULL));
    CHECK_OK(h5x_dataset_write(vlds, NULL, text, words, NULL));
    h5x_close(vlds);

    h5x_object *sparse = CHECK_PTR(h5x_dataset_create(file, "sparse", utf8, &three, NULL));
    CHECK_OK(h5x_dataset_write_text(sparse, "1", text, (const char *[]){"only"}, NULL));
    h5x_close(sparse);
    h5x_object *bytes = CHECK_PTR(h5x_dataset_create(file, "ascii", ascii, &three, NULL));
    CHECK_OK(h5x_dataset_write(bytes, NULL, text, (const char *[]){"abc", "def", "ghi"}, NULL));
    /* text written to an ASCII type must be ASCII; the old values stay */
    CHECK_STATUS(h5x_dataset_write_text(bytes, "1", text, (const char *[]){"d\xc3\xa9"}, NULL), H5X_ERR_TYPE);
    /* bytes move unchecked (h5py: data passed as bytes) */
    CHECK_OK(h5x_dataset_write_text(bytes, "2", ascii, (const char *[]){"\xff!"}, NULL));
    h5x_close(bytes);

    /* NumPy 'S' data written into a variable-length string dataset */
    h5x_dtype *s4 = h5x_dtype_parse("S4");
    h5x_object *from_fixed = CHECK_PTR(h5x_dataset_create(file, "from_fixed", ascii, &three, NULL));
    CHECK_OK(h5x_dataset_write(from_fixed, NULL, s4, "ab\0\0cdefg\0\0\0", NULL));
    CHECK_STATUS(h5x_dataset_write_text(from_fixed, "0", s4, "a\0bc", NULL), H5X_ERR_TYPE);
    h5x_close(from_fixed);

    CHECK_OK(h5x_attr_set(file, "text", text, NULL, (const char *[]){"h\xc3\xa9llo"}));
    CHECK_OK(h5x_attr_set(file, "bytes", ascii, NULL, (const char *[]){"bytes"}));
    CHECK_STATUS(h5x_attr_set(file, "bad", text, NULL, (const char *[]){"\xc3\x28"}), H5X_ERR_TYPE);

    file = conf_reopen(ctx, file, "types_vstr", "r");
    REQUIRE(file);
    vlds = CHECK_PTR(h5x_open(file, "vlds"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(vlds));
    CHECK_INT(h5x_dtype_equal(stored, utf8), 1);
    h5x_close(stored);
    char *got[6] = {0};
    CHECK_OK(h5x_dataset_read(vlds, NULL, text, got, sizeof got));
    CHECK_STRINGS(got, words, 6);
    CHECK_OK(h5x_reclaim(text, got, 6));
    CHECK(got[0] == NULL); /* reclaimed pointers are cleared */
    CHECK_OK(h5x_dataset_read(vlds, NULL, NULL, got, sizeof got)); /* as bytes */
    CHECK_STRINGS(got, words, 6);
    CHECK_OK(h5x_reclaim(utf8, got, 6));
    CHECK_OK(h5x_dataset_read_text(vlds, "1, 0:2", text, got, 2 * sizeof(char *)));
    CHECK_STRINGS(got, words + 3, 2);
    h5x_reclaim(text, got, 2);
    /* into NumPy 'S': cut to length */
    char fixed[6 * 3];
    h5x_dtype *utf8_3 = h5x_dtype_string(H5X_CSET_UTF8, 3);
    CHECK_OK(h5x_dataset_read(vlds, NULL, utf8_3, fixed, sizeof fixed));
    CHECK_BYTES(fixed, "a\0\0h\xc3\xa9\0\0\0\xe2\x82\xaclonz\0\0", sizeof fixed);
    h5x_close(utf8_3);
    /* bytes do not change character set */
    CHECK_STATUS(h5x_dataset_read(vlds, NULL, ascii, got, sizeof got), H5X_ERR_TYPE);
    h5x_close(vlds);

    bytes = CHECK_PTR(h5x_open(file, "ascii"));
    CHECK_OK(h5x_dataset_read_text(bytes, "0:2", text, got, 2 * sizeof(char *)));
    CHECK_STRINGS(got, ((const char *[]){"abc", "def"}), 2);
    h5x_reclaim(text, got, 2);
    CHECK_STATUS(h5x_dataset_read(bytes, NULL, text, got, 3 * sizeof(char *)), H5X_ERR_TYPE); /* "\xff!" */
    CHECK_OK(h5x_dataset_read(bytes, NULL, NULL, got, 3 * sizeof(char *)));
    CHECK_STR(got[2], "\xff!");
    h5x_reclaim(ascii, got, 3);
    h5x_close(bytes);

    /* strings nobody wrote read as "", as in h5py */
    sparse = CHECK_PTR(h5x_open(file, "sparse"));
    CHECK_OK(h5x_dataset_read(sparse, NULL, NULL, got, 3 * sizeof(char *)));
    CHECK_STRINGS(got, ((const char *[]){"", "only", ""}), 3);
    h5x_reclaim(utf8, got, 3);
    CHECK_OK(h5x_dataset_read(sparse, NULL, text, got, 3 * sizeof(char *)));
    CHECK_STRINGS(got, ((const char *[]){"", "only", ""}), 3);
    h5x_reclaim(text, got, 3);
    h5x_close(sparse);

    from_fixed = CHECK_PTR(h5x_open(file, "from_fixed"));
    CHECK_OK(h5x_dataset_read(from_fixed, NULL, NULL, got, 3 * sizeof(char *)));
    CHECK_STRINGS(got, ((const char *[]){"ab", "cdef", "g"}), 3);
    h5x_reclaim(ascii, got, 3);
    h5x_close(from_fixed);

    char *value = NULL;
    CHECK_OK(h5x_attr_get(file, "text", text, &value, sizeof value));
    CHECK_STR(value, "h\xc3\xa9llo");
    h5x_reclaim(text, &value, 1);
    h5x_dtype *attr_dtype = NULL;
    CHECK_OK(h5x_attr_info(file, "text", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, utf8), 1); /* h5py's str */
    h5x_close(attr_dtype);
    CHECK_OK(h5x_attr_info(file, "bytes", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, ascii), 1); /* h5py's bytes */
    h5x_close(attr_dtype);
    CHECK_OK(h5x_attr_get(file, "bytes", NULL, &value, sizeof value));
    CHECK_STR(value, "bytes");
    h5x_reclaim(ascii, &value, 1);
    CHECK_INT(h5x_attr_contains(file, "bad"), 0);
    h5x_close(s4);
out:
    h5x_close(utf8);
    h5x_close(ascii);
    h5x_close(text);
    h5x_close(file);
}

/* ------------------------------------------------------ variable length */

static void test_vlen(conf_context *ctx)
{
    harness_case("variable-length sequences: ragged int32, by element and by slice");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_vlen", "w"));
    h5x_dtype *ragged = h5x_dtype_vlen(H5X_I32);
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    if (!has_vlen(ctx)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "vlen_int", ragged, &four, NULL), H5X_ERR_NOT_SUPPORTED);
        h5x_close(ragged);
        h5x_close(file);
        return;
    }
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "vlen_int", ragged, &four, NULL));
    int32_t first[] = {1, 2, 3}, second[] = {1, 2, 3, 4, 5};
    h5x_vlen element = {3, first};
    CHECK_OK(h5x_dataset_write_text(dataset, "0", NULL, &element, NULL));
    element = (h5x_vlen){5, second};
    CHECK_OK(h5x_dataset_write_text(dataset, "1", NULL, &element, NULL));
    /* int64 values into the int32 base: converted element-wise */
    int64_t wide[] = {-7};
    h5x_dtype *ragged64 = h5x_dtype_vlen(H5X_I64);
    element = (h5x_vlen){1, wide};
    CHECK_OK(h5x_dataset_write_text(dataset, "3", ragged64, &element, NULL));
    h5x_close(dataset);
    /* a sequence attribute */
    h5x_vlen pair[2] = {{2, (int32_t[]){10, 20}}, {0, NULL}};
    h5x_shape pair_shape = h5x_shape_of(1, (uint64_t[]){2});
    CHECK_OK(h5x_attr_set(file, "pairs", ragged, &pair_shape, pair));

    file = conf_reopen(ctx, file, "types_vlen", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "vlen_int"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_equal(stored, ragged), 1);
    h5x_close(stored);
    h5x_vlen one = {0, NULL};
    CHECK_OK(h5x_dataset_read_text(dataset, "0", NULL, &one, sizeof one));
    CHECK_UINT(one.length, 3);
    if (one.length == 3)
        CHECK_BYTES(one.data, first, sizeof first);
    h5x_reclaim(ragged, &one, 1);
    h5x_vlen two[2] = {{0, NULL}, {0, NULL}};
    CHECK_OK(h5x_dataset_read_text(dataset, "0:2", NULL, two, sizeof two));
    CHECK_UINT(two[0].length, 3);
    CHECK_UINT(two[1].length, 5);
    if (two[1].length == 5)
        CHECK_BYTES(two[1].data, second, sizeof second);
    h5x_reclaim(ragged, two, 2);
    h5x_vlen all[4];
    h5x_dtype *ragged_f64 = h5x_dtype_vlen(H5X_F64);
    CHECK_OK(h5x_dataset_read(dataset, NULL, ragged_f64, all, sizeof all));
    CHECK_UINT(all[2].length, 0); /* never written */
    CHECK_UINT(all[3].length, 1);
    if (all[1].length == 5)
        CHECK_DOUBLES((double *)all[1].data, ((double[]){1, 2, 3, 4, 5}), 5);
    if (all[3].length == 1)
        CHECK_DOUBLE(((double *)all[3].data)[0], -7.0);
    CHECK_OK(h5x_reclaim(ragged_f64, all, 4));
    /* in place: the int32 sequences give way to int64 ones of the same
     * element size, and their memory is released */
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, all, sizeof all));
    CHECK_OK(h5x_dtype_convert(ragged, all, ragged64, all, 4));
    if (all[1].length == 5)
        CHECK_INTS((int64_t *)all[1].data, ((int64_t[]){1, 2, 3, 4, 5}), 5);
    CHECK_OK(h5x_reclaim(ragged64, all, 4));
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_I32, (int32_t[4]){0}, 4 * sizeof(int32_t)), H5X_ERR_TYPE);
    h5x_close(dataset);

    h5x_vlen attr[2];
    CHECK_OK(h5x_attr_get(file, "pairs", NULL, attr, sizeof attr));
    CHECK_UINT(attr[0].length, 2);
    CHECK_UINT(attr[1].length, 0);
    if (attr[0].length == 2)
        CHECK_BYTES(attr[0].data, ((int32_t[]){10, 20}), 8);
    h5x_reclaim(ragged, attr, 2);
    h5x_close(ragged);
    h5x_close(ragged64);
    h5x_close(ragged_f64);
    h5x_close(file);
}

/* ------------------------------------------------------------ compound */

typedef struct inner {
    float x;
    uint8_t y;
} inner;

typedef struct record {
    int32_t a;
    double b;
    int16_t c[3];
    inner d;
} record;

static h5x_dtype *record_dtype(void)
{
    h5x_dtype *in = h5x_dtype_compound(sizeof(inner));
    h5x_dtype_compound_insert(in, "x", offsetof(inner, x), H5X_F32);
    h5x_dtype_compound_insert(in, "y", offsetof(inner, y), H5X_U8);
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_dtype *triple = h5x_dtype_array(H5X_I16, &three);
    h5x_dtype *dtype = h5x_dtype_compound(sizeof(record));
    h5x_dtype_compound_insert(dtype, "a", offsetof(record, a), H5X_I32);
    h5x_dtype_compound_insert(dtype, "b", offsetof(record, b), H5X_F64);
    h5x_dtype_compound_insert(dtype, "c", offsetof(record, c), triple);
    h5x_dtype_compound_insert(dtype, "d", offsetof(record, d), in);
    h5x_close(in);
    h5x_close(triple);
    return dtype;
}

static void test_compound(conf_context *ctx)
{
    harness_case("compound types: nested, array members, fields by name");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_compound", "w"));
    h5x_dtype *dtype = record_dtype();
    REQUIRE(h5x_dtype_member_count(dtype) == 4);
    record records[3];
    memset(records, 0, sizeof records);
    for (int i = 0; i < 3; i++) {
        records[i].a = 10 * i;
        records[i].b = 0.5 + i;
        for (int k = 0; k < 3; k++)
            records[i].c[k] = (int16_t)(100 * i + k);
        records[i].d.x = 1.25f * (float)i;
        records[i].d.y = (uint8_t)(200 + i);
    }
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = records;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "records", dtype, &three, &options));
    /* dset["a"] = [...]: the other fields keep their values */
    const char *a_only[] = {"a"};
    h5x_dtype *field_a = h5x_dtype_fields(dtype, a_only, 1);
    CHECK_OK(h5x_dataset_write(dataset, NULL, field_a, (int32_t[]){-1, -2, -3}, NULL));
    h5x_close(field_a);
    h5x_close(dataset);
    CHECK_OK(h5x_attr_set(file, "record", dtype, NULL, &records[1]));

    file = conf_reopen(ctx, file, "types_compound", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "records"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_equal(stored, dtype), 1);
    CHECK_OWNED_STR(h5x_dtype_member_name(stored, 2), "c");
    CHECK_UINT(h5x_dtype_member_offset(stored, 3), offsetof(record, d));
    h5x_close(stored);

    record got[3];
    memset(got, 0, sizeof got);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, sizeof got));
    for (int i = 0; i < 3; i++) {
        CHECK_INT(got[i].a, -1 - i);
        CHECK_DOUBLE(got[i].b, records[i].b);
        CHECK_INTS(((int64_t[]){got[i].c[0], got[i].c[1], got[i].c[2]}),
                   ((int64_t[]){records[i].c[0], records[i].c[1], records[i].c[2]}), 3);
        CHECK_DOUBLE(got[i].d.x, records[i].d.x);
        CHECK_INT(got[i].d.y, records[i].d.y);
    }
    /* dset["b"] and dset[["d", "a"]] */
    const char *b_only[] = {"b"};
    h5x_dtype *field_b = h5x_dtype_fields(dtype, b_only, 1);
    double b[3];
    CHECK_OK(h5x_dataset_read(dataset, NULL, field_b, b, sizeof b));
    CHECK_DOUBLES(b, ((double[]){0.5, 1.5, 2.5}), 3);
    CHECK_OK(h5x_dataset_read_text(dataset, "2", field_b, b, sizeof(double)));
    CHECK_DOUBLE(b[0], 2.5);
    h5x_close(field_b);
    const char *d_a[] = {"d", "a"};
    h5x_dtype *pair = h5x_dtype_fields(dtype, d_a, 2);
    CHECK_UINT(h5x_dtype_size(pair), sizeof(inner) + 4);
    unsigned char packed[3][sizeof(inner) + 4];
    CHECK_OK(h5x_dataset_read(dataset, NULL, pair, packed, sizeof packed));
    inner d1;
    int32_t a1;
    memcpy(&d1, packed[1], sizeof d1);
    memcpy(&a1, packed[1] + sizeof(inner), sizeof a1);
    CHECK_DOUBLE(d1.x, 1.25);
    CHECK_INT(d1.y, 201);
    CHECK_INT(a1, -2);
    h5x_close(pair);
    /* a memory compound of its own: other order, other member types */
    struct mine {
        float b;
        int64_t a;
    } mine[3];
    h5x_dtype *mine_dtype = h5x_dtype_compound(sizeof(struct mine));
    h5x_dtype_compound_insert(mine_dtype, "b", offsetof(struct mine, b), H5X_F32);
    h5x_dtype_compound_insert(mine_dtype, "a", offsetof(struct mine, a), H5X_I64);
    CHECK_OK(h5x_dataset_read(dataset, NULL, mine_dtype, mine, sizeof mine));
    CHECK_DOUBLE(mine[2].b, 2.5);
    CHECK_INT(mine[2].a, -3);
    h5x_close(mine_dtype);
    /* no conversion: a compound into a number, or a member into a string */
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_F64, b, sizeof b), H5X_ERR_TYPE);
    h5x_close(dataset);

    record one;
    CHECK_OK(h5x_attr_get(file, "record", NULL, &one, sizeof one));
    CHECK_INT(one.a, 10);
    CHECK_INT(one.c[2], 102);
    CHECK_INT(one.d.y, 201);
    h5x_close(dtype);
    h5x_close(file);
}

static void test_compound_with_strings(conf_context *ctx)
{
    harness_case("compound with a variable-length string field, written field by field as text");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_compound_vstr", "w"));
    typedef struct named {
        char *name;
        int32_t id;
    } named;
    h5x_dtype *dtype = h5x_dtype_compound(sizeof(named));
    h5x_dtype *vstr = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    h5x_dtype_compound_insert(dtype, "name", offsetof(named, name), vstr);
    h5x_dtype_compound_insert(dtype, "id", offsetof(named, id), H5X_I32);
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    if (!has_vlen(ctx)) {
        CHECK_NULL_STATUS(h5x_dataset_create(file, "people", dtype, &two, NULL), H5X_ERR_NOT_SUPPORTED);
        goto out;
    }
    named people[2] = {{"ann", 1}, {"bo", 2}};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = people;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "people", dtype, &two, &options));
    /* dset["name"] = [...] as text: the ids stay */
    h5x_dtype *text_field = h5x_dtype_compound(sizeof(char *));
    h5x_dtype *text = h5x_dtype_text();
    h5x_dtype_compound_insert(text_field, "name", 0, text);
    CHECK_OK(h5x_dataset_write(dataset, NULL, text_field, (const char *[]){"\xc3\xa5sa", "cy"}, NULL));
    h5x_close(dataset);

    file = conf_reopen(ctx, file, "types_compound_vstr", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "people"));
    named got[2];
    memset(got, 0, sizeof got);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, sizeof got));
    CHECK_STR(got[0].name, "\xc3\xa5sa");
    CHECK_STR(got[1].name, "cy");
    CHECK_INT(got[0].id, 1);
    CHECK_INT(got[1].id, 2);
    CHECK_OK(h5x_reclaim(dtype, got, 2));
    CHECK(got[0].name == NULL);
    char *names[2] = {NULL, NULL};
    CHECK_OK(h5x_dataset_read(dataset, NULL, text_field, names, sizeof names));
    CHECK_STR(names[1], "cy");
    h5x_reclaim(text_field, names, 2);
    h5x_close(dataset);
    h5x_close(text_field);
    h5x_close(text);
out:
    h5x_close(vstr);
    h5x_close(dtype);
    h5x_close(file);
}

/* ------------------------------------------------------------------ enum */

static void test_enum(conf_context *ctx)
{
    harness_case("enum types: names and values, integers by value");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_enum", "w"));
    h5x_dtype *base = h5x_dtype_parse(">i2");
    h5x_dtype *colour = h5x_dtype_enum(base);
    h5x_dtype_enum_insert(colour, "RED", 0);
    h5x_dtype_enum_insert(colour, "GREEN", 1);
    h5x_dtype_enum_insert(colour, "BLUE", -7);
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "colours", colour, &four, NULL));
    CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_I32, (int32_t[]){1, -7, 0, 1}, NULL));
    /* 5 names no colour */
    CHECK_STATUS(h5x_dataset_write_text(dataset, "0", H5X_I64, (int64_t[]){5}, NULL), H5X_ERR_TYPE);
    h5x_close(dataset);

    file = conf_reopen(ctx, file, "types_enum", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "colours"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_get_class(stored), H5X_CLASS_ENUM);
    CHECK_INT(h5x_dtype_equal(stored, colour), 1);
    CHECK_INT(h5x_dtype_member_count(stored), 3);
    int blue = h5x_dtype_member_index(stored, "BLUE");
    int64_t value = 0;
    CHECK(blue >= 0);
    if (blue >= 0) {
        CHECK_OK(h5x_dtype_enum_value(stored, blue, &value));
        CHECK_INT(value, -7);
    }
    h5x_dtype *member = h5x_dtype_member_dtype(stored, 0);
    CHECK_INT(h5x_dtype_equal(member, base), 1);
    h5x_close(member);
    int64_t values[4];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, values, sizeof values));
    CHECK_INTS(values, ((int64_t[]){1, -7, 0, 1}), 4);
    double reals[4];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, reals, sizeof reals));
    CHECK_DOUBLES(reals, ((double[]){1, -7, 0, 1}), 4);
    /* an enum of other values, matched by name */
    h5x_dtype *mine = h5x_dtype_enum(H5X_U8);
    h5x_dtype_enum_insert(mine, "BLUE", 30);
    h5x_dtype_enum_insert(mine, "GREEN", 20);
    h5x_dtype_enum_insert(mine, "RED", 10);
    uint8_t mapped[4];
    CHECK_OK(h5x_dataset_read(dataset, NULL, mine, mapped, sizeof mapped));
    CHECK_INTS(((int64_t[]){mapped[0], mapped[1], mapped[2], mapped[3]}), ((int64_t[]){20, 30, 10, 20}), 4);
    h5x_dtype *partial = h5x_dtype_enum(H5X_U8);
    h5x_dtype_enum_insert(partial, "RED", 1);
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, partial, mapped, sizeof mapped), H5X_ERR_TYPE);
    h5x_close(partial);
    h5x_close(mine);
    h5x_close(stored);
    h5x_close(dataset);
    h5x_close(colour);
    h5x_close(base);
    h5x_close(file);
}

/* ---------------------------------------------------------------- opaque */

static void test_opaque(conf_context *ctx)
{
    harness_case("opaque types: h5py's datetime64 and np.void blobs");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_opaque", "w"));
    h5x_dtype *when = h5x_dtype_parse("<M8[s]");
    /* 2019-09-22T17:38:30, the seeds' example, as seconds since 1970 */
    int64_t seconds[2] = {1569173910, 0};
    unsigned char bytes[16];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 8; k++)
            bytes[8 * i + k] = (unsigned char)((uint64_t)seconds[i] >> (8 * k));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = bytes;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "data", when, &two, &options));
    h5x_close(dataset);
    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){5, 5, 5});
    h5x_object *test = CHECK_PTR(h5x_dataset_create(file, "test", NULL, &cube, NULL));
    h5x_dtype *blob = h5x_dtype_parse("V12");
    CHECK_OK(h5x_attr_set(test, "attribute_name", blob, NULL, "Hello\0Hello\0"));
    h5x_close(test);

    file = conf_reopen(ctx, file, "types_opaque", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "data"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_equal(stored, when), 1);
    CHECK_OWNED_STR(h5x_dtype_to_string(stored), "<M8[s]");
    h5x_close(stored);
    unsigned char got[16];
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, sizeof got));
    CHECK_BYTES(got, bytes, sizeof got);
    /* opaque bytes mean nothing to other types */
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_I64, seconds, sizeof seconds), H5X_ERR_TYPE);
    h5x_close(dataset);

    test = CHECK_PTR(h5x_open(file, "test"));
    h5x_dtype *attr_dtype = NULL;
    CHECK_OK(h5x_attr_info(test, "attribute_name", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, blob), 1);
    h5x_close(attr_dtype);
    char out[12];
    memset(out, 'x', sizeof out);
    CHECK_OK(h5x_attr_get(test, "attribute_name", NULL, out, sizeof out));
    CHECK_BYTES(out, "Hello\0Hello\0", 12);
    h5x_close(test);
    h5x_close(blob);
    h5x_close(when);
    h5x_close(file);
}

/* ----------------------------------------------------------------- array */

static void test_array(conf_context *ctx)
{
    harness_case("array types: converted element by element");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_array", "w"));
    h5x_shape dims = h5x_shape_of(2, (uint64_t[]){2, 3});
    h5x_dtype *matrix = h5x_dtype_array(H5X_I16, &dims);
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    int16_t values[2][6];
    for (int i = 0; i < 12; i++)
        values[i / 6][i % 6] = (int16_t)(i * 11 - 40);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "matrices", matrix, &two, &options));
    h5x_close(dataset);

    file = conf_reopen(ctx, file, "types_array", "r");
    REQUIRE(file);
    dataset = CHECK_PTR(h5x_open(file, "matrices"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_equal(stored, matrix), 1);
    h5x_close(stored);
    h5x_dtype *as_double = h5x_dtype_array(H5X_F64, &dims);
    double got[12];
    CHECK_OK(h5x_dataset_read(dataset, NULL, as_double, got, sizeof got));
    double want[12];
    for (int i = 0; i < 12; i++)
        want[i] = i * 11 - 40;
    CHECK_DOUBLES(got, want, 12);
    CHECK_OK(h5x_dataset_read_text(dataset, "1", as_double, got, 6 * sizeof(double)));
    CHECK_DOUBLES(got, want + 6, 6);
    h5x_shape six = h5x_shape_of(1, (uint64_t[]){6});
    h5x_dtype *other_shape = h5x_dtype_array(H5X_I16, &six);
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, other_shape, got, sizeof got), H5X_ERR_TYPE);
    h5x_close(other_shape);
    h5x_close(as_double);
    h5x_close(dataset);
    h5x_close(matrix);
    h5x_close(file);
}

/* ------------------------------------------------------------- committed */

static void test_committed(conf_context *ctx)
{
    harness_case("committed datatypes and datasets that use them");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_committed", "w"));
    h5x_dtype *pair = h5x_dtype_compound(12);
    h5x_dtype_compound_insert(pair, "x", 0, H5X_F32);
    h5x_dtype_compound_insert(pair, "n", 4, H5X_I64);
    if (!conf_has(ctx, H5X_CAP_COMMITTED_TYPES)) {
        CHECK_NULL_STATUS(h5x_datatype_commit(file, "named", pair), H5X_ERR_NOT_SUPPORTED);
        h5x_close(pair);
        h5x_close(file);
        return;
    }
    h5x_object *named = CHECK_PTR(h5x_datatype_commit(file, "named", pair));
    CHECK_INT(h5x_object_get_kind(named), H5X_KIND_DATATYPE);
    h5x_dtype *committed = CHECK_PTR(h5x_datatype_dtype(named));
    CHECK_INT(h5x_dtype_equal(committed, pair), 1);
    h5x_close(named); /* the dtype keeps what it needs */
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "uses_named", committed, &two, NULL));
    unsigned char data[2][12];
    float x = 1.5f;
    int64_t n = -9;
    for (int i = 0; i < 2; i++) {
        memcpy(data[i], &x, 4);
        memcpy(data[i] + 4, &n, 8);
    }
    CHECK_OK(h5x_dataset_write(dataset, NULL, NULL, data, NULL));
    h5x_close(dataset);
    CHECK_OK(h5x_attr_set(file, "uses_named", committed, NULL, data[0]));
    h5x_close(committed);
    CHECK_NULL_STATUS(h5x_datatype_commit(file, "named", pair), H5X_ERR_EXISTS);

    file = conf_reopen(ctx, file, "types_committed", "r");
    REQUIRE(file);
    named = CHECK_PTR(h5x_open(file, "named"));
    CHECK_INT(h5x_object_get_kind(named), H5X_KIND_DATATYPE);
    committed = CHECK_PTR(h5x_datatype_dtype(named));
    CHECK_INT(h5x_dtype_equal(committed, pair), 1);
    h5x_close(committed);
    h5x_close(named);
    dataset = CHECK_PTR(h5x_open(file, "uses_named"));
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(dataset));
    CHECK_INT(h5x_dtype_equal(stored, pair), 1);
    h5x_close(stored);
    unsigned char got[2][12];
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, got, sizeof got));
    CHECK_BYTES(got, data, sizeof got);
    h5x_close(dataset);
    unsigned char attr[12];
    CHECK_OK(h5x_attr_get(file, "uses_named", NULL, attr, sizeof attr));
    CHECK_BYTES(attr, data[0], sizeof attr);
    CHECK_NULL_STATUS(h5x_datatype_dtype(file), H5X_ERR_BAD_HANDLE);
    h5x_close(pair);
    h5x_close(file);
}

/* ----------------------------------------------------------- conversions */

static void test_conversions(conf_context *ctx)
{
    harness_case("conversions between memory and file types");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "types_convert", "w"));
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_object *shorts = CHECK_PTR(h5x_dataset_create(file, "int16", H5X_I16, &four, NULL));
    CHECK_OK(h5x_dataset_write(shorts, NULL, H5X_I16, (int16_t[]){-32768, -1, 0, 32767}, NULL));
    h5x_close(shorts);
    h5x_dtype *s3 = h5x_dtype_parse("S3");
    h5x_object *words = CHECK_PTR(h5x_dataset_create(file, "words", s3, &four, NULL));
    CHECK_OK(h5x_dataset_write(words, NULL, NULL, "abcdefghijkl", NULL));
    h5x_close(words);

    file = conf_reopen(ctx, file, "types_convert", "r");
    REQUIRE(file);
    shorts = CHECK_PTR(h5x_open(file, "int16"));
    double reals[4];
    CHECK_OK(h5x_dataset_read(shorts, NULL, H5X_F64, reals, sizeof reals));
    CHECK_DOUBLES(reals, ((double[]){-32768, -1, 0, 32767}), 4);
    char text[4][3];
    CHECK_STATUS(h5x_dataset_read(shorts, NULL, s3, text, sizeof text), H5X_ERR_TYPE);
    CHECK(strstr(h5x_last_error()->message, "no conversion") != NULL);
    h5x_close(shorts);
    words = CHECK_PTR(h5x_open(file, "words"));
    int32_t numbers[4];
    CHECK_STATUS(h5x_dataset_read(words, NULL, H5X_I32, numbers, sizeof numbers), H5X_ERR_TYPE);
    h5x_close(words);
    h5x_close(s3);
    h5x_close(file);

    /* the converter itself, without storage */
    h5x_dtype *text_dtype = h5x_dtype_text();
    h5x_dtype *s5 = h5x_dtype_parse("S5");
    char *in[2] = {"hi", "worlds"};
    char fixed[10];
    CHECK_OK(h5x_dtype_convert(text_dtype, in, s5, fixed, 2));
    CHECK_BYTES(fixed, "hi\0\0\0world", 10);
    char *back[2] = {NULL, NULL};
    CHECK_OK(h5x_dtype_convert(s5, fixed, text_dtype, back, 2));
    CHECK_STR(back[0], "hi");
    CHECK_STR(back[1], "world");
    h5x_reclaim(text_dtype, back, 2);
    CHECK_STATUS(h5x_dtype_convert(text_dtype, NULL, H5X_I32, NULL, 0), H5X_ERR_TYPE);
    /* text cut to fit a fixed UTF-8 string keeps whole characters */
    h5x_dtype *utf8_2 = h5x_dtype_string(H5X_CSET_UTF8, 2);
    char two[2];
    CHECK_OK(h5x_dtype_convert(text_dtype, (const char *[]){"h\xc3\xa9"}, utf8_2, two, 1));
    CHECK_BYTES(two, "h\0", 2);
    h5x_close(utf8_2);
    h5x_close(s5);
    h5x_close(text_dtype);
}

void conformance_types(conf_context *ctx)
{
    test_string_dtypes();
    test_composite_dtypes();
    if (!conf_require_write(ctx))
        return;
    test_fixed_strings(ctx);
    test_variable_strings(ctx);
    test_vlen(ctx);
    test_compound(ctx);
    test_compound_with_strings(ctx);
    test_enum(ctx);
    test_opaque(ctx);
    test_array(ctx);
    test_committed(ctx);
    test_conversions(ctx);
}
