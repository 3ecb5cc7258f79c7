/*
 * fixture.c — the files and handles the bad-input cases aim at, and the
 * digest that proves a refused call wrote nothing.
 *
 * The digest covers two views of the files.  Through the public API: every
 * link (kind and target), every object's kind, every dataset's and
 * attribute's shape, dtype and values (variable-length ones by their
 * dtype and shape only, since their bytes in memory are pointers).  And on
 * disk: the bytes of both files after a flush.  A call that changed
 * anything, even something the API does not show, changes one of the two.
 */
#include "badinput.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fixture *F;

/* ------------------------------------------------------------- building */

static int fail(const char *what)
{
    const h5x_error_info *e = h5x_last_error();
    fprintf(stderr, "fixture: %s failed: %s (%s)\n", what, e->message, h5x_strerror(e->code));
    return -1;
}

#define NEED(expression, what)      \
    do {                            \
        if (!(expression))          \
            return fail(what);      \
    } while (0)

/* The same small tree in the file under test and in the read-only file. */
static int fill_common(h5x_object *file, h5x_object **group, h5x_object **dataset)
{
    int32_t values[20];
    for (int i = 0; i < 20; i++)
        values[i] = i;
    h5x_shape shape = h5x_shape_of(2, (const uint64_t[]){4, 5});
    NEED(*group = h5x_group_create(file, "/g", NULL), "creating /g");
    NEED(*dataset = h5x_dataset_create(file, "/g/d", H5X_I32, &shape, NULL), "creating /g/d");
    NEED(h5x_dataset_write(*dataset, NULL, H5X_I32, values, NULL) == 0, "writing /g/d");
    double a = 1.5;
    NEED(h5x_attr_set(*dataset, "a", H5X_F64, NULL, &a) == 0, "setting /g/d.a");
    h5x_shape three = h5x_shape_of(1, (const uint64_t[]){3});
    NEED(h5x_attr_set(*group, "v", H5X_I32, &three, values) == 0, "setting /g.v");
    h5x_shape null_shape = h5x_shape_null();
    NEED(h5x_attr_set(*group, "empty", H5X_F32, &null_shape, NULL) == 0, "setting /g.empty");
    return 0;
}

static int build_file(fixture *f)
{
    h5x_object *file = f->file;
    NEED(fill_common(file, &f->group, &f->dataset) == 0, "the common tree");
    h5x_shape scalar = h5x_shape_scalar();
    double s = 2.5;
    NEED(f->scalar = h5x_dataset_create(file, "/s", H5X_F64, &scalar, NULL), "creating /s");
    NEED(h5x_dataset_write(f->scalar, NULL, H5X_F64, &s, NULL) == 0, "writing /s");
    h5x_shape four = h5x_shape_of(1, (const uint64_t[]){4});
    int32_t axis[4] = {10, 11, 12, 13};
    NEED(f->scale = h5x_dataset_create(file, "/x", H5X_I32, &four, NULL), "creating /x");
    NEED(h5x_dataset_write(f->scale, NULL, H5X_I32, axis, NULL) == 0, "writing /x");
    NEED(h5x_dim_make_scale(f->scale, "x") == 0, "making /x a scale");
    NEED(h5x_dim_attach_scale(f->dataset, 0, f->scale) == 0, "attaching /x");
    NEED(h5x_dim_set_label(f->dataset, 1, "columns") == 0, "labelling /g/d");
    h5x_shape null_shape = h5x_shape_null();
    NEED(f->empty = h5x_dataset_create(file, "/empty", H5X_F32, &null_shape, NULL), "creating /empty");
    h5x_shape unlimited = h5x_shape_of(1, (const uint64_t[]){H5X_UNLIMITED});
    h5x_dataset_options grow = H5X_DATASET_OPTIONS_INIT;
    grow.maxshape = &unlimited;
    grow.chunks = &four;
    grow.data = axis;
    NEED(f->growable = h5x_dataset_create(file, "/grow", H5X_I32, &four, &grow), "creating /grow");
    h5x_shape two = h5x_shape_of(1, (const uint64_t[]){2});
    unsigned char records[32] = {0};
    NEED(f->records = h5x_dataset_create(file, "/c", f->compound, &two, NULL), "creating /c");
    NEED(h5x_dataset_write(f->records, NULL, f->compound, records, NULL) == 0, "writing /c");
    NEED(f->committed = h5x_datatype_commit(file, "/t", H5X_I16), "committing /t");
    NEED(h5x_link_soft(file, "/soft", "/g/d") == 0, "linking /soft");
    NEED(h5x_object_ref(f->dataset, &f->object_ref) == 0, "referring to /g/d");
    h5x_selection *region = h5x_selection_parse("0:2, 1:3");
    NEED(region, "parsing a region");
    int rc = h5x_region_ref(f->dataset, region, &f->region_ref);
    h5x_close(region);
    NEED(rc == 0, "a region reference");
    return 0;
}

