/* Selections inside the core: the application's h5x_selection (a parsed
 * index expression, still independent of any shape) and the helpers that
 * move data through a resolved selection.  The core's dataset code uses them
 * to broadcast what an application writes, and connectors without a storage
 * layer of their own (the in-memory one) use gather/scatter to read and
 * write their arrays.  The functions are exported from libh5x (though not
 * part of the public headers) so that connector plugins built in this tree
 * can call them. */
#ifndef H5X_SELECTION_H
#define H5X_SELECTION_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"
#include "h5x_connector.h"

/* Checks that data of shape `data` can be written into a selection of shape
 * `target` under NumPy's broadcasting rules: trailing axes line up, and each
 * data axis is 1 or equal to the target's; the data may have fewer axes, or
 * extra leading axes of length 1.  0, or H5X_ERR_SHAPE with a message that
 * shows both shapes. */
H5X_API int h5x_broadcast_check(const h5x_shape *data, const h5x_shape *target);

/* Expands data (C order, data_shape) into a new malloc'd buffer of the
 * target shape (C order); release it with free().  Checks as
 * h5x_broadcast_check does first. */
H5X_API int h5x_broadcast(const void *data, const h5x_shape *data_shape, size_t elem_size,
                          const h5x_shape *target, void **out);

/* Copies the selected elements of `full`, a C-order array of `shape`, into
 * `packed` in C order of the selected coordinates. */
H5X_API void h5x_selection_gather(const void *full, const h5x_shape *shape, size_t elem_size,
                                  const h5x_resolved_selection *sel, void *packed);

/* The reverse of h5x_selection_gather: writes the packed elements into
 * their places in `full`. */
H5X_API void h5x_selection_scatter(void *full, const h5x_shape *shape, size_t elem_size,
                                   const h5x_resolved_selection *sel, const void *packed);

/* Builds a point selection (a region reference's, or h5py's fancy
 * coordinates) of npoints coordinates of `rank` each, copied from coords
 * (point after point).  No points gives H5X_SEL_NONE.  Release with
 * h5x_resolved_selection_free. */
H5X_API int h5x_resolved_selection_points(int rank, uint64_t npoints, const uint64_t *coords,
                                          h5x_resolved_selection **out);

/* Checks that a resolved selection (from a file, or built by hand) fits
 * inside shape: same rank, every coordinate in range, lists increasing.
 * 0, or H5X_ERR_SELECTION naming the offending coordinate. */
H5X_API int h5x_resolved_selection_check(const h5x_resolved_selection *sel, const h5x_shape *shape);

/* h5x_selection_resolve into storage the caller provides (the core's read
 * and write paths keep it on the stack, sparing an allocation per call).
 * Release what it holds with h5x_resolved_selection_clear, also after a
 * failure. */
int h5x_selection_resolve_into(const h5x_selection *sel, const h5x_shape *shape, h5x_resolved_selection *res,
                               h5x_shape *result_shape);
void h5x_resolved_selection_clear(h5x_resolved_selection *sel);

#endif
