/*
 * native.h — what the files of the native connector share.
 *
 * The connector's objects are thin wrappers around libhdf5 identifiers.  A
 * native_file is shared by the file handle and every object opened in it
 * (reference counted), so that an object never outlives the facts it
 * needs about its file (the path for messages, whether it is writable).
 * Everything here is private to libh5x_native.so: only the entry function
 * in native_connector.c is exported.
 */
#ifndef H5X_NATIVE_H
#define H5X_NATIVE_H

#include <hdf5.h>
#include <string.h>

#include "h5x_connector.h"

typedef struct native_file {
    hid_t id;
    int writable;
    int refcount;               /* the file handle plus every open object */
    uint64_t extent_generation; /* bumped whenever a dataset's extent may have changed */
    char *path;
    /* One scalar dataspace for all scalar attributes written through this
     * file (0 until the first): creating one per attribute costs as much as
     * everything else h5x adds to a small attribute write. */
    hid_t scalar_space;
    /* The external-target policy (h5x_target_allowed): the file's own list
     * of allowed directories or NULL, the link access list that carries the
     * check to libhdf5 (0 until a policy is first in force), and the target
     * the check last refused, so the failure can be reported as a refusal. */
    char *allowed_target_prefixes;
    hid_t link_access;
    char *refused_target;
    /* the raw-data sieve buffer size of a file opened for reading through
     * sec2 (0 otherwise), so that a direct read need not ask libhdf5 for
     * the file access list, which costs as much as the read */
    uint64_t sec2_sieve_size;
} native_file;

/* What a dataset keeps between reads and writes so that a small hyperslab
 * costs little more than the libhdf5 call itself. */
typedef struct native_io_cache {
    hid_t file_space;          /* a copy of the dataset's dataspace, reselected per call */
    uint64_t space_generation; /* file->extent_generation when file_space was taken */
    hid_t file_type;           /* the dataset's stored type */
    h5x_dtype *file_dtype;     /* the same as an h5x dtype (for conversions libhdf5 lacks) */
    h5x_dtype *mem_dtype;      /* the memory dtype of the last call (a reference) */
    hid_t mem_type;            /* libhdf5's type for mem_dtype */
    int convert_in_core;       /* libhdf5 cannot convert file_type <-> mem_type */
    hid_t mem_space;           /* one-dimensional, mem_space_count elements */
    hsize_t mem_space_count;
    /* The direct read path (native_direct_read.c): the dataset's facts,
     * made on first read, and whether mem_type is file_type byte for byte
     * (0 until compared; io_prepare resets it with mem_type). */
    struct native_direct *direct;
    int direct_type;
    /* The parallel path for filtered chunked datasets
     * (native_filtered_io.c): the dataset's facts, made on first use. */
    struct native_filtered *filtered;
} native_io_cache;

/* A dataset's storage as the direct read path sees it. */
typedef enum native_layout {
    NATIVE_LAYOUT_UNKNOWN = 0,
    NATIVE_LAYOUT_PLAIN, /* contiguous, unfiltered, in the file itself */
    NATIVE_LAYOUT_OTHER
} native_layout;
native_layout native_layout_of(hid_t dcpl);

typedef struct native_object {
    hid_t id;
    native_file *file;
    /* The shortest read of all, checked first (native_direct_read_kept):
     * everything, into the memory dtype `kept_dtype`, of a dataset whose
     * bytes the direct path keeps.  Set by native_direct_read once it has
     * read the bytes and found the types equal; kept is NULL otherwise.
     * They live here, not in the io cache, so that the check follows no
     * further pointer than the file's: a whole read of a virtual dataset
     * of a thousand small sources makes it once per source, each on lines
     * no other source shares, and every pointer followed is a cache miss
     * waited for.  (Aligning the object to a cache line as well measured
     * no better.) */
    const unsigned char *kept;      /* the dataset's bytes, owned by io->direct */
    size_t kept_bytes;
    const h5x_dtype *kept_dtype;    /* the io cache's mem_dtype the check was made for */
    uint64_t kept_generation;       /* file->extent_generation the bytes belong to */
    native_io_cache *io;  /* datasets: made on first read or write */
    h5x_object_kind kind; /* GROUP, DATASET or DATATYPE */
    /* datasets: whether the layout is plain (native_layout_of), noted by
     * native_dataset_info so that the direct read path need not ask for
     * the creation list a second time; a layout never changes */
    native_layout layout;
} native_object;

/* ---------------------------------------------------------------- errors */

