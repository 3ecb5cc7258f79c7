/*
 * dirstore_attribute.c — attributes: one small file each.
 *
 * The attributes of an object are the files of its DIRSTORE_ATTRS
 * directory, made when the first one is set.  Each file is a header
 * (dtype and shape, see dirstore_header.c) followed by the elements, so
 * an attribute is always written and read whole, as HDF5 does.  Setting an
 * attribute that exists replaces it (h5py's attrs[name] = value): the new
 * file is renamed over the old one.  attr_write, which the core uses for
 * h5py's attrs.modify, keeps the stored dtype and shape and converts the
 * new values into them.
 *
 * Attributes are metadata and are read whole, so their size is limited by
 * the option max_attribute_size (64 KiB by default, HDF5's limit for
 * attributes kept in an object's header).
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ".attrs/<encoded name>", relative to the object's directory. */
static int attribute_path(const char *name, char out[DIRSTORE_NAME_MAX + sizeof DIRSTORE_ATTRS])
{
    char encoded[DIRSTORE_NAME_MAX];
    int rc = dirstore_encode_name(name, strlen(name), encoded);
    if (rc == 0)
        snprintf(out, DIRSTORE_NAME_MAX + sizeof DIRSTORE_ATTRS, "%s/%s", DIRSTORE_ATTRS, encoded);
    return rc;
}

/* The header of an attribute: 1 when it exists, 0 when not. */
static int load_attribute(dirstore_object *object, const char *name, dirstore_header *header, void **data)
{
    char path[DIRSTORE_NAME_MAX + sizeof DIRSTORE_ATTRS];
    int rc = attribute_path(name, path);
    if (rc == 0 && faccessat(object->fd, path, F_OK, 0) != 0)
        return errno == ENOENT ? 0 : dirstore_os_error(errno, "cannot read attribute", name);
    if (rc == 0)
        rc = dirstore_header_load(object->fd, path, header, data);
    return rc < 0 ? rc : 1;
}

static int save_attribute(dirstore_object *object, const char *name, const dirstore_header *header,
                          const void *data)
{
    uint64_t size = h5x_shape_size(&header->shape) * h5x_dtype_size(header->dtype);
    if (size > object->file->max_attribute_size)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "attribute '%s' has %llu bytes, more than max_attribute_size (%llu)", name,
                                   (unsigned long long)size, (unsigned long long)object->file->max_attribute_size);
    char path[DIRSTORE_NAME_MAX + sizeof DIRSTORE_ATTRS];
    int rc = attribute_path(name, path);
    if (rc == 0 && mkdirat(object->fd, DIRSTORE_ATTRS, 0777) != 0 && errno != EEXIST)
        rc = dirstore_os_error(errno, "cannot create", DIRSTORE_ATTRS);
    if (rc == 0)
        rc = dirstore_header_save(object->fd, path, header, 0, data, (size_t)size, object->file->sync);
    return rc;
}

int dirstore_attr_create(void *object, const char *name, const h5x_attr_args *args)
{
    int rc = dirstore_check_storable(args->dtype);
    if (rc < 0)
        return rc;
    dirstore_header header = {.dtype = (h5x_dtype *)args->dtype, .shape = args->shape}; /* only read */
    return save_attribute(object, name, &header, args->data);
}

int dirstore_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data)
{
    dirstore_header header;
    void *stored;
    int rc = load_attribute(object, name, &header, &stored);
    if (rc == 0)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "no attribute named '%s'", name);
    if (rc < 0)
        return rc;
    /* converted onto the stored values: compound members data lacks keep theirs */
    rc = h5x_dtype_convert(mem_dtype, data, header.dtype, stored, h5x_shape_size(&header.shape));
    if (rc == 0)
        rc = save_attribute(object, name, &header, stored);
    free(stored);
    dirstore_header_clear(&header);
    return rc;
}

int dirstore_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer)
{
    dirstore_header header;
    void *data;
    int rc = load_attribute(object, name, &header, &data);
    if (rc == 0)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "no attribute named '%s'", name);
    if (rc < 0)
        return rc;
    rc = h5x_dtype_convert(header.dtype, data, mem_dtype, buffer, h5x_shape_size(&header.shape));
    free(data);
    dirstore_header_clear(&header);
    return rc;
}

int dirstore_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    dirstore_header header;
    int rc = load_attribute(object, name, &header, NULL);
    if (rc <= 0)
        return rc;
    if (shape)
        *shape = header.shape;
    if (dtype) {
        *dtype = header.dtype; /* handed over: the caller closes it */
        header.dtype = NULL;
    }
    dirstore_header_clear(&header);
    return 1;
}

int dirstore_attr_delete(void *object_ptr, const char *name)
{
    dirstore_object *object = object_ptr;
    char path[DIRSTORE_NAME_MAX + sizeof DIRSTORE_ATTRS];
    int rc = attribute_path(name, path);
    if (rc == 0 && unlinkat(object->fd, path, 0) != 0)
        rc = errno == ENOENT ? h5x_connector_error(H5X_ERR_NOT_FOUND, "no attribute named '%s'", name)
                             : dirstore_os_error(errno, "cannot delete attribute", name);
    return rc;
}

int dirstore_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    int rc = dirstore_check_order(order);
    char **names = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = dirstore_list_names(((dirstore_object *)object)->fd, DIRSTORE_ATTRS, &names, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = cb(names[i], core_data);
    dirstore_free_names(names, n);
    return rc;
}
