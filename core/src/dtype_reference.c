/*
 * dtype_reference.c — h5py's ref_dtype and regionref_dtype.
 *
 * In memory every element of a reference type is one h5x_ref (H5X_REF_SIZE
 * bytes), whatever the connector stores: the kind in the first byte, the
 * connector's own encoding after it.  So a reference dtype has that size,
 * no byte order (its bytes are not a number), and differs from the other
 * reference dtype only in the kind it declares.  Connectors translate
 * between h5x_ref elements and their storage (the native connector to the
 * 8-byte object and 12-byte region references h5py writes).
 */
#include "dtype.h"
#include "error.h"

h5x_dtype *h5x_dtype_reference(h5x_reference_kind kind)
{
    if (kind != H5X_REF_OBJECT && kind != H5X_REF_REGION) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT,
                  "h5x_dtype_reference: kind must be H5X_REF_OBJECT or H5X_REF_REGION, not %d", (int)kind);
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_REFERENCE, sizeof(h5x_ref), H5X_ORDER_NONE);
    if (dtype)
        dtype->u.reference.kind = kind;
    return dtype;
}