/* Switches off libhdf5's error printing and tells libhdf5 where h5x's
 * filter plugins live.  Done once, before the first file is opened. */
void native_initialise(void);

/* Records an error whose message is the formatted text followed by the
 * descriptions on libhdf5's error stack, then clears that stack.  The
 * status is the one the stack's innermost recognised error calls for, or
 * fallback when none is recognised.  Returns the status recorded. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int native_fail(int fallback, const char *format, ...);

/* H5X_ERR_READ_ONLY, described, unless the file was opened for writing. */
int native_require_writable(const native_file *file, const char *operation);

/* --------------------------------------------------------------- objects */

/* A new object wrapping id (which it then owns), holding a reference on
 * file.  On allocation failure id is closed and NULL returned with the
 * error recorded. */
native_object *native_object_wrap(native_file *file, hid_t id, h5x_object_kind kind);
void native_file_retain(native_file *file);
void native_file_release(native_file *file);
/* 1 while libhdf5 shuts down (H5close, or at exit): it then frees every
 * identifier left open itself, type by type, so closing one here could
 * touch one it has already freed. */
int native_library_closing(void);
/* The libhdf5 location of loc, or the file itself when loc is NULL. */
hid_t native_location(native_file *file, void *loc);
int native_object_info_of(hid_t id, h5x_object_info *info);

/* A link creation property list as h5py makes one: intermediate groups
 * are created, and the name's character set is ASCII or, when the name has
 * any byte above 0x7f, UTF-8.  H5I_INVALID_HID on failure (recorded). */
hid_t native_link_create_plist(const char *name);
/* Releases what native_link_create_plist gave (the default list stays). */
void native_link_plist_close(hid_t lcpl);
/* Records why opening the object at path failed, naming the target when
 * path is a soft or external link that could not be followed. */
int native_link_open_failure(hid_t loc, const char *path);
/* The link access list for looking up paths in file: H5P_DEFAULT when no
 * external-target policy is in force, else one whose external-link
 * callback refuses targets outside the allowed directories. */
hid_t native_link_access(native_file *file);
/* After a failed lookup: H5X_ERR_NOT_ALLOWED (recorded) when the policy
 * refused an external link target on the way, else 0. */
int native_link_refusal(native_file *file);

/* --------------------------------------------------------------- dtypes */

/* libhdf5's type for an h5x dtype (a new identifier), or H5I_INVALID_HID
 * with H5X_ERR_TYPE recorded. */
hid_t native_type_from_dtype(const h5x_dtype *dtype);
/* libhdf5's own id for a plain integer, float32 or float64 dtype, borrowed
 * (never closed): spares building a type per small attribute.
 * H5I_INVALID_HID for every other dtype, with no error recorded. */
hid_t native_predefined_type(const h5x_dtype *dtype);
/* The h5x dtype of a libhdf5 type (a new reference), or NULL with the
 * error recorded. */
h5x_dtype *native_dtype_from_type(hid_t type);

/* ------------------------------------------------------------ selections */

/* Selects sel in space, a dataspace of the dataset's extent.  *count
 * receives the number of elements selected. */
int native_select(hid_t space, const h5x_resolved_selection *sel, hsize_t *count);

/* --------------------------------------------------------------- filters */

/* Adds the filters of a chain's text to a dataset creation property list.
 * dtype is the dataset's, for filters whose settings depend on it. */
int native_filters_apply(hid_t dcpl, const char *text, const h5x_dtype *dtype);
/* The filter chain of a dataset creation property list as text (malloc'd),
 * or NULL in *text when there are no filters. */
int native_filters_describe(hid_t dcpl, char **text);

/* ----------------------------------------------------------- file access */

/* How a connector built on this code reaches its files.  The native
 * connector keeps an HDF5 file in one file (libhdf5's sec2 driver); the
 * family connector splits it over member files (the family driver).  The
 * object mapping is the same for both: only naming, existence, checks
 * before opening and the driver differ, and those are these hooks. */
typedef struct native_file_access {
    /* The name libhdf5 is given for args->path, malloc'd: the path itself,
     * or a family's member name pattern. */
    int (*storage_name)(const h5x_file_args *args, char **name);
    /* 1 when the file called name exists, 0 when it does not, or a
     * negative status (recorded) when that cannot be told. */
    int (*exists)(const char *name);
    /* Records H5X_ERR_NOT_FOUND for a file that does not exist, naming
     * what is missing.  Returns the status. */
    int (*not_found)(const char *name);
    /* Before libhdf5 opens an existing file: checks that its storage is
     * whole, so that damage is reported in the storage's own terms.  NULL
     * when there is nothing to check. */
    int (*check_existing)(const h5x_file_args *args, const char *name);
    /* Selects the driver on a file access property list; creating tells a
     * new file from an existing one. */
    int (*set_driver)(hid_t fapl, const h5x_file_args *args, int creating);
} native_file_access;

