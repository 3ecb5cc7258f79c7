/*
 * test_files.c — the "files" section: choosing the connector, the five
 * h5py modes and their errors, libver bounds, name and mode queries, and
 * h5py's lifetime rules (an open object keeps its file alive; a closed
 * handle is refused, not dereferenced).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance.h"

static const int32_t sample_values[4] = {1, -2, 30000, -40000};

/* Reads count values of the dataset at path (whole, or a selection) as
 * int64, whatever the stored integer type. */
static int read_int64(h5x_object *file, const char *path, const char *selection, int64_t *out, size_t count)
{
    h5x_object *dataset = h5x_open(file, path);
    if (!dataset)
        return h5x_last_error()->code;
    int status = h5x_dataset_read_text(dataset, selection, H5X_I64, out, count * sizeof *out);
    h5x_close(dataset);
    return status;
}

/* Writes the small sample every mode test looks for: /g/d and an attribute. */
static int write_sample(h5x_object *file)
{
    int ok = 1;
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(group, "d", H5X_I32, &shape, NULL));
    ok &= CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_I32, sample_values, NULL)) >= 0;
    int32_t seven = 7;
    ok &= CHECK_OK(h5x_attr_set(file, "a", H5X_I32, NULL, &seven)) >= 0;
    h5x_close(dataset);
    h5x_close(group);
    return ok && group && dataset;
}

/* Checks that the sample is there with its values. */
static void check_sample(h5x_object *file)
{
    int32_t values[4] = {0};
    CHECK_INT(h5x_contains(file, "/g/d"), 1);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "/g/d"));
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, values, sizeof values));
    for (int i = 0; i < 4; i++)
        CHECK_INT(values[i], sample_values[i]);
    int32_t seven = 0;
    CHECK_OK(h5x_attr_get(file, "a", H5X_I32, &seven, sizeof seven));
    CHECK_INT(seven, 7);
    h5x_close(dataset);
}

/* Creates the file `stem` holding the sample; 1 on success. */
static int make_sample_file(const conf_context *ctx, const char *stem)
{
    h5x_object *file = conf_open(ctx, stem, "w");
    if (!file)
        return 0;
    int ok = write_sample(file);
    ok &= CHECK_OK(h5x_close(file)) >= 0;
    return ok;
}

/* ------------------------------------------------------- connector choice */

static void test_connector_by_uri(conf_context *ctx)
{
    harness_case("connector chosen by a NAME:PATH prefix");
    h5x_object *file = conf_open(ctx, "by-uri", "w");
    REQUIRE(file);
    CHECK(write_sample(file));
    file = conf_reopen(ctx, file, "by-uri", "r");
    REQUIRE(file);
    CHECK_CONNECTOR(ctx, file);
    check_sample(file);
    CHECK_OK(h5x_close(file));
}

static void test_connector_by_options(conf_context *ctx)
{
    harness_case("connector chosen by options.connector");
    char path[8192];
    conf_path(ctx, "by-options", path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = ctx->connector_spec;
    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(path, "w", &options));
    CHECK_CONNECTOR(ctx, file);
    CHECK(write_sample(file));
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_OK(h5x_close(file));
        REQUIRE_PTR(file, h5x_file_open(path, "r", &options));
        CHECK_CONNECTOR(ctx, file);
    }
    check_sample(file);
    CHECK_OK(h5x_close(file));
}

/* Sets H5X_CONNECTOR for the duration of one open, then puts back what
 * was there. */
static h5x_object *open_with_environment(const char *value, const char *path, const char *mode)
{
    const char *previous = getenv("H5X_CONNECTOR");
    char *saved = previous ? strdup(previous) : NULL;
    if (value)
        setenv("H5X_CONNECTOR", value, 1);
    else
        unsetenv("H5X_CONNECTOR");
    h5x_clear_error();
    h5x_object *file = h5x_file_open(path, mode, NULL);
    if (saved)
        setenv("H5X_CONNECTOR", saved, 1);
    else
        unsetenv("H5X_CONNECTOR");
    free(saved);
    return file;
}

