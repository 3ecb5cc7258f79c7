/*
 * bench_native.c — what h5x costs over libhdf5 itself.
 *
 * The native connector turns every h5x call into libhdf5 calls, so an
 * application that uses h5x instead of the HDF5 C API pays for the layers
 * in between: handle registration, the lock, option parsing, selection
 * resolution, dtype translation, the connector vtable.  This program
 * measures that price on the workloads where it would show: bulk I/O,
 * where the layers must vanish behind the bytes moved; tiny hyperslab
 * reads, where per-call overhead weighs most; and metadata (groups,
 * attributes), where each call does little work in libhdf5 too.
 *
 * Every workload is written twice: once through h5x's public API on the
 * "native:" connector, once directly against libhdf5, as a careful C
 * programmer would (dataspaces made once and reused, no needless property
 * lists, the same file format settings as the h5x side).  Both sides work
 * on the same data, with the same file settings, and each run's result is
 * checked so that a side cannot win by doing less.
 *
 * What a row reports (bench_util.h has the reasons): pairs of runs, one of
 * each side back to back, alternating which goes first, after one
 * unmeasured warm-up pair; the ratio is the median of the per-pair ratios
 * h5x / reference, shown with both sides' median times, the range of the
 * pair ratios ("spread") and a 95 % confidence interval of the median
 * ratio.  The metadata rows, whose runs last milliseconds to a second and
 * are the most easily disturbed on a shared two-CPU machine, run more
 * pairs than the bulk rows.
 *
 * Files go to the current directory, or to the directory given as the
 * only argument; run-bench points it at a scratch directory of the build
 * tree.  Nothing is dropped from the page cache: the numbers are those of
 * warm, cached files, where the library's own costs are most visible.
 * Every run that writes starts from the same state, outside its timed
 * part: no output file of this row exists (both sides' are removed, so a
 * run never shares the page cache with the other side's 512 MiB still
 * waiting to be written back), and sync() has written back every dirty
 * page of the machine, so that the kernel's writeback of earlier output,
 * ours or anyone's, does not land in one side's timed part.  The file's
 * close is inside the timed part on both sides, so both leave the same
 * dirty pages behind.  One disturbance remains that no preparation
 * removes: a virtual machine that hands freed memory back to its host
 * (free page reporting, as on the machine of RESULTS.md) makes a run whose
 * fresh page cache lands on such memory pay for faulting it back in — a
 * 512 MiB write then costs up to seven times its usual time, CPU time
 * included, on either side at random.  Those runs show in the spread; the
 * median of the pair ratios and its interval are what they leave alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "bench_common.h"
#include "bench_util.h"
#include "h5x.h"

#define BULK_BYTES BENCH_BULK_BYTES
#define BULK_ELEMENTS BENCH_BULK_ELEMENTS

#define SMALL_DATASET_ELEMENTS UINT64_C(10000000)
#define SMALL_READS 100000
#define SMALL_READ_LENGTH 10

#define GROUP_COUNT 100000
#define ATTRIBUTE_COUNT 10000
#define NAME_SIZE 16

/* Row labels; H5X_BENCH_ONLY=<part of a label> runs only matching rows. */
#define NAME_BULK_WRITE "write 512 MiB contiguous f8"
#define NAME_BULK_READ "read 512 MiB contiguous f8"
#define NAME_SMALL_BUILDER "100k reads of 10 i4, selection builder"
#define NAME_SMALL_TEXT "100k reads of 10 i4, text \"i:i+10\""
#define NAME_GROUPS "create 100k groups"
#define NAME_ATTRIBUTES "write 10k scalar f8 attributes (dense)"

#define TARGET_BULK 1.02
#define TARGET_SMALL_READS 1.10
#define TARGET_METADATA 1.05

/* ------------------------------------------------------------- failures */

