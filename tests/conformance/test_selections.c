/*
 * test_selections.c — the "selections" section: reading and writing through
 * every form of h5py indexing the seeds show, on the (10, 10, 10) dataset
 * of the seeds: single elements, slices with steps, indices that drop
 * their axis, the ellipsis, (), negative indices, clipped and empty slices,
 * an index list; broadcasting on write (dset[0,:,:] = arange(10)); and the
 * errors for out-of-range and malformed selections.
 *
 * The expected result of each selection is written out per axis in the
 * table below (which indices, and whether the axis is dropped), so the
 * suite does not rely on h5x's own parser to say what a selection means.
 * Every element of the dataset holds i*100 + j*10 + k, so a value read back
 * names its own coordinates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

#define N 10

typedef struct axis_expect {
    int64_t start, stop, step; /* a range of indices... */
    int count;                 /* ...or, when count > 0, the list */
    int64_t list[N];
    int dropped;               /* an integer index: the axis leaves the result's shape */
} axis_expect;

#define IDX(i) {(i), (i) + 1, 1, 0, {0}, 1}
#define RNG(a, b, s) {(a), (b), (s), 0, {0}, 0}
#define ALL RNG(0, N, 1)

typedef struct selection_case {
    const char *text;
    axis_expect axes[3];
} selection_case;

static const selection_case read_cases[] = {
    {"0, 0, 0", {IDX(0), IDX(0), IDX(0)}},
    {"0, 2:10, 1:9:3", {IDX(0), RNG(2, 10, 1), RNG(1, 9, 3)}},
    {":, ::2, 5", {ALL, RNG(0, 10, 2), IDX(5)}},
    {"0", {IDX(0), ALL, ALL}},
    {"1, 5", {IDX(1), IDX(5), ALL}},
    {"0, ...", {IDX(0), ALL, ALL}},
    {"..., 6", {ALL, ALL, IDX(6)}},
    {"()", {ALL, ALL, ALL}},
    {"...", {ALL, ALL, ALL}},
    {":, :, :", {ALL, ALL, ALL}},
    {"-1", {IDX(9), ALL, ALL}},
    {"-1, -2, -3", {IDX(9), IDX(8), IDX(7)}},
    {"-10", {IDX(0), ALL, ALL}},
    {"2:-2, -3:, :-7", {RNG(2, 8, 1), RNG(7, 10, 1), RNG(0, 3, 1)}},
    {"[1, 3, 7], :, 0", {{0, 0, 0, 3, {1, 3, 7}, 0}, ALL, IDX(0)}},
    {"4, [0, 9]", {IDX(4), {0, 0, 0, 2, {0, 9}, 0}, ALL}},
    {"8:100", {RNG(8, 10, 1), ALL, ALL}},
    {"5:5", {RNG(5, 5, 1), ALL, ALL}},
    {"1:8:3, 9, ...", {RNG(1, 8, 3), IDX(9), ALL}},
    {"..., 0, 0", {ALL, IDX(0), IDX(0)}},
    {"::3, ..., ::4", {RNG(0, 10, 3), ALL, RNG(0, 10, 4)}},
    {"-3:-1, 0:1, 9:", {RNG(7, 9, 1), RNG(0, 1, 1), RNG(9, 10, 1)}},
};
#define READ_CASE_COUNT (sizeof read_cases / sizeof read_cases[0])

/* The indices an axis selects. */
static int axis_indices(const axis_expect *axis, int64_t *out)
{
    if (axis->count > 0) {
        memcpy(out, axis->list, (size_t)axis->count * sizeof *out);
        return axis->count;
    }
    int n = 0;
    for (int64_t i = axis->start; i < axis->stop; i += axis->step)
        out[n++] = i;
    return n;
}

/* The shape the case gives and its element offsets in the 10x10x10 array,
 * in C order; returns the element count. */
