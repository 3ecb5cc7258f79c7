/* The chunk pipeline: a filter chain applied to chunk buffers, for
 * connectors that store chunks themselves (the in-memory connector).
 * Connectors on libhdf5 leave filtering to libhdf5.  Exported from libh5x
 * (though not part of the public headers) for the connector plugins built
 * in this tree. */
#ifndef H5X_FILTER_PIPELINE_H
#define H5X_FILTER_PIPELINE_H

#include "h5x_connector.h"

#include <stddef.h>

/* Completes the client values of a parsed chain for a dataset, as HDF5's
 * set_local callbacks do when a dataset is created: shuffle records the
 * element size, a plugin its own values (Blosc: type and chunk size).
 * element_size is the size of one element, base_type_size that of the
 * base type for array types (else the same), chunk_bytes the size of an
 * uncompressed chunk.  Fails with H5X_ERR_NOT_SUPPORTED for filters the
 * pipeline cannot run (szip; scaleoffset and nbit unless their client
 * values are already complete, as read from a file) and H5X_ERR_PLUGIN
 * for plugins that are not found. */
H5X_API int h5x_pipeline_prepare(h5x_filter_chain *chain, size_t element_size, size_t base_type_size,
                         size_t chunk_bytes);

/* The same for a dataset of dtype with that fill value (one element of
 * dtype; NULL: zeros), which also completes the values of scaleoffset
 * and nbit from the type, as HDF5's set_local does. */
H5X_API int h5x_pipeline_prepare_dtype(h5x_filter_chain *chain, const h5x_dtype *dtype, const void *fillvalue,
                                       size_t chunk_bytes);

/* Runs a prepared chain forward over one chunk.  *out (malloc'd) receives
 * the stored form and *filter_mask the filters skipped, bit i for filter
 * i, as in HDF5's chunk index: an optional filter that fails or does not
 * shrink the chunk is skipped, a mandatory one that fails is an error. */
H5X_API int h5x_pipeline_encode(const h5x_filter_chain *chain, const void *chunk, size_t chunk_size, void **out,
                        size_t *out_size, unsigned *filter_mask);

/* Runs a prepared chain backward over a stored chunk, skipping the filters
 * in filter_mask.  The result must be exactly chunk_bytes long; anything
 * else is H5X_ERR_CORRUPT.  *out is malloc'd. */
H5X_API int h5x_pipeline_decode(const h5x_filter_chain *chain, unsigned filter_mask, const void *stored,
                        size_t stored_size, size_t chunk_bytes, void **out, size_t *out_size);

#endif
