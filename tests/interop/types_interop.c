/*
 * types_interop.c — the h5x half of the types interop test.
 *
 *   types_interop write FILE   writes the content below with h5x
 *   types_interop read FILE    reads FILE (written by h5py, by this
 *                              program, or copied by `h5x cp`) and checks
 *                              every dtype and value
 *
 * types_interop.py is the h5py half: it writes the same content with h5py
 * and checks a file this program wrote.  The content, in h5py's words:
 *
 *   f["s10"] = np.array([b"abc", b"hello"], dtype="S10")
 *   f["vstr"] = np.array(["a", "héllo", "€uro"], dtype=h5py.string_dtype())
 *   f["vbytes"] = np.array([b"ab", b"\xffcd"], dtype=h5py.string_dtype("ascii"))
 *   f["scalar_str"] = "just one"
 *   v = f.create_dataset("vlen_int", (3,), dtype=h5py.vlen_dtype("i4"))
 *   v[0] = [1, 2, 3]; v[1] = [1, 2, 3, 4, 5]                # v[2] stays empty
 *   f["cmp"] = np.array([(1, 2.5, (1, 2, 3), (0.5, 7)), (-4, -1.5, (4, 5, 6), (1.5, 8))],
 *                       dtype=[("a", "<i4"), ("b", "<f8"), ("c", "<i2", (3,)),
 *                              ("d", [("x", "<f4"), ("y", "u1")])])
 *   f["enum"] = np.array([0, 1, 2, 1], dtype=h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, "i1"))
 *   f["dt"] = np.array(["2019-09-22T17:38:30", "1970-01-01"], "M8[s]").astype(h5py.opaque_dtype("M8[s]"))
 *   f["test"] = np.arange(125, dtype="f4").reshape(5, 5, 5)
 *   f["test"].attrs["attribute_name"] = np.void(b"Hello\x00Hello\x00")
 *   f.attrs["text"] = "héllo"; f.attrs["bytes"] = b"bytes"; f.attrs["fixed"] = np.bytes_("xyz")
 *   f["named"] = np.dtype("<i8")
 *   f.create_dataset("uses_named", data=np.array([5, 6], "<i8"), dtype=f["named"])
 *   f["people"] = np.array([("ann", 1), ("bo", 2)], dtype=[("name", h5py.string_dtype()), ("id", "<i4")])
 *
 * Exit status 0 when every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define HELLO "h\xc3\xa9llo"     /* "héllo" */
#define EURO "\xe2\x82\xacuro"   /* "€uro" */
#define DATETIME 1569173910      /* 2019-09-22T17:38:30 */

/* Offsets of NumPy's packed structured dtype. */
enum { CMP_A = 0, CMP_B = 4, CMP_C = 12, CMP_D = 18, CMP_SIZE = 23, INNER_SIZE = 5 };
enum { PEOPLE_NAME = 0, PEOPLE_ID = 8, PEOPLE_SIZE = 12 };

static h5x_dtype *cmp_dtype(void)
{
    h5x_dtype *inner = h5x_dtype_compound(INNER_SIZE);
    h5x_dtype_compound_insert(inner, "x", 0, h5x_predefined("<f4"));
    h5x_dtype_compound_insert(inner, "y", 4, H5X_U8);
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_dtype *triple = h5x_dtype_array(h5x_predefined("<i2"), &three);
    h5x_dtype *dtype = h5x_dtype_compound(CMP_SIZE);
    h5x_dtype_compound_insert(dtype, "a", CMP_A, h5x_predefined("<i4"));
    h5x_dtype_compound_insert(dtype, "b", CMP_B, h5x_predefined("<f8"));
    h5x_dtype_compound_insert(dtype, "c", CMP_C, triple);
    h5x_dtype_compound_insert(dtype, "d", CMP_D, inner);
    h5x_close(inner);
    h5x_close(triple);
    return dtype;
}

static h5x_dtype *enum_dtype(void)
{
    h5x_dtype *dtype = h5x_dtype_enum(H5X_I8);
    h5x_dtype_enum_insert(dtype, "RED", 0);
    h5x_dtype_enum_insert(dtype, "GREEN", 1);
    h5x_dtype_enum_insert(dtype, "BLUE", 2);
    return dtype;
}