/* Reports the last h5x error of a failed step; returns the failure time. */
static double h5x_failed(const char *step)
{
    const h5x_error_info *error = h5x_last_error();
    fprintf(stderr, "bench-native: h5x %s failed: %s (%s) [file %s, object %s, connector %s]\n", step,
            error->message, h5x_strerror(error->code), error->file_path, error->object_path, error->connector);
    return -1.0;
}

static double hdf5_failed(const char *step)
{
    fprintf(stderr, "bench-native: libhdf5 %s failed\n", step);
    H5Eprint2(H5E_DEFAULT, stderr);
    return -1.0;
}

static double check_failed(const char *format, const char *detail)
{
    fprintf(stderr, "bench-native: ");
    fprintf(stderr, format, detail);
    fputc('\n', stderr);
    return -1.0;
}

static void remove_file(const char *path)
{
    bench_remove(path);
}

/* Before a writing run (see the header): both sides' outputs removed, and
 * no dirty pages pending. */
static void fresh_outputs(const char *h5x_path, const char *reference_path)
{
    bench_remove(h5x_path);
    bench_fresh_output(reference_path);
}

/* The h5x URI of a file in the scratch directory. */
static void native_uri(char *out, size_t size, const char *path)
{
    snprintf(out, size, "native:%s", path);
}

/* ------------------------------------------------- 512 MiB contiguous I/O */

typedef struct bulk_context {
    double *data;     /* what is written, and what reads must return */
    double *readback; /* reads land here */
} bulk_context;

static const char BULK_READ_FILE[] = "bulk-read.h5";
static const char BULK_WRITE_H5X_FILE[] = "bulk-write-h5x.h5";
static const char BULK_WRITE_REFERENCE_FILE[] = "bulk-write-reference.h5";

/* libhdf5 writing one float64 dataset "data" of the whole buffer. */
static int hdf5_write_bulk(const char *path, const double *data)
{
    hsize_t dims[1] = {BULK_ELEMENTS};
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return -1;
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t dataset = space < 0 ? H5I_INVALID_HID
                              : H5Dcreate2(file, "data", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t status = dataset < 0 ? -1 : H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    if (dataset >= 0 && H5Dclose(dataset) < 0)
        status = -1;
    if (space >= 0)
        H5Sclose(space);
    if (H5Fclose(file) < 0)
        status = -1;
    return status < 0 || dataset < 0 ? -1 : 0;
}

/* libhdf5 reading dataset "data" whole. */
static int hdf5_read_bulk(const char *path, double *buffer)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return -1;
    hid_t dataset = H5Dopen2(file, "data", H5P_DEFAULT);
    herr_t status = dataset < 0 ? -1 : H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    if (dataset >= 0)
        H5Dclose(dataset);
    if (H5Fclose(file) < 0)
        status = -1;
    return status < 0 ? -1 : 0;
}

/* Each read starts from a zeroed buffer and must return every byte
 * written, so that a read that does nothing cannot pass. */
static double check_bulk_readback(const bulk_context *bulk, double elapsed, const char *side)
{
    if (memcmp(bulk->data, bulk->readback, BULK_BYTES) != 0)
        return check_failed("the %s bulk read returned other data than was written", side);
    return elapsed;
}

/* After a write run, untimed: libhdf5 reads the file back whole, and it
 * must hold every byte written (so what h5x writes is checked on every
 * run, and by the library h5py uses). */
static double check_bulk_file(bulk_context *bulk, const char *path, double elapsed, const char *side)
{
    memset(bulk->readback, 0, BULK_BYTES);
    if (hdf5_read_bulk(path, bulk->readback) < 0)
        return hdf5_failed("read back of a written bulk file");
    return check_bulk_readback(bulk, elapsed, side);
}

