/*
 * Object handles: the layer between applications and connector objects.
 *
 * An h5x_object pairs a connector's object with the shared state of its
 * file.  The file state is reference counted by every object on it, so that
 * an open dataset keeps its file open after the file handle is closed, and
 * the connector closes the file only when nothing uses it any more.
 */
#include "object.h"

#include "error.h"
#include "lock.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(h5x_object_kind kind)
{
    switch (kind) {
    case H5X_KIND_FILE: return "file";
    case H5X_KIND_GROUP: return "group";
    case H5X_KIND_DATASET: return "dataset";
    case H5X_KIND_DATATYPE: return "datatype";
    }
    return "object";
}

int h5x_object_check(const h5x_object *p, unsigned kinds, const char *what)
{
    int rc = h5x_handle_check(p, H5X_HANDLE_OBJECT, what);
    if (rc != 0)
        return rc;
    if (kinds && !(kinds & (1u << p->kind)))
        return h5x_error(H5X_ERR_BAD_HANDLE, "expected a %s, got a %s (%s)", what, kind_name(p->kind), p->path);
    return 0;
}

int h5x_not_supported(const h5x_file_state *file, const char *operation)
{
    int rc = h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not support %s", file->connector->cls->name,
                       operation);
    h5x_error_context(file->path, NULL, file->connector->cls->name);
    return rc;
}

int h5x_error_at(const h5x_object *object, const char *relative_path, int status)
{
    if (status >= 0)
        return status;
    char *full = relative_path ? h5x_path_join(object->path, relative_path) : NULL;
    h5x_error_context(object->file->path, full ? full : object->path, object->file->connector->cls->name);
    free(full);
    return status;
}

int h5x_require_writable(const h5x_object *object, const char *operation)
{
    if (object->file->writable)
        return 0;
    int rc = h5x_error(H5X_ERR_READ_ONLY, "cannot %s: file '%s' is open read-only", operation, object->file->path);
    return h5x_error_at(object, NULL, rc);
}

/* The last close of a file is where its connector writes what it still
 * holds (libhdf5 flushes its metadata cache there): its failure is the
 * application's to see, through h5x_close. */
static int file_state_release(h5x_file_state *file)
{
    if (--file->refcount > 0)
        return 0;
    int status = 0;
    int (*close_file)(void *) = H5X_SLOT(file->connector->cls, file_close);
    if (close_file && file->connector_file)
        status = close_file(file->connector_file);
    if (status < 0)
        h5x_error_context(file->path, "/", file->connector->cls->name);
    free(file->path);
    free(file->allowed_target_prefixes);
    free(file);
    return status < 0 ? status : 0;
}

static int destroy_object(h5x_handle *handle)
{
    h5x_object *object = (h5x_object *)handle;
    h5x_lock();
    int status = 0;
    if (object->connector_object) {
        int (*close_object)(void *) = H5X_SLOT(H5X_CLASS(object), object_close);
        if (close_object && (status = close_object(object->connector_object)) < 0)
            h5x_error_context(object->file->path, object->path, object->file->connector->cls->name);
    }
    if (object->kind == H5X_KIND_DATASET) /* only datasets cache their info */
        h5x_dataset_info_clear(&object->cache.info);
    int file_status = file_state_release(object->file);
    h5x_unlock();
    free(object); /* the path lives in the same block */
    return status < 0 ? status : file_status;
}

static char *join_into(char *out, const char *base, size_t base_length, const char *path, size_t path_length);

/* A name with no '/' and no "." to collapse: appended to a base path in
 * normal form, the result is in normal form too. */
static int plain_name(const char *name, size_t length)
{
    return length > 0 && !(length == 1 && name[0] == '.') && !memchr(name, '/', length);
}

/* The handle and its path are one allocation, the path right behind the
 * struct: a handle is made for every object opened or created, and one
 * malloc instead of three (handle, joined path, copy) is most of its cost.
 * Only datasets cache their info, so the other handles end before the
 * cache (a group's handle is a small block, not a kilobyte to clear); no
 * code reads the cache of anything but a dataset, and a handle never
 * changes from or to a dataset. */
