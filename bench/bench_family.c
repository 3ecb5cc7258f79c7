/*
 * bench_family.c — what splitting a file into members costs.
 *
 * The family connector is the native connector's object mapping over
 * libhdf5's family driver, so the only price it can add is the driver's:
 * cutting each read and write at member boundaries and keeping one open
 * file per member.  This program measures that price where it would show,
 * on bulk I/O: 512 MiB of float64 written and read as one contiguous
 * dataset, through h5x on "family;member_size=64MiB" (nine members)
 * against h5x on "native" (one file), in the same run, on the same data.
 * The target is throughput within 5 %: a ratio of at most 1.05.
 *
 * Every read must return every byte written, and what the family side
 * wrote is read back through the native side's code path, so that neither
 * side can win by doing less.  Files go to the current directory, or to
 * the directory given as the only argument; run-bench points it at a
 * scratch directory of the build tree.  As in bench_native.c, the page
 * cache is left alone: warm files show the library's own costs best.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "bench_util.h"
#include "h5x.h"

#define BULK_BYTES BENCH_BULK_BYTES
#define BULK_ELEMENTS BENCH_BULK_ELEMENTS
#define MEMBER_SIZE_TEXT "64MiB"
#define MEMBER_SIZE (UINT64_C(64) << 20)
/* 512 MiB of data and a little metadata: eight full members and a ninth. */
#define MEMBER_COUNT (BULK_BYTES / MEMBER_SIZE + 1)

#define NAME_WRITE "write 512 MiB contiguous f8, 64 MiB members"
#define NAME_READ "read 512 MiB contiguous f8, 64 MiB members"
#define TARGET 1.05

static const char FAMILY_SPEC[] = "family;member_size=" MEMBER_SIZE_TEXT;
static const char FAMILY_WRITE_FILE[] = "write-family-%d.h5";
static const char NATIVE_WRITE_FILE[] = "write-native.h5";
static const char FAMILY_READ_FILE[] = "read-family-%d.h5";
static const char NATIVE_READ_FILE[] = "read-native.h5";

typedef bench_bulk_buffers bulk_context;

static double h5x_failed(const char *step, const char *uri)
{
    return bench_h5x_failed("bench-family", step, uri);
}

static void uri_of(char *out, size_t size, const char *spec, const char *name)
{
    snprintf(out, size, "%s:%s", spec, name);
}

/* Writes the whole buffer as dataset "data" of a new file; the seconds
 * taken, or -1. */
static double write_bulk(const char *spec, const char *name, const double *data)
{
    char uri[256];
    uri_of(uri, sizeof uri, spec, name);
    bench_fresh_output(name); /* no dirty pages from the other side's last run written back while timed */
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){BULK_ELEMENTS});

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "w", NULL);
    if (!file)
        return h5x_failed("file_open", uri);
    h5x_object *dataset = h5x_dataset_create(file, "data", H5X_F64, &shape, NULL);
    int status = dataset ? h5x_dataset_write(dataset, NULL, NULL, data, NULL) : -1;
    if (status < 0)
        h5x_failed(dataset ? "dataset_write" : "dataset_create", uri);
    if (dataset && h5x_close(dataset) < 0)
        status = (int)h5x_failed("close", uri);
    if (h5x_close(file) < 0)
        status = (int)h5x_failed("close", uri);
    double elapsed = bench_now() - start;
    if (status < 0)
        return -1.0;
    if (bench_bytes_on_disk(name) < BULK_BYTES) {
        fprintf(stderr, "bench-family: %s holds less than the data written\n", name);
        return -1.0;
    }
    return elapsed;
}

