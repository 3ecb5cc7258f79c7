/* The two halves of h5x_dtype_convert: leaf types (numbers, fixed-length
 * strings) in dtype_convert.c, and types built from others or owning
 * memory in dtype_convert_composite.c. */
#ifndef H5X_DTYPE_CONVERT_H
#define H5X_DTYPE_CONVERT_H

#include "dtype.h"

/* 1 for numbers and fixed-length byte strings, which convert in blocks
 * without per-element memory. */
int h5x_dtype_is_leaf(const h5x_dtype *dtype);
int h5x_leaf_convertible(const h5x_dtype *from, const h5x_dtype *to);
/* Packed arrays of leaf types; src == dst allowed as for h5x_dtype_convert. */
int h5x_convert_leaf(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst, uint64_t n);

/* 1 if the pair (at least one not a leaf) converts; otherwise 0 and, when
 * reason is not NULL, a short reason. */
int h5x_composite_convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t reason_size);
int h5x_convert_composite(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst, uint64_t n);

/* Records H5X_ERR_TYPE: "no conversion from A to B". */
int h5x_no_conversion(const h5x_dtype *from, const h5x_dtype *to);

#endif
