/*
 * cmd_cp.c — `h5x cp`: copies objects within a file or between files,
 * between any two connectors, through the library's generic h5x_copy.
 *
 * The semantics are cp(1)'s, adapted to a hierarchy of groups:
 *
 *  - A dataset is copied as is; a group only with -r ("is a group" and
 *    status 1 otherwise, as cp says "omitting directory").
 *  - The destination file is opened with mode "a": created when missing,
 *    never truncated.
 *  - When the destination names an existing group, the source goes inside
 *    it under its own name; otherwise it is created under the destination
 *    name, with any missing parent groups.  Copying the root group of a
 *    file copies its contents (attributes and members), so
 *    `h5x cp -r in.h5 out.h5` copies a whole file.
 *  - A group copied onto an existing group is merged into it, member by
 *    member, recursively.  Anything else that already exists is left alone
 *    and reported (status 1) unless -f is given, which replaces it.  This
 *    is stricter than cp, which overwrites files silently: datasets are
 *    often expensive to make again.
 *  - A group cannot be copied into itself.
 *
 * Whatever does not exist at the destination is copied whole by one
 * h5x_copy call, so that the library carries over everything it knows
 * about it (links, properties, attributes).  Only merges walk: the members
 * of a group copied onto an existing group (the root of a file, always)
 * are copied one by one.  The same walk drives the progress bar of a long
 * copy, which advances member by member (on stderr, only when it is a
 * terminal and the copy has taken more than half a second; nothing at all
 * otherwise).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "h5x_tool.h"

static const char usage[] =
    "usage: h5x cp [-r] [-f] SOURCE DESTINATION\n"
    "\n"
    "Copies the object SOURCE (FILE[/path]) to DESTINATION (FILE[/path]),\n"
    "within one file or between files and connectors.\n"
    "\n"
    "  -r   copy groups, recursively; the root group of a file copies the\n"
    "       whole file's contents\n"
    "  -f   replace destination objects and attributes that already exist\n"
    "\n"
    "The destination file is created when missing and never truncated.  An\n"
    "existing destination group receives SOURCE under its own name; a group\n"
    "copied onto a group is merged into it.  Without -f, existing objects\n"
    "are left alone and reported.  Missing parent groups are created.\n"
    "\n"
    "Examples:\n"
    "    h5x cp -r in.h5 out.h5                 the whole file\n"
    "    h5x cp in.h5/grp/data out.h5/backup    one dataset, renamed\n"
    "    h5x cp -r in.h5/grp core:scratch.h5    into another connector\n";

typedef struct cp_progress {
    int enabled; /* stderr is a terminal */
    int shown;
    struct timespec start;
    uint64_t total; /* bytes of data to copy */
    uint64_t done;
} cp_progress;

typedef struct cp_job {
    const char *src_file_path;
    const char *dst_file_path;
    h5x_object *src_file;
    h5x_object *dst_file;
    int force;
    int failed;
    cp_progress progress;
} cp_job;

/* ------------------------------------------------------------- progress */

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void human_size(uint64_t bytes, char *out, size_t size)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = (double)bytes;
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        unit++;
    }
    if (unit == 0)
        snprintf(out, size, "%" PRIu64 " B", bytes);
    else
        snprintf(out, size, "%.1f %s", value, units[unit]);
}

static void progress_draw(cp_progress *progress)
{
    enum { BAR = 30 };
    uint64_t total = progress->total > 0 ? progress->total : 1;
    uint64_t done = progress->done < total ? progress->done : total;
    int filled = (int)((double)done / (double)total * BAR);
    char bar[BAR + 1];
    for (int i = 0; i < BAR; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR] = '\0';
    char done_text[32];
    char total_text[32];
    human_size(done, done_text, sizeof done_text);
    human_size(progress->total, total_text, sizeof total_text);
    fprintf(stderr, "\rh5x cp: [%s] %3d%%  %s of %s ", bar, (int)((double)done / (double)total * 100.0),
            done_text, total_text);
    fflush(stderr);
    progress->shown = 1;
}

static void progress_advance(cp_progress *progress, uint64_t bytes)
{
    if (!progress->enabled)
        return;
    progress->done += bytes;
    if (progress->shown || seconds_since(&progress->start) >= 0.5)
        progress_draw(progress);
}

