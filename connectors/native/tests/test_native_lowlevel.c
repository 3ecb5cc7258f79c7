/*
 * test_native_lowlevel.c — the native connector seen from libhdf5 itself.
 *
 *   test_native_lowlevel DIRECTORY
 *
 * The conformance suite speaks only h5x; this program also links libhdf5,
 * so that what h5x says about a native file can be checked against what
 * libhdf5 says about the same file, through the escape hatch
 * h5x_native_handle (h5py's dset.id):
 *
 *  - native handles: the kind of each id, storage size and the dataset
 *    creation properties (layout, chunks, filters with their values, fill
 *    value, maxshape) read by H5D/H5P calls equal h5x's queries; data
 *    written on one level is read on the other; a one-byte type stored
 *    big-endian is written back so;
 *  - libver: the superblock and object header versions each pair of
 *    bounds gives (H5Fget_info2, H5Oget_native_info), the bounds libhdf5
 *    holds, and that SWMR writing needs a lower bound of v110 or later;
 *  - user blocks: sizes, bytes written into the block after close, and the
 *    refusals;
 *  - closing: libhdf5 keeps the file open exactly as long as an h5x object
 *    of it is open (H5Fget_obj_count), and refuses to truncate it meanwhile;
 *  - file names: UTF-8 and relative names, as H5Fget_name reports them.
 */
#include <dirent.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5x.h"
#include "harness.h"
#include "native_test.h"

/* Number of files libhdf5 holds open in this process. */
static ssize_t open_file_count(void)
{
    return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_FILE);
}

/* ------------------------------------------------------- native handles */

static void test_handle_kinds(void)
{
    harness_case("native handles: file, group, dataset and datatype ids");
    char path[4200];
    path_of("handles.h5", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){3});
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(group, "d", H5X_I32, &shape, NULL));
    hid_t fid = hid_of(file), gid = hid_of(group), did = hid_of(dataset);
    /* a committed type made on the low level, opened on the high one */
    hid_t committed = H5Tcopy(H5T_IEEE_F64LE);
    CHECK(H5Tcommit2(fid, "t", committed, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) >= 0);
    H5Tclose(committed);
    h5x_object *datatype = CHECK_PTR(h5x_open(file, "t"));
    CHECK_INT(h5x_object_get_kind(datatype), H5X_KIND_DATATYPE);
    CHECK_INT(H5Iget_type(fid), H5I_FILE);
    CHECK_INT(H5Iget_type(gid), H5I_GROUP);
    CHECK_INT(H5Iget_type(did), H5I_DATASET);
    if (datatype) {
        hid_t tid = hid_of(datatype);
        CHECK_INT(H5Iget_type(tid), H5I_DATATYPE);
        CHECK_INT(H5Tcommitted(tid), 1);
        CHECK_INT(H5Tequal(tid, H5T_IEEE_F64LE) > 0, 1);
    }

    char name[4300] = "";
    CHECK(H5Fget_name(fid, name, sizeof name) > 0);
    CHECK_STR(name, path);
    CHECK(H5Iget_name(did, name, sizeof name) > 0);
    CHECK_STR(name, "/g/d");
    CHECK(H5Iget_name(gid, name, sizeof name) > 0);
    CHECK_STR(name, "/g");

    /* the same id each time: h5x keeps it, the caller only borrows it */
    CHECK_INT(hid_of(dataset), did);
    CHECK_STATUS(h5x_native_handle(dataset, NULL), H5X_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(h5x_native_handle(NULL, &(int64_t){0}), H5X_ERR_BAD_HANDLE);

    h5x_close(datatype);
    CHECK_OK(h5x_close(dataset));
    CHECK_INT(H5Iis_valid(did), 0);
    CHECK_STATUS(h5x_native_handle(dataset, &(int64_t){0}), H5X_ERR_BAD_HANDLE);
    h5x_close(group);
    CHECK_OK(h5x_close(file));
}

static void test_not_native(void)
{
    harness_case("native handles: H5X_ERR_NOT_SUPPORTED on the in-memory connector");
    char uri[8300], path[4200];
    path_of("in-memory.h5", path, sizeof path);
    snprintf(uri, sizeof uri, "core:%s", path);
    h5x_clear_error();
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    if (!file && h5x_last_error()->code == H5X_ERR_PLUGIN) {
        harness_note("the in-memory connector is not built: %s", h5x_last_error()->message);
        return;
    }
    REQUIRE(CHECK_PTR(file));
    int64_t hid = 12345;
    CHECK_STATUS(h5x_native_handle(file, &hid), H5X_ERR_NOT_SUPPORTED);
    CHECK_INT(hid, 12345);
    CHECK(strstr(h5x_last_error()->message, "core") != NULL);
    CHECK_OK(h5x_close(file));
}

