/*
 * test_links.c — the "links" section: h5py's hard links (grp[name] = obj
 * makes a second name, not a copy, and both names compare equal), soft
 * links (followed when they lead somewhere, dangling with an error that
 * names the target when they do not, their target path readable), external
 * links (created as h5py's ExternalLink and its low-level
 * links.create_external, followed — by libhdf5, or by the core for a
 * connector that stores them but cannot follow them — queried, failing
 * with the missing file's name, and refused outside the allowed
 * directories), move, delete, names as UTF-8 text or raw bytes, and link
 * iteration in name and creation order.  Each optional feature is checked
 * against the connector's capability bits: a connector that does not claim
 * one must answer H5X_ERR_NOT_SUPPORTED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance.h"

static int64_t read_scalar(h5x_object *loc, const char *path)
{
    int64_t value = -1;
    h5x_object *dataset = h5x_open(loc, path);
    if (dataset)
        h5x_dataset_read(dataset, NULL, H5X_I64, &value, sizeof value);
    h5x_close(dataset);
    return value;
}

static h5x_object *scalar_dataset(h5x_object *loc, const char *path, int64_t value)
{
    h5x_shape scalar = h5x_shape_scalar();
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = &value;
    return h5x_dataset_create(loc, path, H5X_I64, &scalar, &options);
}

static void check_link_at(h5x_object *loc, const char *path, h5x_link_kind kind, const char *target_path,
                          const char *target_file, const char *file, int line)
{
    h5x_link_info info;
    h5x_clear_error();
    int status = h5x_link_get_info(loc, path, &info);
    if (!harness_check(status >= 0, file, line, "h5x_link_get_info(loc, path, &info)", "link \"%s\": got %d (%s)",
                       path, status, harness_status_name(status)))
        return;
    harness_check(info.kind == kind, file, line, "info.kind", "link \"%s\": kind %d, expected %d", path,
                  (int)info.kind, (int)kind);
    if (target_path)
        harness_check_str(info.target_path, target_path, file, line, "info.target_path");
    if (target_file)
        harness_check_str(info.target_file, target_file, file, line, "info.target_file");
    h5x_free(info.target_path);
    h5x_free(info.target_file);
}
#define CHECK_LINK(loc, path, kind, target_path, target_file)                                                \
    check_link_at((loc), (path), (kind), (target_path), (target_file), __FILE__, __LINE__)

static void check_names_at(h5x_object *group, h5x_order order, const char *const *want, size_t want_count,
                           const char *file, int line)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    int status = h5x_group_names(group, order, &names, &count);
    if (!harness_check(status >= 0, file, line, "h5x_group_names(group, order, &names, &count)", "got %d (%s)",
                       status, harness_status_name(status)))
        return;
    harness_check(count == want_count, file, line, "count", "expected %zu names, got %zu", want_count, count);
    for (size_t i = 0; i < count && i < want_count; i++)
        harness_check(strcmp(names[i], want[i]) == 0, file, line, "names[i]", "name %zu: expected \"%s\", got \"%s\"",
                      i, want[i], names[i]);
    h5x_free_names(names, count);
}
#define CHECK_NAMES(group, order, ...)                                                                       \
    check_names_at((group), (order), (const char *const[]){__VA_ARGS__},                                     \
                   sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), __FILE__, __LINE__)

/* ------------------------------------------------------------ hard links */

