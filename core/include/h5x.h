/*
 * h5x.h — the application interface of h5x.
 *
 * h5x gives C programs what h5py gives Python programs: files, groups,
 * datasets with NumPy-style selections, attributes and links, on top of
 * storage connectors chosen at run time ("native:data.h5", "core:scratch.h5",
 * H5X_CONNECTOR=...).
 *
 * Conventions, everywhere in this header:
 *  - Every function returns a status (0 or a positive count on success, a
 *    negative h5x_status on failure) or a pointer (NULL on failure).  On
 *    failure h5x_last_error() describes what went wrong; nothing is printed.
 *  - Handles (h5x_object, h5x_dtype, h5x_selection) are opaque and reference
 *    counted.  Every handle a function returns is released with h5x_close().
 *    An open object keeps its file alive: closing the file handle first is
 *    fine, the file is closed when its last object is.
 *  - Strings returned as `char *` are allocated by h5x and released with
 *    h5x_free().  Names are UTF-8.
 *  - Shapes are h5x_shape values: rank -1 is the null (empty) dataspace,
 *    rank 0 a scalar.
 *  - All functions may be called from several threads; the library
 *    serialises them with one recursive lock (libhdf5 is not thread-safe).
 */
#ifndef H5X_H
#define H5X_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define H5X_API __attribute__((visibility("default")))
#else
#define H5X_API
#endif

#define H5X_VERSION_MAJOR 0
#define H5X_VERSION_MINOR 1
#define H5X_VERSION_PATCH 0
#define H5X_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ errors */

typedef enum h5x_status {
    H5X_OK = 0,
    H5X_ERR_INVALID_ARGUMENT = -1, /* a NULL or malformed argument */
    H5X_ERR_BAD_HANDLE = -2,       /* NULL, closed or wrong-kind handle */
    H5X_ERR_NOT_FOUND = -3,        /* no such file, object, link or attribute */
    H5X_ERR_EXISTS = -4,           /* the name or file already exists */
    H5X_ERR_READ_ONLY = -5,        /* write to a file opened read-only */
    H5X_ERR_NOT_SUPPORTED = -6,    /* the connector does not offer the operation */
    H5X_ERR_SELECTION = -7,        /* malformed or out-of-range selection */
    H5X_ERR_SHAPE = -8,            /* shapes or sizes that do not match */
    H5X_ERR_TYPE = -9,             /* no conversion between the types */
    H5X_ERR_IO = -10,              /* the storage layer failed */
    H5X_ERR_NO_MEMORY = -11,
    H5X_ERR_PLUGIN = -12,          /* a plugin could not be found or loaded */
    H5X_ERR_CORRUPT = -13,         /* the stored data is damaged */
    H5X_ERR_OPTION = -14,          /* a malformed or unknown option string */
    H5X_ERR_NOT_ALLOWED = -15      /* a path outside the allowed directories (H5X_ALLOWED_PATHS) */
} h5x_status;

/* A short, static description of a status code. */
H5X_API const char *h5x_strerror(int status);

/* The last error of the calling thread.  Fields are never NULL (empty
 * strings when unknown) and stay valid until the thread's next h5x call. */
typedef struct h5x_error_info {
    int code;                /* an h5x_status */
    const char *message;     /* what went wrong, including the storage layer's own words */
    const char *file_path;   /* the file involved, if any */
    const char *object_path; /* the object path involved, if any */
    const char *connector;   /* the connector involved, if any */
} h5x_error_info;

H5X_API const h5x_error_info *h5x_last_error(void);
H5X_API void h5x_clear_error(void);

/* Releases memory that h5x returned (strings, name lists, vlen buffers). */
H5X_API void h5x_free(void *memory);

/* Releases any handle: object, dtype or selection.  NULL is a no-op.
 * Closing the last handle of a file closes the file; when its storage
 * fails then (a full disk while libhdf5 writes what it cached), the
 * failure is returned and described like any other, and the handle is
 * released all the same. */
H5X_API int h5x_close(void *handle);

/* -------------------------------------------------------------- shapes */

#define H5X_MAX_RANK 32
#define H5X_UNLIMITED UINT64_MAX /* in a maxshape: the axis may grow without bound */

typedef struct h5x_shape {
    int rank;                     /* -1: null dataspace (h5py Empty); 0: scalar */
    uint64_t dims[H5X_MAX_RANK];
} h5x_shape;

/* Helpers to build shapes: h5x_shape_of(2, (uint64_t[]){3, 4}).  A rank
 * above H5X_MAX_RANK records H5X_ERR_INVALID_ARGUMENT and gives a shape of
 * rank H5X_MAX_RANK + 1, which every function refuses. */
H5X_API h5x_shape h5x_shape_of(int rank, const uint64_t *dims);
H5X_API h5x_shape h5x_shape_scalar(void);
H5X_API h5x_shape h5x_shape_null(void);
/* Number of elements (1 for a scalar, 0 for null and for an invalid rank). */
H5X_API uint64_t h5x_shape_size(const h5x_shape *shape);

/* ------------------------------------------------------------------ dtypes */

typedef struct h5x_dtype h5x_dtype;