/* h5py's seed: dset.id.get_storage_size() of np.arange(100, dtype=int8). */
static void test_storage_size(void)
{
    harness_case("get_storage_size: h5x and H5Dget_storage_size agree");
    char path[4200];
    path_of("storage.h5", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    int8_t values[100];
    for (int i = 0; i < 100; i++)
        values[i] = (int8_t)i;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "data", H5X_I8, &shape, &options));
    /* chunked and never written: nothing allocated */
    h5x_shape big = h5x_shape_of(1, (uint64_t[]){1000}), chunks = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options lazy_options = H5X_DATASET_OPTIONS_INIT;
    lazy_options.chunks = &chunks;
    h5x_object *lazy = CHECK_PTR(h5x_dataset_create(file, "lazy", H5X_F64, &big, &lazy_options));
    if (!data || !lazy) {
        h5x_close(data);
        h5x_close(lazy);
        h5x_close(file);
        return;
    }
    uint64_t bytes = 0;
    CHECK_OK(h5x_dataset_storage_size(data, &bytes));
    CHECK_UINT(bytes, 100);
    CHECK_UINT(H5Dget_storage_size(hid_of(data)), 100);
    CHECK_OK(h5x_dataset_storage_size(lazy, &bytes));
    CHECK_UINT(bytes, 0);
    CHECK_UINT(H5Dget_storage_size(hid_of(lazy)), 0);
    /* writing three chunks' worth allocates three chunks */
    double ones[250];
    for (int i = 0; i < 250; i++)
        ones[i] = 1.0;
    CHECK_OK(h5x_dataset_write_text(lazy, "50:300", H5X_F64, ones, NULL));
    CHECK_OK(h5x_dataset_storage_size(lazy, &bytes));
    CHECK_UINT(bytes, 3 * 100 * sizeof(double));
    CHECK_UINT(H5Dget_storage_size(hid_of(lazy)), 3 * 100 * sizeof(double));
    h5x_close(lazy);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

static void test_creation_properties(void)
{
    harness_case("dataset creation properties: h5x queries equal H5Pget_* on H5Dget_create_plist");
    char path[4200];
    path_of("dcpl.h5", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){40, 10});
    h5x_shape maxshape = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, 10});
    h5x_shape chunks = h5x_shape_of(2, (uint64_t[]){8, 5});
    int32_t fill = -7;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &maxshape;
    options.chunks = &chunks;
    options.fillvalue = &fill;
    options.filters = "shuffle,gzip:6,fletcher32";
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_dataset_create(file, "packed", H5X_I32, &shape, &options));

    hid_t did = hid_of(dataset);
    hid_t dcpl = H5Dget_create_plist(did);
    REQUIRE(CHECK(dcpl >= 0));

    CHECK_INT(H5Pget_layout(dcpl), H5D_CHUNKED);
    hsize_t chunk_dims[2] = {0, 0};
    CHECK_INT(H5Pget_chunk(dcpl, 2, chunk_dims), 2);
    h5x_shape got;
    CHECK_OK(h5x_dataset_chunks(dataset, &got));
    CHECK_SHAPE(&got, 2, 8, 5);
    CHECK_UINT(chunk_dims[0], got.dims[0]);
    CHECK_UINT(chunk_dims[1], got.dims[1]);

    /* the filters in order, with the values libhdf5 stores */
    CHECK_INT(H5Pget_nfilters(dcpl), 3);
    const H5Z_filter_t expected_ids[3] = {H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE, H5Z_FILTER_FLETCHER32};
    for (unsigned i = 0; i < 3; i++) {
        unsigned flags = 0, values[8] = {0}, config = 0;
        size_t nvalues = 8;
        char name[64];
        H5Z_filter_t id = H5Pget_filter2(dcpl, i, &flags, &nvalues, values, sizeof name, name, &config);
        CHECK_INT(id, expected_ids[i]);
        if (id == H5Z_FILTER_DEFLATE) {
            CHECK_UINT(nvalues, 1);
            CHECK_UINT(values[0], 6);
        }
    }
    char *text = CHECK_PTR(h5x_dataset_filters(dataset));
    CHECK_STR(text, "shuffle,gzip:6,fletcher32");
    h5x_free(text);

    /* the fill value */
    H5D_fill_value_t defined = H5D_FILL_VALUE_UNDEFINED;
    CHECK(H5Pfill_value_defined(dcpl, &defined) >= 0);
    CHECK_INT(defined, H5D_FILL_VALUE_USER_DEFINED);
    int32_t stored_fill = 0, h5x_fill = 0;
    CHECK(H5Pget_fill_value(dcpl, H5T_NATIVE_INT32, &stored_fill) >= 0);
    CHECK_INT(stored_fill, -7);
    CHECK_INT(h5x_dataset_fillvalue(dataset, H5X_I32, &h5x_fill), 1);
    CHECK_INT(h5x_fill, stored_fill);
    H5Pclose(dcpl);

    /* maxshape: H5S_UNLIMITED is H5X_UNLIMITED */
    hid_t space = H5Dget_space(did);
    hsize_t dims[2], maxdims[2];
    CHECK_INT(H5Sget_simple_extent_dims(space, dims, maxdims), 2);
    H5Sclose(space);
    CHECK_OK(h5x_dataset_maxshape(dataset, &got));
    CHECK_SHAPE(&got, 2, (int64_t)H5X_UNLIMITED, 10);
    CHECK_INT(maxdims[0] == H5S_UNLIMITED, 1);
    CHECK_UINT(maxdims[1], got.dims[1]);
    CHECK_UINT(dims[0], 40);

    /* a contiguous dataset: no chunks, no filters */
    h5x_shape small = h5x_shape_of(1, (uint64_t[]){5});
    h5x_object *plain = CHECK_PTR(h5x_dataset_create(file, "plain", H5X_F32, &small, NULL));
    if (plain) {
        dcpl = H5Dget_create_plist(hid_of(plain));
        CHECK_INT(H5Pget_layout(dcpl), H5D_CONTIGUOUS);
        CHECK_INT(H5Pget_nfilters(dcpl), 0);
        H5Pclose(dcpl);
        CHECK_OK(h5x_dataset_chunks(plain, &got));
        CHECK_INT(got.rank, 0);
        char *none = CHECK_PTR(h5x_dataset_filters(plain));
        CHECK_STR(none, "");
        h5x_free(none);
        h5x_close(plain);
    }
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

