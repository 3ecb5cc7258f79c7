/*
 * test_native_direct_read.c — the native connector's direct read path
 * against what was written, and against libhdf5's own reading where the
 * path must stand aside.
 *
 *   test_native_direct_read DIRECTORY
 *
 * A contiguous dataset of a read-only file, read into its own type, is
 * read with pread rather than H5Dread (native_direct_read.c).  Every case
 * here writes values, reopens the file for reading and compares what comes
 * back with a model of the selection computed in this program: every
 * numeric type, ranks 1 to 4, ranges with steps, index lists, single
 * indices, small blocks of wide arrays and spans larger than the scratch
 * buffer.  Then the cases the path must refuse or survive: big-endian
 * stored types read as native ones, a user block in front of the data,
 * datasets never written (fill values), the same file open for writing in
 * this process, a SWMR reader, and a file cut short after it was opened.
 *
 * Which way a read went is told from the outside: after a first read of a
 * dataset's first element, that element's first byte is changed on disk
 * behind libhdf5's back.  A direct read of a dataset larger than libhdf5's
 * sieve buffer sees the change at once; H5Dread answers from the 64 KiB
 * window of the file its first read put in the sieve buffer, so it does
 * not.  That is how the cases check that the path is taken where it should
 * be and nowhere else.  (A dataset that fits the sieve buffer is read whole
 * and kept by both ways, which is why those cases use larger datasets.)
 */
#include <fcntl.h>
#include <hdf5.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5x.h"
#include "harness.h"
#include "native_test.h"

/* ------------------------------------------------------------ the model */

/* One axis of a selection, as the test builds it and as it models it. */
typedef enum axis_kind { AXIS_ALL, AXIS_INDEX, AXIS_SLICE, AXIS_LIST } axis_kind;

typedef struct axis_spec {
    axis_kind kind;
    int64_t start, stop, step; /* AXIS_INDEX: start; AXIS_SLICE: all three */
    int64_t list[8];
    size_t count;              /* AXIS_LIST */
} axis_spec;

#define ALL {AXIS_ALL, 0, 0, 0, {0}, 0}
#define INDEX(i) {AXIS_INDEX, (i), 0, 0, {0}, 0}
#define SLICE(a, b, s) {AXIS_SLICE, (a), (b), (s), {0}, 0}
#define LIST(n, ...) {AXIS_LIST, 0, 0, 0, {__VA_ARGS__}, (n)}

static h5x_selection *build_selection(const axis_spec *axes, int rank)
{
    h5x_selection *sel = h5x_selection_new();
    for (int a = 0; sel && a < rank; a++) {
        const axis_spec *s = &axes[a];
        int status = 0;
        switch (s->kind) {
        case AXIS_ALL:
            status = h5x_selection_add_slice(sel, H5X_NONE, H5X_NONE, H5X_NONE);
            break;
        case AXIS_INDEX:
            status = h5x_selection_add_index(sel, s->start);
            break;
        case AXIS_SLICE:
            status = h5x_selection_add_slice(sel, s->start, s->stop, s->step);
            break;
        case AXIS_LIST:
            status = h5x_selection_add_list(sel, s->list, s->count);
            break;
        }
        if (status < 0) {
            h5x_close(sel);
            return NULL;
        }
    }
    return sel;
}

/* The indices an axis spec selects on an axis of length n. */
static size_t axis_indices(const axis_spec *s, uint64_t n, uint64_t *out)
{
    size_t count = 0;
    switch (s->kind) {
    case AXIS_ALL:
        for (uint64_t i = 0; i < n; i++)
            out[count++] = i;
        break;
    case AXIS_INDEX:
        out[count++] = (uint64_t)s->start;
        break;
    case AXIS_SLICE:
        for (int64_t i = s->start; i < s->stop && (uint64_t)i < n; i += s->step)
            out[count++] = (uint64_t)i;
        break;
    case AXIS_LIST:
        for (size_t i = 0; i < s->count; i++)
            out[count++] = (uint64_t)s->list[i];
        break;
    }
    return count;
}

/* The selected elements of `full` (a C-ordered array of shape dims),
 * packed in C order into `out`; returns how many. */
static uint64_t model_read(const unsigned char *full, size_t size, const uint64_t *dims, int rank,
                           const axis_spec *axes, unsigned char *out)
{
    uint64_t *indices[4] = {NULL};
    size_t counts[4];
    uint64_t n = 0;
    for (int a = 0; a < rank; a++) {
        indices[a] = malloc((dims[a] + 8) * sizeof(uint64_t));
        if (!indices[a])
            goto done;
        counts[a] = axis_indices(&axes[a], dims[a], indices[a]);
        if (counts[a] == 0)
            goto done;
    }
    size_t at[4] = {0};
    for (;;) {
        uint64_t linear = 0;
        for (int a = 0; a < rank; a++)
            linear = linear * dims[a] + indices[a][at[a]];
        memcpy(out + n * size, full + linear * size, size);
        n++;
        int a = rank - 1;
        while (a >= 0 && ++at[a] == counts[a])
            at[a--] = 0;
        if (a < 0)
            break;
    }
done:
    for (int a = 0; a < rank; a++)
        free(indices[a]);
    return n;
}

