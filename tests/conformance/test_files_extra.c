/*
 * test_files_extra.c — the "files_extra" section: the rest of the seeds'
 * file material, for any connector.
 *
 *  - user blocks (H5X_CAP_USERBLOCK): sizes at creation, the query, bytes
 *    written into the block after close survive a reopen and a write
 *    through h5x; sizes that are not powers of two of at least 512, and a
 *    size with a reading mode, are refused;
 *  - libver (H5X_CAP_LIBVER): every bound and pair h5py accepts opens, and
 *    the pairs libhdf5 refuses are refused;
 *  - SWMR (H5X_CAP_SWMR): the writer's switch, appending and flushing, a
 *    reader's open with swmr=1 and refresh, and the misuses;
 *  - closing: objects keep their file open after the file handle is
 *    closed; once the last handle is gone every one of them is refused;
 *  - names and modes: the mode each of h5py's modes reports, the file name
 *    as given (relative, UTF-8), from any object of the file;
 *  - low level: get_storage_size of the seed's dataset, creation
 *    properties as queries, and the native handle escape hatch
 *    (H5X_CAP_NATIVE_HANDLES).
 *
 * Where a capability is not claimed the section checks that the declared
 * error, H5X_ERR_NOT_SUPPORTED, comes back.  Cross-process SWMR and the
 * byte-level checks against libhdf5 live in tests/swmr and
 * connectors/native/tests, which need more than the public API.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance.h"

static const int16_t sample[5] = {3, -1, 4, -1, 5};

static int write_sample(h5x_object *file)
{
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){5});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = sample;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "sample", H5X_I16, &shape, &options));
    h5x_close(dataset);
    return dataset != NULL;
}

static void check_sample(h5x_object *file)
{
    int16_t back[5] = {0};
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I16, back, sizeof back));
    for (int i = 0; i < 5; i++)
        CHECK_INT(back[i], sample[i]);
    h5x_close(dataset);
}

static h5x_object *open_with(const conf_context *ctx, const char *stem, const char *mode,
                             const h5x_file_options *options)
{
    char uri[8300];
    conf_uri(ctx, stem, uri, sizeof uri);
    h5x_clear_error();
    return h5x_file_open(uri, mode, options);
}

/* 1 when path is a plain file of this process's file system. */
static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ----------------------------------------------------------- user block */

static void check_userblock(conf_context *ctx, uint64_t size)
{
    char stem[64], path[8192];
    snprintf(stem, sizeof stem, "userblock-%llu", (unsigned long long)size);
    conf_path(ctx, stem, path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = size;
    h5x_object *file = open_with(ctx, stem, "w", &options);
    if (!CHECK_MSG(file != NULL, "userblock_size=%llu: %s", (unsigned long long)size, h5x_last_error()->message))
        return;
    CHECK_CONNECTOR(ctx, file);
    uint64_t got = 0;
    CHECK_OK(h5x_file_userblock_size(file, &got));
    CHECK_UINT(got, size);
    CHECK(write_sample(file));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
    CHECK_OK(h5x_file_userblock_size(dataset, &got)); /* from any object of the file */
    CHECK_UINT(got, size);
    h5x_close(dataset);
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        check_sample(file);
        CHECK_OK(h5x_close(file));
        harness_note("files do not persist: the block cannot be written after close");
        return;
    }
    CHECK_OK(h5x_close(file));

    /* "once the file is closed you are free to read and write data at the
     * start of the file" — when the file is a plain file at its path */
    unsigned char *mine = malloc(size), *back = malloc(size);
    REQUIRE(CHECK(mine && back));
    for (uint64_t i = 0; i < size; i++)
        mine[i] = (unsigned char)(i % 251 + 1);
    memcpy(mine, "h5x user block\n", 15);
    int plain = is_regular_file(path);
    if (plain) {
        FILE *stream = fopen(path, "r+b");
        CHECK(stream && fwrite(mine, 1, size, stream) == size);
        if (stream)
            CHECK_INT(fclose(stream), 0);
    } else {
        harness_note("%s is not a plain file: the block's bytes are not written directly", path);
    }
    file = CHECK_PTR(open_with(ctx, stem, "r", NULL));
    if (file) {
        CHECK_OK(h5x_file_userblock_size(file, &got));
        CHECK_UINT(got, size);
        check_sample(file);
        CHECK_OK(h5x_close(file));
    }
    /* mode a with the same size writes the file and leaves the block */
    file = CHECK_PTR(open_with(ctx, stem, "a", &options));
    if (file) {
        int32_t marker = 1;
        CHECK_OK(h5x_attr_set(file, "appended", H5X_I32, NULL, &marker));
        CHECK_OK(h5x_close(file));
    }
    if (plain) {
        FILE *stream = fopen(path, "rb");
        CHECK(stream && fread(back, 1, size, stream) == size);
        if (stream)
            fclose(stream);
        CHECK_BYTES(back, mine, size);
    }
    free(mine);
    free(back);
}