static int build_read_only(fixture *f)
{
    char uri[2400];
    snprintf(uri, sizeof uri, "native:%s", f->ro_path);
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    NEED(file, "creating the read-only file");
    h5x_object *group = NULL, *dataset = NULL;
    int rc = fill_common(file, &group, &dataset);
    h5x_close(dataset);
    h5x_close(group);
    h5x_close(file);
    if (rc != 0)
        return rc;
    snprintf(uri, sizeof uri, "%s:%s", f->is_core ? "core;backing_store=1" : "native", f->ro_path);
    NEED(f->ro_file = h5x_file_open(uri, "r", NULL), "opening the read-only file");
    NEED(f->ro_dataset = h5x_open(f->ro_file, "/g/d"), "opening /g/d read-only");
    return 0;
}

static int build_dtypes(fixture *f)
{
    NEED(f->compound = h5x_dtype_compound(16), "a compound");
    NEED(h5x_dtype_compound_insert(f->compound, "a", 0, H5X_I32) == 0, "compound member a");
    NEED(h5x_dtype_compound_insert(f->compound, "b", 8, H5X_F64) == 0, "compound member b");
    NEED(f->enumeration = h5x_dtype_enum(H5X_I8), "an enum");
    NEED(h5x_dtype_enum_insert(f->enumeration, "RED", 0) == 0, "enum RED");
    NEED(h5x_dtype_enum_insert(f->enumeration, "GREEN", 1) == 0, "enum GREEN");
    NEED(f->vlen = h5x_dtype_vlen(H5X_I32), "a vlen");
    NEED(f->fixed_string = h5x_dtype_string(H5X_CSET_ASCII, 8), "a fixed string");
    NEED(f->text = h5x_dtype_text(), "the text dtype");
    NEED(f->own_i4 = h5x_dtype_parse("i4"), "an i4");
    NEED(f->everything = h5x_selection_parse("..."), "selection ...");
    NEED(f->out_of_range = h5x_selection_parse("9, 0"), "selection 9, 0");
    NEED(f->three_axes = h5x_selection_parse("1, 2, 3"), "selection 1, 2, 3");
    return 0;
}

int fixture_open(fixture *f, const char *connector, const char *directory)
{
    memset(f, 0, sizeof *f);
    F = f;
    f->connector = connector;
    f->is_core = strcmp(connector, "core") == 0;
    snprintf(f->directory, sizeof f->directory, "%s", directory);
    snprintf(f->path, sizeof f->path, "%s/badinput-%s.h5", directory, connector);
    snprintf(f->ro_path, sizeof f->ro_path, "%s/badinput-%s-ro.h5", directory, connector);
    snprintf(f->missing_path, sizeof f->missing_path, "%s/no-such-dir/missing.h5", directory);
    /* the core connector with a backing store, so that its file, too, is
     * on disk to be compared byte for byte */
    snprintf(f->uri, sizeof f->uri, "%s:%s", f->is_core ? "core;backing_store=1" : "native", f->path);
    f->shape_4x5 = h5x_shape_of(2, (const uint64_t[]){4, 5});
    f->shape_3 = h5x_shape_of(1, (const uint64_t[]){3});
    f->shape_7 = h5x_shape_of(1, (const uint64_t[]){7});
    f->shape_2x2 = h5x_shape_of(2, (const uint64_t[]){2, 2});
    f->shape_zero_dim = h5x_shape_of(2, (const uint64_t[]){4, 0});
    f->shape_rank33.rank = H5X_MAX_RANK + 1;
    f->shape_rank_minus2.rank = -2;
    memset(f->garbage_ref.bytes, 0xA5, sizeof f->garbage_ref.bytes);
    f->garbage_ref.bytes[0] = 9;
    if (build_dtypes(f) != 0)
        return -1;
    remove(f->path);
    remove(f->ro_path);
    NEED(f->file = h5x_file_open(f->uri, "w", NULL), "creating the file under test");
    if (build_file(f) != 0 || build_read_only(f) != 0)
        return -1;
    return 0;
}

