/*
 * test_references.c — the "references" section: h5py's object references
 * (obj.ref of any object, f[ref] from the file or any group, bool(ref)),
 * region references (dset.regionref[sel], dset[regref] with h5py's shapes:
 * regular selections keep their shape), datasets and attributes of
 * ref_dtype and regionref_dtype, null references where nothing was
 * written, and references that survive h5x_copy by pointing at the copies.
 * A connector that does not claim H5X_CAP_REFERENCES must refuse them with
 * H5X_ERR_NOT_SUPPORTED.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"

/* The object a reference leads to has the expected name. */
static void check_target_at(h5x_object *loc, const h5x_ref *ref, const char *want, const char *file, int line)
{
    h5x_clear_error();
    h5x_object *target = h5x_ref_open(loc, ref);
    if (!harness_check(target != NULL, file, line, "h5x_ref_open(loc, ref)", "expected \"%s\", got an error",
                       want))
        return;
    char *name = h5x_object_name(target);
    harness_check_str(name, want, file, line, "h5x_object_name(h5x_ref_open(loc, ref))");
    h5x_free(name);
    h5x_close(target);
}
#define CHECK_TARGET(loc, ref, want) check_target_at((loc), (ref), (want), __FILE__, __LINE__)

/* dset[regref]: the shape, then the values, compared with want. */
static void check_region_at(h5x_object *dataset, const h5x_ref *ref, const int64_t *shape_want, size_t shape_count,
                            const double *want, size_t n, const char *file, int line)
{
    h5x_shape shape;
    h5x_clear_error();
    int status = h5x_ref_region_shape(dataset, ref, &shape);
    if (!harness_check(status >= 0, file, line, "h5x_ref_region_shape(dataset, ref, &shape)", "got %d (%s)",
                       status, harness_status_name(status)))
        return;
    harness_check_shape(&shape, shape_want, shape_count, file, line, "region shape");
    double got[64] = {0};
    status = h5x_dataset_read_region(dataset, ref, H5X_F64, got, sizeof got);
    if (!harness_check(status >= 0, file, line, "h5x_dataset_read_region(dataset, ref, H5X_F64, got, sizeof got)",
                       "got %d (%s)", status, harness_status_name(status)))
        return;
    harness_check_doubles(got, want, n, file, line, "dset[regref]");
}
#define CHECK_REGION(dataset, ref, shape_list, ...)                                                          \
    check_region_at((dataset), (ref), (const int64_t[])shape_list,                                           \
                    sizeof((const int64_t[])shape_list) / sizeof(int64_t), (const double[]){__VA_ARGS__},   \
                    sizeof((const double[]){__VA_ARGS__}) / sizeof(double), __FILE__, __LINE__)
#define SHAPE(...) {__VA_ARGS__}

/* A 10 x 10 float dataset holding 0..99, as in the seeds' region example. */
static h5x_object *make_grid(h5x_object *loc, const char *path)
{
    float values[100];
    for (int i = 0; i < 100; i++)
        values[i] = (float)i;
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){10, 10});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    return h5x_dataset_create(loc, path, H5X_F32, &shape, &options);
}

static int region_ref(h5x_object *dataset, const char *selection, h5x_ref *ref)
{
    h5x_selection *sel = h5x_selection_parse(selection);
    int status = sel ? h5x_region_ref(dataset, sel, ref) : h5x_last_error()->code;
    h5x_close(sel);
    return status;
}

static int is_all_zero(const h5x_ref *ref)
{
    for (size_t i = 0; i < sizeof ref->bytes; i++)
        if (ref->bytes[i] != 0)
            return 0;
    return 1;
}

/* ----------------------------------------------------- object references */