static h5x_dtype *people_dtype(void)
{
    h5x_dtype *name = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    h5x_dtype *dtype = h5x_dtype_compound(PEOPLE_SIZE);
    h5x_dtype_compound_insert(dtype, "name", PEOPLE_NAME, name);
    h5x_dtype_compound_insert(dtype, "id", PEOPLE_ID, h5x_predefined("<i4"));
    h5x_close(name);
    return dtype;
}

static void put_cmp(unsigned char *element, int32_t a, double b, const int16_t c[3], float x, uint8_t y)
{
    memcpy(element + CMP_A, &a, 4);
    memcpy(element + CMP_B, &b, 8);
    memcpy(element + CMP_C, c, 6);
    memcpy(element + CMP_D, &x, 4);
    element[CMP_D + 4] = y;
}

static void little_endian_i64(int64_t value, unsigned char *out)
{
    for (int k = 0; k < 8; k++)
        out[k] = (unsigned char)((uint64_t)value >> (8 * k));
}

/* ------------------------------------------------------------------ write */

static h5x_object *create(h5x_object *file, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                          const void *data)
{
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    return CHECK_PTR(h5x_dataset_create(file, name, dtype, shape, &options));
}

static void write_content(const char *path)
{
    harness_case("write the content with h5x");
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(path, "w", NULL));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3}), four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_shape scalar = h5x_shape_scalar();
    h5x_dtype *text = h5x_dtype_text();
    h5x_dtype *s10 = h5x_dtype_parse("S10");
    h5x_close(create(file, "s10", s10, &two, "abc\0\0\0\0\0\0\0hello\0\0\0\0\0"));

    /* text goes in as text: checked, stored as h5py's str */
    h5x_dtype *utf8 = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    h5x_object *vstr = create(file, "vstr", utf8, &three, NULL);
    CHECK_OK(h5x_dataset_write(vstr, NULL, text, (const char *[]){"a", HELLO, EURO}, NULL));
    h5x_close(vstr);
    h5x_dtype *ascii = h5x_dtype_string(H5X_CSET_ASCII, H5X_VARIABLE);
    h5x_close(create(file, "vbytes", ascii, &two, (const char *[]){"ab", "\xff" "cd"}));
    h5x_close(create(file, "scalar_str", text, &scalar, (const char *[]){"just one"}));

    h5x_dtype *ragged = h5x_dtype_vlen(h5x_predefined("<i4"));
    h5x_object *vlen = create(file, "vlen_int", ragged, &three, NULL);
    h5x_vlen element = {3, (int32_t[]){1, 2, 3}};
    CHECK_OK(h5x_dataset_write_text(vlen, "0", NULL, &element, NULL));
    element = (h5x_vlen){5, (int32_t[]){1, 2, 3, 4, 5}};
    CHECK_OK(h5x_dataset_write_text(vlen, "1", NULL, &element, NULL));
    h5x_close(vlen);

    h5x_dtype *cmp = cmp_dtype();
    unsigned char records[2][CMP_SIZE];
    put_cmp(records[0], 1, 2.5, (int16_t[]){1, 2, 3}, 0.5f, 7);
    put_cmp(records[1], -4, -1.5, (int16_t[]){4, 5, 6}, 1.5f, 8);
    h5x_close(create(file, "cmp", cmp, &two, records));

    h5x_dtype *colours = enum_dtype();
    h5x_close(create(file, "enum", colours, &four, (int8_t[]){0, 1, 2, 1}));

    h5x_dtype *when = h5x_dtype_parse("<M8[s]");
    unsigned char seconds[16];
    little_endian_i64(DATETIME, seconds);
    little_endian_i64(0, seconds + 8);
    h5x_close(create(file, "dt", when, &two, seconds));

    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){5, 5, 5});
    float ramp[125];
    for (int i = 0; i < 125; i++)
        ramp[i] = (float)i;
    h5x_object *test = create(file, "test", h5x_predefined("<f4"), &cube, ramp);
    h5x_dtype *blob = h5x_dtype_parse("V12");
    CHECK_OK(h5x_attr_set(test, "attribute_name", blob, NULL, "Hello\0Hello\0"));
    h5x_close(test);

    CHECK_OK(h5x_attr_set(file, "text", text, NULL, (const char *[]){HELLO}));
    CHECK_OK(h5x_attr_set(file, "bytes", ascii, NULL, (const char *[]){"bytes"}));
    h5x_dtype *s3 = h5x_dtype_parse("S3");
    CHECK_OK(h5x_attr_set(file, "fixed", s3, NULL, "xyz"));

    h5x_object *named = CHECK_PTR(h5x_datatype_commit(file, "named", h5x_predefined("<i8")));
    h5x_dtype *committed = named ? h5x_datatype_dtype(named) : NULL;
    h5x_close(named);
    if (CHECK(committed != NULL)) {
        int64_t values[2] = {5, 6};
        h5x_close(create(file, "uses_named", committed, &two, values));
    }
    h5x_close(committed);

    h5x_dtype *people = people_dtype();
    unsigned char rows[2][PEOPLE_SIZE];
    const char *names[2] = {"ann", "bo"};
    for (int i = 0; i < 2; i++) {
        int32_t id = i + 1;
        memcpy(rows[i] + PEOPLE_NAME, &names[i], sizeof(char *));
        memcpy(rows[i] + PEOPLE_ID, &id, 4);
    }
    h5x_close(create(file, "people", people, &two, rows));

    h5x_close(people);
    h5x_close(s3);
    h5x_close(blob);
    h5x_close(when);
    h5x_close(colours);
    h5x_close(cmp);
    h5x_close(ragged);
    h5x_close(ascii);
    h5x_close(utf8);
    h5x_close(s10);
    h5x_close(text);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------------------- read */