void fixture_close(fixture *f)
{
    h5x_object *objects[] = {f->ro_dataset, f->ro_file, f->committed, f->records, f->growable, f->empty,
                             f->scale, f->scalar, f->dataset, f->group, f->file};
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        h5x_close(objects[i]);
    void *others[] = {f->compound, f->enumeration, f->vlen, f->fixed_string, f->text, f->own_i4,
                      f->everything, f->out_of_range, f->three_axes};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        h5x_close(others[i]);
    remove(f->path);
    remove(f->ro_path);
}

/* ------------------------------------------------------- closed handles */

h5x_object *closed_dataset(void)
{
    h5x_object *d = h5x_open(F->file, "/g/d");
    h5x_close(d);
    return d;
}

h5x_object *closed_group(void)
{
    h5x_object *g = h5x_open(F->file, "/g");
    h5x_close(g);
    return g;
}

h5x_object *closed_file(void)
{
    h5x_object *f = h5x_object_file(F->dataset);
    h5x_close(f);
    return f;
}

h5x_dtype *closed_dtype(void)
{
    h5x_dtype *t = h5x_dtype_parse("<i4");
    h5x_close(t);
    return t;
}

h5x_selection *closed_selection(void)
{
    h5x_selection *s = h5x_selection_parse("0, 1");
    h5x_close(s);
    return s;
}

/* -------------------------------------------------------------- results */

int LAST(void)
{
    return h5x_last_error()->code;
}

int H(void *handle)
{
    if (!handle)
        return LAST();
    h5x_close(handle);
    return 1;
}

int S(char *text)
{
    if (!text)
        return LAST();
    h5x_free(text);
    return 1;
}

int Z(uint64_t value)
{
    return value == 0 ? LAST() : 1;
}

int OK(int condition)
{
    return condition ? 0 : 1;
}

/* --------------------------------------------------------------- digest */

static void mix(uint64_t *h, const void *data, size_t size)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < size; i++) {
        *h ^= p[i];
        *h *= UINT64_C(0x100000001b3);
    }
}

static void mix_text(uint64_t *h, const char *text)
{
    mix(h, text ? text : "(null)", strlen(text ? text : "(null)") + 1);
}

static int mix_file_bytes(uint64_t *h, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return -1;
    unsigned char block[4096];
    size_t n;
    while ((n = fread(block, 1, sizeof block, in)) > 0)
        mix(h, block, n);
    fclose(in);
    return 0;
}

/* 1 when a dtype's elements hold pointers (their bytes are not content). */
static int holds_pointers(const h5x_dtype *dtype)
{
    if (h5x_dtype_get_class(dtype) == H5X_CLASS_VLEN)
        return 1;
    size_t length = 0;
    if (h5x_dtype_string_info(dtype, NULL, &length, NULL) == 1 && length == H5X_VARIABLE)
        return 1;
    char *spelled = h5x_dtype_to_string(dtype);
    int compound_with_pointers = spelled && (strstr(spelled, "vlen") || strstr(spelled, "str"));
    h5x_free(spelled);
    return compound_with_pointers;
}

