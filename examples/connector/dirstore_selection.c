/*
 * dirstore_selection.c — which elements a resolved selection names.
 *
 * The core turns everything an application can write between brackets
 * ("0, 2:10, 1:9:3", "..., 6", "[1, 3, 7], :") into an
 * h5x_resolved_selection: all elements, none, a product of one index set
 * per axis (ORTHOGONAL), or a list of points.  Negative indices, clipping,
 * ellipses and dropped axes are already dealt with; what is left is to
 * visit the selected elements in the C order of their coordinates, which is
 * the order of the packed buffer the core hands to dataset_read and
 * dataset_write.
 *
 * A contiguous store wants runs of consecutive elements, not single ones:
 * an axis that is a plain range (step 1, no index list) is read with one
 * call per run.  For an orthogonal selection that is the last axis; the
 * other axes are counted through like the wheels of an odometer.
 */
#include "dirstore.h"

/* The index the i-th selected position of an axis stands for. */
static uint64_t axis_index(const h5x_axis_selection *axis, uint64_t i)
{
    return axis->list ? axis->list[i] : axis->start + i * axis->step;
}

static int walk_orthogonal(const h5x_resolved_selection *sel, const h5x_shape *shape, dirstore_run_fn visit,
                           void *user_data)
{
    int rank = sel->rank;
    if (rank == 0)
        return visit(0, 1, user_data); /* a scalar: its one element */
    uint64_t stride[H5X_MAX_RANK], position[H5X_MAX_RANK] = {0};
    stride[rank - 1] = 1;
    for (int a = rank - 1; a > 0; a--)
        stride[a - 1] = stride[a] * shape->dims[a];
    for (int a = 0; a < rank; a++)
        if (sel->axes[a].count == 0)
            return 0;
    const h5x_axis_selection *last = &sel->axes[rank - 1];
    int last_is_range = !last->list && last->step == 1;
    for (;;) {
        uint64_t base = 0;
        for (int a = 0; a < rank - 1; a++)
            base += axis_index(&sel->axes[a], position[a]) * stride[a];
        int rc = 0;
        if (last_is_range)
            rc = visit(base + last->start, last->count, user_data);
        else
            for (uint64_t i = 0; i < last->count && rc == 0; i++)
                rc = visit(base + axis_index(last, i), 1, user_data);
        if (rc != 0)
            return rc;
        /* advance the other axes, the rightmost fastest */
        int a = rank - 2;
        while (a >= 0 && ++position[a] == sel->axes[a].count)
            position[a--] = 0;
        if (a < 0)
            return 0;
    }
}

static int walk_points(const h5x_resolved_selection *sel, const h5x_shape *shape, dirstore_run_fn visit,
                       void *user_data)
{
    for (uint64_t p = 0; p < sel->npoints; p++) {
        const uint64_t *coordinates = sel->points + p * (uint64_t)sel->rank;
        uint64_t offset = 0;
        for (int a = 0; a < sel->rank; a++)
            offset = offset * shape->dims[a] + coordinates[a];
        int rc = visit(offset, 1, user_data);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int dirstore_selection_walk(const h5x_resolved_selection *sel, const h5x_shape *shape, dirstore_run_fn visit,
                            void *user_data)
{
    uint64_t all = h5x_shape_size(shape);
    if (!sel || sel->kind == H5X_SEL_ALL)
        return all ? visit(0, all, user_data) : 0;
    switch (sel->kind) {
    case H5X_SEL_NONE: return 0;
    case H5X_SEL_ORTHOGONAL: return walk_orthogonal(sel, shape, visit, user_data);
    case H5X_SEL_POINTS: return walk_points(sel, shape, visit, user_data);
    default: return h5x_connector_error(H5X_ERR_SELECTION, "unknown selection kind %d", (int)sel->kind);
    }
}