static void check_dtype_at(h5x_object *dataset, const h5x_dtype *want, const char *file, int line)
{
    h5x_dtype *got = h5x_dataset_dtype(dataset);
    char *got_text = got ? h5x_dtype_to_string(got) : NULL;
    char *want_text = h5x_dtype_to_string(want);
    harness_check(got && h5x_dtype_equal(got, want) == 1, file, line, "dtype", "got %s, expected %s",
                  got_text ? got_text : "(none)", want_text ? want_text : "?");
    h5x_free(got_text);
    h5x_free(want_text);
    h5x_close(got);
}
#define CHECK_DTYPE(dataset, want) check_dtype_at((dataset), (want), __FILE__, __LINE__)

static void check_strings_at(char **got, const char *const *want, size_t n, const char *file, int line)
{
    for (size_t i = 0; i < n; i++)
        harness_check(got[i] && strcmp(got[i], want[i]) == 0, file, line, "strings",
                      "string %zu: got \"%s\", expected \"%s\"", i, got[i] ? got[i] : "(null)", want[i]);
}
#define CHECK_STRINGS(got, want, n) check_strings_at((got), (want), (n), __FILE__, __LINE__)

static void read_strings(h5x_object *file)
{
    harness_case("strings: fixed, variable UTF-8 and ASCII, scalar, attributes");
    h5x_dtype *text = h5x_dtype_text();
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "s10"));
    h5x_dtype *s10 = h5x_dtype_parse("S10");
    CHECK_DTYPE(dataset, s10);
    char raw[20];
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, raw, sizeof raw));
    CHECK_BYTES(raw, "abc\0\0\0\0\0\0\0hello\0\0\0\0\0", 20);
    char *strings[3] = {0};
    CHECK_OK(h5x_dataset_read(dataset, NULL, text, strings, 2 * sizeof(char *)));
    CHECK_STRINGS(strings, ((const char *[]){"abc", "hello"}), 2);
    h5x_reclaim(text, strings, 2);
    h5x_close(dataset);
    h5x_close(s10);

    h5x_dtype *utf8 = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    dataset = CHECK_PTR(h5x_open(file, "vstr"));
    CHECK_DTYPE(dataset, utf8);
    CHECK_OK(h5x_dataset_read(dataset, NULL, text, strings, sizeof strings));
    CHECK_STRINGS(strings, ((const char *[]){"a", HELLO, EURO}), 3);
    h5x_reclaim(text, strings, 3);
    h5x_close(dataset);

    h5x_dtype *ascii = h5x_dtype_string(H5X_CSET_ASCII, H5X_VARIABLE);
    dataset = CHECK_PTR(h5x_open(file, "vbytes"));
    CHECK_DTYPE(dataset, ascii);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, strings, 2 * sizeof(char *)));
    CHECK_STRINGS(strings, ((const char *[]){"ab", "\xff" "cd"}), 2);
    h5x_reclaim(ascii, strings, 2);
    /* the stored bytes are not ASCII: text refuses them, as asstr() does */
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, text, strings, 2 * sizeof(char *)), H5X_ERR_TYPE);
    h5x_close(dataset);

    dataset = CHECK_PTR(h5x_open(file, "scalar_str"));
    CHECK_DTYPE(dataset, utf8);
    CHECK_OK(h5x_dataset_read(dataset, NULL, text, strings, sizeof(char *)));
    CHECK_STR(strings[0], "just one");
    h5x_reclaim(text, strings, 1);
    h5x_close(dataset);

    h5x_dtype *attr_dtype = NULL;
    CHECK_OK(h5x_attr_info(file, "text", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, utf8), 1);
    h5x_close(attr_dtype);
    CHECK_OK(h5x_attr_get(file, "text", text, strings, sizeof(char *)));
    CHECK_STR(strings[0], HELLO);
    h5x_reclaim(text, strings, 1);
    CHECK_OK(h5x_attr_info(file, "bytes", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, ascii), 1);
    h5x_close(attr_dtype);
    CHECK_OK(h5x_attr_get(file, "bytes", NULL, strings, sizeof(char *)));
    CHECK_STR(strings[0], "bytes");
    h5x_reclaim(ascii, strings, 1);
    h5x_dtype *s3 = h5x_dtype_parse("S3");
    CHECK_OK(h5x_attr_info(file, "fixed", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, s3), 1);
    h5x_close(attr_dtype);
    char fixed[3];
    CHECK_OK(h5x_attr_get(file, "fixed", NULL, fixed, sizeof fixed));
    CHECK_BYTES(fixed, "xyz", 3);
    h5x_close(s3);
    h5x_close(ascii);
    h5x_close(utf8);
    h5x_close(text);
}