/* Reads the selection through h5x and compares it with the model. */
static void check_selection(h5x_object *dataset, const h5x_dtype *mem_dtype, const unsigned char *full,
                            const uint64_t *dims, int rank, const axis_spec *axes, const char *what)
{
    size_t size = h5x_dtype_size(mem_dtype);
    uint64_t total = 1;
    for (int a = 0; a < rank; a++)
        total *= dims[a];
    unsigned char *want = malloc(total * size), *got = malloc(total * size + 1);
    h5x_selection *sel = build_selection(axes, rank);
    if (CHECK_MSG(want && got && sel, "%s: setting up", what)) {
        uint64_t n = model_read(full, size, dims, rank, axes, want);
        memset(got, 0xA5, total * size + 1);
        if (CHECK_OK(h5x_dataset_read(dataset, sel, mem_dtype, got, n * size)) >= 0 &&
            !CHECK_BYTES(got, want, n * size))
            harness_note("selection %s", what);
        CHECK_MSG(got[n * size] == 0xA5, "%s: the read wrote past its %llu elements", what,
                  (unsigned long long)n);
    }
    h5x_close(sel);
    free(want);
    free(got);
}

/* ------------------------------------------------ which way a read went */

static int flip_byte_on_disk(const char *path, uint64_t offset)
{
    return harness_flip_byte(path, offset, 0x01);
}

/* 1 when a read of the first element of the dataset (in mem_dtype) comes
 * straight from the disk, 0 when it comes through libhdf5's sieve buffer,
 * -1 when that could not be told.  The file's bytes are as before
 * afterwards. */
static int read_goes_direct(const char *path, h5x_object *dataset, const h5x_dtype *mem_dtype)
{
    hid_t id = hid_of(dataset);
    h5x_shape shape;
    if (id < 0 || CHECK_OK(h5x_dataset_shape(dataset, &shape)) < 0)
        return -1;
    haddr_t offset = H5Dget_offset(id);
    if (offset == HADDR_UNDEF)
        return -1;
    h5x_selection *first = h5x_selection_new();
    for (int a = 0; first && a < shape.rank; a++)
        h5x_selection_add_index(first, 0);
    unsigned char before[16], after[16];
    size_t size = h5x_dtype_size(mem_dtype);
    int result = -1;
    if (first && size <= sizeof before &&
        CHECK_OK(h5x_dataset_read(dataset, first, mem_dtype, before, size)) >= 0 &&
        flip_byte_on_disk(path, offset) == 0) {
        if (CHECK_OK(h5x_dataset_read(dataset, first, mem_dtype, after, size)) >= 0)
            result = memcmp(before, after, size) != 0;
        CHECK_MSG(flip_byte_on_disk(path, offset) == 0, "restoring the byte at %llu of %s",
                  (unsigned long long)offset, path);
    }
    h5x_close(first);
    return result;
}

#define CHECK_DIRECT(path, dataset, dtype, expected)                                                          \
    do {                                                                                                     \
        int went_direct_ = read_goes_direct((path), (dataset), (dtype));                                     \
        CHECK_MSG(went_direct_ == (expected), "the read %s directly from the file (expected %s)",            \
                  went_direct_ < 0 ? "could not be told whether it went" : went_direct_ ? "went" : "did not go", \
                  (expected) ? "directly" : "through H5Dread");                                               \
    } while (0)

/* ------------------------------------------------------------- values */

/* n values of dtype, each different and spread over the type's range. */
static void fill_values(const h5x_dtype *dtype, uint64_t n, unsigned char *out)
{
    h5x_dtype_class cls = h5x_dtype_get_class(dtype);
    double *v = malloc(2 * n * sizeof *v);
    if (!v)
        return;
    for (uint64_t i = 0; i < 2 * n; i++) {
        double x = (double)((i * 7919u) % 241u) - 120.0;
        v[i] = cls == H5X_CLASS_BOOL ? (double)(i % 3 == 0) : cls == H5X_CLASS_FLOAT ? x / 4.0 : x;
    }
    if (cls == H5X_CLASS_COMPLEX) {
        /* a complex of n bytes is two floats of n/2 */
        h5x_dtype *part = h5x_dtype_float((int)h5x_dtype_size(dtype) / 2, h5x_dtype_order(dtype));
        CHECK_OK(h5x_dtype_convert(H5X_F64, v, part, out, 2 * n));
        h5x_close(part);
    } else if (cls == H5X_CLASS_INTEGER && !h5x_dtype_is_signed(dtype)) {
        for (uint64_t i = 0; i < n; i++)
            v[i] += 120.0;
        CHECK_OK(h5x_dtype_convert(H5X_F64, v, dtype, out, n));
    } else {
        CHECK_OK(h5x_dtype_convert(H5X_F64, v, dtype, out, n));
    }
    free(v);
}