static void test_connector_by_environment(conf_context *ctx)
{
    harness_case("connector chosen by H5X_CONNECTOR");
    char path[8192];
    conf_path(ctx, "by-environment", path, sizeof path);
    h5x_object *file = open_with_environment(ctx->connector_spec, path, "w");
    REQUIRE(CHECK_MSG(file != NULL, "h5x_file_open(\"%s\", \"w\") with H5X_CONNECTOR=%s failed", path,
                      ctx->connector_spec));
    CHECK_CONNECTOR(ctx, file);
    CHECK(write_sample(file));
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_OK(h5x_close(file));
        file = open_with_environment(ctx->connector_spec, path, "r");
        REQUIRE(CHECK_MSG(file != NULL, "reopening \"%s\" with H5X_CONNECTOR=%s failed", path, ctx->connector_spec));
        CHECK_CONNECTOR(ctx, file);
    }
    check_sample(file);
    CHECK_OK(h5x_close(file));
}

static void test_default_connector(conf_context *ctx)
{
    harness_case("a plain path without H5X_CONNECTOR opens with native");
    if (strcmp(ctx->connector_name, "native") != 0) {
        harness_note("the default connector is checked in the native run");
        return;
    }
    char path[8192];
    conf_path(ctx, "by-default", path, sizeof path);
    h5x_object *file = open_with_environment(NULL, path, "w");
    REQUIRE(CHECK_MSG(file != NULL, "h5x_file_open(\"%s\", \"w\", NULL) failed", path));
    CHECK_OWNED_STR(h5x_file_connector(file), "native");
    CHECK_OK(h5x_close(file));
}

static void test_unknown_connector(conf_context *ctx)
{
    harness_case("an unknown connector is a plugin error");
    char path[8192], uri[8300];
    conf_path(ctx, "unknown-connector", path, sizeof path);
    snprintf(uri, sizeof uri, "nosuchconnector:%s", path);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_PLUGIN);
    CHECK(access(path, F_OK) != 0);
}

/* ----------------------------------------------------------------- modes */

static void test_missing_file(conf_context *ctx)
{
    harness_case("r and r+ on a missing file: H5X_ERR_NOT_FOUND");
    char uri[8300];
    conf_uri(ctx, "missing", uri, sizeof uri);
    CHECK_NULL_STATUS(h5x_file_open(uri, "r", NULL), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_file_open(uri, "r+", NULL), H5X_ERR_NOT_FOUND);
    CHECK_NULL_STATUS(h5x_file_open(uri, NULL, NULL), H5X_ERR_NOT_FOUND);
}

static void test_bad_mode(conf_context *ctx)
{
    harness_case("an unknown mode is an invalid argument");
    char uri[8300];
    conf_uri(ctx, "bad-mode", uri, sizeof uri);
    CHECK_NULL_STATUS(h5x_file_open(uri, "rw", NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(h5x_file_open(uri, "", NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(h5x_file_open(NULL, "r", NULL), H5X_ERR_INVALID_ARGUMENT);
}

static void test_mode_w(conf_context *ctx)
{
    harness_case("w creates, and truncates an existing file");
    REQUIRE(make_sample_file(ctx, "mode-w"));
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        harness_note("files do not persist: truncation of an existing file is not observable");
        return;
    }
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "mode-w", "w"));
    CHECK_INT(h5x_contains(file, "g"), 0);
    CHECK_INT(h5x_group_length(file), 0);
    CHECK_INT(h5x_attr_count(file), 0);
    CHECK_OWNED_STR(h5x_file_mode(file), "r+");
    CHECK_OK(h5x_close(file));
}

static void test_mode_exclusive(conf_context *ctx)
{
    static const char *const modes[] = {"w-", "x"};
    for (int m = 0; m < 2; m++) {
        char stem[64], uri[8300];
        snprintf(stem, sizeof stem, "mode-%s", m == 0 ? "w-" : "x");
        harness_case(m == 0 ? "w- creates a new file and refuses an existing one"
                            : "x creates a new file and refuses an existing one");
        h5x_object *file = conf_open(ctx, stem, modes[m]);
        REQUIRE(file);
        CHECK_OWNED_STR(h5x_file_mode(file), "r+");
        CHECK(write_sample(file));
        if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
            check_sample(file);
            CHECK_OK(h5x_close(file));
            harness_note("files do not persist: refusing an existing file is not observable");
            continue;
        }
        CHECK_OK(h5x_close(file));
        conf_uri(ctx, stem, uri, sizeof uri);
        CHECK_NULL_STATUS(h5x_file_open(uri, modes[m], NULL), H5X_ERR_EXISTS);
        /* the refused open must leave the file as it was */
        REQUIRE_PTR(file, conf_open(ctx, stem, "r"));
        check_sample(file);
        CHECK_OK(h5x_close(file));
    }
}

