/*
 * blosc_h5x_api_bench.c — one row of blosc_vs_hdf5blosc.py measured
 * through the h5x API instead of h5py: the same data, written to a native
 * file as one chunked dataset with the same Blosc client values and chunk
 * size, then read back, best of five, as the Python worker does.
 *
 *   blosc_h5x_api_bench DATA TYPE COMPRESSOR SHUFFLE THREADS CPU_CLOCK FILE
 *
 * DATA holds the raw values (written by the script), TYPE their NumPy type
 * ("<f8", "<i4", "<f4"), COMPRESSOR the Blosc compressor code (-1: no
 * filter, the chunked I/O alone), SHUFFLE 0-2, THREADS the filter threads
 * (h5x_config_set_filter_threads), CPU_CLOCK 1 to time in process CPU time,
 * 0 in wall time.  Prints {"write": MB/s, "read": MB/s, "ratio": r}.
 * The write is timed from the dataset's creation to the file's flush, the
 * read from the dataset's open to the end of the read, as in the script.
 */
#include "h5x.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(int cpu_clock)
{
    struct timespec t;
    clock_gettime(cpu_clock ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int fail(const char *what)
{
    fprintf(stderr, "blosc_h5x_api_bench: %s: %s\n", what, h5x_last_error()->message);
    return 1;
}

static unsigned char *read_data(const char *path, size_t *size)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    fseek(in, 0, SEEK_END);
    long length = ftell(in);
    fseek(in, 0, SEEK_SET);
    unsigned char *data = length > 0 ? malloc((size_t)length) : NULL;
    if (data != NULL && fread(data, 1, (size_t)length, in) != (size_t)length) {
        free(data);
        data = NULL;
    }
    fclose(in);
    *size = (size_t)length;
    return data;
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: %s DATA TYPE COMPRESSOR SHUFFLE THREADS CPU_CLOCK FILE\n", argv[0]);
        return 2;
    }
    size_t bytes = 0;
    unsigned char *data = read_data(argv[1], &bytes), *back = malloc(bytes ? bytes : 1);
    h5x_dtype *dtype = h5x_dtype_parse(argv[2]);
    int compressor = atoi(argv[3]), shuffle = atoi(argv[4]), cpu_clock = atoi(argv[6]);
    if (data == NULL || back == NULL || dtype == NULL) {
        fprintf(stderr, "blosc_h5x_api_bench: cannot read %s as %s\n", argv[1], argv[2]);
        return 1;
    }
    if (h5x_config_set_filter_threads(atoi(argv[5])) < 0)
        return fail("filter threads");
    size_t element = h5x_dtype_size(dtype);
    uint64_t count = bytes / element, chunk = (1u << 20) / element;
    char filters[64] = "";
    if (compressor >= 0)
        snprintf(filters, sizeof filters, "32001:0:0:0:0:5:%d:%d", shuffle, compressor);
    char uri[4200];
    snprintf(uri, sizeof uri, "native:%s", argv[7]);
    double best_write = 0, best_read = 0, ratio = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
        h5x_object *file = h5x_file_open(uri, "w", NULL);
        if (file == NULL)
            return fail("create the file");
        h5x_shape shape = h5x_shape_of(1, (uint64_t[]){count});
        h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){chunk});
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.chunks = &chunks;
        options.filters = compressor >= 0 ? filters : NULL;
        double start = seconds(cpu_clock);
        h5x_object *dataset = h5x_dataset_create(file, "x", dtype, &shape, &options);
        if (dataset == NULL || h5x_dataset_write(dataset, NULL, dtype, data, NULL) < 0 || h5x_file_flush(file) < 0)
            return fail("write");
        double elapsed = seconds(cpu_clock) - start;
        if (best_write == 0 || (double)bytes / elapsed / 1e6 > best_write)
            best_write = (double)bytes / elapsed / 1e6;
        uint64_t stored = 0;
        if (h5x_dataset_storage_size(dataset, &stored) < 0)
            return fail("storage size");
        ratio = (double)bytes / (double)stored;
        h5x_close(dataset);
        h5x_close(file);

        if ((file = h5x_file_open(uri, "r", NULL)) == NULL)
            return fail("open the file");
        start = seconds(cpu_clock);
        dataset = h5x_open(file, "x");
        if (dataset == NULL || h5x_dataset_read(dataset, NULL, dtype, back, bytes) < 0)
            return fail("read");
        elapsed = seconds(cpu_clock) - start;
        if ((double)bytes / elapsed / 1e6 > best_read)
            best_read = (double)bytes / elapsed / 1e6;
        h5x_close(dataset);
        h5x_close(file);
        if (memcmp(back, data, bytes) != 0) {
            fprintf(stderr, "blosc_h5x_api_bench: the data read back differs\n");
            return 1;
        }
    }
    printf("{\"write\": %.3f, \"read\": %.3f, \"ratio\": %.4f}\n", best_write, best_read, ratio);
    h5x_close(dtype);
    free(data);
    free(back);
    return 0;
}
