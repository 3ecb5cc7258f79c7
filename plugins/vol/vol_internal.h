/*
 * vol_internal.h — what the sources of the h5x VOL connector share.
 *
 * HDF5 hands the connector opaque pointers of our own making and asks for
 * operations on them.  Each pointer is a vol_object: a file (which carries
 * its root group), a group, a dataset, a committed datatype, or an
 * attribute (which h5x addresses by owner and name, so the object keeps
 * both).  Every vol_object holds one h5x handle of its own and a reference
 * on its vol_file, the per-file state that h5x itself does not keep:
 * HDF5's tokens, blobs, the property lists the file was opened with.
 *
 * Errors: a failing h5x call leaves its message in h5x_last_error(); the
 * callbacks pass it on to HDF5's error stack with vol_fail*(), so that the
 * application sees h5x's words under its own HDF5 error messages.
 */
#ifndef H5X_VOL_INTERNAL_H
#define H5X_VOL_INTERNAL_H

#include <hdf5.h>

#include "h5x.h"
#include "h5x_connector.h"
#include "vol_info.h"

/* The connector's value in HDF5's range for connectors that are not
 * registered with The HDF Group (256-511, "testing"). */
#define VOL_CONNECTOR_VALUE ((H5VL_class_value_t)311)
#define VOL_CONNECTOR_NAME "h5x"
#define VOL_CONNECTOR_VERSION 1
#define VOL_TOKEN_SIZE 16

extern const H5VL_class_t vol_class;

typedef enum vol_kind { VOL_FILE = 1, VOL_GROUP, VOL_DATASET, VOL_DATATYPE, VOL_ATTRIBUTE } vol_kind;

typedef struct vol_token_table vol_token_table;
typedef struct vol_blob_store vol_blob_store;
typedef struct vol_object vol_object;

typedef struct vol_file {
    int refcount;          /* the file object plus every object opened in it */
    h5x_object *root;      /* the root group, which keeps h5x's file open */
    char *name;            /* as the application named the file */
    unsigned intent;       /* H5F_ACC_RDWR or H5F_ACC_RDONLY */
    hid_t fapl;            /* the access list the file was opened with, held */
    hid_t fcpl;            /* a copy of its creation list, or H5I_INVALID_HID:
                              the default, made when asked */
    vol_info info;
    vol_token_table *tokens;
    vol_blob_store *blobs;
    vol_object *open_objects; /* every vol_object of the file, for H5Fget_obj_count/ids */
    unsigned long anonymous_count; /* hidden names handed out (vol_anonymous.c) */
    char **anonymous_unlinked;     /* hidden names of closed datatypes, still to delete */
    size_t anonymous_unlinked_count;
    hid_t *creation_lists; /* the application's creation lists by token number, or -1 (vol_creation.c) */
    size_t creation_count;
} vol_file;

struct vol_object {
    vol_kind kind;
    vol_file *file;
    h5x_object *object;    /* the object itself; for attributes their owner */
    char *attr_name;       /* attributes only */
    hid_t native_id;       /* committed datatypes: libhdf5's identifier below h5x, if any (h5x's) */
    void *shadow;          /* what get_object gave libhdf5 for it (vol_connector.c), or NULL */
    char *hidden_path;     /* anonymous objects not linked yet: their hidden name (vol_anonymous.c) */
    hid_t plist;           /* a copy of the list a group or attribute was created or a dataset opened with, or -1 */
    vol_object *previous;  /* in file->open_objects */
    vol_object *next;
};

/* The open object of file that get_object answered with pointer for:
 * how an identifier is traced back to this connector's object.  NULL
 * when none. */
vol_object *vol_object_of_shadow(vol_file *file, const void *pointer);
/* get_object's answer for an object (vol_connector.c). */
void *vol_object_shadow(vol_object *object);

/* ------------------------------------------------------------------ errors */

/* Pushes a message onto HDF5's error stack under h5x's error class, with
 * the text of h5x's last error appended.  Returns -1 (for herr_t). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
herr_t vol_fail(const char *format, ...);
/* The same with nothing of h5x's appended (the failure was found here). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
herr_t vol_fail_here(const char *format, ...);
herr_t vol_errors_init(void);
/* libhdf5 empties the error stack at the start of every API call, so a
 * callback that releases identifiers after a failure takes the stack
 * aside first and puts it back afterwards (the stack's identifier is
 * closed by putting it back). */
hid_t vol_errors_set_aside(void);
void vol_errors_put_back(hid_t stack);
void vol_errors_term(void);

/* ----------------------------------------------------------------- objects */

/* Anonymous objects (vol_anonymous.c): a hidden absolute path to create
 * one at (NULL, pushed, on failure); the move of an anonymous object to
 * the link H5Olink gave it; and the removal of one closed unlinked. */
