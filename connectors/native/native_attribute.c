/*
 * native_attribute.c — attributes by name on any object.
 *
 * h5py's attrs[name] = value replaces an attribute that already exists,
 * which libhdf5 cannot do in place (an attribute's type and shape are
 * fixed when it is created).  attr_create therefore builds the new type
 * and dataspace first — so a value that cannot be stored leaves the old
 * attribute alone — then deletes the old attribute and creates the new
 * one, or writes the old one in place when that gives the same file
 * (native_attribute_replace.c).  (h5py writes under a temporary name and
 * renames; that route trips a libhdf5 problem with creation-ordered
 * attributes in dense storage, which deleting first avoids.)
 *
 * Attributes are whole-object I/O: an attribute is read or written in one
 * piece, converted by libhdf5 or, where libhdf5 has no conversion path,
 * through the attribute's own type and h5x_dtype_convert, as for
 * datasets.  Null-dataspace attributes (h5py's Empty) hold nothing, so
 * reading or writing them moves nothing.
 */
#include <stdlib.h>

#include "native.h"
#include "native_attribute_replace.h"
#include "native_dtype_composite.h"
#include "native_reference.h"

static int attribute_missing(const char *name)
{
    return h5x_connector_error(H5X_ERR_NOT_FOUND, "unable to open attribute: no attribute named '%s'", name);
}

/* Opens an existing attribute, saying NOT_FOUND plainly when it is not there. */
static int open_attribute(native_object *object, const char *name, hid_t *attr)
{
    htri_t exists = H5Aexists(object->id, name);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for attribute '%s'", name);
    if (exists == 0)
        return attribute_missing(name);
    *attr = H5Aopen(object->id, name, H5P_DEFAULT);
    if (*attr < 0)
        return native_fail(H5X_ERR_IO, "unable to open attribute '%s'", name);
    return 0;
}

static int transfer(native_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer, int to_file);

int native_attr_create(void *object_in, const char *name, const h5x_attr_args *args)
{
    native_object *object = object_in;
    int status = native_require_writable(object->file, "create an attribute");
    if (status < 0)
        return status;
    /* a dtype from a committed datatype of this file: the attribute refers to it */
    native_object *committed = h5x_dtype_committed_object(args->dtype, object->file);
    hid_t predefined = committed ? H5I_INVALID_HID : native_predefined_type(args->dtype);
    int borrowed = committed || predefined >= 0;
    hid_t type = committed ? committed->id : predefined >= 0 ? predefined : native_type_from_dtype(args->dtype);
    if (type < 0)
        return H5X_ERR_TYPE;
    /* A predefined type is a plain number: no text to check, no references
     * to encode, so its value goes straight to H5Awrite (those checks were
     * a third of what this connector added to a scalar attribute write). */
    int plain_number = predefined >= 0;
    /* text is checked on its way in, by the conversion transfer() does */
    int checked_write = !plain_number && h5x_dtype_has_text(args->dtype);
    /* a scalar attribute borrows the file's scalar dataspace */
    int shared_space = args->shape.rank == 0;
    if (shared_space && object->file->scalar_space <= 0)
        object->file->scalar_space = native_space_from_shape(&args->shape, NULL);
    hid_t space = shared_space ? object->file->scalar_space : native_space_from_shape(&args->shape, NULL);
    hid_t attr = H5I_INVALID_HID;
    if (space < 0) {
        status = H5X_ERR_SHAPE;
        goto done;
    }
    /* a new attribute, or the old one rewritten in place or replaced */
    status = native_attribute_open_for_write(object, name, type, space, &attr);
    if (status < 0 || args->data == NULL || args->shape.rank < 0)
        goto done;
    if (plain_number) {
        if (H5Awrite(attr, type, args->data) < 0)
            status = native_fail(H5X_ERR_IO, "unable to write attribute '%s'", name);
    } else if (h5x_dtype_get_class(args->dtype) == H5X_CLASS_REFERENCE) {
        status = native_ref_attr_write(attr, h5x_shape_size(&args->shape), args->data);
    } else if (native_reference_nested(args->dtype)) {
        status = native_reference_nested_error();
    } else if (!checked_write && H5Awrite(attr, type, args->data) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to write attribute '%s'", name);
    }
done:
    if (attr >= 0)
        H5Aclose(attr);
    if (space >= 0 && !shared_space)
        H5Sclose(space);
    if (!borrowed)
        H5Tclose(type);
    if (status >= 0 && attr >= 0 && checked_write && args->data != NULL && args->shape.rank >= 0) {
        status = transfer(object, name, args->dtype, (void *)args->data, 1);
        if (status < 0)
            H5Adelete(object->id, name); /* no attribute rather than one with unchecked text */
    }
    return status;
}

