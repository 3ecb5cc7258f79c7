/*
 * bench_vds.c — virtual datasets: the vds connector against HDF5's own.
 *
 * The same sources (native files of int32) are mapped twice: once as an
 * HDF5 virtual dataset made and read with libhdf5 directly (the reference),
 * once as a virtual dataset of the vds connector ("vds;under=native"), read
 * through h5x.  Two layouts: 4 sources of 250 000 elements stacked into
 * (4, 250000), and 1000 sources of 1000 into (1000, 1000).  Each is read
 * whole, and by 200 small selections (16 elements of one row) at the same
 * pseudo-random places on both sides.  Both virtual datasets stay open
 * for the whole comparison and are read whole once before anything is
 * timed: libhdf5 opens a source on first use and keeps it while the
 * dataset is open, as the vds connector does, so the rows measure the
 * mapping itself rather than opening files.
 *
 * Where the time goes differs with the number of sources: libhdf5 projects
 * every mapping's selection onto each request with general dataspace
 * operations, while the vds connector meets a request with a mapping axis
 * by axis, rejecting a mapping whose range does not overlap in a few
 * comparisons.  Targets: at most equal time with 4 sources, at most a fifth
 * with 1000.
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "h5x.h"

#define SMALL_READS 200
#define SMALL_WIDTH 16

typedef struct layout {
    const char *label;
    int sources;
    uint64_t length;   /* of each source */
    char h5x_name[64];
    char hdf5_name[64];
    int32_t *buffer;   /* the whole dataset */
    h5x_object *h5x_file, *h5x_dataset;  /* open for the whole comparison, */
    hid_t hdf5_file_id, hdf5_dataset;     /* sources opened by a first read */
    uint64_t rows[SMALL_READS], columns[SMALL_READS];
} layout;

static void source_name(const layout *l, int n, char *out, size_t size)
{
    snprintf(out, size, "src-%d-%04d.h5", l->sources, n);
}

