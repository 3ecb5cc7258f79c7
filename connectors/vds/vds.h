/* The vds stacking connector's internals; see vds_connector.c. */
#ifndef H5X_VDS_CONNECTOR_H
#define H5X_VDS_CONNECTOR_H

#include "h5x_connector.h"

#include <stddef.h>
#include <stdint.h>

/* The attribute of a carrier dataset that holds its mapping description. */
#define VDS_ATTRIBUTE "_h5x_virtual_layout"

/* A file of the stack.  `under` comes first: the core relies on it
 * (H5X_CAP_STACKING). */
typedef struct vds_file {
    void *under;
    const h5x_connector_class *cls; /* the connector below */
    char *path;                     /* as opened: relative sources start from its directory */
    char *prefix;                   /* the "prefix" option or HDF5_VDS_PREFIX, or NULL */
    char *allowed_prefixes;         /* the external-target policy's list, or NULL */
    int strict;                     /* a missing source is an error, not fill */
    int writable;
    /* closed object wrappers kept for reuse: one is made for every object
     * opened or created, often many thousands, and freed with the file */
    struct vds_object *spare;
} vds_file;

/* One open source file, shared by the mappings that name it. */
typedef struct vds_source_file {
    char *name; /* as stored in the mapping */
    h5x_object *file;
} vds_source_file;

/* What a read of everything does with one mapping, worked out when the
 * virtual dataset is opened (vds_rows_plan).  Most virtual datasets stack
 * sources (layout[n] = source): each mapping then fills one run of
 * consecutive elements of the virtual dataset, in the source's own order,
 * from a selection of ranges of the source, and a whole read is one read
 * per source straight into its place.  Small, and in an array of their
 * own, so that a read of a thousand sources walks 40 bytes per source
 * instead of the mappings' hyperslabs (over 2 KiB each). */
#define VDS_ROW_RANK 2
typedef struct vds_row {
    uint64_t offset;              /* elements of the virtual dataset before the run, C order */
    int rank;                     /* of the source selection; -1: not a run, mapped as any request is */
    uint64_t start[VDS_ROW_RANK]; /* the source selection: per axis, count indices from start */
    uint64_t count[VDS_ROW_RANK];
} vds_row;

/* What a virtual dataset is, read from its carrier, plus its open sources. */
typedef struct vds_virtual {
    h5x_shape shape;
    h5x_dtype *dtype;
    void *fill;                 /* one element of dtype */
    h5x_vds_mapping *mappings;
    size_t count;
    uint64_t mapped;            /* elements the virtual selections hold, overlaps counted twice */
    h5x_object **datasets;      /* per mapping: the open source dataset, or NULL */
    void **own;                 /* per mapping: a source in the virtual dataset's own file ("."),
                                   as the connector below's object, or NULL */
    vds_row *rows;              /* per mapping: its part in reads of everything */
    const h5x_connector_class *cls; /* the connector below, which closes `own` */
    vds_source_file *files;
    size_t file_count;
} vds_virtual;

typedef struct vds_object {
    void *under;       /* first, as for files */
    vds_file *file;
    vds_virtual *virt; /* virtual datasets only */
    struct vds_object *next_spare; /* on vds_file.spare once closed */
} vds_object;

/* vds_layout_text.c: the mapping description stored in the carrier. */
int vds_layout_encode(const h5x_shape *shape, const h5x_vds_mapping *mappings, size_t count, char **text,
                      size_t *length);
int vds_layout_decode(const char *text, size_t length, h5x_shape *shape, h5x_vds_mapping **mappings,
                      size_t *count);

/* vds_virtual.c: carriers. */
int vds_virtual_create(vds_file *file, void *under_loc, const char *path, const h5x_dataset_create_args *args,
                       const h5x_vds_mapping *mappings, size_t count, void **carrier);
/* Loads the description when under_dataset is a carrier (*virt NULL when not). */
int vds_virtual_load(vds_file *file, void *under_dataset, vds_virtual **virt);
void vds_virtual_free(vds_virtual *virt);

/* A source dataset as a read finds it: in another file, an h5x handle; in
 * the virtual dataset's own file, the connector below's object. */
typedef struct vds_source {
    h5x_object *dataset;
    void *own;
} vds_source;

/* vds_sources.c: the source dataset of mapping i of a virtual dataset,
 * opened once and kept; both members NULL with status 0 when it is missing
 * and the file is not strict. */
int vds_source_dataset(vds_object *object, size_t i, vds_source *source);

/* vds_own.c: sources in the virtual dataset's own file.  Opens the
 * dataset at path (*own NULL when there is none), and reads or writes a
 * resolved selection of it. */
int vds_own_open(vds_object *object, const char *path, void **own);
int vds_own_transfer(const vds_file *file, void *own, const h5x_vds_mapping *m, const h5x_resolved_selection *sel,
                     const h5x_dtype *mem_dtype, void *buffer, int writing);

/* vds_io.c */
/* Fills virt->rows from the mappings and the shape; at open. */
int vds_rows_plan(vds_virtual *virt);
int vds_read(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, void *buffer);
int vds_write(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
              const void *buffer);

#endif
