/*
 * native_dataset.c — datasets: creation as h5py does it, reading and
 * writing resolved selections, resizing.
 *
 * Creation.  The dataset creation property list is built the way h5py's
 * make_new_dset builds it, so that the file is the one h5py would write:
 * chunked layout when the core chose chunks, with the fill time set to
 * "at allocation" (h5py does this so that growing a dataset never shows
 * stale bytes), the fill value stored in the dataset's own type, the
 * filter pipeline, attribute creation order for track_order, and
 * modification times *not* tracked unless asked for (h5py's
 * track_times=False default, which also keeps files byte-for-byte
 * reproducible).
 *
 * I/O.  A small read must cost little more than the libhdf5 call itself,
 * because programs read rows one at a time in loops.  So a dataset keeps,
 * from its first read or write on: a copy of its dataspace (reselected
 * per call rather than fetched again), its stored type, libhdf5's type for
 * the last memory dtype used, and a one-dimensional memory dataspace of
 * the last element count.  The dataspace copy is taken again only when the
 * file's extent generation moved on (a resize or refresh anywhere in the
 * file).  Reading everything uses H5S_ALL on both sides, libhdf5's fastest
 * path.  Faster still, a contiguous dataset of a read-only file read into
 * its own type skips H5Dread and is read with pread
 * (native_direct_read.c).  A filtered chunked dataset read or written
 * in several chunks has them compressed and decompressed on every core
 * (native_filtered_io.c), libhdf5 still reading and writing the stored
 * chunks.
 *
 * Conversion.  libhdf5 converts between numeric types itself.  Where it
 * has no conversion path (h5py's bool enum from or to integers, complex
 * from or to reals) the data goes through the dataset's own type in a
 * scratch buffer and h5x_dtype_convert does the rest, so every conversion
 * the core allows also works here.  The same route is taken where h5x's
 * rules must win over libhdf5's (text, whose encoding h5x checks; enums
 * and strings that differ: native_prefer_core_conversion).  Variable-length
 * data is read with a malloc/free memory manager, so that what lands in the
 * application's buffer is released by h5x_reclaim (native_vlen_io.c), and
 * a dataset of a committed type names that type (H5Tcommitted) so that
 * copies keep it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "native.h"
#include "native_dtype_composite.h"
#include "native_reference.h"

static int require_dataset_writable(const native_object *dataset, const char *operation)
{
    return native_require_writable(dataset->file, operation);
}

/* ------------------------------------------------------------- creation */

static int build_dcpl(const h5x_dataset_create_args *args, hid_t type, hid_t *dcpl_out)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0)
        return native_fail(H5X_ERR_IO, "unable to create dataset creation properties");
    int status = 0;
    if (args->chunks.rank > 0) {
        if (args->chunks.rank != args->shape.rank) {
            status = h5x_connector_error(H5X_ERR_SHAPE, "chunk rank %d does not match the dataset's rank %d",
                                         args->chunks.rank, args->shape.rank);
            goto done;
        }
        hsize_t chunk[H5X_MAX_RANK];
        for (int i = 0; i < args->chunks.rank; i++)
            chunk[i] = args->chunks.dims[i];
        if (H5Pset_chunk(dcpl, args->chunks.rank, chunk) < 0 || H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC) < 0) {
            status = native_fail(H5X_ERR_SHAPE, "invalid chunk shape");
            goto done;
        }
    }
    if (args->fillvalue != NULL && H5Pset_fill_value(dcpl, type, args->fillvalue) < 0) {
        status = native_fail(H5X_ERR_TYPE, "unable to set the fill value");
        goto done;
    }
    if ((status = native_filters_apply(dcpl, args->filters, args->dtype)) < 0)
        goto done;
    if (args->track_order == 1 &&
        H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to track the creation order of attributes");
        goto done;
    }
    int track_times = args->struct_size >= offsetof(h5x_dataset_create_args, track_times) + sizeof(int) &&
                      args->track_times == 1;
    if (H5Pset_obj_track_times(dcpl, track_times) < 0)
        status = native_fail(H5X_ERR_IO, "unable to set time tracking");
done:
    if (status < 0) {
        H5Pclose(dcpl);
        return status;
    }
    *dcpl_out = dcpl;
    return 0;
}

