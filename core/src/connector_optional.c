/*
 * Reaching a connector's optional operations from above the core.
 *
 * The connector table has one slot, `optional`, for what does not deserve
 * a slot of its own: an op code and an argument struct, both declared in
 * h5x_connector.h.  The core uses some of them itself (native handles,
 * dimension scales); others exist for the layer that turns h5x back into
 * libhdf5's VOL interface, which must answer questions h5py's model has
 * no word for (libhdf5's creation order values, H5Oincr_refcount).  This
 * is the one door for those: it checks the handle, takes the lock, and
 * passes the connector's own object, so that the layer above never sees
 * inside a handle.  A connector that does not know an op says so, and
 * the caller falls back to what the h5x model can tell.
 */
#include "object.h"

#include "error.h"
#include "lock.h"

int h5x_connector_optional(h5x_object *object, int op, void *args)
{
    if (args == NULL)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_connector_optional: args is NULL");
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0) {
        const h5x_connector_class *cls = H5X_CLASS(object);
        int (*optional)(void *, void *, int, void *) = H5X_SLOT(cls, optional);
        if (optional == NULL) {
            rc = h5x_not_supported(object->file, "optional operations");
        } else {
            void *target = object->kind == H5X_KIND_FILE ? NULL : object->connector_object;
            rc = h5x_error_at(object, NULL, optional(object->file->connector_file, target, op, args));
            if (rc > 0)
                rc = 0;
        }
    }
    h5x_unlock();
    return rc;
}
