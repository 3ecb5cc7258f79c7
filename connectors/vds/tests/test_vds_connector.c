/*
 * test_vds_connector.c — what the vds stacking connector adds beyond the
 * conformance section (conformance.<connector>.vds).
 *
 *   - a virtual dataset in an in-memory core file over sources in family
 *     files (split into several members each), read and written through;
 *   - missing sources: the fill value by default, and with strict=1 an
 *     error naming the missing file and dataset — a missing file and a
 *     missing dataset in an existing file;
 *   - the explicit stack "vds;under=NAME;..." with the options of the
 *     connector below, and its refusals;
 *   - sources opened once and kept while the virtual dataset is open;
 *   - the prefix option for relative source names;
 *   - sources in the virtual dataset's own file ("."), on core and family.
 *
 * usage: test_vds_connector WORKDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "h5x.h"

#define N 1000
#define SHAPE1(a) (&(h5x_shape){.rank = 1, .dims = {(a)}})
#define SHAPE2(a, b) (&(h5x_shape){.rank = 2, .dims = {(a), (b)}})

static char dir[2048];

static void write_source(const char *uri, int n, uint64_t length)
{
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f)
        return;
    double *values = malloc(length * sizeof *values);
    for (uint64_t i = 0; i < length; i++)
        values[i] = n * 10000.0 + (double)i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(f, "data", H5X_F64, SHAPE1(length), &options)));
    free(values);
    CHECK_OK(h5x_close(f));
}

/* A layout of `rows` rows of N, row r from file_names[r]. */
static h5x_vds_layout *rows_layout(int rows, const char *const *file_names)
{
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2((uint64_t)rows, N), H5X_F64));
    for (int r = 0; layout && r < rows; r++) {
        h5x_vds_source *s = CHECK_PTR(h5x_vds_source_new(file_names[r], "data", SHAPE1(N), NULL));
        char row[16];
        snprintf(row, sizeof row, "%d", r);
        CHECK_OK(h5x_vds_layout_map_text(layout, row, s));
        h5x_close(s);
    }
    return layout;
}

static void test_core_over_family(void)
{
    harness_case("a virtual dataset in a core file over sources in family files");
    char uri[4200];
    for (int n = 0; n < 3; n++) {
        snprintf(uri, sizeof uri, "family;member_size=4KiB:%s/raw%d-%%d.h5", dir, n);
        write_source(uri, n, N); /* 8000 bytes: two members or more */
    }
    snprintf(uri, sizeof uri, "%s/raw0-1.h5", dir);
    CHECK_MSG(access(uri, F_OK) == 0, "the family has a second member");
    const char *names[3] = {"family:raw0-%d.h5", "family:raw1-%d.h5", "family:raw2-%d.h5"};
    h5x_vds_layout *layout = rows_layout(3, names);
    snprintf(uri, sizeof uri, "core:%s/in-memory.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f || !layout)
        return;
    char *connector = h5x_file_connector(f);
    CHECK_STR(connector, "core");
    h5x_free(connector);
    const double fill = -1;
    h5x_object *vds = CHECK_PTR(h5x_vds_create(f, "stacked", layout, &fill));
    h5x_close(layout);
    CHECK_INT(h5x_vds_is_virtual(vds), 1);
    static double got[3 * N];
    CHECK_OK(h5x_dataset_read(vds, NULL, H5X_F64, got, sizeof got));
    int wrong = 0;
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < N; i++)
            wrong += got[r * N + i] != r * 10000.0 + i;
    CHECK_INT(wrong, 0);
    double few[3];
    CHECK_OK(h5x_dataset_read_text(vds, ":, 999", H5X_F64, few, sizeof few));
    CHECK_DOUBLE(few[0], 999);
    CHECK_DOUBLE(few[2], 20999);
    const double written[2] = {0.5, 1.5};
    CHECK_OK(h5x_dataset_write_text(vds, "1, 500:502", H5X_F64, written, NULL));
    h5x_close(vds);
    CHECK_OK(h5x_close(f));
    /* the write is in the family file itself */
    snprintf(uri, sizeof uri, "family:%s/raw1-%%d.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    if (f) {
        CHECK_OK(h5x_dataset_read_text(h5x_open(f, "data"), "499:502", H5X_F64, few, sizeof few));
        CHECK_DOUBLE(few[0], 10499);
        CHECK_DOUBLE(few[1], 0.5);
        CHECK_DOUBLE(few[2], 1.5);
        h5x_close(f);
    }
}