static int mix_attributes(uint64_t *h, h5x_object *object)
{
    char **names = NULL;
    size_t count = 0;
    if (h5x_attr_names(object, H5X_ORDER_NAME, &names, &count) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        int status = h5x_attr_info(object, names[i], &shape, &dtype);
        if (status < 0) {
            /* an attribute h5x cannot describe (libhdf5's dimension-scale
             * back references, in a native file) counts by its name and
             * the answer, which must not change either */
            mix_text(h, names[i]);
            mix(h, &status, sizeof status);
            continue;
        }
        char *spelled = h5x_dtype_to_string(dtype);
        mix_text(h, names[i]);
        mix_text(h, spelled);
        mix(h, &shape.rank, sizeof shape.rank);
        mix(h, shape.dims, sizeof shape.dims[0] * (size_t)(shape.rank > 0 ? shape.rank : 0));
        h5x_free(spelled);
        size_t bytes = (size_t)h5x_shape_size(&shape) * h5x_dtype_size(dtype);
        if (bytes > 0 && !holds_pointers(dtype)) {
            void *values = calloc(1, bytes);
            if (!values || h5x_attr_get(object, names[i], NULL, values, bytes) < 0)
                rc = -1;
            else
                mix(h, values, bytes);
            free(values);
        }
        h5x_close(dtype);
    }
    h5x_free_names(names, count);
    return rc;
}

static int mix_dataset(uint64_t *h, h5x_object *dataset)
{
    h5x_shape shape;
    h5x_dtype *dtype = h5x_dataset_dtype(dataset);
    if (!dtype || h5x_dataset_shape(dataset, &shape) < 0) {
        h5x_close(dtype);
        return -1;
    }
    char *spelled = h5x_dtype_to_string(dtype);
    mix_text(h, spelled);
    h5x_free(spelled);
    mix(h, &shape.rank, sizeof shape.rank);
    mix(h, shape.dims, sizeof shape.dims[0] * (size_t)(shape.rank > 0 ? shape.rank : 0));
    int rc = 0;
    size_t bytes = (size_t)h5x_shape_size(&shape) * h5x_dtype_size(dtype);
    if (bytes > 0 && !holds_pointers(dtype)) {
        void *values = calloc(1, bytes);
        if (!values || h5x_dataset_read(dataset, NULL, NULL, values, bytes) < 0)
            rc = -1;
        else
            mix(h, values, bytes);
        free(values);
    }
    h5x_close(dtype);
    return rc;
}

static int mix_group(uint64_t *h, h5x_object *group, int depth)
{
    if (depth > 8)
        return 0;
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(group, H5X_ORDER_NAME, &names, &count) < 0)
        return -1;
    int rc = mix_attributes(h, group);
    for (size_t i = 0; i < count && rc == 0; i++) {
        mix_text(h, names[i]);
        h5x_link_info link = {0};
        if (h5x_link_get_info(group, names[i], &link) < 0) {
            rc = -1;
            break;
        }
        mix(h, &link.kind, sizeof link.kind);
        mix_text(h, link.target_path);
        mix_text(h, link.target_file);
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        if (link.kind != H5X_LINK_HARD)
            continue;
        h5x_object *child = h5x_open(group, names[i]);
        if (!child) {
            rc = -1;
            break;
        }
        h5x_object_kind kind = h5x_object_get_kind(child);
        mix(h, &kind, sizeof kind);
        if (kind == H5X_KIND_GROUP)
            rc = mix_group(h, child, depth + 1);
        else if (kind == H5X_KIND_DATASET)
            rc = mix_dataset(h, child) == 0 ? mix_attributes(h, child) : -1;
        h5x_close(child);
    }
    h5x_free_names(names, count);
    return rc;
}

int fixture_digest(fixture *f, uint64_t *digest)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    /* the walk must not itself leave an error behind for the runner to see */
    int rc = h5x_file_flush(f->file) < 0 ? -1 : 0;
    if (rc == 0)
        rc = mix_group(&h, f->file, 0);
    if (rc == 0)
        rc = mix_group(&h, f->ro_file, 0);
    if (rc == 0)
        rc = mix_file_bytes(&h, f->path);
    if (rc == 0)
        rc = mix_file_bytes(&h, f->ro_path);
    if (rc != 0)
        fprintf(stderr, "fixture: reading the files back failed: %s\n", h5x_last_error()->message);
    h5x_clear_error();
    *digest = h;
    return rc;
}