static void test_object_references(conf_context *ctx)
{
    harness_case("object references: ref of any object, dereferenced from anywhere in the file");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "refs-object", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "/some/group", NULL));
    h5x_object *dataset = CHECK_PTR(make_grid(file, "dset"));
    REQUIRE(group != NULL && dataset != NULL);
    h5x_ref ref_group, ref_dataset, ref_root;
    CHECK_OK(h5x_object_ref(group, &ref_group));
    CHECK_OK(h5x_object_ref(dataset, &ref_dataset));
    CHECK_OK(h5x_object_ref(file, &ref_root));
    CHECK_INT(h5x_ref_kind(&ref_group), H5X_REF_OBJECT);
    CHECK_INT(h5x_ref_is_null(&ref_group), 0); /* bool(myfile.ref) is True */
    CHECK_INT(h5x_ref_is_null(&ref_root), 0);

    /* myfile[ref], and the same from a group and from a dataset */
    CHECK_TARGET(file, &ref_group, "/some/group");
    CHECK_TARGET(group, &ref_dataset, "/dset");
    CHECK_TARGET(dataset, &ref_root, "/");
    h5x_object *again = CHECK_PTR(h5x_ref_open(file, &ref_group));
    if (again) {
        CHECK_INT(h5x_object_equal(again, group), 1);
        CHECK_INT(h5x_object_get_kind(again), H5X_KIND_GROUP);
        /* the opened object is an ordinary one: relative paths work from it */
        h5x_object *child = CHECK_PTR(h5x_group_create(again, "child", NULL));
        CHECK_OWNED_STR(h5x_object_name(child), "/some/group/child");
        h5x_close(child);
    }
    h5x_close(again);
    h5x_object *grid = CHECK_PTR(h5x_ref_open(file, &ref_dataset));
    if (grid) {
        CHECK_INT(h5x_object_get_kind(grid), H5X_KIND_DATASET);
        float corner = -1;
        CHECK_OK(h5x_dataset_read_text(grid, "9, 9", H5X_F32, &corner, sizeof corner));
        CHECK_DOUBLE(corner, 99.0);
    }
    h5x_close(grid);
    /* an object under two names is named by the first path in name order */
    if (conf_has(ctx, H5X_CAP_HARD_LINKS)) {
        CHECK_OK(h5x_link_hard(group, file, "a_first_name"));
        CHECK_TARGET(file, &ref_group, "/a_first_name");
        CHECK_OK(h5x_delete(file, "a_first_name"));
    }
    /* an object reference holds no region */
    h5x_shape shape;
    CHECK_STATUS(h5x_ref_region_shape(dataset, &ref_dataset, &shape), H5X_ERR_INVALID_ARGUMENT);
    h5x_close(group);
    h5x_close(dataset);

    /* references are values: they still work after the file is reopened */
    file = conf_reopen(ctx, file, "refs-object", "r");
    REQUIRE(file != NULL);
    CHECK_TARGET(file, &ref_group, "/some/group");
    CHECK_TARGET(file, &ref_root, "/");
    h5x_ref fresh;
    h5x_object *reopened = CHECK_PTR(h5x_open(file, "some/group"));
    CHECK_OK(h5x_object_ref(reopened, &fresh)); /* a read-only file can make object references */
    CHECK_TARGET(file, &fresh, "/some/group");
    h5x_close(reopened);
    h5x_close(file);
}

/* ----------------------------------------------------- region references */

