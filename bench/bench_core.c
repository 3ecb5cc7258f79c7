/*
 * bench_core.c — the in-memory core connector against libhdf5's own core
 * driver, and against memcpy.
 *
 * libhdf5's core driver (H5Pset_fapl_core, here without a backing store
 * and with the latest file format, its fastest settings) keeps an HDF5
 * file image in memory: every group and attribute is still encoded into
 * object headers, B-trees and heaps, only the disk is gone.  The core
 * connector keeps a tree of C structs instead (hash tables of links and
 * attributes, one buffer per dataset), so metadata should be far cheaper:
 * the targets are 100 000 group creations and 10 000 attribute writes at
 * least 20 times faster (a ratio of at most 0.05).  Bulk data is one
 * buffer, so 512 MiB written or read whole should move at memcpy's speed:
 * the target is at least 0.8 of the bandwidth of memcpy measured in the
 * same run on the same buffers (a time ratio of at most 1.25).
 *
 * Each side builds and closes its own file per run; both must hold what
 * they were asked to (every group, every attribute's value, every byte),
 * checked outside the timed part.  Nothing here touches the disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "bench_common.h"
#include "bench_util.h"
#include "h5x.h"

#define GROUP_COUNT 100000
#define ATTRIBUTE_COUNT 10000
#define NAME_SIZE 16
#define TARGET_METADATA 0.05
#define TARGET_BANDWIDTH 1.25 /* 1 / 0.8 */

#define NAME_GROUPS "create 100k groups (vs core driver)"
#define NAME_ATTRIBUTES "write 10k scalar f8 attributes (vs core driver)"
#define NAME_WRITE "write 512 MiB contiguous f8 (vs memcpy)"
#define NAME_READ "read 512 MiB contiguous f8 (vs memcpy)"

static const char PROGRAM[] = "bench-core";

typedef struct names_context {
    int count;
    char (*names)[NAME_SIZE];
    double *values;
} names_context;

static names_context make_names(const char *prefix, int count)
{
    names_context c = {count, malloc((size_t)count * NAME_SIZE), malloc((size_t)count * sizeof(double))};
    if (!c.names || !c.values)
        bench_die("out of memory");
    for (int i = 0; i < count; i++) {
        snprintf(c.names[i], NAME_SIZE, "%s%06d", prefix, i);
        c.values[i] = i * 0.5;
    }
    return c;
}

static double failed(const char *step)
{
    return bench_h5x_failed(PROGRAM, step, "an in-memory file");
}

static double hdf5_failed(const char *step)
{
    fprintf(stderr, "%s: libhdf5 %s failed\n", PROGRAM, step);
    H5Eprint2(H5E_DEFAULT, stderr);
    return -1.0;
}

/* libhdf5's core driver, no backing store, latest format. */
static hid_t core_driver_file(const char *name)
{
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access < 0 || H5Pset_fapl_core(access, 64 << 20, 0) < 0 ||
        H5Pset_libver_bounds(access, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST) < 0)
        return -1;
    hid_t file = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, access);
    H5Pclose(access);
    return file;
}

/* -------------------------------------------------------------- groups */

static double groups_h5x(void *context)
{
    names_context *groups = context;
    double start = bench_now();
    h5x_object *file = h5x_file_open("core:groups.h5", "w", NULL);
    if (!file)
        return failed("file_open");
    for (int i = 0; i < groups->count; i++) {
        h5x_object *group = h5x_group_create(file, groups->names[i], NULL);
        if (!group) {
            h5x_close(file);
            return failed("group_create");
        }
        h5x_close(group);
    }
    double elapsed = bench_now() - start;
    int64_t length = h5x_group_length(file);
    h5x_close(file);
    if (length != groups->count) {
        fprintf(stderr, "%s: the in-memory file holds %lld groups, not %d\n", PROGRAM, (long long)length,
                groups->count);
        return -1.0;
    }
    return elapsed;
}