static void test_hard_links(conf_context *ctx)
{
    harness_case("hard links: a new name for an existing object, not a copy");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-hard", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "group1", NULL));
    h5x_object *out = CHECK_PTR(scalar_dataset(group, "name", 42));
    if (!conf_has(ctx, H5X_CAP_HARD_LINKS)) {
        CHECK_STATUS(h5x_link_hard(out, group, "other name"), H5X_ERR_NOT_SUPPORTED);
        h5x_close(out);
        h5x_close(group);
        h5x_close(file);
        return;
    }
    CHECK_OK(h5x_link_hard(out, group, "other name"));
    h5x_object *other = CHECK_PTR(h5x_open(group, "other name"));
    CHECK_OWNED_STR(h5x_object_name(other), "/group1/other name");
    CHECK_INT(h5x_object_equal(other, out), 1);
    CHECK_INT(read_scalar(group, "other name"), 42);
    CHECK_LINK(group, "other name", H5X_LINK_HARD, NULL, NULL);
    /* one object: a write through one name shows through the other */
    int64_t changed = 43;
    CHECK_OK(h5x_dataset_write(other, NULL, H5X_I64, &changed, NULL));
    CHECK_INT(read_scalar(group, "name"), 43);
    CHECK_INT(h5x_group_length(group), 2);

    /* a group under a second name, with an absolute and a nested path */
    h5x_object *sub = CHECK_PTR(h5x_group_create(file, "a/b", NULL));
    CHECK_OK(h5x_link_hard(sub, file, "/elsewhere/alias_of_b"));
    h5x_object *alias = CHECK_PTR(h5x_open(file, "elsewhere/alias_of_b"));
    CHECK_INT(h5x_object_equal(alias, sub), 1);
    CHECK_INT(h5x_object_equal(alias, group), 0);
    h5x_close(alias);

    /* names already taken, even by a dangling soft link, are not replaced */
    CHECK_STATUS(h5x_link_hard(out, group, "name"), H5X_ERR_EXISTS);
    if (conf_has(ctx, H5X_CAP_SOFT_LINKS)) {
        CHECK_OK(h5x_link_soft(group, "dangling", "/nowhere"));
        CHECK_STATUS(h5x_link_hard(out, group, "dangling"), H5X_ERR_EXISTS);
    }
    CHECK_STATUS(h5x_link_hard(out, group, ""), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_link_hard(NULL, group, "x"), H5X_ERR_BAD_HANDLE);

    /* deleting one name leaves the object under the other */
    h5x_close(other);
    h5x_close(out);
    CHECK_OK(h5x_delete(group, "name"));
    CHECK_INT(h5x_contains(group, "name"), 0);
    CHECK_INT(read_scalar(group, "other name"), 43);

    /* hard links stay in their file */
    h5x_object *second;
    second = CHECK_PTR(conf_open(ctx, "links-hard-other", "w"));
    if (second) {
        CHECK_STATUS(h5x_link_hard(sub, second, "foreign"), H5X_ERR_INVALID_ARGUMENT);
        CHECK_INT(h5x_contains(second, "foreign"), 0);
        h5x_close(second);
    }
    h5x_close(sub);
    h5x_close(group);

    file = conf_reopen(ctx, file, "links-hard", "r");
    REQUIRE(file != NULL);
    h5x_object *a = CHECK_PTR(h5x_open(file, "/a/b"));
    h5x_object *b = CHECK_PTR(h5x_open(file, "/elsewhere/alias_of_b"));
    CHECK_INT(h5x_object_equal(a, b), 1);
    CHECK_INT(read_scalar(file, "group1/other name"), 43);
    /* the same object through two opens of the file compares equal too */
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        h5x_object *again = CHECK_PTR(conf_open(ctx, "links-hard", "r"));
        h5x_object *c = again ? CHECK_PTR(h5x_open(again, "elsewhere/alias_of_b")) : NULL;
        if (c) {
            CHECK_INT(h5x_object_equal(a, c), 1);
            CHECK_INT(h5x_object_equal(file, again), 1);
        }
        h5x_close(c);
        h5x_close(again);
    }
    if (conf_has(ctx, H5X_CAP_PERSISTENT))
        CHECK_STATUS(h5x_link_hard(a, file, "read-only"), H5X_ERR_READ_ONLY);
    h5x_close(a);
    h5x_close(b);
    h5x_close(file);
}

/* ------------------------------------------------------------ soft links */