static void progress_finish(cp_progress *progress)
{
    if (!progress->shown)
        return;
    progress->done = progress->total;
    progress_draw(progress);
    fputc('\n', stderr);
}

/* Bytes of data below an object (what a copy has to move), for the bar. */
static uint64_t data_bytes(h5x_object *object, const char *path, const tool_ancestor *chain)
{
    h5x_object_kind kind = h5x_object_get_kind(object);
    if (kind == H5X_KIND_DATASET) {
        h5x_shape shape;
        h5x_dtype *dtype = h5x_dataset_dtype(object);
        uint64_t bytes = 0;
        if (dtype != NULL && h5x_dataset_shape(object, &shape) == 0)
            bytes = h5x_shape_size(&shape) * h5x_dtype_size(dtype);
        h5x_close(dtype);
        return bytes;
    }
    if ((kind != H5X_KIND_GROUP && kind != H5X_KIND_FILE) || tool_ancestor_find(chain, object) != NULL)
        return 0;
    char **names;
    size_t count;
    if (tool_group_members(object, &names, &count) < 0)
        return 0;
    tool_ancestor here = {object, path, chain};
    uint64_t bytes = 0;
    for (size_t i = 0; i < count; i++) {
        h5x_object *member = h5x_open(object, names[i]);
        if (member != NULL) {
            bytes += data_bytes(member, names[i], &here);
            h5x_close(member);
        }
    }
    h5x_free_names(names, count);
    h5x_clear_error();
    return bytes;
}

/* ------------------------------------------------------------- copying */

/* Copies one attribute in its stored dtype and shape. */
static int copy_attribute(h5x_object *src, h5x_object *dst, const char *name)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    if (h5x_attr_info(src, name, &shape, &dtype) < 0)
        return -1;
    size_t bytes = (size_t)h5x_shape_size(&shape) * h5x_dtype_size(dtype);
    void *buffer = malloc(bytes > 0 ? bytes : 1);
    int status = buffer == NULL ? -1 : 0;
    if (status == 0 && bytes > 0)
        status = h5x_attr_get(src, name, dtype, buffer, bytes) < 0 ? -1 : 0;
    if (status == 0)
        status = h5x_attr_set(dst, name, dtype, &shape, buffer) < 0 ? -1 : 0;
    free(buffer);
    h5x_close(dtype);
    return status;
}

static void copy_attributes(cp_job *job, h5x_object *src, const char *src_path, h5x_object *dst,
                            const char *dst_path)
{
    char **names;
    size_t count;
    if (h5x_attr_names(src, H5X_ORDER_NAME, &names, &count) < 0) {
        tool_fail_h5x("cp", job->src_file_path, src_path);
        job->failed = 1;
        return;
    }
    for (size_t i = 0; i < count; i++) {
        if (!job->force && h5x_attr_contains(dst, names[i]) == 1) {
            tool_fail("cp", "%s: %s: attribute '%s' exists (use -f to replace it)", job->dst_file_path, dst_path,
                      names[i]);
            job->failed = 1;
            continue;
        }
        if (copy_attribute(src, dst, names[i]) < 0) {
            tool_fail_h5x("cp", job->src_file_path, src_path);
            job->failed = 1;
        }
    }
    h5x_free_names(names, count);
}

static int is_group(h5x_object *object)
{
    h5x_object_kind kind = h5x_object_get_kind(object);
    return kind == H5X_KIND_GROUP || kind == H5X_KIND_FILE;
}

static void copy_into_group(cp_job *job, h5x_object *src, const char *src_path, h5x_object *dst,
                            const char *dst_path, const tool_ancestor *chain);

/* Copies the object src (at src_path) to dst_path.  What does not exist
 * yet is copied whole by h5x_copy, which keeps everything the library knows
 * about it; a group onto an existing group is merged. */