static void test_mixed_levels(void)
{
    harness_case("data written with H5Dwrite is read by h5x, and the reverse");
    char path[4200];
    path_of("mixed.h5", path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){6});
    h5x_object *dataset;
    REQUIRE_PTR(dataset, h5x_dataset_create(file, "d", H5X_F64, &shape, NULL));
    const double low_level[6] = {0.5, 1.5, 2.5, -3.5, 4.25, 1e300};
    CHECK(H5Dwrite(hid_of(dataset), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, low_level) >= 0);
    double back[6] = {0};
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, back, sizeof back));
    CHECK_DOUBLES(back, low_level, 6);

    const double high_level[2] = {-1.0, -2.0};
    CHECK_OK(h5x_dataset_write_text(dataset, "1:5:3", H5X_F64, high_level, NULL));
    CHECK(H5Dread(hid_of(dataset), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0);
    const double expected[6] = {0.5, -1.0, 2.5, -3.5, -2.0, 1e300};
    CHECK_DOUBLES(back, expected, 6);

    /* an attribute made with H5A is one h5x lists */
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(hid_of(dataset), "from_h5a", H5T_STD_I16LE, space, H5P_DEFAULT, H5P_DEFAULT);
    short value = -300;
    CHECK(H5Awrite(attr, H5T_NATIVE_SHORT, &value) >= 0);
    H5Aclose(attr);
    H5Sclose(space);
    int64_t read_value = 0;
    CHECK_OK(h5x_attr_get(dataset, "from_h5a", H5X_I64, &read_value, sizeof read_value));
    CHECK_INT(read_value, -300);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));
}

/* --------------------------------------------------------------- libver */

typedef struct libver_case {
    const char *name;   /* h5py's spelling */
    h5x_libver low, high;
    H5F_libver_t hdf5_low, hdf5_high;
    unsigned superblock, object_header;
    int swmr_allowed;
} libver_case;