char *vol_anonymous_name(vol_file *file);
void vol_anonymous_linked(vol_object *object, h5x_object *loc, const char *name);
void vol_anonymous_drop(vol_object *object);
/* Deletes the hidden names vol_anonymous_drop had to leave for later. */
void vol_anonymous_sweep(vol_file *file);
/* Keeps a copy of a property list given by the application (nothing for
 * the default list), for the H5*get_*_plist calls to give back. */
void vol_keep_plist(vol_object *object, hid_t plist);
/* Remembers a creation list for every later handle on the same object
 * while the file is open; recall gives an object without a list of its
 * own the one remembered for it (vol_creation.c). */
void vol_creation_remember(vol_object *object, hid_t plist);
void vol_creation_recall(vol_object *object);
/* The list remembered for an object (still the file's), or -1. */
hid_t vol_creation_find(vol_object *object);
void vol_creation_forget_all(vol_file *file);

vol_object *vol_object_new(vol_kind kind, vol_file *file, h5x_object *object);
/* Releases the object, its h5x handle and its reference on the file. */
void vol_object_free(vol_object *object);
void vol_file_retain(vol_file *file);
void vol_file_release(vol_file *file);

/* Opens (a new h5x handle) the object a location names relative to obj:
 * itself, a path, the n-th link of a group, or a token.  NULL on failure
 * (pushed onto the error stack). */
h5x_object *vol_locate(vol_object *obj, const H5VL_loc_params_t *loc_params);
/* Opens path below loc; a path whose last link is external is followed
 * into the other file, where the object then lives. */
h5x_object *vol_open_path(vol_file *file, h5x_object *loc, const char *path);
/* The vol_file an object belongs to: file itself, or, for an object
 * reached through an external link, a vol_file of its own (NULL with the
 * error pushed when that cannot be made). */
vol_file *vol_file_for(vol_file *file, h5x_object *object);
/* 0 when plist is H5P_DEFAULT or of plist_class; otherwise pushes an
 * error naming what kind of list was expected. */
int vol_check_plist(hid_t plist, hid_t plist_class, const char *what);
/* A new handle on the same object. */
h5x_object *vol_reopen(h5x_object *object);
/* 0 when every group above the last component of path exists (or the
 * link creation list asks for them to be created), -1 pushed otherwise. */
int vol_check_parents(h5x_object *loc, const char *path, hid_t lcpl_id);
/* HDF5's file number of the file an object lives in: the same for every
 * open of one file name, different for a file reached by external link. */
unsigned long vol_fileno_of(h5x_object *object);
/* The kind HDF5 uses for an h5x object. */
H5I_type_t vol_id_type_of(h5x_object *object);
H5O_type_t vol_object_type_of(h5x_object *object);
/* Wraps an h5x object into a new vol_object and registers an identifier
 * for it (for iteration callbacks); H5I_INVALID_HID on failure.  The
 * reference on object is taken over. */
hid_t vol_register(vol_file *file, h5x_object *object);
/* Names of the links of a group, or the attributes of an object, in the
 * order an HDF5 index and order ask for. */
int vol_link_names(h5x_object *group, H5_index_t index, H5_iter_order_t order, char ***names, size_t *count);
/* The same for recursive visits, which fall back to name order in groups
 * that do not track creation order, as libhdf5's visits do. */
int vol_link_names_for_visit(h5x_object *group, H5_index_t index, H5_iter_order_t order, char ***names,
                             size_t *count);
int vol_attr_names(h5x_object *object, H5_index_t index, H5_iter_order_t order, char ***names, size_t *count);
/* Copies a name into an HDF5 (buffer, size) pair and reports its length. */
void vol_copy_name(const char *name, char *buf, size_t size, size_t *length);

/* --------------------------------------------------------- dtypes, spaces */

/* h5x's dtype for an HDF5 type, and the reverse (new handles). */
h5x_dtype *vol_dtype_of(hid_t type_id);
/* The same for a type a new dataset or attribute of file is created with:
 * a committed datatype of the file gives a dtype linked to it. */
h5x_dtype *vol_dtype_for_object(vol_file *file, hid_t type_id);
hid_t vol_type_of(const h5x_dtype *dtype);
/* The dataspace of a shape, and the shape and maxshape of a dataspace. */
hid_t vol_space_of(const h5x_shape *shape, const h5x_shape *maxshape);
int vol_shape_of(hid_t space_id, h5x_shape *shape, h5x_shape *maxshape);

/* ---------------------------------------------------------------- tokens */

/* The tokens a recursive walk has reached, so that an object linked under
 * several names is entered once (link and object visits). */