static void test_userblock(conf_context *ctx)
{
    harness_case("user block: created with 512, 1024 and 4096 bytes, queried, written after close");
    if (!conf_has(ctx, H5X_CAP_USERBLOCK)) {
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.userblock_size = 512;
        CHECK_NULL_STATUS(open_with(ctx, "userblock-unsupported", "w", &options), H5X_ERR_NOT_SUPPORTED);
        h5x_object *file;
        REQUIRE_PTR(file, open_with(ctx, "userblock-none", "w", NULL));
        uint64_t size = 99;
        CHECK_OK(h5x_file_userblock_size(file, &size));
        CHECK_UINT(size, 0);
        CHECK_OK(h5x_close(file));
        return;
    }
    check_userblock(ctx, 512);
    check_userblock(ctx, 1024);
    check_userblock(ctx, 4096);
}

static void test_userblock_refused(conf_context *ctx)
{
    harness_case("user block: 0 means none; other sizes below 512 or not powers of two are refused");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    h5x_object *file;
    REQUIRE_PTR(file, open_with(ctx, "userblock-zero", "w", &options));
    uint64_t size = 99;
    CHECK_OK(h5x_file_userblock_size(file, &size));
    CHECK_UINT(size, 0);
    CHECK_OK(h5x_close(file));
    CHECK_STATUS(h5x_file_userblock_size(file, &size), H5X_ERR_BAD_HANDLE);

    const uint64_t bad[] = {1, 100, 256, 513, 1000, 1536, 4095};
    char path[8192];
    conf_path(ctx, "userblock-bad", path, sizeof path);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        options.userblock_size = bad[i];
        CHECK_NULL_STATUS(open_with(ctx, "userblock-bad", "w", &options), H5X_ERR_INVALID_ARGUMENT);
        CHECK_MSG(access(path, F_OK) != 0, "a refused user block size %llu left %s behind",
                  (unsigned long long)bad[i], path);
    }
    /* a size is only for creating files */
    options.userblock_size = 512;
    CHECK_NULL_STATUS(open_with(ctx, "userblock-zero", "r", &options), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(open_with(ctx, "userblock-zero", "r+", &options), H5X_ERR_INVALID_ARGUMENT);
}

/* --------------------------------------------------------------- libver */

typedef struct libver_spelling {
    const char *h5py; /* what h5py.File(..., libver=) takes */
    h5x_libver low, high;
} libver_spelling;

