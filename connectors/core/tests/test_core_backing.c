/*
 * test_core_backing.c — the in-memory connector with backing_store=1.
 *
 *   test_core_backing DIRECTORY [H5PY_FILE]
 *
 * Writes DIRECTORY/written.h5 through "core;backing_store=1" and checks it
 * with the native connector (core_h5py.py checks the same file with h5py
 * afterwards); checks that a file loaded read-only is not rewritten, the
 * modes' errors, that flush saves and that a failed save leaves the
 * previous file intact, and that a user block keeps its size and bytes.  With H5PY_FILE (written by core_h5py.py make), it
 * loads that file into memory, checks what h5py put there, changes it,
 * closes it, and checks the result on disk (core_h5py.py checks it again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_test.h"
#include "harness.h"

static char directory[4096];
static char written_path[4200];

static h5x_object *open_uri(const char *prefix, const char *path, const char *mode)
{
    char uri[4400];
    snprintf(uri, sizeof uri, "%s:%s", prefix, path);
    h5x_clear_error();
    return h5x_file_open(uri, mode, NULL);
}

#define BACKED "core;backing_store=1"

static h5x_object *create_dataset(h5x_object *loc, const char *path, const h5x_dtype *dtype, const h5x_shape *shape,
                                  const void *data)
{
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    return h5x_dataset_create(loc, path, dtype, shape, &options);
}

static void check_names(h5x_object *object, int attributes, h5x_order order, const char *const *want, size_t n)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    int status = attributes ? h5x_attr_names(object, order, &names, &count)
                            : h5x_group_names(object, order, &names, &count);
    CHECK_OK(status);
    CHECK_UINT(count, n);
    for (size_t i = 0; i < count && i < n; i++)
        CHECK_STR(names[i], want[i]);
    h5x_free_names(names, count);
}

/* ------------------------------------------------- writing through core */

