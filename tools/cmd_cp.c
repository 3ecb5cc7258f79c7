/*
 * cmd_cp.c — `h5x cp`: copies objects within a file or between files,
 * between any two connectors, through the library's generic h5x_copy.
 *
 * The semantics are cp(1)'s, adapted to a hierarchy of groups:
 *
 *  - A dataset is copied as is; a group only with -r (without it: "is a
 *    group" and status 1, as cp says "omitting directory").
 *  - The destination file is opened with mode "a": created when missing,
 *    never truncated.
 *  - When the destination names an existing group, the source goes inside
 *    it under its own name; otherwise it is created under the destination
 *    name, with any missing parent groups.
 *  - The root group of a file has no name: copying it copies its contents
 *    (attributes and members) into the root of the destination file, or
 *    into a new group when the destination names one that does not exist.
 *    `h5x cp -r in.h5 out.h5` therefore copies a whole file.
 *  - Nothing that exists is replaced unless -f is given.  Without it the
 *    copy is refused before anything is written, naming every object (and
 *    root attribute) in the way; with it they are deleted first.  This is
 *    stricter than cp, which overwrites files silently: datasets are often
 *    expensive to make again.
 *  - A group cannot be copied into itself.
 *
 * Every copy is one h5x_copy_with_progress call, so that the library
 * carries over everything it knows (links as links, hard links shared,
 * creation order, filters, fill values, attributes).  Its progress
 * reports drive a bar on stderr when stderr is a terminal and the copy has
 * taken more than half a second; otherwise nothing is printed.
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
    "  -r   copy groups with everything below them; the root group of a\n"
    "       file copies the whole file's contents\n"
    "  -f   replace destination objects (and root attributes) that exist\n"
    "\n"
    "The destination file is created when missing and never truncated.  An\n"
    "existing destination group receives SOURCE under its own name; missing\n"
    "parent groups are created.  Without -f nothing is copied when a\n"
    "destination object exists.\n"
    "\n"
    "Examples:\n"
    "    h5x cp -r in.h5 out.h5                 the whole file\n"
    "    h5x cp in.h5/grp/data out.h5/backup    one dataset, renamed\n"
    "    h5x cp -r in.h5/grp core:scratch.h5    a group, into another connector\n";

typedef struct cp_progress {
    int enabled; /* stderr is a terminal */
    int shown;
    struct timespec start;
    double last_draw; /* seconds since start */
} cp_progress;