typedef struct vol_token_set {
    H5O_token_t *tokens;
    size_t count, capacity;
} vol_token_set;
/* 1 when token was added before (or cannot be remembered: the walk then
 * stops there rather than risk a cycle), else adds it and gives 0. */
int vol_token_set_seen(vol_token_set *set, const H5O_token_t *token);
void vol_token_set_clear(vol_token_set *set);

vol_token_table *vol_tokens_new(void);
void vol_tokens_free(vol_token_table *table);
/* The token of an object, the same for every handle on it. */
int vol_token_of(vol_file *file, h5x_object *object, H5O_token_t *token);
/* The object's place in the table (0 for the first object met), which
 * its token encodes: for tables of per-object state. */
int vol_token_number(vol_file *file, h5x_object *object, size_t *number);
/* Opens the object a token names (a new handle), NULL when unknown. */
h5x_object *vol_token_open(vol_file *file, const H5O_token_t *token);
/* How many hard links lead to the object (walks the file once). */
unsigned vol_token_link_count(vol_file *file, const H5O_token_t *token);
/* Forgets the link counts after a change of the file's links. */
void vol_tokens_changed(vol_file *file);

/* ------------------------------------------------------------------ blobs */

vol_blob_store *vol_blobs_new(void);
void vol_blobs_free(vol_blob_store *store);

/* -------------------------------------------------------------- selections */

/* Moves data between HDF5's (memory type, memory space, file space) and an
 * h5x dataset. */
herr_t vol_dataset_io(vol_object *dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t dxpl, void *buf,
                      int writing);
/* The same with the elements in h5x's dtype; io_type only gives HDF5 the
 * size of one element for gathering and scattering. */
herr_t vol_dataset_io_as(vol_object *dset, const h5x_dtype *dtype, hid_t io_type, hid_t mem_space,
                         hid_t file_space, hid_t dxpl, void *buf, int writing);
/* A product selection for a regular hyperslab of space. */
h5x_selection *vol_regular_selection(hid_t space, int rank);

/* -------------------------------------------------------------- references */

/* 1 when a memory type is a reference (H5R_ref_t, hobj_ref_t or
 * hdset_reg_ref_t) at its top level. */
int vol_reference_memory_type(hid_t mem_type);
/* count h5x references of file into application elements of mem_type, and
 * back (vol_reference.c). */
herr_t vol_references_to_memory(vol_file *file, hid_t mem_type, const h5x_ref *refs, size_t count, void *out);
herr_t vol_references_from_memory(vol_file *file, hid_t mem_type, const void *in, size_t count, h5x_ref *refs);
/* Dataset I/O with a reference memory type. */
herr_t vol_reference_dataset_io(vol_object *dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t dxpl,
                                void *buf, int writing);
/* Attribute I/O (the whole attribute) with a reference memory type. */
herr_t vol_reference_attr_io(vol_object *attr, hid_t mem_type, void *buf, int writing);

/* --------------------------------------------------------------- callbacks */

void *vol_file_create(const char *name, unsigned flags, hid_t fcpl_id, hid_t fapl_id, hid_t dxpl_id, void **req);
void *vol_file_open(const char *name, unsigned flags, hid_t fapl_id, hid_t dxpl_id, void **req);
herr_t vol_file_get(void *obj, H5VL_file_get_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_file_specific(void *obj, H5VL_file_specific_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_file_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_file_close(void *file, hid_t dxpl_id, void **req);

void *vol_group_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                       hid_t gcpl_id, hid_t gapl_id, hid_t dxpl_id, void **req);
void *vol_group_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t gapl_id,
                     hid_t dxpl_id, void **req);
herr_t vol_group_get(void *obj, H5VL_group_get_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_group_specific(void *obj, H5VL_group_specific_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_group_close(void *grp, hid_t dxpl_id, void **req);

void *vol_dataset_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t lcpl_id,
                         hid_t type_id, hid_t space_id, hid_t dcpl_id, hid_t dapl_id, hid_t dxpl_id, void **req);
void *vol_dataset_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t dapl_id,
                       hid_t dxpl_id, void **req);
herr_t vol_dataset_read(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                        hid_t file_space_id[], hid_t dxpl_id, void *buf[], void **req);
herr_t vol_dataset_write(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                         hid_t file_space_id[], hid_t dxpl_id, const void *buf[], void **req);
herr_t vol_dataset_get(void *obj, H5VL_dataset_get_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_dataset_specific(void *obj, H5VL_dataset_specific_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_dataset_close(void *dset, hid_t dxpl_id, void **req);

void *vol_attr_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t type_id,
                      hid_t space_id, hid_t acpl_id, hid_t aapl_id, hid_t dxpl_id, void **req);
void *vol_attr_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t aapl_id,
                    hid_t dxpl_id, void **req);