static const int64_t numbers[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

static void write_through_core(void)
{
    harness_case("write a file through core;backing_store=1");
    remove(written_path);
    h5x_object *file;
    REQUIRE_PTR(file, open_uri(BACKED, written_path, "w"));
    CHECK_MSG(access(written_path, F_OK) == 0, "a writing mode creates the file at once");

    int32_t version = 3;
    double scale = 0.5;
    CHECK_OK(h5x_attr_set(file, "version", H5X_I32, NULL, &version));
    CHECK_OK(h5x_attr_set(file, "scale", H5X_F64, NULL, &scale));

    h5x_shape ten = h5x_shape_of(1, (uint64_t[]){10});
    h5x_object *d = CHECK_PTR(create_dataset(file, "numbers", H5X_I64, &ten, numbers));
    int16_t units[2] = {1, 2};
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    CHECK_OK(h5x_attr_set(d, "units", H5X_I16, &two, units));
    h5x_close(d);

    float grid[12];
    for (int i = 0; i < 12; i++)
        grid[i] = (float)i * 0.25f;
    h5x_shape three_by_four = h5x_shape_of(2, (uint64_t[]){3, 4});
    h5x_close(CHECK_PTR(create_dataset(file, "grid", H5X_F32, &three_by_four, grid)));

    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_shape unlimited = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_shape chunk = h5x_shape_of(1, (uint64_t[]){2});
    double fill = -1.0, growing_values[4] = {1, 2, 3, 4};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &unlimited;
    options.chunks = &chunk;
    options.fillvalue = &fill;
    options.filters = "shuffle,gzip:6";
    options.data = growing_values;
    d = CHECK_PTR(h5x_dataset_create(file, "growing", H5X_F64, &four, &options));
    h5x_shape six = h5x_shape_of(1, (uint64_t[]){6});
    CHECK_OK(h5x_dataset_resize(d, &six));
    h5x_close(d);

    uint8_t seven = 7;
    h5x_dataset_options lazy = H5X_DATASET_OPTIONS_INIT;
    lazy.fillvalue = &seven;
    h5x_shape thousand = h5x_shape_of(1, (uint64_t[]){1000});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "unwritten", H5X_U8, &thousand, &lazy)));

    h5x_shape scalar = h5x_shape_scalar();
    double two_and_a_half = 2.5;
    h5x_close(CHECK_PTR(create_dataset(file, "scalar", H5X_F64, &scalar, &two_and_a_half)));
    uint8_t flags[3] = {1, 0, 1};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_close(CHECK_PTR(create_dataset(file, "flags", H5X_BOOL, &three, flags)));
    double complex_values[4] = {1.0, 2.0, 0.0, -3.5};
    h5x_close(CHECK_PTR(create_dataset(file, "z", H5X_C128, &two, complex_values)));

    h5x_group_options tracked = H5X_GROUP_OPTIONS_INIT;
    tracked.track_order = 1;
    h5x_object *ordered = CHECK_PTR(h5x_group_create(file, "ordered", &tracked));
    if (ordered) {
        h5x_close(CHECK_PTR(h5x_group_create(ordered, "c", NULL)));
        h5x_close(CHECK_PTR(h5x_group_create(ordered, "a", NULL)));
        h5x_close(CHECK_PTR(h5x_group_create(ordered, "b", NULL)));
        int32_t z = 26, y = 25;
        CHECK_OK(h5x_attr_set(ordered, "z", H5X_I32, NULL, &z));
        CHECK_OK(h5x_attr_set(ordered, "y", H5X_I32, NULL, &y));
        h5x_close(ordered);
    }
    int32_t deep[2] = {5, 6};
    h5x_close(CHECK_PTR(create_dataset(file, "group/sub/deep", H5X_I32, &two, deep)));

    CHECK_OK(h5x_link_soft(file, "alias_soft", "/numbers"));
    CHECK_OK(h5x_link_soft(file, "dangling", "/nowhere"));
    h5x_object *target = CHECK_PTR(h5x_open(file, "numbers"));
    if (target)
        CHECK_OK(h5x_link_hard(target, file, "alias_hard"));
    h5x_close(target);
    CHECK_OK(h5x_link_external(file, "outside", "other.h5", "/x"));

    /* variable-length values: h5py's str attribute, strings, ragged rows */
    h5x_dtype *text = CHECK_PTR(h5x_dtype_text());
    h5x_dtype *utf8 = CHECK_PTR(h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE));
    h5x_dtype *ragged = CHECK_PTR(h5x_dtype_vlen(H5X_I32));
    char *title = "h\xc3\xa9llo";
    CHECK_OK(h5x_attr_set(file, "title", text, NULL, &title));
    char *words[2] = {"alpha", "b\xc3\xaata"};
    h5x_close(CHECK_PTR(create_dataset(file, "words", utf8, &two, words)));
    int32_t row0[2] = {1, 2}, row1[3] = {3, 4, 5};
    h5x_vlen rows[2] = {{2, row0}, {3, row1}};
    h5x_object *numbers_again = CHECK_PTR(h5x_open(file, "numbers"));
    CHECK_OK(h5x_attr_set(numbers_again, "ragged", ragged, &two, rows));
    h5x_close(numbers_again);
    h5x_close(text);
    h5x_close(utf8);
    h5x_close(ragged);

    /* references: they must be made again against the saved objects */
    h5x_dtype *object_refs = CHECK_PTR(h5x_dtype_reference(H5X_REF_OBJECT));
    h5x_dtype *region_refs = CHECK_PTR(h5x_dtype_reference(H5X_REF_REGION));
    h5x_ref refs[4];
    memset(refs, 0, sizeof refs);
    h5x_object *grid_object = CHECK_PTR(h5x_open(file, "grid"));
    h5x_object *deep_group = CHECK_PTR(h5x_open(file, "group/sub"));
    CHECK_OK(h5x_object_ref(file, &refs[0]));
    CHECK_OK(h5x_object_ref(grid_object, &refs[1]));
    CHECK_OK(h5x_object_ref(deep_group, &refs[2])); /* refs[3] stays null */
    h5x_shape four_refs = h5x_shape_of(1, (uint64_t[]){4});
    h5x_close(CHECK_PTR(create_dataset(file, "refs", object_refs, &four_refs, refs)));
    h5x_ref regions[2];
    h5x_selection *block = CHECK_PTR(h5x_selection_parse("1:3, 0:2"));
    h5x_selection *listed = CHECK_PTR(h5x_selection_parse("[0, 2], 3"));
    CHECK_OK(h5x_region_ref(grid_object, block, &regions[0]));
    CHECK_OK(h5x_region_ref(grid_object, listed, &regions[1]));
    h5x_close(block);
    h5x_close(listed);
    h5x_close(CHECK_PTR(create_dataset(file, "regions", region_refs, &two, regions)));
    CHECK_OK(h5x_attr_set(deep_group, "points_at", object_refs, NULL, &refs[1]));
    h5x_close(grid_object);
    h5x_close(deep_group);
    h5x_close(object_refs);
    h5x_close(region_refs);

    h5x_dtype *kind = CHECK_PTR(h5x_dtype_parse("<i4"));
    h5x_close(CHECK_PTR(h5x_datatype_commit(file, "kind", kind)));
    h5x_close(kind);
    CHECK_OK(h5x_close(file));
}

