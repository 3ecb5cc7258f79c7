/*
 * vol_attribute.c — HDF5 attributes as h5x attributes.
 *
 * h5x addresses an attribute by its owner and its name, with no handle of
 * its own, so an attribute object here is the pair.  HDF5 creates an
 * attribute and writes it in two calls; h5x's attributes are set whole,
 * so creation stores zeros of the attribute's type (what libhdf5 gives an
 * attribute never written) and a write then converts the data into the
 * stored type (h5x_attr_modify).  "By index" locations name an attribute
 * by its position among the owner's attributes, sorted as asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

/* The owner an attribute location names and, for a location by index,
 * the attribute's name there (malloc'd; NULL otherwise). */
static h5x_object *attribute_owner(vol_object *obj, const H5VL_loc_params_t *loc_params, char **name_by_index)
{
    *name_by_index = NULL;
    if (loc_params->type != H5VL_OBJECT_BY_IDX)
        return vol_locate(obj, loc_params);
    if (vol_check_plist(loc_params->loc_data.loc_by_idx.lapl_id, H5P_LINK_ACCESS, "link access") < 0)
        return NULL;
    const H5VL_loc_by_idx_t *by_idx = &loc_params->loc_data.loc_by_idx;
    /* "." is the object itself, which h5x opens relative to itself only
     * when it is a group */
    h5x_object *owner =
        strcmp(by_idx->name, ".") == 0 ? vol_reopen(obj->object) : h5x_open(obj->object, by_idx->name);
    if (owner == NULL) {
        vol_fail("cannot open '%s'", by_idx->name);
        return NULL;
    }
    char **names = NULL;
    size_t count = 0;
    if (vol_attr_names(owner, by_idx->idx_type, by_idx->order, &names, &count) < 0)
        vol_fail("cannot list the attributes of '%s'", by_idx->name);
    else if (by_idx->n >= count)
        vol_fail_here("attribute index %llu is beyond the %zu attributes of '%s'", (unsigned long long)by_idx->n,
                      count, by_idx->name);
    else if ((*name_by_index = strdup(names[by_idx->n])) == NULL)
        vol_fail_here("out of memory");
    if (names != NULL)
        h5x_free_names(names, count);
    if (*name_by_index == NULL) {
        h5x_close(owner);
        return NULL;
    }
    return owner;
}

static vol_object *attribute_object(vol_file *file, h5x_object *owner, const char *name)
{
    vol_object *attr = vol_object_new(VOL_ATTRIBUTE, file, owner);
    if (attr == NULL)
        return NULL;
    attr->attr_name = strdup(name);
    if (attr->attr_name == NULL) {
        vol_object_free(attr);
        vol_fail_here("out of memory");
        return NULL;
    }
    return attr;
}

void *vol_attr_create(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t type_id,
                      hid_t space_id, hid_t acpl_id, hid_t aapl_id, hid_t dxpl_id, void **req)
{
    (void)acpl_id, (void)aapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(acpl_id, H5P_ATTRIBUTE_CREATE, "attribute creation") < 0 ||
        vol_check_plist(aapl_id, H5P_ATTRIBUTE_ACCESS, "attribute access") < 0)
        return NULL;
    char *unused = NULL;
    h5x_object *owner = attribute_owner(parent, loc_params, &unused);
    free(unused);
    if (owner == NULL)
        return NULL;
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    void *zeros = NULL;
    int status = h5x_attr_contains(owner, name);
    if (status == 1)
        status = vol_fail_here("attribute '%s' already exists", name);
    else if (status < 0)
        status = vol_fail("cannot look for attribute '%s'", name);
    else if (vol_shape_of(space_id, &shape, NULL) < 0 || (dtype = vol_dtype_for_object(parent->file, type_id)) == NULL)
        status = -1;
    if (status == 0) {
        uint64_t n = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
        zeros = calloc((size_t)n + 1, h5x_dtype_size(dtype));
        if (zeros == NULL)
            status = vol_fail_here("out of memory");
        else if (h5x_attr_set(owner, name, dtype, &shape, zeros) < 0)
            status = vol_fail("cannot create attribute '%s'", name);
    }
    free(zeros);
    h5x_close(dtype);
    if (status < 0) {
        h5x_close(owner);
        return NULL;
    }
    vol_object *attribute = attribute_object(parent->file, owner, name);
    if (acpl_id != H5P_DEFAULT && acpl_id != H5P_ATTRIBUTE_CREATE_DEFAULT)
        vol_keep_plist(attribute, acpl_id);
    return attribute;
}

