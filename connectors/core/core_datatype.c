/*
 * core_datatype.c — committed datatypes: a dtype given a name in the
 * tree (h5py's group[name] = numpy.dtype(...)).
 *
 * A committed datatype is an object like a group or a dataset — it has
 * links, attributes and a token — whose content is one dtype.
 */
#include "core.h"

int core_datatype_commit(void *file_in, void *loc, const char *path, const h5x_dtype *dtype, void **datatype)
{
    core_file *file = file_in;
    *datatype = NULL;
    int status = core_require_writable(file, "commit a datatype");
    if (status < 0)
        return status;
    if (dtype == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "no dtype to commit");
    core_place place;
    status = core_tree_prepare(file, core_location(loc), path, NULL, &place);
    if (status < 0)
        return status;
    h5x_dtype *copy = core_dtype_stored(dtype);
    core_node *node = copy != NULL ? core_node_new(file->store, H5X_KIND_DATATYPE) : NULL;
    if (node == NULL) {
        h5x_dtype_release(copy);
        return H5X_ERR_NO_MEMORY;
    }
    node->u.datatype = copy;
    node->handles++; /* held while it is linked in */
    core_link *link = core_link_hard(node);
    status = link != NULL ? core_tree_add_link(&place, link) : H5X_ERR_NO_MEMORY;
    core_handle *handle = status == 0 ? core_handle_new(file, node) : NULL;
    core_node_release_handle(node);
    if (handle == NULL)
        return status < 0 ? status : H5X_ERR_NO_MEMORY;
    *datatype = handle;
    return 0;
}

int core_datatype_get(void *datatype, h5x_dtype **dtype)
{
    core_node *node = ((core_handle *)datatype)->node;
    if (node->kind != H5X_KIND_DATATYPE)
        return h5x_connector_error(H5X_ERR_BAD_HANDLE, "the object is not a committed datatype");
    *dtype = h5x_dtype_retain(node->u.datatype);
    return 0;
}
