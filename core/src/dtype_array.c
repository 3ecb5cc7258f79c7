/*
 * dtype_array.c — array dtypes (NumPy subarrays): a base type repeated
 * over fixed dimensions, stored in C order inside each element.  They
 * appear mostly as compound members (h5py's ("c", "<i2", (3,))), since
 * h5py spreads a subarray dtype given to a dataset over extra axes.
 */
#include "dtype.h"
#include "error.h"

h5x_dtype *h5x_dtype_array(const h5x_dtype *base, const h5x_shape *dims)
{
    if (h5x_dtype_check(base) < 0)
        return NULL;
    if (!dims || dims->rank < 1 || dims->rank > H5X_MAX_RANK) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "an array dtype needs between 1 and %d dimensions", H5X_MAX_RANK);
        return NULL;
    }
    uint64_t count = 1;
    for (int i = 0; i < dims->rank; i++) {
        if (dims->dims[i] == 0 || dims->dims[i] == H5X_UNLIMITED) {
            h5x_error(H5X_ERR_INVALID_ARGUMENT, "array dtype dimension %d must be positive and fixed", i);
            return NULL;
        }
        if (count > SIZE_MAX / dims->dims[i] || count * dims->dims[i] > SIZE_MAX / base->size) {
            h5x_error(H5X_ERR_INVALID_ARGUMENT, "array dtype too large");
            return NULL;
        }
        count *= dims->dims[i];
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_ARRAY, (size_t)count * base->size, base->order);
    if (!dtype)
        return NULL;
    dtype->u.array.base = h5x_dtype_retain(base);
    dtype->u.array.rank = dims->rank;
    for (int i = 0; i < dims->rank; i++)
        dtype->u.array.dims[i] = dims->dims[i];
    return dtype;
}

int h5x_dtype_array_info(const h5x_dtype *dtype, h5x_shape *dims, h5x_dtype **base)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    if (dtype->type_class != H5X_CLASS_ARRAY)
        return h5x_error(H5X_ERR_TYPE, "h5x_dtype_array_info: not an array dtype");
    if (dims) {
        dims->rank = dtype->u.array.rank;
        for (int i = 0; i < dtype->u.array.rank; i++)
            dims->dims[i] = dtype->u.array.dims[i];
    }
    if (base)
        *base = h5x_dtype_retain(dtype->u.array.base);
    return 0;
}