static void test_soft_links(conf_context *ctx)
{
    harness_case("soft links: followed, dangling, target path");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-soft", "w"));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "somegroup", NULL));
    if (!conf_has(ctx, H5X_CAP_SOFT_LINKS)) {
        CHECK_STATUS(h5x_link_soft(file, "alias", "/somegroup"), H5X_ERR_NOT_SUPPORTED);
        h5x_close(group);
        h5x_close(file);
        return;
    }
    h5x_close(CHECK_PTR(scalar_dataset(group, "value", 7)));
    CHECK_OK(h5x_link_soft(file, "alias", "/somegroup"));
    CHECK_OK(h5x_link_soft(group, "relative", "value")); /* resolved from the link's group */
    CHECK_OK(h5x_link_soft(file, "to_value", "/somegroup/value"));
    CHECK_LINK(file, "alias", H5X_LINK_SOFT, "/somegroup", NULL);
    CHECK_LINK(group, "relative", H5X_LINK_SOFT, "value", NULL);
    CHECK_LINK(file, "somegroup", H5X_LINK_HARD, NULL, NULL);

    h5x_object *alias = CHECK_PTR(h5x_open(file, "alias"));
    CHECK_INT(h5x_object_equal(alias, group), 1);
    CHECK_INT(h5x_object_get_kind(alias), H5X_KIND_GROUP);
    CHECK_OWNED_STR(h5x_object_name(alias), "/alias");
    CHECK_INT(read_scalar(alias, "value"), 7);
    CHECK_INT(read_scalar(file, "alias/relative"), 7);
    CHECK_INT(read_scalar(file, "to_value"), 7);
    CHECK_INT(h5x_contains(file, "alias"), 1);
    CHECK_INT(h5x_contains(file, "alias/value"), 1);
    h5x_close(alias);
    h5x_close(group);

    /* remove the target: the link dangles */
    CHECK_OK(h5x_delete(file, "somegroup"));
    CHECK_INT(h5x_contains(file, "alias"), 0);
    CHECK_INT(h5x_contains(file, "to_value"), 0);
    CHECK_NULL_STATUS(h5x_open(file, "alias"), H5X_ERR_NOT_FOUND);
    CHECK_MESSAGE("/somegroup");
    CHECK_LINK(file, "alias", H5X_LINK_SOFT, "/somegroup", NULL);
    CHECK_INT(h5x_group_length(file), 2); /* the links are still there */

    /* a link made before its target exists, and the target brought back */
    CHECK_OK(h5x_link_soft(file, "future", "/later/thing"));
    CHECK_INT(h5x_contains(file, "future"), 0);
    h5x_close(CHECK_PTR(scalar_dataset(file, "later/thing", 99)));
    CHECK_INT(read_scalar(file, "future"), 99);
    group = CHECK_PTR(h5x_group_create(file, "somegroup", NULL));
    h5x_close(CHECK_PTR(scalar_dataset(group, "value", 8)));
    h5x_close(group);
    CHECK_INT(read_scalar(file, "alias/value"), 8);

    CHECK_STATUS(h5x_link_soft(file, "alias", "/elsewhere"), H5X_ERR_EXISTS);
    CHECK_STATUS(h5x_link_soft(file, "empty_target", ""), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_link_soft(file, "null_target", NULL), H5X_ERR_INVALID_ARGUMENT);

    /* deleting a soft link leaves its target alone */
    CHECK_OK(h5x_delete(file, "to_value"));
    CHECK_INT(h5x_contains(file, "somegroup/value"), 1);

    file = conf_reopen(ctx, file, "links-soft", "r");
    REQUIRE(file != NULL);
    CHECK_LINK(file, "alias", H5X_LINK_SOFT, "/somegroup", NULL);
    CHECK_LINK(file, "future", H5X_LINK_SOFT, "/later/thing", NULL);
    CHECK_INT(read_scalar(file, "alias/value"), 8);
    CHECK_INT(read_scalar(file, "future"), 99);
    CHECK_INT(h5x_contains(file, "alias/relative"), 0); /* it went with the old group */
    CHECK_INT(h5x_contains(file, "to_value"), 0);
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) /* else the reopened file is the writable one */
        CHECK_STATUS(h5x_link_soft(file, "more", "/somegroup"), H5X_ERR_READ_ONLY);
    h5x_close(file);
}

