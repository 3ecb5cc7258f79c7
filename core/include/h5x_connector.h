/*
 * h5x_connector.h — the interface between the h5x core and storage
 * connectors.  Read docs/connectors.md first.
 *
 * A connector is a shared object that exports one function,
 *
 *     const h5x_connector_class *h5x_connector_entry(void);
 *
 * returning a static class: a versioned table of storage primitives.  The
 * core does everything that can be built from those primitives (selection
 * parsing, broadcasting, type conversion, copying) once, for all connectors.
 *
 * Rules of the table:
 *  - abi_version must equal H5X_CONNECTOR_ABI_VERSION, or the plugin is
 *    refused with a message naming its file.
 *  - struct_size is sizeof(h5x_connector_class) as the plugin was compiled.
 *    New callbacks are only ever appended; the core never calls a slot that
 *    lies beyond struct_size.
 *  - A NULL callback means "not supported": the core answers
 *    H5X_ERR_NOT_SUPPORTED naming the connector and the operation.
 *  - Callbacks return 0 (or a count) on success and a negative h5x_status
 *    on failure, after describing the failure with h5x_connector_error().
 *  - The core holds its lock around every call; connectors need no locking
 *    of their own for state reached only through the table.
 *  - Connector objects (void *) are the connector's own; the core never looks
 *    inside them and releases each with object_close / file_close once.
 */
#ifndef H5X_CONNECTOR_H
#define H5X_CONNECTOR_H

#include "h5x.h"

