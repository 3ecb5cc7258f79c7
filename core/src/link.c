/*
 * link.c — links as h5py makes them: grp[name] = obj (a hard link, a
 * second name for the same object), SoftLink(path), ExternalLink(file,
 * path), grp.move(src, dst), and reading a link without following it.
 *
 * Everything else in the object layer follows links: h5x_open(g, "alias")
 * opens what a soft link points at.  Tools that show a hierarchy as it is
 * stored (h5x ls prints "Soft Link {/target}", as h5ls does), walks that
 * must not run around a link cycle, and h5x_copy need the link itself;
 * h5x_link_get_info gives it.
 *
 * Hard links and moves stay inside one file, as in HDF5: the core checks
 * that both locations belong to the same file (two opens of the same file
 * count as one) before the connector is asked.  A new link never replaces
 * an existing one; the name is checked first so that the error says so
 * whatever the connector's own words are.  The link's character set
 * (ASCII or UTF-8, h5py's rule) is the connector's to record.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lock.h"
#include "object.h"

static int check_path(const char *path, const char *what, const char *function)
{
    if (!path)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: %s is NULL", function, what);
    if (!*path)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: %s is empty", function, what);
    return 0;
}

/* The stored link at path, or a negative status (NOT_FOUND when absent). */
static int read_link(h5x_object *loc, const char *path, h5x_link_info *info)
{
    memset(info, 0, sizeof *info);
    int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(loc), link_info);
    if (!get)
        return h5x_not_supported(loc->file, "reading link information");
    return get(loc->file->connector_file, loc->connector_object, path, info);
}

static void link_info_clear(h5x_link_info *info)
{
    free(info->target_path);
    free(info->target_file);
    memset(info, 0, sizeof *info);
}

int h5x_link_get_info(h5x_object *loc, const char *path, h5x_link_info *info)
{
    if (info != NULL)
        memset(info, 0, sizeof *info);
    h5x_lock();
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0 && (path == NULL || path[0] == '\0' || info == NULL))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_link_get_info: path and info must not be NULL or empty");
    if (rc == 0)
        rc = h5x_check_lookup(loc, path);
    if (rc == 0) {
        rc = read_link(loc, path, info);
        h5x_error_at(loc, path, rc);
    }
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

/* H5X_ERR_EXISTS when a link (even a dangling one) is already at path. */
static int require_free_name(h5x_object *loc, const char *path)
{
    int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(loc), link_info);
    if (!get)
        return 0; /* the connector's create call will say it */
    h5x_link_info info;
    int rc = read_link(loc, path, &info);
    link_info_clear(&info);
    h5x_clear_error();
    if (rc < 0)
        return 0;
    char *full = h5x_path_join(loc->path, path);
    rc = h5x_error(H5X_ERR_EXISTS, "unable to create link: name already exists ('%s')", full ? full : path);
    free(full);
    return rc;
}

/* 1 when both objects live in the same file of the same connector. */
static int same_file(const h5x_object *a, const h5x_object *b)
{
    if (a->file == b->file)
        return 1;
    if (a->file->connector != b->file->connector)
        return 0;
    if (strcmp(a->file->path, b->file->path) == 0)
        return 1;
    char real_a[PATH_MAX], real_b[PATH_MAX];
    return realpath(a->file->path, real_a) && realpath(b->file->path, real_b) && strcmp(real_a, real_b) == 0;
}

/* The common start of every link creation: a writable location, usable
 * names, and no link at path yet. */
static int prepare_create(h5x_object *loc, const char *path, const char *function)
{
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0)
        rc = check_path(path, "link name", function);
    if (rc == 0)
        rc = h5x_check_lookup(loc, path);
    if (rc == 0)
        rc = h5x_require_writable(loc, "create a link");
    if (rc == 0)
        rc = require_free_name(loc, path);
    return rc;
}