static void test_region_references(conf_context *ctx)
{
    harness_case("region references: dset.regionref[sel] read in place of a selection");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "refs-region", "w"));
    h5x_object *dataset = CHECK_PTR(make_grid(file, "dset"));
    h5x_object *other = CHECK_PTR(make_grid(file, "other"));
    REQUIRE(dataset != NULL && other != NULL);
    h5x_ref block, strided, row, column, listed, all;
    CHECK_OK(region_ref(dataset, "0:2, 1:4", &block));
    CHECK_OK(region_ref(dataset, "::4, ::3", &strided));
    CHECK_OK(region_ref(dataset, "5", &row));
    CHECK_OK(region_ref(dataset, "[1, 3, 6], 2", &column));
    CHECK_OK(region_ref(dataset, "[0, 1, 5], 2:4", &listed));
    CHECK_OK(h5x_region_ref(dataset, NULL, &all));
    CHECK_INT(h5x_ref_kind(&block), H5X_REF_REGION);
    CHECK_INT(h5x_ref_is_null(&block), 0);

    /* regular selections keep their shape; an index keeps its axis */
    CHECK_REGION(dataset, &block, SHAPE(2, 2, 3), 1, 2, 3, 11, 12, 13);
    CHECK_REGION(dataset, &strided, SHAPE(2, 3, 4), 0, 3, 6, 9, 40, 43, 46, 49, 80, 83, 86, 89);
    CHECK_REGION(dataset, &row, SHAPE(2, 1, 10), 50, 51, 52, 53, 54, 55, 56, 57, 58, 59);
    CHECK_REGION(dataset, &column, SHAPE(2, 3, 1), 12, 32, 62);
    /* blocks with gaps that still form a product of index sets */
    CHECK_REGION(dataset, &listed, SHAPE(2, 3, 2), 2, 3, 12, 13, 52, 53);
    h5x_shape shape;
    CHECK_OK(h5x_ref_region_shape(dataset, &all, &shape));
    CHECK_SHAPE(&shape, 2, 10, 10);
    /* the selection as text, from any object of the file */
    CHECK_OWNED_STR(h5x_ref_region_text(file, &block), "0:2, 1:4");
    CHECK_OWNED_STR(h5x_ref_region_text(dataset, &strided), "0:9:4, 0:10:3");
    CHECK_OWNED_STR(h5x_ref_region_text(other, &row), "5:6, 0:10");
    CHECK_OWNED_STR(h5x_ref_region_text(file, &all), "...");
    h5x_ref object_ref;
    CHECK_OK(h5x_object_ref(dataset, &object_ref));
    CHECK_NULL_STATUS(h5x_ref_region_text(file, &object_ref), H5X_ERR_INVALID_ARGUMENT);
    /* other memory types convert as in any read */
    int32_t ints[6] = {0};
    CHECK_OK(h5x_dataset_read_region(dataset, &block, H5X_I32, ints, sizeof ints));
    CHECK_INT(ints[0], 1);
    CHECK_INT(ints[5], 13);
    CHECK_STATUS(h5x_dataset_read_region(dataset, &block, H5X_F64, ints, 8), H5X_ERR_SHAPE);

    /* a region reference is also an object reference to its dataset */
    h5x_object *target = CHECK_PTR(h5x_ref_open(file, &block));
    if (target)
        CHECK_INT(h5x_object_equal(target, dataset), 1);
    h5x_close(target);
    /* h5py: "Region reference must point to this dataset" */
    CHECK_STATUS(h5x_ref_region_shape(other, &block, &shape), H5X_ERR_INVALID_ARGUMENT);
    double sink[8];
    CHECK_STATUS(h5x_dataset_read_region(other, &block, H5X_F64, sink, sizeof sink), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(region_ref(dataset, "0:2, 20", &block), H5X_ERR_SELECTION);
    h5x_close(other);

    /* stored selections survive the file */
    h5x_close(dataset);
    file = conf_reopen(ctx, file, "refs-region", "r");
    REQUIRE(file != NULL);
    REQUIRE_PTR(dataset, h5x_open(file, "dset"));
    CHECK_REGION(dataset, &strided, SHAPE(2, 3, 4), 0, 3, 6, 9, 40, 43, 46, 49, 80, 83, 86, 89);
    CHECK_REGION(dataset, &column, SHAPE(2, 3, 1), 12, 32, 62);
    h5x_close(dataset);
    h5x_close(file);
}

/* ------------------------------------------------- reference datasets */

