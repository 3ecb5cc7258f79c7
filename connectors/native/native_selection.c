/*
 * native_selection.c — h5x shapes and resolved selections as libhdf5
 * dataspaces.
 *
 * The core resolves every NumPy-style selection against the dataset's
 * shape before the connector sees it, so what arrives is one of four
 * simple forms, each of which libhdf5 can express directly:
 *
 *   ALL          every element: the caller passes H5S_ALL instead
 *   NONE         nothing: the caller skips the I/O
 *   ORTHOGONAL   a product of per-axis index sets.  When every axis is a
 *                strided range it is exactly one regular hyperslab.  An
 *                axis given as an index list is cut into runs of
 *                consecutive indices, each run a block; the selection is
 *                the union (H5S_SELECT_OR) of one hyperslab per
 *                combination of runs.  libhdf5 keeps a hyperslab
 *                selection as a set, so the union delivers its elements in
 *                C order of their coordinates — what h5x promises — no
 *                matter in which order the pieces were added.  Each OR
 *                costs as much as the selection built so far, so a long
 *                union is built as a balanced tree instead, and a union
 *                of many tiny pieces (scattered indices) is given to
 *                libhdf5 as the equivalent list of points in C order.
 *   POINTS       a list of coordinates, delivered in the order given
 *                (H5Sselect_elements keeps that order).
 *
 * Reselecting a cached dataspace with H5S_SELECT_SET costs little, which
 * is what keeps small repeated reads cheap.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"

hid_t native_space_from_shape(const h5x_shape *shape, const h5x_shape *maxshape)
{
    hid_t space;
    if (shape->rank < 0) {
        space = H5Screate(H5S_NULL);
    } else if (shape->rank == 0) {
        space = H5Screate(H5S_SCALAR);
    } else if (shape->rank > H5X_MAX_RANK) {
        h5x_connector_error(H5X_ERR_SHAPE, "rank %d exceeds the maximum of %d", shape->rank, H5X_MAX_RANK);
        return H5I_INVALID_HID;
    } else {
        hsize_t dims[H5X_MAX_RANK], maxdims[H5X_MAX_RANK];
        int has_max = maxshape != NULL && maxshape->rank == shape->rank;
        for (int i = 0; i < shape->rank; i++) {
            dims[i] = shape->dims[i];
            if (has_max)
                maxdims[i] = maxshape->dims[i] == H5X_UNLIMITED ? H5S_UNLIMITED : maxshape->dims[i];
        }
        space = H5Screate_simple(shape->rank, dims, has_max ? maxdims : NULL);
    }
    if (space < 0)
        native_fail(H5X_ERR_SHAPE, "unable to create a dataspace of rank %d", shape->rank);
    return space;
}

int native_shape_from_space(hid_t space, h5x_shape *shape, h5x_shape *maxshape)
{
    H5S_class_t kind = H5Sget_simple_extent_type(space);
    if (kind == H5S_NO_CLASS)
        return native_fail(H5X_ERR_IO, "unable to read a dataspace");
    h5x_shape local_max;
    if (maxshape == NULL)
        maxshape = &local_max;
    memset(shape, 0, sizeof *shape);
    memset(maxshape, 0, sizeof *maxshape);
    if (kind == H5S_NULL) {
        shape->rank = maxshape->rank = -1;
        return 0;
    }
    if (kind == H5S_SCALAR)
        return 0;
    hsize_t dims[H5X_MAX_RANK], maxdims[H5X_MAX_RANK];
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > H5X_MAX_RANK)
        return native_fail(H5X_ERR_CORRUPT, "unsupported dataspace rank %d", rank);
    if (H5Sget_simple_extent_dims(space, dims, maxdims) < 0)
        return native_fail(H5X_ERR_IO, "unable to read a dataspace's extent");
    shape->rank = maxshape->rank = rank;
    for (int i = 0; i < rank; i++) {
        shape->dims[i] = dims[i];
        maxshape->dims[i] = maxdims[i] == H5S_UNLIMITED ? H5X_UNLIMITED : maxdims[i];
    }
    return 0;
}

/* ------------------------------------------------------------ selections */

