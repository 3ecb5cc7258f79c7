/*
 * The escape hatch: the HDF5 identifier behind an h5x object.
 *
 * h5py lets a program step down from File and Dataset to the low-level
 * FileID and DatasetID (`dset.id.get_storage_size()`) and mix both levels.
 * h5x offers the same step as one call: a connector built on libhdf5
 * claims H5X_CAP_NATIVE_HANDLES and answers the optional operation
 * H5X_CONNECTOR_OP_NATIVE_HANDLE with the hid_t of the object.  The core
 * knows nothing of libhdf5; it only routes the request and keeps its
 * promise that a connector without the capability is refused with one
 * error code.
 *
 * A file handle asks for the file's identifier (an H5F id, as h5py's
 * f.id), every other object for its own (H5G, H5D, H5T).  The identifier
 * stays owned by the connector: closing it behind h5x's back would leave
 * h5x holding a dead id, so the caller only borrows it while the object is
 * open.
 */
#include "object.h"

#include "error.h"
#include "lock.h"

int h5x_native_handle(h5x_object *object, int64_t *hid)
{
    if (!hid)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_native_handle: hid is NULL");
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0) {
        const h5x_connector_class *cls = H5X_CLASS(object);
        int (*optional)(void *, void *, int, void *) = H5X_SLOT(cls, optional);
        if (!(cls->capabilities & H5X_CAP_NATIVE_HANDLES) || !optional) {
            rc = h5x_not_supported(object->file, "native handles (its objects have no HDF5 identifier)");
        } else {
            h5x_op_native_handle request = {.hid = -1};
            void *target = object->kind == H5X_KIND_FILE ? NULL : object->connector_object;
            rc = h5x_error_at(object, NULL,
                              optional(object->file->connector_file, target, H5X_CONNECTOR_OP_NATIVE_HANDLE,
                                       &request));
            if (rc >= 0 && request.hid < 0)
                rc = h5x_error_at(object, NULL,
                                  h5x_error(H5X_ERR_IO, "the '%s' connector gave no native handle", cls->name));
            if (rc >= 0) {
                *hid = request.hid;
                rc = 0;
            }
        }
    }
    h5x_unlock();
    return rc;
}