static double bulk_write_h5x(void *context)
{
    bulk_context *bulk = context;
    char uri[256];
    native_uri(uri, sizeof uri, BULK_WRITE_H5X_FILE);
    fresh_outputs(BULK_WRITE_H5X_FILE, BULK_WRITE_REFERENCE_FILE);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){BULK_ELEMENTS});

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    if (!file)
        return h5x_failed("file_open");
    h5x_object *dataset = h5x_dataset_create(file, "data", H5X_F64, &shape, NULL);
    if (!dataset) {
        h5x_close(file);
        return h5x_failed("dataset_create");
    }
    int status = h5x_dataset_write(dataset, NULL, NULL, bulk->data, NULL);
    if (status < 0) {
        h5x_failed("dataset_write");
        h5x_close(dataset);
        h5x_close(file);
        return -1.0;
    }
    if (h5x_close(dataset) < 0 || h5x_close(file) < 0)
        return h5x_failed("close");
    double elapsed = bench_now() - start;
    return check_bulk_file(bulk, BULK_WRITE_H5X_FILE, elapsed, "h5x");
}

static double bulk_write_reference(void *context)
{
    bulk_context *bulk = context;
    fresh_outputs(BULK_WRITE_H5X_FILE, BULK_WRITE_REFERENCE_FILE);

    double start = bench_now();
    if (hdf5_write_bulk(BULK_WRITE_REFERENCE_FILE, bulk->data) < 0)
        return hdf5_failed("bulk write");
    double elapsed = bench_now() - start;
    return check_bulk_file(bulk, BULK_WRITE_REFERENCE_FILE, elapsed, "reference");
}

static double bulk_read_h5x(void *context)
{
    bulk_context *bulk = context;
    char uri[256];
    native_uri(uri, sizeof uri, BULK_READ_FILE);
    memset(bulk->readback, 0, BULK_BYTES);

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "r", NULL);
    if (!file)
        return h5x_failed("file_open");
    h5x_object *dataset = h5x_open(file, "data");
    if (!dataset) {
        h5x_close(file);
        return h5x_failed("open");
    }
    int status = h5x_dataset_read(dataset, NULL, NULL, bulk->readback, BULK_BYTES);
    if (status < 0) {
        h5x_failed("dataset_read");
        h5x_close(dataset);
        h5x_close(file);
        return -1.0;
    }
    if (h5x_close(dataset) < 0 || h5x_close(file) < 0)
        return h5x_failed("close");
    return check_bulk_readback(bulk, bench_now() - start, "h5x");
}

static double bulk_read_reference(void *context)
{
    bulk_context *bulk = context;
    memset(bulk->readback, 0, BULK_BYTES);

    double start = bench_now();
    if (hdf5_read_bulk(BULK_READ_FILE, bulk->readback) < 0)
        return hdf5_failed("bulk read");
    return check_bulk_readback(bulk, bench_now() - start, "reference");
}

static void settle_file(const char *path)
{
    bench_settle(path);
}

static void bench_bulk(bench_table *table)
{
    if (!bench_selected(NAME_BULK_WRITE) && !bench_selected(NAME_BULK_READ))
        return;
    bulk_context bulk;
    bulk.data = malloc(BULK_BYTES);
    bulk.readback = malloc(BULK_BYTES);
    if (!bulk.data || !bulk.readback)
        bench_die("cannot allocate 2 x %" PRIu64 " bytes", BULK_BYTES);
    /* Filling both buffers also faults their pages in, which no run
     * should pay for. */
    for (uint64_t i = 0; i < BULK_ELEMENTS; i++)
        bulk.data[i] = (double)i * 0.25 - 1e6;
    memset(bulk.readback, 0, BULK_BYTES);

    if (hdf5_write_bulk(BULK_READ_FILE, bulk.data) < 0)
        bench_die("cannot prepare %s", BULK_READ_FILE);
    settle_file(BULK_READ_FILE);

    bench_case write_case = {
        .name = NAME_BULK_WRITE,
        .target = TARGET_BULK,
        .repeats = bench_repeats(31),
        .warmups = 1,
        .bytes = BULK_BYTES,
        .h5x = bulk_write_h5x,
        .reference = bulk_write_reference,
        .context = &bulk,
    };
    bench_compare(table, &write_case, NULL);
    remove_file(BULK_WRITE_H5X_FILE);
    remove_file(BULK_WRITE_REFERENCE_FILE);

    bench_case read_case = {
        .name = NAME_BULK_READ,
        .target = TARGET_BULK,
        .repeats = bench_repeats(15),
        .warmups = 1,
        .bytes = BULK_BYTES,
        .h5x = bulk_read_h5x,
        .reference = bulk_read_reference,
        .context = &bulk,
    };
    bench_compare(table, &read_case, NULL);
    remove_file(BULK_READ_FILE);

    free(bulk.data);
    free(bulk.readback);
}