static void test_mode_a(conf_context *ctx)
{
    harness_case("a creates a missing file and opens an existing one for writing");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "mode-a", "a"));
    CHECK_OWNED_STR(h5x_file_mode(file), "r+");
    CHECK(write_sample(file));
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        check_sample(file);
        CHECK_OK(h5x_close(file));
        return;
    }
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, conf_open(ctx, "mode-a", "a"));
    CHECK_OWNED_STR(h5x_file_mode(file), "r+");
    check_sample(file);
    h5x_object *more = CHECK_PTR(h5x_group_create(file, "more", NULL));
    h5x_close(more);
    file = conf_reopen(ctx, file, "mode-a", "r");
    REQUIRE(file);
    check_sample(file);
    CHECK_INT(h5x_contains(file, "more"), 1);
    CHECK_OK(h5x_close(file));
}

static void test_mode_r_plus(conf_context *ctx)
{
    harness_case("r+ opens an existing file for reading and writing");
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        harness_note("files do not persist: there is no existing file to open with r+");
        return;
    }
    REQUIRE(make_sample_file(ctx, "mode-r-plus"));
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "mode-r-plus", "r+"));
    CHECK_OWNED_STR(h5x_file_mode(file), "r+");
    check_sample(file);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "g/d"));
    int32_t minus_one = -1;
    CHECK_OK(h5x_dataset_write_text(dataset, "1", H5X_I32, &minus_one, NULL));
    h5x_close(dataset);
    file = conf_reopen(ctx, file, "mode-r-plus", "r");
    REQUIRE(file);
    int64_t values[4] = {0};
    const int64_t expected[4] = {sample_values[0], -1, sample_values[2], sample_values[3]};
    CHECK_OK(read_int64(file, "g/d", "()", values, 4));
    CHECK_INTS(values, expected, 4);
    CHECK_OK(h5x_close(file));
}

static void test_mode_r(conf_context *ctx)
{
    harness_case("r opens read-only: every write is H5X_ERR_READ_ONLY");
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        harness_note("files do not persist: there is no existing file to open with r");
        return;
    }
    REQUIRE(make_sample_file(ctx, "mode-r"));
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "mode-r", "r"));
    CHECK_OWNED_STR(h5x_file_mode(file), "r");
    check_sample(file);

    h5x_object *group = CHECK_PTR(h5x_open(file, "g"));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "g/d"));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    int32_t value = 5;
    CHECK_NULL_STATUS(h5x_group_create(file, "new", NULL), H5X_ERR_READ_ONLY);
    CHECK_NULL_STATUS(h5x_group_require(file, "new"), H5X_ERR_READ_ONLY);
    CHECK_NULL_STATUS(h5x_dataset_create(group, "new", H5X_I32, &shape, NULL), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_dataset_write(dataset, NULL, H5X_I32, sample_values, NULL), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_dataset_write_text(dataset, "0", H5X_I32, &value, NULL), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_dataset_resize(dataset, &shape), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_attr_set(file, "a", H5X_I32, NULL, &value), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_attr_set(dataset, "new", H5X_I32, NULL, &value), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_attr_modify(file, "a", H5X_I32, NULL, &value), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_attr_delete(file, "a"), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_delete(file, "g/d"), H5X_ERR_READ_ONLY);
    h5x_close(dataset);
    h5x_close(group);

    /* nothing of the refused writes reached the file */
    file = conf_reopen(ctx, file, "mode-r", "r");
    REQUIRE(file);
    check_sample(file);
    CHECK_INT(h5x_contains(file, "new"), 0);
    CHECK_INT(h5x_contains(file, "g/new"), 0);
    CHECK_INT(h5x_attr_count(file), 1);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------------ queries */

