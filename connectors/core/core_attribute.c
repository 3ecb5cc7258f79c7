/*
 * core_attribute.c — attributes: small named values on any object.
 *
 * Each object keeps its attributes in a core_map (core_map.c), so lookups
 * hash and both name order and creation order are always available.  An
 * attribute is a copy of its dtype, a shape and a copy of its values —
 * variable-length strings and sequences included, which the attribute
 * then owns (core_values.c).
 *
 * As in HDF5, the attributes of an object created without track_order
 * are listed in name order only (core_map.c keeps the insertion order
 * anyway; it is not reported, so that memory and a saved file agree).
 *
 * attr_create follows h5py's attrs[name] = value: an existing attribute
 * of that name is replaced, and the new one is the newest in creation
 * order, as libhdf5 orders an attribute that was deleted and created
 * again.  attr_write (h5py's attrs.modify on an existing attribute)
 * converts into the stored dtype and keeps the attribute's place.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

static core_attribute *find(core_node *node, const char *name)
{
    return core_map_find(&node->attributes, name, strlen(name));
}

size_t core_attribute_head(void)
{
    size_t align = sizeof(max_align_t);
    return (sizeof(core_attribute) + align - 1) / align * align;
}

static int not_found(const char *name)
{
    return h5x_connector_error(H5X_ERR_NOT_FOUND, "no attribute named '%s'", name);
}

int core_attribute_put(core_node *node, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                       const void *data)
{
    size_t bytes = 0;
    int status = 0;
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        status = h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "attribute shape of rank %d", shape->rank);
    if (status == 0)
        status = core_byte_count(shape, h5x_dtype_size(dtype), &bytes);
    if (status < 0)
        return status;
    /* one block: the attribute, then its values (most are a few bytes) */
    size_t head = core_attribute_head();
    if (bytes > SIZE_MAX - head)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "attribute '%s' is too large", name);
    /* most attributes are one small value: a pool record, not a malloc */
    core_store *pool = bytes <= CORE_POOLED_ATTRIBUTE_BYTES ? node->store : NULL;
    core_attribute *attribute = pool ? core_pool_alloc(&pool->attribute_pool) : malloc(head + bytes);
    if (attribute == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory storing attribute '%s'", name);
    attribute->pooled_in = pool;
    attribute->committed_type = 0;
    attribute->data = bytes > 0 ? (char *)attribute + head : NULL;
    attribute->shape = *shape;
    if ((attribute->dtype = core_dtype_stored(dtype)) == NULL) {
        core_attribute_free(attribute);
        return H5X_ERR_NO_MEMORY;
    }
    uint64_t n = h5x_shape_size(shape);
    /* values that own memory are converted even between equal types: the
     * conversion copies what they point to, so the attribute owns its
     * copy.  Their bytes start zeroed, so that freeing the attribute after
     * a failed conversion releases only what was converted. */
    int owns_memory = h5x_dtype_has_variable(dtype) || h5x_dtype_has_text(dtype);
    if (bytes > 0 && (data == NULL || owns_memory))
        memset(attribute->data, 0, bytes);
    if (data != NULL)
        status = core_values_check_references(dtype, data, n);
    if (status == 0 && bytes > 0 && data != NULL) {
        if (owns_memory)
            status = h5x_dtype_convert(dtype, data, attribute->dtype, attribute->data, n);
        else
            memcpy(attribute->data, data, bytes);
    }
    if (status < 0) {
        core_attribute_free(attribute);
        return status;
    }
    void *replaced = NULL;
    status = core_map_put(&node->attributes, name, strlen(name), attribute, &replaced);
    if (status < 0) {
        core_attribute_free(attribute);
        return status;
    }
    core_attribute_free(replaced);
    core_store_touch(node->store);
    return 0;
}

int core_attr_create(void *object, const char *name, const h5x_attr_args *args)
{
    core_handle *handle = object;
    int status = core_require_writable(handle->file, "create an attribute");
    if (status < 0)
        return status;
    if (name == NULL || name[0] == '\0' || args == NULL || args->dtype == NULL)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "an attribute needs a name and a dtype");
    status = core_attribute_put(handle->node, name, args->dtype, &args->shape, args->data);
    if (status == 0)
        find(handle->node, name)->committed_type = core_committed_type_of(handle->file, args->dtype);
    return status;
}

int core_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data)
{
    core_handle *handle = object;
    int status = core_require_writable(handle->file, "write an attribute");
    if (status < 0)
        return status;
    core_attribute *attribute = find(handle->node, name);
    if (attribute == NULL)
        return not_found(name);
    uint64_t n = h5x_shape_size(&attribute->shape);
    /* check first, so that a refused conversion leaves the value alone */
    status = h5x_dtype_convert(mem_dtype, NULL, attribute->dtype, NULL, 0);
    if (status == 0)
        status = core_values_check_references(mem_dtype, data, n);
    if (status == 0)
        status = core_values_overwrite(attribute->dtype, attribute->data, mem_dtype, data, n);
    if (status == 0)
        core_store_touch(handle->node->store);
    return status;
}

int core_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer)
{
    core_attribute *attribute = find(((core_handle *)object)->node, name);
    if (attribute == NULL)
        return not_found(name);
    uint64_t n = h5x_shape_size(&attribute->shape);
    return n > 0 ? h5x_dtype_convert(attribute->dtype, attribute->data, mem_dtype, buffer, n) : 0;
}

int core_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    core_attribute *attribute = find(((core_handle *)object)->node, name);
    if (attribute == NULL)
        return 0;
    if (shape != NULL)
        *shape = attribute->shape;
    if (dtype != NULL)
        *dtype = h5x_dtype_retain(attribute->dtype);
    return 1;
}

int core_attr_delete(void *object, const char *name)
{
    core_handle *handle = object;
    int status = core_require_writable(handle->file, "delete an attribute");
    if (status < 0)
        return status;
    core_attribute *attribute = core_map_remove(&handle->node->attributes, name, strlen(name));
    if (attribute == NULL)
        return not_found(name);
    core_attribute_free(attribute);
    core_store_touch(handle->node->store);
    return 0;
}

typedef struct name_visit {
    h5x_connector_name_cb cb;
    void *core_data;
} name_visit;

static int visit_name(const char *name, void *value, void *user_data)
{
    (void)value;
    const name_visit *visit = user_data;
    return visit->cb(name, visit->core_data);
}

int core_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    core_node *node = ((core_handle *)object)->node;
    if (order == H5X_ORDER_CREATION && !node->track_order)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "creation order is not tracked for this object's "
                                                             "attributes (create it with track_order)");
    name_visit visit = {cb, core_data};
    return core_map_iterate(&node->attributes, order, visit_name, &visit);
}
