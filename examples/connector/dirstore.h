/*
 * dirstore.h — what the files of the dirstore connector share.
 *
 * dirstore_connector.c explains the connector and how to write one; this
 * header only declares the state and the functions one file offers the
 * others.  Everything here is private to the plugin: the only symbol the
 * shared object exports is h5x_connector_entry.
 */
#ifndef DIRSTORE_H
#define DIRSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "h5x_connector.h"

/* The connector's own entries in a directory.  Member and attribute names
 * that begin with a dot are stored with one more dot, so these can never
 * clash with a name an application chose (see dirstore_path.c). */
#define DIRSTORE_MARKER ".dirstore"  /* in the root: says "this directory is a dirstore file" */
#define DIRSTORE_ATTRS ".attrs"      /* in any object: one file per attribute */
#define DIRSTORE_HEADER ".dataset"   /* in a dataset: dtype, shape, maxshape, fill value */
#define DIRSTORE_DATA ".data"        /* in a dataset: the elements, C order, stored dtype */
#define DIRSTORE_NAME_MAX 256        /* an encoded name and its NUL, as most file systems allow */

/* One open file (one h5x_file_open). */
typedef struct dirstore_file {
    int root_fd;                 /* the file's directory, for absolute paths */
    int writable;                /* opened with r+, w, w-, x or a */
    int sync;                    /* option sync: make every write durable before returning */
    uint64_t max_attribute_size; /* option max_attribute_size, in bytes */
} dirstore_file;

/* What a dataset's header, or the head of an attribute file, records. */
typedef struct dirstore_header {
    h5x_dtype *dtype;   /* owned: released by dirstore_header_clear */
    h5x_shape shape;
    h5x_shape maxshape; /* equal to shape: the connector does not resize */
    void *fillvalue;    /* one element of dtype (malloc'd), or NULL when none was given */
} dirstore_header;

/* An open object.  Every object is a directory, held open by descriptor so
 * that it stays usable whatever happens to the names above it. */
typedef struct dirstore_object {
    dirstore_file *file;
    int fd;                  /* the object's directory */
    h5x_object_kind kind;    /* H5X_KIND_GROUP (also the root) or H5X_KIND_DATASET */
    dirstore_header header;  /* datasets: read once at open, never changes */
    int data_fd;             /* datasets: DIRSTORE_DATA; -1 for groups */
} dirstore_object;

/* ---- dirstore_path.c: names, paths and system errors */

/* Records a failed system call (errno err) as an h5x error; returns the status. */
int dirstore_os_error(int err, const char *what, const char *name);
/* The stored form of a name of length bytes (one more leading dot when it
 * starts with a dot).  "." and ".." and names with '/' are refused. */
int dirstore_encode_name(const char *name, size_t length, char out[DIRSTORE_NAME_MAX]);
/* The application's name for a directory entry, or NULL when the entry is
 * one of the connector's own (or "." and ".."). */
const char *dirstore_decode_name(const char *entry);
/* Walks path (absolute, or relative to loc) up to its last component.
 * *parent receives a new descriptor of the directory that holds it, last
 * its encoded name, or "" when the path names the starting group itself.
 * With create, groups missing on the way are made (h5py's intermediate
 * groups). */
int dirstore_walk(dirstore_file *file, dirstore_object *loc, const char *path, int create, int *parent,
                  char last[DIRSTORE_NAME_MAX]);
/* The names stored in dirfd/subdir (subdir NULL: dirfd itself), decoded and
 * sorted byte-wise as HDF5 sorts names.  A missing subdir has no names.
 * Release with dirstore_free_names. */
int dirstore_list_names(int dirfd, const char *subdir, char ***names, size_t *count);
void dirstore_free_names(char **names, size_t count);
/* Removes the entry name of dirfd, with everything below it. */
int dirstore_remove_tree(int dirfd, const char *name);

/* ---- dirstore_dtype.c: dtypes as one line of text */

/* The spelling of dtype (malloc'd), or NULL after an error when the
 * connector cannot store it. */
char *dirstore_dtype_format(const h5x_dtype *dtype);
/* The dtype a spelling names, or NULL after an error. */
h5x_dtype *dirstore_dtype_parse(const char *text);
/* 0 when dtype can be stored, else the error dirstore_dtype_format gave. */
int dirstore_check_storable(const h5x_dtype *dtype);

/* ---- dirstore_header.c: the text header of datasets and attributes */

/* Writes the header (with maxshape for datasets), then size bytes of data,
 * to dirfd/name through a temporary file renamed into place. */
int dirstore_header_save(int dirfd, const char *name, const dirstore_header *header, int with_maxshape,
                         const void *data, size_t size, int sync);
/* Reads a header; with data not NULL also the elements after it (malloc'd
 * into *data, which is NULL when there are none). */
int dirstore_header_load(int dirfd, const char *name, dirstore_header *header, void **data);
void dirstore_header_clear(dirstore_header *header);

/* ---- dirstore_selection.c: visiting the elements of a selection */

/* Called for each run of count consecutive elements starting at element
 * first of the dataset, in the C order of the selected coordinates. */
typedef int (*dirstore_run_fn)(uint64_t first, uint64_t count, void *user_data);
int dirstore_selection_walk(const h5x_resolved_selection *sel, const h5x_shape *shape, dirstore_run_fn visit,
                            void *user_data);

/* ---- the slots, one file per idea */

int dirstore_file_open(const h5x_file_args *args, void **file, void **root);
int dirstore_file_close(void *file);
int dirstore_file_flush(void *file);

/* dirstore_object.c: opening objects and what is common to all of them */
int dirstore_object_from_fd(dirstore_file *file, int fd, void **object, h5x_object_info *info);
int dirstore_object_open(void *file, void *loc, const char *path, void **object, h5x_object_info *info);
int dirstore_object_close(void *object);
int dirstore_object_info(void *object, h5x_object_info *info);
int dirstore_object_exists(void *file, void *loc, const char *path);

/* dirstore_group.c: groups and their links */
int dirstore_group_create(void *file, void *loc, const char *path, int track_order, void **group);
int dirstore_group_length(void *group, int64_t *count);
int dirstore_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data);
int dirstore_link_delete(void *file, void *loc, const char *path);
int dirstore_link_info(void *file, void *loc, const char *path, h5x_link_info *info);
int dirstore_link_move(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path);
/* H5X_ERR_NOT_SUPPORTED for creation order, which the connector does not keep. */
int dirstore_check_order(h5x_order order);

/* dirstore_dataset.c */
int dirstore_dataset_create(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                            void **dataset);
int dirstore_dataset_info(void *dataset, h5x_dataset_info *info);
int dirstore_dataset_read(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                          void *buffer);
int dirstore_dataset_write(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                           const void *buffer);

/* dirstore_attribute.c */
int dirstore_attr_create(void *object, const char *name, const h5x_attr_args *args);
int dirstore_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data);
int dirstore_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer);
int dirstore_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype);
int dirstore_attr_delete(void *object, const char *name);
int dirstore_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data);

#endif