/* -------------------------------------------------------- external links */

/* dataset.h5's /data = arange(100) as int8, in the file at uri; the file
 * handle is returned (still open) so that an in-memory file survives. */
static h5x_object *write_external_target(const char *uri)
{
    h5x_object *target = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!target)
        return NULL;
    int8_t values[100];
    for (int i = 0; i < 100; i++)
        values[i] = (int8_t)i;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(target, "data", H5X_I8, &shape, &options)));
    return target;
}

/* The element at index of the int8 dataset reached by path, or -1. */
static int read_linked(h5x_object *loc, const char *path, int index)
{
    h5x_object *data = h5x_open(loc, path);
    if (!data)
        return -1;
    char selection[32];
    snprintf(selection, sizeof selection, "%d", index);
    int8_t value = -1;
    if (h5x_dataset_read_text(data, selection, H5X_I8, &value, sizeof value) < 0)
        value = -1;
    h5x_close(data);
    return value;
}

/* The external-target policy: the file's allowed_target_prefixes, else
 * H5X_ALLOWED_PATHS, else anywhere. */
static void check_target_policy(conf_context *ctx, const char *target_path)
{
    char uri[4096 + 512];
    conf_uri(ctx, "links-external", uri, sizeof uri);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    const char *mode = "r";

    options.allowed_target_prefixes = "/nonexistent-h5x-dir:/another-nonexistent-dir";
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, mode, &options));
    if (file) {
        CHECK_NULL_STATUS(h5x_open(file, "links/data"), H5X_ERR_NOT_ALLOWED);
        CHECK_MESSAGE("links-external-target");
        CHECK_MESSAGE("/nonexistent-h5x-dir:/another-nonexistent-dir");
        CHECK_INT(h5x_contains(file, "links/data"), 0);
        CHECK_INT(h5x_contains(file, "links"), 1);
        h5x_close(file);
    }
    options.allowed_target_prefixes = ""; /* allows nothing */
    file = CHECK_PTR(h5x_file_open(uri, mode, &options));
    if (file) {
        CHECK_NULL_STATUS(h5x_open(file, "absolute"), H5X_ERR_NOT_ALLOWED);
        h5x_close(file);
    }
    /* the run's directory, spelled with a ".." and a trailing '/' */
    char allowed[4096 + 64];
    snprintf(allowed, sizeof allowed, "/nonexistent-h5x-dir:%s/../%s/", ctx->directory,
             strrchr(ctx->directory, '/') + 1);
    options.allowed_target_prefixes = allowed;
    file = CHECK_PTR(h5x_file_open(uri, mode, &options));
    if (file) {
        CHECK_INT(read_linked(file, "links/data", 42), 42);
        CHECK_INT(read_linked(file, "absolute", 7), 7);
        h5x_close(file);
    }
    /* the environment variable, when the file gives no list */
    setenv("H5X_ALLOWED_PATHS", "/nonexistent-h5x-dir", 1);
    file = CHECK_PTR(h5x_file_open(uri, mode, NULL));
    if (file) {
        CHECK_NULL_STATUS(h5x_open(file, "absolute"), H5X_ERR_NOT_ALLOWED);
        CHECK_MESSAGE(target_path);
        CHECK_MESSAGE("H5X_ALLOWED_PATHS");
        h5x_close(file);
    }
    /* ... and the file's own list is more specific than the variable */
    file = CHECK_PTR(h5x_file_open(uri, mode, &options));
    if (file) {
        CHECK_INT(read_linked(file, "absolute", 9), 9);
        h5x_close(file);
    }
    setenv("H5X_ALLOWED_PATHS", ctx->directory, 1);
    file = CHECK_PTR(h5x_file_open(uri, mode, NULL));
    if (file) {
        CHECK_INT(read_linked(file, "links/data", 3), 3);
        h5x_close(file);
    }
    unsetenv("H5X_ALLOWED_PATHS");
}

