/*
 * test_groups.c — the "groups" section: h5py's groups as containers and
 * as dictionaries.  Creation with intermediate groups, opening by absolute
 * and relative paths, membership, length, names in name order, iteration
 * with early stop, deletion, require_group, creation order where the
 * connector claims it, UTF-8 names that must come back byte for byte, and
 * object times (track_times) where the connector claims them.
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "conformance.h"

/* Compares the names of a group, in the order asked for, with a list. */
static void check_names_at(h5x_object *group, h5x_order order, const char *const *want, size_t want_count,
                           const char *file, int line)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    int status = h5x_group_names(group, order, &names, &count);
    if (!harness_check(status >= 0, file, line, "h5x_group_names(group, order, &names, &count)",
                       "expected success, got %d (%s)", status, harness_status_name(status)))
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

/* Collects names from h5x_group_iterate / h5x_attr_iterate; stops with
 * 42 after stop_after names when stop_after is not 0. */
typedef struct name_collector {
    char names[16][64];
    size_t count;
    size_t stop_after;
} name_collector;

static int collect_name(const char *name, void *user_data)
{
    name_collector *collector = user_data;
    if (collector->count < 16)
        snprintf(collector->names[collector->count], sizeof collector->names[0], "%s", name);
    collector->count++;
    return collector->stop_after && collector->count >= collector->stop_after ? 42 : 0;
}

static void check_object_name_at(h5x_object *object, const char *want, const char *file, int line)
{
    h5x_clear_error();
    char *name = h5x_object_name(object);
    harness_check_str(name, want, file, line, "h5x_object_name(object)");
    h5x_free(name);
}
#define CHECK_OBJECT_NAME(object, want) check_object_name_at((object), (want), __FILE__, __LINE__)