typedef enum h5x_dtype_class {
    H5X_CLASS_INTEGER = 1,
    H5X_CLASS_FLOAT,
    H5X_CLASS_BOOL,      /* h5py's bool: an enum of int8 {FALSE=0, TRUE=1} */
    H5X_CLASS_COMPLEX,   /* h5py's complex: compound {r, i} of floats */
    H5X_CLASS_STRING,    /* fixed or variable length */
    H5X_CLASS_OPAQUE,
    H5X_CLASS_COMPOUND,
    H5X_CLASS_ENUM,
    H5X_CLASS_ARRAY,
    H5X_CLASS_VLEN,      /* variable-length sequence of a base type */
    H5X_CLASS_REFERENCE, /* object or region reference */
    H5X_CLASS_BITFIELD
} h5x_dtype_class;

typedef enum h5x_byte_order {
    H5X_ORDER_NATIVE = 0,
    H5X_ORDER_LITTLE = 1,
    H5X_ORDER_BIG = 2,
    H5X_ORDER_NONE = 3 /* single bytes, strings, opaque */
} h5x_byte_order;

/* Parses a NumPy dtype string: "i1" "<i2" ">u4" "u8" "f2" "<f4" ">f8" "?"
 * "c8" "<c16" "S10".  Without an order character the machine's order. */
H5X_API h5x_dtype *h5x_dtype_parse(const char *numpy_spec);
/* The NumPy spelling of a dtype ("<f4"), or a descriptive text for types
 * NumPy cannot spell. */
H5X_API char *h5x_dtype_to_string(const h5x_dtype *dtype);

H5X_API h5x_dtype *h5x_dtype_integer(int bytes, int is_signed, h5x_byte_order order);
H5X_API h5x_dtype *h5x_dtype_float(int bytes, h5x_byte_order order);
H5X_API h5x_dtype *h5x_dtype_bool(void);
H5X_API h5x_dtype *h5x_dtype_complex(int bytes, h5x_byte_order order); /* 8 or 16 */
H5X_API h5x_dtype *h5x_dtype_copy(const h5x_dtype *dtype);

H5X_API h5x_dtype_class h5x_dtype_get_class(const h5x_dtype *dtype);
/* Bytes one element occupies in memory buffers. */
H5X_API size_t h5x_dtype_size(const h5x_dtype *dtype);
/* A single-byte number's order is NONE, or BIG when it was made or read
 * big-endian (libhdf5's H5T_STD_I8BE); either way its values and its NumPy
 * spelling ('|i1') are the same, and h5x_dtype_equal ignores it. */
H5X_API h5x_byte_order h5x_dtype_order(const h5x_dtype *dtype);
/* 1 when a signed integer, 0 otherwise. */
H5X_API int h5x_dtype_is_signed(const h5x_dtype *dtype);
/* 1 when both describe the same type, 0 otherwise. */
H5X_API int h5x_dtype_equal(const h5x_dtype *a, const h5x_dtype *b);

/* Predefined dtypes.  They are immortal: passing them to h5x_close is
 * allowed and does nothing.  Machine byte order unless named. */
H5X_API const h5x_dtype *h5x_predefined(const char *numpy_spec);
#define H5X_I8 h5x_predefined("i1")
#define H5X_I16 h5x_predefined("i2")
#define H5X_I32 h5x_predefined("i4")
#define H5X_I64 h5x_predefined("i8")
#define H5X_U8 h5x_predefined("u1")
#define H5X_U16 h5x_predefined("u2")
#define H5X_U32 h5x_predefined("u4")
#define H5X_U64 h5x_predefined("u8")
#define H5X_F16 h5x_predefined("f2")
#define H5X_F32 h5x_predefined("f4")
#define H5X_F64 h5x_predefined("f8")
#define H5X_BOOL h5x_predefined("?")
#define H5X_C64 h5x_predefined("c8")
#define H5X_C128 h5x_predefined("c16")

/* Converts n elements from one dtype to another in memory, as HDF5 does
 * (integer <-> float, widening, narrowing with clamping, byte swapping).
 * src and dst may be the same buffer, sized for n elements of the larger
 * type; no other overlap is allowed. */
H5X_API int h5x_dtype_convert(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst,
                              uint64_t n);

/* -------------------------------------------------------------- selections */

/* A selection as h5py/NumPy indexing expresses it.  Parsed from a string
 * exactly like the text between the brackets of dset[...]:
 *   "()"  "..."  "0, 2:10, 1:9:3"  ":, ::2, 5"  "-1"  "..., 6"  "[3, 1, 7], :"
 * or built step by step.  A selection is resolved against a dataset's shape
 * when it is used, so one selection serves datasets of different shapes. */
typedef struct h5x_selection h5x_selection;

#define H5X_NONE INT64_MIN /* an omitted slice bound or step */

H5X_API h5x_selection *h5x_selection_parse(const char *text);
H5X_API h5x_selection *h5x_selection_new(void); /* empty: same as "()" */
H5X_API int h5x_selection_add_index(h5x_selection *sel, int64_t index);
H5X_API int h5x_selection_add_slice(h5x_selection *sel, int64_t start, int64_t stop, int64_t step);
H5X_API int h5x_selection_add_ellipsis(h5x_selection *sel);
/* An index list on one axis (h5py: increasing, no repeats). */
H5X_API int h5x_selection_add_list(h5x_selection *sel, const int64_t *indices, size_t count);
/* The canonical text of a selection ("0, 2:10:1, ..."). */
H5X_API char *h5x_selection_to_string(const h5x_selection *sel);

/* --------------------------------------------------------------- objects */

/* Files, groups, datasets and committed datatypes are all h5x_objects; a
 * file handle is its root group. */
typedef struct h5x_object h5x_object;

