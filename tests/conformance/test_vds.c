/*
 * test_vds.c — the "vds" section: h5py's virtual datasets.
 *
 * The seeds' example first: four 1-D sources of 100 int32 stacked into a
 * (4, 100) layout with fill value -5, then the mappings h5py users make
 * beyond it — interleaved strided slices, a slice of a source, rows left
 * unmapped, a source that does not exist, a layout made before its
 * sources, a block poured into another shape — read whole, by small and
 * strided selections, by points and with conversion, written through, and
 * read again after the file is closed and reopened.  The sources are
 * native files next to the virtual dataset's file, named relatively, so
 * that the virtual dataset's directory (not the current one) is where they
 * are found.  On the native connector the result is HDF5's own virtual
 * dataset; on the others the vds connector stacks on top of the connector
 * under test, and a source in that connector's own files is mapped too
 * when its files persist.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"

#define N 100
#define SHAPE1(a) (&(h5x_shape){.rank = 1, .dims = {(a)}})
#define SHAPE2(a, b) (&(h5x_shape){.rank = 2, .dims = {(a), (b)}})
/* int32 arrays compared byte for byte */
#define CHECK_I32S(got, want, n) CHECK_BYTES((got), (want), (n) * sizeof(int32_t))

/* Writes source n ("vds-src-n.h5", dataset "data"): n * 1000 + i. */
static void write_source(const conf_context *ctx, const char *stem, int n, uint64_t length)
{
    char path[4096 + 64], uri[4096 + 80];
    snprintf(path, sizeof path, "%s/%s.h5", ctx->directory, stem);
    snprintf(uri, sizeof uri, "native:%s", path);
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!file)
        return;
    int32_t values[4 * N];
    for (uint64_t i = 0; i < length; i++)
        values[i] = n * 1000 + (int32_t)i;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){length});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "data", H5X_I32, &shape, &options)));
    CHECK_OK(h5x_close(file));
}

