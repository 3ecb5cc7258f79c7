/*
 * test_core_memory.c — the in-memory connector without a backing store.
 *
 * What the conformance suite cannot see from the public API alone: that
 * nothing reaches the disk, that a name open twice is one tree (and what
 * h5py's modes make of that), object lifetimes under hard links and open
 * handles, soft, hard and external links, moving links, tokens, committed
 * datatypes, both iteration orders over many names, lazy allocation,
 * resizing inner axes, canonical filter text, and the refusal of
 * variable-length values.
 *
 *   test_core_memory [DIRECTORY]   (default $TMPDIR, else /tmp)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core_test.h"
#include "harness.h"

static char directory[4096];

static void uri_of(const char *stem, char *out, size_t size)
{
    snprintf(out, size, "core:%s/%s.h5", directory, stem);
}

static h5x_object *open_core(const char *stem, const char *mode)
{
    char uri[4200];
    uri_of(stem, uri, sizeof uri);
    h5x_clear_error();
    return h5x_file_open(uri, mode, NULL);
}

static size_t directory_entries(void)
{
    DIR *dir = opendir(directory);
    size_t count = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            count++;
    if (dir)
        closedir(dir);
    return count;
}

static h5x_object *tracked_group(h5x_object *loc, const char *path)
{
    h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
    options.track_order = 1;
    return h5x_group_create(loc, path, &options);
}

static h5x_object *make_ints(h5x_object *loc, const char *path, int n, int first)
{
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){(uint64_t)n});
    int32_t values[64];
    for (int i = 0; i < n && i < 64; i++)
        values[i] = first + i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    return h5x_dataset_create(loc, path, H5X_I32, &shape, &options);
}

static int32_t read_int_at(h5x_object *loc, const char *path, const char *selection)
{
    h5x_object *dataset = h5x_open(loc, path);
    int32_t value = INT32_MIN;
    if (dataset)
        h5x_dataset_read_text(dataset, selection, H5X_I32, &value, sizeof value);
    h5x_close(dataset);
    return value;
}

/* ------------------------------------------------------------------ disk */

static void test_nothing_on_disk(void)
{
    harness_case("without a backing store nothing reaches the disk");
    char path[4200];
    snprintf(path, sizeof path, "%s/scratch.h5", directory);
    h5x_object *file;
    REQUIRE_PTR(file, open_core("scratch", "w"));
    h5x_close(CHECK_PTR(make_ints(file, "/g/numbers", 8, 0)));
    int32_t seven = 7;
    CHECK_OK(h5x_attr_set(file, "seven", H5X_I32, NULL, &seven));
    CHECK_OK(h5x_file_flush(file));
    CHECK_MSG(access(path, F_OK) != 0, "'%s' exists while the file is open", path);
    CHECK_INT(read_int_at(file, "/g/numbers", "5"), 5);
    CHECK_OK(h5x_close(file));
    CHECK_MSG(access(path, F_OK) != 0, "'%s' exists after closing", path);
    CHECK_UINT(directory_entries(), 0);
    /* and the tree went with the last handle */
    CHECK_NULL_STATUS(open_core("scratch", "r"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(open_core("scratch", "r+"), H5X_ERR_NOT_FOUND);
}

/* ------------------------------------------------------- modes, registry */

static void test_shared_tree(void)
{
    harness_case("one name open twice is one tree; h5py's modes around it");
    h5x_object *first, *second, *third;
    REQUIRE_PTR(first, open_core("shared", "w"));
    h5x_close(CHECK_PTR(make_ints(first, "data", 4, 10)));
    REQUIRE_PTR(second, open_core("shared", "r"));
    CHECK_OWNED_STR(h5x_file_mode(second), "r");
    CHECK_INT(read_int_at(second, "data", "3"), 13);
    /* what one open writes the other reads */
    int32_t changed = -5;
    h5x_object *data = CHECK_PTR(h5x_open(first, "data"));
    CHECK_OK(h5x_dataset_write_text(data, "0", H5X_I32, &changed, NULL));
    CHECK_INT(read_int_at(second, "data", "0"), -5);
    /* the read-only open cannot write, the other still can */
    int32_t one = 1;
    CHECK_STATUS(h5x_attr_set(second, "x", H5X_I32, NULL, &one), H5X_ERR_READ_ONLY);
    CHECK_OK(h5x_attr_set(first, "x", H5X_I32, NULL, &one));
    CHECK_INT(h5x_attr_contains(second, "x"), 1);
    /* the same object through either open is the same object */
    h5x_object *data_again = CHECK_PTR(h5x_open(second, "/data"));
    CHECK_INT(h5x_object_equal(data, data_again), 1);
    h5x_close(data_again);
    h5x_close(data);
    /* the name exists while it is open */
    CHECK_NULL_STATUS(open_core("shared", "w"), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(open_core("shared", "w-"), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(open_core("shared", "x"), H5X_ERR_EXISTS);
    REQUIRE_PTR(third, open_core("shared", "a"));
    h5x_close(CHECK_PTR(h5x_group_create(third, "from_third", NULL)));
    CHECK_INT(h5x_contains(first, "from_third"), 1);
    CHECK_OK(h5x_close(first));
    CHECK_OK(h5x_close(third));
    /* still open through `second` */
    CHECK_INT(h5x_contains(second, "from_third"), 1);
    CHECK_OK(h5x_close(second));
    CHECK_NULL_STATUS(open_core("shared", "r"), H5X_ERR_NOT_FOUND);
    /* and a fresh start afterwards */
    REQUIRE_PTR(first, open_core("shared", "w-"));
    CHECK_INT(h5x_group_length(first), 0);
    CHECK_OK(h5x_close(first));
    REQUIRE_PTR(first, open_core("shared", "a"));
    CHECK_INT(h5x_group_length(first), 0);
    CHECK_OK(h5x_close(first));
}

static void test_resize_through_other_open(void)
{
    harness_case("a dataset resized through another open of the file");
    h5x_object *first, *second;
    REQUIRE_PTR(first, open_core("resized-elsewhere", "w"));
    REQUIRE_PTR(second, open_core("resized-elsewhere", "r+"));
    h5x_shape eight = h5x_shape_of(1, (uint64_t[]){8});
    h5x_shape unlimited = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    int32_t values[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &unlimited;
    options.data = values;
    h5x_object *mine = CHECK_PTR(h5x_dataset_create(first, "d", H5X_I32, &eight, &options));
    h5x_object *theirs = CHECK_PTR(h5x_open(second, "d"));
    REQUIRE(mine && theirs);
    int32_t got[8];
    CHECK_OK(h5x_dataset_read(mine, NULL, H5X_I32, got, sizeof got)); /* the handle now knows a shape */
    h5x_shape sixteen = h5x_shape_of(1, (uint64_t[]){16});
    CHECK_OK(h5x_dataset_resize(theirs, &sixteen));
    /* whatever `mine` still believes, nothing may be read or written
     * outside the buffers: either the new shape is used or the call is
     * refused */
    memset(got, 0x7f, sizeof got);
    h5x_clear_error();
    int status = h5x_dataset_read(mine, NULL, H5X_I32, got, sizeof got);
    CHECK_MSG(status == H5X_ERR_SELECTION || status == H5X_ERR_SHAPE || (status >= 0 && got[7] == 7),
              "reading through a handle that knew the old shape gave %d", status);
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    CHECK_OK(h5x_dataset_resize(theirs, &four));
    h5x_clear_error();
    status = h5x_dataset_write(mine, NULL, H5X_I32, values, NULL);
    CHECK_MSG(status == H5X_ERR_SELECTION || status == H5X_ERR_SHAPE || status >= 0,
              "writing through a handle that knew the old shape gave %d", status);
    int32_t kept[4] = {0};
    CHECK_OK(h5x_dataset_read(theirs, NULL, H5X_I32, kept, sizeof kept));
    const int32_t first_four[4] = {0, 1, 2, 3};
    CHECK_BYTES(kept, first_four, sizeof kept);
    h5x_close(theirs);
    h5x_close(mine);
    CHECK_OK(h5x_close(second));
    CHECK_OK(h5x_close(first));
}

static void test_options(void)
{
    harness_case("options: backing_store is a boolean, other keys are refused");
    char uri[4300];
    snprintf(uri, sizeof uri, "core;backing_store=maybe:%s/opt.h5", directory);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_OPTION);
    snprintf(uri, sizeof uri, "core;block_size=4096:%s/opt.h5", directory);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_OPTION);
    snprintf(uri, sizeof uri, "core;backing_store=0:%s/opt.h5", directory);
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    h5x_close(file);
    CHECK_UINT(directory_entries(), 0);
}

/* ------------------------------------------------------------- lifetimes */

static void test_lifetimes(void)
{
    harness_case("an open handle keeps an object whose last link is gone");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("lifetimes", "w"));
    h5x_object *data = CHECK_PTR(make_ints(file, "/g/sub/data", 6, 100));
    h5x_object *sub = CHECK_PTR(h5x_open(file, "/g/sub"));
    CHECK_OK(h5x_delete(file, "g"));
    CHECK_INT(h5x_contains(file, "g"), 0);
    CHECK_INT(h5x_contains(file, "g/sub/data"), 0);
    int32_t values[6] = {0};
    const int32_t want[6] = {100, 101, 102, 103, 104, 105};
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, values, sizeof values));
    CHECK_BYTES(values, want, sizeof want);
    /* the orphaned group still holds its member by name */
    CHECK_INT(h5x_contains(sub, "data"), 1);
    CHECK_INT(read_int_at(sub, "data", "2"), 102);
    int32_t written = 9;
    CHECK_OK(h5x_dataset_write_text(data, "0", H5X_I32, &written, NULL));
    CHECK_INT(read_int_at(sub, "data", "0"), 9);
    h5x_close(sub);
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, values, sizeof values));
    CHECK_INT(values[0], 9);
    h5x_close(data);
    CHECK_INT(h5x_group_length(file), 0);
    CHECK_OK(h5x_close(file));
}

