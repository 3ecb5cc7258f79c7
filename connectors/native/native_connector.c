/*
 * native_connector.c — the "native" connector: h5x on libhdf5, writing the
 * files h5py writes.
 *
 * This is h5x's default storage.  Each slot of the h5x connector table is
 * one or a few libhdf5 calls, made with exactly the property lists h5py
 * uses, so that a file made through h5x and the same file made through
 * h5py are indistinguishable to h5dump, h5diff and h5py itself: the same
 * datatypes (h5py's bool enum, its {r, i} complex compound, its float16),
 * the same link and group creation properties (intermediate groups,
 * UTF-8 names, creation order for track_order), the same dataset
 * properties (fill time at allocation for chunked data, no time
 * tracking).  The files of this directory split that work by idea:
 *
 *   native_file.c       modes, file access and creation properties
 *   native_object.c     opening by path or token, existence, committed types
 *   native_group.c      groups and link iteration
 *   native_link.c       hard, soft and external links
 *   native_reference.c  object and region references, as h5py stores them
 *   native_dataset.c    dataset creation, information, I/O, resizing
 *   native_attribute.c  attributes
 *   native_dimscale.c   dimension scales, through libhdf5's H5DS
 *   native_dtype.c      h5x dtypes <-> libhdf5 types
 *   native_selection.c  shapes and resolved selections <-> dataspaces
 *   native_filter.c     filter chains <-> libhdf5 pipelines
 *   native_error.c      libhdf5's error stack folded into h5x errors
 *
 * The core serialises every call with its lock, so nothing here locks.
 * libhdf5 never prints: its automatic error reporting is switched off
 * when the first file is opened, and each failure's stack becomes the
 * text of the h5x error.
 *
 * Dimension scales are handed to libhdf5's H5DS library, as h5py does
 * (native_dimscale.c).  What the connector leaves to the core: virtual
 * datasets come from the vds connector, and string, compound, enum and
 * variable-length types are refused with H5X_ERR_TYPE until
 * native_dtype.c learns them; the capability mask says exactly this.
 * References are h5py's own (native_reference.c).
 */
#include <stddef.h>

#include "native.h"
#include "native_dimscale.h"
#include "native_reference.h"

/* H5X_CONNECTOR_OP_NATIVE_HANDLE: the hid_t behind an object, or the
 * file's when no object is given.  H5X_CONNECTOR_OP_DIMSCALE: dimension
 * scales through libhdf5's H5DS (native_dimscale.c). */
static int native_optional(void *file_in, void *object_in, int op, void *args)
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

static const h5x_connector_class native_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "native",
    .description = "HDF5 files through libhdf5 (sec2 driver), as h5py writes them",
    .version = H5X_VERSION_MAJOR * 10000 + H5X_VERSION_MINOR * 100 + H5X_VERSION_PATCH,
    .capabilities = H5X_CAP_WRITE | H5X_CAP_PERSISTENT | H5X_CAP_CHUNKING | H5X_CAP_FILTERS | H5X_CAP_RESIZE |
                    H5X_CAP_TRACK_ORDER | H5X_CAP_SOFT_LINKS | H5X_CAP_EXTERNAL_LINKS | H5X_CAP_HARD_LINKS |
                    H5X_CAP_SWMR | H5X_CAP_USERBLOCK | H5X_CAP_LIBVER | H5X_CAP_COMMITTED_TYPES |
                    H5X_CAP_NATIVE_HANDLES | H5X_CAP_POINT_SELECTIONS | H5X_CAP_REFERENCES |
                    H5X_CAP_DIMENSION_SCALES | H5X_CAP_VLEN,
    .option_names = NULL,

    .file_open = native_file_open,
    .file_close = native_file_close,
    .file_flush = native_file_flush,
    .file_userblock_size = native_file_userblock_size,
    .file_start_swmr = native_file_start_swmr,

    .object_open = native_object_open,
    .object_close = native_object_close,
    .object_info = native_object_info,
    .object_exists = native_object_exists,
    .object_open_by_token = native_object_open_by_token,

    .group_create = native_group_create,
    .group_length = native_group_length,
    .group_iterate = native_group_iterate,

    .link_delete = native_link_delete,
    .link_info = native_link_info,
    .link_create_hard = native_link_create_hard,
    .link_create_soft = native_link_create_soft,
    .link_create_external = native_link_create_external,
    .link_move = native_link_move,

    .dataset_create = native_dataset_create,
    .dataset_info = native_dataset_info,
    .dataset_read = native_dataset_read,
    .dataset_write = native_dataset_write,
    .dataset_resize = native_dataset_resize,
    .dataset_flush = native_dataset_flush,
    .dataset_refresh = native_dataset_refresh,

    .attr_create = native_attr_create,
    .attr_write = native_attr_write,
    .attr_read = native_attr_read,
    .attr_info = native_attr_info,
    .attr_delete = native_attr_delete,
    .attr_iterate = native_attr_iterate,

    .datatype_commit = native_datatype_commit,
    .datatype_get = native_datatype_get,

    .optional = native_optional,

    .ref_create = native_ref_create,
    .ref_open = native_ref_open,
    .ref_region = native_ref_region,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &native_class;
}