typedef enum h5x_object_kind {
    H5X_KIND_FILE = 1, /* the handle returned by h5x_file_open (a root group) */
    H5X_KIND_GROUP,
    H5X_KIND_DATASET,
    H5X_KIND_DATATYPE
} h5x_object_kind;

typedef enum h5x_order {
    H5X_ORDER_NAME = 0,     /* alphanumeric (byte-wise on the UTF-8 names) */
    H5X_ORDER_CREATION = 1  /* insertion order; needs track_order */
} h5x_order;

/* ------------------------------------------------------------------ files */

/* The library version bounds of h5py's libver. */
typedef enum h5x_libver {
    H5X_LIBVER_DEFAULT = 0, /* the connector's default */
    H5X_LIBVER_EARLIEST,
    H5X_LIBVER_V18,
    H5X_LIBVER_V110,
    H5X_LIBVER_V112,
    H5X_LIBVER_V114,
    H5X_LIBVER_LATEST
} h5x_libver;

/* Options for h5x_file_open.  Start from H5X_FILE_OPTIONS_INIT so that
 * fields added later get their defaults. */
typedef struct h5x_file_options {
    size_t struct_size;       /* sizeof(h5x_file_options) */
    /* The connector and its options, e.g. "native", "family;member_size=64MiB".
     * NULL: the URI's prefix, else H5X_CONNECTOR, else "native". */
    const char *connector;
    h5x_libver libver_low;
    h5x_libver libver_high;
    uint64_t userblock_size;  /* 0, or a power of two >= 512 (creation only) */
    int swmr;                 /* read: open as a SWMR reader */
    int track_order;          /* -1: library default; 0/1: the root group's order */
    /* Directories that external link targets and virtual dataset sources
     * reached from this file may lie in, ':'-separated ("/data:/scratch/run").
     * NULL: the H5X_ALLOWED_PATHS environment variable, and when that is unset
     * too, anywhere (HDF5's own behaviour).  "" allows none. */
    const char *allowed_target_prefixes;
} h5x_file_options;

#define H5X_FILE_OPTIONS_INIT \
    { sizeof(h5x_file_options), NULL, H5X_LIBVER_DEFAULT, H5X_LIBVER_DEFAULT, 0, 0, -1, NULL }

/* Opens or creates a file.  uri: "PATH" or "CONNECTOR[;OPTIONS]:PATH".
 * mode as h5py: "r" (default when NULL), "r+", "w", "w-" or "x", "a".
 * options may be NULL. */
H5X_API h5x_object *h5x_file_open(const char *uri, const char *mode, const h5x_file_options *options);
H5X_API int h5x_file_flush(h5x_object *object_in_file);
/* The file an object lives in (a new handle on its root group). */
H5X_API h5x_object *h5x_object_file(h5x_object *object);
H5X_API char *h5x_file_name(h5x_object *object_in_file);
/* "r" or "r+" */
H5X_API char *h5x_file_mode(h5x_object *object_in_file);
H5X_API char *h5x_file_connector(h5x_object *object_in_file); /* "native" */
H5X_API int h5x_file_userblock_size(h5x_object *object_in_file, uint64_t *size);
/* Switches a file opened for writing into SWMR-writer mode. */
H5X_API int h5x_file_start_swmr(h5x_object *file);

/* Library-wide defaults (h5py's get_config()). */
H5X_API int h5x_config_set_track_order(int track_order);
H5X_API int h5x_config_get_track_order(void);
/* Threads that filter the chunks of one read or write in parallel (chunk
 * compression and decompression; the reading and writing of the stored
 * chunks stay on the calling thread).  0 restores the default: the
 * H5X_FILTER_THREADS environment variable when it holds a positive
 * number, else the number of online cores.  1 filters on the calling
 * thread alone, chunk after chunk, as libhdf5 does. */
H5X_API int h5x_config_set_filter_threads(int threads);
H5X_API int h5x_config_get_filter_threads(void);

/* --------------------------------------------------------------- objects */

/* Opens the object at path (absolute, or relative to loc), following links. */
H5X_API h5x_object *h5x_open(h5x_object *loc, const char *path);
/* 1 if path names an existing object (a dangling soft link counts as 0), 0 if not. */
H5X_API int h5x_contains(h5x_object *loc, const char *path);
/* Removes the link at path (h5py: del group[name]). */
H5X_API int h5x_delete(h5x_object *loc, const char *path);

H5X_API h5x_object_kind h5x_object_get_kind(const h5x_object *object);
/* The absolute path the object was opened by ("/" for the root). */
H5X_API char *h5x_object_name(const h5x_object *object);
/* 1 if both handles refer to the same object in the same file (h5py ==). */
H5X_API int h5x_object_equal(const h5x_object *a, const h5x_object *b);

/* An object's times, in seconds since the epoch, as HDF5 keeps them for
 * objects created with track_times; all 0 when the object keeps none
 * (h5py's default for datasets, and every object of a connector without
 * H5X_CAP_OBJECT_TIMES).  libhdf5 writes them only into version 2 object
 * headers, that is in files whose libver_low is V18 or later. */
typedef struct h5x_object_times {
    int64_t atime, mtime, ctime, btime;
} h5x_object_times;
H5X_API int h5x_object_get_times(h5x_object *object, h5x_object_times *times);

/* ------------------------------------------------------------------ groups */