/* A contiguous dataset of dtype and shape dims, holding fill_values;
 * *full receives those values (malloc'd). */
static h5x_object *make_dataset(h5x_object *file, const char *name, const h5x_dtype *dtype, const uint64_t *dims,
                                int rank, unsigned char **full)
{
    h5x_shape shape = h5x_shape_of(rank, dims);
    uint64_t n = h5x_shape_size(&shape);
    *full = malloc(n * h5x_dtype_size(dtype));
    if (!*full)
        return NULL;
    fill_values(dtype, n, *full);
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, name, dtype, &shape, NULL));
    if (dataset && CHECK_OK(h5x_dataset_write(dataset, NULL, dtype, *full, NULL)) < 0) {
        h5x_close(dataset);
        return NULL;
    }
    return dataset;
}

/* ------------------------------------------------------------- cases */

static const uint64_t dims_by_rank[5][4] = {{0}, {50}, {12, 9}, {5, 6, 7}, {3, 4, 5, 6}};

/* Selections per rank: ranges with steps, lists, indices, and whole axes
 * at the end (which merge into longer runs). */
static const axis_spec selections_1[][1] = {
    {ALL}, {SLICE(3, 40, 1)}, {SLICE(1, 50, 7)}, {LIST(5, 0, 1, 2, 30, 49)}, {INDEX(17)}, {SLICE(49, 50, 1)},
};
static const axis_spec selections_2[][2] = {
    {ALL, ALL},
    {SLICE(2, 9, 1), ALL},
    {ALL, SLICE(1, 8, 3)},
    {SLICE(0, 12, 5), LIST(4, 0, 2, 3, 8)},
    {LIST(3, 1, 2, 11), ALL},
    {INDEX(4), SLICE(2, 6, 1)},
    {SLICE(0, 4, 1), LIST(4, 0, 1, 7, 8)}, /* runs that end a row and begin the next */
    {SLICE(3, 4, 1), INDEX(8)},
};
static const axis_spec selections_3[][3] = {
    {ALL, ALL, ALL},
    {INDEX(2), ALL, ALL},
    {SLICE(1, 5, 2), ALL, SLICE(0, 7, 2)},
    {LIST(2, 0, 4), SLICE(1, 6, 1), ALL},
    {ALL, LIST(3, 0, 1, 5), INDEX(6)},
    {SLICE(0, 5, 1), SLICE(0, 6, 1), LIST(7, 0, 1, 2, 3, 4, 5, 6)},
};
static const axis_spec selections_4[][4] = {
    {ALL, ALL, ALL, ALL},
    {INDEX(1), INDEX(2), INDEX(3), INDEX(4)},
    {SLICE(1, 3, 1), SLICE(0, 4, 2), SLICE(1, 5, 3), INDEX(2)},
    {ALL, ALL, ALL, SLICE(1, 4, 1)},
    {SLICE(0, 3, 2), LIST(3, 0, 1, 3), ALL, SLICE(1, 6, 4)},
    {SLICE(0, 3, 2), SLICE(1, 4, 1), ALL, LIST(3, 1, 2, 5)},
    {LIST(1, 2), SLICE(1, 4, 1), SLICE(0, 5, 4), ALL},
};

static void check_rank_selections(h5x_object *dataset, const h5x_dtype *dtype, const unsigned char *full, int rank,
                                  const char *type_name)
{
    const uint64_t *dims = dims_by_rank[rank];
    char what[128];
    size_t count = rank == 1 ? sizeof selections_1 / sizeof selections_1[0]
                 : rank == 2 ? sizeof selections_2 / sizeof selections_2[0]
                 : rank == 3 ? sizeof selections_3 / sizeof selections_3[0]
                             : sizeof selections_4 / sizeof selections_4[0];
    for (size_t i = 0; i < count; i++) {
        const axis_spec *axes = rank == 1 ? selections_1[i]
                              : rank == 2 ? selections_2[i]
                              : rank == 3 ? selections_3[i]
                                          : selections_4[i];
        snprintf(what, sizeof what, "%s rank %d #%zu", type_name, rank, i);
        check_selection(dataset, dtype, full, dims, rank, axes, what);
    }
}

static const char *const numeric_types[] = {"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8",
                                            "f2", "f4", "f8", "c8", "c16", "?"};