static void test_seed_example(conf_context *ctx)
{
    harness_case("the seeds' example: four sources stacked into (4, 100) with fill value -5");
    char stem[64];
    for (int n = 1; n <= 4; n++) {
        snprintf(stem, sizeof stem, "vds-src-%d", n);
        write_source(ctx, stem, n, N);
    }
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2(4, N), H5X_I32));
    REQUIRE(layout);
    for (int n = 1; n <= 4; n++) {
        char name[64], row[16];
        snprintf(name, sizeof name, "vds-src-%d.h5", n);
        snprintf(row, sizeof row, "%d", n - 1);
        h5x_vds_source *vsource = CHECK_PTR(h5x_vds_source_new(name, "data", SHAPE1(N), NULL));
        CHECK_OK(h5x_vds_layout_map_text(layout, row, vsource)); /* layout[n - 1] = vsource */
        h5x_close(vsource);
    }
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "vds-seed", "w"));
    const int32_t fill = -5;
    h5x_object *vds = CHECK_PTR(h5x_vds_create(file, "data", layout, &fill));
    CHECK_OK(h5x_close(layout));
    h5x_close(vds);
    REQUIRE_PTR(file, conf_reopen(ctx, file, "vds-seed", "r"));
    REQUIRE_PTR(vds, h5x_open(file, "data"));
    h5x_shape shape;
    CHECK_OK(h5x_dataset_shape(vds, &shape));
    CHECK_SHAPE(&shape, 2, 4, N);
    CHECK_INT(h5x_vds_is_virtual(vds), 1);
    static int32_t got[4 * N], want[4 * N];
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < N; i++)
            want[r * N + i] = (r + 1) * 1000 + i;
    CHECK_OK(h5x_dataset_read(vds, NULL, H5X_I32, got, sizeof got));
    CHECK_I32S(got, want, 4 * N);
    int32_t small[4];
    CHECK_OK(h5x_dataset_read_text(vds, "2, 5:9", H5X_I32, small, sizeof small));
    CHECK_I32S(small, ((int32_t[]){3005, 3006, 3007, 3008}), 4);
    CHECK_OK(h5x_dataset_read_text(vds, "::3, 97", H5X_I32, small, sizeof small));
    CHECK_I32S(small, ((int32_t[]){1097, 4097}), 2);
    CHECK_OK(h5x_dataset_read_text(vds, "[0, 2, 3], -1", H5X_I32, small, sizeof small));
    CHECK_I32S(small, ((int32_t[]){1099, 3099, 4099}), 3);
    double converted[2];
    CHECK_OK(h5x_dataset_read_text(vds, "1, 10:12", H5X_F64, converted, sizeof converted));
    CHECK_DOUBLES(converted, ((double[]){2010, 2011}), 2);
    int32_t fill_back = 0;
    CHECK_INT(h5x_dataset_fillvalue(vds, H5X_I32, &fill_back), 1);
    CHECK_INT(fill_back, -5);

    h5x_vds_mapping *mappings = NULL;
    size_t count = 0;
    CHECK_OK(h5x_vds_mappings(vds, &mappings, &count));
    CHECK_UINT(count, 4);
    for (size_t i = 0; i < count && mappings; i++) {
        char name[64];
        snprintf(name, sizeof name, "vds-src-%zu.h5", i + 1);
        CHECK_STR(mappings[i].file_name, name);
        CHECK_STR(mappings[i].dataset_path, "data");
        CHECK_UINT(h5x_vds_hyperslab_size(&mappings[i].virtual_selection), N);
        CHECK_UINT(h5x_vds_hyperslab_size(&mappings[i].source_selection), N);
        CHECK_INT(mappings[i].source_shape.rank, 1);
        CHECK_UINT(mappings[i].source_shape.dims[0], N);
        /* row i, every column */
        CHECK_UINT(mappings[i].virtual_selection.start[0], i);
        CHECK_UINT(mappings[i].virtual_selection.count[0] * mappings[i].virtual_selection.block[0], 1);
    }
    h5x_vds_mappings_free(mappings, count);

    /* the external-target policy covers the sources: opening the dataset
     * or reading it fails, naming a source */
    char uri[4096 + 80];
    conf_uri(ctx, "vds-seed", uri, sizeof uri);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.allowed_target_prefixes = "/nonexistent-h5x-dir";
    h5x_object *guarded = CHECK_PTR(h5x_file_open(uri, "r", &options));
    if (guarded) {
        h5x_object *guarded_vds = h5x_open(guarded, "data");
        int refused = guarded_vds == NULL ? h5x_last_error()->code
                                          : h5x_dataset_read(guarded_vds, NULL, H5X_I32, got, sizeof got);
        CHECK_INT(refused, H5X_ERR_NOT_ALLOWED);
        CHECK_MESSAGE("vds-src-");
        h5x_close(guarded_vds);
        h5x_close(guarded);
    }
    h5x_close(vds);
    CHECK_OK(h5x_close(file));
}

/* Interleaved strided mappings, a slice of a source, unmapped and missing
 * parts, and a layout made before its sources existed. */