/* The file_open callback of a connector whose files are reached through
 * access (a static table of the connector's own). */
int native_file_open_with(const native_file_access *access, const h5x_file_args *args, void **file,
                          void **root);

/* ------------------------------------------------------ vtable callbacks */

int native_file_open(const h5x_file_args *args, void **file, void **root);
int native_file_close(void *file);
int native_file_flush(void *file);
int native_file_userblock_size(void *file, uint64_t *size);
int native_file_start_swmr(void *file);

int native_object_open(void *file, void *loc, const char *path, void **object, h5x_object_info *info);
int native_object_close(void *object);
int native_object_info(void *object, h5x_object_info *info);
int native_object_exists(void *file, void *loc, const char *path);
int native_object_open_by_token(void *file, const uint8_t token[16], void **object, h5x_object_info *info);

int native_group_create(void *file, void *loc, const char *path, int track_order, void **group);
int native_group_create_with(void *file, void *loc, const char *path, const h5x_group_create_args *args,
                             void **group);
int native_group_length(void *group, int64_t *count);
int native_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data);

int native_link_delete(void *file, void *loc, const char *path);
int native_link_info(void *file, void *loc, const char *path, h5x_link_info *info);
int native_link_create_hard(void *file, void *target_object, void *loc, const char *path);
int native_link_create_soft(void *file, const char *target_path, void *loc, const char *path);
int native_link_create_external(void *file, const char *target_file, const char *target_path, void *loc,
                                const char *path);
int native_link_move(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path);

/* Creates the dataset at path from a type, dataspace and creation list
 * already built, and wraps it; `what` names it in the error ("dataset").
 * Plain and virtual datasets differ only in their creation lists. */
int native_dataset_make(native_file *file, void *loc, const char *path, hid_t type, hid_t space, hid_t dcpl,
                        const char *what, void **dataset_out);
int native_dataset_create(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                          void **dataset);
int native_dataset_info(void *dataset, h5x_dataset_info *info);
int native_dataset_read(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                        void *buffer);
int native_dataset_write(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                         const void *buffer);
int native_dataset_resize(void *dataset, const h5x_shape *new_shape);
int native_dataset_flush(void *dataset);
int native_dataset_refresh(void *dataset);
/* Releases what a dataset cached for reads and writes. */
void native_io_cache_free(native_io_cache *io);

int native_attr_create(void *object, const char *name, const h5x_attr_args *args);
int native_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data);
int native_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer);
int native_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype);
int native_attr_delete(void *object, const char *name);
int native_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data);

int native_datatype_commit(void *file, void *loc, const char *path, const h5x_dtype *dtype, void **datatype);
int native_datatype_commit_with(void *file, void *loc, const char *path, const h5x_dtype *dtype,
                                const h5x_datatype_commit_args *args, void **datatype);
int native_datatype_get(void *datatype, h5x_dtype **dtype);

/* H5X_CONNECTOR_OP_NATIVE_HANDLE and H5X_CONNECTOR_OP_DIMSCALE. */
int native_optional(void *file, void *object, int op, void *args);

/* The slots of a connector class that every connector built on this code
 * shares: the whole object mapping, everything but the file slots and the
 * class's identity.  A class table lists them with this macro, so that a
 * slot added here reaches every such connector.  (The reference slots are
 * declared in native_reference.h.) */