int h5x_link_hard(h5x_object *target, h5x_object *loc, const char *path)
{
    h5x_lock();
    int rc = h5x_object_check(target, H5X_KINDS_ANY, "link target");
    if (rc == 0)
        rc = prepare_create(loc, path, "h5x_link_hard");
    if (rc == 0 && !same_file(target, loc))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT,
                       "unable to create link: hard links cannot point into another file ('%s' is in '%s')",
                       target->path, target->file->path);
    if (rc == 0) {
        int (*create)(void *, void *, void *, const char *) = H5X_SLOT(H5X_CLASS(loc), link_create_hard);
        rc = create ? create(loc->file->connector_file, target->connector_object, loc->connector_object, path)
                    : h5x_not_supported(loc->file, "hard links");
    }
    if (rc < 0 && loc && h5x_object_check(loc, H5X_KINDS_ANY, "location") == 0)
        h5x_error_at(loc, path, rc);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_link_soft(h5x_object *loc, const char *path, const char *target_path)
{
    h5x_lock();
    int rc = prepare_create(loc, path, "h5x_link_soft");
    if (rc == 0)
        rc = check_path(target_path, "target path", "h5x_link_soft");
    if (rc == 0) {
        int (*create)(void *, const char *, void *, const char *) = H5X_SLOT(H5X_CLASS(loc), link_create_soft);
        rc = create ? create(loc->file->connector_file, target_path, loc->connector_object, path)
                    : h5x_not_supported(loc->file, "soft links");
    }
    if (rc < 0 && h5x_object_check(loc, H5X_KINDS_ANY, "location") == 0)
        h5x_error_at(loc, path, rc);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_link_external(h5x_object *loc, const char *path, const char *target_file, const char *target_path)
{
    h5x_lock();
    int rc = prepare_create(loc, path, "h5x_link_external");
    if (rc == 0)
        rc = check_path(target_file, "target file", "h5x_link_external");
    if (rc == 0)
        rc = check_path(target_path, "target path", "h5x_link_external");
    if (rc == 0) {
        int (*create)(void *, const char *, const char *, void *, const char *) =
            H5X_SLOT(H5X_CLASS(loc), link_create_external);
        rc = create ? create(loc->file->connector_file, target_file, target_path, loc->connector_object, path)
                    : h5x_not_supported(loc->file, "external links");
    }
    if (rc < 0 && h5x_object_check(loc, H5X_KINDS_ANY, "location") == 0)
        h5x_error_at(loc, path, rc);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_link_move(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc, const char *dst_path)
{
    h5x_lock();
    int rc = h5x_object_check(src_loc, H5X_KINDS_ANY, "source location");
    if (rc == 0)
        rc = h5x_object_check(dst_loc, H5X_KINDS_ANY, "destination location");
    if (rc == 0)
        rc = check_path(src_path, "source path", "h5x_link_move");
    if (rc == 0)
        rc = check_path(dst_path, "destination path", "h5x_link_move");
    if (rc == 0)
        rc = h5x_check_lookup(src_loc, src_path);
    if (rc == 0)
        rc = h5x_check_lookup(dst_loc, dst_path);
    if (rc == 0 && !same_file(src_loc, dst_loc))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "unable to move link: '%s' and '%s' are different files",
                       src_loc->file->path, dst_loc->file->path);
    if (rc == 0)
        rc = h5x_require_writable(dst_loc, "move a link");
    char *src_full = rc == 0 ? h5x_path_join(src_loc->path, src_path) : NULL;
    char *dst_full = rc == 0 ? h5x_path_join(dst_loc->path, dst_path) : NULL;
    if (rc == 0 && (!src_full || !dst_full))
        rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (rc == 0 && (strcmp(src_full, "/") == 0 || strcmp(dst_full, "/") == 0))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "unable to move link: the root group '/' has no link to move");
    /* h5py: moving a name onto itself changes nothing */
    int onto_itself = rc == 0 && strcmp(src_full, dst_full) == 0;
    if (rc == 0 && !onto_itself) {
        h5x_link_info info;
        rc = read_link(src_loc, src_path, &info);
        link_info_clear(&info);
        if (rc < 0)
            rc = h5x_error(H5X_ERR_NOT_FOUND, "unable to move link: no link named '%s'", src_full);
    }
    if (rc == 0 && !onto_itself)
        rc = require_free_name(dst_loc, dst_path);
    if (rc == 0 && !onto_itself) {
        int (*move)(void *, void *, const char *, void *, const char *) = H5X_SLOT(H5X_CLASS(src_loc), link_move);
        rc = move ? move(src_loc->file->connector_file, src_loc->connector_object, src_path,
                         dst_loc->connector_object, dst_path)
                  : h5x_not_supported(src_loc->file, "moving links");
    }
    if (rc < 0 && h5x_object_check(src_loc, H5X_KINDS_ANY, "source location") == 0)
        h5x_error_at(src_loc, src_path, rc);
    free(src_full);
    free(dst_full);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}
