/*
 * Attributes, h5py's AttributeManager: set (replace), modify (keep type and
 * shape), get, info, contains, delete, and listing in name or creation
 * order.  Attributes are small and read whole, so they are addressed by
 * name on their object; there is no attribute handle.
 */
#include "object.h"

#include "error.h"
#include "lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_name(const char *name)
{
    if (!name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute name is NULL");
    if (!*name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute name is empty");
    return 0;
}

/* Common prologue: a live object of any kind and a valid name. */
static int attr_prologue(h5x_object *object, const char *name)
{
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0)
        rc = check_name(name);
    return rc;
}

static int attr_epilogue(h5x_object *object, const char *name, int rc)
{
    if (rc < 0 && h5x_handle_check(object, H5X_HANDLE_OBJECT, "object") == 0) {
        h5x_error_at(object, NULL, rc);
        if (name && !strstr(h5x_last_error()->message, name))
            h5x_error_prefix("attribute '%s'", name);
    }
    h5x_unlock();
    return rc;
}

static int check_data_shape(const h5x_shape *shape, const void *data)
{
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute shape has rank %d", shape->rank);
    if (!data && h5x_shape_size(shape) > 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute data is NULL");
    return 0;
}

static int create_attribute(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                            const void *data)
{
    int (*create)(void *, const char *, const h5x_attr_args *) = H5X_SLOT(H5X_CLASS(object), attr_create);
    if (!create)
        return h5x_not_supported(object->file, "creating attributes");
    if (h5x_dtype_has_variable(dtype) && !(H5X_CLASS(object)->capabilities & H5X_CAP_VLEN))
        return h5x_not_supported(object->file, "variable-length data");
    h5x_attr_args args = {dtype, *shape, data};
    return create(object->connector_object, name, &args);
}

int h5x_attr_set(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                 const void *data)
{
    /* rank 0 and no dimensions: what h5x_shape_scalar makes, without
     * making it on every call */
    static const h5x_shape scalar;
    h5x_lock();
    if (!shape)
        shape = &scalar;
    int rc = attr_prologue(object, name);
    if (rc == 0)
        rc = h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "attribute dtype");
    if (rc == 0)
        rc = check_data_shape(shape, data);
    if (rc == 0)
        rc = h5x_require_writable(object, "set an attribute");
    if (rc == 0)
        rc = create_attribute(object, name, dtype, shape, data);
    return attr_epilogue(object, name, rc);
}

/* 1 and the stored shape/dtype if the attribute exists, 0 if not. */
static int stored_info(h5x_object *object, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    int (*info)(void *, const char *, h5x_shape *, h5x_dtype **) = H5X_SLOT(H5X_CLASS(object), attr_info);
    if (!info)
        return h5x_not_supported(object->file, "attribute information");
    return info(object->connector_object, name, shape, dtype);
}

/* h5py's rule for modify: the value has the stored shape exactly, except
 * that one element fits one element whatever the shapes (() and (1,)). */
static int same_shape_for_modify(const h5x_shape *stored, const h5x_shape *given)
{
    if (h5x_shape_size(stored) == 1 && h5x_shape_size(given) == 1 && given->rank >= 0)
        return 1;
    if (stored->rank != given->rank)
        return 0;
    for (int i = 0; i < stored->rank; i++)
        if (stored->dims[i] != given->dims[i])
            return 0;
    return 1;
}

int h5x_attr_modify(h5x_object *object, const char *name, const h5x_dtype *mem_dtype, const h5x_shape *shape,
                    const void *data)
{
    /* rank 0 and no dimensions: what h5x_shape_scalar makes, without
     * making it on every call */
    static const h5x_shape scalar;
    h5x_lock();
    if (!shape)
        shape = &scalar;
    int rc = attr_prologue(object, name);
    if (rc == 0)
        rc = h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "attribute dtype");
    if (rc == 0)
        rc = check_data_shape(shape, data);
    if (rc == 0)
        rc = h5x_require_writable(object, "modify an attribute");
    h5x_shape stored;
    h5x_dtype *stored_dtype = NULL;
    if (rc == 0)
        rc = stored_info(object, name, &stored, &stored_dtype);
    if (rc == 0) {
        rc = create_attribute(object, name, mem_dtype, shape, data);
    } else if (rc > 0) {
        if (stored.rank < 0) {
            rc = h5x_error(H5X_ERR_SHAPE, "cannot modify attribute '%s': an empty (null) attribute holds no value",
                           name);
        } else if (!same_shape_for_modify(&stored, shape)) {
            rc = h5x_error(H5X_ERR_SHAPE,
                           "cannot modify attribute '%s': the new value's shape differs from the stored shape "
                           "(rank %d, %llu elements, against rank %d, %llu elements)",
                           name, shape->rank, (unsigned long long)h5x_shape_size(shape), stored.rank,
                           (unsigned long long)h5x_shape_size(&stored));
        } else {
            /* the connector converts, or refuses the conversion before writing */
            int (*write)(void *, const char *, const h5x_dtype *, const void *) =
                H5X_SLOT(H5X_CLASS(object), attr_write);
            rc = write ? write(object->connector_object, name, mem_dtype, data)
                       : h5x_not_supported(object->file, "writing attributes");
        }
    }
    if (stored_dtype)
        h5x_close(stored_dtype);
    return attr_epilogue(object, name, rc < 0 ? rc : 0);
}