#define NATIVE_OBJECT_MODEL_SLOTS                                                                            \
    .object_open = native_object_open, .object_close = native_object_close,                                  \
    .object_info = native_object_info, .object_exists = native_object_exists,                                \
    .object_open_by_token = native_object_open_by_token,                                                     \
                                                                                                             \
    .group_create = native_group_create, .group_length = native_group_length,                                \
    .group_iterate = native_group_iterate, .group_create_with = native_group_create_with,                    \
                                                                                                             \
    .link_delete = native_link_delete, .link_info = native_link_info,                                        \
    .link_create_hard = native_link_create_hard, .link_create_soft = native_link_create_soft,                \
    .link_create_external = native_link_create_external, .link_move = native_link_move,                      \
                                                                                                             \
    .dataset_create = native_dataset_create, .dataset_info = native_dataset_info,                            \
    .dataset_read = native_dataset_read, .dataset_write = native_dataset_write,                              \
    .dataset_resize = native_dataset_resize, .dataset_flush = native_dataset_flush,                          \
    .dataset_refresh = native_dataset_refresh,                                                               \
                                                                                                             \
    .attr_create = native_attr_create, .attr_write = native_attr_write, .attr_read = native_attr_read,        \
    .attr_info = native_attr_info, .attr_delete = native_attr_delete, .attr_iterate = native_attr_iterate,   \
                                                                                                             \
    .datatype_commit = native_datatype_commit, .datatype_get = native_datatype_get,                          \
    .datatype_commit_with = native_datatype_commit_with,                                                     \
                                                                                                             \
    .optional = native_optional,                                                                             \
                                                                                                             \
    .ref_create = native_ref_create, .ref_open = native_ref_open, .ref_region = native_ref_region

/* ---------------------------------------------------------- direct reads */

/* Reads sel of a dataset into buffer with pread, bypassing H5Dread, when
 * that is certainly equivalent (contiguous, allocated, read-only sec2 file,
 * memory type equal to the stored one, orthogonal selection; see
 * native_direct_read.c).  Call after io_prepare.  1 when the read was done,
 * 0 when H5Dread must do it, or a negative status (recorded) when the
 * file could not be read. */
typedef struct native_direct native_direct;
int native_direct_read(native_object *dataset, const h5x_resolved_selection *sel, void *buffer);
/* The kept-bytes shortcut, before any libhdf5 call or dataspace work: a
 * read of everything (sel NULL or H5X_SEL_ALL) into mem_dtype, when an
 * earlier direct read kept the dataset's bytes for that very dtype and the
 * file's extents have not moved since, is one memcpy.  1 when done, 0 when
 * the ordinary path must read. */
static inline int native_direct_read_kept(const native_object *dataset, const h5x_resolved_selection *sel,
                                          const h5x_dtype *mem_dtype, void *buffer)
{
    if (dataset->kept == NULL || dataset->kept_dtype != mem_dtype || (sel != NULL && sel->kind != H5X_SEL_ALL))
        return 0;
    /* the file's generation is on another line: ask for the bytes first,
     * so that both misses are waited for at once */
#if defined(__GNUC__)
    __builtin_prefetch(dataset->kept);
#endif
    if (dataset->kept_generation != dataset->file->extent_generation)
        return 0;
    memcpy(buffer, dataset->kept, dataset->kept_bytes);
    return 1;
}
void native_direct_free(native_direct *direct);
/* 1 when values of type are copied by H5Dread as they lie, byte for byte,
 * whenever the memory type equals it (no variable-length data, no
 * references). */
int native_type_plain_bytes(hid_t type);
/* 1 when the io cache's memory type is its stored type byte for byte
 * (compared once per memory type). */
int native_same_type(native_io_cache *io);

/* ------------------------------------------------ filtered chunked I/O */

/* Reads or writes sel of a filtered chunked dataset with its chunks
 * filtered on several threads (native_filtered_io.c), when that certainly
 * gives what H5Dread and H5Dwrite would.  Call after io_prepare.  1 when
 * done, 0 when libhdf5 must do it, or a negative status (recorded). */
typedef struct native_filtered native_filtered;
int native_filtered_read(native_object *dataset, const h5x_resolved_selection *sel, void *buffer);
int native_filtered_write(native_object *dataset, const h5x_resolved_selection *sel, const void *buffer);
void native_filtered_free(native_filtered *filtered);

/* ------------------------------------------------------------ dataspaces */

/* A dataspace for an h5x shape (rank -1 null, 0 scalar); maxshape may be
 * NULL or of another rank (then fixed).  H5I_INVALID_HID on failure. */
hid_t native_space_from_shape(const h5x_shape *shape, const h5x_shape *maxshape);
/* The extent of a dataspace as h5x shapes (maxshape may be NULL). */
int native_shape_from_space(hid_t space, h5x_shape *shape, h5x_shape *maxshape);

/* 1 when libhdf5 has no conversion from src to dst (h5py's bool enum to
 * an integer, for instance), so that h5x_dtype_convert must do it; 0 when
 * the types are equal or libhdf5 converts them itself. */
int native_convert_needed(hid_t src, hid_t dst);

#endif