static void test_create_groups(conf_context *ctx)
{
    harness_case("create groups, with intermediate groups");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-create", "w"));
    CHECK_OBJECT_NAME(file, "/");
    CHECK_INT(h5x_group_length(file), 0);
    check_names_at(file, H5X_ORDER_NAME, NULL, 0, __FILE__, __LINE__);

    h5x_object *bar = CHECK_PTR(h5x_group_create(file, "bar", NULL));
    CHECK_OBJECT_NAME(bar, "/bar");
    CHECK_INT(h5x_object_get_kind(bar), H5X_KIND_GROUP);
    h5x_object *baz = CHECK_PTR(h5x_group_create(bar, "baz", NULL));
    CHECK_OBJECT_NAME(baz, "/bar/baz");
    h5x_object *path = CHECK_PTR(h5x_group_create(file, "/some/long/path", NULL));
    CHECK_OBJECT_NAME(path, "/some/long/path");
    /* absolute paths are absolute whatever the location */
    h5x_object *elsewhere = CHECK_PTR(h5x_group_create(baz, "/other/place", NULL));
    CHECK_OBJECT_NAME(elsewhere, "/other/place");
    CHECK_NULL_STATUS(h5x_group_create(file, "bar", NULL), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(h5x_group_create(file, "/some/long", NULL), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(h5x_group_create(bar, "baz", NULL), H5X_ERR_EXISTS);
    h5x_close(elsewhere);
    h5x_close(path);
    h5x_close(baz);
    h5x_close(bar);

    file = conf_reopen(ctx, file, "groups-create", "r");
    REQUIRE(file);
    CHECK_NAMES(file, H5X_ORDER_NAME, "bar", "other", "some");
    h5x_object *long_group = CHECK_PTR(h5x_open(file, "/some/long"));
    CHECK_OBJECT_NAME(long_group, "/some/long");
    CHECK_INT(h5x_object_get_kind(long_group), H5X_KIND_GROUP);
    CHECK_NAMES(long_group, H5X_ORDER_NAME, "path");
    CHECK_INT(h5x_group_length(long_group), 1);
    h5x_close(long_group);
    CHECK_OK(h5x_close(file));
}

static void test_open_paths(conf_context *ctx)
{
    harness_case("open by absolute and relative paths; missing names");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-open", "w"));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/bar/baz", NULL)));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/some/long/path", NULL)));
    file = conf_reopen(ctx, file, "groups-open", "r");
    REQUIRE(file);

    h5x_object *bar = CHECK_PTR(h5x_open(file, "bar"));
    CHECK_OBJECT_NAME(bar, "/bar");
    h5x_object *baz = CHECK_PTR(h5x_open(bar, "baz"));
    CHECK_OBJECT_NAME(baz, "/bar/baz");
    h5x_object *some = CHECK_PTR(h5x_open(baz, "/some"));
    CHECK_OBJECT_NAME(some, "/some");
    h5x_object *deep = CHECK_PTR(h5x_open(some, "long/path"));
    CHECK_OBJECT_NAME(deep, "/some/long/path");
    h5x_object *root = CHECK_PTR(h5x_open(deep, "/"));
    CHECK_OBJECT_NAME(root, "/");
    CHECK_INT(h5x_group_length(root), 2);

    CHECK_NULL_STATUS(h5x_open(file, "missing"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_open(file, "/bar/missing"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_open(bar, "missing/deeper"), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_open(some, "path"), H5X_ERR_NOT_FOUND); /* relative to /some, not to /some/long */

    CHECK_INT(h5x_contains(file, "bar"), 1);
    CHECK_INT(h5x_contains(file, "/bar/baz"), 1);
    CHECK_INT(h5x_contains(file, "bar/baz"), 1);
    CHECK_INT(h5x_contains(bar, "baz"), 1);
    CHECK_INT(h5x_contains(bar, "/some/long"), 1);
    CHECK_INT(h5x_contains(file, "baz"), 0);
    CHECK_INT(h5x_contains(file, "nothing"), 0);
    CHECK_INT(h5x_contains(file, "bar/nothing"), 0);
    CHECK_INT(h5x_contains(file, "nothing/deeper"), 0);
    CHECK_INT(h5x_contains(file, "/"), 1);

    h5x_close(root);
    h5x_close(deep);
    h5x_close(some);
    h5x_close(baz);
    h5x_close(bar);
    CHECK_OK(h5x_close(file));
}

static void test_names_and_iteration(conf_context *ctx)
{
    harness_case("length, names in name order, iteration and early stop");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-names", "w"));
    h5x_object *box = CHECK_PTR(h5x_group_create(file, "box", NULL));
    /* created out of order; name order is byte order of the names */
    static const char *const created[] = {"zeta", "alpha", "Mid", "beta2", "beta10", "_under"};
    for (size_t i = 0; i < sizeof created / sizeof created[0]; i++)
        h5x_close(CHECK_PTR(h5x_group_create(box, created[i], NULL)));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){3});
    h5x_close(CHECK_PTR(h5x_dataset_create(box, "data", H5X_I32, &shape, NULL)));
    h5x_close(box);

    file = conf_reopen(ctx, file, "groups-names", "r");
    REQUIRE(file);
    REQUIRE_PTR(box, h5x_open(file, "box"));
    CHECK_INT(h5x_group_length(box), 7);
    CHECK_NAMES(box, H5X_ORDER_NAME, "Mid", "_under", "alpha", "beta10", "beta2", "data", "zeta");

    name_collector all = {.stop_after = 0};
    CHECK_INT(h5x_group_iterate(box, H5X_ORDER_NAME, collect_name, &all), 0);
    CHECK_UINT(all.count, 7);
    static const char *const sorted[] = {"Mid", "_under", "alpha", "beta10", "beta2", "data", "zeta"};
    for (size_t i = 0; i < 7 && i < all.count; i++)
        CHECK_STR(all.names[i], sorted[i]);

    name_collector some = {.stop_after = 3};
    CHECK_INT(h5x_group_iterate(box, H5X_ORDER_NAME, collect_name, &some), 42);
    CHECK_UINT(some.count, 3);
    CHECK_STR(some.names[2], "alpha");

    h5x_object *data = CHECK_PTR(h5x_open(box, "data"));
    CHECK_INT(h5x_object_get_kind(data), H5X_KIND_DATASET);
    CHECK_STATUS(h5x_group_length(data), H5X_ERR_BAD_HANDLE);
    h5x_close(data);
    h5x_close(box);
    CHECK_OK(h5x_close(file));
}