int native_dataset_make(native_file *file, void *loc, const char *path, hid_t type, hid_t space, hid_t dcpl,
                        const char *what, void **dataset_out)
{
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    hid_t id = H5Dcreate2(native_location(file, loc), path, type, space, lcpl, dcpl, H5P_DEFAULT);
    /* read libhdf5's error stack before another call into it clears it */
    int status = id < 0 ? native_fail(H5X_ERR_IO, "unable to create %s '%s'", what, path) : 0;
    native_link_plist_close(lcpl);
    if (status < 0)
        return status;
    *dataset_out = native_object_wrap(file, id, H5X_KIND_DATASET);
    return *dataset_out != NULL ? 0 : H5X_ERR_NO_MEMORY;
}

int native_dataset_create(void *file_in, void *loc, const char *path, const h5x_dataset_create_args *args,
                          void **dataset_out)
{
    native_file *file = file_in;
    *dataset_out = NULL;
    int status = native_require_writable(file, "create a dataset");
    if (status < 0)
        return status;
    /* a dtype from a committed datatype of this file: the dataset refers to it */
    native_object *committed = h5x_dtype_committed_object(args->dtype, file);
    hid_t type = committed ? committed->id : native_type_from_dtype(args->dtype);
    if (type < 0)
        return H5X_ERR_TYPE;
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    space = native_space_from_shape(&args->shape, &args->maxshape);
    if (space < 0) {
        status = H5X_ERR_SHAPE;
        goto done;
    }
    if ((status = build_dcpl(args, type, &dcpl)) < 0)
        goto done;
    status = native_dataset_make(file, loc, path, type, space, dcpl, "dataset", dataset_out);
done:
    if (!committed)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return status;
}

/* ------------------------------------------------------------ information */

