/*
 * test_threads.c — several threads using h5x at once.
 *
 *   test_threads --connector native|core [--threads N] [--rounds R] [--tmpdir DIR]
 *
 * Every thread runs the same mixed workload, parameterised by its number:
 * in a file of its own and, at the same time as the others, in one file
 * all of them share, it creates groups and datasets, writes and reads them
 * through selections, sets and reads attributes, lists and deletes links,
 * parses selections and dtypes and converts values in memory, and reads a
 * dataset every thread reads through the same handle.  It also provokes an
 * error of its own and checks that the last error it sees is that one, not
 * another thread's.  Each thread folds everything it read back into a
 * digest.
 *
 * The workload runs twice: first serially (one thread after the other),
 * then concurrently.  The test passes when every thread's digest and the
 * final contents of every file are identical in both runs, no call failed,
 * and the concurrent run finished (a watchdog turns a deadlock into a
 * failure).  Built with -DH5X_TSAN=ON it runs under ThreadSanitizer, which
 * then also checks that the library's one lock orders every shared access.
 * The last line is "N passed, M failed".
 */
#include "h5x.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_THREADS = 16, COMMON_LENGTH = 64 };

typedef struct run_config {
    const char *connector; /* "native" or "core" */
    char directory[2048];
    int threads;
    int rounds;
} run_config;

typedef struct shared_state {
    const run_config *config;
    const char *tag;         /* "serial" or "threads": names the files of one run */
    h5x_object *shared_file; /* written by every thread */
    h5x_object *common;      /* /common in the shared file, read by every thread through this handle */
} shared_state;

typedef struct worker {
    shared_state *shared;
    int index;
    uint64_t digest;
    int failures;
    char first_failure[512];
} worker;

/* ------------------------------------------------------------ reporting */

static void fail(worker *w, const char *what)
{
    if (w->failures++ == 0)
        snprintf(w->first_failure, sizeof w->first_failure, "%s: %s", what, h5x_last_error()->message);
}

#define NEED(w, expression)                 \
    do {                                    \
        if (!(expression))                  \
            fail((w), #expression);         \
    } while (0)

static void mix(uint64_t *h, const void *data, size_t size)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < size; i++) {
        *h ^= p[i];
        *h *= UINT64_C(0x100000001b3);
    }
}

static void mix_text(uint64_t *h, const char *text)
{
    if (text)
        mix(h, text, strlen(text) + 1);
}

/* ------------------------------------------------------------- workload */

/* A URI for a file of this run. */
static void file_uri(const shared_state *s, const char *stem, int index, char *out, size_t size)
{
    snprintf(out, size, "%s:%s/%s-%s-%s-%d.h5", s->config->connector, s->config->directory, s->tag,
             s->config->connector, stem, index);
}

/* Pure work that takes no lock: selections and dtypes parsed and printed,
 * values converted. */
static void parse_and_convert(worker *w, int round)
{
    char text[64];
    snprintf(text, sizeof text, "%d:%d, ::%d, [0, %d]", round % 3, 5 + w->index, 1 + round % 4, 2 + w->index);
    h5x_selection *sel = h5x_selection_parse(text);
    NEED(w, sel != NULL);
    char *canonical = h5x_selection_to_string(sel);
    NEED(w, canonical != NULL);
    mix_text(&w->digest, canonical);
    h5x_free(canonical);
    h5x_close(sel);

    h5x_dtype *big_endian = h5x_dtype_parse(">f8");
    NEED(w, big_endian != NULL);
    int32_t in[32];
    double out[32];
    for (int i = 0; i < 32; i++)
        in[i] = (w->index + 1) * 1000 + round * 32 + i;
    NEED(w, h5x_dtype_convert(H5X_I32, in, big_endian, out, 32) == 0);
    mix(&w->digest, out, sizeof out);
    h5x_close(big_endian);
}

/* The thread's own error must be the one it reads back. */
static void own_error(worker *w, int round)
{
    char path[64];
    snprintf(path, sizeof path, "/missing-%d-%d", w->index, round);
    h5x_object *none = h5x_open(w->shared->shared_file, path);
    NEED(w, none == NULL);
    NEED(w, h5x_last_error()->code == H5X_ERR_NOT_FOUND);
    NEED(w, strstr(h5x_last_error()->message, path) != NULL || strstr(h5x_last_error()->object_path, path) != NULL);
    h5x_close(none);
}

/* Creates, writes, reads back and edits a small tree under base ("" for
 * the root) in file. */