static void copy_object(cp_job *job, h5x_object *src, const char *src_path, const char *dst_path,
                        const tool_ancestor *chain)
{
    int exists = strcmp(dst_path, "/") == 0 ? 1 : h5x_contains(job->dst_file, dst_path);
    if (exists < 0) {
        tool_fail_h5x("cp", job->dst_file_path, dst_path);
        job->failed = 1;
        return;
    }
    if (exists) {
        h5x_object *existing = h5x_open(job->dst_file, dst_path);
        if (existing == NULL) {
            tool_fail_h5x("cp", job->dst_file_path, dst_path);
            job->failed = 1;
            return;
        }
        int both_groups = is_group(existing) && is_group(src);
        int existing_group = is_group(existing);
        if (both_groups)
            copy_into_group(job, src, src_path, existing, dst_path, chain);
        h5x_close(existing);
        if (both_groups)
            return;
        if (existing_group || !job->force) {
            tool_fail("cp", "%s: %s: %s", job->dst_file_path, dst_path,
                      existing_group ? "is a group; it cannot be replaced by a dataset"
                      : is_group(src) ? "exists and is not a group (use -f to replace it)"
                                      : "exists (use -f to replace it)");
            job->failed = 1;
            return;
        }
        if (h5x_delete(job->dst_file, dst_path) < 0) {
            tool_fail_h5x("cp", job->dst_file_path, dst_path);
            job->failed = 1;
            return;
        }
    }

    /* the parent group must exist for h5x_copy to link the copy into it */
    char *parent = strdup(dst_path);
    if (parent == NULL) {
        tool_fail("cp", "out of memory");
        job->failed = 1;
        return;
    }
    char *slash = strrchr(parent, '/');
    *slash = '\0';
    if (parent[0] != '\0') {
        h5x_object *group = h5x_group_require(job->dst_file, parent);
        if (group == NULL) {
            tool_fail_h5x("cp", job->dst_file_path, parent);
            job->failed = 1;
            free(parent);
            return;
        }
        h5x_close(group);
    }
    free(parent);

    uint64_t bytes = job->progress.enabled ? data_bytes(src, src_path, chain) : 0;
    if (h5x_copy(job->src_file, src_path, job->dst_file, dst_path) < 0) {
        tool_fail_h5x("cp", job->src_file_path, src_path);
        job->failed = 1;
    }
    progress_advance(&job->progress, bytes);
}

/* Copies the attributes and members of the group src into the group dst. */
static void copy_into_group(cp_job *job, h5x_object *src, const char *src_path, h5x_object *dst,
                            const char *dst_path, const tool_ancestor *chain)
{
    const char *same_as = tool_ancestor_find(chain, src);
    if (same_as != NULL) {
        tool_fail("cp", "%s: %s: not copied: it is the group %s again (a link cycle)", job->src_file_path,
                  src_path, same_as);
        job->failed = 1;
        return;
    }
    copy_attributes(job, src, src_path, dst, dst_path);
    char **names;
    size_t count;
    if (tool_group_members(src, &names, &count) < 0) {
        tool_fail_h5x("cp", job->src_file_path, src_path);
        job->failed = 1;
        return;
    }
    tool_ancestor here = {src, src_path, chain};
    for (size_t i = 0; i < count; i++) {
        char *member_src = tool_path_join(src_path, names[i]);
        char *member_dst = tool_path_join(dst_path, names[i]);
        h5x_object *member = member_src == NULL ? NULL : h5x_open(src, names[i]);
        if (member_src == NULL || member_dst == NULL) {
            tool_fail("cp", "out of memory");
            job->failed = 1;
        } else if (member == NULL) {
            tool_fail_h5x("cp", job->src_file_path, member_src);
            job->failed = 1;
        } else {
            copy_object(job, member, member_src, member_dst, &here);
        }
        h5x_close(member);
        free(member_src);
        free(member_dst);
    }
    h5x_free_names(names, count);
}

/* ------------------------------------------------------------- the job */

/* 1 when both locations name the same file through the same connector. */
static int same_file(const tool_location *a, const tool_location *b)
{
    size_t prefix_a = strlen(a->file_uri) - strlen(a->file_path);
    size_t prefix_b = strlen(b->file_uri) - strlen(b->file_path);
    if (prefix_a != prefix_b || strncmp(a->file_uri, b->file_uri, prefix_a) != 0)
        return 0;
    struct stat info_a;
    struct stat info_b;
    if (stat(a->file_path, &info_a) == 0 && stat(b->file_path, &info_b) == 0)
        return info_a.st_dev == info_b.st_dev && info_a.st_ino == info_b.st_ino;
    return strcmp(a->file_path, b->file_path) == 0;
}