/* ------------------------------------------------------ small hyperslabs */

typedef struct small_context {
    uint64_t *offsets;          /* SMALL_READS random starts, the same for both sides */
    int64_t expected_sum;       /* of every element every read returns */
    h5x_object *h5x_dataset;
    const h5x_dtype *h5x_int32; /* looked up once, as an application would */
    hid_t file;
    hid_t dataset;
    hid_t file_space;           /* reused: only the hyperslab changes per read */
    hid_t memory_space;
} small_context;

static const char SMALL_FILE[] = "small-reads.h5";

/* splitmix64: a tiny, well-mixed generator whose sequence depends only on
 * the seed, so every run reads the same offsets. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static double check_small_sum(const small_context *small, int64_t sum, double elapsed, const char *side)
{
    if (sum != small->expected_sum)
        return check_failed("the %s hyperslab reads returned other values than were written", side);
    return elapsed;
}

static double small_reads_h5x_builder(void *context)
{
    small_context *small = context;
    int32_t values[SMALL_READ_LENGTH];
    int64_t sum = 0;

    double start = bench_now();
    for (int i = 0; i < SMALL_READS; i++) {
        int64_t offset = (int64_t)small->offsets[i];
        h5x_selection *selection = h5x_selection_new();
        if (!selection)
            return h5x_failed("selection_new");
        if (h5x_selection_add_slice(selection, offset, offset + SMALL_READ_LENGTH, H5X_NONE) < 0 ||
            h5x_dataset_read(small->h5x_dataset, selection, small->h5x_int32, values, sizeof values) < 0) {
            h5x_failed("dataset_read");
            h5x_close(selection);
            return -1.0;
        }
        h5x_close(selection);
        for (int k = 0; k < SMALL_READ_LENGTH; k++)
            sum += values[k];
    }
    return check_small_sum(small, sum, bench_now() - start, "h5x");
}

static double small_reads_h5x_text(void *context)
{
    small_context *small = context;
    int32_t values[SMALL_READ_LENGTH];
    int64_t sum = 0;
    char text[64];

    double start = bench_now();
    for (int i = 0; i < SMALL_READS; i++) {
        uint64_t offset = small->offsets[i];
        snprintf(text, sizeof text, "%" PRIu64 ":%" PRIu64, offset, offset + SMALL_READ_LENGTH);
        if (h5x_dataset_read_text(small->h5x_dataset, text, small->h5x_int32, values, sizeof values) < 0)
            return h5x_failed("dataset_read_text");
        for (int k = 0; k < SMALL_READ_LENGTH; k++)
            sum += values[k];
    }
    return check_small_sum(small, sum, bench_now() - start, "h5x");
}

static double small_reads_reference(void *context)
{
    small_context *small = context;
    int32_t values[SMALL_READ_LENGTH];
    int64_t sum = 0;
    hsize_t count[1] = {SMALL_READ_LENGTH};

    double start = bench_now();
    for (int i = 0; i < SMALL_READS; i++) {
        hsize_t offset[1] = {small->offsets[i]};
        if (H5Sselect_hyperslab(small->file_space, H5S_SELECT_SET, offset, NULL, count, NULL) < 0 ||
            H5Dread(small->dataset, H5T_NATIVE_INT32, small->memory_space, small->file_space, H5P_DEFAULT, values) <
                0)
            return hdf5_failed("hyperslab read");
        for (int k = 0; k < SMALL_READ_LENGTH; k++)
            sum += values[k];
    }
    return check_small_sum(small, sum, bench_now() - start, "reference");
}

/* The input: int32 values equal to their index, so every read's values
 * are known. */