static void test_libver_accepted(conf_context *ctx)
{
    harness_case("libver: every bound and pair h5py accepts");
    static const libver_spelling accepted[] = {
        {"None", H5X_LIBVER_DEFAULT, H5X_LIBVER_DEFAULT},
        {"'earliest'", H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST},
        {"'v108'", H5X_LIBVER_V18, H5X_LIBVER_LATEST},
        {"'v110'", H5X_LIBVER_V110, H5X_LIBVER_LATEST},
        {"'v112'", H5X_LIBVER_V112, H5X_LIBVER_LATEST},
        {"'v114'", H5X_LIBVER_V114, H5X_LIBVER_LATEST},
        {"'latest'", H5X_LIBVER_LATEST, H5X_LIBVER_LATEST},
        {"('earliest', 'v108')", H5X_LIBVER_EARLIEST, H5X_LIBVER_V18},
        {"('earliest', 'v110')", H5X_LIBVER_EARLIEST, H5X_LIBVER_V110},
        {"('earliest', 'latest')", H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST},
        {"('v108', 'v108')", H5X_LIBVER_V18, H5X_LIBVER_V18},
        {"('v108', 'v112')", H5X_LIBVER_V18, H5X_LIBVER_V112},
        {"('v110', 'v114')", H5X_LIBVER_V110, H5X_LIBVER_V114},
        {"(None, 'v108')", H5X_LIBVER_DEFAULT, H5X_LIBVER_V18},
    };
    int claimed = conf_has(ctx, H5X_CAP_LIBVER);
    if (!claimed)
        harness_note("the connector does not claim H5X_CAP_LIBVER: bounds other than the default are refused");
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        const libver_spelling *s = &accepted[i];
        char stem[64];
        snprintf(stem, sizeof stem, "libver-accepted-%zu", i);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = s->low;
        options.libver_high = s->high;
        h5x_object *file = open_with(ctx, stem, "w", &options);
        int is_default = s->low == H5X_LIBVER_DEFAULT && s->high == H5X_LIBVER_DEFAULT;
        if (!claimed && !is_default) {
            CHECK_MSG(file == NULL && h5x_last_error()->code == H5X_ERR_NOT_SUPPORTED,
                      "libver=%s: expected H5X_ERR_NOT_SUPPORTED, got %s", s->h5py,
                      file ? "a file" : harness_status_name(h5x_last_error()->code));
            h5x_close(file);
            continue;
        }
        if (!CHECK_MSG(file != NULL, "libver=%s: %s", s->h5py, h5x_last_error()->message))
            continue;
        CHECK(write_sample(file));
        file = conf_reopen(ctx, file, stem, "r");
        if (!file)
            continue;
        check_sample(file);
        CHECK_OK(h5x_close(file));
        /* bounds may be given when opening an existing file, too */
        if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
            file = open_with(ctx, stem, "r", &options);
            if (CHECK_MSG(file != NULL, "libver=%s, mode r: %s", s->h5py, h5x_last_error()->message)) {
                check_sample(file);
                CHECK_OK(h5x_close(file));
            }
        }
    }
}

static void test_libver_refused(conf_context *ctx)
{
    harness_case("libver: inverted, 'earliest' as the upper bound, and unknown bounds are refused");
    static const libver_spelling refused[] = {
        {"('latest', 'earliest')", H5X_LIBVER_LATEST, H5X_LIBVER_EARLIEST},
        {"('v110', 'v108')", H5X_LIBVER_V110, H5X_LIBVER_V18},
        {"('latest', 'v112')", H5X_LIBVER_LATEST, H5X_LIBVER_V112},
        {"('earliest', 'earliest')", H5X_LIBVER_EARLIEST, H5X_LIBVER_EARLIEST},
        {"(None, 'earliest')", H5X_LIBVER_DEFAULT, H5X_LIBVER_EARLIEST},
        {"(7, 'latest')", (h5x_libver)7, H5X_LIBVER_LATEST},
        {"('earliest', -1)", H5X_LIBVER_EARLIEST, (h5x_libver)-1},
    };
    char path[8192];
    conf_path(ctx, "libver-refused", path, sizeof path);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = refused[i].low;
        options.libver_high = refused[i].high;
        h5x_object *file = open_with(ctx, "libver-refused", "w", &options);
        CHECK_MSG(file == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT,
                  "libver=%s: expected H5X_ERR_INVALID_ARGUMENT, got %s", refused[i].h5py,
                  file ? "a file" : harness_status_name(h5x_last_error()->code));
        h5x_close(file);
        CHECK_MSG(access(path, F_OK) != 0, "libver=%s: the refused open left %s behind", refused[i].h5py, path);
    }
}

/* ----------------------------------------------------------------- SWMR */

static void test_swmr_not_claimed(conf_context *ctx)
{
    harness_case("SWMR: H5X_ERR_NOT_SUPPORTED where the connector does not claim it");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "swmr-unsupported", "w"));
    CHECK(write_sample(file));
    CHECK_STATUS(h5x_file_start_swmr(file), H5X_ERR_NOT_SUPPORTED);
    check_sample(file);
    if (conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_OK(h5x_close(file));
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.swmr = 1;
        CHECK_NULL_STATUS(open_with(ctx, "swmr-unsupported", "r", &options), H5X_ERR_NOT_SUPPORTED);
        return;
    }
    CHECK_OK(h5x_close(file));
}