/* One piece of an axis: `count` blocks of `block` indices, `stride` apart. */
typedef struct axis_piece {
    hsize_t start, stride, count, block;
} axis_piece;

/* The pieces of every axis, and how many hyperslabs their product makes. */
typedef struct piece_grid {
    int rank;
    axis_piece *pieces[H5X_MAX_RANK];
    size_t npieces[H5X_MAX_RANK];
    axis_piece single[H5X_MAX_RANK];
    uint64_t combinations;
} piece_grid;

/* Unions of up to this many hyperslabs are built one H5S_SELECT_OR at a
 * time.  Each OR costs time in proportion to the selection built so far,
 * so longer unions are built as a balanced tree of such groups. */
#define SEQUENTIAL_UNION 16
/* Selections of at most this many elements per hyperslab are given to
 * libhdf5 as points, which it takes in linear time. */
#define POINTS_PER_PIECE 4
#define POINT_SELECTION_MAX_BYTES (UINT64_C(256) << 20)

/* The pieces of a list axis: runs of consecutive indices. */
static size_t list_runs(const h5x_axis_selection *axis, axis_piece *runs)
{
    size_t n = 0;
    for (uint64_t i = 0; i < axis->count; i++) {
        uint64_t index = axis->list[i];
        if (n > 0 && runs[n - 1].start + runs[n - 1].block == index) {
            runs[n - 1].block++;
            continue;
        }
        runs[n].start = index;
        runs[n].stride = 1;
        runs[n].count = 1;
        runs[n].block = 1;
        n++;
    }
    return n;
}

static void grid_free(piece_grid *grid)
{
    for (int a = 0; a < grid->rank; a++)
        if (grid->pieces[a] != &grid->single[a])
            free(grid->pieces[a]);
}

static int grid_init(piece_grid *grid, const h5x_resolved_selection *sel)
{
    memset(grid, 0, sizeof *grid);
    grid->rank = sel->rank;
    grid->combinations = 1;
    for (int a = 0; a < sel->rank; a++) {
        const h5x_axis_selection *axis = &sel->axes[a];
        grid->pieces[a] = &grid->single[a];
        grid->npieces[a] = 1;
        if (axis->list != NULL && axis->count > 0) {
            axis_piece *runs = malloc(axis->count * sizeof(axis_piece));
            if (runs == NULL) {
                grid_free(grid);
                return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory selecting %llu indices",
                                           (unsigned long long)axis->count);
            }
            grid->pieces[a] = runs;
            grid->npieces[a] = list_runs(axis, runs);
        } else {
            grid->single[a] = (axis_piece){axis->start, axis->step, axis->count, 1};
        }
        grid->combinations *= grid->npieces[a];
    }
    return 0;
}

/* Hyperslab number i of the grid, the last axis varying fastest. */
static void grid_hyperslab(const piece_grid *grid, uint64_t i, hsize_t *start, hsize_t *stride, hsize_t *count,
                           hsize_t *block)
{
    for (int a = grid->rank - 1; a >= 0; a--) {
        const axis_piece *p = &grid->pieces[a][i % grid->npieces[a]];
        i /= grid->npieces[a];
        start[a] = p->start;
        stride[a] = p->stride;
        count[a] = p->count;
        block[a] = p->block;
    }
}

