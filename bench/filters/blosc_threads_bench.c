/*
 * When does a second thread make Blosc faster?  c-blosc called directly on
 * the measurement data, compress and decompress timed separately, for
 * chunk sizes from 256 KiB to 16 MiB, with c-blosc's own block size and
 * with a forced small one, on one thread and on two.
 *
 * The Blosc plugin is called by libhdf5 one chunk at a time, and a
 * per-call context (blosc_compress_ctx / blosc_decompress_ctx) starts and
 * joins its threads on every call, and its threads allocate and free
 * their scratch buffers on every call.  A chunk is split across threads by
 * blocks only, so a chunk of one block gains nothing from a second thread.
 * Rows marked "p" use c-blosc's global, persistent thread pool
 * (blosc_set_nthreads, what hdf5-blosc gets from BLOSC_NTHREADS): the
 * difference is what the per-call start-up costs.  The plugin cannot use
 * that pool, which is process-wide state shared between threads.
 *
 * usage: blosc_threads_bench [MIB_PER_KIND] [REPEATS]
 * Each chunk is compressed and decompressed REPEATS times and the fastest
 * call counts (wall clock); CPU is the process CPU time of those calls
 * over their wall time: near 2 with two threads means they really ran at
 * the same time, near 1 that the other core was busy (then the two-thread
 * rows say nothing about speed-up).  "faults" counts minor page faults per
 * call, which does not depend on the machine's load.
 */
#include "measurement_data.h"

#include <blosc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct timing {
    double wall, cpu;
} timing;

static timing now(void)
{
    struct timespec wall, cpu;
    clock_gettime(CLOCK_MONOTONIC, &wall);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    return (timing){(double)wall.tv_sec + (double)wall.tv_nsec * 1e-9, (double)cpu.tv_sec + (double)cpu.tv_nsec * 1e-9};
}

typedef struct setup {
    const char *compressor;
    int shuffle;
    size_t type_size;
    size_t chunk;
    int blocksize; /* 0: c-blosc's choice */
    int threads;
    int global_pool; /* 1: blosc_compress/blosc_decompress with blosc_set_nthreads */
} setup;

typedef struct outcome {
    double ratio, compress_mbs, decompress_mbs, compress_cpu_share, decompress_cpu_share, faults_per_call;
    size_t blocks;
} outcome;

/* Minor page faults so far: unlike times, they do not depend on what else
 * the machine is doing. */