void *vol_attr_open(void *obj, const H5VL_loc_params_t *loc_params, const char *name, hid_t aapl_id,
                    hid_t dxpl_id, void **req)
{
    (void)aapl_id, (void)dxpl_id, (void)req;
    vol_object *parent = obj;
    if (vol_check_plist(aapl_id, H5P_ATTRIBUTE_ACCESS, "attribute access") < 0)
        return NULL;
    char *by_index = NULL;
    h5x_object *owner = attribute_owner(parent, loc_params, &by_index);
    if (owner == NULL)
        return NULL;
    const char *attr_name = by_index != NULL ? by_index : name;
    int present = h5x_attr_contains(owner, attr_name);
    vol_object *attr = NULL;
    if (present == 1)
        attr = attribute_object(parent->file, owner, attr_name);
    else {
        if (present == 0)
            vol_fail_here("no attribute '%s'", attr_name);
        else
            vol_fail("cannot look for attribute '%s'", attr_name);
        h5x_close(owner);
    }
    free(by_index);
    return attr;
}

static int attribute_points(vol_object *attr, uint64_t *n)
{
    h5x_shape shape;
    if (h5x_attr_info(attr->object, attr->attr_name, &shape, NULL) < 0)
        return vol_fail("cannot read attribute '%s'", attr->attr_name);
    *n = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
    return 0;
}

herr_t vol_attr_read(void *obj, hid_t mem_type_id, void *buf, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *attr = obj;
    uint64_t n = 0;
    if (attribute_points(attr, &n) < 0)
        return -1;
    if (n == 0)
        return 0;
    if (vol_reference_memory_type(mem_type_id))
        return vol_reference_attr_io(attr, mem_type_id, buf, 0);
    h5x_dtype *dtype = vol_dtype_of(mem_type_id);
    if (dtype == NULL)
        return -1;
    herr_t status = 0;
    if (h5x_dtype_size(dtype) != H5Tget_size(mem_type_id))
        status = vol_fail_here("the memory type's size differs from h5x's for it");
    else if (h5x_attr_get(attr->object, attr->attr_name, dtype, buf, (size_t)n * h5x_dtype_size(dtype)) < 0)
        status = vol_fail("cannot read attribute '%s'", attr->attr_name);
    h5x_close(dtype);
    return status;
}

herr_t vol_attr_write(void *obj, hid_t mem_type_id, const void *buf, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *attr = obj;
    if (!(attr->file->intent & H5F_ACC_RDWR))
        return vol_fail_here("'%s' was opened read-only", attr->file->name);
    h5x_shape shape;
    if (h5x_attr_info(attr->object, attr->attr_name, &shape, NULL) < 0)
        return vol_fail("cannot read attribute '%s'", attr->attr_name);
    if (shape.rank < 0)
        return 0; /* an empty attribute holds nothing to write */
    if (vol_reference_memory_type(mem_type_id))
        return vol_reference_attr_io(attr, mem_type_id, (void *)(uintptr_t)buf, 1);
    h5x_dtype *dtype = vol_dtype_of(mem_type_id);
    if (dtype == NULL)
        return -1;
    herr_t status = 0;
    if (h5x_dtype_size(dtype) != H5Tget_size(mem_type_id))
        status = vol_fail_here("the memory type's size differs from h5x's for it");
    else if (h5x_attr_modify(attr->object, attr->attr_name, dtype, &shape, buf) < 0)
        status = vol_fail("cannot write attribute '%s'", attr->attr_name);
    h5x_close(dtype);
    return status;
}

static int is_ascii(const char *name)
{
    for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++)
        if (*c > 0x7f)
            return 0;
    return 1;
}