static void read_vlen(h5x_object *file)
{
    harness_case("vlen_dtype(int32): ragged rows");
    h5x_dtype *ragged = h5x_dtype_vlen(h5x_predefined("<i4"));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "vlen_int"));
    CHECK_DTYPE(dataset, ragged);
    h5x_vlen rows[3];
    memset(rows, 0, sizeof rows);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, rows, sizeof rows));
    CHECK_UINT(rows[0].length, 3);
    CHECK_UINT(rows[1].length, 5);
    CHECK_UINT(rows[2].length, 0);
    if (rows[1].length == 5)
        CHECK_BYTES(rows[1].data, ((int32_t[]){1, 2, 3, 4, 5}), 20);
    h5x_reclaim(ragged, rows, 3);
    h5x_dtype *wide = h5x_dtype_vlen(H5X_I64);
    CHECK_OK(h5x_dataset_read_text(dataset, "0", wide, rows, sizeof(h5x_vlen)));
    if (CHECK(rows[0].length == 3))
        CHECK_INTS((int64_t *)rows[0].data, ((int64_t[]){1, 2, 3}), 3);
    h5x_reclaim(wide, rows, 1);
    h5x_close(wide);
    h5x_close(dataset);
    h5x_close(ragged);
}

static void read_compound_enum_opaque(h5x_object *file)
{
    harness_case("compound with array and nested members, enum, datetime64, np.void");
    h5x_dtype *cmp = cmp_dtype();
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "cmp"));
    CHECK_DTYPE(dataset, cmp);
    unsigned char records[2][CMP_SIZE], want[2][CMP_SIZE];
    put_cmp(want[0], 1, 2.5, (int16_t[]){1, 2, 3}, 0.5f, 7);
    put_cmp(want[1], -4, -1.5, (int16_t[]){4, 5, 6}, 1.5f, 8);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, records, sizeof records));
    CHECK_BYTES(records, want, sizeof records);
    const char *b[] = {"b"};
    h5x_dtype *field = h5x_dtype_fields(cmp, b, 1);
    double bs[2];
    CHECK_OK(h5x_dataset_read(dataset, NULL, field, bs, sizeof bs));
    CHECK_DOUBLES(bs, ((double[]){2.5, -1.5}), 2);
    h5x_close(field);
    h5x_close(dataset);
    h5x_close(cmp);

    h5x_dtype *colours = enum_dtype();
    dataset = CHECK_PTR(h5x_open(file, "enum"));
    CHECK_DTYPE(dataset, colours);
    int64_t values[4];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, values, sizeof values));
    CHECK_INTS(values, ((int64_t[]){0, 1, 2, 1}), 4);
    h5x_close(dataset);
    h5x_close(colours);

    h5x_dtype *when = h5x_dtype_parse("<M8[s]");
    dataset = CHECK_PTR(h5x_open(file, "dt"));
    CHECK_DTYPE(dataset, when);
    unsigned char seconds[16], want_seconds[16];
    little_endian_i64(DATETIME, want_seconds);
    little_endian_i64(0, want_seconds + 8);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, seconds, sizeof seconds));
    CHECK_BYTES(seconds, want_seconds, 16);
    h5x_close(dataset);
    h5x_close(when);

    h5x_object *test = CHECK_PTR(h5x_open(file, "test"));
    h5x_dtype *blob = h5x_dtype_parse("V12");
    h5x_dtype *attr_dtype = NULL;
    CHECK_OK(h5x_attr_info(test, "attribute_name", NULL, &attr_dtype));
    CHECK_INT(h5x_dtype_equal(attr_dtype, blob), 1);
    h5x_close(attr_dtype);
    char bytes[12];
    CHECK_OK(h5x_attr_get(test, "attribute_name", NULL, bytes, sizeof bytes));
    CHECK_BYTES(bytes, "Hello\0Hello\0", 12);
    h5x_close(blob);
    h5x_close(test);
}