static h5x_object *wrap_joined(h5x_file_state *file, h5x_object_kind kind, void *connector_object,
                               const char *base, const char *path)
{
    size_t base_length = base ? strlen(base) : 0, path_length = strlen(path);
    size_t head = kind == H5X_KIND_DATASET ? sizeof(h5x_object) : offsetof(h5x_object, cache);
    h5x_object *object = malloc(head + base_length + path_length + 3);
    if (!object) {
        int (*close_object)(void *) = H5X_SLOT(file->connector->cls, object_close);
        if (close_object && connector_object)
            close_object(connector_object);
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    object->path = (char *)object + head;
    if (base && plain_name(path, path_length)) {
        /* every handle's path is in normal form, so a plain name needs no
         * second pass: this is the path of nearly every create and open */
        char *out = object->path;
        if (base_length > 1) {
            memcpy(out, base, base_length);
            out += base_length;
        }
        *out++ = '/';
        memcpy(out, path, path_length + 1);
    } else {
        join_into(object->path, base, base_length, path, path_length);
    }
    object->kind = kind;
    object->file = file;
    object->connector_object = connector_object;
    if (kind == H5X_KIND_DATASET)
        memset(&object->cache, 0, sizeof object->cache);
    file->refcount++;
    if (h5x_handle_init(&object->header, H5X_HANDLE_OBJECT, destroy_object) != 0) {
        object->header.refcount = 0;
        destroy_object(&object->header);
        return NULL;
    }
    return object;
}

h5x_object *h5x_object_wrap(h5x_file_state *file, h5x_object_kind kind, void *connector_object,
                            const char *absolute_path)
{
    return wrap_joined(file, kind, connector_object, NULL, absolute_path);
}

h5x_object *h5x_object_wrap_at(h5x_file_state *file, h5x_object_kind kind, void *connector_object,
                               const char *base, const char *path)
{
    return wrap_joined(file, kind, connector_object, base, path);
}

char *h5x_path_join(const char *base, const char *path)
{
    size_t base_length = strlen(base), path_length = strlen(path);
    char *out = malloc(base_length + path_length + 3);
    return out ? join_into(out, base, base_length, path, path_length) : NULL;
}

/* Writes path seen from base (NULL: path alone), joined and normalised,
 * into out, which has room for both parts and three more bytes; returns
 * out.  The normal form: one leading '/', no "//" or "/./", no trailing
 * '/' but the root's. */
static char *join_into(char *out, const char *base, size_t base_length, const char *path, size_t path_length)
{
    /* plain copies, and one buffer normalised in place (the output never
     * overtakes the input) */
    if (!base || path[0] == '/') {
        out[0] = '/';
        memcpy(out + 1, path, path_length + 1);
    } else {
        memcpy(out, base, base_length);
        out[base_length] = '/';
        memcpy(out + base_length + 1, path, path_length + 1);
    }
    /* collapse "//" and "/./", drop a trailing '/' */
    size_t o = 0;
    for (const char *p = out; *p;) {
        if (*p == '/') {
            while (*p == '/')
                p++;
            if (p[0] == '.' && (p[1] == '/' || p[1] == '\0')) {
                p++;
                continue;
            }
            out[o++] = '/';
        } else {
            out[o++] = *p++;
        }
    }
    if (o > 1 && out[o - 1] == '/')
        o--;
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

static int check_path_argument(const char *path, const char *function)
{
    if (!path)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: path is NULL", function);
    if (!*path)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: path is empty", function);
    return 0;
}

int h5x_check_lookup(const h5x_object *loc, const char *path)
{
    if (path[0] == '/' || loc->kind == H5X_KIND_FILE || loc->kind == H5X_KIND_GROUP)
        return 0;
    return h5x_error_at(loc, NULL,
                        h5x_error(H5X_ERR_BAD_HANDLE, "'%s' is relative, but '%s' is a %s, not a group", path,
                                  loc->path, kind_name(loc->kind)));
}

h5x_object *h5x_open(h5x_object *loc, const char *path)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(loc, H5X_KINDS_ANY, "location") == 0 && check_path_argument(path, "h5x_open") == 0 &&
        h5x_check_lookup(loc, path) == 0)
        result = h5x_object_open_at(loc, path, 0);
    h5x_unlock();
    return result;
}

h5x_object *h5x_object_open_at(h5x_object *loc, const char *path, int depth)
{
    h5x_lock();
    h5x_object *result = NULL;
    h5x_file_state *file = loc->file;
    int (*open_object)(void *, void *, const char *, void **, h5x_object_info *) =
        H5X_SLOT(file->connector->cls, object_open);
    if (!open_object) {
        h5x_not_supported(file, "opening objects");
        goto done;
    }
    void *connector_object = NULL;
    h5x_object_info info = {0};
    int rc = open_object(file->connector_file, loc->connector_object, path, &connector_object, &info);
    if (rc == H5X_ERR_NOT_SUPPORTED && H5X_SLOT(file->connector->cls, link_info)) {
        /* an external link the connector stores but cannot follow */
        result = h5x_external_open(loc, path, depth);
        goto done;
    }
    if (rc < 0) {
        h5x_error_at(loc, path, rc);
        goto done;
    }
    result = h5x_object_wrap_at(file, info.kind == H5X_KIND_FILE ? H5X_KIND_GROUP : info.kind, connector_object,
                                loc->path, path);
done:
    h5x_unlock();
    return result;
}