static void test_name_and_mode(conf_context *ctx)
{
    harness_case("file name, mode and connector queries");
    char path[8192];
    conf_path(ctx, "queries", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "queries", "w"));
    CHECK(write_sample(file));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "g/d"));
    CHECK_OWNED_STR(h5x_file_name(file), path);
    CHECK_OWNED_STR(h5x_file_name(dataset), path);
    CHECK_OWNED_STR(h5x_file_mode(dataset), "r+");
    CHECK_CONNECTOR(ctx, dataset);
    CHECK_OWNED_STR(h5x_object_name(file), "/");
    CHECK_OWNED_STR(h5x_object_name(dataset), "/g/d");
    CHECK_INT(h5x_object_get_kind(file), H5X_KIND_FILE);
    CHECK_INT(h5x_object_get_kind(dataset), H5X_KIND_DATASET);
    CHECK_OK(h5x_file_flush(file));
    h5x_close(dataset);
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        file = conf_reopen(ctx, file, "queries", "r");
        REQUIRE(file);
        CHECK_OWNED_STR(h5x_file_name(file), path);
        CHECK_OWNED_STR(h5x_file_mode(file), "r");
    }
    CHECK_OK(h5x_close(file));
}

/* --------------------------------------------------------------- libver */

/* The version byte of an HDF5 superblock at the start of path, or -1. */
static int superblock_version(const char *path)
{
    static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char head[9];
    FILE *stream = fopen(path, "rb");
    if (!stream)
        return -1;
    size_t got = fread(head, 1, sizeof head, stream);
    fclose(stream);
    if (got != sizeof head || memcmp(head, signature, sizeof signature) != 0)
        return -1;
    return head[8];
}

static void test_libver(conf_context *ctx)
{
    harness_case("libver bounds");
    struct bounds {
        const char *stem;
        h5x_libver low, high;
        int superblock; /* in the native format: the version libhdf5 writes */
    } cases[] = {
        {"libver-earliest", H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST, 0}, /* h5py libver='earliest' */
        {"libver-latest", H5X_LIBVER_LATEST, H5X_LIBVER_LATEST, 3},     /* h5py libver='latest' */
        {"libver-v108", H5X_LIBVER_EARLIEST, H5X_LIBVER_V18, 0},        /* ('earliest', 'v108') */
        {"libver-v110", H5X_LIBVER_V110, H5X_LIBVER_LATEST, 3},         /* ('v110', 'latest') */
    };
    if (!conf_has(ctx, H5X_CAP_LIBVER)) {
        char uri[8300];
        conf_uri(ctx, "libver-unsupported", uri, sizeof uri);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = H5X_LIBVER_LATEST;
        options.libver_high = H5X_LIBVER_LATEST;
        CHECK_NULL_STATUS(h5x_file_open(uri, "w", &options), H5X_ERR_NOT_SUPPORTED);
        return;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char uri[8300], path[8192];
        conf_uri(ctx, cases[i].stem, uri, sizeof uri);
        conf_path(ctx, cases[i].stem, path, sizeof path);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = cases[i].low;
        options.libver_high = cases[i].high;
        h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", &options));
        if (!file)
            continue;
        CHECK_CONNECTOR(ctx, file);
        CHECK(write_sample(file));
        file = conf_reopen(ctx, file, cases[i].stem, "r");
        if (!file)
            continue;
        check_sample(file);
        CHECK_OK(h5x_close(file));
        if (strcmp(ctx->connector_name, "native") == 0)
            CHECK_MSG(superblock_version(path) == cases[i].superblock, "%s: superblock version %d, expected %d",
                      cases[i].stem, superblock_version(path), cases[i].superblock);
    }
    char uri[8300];
    conf_uri(ctx, "libver-inverted", uri, sizeof uri);
    h5x_file_options inverted = H5X_FILE_OPTIONS_INIT;
    inverted.libver_low = H5X_LIBVER_LATEST;
    inverted.libver_high = H5X_LIBVER_EARLIEST;
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", &inverted), H5X_ERR_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------- lifetime */

static void test_dataset_keeps_file_alive(conf_context *ctx)
{
    harness_case("an open dataset keeps its file alive after the file handle is closed");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "lifetime", "w"));
    CHECK(write_sample(file));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "g/d"));
    h5x_object *group = CHECK_PTR(h5x_open(file, "g"));
    CHECK_OK(h5x_close(file));

    /* h5py: f2 is out of scope, but the dataset reference keeps it open */
    int32_t values[4] = {0};
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, values, sizeof values));
    CHECK_INT(values[2], sample_values[2]);
    int32_t written[4] = {10, 20, 30, 40};
    CHECK_OK(h5x_dataset_write(dataset, NULL, H5X_I32, written, NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){2});
    h5x_object *late = CHECK_PTR(h5x_dataset_create(group, "late", H5X_I32, &shape, NULL));
    CHECK_OK(h5x_dataset_write(late, NULL, H5X_I32, written, NULL));
    h5x_close(late);
    h5x_close(group);

    h5x_object *again = CHECK_PTR(h5x_object_file(dataset));
    CHECK_INT(h5x_object_get_kind(again), H5X_KIND_FILE);
    CHECK_OWNED_STR(h5x_object_name(again), "/");
    CHECK_INT(h5x_contains(again, "g/late"), 1);
    CHECK_CONNECTOR(ctx, again);
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_OK(h5x_close(again));
        CHECK_OK(h5x_close(dataset));
        /* the last handle is gone: the file is closed, and what was written
         * through the dataset reached it */
        REQUIRE_PTR(again, conf_open(ctx, "lifetime", "r"));
    } else {
        CHECK_OK(h5x_close(dataset));
    }
    int64_t stored[4] = {0};
    const int64_t expected[4] = {10, 20, 30, 40};
    CHECK_OK(read_int64(again, "g/d", NULL, stored, 4));
    CHECK_INTS(stored, expected, 4);
    memset(stored, 0, sizeof stored);
    CHECK_OK(read_int64(again, "g/late", NULL, stored, 2));
    CHECK_INTS(stored, expected, 2);
    CHECK_OK(h5x_close(again));
}