/* Selects in space the union of hyperslabs [first, last). */
static int union_into(hid_t space, const piece_grid *grid, uint64_t first, uint64_t last)
{
    hsize_t start[H5X_MAX_RANK], stride[H5X_MAX_RANK], count[H5X_MAX_RANK], block[H5X_MAX_RANK];
    for (uint64_t i = first; i < last; i++) {
        grid_hyperslab(grid, i, start, stride, count, block);
        if (H5Sselect_hyperslab(space, i == first ? H5S_SELECT_SET : H5S_SELECT_OR, start, stride, count, block) < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to select a hyperslab");
    }
    return 0;
}

/* A new dataspace (a copy of blank) holding the union of hyperslabs
 * [first, last), built as a balanced tree. */
static hid_t union_tree(hid_t blank, const piece_grid *grid, uint64_t first, uint64_t last)
{
    hid_t space = H5Scopy(blank);
    if (space < 0) {
        native_fail(H5X_ERR_SELECTION, "unable to copy a dataspace");
        return H5I_INVALID_HID;
    }
    if (last - first <= SEQUENTIAL_UNION) {
        if (union_into(space, grid, first, last) < 0) {
            H5Sclose(space);
            return H5I_INVALID_HID;
        }
        return space;
    }
    uint64_t middle = first + (last - first) / 2;
    hid_t left = union_tree(blank, grid, first, middle);
    hid_t right = left < 0 ? H5I_INVALID_HID : union_tree(blank, grid, middle, last);
    int ok = right >= 0 && H5Sselect_copy(space, left) >= 0 && H5Smodify_select(space, H5S_SELECT_OR, right) >= 0;
    if (!ok && right >= 0)
        native_fail(H5X_ERR_SELECTION, "unable to combine hyperslabs");
    if (left >= 0)
        H5Sclose(left);
    if (right >= 0)
        H5Sclose(right);
    if (!ok) {
        H5Sclose(space);
        return H5I_INVALID_HID;
    }
    return space;
}

static int select_union(hid_t space, const piece_grid *grid)
{
    if (grid->combinations <= SEQUENTIAL_UNION)
        return union_into(space, grid, 0, grid->combinations);
    hid_t blank = H5Scopy(space);
    if (blank < 0 || H5Sselect_none(blank) < 0) {
        int status = native_fail(H5X_ERR_SELECTION, "unable to copy a dataspace");
        if (blank >= 0)
            H5Sclose(blank);
        return status;
    }
    hid_t selected = union_tree(blank, grid, 0, grid->combinations);
    H5Sclose(blank);
    if (selected < 0)
        return H5X_ERR_SELECTION;
    int status = 0;
    if (H5Sselect_copy(space, selected) < 0)
        status = native_fail(H5X_ERR_SELECTION, "unable to copy a selection");
    H5Sclose(selected);
    return status;
}

/* The same selection as points, in C order of their coordinates. */
static int select_as_points(hid_t space, const h5x_resolved_selection *sel, hsize_t elements)
{
    int rank = sel->rank;
    hsize_t *coords = malloc((size_t)elements * (size_t)rank * sizeof(hsize_t));
    if (coords == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory selecting %llu points",
                                   (unsigned long long)elements);
    uint64_t at[H5X_MAX_RANK] = {0};
    for (hsize_t e = 0; e < elements; e++) {
        for (int a = 0; a < rank; a++) {
            const h5x_axis_selection *axis = &sel->axes[a];
            coords[e * (hsize_t)rank + (hsize_t)a] =
                axis->list != NULL ? axis->list[at[a]] : axis->start + at[a] * axis->step;
        }
        for (int a = rank - 1; a >= 0 && ++at[a] == sel->axes[a].count; a--)
            at[a] = 0;
    }
    int status = 0;
    if (H5Sselect_elements(space, H5S_SELECT_SET, (size_t)elements, coords) < 0)
        status = native_fail(H5X_ERR_SELECTION, "unable to select %llu points", (unsigned long long)elements);
    free(coords);
    return status;
}

/* The common case, every axis a strided range: one regular hyperslab,
 * passed as a careful caller of libhdf5 would pass it (no stride array
 * when every step is 1, never a block array). */
static int select_ranges(hid_t space, const h5x_resolved_selection *sel, hsize_t *total)
{
    hsize_t start[H5X_MAX_RANK], stride[H5X_MAX_RANK], count[H5X_MAX_RANK];
    hsize_t elements = 1;
    int unit_steps = 1;
    for (int a = 0; a < sel->rank; a++) {
        const h5x_axis_selection *axis = &sel->axes[a];
        start[a] = axis->start;
        stride[a] = axis->step;
        count[a] = axis->count;
        elements *= axis->count;
        unit_steps &= axis->step == 1;
    }
    *total = elements;
    herr_t result = elements == 0 ? H5Sselect_none(space)
                                  : H5Sselect_hyperslab(space, H5S_SELECT_SET, start, unit_steps ? NULL : stride,
                                                        count, NULL);
    if (result < 0)
        return native_fail(H5X_ERR_SELECTION, "unable to select a hyperslab");
    return 0;
}

/* Orthogonal selections with index lists.  A few hyperslabs are simply
 * OR-ed together; many hyperslabs of a few elements each (a scattered
 * index list) become a point selection; many larger ones are combined as
 * a balanced tree, so that neither way costs quadratic time. */
static int select_orthogonal(hid_t space, const h5x_resolved_selection *sel, hsize_t *total)
{
    hsize_t elements = 1;
    for (int a = 0; a < sel->rank; a++)
        elements *= sel->axes[a].count;
    *total = elements;
    if (elements == 0) {
        if (H5Sselect_none(space) < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to select nothing");
        return 0;
    }
    piece_grid grid;
    int status = grid_init(&grid, sel);
    if (status < 0)
        return status;
    if (grid.combinations > SEQUENTIAL_UNION && elements <= POINTS_PER_PIECE * grid.combinations &&
        elements * (hsize_t)sel->rank * sizeof(hsize_t) <= POINT_SELECTION_MAX_BYTES)
        status = select_as_points(space, sel, elements);
    else
        status = select_union(space, &grid);
    grid_free(&grid);
    return status;
}

static int select_points(hid_t space, const h5x_resolved_selection *sel, hsize_t *total)
{
    *total = sel->npoints;
    if (sel->npoints == 0) {
        if (H5Sselect_none(space) < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to select nothing");
        return 0;
    }
    size_t ncoords = (size_t)sel->npoints * (size_t)sel->rank;
    hsize_t *coords = malloc(ncoords * sizeof(hsize_t));
    if (coords == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory selecting %llu points",
                                   (unsigned long long)sel->npoints);
    for (size_t i = 0; i < ncoords; i++)
        coords[i] = sel->points[i];
    int status = 0;
    if (H5Sselect_elements(space, H5S_SELECT_SET, (size_t)sel->npoints, coords) < 0)
        status = native_fail(H5X_ERR_SELECTION, "unable to select %llu points", (unsigned long long)sel->npoints);
    free(coords);
    return status;
}

int native_select(hid_t space, const h5x_resolved_selection *sel, hsize_t *count)
{
    hssize_t all;
    switch (sel->kind) {
    case H5X_SEL_ALL:
        if (H5Sselect_all(space) < 0 || (all = H5Sget_select_npoints(space)) < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to select everything");
        *count = (hsize_t)all;
        return 0;
    case H5X_SEL_NONE:
        *count = 0;
        if (H5Sselect_none(space) < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to select nothing");
        return 0;
    case H5X_SEL_ORTHOGONAL:
        if (sel->rank == 0) {
            *count = 1;
            if (H5Sselect_all(space) < 0)
                return native_fail(H5X_ERR_SELECTION, "unable to select a scalar");
            return 0;
        }
        if (sel->rank < 0 || sel->rank > H5X_MAX_RANK)
            return h5x_connector_error(H5X_ERR_SELECTION, "selection of rank %d", sel->rank);
        for (int a = 0; a < sel->rank; a++)
            if (sel->axes[a].list != NULL)
                return select_orthogonal(space, sel, count);
        return select_ranges(space, sel, count);
    case H5X_SEL_POINTS:
        return select_points(space, sel, count);
    }
    return h5x_connector_error(H5X_ERR_SELECTION, "unknown selection kind %d", (int)sel->kind);
}