int h5x_contains(h5x_object *loc, const char *path)
{
    h5x_lock();
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0)
        rc = check_path_argument(path, "h5x_contains");
    if (rc == 0)
        rc = h5x_check_lookup(loc, path);
    if (rc == 0) {
        int (*exists)(void *, void *, const char *) = H5X_SLOT(H5X_CLASS(loc), object_exists);
        rc = exists ? exists(loc->file->connector_file, loc->connector_object, path)
                    : h5x_not_supported(loc->file, "checking whether an object exists");
        if (rc == H5X_ERR_NOT_SUPPORTED && exists && H5X_SLOT(H5X_CLASS(loc), link_info)) {
            /* an external link on the way: it exists when it can be opened */
            h5x_object *object = h5x_external_open(loc, path, 0);
            rc = object != NULL;
            h5x_close(object);
            h5x_clear_error();
        }
        h5x_error_at(loc, path, rc);
    }
    h5x_unlock();
    return rc;
}

int h5x_delete(h5x_object *loc, const char *path)
{
    h5x_lock();
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0)
        rc = check_path_argument(path, "h5x_delete");
    if (rc == 0)
        rc = h5x_check_lookup(loc, path);
    if (rc == 0) {
        char *full = h5x_path_join(loc->path, path);
        if (!full)
            rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        else if (strcmp(full, "/") == 0)
            rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_delete: the root group '/' cannot be deleted");
        free(full);
    }
    if (rc == 0)
        rc = h5x_require_writable(loc, "delete");
    if (rc == 0) {
        int (*link_delete)(void *, void *, const char *) = H5X_SLOT(H5X_CLASS(loc), link_delete);
        rc = link_delete ? link_delete(loc->file->connector_file, loc->connector_object, path)
                         : h5x_not_supported(loc->file, "deleting links");
        h5x_error_at(loc, path, rc);
    }
    h5x_unlock();
    return rc;
}

h5x_object_kind h5x_object_get_kind(const h5x_object *object)
{
    if (h5x_object_check(object, H5X_KINDS_ANY, "object") != 0)
        return (h5x_object_kind)H5X_ERR_BAD_HANDLE;
    return object->kind;
}

char *h5x_object_name(const h5x_object *object)
{
    if (h5x_object_check(object, H5X_KINDS_ANY, "object") != 0)
        return NULL;
    char *name = strdup(object->path);
    if (!name)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return name;
}

/* 1 when two file states are the same file: the same state, the same
 * path, or two spellings of one path (two opens of "data.h5" and
 * "./data.h5" hold the same objects, as in h5py). */
static int same_file(const h5x_file_state *a, const h5x_file_state *b)
{
    if (a == b)
        return 1;
    if (a->connector != b->connector)
        return 0;
    if (strcmp(a->path, b->path) == 0)
        return 1;
    char real_a[PATH_MAX], real_b[PATH_MAX];
    return realpath(a->path, real_a) && realpath(b->path, real_b) && strcmp(real_a, real_b) == 0;
}

int h5x_object_equal(const h5x_object *a, const h5x_object *b)
{
    h5x_lock();
    int rc = h5x_object_check(a, H5X_KINDS_ANY, "object");
    if (rc == 0)
        rc = h5x_object_check(b, H5X_KINDS_ANY, "object");
    if (rc == 0) {
        if (!same_file(a->file, b->file)) {
            rc = 0;
        } else {
            int (*info)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(a), object_info);
            h5x_object_info ia = {0}, ib = {0};
            if (!info) {
                rc = h5x_not_supported(a->file, "object identity");
            } else if ((rc = info(a->connector_object, &ia)) >= 0 && (rc = info(b->connector_object, &ib)) >= 0) {
                rc = memcmp(ia.token, ib.token, sizeof ia.token) == 0;
            }
        }
    }
    h5x_unlock();
    return rc;
}

int h5x_check_track_times(const h5x_object *loc, int track_times, const char *option, int has_slot,
                          const char *slot)
{
    if (track_times < -1 || track_times > 1)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s must be -1, 0 or 1 (got %d)", option, track_times);
    int has_times = (H5X_CLASS(loc)->capabilities & H5X_CAP_OBJECT_TIMES) != 0;
    if (track_times == 1 && !has_times)
        return h5x_not_supported(loc->file, "track_times");
    if (track_times >= 0 && has_times && !has_slot) {
        char what[96];
        snprintf(what, sizeof what, "track_times (it has no %s)", slot);
        return h5x_not_supported(loc->file, what);
    }
    return 0;
}

int h5x_object_get_times(h5x_object *object, h5x_object_times *times)
{
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0 && !times)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_object_get_times: times is NULL");
    if (rc == 0) {
        memset(times, 0, sizeof *times);
        int (*info)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(object), object_info);
        h5x_object_info oi = {0};
        if (!info) {
            rc = h5x_not_supported(object->file, "object information");
        } else if ((rc = info(object->connector_object, &oi)) < 0) {
            h5x_error_at(object, NULL, rc);
        } else if (H5X_CLASS(object)->capabilities & H5X_CAP_OBJECT_TIMES) {
            /* a connector without times may leave anything in fields it does not know */
            times->atime = oi.atime;
            times->mtime = oi.mtime;
            times->ctime = oi.ctime;
            times->btime = oi.btime;
        }
    }
    h5x_unlock();
    return rc < 0 ? rc : 0;
}
