/*
 * test_vds_reads.c — how the vds connector reads and writes its sources.
 *
 *   - a virtual dataset of stacked rows (layout[n] = source), read whole,
 *     by blocks of rows and columns, by strided rows, by points and with
 *     a conversion, all of which read each source straight into the
 *     caller's buffer or through the request's workspace;
 *   - strided source selections (vsource[1::2]) and unmapped rows (fill);
 *   - h5x_dataset_read_resolved and h5x_dataset_write_resolved, the
 *     entries the connector reads its sources with: ranges, lists, the
 *     whole dataset, and their refusals;
 *   - damaged mapping descriptions refused as corrupt when the virtual
 *     dataset is opened, instead of being read out of bounds.
 *
 * usage: test_vds_reads WORKDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "h5x.h"
#include "h5x_connector.h"

#define ROWS 6
#define N 500
#define SHAPE1(a) (&(h5x_shape){.rank = 1, .dims = {(a)}})
#define SHAPE2(a, b) (&(h5x_shape){.rank = 2, .dims = {(a), (b)}})
#define CHECK_I32S(got, want, n) CHECK_BYTES((got), (want), (n) * sizeof(int32_t))

static char dir[2048];

static int32_t value(int source, uint64_t i)
{
    return (int32_t)(source * 100000 + (int64_t)i);
}

static void write_source(const char *name, int source, uint64_t length)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s/%s", dir, name);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f)
        return;
    int32_t *values = malloc(length * sizeof *values);
    for (uint64_t i = 0; values && i < length; i++)
        values[i] = value(source, i);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(f, "data", H5X_I32, SHAPE1(length), &options)));
    free(values);
    CHECK_OK(h5x_close(f));
}

/* (ROWS, N): rows 0..ROWS-3 from rows-K.h5 whole, row ROWS-2 from the odd
 * elements of a source of 2N, row ROWS-1 unmapped. */
static h5x_object *open_rows(const char *mode)
{
    char uri[4200], name[64];
    snprintf(uri, sizeof uri, "vds;under=native:%s/rows.h5", dir);
    if (mode[0] == 'r')
        return CHECK_PTR(h5x_file_open(uri, mode, NULL));
    for (int r = 0; r < ROWS - 2; r++) {
        snprintf(name, sizeof name, "rows-%d.h5", r);
        write_source(name, r, N);
    }
    write_source("rows-strided.h5", 9, 2 * N);
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2(ROWS, N), H5X_I32));
    for (int r = 0; layout && r < ROWS - 2; r++) {
        snprintf(name, sizeof name, "rows-%d.h5", r);
        h5x_vds_source *s = CHECK_PTR(h5x_vds_source_new(name, "data", SHAPE1(N), NULL));
        char row[16];
        snprintf(row, sizeof row, "%d", r);
        CHECK_OK(h5x_vds_layout_map_text(layout, row, s));
        h5x_close(s);
    }
    h5x_vds_source *all = CHECK_PTR(h5x_vds_source_new("rows-strided.h5", "data", SHAPE1(2 * N), NULL));
    h5x_vds_source *odd = all ? CHECK_PTR(h5x_vds_source_select_text(all, "1::2")) : NULL;
    if (layout && odd) {
        char row[16];
        snprintf(row, sizeof row, "%d", ROWS - 2);
        CHECK_OK(h5x_vds_layout_map_text(layout, row, odd));
    }
    h5x_close(odd);
    h5x_close(all);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    const int32_t fill = -7;
    if (f && layout)
        h5x_close(CHECK_PTR(h5x_vds_create(f, "v", layout, &fill)));
    h5x_close(layout);
    return f;
}

static int32_t expected(uint64_t row, uint64_t column)
{
    if (row < ROWS - 2)
        return value((int)row, column);
    if (row == ROWS - 2)
        return value(9, 2 * column + 1);
    return -7;
}