/* Writes DIR/NAME.h5 through "vds;under=native" with rows from names. */
static void make_vds(const char *name, int rows, const char *const *names)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "vds;under=native:%s/%s.h5", dir, name);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    h5x_vds_layout *layout = rows_layout(rows, names);
    const double fill = -7;
    if (f && layout)
        h5x_close(CHECK_PTR(h5x_vds_create(f, "v", layout, &fill)));
    h5x_close(layout);
    h5x_close(f);
}

static void test_missing_sources(void)
{
    harness_case("missing sources: fill by default, an error naming them with strict=1");
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s/present.h5", dir);
    write_source(uri, 1, N);
    const char *names[3] = {"present.h5", "absent.h5", "present.h5"};
    make_vds("missing", 3, names);
    /* row 2 names a dataset the file lacks */
    snprintf(uri, sizeof uri, "vds;under=native:%s/missing.h5", dir);
    static double got[3 * N];
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_OK(h5x_dataset_read(v, NULL, H5X_F64, got, sizeof got));
        CHECK_DOUBLE(got[5], 10005);
        CHECK_DOUBLE(got[N + 5], -7);
        CHECK_DOUBLE(got[2 * N + 5], 10005);
    }
    h5x_close(v);
    h5x_close(f);

    snprintf(uri, sizeof uri, "vds;under=native;strict=1:%s/missing.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_OK(h5x_dataset_read_text(v, "0, :", H5X_F64, got, sizeof got)); /* present: fine */
        CHECK_STATUS(h5x_dataset_read(v, NULL, H5X_F64, got, sizeof got), H5X_ERR_NOT_FOUND);
        const char *message = h5x_last_error()->message;
        CHECK_MSG(strstr(message, "absent.h5") && strstr(message, "'data'"), "message: %s", message);
    }
    h5x_close(v);
    h5x_close(f);

    /* a file that exists but lacks the dataset */
    const char *wrong_path[1] = {"present.h5"};
    make_vds("wrong-dataset", 1, wrong_path);
    snprintf(uri, sizeof uri, "native:%s/present.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r+", NULL));
    if (f) {
        CHECK_OK(h5x_link_move(f, "data", f, "renamed"));
        h5x_close(f);
    }
    snprintf(uri, sizeof uri, "vds;under=native;strict=yes:%s/wrong-dataset.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_STATUS(h5x_dataset_read(v, NULL, H5X_F64, got, sizeof got), H5X_ERR_NOT_FOUND);
        const char *message = h5x_last_error()->message;
        CHECK_MSG(strstr(message, "present.h5") && strstr(message, "no such dataset"), "message: %s", message);
    }
    h5x_close(v);
    h5x_close(f);
    snprintf(uri, sizeof uri, "vds;under=native:%s/wrong-dataset.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_OK(h5x_dataset_read(v, NULL, H5X_F64, got, sizeof got));
        CHECK_DOUBLE(got[0], -7);
    }
    h5x_close(v);
    h5x_close(f);
}

static void test_stack_options(void)
{
    harness_case("the explicit stack: options for the connector below, and refusals");
    char uri[4200];
    snprintf(uri, sizeof uri, "vds;under=family;member_size=8KiB:%s/stacked-%%d.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (f) {
        char *connector = h5x_file_connector(f);
        CHECK_STR(connector, "family");
        h5x_free(connector);
        h5x_close(f);
    }
    snprintf(uri, sizeof uri, "vds;under=native;bogus=1:%s/x.h5", dir);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_OPTION);
    snprintf(uri, sizeof uri, "vds;under=vds:%s/x.h5", dir);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_OPTION);
    snprintf(uri, sizeof uri, "vds;under=no_such_connector:%s/x.h5", dir);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_PLUGIN);
    snprintf(uri, sizeof uri, "vds;under=native;strict=maybe:%s/x.h5", dir);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_OPTION);
}