static void tree_work(worker *w, h5x_object *file, const char *base, int round)
{
    char path[256];
    snprintf(path, sizeof path, "%s/round-%03d", base, round);
    h5x_object *group = h5x_group_create(file, path, NULL);
    NEED(w, group != NULL);
    if (!group)
        return;
    int64_t tag = w->index * 100000 + round;
    NEED(w, h5x_attr_set(group, "tag", H5X_I64, NULL, &tag) == 0);

    h5x_shape shape = h5x_shape_of(2, (const uint64_t[]){6, 8});
    h5x_object *data = h5x_dataset_create(group, "data", H5X_I32, &shape, NULL);
    NEED(w, data != NULL);
    if (data) {
        int32_t values[48];
        for (int i = 0; i < 48; i++)
            values[i] = (int32_t)(tag * 7 + i);
        NEED(w, h5x_dataset_write(data, NULL, H5X_I32, values, NULL) == 0);
        int32_t row[8] = {0};
        NEED(w, h5x_dataset_write_text(data, "2, :", H5X_I32, row, NULL) == 0);
        double part[3 * 4];
        NEED(w, h5x_dataset_read_text(data, "1:4, ::2", H5X_F64, part, sizeof part) == 0);
        mix(&w->digest, part, sizeof part);
        float scale = 0.5f + (float)round;
        NEED(w, h5x_attr_set(data, "scale", H5X_F32, NULL, &scale) == 0);
        h5x_close(data);
    }
    if (round % 3 == 2) {
        NEED(w, h5x_link_soft(group, "alias", "data") == 0);
        NEED(w, h5x_delete(group, "alias") == 0);
    }

    char **names = NULL;
    size_t count = 0;
    NEED(w, h5x_group_names(group, H5X_ORDER_NAME, &names, &count) == 0);
    for (size_t i = 0; i < count; i++)
        mix_text(&w->digest, names[i]);
    h5x_free_names(names, count);
    int64_t back = 0;
    NEED(w, h5x_attr_get(group, "tag", H5X_I64, &back, sizeof back) == 0 && back == tag);
    mix(&w->digest, &back, sizeof back);
    h5x_close(group);
}

static void read_common(worker *w)
{
    double values[COMMON_LENGTH];
    NEED(w, h5x_dataset_read(w->shared->common, NULL, H5X_F64, values, sizeof values) == 0);
    mix(&w->digest, values, sizeof values);
    int16_t tail[4];
    NEED(w, h5x_dataset_read_text(w->shared->common, "-4:", H5X_I16, tail, sizeof tail) == 0);
    mix(&w->digest, tail, sizeof tail);
}

static void *work(void *arg)
{
    worker *w = arg;
    const shared_state *s = w->shared;
    char uri[4096];
    file_uri(s, "own", w->index, uri, sizeof uri);
    h5x_object *own = h5x_file_open(uri, "w", NULL);
    NEED(w, own != NULL);
    char base[64];
    snprintf(base, sizeof base, "/thread-%02d", w->index);
    for (int round = 0; round < s->config->rounds; round++) {
        parse_and_convert(w, round);
        own_error(w, round);
        if (own)
            tree_work(w, own, "", round);
        tree_work(w, s->shared_file, base, round);
        read_common(w);
        char name[32];
        snprintf(name, sizeof name, "t%02d-r%03d", w->index, round);
        int32_t value = w->index * 1000 + round;
        NEED(w, h5x_attr_set(s->shared_file, name, H5X_I32, NULL, &value) == 0);
    }
    /* the own file is closed here; the core connector's vanishes with it,
     * so its contents are compared through the digest only */
    h5x_close(own);
    return NULL;
}

/* ------------------------------------------------------ file comparison */

static int digest_group(h5x_object *group, uint64_t *h, int depth)
{
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(group, H5X_ORDER_NAME, &names, &count) < 0)
        return -1;
    int rc = 0;
    char **attrs = NULL;
    size_t nattrs = 0;
    if (h5x_attr_names(group, H5X_ORDER_NAME, &attrs, &nattrs) < 0)
        rc = -1;
    for (size_t i = 0; i < nattrs && rc == 0; i++) {
        int64_t value = 0;
        mix_text(h, attrs[i]);
        rc = h5x_attr_get(group, attrs[i], H5X_I64, &value, sizeof value) < 0 ? -1 : 0;
        mix(h, &value, sizeof value);
    }
    h5x_free_names(attrs, nattrs);
    for (size_t i = 0; i < count && rc == 0 && depth < 8; i++) {
        mix_text(h, names[i]);
        h5x_object *child = h5x_open(group, names[i]);
        if (!child) {
            rc = -1;
            break;
        }
        if (h5x_object_get_kind(child) == H5X_KIND_GROUP) {
            rc = digest_group(child, h, depth + 1);
        } else {
            double values[64];
            h5x_shape shape;
            rc = h5x_dataset_shape(child, &shape) < 0 || h5x_shape_size(&shape) > 64 ? -1 : 0;
            if (rc == 0)
                rc = h5x_dataset_read(child, NULL, H5X_F64, values, sizeof values) < 0 ? -1 : 0;
            if (rc == 0)
                mix(h, values, sizeof values[0] * h5x_shape_size(&shape));
        }
        h5x_close(child);
    }
    h5x_free_names(names, count);
    return rc;
}

/* ------------------------------------------------------------------ runs */