static void write_sources(const layout *l)
{
    int32_t *values = malloc(l->length * sizeof *values);
    if (!values)
        bench_die("out of memory");
    for (int n = 0; n < l->sources; n++) {
        char name[64];
        source_name(l, n, name, sizeof name);
        for (uint64_t i = 0; i < l->length; i++)
            values[i] = (int32_t)(n * 1000003 + (int64_t)i);
        hid_t f = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        hsize_t dims[1] = {l->length};
        hid_t space = H5Screate_simple(1, dims, NULL);
        hid_t d = H5Dcreate2(f, "data", H5T_NATIVE_INT32, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (f < 0 || d < 0 || H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
            bench_die("writing %s", name);
        H5Dclose(d);
        H5Sclose(space);
        H5Fclose(f);
    }
    free(values);
}

static void write_hdf5_vds(const layout *l)
{
    hsize_t vdims[2] = {(hsize_t)l->sources, l->length}, sdims[1] = {l->length};
    hid_t vspace = H5Screate_simple(2, vdims, NULL), sspace = H5Screate_simple(1, sdims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    int32_t fill = -1;
    H5Pset_fill_value(dcpl, H5T_NATIVE_INT32, &fill);
    for (int n = 0; n < l->sources; n++) {
        char name[64];
        source_name(l, n, name, sizeof name);
        hsize_t start[2] = {(hsize_t)n, 0}, count[2] = {1, l->length};
        H5Sselect_hyperslab(vspace, H5S_SELECT_SET, start, NULL, count, NULL);
        if (H5Pset_virtual(dcpl, vspace, name, "data", sspace) < 0)
            bench_die("mapping %s", name);
    }
    hid_t f = H5Fcreate(l->hdf5_name, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Sselect_all(vspace);
    hid_t d = H5Dcreate2(f, "data", H5T_NATIVE_INT32, vspace, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0)
        bench_die("creating %s", l->hdf5_name);
    H5Dclose(d);
    H5Fclose(f);
    H5Pclose(dcpl);
    H5Sclose(vspace);
    H5Sclose(sspace);
}

static void write_h5x_vds(const layout *l)
{
    char uri[128];
    snprintf(uri, sizeof uri, "vds;under=native:%s", l->h5x_name);
    h5x_object *f = h5x_file_open(uri, "w", NULL);
    h5x_vds_layout *vl = h5x_vds_layout_new(&(h5x_shape){.rank = 2, .dims = {(uint64_t)l->sources, l->length}},
                                            H5X_I32);
    if (!f || !vl)
        bench_die("creating %s: %s", l->h5x_name, h5x_last_error()->message);
    for (int n = 0; n < l->sources; n++) {
        char name[64], row[16];
        source_name(l, n, name, sizeof name);
        snprintf(row, sizeof row, "%d", n);
        h5x_vds_source *s = h5x_vds_source_new(name, "data", &(h5x_shape){.rank = 1, .dims = {l->length}}, NULL);
        if (!s || h5x_vds_layout_map_text(vl, row, s) < 0)
            bench_die("mapping %s: %s", name, h5x_last_error()->message);
        h5x_close(s);
    }
    const int32_t fill = -1;
    h5x_object *d = h5x_vds_create(f, "data", vl, &fill);
    if (!d)
        bench_die("creating the virtual dataset: %s", h5x_last_error()->message);
    h5x_close(d);
    h5x_close(vl);
    h5x_close(f);
}

/* ------------------------------------------------------------ the runs */

static int check_whole(const layout *l)
{
    for (int n = 0; n < l->sources; n += l->sources > 4 ? 97 : 1)
        for (uint64_t i = 0; i < l->length; i += 4999)
            if (l->buffer[(uint64_t)n * l->length + i] != (int32_t)(n * 1000003 + (int64_t)i)) {
                fprintf(stderr, "bench: wrong value at [%d, %llu]\n", n, (unsigned long long)i);
                return -1;
            }
    return 0;
}

static double h5x_run(layout *l, int small)
{
    h5x_object *d = l->h5x_dataset;
    int rc = 0;
    double start = bench_now();
    if (!small) {
        rc = h5x_dataset_read(d, NULL, H5X_I32, l->buffer, (size_t)l->sources * l->length * sizeof(int32_t));
    } else {
        for (int i = 0; i < SMALL_READS && rc == 0; i++) {
            h5x_selection *sel = h5x_selection_new();
            h5x_selection_add_index(sel, (int64_t)l->rows[i]);
            h5x_selection_add_slice(sel, (int64_t)l->columns[i], (int64_t)(l->columns[i] + SMALL_WIDTH), 1);
            rc = h5x_dataset_read(d, sel, H5X_I32, l->buffer + i * SMALL_WIDTH, SMALL_WIDTH * sizeof(int32_t));
            h5x_close(sel);
        }
    }
    double seconds = bench_now() - start;
    if (rc < 0) {
        fprintf(stderr, "bench: h5x read failed: %s\n", h5x_last_error()->message);
        return -1;
    }
    return small || check_whole(l) == 0 ? seconds : -1;
}

static double hdf5_run(layout *l, int small)
{
    hid_t d = l->hdf5_dataset;
    herr_t rc = 0;
    double start = bench_now();
    if (!small) {
        rc = H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, l->buffer);
    } else {
        hid_t space = H5Dget_space(d);
        hsize_t mdims[1] = {SMALL_WIDTH};
        hid_t mspace = H5Screate_simple(1, mdims, NULL);
        for (int i = 0; i < SMALL_READS && rc >= 0; i++) {
            hsize_t start2[2] = {l->rows[i], l->columns[i]}, count[2] = {1, SMALL_WIDTH};
            H5Sselect_hyperslab(space, H5S_SELECT_SET, start2, NULL, count, NULL);
            rc = H5Dread(d, H5T_NATIVE_INT32, mspace, space, H5P_DEFAULT, l->buffer + i * SMALL_WIDTH);
        }
        H5Sclose(mspace);
        H5Sclose(space);
    }
    double seconds = bench_now() - start;
    if (rc < 0) {
        fprintf(stderr, "bench: libhdf5 read failed\n");
        return -1;
    }
    return small || check_whole(l) == 0 ? seconds : -1;
}

/* Opens both virtual datasets and reads each whole once, so that both
 * libraries have their sources open before anything is timed. */
static void open_both(layout *l)
{
    char uri[128];
    snprintf(uri, sizeof uri, "vds;under=native:%s", l->h5x_name);
    l->h5x_file = h5x_file_open(uri, "r", NULL);
    l->h5x_dataset = l->h5x_file ? h5x_open(l->h5x_file, "data") : NULL;
    l->hdf5_file_id = H5Fopen(l->hdf5_name, H5F_ACC_RDONLY, H5P_DEFAULT);
    l->hdf5_dataset = l->hdf5_file_id < 0 ? -1 : H5Dopen2(l->hdf5_file_id, "data", H5P_DEFAULT);
    if (!l->h5x_dataset || l->hdf5_dataset < 0 || h5x_run(l, 0) < 0 || hdf5_run(l, 0) < 0)
        bench_die("opening the virtual datasets of %s", l->label);
}

static void close_both(layout *l)
{
    h5x_close(l->h5x_dataset);
    h5x_close(l->h5x_file);
    H5Dclose(l->hdf5_dataset);
    H5Fclose(l->hdf5_file_id);
}

static double h5x_whole(void *c) { return h5x_run(c, 0); }
static double h5x_small(void *c) { return h5x_run(c, 1); }
static double hdf5_whole(void *c) { return hdf5_run(c, 0); }
static double hdf5_small(void *c) { return hdf5_run(c, 1); }

static void compare(bench_table *table, layout *l, double target)
{
    char whole_name[96], small_name[96];
    snprintf(whole_name, sizeof whole_name, "%s: whole", l->label);
    snprintf(small_name, sizeof small_name, "%s: %d reads of %d", l->label, SMALL_READS, SMALL_WIDTH);
    bench_case whole = {.name = whole_name, .target = target, .repeats = bench_repeats(5), .warmups = 1,
                        .bytes = (uint64_t)l->sources * l->length * sizeof(int32_t),
                        .h5x = h5x_whole, .reference = hdf5_whole, .context = l};
    bench_case small = {.name = small_name, .target = target, .repeats = bench_repeats(5), .warmups = 1,
                        .operations = SMALL_READS, .h5x = h5x_small, .reference = hdf5_small, .context = l};
    if (bench_selected(whole_name))
        bench_compare(table, &whole, NULL);
    if (bench_selected(small_name))
        bench_compare(table, &small, NULL);
}

static void prepare(layout *l, const char *label, int sources, uint64_t length)
{
    memset(l, 0, sizeof *l);
    l->label = label;
    l->sources = sources;
    l->length = length;
    snprintf(l->h5x_name, sizeof l->h5x_name, "vds-h5x-%d.h5", sources);
    snprintf(l->hdf5_name, sizeof l->hdf5_name, "vds-hdf5-%d.h5", sources);
    l->buffer = malloc((size_t)sources * length * sizeof(int32_t));
    if (!l->buffer)
        bench_die("out of memory");
    uint64_t state = 12345;
    for (int i = 0; i < SMALL_READS; i++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        l->rows[i] = (state >> 33) % (uint64_t)sources;
        l->columns[i] = (state >> 17) % (length - SMALL_WIDTH);
    }
    write_sources(l);
    write_hdf5_vds(l);
    write_h5x_vds(l);
    open_both(l);
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    bench_table table;
    bench_table_begin_labelled(&table, "Virtual datasets: the vds connector against HDF5's own (same sources)",
                               "vds conn.", "HDF5 VDS");
    layout four, thousand;
    prepare(&four, "4 sources x 250000", 4, 250000);
    compare(&table, &four, 1.0);
    close_both(&four);
    prepare(&thousand, "1000 sources x 1000", 1000, 1000);
    compare(&table, &thousand, 0.2);
    close_both(&thousand);
    bench_table_note(&table, "both datasets open, their sources opened by a first whole read; int32 native "
                             "sources; the same selections on both sides");
    free(four.buffer);
    free(thousand.buffer);
    return bench_table_end(&table);
}
