/* Dimension scales in the native connector (native_dimscale.c). */
#ifndef H5X_NATIVE_DIMSCALE_H
#define H5X_NATIVE_DIMSCALE_H

#include "native.h"

/* Answers the optional operation H5X_CONNECTOR_OP_DIMSCALE: op->dataset
 * (and op->scale for attach and detach) are native objects of file. */
int native_dimscale(native_file *file, h5x_op_dimscale *op);

#endif