static void test_delete(conf_context *ctx)
{
    harness_case("delete links, single and whole subtrees");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-delete", "w"));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/bar/baz", NULL)));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/some/long/path", NULL)));
    h5x_close(CHECK_PTR(h5x_group_create(file, "/keep", NULL)));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){2});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "/bar/data", H5X_F64, &shape, NULL)));
    file = conf_reopen(ctx, file, "groups-delete", "r+");
    REQUIRE(file);

    CHECK_OK(h5x_delete(file, "bar/baz"));
    CHECK_INT(h5x_contains(file, "bar/baz"), 0);
    CHECK_INT(h5x_contains(file, "bar"), 1);
    h5x_object *bar = CHECK_PTR(h5x_open(file, "bar"));
    CHECK_OK(h5x_delete(bar, "data"));
    CHECK_INT(h5x_group_length(bar), 0);
    h5x_close(bar);
    CHECK_OK(h5x_delete(file, "/some"));
    CHECK_INT(h5x_contains(file, "/some/long/path"), 0);
    CHECK_INT(h5x_contains(file, "some"), 0);
    CHECK_STATUS(h5x_delete(file, "some"), H5X_ERR_NOT_FOUND);
    CHECK_STATUS(h5x_delete(file, "never/was"), H5X_ERR_NOT_FOUND);

    file = conf_reopen(ctx, file, "groups-delete", "r");
    REQUIRE(file);
    CHECK_NAMES(file, H5X_ORDER_NAME, "bar", "keep");
    CHECK_INT(h5x_contains(file, "bar/baz"), 0);
    CHECK_INT(h5x_contains(file, "bar/data"), 0);
    CHECK_INT(h5x_contains(file, "some"), 0);
    CHECK_OK(h5x_close(file));
}