static void check_ref_target(h5x_object *file, const h5x_ref *ref, const char *want)
{
    h5x_clear_error();
    h5x_object *target = h5x_ref_open(file, ref);
    CHECK_MSG(target != NULL, "the reference to %s does not open: %s", want, h5x_last_error()->message);
    if (target) {
        CHECK_OWNED_STR(h5x_object_name(target), want);
        h5x_close(target);
    }
}

static void check_written(h5x_object *file)
{
    int32_t version = 0;
    double scale = 0;
    CHECK_OK(h5x_attr_get(file, "version", H5X_I32, &version, sizeof version));
    CHECK_OK(h5x_attr_get(file, "scale", H5X_F64, &scale, sizeof scale));
    CHECK_INT(version, 3);
    CHECK_DOUBLE(scale, 0.5);
    static const char *const root_names[] = {"alias_hard", "alias_soft", "dangling", "flags", "grid", "group",
                                             "growing", "kind", "numbers", "ordered", "outside", "refs",
                                             "regions", "scalar", "unwritten", "words", "z"};
    check_names(file, 0, H5X_ORDER_NAME, root_names, sizeof root_names / sizeof root_names[0]);

    int64_t got[10] = {0};
    h5x_object *d = CHECK_PTR(h5x_open(file, "numbers"));
    if (d) {
        CHECK_OK(h5x_dataset_read(d, NULL, H5X_I64, got, sizeof got));
        CHECK_INTS(got, numbers, 10);
        int16_t units[2] = {0};
        CHECK_OK(h5x_attr_get(d, "units", H5X_I16, units, sizeof units));
        CHECK_INT(units[0], 1);
        CHECK_INT(units[1], 2);
        h5x_object *hard = CHECK_PTR(h5x_open(file, "alias_hard"));
        CHECK_INT(h5x_object_equal(d, hard), 1);
        h5x_close(hard);
        h5x_close(d);
    }
    double grid[12];
    d = CHECK_PTR(h5x_open(file, "grid"));
    if (d) {
        CHECK_OK(h5x_dataset_read(d, NULL, H5X_F64, grid, sizeof grid));
        CHECK_DOUBLE(grid[11], 2.75);
        CHECK_DOUBLE(grid[5], 1.25);
        h5x_close(d);
    }
    d = CHECK_PTR(h5x_open(file, "growing"));
    if (d) {
        h5x_shape shape;
        CHECK_OK(h5x_dataset_shape(d, &shape));
        CHECK_SHAPE(&shape, 1, 6);
        CHECK_OK(h5x_dataset_maxshape(d, &shape));
        CHECK(shape.rank == 1 && shape.dims[0] == H5X_UNLIMITED);
        CHECK_OK(h5x_dataset_chunks(d, &shape));
        CHECK_SHAPE(&shape, 1, 2);
        CHECK_OWNED_STR(h5x_dataset_filters(d), "shuffle,gzip:6");
        double fill = 0, values[6];
        const double want[6] = {1, 2, 3, 4, -1, -1};
        CHECK_INT(h5x_dataset_fillvalue(d, H5X_F64, &fill), 1);
        CHECK_DOUBLE(fill, -1.0);
        CHECK_OK(h5x_dataset_read(d, NULL, H5X_F64, values, sizeof values));
        CHECK_DOUBLES(values, want, 6);
        h5x_close(d);
    }
    d = CHECK_PTR(h5x_open(file, "unwritten"));
    if (d) {
        uint64_t bytes = 1;
        CHECK_OK(h5x_dataset_storage_size(d, &bytes));
        CHECK_UINT(bytes, 0);
        uint8_t values[1000];
        CHECK_OK(h5x_dataset_read(d, NULL, H5X_U8, values, sizeof values));
        CHECK_INT(values[0], 7);
        CHECK_INT(values[999], 7);
        h5x_close(d);
    }
    double scalar = 0, complex_values[4] = {0};
    uint8_t flags[3] = {9, 9, 9};
    d = CHECK_PTR(h5x_open(file, "scalar"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_F64, &scalar, sizeof scalar));
    CHECK_DOUBLE(scalar, 2.5);
    h5x_close(d);
    d = CHECK_PTR(h5x_open(file, "flags"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_BOOL, flags, sizeof flags));
    CHECK(flags[0] == 1 && flags[1] == 0 && flags[2] == 1);
    h5x_close(d);
    d = CHECK_PTR(h5x_open(file, "z"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_C128, complex_values, sizeof complex_values));
    CHECK_DOUBLE(complex_values[1], 2.0);
    CHECK_DOUBLE(complex_values[3], -3.5);
    h5x_close(d);

    h5x_object *ordered = CHECK_PTR(h5x_open(file, "ordered"));
    if (ordered) {
        static const char *const created[] = {"c", "a", "b"};
        static const char *const attrs[] = {"z", "y"};
        check_names(ordered, 0, H5X_ORDER_CREATION, created, 3);
        check_names(ordered, 1, H5X_ORDER_CREATION, attrs, 2);
        h5x_close(ordered);
    }
    int32_t deep[2] = {0};
    d = CHECK_PTR(h5x_open(file, "/group/sub/deep"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_I32, deep, sizeof deep));
    CHECK(deep[0] == 5 && deep[1] == 6);
    h5x_close(d);

    h5x_link_info info;
    CHECK_OK(h5x_link_get_info(file, "alias_soft", &info));
    CHECK_INT(info.kind, H5X_LINK_SOFT);
    CHECK_STR(info.target_path, "/numbers");
    h5x_free(info.target_path);
    CHECK_INT(h5x_contains(file, "alias_soft"), 1);
    CHECK_INT(h5x_contains(file, "dangling"), 0);
    CHECK_OK(h5x_link_get_info(file, "outside", &info));
    CHECK_INT(info.kind, H5X_LINK_EXTERNAL);
    CHECK_STR(info.target_file, "other.h5");
    CHECK_STR(info.target_path, "/x");
    h5x_free(info.target_path);
    h5x_free(info.target_file);

    h5x_dtype *text = CHECK_PTR(h5x_dtype_text());
    h5x_dtype *ragged = CHECK_PTR(h5x_dtype_vlen(H5X_I32));
    char *title = NULL;
    CHECK_OK(h5x_attr_get(file, "title", text, &title, sizeof title));
    CHECK(title && strcmp(title, "h\xc3\xa9llo") == 0);
    h5x_reclaim(text, &title, 1);
    char *words[2] = {NULL, NULL};
    d = CHECK_PTR(h5x_open(file, "words"));
    CHECK_OK(h5x_dataset_read(d, NULL, text, words, sizeof words));
    CHECK(words[0] && strcmp(words[0], "alpha") == 0 && words[1] && strcmp(words[1], "b\xc3\xaata") == 0);
    h5x_reclaim(text, words, 2);
    h5x_close(d);
    d = CHECK_PTR(h5x_open(file, "numbers"));
    h5x_vlen rows[2] = {{0, NULL}, {0, NULL}};
    CHECK_OK(h5x_attr_get(d, "ragged", ragged, rows, sizeof rows));
    CHECK(rows[0].length == 2 && rows[1].length == 3 && rows[1].data && ((int32_t *)rows[1].data)[2] == 5);
    h5x_reclaim(ragged, rows, 2);
    h5x_close(d);
    h5x_close(text);
    h5x_close(ragged);

    h5x_ref refs[4];
    d = CHECK_PTR(h5x_open(file, "refs"));
    CHECK_OK(h5x_dataset_read(d, NULL, NULL, refs, sizeof refs));
    h5x_close(d);
    check_ref_target(file, &refs[0], "/");
    check_ref_target(file, &refs[1], "/grid");
    check_ref_target(file, &refs[2], "/group/sub");
    CHECK_INT(h5x_ref_is_null(&refs[3]), 1);
    h5x_ref regions[2];
    d = CHECK_PTR(h5x_open(file, "regions"));
    CHECK_OK(h5x_dataset_read(d, NULL, NULL, regions, sizeof regions));
    h5x_close(d);
    d = CHECK_PTR(h5x_open(file, "grid"));
    float block[4] = {0}, listed[2] = {0};
    CHECK_OK(h5x_dataset_read_region(d, &regions[0], H5X_F32, block, sizeof block));
    CHECK(block[0] == 1.0f && block[1] == 1.25f && block[2] == 2.0f && block[3] == 2.25f);
    CHECK_OK(h5x_dataset_read_region(d, &regions[1], H5X_F32, listed, sizeof listed));
    CHECK(listed[0] == 0.75f && listed[1] == 2.75f);
    h5x_close(d);
    h5x_ref pointed;
    d = CHECK_PTR(h5x_open(file, "group/sub"));
    CHECK_OK(h5x_attr_get(d, "points_at", NULL, &pointed, sizeof pointed));
    check_ref_target(file, &pointed, "/grid");
    h5x_close(d);

    h5x_object *kind = CHECK_PTR(h5x_open(file, "kind"));
    if (kind) {
        CHECK_INT(h5x_object_get_kind(kind), H5X_KIND_DATATYPE);
        h5x_dtype *dtype = CHECK_PTR(h5x_datatype_dtype(kind));
        CHECK_INT(h5x_dtype_equal(dtype, H5X_I32), 1);
        h5x_close(dtype);
        h5x_close(kind);
    }
}