typedef struct run_result {
    uint64_t digests[MAX_THREADS];
    uint64_t shared_digest;
    int failures;
} run_result;

static int run(const run_config *config, int concurrently, run_result *result)
{
    memset(result, 0, sizeof *result);
    shared_state shared = {config, concurrently ? "threads" : "serial", NULL, NULL};
    char uri[4096];
    file_uri(&shared, "shared", 0, uri, sizeof uri);
    shared.shared_file = h5x_file_open(uri, "w", NULL);
    if (!shared.shared_file) {
        printf("FAIL opening %s: %s\n", uri, h5x_last_error()->message);
        return -1;
    }
    h5x_shape shape = h5x_shape_of(1, (const uint64_t[]){COMMON_LENGTH});
    shared.common = h5x_dataset_create(shared.shared_file, "/common", H5X_F32, &shape, NULL);
    float values[COMMON_LENGTH];
    for (int i = 0; i < COMMON_LENGTH; i++)
        values[i] = (float)i * 1.25f - 3;
    if (!shared.common || h5x_dataset_write(shared.common, NULL, H5X_F32, values, NULL) != 0) {
        printf("FAIL writing /common: %s\n", h5x_last_error()->message);
        return -1;
    }

    worker workers[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    for (int t = 0; t < config->threads; t++) {
        memset(&workers[t], 0, sizeof workers[t]);
        workers[t].shared = &shared;
        workers[t].index = t;
        workers[t].digest = UINT64_C(0xcbf29ce484222325);
    }
    if (concurrently) {
        for (int t = 0; t < config->threads; t++)
            if (pthread_create(&ids[t], NULL, work, &workers[t]) != 0) {
                printf("FAIL starting thread %d\n", t);
                return -1;
            }
        for (int t = 0; t < config->threads; t++)
            pthread_join(ids[t], NULL);
    } else {
        for (int t = 0; t < config->threads; t++)
            work(&workers[t]);
    }
    for (int t = 0; t < config->threads; t++) {
        result->digests[t] = workers[t].digest;
        result->failures += workers[t].failures;
        if (workers[t].failures)
            printf("FAIL %s run, thread %d: %d failed calls, the first: %s\n", shared.tag, t, workers[t].failures,
                   workers[t].first_failure);
    }
    result->shared_digest = UINT64_C(0xcbf29ce484222325);
    h5x_close(shared.common);
    if (digest_group(shared.shared_file, &result->shared_digest, 0) != 0) {
        printf("FAIL reading back the shared file: %s\n", h5x_last_error()->message);
        result->failures++;
    }
    h5x_close(shared.shared_file);
    return 0;
}

static void watchdog(int signal_number)
{
    (void)signal_number;
    static const char message[] = "FAIL the run did not finish in time (deadlock?)\n0 passed, 1 failed\n";
    ssize_t ignored = write(STDOUT_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(1);
}

int main(int argc, char **argv)
{
    run_config config = {NULL, "", 4, 12};
    const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--connector") == 0 && i + 1 < argc)
            config.connector = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            config.threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            config.rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--tmpdir") == 0 && i + 1 < argc)
            tmpdir = argv[++i];
        else
            config.connector = NULL, i = argc;
    }
    if (!config.connector || config.threads < 1 || config.threads > MAX_THREADS || config.rounds < 1) {
        fprintf(stderr, "usage: test_threads --connector native|core [--threads 1-%d] [--rounds R] [--tmpdir DIR]\n",
                MAX_THREADS);
        return 2;
    }
    snprintf(config.directory, sizeof config.directory, "%s/threads-%s-%ld", tmpdir, config.connector,
             (long)getpid());
    char command[4300];
    snprintf(command, sizeof command, "mkdir -p '%s'", config.directory);
    if (system(command) != 0)
        return 1;
    signal(SIGALRM, watchdog);
    alarm(600);

    int passed = 0, failed = 0;
    run_result serial, threaded;
    if (run(&config, 0, &serial) != 0 || run(&config, 1, &threaded) != 0) {
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    (serial.failures == 0 ? passed++ : failed++);
    (threaded.failures == 0 ? passed++ : failed++);
    for (int t = 0; t < config.threads; t++) {
        if (serial.digests[t] == threaded.digests[t]) {
            passed++;
        } else {
            failed++;
            printf("FAIL thread %d read back other values concurrently than serially\n", t);
        }
    }
    if (serial.shared_digest == threaded.shared_digest) {
        passed++;
    } else {
        failed++;
        printf("FAIL the shared file holds other contents after the concurrent run\n");
    }
    printf("%s: %d threads x %d rounds, serial and concurrent runs %s\n", config.connector, config.threads,
           config.rounds, failed ? "differ" : "agree");
    if (failed == 0) {
        snprintf(command, sizeof command, "rm -rf '%s'", config.directory);
        if (system(command) != 0)
            fprintf(stderr, "test_threads: could not remove %s\n", config.directory);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