/* The attribute's element count (0 for a null dataspace). */
static int element_count(hid_t attr, hsize_t *count)
{
    hid_t space = H5Aget_space(attr);
    if (space < 0)
        return native_fail(H5X_ERR_IO, "unable to read an attribute's dataspace");
    hssize_t n = H5Sget_simple_extent_type(space) == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space);
    int status = n < 0 ? native_fail(H5X_ERR_IO, "unable to count an attribute's elements") : 0;
    H5Sclose(space);
    if (status < 0)
        return status;
    *count = (hsize_t)n;
    return 0;
}

/* Moves a whole attribute between memory (in mem_dtype) and the file:
 * to_file selects H5Awrite, otherwise H5Aread. */
static int transfer(native_object *object, const char *name, const h5x_dtype *mem_dtype, void *buffer, int to_file)
{
    hid_t attr = H5I_INVALID_HID;
    int status = open_attribute(object, name, &attr);
    if (status < 0)
        return status;
    hid_t file_type = H5I_INVALID_HID, mem_type = H5I_INVALID_HID;
    h5x_dtype *file_dtype = NULL;
    void *scratch = NULL;
    hsize_t count = 0;
    status = element_count(attr, &count);
    if (status < 0 || count == 0)
        goto done;
    if ((file_type = H5Aget_type(attr)) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read the type of attribute '%s'", name);
        goto done;
    }
    if (h5x_dtype_get_class(mem_dtype) == H5X_CLASS_REFERENCE) {
        status = to_file ? native_ref_attr_write(attr, count, buffer) : native_ref_attr_read(attr, count, buffer);
        goto done;
    }
    if (native_reference_nested(mem_dtype)) {
        status = native_reference_nested_error();
        goto done;
    }
    if ((mem_type = native_type_from_dtype(mem_dtype)) < 0) {
        status = H5X_ERR_TYPE;
        goto done;
    }
    int in_core = to_file ? native_convert_needed(mem_type, file_type) : native_convert_needed(file_type, mem_type);
    in_core = in_core || native_prefer_core_conversion(file_type, mem_type, mem_dtype);
    /* Reads of variable-length data go through a scratch buffer too, so
     * that what the application receives is malloc'd by h5x (see
     * native_vlen_io.c): H5Aread has no transfer list to say so. */
    if (!in_core && (to_file || !h5x_dtype_has_variable(mem_dtype))) {
        herr_t result = to_file ? H5Awrite(attr, mem_type, buffer) : H5Aread(attr, mem_type, buffer);
        if (result < 0)
            status = native_fail(H5X_ERR_IO, "unable to %s attribute '%s'", to_file ? "write" : "read", name);
        goto done;
    }
    if (in_core && (file_dtype = native_dtype_from_type(file_type)) == NULL) {
        status = H5X_ERR_TYPE;
        goto done;
    }
    hid_t io_type = in_core ? file_type : mem_type;
    const h5x_dtype *io_dtype = in_core ? file_dtype : mem_dtype;
    if ((scratch = calloc((size_t)count, H5Tget_size(io_type))) == NULL) {
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory converting attribute '%s'", name);
        goto done;
    }
    if (to_file) {
        status = h5x_dtype_convert(mem_dtype, buffer, file_dtype, scratch, count);
        if (status >= 0 && H5Awrite(attr, file_type, scratch) < 0)
            status = native_fail(H5X_ERR_IO, "unable to write attribute '%s'", name);
        h5x_reclaim(file_dtype, scratch, count);
    } else if (H5Aread(attr, io_type, scratch) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read attribute '%s'", name);
    } else {
        status = h5x_dtype_convert(io_dtype, scratch, mem_dtype, buffer, count);
        /* libhdf5's own memory goes back to libhdf5 */
        hid_t space = H5Screate_simple(1, &count, NULL);
        if (space < 0 || H5Treclaim(io_type, space, H5P_DEFAULT, scratch) < 0)
            H5Eclear2(H5E_DEFAULT);
        if (space >= 0)
            H5Sclose(space);
    }
done:
    free(scratch);
    h5x_close(file_dtype);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    if (file_type >= 0)
        H5Tclose(file_type);
    H5Aclose(attr);
    return status < 0 ? status : 0;
}