static long minor_faults(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

static int compress_chunk(const setup *s, const unsigned char *in, unsigned char *out, size_t capacity)
{
    if (s->global_pool)
        return blosc_compress(5, s->shuffle, s->type_size, s->chunk, in, out, capacity);
    return blosc_compress_ctx(5, s->shuffle, s->type_size, s->chunk, in, out, capacity, s->compressor,
                              (size_t)s->blocksize, s->threads);
}

static int decompress_chunk(const setup *s, const unsigned char *in, unsigned char *out)
{
    if (s->global_pool)
        return blosc_decompress(in, out, s->chunk);
    return blosc_decompress_ctx(in, out, s->chunk, s->threads);
}

/* Per chunk, the fastest of the repeated calls is kept: on a machine that
 * others share, each chunk then most likely has one call that ran with
 * both cores free, and the sum of these minima estimates the time on a
 * quiet machine much better than the best pass does. */
static void keep_fastest(timing *best, timing start, timing end)
{
    if (end.wall - start.wall < best->wall)
        *best = (timing){end.wall - start.wall, end.cpu - start.cpu};
}

static outcome run(const setup *s, const unsigned char *data, size_t total, int repeats)
{
    size_t chunks = total / s->chunk;
    size_t capacity = s->chunk + BLOSC_MAX_OVERHEAD;
    unsigned char *stored = malloc(chunks * capacity);
    int *stored_size = calloc(chunks, sizeof *stored_size);
    unsigned char *out = malloc(s->chunk);
    timing *best_c = malloc(chunks * sizeof *best_c), *best_d = malloc(chunks * sizeof *best_d);
    for (size_t i = 0; i < chunks; i++)
        best_c[i] = best_d[i] = (timing){1e30, 0};
    if (s->global_pool) {
        blosc_set_compressor(s->compressor);
        blosc_set_blocksize((size_t)s->blocksize);
        blosc_set_nthreads(s->threads);
    }
    size_t stored_total = 0;
    long faults = minor_faults();
    for (int r = 0; r < repeats; r++) {
        stored_total = 0;
        for (size_t i = 0; i < chunks; i++) {
            timing start = now();
            stored_size[i] = compress_chunk(s, data + i * s->chunk, stored + i * capacity, capacity);
            keep_fastest(&best_c[i], start, now());
            if (stored_size[i] <= 0) {
                fprintf(stderr, "compression failed (%d)\n", stored_size[i]);
                exit(1);
            }
            stored_total += (size_t)stored_size[i];
        }
        for (size_t i = 0; i < chunks; i++) {
            timing start = now();
            int got = decompress_chunk(s, stored + i * capacity, out);
            keep_fastest(&best_d[i], start, now());
            if (got != (int)s->chunk || memcmp(out, data + i * s->chunk, s->chunk) != 0) {
                fprintf(stderr, "decompression failed\n");
                exit(1);
            }
        }
    }
    faults = minor_faults() - faults;
    timing c = {0, 0}, d = {0, 0};
    for (size_t i = 0; i < chunks; i++) {
        c.wall += best_c[i].wall;
        c.cpu += best_c[i].cpu;
        d.wall += best_d[i].wall;
        d.cpu += best_d[i].cpu;
    }
    outcome o = {0};
    size_t nbytes, cbytes, blocksize;
    blosc_cbuffer_sizes(stored, &nbytes, &cbytes, &blocksize);
    o.blocks = (nbytes + blocksize - 1) / blocksize;
    o.ratio = (double)(chunks * s->chunk) / (double)stored_total;
    o.compress_mbs = (double)(chunks * s->chunk) / c.wall / 1e6;
    o.decompress_mbs = (double)(chunks * s->chunk) / d.wall / 1e6;
    o.compress_cpu_share = c.cpu / c.wall;
    o.decompress_cpu_share = d.cpu / d.wall;
    o.faults_per_call = (double)faults / (double)(2 * chunks * (size_t)repeats);
    if (s->global_pool)
        blosc_set_nthreads(1);
    free(stored);
    free(stored_size);
    free(out);
    free(best_c);
    free(best_d);
    return o;
}

static void print(const char *kind, const char *codec, const setup *s, const outcome *o, const outcome *one_thread)
{
    char block[16];
    if (s->blocksize)
        snprintf(block, sizeof block, "%dK", s->blocksize >> 10);
    else
        snprintf(block, sizeof block, "auto");
    printf("%-15s %-16s %6zuK %6s %6zu %3d%s %6.2f %9.0f %4.2f %9.0f %4.2f %7.1f", kind, codec, s->chunk >> 10,
           block, o->blocks, s->threads, s->global_pool ? "p" : " ", o->ratio, o->compress_mbs,
           o->compress_cpu_share, o->decompress_mbs, o->decompress_cpu_share, o->faults_per_call);
    if (one_thread)
        printf("   x%.2f x%.2f", o->compress_mbs / one_thread->compress_mbs,
               o->decompress_mbs / one_thread->decompress_mbs);
    printf("\n");
}

int main(int argc, char **argv)
{
    size_t total = (size_t)(argc > 1 ? atoi(argv[1]) : 32) << 20;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (repeats < 1)
        repeats = 1;
    unsigned char *data = malloc(total);
    static const size_t chunk_sizes[] = {256 << 10, 1 << 20, 4 << 20, 16 << 20};
    /* c-blosc's block size, and one forced small one (for the split codecs
     * c-blosc multiplies it by the type size) to see whether more, smaller
     * blocks rescue the second thread. */
    static const int block_sizes[] = {0, 16 << 10};
    static const struct {
        const char *compressor;
        int shuffle;
    } codecs[] = {{"lz4", BLOSC_SHUFFLE}, {"zstd", BLOSC_BITSHUFFLE}};
    printf("c-blosc %s called directly, %zu MiB per data kind, fastest of %d calls per chunk; CPU = process CPU time / wall time\n",
           BLOSC_VERSION_STRING, total >> 20, repeats);
    printf("%-15s %-16s %7s %6s %6s %4s %6s %9s %4s %9s %4s %7s   %s\n", "data", "codec", "chunk", "block",
           "blocks", "thr", "ratio", "comp MB/s", "CPU", "dec MB/s", "CPU", "faults", "2 threads / 1");
    blosc_init();
    for (int kind = 0; kind < MEASUREMENT_RANDOM_BYTES; kind++) {
        measurement_fill((measurement_kind)kind, data, total, 17);
        const char *name = measurement_name((measurement_kind)kind);
        size_t type_size = measurement_type_size((measurement_kind)kind);
        for (size_t c = 0; c < sizeof codecs / sizeof codecs[0]; c++) {
            char label[32];
            snprintf(label, sizeof label, "%s %s", codecs[c].compressor,
                     codecs[c].shuffle == BLOSC_SHUFFLE ? "shuffle" : "bitshuffle");
            for (size_t k = 0; k < sizeof chunk_sizes / sizeof chunk_sizes[0]; k++)
                for (size_t b = 0; b < sizeof block_sizes / sizeof block_sizes[0]; b++) {
                    if ((size_t)block_sizes[b] >= chunk_sizes[k])
                        continue;
                    setup s = {codecs[c].compressor, codecs[c].shuffle, type_size, chunk_sizes[k], block_sizes[b], 1, 0};
                    outcome one = run(&s, data, total, repeats);
                    print(name, label, &s, &one, NULL);
                    s.threads = 2;
                    outcome two = run(&s, data, total, repeats);
                    print(name, label, &s, &two, &one);
                    if (b == 0) {
                        s.global_pool = 1;
                        outcome pool = run(&s, data, total, repeats);
                        print(name, label, &s, &pool, &one);
                    }
                }
        }
    }
    blosc_destroy();
    free(data);
    return 0;
}