static void check_written_with_native(void)
{
    harness_case("the written file, read with the native connector");
    h5x_object *file;
    REQUIRE_PTR(file, open_uri("native", written_path, "r"));
    check_written(file);
    /* creation order is recorded only where it was asked for */
    char **names = NULL;
    size_t count = 0;
    CHECK_MSG(h5x_group_names(file, H5X_ORDER_CREATION, &names, &count) < 0,
              "the root group was not created with track_order");
    h5x_free_names(names, count);
    CHECK_OK(h5x_close(file));
}

static int same_stat(const struct stat *a, const struct stat *b)
{
    return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ino == b->st_ino;
}

static void check_read_only_load(void)
{
    harness_case("r loads the file into memory and never writes it back");
    struct stat before, after;
    REQUIRE(stat(written_path, &before) == 0);
    h5x_object *file;
    REQUIRE_PTR(file, open_uri(BACKED, written_path, "r"));
    CHECK_OWNED_STR(h5x_file_connector(file), "core");
    check_written(file);
    int32_t one = 1;
    CHECK_STATUS(h5x_attr_set(file, "new", H5X_I32, NULL, &one), H5X_ERR_READ_ONLY);
    CHECK_OK(h5x_close(file));
    REQUIRE(stat(written_path, &after) == 0);
    CHECK_MSG(same_stat(&before, &after), "the file on disk was rewritten");

    harness_case("r+ with no change does not write either; with a change it does");
    REQUIRE_PTR(file, open_uri(BACKED, written_path, "r+"));
    CHECK_OK(h5x_close(file));
    REQUIRE(stat(written_path, &after) == 0);
    CHECK_MSG(same_stat(&before, &after), "the file on disk was rewritten");
    REQUIRE_PTR(file, open_uri(BACKED, written_path, "r+"));
    CHECK_OK(h5x_attr_set(file, "touched", H5X_I32, NULL, &one));
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_uri("native", written_path, "r"));
    check_written(file);
    CHECK_INT(h5x_attr_contains(file, "touched"), 1);
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_uri(BACKED, written_path, "r+"));
    CHECK_OK(h5x_attr_delete(file, "touched"));
    CHECK_OK(h5x_close(file));
}

