/*
 * fault_storage.c — files that lose room or companions.
 *
 *   fault_storage WRITER DIRECTORY
 *
 *  - disk full: faults_writer appends under a file size limit
 *    (RLIMIT_FSIZE) in SWMR and in normal mode.  The write that crosses the
 *    limit must fail with an error and a message, and the writer must not
 *    crash, closing the file included.  In SWMR mode every row flushed
 *    before must read back afterwards; in normal mode libhdf5 may refuse
 *    the file as truncated, with a message (see diskfull()).
 *  - family: a family written over many small members, then one member
 *    removed or truncated: opening it fails with an error that names the
 *    member's file; put back, the family reads as before.
 *  - external link: its target file removed, following the link fails
 *    with H5X_ERR_NOT_FOUND naming the target, while the link itself is
 *    still listed; with an allowed-directories list that leaves the
 *    target out, following it is H5X_ERR_NOT_ALLOWED.
 *  - virtual dataset: its source file removed, reading gives the fill
 *    value (libhdf5's documented behaviour for a missing source).
 *
 * The last line is "N passed, M failed".
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"
#include "harness.h"

static char directory[3000];

static void path_in(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", directory, name);
}

/* 1 when the last error has the code and its message contains text. */
static int check_error(int code, const char *text)
{
    const h5x_error_info *e = h5x_last_error();
    return CHECK_MSG(e->code == code && strstr(e->message, text) != NULL,
                     "expected %s naming \"%s\", got %s: \"%s\"", harness_status_name(code), text,
                     harness_status_name(e->code), e->message);
}

/* ------------------------------------------------------------ disk full */

typedef struct diskfull_report {
    unsigned long long rows;
    int error_code;
    char error[1024];
    int closed_seen;
    int closed_status;
} diskfull_report;

static int on_diskfull_line(const char *line, void *context)
{
    diskfull_report *report = context;
    unsigned long long rows;
    int code, offset = 0;
    if (sscanf(line, "rows %llu", &rows) == 1)
        report->rows = rows;
    else if (sscanf(line, "closed %d", &code) == 1) {
        report->closed_seen = 1;
        report->closed_status = code;
    } else if (sscanf(line, "error %d %n", &code, &offset) == 1 && report->error_code == 0) {
        report->error_code = code;
        snprintf(report->error, sizeof report->error, "%s", line + offset);
    }
    return 0;
}