static const libver_case libver_cases[] = {
    {"default", H5X_LIBVER_DEFAULT, H5X_LIBVER_DEFAULT, H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST, 0, 1, 0},
    {"earliest", H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST, H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST, 0, 1, 0},
    {"('earliest', 'v108')", H5X_LIBVER_EARLIEST, H5X_LIBVER_V18, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18, 0, 1, 0},
    {"('earliest', 'v110')", H5X_LIBVER_EARLIEST, H5X_LIBVER_V110, H5F_LIBVER_EARLIEST, H5F_LIBVER_V110, 0, 1, 0},
    {"('earliest', 'latest')", H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST, H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST, 0, 1,
     0},
    {"v108", H5X_LIBVER_V18, H5X_LIBVER_LATEST, H5F_LIBVER_V18, H5F_LIBVER_LATEST, 2, 2, 0},
    {"('v108', 'v108')", H5X_LIBVER_V18, H5X_LIBVER_V18, H5F_LIBVER_V18, H5F_LIBVER_V18, 2, 2, 0},
    {"v110", H5X_LIBVER_V110, H5X_LIBVER_LATEST, H5F_LIBVER_V110, H5F_LIBVER_LATEST, 3, 2, 1},
    {"('v110', 'v110')", H5X_LIBVER_V110, H5X_LIBVER_V110, H5F_LIBVER_V110, H5F_LIBVER_V110, 3, 2, 1},
    {"v112", H5X_LIBVER_V112, H5X_LIBVER_LATEST, H5F_LIBVER_V112, H5F_LIBVER_LATEST, 3, 2, 1},
    {"v114", H5X_LIBVER_V114, H5X_LIBVER_LATEST, H5F_LIBVER_V114, H5F_LIBVER_LATEST, 3, 2, 1},
    {"latest", H5X_LIBVER_LATEST, H5X_LIBVER_LATEST, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST, 3, 2, 1},
};

static unsigned object_header_version(hid_t object)
{
    H5O_native_info_t info;
    memset(&info, 0, sizeof info);
    if (H5Oget_native_info(object, &info, H5O_NATIVE_INFO_HDR) < 0)
        return 0;
    return info.hdr.version;
}

static void check_libver_case(const libver_case *c, int index)
{
    char path[4200], stem[64];
    snprintf(stem, sizeof stem, "libver-%d.h5", index);
    path_of(stem, path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = c->low;
    options.libver_high = c->high;
    h5x_object *file = open_native(path, "w", &options);
    if (!CHECK_MSG(file != NULL, "libver=%s: %s", c->name, h5x_last_error()->message))
        return;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4}), maxshape = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
    dataset_options.maxshape = &maxshape;
    const int16_t values[4] = {1, 2, 3, 4};
    dataset_options.data = values;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "d", H5X_I16, &shape, &dataset_options));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));

    hid_t fid = hid_of(file);
    H5F_libver_t low = H5F_LIBVER_ERROR, high = H5F_LIBVER_ERROR;
    hid_t fapl = H5Fget_access_plist(fid);
    CHECK(H5Pget_libver_bounds(fapl, &low, &high) >= 0);
    H5Pclose(fapl);
    CHECK_MSG(low == c->hdf5_low && high == c->hdf5_high, "libver=%s: libhdf5 holds bounds (%d, %d), expected (%d, %d)",
              c->name, (int)low, (int)high, (int)c->hdf5_low, (int)c->hdf5_high);
    H5F_info2_t info;
    CHECK(H5Fget_info2(fid, &info) >= 0);
    CHECK_MSG(info.super.version == c->superblock, "libver=%s: superblock version %u, expected %u", c->name,
              info.super.version, c->superblock);
    if (dataset)
        CHECK_MSG(object_header_version(hid_of(dataset)) == c->object_header,
                  "libver=%s: dataset object header version %u, expected %u", c->name,
                  object_header_version(hid_of(dataset)), c->object_header);
    if (group)
        CHECK_MSG(object_header_version(hid_of(group)) == c->object_header,
                  "libver=%s: group object header version %u, expected %u", c->name,
                  object_header_version(hid_of(group)), c->object_header);
    h5x_close(group);

    /* SWMR writing needs the newer formats (a lower bound of v110 or later) */
    h5x_clear_error();
    int status = h5x_file_start_swmr(file);
    if (c->swmr_allowed) {
        CHECK_MSG(status == 0, "libver=%s: start_swmr gave %s: %s", c->name, harness_status_name(status),
                  h5x_last_error()->message);
        unsigned intent = 0;
        CHECK(H5Fget_intent(fid, &intent) >= 0);
        CHECK_MSG((intent & H5F_ACC_SWMR_WRITE) != 0, "libver=%s: intent 0x%x lacks SWMR_WRITE", c->name, intent);
        /* a SWMR writer still appends */
        if (dataset) {
            h5x_shape longer = h5x_shape_of(1, (uint64_t[]){6});
            const int16_t more[2] = {5, 6};
            CHECK_OK(h5x_dataset_resize(dataset, &longer));
            CHECK_OK(h5x_dataset_write_text(dataset, "4:", H5X_I16, more, NULL));
            CHECK_OK(h5x_dataset_flush(dataset));
        }
    } else {
        CHECK_MSG(status == H5X_ERR_INVALID_ARGUMENT, "libver=%s: start_swmr gave %s, expected H5X_ERR_INVALID_ARGUMENT",
                  c->name, harness_status_name(status));
        CHECK_MSG(strstr(h5x_last_error()->message, "latest") != NULL, "libver=%s: message \"%s\" does not say "
                  "that libver 'latest' is needed", c->name, h5x_last_error()->message);
    }
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));

    /* what was written reads back, whatever the format */
    file = open_native(path, "r", NULL);
    if (!CHECK_PTR(file))
        return;
    int16_t back[6] = {0};
    size_t n = c->swmr_allowed ? 6 : 4;
    h5x_object *again = CHECK_PTR(h5x_open(file, "d"));
    if (again) {
        CHECK_OK(h5x_dataset_read(again, NULL, H5X_I16, back, n * sizeof back[0]));
        for (size_t i = 0; i < n; i++)
            CHECK_INT(back[i], (int)i + 1);
        h5x_close(again);
    }
    CHECK_OK(h5x_close(file));
}