static double groups_reference(void *context)
{
    names_context *groups = context;
    double start = bench_now();
    hid_t file = core_driver_file("groups-core-driver.h5");
    if (file < 0)
        return hdf5_failed("H5Fcreate (core driver)");
    for (int i = 0; i < groups->count; i++) {
        hid_t group = H5Gcreate2(file, groups->names[i], H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (group < 0) {
            H5Fclose(file);
            return hdf5_failed("H5Gcreate2");
        }
        H5Gclose(group);
    }
    double elapsed = bench_now() - start;
    H5G_info_t info;
    herr_t status = H5Gget_info(file, &info);
    H5Fclose(file);
    if (status < 0 || info.nlinks != (hsize_t)groups->count)
        return hdf5_failed("counting the groups");
    return elapsed;
}

/* ---------------------------------------------------------- attributes */

static double attributes_h5x(void *context)
{
    names_context *attributes = context;
    double start = bench_now();
    h5x_object *file = h5x_file_open("core:attributes.h5", "w", NULL);
    h5x_object *group = file ? h5x_group_create(file, "g", NULL) : NULL;
    if (!group) {
        h5x_close(file);
        return failed("file_open or group_create");
    }
    for (int i = 0; i < attributes->count; i++)
        if (h5x_attr_set(group, attributes->names[i], H5X_F64, NULL, &attributes->values[i]) < 0) {
            h5x_close(group);
            h5x_close(file);
            return failed("attr_set");
        }
    double elapsed = bench_now() - start;
    double last = -1;
    int rc = h5x_attr_get(group, attributes->names[attributes->count - 1], H5X_F64, &last, sizeof last);
    int64_t count = h5x_attr_count(group);
    h5x_close(group);
    h5x_close(file);
    if (rc < 0 || count != attributes->count || last != attributes->values[attributes->count - 1]) {
        fprintf(stderr, "%s: the in-memory file does not hold every attribute written\n", PROGRAM);
        return -1.0;
    }
    return elapsed;
}

static double attributes_reference(void *context)
{
    names_context *attributes = context;
    double start = bench_now();
    hid_t file = core_driver_file("attributes-core-driver.h5");
    hid_t group = file >= 0 ? H5Gcreate2(file, "g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    hid_t scalar = H5Screate(H5S_SCALAR);
    if (group < 0 || scalar < 0)
        return hdf5_failed("file, group or dataspace creation");
    for (int i = 0; i < attributes->count; i++) {
        hid_t attribute = H5Acreate2(group, attributes->names[i], H5T_IEEE_F64LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
        if (attribute < 0 || H5Awrite(attribute, H5T_NATIVE_DOUBLE, &attributes->values[i]) < 0) {
            H5Fclose(file);
            return hdf5_failed("attribute write");
        }
        H5Aclose(attribute);
    }
    double elapsed = bench_now() - start;
    H5O_info2_t info;
    herr_t status = H5Oget_info3(group, &info, H5O_INFO_NUM_ATTRS);
    H5Sclose(scalar);
    H5Gclose(group);
    H5Fclose(file);
    if (status < 0 || info.num_attrs != (hsize_t)attributes->count)
        return hdf5_failed("counting the attributes");
    return elapsed;
}

/* ---------------------------------------------------------------- bulk */

/* The whole buffer written into a new in-memory dataset, then the file
 * closed; the time of the write alone (the dataset's memory is allocated
 * and filled by it, as a write into a new file's dataset does). */
static double write_h5x(void *context)
{
    bench_bulk_buffers *bulk = context;
    h5x_object *file = h5x_file_open("core:bulk-write.h5", "w", NULL);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){BENCH_BULK_ELEMENTS});
    h5x_object *dataset = file ? h5x_dataset_create(file, "data", H5X_F64, &shape, NULL) : NULL;
    if (!dataset) {
        h5x_close(file);
        return failed("file_open or dataset_create");
    }
    double start = bench_now();
    int rc = h5x_dataset_write(dataset, NULL, H5X_F64, bulk->data, NULL);
    double elapsed = bench_now() - start;
    double probe[2] = {0, 0};
    if (rc >= 0)
        rc = h5x_dataset_read_text(dataset, "-2:", H5X_F64, probe, sizeof probe);
    h5x_close(dataset);
    h5x_close(file);
    if (rc < 0)
        return failed("dataset_write");
    if (memcmp(probe, bulk->data + BENCH_BULK_ELEMENTS - 2, sizeof probe) != 0) {
        fprintf(stderr, "%s: the dataset does not hold what was written\n", PROGRAM);
        return -1.0;
    }
    return elapsed;
}

/* memcpy into memory of its own, fresh as a new dataset's is: the
 * bandwidth a write into memory can reach. */
static double write_memcpy(void *context)
{
    bench_bulk_buffers *bulk = context;
    double start = bench_now();
    double *copy = malloc(BENCH_BULK_BYTES);
    if (!copy)
        bench_die("out of memory");
    memcpy(copy, bulk->data, BENCH_BULK_BYTES);
    double elapsed = bench_now() - start;
    int same = copy[BENCH_BULK_ELEMENTS - 1] == bulk->data[BENCH_BULK_ELEMENTS - 1];
    free(copy);
    return same ? elapsed : -1.0;
}

typedef struct read_context {
    bench_bulk_buffers *bulk;
    h5x_object *dataset; /* the in-memory dataset holding bulk->data */
} read_context;

static double read_h5x(void *context)
{
    read_context *rc = context;
    memset(rc->bulk->readback, 0, sizeof(double));
    double start = bench_now();
    int status = h5x_dataset_read(rc->dataset, NULL, H5X_F64, rc->bulk->readback, BENCH_BULK_BYTES);
    double elapsed = bench_now() - start;
    if (status < 0)
        return failed("dataset_read");
    if (memcmp(rc->bulk->readback, rc->bulk->data, BENCH_BULK_BYTES) != 0) {
        fprintf(stderr, "%s: the read returned other data than was written\n", PROGRAM);
        return -1.0;
    }
    return elapsed;
}

/* memcpy into the same (already touched) buffer the reads fill. */
static double read_memcpy(void *context)
{
    read_context *rc = context;
    double start = bench_now();
    memcpy(rc->bulk->readback, rc->bulk->data, BENCH_BULK_BYTES);
    double elapsed = bench_now() - start;
    return rc->bulk->readback[7] == rc->bulk->data[7] ? elapsed : -1.0;
}

int main(int argc, char **argv)
{
    bench_enter_scratch(argc, argv);
    unsigned major, minor, release;
    if (H5get_libversion(&major, &minor, &release) < 0)
        bench_die("cannot initialise libhdf5");
    char title[320];
    snprintf(title, sizeof title,
             "h5x %s on the core connector (in memory) against libhdf5 %u.%u.%u's core driver\n"
             "(H5Pset_fapl_core, no backing store, latest format) and against memcpy\n"
             "(ratio = h5x / reference time, median of alternating runs; spread = range of per-pair ratios)",
             H5X_VERSION_STRING, major, minor, release);
    bench_table table;
    bench_table_begin_labelled(&table, title, "h5x core", "reference");

    if (bench_selected(NAME_GROUPS)) {
        names_context groups = make_names("group", GROUP_COUNT);
        bench_case c = {.name = NAME_GROUPS, .target = TARGET_METADATA, .repeats = bench_repeats(5),
                        .warmups = 1, .operations = GROUP_COUNT, .h5x = groups_h5x,
                        .reference = groups_reference, .context = &groups};
        bench_compare(&table, &c, NULL);
        free(groups.names);
        free(groups.values);
    }
    if (bench_selected(NAME_ATTRIBUTES)) {
        names_context attributes = make_names("attr", ATTRIBUTE_COUNT);
        bench_case c = {.name = NAME_ATTRIBUTES, .target = TARGET_METADATA, .repeats = bench_repeats(7),
                        .warmups = 1, .operations = ATTRIBUTE_COUNT, .h5x = attributes_h5x,
                        .reference = attributes_reference, .context = &attributes};
        bench_compare(&table, &c, NULL);
        free(attributes.names);
        free(attributes.values);
    }
    bench_bulk_buffers bulk = bench_bulk_alloc();
    if (bench_selected(NAME_WRITE)) {
        bench_case c = {.name = NAME_WRITE, .target = TARGET_BANDWIDTH, .repeats = bench_repeats(9),
                        .warmups = 1, .bytes = BENCH_BULK_BYTES, .h5x = write_h5x,
                        .reference = write_memcpy, .context = &bulk};
        bench_compare(&table, &c, NULL);
    }
    if (bench_selected(NAME_READ)) {
        h5x_object *file = h5x_file_open("core:bulk-read.h5", "w", NULL);
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){BENCH_BULK_ELEMENTS});
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.data = bulk.data;
        h5x_object *dataset = file ? h5x_dataset_create(file, "data", H5X_F64, &shape, &options) : NULL;
        if (!dataset)
            bench_die("cannot prepare the in-memory dataset to read: %s", h5x_last_error()->message);
        read_context rc = {&bulk, dataset};
        bench_case c = {.name = NAME_READ, .target = TARGET_BANDWIDTH, .repeats = bench_repeats(9),
                        .warmups = 1, .bytes = BENCH_BULK_BYTES, .h5x = read_h5x,
                        .reference = read_memcpy, .context = &rc};
        bench_compare(&table, &c, NULL);
        h5x_close(dataset);
        h5x_close(file);
    }
    bench_table_note(&table, "bulk rows: memcpy of the same 512 MiB in the same run; a write's memcpy goes to "
                             "fresh memory, as a new dataset's write does");
    bench_bulk_free(&bulk);
    return bench_table_end(&table);
}