static void test_external_links(conf_context *ctx)
{
    harness_case("external links: create, follow, query, missing file, allowed directories");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-external", "w"));
    char target_path[4096];
    conf_path(ctx, "links-external-target", target_path, sizeof target_path);
    const char *target_name = strrchr(target_path, '/') + 1;

    /* Links are stored as given, whether or not the target exists.  A
     * connector that cannot store them says so; one that stores them but
     * does not claim H5X_CAP_EXTERNAL_LINKS has them followed by the core. */
    h5x_clear_error();
    int status = h5x_link_external(file, "absolute", target_path, "/data");
    if (status == H5X_ERR_NOT_SUPPORTED && !conf_has(ctx, H5X_CAP_EXTERNAL_LINKS)) {
        h5x_close(file);
        return;
    }
    CHECK_OK(status);
    h5x_object *links = CHECK_PTR(h5x_group_create(file, "links", NULL));
    /* the seed's low-level create_external: group.links.create_external(name, file, path) */
    CHECK_OK(h5x_link_external(links, "data", target_name, "/data"));
    CHECK_OK(h5x_link_external(file, "missing", "links-no-such-file.h5", "/data"));
    CHECK_LINK(file, "absolute", H5X_LINK_EXTERNAL, "/data", target_path);
    CHECK_LINK(links, "data", H5X_LINK_EXTERNAL, "/data", target_name);
    CHECK_NAMES(links, H5X_ORDER_NAME, "data");
    CHECK_INT(h5x_group_length(links), 1);
    CHECK_STATUS(h5x_link_external(file, "absolute", target_path, "/other"), H5X_ERR_EXISTS);
    CHECK_STATUS(h5x_link_external(file, "no_file", "", "/data"), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_link_external(file, "no_path", target_path, NULL), H5X_ERR_INVALID_ARGUMENT);

    /* a missing file: the error names it */
    CHECK_INT(h5x_contains(file, "missing"), 0);
    CHECK_NULL_STATUS(h5x_open(file, "missing"), H5X_ERR_NOT_FOUND);
    CHECK_MESSAGE("links-no-such-file.h5");

    /* The target, written through the connector under test.  A file that
     * lives in memory only is reached while it is open, as with libhdf5's
     * core driver. */
    char target_uri[4096 + 512];
    conf_uri(ctx, "links-external-target", target_uri, sizeof target_uri);
    h5x_object *target = write_external_target(target_uri);
    int persistent = conf_has(ctx, H5X_CAP_PERSISTENT);
    if (persistent && target) {
        h5x_close(target);
        target = NULL;
    }
    int8_t got[100] = {0};
    h5x_object *data = CHECK_PTR(h5x_open(file, "/links/data"));
    if (data) {
        CHECK_OK(h5x_dataset_read(data, NULL, H5X_I8, got, sizeof got));
        CHECK_INT(got[0], 0);
        CHECK_INT(got[99], 99);
        h5x_shape shape;
        CHECK_OK(h5x_dataset_shape(data, &shape));
        CHECK_SHAPE(&shape, 1, 100);
        CHECK_INT(h5x_object_get_kind(data), H5X_KIND_DATASET);
    }
    h5x_close(data);
    CHECK_INT(h5x_contains(file, "absolute"), 1);
    CHECK_INT(h5x_contains(file, "links/data"), 1);
    h5x_object *absolute = CHECK_PTR(h5x_open(file, "absolute"));
    int8_t slice[3] = {0};
    if (absolute)
        CHECK_OK(h5x_dataset_read_text(absolute, "10:13", H5X_I8, slice, sizeof slice));
    CHECK_INT(slice[2], 12);
    h5x_close(absolute);

    /* A soft link through an external one, and a group reached through
     * one: its members are looked up in the target file. */
    CHECK_OK(h5x_link_external(file, "root_elsewhere", target_path, "/"));
    CHECK_OK(h5x_link_soft(file, "soft_to_external", "/links/data"));
    CHECK_INT(read_linked(file, "soft_to_external", 5), 5);
    CHECK_INT(read_linked(file, "root_elsewhere/data", 6), 6);
    h5x_object *elsewhere = CHECK_PTR(h5x_open(file, "root_elsewhere"));
    if (elsewhere) {
        CHECK_INT(h5x_object_get_kind(elsewhere), H5X_KIND_GROUP);
        CHECK_INT(read_linked(elsewhere, "data", 8), 8);
        h5x_close(elsewhere);
    }
    h5x_close(links);

    if (!conf_has(ctx, H5X_CAP_EXTERNAL_LINKS)) {
        /* Followed by the core: the stored name may name the target's
         * connector, so a link can lead into a file of another connector.
         * The object reached keeps its file open after the linking file is
         * closed (h5py's lifetime rule). */
        char native_path[4096 + 64], native_uri[4096 + 96];
        snprintf(native_path, sizeof native_path, "%s/links-external-native.h5", ctx->directory);
        snprintf(native_uri, sizeof native_uri, "native:%s", native_path);
        h5x_close(write_external_target(native_uri));
        CHECK_OK(h5x_link_external(file, "into_native", native_uri, "/data"));
        CHECK_OK(h5x_link_external(file, "native_by_default", native_path, "/data"));
        CHECK_INT(read_linked(file, "native_by_default", 11), 11);
        h5x_object *through = CHECK_PTR(h5x_open(file, "into_native"));
        char *connector = through ? h5x_file_connector(through) : NULL;
        CHECK_STR(connector, "native");
        free(connector);
        char *name = through ? h5x_object_name(through) : NULL;
        CHECK_STR(name, "/data");
        free(name);
        file = conf_reopen(ctx, file, "links-external", "r");
        int8_t value = -1;
        if (through)
            CHECK_OK(h5x_dataset_read_text(through, "77", H5X_I8, &value, sizeof value));
        CHECK_INT(value, 77);
        h5x_close(through);
    }
    /* the policy opens the file again: what was written must be on disk */
    file = conf_reopen(ctx, file, "links-external", "r");
    REQUIRE(file != NULL);
    check_target_policy(ctx, target_path);

    if (persistent) {
        /* rm dataset.h5: following the link fails and says which file */
        CHECK(conf_remove(target_path) == 0);
        CHECK_INT(h5x_contains(file, "links/data"), 0);
        CHECK_NULL_STATUS(h5x_open(file, "/links/data"), H5X_ERR_NOT_FOUND);
        CHECK_MESSAGE(target_name);
    }
    if (target)
        h5x_close(target);

    file = conf_reopen(ctx, file, "links-external", "r");
    REQUIRE(file != NULL);
    CHECK_LINK(file, "links/data", H5X_LINK_EXTERNAL, "/data", target_name);
    CHECK_LINK(file, "missing", H5X_LINK_EXTERNAL, "/data", "links-no-such-file.h5");
    h5x_close(file);
}

