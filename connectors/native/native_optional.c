/*
 * native_optional.c — the optional operations of connectors built on the
 * native code: the escape hatch to libhdf5 identifiers and dimension
 * scales handed to libhdf5's H5DS.
 *
 * Both work the same whatever driver holds the file, so the native and
 * family connectors share this one callback (NATIVE_OBJECT_MODEL_SLOTS).
 */
#include <stddef.h>

#include "native.h"
#include "native_dimscale.h"

/* H5X_CONNECTOR_OP_NATIVE_HANDLE: the hid_t behind an object, or the
 * file's when no object is given.  H5X_CONNECTOR_OP_DIMSCALE: dimension
 * scales through libhdf5's H5DS (native_dimscale.c). */
int native_optional(void *file_in, void *object_in, int op, void *args)
{
    native_file *file = file_in;
    native_object *object = object_in;
    switch (op) {
    case H5X_CONNECTOR_OP_NATIVE_HANDLE: {
        h5x_op_native_handle *handle = args;
        if (handle == NULL)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "no place given for the native handle");
        if (object != NULL)
            handle->hid = (int64_t)object->id;
        else if (file != NULL)
            handle->hid = (int64_t)file->id;
        else
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "no object or file given for the native handle");
        return 0;
    }
    case H5X_CONNECTOR_OP_DIMSCALE:
        if (args == NULL)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "no dimension scale request given");
        return native_dimscale(file, args);
    default:
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "optional operation %d is not offered", op);
    }
}