typedef struct cp_job {
    const tool_location *src;
    const tool_location *dst;
    h5x_object *src_file;
    h5x_object *dst_file;
    int recursive;
    int force;
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

static void progress_draw(uint64_t done, uint64_t total)
{
    enum { BAR = 30 };
    double fraction = total > 0 ? (double)(done < total ? done : total) / (double)total : 1.0;
    int filled = (int)(fraction * BAR);
    char bar[BAR + 1];
    for (int i = 0; i < BAR; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR] = '\0';
    char done_text[32];
    char total_text[32];
    human_size(done, done_text, sizeof done_text);
    human_size(total, total_text, sizeof total_text);
    fprintf(stderr, "\rh5x cp: [%s] %3d%%  %s of %s ", bar, (int)(fraction * 100.0), done_text, total_text);
    fflush(stderr);
}

/* The h5x_progress_fn: draws at most ten times a second, and only once
 * the copy has lasted half a second. */
static void progress_report(uint64_t bytes_done, uint64_t bytes_total, void *user_data)
{
    cp_progress *progress = user_data;
    if (!progress->enabled)
        return;
    double now = seconds_since(&progress->start);
    if (now < 0.5 || (progress->shown && now - progress->last_draw < 0.1 && bytes_done < bytes_total))
        return;
    progress_draw(bytes_done, bytes_total);
    progress->shown = 1;
    progress->last_draw = now;
}

static void progress_finish(cp_progress *progress)
{
    if (progress->shown)
        fputc('\n', stderr);
    progress->shown = 0;
}

/* ------------------------------------------------------------- helpers */

static int is_group(h5x_object *object)
{
    h5x_object_kind kind = h5x_object_get_kind(object);
    return kind == H5X_KIND_GROUP || kind == H5X_KIND_FILE;
}

/* 1 when path is the group at group_path or lies inside it. */
static int is_within(const char *path, const char *group_path)
{
    if (strcmp(group_path, "/") == 0)
        return 1;
    size_t length = strlen(group_path);
    return strncmp(path, group_path, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

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

/* 1 if the link at path exists in the destination (dangling links count:
 * they are in the way of a new link too), 0 if not, -1 on error. */
static int destination_has(cp_job *job, const char *path)
{
    if (strcmp(path, "/") == 0)
        return 1;
    if (h5x_contains(job->dst_file, path) == 1)
        return 1;
    h5x_link_info link;
    if (h5x_link_get_info(job->dst_file, path, &link) == 0) {
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        return 1;
    }
    h5x_clear_error();
    return 0;
}

/* Creates the groups above path that are missing. */
static int require_parent(cp_job *job, const char *path)
{
    char *parent = strdup(path);
    if (parent == NULL)
        return tool_fail("cp", "out of memory");
    *strrchr(parent, '/') = '\0';
    int status = TOOL_EXIT_OK;
    if (parent[0] != '\0') {
        h5x_object *group = h5x_group_require(job->dst_file, parent);
        if (group == NULL)
            status = tool_fail_h5x("cp", job->dst->file_path, parent);
        h5x_close(group);
    }
    free(parent);
    return status;
}

static int copy_with_progress(cp_job *job, const char *src_path, const char *dst_path)
{
    clock_gettime(CLOCK_MONOTONIC, &job->progress.start);
    int status = h5x_copy_with_progress(job->src_file, src_path, job->dst_file, dst_path, progress_report,
                                        &job->progress);
    progress_finish(&job->progress);
    if (status < 0)
        return tool_fail_h5x("cp", job->src->file_path, src_path);
    return TOOL_EXIT_OK;
}

/* ------------------------------------------------------------ the copies */

/* The root's attributes and members into the destination's root: refused
 * when any of them exists there, unless -f, which deletes those first. */
static int copy_root_into_root(cp_job *job, h5x_object *src_root)
{
    h5x_object *dst_root = h5x_open(job->dst_file, "/");
    if (dst_root == NULL)
        return tool_fail_h5x("cp", job->dst->file_path, "/");
    char **members = NULL;
    size_t member_count = 0;
    char **attributes = NULL;
    size_t attribute_count = 0;
    int status = TOOL_EXIT_OK;
    if (tool_group_members(src_root, &members, &member_count) < 0 ||
        h5x_attr_names(src_root, H5X_ORDER_NAME, &attributes, &attribute_count) < 0)
        status = tool_fail_h5x("cp", job->src->file_path, "/");

    int conflicts = 0;
    for (size_t i = 0; status == TOOL_EXIT_OK && i < attribute_count; i++) {
        if (h5x_attr_contains(dst_root, attributes[i]) != 1)
            continue;
        if (!job->force) {
            tool_fail("cp", "%s: attribute '%s' of / exists (use -f to replace it)", job->dst->file_path,
                      attributes[i]);
            conflicts++;
        } else if (h5x_attr_delete(dst_root, attributes[i]) < 0) {
            status = tool_fail_h5x("cp", job->dst->file_path, "/");
        }
    }
    for (size_t i = 0; status == TOOL_EXIT_OK && i < member_count; i++) {
        char *path = tool_path_join("/", members[i]);
        if (path == NULL) {
            status = tool_fail("cp", "out of memory");
        } else if (destination_has(job, path)) {
            if (!job->force) {
                tool_fail("cp", "%s: %s: exists (use -f to replace it)", job->dst->file_path, path);
                conflicts++;
            } else if (h5x_delete(job->dst_file, path) < 0) {
                status = tool_fail_h5x("cp", job->dst->file_path, path);
            }
        }
        free(path);
    }
    if (status == TOOL_EXIT_OK && conflicts > 0)
        status = tool_fail("cp", "nothing copied to %s", job->dst->file_path);
    if (status == TOOL_EXIT_OK)
        status = copy_with_progress(job, "/", "/");
    h5x_free_names(members, member_count);
    h5x_free_names(attributes, attribute_count);
    h5x_close(dst_root);
    return status;
}

/* Anything else to a path: refused when something is there, unless -f. */
static int copy_to_path(cp_job *job, const char *src_path, const char *target)
{
    if (job->src_file == job->dst_file) {
        if (strcmp(target, src_path) == 0)
            return tool_fail("cp", "%s: %s: source and destination are the same object", job->src->file_path,
                             target);
        if (is_within(target, src_path))
            return tool_fail("cp", "%s: cannot copy %s into itself (%s)", job->src->file_path, src_path, target);
        if (is_within(src_path, target))
            return tool_fail("cp", "%s: %s: replacing it would delete the source %s", job->src->file_path, target,
                             src_path);
    }
    if (destination_has(job, target)) {
        if (!job->force)
            return tool_fail("cp", "%s: %s: exists (use -f to replace it)", job->dst->file_path, target);
        if (h5x_delete(job->dst_file, target) < 0)
            return tool_fail_h5x("cp", job->dst->file_path, target);
    }
    int status = require_parent(job, target);
    if (status != TOOL_EXIT_OK)
        return status;
    return copy_with_progress(job, src_path, target);
}

static int run_copy(cp_job *job)
{
    const char *src_path = job->src->object_path;
    const char *dst_path = job->dst->object_path;
    h5x_object *source = h5x_open(job->src_file, src_path);
    if (source == NULL)
        return tool_fail_h5x("cp", job->src->file_path, src_path);
    int source_is_group = is_group(source);
    int source_is_root = strcmp(src_path, "/") == 0;
    if (source_is_group && !job->recursive) {
        h5x_close(source);
        return tool_fail("cp", "%s: %s: is a group (use -r to copy it)", job->src->file_path, src_path);
    }

    int status;
    int into_group = 0;
    if (strcmp(dst_path, "/") == 0) {
        into_group = 1;
    } else if (h5x_contains(job->dst_file, dst_path) == 1) {
        h5x_object *existing = h5x_open(job->dst_file, dst_path);
        into_group = existing != NULL && is_group(existing);
        h5x_close(existing);
    }

    if (source_is_root && strcmp(dst_path, "/") == 0) {
        status = job->src_file == job->dst_file
                     ? tool_fail("cp", "%s: source and destination are the same object", job->src->file_path)
                     : copy_root_into_root(job, source);
    } else if (source_is_root || !into_group) {
        status = copy_to_path(job, src_path, dst_path);
    } else {
        char *target = tool_path_join(dst_path, tool_path_basename(src_path));
        status = target == NULL ? tool_fail("cp", "out of memory") : copy_to_path(job, src_path, target);
        free(target);
    }
    if (status == TOOL_EXIT_OK && h5x_file_flush(job->dst_file) < 0)
        status = tool_fail_h5x("cp", job->dst->file_path, NULL);
    h5x_close(source);
    return status;
}

/* The track_order a new destination file gets: that of the source's root
 * (1 when it tracks creation order), so that a copied root keeps the
 * order of its members and attributes; -1 (the library default) when it
 * does not. */
static int root_track_order(h5x_object *src_file)
{
    char **names = NULL;
    size_t count = 0;
    int tracked = h5x_group_names(src_file, H5X_ORDER_CREATION, &names, &count) == 0;
    h5x_free_names(names, count);
    h5x_clear_error();
    return tracked ? 1 : -1;
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
    job.src = &src;
    job.dst = &dst;
    job.recursive = flags['r'];
    job.force = flags['f'];
    job.progress.enabled = isatty(STDERR_FILENO);

    int status;
    /* a file is opened once: libhdf5 refuses a second open with another mode */
    int one_file = same_file(&src, &dst);
    job.src_file = one_file ? NULL : h5x_file_open(src.file_uri, "r", NULL);
    h5x_file_options dst_options = H5X_FILE_OPTIONS_INIT;
    if (job.src_file != NULL)
        dst_options.track_order = root_track_order(job.src_file);
    if (!one_file && job.src_file == NULL) {
        status = tool_fail_h5x("cp", src.file_path, NULL);
    } else if ((job.dst_file = h5x_file_open(dst.file_uri, "a", &dst_options)) == NULL) {
        status = tool_fail_h5x("cp", dst.file_path, NULL);
    } else {
        if (one_file)
            job.src_file = job.dst_file;
        status = run_copy(&job);
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
