/* The object layer: h5x_object handles over connector objects. */
#ifndef H5X_OBJECT_H
#define H5X_OBJECT_H

#include "connector_registry.h"
#include "handle.h"
#include "h5x_connector.h"

/* One open file, shared by every handle on it.  It is closed in the
 * connector when the last handle that uses it goes (h5py's rule: objects
 * keep their file alive). */
typedef struct h5x_file_state {
    int64_t refcount;
    const h5x_connector *connector;
    void *connector_file;
    char *path;
    h5x_open_mode mode;
    int writable;
    uint64_t generation; /* bumped by every resize, so cached shapes know to refresh */
    /* h5x_file_options.allowed_target_prefixes (malloc'd), or NULL: the
     * external-target policy for links followed from this file. */
    char *allowed_target_prefixes;
} h5x_file_state;

/* What a dataset handle remembers about its dataset between calls. */
typedef struct h5x_dataset_cache {
    int valid;
    uint64_t generation;
    h5x_dataset_info info;
} h5x_dataset_cache;

struct h5x_object {
    h5x_handle header;
    h5x_object_kind kind;
    h5x_file_state *file;
    void *connector_object;
    char *path;               /* absolute */
    h5x_dataset_cache cache;  /* datasets only: other handles are allocated without it (object.c) */
};

/* h5x_open without the argument checks, for lookups the core makes itself;
 * depth counts the links followed so far by the core (external_link.c). */
h5x_object *h5x_object_open_at(h5x_object *loc, const char *path, int depth);
/* Finishes a lookup the connector answered H5X_ERR_NOT_SUPPORTED: follows
 * the external links on path that the connector stores but cannot follow
 * (external_link.c). */
h5x_object *h5x_external_open(h5x_object *loc, const char *path, int depth);

/* 1 when dimension scales work in the object's file: the connector does
 * them, or the core can keep them there (dimscale.c). */
int h5x_dimscale_available(const h5x_object *object);

/* Checks that p is a live object handle; kinds is a bit mask of
 * (1 << h5x_object_kind) accepted, 0 for any. */
int h5x_object_check(const h5x_object *p, unsigned kinds, const char *what);
/* Checks a track_times option (-1, 0 or 1, named `option` in messages)
 * for an object created in loc's file: 1 needs H5X_CAP_OBJECT_TIMES, and a
 * connector with times can be told either way only through its *_with
 * slot (has_slot, named `slot`; every dataset_create takes it).  0, or
 * the error recorded. */
int h5x_check_track_times(const h5x_object *loc, int track_times, const char *option, int has_slot,
                          const char *slot);
#define H5X_KINDS_LOCATION ((1u << H5X_KIND_FILE) | (1u << H5X_KIND_GROUP))
#define H5X_KINDS_DATASET (1u << H5X_KIND_DATASET)
#define H5X_KINDS_ANY 0u

/* A new handle on a connector object of the given file (takes ownership
 * of connector_object; closes it on failure). */
h5x_object *h5x_object_wrap(h5x_file_state *file, h5x_object_kind kind, void *connector_object,
                            const char *absolute_path);
/* The same for the object at path seen from base (as h5x_path_join),
 * without a separate joined copy. */
h5x_object *h5x_object_wrap_at(h5x_file_state *file, h5x_object_kind kind, void *connector_object,
                               const char *base, const char *path);

/* The connector class of an object. */
#define H5X_CLASS(object) ((object)->file->connector->cls)

/* Records H5X_ERR_NOT_SUPPORTED naming the connector and the operation. */
int h5x_not_supported(const h5x_file_state *file, const char *operation);
/* Adds the object's file, path and connector to the current error. */
int h5x_error_at(const h5x_object *object, const char *relative_path, int status);
/* H5X_ERR_READ_ONLY unless the object's file was opened for writing. */
int h5x_require_writable(const h5x_object *object, const char *operation);

/* 0 when path can be looked up from loc: an absolute path from any object,
 * a relative one only from a file or group (a dataset or a committed type
 * has no members); otherwise H5X_ERR_BAD_HANDLE naming both. */
int h5x_check_lookup(const h5x_object *loc, const char *path);

/* An absolute, normalised path for path seen from base ("/a" + "b/c" → "/a/b/c"). */
char *h5x_path_join(const char *base, const char *path);

/* Library-wide defaults (config.c). */
int h5x_default_track_order(int requested);

/* The cached dataset information, refreshed when stale. */
const h5x_dataset_info *h5x_dataset_cached_info(h5x_object *dataset);
void h5x_dataset_info_clear(h5x_dataset_info *info);


/* Collects the names an iteration function visits (group.c), shared by
 * group and attribute listings. */
int h5x_names_from(int (*iterate)(h5x_object *, h5x_order, h5x_name_visitor, void *), h5x_object *object,
                   h5x_order order, char ***names, size_t *count);

#endif