static size_t expected_selection(const selection_case *c, h5x_shape *shape, size_t *offsets)
{
    int64_t index[3][N];
    int count[3];
    shape->rank = 0;
    for (int a = 0; a < 3; a++) {
        count[a] = axis_indices(&c->axes[a], index[a]);
        if (!c->axes[a].dropped)
            shape->dims[shape->rank++] = (uint64_t)count[a];
    }
    size_t n = 0;
    for (int i = 0; i < count[0]; i++)
        for (int j = 0; j < count[1]; j++)
            for (int k = 0; k < count[2]; k++)
                offsets[n++] = (size_t)(index[0][i] * 100 + index[1][j] * 10 + index[2][k]);
    return n;
}

static int shapes_equal(const h5x_shape *a, const h5x_shape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i])
            return 0;
    return 1;
}

/* Creates `stem` holding the seeds' (10,10,10) float32 "MyDataset" with
 * element (i,j,k) = i*100 + j*10 + k, and reopens it with mode. */
static h5x_object *make_cube_file(conf_context *ctx, const char *stem, const char *mode, float *values)
{
    for (int i = 0; i < N * N * N; i++)
        values[i] = (float)i;
    h5x_object *file = conf_open(ctx, stem, "w");
    if (!file)
        return NULL;
    h5x_shape shape = h5x_shape_of(3, (uint64_t[]){N, N, N});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "MyDataset", NULL, &shape, &options)));
    return conf_reopen(ctx, file, stem, mode);
}

static void check_read_case(h5x_object *dataset, const selection_case *c, const float *cube)
{
    static size_t offsets[N * N * N];
    static double want[N * N * N], got[N * N * N];
    h5x_shape want_shape, got_shape;
    size_t n = expected_selection(c, &want_shape, offsets);
    for (size_t i = 0; i < n; i++)
        want[i] = cube[offsets[i]];

    h5x_selection *sel = CHECK_PTR(h5x_selection_parse(c->text));
    if (!sel)
        return;
    memset(&got_shape, 0, sizeof got_shape);
    CHECK_OK(h5x_dataset_selection_shape(dataset, sel, &got_shape));
    CHECK_MSG(shapes_equal(&got_shape, &want_shape), "dset[%s]: shape of rank %d (first %llu), expected rank %d",
              c->text, got_shape.rank, (unsigned long long)(got_shape.rank > 0 ? got_shape.dims[0] : 0),
              want_shape.rank);
    for (size_t i = 0; i < n + 1 && i < N * N * N; i++)
        got[i] = -1.0;
    CHECK_OK(h5x_dataset_read(dataset, sel, H5X_F64, got, n * sizeof(double)));
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i] && bad++ == 0)
            first = i;
    CHECK_MSG(bad == 0, "dset[%s]: %zu of %zu values differ, first at %zu: expected %g, got %g", c->text, bad, n,
              first, bad ? want[first] : 0.0, bad ? got[first] : 0.0);
    if (n < N * N * N)
        CHECK_MSG(got[n] == -1.0, "dset[%s]: the read wrote past %zu elements", c->text, n);

    /* the text shorthand reads the same */
    if (n > 0) {
        double again[N * N * N];
        CHECK_OK(h5x_dataset_read_text(dataset, c->text, H5X_F64, again, n * sizeof(double)));
        CHECK_MSG(memcmp(again, got, n * sizeof(double)) == 0, "dset[%s]: read_text differs from read", c->text);
    }

    /* the canonical text of the selection selects the same */
    char *canonical = CHECK_PTR(h5x_selection_to_string(sel));
    if (canonical) {
        h5x_selection *reparsed = h5x_selection_parse(canonical);
        CHECK_MSG(reparsed != NULL, "dset[%s]: its canonical text \"%s\" does not parse", c->text, canonical);
        if (reparsed && n > 0) {
            double again[N * N * N];
            CHECK_OK(h5x_dataset_read(dataset, reparsed, H5X_F64, again, n * sizeof(double)));
            CHECK_MSG(memcmp(again, got, n * sizeof(double)) == 0, "dset[%s]: canonical \"%s\" reads differently",
                      c->text, canonical);
        }
        h5x_close(reparsed);
        h5x_free(canonical);
    }
    h5x_close(sel);
}