static void test_caching_and_prefix(void)
{
    harness_case("sources are opened once and kept while the virtual dataset is open");
    char uri[4200], from[4200], to[4200];
    snprintf(uri, sizeof uri, "native:%s/cached.h5", dir);
    write_source(uri, 3, N);
    const char *names[2] = {"cached.h5", "cached.h5"};
    make_vds("cache", 2, names);
    snprintf(uri, sizeof uri, "vds;under=native:%s/cache.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    double x[2];
    if (v) {
        CHECK_OK(h5x_dataset_read_text(v, ":, 7", H5X_F64, x, sizeof x));
        CHECK_DOUBLE(x[1], 30007);
        /* the file goes away: the open source still serves */
        snprintf(from, sizeof from, "%s/cached.h5", dir);
        snprintf(to, sizeof to, "%s/elsewhere/cached.h5", dir);
        snprintf(uri, sizeof uri, "%s/elsewhere", dir);
        CHECK_INT(mkdir(uri, 0755), 0);
        CHECK_INT(rename(from, to), 0);
        x[0] = x[1] = 0;
        CHECK_OK(h5x_dataset_read_text(v, ":, 8", H5X_F64, x, sizeof x));
        CHECK_DOUBLE(x[0], 30008);
        CHECK_DOUBLE(x[1], 30008);
    }
    h5x_close(v);
    h5x_close(f);
    /* reopened, the source is gone from next to the file ... */
    snprintf(uri, sizeof uri, "vds;under=native:%s/cache.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_OK(h5x_dataset_read_text(v, ":, 8", H5X_F64, x, sizeof x));
        CHECK_DOUBLE(x[0], -7);
    }
    h5x_close(v);
    h5x_close(f);
    harness_case("prefix= tells where relative source names are found");
    /* a directory is no URI prefix: the spec goes in the options */
    char spec[4200];
    snprintf(spec, sizeof spec, "vds;under=native;prefix=%s/elsewhere", dir);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = spec;
    snprintf(uri, sizeof uri, "%s/cache.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", &options));
    v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    if (v) {
        CHECK_OK(h5x_dataset_read_text(v, ":, 8", H5X_F64, x, sizeof x));
        CHECK_DOUBLE(x[0], 30008);
    }
    h5x_close(v);
    h5x_close(f);
}

/* A (3, 50) virtual dataset in `uri` over the dataset raw/a (2, 50) of the
 * same file, named "."; its last row maps a dataset that is not there. */
static h5x_object *make_own_file_vds(const char *uri)
{
    h5x_object *f = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!f)
        return NULL;
    double values[2 * 50];
    for (int i = 0; i < 100; i++)
        values[i] = 0.5 * i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(f, "raw/a", H5X_F64, SHAPE2(2, 50), &options)));
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2(3, 50), H5X_F64));
    h5x_vds_source *a = CHECK_PTR(h5x_vds_source_new(".", "raw/a", SHAPE2(2, 50), NULL));
    h5x_vds_source *absent = CHECK_PTR(h5x_vds_source_new(".", "/not/there", SHAPE1(50), NULL));
    h5x_vds_source *row0 = a ? CHECK_PTR(h5x_vds_source_select_text(a, "1")) : NULL; /* swapped rows */
    h5x_vds_source *row1 = a ? CHECK_PTR(h5x_vds_source_select_text(a, "0")) : NULL;
    if (layout && row0 && row1 && absent) {
        CHECK_OK(h5x_vds_layout_map_text(layout, "0", row0));
        CHECK_OK(h5x_vds_layout_map_text(layout, "1", row1));
        CHECK_OK(h5x_vds_layout_map_text(layout, "2", absent));
        const double fill = -1;
        h5x_close(CHECK_PTR(h5x_vds_create(f, "v", layout, &fill)));
    }
    h5x_close(row0);
    h5x_close(row1);
    h5x_close(absent);
    h5x_close(a);
    h5x_close(layout);
    return f;
}

static void check_own_file_vds(h5x_object *f, double row1_first)
{
    h5x_object *v = CHECK_PTR(h5x_open(f, "v"));
    double got[3 * 50];
    if (v && CHECK_OK(h5x_dataset_read(v, NULL, H5X_F64, got, sizeof got)) >= 0) {
        CHECK_DOUBLE(got[0], 25);        /* raw/a[1, 0] */
        CHECK_DOUBLE(got[49], 49.5);     /* raw/a[1, 49] */
        CHECK_DOUBLE(got[50], row1_first); /* raw/a[0, 0] */
        CHECK_DOUBLE(got[99], 24.5);
        CHECK_DOUBLE(got[100], -1);      /* the missing source: fill */
        CHECK_DOUBLE(got[149], -1);
    }
    h5x_close(v);
}