static void test_reference_datasets(conf_context *ctx)
{
    harness_case("datasets of ref_dtype and regionref_dtype; null references where nothing was written");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "refs-datasets", "w"));
    h5x_object *grid = CHECK_PTR(make_grid(file, "dset"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "/some/group", NULL));
    REQUIRE(grid != NULL && group != NULL);
    h5x_dtype *ref_dtype = CHECK_PTR(h5x_dtype_reference(H5X_REF_OBJECT));
    h5x_dtype *regionref_dtype = CHECK_PTR(h5x_dtype_reference(H5X_REF_REGION));
    REQUIRE(ref_dtype != NULL && regionref_dtype != NULL);
    CHECK_INT(h5x_dtype_get_class(ref_dtype), H5X_CLASS_REFERENCE);
    CHECK_UINT(h5x_dtype_size(ref_dtype), sizeof(h5x_ref));
    CHECK_INT(h5x_dtype_equal(ref_dtype, regionref_dtype), 0);
    CHECK_NULL_STATUS(h5x_dtype_reference(H5X_REF_NULL), H5X_ERR_INVALID_ARGUMENT);

    /* myfile.create_dataset("MyRefs", (100,), dtype=h5py.ref_dtype) */
    h5x_shape hundred = h5x_shape_of(1, (uint64_t[]){100});
    h5x_object *refs = CHECK_PTR(h5x_dataset_create(file, "MyRefs", ref_dtype, &hundred, NULL));
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_object *regions = CHECK_PTR(h5x_dataset_create(file, "MyRegions", regionref_dtype, &three, NULL));
    REQUIRE(refs != NULL && regions != NULL);
    h5x_ref root_ref, group_ref, grid_ref, region[2];
    CHECK_OK(h5x_object_ref(file, &root_ref));
    CHECK_OK(h5x_object_ref(group, &group_ref));
    CHECK_OK(h5x_object_ref(grid, &grid_ref));
    CHECK_OK(region_ref(grid, "0:10, 1:4", &region[0]));
    CHECK_OK(region_ref(grid, "[2, 7], 5:7", &region[1]));
    /* ref_dataset[0] = myfile.ref; then two more */
    CHECK_OK(h5x_dataset_write_text(refs, "0", ref_dtype, &root_ref, NULL));
    h5x_ref pair[2] = {group_ref, grid_ref};
    CHECK_OK(h5x_dataset_write_text(refs, "1:3", ref_dtype, pair, NULL));
    CHECK_OK(h5x_dataset_write_text(regions, "0:2", regionref_dtype, region, NULL));
    /* a region reference does not fit an object reference dataset, and back */
    CHECK(h5x_dataset_write_text(refs, "5", ref_dtype, &region[0], NULL) < 0);
    CHECK(h5x_dataset_write_text(regions, "2", regionref_dtype, &root_ref, NULL) < 0);
    h5x_dtype *stored = CHECK_PTR(h5x_dataset_dtype(refs));
    CHECK_INT(h5x_dtype_equal(stored, ref_dtype), 1);
    h5x_close(stored);
    stored = CHECK_PTR(h5x_dataset_dtype(regions));
    CHECK_INT(h5x_dtype_equal(stored, regionref_dtype), 1);
    h5x_close(stored);
    h5x_close(refs);
    h5x_close(regions);
    h5x_close(grid);
    h5x_close(group);

    file = conf_reopen(ctx, file, "refs-datasets", "r");
    REQUIRE(file != NULL);
    REQUIRE_PTR(refs, h5x_open(file, "MyRefs"));
    h5x_ref got[100];
    memset(got, 0xa5, sizeof got);
    CHECK_OK(h5x_dataset_read(refs, NULL, ref_dtype, got, sizeof got));
    CHECK_INT(h5x_ref_kind(&got[0]), H5X_REF_OBJECT);
    CHECK_TARGET(file, &got[0], "/");
    CHECK_TARGET(file, &got[1], "/some/group");
    CHECK_TARGET(refs, &got[2], "/dset");
    /* nullref = ref_dataset[50]; bool(nullref) is False */
    CHECK_INT(h5x_ref_is_null(&got[50]), 1);
    CHECK_INT(h5x_ref_kind(&got[50]), H5X_REF_NULL);
    CHECK(is_all_zero(&got[50]));
    CHECK(is_all_zero(&got[99]));
    CHECK_NULL_STATUS(h5x_ref_open(file, &got[50]), H5X_ERR_INVALID_ARGUMENT);
    /* one element on its own */
    h5x_ref one;
    CHECK_OK(h5x_dataset_read_text(refs, "1", ref_dtype, &one, sizeof one));
    CHECK_TARGET(file, &one, "/some/group");
    h5x_close(refs);

    REQUIRE_PTR(regions, h5x_open(file, "MyRegions"));
    h5x_ref stored_regions[3];
    CHECK_OK(h5x_dataset_read(regions, NULL, regionref_dtype, stored_regions, sizeof stored_regions));
    CHECK_INT(h5x_ref_kind(&stored_regions[0]), H5X_REF_REGION);
    CHECK_INT(h5x_ref_is_null(&stored_regions[2]), 1);
    CHECK_TARGET(file, &stored_regions[1], "/dset");
    h5x_close(regions);
    grid = CHECK_PTR(h5x_open(file, "dset"));
    if (grid) {
        CHECK_REGION(grid, &stored_regions[0], SHAPE(2, 10, 3), 1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33, 41,
                     42, 43, 51, 52, 53, 61, 62, 63, 71, 72, 73, 81, 82, 83, 91, 92, 93);
        CHECK_REGION(grid, &stored_regions[1], SHAPE(2, 2, 2), 25, 26, 75, 76);
    }
    h5x_close(grid);
    h5x_close(file);
    h5x_close(ref_dtype);
    h5x_close(regionref_dtype);
}

/* ----------------------------------------------- reference attributes */

