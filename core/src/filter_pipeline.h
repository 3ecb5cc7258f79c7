/* The chunk pipeline: a filter chain applied to chunk buffers, for
 * connectors that store chunks themselves (the in-memory connector).
 * Connectors on libhdf5 leave filtering to libhdf5.  Exported from libh5x
 * (though not part of the public headers) for the connector plugins built
 * in this tree. */
#ifndef H5X_FILTER_PIPELINE_H
#define H5X_FILTER_PIPELINE_H

#include "h5x_connector.h"
#include "h5x_filter.h"

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

/* A prepared chain with its filter plugins looked up.  Looking a plugin up
 * takes the library lock; a bound pipeline needs it no more, so chunks can
 * be encoded and decoded with it on several threads at once (each call
 * touches nothing but its own chunk).  The chain must outlive it. */
typedef struct h5x_bound_pipeline {
    const h5x_filter_chain *chain;
    const h5x_filter_class *plugins[H5X_MAX_FILTERS]; /* NULL for HDF5's built-in filters */
    int codec_threads; /* threads each plugin call may use; 0: the plugin's default */
} h5x_bound_pipeline;

/* Binds a prepared chain: H5X_ERR_PLUGIN when a plugin is not found,
 * H5X_ERR_NOT_SUPPORTED for a filter the pipeline cannot run. */
H5X_API int h5x_pipeline_bind(const h5x_filter_chain *chain, int codec_threads, h5x_bound_pipeline *bound);
/* h5x_pipeline_encode and _decode through a bound pipeline; safe to call
 * from any thread, with or without the library lock. */
H5X_API int h5x_pipeline_encode_bound(const h5x_bound_pipeline *bound, const void *chunk, size_t chunk_size,
                                      void **out, size_t *out_size, unsigned *filter_mask);
/* The same, offering the last filter room (room_size bytes) to write the
 * stored chunk into: *out is then room, which the caller must not free;
 * otherwise a malloc'd buffer as always. */
H5X_API int h5x_pipeline_encode_bound_into(const h5x_bound_pipeline *bound, const void *chunk, size_t chunk_size,
                                           void *room, size_t room_size, void **out, size_t *out_size,
                                           unsigned *filter_mask);
H5X_API int h5x_pipeline_decode_bound(const h5x_bound_pipeline *bound, unsigned filter_mask, const void *stored,
                                      size_t stored_size, size_t chunk_bytes, void **out, size_t *out_size);
/* The same into destination (chunk_bytes bytes) when it is not NULL: the
 * last plugin to run may decode straight into it (h5x_filter_call's
 * destination), saving a copy; out and out_size are then not used. */
H5X_API int h5x_pipeline_decode_bound_into(const h5x_bound_pipeline *bound, unsigned filter_mask,
                                           const void *stored, size_t stored_size, size_t chunk_bytes,
                                           void *destination, void **out, size_t *out_size);

#endif