static void prepare_small_file(void)
{
    int32_t *values = malloc(SMALL_DATASET_ELEMENTS * sizeof *values);
    if (!values)
        bench_die("cannot allocate the small-reads dataset");
    for (uint64_t i = 0; i < SMALL_DATASET_ELEMENTS; i++)
        values[i] = (int32_t)i;
    hsize_t dims[1] = {SMALL_DATASET_ELEMENTS};
    hid_t file = H5Fcreate(SMALL_FILE, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t dataset = H5Dcreate2(file, "data", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0 || space < 0 || dataset < 0 ||
        H5Dwrite(dataset, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0 || H5Dclose(dataset) < 0 ||
        H5Sclose(space) < 0 || H5Fclose(file) < 0)
        bench_die("cannot prepare %s", SMALL_FILE);
    free(values);
    settle_file(SMALL_FILE);
}

static void bench_small_reads(bench_table *table)
{
    if (!bench_selected(NAME_SMALL_BUILDER) && !bench_selected(NAME_SMALL_TEXT))
        return;
    small_context small;
    memset(&small, 0, sizeof small);
    small.offsets = malloc(SMALL_READS * sizeof *small.offsets);
    if (!small.offsets)
        bench_die("cannot allocate the read offsets");
    uint64_t state = 20261121;
    for (int i = 0; i < SMALL_READS; i++) {
        small.offsets[i] = next_random(&state) % (SMALL_DATASET_ELEMENTS - SMALL_READ_LENGTH + 1);
        small.expected_sum += (int64_t)small.offsets[i] * SMALL_READ_LENGTH +
                              SMALL_READ_LENGTH * (SMALL_READ_LENGTH - 1) / 2;
    }
    prepare_small_file();

    /* Both sides keep their file and dataset open across runs: the rows
     * measure reads, not opens. */
    char uri[256];
    native_uri(uri, sizeof uri, SMALL_FILE);
    h5x_object *file = h5x_file_open(uri, "r", NULL);
    small.h5x_dataset = file ? h5x_open(file, "data") : NULL;
    small.h5x_int32 = H5X_I32;
    if (!small.h5x_dataset || !small.h5x_int32) {
        h5x_failed("open of the small-reads dataset");
        bench_die("cannot open %s through h5x", SMALL_FILE);
    }
    h5x_close(file);

    hsize_t count[1] = {SMALL_READ_LENGTH};
    small.file = H5Fopen(SMALL_FILE, H5F_ACC_RDONLY, H5P_DEFAULT);
    small.dataset = small.file < 0 ? H5I_INVALID_HID : H5Dopen2(small.file, "data", H5P_DEFAULT);
    small.file_space = small.dataset < 0 ? H5I_INVALID_HID : H5Dget_space(small.dataset);
    small.memory_space = H5Screate_simple(1, count, NULL);
    if (small.file_space < 0 || small.memory_space < 0)
        bench_die("cannot open %s through libhdf5", SMALL_FILE);

    bench_case builder_case = {
        .name = NAME_SMALL_BUILDER,
        .target = TARGET_SMALL_READS,
        .repeats = bench_repeats(9),
        .warmups = 1,
        .operations = SMALL_READS,
        .h5x = small_reads_h5x_builder,
        .reference = small_reads_reference,
        .context = &small,
    };
    bench_compare(table, &builder_case, NULL);

    bench_case text_case = builder_case;
    text_case.name = NAME_SMALL_TEXT;
    text_case.h5x = small_reads_h5x_text;
    bench_compare(table, &text_case, NULL);
    if (bench_selected(NAME_SMALL_BUILDER) || bench_selected(NAME_SMALL_TEXT))
        bench_table_note(table, "small reads: default file access on both sides, so each read refills libhdf5's "
                                "64 KiB sieve buffer from the page cache");

    h5x_close(small.h5x_dataset);
    H5Sclose(small.memory_space);
    H5Sclose(small.file_space);
    H5Dclose(small.dataset);
    H5Fclose(small.file);
    remove_file(SMALL_FILE);
    free(small.offsets);
}

/* --------------------------------------------------------------- groups */

typedef struct names_context {
    char (*names)[NAME_SIZE]; /* made before timing: both sides pass the same strings */
    double *values;           /* attributes: the value written under each name */
    int count;
    /* groups: how each side's last run stored the root group's links */
    H5G_storage_type_t h5x_storage;
    H5G_storage_type_t reference_storage;
} names_context;

static const char GROUPS_H5X_FILE[] = "groups-h5x.h5";
static const char GROUPS_REFERENCE_FILE[] = "groups-reference.h5";

/* Checks with libhdf5 that a file's root group holds exactly count links,
 * and reports how they are stored, so both sides can be seen to have built
 * the same structure. */
static int count_root_links(const char *path, hsize_t *links, H5G_storage_type_t *storage)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return -1;
    H5G_info_t info;
    herr_t status = H5Gget_info(file, &info);
    H5Fclose(file);
    if (status < 0)
        return -1;
    *links = info.nlinks;
    *storage = info.storage_type;
    return 0;
}

static double check_groups(const names_context *groups, const char *path, double elapsed,
                           H5G_storage_type_t *storage)
{
    hsize_t links = 0;
    if (count_root_links(path, &links, storage) < 0 || links != (hsize_t)groups->count)
        return check_failed("%s does not hold every group created", path);
    return elapsed;
}

static double groups_h5x(void *context)
{
    names_context *groups = context;
    char uri[256];
    native_uri(uri, sizeof uri, GROUPS_H5X_FILE);
    fresh_outputs(GROUPS_H5X_FILE, GROUPS_REFERENCE_FILE);

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    if (!file)
        return h5x_failed("file_open");
    for (int i = 0; i < groups->count; i++) {
        h5x_object *group = h5x_group_create(file, groups->names[i], NULL);
        if (!group) {
            h5x_failed("group_create");
            h5x_close(file);
            return -1.0;
        }
        h5x_close(group);
    }
    if (h5x_close(file) < 0)
        return h5x_failed("close");
    double elapsed = bench_now() - start;
    return check_groups(groups, GROUPS_H5X_FILE, elapsed, &groups->h5x_storage);
}

static double groups_reference(void *context)
{
    names_context *groups = context;
    fresh_outputs(GROUPS_H5X_FILE, GROUPS_REFERENCE_FILE);

    double start = bench_now();
    hid_t file = H5Fcreate(GROUPS_REFERENCE_FILE, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return hdf5_failed("H5Fcreate");
    for (int i = 0; i < groups->count; i++) {
        hid_t group = H5Gcreate2(file, groups->names[i], H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (group < 0) {
            H5Fclose(file);
            return hdf5_failed("H5Gcreate2");
        }
        H5Gclose(group);
    }
    if (H5Fclose(file) < 0)
        return hdf5_failed("H5Fclose");
    double elapsed = bench_now() - start;
    return check_groups(groups, GROUPS_REFERENCE_FILE, elapsed, &groups->reference_storage);
}

static names_context make_names(const char *prefix, int count)
{
    names_context names;
    memset(&names, 0, sizeof names);
    names.count = count;
    names.names = malloc((size_t)count * sizeof *names.names);
    names.values = malloc((size_t)count * sizeof *names.values);
    if (!names.names || !names.values)
        bench_die("cannot allocate %d names", count);
    for (int i = 0; i < count; i++) {
        snprintf(names.names[i], NAME_SIZE, "%s%06d", prefix, i);
        names.values[i] = (double)i * 1.5 + 0.125;
    }
    return names;
}

static void free_names(names_context *names)
{
    free(names->names);
    free(names->values);
}

static const char *storage_name(H5G_storage_type_t storage)
{
    switch (storage) {
    case H5G_STORAGE_TYPE_SYMBOL_TABLE:
        return "symbol table (libver earliest)";
    case H5G_STORAGE_TYPE_COMPACT:
        return "compact links";
    case H5G_STORAGE_TYPE_DENSE:
        return "dense links";
    default:
        return "unknown";
    }
}

static void bench_groups(bench_table *table)
{
    if (!bench_selected(NAME_GROUPS))
        return;
    names_context groups = make_names("group", GROUP_COUNT);
    bench_case c = {
        .name = NAME_GROUPS,
        .target = TARGET_METADATA,
        .repeats = bench_repeats(25),
        .warmups = 1,
        .operations = GROUP_COUNT,
        .h5x = groups_h5x,
        .reference = groups_reference,
        .context = &groups,
    };
    if (bench_compare(table, &c, NULL) == 0) {
        if (groups.h5x_storage != groups.reference_storage)
            bench_die("the group files differ in link storage: h5x %s, reference %s",
                      storage_name(groups.h5x_storage), storage_name(groups.reference_storage));
        bench_table_note(table, "groups: default file settings on both sides; root group storage: %s",
                         storage_name(groups.h5x_storage));
    }
    remove_file(GROUPS_H5X_FILE);
    remove_file(GROUPS_REFERENCE_FILE);
    free_names(&groups);
}

/* ----------------------------------------------------------- attributes */

static const char ATTRIBUTES_H5X_FILE[] = "attributes-h5x.h5";
static const char ATTRIBUTES_REFERENCE_FILE[] = "attributes-reference.h5";

/* Checks with libhdf5 that group "g" holds every attribute, in dense
 * storage (a fractal heap), with the last one's value intact. */
static double check_attributes(const names_context *attributes, const char *path, double elapsed)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return hdf5_failed("H5Fopen of an attribute file");
    H5O_info2_t info;
    H5O_native_info_t native;
    double last = 0.0;
    int last_index = attributes->count - 1;
    hid_t attribute = H5I_INVALID_HID;
    int ok = H5Oget_info_by_name3(file, "g", &info, H5O_INFO_NUM_ATTRS, H5P_DEFAULT) >= 0 &&
             H5Oget_native_info_by_name(file, "g", &native, H5O_NATIVE_INFO_META_SIZE, H5P_DEFAULT) >= 0 &&
             (attribute = H5Aopen_by_name(file, "g", attributes->names[last_index], H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
             H5Aread(attribute, H5T_NATIVE_DOUBLE, &last) >= 0;
    if (attribute >= 0)
        H5Aclose(attribute);
    H5Fclose(file);
    if (!ok)
        return hdf5_failed("inspection of an attribute file");
    if (info.num_attrs != (hsize_t)attributes->count || last != attributes->values[last_index])
        return check_failed("%s does not hold every attribute written", path);
    if (native.meta_size.attr.heap_size == 0)
        return check_failed("%s keeps its attributes in the object header, not dense storage", path);
    return elapsed;
}

static double attributes_h5x(void *context)
{
    names_context *attributes = context;
    char uri[256];
    native_uri(uri, sizeof uri, ATTRIBUTES_H5X_FILE);
    fresh_outputs(ATTRIBUTES_H5X_FILE, ATTRIBUTES_REFERENCE_FILE);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = H5X_LIBVER_LATEST;
    options.libver_high = H5X_LIBVER_LATEST;
    const h5x_dtype *float64 = H5X_F64;

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "w", &options);
    if (!file)
        return h5x_failed("file_open");
    h5x_object *group = h5x_group_create(file, "g", NULL);
    if (!group) {
        h5x_close(file);
        return h5x_failed("group_create");
    }
    for (int i = 0; i < attributes->count; i++) {
        if (h5x_attr_set(group, attributes->names[i], float64, NULL, &attributes->values[i]) < 0) {
            h5x_failed("attr_set");
            h5x_close(group);
            h5x_close(file);
            return -1.0;
        }
    }
    if (h5x_close(group) < 0 || h5x_close(file) < 0)
        return h5x_failed("close");
    double elapsed = bench_now() - start;
    return check_attributes(attributes, ATTRIBUTES_H5X_FILE, elapsed);
}

static double attributes_reference(void *context)
{
    names_context *attributes = context;
    fresh_outputs(ATTRIBUTES_H5X_FILE, ATTRIBUTES_REFERENCE_FILE);

    double start = bench_now();
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access < 0 || H5Pset_libver_bounds(access, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST) < 0)
        return hdf5_failed("file access properties");
    hid_t file = H5Fcreate(ATTRIBUTES_REFERENCE_FILE, H5F_ACC_TRUNC, H5P_DEFAULT, access);
    H5Pclose(access);
    if (file < 0)
        return hdf5_failed("H5Fcreate");
    hid_t group = H5Gcreate2(file, "g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t scalar = H5Screate(H5S_SCALAR);
    if (group < 0 || scalar < 0) {
        H5Fclose(file);
        return hdf5_failed("group or dataspace creation");
    }
    for (int i = 0; i < attributes->count; i++) {
        hid_t attribute = H5Acreate2(group, attributes->names[i], H5T_IEEE_F64LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
        if (attribute < 0 || H5Awrite(attribute, H5T_NATIVE_DOUBLE, &attributes->values[i]) < 0) {
            H5Fclose(file);
            return hdf5_failed("attribute write");
        }
        H5Aclose(attribute);
    }
    H5Sclose(scalar);
    H5Gclose(group);
    if (H5Fclose(file) < 0)
        return hdf5_failed("H5Fclose");
    double elapsed = bench_now() - start;
    return check_attributes(attributes, ATTRIBUTES_REFERENCE_FILE, elapsed);
}

static void bench_attributes(bench_table *table)
{
    if (!bench_selected(NAME_ATTRIBUTES))
        return;
    names_context attributes = make_names("attr", ATTRIBUTE_COUNT);
    bench_case c = {
        .name = NAME_ATTRIBUTES,
        .target = TARGET_METADATA,
        .repeats = bench_repeats(41),
        .warmups = 1,
        .operations = ATTRIBUTE_COUNT,
        .h5x = attributes_h5x,
        .reference = attributes_reference,
        .context = &attributes,
    };
    if (bench_compare(table, &c, NULL) == 0)
        bench_table_note(table, "attributes: libver (latest, latest) on both sides, so both use dense storage");
    remove_file(ATTRIBUTES_H5X_FILE);
    remove_file(ATTRIBUTES_REFERENCE_FILE);
    free_names(&attributes);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    bench_enter_scratch(argc, argv);

    unsigned major, minor, release;
    if (H5get_libversion(&major, &minor, &release) < 0)
        bench_die("cannot initialise libhdf5");
    char title[512];
    snprintf(title, sizeof title,
             "h5x %s on the native connector against libhdf5 %u.%u.%u called directly\n"
             "(ratio = median of the per-pair ratios h5x / reference time, pairs alternating which side runs "
             "first;\n spread = range of the pair ratios; 95%% interval = confidence interval of the median ratio)",
             H5X_VERSION_STRING, major, minor, release);

    bench_table table;
    bench_table_begin(&table, title);
    bench_bulk(&table);
    bench_small_reads(&table);
    bench_groups(&table);
    bench_attributes(&table);
    return bench_table_end(&table);
}