/* ------------------------------------------------------------------ move */

static void test_move(conf_context *ctx)
{
    harness_case("move and rename links");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-move", "w"));
    h5x_object *source = CHECK_PTR(h5x_group_create(file, "source", NULL));
    h5x_object *moved = CHECK_PTR(scalar_dataset(source, "dataset", 5));
    h5x_close(CHECK_PTR(h5x_group_create(file, "destination", NULL)));

    CHECK_OK(h5x_link_move(source, "dataset", file, "destination/renamed"));
    CHECK_INT(h5x_contains(source, "dataset"), 0);
    CHECK_INT(read_scalar(file, "/destination/renamed"), 5);
    h5x_object *after = CHECK_PTR(h5x_open(file, "/destination/renamed"));
    CHECK_INT(h5x_object_equal(after, moved), 1); /* a move renames; the object is the same */
    h5x_close(after);
    h5x_close(moved);

    /* a whole group moves with its members, intermediate groups are made */
    CHECK_OK(h5x_link_move(file, "destination", file, "/deep/er/place"));
    CHECK_INT(read_scalar(file, "/deep/er/place/renamed"), 5);
    /* onto itself: nothing changes */
    CHECK_OK(h5x_link_move(file, "deep/er/place", file, "/deep/er/place"));
    CHECK_INT(h5x_contains(file, "deep/er/place/renamed"), 1);

    if (conf_has(ctx, H5X_CAP_SOFT_LINKS)) {
        /* a soft link moves as a link, its text unchanged */
        CHECK_OK(h5x_link_soft(source, "soft", "renamed"));
        CHECK_OK(h5x_link_move(source, "soft", file, "deep/er/place/soft"));
        CHECK_LINK(file, "deep/er/place/soft", H5X_LINK_SOFT, "renamed", NULL);
        CHECK_INT(read_scalar(file, "deep/er/place/soft"), 5);
    }
    h5x_close(CHECK_PTR(scalar_dataset(file, "taken", 1)));
    CHECK_STATUS(h5x_link_move(file, "taken", file, "deep/er/place/renamed"), H5X_ERR_EXISTS);
    CHECK_INT(read_scalar(file, "taken"), 1);
    CHECK_STATUS(h5x_link_move(file, "no-such-link", file, "anywhere"), H5X_ERR_NOT_FOUND);
    CHECK_STATUS(h5x_link_move(file, "", file, "anywhere"), H5X_ERR_INVALID_ARGUMENT);
    h5x_object *second = CHECK_PTR(conf_open(ctx, "links-move-other", "w"));
    if (second)
        CHECK_STATUS(h5x_link_move(file, "taken", second, "taken"), H5X_ERR_INVALID_ARGUMENT);
    h5x_close(second);
    h5x_close(source);

    file = conf_reopen(ctx, file, "links-move", "r");
    REQUIRE(file != NULL);
    CHECK_NAMES(file, H5X_ORDER_NAME, "deep", "source", "taken");
    CHECK_INT(read_scalar(file, "deep/er/place/renamed"), 5);
    if (conf_has(ctx, H5X_CAP_PERSISTENT))
        CHECK_STATUS(h5x_link_move(file, "taken", file, "moved"), H5X_ERR_READ_ONLY);
    h5x_close(file);
}