static void check_modes(void)
{
    harness_case("modes with a backing store: the disk decides what exists");
    char missing[4300], appended[4300];
    snprintf(missing, sizeof missing, "%s/missing.h5", directory);
    snprintf(appended, sizeof appended, "%s/appended.h5", directory);
    CHECK_NULL_STATUS(open_uri(BACKED, written_path, "w-"), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(open_uri(BACKED, written_path, "x"), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(open_uri(BACKED, missing, "r"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(open_uri(BACKED, missing, "r+"), H5X_ERR_NOT_FOUND);
    CHECK(access(missing, F_OK) != 0);
    remove(appended);
    h5x_object *file;
    REQUIRE_PTR(file, open_uri(BACKED, appended, "a"));
    CHECK(access(appended, F_OK) == 0);
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_uri("native", appended, "r"));
    CHECK_INT(h5x_group_length(file), 0);
    CHECK_OK(h5x_close(file));
    /* without the backing store a file on disk is no in-memory file */
    CHECK_NULL_STATUS(open_uri("core", written_path, "r"), H5X_ERR_NOT_FOUND);
    REQUIRE_PTR(file, open_uri("core", written_path, "w-"));
    CHECK_OK(h5x_close(file));
    remove(appended);
}

static int native_contains(const char *path, const char *name)
{
    h5x_object *file = open_uri("native", path, "r");
    int found = file ? h5x_contains(file, name) : -1;
    h5x_close(file);
    return found;
}

static void check_flush_and_failed_save(void)
{
    harness_case("flush saves; a failed save leaves the previous file");
    char path[4300], blocker[4400];
    snprintf(path, sizeof path, "%s/flushed.h5", directory);
    snprintf(blocker, sizeof blocker, "%s.h5x-saving", path);
    remove(path);
    h5x_object *file;
    REQUIRE_PTR(file, open_uri(BACKED, path, "w"));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    int32_t values[2] = {1, 2};
    h5x_close(CHECK_PTR(create_dataset(file, "first", H5X_I32, &two, values)));
    CHECK_OK(h5x_file_flush(file));
    CHECK_INT(native_contains(path, "first"), 1);
    /* something in the way of the new file makes the next save fail */
    CHECK(mkdir(blocker, 0700) == 0);
    h5x_close(CHECK_PTR(create_dataset(file, "second", H5X_I32, &two, values)));
    h5x_clear_error();
    CHECK_MSG(h5x_file_flush(file) < 0, "saving over a directory in the way must fail");
    CHECK_INT(native_contains(path, "first"), 1);
    CHECK_INT(native_contains(path, "second"), 0);
    rmdir(blocker);
    CHECK_OK(h5x_close(file));
    CHECK_INT(native_contains(path, "second"), 1);
    CHECK(access(blocker, F_OK) != 0);
    remove(path);
}

/* The user block: its size is the one the file was created with, on disk
 * as the native connector reads it, and what the application wrote into
 * it survives a load and a save. */
static void check_userblock(void)
{
    harness_case("a user block keeps its size and its bytes through a save");
    char path[4300];
    snprintf(path, sizeof path, "%s/userblock.h5", directory);
    remove(path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = 1024;
    char uri[4400];
    snprintf(uri, sizeof uri, BACKED ":%s", path);
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(uri, "w", &options));
    uint64_t size = 0;
    CHECK_OK(h5x_file_userblock_size(file, &size));
    CHECK_INT(size, 1024);
    h5x_close(CHECK_PTR(h5x_group_create(file, "first", NULL)));
    CHECK_OK(h5x_close(file));
    /* the application's own bytes, written around HDF5 */
    const char note[] = "written by the application";
    FILE *raw = fopen(path, "r+b");
    CHECK(raw != NULL && fwrite(note, 1, sizeof note, raw) == sizeof note);
    if (raw != NULL)
        fclose(raw);
    REQUIRE_PTR(file, open_uri(BACKED, path, "r+"));
    size = 0;
    CHECK_OK(h5x_file_userblock_size(file, &size));
    CHECK_INT(size, 1024);
    h5x_close(CHECK_PTR(h5x_group_create(file, "second", NULL)));
    CHECK_OK(h5x_close(file));
    char back[sizeof note] = "";
    raw = fopen(path, "rb");
    CHECK(raw != NULL && fread(back, 1, sizeof back, raw) == sizeof back);
    if (raw != NULL)
        fclose(raw);
    CHECK(memcmp(back, note, sizeof note) == 0);
    h5x_object *native;
    REQUIRE_PTR(native, open_uri("native", path, "r"));
    size = 0;
    CHECK_OK(h5x_file_userblock_size(native, &size));
    CHECK_INT(size, 1024);
    CHECK_INT(h5x_contains(native, "second"), 1);
    h5x_close(native);
    remove(path);
}

/* ------------------------------------------------- an h5py file in memory */

/* Copies from to to; 0 on success.  The h5py file is changed on a copy,
 * so that this test can run again without the step that made it. */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    int status = in != NULL && out != NULL ? 0 : -1;
    char block[65536];
    size_t got;
    while (status == 0 && (got = fread(block, 1, sizeof block, in)) > 0)
        if (fwrite(block, 1, got, out) != got)
            status = -1;
    if (in != NULL && ferror(in))
        status = -1;
    if (out != NULL && fclose(out) != 0)
        status = -1;
    if (in != NULL)
        fclose(in);
    return status;
}

static void load_h5py_file(const char *original)
{
    harness_case("an h5py file loaded with backing_store=1, changed, saved");
    char path[sizeof directory + 16];
    snprintf(path, sizeof path, "%s/from_h5py.h5", directory);
    if (!CHECK_MSG(copy_file(original, path) == 0, "copying %s to %s", original, path))
        return;
    h5x_object *file;
    REQUIRE_PTR(file, open_uri(BACKED, path, "a"));
    int32_t origin = 0;
    CHECK_OK(h5x_attr_get(file, "origin", H5X_I32, &origin, sizeof origin));
    CHECK_INT(origin, 42);
    int32_t table[12];
    h5x_object *d = CHECK_PTR(h5x_open(file, "table"));
    REQUIRE(d);
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_I32, table, sizeof table));
    CHECK_INT(table[0], 0);
    CHECK_INT(table[11], 11);
    double note = 0;
    CHECK_OK(h5x_attr_get(d, "note", H5X_F64, &note, sizeof note));
    CHECK_DOUBLE(note, 1.5);
    h5x_object *hard = CHECK_PTR(h5x_open(file, "hard"));
    CHECK_INT(h5x_object_equal(d, hard), 1);
    h5x_close(hard);
    h5x_object *soft = CHECK_PTR(h5x_open(file, "soft"));
    CHECK_INT(h5x_object_equal(d, soft), 1);
    h5x_close(soft);
    int32_t minus[4] = {-1, -1, -1, -1};
    CHECK_OK(h5x_dataset_write_text(d, "1, :", H5X_I32, minus, NULL));
    h5x_close(d);

    h5x_object *ordered = CHECK_PTR(h5x_open(file, "ordered"));
    if (ordered) {
        static const char *const created[] = {"second", "first", "third"};
        check_names(ordered, 0, H5X_ORDER_CREATION, created, 3);
        h5x_close(ordered);
    }
    d = CHECK_PTR(h5x_open(file, "chunked"));
    if (d) {
        h5x_shape shape;
        CHECK_OK(h5x_dataset_chunks(d, &shape));
        CHECK_SHAPE(&shape, 1, 10);
        CHECK_OWNED_STR(h5x_dataset_filters(d), "gzip:4");
        double last = 0;
        CHECK_OK(h5x_dataset_read_text(d, "-1", H5X_F64, &last, sizeof last));
        CHECK_DOUBLE(last, 1.0);
        h5x_shape longer = h5x_shape_of(1, (uint64_t[]){120});
        CHECK_OK(h5x_dataset_resize(d, &longer));
        h5x_close(d);
    }
    d = CHECK_PTR(h5x_open(file, "empty_fill"));
    if (d) {
        uint64_t bytes = 1;
        int16_t fill = 0;
        CHECK_OK(h5x_dataset_storage_size(d, &bytes));
        CHECK_UINT(bytes, 0);
        CHECK_INT(h5x_dataset_fillvalue(d, H5X_I16, &fill), 1);
        CHECK_INT(fill, -3);
        h5x_close(d);
    }
    h5x_link_info info;
    CHECK_OK(h5x_link_get_info(file, "ext", &info));
    CHECK_INT(info.kind, H5X_LINK_EXTERNAL);
    CHECK_STR(info.target_file, "elsewhere.h5");
    CHECK_STR(info.target_path, "/data");
    h5x_free(info.target_file);
    h5x_free(info.target_path);
    h5x_object *committed = CHECK_PTR(h5x_open(file, "committed"));
    CHECK_INT(h5x_object_get_kind(committed), H5X_KIND_DATATYPE);
    h5x_close(committed);
    h5x_dtype *text = CHECK_PTR(h5x_dtype_text());
    char *label = NULL;
    CHECK_OK(h5x_attr_get(file, "label", text, &label, sizeof label));
    CHECK(label && strcmp(label, "caf\xc3\xa9") == 0);
    h5x_reclaim(text, &label, 1);
    char *names[3] = {NULL, NULL, NULL};
    d = CHECK_PTR(h5x_open(file, "names"));
    CHECK_OK(h5x_dataset_read(d, NULL, text, names, sizeof names));
    CHECK(names[2] && strcmp(names[2], "gamma") == 0);
    h5x_reclaim(text, names, 3);
    char *renamed[1] = {"delta"};
    CHECK_OK(h5x_dataset_write_text(d, "1", text, renamed, NULL));
    h5x_close(d);
    h5x_close(text);

    h5x_ref loaded[2];
    d = CHECK_PTR(h5x_open(file, "refs"));
    CHECK_OK(h5x_dataset_read(d, NULL, NULL, loaded, sizeof loaded));
    h5x_close(d);
    check_ref_target(file, &loaded[0], "/hard"); /* first by name of the names of /table */
    CHECK_INT(h5x_ref_is_null(&loaded[1]), 0);
    h5x_object *target = h5x_ref_open(file, &loaded[1]);
    CHECK_MSG(target != NULL, "the reference to /ordered opens");
    if (target) {
        CHECK_OWNED_STR(h5x_object_name(target), "/ordered");
        h5x_close(target);
    }
    d = CHECK_PTR(h5x_open(file, "table"));
    int32_t region_values[4] = {0};
    h5x_ref region;
    h5x_object *regions_dataset = CHECK_PTR(h5x_open(file, "regions"));
    CHECK_OK(h5x_dataset_read(regions_dataset, NULL, NULL, &region, sizeof region));
    h5x_close(regions_dataset);
    CHECK_OK(h5x_dataset_read_region(d, &region, H5X_I32, region_values, sizeof region_values));
    CHECK(region_values[0] == 1 && region_values[1] == 2 && region_values[2] == -1 && region_values[3] == -1);
    h5x_close(d);

    CHECK_OK(h5x_delete(file, "remove_me"));
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    float added[3] = {7, 8, 9};
    h5x_close(CHECK_PTR(create_dataset(file, "added/values", H5X_F32, &three, added)));
    int32_t one = 1;
    CHECK_OK(h5x_attr_set(file, "modified", H5X_I32, NULL, &one));
    CHECK_OK(h5x_close(file));

    harness_case("the changed h5py file, read with the native connector");
    REQUIRE_PTR(file, open_uri("native", path, "r"));
    CHECK_INT(h5x_contains(file, "remove_me"), 0);
    CHECK_INT(h5x_attr_contains(file, "modified"), 1);
    CHECK_INT(h5x_attr_contains(file, "origin"), 1);
    float back[3] = {0};
    d = CHECK_PTR(h5x_open(file, "added/values"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_F32, back, sizeof back));
    CHECK(back[0] == 7 && back[2] == 9);
    h5x_close(d);
    d = CHECK_PTR(h5x_open(file, "table"));
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_I32, table, sizeof table));
    CHECK(table[3] == 3 && table[4] == -1 && table[7] == -1 && table[8] == 8);
    hard = CHECK_PTR(h5x_open(file, "hard"));
    CHECK_INT(h5x_object_equal(d, hard), 1);
    h5x_close(hard);
    h5x_close(d);
    ordered = CHECK_PTR(h5x_open(file, "ordered"));
    if (ordered) {
        static const char *const created[] = {"second", "first", "third"};
        check_names(ordered, 0, H5X_ORDER_CREATION, created, 3);
        h5x_close(ordered);
    }
    d = CHECK_PTR(h5x_open(file, "chunked"));
    if (d) {
        h5x_shape shape;
        CHECK_OK(h5x_dataset_shape(d, &shape));
        CHECK_SHAPE(&shape, 1, 120);
        double tail = -1;
        CHECK_OK(h5x_dataset_read_text(d, "119", H5X_F64, &tail, sizeof tail));
        CHECK_DOUBLE(tail, 0.0);
        CHECK_OWNED_STR(h5x_dataset_filters(d), "gzip:4");
        h5x_close(d);
    }
    CHECK_OK(h5x_link_get_info(file, "soft", &info));
    CHECK_INT(info.kind, H5X_LINK_SOFT);
    CHECK_STR(info.target_path, "/table");
    h5x_free(info.target_path);
    committed = CHECK_PTR(h5x_open(file, "committed"));
    CHECK_INT(h5x_object_get_kind(committed), H5X_KIND_DATATYPE);
    h5x_close(committed);
    CHECK_OK(h5x_close(file));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_core_backing DIRECTORY [H5PY_FILE]\n");
        return 2;
    }
    snprintf(directory, sizeof directory, "%s", argv[1]);
    mkdir(directory, 0700);
    snprintf(written_path, sizeof written_path, "%s/written.h5", directory);
    harness_section("core connector, backing store");
    write_through_core();
    check_written_with_native();
    check_read_only_load();
    check_modes();
    check_flush_and_failed_save();
    check_userblock();
    if (argc > 2)
        load_h5py_file(argv[2]);
    return harness_finish();
}