static void test_interleaved_and_fill(conf_context *ctx)
{
    harness_case("interleaved strided mappings, source slices, fill for unmapped and missing sources");
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE1(2 * N + 20), H5X_I32));
    REQUIRE(layout);
    h5x_shape source_shape = h5x_shape_of(1, (uint64_t[]){N});
    h5x_vds_source *even = CHECK_PTR(h5x_vds_source_new("vds-late-1.h5", "data", &source_shape, H5X_I32));
    h5x_vds_source *odd = CHECK_PTR(h5x_vds_source_new("vds-late-2.h5", "data", &source_shape, H5X_I32));
    h5x_vds_source *gone = CHECK_PTR(h5x_vds_source_new("vds-never-written.h5", "data", &source_shape, NULL));
    REQUIRE(even && odd && gone);
    h5x_vds_source *even_head = CHECK_PTR(h5x_vds_source_select_text(even, ":50"));
    h5x_vds_source *odd_tail = CHECK_PTR(h5x_vds_source_select_text(odd, "50:100"));
    h5x_vds_source *gone_part = CHECK_PTR(h5x_vds_source_select_text(gone, ":10"));
    CHECK_OK(h5x_vds_layout_map_text(layout, "0:100:2", even_head)); /* layout[0:100:2] = even[:50] */
    CHECK_OK(h5x_vds_layout_map_text(layout, "1:100:2", odd_tail)); /* layout[1:100:2] = odd[50:100] */
    CHECK_OK(h5x_vds_layout_map_text(layout, "200:210", gone_part));
    /* 100:200 mapped from nothing; 210: from a missing file */
    CHECK_STATUS(h5x_vds_layout_map_text(layout, "0:10", even), H5X_ERR_SHAPE);
    CHECK_STATUS(h5x_vds_layout_map_text(layout, "[1, 2, 7]", odd_tail), H5X_ERR_SELECTION);
    h5x_close(even_head);
    h5x_close(odd_tail);
    h5x_close(gone_part);
    h5x_close(even);
    h5x_close(odd);
    h5x_close(gone);

    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "vds-interleaved", "w"));
    const int32_t fill = 7;
    h5x_object *vds = CHECK_PTR(h5x_vds_create(file, "group/interleaved", layout, &fill));
    CHECK_NULL_STATUS(h5x_vds_create(file, "group/interleaved", layout, &fill), H5X_ERR_EXISTS);
    CHECK_OK(h5x_close(layout));
    h5x_close(vds);
    /* the sources are written only now */
    write_source(ctx, "vds-late-1", 1, N);
    write_source(ctx, "vds-late-2", 2, N);
    REQUIRE_PTR(file, conf_reopen(ctx, file, "vds-interleaved", "r"));
    REQUIRE_PTR(vds, h5x_open(file, "group/interleaved"));
    static int32_t got[2 * N + 20], want[2 * N + 20];
    for (int i = 0; i < 2 * N + 20; i++)
        want[i] = 7;
    for (int i = 0; i < N / 2; i++) {
        want[2 * i] = 1000 + i;
        want[2 * i + 1] = 2000 + 50 + i;
    }
    CHECK_OK(h5x_dataset_read(vds, NULL, H5X_I32, got, sizeof got));
    CHECK_I32S(got, want, 2 * N + 20);
    int32_t part[16];
    CHECK_OK(h5x_dataset_read_text(vds, "3:98:7", H5X_I32, part, sizeof part));
    for (int i = 0; i < 14; i++)
        CHECK_INT(part[i], want[3 + 7 * i]);
    CHECK_OK(h5x_dataset_read_text(vds, "95:105", H5X_I32, part, sizeof part));
    CHECK_I32S(part, want + 95, 10);
    h5x_close(vds);
    CHECK_OK(h5x_close(file));
}

static void test_write_through(conf_context *ctx)
{
    harness_case("writing a virtual dataset writes its sources");
    write_source(ctx, "vds-w-1", 1, N);
    write_source(ctx, "vds-w-2", 2, N);
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2(2, N), H5X_I32));
    REQUIRE(layout);
    for (int n = 1; n <= 2; n++) {
        char name[64], row[8];
        snprintf(name, sizeof name, "vds-w-%d.h5", n);
        snprintf(row, sizeof row, "%d", n - 1);
        h5x_vds_source *s = CHECK_PTR(h5x_vds_source_new(name, "data", SHAPE1(N), NULL));
        CHECK_OK(h5x_vds_layout_map_text(layout, row, s));
        h5x_close(s);
    }
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "vds-write", "w"));
    h5x_object *vds = CHECK_PTR(h5x_vds_create(file, "data", layout, NULL));
    h5x_close(layout);
    REQUIRE(vds);
    const int32_t values[4] = {-1, -2, -3, -4};
    CHECK_OK(h5x_dataset_write_text(vds, ":, 10:12", H5X_I32, values, NULL)); /* both sources */
    int32_t got[4];
    CHECK_OK(h5x_dataset_read_text(vds, ":, 10:12", H5X_I32, got, sizeof got));
    CHECK_I32S(got, values, 4);
    h5x_close(vds);
    CHECK_OK(h5x_close(file));
    /* the values are in the sources themselves */
    char uri[4096 + 64];
    snprintf(uri, sizeof uri, "native:%s/vds-w-2.h5", ctx->directory);
    h5x_object *source = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    if (source) {
        CHECK_OK(h5x_dataset_read_text(h5x_open(source, "data"), "9:13", H5X_I32, got, sizeof got));
        CHECK_I32S(got, ((int32_t[]){2009, -3, -4, 2012}), 4);
        CHECK_OK(h5x_close(source));
    }
}

