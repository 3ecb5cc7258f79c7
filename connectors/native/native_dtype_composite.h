/*
 * native_dtype_composite.h — strings, opaque, compound, enum, array and
 * vlen types between h5x and libhdf5, and the memory rules of
 * variable-length data (native_dtype_composite.c, native_vlen_io.c).
 */
#ifndef H5X_NATIVE_DTYPE_COMPOSITE_H
#define H5X_NATIVE_DTYPE_COMPOSITE_H

#include "native.h"

/* h5x -> libhdf5: a new type identifier, or H5I_INVALID_HID with the error
 * recorded.  Components go through native_type_from_dtype. */
hid_t native_string_to_type(const h5x_dtype *dtype);
hid_t native_opaque_to_type(const h5x_dtype *dtype);
hid_t native_compound_to_type(const h5x_dtype *dtype);
hid_t native_enum_to_type(const h5x_dtype *dtype);
hid_t native_array_to_type(const h5x_dtype *dtype);
hid_t native_vlen_to_type(const h5x_dtype *dtype);

/* libhdf5 -> h5x: a new dtype, or NULL with the error recorded.  The
 * compound and enum readers take any compound or enum; h5py's complex and
 * bool are recognised before them (native_dtype.c). */
h5x_dtype *native_string_from_type(hid_t type);
h5x_dtype *native_opaque_from_type(hid_t type);
h5x_dtype *native_compound_from_type(hid_t type);
h5x_dtype *native_enum_from_type(hid_t type);
h5x_dtype *native_array_from_type(hid_t type);
h5x_dtype *native_vlen_from_type(hid_t type);

/* 1 when h5x_dtype_convert, not libhdf5, must convert between a stored
 * type and a memory type even though libhdf5 has a conversion path: text,
 * whose encoding h5x checks; enums that differ, which libhdf5 maps wrongly
 * when the names do not match (it writes arbitrary values where h5x
 * reports the unknown name); and strings that differ, whose character set
 * libhdf5 changes silently for variable-length ones.  Then every connector
 * converts by the same rules. */
int native_prefer_core_conversion(hid_t file_type, hid_t mem_type, const h5x_dtype *mem_dtype);

/* ------------------------------------------------- variable-length memory */

/* A dataset transfer property list whose variable-length memory comes from
 * malloc and goes back with free, so that what libhdf5 reads into an
 * application's buffer is released by h5x_reclaim.  H5P_DEFAULT when
 * mem_dtype owns no memory; otherwise a new list (close it with
 * native_dxpl_close), or H5I_INVALID_HID with the error recorded. */
hid_t native_dxpl_for(const h5x_dtype *mem_dtype);
void native_dxpl_close(hid_t dxpl);

/* For a write converted by h5x into a scratch buffer of the stored type:
 * reads into scratch the stored values of the top-level compound members
 * that mem_dtype does not name, so that writing the whole stored element
 * back leaves them as they were (HDF5's background).  Does nothing unless
 * both types are compounds and mem_dtype lacks some member. */
int native_read_background(hid_t dataset, hid_t file_type, const h5x_dtype *file_dtype, const h5x_dtype *mem_dtype,
                           hid_t mem_space, hid_t file_space, hid_t dxpl, void *scratch);

#endif
