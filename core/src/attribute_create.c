/*
 * attrs.create and attrs.get: the two AttributeManager calls that take
 * more than a name and a value.
 *
 * h5py's create(name, data, shape, dtype) separates what the caller has in
 * memory (data, with its own dtype and shape) from what is stored (shape
 * and dtype, each defaulting to the data's).  The stored shape may differ
 * from the data's as long as the element counts agree: six values can be
 * stored as (2, 3).  When the stored dtype is a fixed-size array (NumPy's
 * subarray dtype, "(2,)i4"), h5py folds the trailing axes of the shape
 * into the array type: data of shape (3, 2) becomes three elements of
 * (2,)i4.  h5x does the same, so that the two libraries store the same
 * attribute for the same call.
 *
 * Values are converted to the stored dtype before anything is written when
 * the core knows the conversion (numbers, fixed strings): the attribute is
 * then created in one connector call, and a value that cannot be stored
 * leaves an existing attribute alone.  Other conversions (variable-length
 * data, references) belong to the connector: the attribute is created
 * without a value and written through the connector's conversion, and
 * removed again when that write fails, as h5py does.
 *
 * get(name, default) is a read that treats a missing attribute as an
 * answer rather than an error.
 */
#include "dtype.h"
#include "object.h"

#include "error.h"
#include "lock.h"

#include <stdlib.h>
#include <string.h>

static int check_shape(const h5x_shape *shape, const char *what)
{
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s has rank %d", what, shape->rank);
    return 0;
}

/* h5py's subarray rule: a stored array dtype takes the trailing axes of the
 * requested shape, which must equal the array's dims; *stored keeps the
 * leading axes. */
static int fold_array_axes(const h5x_dtype *array, const h5x_shape *requested, h5x_shape *stored)
{
    int inner = array->u.array.rank;
    int same = requested->rank >= inner;
    for (int i = 0; same && i < inner; i++)
        same = requested->dims[requested->rank - inner + i] == array->u.array.dims[i];
    if (!same)
        return h5x_error(H5X_ERR_SHAPE,
                         "the array dtype's shape (rank %d) is not the trailing part of the attribute's shape "
                         "(rank %d)",
                         inner, requested->rank);
    *stored = h5x_shape_of(requested->rank - inner, requested->dims);
    return 0;
}

static int call_create(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                       const void *data)
{
    int (*create)(void *, const char *, const h5x_attr_args *) = H5X_SLOT(H5X_CLASS(object), attr_create);
    if (!create)
        return h5x_not_supported(object->file, "creating attributes");
    h5x_attr_args args = {dtype, *shape, data};
    return create(object->connector_object, name, &args);
}

/* Creates the attribute empty, then lets the connector convert the value
 * in; a failed write takes the new attribute away again. */
static int create_then_write(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                             const h5x_dtype *mem_dtype, const void *data)
{
    const h5x_connector_class *cls = H5X_CLASS(object);
    int (*write)(void *, const char *, const h5x_dtype *, const void *) = H5X_SLOT(cls, attr_write);
    if (!write)
        return h5x_not_supported(object->file, "writing attributes");
    int rc = call_create(object, name, dtype, shape, NULL);
    if (rc < 0 || h5x_shape_size(shape) == 0)
        return rc;
    rc = write(object->connector_object, name, mem_dtype, data);
    if (rc < 0) {
        int (*del)(void *, const char *) = H5X_SLOT(cls, attr_delete);
        if (del) {
            /* keep the write's error, not the clean-up's */
            char *saved = strdup(h5x_last_error()->message);
            del(object->connector_object, name);
            h5x_error(rc, "%s", saved ? saved : "unable to write the attribute's value");
            free(saved);
        }
    }
    return rc;
}

/* Stores count elements of data (mem_dtype) as an attribute of dtype and
 * shape; for an array dtype, data holds the arrays' base elements. */
