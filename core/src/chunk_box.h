/* The chunks of a chunked dataset that a box of elements touches, and the
 * copying of each chunk's share between the chunk's own buffer and the
 * box's.  Exported from libh5x (though not part of the public headers)
 * for the connector plugins built in this tree. */
#ifndef H5X_CHUNK_BOX_H
#define H5X_CHUNK_BOX_H

#include "h5x.h"

#include <stddef.h>
#include <stdint.h>

/* A box of elements: its first element and its extent along each axis. */
typedef struct h5x_box {
    int rank;
    uint64_t lo[H5X_MAX_RANK];
    uint64_t dims[H5X_MAX_RANK];
} h5x_box;

/* The chunks a box touches, in C order of the chunk grid. */
typedef struct h5x_chunk_span {
    int rank;
    uint64_t chunk[H5X_MAX_RANK]; /* the chunk shape */
    uint64_t first[H5X_MAX_RANK]; /* grid coordinates of the first chunk touched */
    uint64_t count[H5X_MAX_RANK]; /* chunks touched along each axis */
    uint64_t total;               /* chunks touched */
} h5x_chunk_span;

/* The chunks of shape `chunk` that box touches (box->dims all non-zero). */
H5X_API void h5x_chunk_span_of(const h5x_box *box, const uint64_t *chunk, h5x_chunk_span *span);
/* The first element of the k-th chunk touched (k < span->total). */
H5X_API void h5x_chunk_span_origin(const h5x_chunk_span *span, uint64_t k, uint64_t *origin);

/* Copies the elements that the chunk starting at origin shares with box,
 * from the box's buffer (C order over box->dims) into the chunk's buffer
 * (C order over the chunk shape), or the other way when into_box. */
H5X_API void h5x_chunk_box_copy(const h5x_box *box, unsigned char *box_data, const uint64_t *chunk,
                                const uint64_t *origin, unsigned char *chunk_data, size_t element_size,
                                int into_box);

/* When the chunk's share of the box lies in one run of the box's buffer
 * and fills the whole chunk in the chunk's own order (a chunk inside the
 * box whose axes after the first span the box), the offset of that run in
 * elements; else UINT64_MAX.  A chunk there can be read from or written
 * to the box's buffer in place. */
H5X_API uint64_t h5x_chunk_box_in_place(const h5x_box *box, const uint64_t *chunk, const uint64_t *origin);

#endif