/* ----------------------------------------------------------------- links */

static void test_hard_links(void)
{
    harness_case("hard links: one object, two names; the last name frees it");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("hard", "w"));
    h5x_object *data = CHECK_PTR(make_ints(file, "original", 3, 1));
    CHECK_OK(h5x_link_hard(data, file, "/other/second_name"));
    h5x_close(data);
    h5x_object *a = CHECK_PTR(h5x_open(file, "original"));
    h5x_object *b = CHECK_PTR(h5x_open(file, "other/second_name"));
    CHECK_INT(h5x_object_equal(a, b), 1);
    h5x_link_info info;
    CHECK_OK(h5x_link_get_info(file, "other/second_name", &info));
    CHECK_INT(info.kind, H5X_LINK_HARD);
    CHECK(info.target_path == NULL);
    h5x_close(a);
    h5x_close(b);
    CHECK_OK(h5x_delete(file, "original"));
    CHECK_INT(read_int_at(file, "other/second_name", "2"), 3);
    CHECK_OK(h5x_delete(file, "other/second_name"));
    CHECK_INT(h5x_contains(file, "other/second_name"), 0);
    /* a group holding a hard link to itself is a cycle; deleting it is fine */
    h5x_object *loop = CHECK_PTR(h5x_group_create(file, "loop", NULL));
    CHECK_OK(h5x_link_hard(loop, loop, "self"));
    CHECK_INT(h5x_contains(file, "loop/self/self/self"), 1);
    h5x_object *deep = CHECK_PTR(h5x_open(file, "loop/self/self"));
    CHECK_INT(h5x_object_equal(deep, loop), 1);
    h5x_close(deep);
    h5x_close(loop);
    CHECK_OK(h5x_delete(file, "loop"));
    CHECK_INT(h5x_contains(file, "loop"), 0);
    /* the root can be linked too */
    CHECK_OK(h5x_link_hard(file, file, "/other/up"));
    CHECK_INT(h5x_contains(file, "/other/up/other/up"), 1);
    CHECK_OK(h5x_close(file));
}