typedef struct h5x_group_options {
    size_t struct_size;
    int track_order; /* -1: library default; 0/1 */
    /* 1: the file keeps the group's access, modification, change and birth
     * times (h5x_object_get_times); 0: no times; -1: the connector's
     * default, h5py's (HDF5 files keep group times, as libhdf5 does by
     * default; connectors without times keep none).  Connectors without
     * H5X_CAP_OBJECT_TIMES refuse 1. */
    int track_times;
} h5x_group_options;
#define H5X_GROUP_OPTIONS_INIT { sizeof(h5x_group_options), -1, -1 }

/* Creates a group, and any missing intermediate groups ("/some/long/path").
 * Fails with H5X_ERR_EXISTS if the name exists.  options may be NULL. */
H5X_API h5x_object *h5x_group_create(h5x_object *loc, const char *path, const h5x_group_options *options);
/* Opens the group, creating it if missing; fails if a non-group is there. */
H5X_API h5x_object *h5x_group_require(h5x_object *loc, const char *path);
/* Number of links in the group. */
H5X_API int64_t h5x_group_length(h5x_object *group);
/* The names of the group's links, in the order asked for.  *names is an
 * array of *count strings; release it with h5x_free_names. */
H5X_API int h5x_group_names(h5x_object *group, h5x_order order, char ***names, size_t *count);
H5X_API void h5x_free_names(char **names, size_t count);
/* Calls visit for each link name; a non-zero return stops and is returned. */
typedef int (*h5x_name_visitor)(const char *name, void *user_data);
H5X_API int h5x_group_iterate(h5x_object *group, h5x_order order, h5x_name_visitor visit, void *user_data);

/* ---------------------------------------------------------------- datasets */

/* Options for h5x_dataset_create.  Start from H5X_DATASET_OPTIONS_INIT. */
typedef struct h5x_dataset_options {
    size_t struct_size;
    const h5x_shape *maxshape;  /* NULL: fixed size; H5X_UNLIMITED axes grow without bound */
    const h5x_shape *chunks;    /* NULL: contiguous, or chunked automatically when needed */
    const void *fillvalue;      /* one element of the dataset's dtype, or NULL */
    const char *filters;        /* e.g. "gzip:6", "shuffle,gzip:4", "blosc:lz4:5:shuffle"; NULL: none */
    int track_order;            /* -1: library default; 0/1 for the dataset's attributes */
    const void *data;           /* initial contents in the dataset's dtype, or NULL */
    /* 1: the file keeps the dataset's times (h5py's track_times=True);
     * -1 or 0: h5py's default, no times.  Connectors without
     * H5X_CAP_OBJECT_TIMES refuse 1. */
    int track_times;
} h5x_dataset_options;
#define H5X_DATASET_OPTIONS_INIT { sizeof(h5x_dataset_options), NULL, NULL, NULL, NULL, -1, NULL, -1 }

/* Creates a dataset.  dtype NULL means float32 (h5py's default).  A null
 * shape (rank -1) creates an empty dataset.  Fails with H5X_ERR_EXISTS if
 * the name exists.  options may be NULL. */
H5X_API h5x_object *h5x_dataset_create(h5x_object *loc, const char *path, const h5x_dtype *dtype,
                                       const h5x_shape *shape, const h5x_dataset_options *options);
/* Opens an existing dataset whose shape and dtype match (dtype: convertible,
 * as h5py's exact=False), or creates it. */
H5X_API h5x_object *h5x_dataset_require(h5x_object *loc, const char *path, const h5x_dtype *dtype,
                                        const h5x_shape *shape, const h5x_dataset_options *options);

H5X_API int h5x_dataset_shape(h5x_object *dataset, h5x_shape *shape);
H5X_API int h5x_dataset_maxshape(h5x_object *dataset, h5x_shape *maxshape);
/* rank 0 in *chunks when the dataset is not chunked. */
H5X_API int h5x_dataset_chunks(h5x_object *dataset, h5x_shape *chunks);
H5X_API h5x_dtype *h5x_dataset_dtype(h5x_object *dataset);
/* Writes one element of the fill value, converted to mem_dtype, into value.
 * Returns 1 if a fill value is defined, 0 if not (value then zeroed). */
H5X_API int h5x_dataset_fillvalue(h5x_object *dataset, const h5x_dtype *mem_dtype, void *value);
/* The filter chain as text ("shuffle,gzip:6"), "" when none. */
H5X_API char *h5x_dataset_filters(h5x_object *dataset);
/* Bytes the dataset's data occupies in storage (h5py's get_storage_size). */
H5X_API int h5x_dataset_storage_size(h5x_object *dataset, uint64_t *bytes);
/* len(dset): the length of the first axis; an error for scalars and empty. */
H5X_API int h5x_dataset_len(h5x_object *dataset, uint64_t *length);

/* The shape a selection gives on this dataset (indices drop their axis). */
H5X_API int h5x_dataset_selection_shape(h5x_object *dataset, const h5x_selection *sel, h5x_shape *shape);

/* Reads the selection (NULL: everything, as dset[()]) converted to mem_dtype
 * (NULL: the dataset's dtype) into buffer, which holds buffer_size bytes.  */
H5X_API int h5x_dataset_read(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem_dtype,
                             void *buffer, size_t buffer_size);
/* Writes buffer, of shape data_shape (NULL: the selection's shape) and
 * mem_dtype (NULL: the dataset's dtype), into the selection, broadcasting
 * data_shape to the selection's shape as NumPy does. */
H5X_API int h5x_dataset_write(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem_dtype,
                              const void *buffer, const h5x_shape *data_shape);