static void test_reshaped_and_attributes(conf_context *ctx)
{
    harness_case("a (4, 5) block from a 1-D source of 20, and attributes of a virtual dataset");
    write_source(ctx, "vds-flat", 5, 20);
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE2(6, 5), H5X_I64));
    h5x_vds_source *s = CHECK_PTR(h5x_vds_source_new("vds-flat.h5", "data", SHAPE1(20), NULL));
    REQUIRE(layout && s);
    CHECK_OK(h5x_vds_layout_map_text(layout, "1:5, :", s));
    h5x_close(s);
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "vds-reshaped", "w"));
    const int64_t fill = -1;
    h5x_object *vds = CHECK_PTR(h5x_vds_create(file, "blocks", layout, &fill));
    h5x_close(layout);
    REQUIRE(vds);
    const int32_t answer = 42;
    CHECK_OK(h5x_attr_set(vds, "answer", H5X_I32, NULL, &answer));
    h5x_close(vds);
    REQUIRE_PTR(file, conf_reopen(ctx, file, "vds-reshaped", "r+"));
    REQUIRE_PTR(vds, h5x_open(file, "blocks"));
    int64_t got[30], want[30];
    for (int i = 0; i < 30; i++)
        want[i] = i < 5 || i >= 25 ? -1 : 5000 + (i - 5);
    CHECK_OK(h5x_dataset_read(vds, NULL, H5X_I64, got, sizeof got));
    for (int i = 0; i < 30; i++)
        CHECK_INT(got[i], want[i]);
    int64_t column[6];
    CHECK_OK(h5x_dataset_read_text(vds, ":, 3", H5X_I64, column, sizeof column));
    for (int i = 0; i < 6; i++)
        CHECK_INT(column[i], want[i * 5 + 3]);
    CHECK_INT(h5x_attr_count(vds), 1);
    int32_t back = 0;
    CHECK_OK(h5x_attr_get(vds, "answer", H5X_I32, &back, sizeof back));
    CHECK_INT(back, 42);
    CHECK(h5x_dataset_resize(vds, SHAPE2(7, 5)) < 0); /* a virtual dataset keeps its shape */
    h5x_shape shape;
    CHECK_OK(h5x_dataset_shape(vds, &shape));
    CHECK_SHAPE(&shape, 2, 6, 5);
    h5x_close(vds);
    h5x_close(file);
}

/* A source in the connector under test's own files (not native, which
 * libhdf5 reads by plain file names only). */
static void test_source_in_same_connector(conf_context *ctx)
{
    if (strcmp(ctx->connector_name, "native") == 0 || !conf_has(ctx, H5X_CAP_PERSISTENT))
        return;
    harness_case("a source in a file of the connector under test");
    h5x_object *source_file;
    REQUIRE_PTR(source_file, conf_open(ctx, "vds-own-source", "w"));
    int32_t values[10];
    for (int i = 0; i < 10; i++)
        values[i] = 100 + i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_object *d = CHECK_PTR(h5x_dataset_create(source_file, "d", H5X_I32, SHAPE1(10), &options));
    h5x_vds_source *s = d ? CHECK_PTR(h5x_vds_source_from_dataset(d)) : NULL;
    h5x_close(d);
    CHECK_OK(h5x_close(source_file));
    REQUIRE(s);
    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(SHAPE1(10), H5X_I32));
    CHECK_OK(h5x_vds_layout_map(layout, NULL, s));
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "vds-own", "w"));
    h5x_object *vds = CHECK_PTR(h5x_vds_create(file, "v", layout, NULL));
    h5x_close(layout);
    h5x_close(s);
    int32_t got[10];
    CHECK_OK(h5x_dataset_read(vds, NULL, H5X_I32, got, sizeof got));
    CHECK_I32S(got, values, 10);
    h5x_close(vds);
    CHECK_OK(h5x_close(file));
}

void conformance_vds(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_seed_example(ctx);
    test_interleaved_and_fill(ctx);
    test_write_through(ctx);
    test_reshaped_and_attributes(ctx);
    test_source_in_same_connector(ctx);
}
