/*
 * bench_common.c — see bench_common.h.  The helpers die (bench_die) where a
 * benchmark has nothing left to measure, and return -1.0 where one run
 * failed and the table should say so.
 */
#include "bench_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "h5x.h"

void bench_enter_scratch(int argc, char **argv)
{
    if (argc > 2)
        bench_die("usage: %s [scratch-directory]", argv[0]);
    if (argc == 2 && chdir(argv[1]) != 0)
        bench_die("cannot enter %s: %s", argv[1], strerror(errno));
}

bench_bulk_buffers bench_bulk_alloc(void)
{
    bench_bulk_buffers buffers = {malloc(BENCH_BULK_BYTES), malloc(BENCH_BULK_BYTES)};
    if (!buffers.data || !buffers.readback)
        bench_die("cannot allocate 2 x %llu bytes", (unsigned long long)BENCH_BULK_BYTES);
    for (uint64_t i = 0; i < BENCH_BULK_ELEMENTS; i++)
        buffers.data[i] = (double)i * 0.25 - 1e6;
    memset(buffers.readback, 0, BENCH_BULK_BYTES);
    return buffers;
}

void bench_bulk_free(bench_bulk_buffers *buffers)
{
    free(buffers->data);
    free(buffers->readback);
    buffers->data = buffers->readback = NULL;
}

double bench_h5x_failed(const char *program, const char *step, const char *where)
{
    const h5x_error_info *error = h5x_last_error();
    fprintf(stderr, "%s: h5x %s on %s failed: %s (%s) [file %s, object %s, connector %s]\n", program, step,
            where, error->message, h5x_strerror(error->code), error->file_path, error->object_path,
            error->connector);
    return -1.0;
}

static void member_name(char *out, size_t size, const char *pattern, unsigned index)
{
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    snprintf(out, size, pattern, index);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

void bench_remove(const char *name)
{
    if (strchr(name, '%') == NULL) {
        if (unlink(name) != 0 && errno != ENOENT)
            bench_die("cannot remove %s: %s", name, strerror(errno));
        return;
    }
    for (unsigned i = 0;; i++) {
        char member[4096];
        member_name(member, sizeof member, name, i);
        if (unlink(member) != 0)
            break;
    }
}

void bench_fresh_output(const char *name)
{
    bench_remove(name);
    sync();
}

unsigned bench_member_count(const char *pattern)
{
    unsigned count = 0;
    for (;; count++) {
        char member[4096];
        struct stat info;
        member_name(member, sizeof member, pattern, count);
        if (stat(member, &info) != 0)
            return count;
    }
}

uint64_t bench_bytes_on_disk(const char *name)
{
    struct stat info;
    if (strchr(name, '%') == NULL)
        return stat(name, &info) == 0 ? (uint64_t)info.st_size : 0;
    uint64_t total = 0;
    unsigned count = bench_member_count(name);
    for (unsigned i = 0; i < count; i++) {
        char member[4096];
        member_name(member, sizeof member, name, i);
        if (stat(member, &info) == 0)
            total += (uint64_t)info.st_size;
    }
    return total;
}

static void settle_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0)
        bench_die("cannot fsync %s: %s", path, strerror(errno));
    close(fd);
}

void bench_settle(const char *name)
{
    if (strchr(name, '%') == NULL) {
        settle_file(name);
        return;
    }
    unsigned count = bench_member_count(name);
    for (unsigned i = 0; i < count; i++) {
        char member[4096];
        member_name(member, sizeof member, name, i);
        settle_file(member);
    }
}