static void test_swmr_misuse(conf_context *ctx)
{
    harness_case("SWMR: swmr=1 is for readers; a read-only file cannot start SWMR writing");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.swmr = 1;
    char path[8192];
    conf_path(ctx, "swmr-misuse", path, sizeof path);
    CHECK_NULL_STATUS(open_with(ctx, "swmr-misuse", "w", &options), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(open_with(ctx, "swmr-misuse", "a", &options), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(open_with(ctx, "swmr-misuse", "x", &options), H5X_ERR_INVALID_ARGUMENT);
    CHECK(access(path, F_OK) != 0);
    if (!conf_has(ctx, H5X_CAP_PERSISTENT))
        return;
    h5x_file_options latest = H5X_FILE_OPTIONS_INIT;
    latest.libver_low = latest.libver_high = H5X_LIBVER_LATEST;
    h5x_object *file;
    REQUIRE_PTR(file, open_with(ctx, "swmr-misuse", "w", &latest));
    CHECK(write_sample(file));
    CHECK_OK(h5x_close(file));
    CHECK_NULL_STATUS(open_with(ctx, "swmr-misuse", "r+", &options), H5X_ERR_INVALID_ARGUMENT);
    REQUIRE_PTR(file, open_with(ctx, "swmr-misuse", "r", &latest));
    CHECK_STATUS(h5x_file_start_swmr(file), H5X_ERR_READ_ONLY);
    CHECK_OK(h5x_close(file));
}

/* The seed's writer: f.swmr_mode = True, then resize, write, flush. */
static void test_swmr_writer_and_reader(conf_context *ctx)
{
    harness_case("SWMR: the seed's writer appends and flushes; a swmr=1 reader refreshes");
    h5x_file_options latest = H5X_FILE_OPTIONS_INIT;
    latest.libver_low = latest.libver_high = H5X_LIBVER_LATEST;
    h5x_object *file;
    REQUIRE_PTR(file, open_with(ctx, "swmr", "w", &latest));
    const int32_t arr[4] = {1, 2, 3, 4};
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    h5x_shape maxshape = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){2});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &maxshape;
    options.chunks = &chunks;
    options.data = arr;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "data", H5X_I32, &shape, &options));
    if (!dataset) {
        h5x_close(file);
        return;
    }
    CHECK_OK(h5x_file_start_swmr(file));
    for (uint64_t i = 0; i < 5; i++) {
        h5x_shape grown = h5x_shape_of(1, (uint64_t[]){(i + 1) * 4});
        char selection[32];
        snprintf(selection, sizeof selection, "%llu:", (unsigned long long)(i * 4));
        CHECK_OK(h5x_dataset_resize(dataset, &grown));
        CHECK_OK(h5x_dataset_write_text(dataset, selection, H5X_I32, arr, NULL));
        CHECK_OK(h5x_dataset_flush(dataset));
    }
    CHECK_OK(h5x_file_flush(file));
    h5x_shape got;
    CHECK_OK(h5x_dataset_shape(dataset, &got));
    CHECK_SHAPE(&got, 1, 20);
    int32_t back[20] = {0};
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, back, sizeof back));
    for (int i = 0; i < 20; i++)
        CHECK_INT(back[i], arr[i % 4]);
    /* the writer's own handle refreshes as well */
    CHECK_OK(h5x_dataset_refresh(dataset));
    h5x_close(dataset);
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        CHECK_OK(h5x_close(file));
        return;
    }
    CHECK_OK(h5x_close(file));

    h5x_file_options reader = H5X_FILE_OPTIONS_INIT;
    reader.swmr = 1;
    REQUIRE_PTR(file, open_with(ctx, "swmr", "r", &reader));
    CHECK_OWNED_STR(h5x_file_mode(file), "r");
    REQUIRE_PTR(dataset, h5x_open(file, "data"));
    CHECK_OK(h5x_dataset_refresh(dataset));
    CHECK_OK(h5x_dataset_shape(dataset, &got));
    CHECK_SHAPE(&got, 1, 20);
    memset(back, 0, sizeof back);
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, back, sizeof back));
    for (int i = 0; i < 20; i++)
        CHECK_INT(back[i], arr[i % 4]);
    CHECK_STATUS(h5x_dataset_write_text(dataset, "0", H5X_I32, arr, NULL), H5X_ERR_READ_ONLY);
    CHECK_STATUS(h5x_dataset_resize(dataset, &shape), H5X_ERR_READ_ONLY);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