/* ----------------------------------------------------------------- names */

static void test_names(conf_context *ctx)
{
    harness_case("object names as UTF-8 text or as bytes");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-names", "w"));
    /* h5py: f.create_dataset(b"name", ...) and f.create_dataset("name2", ...) */
    const char *text_name = "\xce\xb1\xce\xb2\xce\xb3 \xe2\x9c\x93"; /* "αβγ ✓" */
    const char *byte_name = "raw\xff\xfe";                          /* bytes, not UTF-8 */
    h5x_shape three_d = h5x_shape_of(3, (uint64_t[]){5, 5, 5});
    h5x_object *first = CHECK_PTR(h5x_dataset_create(file, "name", NULL, &three_d, NULL));
    CHECK_OWNED_STR(h5x_object_name(first), "/name");
    h5x_close(first);
    h5x_close(CHECK_PTR(scalar_dataset(file, text_name, 1)));
    h5x_close(CHECK_PTR(scalar_dataset(file, byte_name, 2)));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "\xc3\xa9t\xc3\xa9", NULL)); /* "été" */
    if (group && conf_has(ctx, H5X_CAP_HARD_LINKS)) {
        h5x_object *target = CHECK_PTR(h5x_open(file, text_name));
        CHECK_OK(h5x_link_hard(target, group, "\xe2\x86\x92 link")); /* "→ link" */
        h5x_close(target);
    }
    h5x_close(group);

    file = conf_reopen(ctx, file, "links-names", "r");
    REQUIRE(file != NULL);
    CHECK_NAMES(file, H5X_ORDER_NAME, "name", "raw\xff\xfe", "\xc3\xa9t\xc3\xa9",
                "\xce\xb1\xce\xb2\xce\xb3 \xe2\x9c\x93");
    CHECK_INT(read_scalar(file, text_name), 1);
    CHECK_INT(read_scalar(file, byte_name), 2);
    if (conf_has(ctx, H5X_CAP_HARD_LINKS)) {
        CHECK_INT(read_scalar(file, "/\xc3\xa9t\xc3\xa9/\xe2\x86\x92 link"), 1);
        h5x_object *linked = CHECK_PTR(h5x_open(file, "/\xc3\xa9t\xc3\xa9/\xe2\x86\x92 link"));
        CHECK_OWNED_STR(h5x_object_name(linked), "/\xc3\xa9t\xc3\xa9/\xe2\x86\x92 link");
        h5x_close(linked);
    }
    h5x_close(file);
}