static void test_stacked_rows(void)
{
    harness_case("stacked rows: whole, blocks, strided rows, points, converted");
    h5x_close(open_rows("w"));
    h5x_object *f = open_rows("r");
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (!v) {
        h5x_close(f);
        return;
    }
    static int32_t whole[ROWS * N], want[ROWS * N];
    for (uint64_t r = 0; r < ROWS; r++)
        for (uint64_t c = 0; c < N; c++)
            want[r * N + c] = expected(r, c);
    CHECK_OK(h5x_dataset_read(v, NULL, H5X_I32, whole, sizeof whole));
    CHECK_I32S(whole, want, ROWS * N);
    /* again: the sources are open now, and the buffer holds the last values */
    memset(whole, 0x5a, sizeof whole);
    CHECK_OK(h5x_dataset_read(v, NULL, H5X_I32, whole, sizeof whole));
    CHECK_I32S(whole, want, ROWS * N);

    int32_t block[3 * 20], block_want[3 * 20];
    for (uint64_t r = 0; r < 3; r++)
        for (uint64_t c = 0; c < 20; c++)
            block_want[r * 20 + c] = expected(r + 2, c + 100);
    CHECK_OK(h5x_dataset_read_text(v, "2:5, 100:120", H5X_I32, block, sizeof block));
    CHECK_I32S(block, block_want, 3 * 20);

    int32_t strided[3 * 4], strided_want[3 * 4];
    for (uint64_t r = 0; r < 3; r++)
        for (uint64_t c = 0; c < 4; c++)
            strided_want[r * 4 + c] = expected(2 * r + 1, 3 + 7 * c);
    CHECK_OK(h5x_dataset_read_text(v, "1::2, 3:31:7", H5X_I32, strided, sizeof strided));
    CHECK_I32S(strided, strided_want, 3 * 4);

    int32_t column[ROWS], column_want[ROWS];
    for (uint64_t r = 0; r < ROWS; r++)
        column_want[r] = expected(r, N - 1);
    CHECK_OK(h5x_dataset_read_text(v, ":, -1", H5X_I32, column, sizeof column));
    CHECK_I32S(column, column_want, ROWS);

    int32_t listed[3 * 2];
    CHECK_OK(h5x_dataset_read_text(v, "[0, 4, 5], 497:499", H5X_I32, listed, sizeof listed));
    CHECK_I32S(listed,
               ((int32_t[]){expected(0, 497), expected(0, 498), expected(4, 497), expected(4, 498), -7, -7}), 6);

    int32_t point[2];
    CHECK_OK(h5x_dataset_read_text(v, "4, 250", H5X_I32, point, sizeof point[0]));
    CHECK_INT(point[0], expected(4, 250));

    static int64_t wide[ROWS * N];
    CHECK_OK(h5x_dataset_read(v, NULL, H5X_I64, wide, sizeof wide));
    int converted = 1;
    for (uint64_t i = 0; i < ROWS * N; i++)
        converted = converted && wide[i] == (int64_t)want[i];
    CHECK_MSG(converted, "every element converted to int64 equals the int32 one");
    h5x_close(v);
    CHECK_OK(h5x_close(f));
}

static void test_write_rows(void)
{
    harness_case("writing whole rows and a strided row writes the sources");
    h5x_close(open_rows("w"));
    h5x_object *f = open_rows("r+");
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (!v) {
        h5x_close(f);
        return;
    }
    int32_t rows[2 * N];
    for (int i = 0; i < 2 * N; i++)
        rows[i] = -1000 - i;
    CHECK_OK(h5x_dataset_write_text(v, "3:5, :", H5X_I32, rows, NULL)); /* a whole row, and the odd elements */
    int32_t back[2 * N];
    CHECK_OK(h5x_dataset_read_text(v, "3:5, :", H5X_I32, back, sizeof back));
    CHECK_I32S(back, rows, 2 * N);
    h5x_close(v);
    CHECK_OK(h5x_close(f));
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s/rows-strided.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    h5x_object *d = f ? CHECK_PTR(h5x_open(f, "data")) : NULL;
    int32_t pair[4];
    if (d)
        CHECK_OK(h5x_dataset_read_text(d, "0:4", H5X_I32, pair, sizeof pair));
    if (d)
        CHECK_I32S(pair, ((int32_t[]){value(9, 0), -1000 - N, value(9, 2), -1000 - N - 1}), 4);
    h5x_close(d);
    h5x_close(f);
}