static void test_require_group(conf_context *ctx)
{
    harness_case("require_group: open, create, and a dataset in the way");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-require", "w"));
    h5x_object *made = CHECK_PTR(h5x_group_create(file, "present", NULL));
    int32_t marker = 17;
    CHECK_OK(h5x_attr_set(made, "marker", H5X_I32, NULL, &marker));
    h5x_close(made);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){2});
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "a_dataset", H5X_I32, &shape, NULL)));

    h5x_object *present = CHECK_PTR(h5x_group_require(file, "present"));
    CHECK_OBJECT_NAME(present, "/present");
    int32_t got = 0;
    CHECK_OK(h5x_attr_get(present, "marker", H5X_I32, &got, sizeof got));
    CHECK_INT(got, 17);
    h5x_close(present);
    h5x_object *fresh = CHECK_PTR(h5x_group_require(file, "fresh"));
    CHECK_OBJECT_NAME(fresh, "/fresh");
    CHECK_INT(h5x_object_get_kind(fresh), H5X_KIND_GROUP);
    h5x_close(fresh);
    h5x_object *nested = CHECK_PTR(h5x_group_require(file, "/fresh/a/b"));
    CHECK_OBJECT_NAME(nested, "/fresh/a/b");
    h5x_close(nested);
    /* h5py: TypeError, "Incompatible object (Dataset) already exists" */
    CHECK_NULL_STATUS(h5x_group_require(file, "a_dataset"), H5X_ERR_TYPE);
    CHECK_INT(h5x_group_length(file), 3);

    file = conf_reopen(ctx, file, "groups-require", "r");
    REQUIRE(file);
    CHECK_NAMES(file, H5X_ORDER_NAME, "a_dataset", "fresh", "present");
    CHECK_INT(h5x_contains(file, "fresh/a/b"), 1);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "a_dataset"));
    CHECK_INT(h5x_object_get_kind(dataset), H5X_KIND_DATASET);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_utf8_names(conf_context *ctx)
{
    harness_case("UTF-8 names round trip byte for byte");
    static const char *const names[] = {"données", "数据", "Ωmega", "emoji 🎉", "plain"};
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-utf8", "w"));
    for (size_t i = 0; i < 4; i++)
        h5x_close(CHECK_PTR(h5x_group_create(file, names[i], NULL)));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){1});
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "données/plain", H5X_I16, &shape, NULL));
    int16_t value = -12;
    CHECK_OK(h5x_dataset_write(data, NULL, H5X_I16, &value, NULL));
    CHECK_OK(h5x_attr_set(data, "ünïcödé", H5X_I16, NULL, &value));
    h5x_close(data);

    file = conf_reopen(ctx, file, "groups-utf8", "r");
    REQUIRE(file);
    /* byte order of the UTF-8 encodings */
    CHECK_NAMES(file, H5X_ORDER_NAME, "donn\xc3\xa9" "es", "emoji \xf0\x9f\x8e\x89", "\xce\xa9mega",
                "\xe6\x95\xb0\xe6\x8d\xae");
    for (size_t i = 0; i < 4; i++) {
        CHECK_INT(h5x_contains(file, names[i]), 1);
        h5x_object *group = CHECK_PTR(h5x_open(file, names[i]));
        char want[64];
        snprintf(want, sizeof want, "/%s", names[i]);
        CHECK_OBJECT_NAME(group, want);
        h5x_close(group);
    }
    REQUIRE_PTR(data, h5x_open(file, "/données/plain"));
    int16_t got = 0;
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I16, &got, sizeof got));
    CHECK_INT(got, -12);
    CHECK_INT(h5x_attr_contains(data, "ünïcödé"), 1);
    char **attr_names = NULL;
    size_t count = 0;
    CHECK_OK(h5x_attr_names(data, H5X_ORDER_NAME, &attr_names, &count));
    CHECK_UINT(count, 1);
    if (count == 1)
        CHECK_STR(attr_names[0], "\xc3\xbcn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9");
    h5x_free_names(attr_names, count);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

static void test_creation_order(conf_context *ctx)
{
    harness_case("creation order (track_order)");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "groups-order", "w"));
    h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
    options.track_order = 1;
    if (!conf_has(ctx, H5X_CAP_TRACK_ORDER)) {
        CHECK_NULL_STATUS(h5x_group_create(file, "ordered", &options), H5X_ERR_NOT_SUPPORTED);
        CHECK_OK(h5x_close(file));
        return;
    }
    h5x_object *ordered = CHECK_PTR(h5x_group_create(file, "ordered", &options));
    static const char *const created[] = {"c", "a", "b", "10", "2"};
    for (size_t i = 0; i < 5; i++)
        h5x_close(CHECK_PTR(h5x_group_create(ordered, created[i], NULL)));
    h5x_close(ordered);
    file = conf_reopen(ctx, file, "groups-order", "r");
    REQUIRE(file);
    REQUIRE_PTR(ordered, h5x_open(file, "ordered"));
    CHECK_NAMES(ordered, H5X_ORDER_CREATION, "c", "a", "b", "10", "2");
    CHECK_NAMES(ordered, H5X_ORDER_NAME, "10", "2", "a", "b", "c");
    h5x_close(ordered);
    CHECK_OK(h5x_close(file));
}

/* The clock as libhdf5 reads it for an object's times (gettimeofday;
 * time() can lag it by a tick near a second's turn). */
static int64_t seconds_now(void)
{
    struct timeval now;
    gettimeofday(&now, NULL);
    return (int64_t)now.tv_sec;
}

/* All four times lie between two readings of the clock taken around the
 * creation (libhdf5 stamps a new object's times with one reading). */