/* ------------------------------------------------------------- iteration */

typedef struct collected {
    char names[8][32];
    size_t count;
} collected;

static int collect(const char *name, void *user_data)
{
    collected *c = user_data;
    if (c->count < 8)
        snprintf(c->names[c->count], sizeof c->names[0], "%s", name);
    c->count++;
    return 0;
}

static void test_iteration(conf_context *ctx)
{
    harness_case("link iteration in name order and creation order");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "links-order", "w"));
    int ordered = conf_has(ctx, H5X_CAP_TRACK_ORDER);
    h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
    options.track_order = ordered ? 1 : 0;
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "ordered", &options));
    REQUIRE(group != NULL);
    /* every kind of link counts as a member, in the order made */
    h5x_object *zeta = CHECK_PTR(scalar_dataset(group, "zeta", 1));
    h5x_close(CHECK_PTR(h5x_group_create(group, "alpha", NULL)));
    if (conf_has(ctx, H5X_CAP_SOFT_LINKS))
        CHECK_OK(h5x_link_soft(group, "mid", "zeta"));
    if (conf_has(ctx, H5X_CAP_HARD_LINKS))
        CHECK_OK(h5x_link_hard(zeta, group, "beta"));
    if (conf_has(ctx, H5X_CAP_EXTERNAL_LINKS))
        CHECK_OK(h5x_link_external(group, "omega", "elsewhere.h5", "/x"));
    h5x_close(zeta);
    int full = conf_has(ctx, H5X_CAP_SOFT_LINKS | H5X_CAP_HARD_LINKS | H5X_CAP_EXTERNAL_LINKS);
    int internal = conf_has(ctx, H5X_CAP_SOFT_LINKS | H5X_CAP_HARD_LINKS);

    h5x_close(group);
    file = conf_reopen(ctx, file, "links-order", "r");
    REQUIRE(file != NULL);
    REQUIRE_PTR(group, h5x_open(file, "ordered"));
    if (full) {
        CHECK_NAMES(group, H5X_ORDER_NAME, "alpha", "beta", "mid", "omega", "zeta");
        collected seen = {0};
        CHECK_OK(h5x_group_iterate(group, H5X_ORDER_NAME, collect, &seen));
        CHECK_UINT(seen.count, 5);
        CHECK_STR(seen.names[4], "zeta");
        if (ordered) {
            CHECK_NAMES(group, H5X_ORDER_CREATION, "zeta", "alpha", "mid", "beta", "omega");
            collected created = {0};
            CHECK_OK(h5x_group_iterate(group, H5X_ORDER_CREATION, collect, &created));
            CHECK_STR(created.names[0], "zeta");
            CHECK_STR(created.names[4], "omega");
        }
    } else if (internal) {
        CHECK_NAMES(group, H5X_ORDER_NAME, "alpha", "beta", "mid", "zeta");
        if (ordered)
            CHECK_NAMES(group, H5X_ORDER_CREATION, "zeta", "alpha", "mid", "beta");
    } else {
        CHECK_NAMES(group, H5X_ORDER_NAME, "alpha", "zeta");
    }
    h5x_close(group);
    h5x_close(file);
}

void conformance_links(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_hard_links(ctx);
    test_soft_links(ctx);
    test_external_links(ctx);
    test_move(ctx);
    test_names(ctx);
    test_iteration(ctx);
}