#ifdef __cplusplus
extern "C" {
#endif

#define H5X_CONNECTOR_ABI_VERSION 1
#define H5X_CONNECTOR_ENTRY_SYMBOL "h5x_connector_entry"

/* Capability bits: what a connector offers beyond the required primitives,
 * or does natively so that the core does not emulate it. */
#define H5X_CAP_WRITE            (UINT64_C(1) << 0)  /* files can be created and changed */
#define H5X_CAP_PERSISTENT       (UINT64_C(1) << 1)  /* data survives the process */
#define H5X_CAP_CHUNKING         (UINT64_C(1) << 2)
#define H5X_CAP_FILTERS          (UINT64_C(1) << 3)
#define H5X_CAP_RESIZE           (UINT64_C(1) << 4)
#define H5X_CAP_TRACK_ORDER      (UINT64_C(1) << 5)
#define H5X_CAP_SOFT_LINKS       (UINT64_C(1) << 6)
#define H5X_CAP_EXTERNAL_LINKS   (UINT64_C(1) << 7)  /* followed natively (else by the core) */
#define H5X_CAP_HARD_LINKS       (UINT64_C(1) << 8)
#define H5X_CAP_REFERENCES       (UINT64_C(1) << 9)
#define H5X_CAP_DIMENSION_SCALES (UINT64_C(1) << 10) /* handled natively (else the core's attributes) */
#define H5X_CAP_VIRTUAL_DATASETS (UINT64_C(1) << 11) /* handled natively (else the vds connector) */
#define H5X_CAP_SWMR             (UINT64_C(1) << 12)
#define H5X_CAP_USERBLOCK        (UINT64_C(1) << 13)
#define H5X_CAP_LIBVER           (UINT64_C(1) << 14)
#define H5X_CAP_COMMITTED_TYPES  (UINT64_C(1) << 15)
#define H5X_CAP_VLEN             (UINT64_C(1) << 16)
#define H5X_CAP_NATIVE_HANDLES   (UINT64_C(1) << 17) /* objects expose an HDF5 hid_t */
#define H5X_CAP_POINT_SELECTIONS (UINT64_C(1) << 18)
/* A stacking connector (vds): it opens no storage of its own but wraps the
 * connector named by its "under" option, which the core opens first and
 * hands over in h5x_file_args.under_*.  Its files and objects are structs
 * whose first member is the pointer to the file or object below. */
#define H5X_CAP_STACKING         (UINT64_C(1) << 19)
/* Objects created with track_times keep their access, modification, change
 * and birth times (h5x_group_create_args / h5x_dataset_create_args /
 * h5x_datatype_commit_args .track_times) and object_info reports them. */
#define H5X_CAP_OBJECT_TIMES     (UINT64_C(1) << 20)

/* ------------------------------------------------------------ options */

/* A parsed option string "name;key=value;key=value".  Connectors read their
 * options with h5x_options_get; the core rejects keys a connector does not
 * list in its class's option_names. */
typedef struct h5x_options h5x_options;
/* The value of key, or NULL when absent. */
H5X_API const char *h5x_options_get(const h5x_options *options, const char *key);
/* Parses a size with an optional unit: "4096", "64KiB", "64MiB", "1GiB", "1GB". */
H5X_API int h5x_options_get_size(const h5x_options *options, const char *key, uint64_t default_value,
                                 uint64_t *value);
/* Parses 0/1, true/false, yes/no, on/off. */
H5X_API int h5x_options_get_bool(const h5x_options *options, const char *key, int default_value, int *value);

/* ------------------------------------------------------- resolved selections */

/* A selection resolved against a dataset's shape, as connectors receive it.
 * Either every element (H5X_SEL_ALL), nothing (H5X_SEL_NONE), a product of
 * per-axis index sets (H5X_SEL_ORTHOGONAL: each axis is a strided range, or
 * an increasing list of indices), or a list of points (H5X_SEL_POINTS).
 * Elements are delivered in C order of the selected coordinates. */
typedef enum h5x_sel_kind { H5X_SEL_ALL = 0, H5X_SEL_NONE, H5X_SEL_ORTHOGONAL, H5X_SEL_POINTS } h5x_sel_kind;

typedef struct h5x_axis_selection {
    uint64_t start;
    uint64_t step;          /* >= 1 */
    uint64_t count;         /* number of indices selected on this axis */
    const uint64_t *list;   /* non-NULL: the explicit indices (count of them); start/step unused */
} h5x_axis_selection;

typedef struct h5x_resolved_selection {
    h5x_sel_kind kind;
    int rank;                                 /* of the dataset */
    h5x_axis_selection axes[H5X_MAX_RANK];    /* H5X_SEL_ORTHOGONAL */
    uint64_t npoints;                         /* H5X_SEL_POINTS */
    const uint64_t *points;                   /* npoints * rank coordinates */
} h5x_resolved_selection;

/* Number of elements a resolved selection covers. */
H5X_API uint64_t h5x_resolved_selection_size(const h5x_resolved_selection *sel, const h5x_shape *dataset_shape);
/* Resolves an application selection against a shape (what the core does
 * before calling dataset_read/dataset_write); result_shape receives the
 * shape of the selected data as h5py reports it.  Release with
 * h5x_resolved_selection_free. */
H5X_API int h5x_selection_resolve(const h5x_selection *sel, const h5x_shape *shape, h5x_resolved_selection **out,
                                  h5x_shape *result_shape);
H5X_API void h5x_resolved_selection_free(h5x_resolved_selection *sel);
/* h5x_dataset_read and h5x_dataset_write with a selection resolved already,
 * for a connector that reads and writes datasets of other files on behalf
 * of its own (the vds connector's sources).  The selection must fit the
 * dataset's current shape (H5X_ERR_SELECTION otherwise; H5X_SEL_ALL must
 * carry the dataset's rank and whole axes); buffer holds exactly the
 * selected elements in mem_dtype (NULL: the dataset's dtype), C order. */
H5X_API int h5x_dataset_read_resolved(h5x_object *dataset, const h5x_resolved_selection *sel,
                                      const h5x_dtype *mem_dtype, void *buffer);
H5X_API int h5x_dataset_write_resolved(h5x_object *dataset, const h5x_resolved_selection *sel,
                                       const h5x_dtype *mem_dtype, const void *buffer);
/* h5x_dataset_read_resolved for a dataset handle the calling connector
 * holds itself (it opened it and has not closed it), read from inside one
 * of its callbacks with mem_dtype NULL, the dtype the core passed to that
 * callback, or one the connector holds.  Neither handle is looked up in
 * the live-handle set, which is most of the cost of reading a small
 * dataset; a handle that was already closed is undefined behaviour here,
 * as it is not with h5x_dataset_read_resolved.  Everything else is the
 * same: the lock, the selection checks, the errors. */
H5X_API int h5x_dataset_read_resolved_held(h5x_object *dataset, const h5x_resolved_selection *sel,
                                           const h5x_dtype *mem_dtype, void *buffer);


/* --------------------------------------------------------------- filters */

/* A filter chain as text: comma-separated filters, each NAME[:OPTIONS] or
 * ID[:V1:V2:...] ("shuffle,gzip:6", "blosc:lz4:5:shuffle", "32015:9").
 * Built-in names: gzip (deflate, id 1), shuffle (2), fletcher32 (3),
 * szip (4), nbit (5), scaleoffset (6); others come from filter plugins. */
#define H5X_MAX_FILTERS 16
#define H5X_FILTER_FLAG_OPTIONAL 1u  /* store a chunk raw when the filter fails */

typedef struct h5x_filter_spec {
    int id;
    char name[32];
    unsigned flags;
    size_t nvalues;
    unsigned values[32];
} h5x_filter_spec;

typedef struct h5x_filter_chain {
    size_t count;
    h5x_filter_spec filters[H5X_MAX_FILTERS];
} h5x_filter_chain;

H5X_API int h5x_filter_chain_parse(const char *text, h5x_filter_chain *chain);
/* The text of a chain (malloc'd, release with h5x_free). */
H5X_API int h5x_filter_chain_format(const h5x_filter_chain *chain, char **text);
/* The filter plugin with that HDF5 id, loading plugins on first use; NULL if
 * none is found.  The result is a const struct h5x_filter_class * (see
 * h5x_filter.h). */
H5X_API const void *h5x_filter_lookup(int id);

/* ------------------------------------------------------------ arguments */

typedef enum h5x_open_mode {
    H5X_MODE_READ = 0,        /* "r" */
    H5X_MODE_READ_WRITE,      /* "r+" */
    H5X_MODE_TRUNCATE,        /* "w" */
    H5X_MODE_CREATE_EXCL,     /* "w-" / "x" */
    H5X_MODE_APPEND           /* "a" */
} h5x_open_mode;

typedef struct h5x_file_args {
    size_t struct_size;
    const char *path;
    h5x_open_mode mode;
    const h5x_options *options;     /* the connector's own options */
    h5x_libver libver_low, libver_high;
    uint64_t userblock_size;
    int swmr;                       /* SWMR reader */
    int track_order;                /* 0/1, already defaulted by the core */
    /* h5x_file_options.allowed_target_prefixes as the application gave it
     * (NULL: not given); pass it to h5x_target_allowed.  Present when
     * struct_size covers it. */
    const char *allowed_target_prefixes;
    /* Stacking connectors only (H5X_CAP_STACKING): the connector below, its
     * file and root group, already open.  The stacking connector owns them
     * from then on, success or failure, and closes them with under_class's
     * object_close and file_close.  NULL for every other connector. */
    const struct h5x_connector_class *under_class;
    void *under_file;
    void *under_root;
} h5x_file_args;

typedef struct h5x_object_info {
    h5x_object_kind kind;           /* GROUP (also for the root), DATASET or DATATYPE */
    uint8_t token[16];              /* identifies the object within its file */
    int64_t attribute_count;
    /* Seconds since the epoch as the file keeps them, 0 when the object
     * keeps none; read by the core only from connectors that claim
     * H5X_CAP_OBJECT_TIMES (others may leave them alone). */
    int64_t atime, mtime, ctime, btime;
} h5x_object_info;

typedef struct h5x_dataset_create_args {
    size_t struct_size;
    const h5x_dtype *dtype;
    h5x_shape shape;
    h5x_shape maxshape;             /* equal to shape when fixed */
    h5x_shape chunks;               /* rank 0: contiguous */
    const void *fillvalue;          /* one element of dtype, or NULL */
    const char *filters;            /* the filter chain as text, or NULL */
    int track_order;
    /* 1: keep the dataset's times (only asked of H5X_CAP_OBJECT_TIMES
     * connectors).  Present when struct_size covers it. */
    int track_times;
} h5x_dataset_create_args;

/* What group_create_with receives. */
typedef struct h5x_group_create_args {
    size_t struct_size;
    int track_order;                /* 0/1, already defaulted by the core */
    int track_times;                /* 1: keep the group's times (H5X_CAP_OBJECT_TIMES), 0: none,
                                       -1: the connector's default */
} h5x_group_create_args;

/* What datatype_commit_with receives. */
typedef struct h5x_datatype_commit_args {
    size_t struct_size;
    int track_times;                /* 1: keep the type's times (H5X_CAP_OBJECT_TIMES), 0: none,
                                       -1: the connector's default */
} h5x_datatype_commit_args;

typedef struct h5x_dataset_info {
    h5x_dtype *dtype;               /* a new reference; the core closes it */
    h5x_shape shape;
    h5x_shape maxshape;
    h5x_shape chunks;               /* rank 0: not chunked */
    int has_fillvalue;
    void *fillvalue;                /* allocated with malloc, one element of dtype, or NULL */
    char *filters;                  /* malloc'd text of the filter chain, or NULL */
    uint64_t storage_size;
    /* 1 when the dataset's type is a committed datatype of its file, which
     * dtype_token identifies as h5x_object_info's token does (copies keep
     * datasets pointing at the copied type); 0 otherwise. */
    int dtype_committed;
    uint8_t dtype_token[16];
} h5x_dataset_info;

typedef struct h5x_attr_args {
    const h5x_dtype *dtype;
    h5x_shape shape;
    const void *data;               /* in dtype, the whole attribute; NULL: written next with attr_write */
} h5x_attr_args;

/* Called by iterate callbacks for each name; non-zero stops the walk. */
typedef int (*h5x_connector_name_cb)(const char *name, void *core_data);

/* ----------------------------------------------------------------- class */

typedef struct h5x_connector_class {
    uint32_t abi_version;           /* H5X_CONNECTOR_ABI_VERSION */
    uint32_t struct_size;           /* sizeof(h5x_connector_class) */
    const char *name;               /* unique, [a-z0-9_]+ */
    const char *description;
    uint32_t version;               /* major * 10000 + minor * 100 + patch */
    uint64_t capabilities;          /* H5X_CAP_* */
    const char *const *option_names; /* NULL-terminated list of accepted option keys, or NULL */

    /* files.  The root group of the file is returned in *root (an object). */
    int (*file_open)(const h5x_file_args *args, void **file, void **root);
    int (*file_close)(void *file);
    int (*file_flush)(void *file);
    int (*file_userblock_size)(void *file, uint64_t *size);
    int (*file_start_swmr)(void *file);

    /* objects: loc is any object of the file; path absolute or relative. */
    int (*object_open)(void *file, void *loc, const char *path, void **object, h5x_object_info *info);
    int (*object_close)(void *object);
    int (*object_info)(void *object, h5x_object_info *info);
    /* 1 if the path resolves to an object, 0 if not. */
    int (*object_exists)(void *file, void *loc, const char *path);
    /* opens an object by the token object_info gave */
    int (*object_open_by_token)(void *file, const uint8_t token[16], void **object, h5x_object_info *info);

    /* groups.  group_create makes intermediate groups as needed. */
    int (*group_create)(void *file, void *loc, const char *path, int track_order, void **group);
    int (*group_length)(void *group, int64_t *count);
    int (*group_iterate)(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data);

    /* links */
    int (*link_delete)(void *file, void *loc, const char *path);
    int (*link_info)(void *file, void *loc, const char *path, h5x_link_info *info);
    int (*link_create_hard)(void *file, void *target_object, void *loc, const char *path);
    int (*link_create_soft)(void *file, const char *target_path, void *loc, const char *path);
    int (*link_create_external)(void *file, const char *target_file, const char *target_path, void *loc,
                                const char *path);
    int (*link_move)(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path);

    /* datasets */
    int (*dataset_create)(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                          void **dataset);
    int (*dataset_info)(void *dataset, h5x_dataset_info *info);
    /* sel is resolved; buffer holds the selected elements in mem_dtype, C order */
    int (*dataset_read)(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                        void *buffer);
    int (*dataset_write)(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                         const void *buffer);
    int (*dataset_resize)(void *dataset, const h5x_shape *new_shape);
    int (*dataset_flush)(void *dataset);
    int (*dataset_refresh)(void *dataset);

    /* attributes, by name on any object */
    int (*attr_create)(void *object, const char *name, const h5x_attr_args *args);
    int (*attr_write)(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data);
    int (*attr_read)(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer);
    /* 1 if present, 0 if absent; shape/dtype may be NULL; *dtype is a new reference */
    int (*attr_info)(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype);
    int (*attr_delete)(void *object, const char *name);
    int (*attr_iterate)(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data);

    /* committed datatypes */
    int (*datatype_commit)(void *file, void *loc, const char *path, const h5x_dtype *dtype, void **datatype);
    int (*datatype_get)(void *datatype, h5x_dtype **dtype);

    /* Extension point for operations that do not deserve a slot: op codes
     * H5X_CONNECTOR_OP_*, each with its own argument struct. */
    int (*optional)(void *file, void *object, int op, void *args);

    /* references.  An h5x_ref holds the kind in byte 0 and the connector's
     * own encoding in bytes H5X_REF_PAYLOAD_OFFSET.. (H5X_REF_PAYLOAD_SIZE
     * bytes); dataset and attribute reads and writes of reference dtypes
     * move whole h5x_ref elements.  region is NULL for object references. */
    int (*ref_create)(void *file, void *object, const h5x_resolved_selection *region, uint8_t *payload);
    int (*ref_open)(void *file, const uint8_t *payload, void **object, h5x_object_info *info);
    /* the selection of a region reference, resolved against its dataset;
     * the struct, its axis lists and its points are allocated with malloc
     * (the core releases them with h5x_resolved_selection_free) */
    int (*ref_region)(void *file, const uint8_t *payload, h5x_resolved_selection **region);

    /* virtual datasets (H5X_CAP_VIRTUAL_DATASETS).  args carries the dtype,
     * shape (maxshape equal, no chunks or filters) and fill value; each
     * mapping pairs a selection of the new dataset with a selection of a
     * source dataset, which need not exist yet. */
    int (*dataset_create_virtual)(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                                  const h5x_vds_mapping *mappings, size_t count, void **dataset);
    /* The mappings of a virtual dataset, malloc'd as h5x_vds_mappings_free
     * releases them (non-NULL even when there are none); *count 0 and
     * *mappings NULL for a dataset that is not virtual. */
    int (*dataset_virtual_mappings)(void *dataset, h5x_vds_mapping **mappings, size_t *count);

    /* group_create with its arguments in a struct that can grow; the core
     * calls it in place of group_create when the connector has it, and a
     * connector claiming H5X_CAP_OBJECT_TIMES must have it. */
    int (*group_create_with)(void *file, void *loc, const char *path, const h5x_group_create_args *args,
                             void **group);
    /* datatype_commit with its arguments in a struct that can grow, called
     * in its place when the connector has it; a connector claiming
     * H5X_CAP_OBJECT_TIMES must have it. */
    int (*datatype_commit_with)(void *file, void *loc, const char *path, const h5x_dtype *dtype,
                                const h5x_datatype_commit_args *args, void **datatype);
} h5x_connector_class;

#define H5X_REF_PAYLOAD_OFFSET 8
#define H5X_REF_PAYLOAD_SIZE (H5X_REF_SIZE - H5X_REF_PAYLOAD_OFFSET)

/* Optional operations. */
enum {
    /* args: h5x_op_native_handle; gives the HDF5 hid_t of an object. */
    H5X_CONNECTOR_OP_NATIVE_HANDLE = 1,
    /* args: h5x_op_dimscale; dimension scales done by the connector
     * (H5X_CAP_DIMENSION_SCALES), e.g. by libhdf5's H5DS. */
    H5X_CONNECTOR_OP_DIMSCALE = 2,
    /* args: h5x_op_link_order; the object is a group.  libhdf5's creation
     * order values (H5Lget_info2's corder, H5Gget_info's max_corder), for
     * a connector that keeps them. */
    H5X_CONNECTOR_OP_LINK_ORDER = 3,
    /* args: h5x_op_link_count; libhdf5's H5Oincr_refcount/H5Odecr_refcount
     * and the count H5Oget_info reports, for a connector that keeps it. */
    H5X_CONNECTOR_OP_LINK_COUNT = 4,
    /* args: h5x_op_attribute_order; turns on the creation order of the
     * attributes of an object that has none yet (libhdf5's
     * H5Pset_attr_creation_order on a list h5x has no argument for, such
     * as a committed datatype's). */
    H5X_CONNECTOR_OP_ATTRIBUTE_ORDER = 5
};

typedef struct h5x_op_attribute_order {
    int track_order;     /* in: 1 to keep the creation order of the object's attributes */
} h5x_op_attribute_order;

typedef struct h5x_op_link_order {
    const char *name;    /* in: a link of the group, or NULL for the group alone */
    int tracked;         /* out: 1 when the group keeps creation order */
    int64_t corder;      /* out: the link's value (name given and tracked) */
    int64_t max_corder;  /* out: the value the next link will get (tracked) */
} h5x_op_link_order;

typedef struct h5x_op_link_count {
    int delta;           /* in: added to the count (0: only read it) */
    int64_t count;       /* out: hard links plus what deltas added */
} h5x_op_link_count;

typedef struct h5x_op_native_handle {
    int64_t hid; /* out */
} h5x_op_native_handle;

typedef enum h5x_dimscale_action {
    H5X_DIMSCALE_SET_LABEL = 1, /* dataset, axis, text */
    H5X_DIMSCALE_GET_LABEL,     /* dataset, axis -> text_out */
    H5X_DIMSCALE_MAKE_SCALE,    /* dataset, text (name or NULL) */
    H5X_DIMSCALE_IS_SCALE,      /* dataset -> result 0/1 */
    H5X_DIMSCALE_GET_NAME,      /* dataset (a scale) -> text_out */
    H5X_DIMSCALE_ATTACH,        /* dataset, axis, scale */
    H5X_DIMSCALE_DETACH,        /* dataset, axis, scale */
    H5X_DIMSCALE_COUNT,         /* dataset, axis -> result */
    H5X_DIMSCALE_OPEN           /* dataset, axis, index -> object_out, info_out, text_out (its absolute path) */
} h5x_dimscale_action;

typedef struct h5x_op_dimscale {
    h5x_dimscale_action action;
    void *dataset;          /* connector object */
    int axis;
    void *scale;            /* connector object, for attach/detach */
    const char *text;       /* in */
    int index;              /* in, for OPEN */
    char *text_out;         /* out, malloc'd */
    int result;             /* out */
    void *object_out;       /* out, for OPEN */
    h5x_object_info info_out;
} h5x_op_dimscale;

typedef const h5x_connector_class *(*h5x_connector_entry_fn)(void);

/* Asks the connector of an open object for one of the optional operations
 * above (a file handle passes the file alone, any other object its own):
 * for layers above the core that use what a connector offers beyond the
 * table, as the VOL connector does.  H5X_ERR_NOT_SUPPORTED when the
 * connector has no optional callback or does not know op. */
H5X_API int h5x_connector_optional(h5x_object *object, int op, void *args);

/* Adds a reference to a dtype a connector was given and returns it, so
 * that the connector can keep it between calls (release with h5x_close).
 * Dtypes never change, so a kept dtype is recognised again by its
 * address alone. */
H5X_API h5x_dtype *h5x_dtype_retain(const h5x_dtype *dtype);

/* 1 when elements of dtype own memory (variable-length strings or
 * sequences at any depth), which h5x_reclaim releases; 0 otherwise. */
H5X_API int h5x_dtype_has_variable(const h5x_dtype *dtype);
/* Replaces every NULL variable-length string in count elements of dtype
 * (at any depth) with a malloc'd "", so that unwritten strings read as
 * empty ones, as h5py reads them.  For connectors whose storage hands out
 * NULL for them (libhdf5 does).  0, or H5X_ERR_NO_MEMORY recorded. */
H5X_API int h5x_dtype_fill_null_strings(const h5x_dtype *dtype, void *buffer, uint64_t count);
/* 1 when dtype holds the text type (h5x_dtype_text) at any depth.  Data
 * moved through such a memory dtype must be converted by
 * h5x_dtype_convert, which checks encodings, and not by a storage
 * library's own conversion. */
H5X_API int h5x_dtype_has_text(const h5x_dtype *dtype);
/* When dtype came from h5x_datatype_dtype and its committed datatype lives
 * in connector_file: that datatype's connector object, so that a dataset
 * or attribute created with dtype can refer to it.  NULL otherwise.  A
 * connector that keeps a dtype should keep h5x_dtype_copy of it (which
 * drops this link) rather than a retained reference, or the file can keep
 * itself open. */
H5X_API void *h5x_dtype_committed_object(const h5x_dtype *dtype, const void *connector_file);

/* Called by a connector before it returns an error: records the message in
 * the caller's last error (the core adds the connector's name, the file and
 * the object path). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
H5X_API int h5x_connector_error(int status, const char *format, ...);

/* The external-target policy (core/src/target_policy.h): 0 when the file
 * at path (absolute, or relative to the current directory) may be opened
 * as an external link target or a virtual dataset source; otherwise
 * H5X_ERR_NOT_ALLOWED with a message naming what, the path and the allowed
 * directories.  allowed_prefixes: the file's h5x_file_args
 * .allowed_target_prefixes, or NULL for the H5X_ALLOWED_PATHS variable. */
H5X_API int h5x_target_allowed(const char *path, const char *what, const char *allowed_prefixes);

#ifdef __cplusplus
}
#endif
#endif /* H5X_CONNECTOR_H */