static void test_numeric_types(void)
{
    harness_case("every numeric type, ranks 1 to 4, read directly");
    char path[4200];
    path_of("types.h5", path, sizeof path);
    size_t ntypes = sizeof numeric_types / sizeof numeric_types[0];
    unsigned char *full[sizeof numeric_types / sizeof numeric_types[0]][5] = {{0}};
    unsigned char *big[sizeof numeric_types / sizeof numeric_types[0]] = {0};
    const uint64_t big_dims[1] = {70000}; /* larger than the sieve buffer in every type */
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    for (size_t t = 0; t < ntypes; t++) {
        char name[32];
        snprintf(name, sizeof name, "%s-big", numeric_types[t]);
        h5x_close(make_dataset(file, name, h5x_predefined(numeric_types[t]), big_dims, 1, &big[t]));
    }
    for (size_t t = 0; t < ntypes; t++)
        for (int rank = 1; rank <= 4; rank++) {
            char name[32];
            snprintf(name, sizeof name, "%s-%d", numeric_types[t], rank);
            h5x_close(make_dataset(file, name, h5x_predefined(numeric_types[t]), dims_by_rank[rank], rank,
                                   &full[t][rank]));
        }
    CHECK_OK(h5x_close(file));

    file = CHECK_PTR(open_native(path, "r", NULL));
    for (size_t t = 0; file && t < ntypes; t++) {
        const h5x_dtype *dtype = h5x_predefined(numeric_types[t]);
        for (int rank = 1; rank <= 4; rank++) {
            char name[32];
            snprintf(name, sizeof name, "%s-%d", numeric_types[t], rank);
            h5x_object *dataset = CHECK_PTR(h5x_open(file, name));
            if (dataset && full[t][rank])
                check_rank_selections(dataset, dtype, full[t][rank], rank, numeric_types[t]);
            h5x_close(dataset);
        }
        char name[32];
        snprintf(name, sizeof name, "%s-big", numeric_types[t]);
        h5x_object *dataset = CHECK_PTR(h5x_open(file, name));
        const axis_spec selections[][1] = {{ALL}, {SLICE(5, 69000, 1000)}, {LIST(4, 0, 1, 40000, 69999)},
                                           {SLICE(60000, 70000, 1)}};
        for (size_t i = 0; dataset && big[t] && i < sizeof selections / sizeof selections[0]; i++)
            check_selection(dataset, dtype, big[t], big_dims, 1, selections[i], name);
        if (dataset)
            CHECK_DIRECT(path, dataset, dtype, 1);
        h5x_close(dataset);
    }
    h5x_close(file);
    for (size_t t = 0; t < ntypes; t++) {
        free(big[t]);
        for (int rank = 1; rank <= 4; rank++)
            free(full[t][rank]);
    }
}

static void test_scalar(void)
{
    harness_case("a scalar dataset");
    char path[4200];
    path_of("scalar.h5", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_shape scalar = h5x_shape_scalar();
    double value = -2.75;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "s", H5X_F64, &scalar, NULL));
    if (dataset)
        CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_F64, &value, NULL));
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_native(path, "r", NULL));
    dataset = CHECK_PTR(h5x_open(file, "s"));
    double got = 0;
    if (dataset && CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, &got, sizeof got)) >= 0)
        CHECK_DOUBLE(got, value);
    got = 0;
    if (dataset && CHECK_OK(h5x_dataset_read_text(dataset, "()", H5X_F64, &got, sizeof got)) >= 0)
        CHECK_DOUBLE(got, value);
    h5x_close(dataset);
    h5x_close(file);
}

/* Compound values with a hole between their members: read into the same
 * compound they come straight from the file, read as one member libhdf5
 * picks them apart. */
/* A small dataset's bytes are kept after the first whole read; later
 * whole reads into another memory dtype, or into an equal dtype made
 * afresh, must convert or copy as asked, never hand back the kept bytes
 * for the wrong type. */
static void test_kept_bytes_and_dtypes(void)
{
    harness_case("kept bytes read whole again, into other and fresh dtypes");
    char path[4200];
    path_of("kept.h5", path, sizeof path);
    int32_t values[100];
    for (int i = 0; i < 100; i++)
        values[i] = 1000 - 7 * i;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "v", H5X_I32, &(h5x_shape){.rank = 1, .dims = {100}}, &options)));
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_native(path, "r", NULL));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "v"));
    int32_t got[100];
    double as_double[100];
    for (int round = 0; dataset && round < 3; round++) {
        memset(got, 0, sizeof got);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, got, sizeof got));
        CHECK_BYTES(got, values, sizeof got);
        memset(as_double, 0, sizeof as_double);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, as_double, sizeof as_double));
        CHECK_DOUBLE(as_double[99], values[99]);
        CHECK_DOUBLE(as_double[3], values[3]);
        h5x_dtype *fresh = CHECK_PTR(h5x_dtype_parse("<i4"));
        memset(got, 0, sizeof got);
        if (fresh)
            CHECK_OK(h5x_dataset_read(dataset, NULL, fresh, got, sizeof got));
        CHECK_BYTES(got, values, sizeof got);
        h5x_close(fresh);
        h5x_dtype *wide = CHECK_PTR(h5x_dtype_parse("<i8"));
        int64_t as_wide[100] = {0};
        if (wide)
            CHECK_OK(h5x_dataset_read(dataset, NULL, wide, as_wide, sizeof as_wide));
        CHECK_INT(as_wide[50], values[50]);
        h5x_close(wide);
    }
    h5x_close(dataset);
    h5x_close(file);
}