/* Reads dataset "data" whole into buffer, then checks every byte. */
static double read_bulk(const char *spec, const char *name, const bulk_context *bulk)
{
    char uri[256];
    uri_of(uri, sizeof uri, spec, name);
    memset(bulk->readback, 0, BULK_BYTES);

    double start = bench_now();
    h5x_object *file = h5x_file_open(uri, "r", NULL);
    if (!file)
        return h5x_failed("file_open", uri);
    h5x_object *dataset = h5x_open(file, "data");
    int status = dataset ? h5x_dataset_read(dataset, NULL, NULL, bulk->readback, BULK_BYTES) : -1;
    if (status < 0)
        h5x_failed(dataset ? "dataset_read" : "open", uri);
    if (dataset)
        h5x_close(dataset);
    if (h5x_close(file) < 0)
        status = (int)h5x_failed("close", uri);
    double elapsed = bench_now() - start;
    if (status < 0)
        return -1.0;
    if (memcmp(bulk->data, bulk->readback, BULK_BYTES) != 0) {
        fprintf(stderr, "bench-family: reading %s returned other data than was written\n", uri);
        return -1.0;
    }
    return elapsed;
}

static double family_write(void *context)
{
    return write_bulk(FAMILY_SPEC, FAMILY_WRITE_FILE, ((bulk_context *)context)->data);
}

static double native_write(void *context)
{
    return write_bulk("native", NATIVE_WRITE_FILE, ((bulk_context *)context)->data);
}

static double family_read(void *context)
{
    /* No member_size: the size is read from the files, as users open them. */
    return read_bulk("family", FAMILY_READ_FILE, context);
}

static double native_read(void *context)
{
    return read_bulk("native", NATIVE_READ_FILE, context);
}

int main(int argc, char **argv)
{
    bench_enter_scratch(argc, argv);
    bulk_context bulk = bench_bulk_alloc();

    char title[256];
    snprintf(title, sizeof title,
             "h5x %s on the family connector (%s) against the native connector\n"
             "(ratio = family / native time, median of alternating runs; spread = range of per-pair ratios)",
             H5X_VERSION_STRING, FAMILY_SPEC);
    bench_table table;
    bench_table_begin(&table, title);

    if (bench_selected(NAME_WRITE)) {
        bench_case write_case = {
            .name = NAME_WRITE,
            .target = TARGET,
            .repeats = bench_repeats(31),
            .warmups = 1,
            .bytes = BULK_BYTES,
            .h5x = family_write,
            .reference = native_write,
            .context = &bulk,
        };
        if (bench_compare(&table, &write_case, NULL) == 0) {
            /* The family written is a whole family, readable as one file. */
            if (bench_member_count(FAMILY_WRITE_FILE) != MEMBER_COUNT)
                bench_die("the family written has %u members, not %" PRIu64, bench_member_count(FAMILY_WRITE_FILE),
                          (uint64_t)MEMBER_COUNT);
            if (read_bulk("family", FAMILY_WRITE_FILE, &bulk) < 0)
                bench_die("the family written does not read back");
        }
        bench_remove(FAMILY_WRITE_FILE);
        bench_remove(NATIVE_WRITE_FILE);
    }

    if (bench_selected(NAME_READ)) {
        if (write_bulk(FAMILY_SPEC, FAMILY_READ_FILE, bulk.data) < 0 ||
            write_bulk("native", NATIVE_READ_FILE, bulk.data) < 0)
            bench_die("cannot prepare the files to read");
        bench_settle(FAMILY_READ_FILE);
        bench_settle(NATIVE_READ_FILE);
        bench_case read_case = {
            .name = NAME_READ,
            .target = TARGET,
            .repeats = bench_repeats(15),
            .warmups = 1,
            .bytes = BULK_BYTES,
            .h5x = family_read,
            .reference = native_read,
            .context = &bulk,
        };
        bench_compare(&table, &read_case, NULL);
        bench_remove(FAMILY_READ_FILE);
        bench_remove(NATIVE_READ_FILE);
    }
    bench_table_note(&table, "members of %s; both sides through h5x, the family read without member_size",
                     MEMBER_SIZE_TEXT);

    bench_bulk_free(&bulk);
    return bench_table_end(&table);
}