static void test_soft_links(void)
{
    harness_case("soft links: followed in paths, relative to their group, dangling allowed");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("soft", "w"));
    h5x_close(CHECK_PTR(make_ints(file, "/g/d", 4, 20)));
    h5x_object *g = CHECK_PTR(h5x_open(file, "g"));
    CHECK_OK(h5x_link_soft(file, "absolute", "/g/d"));
    CHECK_OK(h5x_link_soft(g, "relative", "d"));          /* from /g */
    CHECK_OK(h5x_link_soft(file, "alias", "/g"));
    CHECK_OK(h5x_link_soft(file, "dangling", "/nowhere"));
    CHECK_OK(h5x_link_soft(file, "cycle_a", "cycle_b"));
    CHECK_OK(h5x_link_soft(file, "cycle_b", "cycle_a"));
    CHECK_STATUS(h5x_link_soft(file, "absolute", "/g/d"), H5X_ERR_EXISTS);

    CHECK_INT(read_int_at(file, "absolute", "1"), 21);
    CHECK_INT(read_int_at(file, "g/relative", "2"), 22);
    CHECK_INT(read_int_at(file, "alias/d", "3"), 23);
    CHECK_INT(read_int_at(file, "alias/relative", "0"), 20);
    h5x_object *through = CHECK_PTR(h5x_open(file, "absolute"));
    h5x_object *direct = CHECK_PTR(h5x_open(g, "d"));
    CHECK_INT(h5x_object_equal(through, direct), 1);
    h5x_close(through);
    h5x_close(direct);

    CHECK_INT(h5x_contains(file, "dangling"), 0);
    CHECK_INT(h5x_contains(file, "cycle_a"), 0);
    CHECK_INT(h5x_contains(file, "dangling/deeper"), 0);
    CHECK_NULL_STATUS(h5x_open(file, "dangling"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_open(file, "cycle_a"), H5X_ERR_NOT_FOUND);
    h5x_link_info info;
    CHECK_OK(h5x_link_get_info(file, "dangling", &info));
    CHECK_INT(info.kind, H5X_LINK_SOFT);
    CHECK_STR(info.target_path, "/nowhere");
    h5x_free(info.target_path);
    CHECK_OK(h5x_link_get_info(g, "relative", &info));
    CHECK_STR(info.target_path, "d");
    h5x_free(info.target_path);
    /* a dangling link comes alive when its target appears */
    h5x_close(CHECK_PTR(h5x_group_create(file, "nowhere", NULL)));
    CHECK_INT(h5x_contains(file, "dangling"), 1);
    /* deleting a soft link leaves its target */
    CHECK_OK(h5x_delete(file, "absolute"));
    CHECK_INT(h5x_contains(file, "g/d"), 1);
    CHECK_INT(h5x_group_length(file), 6);
    h5x_close(g);
    CHECK_OK(h5x_close(file));
}

static void test_external_links(void)
{
    harness_case("external links: created, read, and followed by the core into native and in-memory files");
    char native_path[4300], native_uri[4400];
    snprintf(native_path, sizeof native_path, "%s/external_target.h5", directory);
    snprintf(native_uri, sizeof native_uri, "native:%s", native_path);
    h5x_object *target = CHECK_PTR(h5x_file_open(native_uri, "w", NULL));
    if (target) {
        h5x_close(CHECK_PTR(make_ints(target, "x", 2, 0)));
        h5x_close(target);
    }
    h5x_object *memory_target;
    REQUIRE_PTR(memory_target, open_core("memory_target", "w"));
    h5x_close(CHECK_PTR(h5x_group_create(memory_target, "inside", NULL)));

    h5x_object *file;
    REQUIRE_PTR(file, open_core("external", "w"));
    CHECK_OK(h5x_link_external(file, "to_native", native_path, "/x"));
    CHECK_OK(h5x_link_external(file, "to_native_missing", native_path, "/missing"));
    CHECK_OK(h5x_link_external(file, "beside", "external_target.h5", "/x")); /* relative to this file */
    char memory_name[4300];
    snprintf(memory_name, sizeof memory_name, "%s/memory_target.h5", directory);
    CHECK_OK(h5x_link_external(file, "to_memory", memory_name, "/inside"));
    CHECK_OK(h5x_link_external(file, "to_nothing", "no_such_file.h5", "/x"));

    h5x_link_info info;
    CHECK_OK(h5x_link_get_info(file, "to_native", &info));
    CHECK_INT(info.kind, H5X_LINK_EXTERNAL);
    CHECK_STR(info.target_file, native_path);
    CHECK_STR(info.target_path, "/x");
    h5x_free(info.target_file);
    h5x_free(info.target_path);
    CHECK_INT(h5x_contains(file, "to_native"), 1);
    CHECK_INT(h5x_contains(file, "beside"), 1);
    CHECK_INT(h5x_contains(file, "to_memory"), 1);
    CHECK_INT(h5x_contains(file, "to_native_missing"), 0);
    CHECK_INT(h5x_contains(file, "to_nothing"), 0);
    /* followed by the core: a name without a prefix is looked for in
     * memory first (an open in-memory file), then on disk through native */
    h5x_object *through = CHECK_PTR(h5x_open(file, "to_native"));
    char *connector = through ? h5x_file_connector(through) : NULL;
    CHECK_STR(connector, "native");
    h5x_free(connector);
    h5x_shape shape = {0};
    if (through)
        CHECK_OK(h5x_dataset_shape(through, &shape));
    CHECK_INT(shape.rank, 1);
    h5x_close(through);
    h5x_object *inside = CHECK_PTR(h5x_open(file, "to_memory"));
    char *name = inside ? h5x_object_name(inside) : NULL;
    CHECK_STR(name, "/inside");
    h5x_free(name);
    connector = inside ? h5x_file_connector(inside) : NULL;
    CHECK_STR(connector, "core");
    h5x_free(connector);
    h5x_close(inside);
    CHECK_NULL_STATUS(h5x_open(file, "to_memory/deeper"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_open(file, "to_nothing"), H5X_ERR_NOT_FOUND);
    CHECK_OK(h5x_delete(file, "to_nothing"));
    CHECK_INT(h5x_group_length(file), 4);
    CHECK_OK(h5x_close(file));
    CHECK_OK(h5x_close(memory_target));
    remove(native_path);
}

static void test_move(void)
{
    harness_case("moving links");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("move", "w"));
    h5x_close(CHECK_PTR(tracked_group(file, "a")));
    h5x_object *data = CHECK_PTR(make_ints(file, "/a/data", 3, 7));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/a/later", NULL)));
    h5x_object *a = CHECK_PTR(h5x_open(file, "a"));
    CHECK_OK(h5x_link_move(file, "/a/data", file, "/b/c/moved"));
    CHECK_INT(h5x_contains(file, "a/data"), 0);
    CHECK_INT(read_int_at(file, "b/c/moved", "2"), 9);
    /* the handle opened before the move still reaches the object */
    int32_t values[3] = {0};
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, values, sizeof values));
    CHECK_INT(values[0], 7);
    /* back into /a: newest in creation order */
    CHECK_OK(h5x_link_move(file, "b/c/moved", a, "data"));
    char **names = NULL;
    size_t count = 0;
    CHECK_OK(h5x_group_names(a, H5X_ORDER_CREATION, &names, &count));
    CHECK_UINT(count, 2);
    if (count == 2) {
        CHECK_STR(names[0], "later");
        CHECK_STR(names[1], "data");
    }
    h5x_free_names(names, count);
    CHECK_OK(h5x_link_move(a, "data", a, "data")); /* onto itself: nothing changes */
    CHECK_INT(h5x_contains(a, "data"), 1);
    CHECK_STATUS(h5x_link_move(file, "a", file, "a/later/inside"), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_link_move(file, "a/data", file, "a/later"), H5X_ERR_EXISTS);
    CHECK_STATUS(h5x_link_move(file, "nothing", file, "elsewhere"), H5X_ERR_NOT_FOUND);
    CHECK_INT(h5x_contains(file, "a/data"), 1);
    h5x_close(a);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------ tokens, datatypes */