static void test_libver(void)
{
    harness_case("libver: superblock and object header versions of each pair of bounds");
    for (size_t i = 0; i < sizeof libver_cases / sizeof libver_cases[0]; i++)
        check_libver_case(&libver_cases[i], (int)i);
}

static void test_libver_refused(void)
{
    harness_case("libver: refused bounds create no file");
    const h5x_libver bad[][2] = {
        {H5X_LIBVER_LATEST, H5X_LIBVER_EARLIEST}, {H5X_LIBVER_V110, H5X_LIBVER_V18},
        {H5X_LIBVER_EARLIEST, H5X_LIBVER_EARLIEST}, {(h5x_libver)42, H5X_LIBVER_LATEST},
        {H5X_LIBVER_EARLIEST, (h5x_libver)-3},
    };
    char path[4200];
    path_of("libver-refused.h5", path, sizeof path);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = bad[i][0];
        options.libver_high = bad[i][1];
        CHECK_NULL_STATUS(open_native(path, "w", &options), H5X_ERR_INVALID_ARGUMENT);
        CHECK(access(path, F_OK) != 0);
    }
}

/* ----------------------------------------------------------- user block */

static void fill_pattern(unsigned char *bytes, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)((i * 31u + seed) & 0xff);
}

static int write_user_block(const char *path, const unsigned char *bytes, size_t n)
{
    FILE *stream = fopen(path, "r+b");
    if (!stream)
        return -1;
    size_t put = fwrite(bytes, 1, n, stream);
    return fclose(stream) == 0 && put == n ? 0 : -1;
}

static int read_user_block(const char *path, unsigned char *bytes, size_t n)
{
    FILE *stream = fopen(path, "rb");
    if (!stream)
        return -1;
    size_t got = fread(bytes, 1, n, stream);
    fclose(stream);
    return got == n ? 0 : -1;
}