/* Shorthands taking the selection as text, e.g. "0, 2:10, 1:9:3". */
H5X_API int h5x_dataset_read_text(h5x_object *dataset, const char *selection, const h5x_dtype *mem_dtype,
                                  void *buffer, size_t buffer_size);
H5X_API int h5x_dataset_write_text(h5x_object *dataset, const char *selection, const h5x_dtype *mem_dtype,
                                   const void *buffer, const h5x_shape *data_shape);
/* Changes the dataset's shape within its maxshape. */
H5X_API int h5x_dataset_resize(h5x_object *dataset, const h5x_shape *new_shape);
H5X_API int h5x_dataset_flush(h5x_object *dataset);
/* Re-reads metadata another process appended (SWMR reader). */
H5X_API int h5x_dataset_refresh(h5x_object *dataset);

/* -------------------------------------------------------------- attributes */

/* h5py's attrs[name] = value: creates the attribute, replacing any existing
 * one.  dtype NULL is an error; shape NULL means scalar. */
H5X_API int h5x_attr_set(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                         const void *data);
/* h5py's attrs.modify: keeps an existing attribute's dtype and shape and
 * converts data (of mem_dtype and shape) into it; the shapes must be equal,
 * except that one element replaces one element (() and (1,)), and an empty
 * attribute cannot be modified (H5X_ERR_SHAPE).  Creates the attribute
 * with mem_dtype and shape when missing. */
H5X_API int h5x_attr_modify(h5x_object *object, const char *name, const h5x_dtype *mem_dtype,
                            const h5x_shape *shape, const void *data);
/* Reads the whole attribute converted to mem_dtype (NULL: stored dtype). */
H5X_API int h5x_attr_get(h5x_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer,
                         size_t buffer_size);
/* The shape and a new handle on the dtype (either may be NULL). */
H5X_API int h5x_attr_info(h5x_object *object, const char *name, h5x_shape *shape, h5x_dtype **dtype);
/* 1 if present, 0 if not. */
H5X_API int h5x_attr_contains(h5x_object *object, const char *name);
H5X_API int h5x_attr_delete(h5x_object *object, const char *name);
H5X_API int h5x_attr_names(h5x_object *object, h5x_order order, char ***names, size_t *count);
H5X_API int h5x_attr_iterate(h5x_object *object, h5x_order order, h5x_name_visitor visit, void *user_data);
H5X_API int64_t h5x_attr_count(h5x_object *object);

/* ------------------------------------------------------- copy and registry */

/* Copies the object at src_path (with everything below it and all its
 * attributes) to dst_path, through the object model, between any two
 * connectors.  Hard links within the copied tree stay hard links; soft and
 * external links are copied as links.  When both paths are "/" the root's
 * attributes and members are copied into the destination's root. */
H5X_API int h5x_copy(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc, const char *dst_path);
/* The same, calling progress (when not NULL) as dataset bytes are copied. */
typedef void (*h5x_progress_fn)(uint64_t bytes_done, uint64_t bytes_total, void *user_data);
H5X_API int h5x_copy_with_progress(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc,
                                   const char *dst_path, h5x_progress_fn progress, void *user_data);

/* Information about loaded connectors and filters (h5x info). */
typedef struct h5x_plugin_info {
    const char *name;
    const char *description;
    const char *version;  /* "1.2.3" */
    const char *path;     /* the shared object it came from */
    uint64_t capabilities;
    int filter_id;        /* filters: the HDF5 filter id; connectors: 0 */
} h5x_plugin_info;

/* Loads every connector plugin found, then reports them one by one. */
H5X_API int h5x_connector_count(void);
H5X_API int h5x_connector_info(int index, h5x_plugin_info *info);
H5X_API int h5x_filter_count(void);
H5X_API int h5x_filter_info(int index, h5x_plugin_info *info);
/* The directories searched for plugins, ':'-separated (a new string). */
H5X_API char *h5x_plugin_search_path(void);


/* =================================================================== */
/*                          The data model                             */
/* =================================================================== */

/* ------------------------------------------------------------ strings */

typedef enum h5x_charset { H5X_CSET_ASCII = 0, H5X_CSET_UTF8 = 1 } h5x_charset;
typedef enum h5x_string_pad {
    H5X_PAD_NULLTERM = 0, /* C string: a NUL ends it */
    H5X_PAD_NULLPAD = 1,  /* NumPy 'S': padded with NULs, not necessarily terminated (h5py's fixed default) */
    H5X_PAD_SPACEPAD = 2  /* Fortran: padded with spaces */
} h5x_string_pad;
#define H5X_VARIABLE SIZE_MAX /* a variable-length string */

/* h5py's string_dtype(encoding, length).  In memory a fixed-length string
 * is `length` bytes; a variable-length one is a `char *` (NUL-terminated;
 * NULL reads as ""), whose memory h5x_reclaim releases after a read.
 * Fixed strings are NULLPAD like NumPy's 'S'. */
H5X_API h5x_dtype *h5x_dtype_string(h5x_charset charset, size_t length);
H5X_API h5x_dtype *h5x_dtype_string_padded(h5x_charset charset, size_t length, h5x_string_pad pad);
/* h5py's check_string_dtype: 1 and the details when dtype is a string
 * type (length H5X_VARIABLE for variable), 0 when not.  Outputs may be NULL. */
H5X_API int h5x_dtype_string_info(const h5x_dtype *dtype, h5x_charset *charset, size_t *length,
                                  h5x_string_pad *pad);