/* 1 when path is inside (or is) the group at group_path. */
static int is_within(const char *path, const char *group_path)
{
    if (strcmp(group_path, "/") == 0)
        return 1;
    size_t length = strlen(group_path);
    return strncmp(path, group_path, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

static int copy_locations(cp_job *job, const tool_location *src, const tool_location *dst, int recursive)
{
    h5x_object *object = h5x_open(job->src_file, src->object_path);
    if (object == NULL)
        return tool_fail_h5x("cp", src->file_path, src->object_path);
    int source_is_group = is_group(object);
    if (source_is_group && !recursive) {
        h5x_close(object);
        return tool_fail("cp", "%s: %s: is a group (use -r to copy it)", src->file_path, src->object_path);
    }

    /* where the copy goes: inside an existing group, else the name itself;
     * the root of a file has no name and always goes to its contents */
    char *target = NULL;
    int into_existing_group = 0;
    if (strcmp(dst->object_path, "/") == 0 || h5x_contains(job->dst_file, dst->object_path) == 1) {
        h5x_object *existing = h5x_open(job->dst_file, dst->object_path);
        into_existing_group = existing != NULL && is_group(existing);
        h5x_close(existing);
    }
    if (into_existing_group && strcmp(src->object_path, "/") != 0)
        target = tool_path_join(dst->object_path, tool_path_basename(src->object_path));
    else
        target = strdup(dst->object_path);
    if (target == NULL) {
        h5x_close(object);
        return tool_fail("cp", "out of memory");
    }

    int status = TOOL_EXIT_OK;
    if (job->src_file == job->dst_file && source_is_group && is_within(target, src->object_path)) {
        status = tool_fail("cp", "%s: cannot copy the group %s into itself (%s)", src->file_path,
                           src->object_path, target);
    } else if (job->src_file == job->dst_file && strcmp(target, src->object_path) == 0) {
        status = tool_fail("cp", "%s: %s: source and destination are the same object", src->file_path, target);
    } else {
        if (job->progress.enabled)
            job->progress.total = data_bytes(object, src->object_path, NULL);
        copy_object(job, object, src->object_path, target, NULL);
        progress_finish(&job->progress);
        if (job->failed)
            status = TOOL_EXIT_FAILURE;
        else if (h5x_file_flush(job->dst_file) < 0)
            status = tool_fail_h5x("cp", dst->file_path, NULL);
    }
    free(target);
    h5x_close(object);
    return status;
}

static int run_cp(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_cp, argc, argv, "rf", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands != 2)
        return tool_usage_error(&tool_cmd_cp, operands < 2 ? "missing operand" : "too many operands");

    tool_location src;
    tool_location dst;
    char error[512];
    if (tool_location_parse(argv[0], &src, error, sizeof error) < 0)
        return tool_fail("cp", "%s", error);
    if (tool_location_parse(argv[1], &dst, error, sizeof error) < 0) {
        tool_location_free(&src);
        return tool_fail("cp", "%s", error);
    }

    cp_job job;
    memset(&job, 0, sizeof job);
    job.src_file_path = src.file_path;
    job.dst_file_path = dst.file_path;
    job.force = flags['f'];
    job.progress.enabled = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &job.progress.start);

    int status;
    /* one file is opened once: libhdf5 refuses to open it twice with
     * different modes */
    int one_file = same_file(&src, &dst);
    job.src_file = one_file ? NULL : h5x_file_open(src.file_uri, "r", NULL);
    if (!one_file && job.src_file == NULL) {
        status = tool_fail_h5x("cp", src.file_path, NULL);
    } else if ((job.dst_file = h5x_file_open(dst.file_uri, "a", NULL)) == NULL) {
        status = tool_fail_h5x("cp", dst.file_path, NULL);
    } else {
        if (one_file)
            job.src_file = job.dst_file;
        status = copy_locations(&job, &src, &dst, flags['r']);
    }
    if (job.src_file != job.dst_file)
        h5x_close(job.src_file);
    h5x_close(job.dst_file);
    tool_location_free(&src);
    tool_location_free(&dst);
    return status;
}

const tool_command tool_cmd_cp = {
    "cp",
    "copy objects within or between files (and connectors)",
    usage,
    run_cp,
};