static int read_chunks(hid_t dcpl, h5x_shape *chunks)
{
    memset(chunks, 0, sizeof *chunks);
    H5D_layout_t layout = H5Pget_layout(dcpl);
    if (layout < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's layout");
    if (layout != H5D_CHUNKED)
        return 0;
    hsize_t dims[H5X_MAX_RANK];
    int rank = H5Pget_chunk(dcpl, H5X_MAX_RANK, dims);
    if (rank < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's chunk shape");
    chunks->rank = rank;
    for (int i = 0; i < rank; i++)
        chunks->dims[i] = dims[i];
    return 0;
}

static int read_fillvalue(hid_t dcpl, hid_t type, h5x_dataset_info *info)
{
    H5D_fill_value_t defined;
    if (H5Pfill_value_defined(dcpl, &defined) < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's fill value");
    if (defined != H5D_FILL_VALUE_USER_DEFINED)
        return 0;
    size_t size = H5Tget_size(type);
    void *value = calloc(1, size > 0 ? size : 1);
    if (value == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a fill value");
    if (H5Pget_fill_value(dcpl, type, value) < 0) {
        free(value);
        return native_fail(H5X_ERR_IO, "unable to read the dataset's fill value");
    }
    info->has_fillvalue = 1;
    info->fillvalue = value;
    return 0;
}

int native_dataset_info(void *dataset_in, h5x_dataset_info *info)
{
    native_object *dataset = dataset_in;
    memset(info, 0, sizeof *info);
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    int status = 0;
    if ((type = H5Dget_type(dataset->id)) < 0 || (space = H5Dget_space(dataset->id)) < 0 ||
        (dcpl = H5Dget_create_plist(dataset->id)) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read the dataset's properties");
        goto done;
    }
    if ((info->dtype = native_dtype_from_type(type)) == NULL) {
        status = H5X_ERR_TYPE;
        goto done;
    }
    if ((status = native_shape_from_space(space, &info->shape, &info->maxshape)) < 0 ||
        (status = read_chunks(dcpl, &info->chunks)) < 0 || (status = read_fillvalue(dcpl, type, info)) < 0 ||
        (status = native_filters_describe(dcpl, &info->filters)) < 0)
        goto done;
    info->storage_size = H5Dget_storage_size(dataset->id);
    dataset->layout = native_layout_of(dcpl);
    if (H5Tcommitted(type) > 0) {
        h5x_object_info committed;
        if ((status = native_object_info_of(type, &committed)) < 0)
            goto done;
        info->dtype_committed = 1;
        memcpy(info->dtype_token, committed.token, sizeof info->dtype_token);
    }
done:
    if (status < 0) {
        h5x_close(info->dtype);
        free(info->fillvalue);
        free(info->filters);
        memset(info, 0, sizeof *info);
    }
    if (type >= 0)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return status;
}

/* ---------------------------------------------------------- the io cache */

void native_io_cache_free(native_io_cache *io)
{
    if (io->file_space >= 0)
        H5Sclose(io->file_space);
    if (io->file_type >= 0)
        H5Tclose(io->file_type);
    if (io->mem_type >= 0)
        H5Tclose(io->mem_type);
    if (io->mem_space >= 0)
        H5Sclose(io->mem_space);
    h5x_close(io->file_dtype);
    h5x_close(io->mem_dtype);
    native_direct_free(io->direct);
    native_filtered_free(io->filtered);
    free(io);
}

static int io_cache_create(native_object *dataset)
{
    native_io_cache *io = calloc(1, sizeof *io);
    if (io == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory preparing dataset I/O");
    io->file_space = io->mem_type = io->mem_space = H5I_INVALID_HID;
    io->file_type = H5Dget_type(dataset->id);
    if (io->file_type < 0) {
        int status = native_fail(H5X_ERR_IO, "unable to read the dataset's type");
        native_io_cache_free(io);
        return status;
    }
    dataset->io = io;
    return 0;
}

/* Makes the cached dataspace current and libhdf5's type for mem_dtype
 * ready.  Everything here is a no-op on the second call with the same
 * dtype, which is what makes loops of small reads cheap. */
static int io_prepare(native_object *dataset, const h5x_dtype *mem_dtype)
{
    int status;
    if (dataset->io == NULL && (status = io_cache_create(dataset)) < 0)
        return status;
    native_io_cache *io = dataset->io;
    if (io->file_space < 0 || io->space_generation != dataset->file->extent_generation) {
        if (io->file_space >= 0)
            H5Sclose(io->file_space);
        io->file_space = H5Dget_space(dataset->id);
        if (io->file_space < 0)
            return native_fail(H5X_ERR_IO, "unable to read the dataset's dataspace");
        io->space_generation = dataset->file->extent_generation;
    }
    /* The kept dtype is held by a reference, so it cannot have been freed
     * and its address reused: the same address is the same type. */
    if (io->mem_dtype == mem_dtype)
        return 0;
    /* the kept-bytes shortcut names the kept dtype by address, which is
     * only safe while that dtype is held */
    dataset->kept = NULL;
    if (io->mem_dtype != NULL && h5x_dtype_equal(io->mem_dtype, mem_dtype) == 1) {
        h5x_close(io->mem_dtype);
        io->mem_dtype = h5x_dtype_retain(mem_dtype);
        return 0;
    }

    if (native_reference_nested(mem_dtype))
        return native_reference_nested_error();
    hid_t mem_type = native_type_from_dtype(mem_dtype);
    if (mem_type < 0)
        return H5X_ERR_TYPE;
    if (io->mem_type >= 0)
        H5Tclose(io->mem_type);
    h5x_close(io->mem_dtype);
    io->mem_type = mem_type;
    io->mem_dtype = h5x_dtype_retain(mem_dtype);
    io->direct_type = 0;
    io->convert_in_core = native_convert_needed(io->file_type, mem_type) ||
                          native_convert_needed(mem_type, io->file_type) ||
                          native_prefer_core_conversion(io->file_type, mem_type, mem_dtype);
    if (io->convert_in_core && io->file_dtype == NULL &&
        (io->file_dtype = native_dtype_from_type(io->file_type)) == NULL)
        return H5X_ERR_TYPE;
    return 0;
}

/* Selects sel in the cached dataspace and sets up the memory dataspace.
 * *count is the number of elements; with H5X_SEL_ALL both dataspaces are
 * H5S_ALL. */
static int io_select(native_object *dataset, const h5x_resolved_selection *sel, hid_t *mem_space, hid_t *file_space,
                     hsize_t *count)
{
    native_io_cache *io = dataset->io;
    if (sel == NULL || sel->kind == H5X_SEL_ALL) {
        hssize_t n = H5Sget_simple_extent_npoints(io->file_space);
        if (n < 0)
            return native_fail(H5X_ERR_IO, "unable to count the dataset's elements");
        *count = (hsize_t)n;
        *mem_space = *file_space = H5S_ALL;
        return 0;
    }
    if (sel->kind == H5X_SEL_NONE) {
        *count = 0;
        return 0;
    }
    int status = native_select(io->file_space, sel, count);
    if (status < 0 || *count == 0)
        return status;
    if (io->mem_space < 0) {
        io->mem_space = H5Screate_simple(1, count, NULL);
        if (io->mem_space < 0)
            return native_fail(H5X_ERR_IO, "unable to create a memory dataspace");
        io->mem_space_count = *count;
    } else if (io->mem_space_count != *count) {
        if (H5Sset_extent_simple(io->mem_space, 1, count, NULL) < 0)
            return native_fail(H5X_ERR_IO, "unable to size the memory dataspace");
        io->mem_space_count = *count;
    }
    *mem_space = io->mem_space;
    *file_space = io->file_space;
    return 0;
}

static void *scratch_for(const native_io_cache *io, hsize_t count)
{
    size_t size = H5Tget_size(io->file_type);
    /* zeroed: variable-length slots that nothing fills stay NULL */
    void *scratch = calloc(count > 0 ? count : 1, size > 0 ? size : 1);
    if (scratch == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory converting %llu elements", (unsigned long long)count);
    return scratch;
}

int native_dataset_read(void *dataset_in, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                        void *buffer)
{
    native_object *dataset = dataset_in;
    /* everything, same dtype, bytes kept: the vds connector's read of each
     * small source, checked before any libhdf5 call */
    if (native_direct_read_kept(dataset, sel, mem_dtype, buffer))
        return 0;
    hid_t mem_space = H5I_INVALID_HID, file_space = H5I_INVALID_HID;
    hsize_t count;
    int status = io_prepare(dataset, mem_dtype);
    if (status < 0 || (status = native_direct_read(dataset, sel, buffer)) != 0 ||
        (status = native_filtered_read(dataset, sel, buffer)) != 0)
        return status < 0 ? status : 0;
    if ((status = io_select(dataset, sel, &mem_space, &file_space, &count)) < 0 || count == 0)
        return status;
    native_io_cache *io = dataset->io;
    /* references: h5x_ref elements in memory, libhdf5's in the file */
    if (h5x_dtype_get_class(mem_dtype) == H5X_CLASS_REFERENCE)
        return native_ref_dataset_read(dataset->id, io->file_type, mem_space, file_space, count, buffer);
    if (!io->convert_in_core) {
        hid_t dxpl = native_dxpl_for(mem_dtype);
        if (dxpl < 0)
            return H5X_ERR_IO;
        if (H5Dread(dataset->id, io->mem_type, mem_space, file_space, dxpl, buffer) < 0)
            status = native_fail(H5X_ERR_IO, "unable to read from the dataset");
        else if (dxpl != H5P_DEFAULT)
            status = h5x_dtype_fill_null_strings(mem_dtype, buffer, count); /* unwritten strings read as "" */
        native_dxpl_close(dxpl);
        return status;
    }
    void *scratch = scratch_for(io, count);
    if (scratch == NULL)
        return H5X_ERR_NO_MEMORY;
    hid_t dxpl = native_dxpl_for(io->file_dtype);
    if (dxpl < 0)
        status = H5X_ERR_IO;
    else if (H5Dread(dataset->id, io->file_type, mem_space, file_space, dxpl, scratch) < 0)
        status = native_fail(H5X_ERR_IO, "unable to read from the dataset");
    else
        status = h5x_dtype_convert(io->file_dtype, scratch, mem_dtype, buffer, count);
    native_dxpl_close(dxpl);
    h5x_reclaim(io->file_dtype, scratch, count);
    free(scratch);
    return status < 0 ? status : 0;
}

int native_dataset_write(void *dataset_in, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                         const void *buffer)
{
    native_object *dataset = dataset_in;
    hid_t mem_space = H5I_INVALID_HID, file_space = H5I_INVALID_HID;
    hsize_t count;
    int status = require_dataset_writable(dataset, "write to a dataset");
    if (status < 0 || (status = io_prepare(dataset, mem_dtype)) < 0 ||
        (status = native_filtered_write(dataset, sel, buffer)) != 0 ||
        (status = io_select(dataset, sel, &mem_space, &file_space, &count)) < 0 || count == 0)
        return status < 0 ? status : 0;
    native_io_cache *io = dataset->io;
    if (h5x_dtype_get_class(mem_dtype) == H5X_CLASS_REFERENCE)
        return native_ref_dataset_write(dataset->id, io->file_type, mem_space, file_space, count, buffer);
    if (!io->convert_in_core) {
        if (H5Dwrite(dataset->id, io->mem_type, mem_space, file_space, H5P_DEFAULT, buffer) < 0)
            return native_fail(H5X_ERR_IO, "unable to write to the dataset");
        return 0;
    }
    void *scratch = scratch_for(io, count);
    if (scratch == NULL)
        return H5X_ERR_NO_MEMORY;
    hid_t dxpl = native_dxpl_for(io->file_dtype);
    status = dxpl < 0 ? H5X_ERR_IO
                      : native_read_background(dataset->id, io->file_type, io->file_dtype, mem_dtype, mem_space,
                                               file_space, dxpl, scratch);
    if (status >= 0)
        status = h5x_dtype_convert(mem_dtype, buffer, io->file_dtype, scratch, count);
    if (status >= 0 && H5Dwrite(dataset->id, io->file_type, mem_space, file_space, H5P_DEFAULT, scratch) < 0)
        status = native_fail(H5X_ERR_IO, "unable to write to the dataset");
    native_dxpl_close(dxpl);
    h5x_reclaim(io->file_dtype, scratch, count);
    free(scratch);
    return status < 0 ? status : 0;
}

/* --------------------------------------------------------------- extent */

int native_dataset_resize(void *dataset_in, const h5x_shape *new_shape)
{
    native_object *dataset = dataset_in;
    int status = require_dataset_writable(dataset, "resize a dataset");
    if (status < 0)
        return status;
    hid_t space = H5Dget_space(dataset->id);
    if (space < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's dataspace");
    h5x_shape shape, maxshape;
    status = native_shape_from_space(space, &shape, &maxshape);
    H5Sclose(space);
    if (status < 0)
        return status;
    if (shape.rank <= 0)
        return h5x_connector_error(H5X_ERR_SHAPE, "a %s dataset cannot be resized",
                                   shape.rank == 0 ? "scalar" : "null");
    if (new_shape->rank != shape.rank)
        return h5x_connector_error(H5X_ERR_SHAPE, "new shape has rank %d, the dataset has rank %d",
                                   new_shape->rank, shape.rank);
    hsize_t dims[H5X_MAX_RANK];
    for (int i = 0; i < shape.rank; i++) {
        if (maxshape.dims[i] != H5X_UNLIMITED && new_shape->dims[i] > maxshape.dims[i])
            return h5x_connector_error(H5X_ERR_SHAPE,
                                       "new size %llu of axis %d exceeds the maximum %llu", 
                                       (unsigned long long)new_shape->dims[i], i,
                                       (unsigned long long)maxshape.dims[i]);
        dims[i] = new_shape->dims[i];
    }
    herr_t result = H5Dset_extent(dataset->id, dims);
    dataset->file->extent_generation++;
    if (result < 0)
        return native_fail(H5X_ERR_SHAPE, "unable to resize the dataset");
    return 0;
}

int native_dataset_flush(void *dataset_in)
{
    native_object *dataset = dataset_in;
    if (!dataset->file->writable)
        return 0;
    if (H5Dflush(dataset->id) < 0)
        return native_fail(H5X_ERR_IO, "unable to flush the dataset");
    return 0;
}

int native_dataset_refresh(void *dataset_in)
{
    native_object *dataset = dataset_in;
    herr_t result = H5Drefresh(dataset->id);
    dataset->file->extent_generation++;
    if (result < 0)
        return native_fail(H5X_ERR_IO, "unable to refresh the dataset");
    return 0;
}