static void diskfull(const char *writer, const char *mode)
{
    char case_name[128], path[4096];
    snprintf(case_name, sizeof case_name, "disk full (RLIMIT_FSIZE) in %s mode", mode);
    harness_case(case_name);
    snprintf(case_name, sizeof case_name, "diskfull_%s.h5", mode);
    path_in(path, sizeof path, case_name);
    unlink(path);
    const unsigned long long limit = 96 * 1024;
    char limit_text[32];
    snprintf(limit_text, sizeof limit_text, "%llu", limit);
    char *argv[] = {(char *)writer, "diskfull", path, limit_text, (char *)mode, NULL};
    fault_child child;
    REQUIRE(fault_spawn(&child, argv) == 0);
    diskfull_report report = {0};
    int closed = 0;
    for (int waited = 0; !closed && waited < 600; waited++)
        closed = fault_read_lines(&child, 100, on_diskfull_line, &report) == 1;
    if (!closed)
        kill(child.pid, SIGKILL);
    int status = fault_wait(&child);
    REQUIRE(CHECK_MSG(closed, "the writer did not stop within a minute"));
    CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer %s %d",
              WIFSIGNALED(status) ? "died of signal" : "exited with",
              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    CHECK_MSG(report.error_code < 0 && report.error[0] != '\0', "the write past the limit failed without an error");
    CHECK_MSG(strstr(report.error, "File too large") != NULL || strstr(report.error, "write") != NULL,
              "the error does not say that a write failed: \"%s\"", report.error);
    CHECK_MSG(report.rows > 0, "no flush succeeded before the limit");
    CHECK_MSG(report.closed_seen, "the writer did not get to close the file");
    struct stat st;
    if (CHECK(stat(path, &st) == 0))
        CHECK_MSG((unsigned long long)st.st_size <= limit, "the file has %lld bytes, over the limit %llu",
                  (long long)st.st_size, limit);
    harness_note("%s: %llu rows flushed, then %s: %s; closing gave %d", mode, report.rows,
                 harness_status_name(report.error_code), report.error, report.closed_status);

    /* SWMR orders its writes so that what was flushed stays readable.  In
     * normal mode libhdf5 has already recorded the new end of the file in
     * the superblock when the write past the limit fails, and then refuses
     * the file as truncated, with a message; native's allow_truncated=1
     * then opens it for reading, and what was flushed reads back. */
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.swmr = strcmp(mode, "swmr") == 0;
    h5x_clear_error();
    h5x_object *file = h5x_file_open(path, "r", &options);
    if (!file && !options.swmr) {
        if (check_error(H5X_ERR_CORRUPT, "truncated file"))
            harness_note("normal: the file is refused afterwards: %s", h5x_last_error()->message);
        /* no silent loss: a close that said all was written must leave a
         * file that opens */
        CHECK_MSG(report.closed_status < 0, "closing the file reported success, yet it is refused afterwards");
        char uri[4200];
        snprintf(uri, sizeof uri, "native;allow_truncated=1:%s", path);
        file = h5x_file_open(uri, "r", &options);
        if (!file)
            harness_note("allow_truncated: %s", h5x_last_error()->message);
        CHECK_MSG(h5x_file_open(uri, "r+", &options) == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT,
                  "allow_truncated=1 must refuse to write");
    }
    REQUIRE(CHECK_MSG(file != NULL, "the file does not open after the disk filled: %s", h5x_last_error()->message));
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    h5x_shape shape;
    if (data && CHECK_OK(h5x_dataset_shape(data, &shape)) >= 0 && CHECK_INT(shape.rank, 2) &&
        CHECK_MSG(shape.dims[0] >= report.rows, "/data has %llu rows, %llu were flushed",
                  (unsigned long long)shape.dims[0], report.rows) &&
        report.rows > 0) {
        size_t n = (size_t)report.rows * FAULT_WIDTH;
        int64_t *values = malloc(n * sizeof *values);
        char selection[64];
        snprintf(selection, sizeof selection, ":%llu", report.rows);
        if (CHECK(values != NULL) &&
            CHECK_OK(h5x_dataset_read_text(data, selection, H5X_I64, values, n * sizeof *values)) >= 0) {
            size_t wrong = 0;
            for (size_t i = 0; i < n; i++)
                wrong += values[i] != fault_value(i / FAULT_WIDTH, (unsigned)(i % FAULT_WIDTH));
            CHECK_MSG(wrong == 0, "%zu of the %zu flushed values are wrong", wrong, n);
        }
        free(values);
    }
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

/* --------------------------------------------------------------- family */

enum { FAMILY_VALUES = 6000 };

static void write_family(const char *uri)
{
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (!file)
        return;
    double *values = malloc(FAMILY_VALUES * sizeof *values);
    REQUIRE(values != NULL);
    for (int i = 0; i < FAMILY_VALUES; i++)
        values[i] = i * 0.5;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){FAMILY_VALUES});
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "values", H5X_F64, &shape, NULL));
    if (data)
        CHECK_OK(h5x_dataset_write(data, NULL, H5X_F64, values, NULL));
    free(values);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