static void test_tokens_and_datatypes(void)
{
    harness_case("tokens and committed datatypes");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("tokens", "w"));
    h5x_object *data = CHECK_PTR(make_ints(file, "data", 2, 0));
    h5x_object_info info, found;
    memset(&found, 0, sizeof found);
    CHECK_OK(test_object_info(data, &info));
    CHECK_INT(info.kind, H5X_KIND_DATASET);
    CHECK_OK(test_open_by_token(file, info.token, &found));
    CHECK_INT(found.kind, H5X_KIND_DATASET);
    CHECK_BYTES(found.token, info.token, 16);
    h5x_object_info root_info;
    CHECK_OK(test_object_info(file, &root_info));
    CHECK_MSG(memcmp(root_info.token, info.token, 16) != 0, "the root and a dataset share a token");
    uint8_t unknown[16] = {0xff, 0xff, 0xff};
    CHECK_STATUS(test_open_by_token(file, unknown, &found), H5X_ERR_NOT_FOUND);
    h5x_close(data);

    h5x_dtype *big = CHECK_PTR(h5x_dtype_parse(">u2"));
    h5x_close(CHECK_PTR(h5x_datatype_commit(file, "/types/big_u16", big)));
    CHECK_NULL_STATUS(h5x_datatype_commit(file, "/types/big_u16", big), H5X_ERR_EXISTS);
    h5x_object *committed = CHECK_PTR(h5x_open(file, "types/big_u16"));
    if (committed) {
        CHECK_INT(h5x_object_get_kind(committed), H5X_KIND_DATATYPE);
        h5x_dtype *back = CHECK_PTR(h5x_datatype_dtype(committed));
        CHECK_INT(h5x_dtype_equal(back, big), 1);
        /* a dataset made with the committed type does not keep the file
         * open through it once everything is closed (checked below) */
        h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
        h5x_object *uses = CHECK_PTR(h5x_dataset_create(file, "uses_big", back, &two, NULL));
        CHECK_OK(h5x_attr_set(file, "uses_big", back, NULL, (uint16_t[]){7}));
        h5x_close(uses);
        h5x_close(back);
        int32_t mark = 3;
        CHECK_OK(h5x_attr_set(committed, "mark", H5X_I32, NULL, &mark));
        CHECK_INT(h5x_attr_count(committed), 1);
        h5x_close(committed);
    }
    h5x_close(big);
    CHECK_OK(h5x_close(file));
    CHECK_NULL_STATUS(open_core("tokens", "r"), H5X_ERR_NOT_FOUND);
}