int native_attr_write(void *object_in, const char *name, const h5x_dtype *mem_dtype, const void *data)
{
    native_object *object = object_in;
    int status = native_require_writable(object->file, "write an attribute");
    if (status < 0)
        return status;
    return transfer(object, name, mem_dtype, (void *)data, 1);
}

int native_attr_read(void *object_in, const char *name, const h5x_dtype *mem_dtype, void *buffer)
{
    return transfer(object_in, name, mem_dtype, buffer, 0);
}

int native_attr_info(void *object_in, const char *name, h5x_shape *shape, h5x_dtype **dtype)
{
    native_object *object = object_in;
    if (dtype != NULL)
        *dtype = NULL;
    htri_t exists = H5Aexists(object->id, name);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for attribute '%s'", name);
    if (exists == 0)
        return 0;
    if (shape == NULL && dtype == NULL)
        return 1;
    hid_t attr = H5Aopen(object->id, name, H5P_DEFAULT);
    if (attr < 0)
        return native_fail(H5X_ERR_IO, "unable to open attribute '%s'", name);
    int status = 1;
    if (shape != NULL) {
        hid_t space = H5Aget_space(attr);
        if (space < 0) {
            status = native_fail(H5X_ERR_IO, "unable to read the dataspace of attribute '%s'", name);
        } else {
            int result = native_shape_from_space(space, shape, NULL);
            if (result < 0)
                status = result;
            H5Sclose(space);
        }
    }
    if (status > 0 && dtype != NULL) {
        hid_t type = H5Aget_type(attr);
        if (type < 0) {
            status = native_fail(H5X_ERR_IO, "unable to read the type of attribute '%s'", name);
        } else {
            if ((*dtype = native_dtype_from_type(type)) == NULL)
                status = H5X_ERR_TYPE;
            H5Tclose(type);
        }
    }
    H5Aclose(attr);
    return status;
}

int native_attr_delete(void *object_in, const char *name)
{
    native_object *object = object_in;
    int status = native_require_writable(object->file, "delete an attribute");
    if (status < 0)
        return status;
    htri_t exists = H5Aexists(object->id, name);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for attribute '%s'", name);
    if (exists == 0)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "unable to delete attribute: no attribute named '%s'", name);
    if (H5Adelete(object->id, name) < 0)
        return native_fail(H5X_ERR_IO, "unable to delete attribute '%s'", name);
    return 0;
}

/* ------------------------------------------------------------ iteration */

static hid_t creation_plist(const native_object *object)
{
    switch (object->kind) {
    case H5X_KIND_DATASET: return H5Dget_create_plist(object->id);
    case H5X_KIND_DATATYPE: return H5Tget_create_plist(object->id);
    default: return H5Gget_create_plist(object->id);
    }
}

static int tracks_attribute_order(const native_object *object, int *tracked)
{
    hid_t plist = creation_plist(object);
    unsigned flags = 0;
    if (plist < 0 || H5Pget_attr_creation_order(plist, &flags) < 0) {
        int status = native_fail(H5X_ERR_IO, "unable to read the object's creation properties");
        if (plist >= 0)
            H5Pclose(plist);
        return status;
    }
    H5Pclose(plist);
    *tracked = (flags & H5P_CRT_ORDER_TRACKED) != 0;
    return 0;
}

typedef struct attribute_walk {
    h5x_connector_name_cb cb;
    void *core_data;
    int stopped_with;
} attribute_walk;

static herr_t visit_attribute(hid_t location, const char *name, const H5A_info_t *info, void *data)
{
    (void)location;
    (void)info;
    attribute_walk *walk = data;
    int result = walk->cb(name, walk->core_data);
    if (result == 0)
        return 0;
    walk->stopped_with = result;
    return 1;
}

int native_attr_iterate(void *object_in, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    native_object *object = object_in;
    H5_index_t index = H5_INDEX_NAME;
    if (order == H5X_ORDER_CREATION) {
        int tracked = 0;
        int status = tracks_attribute_order(object, &tracked);
        if (status < 0)
            return status;
        if (!tracked)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "creation order not tracked for this object's attributes (create it with "
                                       "track_order)");
        index = H5_INDEX_CRT_ORDER;
    }
    attribute_walk walk = {cb, core_data, 0};
    hsize_t position = 0;
    if (H5Aiterate2(object->id, index, H5_ITER_INC, &position, visit_attribute, &walk) < 0)
        return native_fail(H5X_ERR_IO, "unable to iterate over attributes");
    return walk.stopped_with;
}
