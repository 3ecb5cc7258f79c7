/* Shapes are plain values: a rank and up to H5X_MAX_RANK dimensions. */
#include "h5x.h"

#include "error.h"

#include <string.h>

h5x_shape h5x_shape_of(int rank, const uint64_t *dims)
{
    h5x_shape s;
    memset(&s, 0, sizeof s);
    if (rank < 0) {
        s.rank = -1;
        return s;
    }
    if (rank > H5X_MAX_RANK) {
        /* not representable: a rank no function accepts, rather than a
         * silently shortened shape */
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_shape_of: rank %d exceeds H5X_MAX_RANK (%d)", rank, H5X_MAX_RANK);
        s.rank = H5X_MAX_RANK + 1;
        return s;
    }
    s.rank = rank;
    for (int i = 0; i < rank; i++)
        s.dims[i] = dims ? dims[i] : 0;
    return s;
}

h5x_shape h5x_shape_scalar(void)
{
    return h5x_shape_of(0, NULL);
}

h5x_shape h5x_shape_null(void)
{
    return h5x_shape_of(-1, NULL);
}

uint64_t h5x_shape_size(const h5x_shape *shape)
{
    if (!shape || shape->rank < 0 || shape->rank > H5X_MAX_RANK)
        return 0;
    uint64_t n = 1;
    for (int i = 0; i < shape->rank; i++)
        n *= shape->dims[i];
    return n;
}