static void check_userblock_size(uint64_t size)
{
    char path[4200], stem[64];
    snprintf(stem, sizeof stem, "userblock-%llu.h5", (unsigned long long)size);
    path_of(stem, path, sizeof path);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = size;
    h5x_object *file = open_native(path, "w", &options);
    if (!CHECK_MSG(file != NULL, "userblock %llu: %s", (unsigned long long)size, h5x_last_error()->message))
        return;
    uint64_t got = 0;
    CHECK_OK(h5x_file_userblock_size(file, &got));
    CHECK_UINT(got, size);
    hid_t fcpl = H5Fget_create_plist(hid_of(file));
    hsize_t hdf5_size = 0;
    CHECK(H5Pget_userblock(fcpl, &hdf5_size) >= 0);
    H5Pclose(fcpl);
    CHECK_UINT(hdf5_size, size);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){3});
    const int32_t values[3] = {7, 8, 9};
    h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
    dataset_options.data = values;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "d", H5X_I32, &shape, &dataset_options)));
    CHECK_OK(h5x_close(file));

    /* the HDF5 signature sits right after the block */
    unsigned char signature[8];
    FILE *stream = fopen(path, "rb");
    CHECK(stream && fseek(stream, (long)size, SEEK_SET) == 0 && fread(signature, 1, 8, stream) == 8);
    if (stream)
        fclose(stream);
    CHECK(memcmp(signature, "\211HDF\r\n\032\n", 8) == 0);

    /* after close the block is the application's */
    unsigned char *mine = malloc(size), *back = malloc(size);
    REQUIRE(CHECK(mine && back));
    fill_pattern(mine, size, (unsigned)size);
    CHECK_INT(write_user_block(path, mine, size), 0);

    file = CHECK_PTR(open_native(path, "r", NULL));
    if (file) {
        CHECK_OK(h5x_file_userblock_size(file, &got));
        CHECK_UINT(got, size);
        int32_t read_values[3] = {0};
        h5x_object *dataset = CHECK_PTR(h5x_open(file, "d"));
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, read_values, sizeof read_values));
        for (int i = 0; i < 3; i++)
            CHECK_INT(read_values[i], values[i]);
        h5x_close(dataset);
        CHECK_OK(h5x_close(file));
    }
    /* writing through h5x (mode a with the same size) leaves the block alone */
    file = CHECK_PTR(open_native(path, "a", &options));
    if (file) {
        int32_t attribute = 5;
        CHECK_OK(h5x_attr_set(file, "added", H5X_I32, NULL, &attribute));
        CHECK_OK(h5x_close(file));
    }
    CHECK_INT(read_user_block(path, back, size), 0);
    CHECK_BYTES(back, mine, size);
    /* a different size for an existing file is an error */
    h5x_file_options other = H5X_FILE_OPTIONS_INIT;
    other.userblock_size = size * 2;
    CHECK_NULL_STATUS(open_native(path, "a", &other), H5X_ERR_INVALID_ARGUMENT);
    CHECK_INT(read_user_block(path, back, size), 0);
    CHECK_BYTES(back, mine, size);
    free(mine);
    free(back);
}

static void test_userblock(void)
{
    harness_case("user block: 512, 1024 and 4096 bytes, written after close");
    check_userblock_size(512);
    check_userblock_size(1024);
    check_userblock_size(4096);
}

static void test_userblock_refused(void)
{
    harness_case("user block: sizes that are not a power of two of at least 512, and reading modes");
    char path[4200];
    path_of("userblock-refused.h5", path, sizeof path);
    const uint64_t bad[] = {1, 100, 256, 511, 513, 1000, 3000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.userblock_size = bad[i];
        CHECK_NULL_STATUS(open_native(path, "w", &options), H5X_ERR_INVALID_ARGUMENT);
        CHECK(strstr(h5x_last_error()->message, "power of two") != NULL);
        CHECK(access(path, F_OK) != 0);
    }
    /* 0 is h5py's default: no block */
    h5x_file_options none = H5X_FILE_OPTIONS_INIT;
    none.userblock_size = 0;
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", &none));
    uint64_t size = 1;
    CHECK_OK(h5x_file_userblock_size(file, &size));
    CHECK_UINT(size, 0);
    CHECK_OK(h5x_close(file));
    h5x_file_options some = H5X_FILE_OPTIONS_INIT;
    some.userblock_size = 512;
    CHECK_NULL_STATUS(open_native(path, "r", &some), H5X_ERR_INVALID_ARGUMENT);
    CHECK_NULL_STATUS(open_native(path, "r+", &some), H5X_ERR_INVALID_ARGUMENT);
}

/* -------------------------------------------------------------- closing */

