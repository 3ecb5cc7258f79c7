/* Dimension scales written with nothing but attributes and object
 * references (dimscale_generic.c), for connectors that do not answer
 * H5X_CONNECTOR_OP_DIMSCALE themselves. */
#ifndef H5X_DIMSCALE_GENERIC_H
#define H5X_DIMSCALE_GENERIC_H

#include "object.h"

/* 1 when the core can keep dimension scales in dataset's file: the
 * connector stores variable-length data and references. */
int h5x_dimscale_generic_possible(const h5x_object *dataset);

/* Answers one request (checked by dimscale.c: a dataset, a valid axis, a
 * writable file for changes, a scale of the same file).  scale: the scale
 * handle for ATTACH and DETACH; *opened: the scale OPEN opens.  Called
 * with the lock held. */
int h5x_dimscale_generic(h5x_object *dataset, h5x_op_dimscale *op, h5x_object *scale, h5x_object **opened);

#endif