herr_t vol_attr_read(void *attr, hid_t mem_type_id, void *buf, hid_t dxpl_id, void **req);
herr_t vol_attr_write(void *attr, hid_t mem_type_id, const void *buf, hid_t dxpl_id, void **req);
herr_t vol_attr_get(void *obj, H5VL_attr_get_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_attr_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_attr_specific_args_t *args,
                         hid_t dxpl_id, void **req);
herr_t vol_attr_close(void *attr, hid_t dxpl_id, void **req);

void *vol_datatype_commit(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t type_id,
                          hid_t lcpl_id, hid_t tcpl_id, hid_t tapl_id, hid_t dxpl_id, void **req);
void *vol_datatype_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t tapl_id,
                        hid_t dxpl_id, void **req);
herr_t vol_datatype_get(void *obj, H5VL_datatype_get_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_datatype_specific(void *obj, H5VL_datatype_specific_args_t *args, hid_t dxpl_id, void **req);
herr_t vol_datatype_close(void *dt, hid_t dxpl_id, void **req);

herr_t vol_link_create(H5VL_link_create_args_t *args, void *obj, const H5VL_loc_params_t *loc_params,
                       hid_t lcpl_id, hid_t lapl_id, hid_t dxpl_id, void **req);
herr_t vol_link_copy(void *src_obj, const H5VL_loc_params_t *loc_params1, void *dst_obj,
                     const H5VL_loc_params_t *loc_params2, hid_t lcpl, hid_t lapl, hid_t dxpl_id, void **req);
herr_t vol_link_move(void *src_obj, const H5VL_loc_params_t *loc_params1, void *dst_obj,
                     const H5VL_loc_params_t *loc_params2, hid_t lcpl, hid_t lapl, hid_t dxpl_id, void **req);
herr_t vol_link_get(void *obj, const H5VL_loc_params_t *loc_params, H5VL_link_get_args_t *args, hid_t dxpl_id,
                    void **req);
herr_t vol_link_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_link_specific_args_t *args,
                         hid_t dxpl_id, void **req);

void *vol_object_open(void *obj, const H5VL_loc_params_t *loc_params, H5I_type_t *opened_type, hid_t dxpl_id,
                      void **req);
herr_t vol_object_copy(void *src_obj, const H5VL_loc_params_t *loc_params1, const char *src_name, void *dst_obj,
                       const H5VL_loc_params_t *loc_params2, const char *dst_name, hid_t ocpypl_id,
                       hid_t lcpl_id, hid_t dxpl_id, void **req);
herr_t vol_object_get(void *obj, const H5VL_loc_params_t *loc_params, H5VL_object_get_args_t *args,
                      hid_t dxpl_id, void **req);
herr_t vol_object_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_object_specific_args_t *args,
                           hid_t dxpl_id, void **req);

herr_t vol_introspect_get_conn_cls(void *obj, H5VL_get_conn_lvl_t lvl, const H5VL_class_t **conn_cls);
herr_t vol_introspect_get_cap_flags(const void *info, uint64_t *cap_flags);
/* The H5X_CAP_* bits of the connector an info names (the default one for
 * NULL); 0 when unknown. */
uint64_t vol_connector_capabilities(const vol_info *info);
/* The track_times option for an object created with the list ocpl_id
 * (a group's, dataset's or datatype's creation list): -1, the connector's
 * default, for the default list defaults_id (H5I_INVALID_HID: none is
 * taken as the default, as for datasets); else 0 when the list turns
 * times off, 1 when it keeps them and the connector under the file keeps
 * times (H5X_CAP_OBJECT_TIMES), -1 when it keeps none. */
int vol_track_times(const vol_file *file, hid_t ocpl_id, hid_t defaults_id);
herr_t vol_introspect_opt_query(void *obj, H5VL_subclass_t cls, int opt_type, uint64_t *flags);

herr_t vol_blob_put(void *obj, const void *buf, size_t size, void *blob_id, void *ctx);
herr_t vol_blob_get(void *obj, const void *blob_id, void *buf, size_t size, void *ctx);
herr_t vol_blob_specific(void *obj, void *blob_id, H5VL_blob_specific_args_t *args);

herr_t vol_token_cmp(void *obj, const H5O_token_t *token1, const H5O_token_t *token2, int *cmp_value);
herr_t vol_token_to_str(void *obj, H5I_type_t obj_type, const H5O_token_t *token, char **token_str);
herr_t vol_token_from_str(void *obj, H5I_type_t obj_type, const char *token_str, H5O_token_t *token);

#endif