/* The memory type for text (h5py's str, and Dataset.asstr()): variable-
 * length UTF-8 `char *`.  Reading any stored string type through it
 * decodes and checks the stored encoding; writing through it checks that
 * text stored as ASCII is ASCII.  Reading or writing with the stored string
 * type itself moves bytes unchecked (h5py's bytes).  Writing fixed-length
 * bytes that hold a NUL followed by more text into a variable-length
 * string is an error rather than a silent truncation. */
H5X_API h5x_dtype *h5x_dtype_text(void);

/* ------------------------------------------------------ variable length */

/* One element of a variable-length sequence in memory; the layout of
 * HDF5's hvl_t. */
typedef struct h5x_vlen {
    size_t length;
    void *data;
} h5x_vlen;

/* h5py's vlen_dtype(base): ragged arrays of base. */
H5X_API h5x_dtype *h5x_dtype_vlen(const h5x_dtype *base);
/* h5py's check_vlen_dtype: a new handle on the base type, or NULL (and no
 * error) when dtype is not a vlen sequence type. */
H5X_API h5x_dtype *h5x_dtype_vlen_base(const h5x_dtype *dtype);
/* Releases the memory h5x allocated inside count elements of mem_dtype
 * that a read filled (vlen sequences and variable-length strings, at any
 * depth); the buffer itself remains the caller's. */
H5X_API int h5x_reclaim(const h5x_dtype *mem_dtype, void *buffer, uint64_t count);

/* --------------------------------------- compound, enum, opaque, array */

/* A compound (NumPy structured) type of size bytes; members are inserted
 * at their offsets.  Nested compounds and array members are allowed. */
H5X_API h5x_dtype *h5x_dtype_compound(size_t size);
H5X_API int h5x_dtype_compound_insert(h5x_dtype *compound, const char *name, size_t offset,
                                      const h5x_dtype *member);
/* Members of a compound or an enum: count, name (new string), offset,
 * type (new handle) and index by name (negative when absent). */
H5X_API int h5x_dtype_member_count(const h5x_dtype *dtype);
H5X_API char *h5x_dtype_member_name(const h5x_dtype *dtype, int index);
H5X_API size_t h5x_dtype_member_offset(const h5x_dtype *dtype, int index);
H5X_API h5x_dtype *h5x_dtype_member_dtype(const h5x_dtype *dtype, int index);
H5X_API int h5x_dtype_member_index(const h5x_dtype *dtype, const char *name);
/* A packed compound of some fields of a compound, in the order given.
 * Reading or writing a dataset through it moves only those fields (h5py's
 * dset["x"] and dset[["x", "y"]]); members are matched by name. */
H5X_API h5x_dtype *h5x_dtype_fields(const h5x_dtype *compound, const char *const *names, size_t count);

/* An enum over an integer base type (h5py's enum_dtype). */
H5X_API h5x_dtype *h5x_dtype_enum(const h5x_dtype *base);
H5X_API int h5x_dtype_enum_insert(h5x_dtype *enumeration, const char *name, int64_t value);
H5X_API int h5x_dtype_enum_value(const h5x_dtype *enumeration, int index, int64_t *value);

/* An opaque type of size bytes with a tag (may be "").  h5py's
 * opaque_dtype(np.dtype("M8[s]")) is what h5x_dtype_parse("<M8[s]") gives:
 * 8 bytes tagged as h5py tags NumPy types; np.void blobs are "V<size>". */
H5X_API h5x_dtype *h5x_dtype_opaque(size_t size, const char *tag);
H5X_API char *h5x_dtype_opaque_tag(const h5x_dtype *dtype);

/* A fixed-shape array of base (NumPy subarray dtype). */
H5X_API h5x_dtype *h5x_dtype_array(const h5x_dtype *base, const h5x_shape *dims);
/* The dims and a new handle on the base of an array type (either may be NULL). */
H5X_API int h5x_dtype_array_info(const h5x_dtype *dtype, h5x_shape *dims, h5x_dtype **base);

/* ------------------------------------------------------------ references */

typedef enum h5x_reference_kind { H5X_REF_NULL = 0, H5X_REF_OBJECT = 1, H5X_REF_REGION = 2 } h5x_reference_kind;
#define H5X_REF_SIZE 64

/* A reference in memory: one element of a reference dtype.  All zero is
 * the null reference (bool(ref) is false in h5py).  Its bytes are private
 * to h5x and the connector; they are meaningful only with the file they
 * came from. */
typedef struct h5x_ref {
    uint8_t bytes[H5X_REF_SIZE];
} h5x_ref;

/* h5py's ref_dtype (H5X_REF_OBJECT) and regionref_dtype (H5X_REF_REGION). */
H5X_API h5x_dtype *h5x_dtype_reference(h5x_reference_kind kind);
/* obj.ref */
H5X_API int h5x_object_ref(h5x_object *object, h5x_ref *ref);
/* dset.regionref[sel] */
H5X_API int h5x_region_ref(h5x_object *dataset, const h5x_selection *sel, h5x_ref *ref);
H5X_API h5x_reference_kind h5x_ref_kind(const h5x_ref *ref);
/* 1 for the null reference, 0 otherwise. */
H5X_API int h5x_ref_is_null(const h5x_ref *ref);
/* f[ref]: opens the referenced object (a region reference opens its
 * dataset) from any object of the same file. */
H5X_API h5x_object *h5x_ref_open(h5x_object *loc, const h5x_ref *ref);
/* The shape dset[regref] gives: a regular (hyperslab) region keeps its
 * bounding shape, an irregular one reads as 1-D. */
