/* The built-in filters whose client values describe the dataset's type:
 * scale-offset (HDF5 filter 6) and n-bit (5).  HDF5's set_local writes
 * the element count, class, size, byte order (and for scale-offset the
 * fill value) into the client values, which are stored in the file; the
 * codecs then need nothing else, so a chunk written by libhdf5 decodes
 * here from its stored values alone.
 *
 * Each function returns 0 (set_local) or 1 (encode, decode) on success, or
 * a negative h5x_status with the error recorded.  Buffers are malloc'd. */
#ifndef H5X_FILTER_TYPED_H
#define H5X_FILTER_TYPED_H

#include "h5x.h"
#include "h5x_connector.h"

#include <stddef.h>

/* Fills in the values HDF5's set_local derives for a dataset of dtype
 * whose chunks hold chunk_elements elements; fillvalue is one element of
 * dtype, or NULL for HDF5's default (zeros). */
int h5x_scaleoffset_set_local(h5x_filter_spec *spec, const h5x_dtype *dtype, const void *fillvalue,
                              size_t chunk_elements);
/* 1 if the values are the complete set a file stores (so the chain can
 * run without knowing the dataset's type), else 0. */
int h5x_scaleoffset_complete(const h5x_filter_spec *spec);
int h5x_scaleoffset_encode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, unsigned char **out,
                           size_t *out_size);
int h5x_scaleoffset_decode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, size_t expected,
                           unsigned char **out, size_t *out_size);

int h5x_nbit_set_local(h5x_filter_spec *spec, const h5x_dtype *dtype, size_t chunk_elements);
int h5x_nbit_complete(const h5x_filter_spec *spec);
int h5x_nbit_encode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, unsigned char **out,
                    size_t *out_size);
int h5x_nbit_decode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, size_t expected,
                    unsigned char **out, size_t *out_size);

#endif