/* ----------------------------------------------------------------- order */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_many_names(void)
{
    harness_case("20 000 groups: both orders, deletion of half");
    enum { N = 20000 };
    h5x_object *file;
    REQUIRE_PTR(file, open_core("many", "w"));
    h5x_object *box = CHECK_PTR(tracked_group(file, "box"));
    REQUIRE(box);
    char name[32];
    int created = 0;
    for (int i = 0; i < N; i++) {
        /* a scrambled order, so that creation order is not name order */
        snprintf(name, sizeof name, "g%05d", (i * 7919) % N);
        h5x_object *group = h5x_group_create(box, name, NULL);
        created += group != NULL;
        h5x_close(group);
    }
    CHECK_INT(created, N);
    CHECK_INT(h5x_group_length(box), N);
    char **names = NULL;
    size_t count = 0;
    CHECK_OK(h5x_group_names(box, H5X_ORDER_CREATION, &names, &count));
    int in_creation_order = count == N;
    for (size_t i = 0; in_creation_order && i < count; i++) {
        snprintf(name, sizeof name, "g%05d", (int)((i * 7919) % N));
        in_creation_order = strcmp(names[i], name) == 0;
    }
    CHECK_MSG(in_creation_order, "names come back in creation order");
    h5x_free_names(names, count);
    CHECK_OK(h5x_group_names(box, H5X_ORDER_NAME, &names, &count));
    int sorted = count == N;
    for (size_t i = 1; sorted && i < count; i++)
        sorted = strcmp(names[i - 1], names[i]) < 0;
    CHECK_MSG(sorted, "names come back sorted");
    h5x_free_names(names, count);
    /* delete the even ones */
    int deleted = 0;
    for (int i = 0; i < N; i += 2) {
        snprintf(name, sizeof name, "g%05d", i);
        deleted += h5x_delete(box, name) == 0;
    }
    CHECK_INT(deleted, N / 2);
    CHECK_INT(h5x_group_length(box), N / 2);
    CHECK_INT(h5x_contains(box, "g00002"), 0);
    CHECK_INT(h5x_contains(box, "g00003"), 1);
    CHECK_OK(h5x_group_names(box, H5X_ORDER_CREATION, &names, &count));
    CHECK_UINT(count, N / 2);
    int odd_only = 1;
    for (size_t i = 0; i < count; i++)
        odd_only &= (atoi(names[i] + 1) % 2) == 1;
    CHECK_MSG(odd_only, "only the odd names are left");
    char **copy = malloc(count * sizeof *copy);
    if (copy) {
        memcpy(copy, names, count * sizeof *copy);
        qsort(copy, count, sizeof *copy, compare_names);
        char **by_name = NULL;
        size_t by_name_count = 0;
        CHECK_OK(h5x_group_names(box, H5X_ORDER_NAME, &by_name, &by_name_count));
        int same = by_name_count == count;
        for (size_t i = 0; same && i < count; i++)
            same = strcmp(copy[i], by_name[i]) == 0;
        CHECK_MSG(same, "name order after deletions");
        h5x_free_names(by_name, by_name_count);
        free(copy);
    }
    h5x_free_names(names, count);
    h5x_close(box);
    CHECK_OK(h5x_close(file));
}

static void test_attribute_order(void)
{
    harness_case("attributes: replacing moves to the end, modify keeps the place");
    h5x_object *root, *file;
    REQUIRE_PTR(root, open_core("attribute-order", "w"));
    REQUIRE_PTR(file, tracked_group(root, "tracked"));
    int32_t value = 1;
    const char *created[] = {"zeta", "alpha", "mid"};
    for (int i = 0; i < 3; i++) {
        CHECK_OK(h5x_attr_set(file, created[i], H5X_I32, NULL, &value));
        CHECK_OK(h5x_attr_set(root, created[i], H5X_I32, NULL, &value));
    }
    double replaced = 2.5;
    CHECK_OK(h5x_attr_set(file, "zeta", H5X_F64, NULL, &replaced));
    int16_t modified = 4;
    CHECK_OK(h5x_attr_modify(file, "alpha", H5X_I16, NULL, &modified));
    char **names = NULL;
    size_t count = 0;
    /* as in HDF5: no creation order where it was not asked for */
    CHECK_STATUS(h5x_attr_names(root, H5X_ORDER_CREATION, &names, &count), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_group_names(root, H5X_ORDER_CREATION, &names, &count), H5X_ERR_INVALID_ARGUMENT);
    CHECK_OK(h5x_attr_names(root, H5X_ORDER_NAME, &names, &count));
    CHECK_UINT(count, 3);
    h5x_free_names(names, count);
    CHECK_OK(h5x_attr_names(file, H5X_ORDER_CREATION, &names, &count));
    CHECK_UINT(count, 3);
    if (count == 3) {
        CHECK_STR(names[0], "alpha");
        CHECK_STR(names[1], "mid");
        CHECK_STR(names[2], "zeta");
    }
    h5x_free_names(names, count);
    h5x_dtype *dtype = NULL;
    CHECK_OK(h5x_attr_info(file, "zeta", NULL, &dtype));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_F64), 1);
    h5x_close(dtype);
    CHECK_OK(h5x_attr_info(file, "alpha", NULL, &dtype));
    CHECK_INT(h5x_dtype_equal(dtype, H5X_I32), 1); /* modify kept the stored type */
    h5x_close(dtype);
    int32_t back = 0;
    CHECK_OK(h5x_attr_get(file, "alpha", H5X_I32, &back, sizeof back));
    CHECK_INT(back, 4);
    CHECK_STATUS(h5x_attr_delete(file, "absent"), H5X_ERR_NOT_FOUND);
    h5x_close(file);
    CHECK_OK(h5x_close(root));
}

/* A group visitor that creates a link for every name it is shown, so that
 * the walk's own map grows (and may move its entries) under it. */
typedef struct growing_walk {
    h5x_object *group;
    char seen[8][64];
    int count;
} growing_walk;

static int note_and_grow(const char *name, void *user_data)
{
    growing_walk *walk = user_data;
    if (walk->count < 8)
        snprintf(walk->seen[walk->count], sizeof walk->seen[0], "%s", name);
    walk->count++;
    char added[64];
    snprintf(added, sizeof added, "added-during-walk-%d", walk->count);
    h5x_object *group = h5x_group_create(walk->group, added, NULL);
    h5x_close(group);
    return group ? 0 : -1;
}