static int store(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                 const h5x_dtype *mem_dtype, const void *data, uint64_t count)
{
    const h5x_dtype *target = dtype;
    if (dtype->type_class == H5X_CLASS_ARRAY && mem_dtype->type_class != H5X_CLASS_ARRAY)
        target = dtype->u.array.base;
    if (count == 0 || h5x_dtype_equal(mem_dtype, target) == 1)
        return call_create(object, name, dtype, shape, data);
    if (!h5x_dtype_convertible(mem_dtype, target)) {
        if (target != dtype)
            return h5x_error(H5X_ERR_TYPE, "no conversion from the data's dtype to the array dtype's base");
        return create_then_write(object, name, dtype, shape, mem_dtype, data);
    }
    size_t element = h5x_dtype_size(target);
    if (element == 0 || count > SIZE_MAX / element)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute '%s' is too large", name);
    void *converted = malloc((size_t)count * element);
    if (!converted)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory converting attribute '%s'", name);
    int rc = h5x_dtype_convert(mem_dtype, data, target, converted, count);
    if (rc >= 0) {
        rc = call_create(object, name, dtype, shape, converted);
        h5x_reclaim(target, converted, count); /* strings and sequences the conversion allocated */
    }
    free(converted);
    return rc;
}

static int create_attribute(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                            const h5x_dtype *mem_dtype, const void *data, const h5x_shape *data_shape)
{
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc != 0)
        return rc;
    if (!name || !*name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute name is %s", name ? "empty" : "NULL");
    if (!dtype && !mem_dtype)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_attr_create: neither a dtype nor a memory dtype is given");
    if (dtype && (rc = h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "attribute dtype")) != 0)
        return rc;
    if (mem_dtype && (rc = h5x_handle_check(mem_dtype, H5X_HANDLE_DTYPE, "memory dtype")) != 0)
        return rc;
    if (!dtype)
        dtype = mem_dtype;
    if (!mem_dtype)
        mem_dtype = dtype;

    h5x_shape scalar = h5x_shape_scalar();
    h5x_shape given = data_shape ? *data_shape : shape ? *shape : scalar;
    h5x_shape stored = shape ? *shape : given;
    if ((rc = check_shape(&given, "the data's shape")) != 0 || (rc = check_shape(&stored, "the attribute shape")) != 0)
        return rc;
    if ((given.rank < 0) != (stored.rank < 0))
        return h5x_error(H5X_ERR_SHAPE, "an empty (null) shape cannot hold data of another shape, nor the reverse");
    uint64_t count = h5x_shape_size(&given);
    if (h5x_shape_size(&stored) != count)
        return h5x_error(H5X_ERR_SHAPE, "the attribute's shape holds %llu elements, the data %llu",
                         (unsigned long long)h5x_shape_size(&stored), (unsigned long long)count);
    if (count > 0 && !data)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "attribute data is NULL");
    if (dtype->type_class == H5X_CLASS_ARRAY && mem_dtype->type_class != H5X_CLASS_ARRAY && stored.rank >= 0) {
        h5x_shape folded;
        if ((rc = fold_array_axes(dtype, &stored, &folded)) != 0)
            return rc;
        stored = folded;
    }
    if ((rc = h5x_require_writable(object, "create an attribute")) != 0)
        return rc;
    return store(object, name, dtype, &stored, mem_dtype, data, count);
}

int h5x_attr_create(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                    const h5x_dtype *mem_dtype, const void *data, const h5x_shape *data_shape)
{
    h5x_lock();
    int rc = create_attribute(object, name, dtype, shape, mem_dtype, data, data_shape);
    if (rc < 0 && h5x_handle_check(object, H5X_HANDLE_OBJECT, "object") == 0) {
        h5x_error_at(object, NULL, rc);
        if (name && !strstr(h5x_last_error()->message, name))
            h5x_error_prefix("attribute '%s'", name);
    }
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

int h5x_attr_get_or(h5x_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer,
                    size_t buffer_size, const void *default_value)
{
    h5x_lock();
    int rc = h5x_attr_contains(object, name);
    if (rc > 0) {
        rc = h5x_attr_get(object, name, mem_dtype, buffer, buffer_size);
        if (rc >= 0)
            rc = 1;
    } else if (rc == 0 && buffer_size > 0) {
        if (!buffer)
            rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_attr_get_or: buffer is NULL");
        else if (default_value)
            memmove(buffer, default_value, buffer_size);
        else
            memset(buffer, 0, buffer_size);
    }
    h5x_unlock();
    return rc;
}