static void test_compound(void)
{
    harness_case("a compound with padding, whole and as one field");
    char path[4200];
    path_of("compound.h5", path, sizeof path);
    typedef struct pair {
        int32_t a;
        int32_t pad; /* zero: what the file holds between the members */
        double b;
    } pair;
    enum { N = 6000 }; /* larger than the sieve buffer */
    h5x_dtype *compound = h5x_dtype_compound(sizeof(pair));
    REQUIRE(compound != NULL);
    CHECK_OK(h5x_dtype_compound_insert(compound, "a", offsetof(pair, a), H5X_I32));
    CHECK_OK(h5x_dtype_compound_insert(compound, "b", offsetof(pair, b), H5X_F64));
    pair *values = calloc(N, sizeof *values);
    double *bs = malloc(N * sizeof *bs), *got = malloc(N * sizeof *got);
    h5x_object *file = CHECK_PTR(open_native(path, "w", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){N});
    if (file && values && bs && got) {
        for (int i = 0; i < N; i++) {
            values[i].a = i - 3000;
            values[i].b = i * 0.125;
            bs[i] = values[i].b;
        }
        h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "pairs", compound, &shape, NULL));
        if (dataset)
            CHECK_OK(h5x_dataset_write(dataset, NULL, compound, values, NULL));
        h5x_close(dataset);
        CHECK_OK(h5x_close(file));
        file = CHECK_PTR(open_native(path, "r", NULL));
        dataset = file ? CHECK_PTR(h5x_open(file, "pairs")) : NULL;
        const axis_spec whole[1] = {ALL}, part[1] = {SLICE(7, 5990, 13)};
        const uint64_t dims[1] = {N};
        if (dataset) {
            check_selection(dataset, compound, (const unsigned char *)values, dims, 1, whole, "compound");
            check_selection(dataset, compound, (const unsigned char *)values, dims, 1, part, "compound");
            CHECK_DIRECT(path, dataset, compound, 1);
            h5x_dtype *b_alone = h5x_dtype_compound(sizeof(double));
            if (CHECK(b_alone != NULL) && CHECK_OK(h5x_dtype_compound_insert(b_alone, "b", 0, H5X_F64)) >= 0 &&
                CHECK_OK(h5x_dataset_read(dataset, NULL, b_alone, got, N * sizeof *got)) >= 0)
                CHECK_DOUBLES(got, bs, N);
            h5x_close(b_alone);
        }
        h5x_close(dataset);
    }
    h5x_close(file);
    h5x_close(compound);
    free(values);
    free(bs);
    free(got);
}

/* A wide array: small blocks (one span read into scratch memory), strided
 * rows whose span is larger than the scratch buffer (a pread per run),
 * and index lists of both kinds. */
static void test_wide_array(void)
{
    harness_case("blocks, strides and lists of a 600 x 500 float64 array");
    char path[4200];
    path_of("wide.h5", path, sizeof path);
    const uint64_t dims[2] = {600, 500};
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_close(make_dataset(file, "wide", H5X_F64, dims, 2, &full));
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);
    file = CHECK_PTR(open_native(path, "r", NULL));
    h5x_object *dataset = file ? CHECK_PTR(h5x_open(file, "wide")) : NULL;
    const axis_spec selections[][2] = {
        {SLICE(100, 116, 1), SLICE(200, 216, 1)},   /* a 16 x 16 block */
        {SLICE(0, 600, 50), SLICE(10, 20, 1)},      /* rows far apart */
        {SLICE(0, 600, 1), SLICE(0, 500, 100)},     /* one element per run */
        {LIST(5, 1, 2, 3, 500, 599), SLICE(0, 500, 166)},
        {SLICE(20, 30, 1), LIST(4, 0, 1, 2, 499)},
        {ALL, LIST(4, 0, 1, 2, 499)},               /* each row's last run touches the next's first */
        {SLICE(300, 302, 1), ALL},
        {ALL, ALL},
        {SLICE(599, 600, 1), SLICE(490, 500, 1)},   /* the very end */
    };
    for (size_t i = 0; dataset && i < sizeof selections / sizeof selections[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "wide #%zu", i);
        check_selection(dataset, H5X_F64, full, dims, 2, selections[i], what);
    }
    if (dataset)
        CHECK_DIRECT(path, dataset, H5X_F64, 1);
    h5x_close(dataset);
    h5x_close(file);
    free(full);
}

/* Big-endian stored types, written with libhdf5: read as native types the
 * values are converted (H5Dread), read as their own type the bytes come
 * straight from the file. */