H5X_API int h5x_ref_region_shape(h5x_object *dataset, const h5x_ref *ref, h5x_shape *shape);
/* dset[regref]: reads the referenced region. */
H5X_API int h5x_dataset_read_region(h5x_object *dataset, const h5x_ref *ref, const h5x_dtype *mem_dtype,
                                    void *buffer, size_t buffer_size);
/* The selection of a region reference as text (loc: any object of its
 * file): NumPy slices per axis ("0:2, 1:9:4"; an axis of scattered
 * indices as a list "[1, 3, 6]"), "..." for everything, or the points of
 * a point selection ("(1, 2), (3, 7)").  Release with h5x_free. */
H5X_API char *h5x_ref_region_text(h5x_object *loc, const h5x_ref *ref);

/* ------------------------------------------------------------------ links */

typedef enum h5x_link_kind { H5X_LINK_HARD = 1, H5X_LINK_SOFT, H5X_LINK_EXTERNAL } h5x_link_kind;

typedef struct h5x_link_info {
    h5x_link_kind kind;
    char *target_path; /* soft and external: malloc'd; NULL for hard */
    char *target_file; /* external: malloc'd */
} h5x_link_info;

/* The link at path (relative to loc) as stored, without following it
 * (h5py's get(name, getlink=True)); the root reports a hard link.  Release
 * target_path and target_file with h5x_free. */
H5X_API int h5x_link_get_info(h5x_object *loc, const char *path, h5x_link_info *info);
/* grp[path] = obj: a new name for an existing object (no copy). */
H5X_API int h5x_link_hard(h5x_object *target, h5x_object *loc, const char *path);
/* grp[path] = SoftLink(target_path); the target may not exist. */
H5X_API int h5x_link_soft(h5x_object *loc, const char *path, const char *target_path);
/* grp[path] = ExternalLink(target_file, target_path); also h5py's
 * low-level links.create_external. */
H5X_API int h5x_link_external(h5x_object *loc, const char *path, const char *target_file,
                              const char *target_path);
/* grp.move(src, dst) */
H5X_API int h5x_link_move(h5x_object *src_loc, const char *src_path, h5x_object *dst_loc, const char *dst_path);

/* ----------------------------------------------------- more attributes */

/* h5py's attrs.create(name, data, shape, dtype): data of mem_dtype and
 * data_shape (NULL: shape) stored as dtype (NULL: mem_dtype) with shape
 * (NULL: data_shape), which may differ from data_shape when the element
 * counts match.  Replaces an existing attribute. */
H5X_API int h5x_attr_create(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                            const h5x_dtype *mem_dtype, const void *data, const h5x_shape *data_shape);
/* attrs.get(name, default): reads the attribute into buffer and returns 1,
 * or copies default_value (buffer_size bytes; NULL: zeros) and returns 0. */
H5X_API int h5x_attr_get_or(h5x_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer,
                            size_t buffer_size, const void *default_value);

/* ------------------------------------------------------ dimension scales */

/* dset.dims[axis].label */
H5X_API int h5x_dim_set_label(h5x_object *dataset, int axis, const char *label);
H5X_API char *h5x_dim_label(h5x_object *dataset, int axis); /* "" when none */
/* dset.make_scale(name): name NULL or "" gives a scale without a name.
 * Fails for a dataset that has scales attached (no nested scales). */
H5X_API int h5x_dim_make_scale(h5x_object *dataset, const char *name);
/* 1 if the dataset is a dimension scale, 0 if not. */
H5X_API int h5x_dim_is_scale(h5x_object *dataset);
/* The name given to make_scale ("" when none). */
H5X_API char *h5x_dim_scale_name(h5x_object *scale);
H5X_API int h5x_dim_attach_scale(h5x_object *dataset, int axis, h5x_object *scale);
H5X_API int h5x_dim_detach_scale(h5x_object *dataset, int axis, h5x_object *scale);
/* Number of scales attached to an axis. */
H5X_API int h5x_dim_scale_count(h5x_object *dataset, int axis);
/* dset.dims[axis][index] and dset.dims[axis][name] (the first whose name matches). */
H5X_API h5x_object *h5x_dim_scale(h5x_object *dataset, int axis, int index);
H5X_API h5x_object *h5x_dim_scale_by_name(h5x_object *dataset, int axis, const char *name);
/* dset.dims[axis].keys(): the names of the axis's scales in attachment
 * order ("" for a scale without a name); release with h5x_free_names. */
H5X_API int h5x_dim_scale_names(h5x_object *dataset, int axis, char ***names, size_t *count);

/* ------------------------------------------------------ committed types */

typedef struct h5x_datatype_options {
    size_t struct_size;
    /* 1: the file keeps the committed type's access, modification, change
     * and birth times (h5x_object_get_times); 0: no times; -1: the
     * connector's default, h5py's (HDF5 files keep them, as libhdf5 does by
     * default; connectors without times keep none).  Connectors without
     * H5X_CAP_OBJECT_TIMES refuse 1. */
    int track_times;
} h5x_datatype_options;
#define H5X_DATATYPE_OPTIONS_INIT { sizeof(h5x_datatype_options), -1 }

/* Commits (names) a datatype in the file: f["name"] = np.dtype(...). */
H5X_API h5x_object *h5x_datatype_commit(h5x_object *loc, const char *path, const h5x_dtype *dtype);
/* The same with options (NULL: the defaults, as h5x_datatype_commit). */
H5X_API h5x_object *h5x_datatype_commit_with(h5x_object *loc, const char *path, const h5x_dtype *dtype,
                                             const h5x_datatype_options *options);