static herr_t attribute_info(h5x_object *owner, const char *name, H5A_info_t *info)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    if (h5x_attr_info(owner, name, &shape, &dtype) < 0)
        return vol_fail("cannot read attribute '%s'", name);
    memset(info, 0, sizeof *info);
    info->cset = is_ascii(name) ? H5T_CSET_ASCII : H5T_CSET_UTF8;
    char **names = NULL;
    size_t count = 0;
    if (h5x_attr_names(owner, H5X_ORDER_CREATION, &names, &count) >= 0) {
        for (size_t i = 0; i < count; i++)
            if (strcmp(names[i], name) == 0) {
                info->corder_valid = 1;
                info->corder = (H5O_msg_crt_idx_t)i;
            }
        h5x_free_names(names, count);
    } else {
        h5x_clear_error();
    }
    hid_t type = vol_type_of(dtype);
    uint64_t n = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
    info->data_size = type >= 0 ? (hsize_t)n * H5Tget_size(type) : 0;
    if (type >= 0)
        H5Tclose(type);
    h5x_close(dtype);
    return 0;
}

herr_t vol_attr_get(void *obj, H5VL_attr_get_args_t *args, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    switch (args->op_type) {
    case H5VL_ATTR_GET_ACPL:
        args->args.get_acpl.acpl_id =
            object->plist >= 0 ? H5Pcopy(object->plist) : H5Pcreate(H5P_ATTRIBUTE_CREATE);
        return args->args.get_acpl.acpl_id >= 0 ? 0 : vol_fail_here("cannot make an attribute creation list");
    case H5VL_ATTR_GET_SPACE:
    case H5VL_ATTR_GET_TYPE:
    case H5VL_ATTR_GET_STORAGE_SIZE: {
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        if (h5x_attr_info(object->object, object->attr_name, &shape, &dtype) < 0)
            return vol_fail("cannot read attribute '%s'", object->attr_name);
        herr_t status = 0;
        if (args->op_type == H5VL_ATTR_GET_SPACE) {
            args->args.get_space.space_id = vol_space_of(&shape, NULL);
            status = args->args.get_space.space_id >= 0 ? 0 : vol_fail_here("cannot make a dataspace");
        } else {
            hid_t type = vol_type_of(dtype);
            if (type < 0)
                status = -1;
            else if (args->op_type == H5VL_ATTR_GET_TYPE)
                args->args.get_type.type_id = type;
            else {
                uint64_t n = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
                *args->args.get_storage_size.data_size = (hsize_t)n * H5Tget_size(type);
                H5Tclose(type);
            }
        }
        h5x_close(dtype);
        return status;
    }
    case H5VL_ATTR_GET_INFO: {
        H5VL_attr_get_info_args_t *info = &args->args.get_info;
        if (info->loc_params.type == H5VL_OBJECT_BY_SELF && object->kind == VOL_ATTRIBUTE)
            return attribute_info(object->object, object->attr_name, info->ainfo);
        char *by_index = NULL;
        h5x_object *owner = attribute_owner(object, &info->loc_params, &by_index);
        if (owner == NULL)
            return -1;
        herr_t status = attribute_info(owner, by_index != NULL ? by_index : info->attr_name, info->ainfo);
        free(by_index);
        h5x_close(owner);
        return status;
    }
    case H5VL_ATTR_GET_NAME: {
        H5VL_attr_get_name_args_t *name = &args->args.get_name;
        if (name->loc_params.type == H5VL_OBJECT_BY_SELF && object->kind == VOL_ATTRIBUTE) {
            vol_copy_name(object->attr_name, name->buf, name->buf_size, name->attr_name_len);
            return 0;
        }
        char *by_index = NULL;
        h5x_object *owner = attribute_owner(object, &name->loc_params, &by_index);
        if (owner == NULL)
            return -1;
        herr_t status = 0;
        if (by_index != NULL)
            vol_copy_name(by_index, name->buf, name->buf_size, name->attr_name_len);
        else
            status = vol_fail_here("no attribute named at that location");
        free(by_index);
        h5x_close(owner);
        return status;
    }
    }
    return vol_fail_here("unknown attribute query (%d)", (int)args->op_type);
}