static void test_reference_attributes(conf_context *ctx)
{
    harness_case("attributes of references");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "refs-attributes", "w"));
    h5x_object *grid = CHECK_PTR(make_grid(file, "dset"));
    REQUIRE(grid != NULL);
    h5x_dtype *ref_dtype = h5x_dtype_reference(H5X_REF_OBJECT);
    h5x_dtype *regionref_dtype = h5x_dtype_reference(H5X_REF_REGION);
    /* myfile.attrs["Root group reference"] = myfile.ref */
    h5x_ref root_ref, list[3], roi;
    CHECK_OK(h5x_object_ref(file, &root_ref));
    CHECK_OK(h5x_attr_set(file, "Root group reference", ref_dtype, NULL, &root_ref));
    CHECK_OK(h5x_object_ref(grid, &list[0]));
    memset(&list[1], 0, sizeof list[1]); /* a null reference in the middle */
    list[2] = root_ref;
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    CHECK_OK(h5x_attr_set(grid, "refs", ref_dtype, &three, list));
    CHECK_OK(region_ref(grid, "2:4, 6:9", &roi));
    CHECK_OK(h5x_attr_set(grid, "roi", regionref_dtype, NULL, &roi));
    h5x_close(grid);

    file = conf_reopen(ctx, file, "refs-attributes", "r");
    REQUIRE(file != NULL);
    h5x_ref got;
    CHECK_OK(h5x_attr_get(file, "Root group reference", ref_dtype, &got, sizeof got));
    CHECK_TARGET(file, &got, "/");
    h5x_dtype *stored = NULL;
    h5x_shape shape;
    CHECK_OK(h5x_attr_info(file, "Root group reference", &shape, &stored));
    CHECK_INT(h5x_dtype_equal(stored, ref_dtype), 1);
    CHECK_SHAPE(&shape, 0);
    h5x_close(stored);
    REQUIRE_PTR(grid, h5x_open(file, "dset"));
    h5x_ref three_got[3];
    CHECK_OK(h5x_attr_get(grid, "refs", ref_dtype, three_got, sizeof three_got));
    CHECK_TARGET(file, &three_got[0], "/dset");
    CHECK_INT(h5x_ref_is_null(&three_got[1]), 1);
    CHECK_TARGET(grid, &three_got[2], "/");
    CHECK_OK(h5x_attr_get(grid, "roi", regionref_dtype, &got, sizeof got));
    CHECK_INT(h5x_ref_kind(&got), H5X_REF_REGION);
    CHECK_REGION(grid, &got, SHAPE(2, 2, 3), 26, 27, 28, 36, 37, 38);
    h5x_close(grid);
    h5x_close(file);
    h5x_close(ref_dtype);
    h5x_close(regionref_dtype);
}

/* ---------------------------------------------------------------- nulls */

static void test_null_references(void)
{
    harness_case("null references are false and cannot be followed");
    h5x_ref null_ref;
    memset(&null_ref, 0, sizeof null_ref);
    CHECK_INT(h5x_ref_is_null(&null_ref), 1);
    CHECK_INT(h5x_ref_kind(&null_ref), H5X_REF_NULL);
    CHECK_STATUS(h5x_ref_is_null(NULL), H5X_ERR_INVALID_ARGUMENT);
    h5x_ref junk;
    memset(&junk, 0, sizeof junk);
    junk.bytes[0] = 0x7f;
    h5x_clear_error();
    CHECK_INT((int)h5x_ref_kind(&junk), H5X_ERR_INVALID_ARGUMENT);
}

/* ----------------------------------------------------------------- copy */