/* The type of a committed datatype object.  A dataset created with this
 * dtype refers to the committed type in the file. */
H5X_API h5x_dtype *h5x_datatype_dtype(h5x_object *datatype);

/* ------------------------------------------------------------- low level */

/* The HDF5 hid_t behind an object of a connector that has one (native):
 * an escape hatch for calls h5x does not wrap.  The id stays owned by h5x
 * and valid while the object is open.  A file handle gives the file's id
 * (h5py's f.id), any other object its own (dset.id).
 * H5X_ERR_NOT_SUPPORTED elsewhere. */
H5X_API int h5x_native_handle(h5x_object *object, int64_t *hid);

/* =================================================================== */
/*                          Virtual datasets                           */
/* =================================================================== */

/* h5py's VirtualLayout / VirtualSource: a dataset whose elements come from
 * selections of other datasets, possibly in other files and other
 * connectors, which need not exist when the layout is made.  On the native
 * connector the result is an HDF5 virtual dataset (h5py and h5dump read
 * it); on others the vds connector maps it (docs/vds.md).  Once created it
 * is read and written like any dataset; unmapped elements read as the fill
 * value.  Layouts and sources are handles released with h5x_close. */
typedef struct h5x_vds_layout h5x_vds_layout;
typedef struct h5x_vds_source h5x_vds_source;

/* A regular hyperslab, per axis: count blocks of block elements, the
 * blocks stride apart from start (HDF5's H5Sselect_hyperslab).  A NumPy
 * slice start:stop:step is {start, step, count, 1}. */
typedef struct h5x_vds_hyperslab {
    int rank;
    uint64_t start[H5X_MAX_RANK];
    uint64_t stride[H5X_MAX_RANK];
    uint64_t count[H5X_MAX_RANK];
    uint64_t block[H5X_MAX_RANK];
} h5x_vds_hyperslab;

/* One mapping: the elements of virtual_selection (in the virtual dataset)
 * are, in C order, the elements of source_selection of the dataset
 * dataset_path (of shape source_shape) in the file file_name (a path,
 * relative ones to the virtual dataset's file; "." for that file itself;
 * a connector prefix like "family:raw-%d.h5" where the connector maps the
 * dataset itself).  Both selections hold the same number of elements. */
typedef struct h5x_vds_mapping {
    h5x_vds_hyperslab virtual_selection;
    char *file_name;
    char *dataset_path;
    h5x_shape source_shape;
    h5x_vds_hyperslab source_selection;
} h5x_vds_mapping;

/* VirtualLayout(shape, dtype). */
H5X_API h5x_vds_layout *h5x_vds_layout_new(const h5x_shape *shape, const h5x_dtype *dtype);
/* VirtualSource(file_name, dataset_path, shape): dtype NULL means the
 * layout's.  The file need not exist. */
H5X_API h5x_vds_source *h5x_vds_source_new(const char *file_name, const char *dataset_path,
                                           const h5x_shape *shape, const h5x_dtype *dtype);
/* VirtualSource(dataset): its file's name (as h5x_file_name gives it, with
 * the connector prefix when it is not the default), path, shape, dtype. */
H5X_API h5x_vds_source *h5x_vds_source_from_dataset(h5x_object *dataset);
/* vsource[sel]: a new source restricted to sel, taken on the source's
 * whole shape (slices and indices; an index keeps one element of its
 * axis; an index list must be evenly spaced). */
H5X_API h5x_vds_source *h5x_vds_source_select(const h5x_vds_source *source, const h5x_selection *sel);
H5X_API h5x_vds_source *h5x_vds_source_select_text(const h5x_vds_source *source, const char *sel);
/* layout[sel] = source: maps the source's selected elements, in C order,
 * onto sel (NULL: the whole layout); the element counts must be equal
 * (H5X_ERR_SHAPE otherwise).  h5py's layout[n - 1] = vsource is
 * h5x_vds_layout_map_text(layout, "3", vsource) for n = 4. */
H5X_API int h5x_vds_layout_map(h5x_vds_layout *layout, const h5x_selection *sel, const h5x_vds_source *source);
H5X_API int h5x_vds_layout_map_text(h5x_vds_layout *layout, const char *sel, const h5x_vds_source *source);
/* f.create_virtual_dataset(path, layout, fillvalue): fillvalue is one
 * element of the layout's dtype, or NULL (zeros).  Fails with
 * H5X_ERR_EXISTS when the name exists. */
H5X_API h5x_object *h5x_vds_create(h5x_object *loc, const char *path, const h5x_vds_layout *layout,
                                   const void *fillvalue);
/* dset.is_virtual: 1 or 0. */
H5X_API int h5x_vds_is_virtual(h5x_object *dataset);
/* dset.virtual_sources(): the mappings (none for a dataset that is not
 * virtual).  Release with h5x_vds_mappings_free. */
H5X_API int h5x_vds_mappings(h5x_object *dataset, h5x_vds_mapping **mappings, size_t *count);
H5X_API void h5x_vds_mappings_free(h5x_vds_mapping *mappings, size_t count);
/* The number of elements a hyperslab selects. */
H5X_API uint64_t h5x_vds_hyperslab_size(const h5x_vds_hyperslab *slab);

#ifdef __cplusplus
}
#endif
#endif /* H5X_H */