static herr_t iterate(vol_object *object, h5x_object *owner, H5VL_attr_iterate_args_t *iter)
{
    char **names = NULL;
    size_t count = 0;
    if (vol_attr_names(owner, iter->idx_type, iter->order, &names, &count) < 0)
        return vol_fail("cannot list attributes");
    hsize_t start = iter->idx != NULL ? *iter->idx : 0;
    herr_t result = 0;
    h5x_object *again = vol_reopen(owner);
    hid_t owner_id = again != NULL ? vol_register(object->file, again) : H5I_INVALID_HID;
    if (owner_id < 0)
        result = vol_fail("cannot register the attributes' owner");
    hsize_t i = start;
    for (; result == 0 && i < count; i++) {
        H5A_info_t info;
        if (attribute_info(owner, names[i], &info) < 0) {
            result = -1;
            break;
        }
        result = iter->op(owner_id, names[i], &info, iter->op_data);
        if (result != 0) {
            i++;
            break;
        }
    }
    if (iter->idx != NULL)
        *iter->idx = i;
    if (owner_id >= 0)
        H5Idec_ref(owner_id);
    h5x_free_names(names, count);
    return result;
}

/* h5x has no renaming of attributes: the value moves to the new name. */
static herr_t rename_attribute(h5x_object *owner, const char *old_name, const char *new_name)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    if (h5x_attr_contains(owner, new_name) == 1)
        return vol_fail_here("attribute '%s' already exists", new_name);
    if (h5x_attr_info(owner, old_name, &shape, &dtype) < 0)
        return vol_fail("cannot read attribute '%s'", old_name);
    uint64_t n = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
    void *value = calloc((size_t)n + 1, h5x_dtype_size(dtype));
    herr_t status = 0;
    if (value == NULL)
        status = vol_fail_here("out of memory");
    else if (h5x_attr_get(owner, old_name, dtype, value, (size_t)n * h5x_dtype_size(dtype)) < 0 ||
             h5x_attr_set(owner, new_name, dtype, &shape, value) < 0 || h5x_attr_delete(owner, old_name) < 0)
        status = vol_fail("cannot rename attribute '%s' to '%s'", old_name, new_name);
    if (value != NULL)
        h5x_reclaim(dtype, value, n);
    free(value);
    h5x_close(dtype);
    return status;
}

herr_t vol_attr_specific(void *obj, const H5VL_loc_params_t *loc_params, H5VL_attr_specific_args_t *args,
                         hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object *object = obj;
    h5x_object *owner = vol_locate(object, loc_params);
    if (owner == NULL)
        return -1;
    herr_t status = 0;
    switch (args->op_type) {
    case H5VL_ATTR_DELETE:
        if (h5x_attr_delete(owner, args->args.del.name) < 0)
            status = vol_fail("cannot delete attribute '%s'", args->args.del.name);
        break;
    case H5VL_ATTR_DELETE_BY_IDX: {
        char **names = NULL;
        size_t count = 0;
        H5VL_attr_delete_by_idx_args_t *by_idx = &args->args.delete_by_idx;
        if (vol_attr_names(owner, by_idx->idx_type, by_idx->order, &names, &count) < 0)
            status = vol_fail("cannot list attributes");
        else if (by_idx->n >= count)
            status = vol_fail_here("attribute index %llu is beyond the %zu attributes", (unsigned long long)by_idx->n,
                                   count);
        else if (h5x_attr_delete(owner, names[by_idx->n]) < 0)
            status = vol_fail("cannot delete attribute '%s'", names[by_idx->n]);
        if (names != NULL)
            h5x_free_names(names, count);
        break;
    }
    case H5VL_ATTR_EXISTS: {
        int present = h5x_attr_contains(owner, args->args.exists.name);
        if (present < 0)
            status = vol_fail("cannot look for attribute '%s'", args->args.exists.name);
        else
            *args->args.exists.exists = present == 1;
        break;
    }
    case H5VL_ATTR_ITER:
        status = iterate(object, owner, &args->args.iterate);
        break;
    case H5VL_ATTR_RENAME:
        status = rename_attribute(owner, args->args.rename.old_name, args->args.rename.new_name);
        break;
    default:
        status = vol_fail_here("unknown attribute operation (%d)", (int)args->op_type);
    }
    h5x_close(owner);
    return status;
}

herr_t vol_attr_close(void *attr, hid_t dxpl_id, void **req)
{
    (void)dxpl_id, (void)req;
    vol_object_free(attr);
    return 0;
}
