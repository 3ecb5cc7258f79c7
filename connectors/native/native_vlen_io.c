/*
 * native_vlen_io.c — who owns the memory of variable-length data, which
 * conversions h5x does instead of libhdf5, and the background of compound
 * writes that h5x converts.
 *
 * Allocation.  h5x promises that the strings and sequences a read puts in
 * an application's buffer are released by h5x_reclaim, which calls free.
 * libhdf5 allocates them through the transfer property list's memory
 * manager, whose default is its own allocator (malloc in release builds,
 * but not a promise).  So dataset reads that produce variable-length data
 * name malloc and free explicitly with H5Pset_vlen_mem_manager, and
 * libhdf5 writes straight into the application's buffer.  Attribute reads
 * take no transfer list; there the connector reads into a scratch buffer,
 * copies the data into malloc'd memory with h5x_dtype_convert, and gives
 * libhdf5's memory back with H5Treclaim (native_attribute.c).
 *
 * Background.  When h5x converts a write itself (text, or types libhdf5
 * cannot convert), it builds whole stored elements in a scratch buffer and
 * libhdf5 writes them whole.  A memory compound that names only some
 * members (h5py's dset["name"] = ...) must leave the others as stored, so
 * their stored values are read into the scratch buffer first, through a
 * compound of just those members at their stored offsets.
 */
#include <stdlib.h>

#include "native_dtype_composite.h"

static void *allocate(size_t size, void *info)
{
    (void)info;
    return malloc(size);
}

static void release(void *memory, void *info)
{
    (void)info;
    free(memory);
}

hid_t native_dxpl_for(const h5x_dtype *mem_dtype)
{
    if (!h5x_dtype_has_variable(mem_dtype))
        return H5P_DEFAULT;
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    if (dxpl < 0 || H5Pset_vlen_mem_manager(dxpl, allocate, NULL, release, NULL) < 0) {
        native_fail(H5X_ERR_IO, "unable to set up the memory of variable-length data");
        if (dxpl >= 0)
            H5Pclose(dxpl);
        return H5I_INVALID_HID;
    }
    return dxpl;
}

void native_dxpl_close(hid_t dxpl)
{
    if (dxpl >= 0 && dxpl != H5P_DEFAULT)
        H5Pclose(dxpl);
}

int native_prefer_core_conversion(hid_t file_type, hid_t mem_type, const h5x_dtype *mem_dtype)
{
    if (h5x_dtype_has_text(mem_dtype))
        return 1;
    int sensitive = H5Tdetect_class(file_type, H5T_ENUM) > 0 || H5Tdetect_class(mem_type, H5T_ENUM) > 0 ||
                    H5Tdetect_class(file_type, H5T_STRING) > 0 || H5Tdetect_class(mem_type, H5T_STRING) > 0;
    H5Eclear2(H5E_DEFAULT);
    if (!sensitive)
        return 0;
    /* h5x's own comparison: libhdf5 takes variable-length strings of two
     * character sets for one type */
    h5x_dtype *file_dtype = native_dtype_from_type(file_type);
    int same = file_dtype != NULL && h5x_dtype_equal(file_dtype, mem_dtype) == 1;
    h5x_close(file_dtype);
    return !same;
}

int native_read_background(hid_t dataset, hid_t file_type, const h5x_dtype *file_dtype, const h5x_dtype *mem_dtype,
                           hid_t mem_space, hid_t file_space, hid_t dxpl, void *scratch)
{
    if (h5x_dtype_get_class(file_dtype) != H5X_CLASS_COMPOUND || h5x_dtype_get_class(mem_dtype) != H5X_CLASS_COMPOUND)
        return 0;
    int count = H5Tget_nmembers(file_type);
    if (count < 0)
        return native_fail(H5X_ERR_TYPE, "unable to read the dataset's compound type");
    hid_t background = H5I_INVALID_HID;
    int status = 0;
    for (int i = 0; i < count && status == 0; i++) {
        char *name = H5Tget_member_name(file_type, (unsigned)i);
        if (name == NULL) {
            status = native_fail(H5X_ERR_TYPE, "unable to read the dataset's compound type");
            break;
        }
        if (h5x_dtype_member_index(mem_dtype, name) < 0) {
            hid_t member = H5Tget_member_type(file_type, (unsigned)i);
            if (background < 0)
                background = H5Tcreate(H5T_COMPOUND, H5Tget_size(file_type));
            if (member < 0 || background < 0 ||
                H5Tinsert(background, name, H5Tget_member_offset(file_type, (unsigned)i), member) < 0)
                status = native_fail(H5X_ERR_TYPE, "unable to describe the members a write keeps");
            if (member >= 0)
                H5Tclose(member);
        }
        H5free_memory(name);
    }
    if (status == 0 && background >= 0 && H5Dread(dataset, background, mem_space, file_space, dxpl, scratch) < 0)
        status = native_fail(H5X_ERR_IO, "unable to read the members a write keeps");
    if (background >= 0)
        H5Tclose(background);
    return status;
}