static void test_closed_handles(conf_context *ctx)
{
    harness_case("closed, NULL and wrong-kind handles: H5X_ERR_BAD_HANDLE");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "closed-handles", "w"));
    CHECK(write_sample(file));
    h5x_object *group = CHECK_PTR(h5x_open(file, "g"));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "g/d"));
    h5x_shape shape;

    /* a group where a dataset is needed */
    CHECK_STATUS(h5x_dataset_shape(group, &shape), H5X_ERR_BAD_HANDLE);
    /* a dataset where a group is needed */
    CHECK_STATUS(h5x_group_length(dataset), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_group_create(dataset, "x", NULL), H5X_ERR_BAD_HANDLE);

    CHECK_STATUS(h5x_group_length(NULL), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_dataset_shape(NULL, &shape), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_file_name(NULL), H5X_ERR_BAD_HANDLE);
    CHECK_OK(h5x_close(NULL));

    CHECK_OK(h5x_close(dataset));
    CHECK_STATUS(h5x_dataset_shape(dataset, &shape), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_I32, NULL, 0), H5X_ERR_BAD_HANDLE);
    CHECK_OK(h5x_close(group));
    CHECK_STATUS(h5x_group_length(group), H5X_ERR_BAD_HANDLE);
    CHECK_OK(h5x_close(file));
    CHECK_STATUS(h5x_group_length(file), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_open(file, "g"), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_file_name(file), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_attr_count(file), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_close(file), H5X_ERR_BAD_HANDLE);
}

void conformance_files(conf_context *ctx)
{
    test_unknown_connector(ctx);
    test_missing_file(ctx);
    test_bad_mode(ctx);
    if (!conf_require_write(ctx))
        return;
    test_connector_by_uri(ctx);
    test_connector_by_options(ctx);
    test_connector_by_environment(ctx);
    test_default_connector(ctx);
    test_mode_w(ctx);
    test_mode_exclusive(ctx);
    test_mode_a(ctx);
    test_mode_r_plus(ctx);
    test_mode_r(ctx);
    test_name_and_mode(ctx);
    test_libver(ctx);
    test_dataset_keeps_file_alive(ctx);
    test_closed_handles(ctx);
}