/* -------------------------------------------------------------- closing */

static void test_objects_keep_file_open(conf_context *ctx)
{
    harness_case("closing: a dataset and a group keep the file open after h5x_close(file)");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "closing", "w"));
    CHECK(write_sample(file));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
    REQUIRE(group && dataset);
    CHECK_OK(h5x_close(file));

    /* the seed's get_dataset(): f2 is gone, ds[0] still reads */
    int16_t first = 0;
    CHECK_OK(h5x_dataset_read_text(dataset, "0", H5X_I16, &first, sizeof first));
    CHECK_INT(first, sample[0]);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){1});
    h5x_object *inner = CHECK_PTR(h5x_dataset_create(group, "inner", H5X_I16, &shape, NULL));
    int16_t seven = 7;
    CHECK_OK(h5x_dataset_write(inner, NULL, H5X_I16, &seven, NULL));
    CHECK_OWNED_STR(h5x_file_mode(dataset), "r+");
    CHECK_OK(h5x_file_flush(group));
    h5x_close(inner);

    /* a new file handle from a surviving object, closed again at once */
    h5x_object *again = CHECK_PTR(h5x_object_file(dataset));
    CHECK_INT(h5x_contains(again, "g/inner"), 1);
    CHECK_OK(h5x_close(again));
    CHECK_OK(h5x_dataset_read_text(dataset, "4", H5X_I16, &first, sizeof first));
    CHECK_INT(first, sample[4]);

    CHECK_OK(h5x_close(dataset));
    CHECK_INT(h5x_group_length(group), 1);
    CHECK_OK(h5x_close(group));

    /* the last handle is gone: every one of them is refused */
    int16_t value = 0;
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_I16, &value, sizeof value), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_group_length(group), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_group_length(file), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_file_flush(file), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_file_mode(dataset), H5X_ERR_BAD_HANDLE);
    CHECK_NULL_STATUS(h5x_object_file(dataset), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_close(group), H5X_ERR_BAD_HANDLE);

    if (!conf_has(ctx, H5X_CAP_PERSISTENT))
        return;
    /* and the file opens again with everything written through the objects */
    REQUIRE_PTR(file, conf_open(ctx, "closing", "r"));
    check_sample(file);
    h5x_object *kept = CHECK_PTR(h5x_open(file, "g/inner"));
    value = 0;
    CHECK_OK(h5x_dataset_read(kept, NULL, H5X_I16, &value, sizeof value));
    CHECK_INT(value, 7);
    h5x_close(kept);
    CHECK_OK(h5x_close(file));
}

static void test_second_open(conf_context *ctx)
{
    harness_case("closing: a second open of a file outlives the first");
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        harness_note("files do not persist: a second open names another file");
        return;
    }
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "second-open", "w"));
    CHECK(write_sample(file));
    CHECK_OK(h5x_close(file));
    h5x_object *first = CHECK_PTR(conf_open(ctx, "second-open", "r"));
    h5x_object *second = CHECK_PTR(conf_open(ctx, "second-open", "r"));
    REQUIRE(first && second);
    CHECK_OK(h5x_close(first));
    check_sample(second);
    CHECK_STATUS(h5x_group_length(first), H5X_ERR_BAD_HANDLE);
    CHECK_OK(h5x_close(second));
}

/* ------------------------------------------------------ names and modes */

