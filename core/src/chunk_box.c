/*
 * chunk_box.c — which chunks a box of elements touches, and moving each
 * chunk's share of the box between the two buffers.
 *
 * A read or write of a chunked dataset works on a box (the selection's
 * bounding block) and on chunks, each a C-order array of the chunk shape.
 * The elements a chunk and the box share form a smaller box; along the
 * last axis its rows are runs in both buffers.  Trailing axes that the
 * shared box covers completely in both buffers join the run, so a chunk
 * of a one-dimensional dataset, or one spanning whole rows, moves with a
 * single memcpy.
 */
#include "chunk_box.h"

#include <string.h>

void h5x_chunk_span_of(const h5x_box *box, const uint64_t *chunk, h5x_chunk_span *span)
{
    span->rank = box->rank;
    span->total = 1;
    for (int i = 0; i < box->rank; i++) {
        span->chunk[i] = chunk[i];
        span->first[i] = box->lo[i] / chunk[i];
        span->count[i] = (box->lo[i] + box->dims[i] - 1) / chunk[i] - span->first[i] + 1;
        span->total *= span->count[i];
    }
}

void h5x_chunk_span_origin(const h5x_chunk_span *span, uint64_t k, uint64_t *origin)
{
    for (int i = span->rank - 1; i >= 0; i--) {
        origin[i] = (span->first[i] + k % span->count[i]) * span->chunk[i];
        k /= span->count[i];
    }
}

/* The shared box of a chunk and a box: its first element and extent. */
static int shared_part(const h5x_box *box, const uint64_t *chunk, const uint64_t *origin, uint64_t *lo,
                       uint64_t *extent)
{
    for (int i = 0; i < box->rank; i++) {
        uint64_t start = origin[i] > box->lo[i] ? origin[i] : box->lo[i];
        uint64_t chunk_end = origin[i] + chunk[i], box_end = box->lo[i] + box->dims[i];
        uint64_t end = chunk_end < box_end ? chunk_end : box_end;
        if (end <= start)
            return 0;
        lo[i] = start;
        extent[i] = end - start;
    }
    return 1;
}

void h5x_chunk_box_copy(const h5x_box *box, unsigned char *box_data, const uint64_t *chunk,
                        const uint64_t *origin, unsigned char *chunk_data, size_t element_size, int into_box)
{
    int rank = box->rank;
    uint64_t lo[H5X_MAX_RANK] = {0}, extent[H5X_MAX_RANK] = {0};
    if (rank < 1 || !shared_part(box, chunk, origin, lo, extent))
        return;
    /* the run: the last axis, and the axes before it while everything
     * after them is whole in both buffers */
    int inner = rank - 1;
    uint64_t run = extent[inner];
    while (inner > 0 && extent[inner] == chunk[inner] && extent[inner] == box->dims[inner]) {
        inner--;
        run *= extent[inner];
    }
    size_t run_bytes = (size_t)run * element_size;
    uint64_t index[H5X_MAX_RANK] = {0};
    for (;;) {
        uint64_t in_box = 0, in_chunk = 0;
        for (int i = 0; i < rank; i++) {
            uint64_t at = lo[i] + (i < inner ? index[i] : 0);
            in_box = in_box * box->dims[i] + (at - box->lo[i]);
            in_chunk = in_chunk * chunk[i] + (at - origin[i]);
        }
        unsigned char *b = box_data + in_box * element_size, *c = chunk_data + in_chunk * element_size;
        if (into_box)
            memcpy(b, c, run_bytes);
        else
            memcpy(c, b, run_bytes);
        int axis = inner - 1;
        while (axis >= 0 && ++index[axis] == extent[axis])
            index[axis--] = 0;
        if (axis < 0)
            return;
    }
}

uint64_t h5x_chunk_box_in_place(const h5x_box *box, const uint64_t *chunk, const uint64_t *origin)
{
    uint64_t offset = 0;
    for (int i = 0; i < box->rank; i++) {
        if (origin[i] < box->lo[i] || origin[i] + chunk[i] > box->lo[i] + box->dims[i])
            return UINT64_MAX; /* not inside the box */
        if (i > 0 && chunk[i] != box->dims[i])
            return UINT64_MAX; /* its rows are not one run of the box */
        offset = offset * box->dims[i] + (origin[i] - box->lo[i]);
    }
    return offset;
}