/* The family opens and holds every value. */
static int family_reads_back(const char *uri)
{
    h5x_clear_error();
    h5x_object *file = h5x_file_open(uri, "r", NULL);
    if (!CHECK_MSG(file != NULL, "the family does not open: %s", h5x_last_error()->message))
        return 0;
    double *values = calloc(FAMILY_VALUES, sizeof *values);
    h5x_object *data = CHECK_PTR(h5x_open(file, "values"));
    int ok = values && data &&
             CHECK_OK(h5x_dataset_read(data, NULL, H5X_F64, values, FAMILY_VALUES * sizeof *values)) >= 0;
    for (int i = 0; ok && i < FAMILY_VALUES; i++)
        ok = CHECK_MSG(values[i] == i * 0.5, "values[%d] = %g", i, values[i]);
    free(values);
    h5x_close(data);
    h5x_close(file);
    return ok;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buffer[8192];
    size_t n;
    int ok = in && out;
    while (ok && (n = fread(buffer, 1, sizeof buffer, in)) > 0)
        ok = fwrite(buffer, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

static void family(void)
{
    char pattern[4096], uri[4200], member[4200], saved[4300];
    path_in(pattern, sizeof pattern, "fam-%d.h5");
    snprintf(uri, sizeof uri, "family;member_size=4KiB:%s", pattern);
    for (int i = 0; i < 64; i++) {
        snprintf(member, sizeof member, pattern, i);
        unlink(member);
    }
    harness_case("family: written over small members, it reads back");
    write_family(uri);
    int members = 0;
    for (struct stat st; members < 64; members++) {
        snprintf(member, sizeof member, pattern, members);
        if (stat(member, &st) != 0)
            break;
    }
    REQUIRE(CHECK_MSG(members >= 6, "only %d members were written", members));
    REQUIRE(family_reads_back(uri));

    /* a middle member, the first and the last: each removed, then truncated */
    int victims[] = {members / 2, 0, members - 1};
    for (size_t v = 0; v < sizeof victims / sizeof victims[0]; v++) {
        char case_name[128];
        snprintf(member, sizeof member, pattern, victims[v]);
        snprintf(saved, sizeof saved, "%s.saved", member);
        REQUIRE(copy_file(member, saved) == 0);

        snprintf(case_name, sizeof case_name, "family: member %d of %d removed", victims[v], members);
        harness_case(case_name);
        REQUIRE(unlink(member) == 0);
        h5x_clear_error();
        h5x_object *file = h5x_file_open(uri, "r", NULL);
        if (CHECK_MSG(file == NULL, "the family opened without member %d", victims[v]))
            check_error(H5X_ERR_NOT_FOUND, member);
        h5x_close(file);

        snprintf(case_name, sizeof case_name, "family: member %d of %d truncated", victims[v], members);
        harness_case(case_name);
        REQUIRE(copy_file(saved, member) == 0);
        struct stat st;
        REQUIRE(stat(member, &st) == 0);
        REQUIRE(truncate(member, st.st_size / 3) == 0);
        h5x_clear_error();
        file = h5x_file_open(uri, "r", NULL);
        if (CHECK_MSG(file == NULL, "the family opened with member %d truncated to %lld bytes", victims[v],
                      (long long)(st.st_size / 3)))
            check_error(victims[v] == 0 ? h5x_last_error()->code : H5X_ERR_CORRUPT, member);
        h5x_close(file);

        harness_case("family: the member put back, it reads back again");
        REQUIRE(rename(saved, member) == 0);
        family_reads_back(uri);
    }
}

/* -------------------------------------------------------- external link */

static void external_link(void)
{
    char source[4096], target[4096];
    path_in(source, sizeof source, "ext_source.h5");
    path_in(target, sizeof target, "ext_target.h5");
    harness_case("external link: followed while its target exists");
    h5x_object *file = CHECK_PTR(h5x_file_open(target, "w", NULL));
    REQUIRE(file != NULL);
    int64_t answer = 42;
    h5x_shape one = h5x_shape_of(1, (uint64_t[]){1});
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "group/answer", H5X_I64, &one, NULL));
    if (data)
        CHECK_OK(h5x_dataset_write(data, NULL, H5X_I64, &answer, NULL));
    h5x_close(data);
    CHECK_OK(h5x_close(file));
    file = CHECK_PTR(h5x_file_open(source, "w", NULL));
    REQUIRE(file != NULL);
    CHECK_OK(h5x_link_external(file, "outside", "ext_target.h5", "/group"));
    CHECK_OK(h5x_close(file));

    file = CHECK_PTR(h5x_file_open(source, "r", NULL));
    REQUIRE(file != NULL);
    data = CHECK_PTR(h5x_open(file, "outside/answer"));
    int64_t got = 0;
    if (data && CHECK_OK(h5x_dataset_read(data, NULL, H5X_I64, &got, sizeof got)) >= 0)
        CHECK_INT(got, 42);
    h5x_close(data);
    CHECK_OK(h5x_close(file));

    harness_case("external link: outside the allowed directories it is refused");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.allowed_target_prefixes = "/nonexistent-allowed-directory";
    file = CHECK_PTR(h5x_file_open(source, "r", &options));
    if (file) {
        h5x_clear_error();
        data = h5x_open(file, "outside/answer");
        if (CHECK_MSG(data == NULL, "an external link outside the allowed directories was followed"))
            check_error(H5X_ERR_NOT_ALLOWED, "ext_target.h5");
        h5x_close(data);
        CHECK_OK(h5x_close(file));
    }

    harness_case("external link: its target removed, following it is an error naming the target");
    REQUIRE(unlink(target) == 0);
    file = CHECK_PTR(h5x_file_open(source, "r", NULL));
    REQUIRE(file != NULL);
    h5x_clear_error();
    data = h5x_open(file, "outside/answer");
    if (CHECK_MSG(data == NULL, "a dataset opened through an external link whose target is gone"))
        check_error(H5X_ERR_NOT_FOUND, "ext_target.h5");
    h5x_close(data);
    /* the link itself is still there, and says where it pointed */
    h5x_link_info info;
    if (CHECK_OK(h5x_link_get_info(file, "outside", &info)) >= 0) {
        CHECK_INT(info.kind, H5X_LINK_EXTERNAL);
        CHECK_STR(info.target_file, "ext_target.h5");
        h5x_free(info.target_path);
        h5x_free(info.target_file);
    }
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------ virtual dataset */

static void vds_source_removed(void)
{
    char source[4096], vds[4096];
    path_in(source, sizeof source, "vds_source.h5");
    path_in(vds, sizeof vds, "vds.h5");
    harness_case("virtual dataset: reads its source");
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){10});
    h5x_object *file = CHECK_PTR(h5x_file_open(source, "w", NULL));
    REQUIRE(file != NULL);
    int32_t values[10];
    for (int i = 0; i < 10; i++)
        values[i] = 100 + i;
    h5x_object *data = CHECK_PTR(h5x_dataset_create(file, "source", H5X_I32, &shape, NULL));
    if (data)
        CHECK_OK(h5x_dataset_write(data, NULL, H5X_I32, values, NULL));
    h5x_close(data);
    CHECK_OK(h5x_close(file));

    h5x_vds_layout *layout = CHECK_PTR(h5x_vds_layout_new(&shape, H5X_I32));
    h5x_vds_source *vsource = CHECK_PTR(h5x_vds_source_new("vds_source.h5", "source", &shape, NULL));
    REQUIRE(layout && vsource);
    CHECK_OK(h5x_vds_layout_map(layout, NULL, vsource));
    file = CHECK_PTR(h5x_file_open(vds, "w", NULL));
    REQUIRE(file != NULL);
    int32_t fill = -7;
    h5x_close(CHECK_PTR(h5x_vds_create(file, "virtual", layout, &fill)));
    h5x_close(vsource);
    h5x_close(layout);
    CHECK_OK(h5x_close(file));

    int32_t got[10];
    file = CHECK_PTR(h5x_file_open(vds, "r", NULL));
    REQUIRE(file != NULL);
    data = CHECK_PTR(h5x_open(file, "virtual"));
    if (data && CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, got, sizeof got)) >= 0)
        CHECK_BYTES(got, values, sizeof got);
    h5x_close(data);
    CHECK_OK(h5x_close(file));

    harness_case("virtual dataset: its source removed, it reads as the fill value");
    REQUIRE(unlink(source) == 0);
    file = CHECK_PTR(h5x_file_open(vds, "r", NULL));
    REQUIRE(file != NULL);
    data = CHECK_PTR(h5x_open(file, "virtual"));
    if (data && CHECK_OK(h5x_dataset_read(data, NULL, H5X_I32, got, sizeof got)) >= 0) {
        int32_t fills[10];
        for (int i = 0; i < 10; i++)
            fills[i] = fill;
        CHECK_BYTES(got, fills, sizeof got);
    }
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fault_storage WRITER DIRECTORY\n");
        return 2;
    }
    snprintf(directory, sizeof directory, "%s", argv[2]);
    signal(SIGPIPE, SIG_IGN);
    harness_section("disk full");
    diskfull(argv[1], "swmr");
    diskfull(argv[1], "normal");
    harness_section("missing companions");
    family();
    external_link();
    vds_source_removed();
    return harness_finish();
}
