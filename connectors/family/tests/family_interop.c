/*
 * family_interop.c — the h5x half of the family interop tests
 * (family_interop.py holds the h5py half and runs both).
 *
 *   family_interop write URI    writes the content through h5x
 *   family_interop read URI     reads the content and checks every value
 *
 * The content is the one family_interop.py writes with h5py, large enough
 * to span several members of 1 MiB:
 *
 *   /x            458752 f8 (3.5 MiB), x[i] = i / 4, contiguous
 *   /g/ints       (300, 400) i4, chunks (50, 100), gzip 4, (i * 7) % 1000
 *                 over the flattened index
 *   /g.attrs      scale = [1.5, 2.5] (f8)
 *   /.attrs       version = 3 (i8), title = "family" (variable UTF-8)
 *   /link         soft link to /g/ints
 *
 * Exit status: 0 when every check passed, 1 otherwise, 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x.h"
#include "harness.h"

#define X_COUNT UINT64_C(458752)
#define ROWS 300
#define COLUMNS 400

static void write_content(const char *uri)
{
    harness_case("write the content");
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(uri, "w", NULL));
    double *x = malloc(X_COUNT * sizeof *x);
    int32_t *ints = malloc(ROWS * COLUMNS * sizeof *ints);
    REQUIRE(x && ints);
    for (uint64_t i = 0; i < X_COUNT; i++)
        x[i] = (double)i / 4;
    for (int i = 0; i < ROWS * COLUMNS; i++)
        ints[i] = (i * 7) % 1000;

    h5x_shape x_shape = h5x_shape_of(1, (uint64_t[]){X_COUNT});
    h5x_dataset_options x_options = H5X_DATASET_OPTIONS_INIT;
    x_options.data = x;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "x", H5X_F64, &x_shape, &x_options)));

    h5x_shape ints_shape = h5x_shape_of(2, (uint64_t[]){ROWS, COLUMNS});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){50, 100});
    h5x_dataset_options ints_options = H5X_DATASET_OPTIONS_INIT;
    ints_options.chunks = &chunks;
    ints_options.filters = "gzip:4";
    ints_options.data = ints;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "g/ints", H5X_I32, &ints_shape, &ints_options)));

    h5x_object *group = CHECK_PTR(h5x_open(file, "g"));
    double scale[2] = {1.5, 2.5};
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    CHECK_OK(h5x_attr_set(group, "scale", H5X_F64, &two, scale));
    h5x_close(group);
    int64_t version = 3;
    CHECK_OK(h5x_attr_set(file, "version", H5X_I64, NULL, &version));
    h5x_dtype *text = h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE);
    const char *title = "family";
    CHECK_OK(h5x_attr_set(file, "title", text, NULL, &title));
    h5x_close(text);
    CHECK_OK(h5x_link_soft(file, "link", "/g/ints"));
    CHECK_OK(h5x_close(file));
    free(x);
    free(ints);
}

static void read_content(const char *uri)
{
    harness_case("read the content and compare every value");
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(uri, "r", NULL));
    char *connector = h5x_file_connector(file);
    CHECK_STR(connector, "family");
    h5x_free(connector);

    double *x = calloc(X_COUNT, sizeof *x), *x_want = malloc(X_COUNT * sizeof *x_want);
    int64_t *ints = calloc(ROWS * COLUMNS, sizeof *ints), *ints_want = malloc(ROWS * COLUMNS * sizeof *ints_want);
    REQUIRE(x && x_want && ints && ints_want);
    for (uint64_t i = 0; i < X_COUNT; i++)
        x_want[i] = (double)i / 4;
    for (int i = 0; i < ROWS * COLUMNS; i++)
        ints_want[i] = (i * 7) % 1000;

    h5x_object *dataset = CHECK_PTR(h5x_open(file, "x"));
    h5x_shape shape;
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, (int64_t)X_COUNT);
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, x, X_COUNT * sizeof *x));
    CHECK_DOUBLES(x, x_want, X_COUNT);
    h5x_close(dataset);

    const char *names[] = {"g/ints", "link"};
    for (size_t n = 0; n < 2; n++) {
        dataset = CHECK_PTR(h5x_open(file, names[n]));
        CHECK_OK(h5x_dataset_shape(dataset, &shape));
        CHECK_SHAPE(&shape, 2, ROWS, COLUMNS);
        h5x_shape chunks;
        CHECK_OK(h5x_dataset_chunks(dataset, &chunks));
        CHECK_SHAPE(&chunks, 2, 50, 100);
        char *filters = h5x_dataset_filters(dataset);
        CHECK_STR(filters, "gzip:4");
        h5x_free(filters);
        memset(ints, 0, ROWS * COLUMNS * sizeof *ints);
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, ints, ROWS * COLUMNS * sizeof *ints));
        CHECK_INTS(ints, ints_want, ROWS * COLUMNS);
        h5x_close(dataset);
    }

    h5x_object *group = CHECK_PTR(h5x_open(file, "g"));
    double scale[2] = {0, 0};
    CHECK_OK(h5x_attr_get(group, "scale", H5X_F64, scale, sizeof scale));
    CHECK_DOUBLES(scale, ((double[]){1.5, 2.5}), 2);
    h5x_close(group);
    int64_t version = 0;
    CHECK_OK(h5x_attr_get(file, "version", H5X_I64, &version, sizeof version));
    CHECK_INT(version, 3);
    h5x_dtype *text = h5x_dtype_text();
    char *title = NULL;
    CHECK_OK(h5x_attr_get(file, "title", text, &title, sizeof title));
    CHECK_STR(title, "family");
    h5x_reclaim(text, &title, 1);
    h5x_close(text);
    CHECK_OK(h5x_close(file));
    free(x);
    free(x_want);
    free(ints);
    free(ints_want);
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: family_interop write|read URI\n");
        return 2;
    }
    harness_section(argv[1]);
    if (strcmp(argv[1], "write") == 0)
        write_content(argv[2]);
    else
        read_content(argv[2]);
    return harness_finish();
}
