/*
 * bench_vol.c — the cost of reading HDF5 files through the h5x VOL
 * connector (over h5x's native connector) against libhdf5 reading them
 * itself, in one run.
 *
 * Rows:
 *   h5dump     the stock h5dump of a file with an 8 MiB dataset, output
 *              thrown away, with and without --vol-name h5x
 *   write      one 8 MiB dataset written whole through the HDF5 API
 *   read       the same read back whole
 *   hyperslab  1000 reads of 16x16 blocks at scattered places
 * The application side is the same HDF5 program in both columns; only the
 * file access list differs (h5x's VOL with "connector=native", or the
 * default).  The target ratio is 1.15.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "bench_util.h"

#define SIDE 1024
#define TARGET 1.15

typedef struct context {
    hid_t vol_fapl;
    double *data;
    char h5dump_plain[4096];
    char h5dump_vol[4096];
} context;

static hid_t fapl_for(context *ctx, int through_h5x)
{
    return through_h5x ? ctx->vol_fapl : H5P_DEFAULT;
}

static double time_command(const char *command)
{
    double start = bench_now();
    int status = system(command);
    double seconds = bench_now() - start;
    if (status != 0) {
        fprintf(stderr, "bench: '%s' exited with %d\n", command, status);
        return -1;
    }
    return seconds;
}

static double h5dump_h5x(void *c)
{
    return time_command(((context *)c)->h5dump_vol);
}

static double h5dump_native(void *c)
{
    return time_command(((context *)c)->h5dump_plain);
}

static double write_side(context *ctx, int through_h5x)
{
    hsize_t dims[2] = {SIDE, SIDE};
    double start = bench_now();
    hid_t file = H5Fcreate(through_h5x ? "write-h5x.h5" : "write-native.h5", H5F_ACC_TRUNC, H5P_DEFAULT,
                           fapl_for(ctx, through_h5x));
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dset = H5Dcreate2(file, "data", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t status = H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, ctx->data);
    H5Dclose(dset);
    H5Sclose(space);
    H5Fclose(file);
    double seconds = bench_now() - start;
    if (file < 0 || status < 0) {
        fprintf(stderr, "bench: writing through %s failed\n", through_h5x ? "h5x" : "libhdf5");
        return -1;
    }
    return seconds;
}

static double write_h5x(void *c)
{
    return write_side(c, 1);
}

static double write_native(void *c)
{
    return write_side(c, 0);
}

static double read_side(context *ctx, int through_h5x, int hyperslabs)
{
    double *buffer = malloc(sizeof(double) * SIDE * SIDE);
    if (buffer == NULL)
        return -1;
    double start = bench_now();
    hid_t file = H5Fopen("large.h5", H5F_ACC_RDONLY, fapl_for(ctx, through_h5x));
    hid_t dset = H5Dopen2(file, "data", H5P_DEFAULT);
    herr_t status = 0;
    if (!hyperslabs) {
        status = H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    } else {
        hid_t space = H5Dget_space(dset);
        hsize_t count[2] = {16, 16};
        hid_t mem = H5Screate_simple(2, count, NULL);
        for (int i = 0; i < 1000 && status >= 0; i++) {
            hsize_t start_at[2] = {(hsize_t)(i * 37) % (SIDE - 16), (hsize_t)(i * 101) % (SIDE - 16)};
            H5Sselect_hyperslab(space, H5S_SELECT_SET, start_at, NULL, count, NULL);
            status = H5Dread(dset, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, buffer);
        }
        H5Sclose(mem);
        H5Sclose(space);
    }
    H5Dclose(dset);
    H5Fclose(file);
    double seconds = bench_now() - start;
    int wrong = !hyperslabs && status >= 0 && buffer[SIDE * SIDE - 1] != ctx->data[SIDE * SIDE - 1];
    free(buffer);
    if (file < 0 || status < 0 || wrong) {
        fprintf(stderr, "bench: reading through %s failed\n", through_h5x ? "h5x" : "libhdf5");
        return -1;
    }
    return seconds;
}

static double read_h5x(void *c)
{
    return read_side(c, 1, 0);
}

static double read_native(void *c)
{
    return read_side(c, 0, 0);
}

static double slabs_h5x(void *c)
{
    return read_side(c, 1, 1);
}

static double slabs_native(void *c)
{
    return read_side(c, 0, 1);
}

int main(void)
{
    setenv("HDF5_PLUGIN_PATH", H5X_BENCH_PLUGIN_DIR, 1);
    unsetenv("HDF5_VOL_CONNECTOR");
    context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.data = malloc(sizeof(double) * SIDE * SIDE);
    if (ctx.data == NULL)
        bench_die("out of memory");
    for (size_t i = 0; i < (size_t)SIDE * SIDE; i++)
        ctx.data[i] = (double)i * 0.5;

    hid_t vol = H5VLregister_connector_by_name("h5x", H5P_DEFAULT);
    void *info = NULL;
    ctx.vol_fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (vol < 0 || H5VLconnector_str_to_info("connector=native", vol, &info) < 0 ||
        H5Pset_vol(ctx.vol_fapl, vol, info) < 0)
        bench_die("cannot load the h5x VOL connector from %s", H5X_BENCH_PLUGIN_DIR);
    H5VLfree_connector_info(vol, info);

    hsize_t dims[2] = {SIDE, SIDE};
    hid_t file = H5Fcreate("large.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dset = H5Dcreate2(file, "data", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0 || H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, ctx.data) < 0)
        bench_die("cannot write large.h5");
    H5Dclose(dset);
    H5Sclose(space);
    H5Fclose(file);
    snprintf(ctx.h5dump_plain, sizeof ctx.h5dump_plain, "'%s' large.h5 > /dev/null", H5X_BENCH_H5DUMP);
    snprintf(ctx.h5dump_vol, sizeof ctx.h5dump_vol,
             "'%s' --vol-name h5x --vol-info connector=native large.h5 > /dev/null", H5X_BENCH_H5DUMP);

    bench_table table;
    bench_table_begin_labelled(&table, "HDF5 programs through the h5x VOL connector (over native) vs libhdf5",
                               "via h5x", "native");
    int repeats = bench_repeats(15);
    bench_case cases[] = {
        {"h5dump 8 MiB dataset", TARGET, bench_repeats(3), 0, 1, 0, h5dump_h5x, h5dump_native, &ctx},
        {"write 8 MiB", TARGET, repeats, 1, 1, sizeof(double) * SIDE * SIDE, write_h5x, write_native, &ctx},
        {"read 8 MiB", TARGET, repeats, 1, 1, sizeof(double) * SIDE * SIDE, read_h5x, read_native, &ctx},
        {"1000 16x16 hyperslab reads", TARGET, repeats, 1, 1000, 0, slabs_h5x, slabs_native, &ctx},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bench_result result;
        if (bench_selected(cases[i].name))
            bench_compare(&table, &cases[i], &result);
    }
    bench_table_note(&table, "the same HDF5 calls in both columns; only the file access list's VOL differs");
    H5Pclose(ctx.vol_fapl);
    H5VLclose(vol);
    free(ctx.data);
    return bench_table_end(&table);
}