static void test_file_closed_with_last_object(void)
{
    harness_case("closing: libhdf5 closes the file with the last h5x object");
    char path[4200];
    path_of("closing.h5", path, sizeof path);
    CHECK_INT(open_file_count(), 0);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){2});
    const int64_t values[2] = {11, 12};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "d", H5X_I64, &shape, &options));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "g", NULL));
    REQUIRE(dataset && group);
    hid_t fid = hid_of(file);
    /* the file, its root group (the file handle), the dataset and the group */
    CHECK_INT(H5Fget_obj_count(fid, H5F_OBJ_ALL), 4);
    CHECK_INT(open_file_count(), 1);

    CHECK_OK(h5x_close(file));
    CHECK_INT(open_file_count(), 1);
    hid_t did = hid_of(dataset);
    hid_t still_open = H5Iget_file_id(did);
    CHECK(still_open >= 0);
    CHECK_INT(H5Fget_obj_count(still_open, H5F_OBJ_DATASET | H5F_OBJ_GROUP), 2);
    H5Fclose(still_open);
    int64_t back[2] = {0};
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, back, sizeof back));
    CHECK_INTS(back, values, 2);

    /* while the file is open libhdf5 refuses to truncate it */
    h5x_clear_error();
    h5x_object *truncated = open_native(path, "w", NULL);
    CHECK_MSG(truncated == NULL, "truncating a file that is still open succeeded");
    h5x_close(truncated);
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I64, back, sizeof back));
    CHECK_INTS(back, values, 2);

    CHECK_OK(h5x_close(dataset));
    CHECK_INT(open_file_count(), 1);
    CHECK_OK(h5x_close(group));
    CHECK_INT(open_file_count(), 0);
    CHECK_INT(H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL), 0);

    /* every handle is gone: each is refused, and the file reopens */
    CHECK_STATUS(h5x_native_handle(file, &(int64_t){0}), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_dataset_read(dataset, NULL, H5X_I64, back, sizeof back), H5X_ERR_BAD_HANDLE);
    CHECK_STATUS(h5x_group_length(group), H5X_ERR_BAD_HANDLE);
    file = CHECK_PTR(open_native(path, "r", NULL));
    memset(back, 0, sizeof back);
    if (file) {
        h5x_object *again = CHECK_PTR(h5x_open(file, "d"));
        CHECK_OK(h5x_dataset_read(again, NULL, H5X_I64, back, sizeof back));
        CHECK_INTS(back, values, 2);
        h5x_close(again);
        CHECK_OK(h5x_close(file));
    }
    CHECK_INT(open_file_count(), 0);
    /* and now truncation is allowed */
    file = CHECK_PTR(open_native(path, "w", NULL));
    CHECK_INT(h5x_group_length(file), 0);
    h5x_close(file);
}

static void test_two_handles_one_file(void)
{
    harness_case("closing: two h5x opens of one file share it in libhdf5");
    char path[4200];
    path_of("shared.h5", path, sizeof path);
    h5x_object *writer;
    REQUIRE_PTR(writer, open_native(path, "w", NULL));
    int32_t one = 1;
    CHECK_OK(h5x_attr_set(writer, "one", H5X_I32, NULL, &one));
    CHECK_OK(h5x_file_flush(writer));
    h5x_object *second = CHECK_PTR(open_native(path, "r+", NULL));
    if (second) {
        /* two file ids on one shared file */
        CHECK_INT(open_file_count(), 2);
        unsigned long first_number = 0, second_number = 1;
        CHECK(H5Fget_fileno(hid_of(writer), &first_number) >= 0);
        CHECK(H5Fget_fileno(hid_of(second), &second_number) >= 0);
        CHECK_UINT(first_number, second_number);
        int32_t got = 0;
        CHECK_OK(h5x_attr_get(second, "one", H5X_I32, &got, sizeof got));
        CHECK_INT(got, 1);
        CHECK_OK(h5x_close(writer));
        CHECK_INT(open_file_count(), 1);
        CHECK_OK(h5x_attr_get(second, "one", H5X_I32, &got, sizeof got));
        CHECK_OK(h5x_close(second));
    } else {
        h5x_close(writer);
    }
    CHECK_INT(open_file_count(), 0);
}

/* libhdf5 files can mark a one-byte integer big-endian (H5T_STD_I8BE); h5x
 * calls the order of single bytes none (NumPy's '|'), yet must write such a
 * type back as it was read, for stock tools and the VOL's H5Dget_type. */
