/*
 * native_attribute_replace.c — where attrs[name] = value puts its value.
 *
 * h5py replaces an attribute by deleting it and creating it again.  On the
 * object headers h5py writes by default (version 1, the "earliest" format)
 * attributes are messages in the header itself, and libhdf5 condenses the
 * whole header after every deletion: with thousands of attributes on one
 * object each replacement costs seconds (measured with libhdf5 1.14: about
 * 3 s per replacement among 2 000 attributes, 20 s among 4 000; h5py on
 * libhdf5 1.10 is slower still).  Version 2 headers — those of objects that
 * track creation order, or of files whose lower library bound is v1.8 or
 * later — move to dense storage (a B-tree and a fractal heap) beyond eight
 * attributes, where deletion is cheap.
 *
 * So a new value whose type and shape equal the stored attribute's is
 * written in place, which leaves the file as h5py's replacement would
 * (the same name, type, shape and value) without the deletion.  Two cases
 * still take h5py's route: an object that tracks creation order, where a
 * replaced attribute moves to the end of the order; and types whose
 * elements point into the file's heap (variable-length data, strings,
 * references) or name a committed datatype, where deleting is what
 * releases or re-links the old value.
 *
 * A new attribute is created without looking for it first: libhdf5 looks
 * anyway and refuses a duplicate, and on a version 1 header every look is
 * a walk over all the header's messages.  Only when creating fails is the
 * existing attribute considered.
 */
#include "native_attribute_replace.h"

static int tracks_creation_order(const native_object *object, int *tracked)
{
    hid_t plist = H5I_INVALID_HID;
    switch (object->kind) {
    case H5X_KIND_DATASET: plist = H5Dget_create_plist(object->id); break;
    case H5X_KIND_DATATYPE: plist = H5Tget_create_plist(object->id); break;
    default: plist = H5Gget_create_plist(object->id); break;
    }
    unsigned flags = 0;
    int status = 0;
    if (plist < 0 || H5Pget_attr_creation_order(plist, &flags) < 0)
        status = native_fail(H5X_ERR_IO, "unable to read the object's creation properties");
    if (plist >= 0)
        H5Pclose(plist);
    *tracked = (flags & H5P_CRT_ORDER_TRACKED) != 0;
    return status;
}

/* 1 when the type's elements are plain bytes (no heap pointers, no
 * committed type), 0 otherwise. */
static int plain_type(hid_t type)
{
    if (H5Tcommitted(type) != 0)
        return 0;
    return H5Tdetect_class(type, H5T_VLEN) == 0 && H5Tdetect_class(type, H5T_STRING) == 0 &&
           H5Tdetect_class(type, H5T_REFERENCE) == 0;
}

/* 1 when the stored attribute can take a value of type and space in place. */
static int writable_in_place(hid_t attr, hid_t type, hid_t space)
{
    hid_t stored_type = H5Aget_type(attr);
    hid_t stored_space = H5Aget_space(attr);
    int same = stored_type >= 0 && stored_space >= 0 && H5Sget_simple_extent_type(space) != H5S_NULL &&
               H5Tequal(stored_type, type) > 0 && plain_type(stored_type) && plain_type(type) &&
               H5Sextent_equal(stored_space, space) > 0;
    if (stored_type >= 0)
        H5Tclose(stored_type);
    if (stored_space >= 0)
        H5Sclose(stored_space);
    H5Eclear2(H5E_DEFAULT);
    return same;
}

static int create_attribute(native_object *object, const char *name, hid_t type, hid_t space, hid_t *attr_out)
{
    *attr_out = H5Acreate2(object->id, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (*attr_out < 0)
        return native_fail(H5X_ERR_IO, "unable to create attribute '%s'", name);
    return 0;
}

int native_attribute_open_for_write(native_object *object, const char *name, hid_t type, hid_t space,
                                    hid_t *attr_out)
{
    *attr_out = H5Acreate2(object->id, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (*attr_out >= 0)
        return 0;
    H5Eclear2(H5E_DEFAULT);
    htri_t exists = H5Aexists(object->id, name);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for attribute '%s'", name);
    if (exists == 0) /* create again, for libhdf5's own account of the failure */
        return create_attribute(object, name, type, space, attr_out);
    int tracked = 0;
    int status = tracks_creation_order(object, &tracked);
    if (status < 0)
        return status;
    if (!tracked) {
        hid_t attr = H5Aopen(object->id, name, H5P_DEFAULT);
        if (attr < 0)
            return native_fail(H5X_ERR_IO, "unable to open attribute '%s'", name);
        if (writable_in_place(attr, type, space)) {
            *attr_out = attr;
            return 0;
        }
        H5Aclose(attr);
    }
    if (H5Adelete(object->id, name) < 0)
        return native_fail(H5X_ERR_IO, "unable to replace attribute '%s'", name);
    return create_attribute(object, name, type, space, attr_out);
}