static void test_read_forms(conf_context *ctx)
{
    harness_case("read through every form of selection");
    static float cube[N * N * N];
    h5x_object *file;
    REQUIRE_PTR(file, make_cube_file(ctx, "selections-read", "r", cube));
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    for (size_t i = 0; i < READ_CASE_COUNT; i++)
        check_read_case(dataset, &read_cases[i], cube);

    /* dset[0,0,0] into its own type: a single float32 */
    float element = -1.0f;
    CHECK_OK(h5x_dataset_read_text(dataset, "3, 4, 5", NULL, &element, sizeof element));
    CHECK_DOUBLE(element, 345.0);
    /* NULL selection is dset[()] */
    static double all[N * N * N];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, all, sizeof all));
    CHECK_DOUBLE(all[999], 999.0);
    CHECK_DOUBLE(all[123], 123.0);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_builder(conf_context *ctx)
{
    harness_case("selections built step by step");
    static float cube[N * N * N];
    h5x_object *file;
    REQUIRE_PTR(file, make_cube_file(ctx, "selections-builder", "r", cube));
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));

    /* dset[0, 2:10, 1:9:3] */
    h5x_selection *sel = CHECK_PTR(h5x_selection_new());
    CHECK_OK(h5x_selection_add_index(sel, 0));
    CHECK_OK(h5x_selection_add_slice(sel, 2, 10, H5X_NONE));
    CHECK_OK(h5x_selection_add_slice(sel, 1, 9, 3));
    double got[24], want[24];
    int n = 0;
    for (int j = 2; j < 10; j++)
        for (int k = 1; k < 9; k += 3)
            want[n++] = j * 10 + k;
    CHECK_OK(h5x_dataset_read(dataset, sel, H5X_F64, got, sizeof got));
    CHECK_DOUBLES(got, want, 24);
    h5x_close(sel);

    /* dset[..., 6] with omitted bounds */
    sel = CHECK_PTR(h5x_selection_new());
    CHECK_OK(h5x_selection_add_ellipsis(sel));
    CHECK_OK(h5x_selection_add_index(sel, -4));
    static double plane[N * N], plane_want[N * N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            plane_want[i * N + j] = i * 100 + j * 10 + 6;
    CHECK_OK(h5x_dataset_read(dataset, sel, H5X_F64, plane, sizeof plane));
    CHECK_DOUBLES(plane, plane_want, N * N);
    h5x_close(sel);

    /* dset[[1, 3, 7], H5X_NONE:H5X_NONE:2, 0] */
    sel = CHECK_PTR(h5x_selection_new());
    CHECK_OK(h5x_selection_add_list(sel, (const int64_t[]){1, 3, 7}, 3));
    CHECK_OK(h5x_selection_add_slice(sel, H5X_NONE, H5X_NONE, 2));
    CHECK_OK(h5x_selection_add_index(sel, 0));
    h5x_shape shape;
    CHECK_OK(h5x_dataset_selection_shape(dataset, sel, &shape));
    CHECK_SHAPE(&shape, 2, 3, 5);
    double listed[15], listed_want[15];
    n = 0;
    for (int l = 0; l < 3; l++)
        for (int j = 0; j < N; j += 2)
            listed_want[n++] = (double)((const int[]){1, 3, 7}[l] * 100 + j * 10);
    CHECK_OK(h5x_dataset_read(dataset, sel, H5X_F64, listed, sizeof listed));
    CHECK_DOUBLES(listed, listed_want, 15);
    h5x_close(sel);

    /* an empty selection is dset[()] */
    sel = CHECK_PTR(h5x_selection_new());
    CHECK_OK(h5x_dataset_selection_shape(dataset, sel, &shape));
    CHECK_SHAPE(&shape, 3, 10, 10, 10);
    h5x_close(sel);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_errors(conf_context *ctx)
{
    harness_case("out-of-range and malformed selections: H5X_ERR_SELECTION");
    static float cube[N * N * N];
    h5x_object *file;
    REQUIRE_PTR(file, make_cube_file(ctx, "selections-errors", "r+", cube));
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    static const char *const refused[] = {
        "10",            /* past the end */
        "-11",           /* before the start */
        "0, 10",         /* past the end of the second axis */
        "0, 0, -11",
        "0, 0, 0, 0",    /* more indices than axes */
        "..., ...",      /* two ellipses */
        "::0",           /* zero step */
        "::-1",          /* h5py refuses negative steps */
        "[1, 12]",       /* list index out of range */
        "[3, 1]",        /* h5py needs increasing lists */
        "[1, 1]",        /* ...without repeats */
        "[0, 2], [1, 3]", /* h5py allows one list per selection */
        "1:2:3:4",       /* malformed */
        "abc",
        "0,,1",
        "[1, 2",
        "0]",
        "1.5",
    };
    static double sink[N * N * N + 1];
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        sink[N * N * N] = 42.0;
        h5x_clear_error();
        int status = h5x_dataset_read_text(dataset, refused[i], H5X_F64, sink, N * N * N * sizeof(double));
        CHECK_MSG(status == H5X_ERR_SELECTION, "dset[%s]: expected H5X_ERR_SELECTION, got %d (%s)", refused[i],
                  status, harness_status_name(status));
        float one = 1.0f;
        h5x_clear_error();
        status = h5x_dataset_write_text(dataset, refused[i], H5X_F32, &one, &(h5x_shape){0});
        CHECK_MSG(status == H5X_ERR_SELECTION, "dset[%s] = 1: expected H5X_ERR_SELECTION, got %d (%s)", refused[i],
                  status, harness_status_name(status));
    }
    /* text that is not an index expression fails when parsed */
    static const char *const malformed[] = {"1:2:3:4", "abc", "0,,1", "[1, 2", "0]", "1.5"};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        h5x_clear_error();
        h5x_selection *sel = h5x_selection_parse(malformed[i]);
        int code = h5x_last_error()->code;
        CHECK_MSG(sel == NULL && code == H5X_ERR_SELECTION,
                  "h5x_selection_parse(\"%s\"): expected NULL with H5X_ERR_SELECTION, got %s with %s", malformed[i],
                  sel ? "a selection" : "NULL", harness_status_name(code));
        h5x_close(sel);
    }
    h5x_shape shape;
    h5x_selection *too_far = CHECK_PTR(h5x_selection_parse("0, 0, 10"));
    CHECK_STATUS(h5x_dataset_selection_shape(dataset, too_far, &shape), H5X_ERR_SELECTION);
    h5x_close(too_far);
    h5x_selection *sel = CHECK_PTR(h5x_selection_new());
    CHECK_STATUS(h5x_selection_add_slice(sel, 0, 10, 0), H5X_ERR_SELECTION);
    CHECK_OK(h5x_selection_add_ellipsis(sel));
    CHECK_STATUS(h5x_selection_add_ellipsis(sel), H5X_ERR_SELECTION);
    h5x_close(sel);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_write_forms(conf_context *ctx)
{
    harness_case("write through every form of selection");
    static float cube[N * N * N];
    static double model[N * N * N];
    h5x_object *file;
    REQUIRE_PTR(file, make_cube_file(ctx, "selections-write", "r+", cube));
    for (int i = 0; i < N * N * N; i++)
        model[i] = cube[i];
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    for (size_t c = 0; c < READ_CASE_COUNT; c++) {
        static size_t offsets[N * N * N];
        static float values[N * N * N];
        h5x_shape shape;
        size_t n = expected_selection(&read_cases[c], &shape, offsets);
        for (size_t i = 0; i < n; i++) {
            values[i] = (float)(-1000.0 * (double)(c + 1) - (double)i);
            model[offsets[i]] = values[i];
        }
        h5x_clear_error();
        int status = h5x_dataset_write_text(dataset, read_cases[c].text, H5X_F32, values, &shape);
        CHECK_MSG(status >= 0, "dset[%s] = block: got %d (%s)", read_cases[c].text, status,
                  harness_status_name(status));
        /* the selection reads back what was written, straight away */
        static float back[N * N * N];
        if (n > 0 &&
            CHECK_OK(h5x_dataset_read_text(dataset, read_cases[c].text, H5X_F32, back, n * sizeof(float))) >= 0)
            CHECK_MSG(memcmp(back, values, n * sizeof(float)) == 0, "dset[%s]: written block reads back differently",
                      read_cases[c].text);
    }
    h5x_close(dataset);

    file = conf_reopen(ctx, file, "selections-write", "r");
    REQUIRE(file);
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    static double stored[N * N * N];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, stored, sizeof stored));
    CHECK_DOUBLES(stored, model, N * N * N);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_broadcast(conf_context *ctx)
{
    harness_case("broadcasting on write: dset[0,:,:] = arange(10)");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "selections-broadcast", "w"));
    h5x_shape cube_shape = h5x_shape_of(3, (uint64_t[]){N, N, N});
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_dataset_create(file, "MyDataset", H5X_F32, &cube_shape, NULL));
    static double model[N * N * N];
    memset(model, 0, sizeof model);

    /* a row into a plane */
    const int64_t arange[N] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    h5x_shape row = h5x_shape_of(1, (uint64_t[]){N});
    CHECK_OK(h5x_dataset_write_text(dataset, "0, :, :", H5X_I64, arange, &row));
    for (int j = 0; j < N; j++)
        for (int k = 0; k < N; k++)
            model[j * N + k] = (double)k;
    /* a scalar into a column */
    const double seven = 7.0;
    h5x_shape scalar = h5x_shape_scalar();
    CHECK_OK(h5x_dataset_write_text(dataset, "1, :, 0", H5X_F64, &seven, &scalar));
    for (int j = 0; j < N; j++)
        model[100 + j * N] = 7.0;
    /* a column (10, 1) across a plane */
    const float column[N] = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    h5x_shape column_shape = h5x_shape_of(2, (uint64_t[]){N, 1});
    CHECK_OK(h5x_dataset_write_text(dataset, "2", H5X_F32, column, &column_shape));
    for (int j = 0; j < N; j++)
        for (int k = 0; k < N; k++)
            model[200 + j * N + k] = column[j];
    /* extra leading axes of length 1 */
    h5x_shape leading = h5x_shape_of(3, (uint64_t[]){1, 1, N});
    CHECK_OK(h5x_dataset_write_text(dataset, "3, 2:4, :", H5X_I64, arange, &leading));
    for (int j = 2; j < 4; j++)
        for (int k = 0; k < N; k++)
            model[300 + j * N + k] = (double)k;
    /* a scalar into a strided block */
    const int32_t minus = -5;
    CHECK_OK(h5x_dataset_write_text(dataset, "4:10:5, ::3, 9", H5X_I32, &minus, &scalar));
    for (int i = 4; i < N; i += 5)
        for (int j = 0; j < N; j += 3)
            model[i * 100 + j * N + 9] = -5.0;

    /* shapes that do not broadcast */
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_shape too_deep = h5x_shape_of(3, (uint64_t[]){2, N, N});
    h5x_shape transposed = h5x_shape_of(2, (uint64_t[]){1, N});
    static float big[2 * N * N];
    CHECK_STATUS(h5x_dataset_write_text(dataset, "5", H5X_I64, arange, &three), H5X_ERR_SHAPE);
    CHECK_STATUS(h5x_dataset_write_text(dataset, "5", H5X_F32, big, &too_deep), H5X_ERR_SHAPE);
    CHECK_STATUS(h5x_dataset_write_text(dataset, "5, 0, 0:3", H5X_F32, column, &transposed), H5X_ERR_SHAPE);
    h5x_close(dataset);

    file = conf_reopen(ctx, file, "selections-broadcast", "r");
    REQUIRE(file);
    REQUIRE_PTR(dataset, h5x_open(file, "MyDataset"));
    static double stored[N * N * N];
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, stored, sizeof stored));
    CHECK_DOUBLES(stored, model, N * N * N);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

void conformance_selections(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_read_forms(ctx);
    test_builder(ctx);
    test_errors(ctx);
    test_write_forms(ctx);
    test_broadcast(ctx);
}