static void test_big_endian(void)
{
    harness_case("big-endian stored types read as native ones and as themselves");
    char path[4200];
    path_of("big-endian.h5", path, sizeof path);
    struct {
        const char *name;
        hid_t file_type;
        const char *native, *stored;
    } cases[] = {
        {"i2", H5T_STD_I16BE, "i2", ">i2"}, {"u4", H5T_STD_U32BE, "u4", ">u4"},
        {"i8", H5T_STD_I64BE, "i8", ">i8"}, {"f4", H5T_IEEE_F32BE, "f4", ">f4"},
        {"f8", H5T_IEEE_F64BE, "f8", ">f8"},
    };
    enum { ROWS = 100, COLUMNS = 400, N = ROWS * COLUMNS }; /* larger than the sieve buffer */
    double *values = malloc(N * sizeof *values);
    unsigned char *expected = malloc(N * 8), *stored_bytes = malloc(N * 8);
    if (!CHECK(values && expected && stored_bytes)) {
        free(values);
        free(expected);
        free(stored_bytes);
        return;
    }
    for (int i = 0; i < N; i++)
        values[i] = (double)(i % 20011 - 10000);
    hid_t fid = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(fid >= 0);
    hsize_t dims[2] = {ROWS, COLUMNS};
    hid_t space = H5Screate_simple(2, dims, NULL);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        hid_t d = H5Dcreate2(fid, cases[c].name, cases[c].file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CHECK(d >= 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0);
        H5Dclose(d);
    }
    H5Sclose(space);
    H5Fclose(fid);

    h5x_object *file = CHECK_PTR(open_native(path, "r", NULL));
    const uint64_t shape[2] = {ROWS, COLUMNS};
    for (size_t c = 0; file && c < sizeof cases / sizeof cases[0]; c++) {
        h5x_object *dataset = CHECK_PTR(h5x_open(file, cases[c].name));
        if (!dataset)
            continue;
        /* as native values: libhdf5 converts, and the model is the
         * conversion of the written values */
        const h5x_dtype *native = h5x_predefined(cases[c].native);
        CHECK_OK(h5x_dtype_convert(H5X_F64, values, native, expected, N));
        const axis_spec whole[2] = {ALL, ALL}, part[2] = {SLICE(1, 99, 7), LIST(3, 0, 1, 399)};
        check_selection(dataset, native, expected, shape, 2, whole, cases[c].name);
        check_selection(dataset, native, expected, shape, 2, part, cases[c].name);
        CHECK_DIRECT(path, dataset, native, 0);
        /* as the stored type: the file's bytes, which must be the
         * big-endian encoding of the values */
        h5x_dtype *stored = h5x_dtype_parse(cases[c].stored);
        if (CHECK(stored != NULL)) {
            CHECK_OK(h5x_dtype_convert(H5X_F64, values, stored, stored_bytes, N));
            check_selection(dataset, stored, stored_bytes, shape, 2, whole, cases[c].stored);
            check_selection(dataset, stored, stored_bytes, shape, 2, part, cases[c].stored);
            CHECK_DIRECT(path, dataset, stored, 1);
        }
        h5x_close(stored);
        h5x_close(dataset);
    }
    h5x_close(file);
    free(values);
    free(expected);
    free(stored_bytes);
}

/* The dataset's bytes start after a user block; datasets never written
 * have no storage, and the direct path must leave them to libhdf5's fill
 * values even though H5Dget_offset says otherwise in such a file. */
static void check_unwritten_and_block(uint64_t userblock)
{
    char path[4200], name[64];
    snprintf(name, sizeof name, "userblock-%llu.h5", (unsigned long long)userblock);
    path_of(name, path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = userblock;
    enum { N = 200 * 300 };
    const uint64_t dims[2] = {200, 300};
    h5x_shape shape = h5x_shape_of(2, dims);
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", &options));
    h5x_close(make_dataset(file, "written", H5X_I32, dims, 2, &full));
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "unwritten", H5X_I32, &shape, NULL)));
    h5x_dataset_options with_fill = H5X_DATASET_OPTIONS_INIT;
    int32_t fill = -77;
    with_fill.fillvalue = &fill;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "filled", H5X_I32, &shape, &with_fill)));
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);

    int32_t *expected_fill = malloc(N * sizeof *expected_fill), *zeros = calloc(N, sizeof *zeros);
    file = CHECK_PTR(open_native(path, "r", NULL));
    uint64_t block = 0;
    if (file && CHECK_OK(h5x_file_userblock_size(file, &block)) >= 0)
        CHECK_UINT(block, userblock);
    h5x_object *written = file ? CHECK_PTR(h5x_open(file, "written")) : NULL;
    h5x_object *unwritten = file ? CHECK_PTR(h5x_open(file, "unwritten")) : NULL;
    h5x_object *filled = file ? CHECK_PTR(h5x_open(file, "filled")) : NULL;
    const axis_spec whole[2] = {ALL, ALL}, part[2] = {SLICE(3, 170, 4), LIST(4, 0, 1, 2, 299)},
                    row[2] = {INDEX(199), ALL};
    if (written) {
        check_selection(written, H5X_I32, full, dims, 2, whole, "after a user block");
        check_selection(written, H5X_I32, full, dims, 2, part, "after a user block");
        check_selection(written, H5X_I32, full, dims, 2, row, "after a user block");
        CHECK_DIRECT(path, written, H5X_I32, 1);
    }
    if (unwritten && zeros) {
        check_selection(unwritten, H5X_I32, (unsigned char *)zeros, dims, 2, whole, "never written");
        check_selection(unwritten, H5X_I32, (unsigned char *)zeros, dims, 2, part, "never written");
    }
    if (filled && expected_fill) {
        for (int i = 0; i < N; i++)
            expected_fill[i] = fill;
        check_selection(filled, H5X_I32, (unsigned char *)expected_fill, dims, 2, whole, "fill value");
        check_selection(filled, H5X_I32, (unsigned char *)expected_fill, dims, 2, part, "fill value");
    }
    h5x_close(written);
    h5x_close(unwritten);
    h5x_close(filled);
    h5x_close(file);
    free(expected_fill);
    free(zeros);
    free(full);
}