static void test_mode_queries(conf_context *ctx)
{
    harness_case("modes: File.mode is 'r' or 'r+' whichever mode opened it");
    static const struct {
        const char *mode, *reported;
    } modes[] = {{"w", "r+"}, {"r", "r"}, {"r+", "r+"}, {"a", "r+"}, {NULL, "r"}};
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        h5x_object *file;
        REQUIRE_PTR(file, conf_open(ctx, "mode-queries", "w"));
        CHECK_OWNED_STR(h5x_file_mode(file), "r+");
        CHECK_OK(h5x_close(file));
        return;
    }
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        h5x_object *file = open_with(ctx, "mode-queries", modes[i].mode, NULL);
        if (!CHECK_MSG(file != NULL, "mode %s: %s", modes[i].mode ? modes[i].mode : "NULL",
                       h5x_last_error()->message))
            continue;
        if (i == 0)
            CHECK(write_sample(file));
        h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
        CHECK_OWNED_STR(h5x_file_mode(file), modes[i].reported);
        CHECK_OWNED_STR(h5x_file_mode(dataset), modes[i].reported);
        h5x_close(dataset);
        CHECK_OK(h5x_close(file));
    }
    h5x_object *file = open_with(ctx, "mode-queries-x", "x", NULL);
    if (CHECK_PTR(file)) {
        CHECK_OWNED_STR(h5x_file_mode(file), "r+");
        CHECK_OK(h5x_close(file));
    }
}

static void test_relative_name(conf_context *ctx)
{
    harness_case("names: a relative file name is reported as given");
    char previous[4096];
    REQUIRE(CHECK(getcwd(previous, sizeof previous) != NULL));
    REQUIRE(CHECK(chdir(ctx->directory) == 0));
    char relative[128], uri[300];
    snprintf(relative, sizeof relative, "relative-name%s", ctx->suffix);
    snprintf(uri, sizeof uri, "%s:%s", ctx->connector_spec, relative);
    h5x_clear_error();
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (file) {
        CHECK_OWNED_STR(h5x_file_name(file), relative);
        CHECK(write_sample(file));
        h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
        CHECK_OWNED_STR(h5x_file_name(dataset), relative);
        h5x_close(dataset);
        CHECK_OK(h5x_close(file));
    }
    CHECK(chdir(previous) == 0);
}

static void test_utf8_name(conf_context *ctx)
{
    harness_case("names: a UTF-8 file name round trips");
    /* "données-ünïcode-数据" */
    const char *stem = "donn\xc3\xa9" "es-\xc3\xbcn\xc3\xaf" "code-\xe6\x95\xb0\xe6\x8d\xae";
    char path[8192];
    conf_path(ctx, stem, path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, stem, "w"));
    CHECK_OWNED_STR(h5x_file_name(file), path);
    CHECK(write_sample(file));
    file = conf_reopen(ctx, file, stem, "r");
    REQUIRE(file);
    CHECK_OWNED_STR(h5x_file_name(file), path);
    check_sample(file);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------------ low level */

/* The seed: f['/data'] = np.arange(100, dtype=np.int8); dset.id.get_storage_size() == 100. */
static void test_storage_size(conf_context *ctx)
{
    harness_case("low level: get_storage_size of the seed's dataset and of an unwritten chunked one");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "storage-size", "w"));
    int8_t values[100];
    for (int i = 0; i < 100; i++)
        values[i] = (int8_t)i;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "data", H5X_I8, &shape, &options)));
    if (conf_has(ctx, H5X_CAP_CHUNKING)) {
        h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){10});
        h5x_dataset_options lazy = H5X_DATASET_OPTIONS_INIT;
        lazy.chunks = &chunks;
        h5x_close(CHECK_PTR(h5x_dataset_create(file, "unwritten", H5X_F64, &shape, &lazy)));
    }
    file = conf_reopen(ctx, file, "storage-size", "r");
    REQUIRE(file);
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    uint64_t bytes = 0;
    CHECK_OK(h5x_dataset_storage_size(data, &bytes));
    CHECK_UINT(bytes, 100);
    int8_t back[100] = {0};
    CHECK_OK(h5x_dataset_read(data, NULL, H5X_I8, back, sizeof back));
    CHECK_BYTES(back, values, 100);
    CHECK_STATUS(h5x_dataset_storage_size(data, NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_dataset_storage_size(file, &bytes), H5X_ERR_BAD_HANDLE);
    h5x_close(data);
    if (conf_has(ctx, H5X_CAP_CHUNKING)) {
        h5x_object *unwritten = CHECK_PTR(h5x_open(file, "unwritten"));
        bytes = 99;
        CHECK_OK(h5x_dataset_storage_size(unwritten, &bytes));
        CHECK_UINT(bytes, 0);
        h5x_close(unwritten);
    }
    CHECK_OK(h5x_close(file));
}