static void test_name_lengths(void)
{
    harness_case("names either side of the in-entry length, attribute sizes either side of the pooled size");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("name-lengths", "w"));
    h5x_object *box;
    REQUIRE_PTR(box, tracked_group(file, "box"));
    /* 15, 16 and 17 bytes, and one far longer */
    char long_name[201];
    memset(long_name, 'L', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    const char *names[] = {"fifteen-bytes-x", "sixteen-bytes-xx", "seventeen-bytes-x", long_name};
    for (int i = 0; i < 4; i++) {
        h5x_object *group = CHECK_PTR(h5x_group_create(box, names[i], NULL));
        h5x_close(group);
        double value = i + 0.25;
        CHECK_OK(h5x_attr_set(box, names[i], H5X_F64, NULL, &value));
    }
    for (int i = 0; i < 4; i++) {
        CHECK_INT(h5x_contains(box, names[i]), 1);
        double value = -1;
        CHECK_OK(h5x_attr_get(box, names[i], H5X_F64, &value, sizeof value));
        CHECK(value == i + 0.25);
    }
    /* a prefix or an extension of a stored name is another name */
    CHECK_INT(h5x_contains(box, "sixteen-bytes-x"), 0);
    CHECK_INT(h5x_contains(box, "fifteen-bytes-xx"), 0);
    /* replacing a long-named attribute makes it the newest */
    double again = 9.5;
    CHECK_OK(h5x_attr_set(box, long_name, H5X_F64, NULL, &again));
    char **listed = NULL;
    size_t count = 0;
    CHECK_OK(h5x_attr_names(box, H5X_ORDER_CREATION, &listed, &count));
    CHECK_UINT(count, 4);
    if (count == 4) {
        CHECK_STR(listed[0], names[0]);
        CHECK_STR(listed[2], names[2]);
        CHECK_STR(listed[3], long_name);
    }
    h5x_free_names(listed, count);
    double back = 0;
    CHECK_OK(h5x_attr_get(box, long_name, H5X_F64, &back, sizeof back));
    CHECK(back == 9.5);

    /* values of 16 bytes (the pooled size) and of 24, replaced by each other */
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2}), three = h5x_shape_of(1, (uint64_t[]){3});
    double pair[2] = {1.5, 2.5}, triple[3] = {3.5, 4.5, 5.5}, read[3] = {0, 0, 0};
    CHECK_OK(h5x_attr_set(box, "sized", H5X_F64, &two, pair));
    CHECK_OK(h5x_attr_get(box, "sized", H5X_F64, read, 2 * sizeof(double)));
    CHECK(read[0] == 1.5 && read[1] == 2.5);
    CHECK_OK(h5x_attr_set(box, "sized", H5X_F64, &three, triple));
    CHECK_OK(h5x_attr_get(box, "sized", H5X_F64, read, sizeof read));
    CHECK(read[0] == 3.5 && read[1] == 4.5 && read[2] == 5.5);
    CHECK_OK(h5x_attr_set(box, "sized", H5X_F64, &two, pair));
    CHECK_OK(h5x_attr_get(box, "sized", H5X_F64, read, 2 * sizeof(double)));
    CHECK(read[0] == 1.5 && read[1] == 2.5);
    CHECK_OK(h5x_attr_delete(box, "sized"));
    CHECK_INT(h5x_attr_contains(box, "sized"), 0);

    /* a walk that adds names as it goes still shows the names it started
     * with, intact, in creation order */
    growing_walk walk = {.group = box};
    CHECK_OK(h5x_group_iterate(box, H5X_ORDER_CREATION, note_and_grow, &walk));
    CHECK_INT(walk.count, 4);
    for (int i = 0; i < 3; i++)
        CHECK_STR(walk.seen[i], names[i]);
    CHECK_INT(h5x_group_length(box), 8);

    /* handle names: a plain name appended, other spellings normalised */
    h5x_object *child = CHECK_PTR(h5x_open(box, "fifteen-bytes-x"));
    CHECK_OWNED_STR(h5x_object_name(child), "/box/fifteen-bytes-x");
    h5x_close(child);
    child = CHECK_PTR(h5x_open(box, ".//sixteen-bytes-xx/"));
    CHECK_OWNED_STR(h5x_object_name(child), "/box/sixteen-bytes-xx");
    h5x_close(child);
    child = CHECK_PTR(h5x_open(file, "box"));
    CHECK_OWNED_STR(h5x_object_name(child), "/box");
    h5x_close(child);
    child = CHECK_PTR(h5x_open(box, "."));
    CHECK_OWNED_STR(h5x_object_name(child), "/box");
    h5x_close(child);
    h5x_close(box);
    CHECK_OK(h5x_close(file));
}

/* -------------------------------------------------------------- datasets */

static void test_dataset_storage(void)
{
    harness_case("datasets: late allocation, fill values, filters as canonical text");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("storage", "w"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){1000});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    int16_t fill = -3;
    options.fillvalue = &fill;
    options.filters = "shuffle, gzip";
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "lazy", H5X_I16, &shape, &options));
    REQUIRE(data);
    uint64_t bytes = 99;
    CHECK_OK(h5x_dataset_storage_size(data, &bytes));
    CHECK_UINT(bytes, 0);
    CHECK_OWNED_STR(h5x_dataset_filters(data), "shuffle,gzip:4");
    h5x_shape chunks;
    CHECK_OK(h5x_dataset_chunks(data, &chunks));
    CHECK(chunks.rank == 1 && chunks.dims[0] > 0);
    double as_double = 0;
    CHECK_OK(h5x_dataset_read_text(data, "999", H5X_F64, &as_double, sizeof as_double));
    CHECK_DOUBLE(as_double, -3.0);
    double three[3] = {1.0, -2.0, 1e9};
    CHECK_OK(h5x_dataset_write_text(data, "10:16:2", H5X_F64, three, NULL));
    CHECK_OK(h5x_dataset_storage_size(data, &bytes));
    CHECK_MSG(bytes > 0 && bytes < 2000, "filtered chunks hold %llu bytes, expected fewer than the raw 2000",
              (unsigned long long)bytes); /* mostly fill: gzip shrinks it */
    int32_t got[8] = {0};
    const int32_t want[8] = {-3, 1, -3, -2, -3, 32767, -3, -3}; /* 1e9 clamped to int16 */
    CHECK_OK(h5x_dataset_read_text(data, "9:17", H5X_I32, got, sizeof got));
    CHECK_BYTES(got, want, sizeof want);
    h5x_close(data);

    options.filters = "32099:1";
    CHECK_NULL_STATUS(h5x_dataset_create(file, "unknown_filter", H5X_I16, &shape, &options), H5X_ERR_PLUGIN);
    CHECK_INT(h5x_contains(file, "unknown_filter"), 0);
    CHECK_OK(h5x_close(file));
}

