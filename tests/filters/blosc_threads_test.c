/*
 * The Blosc plugin's thread count changes how fast a chunk is encoded or
 * decoded, not what it holds: for chunk sizes on both sides of the sizes
 * where the plugin starts a second thread (slow and fast codecs,
 * compressing and decompressing), every thread count stores the blocks of
 * c-blosc called on one thread with its own block size (what hdf5-blosc
 * stores) — on one thread byte for byte; several threads write the same
 * blocks in the order they finish, as c-blosc always does — and every
 * thread count decodes every chunk.
 *
 * usage: blosc_threads_test BLOSC_PLUGIN
 */
#include "filter_test.h"
#include "measurement_data.h"

#include <blosc.h>

static void check_threads(const h5x_filter_class *filter, const char *compressor, unsigned code, unsigned shuffle,
                          measurement_kind kind, size_t size)
{
    unsigned char *data = malloc(size);
    measurement_fill(kind, data, size, 5);
    size_t type_size = measurement_type_size(kind);
    const unsigned values[7] = {2, 2, (unsigned)type_size, (unsigned)size, 5, shuffle, code};
    unsigned char *reference = malloc(size + BLOSC_MAX_OVERHEAD);
    int reference_size = blosc_compress_ctx(5, (int)shuffle, type_size, size, data, reference,
                                            size + BLOSC_MAX_OVERHEAD, compressor, 0, 1);
    CHECK(reference_size > 0, "c-blosc compresses %zu bytes with %s", size, compressor);
    static const int thread_counts[] = {1, 2, 3, 8};
    for (size_t t = 0; t < sizeof thread_counts / sizeof thread_counts[0]; t++) {
        char error[256];
        /* keep_larger, so that incompressible data is stored as c-blosc
         * stores it rather than declined */
        h5x_filter_call call = make_call(error, sizeof error, 1);
        call.threads = thread_counts[t];
        void *encoded = NULL;
        size_t encoded_size = 0;
        int rc = filter->encode(values, 7, data, size, &encoded, &encoded_size, &call);
        CHECK(rc == 1 && reference_size > 0 && encoded_size == (size_t)reference_size,
              "%s, %zu bytes, %d threads: the stored size is c-blosc's on one thread (%s)", compressor, size,
              thread_counts[t], error);
        /* Threads store the same blocks, in the order they finish. */
        if (thread_counts[t] == 1)
            CHECK(rc == 1 && encoded_size == (size_t)reference_size && memcmp(encoded, reference, encoded_size) == 0,
                  "%s, %zu bytes, one thread: the stored bytes are c-blosc's", compressor, size);
        for (size_t d = 0; rc == 1 && d < sizeof thread_counts / sizeof thread_counts[0]; d++) {
            h5x_filter_call decode_call = make_call(error, sizeof error, 0);
            decode_call.threads = thread_counts[d];
            void *decoded = NULL;
            size_t decoded_size = 0;
            int back = filter->decode(values, 7, encoded, encoded_size, size, &decoded, &decoded_size, &decode_call);
            CHECK(back == 1 && decoded_size == size && memcmp(decoded, data, size) == 0,
                  "%s, %zu bytes, encoded on %d threads, decoded on %d (%s)", compressor, size, thread_counts[t],
                  thread_counts[d], error);
            free(decoded);
        }
        free(encoded);
    }
    free(reference);
    free(data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s BLOSC_PLUGIN\n", argv[0]);
        return 2;
    }
    loaded_plugin blosc;
    if (load_plugin(argv[1], &blosc))
        return 1;
    /* zstd and zlib: two threads compress from 512 KiB, decompress from 8 MiB */
    check_threads(blosc.filter, "zstd", 5, BLOSC_BITSHUFFLE, MEASUREMENT_COUNTER_I32, (size_t)1 << 20);
    check_threads(blosc.filter, "zstd", 5, BLOSC_BITSHUFFLE, MEASUREMENT_SENSOR_F32, ((size_t)8 << 20) + 4096);
    check_threads(blosc.filter, "zlib", 4, BLOSC_SHUFFLE, MEASUREMENT_SMOOTH_F64, (size_t)3 << 20);
    /* lz4: two threads only from 16 MiB; a size that is no multiple of the block */
    check_threads(blosc.filter, "lz4", 1, BLOSC_SHUFFLE, MEASUREMENT_SENSOR_F32, (size_t)1 << 20);
    check_threads(blosc.filter, "lz4", 1, BLOSC_SHUFFLE, MEASUREMENT_SMOOTH_F64, ((size_t)16 << 20) + 40000);
    check_threads(blosc.filter, "blosclz", 0, BLOSC_NOSHUFFLE, MEASUREMENT_RANDOM_BYTES, (size_t)300 << 10);
    return finish_checks("blosc threads");
}
