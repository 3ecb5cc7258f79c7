/*
 * native_reference.h — references in the native connector: the vtable's
 * ref_create/ref_open/ref_region, and the translation between h5x_ref
 * elements in memory and the references h5py stores (H5T_STD_REF_OBJ,
 * H5T_STD_REF_DSETREG) in datasets and attributes.
 */
#ifndef H5X_NATIVE_REFERENCE_H
#define H5X_NATIVE_REFERENCE_H

#include "native.h"

/* The vtable's reference slots. */
int native_ref_create(void *file, void *object, const h5x_resolved_selection *region, uint8_t *payload);
int native_ref_open(void *file, const uint8_t *payload, void **object, h5x_object_info *info);
int native_ref_region(void *file, const uint8_t *payload, h5x_resolved_selection **region);

/* libhdf5's type for a stored reference of kind (a new identifier), or
 * H5I_INVALID_HID with the error recorded. */
hid_t native_reference_type(h5x_reference_kind kind);
/* The h5x kind of a stored reference type; 0 with the error recorded for
 * reference types h5py does not write (the 1.12 H5T_STD_REF). */
h5x_reference_kind native_reference_kind_of(hid_t type);

/* 1 when dtype is a compound, array or vlen type with a reference inside
 * (at any depth).  Their memory layout (h5x_ref elements) is not the one
 * libhdf5 would fill, so reading or writing them is refused with
 * native_reference_nested_error rather than done wrong. */
int native_reference_nested(const h5x_dtype *dtype);
int native_reference_nested_error(void);

/* Dataset I/O of reference elements: count h5x_ref elements in buffer,
 * moved through the dataset's stored reference type. */
int native_ref_dataset_read(hid_t dataset, hid_t file_type, hid_t mem_space, hid_t file_space, hsize_t count,
                            void *buffer);
int native_ref_dataset_write(hid_t dataset, hid_t file_type, hid_t mem_space, hid_t file_space, hsize_t count,
                             const void *buffer);
/* The same for a whole attribute of count elements. */
int native_ref_attr_read(hid_t attr, hsize_t count, void *buffer);
int native_ref_attr_write(hid_t attr, hsize_t count, const void *buffer);

#endif