static void test_resize_inner_axes(void)
{
    harness_case("resize keeps elements at their coordinates on every axis");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("resize", "w"));
    h5x_shape shape = h5x_shape_of(3, (uint64_t[]){2, 3, 4});
    h5x_shape maxshape = h5x_shape_of(3, (uint64_t[]){H5X_UNLIMITED, 10, 10});
    int32_t values[24], fill = -1;
    for (int i = 0; i < 24; i++)
        values[i] = i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &maxshape;
    options.fillvalue = &fill;
    options.data = values;
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "cube", H5X_I32, &shape, &options));
    REQUIRE(data);
    h5x_shape grown = h5x_shape_of(3, (uint64_t[]){3, 2, 5});
    CHECK_OK(h5x_dataset_resize(data, &grown));
    int32_t got[30];
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, got, sizeof got));
    int right = 1;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            for (int k = 0; k < 5; k++) {
                int32_t expected = i < 2 && k < 4 ? values[i * 12 + j * 4 + k] : -1;
                right &= got[i * 10 + j * 5 + k] == expected;
            }
    CHECK_MSG(right, "every kept element is at its coordinates, the rest is the fill value");
    /* growing the first axis only appends fill values */
    h5x_shape longer = h5x_shape_of(3, (uint64_t[]){5, 2, 5});
    CHECK_OK(h5x_dataset_resize(data, &longer));
    int32_t tail[20];
    CHECK_OK(h5x_dataset_read_text(data, "3:5", H5X_I32, tail, sizeof tail));
    int filled = 1;
    for (int i = 0; i < 20; i++)
        filled &= tail[i] == -1;
    CHECK_MSG(filled, "appended rows hold the fill value");
    CHECK_INT(read_int_at(file, "cube", "1, 1, 3"), 19);
    h5x_shape too_wide = h5x_shape_of(3, (uint64_t[]){5, 11, 5});
    CHECK_STATUS(h5x_dataset_resize(data, &too_wide), H5X_ERR_SHAPE);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

static void test_variable_length(void)
{
    harness_case("variable-length strings and sequences are copied in and out");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("vlen", "w"));
    h5x_dtype *text = CHECK_PTR(h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE));
    h5x_dtype *ragged = CHECK_PTR(h5x_dtype_vlen(H5X_I32));
    REQUIRE(text && ragged);
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    h5x_shape unlimited = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &unlimited;
    h5x_object *words = CHECK_PTR(h5x_dataset_create(file, "words", text, &three, &options));
    REQUIRE(words);
    /* the written strings live in a buffer that is changed afterwards */
    char first[16] = "alpha", second[16] = "b\xc3\xa9ta";
    char *in[3] = {first, second, NULL};
    CHECK_OK(h5x_dataset_write(words, NULL, text, in, NULL));
    strcpy(first, "XXXXX");
    char *out[3] = {NULL, NULL, NULL};
    CHECK_OK(h5x_dataset_read(words, NULL, text, out, sizeof out));
    CHECK(out[0] && strcmp(out[0], "alpha") == 0);
    CHECK(out[1] && strcmp(out[1], "b\xc3\xa9ta") == 0);
    CHECK(out[0] != first && out[1] != second);
    CHECK_OK(h5x_reclaim(text, out, 3));
    /* overwrite one element: the old string is released, the others stay */
    char *replacement[1] = {"gamma-gamma"};
    CHECK_OK(h5x_dataset_write_text(words, "1", text, replacement, NULL));
    /* grow and shrink: new elements are empty, dropped ones released */
    h5x_shape five = h5x_shape_of(1, (uint64_t[]){5}), two = h5x_shape_of(1, (uint64_t[]){2});
    CHECK_OK(h5x_dataset_resize(words, &five));
    char *grown[5] = {NULL};
    CHECK_OK(h5x_dataset_read(words, NULL, text, grown, sizeof grown));
    CHECK(grown[0] && strcmp(grown[0], "alpha") == 0);
    CHECK(grown[1] && strcmp(grown[1], "gamma-gamma") == 0);
    CHECK(grown[4] == NULL || grown[4][0] == '\0');
    CHECK_OK(h5x_reclaim(text, grown, 5));
    CHECK_OK(h5x_dataset_resize(words, &two));
    h5x_close(words);

    int32_t a[2] = {1, 2}, b[3] = {3, 4, 5};
    h5x_vlen rows[2] = {{2, a}, {3, b}};
    h5x_shape pair = h5x_shape_of(1, (uint64_t[]){2});
    CHECK_OK(h5x_attr_set(file, "ragged", ragged, &pair, rows));
    a[0] = 100;
    h5x_vlen back[2] = {{0, NULL}, {0, NULL}};
    CHECK_OK(h5x_attr_get(file, "ragged", ragged, back, sizeof back));
    CHECK(back[0].length == 2 && back[1].length == 3);
    if (back[0].length == 2 && back[1].length == 3) {
        CHECK_INT(((int32_t *)back[0].data)[0], 1);
        CHECK_INT(((int32_t *)back[1].data)[2], 5);
    }
    CHECK_OK(h5x_reclaim(ragged, back, 2));
    /* modify converts into the stored sequences (int16 in, int32 kept) */
    h5x_dtype *ragged16 = CHECK_PTR(h5x_dtype_vlen(H5X_I16));
    int16_t c[1] = {-7}, d[2] = {8, 9};
    h5x_vlen shorter[2] = {{1, c}, {2, d}};
    CHECK_OK(h5x_attr_modify(file, "ragged", ragged16, &pair, shorter));
    CHECK_OK(h5x_attr_get(file, "ragged", ragged, back, sizeof back));
    CHECK(back[0].length == 1 && back[1].length == 2);
    if (back[0].length == 1)
        CHECK_INT(((int32_t *)back[0].data)[0], -7);
    CHECK_OK(h5x_reclaim(ragged, back, 2));
    h5x_close(ragged16);
    /* a fill value that owns memory is refused; an empty one is fine */
    char *fill = "fill";
    options = (h5x_dataset_options)H5X_DATASET_OPTIONS_INIT;
    options.fillvalue = &fill;
    CHECK_NULL_STATUS(h5x_dataset_create(file, "filled", text, &three, &options), H5X_ERR_NOT_SUPPORTED);
    char *empty = NULL;
    options.fillvalue = &empty;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "empty_fill", text, &three, &options)));
    h5x_close(CHECK_PTR(h5x_datatype_commit(file, "string_type", text)));
    h5x_close(text);
    h5x_close(ragged);
    CHECK_OK(h5x_close(file));
}