int h5x_attr_info(h5x_object *object, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    h5x_lock();
    int rc = attr_prologue(object, name);
    h5x_shape ignored_shape;
    if (rc == 0)
        rc = stored_info(object, name, shape ? shape : &ignored_shape, dtype);
    if (rc == 0)
        rc = h5x_error(H5X_ERR_NOT_FOUND, "no attribute named '%s' on %s", name, object->path);
    return attr_epilogue(object, name, rc < 0 ? rc : 0);
}

int h5x_attr_get(h5x_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer,
                 size_t buffer_size)
{
    h5x_lock();
    h5x_shape shape;
    h5x_dtype *stored_dtype = NULL;
    int rc = attr_prologue(object, name);
    if (rc == 0 && mem_dtype)
        rc = h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "memory dtype");
    if (rc == 0)
        rc = stored_info(object, name, &shape, &stored_dtype);
    if (rc == 0)
        rc = h5x_error(H5X_ERR_NOT_FOUND, "no attribute named '%s' on %s", name, object->path);
    if (rc > 0) {
        const h5x_dtype *mem = mem_dtype ? mem_dtype : stored_dtype;
        uint64_t n = h5x_shape_size(&shape);
        size_t element = h5x_dtype_size(mem);
        rc = 0;
        if (shape.rank < 0) {
            rc = 0; /* an empty attribute has no data to read */
        } else if (!buffer) {
            rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_attr_get: buffer is NULL");
        } else if (n > SIZE_MAX / element || buffer_size < n * element) {
            rc = h5x_error(H5X_ERR_SHAPE, "buffer of %zu bytes is too small for attribute '%s' (%llu bytes)",
                           buffer_size, name, (unsigned long long)n * element);
        } else {
            int (*read)(void *, const char *, const h5x_dtype *, void *) = H5X_SLOT(H5X_CLASS(object), attr_read);
            rc = read ? read(object->connector_object, name, mem, buffer)
                      : h5x_not_supported(object->file, "reading attributes");
        }
    }
    if (stored_dtype)
        h5x_close(stored_dtype);
    return attr_epilogue(object, name, rc < 0 ? rc : 0);
}

int h5x_attr_contains(h5x_object *object, const char *name)
{
    h5x_lock();
    int rc = attr_prologue(object, name);
    if (rc == 0)
        rc = stored_info(object, name, NULL, NULL);
    return attr_epilogue(object, name, rc);
}

int h5x_attr_delete(h5x_object *object, const char *name)
{
    h5x_lock();
    int rc = attr_prologue(object, name);
    if (rc == 0)
        rc = h5x_require_writable(object, "delete an attribute");
    if (rc == 0) {
        int (*del)(void *, const char *) = H5X_SLOT(H5X_CLASS(object), attr_delete);
        rc = del ? del(object->connector_object, name) : h5x_not_supported(object->file, "deleting attributes");
    }
    return attr_epilogue(object, name, rc);
}

typedef struct attr_visit {
    h5x_name_visitor visit;
    void *user_data;
    int stopped_with;
} attr_visit;

static int forward_attr_name(const char *name, void *core_data)
{
    attr_visit *v = core_data;
    int rc = v->visit(name, v->user_data);
    if (rc != 0)
        v->stopped_with = rc;
    return rc;
}

int h5x_attr_iterate(h5x_object *object, h5x_order order, h5x_name_visitor visit, void *user_data)
{
    if (!visit)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_attr_iterate: visitor is NULL");
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0 && order != H5X_ORDER_NAME && order != H5X_ORDER_CREATION)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "invalid iteration order %d", (int)order);
    if (rc == 0) {
        int (*iterate)(void *, h5x_order, h5x_connector_name_cb, void *) = H5X_SLOT(H5X_CLASS(object), attr_iterate);
        attr_visit v = {visit, user_data, 0};
        rc = iterate ? iterate(object->connector_object, order, forward_attr_name, &v)
                     : h5x_not_supported(object->file, "iterating attributes");
        if (v.stopped_with) {
            h5x_unlock();
            return v.stopped_with;
        }
    }
    return attr_epilogue(object, NULL, rc);
}

int h5x_attr_names(h5x_object *object, h5x_order order, char ***names, size_t *count)
{
    return h5x_names_from(h5x_attr_iterate, object, order, names, count);
}

static int count_one(const char *name, void *user_data)
{
    (void)name;
    (*(int64_t *)user_data)++;
    return 0;
}

int64_t h5x_attr_count(h5x_object *object)
{
    int64_t count = 0;
    int rc = h5x_attr_iterate(object, H5X_ORDER_NAME, count_one, &count);
    return rc < 0 ? rc : count;
}