static void test_own_file_sources(void)
{
    harness_case("sources in the virtual dataset's own file ('.'): core and family");
    char uri[4200];
    snprintf(uri, sizeof uri, "core:%s/own.h5", dir);
    h5x_object *f = make_own_file_vds(uri);
    if (f) {
        check_own_file_vds(f, 0);
        /* writing the virtual dataset writes raw/a, seen by both */
        h5x_object *v = CHECK_PTR(h5x_open(f, "v"));
        const double written[2] = {-10, -11};
        if (v)
            CHECK_OK(h5x_dataset_write_text(v, "1, 0:2", H5X_F64, written, NULL));
        double raw[2] = {0, 0};
        h5x_object *a = CHECK_PTR(h5x_open(f, "raw/a"));
        if (a)
            CHECK_OK(h5x_dataset_read_text(a, "0, 0:2", H5X_F64, raw, sizeof raw));
        CHECK_DOUBLE(raw[0], -10);
        CHECK_DOUBLE(raw[1], -11);
        /* a write to the missing row is an error naming it */
        if (v)
            CHECK_STATUS(h5x_dataset_write_text(v, "2, 0:2", H5X_F64, written, NULL), H5X_ERR_NOT_FOUND);
        CHECK_MESSAGE("/not/there");
        h5x_close(a);
        h5x_close(v);
        CHECK_OK(h5x_close(f));
    }

    snprintf(uri, sizeof uri, "family;member_size=4KiB:%s/own-%%d.h5", dir);
    f = make_own_file_vds(uri);
    if (f) {
        check_own_file_vds(f, 0);
        /* a virtual dataset whose source is a virtual dataset of the same file */
        h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE1(50), H5X_F64));
        h5x_vds_source *s = CHECK_PTR(h5x_vds_source_new(".", "v", SHAPE2(3, 50), NULL));
        h5x_vds_source *row = s ? CHECK_PTR(h5x_vds_source_select_text(s, "0")) : NULL;
        if (layout && row)
            CHECK_OK(h5x_vds_layout_map_text(layout, ":", row));
        h5x_close(row);
        h5x_close(s);
        h5x_object *nested = layout ? CHECK_PTR(h5x_vds_create(f, "nested", layout, NULL)) : NULL;
        h5x_close(layout);
        double got[50];
        if (nested)
            CHECK_STATUS(h5x_dataset_read(nested, NULL, H5X_F64, got, sizeof got), H5X_ERR_NOT_SUPPORTED);
        CHECK_MESSAGE("itself a virtual dataset");
        h5x_close(nested);
        CHECK_OK(h5x_close(f));
    }
    /* reopened, and with strict=1 the missing row is an error */
    snprintf(uri, sizeof uri, "family:%s/own-%%d.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    if (f) {
        check_own_file_vds(f, 0);
        CHECK_OK(h5x_close(f));
    }
    snprintf(uri, sizeof uri, "vds;under=family;strict=1:%s/own-%%d.h5", dir);
    f = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    h5x_object *v = f ? CHECK_PTR(h5x_open(f, "v")) : NULL;
    double row[50];
    if (v) {
        CHECK_OK(h5x_dataset_read_text(v, "0", H5X_F64, row, sizeof row));
        CHECK_DOUBLE(row[3], 26.5);
        CHECK_STATUS(h5x_dataset_read_text(v, "2", H5X_F64, row, sizeof row), H5X_ERR_NOT_FOUND);
        CHECK_MESSAGE("'/not/there' in the file '.' is missing");
    }
    h5x_close(v);
    h5x_close(f);
}

int main(int argc, char **argv)
{
    if (harness_work_directory(argc, argv, dir, sizeof dir) != 0)
        return 2;
    harness_section("vds connector");
    test_core_over_family();
    test_missing_sources();
    test_stack_options();
    test_caching_and_prefix();
    test_own_file_sources();
    return harness_finish();
}