/* The optional operations the VOL connector asks for (core_optional.c):
 * libhdf5's creation order values, link counts changed by hand and
 * counted with the users of a committed type, and attribute order chosen
 * for a committed type after the commit. */
static void test_optional_operations(void)
{
    harness_case("creation order values, link counts and attribute order as libhdf5 keeps them");
    h5x_object *file;
    REQUIRE_PTR(file, open_core("optional", "w"));
    h5x_object *group;
    REQUIRE_PTR(group, tracked_group(file, "g"));
    const char *names[3] = {"z", "y", "x"};
    for (int i = 0; i < 3; i++)
        CHECK_OK(h5x_link_soft(group, names[i], "/nowhere"));
    h5x_op_link_order order = {.name = "x"};
    CHECK_OK(h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order));
    CHECK_INT(order.tracked, 1);
    CHECK_INT(order.corder, 2);
    CHECK_INT(order.max_corder, 3);
    CHECK_OK(h5x_delete(group, "x"));
    CHECK_OK(h5x_link_move(group, "z", group, "w"));
    order = (h5x_op_link_order){.name = "w"};
    CHECK_OK(h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order));
    CHECK_INT(order.corder, 3);
    CHECK_INT(order.max_corder, 4);
    CHECK_OK(h5x_delete(group, "w"));
    CHECK_OK(h5x_delete(group, "y"));
    order = (h5x_op_link_order){.name = NULL};
    CHECK_OK(h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order));
    CHECK_INT(order.max_corder, 0);
    order = (h5x_op_link_order){.name = "missing"};
    CHECK_STATUS(h5x_connector_optional(group, H5X_CONNECTOR_OP_LINK_ORDER, &order), H5X_ERR_NOT_FOUND);
    h5x_object *plain;
    REQUIRE_PTR(plain, h5x_group_create(file, "plain", NULL));
    order = (h5x_op_link_order){.name = NULL};
    CHECK_OK(h5x_connector_optional(plain, H5X_CONNECTOR_OP_LINK_ORDER, &order));
    CHECK_INT(order.tracked, 0);

    /* a count added by hand keeps an unlinked object alive until taken back */
    h5x_op_link_count count = {.delta = 1};
    CHECK_OK(h5x_connector_optional(plain, H5X_CONNECTOR_OP_LINK_COUNT, &count));
    CHECK_INT(count.count, 2);
    CHECK_OK(h5x_delete(file, "plain"));
    CHECK_OK(h5x_link_hard(plain, file, "plain_again"));
    count = (h5x_op_link_count){.delta = -1};
    CHECK_OK(h5x_connector_optional(plain, H5X_CONNECTOR_OP_LINK_COUNT, &count));
    CHECK_INT(count.count, 1);
    count = (h5x_op_link_count){.delta = -1};
    CHECK_STATUS(h5x_connector_optional(plain, H5X_CONNECTOR_OP_LINK_COUNT, &count), H5X_ERR_INVALID_ARGUMENT);
    h5x_close(plain);

    /* a committed type counts the attributes and datasets made with it */
    h5x_object *type;
    REQUIRE_PTR(type, h5x_datatype_commit(file, "t", H5X_I32));
    h5x_dtype *committed = h5x_datatype_dtype(type);
    int32_t one = 1;
    CHECK_OK(h5x_attr_set(group, "typed", committed, NULL, &one));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_close(CHECK_PTR(h5x_dataset_create(group, "typed_data", committed, &two, NULL)));
    h5x_close(committed);
    count = (h5x_op_link_count){.delta = 0};
    CHECK_OK(h5x_connector_optional(type, H5X_CONNECTOR_OP_LINK_COUNT, &count));
    CHECK_INT(count.count, 3);
    CHECK_OK(h5x_attr_delete(group, "typed"));
    CHECK_OK(h5x_connector_optional(type, H5X_CONNECTOR_OP_LINK_COUNT, &count));
    CHECK_INT(count.count, 2);

    /* attribute order chosen after the commit, before any attribute */
    h5x_op_attribute_order attribute_order = {.track_order = 1};
    CHECK_OK(h5x_connector_optional(type, H5X_CONNECTOR_OP_ATTRIBUTE_ORDER, &attribute_order));
    CHECK_OK(h5x_attr_set(type, "b", H5X_I32, NULL, &one));
    CHECK_OK(h5x_attr_set(type, "a", H5X_I32, NULL, &one));
    char **attribute_names = NULL;
    size_t attribute_count = 0;
    CHECK_OK(h5x_attr_names(type, H5X_ORDER_CREATION, &attribute_names, &attribute_count));
    CHECK_UINT(attribute_count, 2);
    if (attribute_count == 2)
        CHECK_STR(attribute_names[0], "b");
    h5x_free_names(attribute_names, attribute_count);
    attribute_order.track_order = 0;
    CHECK_STATUS(h5x_connector_optional(type, H5X_CONNECTOR_OP_ATTRIBUTE_ORDER, &attribute_order),
                 H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_connector_optional(type, 999, &attribute_order), H5X_ERR_NOT_SUPPORTED);
    h5x_close(type);
    h5x_close(group);
    CHECK_OK(h5x_close(file));
}

int main(int argc, char **argv)
{
    const char *parent = argc > 1 ? argv[1] : getenv("TMPDIR");
    snprintf(directory, sizeof directory, "%s/h5x-core-memory-XXXXXX", parent && *parent ? parent : "/tmp");
    if (!mkdtemp(directory)) {
        fprintf(stderr, "cannot make a directory under %s\n", parent ? parent : "/tmp");
        return 1;
    }
    harness_section("core connector, in memory");
    test_nothing_on_disk();
    test_shared_tree();
    test_resize_through_other_open();
    test_options();
    test_lifetimes();
    test_hard_links();
    test_soft_links();
    test_external_links();
    test_move();
    test_tokens_and_datatypes();
    test_many_names();
    test_attribute_order();
    test_name_lengths();
    test_dataset_storage();
    test_resize_inner_axes();
    test_variable_length();
    test_optional_operations();
    CHECK_UINT(directory_entries(), 0);
    rmdir(directory);
    return harness_finish();
}