static void test_unwritten_and_user_blocks(void)
{
    harness_case("no user block: written, never written, and a fill value never written");
    check_unwritten_and_block(0);
    harness_case("user block of 512 bytes");
    check_unwritten_and_block(512);
    harness_case("user block of 4096 bytes");
    check_unwritten_and_block(4096);
}

/* The same file open for writing in this process: libhdf5 holds the
 * latest values in its caches, so a reader of the same file must get them
 * from there, not from the disk. */
static void test_open_for_writing_elsewhere(void)
{
    harness_case("a file open read-write in the process and read-only beside it");
    char path[4200];
    path_of("shared.h5", path, sizeof path);
    enum { N = 16384 };
    const uint64_t dims[1] = {N};
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_close(make_dataset(file, "d", H5X_I64, dims, 1, &full));
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);

    h5x_object *writer = CHECK_PTR(open_native(path, "r+", NULL));
    h5x_object *writer_dataset = writer ? CHECK_PTR(h5x_open(writer, "d")) : NULL;
    int64_t *latest = (int64_t *)full;
    for (int i = 0; i < N; i++)
        latest[i] = 1000 + (int64_t)i * i;
    if (writer_dataset)
        CHECK_OK(h5x_dataset_write(writer_dataset, NULL, H5X_I64, latest, NULL));
    h5x_object *reader = CHECK_PTR(open_native(path, "r", NULL));
    h5x_object *dataset = reader ? CHECK_PTR(h5x_open(reader, "d")) : NULL;
    const axis_spec whole[1] = {ALL}, part[1] = {SLICE(5, 16000, 3)};
    if (dataset) {
        check_selection(dataset, H5X_I64, full, dims, 1, whole, "latest values");
        check_selection(dataset, H5X_I64, full, dims, 1, part, "latest values");
        /* written again after the reader's first read */
        latest[7] = -7;
        if (writer_dataset)
            CHECK_OK(h5x_dataset_write_text(writer_dataset, "7", H5X_I64, &latest[7], NULL));
        check_selection(dataset, H5X_I64, full, dims, 1, whole, "latest values after another write");
    }
    h5x_close(dataset);
    h5x_close(reader);
    h5x_close(writer_dataset);
    CHECK_OK(h5x_close(writer));

    /* once the writer is gone, a new reader reads directly what it wrote */
    reader = CHECK_PTR(open_native(path, "r", NULL));
    dataset = reader ? CHECK_PTR(h5x_open(reader, "d")) : NULL;
    if (dataset) {
        check_selection(dataset, H5X_I64, full, dims, 1, whole, "after the writer closed");
        CHECK_DIRECT(path, dataset, H5X_I64, 1);
    }
    h5x_close(dataset);
    h5x_close(reader);
    free(full);
}

/* A dataset reached through an external link lives in another file than
 * the one h5x opened: that file's own state decides, here one open for
 * writing in the process too. */
static void test_external_link(void)
{
    harness_case("a dataset behind an external link, its file also open for writing");
    char target[4200], linking[4200];
    path_of("link-target.h5", target, sizeof target);
    path_of("linking.h5", linking, sizeof linking);
    const uint64_t dims[2] = {200, 300};
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(target, "w", NULL));
    h5x_close(make_dataset(file, "data", H5X_I16, dims, 2, &full));
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);
    REQUIRE_PTR(file, open_native(linking, "w", NULL));
    CHECK_OK(h5x_link_external(file, "far", target, "/data"));
    CHECK_OK(h5x_close(file));

    const axis_spec whole[2] = {ALL, ALL}, part[2] = {SLICE(1, 200, 3), SLICE(2, 300, 5)};
    file = CHECK_PTR(open_native(linking, "r", NULL));
    h5x_object *dataset = file ? CHECK_PTR(h5x_open(file, "far")) : NULL;
    if (dataset) {
        check_selection(dataset, H5X_I16, full, dims, 2, whole, "through the link");
        check_selection(dataset, H5X_I16, full, dims, 2, part, "through the link");
        CHECK_DIRECT(target, dataset, H5X_I16, 1);
    }
    h5x_close(dataset);
    h5x_close(file);

    h5x_object *writer = CHECK_PTR(open_native(target, "r+", NULL));
    h5x_object *written = writer ? CHECK_PTR(h5x_open(writer, "data")) : NULL;
    int16_t *values = (int16_t *)full;
    for (int i = 0; i < 200 * 300; i++)
        values[i] = (int16_t)(-3 * (i % 9000));
    if (written)
        CHECK_OK(h5x_dataset_write(written, NULL, H5X_I16, values, NULL));
    file = CHECK_PTR(open_native(linking, "r", NULL));
    dataset = file ? CHECK_PTR(h5x_open(file, "far")) : NULL;
    if (dataset) {
        check_selection(dataset, H5X_I16, full, dims, 2, whole, "through the link, written elsewhere");
        check_selection(dataset, H5X_I16, full, dims, 2, part, "through the link, written elsewhere");
    }
    h5x_close(dataset);
    h5x_close(file);
    h5x_close(written);
    CHECK_OK(h5x_close(writer));
    free(full);
}

