/* Virtual datasets inside the core: the layout and source handles of the
 * public API (vds_layout.c), the creation and query calls (vds_create.c),
 * and the stacking of the vds connector over connectors that do not map
 * virtual datasets themselves (vds_stack.c). */
#ifndef H5X_VDS_H
#define H5X_VDS_H

#include "connector_registry.h"
#include "handle.h"
#include "options.h"

struct h5x_vds_layout {
    h5x_handle header;
    h5x_shape shape;
    h5x_dtype *dtype;
    h5x_vds_mapping *mappings;
    size_t count;
    size_t capacity;
};

struct h5x_vds_source {
    h5x_handle header;
    char *file_name;
    char *dataset_path;
    h5x_shape shape;
    h5x_dtype *dtype; /* NULL: the layout's */
    h5x_vds_hyperslab selection; /* everything until selected */
};

/* The hyperslab a selection makes of shape: slices and indices only
 * (an index list must be a regular progression).  H5X_ERR_SELECTION
 * otherwise. */
int h5x_vds_hyperslab_from_selection(const h5x_selection *sel, const h5x_shape *shape, h5x_vds_hyperslab *slab);
/* The hyperslab covering every element of shape. */
void h5x_vds_hyperslab_all(const h5x_shape *shape, h5x_vds_hyperslab *slab);

/* Stacking (vds_stack.c).  Called by h5x_file_open once the connector
 * named by the file's spec is known: when that connector is a stacking
 * one, or does not claim virtual datasets while a stacking connector that
 * does is installed, *under receives the connector below and *under_spec
 * its options (the keys the stacking connector does not know), and *top
 * the stacking connector with its own options left in *spec.  Otherwise
 * *under is NULL and nothing changes. */
int h5x_stack_resolve(const h5x_connector **top, h5x_options **spec, const h5x_connector **under,
                      h5x_options **under_spec);
/* The connector a stacked file records: the stacking connector's slots,
 * with the name and capabilities of the connector below (plus virtual
 * datasets), and no slot the connector below lacks.  Kept for the life of
 * the process, one per pair. */
const h5x_connector *h5x_stack_connector(const h5x_connector *top, const h5x_connector *under);
/* Opens the file below (with under_spec) and then the stacking connector
 * over it. */
int h5x_stack_file_open(const h5x_connector *top, const h5x_connector *under, const h5x_options *under_spec,
                        const h5x_file_args *args, void **file, void **root);
/* For a stacked file: the object below connector_object when
 * under_connector_file is the file below file_connector_file; else NULL. */
void *h5x_stack_unwrap(const h5x_connector *connector, void *file_connector_file, void *connector_object,
                       const void *under_connector_file);

#endif