static void test_single_byte_order(void)
{
    harness_case("native handles: a big-endian single byte stays big-endian");
    char path[4200];
    path_of("single-byte.h5", path, sizeof path);
    hid_t fid = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(CHECK(fid >= 0));
    hsize_t count = 4;
    hid_t space = H5Screate_simple(1, &count, NULL);
    hid_t written = H5Dcreate2(fid, "i1be", H5T_STD_I8BE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const int8_t values[4] = {-128, -1, 7, 127};
    CHECK(H5Dwrite(written, H5T_NATIVE_SCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0);
    H5Dclose(written);
    H5Sclose(space);
    H5Fclose(fid);

    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "r+", NULL));
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "i1be"));
    h5x_dtype *stored = dataset ? CHECK_PTR(h5x_dataset_dtype(dataset)) : NULL;
    if (stored) {
        CHECK_INT(h5x_dtype_order(stored), H5X_ORDER_BIG);
        CHECK_INT(h5x_dtype_equal(stored, H5X_I8), 1);
        int8_t back[4] = {0};
        CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I8, back, sizeof back));
        CHECK(memcmp(back, values, sizeof back) == 0);
        /* the type read is written back big-endian, h5x's default little */
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
        h5x_close(CHECK_PTR(h5x_dataset_create(file, "copy", stored, &shape, NULL)));
        h5x_close(CHECK_PTR(h5x_dataset_create(file, "default", H5X_I8, &shape, NULL)));
    }
    h5x_close(stored);
    h5x_close(dataset);
    CHECK_OK(h5x_close(file));

    fid = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(CHECK(fid >= 0));
    const struct {
        const char *name;
        hid_t expected;
    } stored_as[] = {{"copy", H5T_STD_I8BE}, {"default", H5T_STD_I8LE}};
    for (size_t i = 0; i < sizeof stored_as / sizeof stored_as[0]; i++) {
        hid_t dset = H5Dopen2(fid, stored_as[i].name, H5P_DEFAULT);
        hid_t type = dset >= 0 ? H5Dget_type(dset) : H5I_INVALID_HID;
        CHECK_MSG(type >= 0 && H5Tequal(type, stored_as[i].expected) > 0, "type of %s", stored_as[i].name);
        if (type >= 0)
            H5Tclose(type);
        if (dset >= 0)
            H5Dclose(dset);
    }
    H5Fclose(fid);
}

/* ------------------------------------------------------------ file names */

static int directory_has(const char *name)
{
    DIR *dir = opendir(native_test_directory);
    if (!dir)
        return 0;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(dir)) != NULL)
        found = strcmp(entry->d_name, name) == 0;
    closedir(dir);
    return found;
}

static void test_utf8_name(void)
{
    harness_case("file names: UTF-8 names round trip");
    const char *name = "d\xc3\xa4t\xc3\xa4-\xc3\x9f-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x93\x88.h5"; /* dätä-ß-日本-📈 */
    char path[4200];
    path_of(name, path, sizeof path);
    h5x_object *file;
    REQUIRE_PTR(file, open_native(path, "w", NULL));
    char *got = CHECK_PTR(h5x_file_name(file));
    CHECK_STR(got, path);
    h5x_free(got);
    char hdf5_name[4300] = "";
    CHECK(H5Fget_name(hid_of(file), hdf5_name, sizeof hdf5_name) > 0);
    CHECK_STR(hdf5_name, path);
    int32_t mark = 42;
    CHECK_OK(h5x_attr_set(file, "mark", H5X_I32, NULL, &mark));
    CHECK_OK(h5x_close(file));
    CHECK(directory_has(name));
    REQUIRE_PTR(file, open_native(path, "r", NULL));
    int32_t back = 0;
    CHECK_OK(h5x_attr_get(file, "mark", H5X_I32, &back, sizeof back));
    CHECK_INT(back, 42);
    got = CHECK_PTR(h5x_file_name(file));
    CHECK_STR(got, path);
    h5x_free(got);
    CHECK_OK(h5x_close(file));
}

static void test_relative_name(void)
{
    harness_case("file names: a relative name is reported as given");
    char previous[4096];
    REQUIRE(CHECK(getcwd(previous, sizeof previous) != NULL));
    REQUIRE(CHECK(chdir(native_test_directory) == 0));
    h5x_object *file = CHECK_PTR(h5x_file_open("relative.h5", "w", NULL));
    if (file) {
        char *got = CHECK_PTR(h5x_file_name(file));
        CHECK_STR(got, "relative.h5");
        h5x_free(got);
        char hdf5_name[256] = "";
        CHECK(H5Fget_name(hid_of(file), hdf5_name, sizeof hdf5_name) > 0);
        CHECK_STR(hdf5_name, "relative.h5");
        h5x_close(file);
    }
    CHECK(chdir(previous) == 0);
    char path[4200];
    path_of("relative.h5", path, sizeof path);
    CHECK(access(path, F_OK) == 0);
}

int main(int argc, char **argv)
{
    if (native_test_start(argc, argv) != 0)
        return 2;

    harness_section("native handles");
    test_handle_kinds();
    test_not_native();
    test_storage_size();
    test_creation_properties();
    test_mixed_levels();
    test_single_byte_order();
    harness_section("libver");
    test_libver();
    test_libver_refused();
    harness_section("user block");
    test_userblock();
    test_userblock_refused();
    harness_section("closing");
    test_file_closed_with_last_object();
    test_two_handles_one_file();
    harness_section("file names");
    test_utf8_name();
    test_relative_name();
    return harness_finish();
}