static void test_swmr_reader(void)
{
    harness_case("a SWMR reader reads through libhdf5");
    char path[4200];
    path_of("swmr.h5", path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = H5X_LIBVER_LATEST;
    options.libver_high = H5X_LIBVER_LATEST;
    const uint64_t dims[2] = {200, 200};
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", &options));
    h5x_close(make_dataset(file, "d", H5X_U16, dims, 2, &full));
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);
    h5x_file_options swmr = H5X_FILE_OPTIONS_INIT;
    swmr.swmr = 1;
    file = CHECK_PTR(open_native(path, "r", &swmr));
    h5x_object *dataset = file ? CHECK_PTR(h5x_open(file, "d")) : NULL;
    const axis_spec whole[2] = {ALL, ALL}, part[2] = {SLICE(1, 200, 2), SLICE(2, 9, 1)};
    if (dataset) {
        check_selection(dataset, H5X_U16, full, dims, 2, whole, "SWMR reader");
        check_selection(dataset, H5X_U16, full, dims, 2, part, "SWMR reader");
        CHECK_DIRECT(path, dataset, H5X_U16, 0);
    }
    h5x_close(dataset);
    h5x_close(file);
    free(full);
}

/* A file cut short after it was opened: the bytes still there read back,
 * the bytes that are gone are an error naming the dataset, never zeros or
 * whatever happened to be in the buffer. */
static void test_truncated_file(void)
{
    harness_case("a file cut short after it was opened");
    char path[4200];
    path_of("truncated.h5", path, sizeof path);
    const uint64_t dims[1] = {20000};
    unsigned char *full = NULL;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_close(make_dataset(file, "tail", H5X_F64, dims, 1, &full));
    /* small enough to be read whole on its first read; its bytes come
     * after those of "tail" */
    const uint64_t small_dims[1] = {100};
    unsigned char *small_values = NULL;
    h5x_close(make_dataset(file, "small", H5X_I32, small_dims, 1, &small_values));
    free(small_values);
    CHECK_OK(h5x_close(file));
    REQUIRE(full != NULL);

    file = CHECK_PTR(open_native(path, "r", NULL));
    h5x_object *dataset = file ? CHECK_PTR(h5x_open(file, "tail")) : NULL;
    h5x_object *small = file ? CHECK_PTR(h5x_open(file, "small")) : NULL;
    hid_t id = dataset ? hid_of(dataset) : H5I_INVALID_HID;
    haddr_t offset = id >= 0 ? H5Dget_offset(id) : HADDR_UNDEF;
    if (dataset && CHECK(offset != HADDR_UNDEF)) {
        const axis_spec head[1] = {SLICE(0, 100, 1)};
        check_selection(dataset, H5X_F64, full, dims, 1, head, "before the cut");
        /* keep the first 1000 values */
        CHECK(truncate(path, (off_t)(offset + 1000 * 8)) == 0);
        check_selection(dataset, H5X_F64, full, dims, 1, head, "the part left");
        double *buffer = malloc(20000 * sizeof *buffer);
        if (buffer) {
            CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_F64, buffer, 20000 * sizeof *buffer), H5X_ERR_IO);
            CHECK_MESSAGE("tail");
            CHECK_MESSAGE("file ends");
            CHECK_STATUS(h5x_dataset_read_text(dataset, "999:1001", H5X_F64, buffer, 2 * sizeof *buffer),
                         H5X_ERR_IO);
            CHECK_STATUS(h5x_dataset_read_text(dataset, "::100", H5X_F64, buffer, 200 * sizeof *buffer),
                         H5X_ERR_IO);
            if (small) {
                CHECK_STATUS(h5x_dataset_read_text(small, "3", H5X_I32, buffer, sizeof(int32_t)), H5X_ERR_IO);
                CHECK_MESSAGE("small");
            }
        }
        free(buffer);
    }
    h5x_close(dataset);
    h5x_close(small);
    h5x_close(file);
    free(full);
}

int main(int argc, char **argv)
{
    if (native_test_start(argc, argv) != 0)
        return 2;
    harness_section("direct reads");
    test_numeric_types();
    test_scalar();
    test_kept_bytes_and_dtypes();
    test_compound();
    test_wide_array();
    harness_section("where libhdf5 must read");
    test_big_endian();
    test_unwritten_and_user_blocks();
    test_open_for_writing_elsewhere();
    test_external_link();
    test_swmr_reader();
    harness_section("damage");
    test_truncated_file();
    return harness_finish();
}