static void test_copy(conf_context *ctx)
{
    harness_case("h5x_copy re-creates references against the copied objects");
    h5x_object *source;
    REQUIRE_PTR(source, conf_open(ctx, "refs-copy-source", "w"));
    h5x_object *grid = CHECK_PTR(make_grid(source, "data/grid"));
    h5x_object *group = CHECK_PTR(h5x_group_create(source, "data/zz_last", NULL));
    REQUIRE(grid != NULL && group != NULL);
    h5x_dtype *ref_dtype = h5x_dtype_reference(H5X_REF_OBJECT);
    h5x_dtype *regionref_dtype = h5x_dtype_reference(H5X_REF_REGION);
    h5x_ref objects[3], regions[2];
    CHECK_OK(h5x_object_ref(group, &objects[0])); /* copied after the references, in name order */
    CHECK_OK(h5x_object_ref(grid, &objects[1]));
    CHECK_OK(h5x_object_ref(source, &objects[2]));
    CHECK_OK(region_ref(grid, "1:3, ::5", &regions[0]));
    memset(&regions[1], 0, sizeof regions[1]);
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3}), two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = objects;
    h5x_close(CHECK_PTR(h5x_dataset_create(source, "data/a_refs", ref_dtype, &three, &options)));
    options.data = regions;
    h5x_close(CHECK_PTR(h5x_dataset_create(source, "data/a_regions", regionref_dtype, &two, &options)));
    CHECK_OK(h5x_attr_set(group, "self", ref_dtype, NULL, &objects[0]));
    CHECK_OK(h5x_attr_set(grid, "roi", regionref_dtype, NULL, &regions[0]));
    h5x_close(grid);
    h5x_close(group);

    /* the whole file into another one */
    h5x_object *copy;
    copy = CHECK_PTR(conf_open(ctx, "refs-copy-destination", "w"));
    if (copy) {
        CHECK_OK(h5x_copy(source, "/", copy, "/"));
        copy = conf_reopen(ctx, copy, "refs-copy-destination", "r");
    }
    if (copy) {
        h5x_ref got[3];
        h5x_object *refs = CHECK_PTR(h5x_open(copy, "data/a_refs"));
        if (refs && CHECK_OK(h5x_dataset_read(refs, NULL, ref_dtype, got, sizeof got)) >= 0) {
            CHECK_TARGET(copy, &got[0], "/data/zz_last");
            CHECK_TARGET(copy, &got[1], "/data/grid");
            CHECK_TARGET(copy, &got[2], "/");
        }
        h5x_close(refs);
        h5x_object *copied_grid = CHECK_PTR(h5x_open(copy, "data/grid"));
        h5x_object *regs = CHECK_PTR(h5x_open(copy, "data/a_regions"));
        h5x_ref region_got[2];
        if (copied_grid && regs && CHECK_OK(h5x_dataset_read(regs, NULL, regionref_dtype, region_got,
                                                             sizeof region_got)) >= 0) {
            CHECK_REGION(copied_grid, &region_got[0], SHAPE(2, 2, 2), 10, 15, 20, 25);
            CHECK_INT(h5x_ref_is_null(&region_got[1]), 1);
        }
        h5x_ref attr_ref;
        if (copied_grid && CHECK_OK(h5x_attr_get(copied_grid, "roi", regionref_dtype, &attr_ref, sizeof attr_ref)) >= 0)
            CHECK_REGION(copied_grid, &attr_ref, SHAPE(2, 2, 2), 10, 15, 20, 25);
        h5x_object *last = CHECK_PTR(h5x_open(copy, "data/zz_last"));
        if (last && CHECK_OK(h5x_attr_get(last, "self", ref_dtype, &attr_ref, sizeof attr_ref)) >= 0)
            CHECK_TARGET(copy, &attr_ref, "/data/zz_last");
        h5x_close(last);
        h5x_close(regs);
        h5x_close(copied_grid);
        h5x_close(copy);
    }

    /* a subtree within the same file: references into the copy follow it,
     * references to objects outside it keep their targets */
    CHECK_OK(h5x_copy(source, "data", source, "backup"));
    h5x_object *refs = CHECK_PTR(h5x_open(source, "backup/a_refs"));
    h5x_ref got[3];
    if (refs && CHECK_OK(h5x_dataset_read(refs, NULL, ref_dtype, got, sizeof got)) >= 0) {
        CHECK_TARGET(source, &got[0], "/backup/zz_last");
        CHECK_TARGET(source, &got[1], "/backup/grid");
        CHECK_TARGET(source, &got[2], "/");
    }
    h5x_close(refs);
    h5x_close(source);
    h5x_close(ref_dtype);
    h5x_close(regionref_dtype);
}

void conformance_references(conf_context *ctx)
{
    test_null_references();
    if (!conf_require_write(ctx))
        return;
    if (!conf_has(ctx, H5X_CAP_REFERENCES)) {
        harness_case("references are refused by a connector that does not claim them");
        h5x_object *file;
        REQUIRE_PTR(file, conf_open(ctx, "refs-unsupported", "w"));
        h5x_ref ref;
        CHECK_STATUS(h5x_object_ref(file, &ref), H5X_ERR_NOT_SUPPORTED);
        h5x_close(file);
        return;
    }
    test_object_references(ctx);
    test_region_references(ctx);
    test_reference_datasets(ctx);
    test_reference_attributes(ctx);
    test_copy(ctx);
}