static void test_creation_properties(conf_context *ctx)
{
    harness_case("low level: chunks, filters with their options, fill value and maxshape as queries");
    if (!conf_has(ctx, H5X_CAP_CHUNKING | H5X_CAP_RESIZE)) {
        harness_note("the connector does not claim chunking and resizing; the datasets section covers the refusal");
        return;
    }
    int filters = conf_has(ctx, H5X_CAP_FILTERS);
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "creation-properties", "w"));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){6, 4});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, 8});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){3, 2});
    double fill = -0.5;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &maxshape;
    options.chunks = &chunks;
    options.fillvalue = &fill;
    options.filters = filters ? "shuffle,gzip:6" : NULL;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "properties", H5X_F64, &shape, &options)));
    file = conf_reopen(ctx, file, "creation-properties", "r");
    REQUIRE(file);
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_open(file, "properties"));
    h5x_shape got;
    CHECK_OK(h5x_dataset_chunks(dataset, &got));
    CHECK_SHAPE(&got, 2, 3, 2);
    CHECK_OK(h5x_dataset_maxshape(dataset, &got));
    CHECK_SHAPE(&got, 2, (int64_t)H5X_UNLIMITED, 8);
    CHECK_OK(h5x_dataset_shape(dataset, &got));
    CHECK_SHAPE(&got, 2, 6, 4);
    CHECK_OWNED_STR(h5x_dataset_filters(dataset), filters ? "shuffle,gzip:6" : "");
    double fill_back = 0;
    CHECK_INT(h5x_dataset_fillvalue(dataset, H5X_F64, &fill_back), 1);
    CHECK_DOUBLE(fill_back, -0.5);
    float fill_float = 0;
    CHECK_INT(h5x_dataset_fillvalue(dataset, H5X_F32, &fill_float), 1);
    CHECK_DOUBLE(fill_float, -0.5);
    /* unwritten elements read as the fill value */
    double corner = 0;
    CHECK_OK(h5x_dataset_read_text(dataset, "5, 3", H5X_F64, &corner, sizeof corner));
    CHECK_DOUBLE(corner, -0.5);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_native_handle(conf_context *ctx)
{
    harness_case("low level: the native handle escape hatch");
    h5x_object *file;
    REQUIRE_PTR(file, conf_open(ctx, "native-handle", "w"));
    CHECK(write_sample(file));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "sample"));
    int64_t file_id = -1, dataset_id = -1;
    if (conf_has(ctx, H5X_CAP_NATIVE_HANDLES)) {
        CHECK_OK(h5x_native_handle(file, &file_id));
        CHECK_OK(h5x_native_handle(dataset, &dataset_id));
        CHECK(file_id > 0);
        CHECK(dataset_id > 0);
        CHECK(file_id != dataset_id);
        int64_t same = -1;
        CHECK_OK(h5x_native_handle(dataset, &same));
        CHECK_INT(same, dataset_id);
    } else {
        CHECK_STATUS(h5x_native_handle(file, &file_id), H5X_ERR_NOT_SUPPORTED);
        CHECK_STATUS(h5x_native_handle(dataset, &dataset_id), H5X_ERR_NOT_SUPPORTED);
        CHECK_INT(dataset_id, -1);
    }
    CHECK_STATUS(h5x_native_handle(dataset, NULL), H5X_ERR_INVALID_ARGUMENT);
    h5x_close(dataset);
    CHECK_STATUS(h5x_native_handle(dataset, &dataset_id), H5X_ERR_BAD_HANDLE);
    CHECK_OK(h5x_close(file));
}

void conformance_files_extra(conf_context *ctx)
{
    if (!conf_require_write(ctx))
        return;
    test_userblock(ctx);
    test_userblock_refused(ctx);
    test_libver_accepted(ctx);
    test_libver_refused(ctx);
    if (conf_has(ctx, H5X_CAP_SWMR)) {
        test_swmr_misuse(ctx);
        test_swmr_writer_and_reader(ctx);
    } else {
        test_swmr_not_claimed(ctx);
    }
    test_objects_keep_file_open(ctx);
    test_second_open(ctx);
    test_mode_queries(ctx);
    test_relative_name(ctx);
    test_utf8_name(ctx);
    test_storage_size(ctx);
    test_creation_properties(ctx);
    test_native_handle(ctx);
}