static void test_resolved_entries(void)
{
    harness_case("h5x_dataset_read_resolved and _write_resolved: ranges, lists, everything, refusals");
    char uri[4200];
    snprintf(uri, sizeof uri, "core:%s/resolved.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f)
        return;
    int32_t grid[4 * 10];
    for (int i = 0; i < 40; i++)
        grid[i] = i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = grid;
    h5x_object *d = CHECK_PTR(h5x_dataset_create(f, "grid", H5X_I32, SHAPE2(4, 10), &options));
    if (!d) {
        h5x_close(f);
        return;
    }
    static const uint64_t columns[3] = {0, 4, 9};
    h5x_resolved_selection sel = {.kind = H5X_SEL_ORTHOGONAL, .rank = 2};
    sel.axes[0] = (h5x_axis_selection){.start = 1, .step = 2, .count = 2};
    sel.axes[1] = (h5x_axis_selection){.count = 3, .list = columns};
    int32_t got[6];
    CHECK_OK(h5x_dataset_read_resolved(d, &sel, H5X_I32, got));
    CHECK_I32S(got, ((int32_t[]){10, 14, 19, 30, 34, 39}), 6);
    double as_double[6];
    CHECK_OK(h5x_dataset_read_resolved(d, &sel, H5X_F64, as_double));
    CHECK_DOUBLE(as_double[5], 39);

    const int32_t news[6] = {-1, -2, -3, -4, -5, -6};
    CHECK_OK(h5x_dataset_write_resolved(d, &sel, H5X_I32, news));
    int32_t row3[10];
    CHECK_OK(h5x_dataset_read_text(d, "3", H5X_I32, row3, sizeof row3));
    CHECK_I32S(row3, ((int32_t[]){-4, 31, 32, 33, -5, 35, 36, 37, 38, -6}), 10);

    /* a selection of everything, as ORTHOGONAL and as ALL */
    h5x_resolved_selection every = {.kind = H5X_SEL_ORTHOGONAL, .rank = 2};
    every.axes[0] = (h5x_axis_selection){.start = 0, .step = 1, .count = 4};
    every.axes[1] = (h5x_axis_selection){.start = 0, .step = 1, .count = 10};
    int32_t all[40];
    CHECK_OK(h5x_dataset_read_resolved(d, &every, NULL, all));
    CHECK_INT(all[13], 13);
    CHECK_INT(all[30], -4);
    every.kind = H5X_SEL_ALL;
    memset(all, 0, sizeof all);
    CHECK_OK(h5x_dataset_read_resolved(d, &every, H5X_I32, all));
    CHECK_INT(all[39], -6);

    /* refusals */
    sel.axes[0] = (h5x_axis_selection){.start = 1, .step = 2, .count = 3}; /* rows 1, 3, 5 of 4 */
    CHECK_STATUS(h5x_dataset_read_resolved(d, &sel, H5X_I32, got), H5X_ERR_SELECTION);
    CHECK_MESSAGE("do not fit");
    every.rank = 1;
    CHECK_STATUS(h5x_dataset_read_resolved(d, &every, H5X_I32, all), H5X_ERR_SELECTION);
    CHECK_STATUS(h5x_dataset_read_resolved(d, NULL, H5X_I32, all), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dataset_read_resolved(d, &sel, H5X_I32, NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dataset_read_resolved(f, &sel, H5X_I32, got), H5X_ERR_BAD_HANDLE);

    /* the entry for a handle the caller holds: same values, same refusals */
    sel.axes[0] = (h5x_axis_selection){.start = 1, .step = 2, .count = 2};
    memset(got, 0, sizeof got);
    CHECK_OK(h5x_dataset_read_resolved_held(d, &sel, H5X_I32, got));
    CHECK_I32S(got, news, 6);
    memset(as_double, 0, sizeof as_double);
    CHECK_OK(h5x_dataset_read_resolved_held(d, &sel, H5X_F64, as_double));
    CHECK_DOUBLE(as_double[2], -3);
    every.rank = 2;
    every.kind = H5X_SEL_ALL;
    memset(all, 0, sizeof all);
    CHECK_OK(h5x_dataset_read_resolved_held(d, &every, NULL, all));
    CHECK_INT(all[19], -3);
    CHECK_INT(all[39], -6);
    sel.axes[0] = (h5x_axis_selection){.start = 2, .step = 1, .count = 3}; /* rows 2..4 of 4 */
    CHECK_STATUS(h5x_dataset_read_resolved_held(d, &sel, H5X_I32, got), H5X_ERR_SELECTION);
    CHECK_MESSAGE("do not fit");
    CHECK_STATUS(h5x_dataset_read_resolved_held(d, NULL, H5X_I32, got), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dataset_read_resolved_held(f, &every, H5X_I32, all), H5X_ERR_BAD_HANDLE);
    CHECK_MESSAGE("not a dataset");
    h5x_close(d);
    CHECK_OK(h5x_close(f));

    /* read-only */
    snprintf(uri, sizeof uri, "native:%s/resolved-ro.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (f)
        h5x_close(CHECK_PTR(h5x_dataset_create(f, "grid", H5X_I32, SHAPE2(4, 10), &options)));
    h5x_close(f);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    d = f ? CHECK_PTR(h5x_open(f, "grid")) : NULL;
    if (d) {
        sel.axes[0] = (h5x_axis_selection){.start = 1, .step = 2, .count = 2};
        CHECK_STATUS(h5x_dataset_write_resolved(d, &sel, H5X_I32, news), H5X_ERR_READ_ONLY);
        CHECK_OK(h5x_dataset_read_resolved(d, &sel, H5X_I32, got));
        CHECK_I32S(got, ((int32_t[]){10, 14, 19, 30, 34, 39}), 6);
    }
    h5x_close(d);
    h5x_close(f);
}

/* A carrier written by hand: the description text as the data of a uint8
 * dataset, and the marker attribute the vds connector recognises. */
static void write_carrier(const char *file, const char *text)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s/%s", dir, file);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f)
        return;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = text;
    h5x_object *d = CHECK_PTR(h5x_dataset_create(f, "v", H5X_U8, SHAPE1(strlen(text)), &options));
    const int32_t fill = -3;
    if (d)
        CHECK_OK(h5x_attr_set(d, "_h5x_virtual_layout", H5X_I32, NULL, &fill));
    h5x_close(d);
    CHECK_OK(h5x_close(f));
}

static void test_damaged_descriptions(void)
{
    harness_case("damaged mapping descriptions are refused as corrupt when opened");
    /* (10,) from a missing source: valid, reads as the fill value */
    write_carrier("carrier-ok.h5", "h5x-vds 1 1 10 1 0 1 10 1 10:absent.h5 4:data 1 10 0 1 10 1");
    char uri[4200];
    snprintf(uri, sizeof uri, "vds;under=native:%s/carrier-ok.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    int32_t got[10];
    if (v) {
        CHECK_OK(h5x_dataset_read(v, NULL, H5X_I32, got, sizeof got));
        CHECK_I32S(got, ((int32_t[]){-3, -3, -3, -3, -3, -3, -3, -3, -3, -3}), 10);
    }
    h5x_close(v);
    h5x_close(f);
    static const char *const damaged[] = {
        "h5x-vds 1 1 10 1 0 0 5 2 10:absent.h5 4:data 1 10 0 1 10 1", /* blocks of 2 every 0 */
        "h5x-vds 1 1 10 1 4 1 10 1 10:absent.h5 4:data 1 10 0 1 10 1", /* past the end of the dataset */
        "h5x-vds 1 1 10 1 0 1 10 1 10:absent.h5 4:data 1 10 5 1 10 1", /* past the end of the source */
        "h5x-vds 1 1 10 1 0 3 5 2 10:absent.h5 4:data 1 10 0 1 10 1",  /* blocks overlapping the end */
    };
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        write_carrier("carrier-bad.h5", damaged[i]);
        snprintf(uri, sizeof uri, "vds;under=native:%s/carrier-bad.h5", dir);
        f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
        if (f)
            CHECK_NULL_STATUS(h5x_open(f, "v"), H5X_ERR_CORRUPT);
        h5x_close(f);
    }
}

int main(int argc, char **argv)
{
    if (harness_work_directory(argc, argv, dir, sizeof dir) != 0)
        return 2;
    harness_section("vds reads");
    test_stacked_rows();
    test_write_rows();
    test_resolved_entries();
    test_damaged_descriptions();
    return harness_finish();
}