static void read_committed_and_people(h5x_object *file)
{
    harness_case("committed datatype, and a compound with a string field");
    h5x_object *named = CHECK_PTR(h5x_open(file, "named"));
    if (named) {
        CHECK_INT(h5x_object_get_kind(named), H5X_KIND_DATATYPE);
        h5x_dtype *dtype = CHECK_PTR(h5x_datatype_dtype(named));
        CHECK_INT(h5x_dtype_equal(dtype, h5x_predefined("<i8")), 1);
        h5x_close(dtype);
        h5x_close(named);
    }
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "uses_named"));
    int64_t values[2];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, values, sizeof values));
    CHECK_INTS(values, ((int64_t[]){5, 6}), 2);
    h5x_close(dataset);

    h5x_dtype *people = people_dtype();
    dataset = CHECK_PTR(h5x_open(file, "people"));
    CHECK_DTYPE(dataset, people);
    unsigned char rows[2][PEOPLE_SIZE];
    memset(rows, 0, sizeof rows);
    CHECK_OK(h5x_dataset_read(dataset, NULL, NULL, rows, sizeof rows));
    for (int i = 0; i < 2; i++) {
        char *name;
        int32_t id;
        memcpy(&name, rows[i] + PEOPLE_NAME, sizeof name);
        memcpy(&id, rows[i] + PEOPLE_ID, 4);
        CHECK_STR(name, i == 0 ? "ann" : "bo");
        CHECK_INT(id, i + 1);
    }
    h5x_reclaim(people, rows, 2);
    h5x_close(dataset);
    h5x_close(people);
}

static void read_content(const char *path)
{
    harness_section("types");
    harness_case("open");
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(path, "r", NULL));
    read_strings(file);
    read_vlen(file);
    read_compound_enum_opaque(file);
    read_committed_and_people(file);
    h5x_close(file);
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: types_interop write|read FILE\n");
        return 2;
    }
    if (strcmp(argv[1], "write") == 0) {
        harness_section("types");
        write_content(argv[2]);
    } else {
        read_content(argv[2]);
    }
    return harness_finish();
}
