/*
 * dtype_committed.c — committed (named) datatypes: f["name"] = np.dtype(...)
 * and datasets created with them.
 *
 * Committing stores a dtype in the file as an object of its own, which
 * h5x_open then opens as an H5X_KIND_DATATYPE object.  The dtype such an
 * object gives (h5x_datatype_dtype) remembers where it came from: it holds
 * a reference on the datatype object, so that a dataset or attribute
 * created with it can refer to the committed type instead of storing a
 * copy, as h5py does when it is handed a Datatype object.  A connector
 * finds the committed object through h5x_dtype_committed_object, which
 * answers only for the connector file the object lives in; elsewhere the
 * dtype is an ordinary type.
 *
 * The link is not part of the dtype's value (h5x_dtype_equal ignores it)
 * and h5x_dtype_copy drops it: a connector that keeps a copy of a dtype
 * inside a file must not keep that file open through it.
 */
#include <stdlib.h>

#include "dtype.h"
#include "error.h"
#include "lock.h"
#include "object.h"
#include "vds.h"

h5x_object *h5x_datatype_commit(h5x_object *loc, const char *path, const h5x_dtype *dtype)
{
    return h5x_datatype_commit_with(loc, path, dtype, NULL);
}

h5x_object *h5x_datatype_commit_with(h5x_object *loc, const char *path, const h5x_dtype *dtype,
                                     const h5x_datatype_options *options)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(loc, H5X_KINDS_LOCATION, "group") != 0 || h5x_dtype_check(dtype) != 0)
        goto done;
    if (!path || !*path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_datatype_commit: path is NULL or empty");
        goto done;
    }
    if (options && options->struct_size < sizeof(h5x_datatype_options)) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT,
                  "h5x_datatype_options.struct_size: start from H5X_DATATYPE_OPTIONS_INIT");
        goto done;
    }
    int track_times = options ? options->track_times : -1;
    if (h5x_require_writable(loc, "commit a datatype") != 0)
        goto done;
    const h5x_connector_class *cls = H5X_CLASS(loc);
    int (*commit)(void *, void *, const char *, const h5x_dtype *, void **) = H5X_SLOT(cls, datatype_commit);
    int (*commit_with)(void *, void *, const char *, const h5x_dtype *, const h5x_datatype_commit_args *,
                       void **) = H5X_SLOT(cls, datatype_commit_with);
    if (!(cls->capabilities & H5X_CAP_COMMITTED_TYPES) || (!commit && !commit_with)) {
        h5x_not_supported(loc->file, "committed datatypes");
        goto done;
    }
    if (h5x_check_track_times(loc, track_times, "h5x_datatype_options.track_times", commit_with != NULL,
                              "datatype_commit_with") != 0)
        goto done;
    if (h5x_dtype_has_variable(dtype) && !(cls->capabilities & H5X_CAP_VLEN)) {
        h5x_not_supported(loc->file, "variable-length data");
        goto done;
    }
    void *datatype = NULL;
    int rc;
    if (commit_with) {
        h5x_datatype_commit_args args = {sizeof args, track_times};
        rc = commit_with(loc->file->connector_file, loc->connector_object, path, dtype, &args, &datatype);
    } else {
        rc = commit(loc->file->connector_file, loc->connector_object, path, dtype, &datatype);
    }
    if (rc < 0) {
        h5x_error_at(loc, path, rc);
        goto done;
    }
    result = h5x_object_wrap_at(loc->file, H5X_KIND_DATATYPE, datatype, loc->path, path);
done:
    h5x_unlock();
    return result;
}

h5x_dtype *h5x_datatype_dtype(h5x_object *datatype)
{
    h5x_lock();
    h5x_dtype *result = NULL;
    if (h5x_object_check(datatype, 1u << H5X_KIND_DATATYPE, "committed datatype") != 0)
        goto done;
    int (*get)(void *, h5x_dtype **) = H5X_SLOT(H5X_CLASS(datatype), datatype_get);
    if (!get) {
        h5x_not_supported(datatype->file, "committed datatypes");
        goto done;
    }
    h5x_dtype *stored = NULL;
    int rc = get(datatype->connector_object, &stored);
    if (rc < 0 || !stored) {
        h5x_error_at(datatype, NULL, rc < 0 ? rc : h5x_error(H5X_ERR_TYPE, "the connector gave no dtype"));
        goto done;
    }
    /* a copy of our own, since the connector's dtype may be shared */
    result = h5x_dtype_copy(stored);
    h5x_dtype_release(stored);
    if (result) {
        h5x_handle_retain(&datatype->header);
        result->committed = datatype;
    }
done:
    h5x_unlock();
    return result;
}

void *h5x_dtype_committed_object(const h5x_dtype *dtype, const void *connector_file)
{
    if (!dtype || !dtype->committed || !connector_file)
        return NULL;
    const h5x_object *object = dtype->committed;
    if (object->file->connector_file != connector_file) /* or the connector below a stack (vds_stack.c) */
        return h5x_stack_unwrap(object->file->connector, object->file->connector_file, object->connector_object,
                                connector_file);
    return object->connector_object;
}