static void check_times_within(h5x_object *object, int64_t from, int64_t to, const char *what)
{
    h5x_object_times t = {-1, -1, -1, -1};
    CHECK_OK(h5x_object_get_times(object, &t));
    int64_t got[4] = {t.atime, t.mtime, t.ctime, t.btime};
    for (int i = 0; i < 4; i++)
        CHECK_MSG(got[i] >= from && got[i] <= to,
                  "%s: time %d (atime, mtime, ctime, btime) is %lld, not within [%lld, %lld]", what, i,
                  (long long)got[i], (long long)from, (long long)to);
}

static void check_no_times(h5x_object *object, const char *what)
{
    h5x_object_times t = {-1, -1, -1, -1};
    CHECK_OK(h5x_object_get_times(object, &t));
    CHECK_MSG(t.atime == 0 && t.mtime == 0 && t.ctime == 0 && t.btime == 0,
              "%s keeps times it was not asked to keep (mtime %lld)", what, (long long)t.mtime);
}

static void test_object_times(conf_context *ctx)
{
    harness_case("object times (track_times)");
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    h5x_dataset_options timed = H5X_DATASET_OPTIONS_INIT, untimed = H5X_DATASET_OPTIONS_INIT;
    timed.track_times = 1;
    untimed.track_times = 0;
    h5x_group_options timed_group = H5X_GROUP_OPTIONS_INIT, untimed_group = H5X_GROUP_OPTIONS_INIT;
    timed_group.track_times = 1;
    untimed_group.track_times = 0;
    h5x_datatype_options timed_type = H5X_DATATYPE_OPTIONS_INIT, untimed_type = H5X_DATATYPE_OPTIONS_INIT;
    timed_type.track_times = 1;
    untimed_type.track_times = 0;
    int has_types = conf_has(ctx, H5X_CAP_COMMITTED_TYPES);
    if (!conf_has(ctx, H5X_CAP_OBJECT_TIMES)) {
        h5x_object *file;
        REQUIRE_PTR(file, conf_open(ctx, "object-times", "w"));
        CHECK_NULL_STATUS(h5x_dataset_create(file, "timed", H5X_I32, &shape, &timed), H5X_ERR_NOT_SUPPORTED);
        CHECK_NULL_STATUS(h5x_group_create(file, "timed_group", &timed_group), H5X_ERR_NOT_SUPPORTED);
        /* asking for no times is always fine, and nothing reports any */
        h5x_object *plain = CHECK_PTR(h5x_dataset_create(file, "plain", H5X_I32, &shape, &untimed));
        if (plain)
            check_no_times(plain, "a dataset of a connector without times");
        h5x_close(plain);
        h5x_close(CHECK_PTR(h5x_group_create(file, "plain_group", &untimed_group)));
        if (has_types) {
            CHECK_NULL_STATUS(h5x_datatype_commit_with(file, "timed_type", H5X_F64, &timed_type),
                              H5X_ERR_NOT_SUPPORTED);
            h5x_object *plain_type = CHECK_PTR(h5x_datatype_commit_with(file, "plain_type", H5X_F64, &untimed_type));
            if (plain_type)
                check_no_times(plain_type, "a committed type of a connector without times");
            h5x_close(plain_type);
        }
        CHECK_OK(h5x_close(file));
        return;
    }
    /* libhdf5 keeps times only in version 2 object headers (libver V18 on) */
    h5x_file_options file_options = H5X_FILE_OPTIONS_INIT;
    if (conf_has(ctx, H5X_CAP_LIBVER))
        file_options.libver_low = H5X_LIBVER_V18;
    char uri[4096 + 512];
    conf_uri(ctx, "object-times", uri, sizeof uri);
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(uri, "w", &file_options));
    int64_t before = seconds_now();
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "timed", H5X_I32, &shape, &timed));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "timed_group", &timed_group));
    h5x_object *plain = CHECK_PTR(h5x_dataset_create(file, "plain", H5X_I32, &shape, NULL));
    h5x_object *untimed_dataset = CHECK_PTR(h5x_dataset_create(file, "untimed", H5X_I32, &shape, &untimed));
    h5x_object *plain_group = CHECK_PTR(h5x_group_create(file, "untimed_group", &untimed_group));
    h5x_object *type = has_types ? CHECK_PTR(h5x_datatype_commit_with(file, "timed_type", H5X_F64, &timed_type)) : NULL;
    h5x_object *plain_type =
        has_types ? CHECK_PTR(h5x_datatype_commit_with(file, "untimed_type", H5X_F64, &untimed_type)) : NULL;
    int64_t after = seconds_now();
    if (dataset)
        check_times_within(dataset, before, after, "a dataset created with track_times");
    if (group)
        check_times_within(group, before, after, "a group created with track_times");
    /* h5py's default for datasets: no times */
    if (plain)
        check_no_times(plain, "a dataset created with the default options");
    if (untimed_dataset)
        check_no_times(untimed_dataset, "a dataset created with track_times 0");
    if (plain_group)
        check_no_times(plain_group, "a group created with track_times 0");
    if (type)
        check_times_within(type, before, after, "a type committed with track_times");
    if (plain_type)
        check_no_times(plain_type, "a type committed with track_times 0");
    h5x_close(type);
    h5x_close(plain_type);
    h5x_object_times kept = {0};
    if (dataset)
        CHECK_OK(h5x_object_get_times(dataset, &kept));
    h5x_close(dataset);
    h5x_close(group);
    h5x_close(plain);
    h5x_close(untimed_dataset);
    h5x_close(plain_group);
    CHECK_STATUS(h5x_object_get_times(file, NULL), H5X_ERR_INVALID_ARGUMENT);
    h5x_dataset_options odd = H5X_DATASET_OPTIONS_INIT;
    odd.track_times = 2;
    CHECK_NULL_STATUS(h5x_dataset_create(file, "odd", H5X_I32, &shape, &odd), H5X_ERR_INVALID_ARGUMENT);
    h5x_group_options odd_group = H5X_GROUP_OPTIONS_INIT;
    odd_group.track_times = -2;
    CHECK_NULL_STATUS(h5x_group_create(file, "odd_group", &odd_group), H5X_ERR_INVALID_ARGUMENT);
    h5x_datatype_options odd_type = H5X_DATATYPE_OPTIONS_INIT;
    odd_type.track_times = 3;
    if (has_types)
        CHECK_NULL_STATUS(h5x_datatype_commit_with(file, "odd_type", H5X_F64, &odd_type), H5X_ERR_INVALID_ARGUMENT);

    /* the times are the file's, not the handle's (closing may touch the
     * others, never the birth time) */
    file = conf_reopen(ctx, file, "object-times", "r");
    REQUIRE(file);
    int64_t reopened = seconds_now();
    REQUIRE_PTR(dataset, h5x_open(file, "timed"));
    h5x_object_times again = {0};
    CHECK_OK(h5x_object_get_times(dataset, &again));
    CHECK(again.btime == kept.btime);
    check_times_within(dataset, before, reopened, "a dataset created with track_times, opened again");
    h5x_close(dataset);
    REQUIRE_PTR(group, h5x_open(file, "timed_group"));
    check_times_within(group, before, reopened, "a group created with track_times, opened again");
    h5x_close(group);
    REQUIRE_PTR(plain, h5x_open(file, "plain"));
    check_no_times(plain, "a dataset created with the default options, opened again");
    h5x_close(plain);
    if (has_types) {
        type = CHECK_PTR(h5x_open(file, "timed_type"));
        if (type)
            check_times_within(type, before, reopened, "a type committed with track_times, opened again");
        h5x_close(type);
        plain_type = CHECK_PTR(h5x_open(file, "untimed_type"));
        if (plain_type)
            check_no_times(plain_type, "a type committed with track_times 0, opened again");
        h5x_close(plain_type);
    }
    CHECK_OK(h5x_close(file));
}

void conformance_groups(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_create_groups(ctx);
    test_open_paths(ctx);
    test_names_and_iteration(ctx);
    test_delete(ctx);
    test_require_group(ctx);
    test_utf8_names(ctx);
    test_creation_order(ctx);
    test_object_times(ctx);
}
