/*
 * dirstore_dataset.c — datasets: a header and one file of elements.
 *
 * The elements live in DIRSTORE_DATA in C order and in the stored dtype,
 * element i at byte i * dtype size: the layout HDF5 calls contiguous.  The
 * file is allocated in full when the dataset is created and filled with the
 * fill value (zeros when none was given), so every element can be read at
 * once and nothing else ever changes its size.  Chunks, filters and
 * maxshape larger than shape would need another layout; the connector does
 * not claim H5X_CAP_CHUNKING, H5X_CAP_FILTERS or H5X_CAP_RESIZE, so the
 * core refuses them before asking, and the checks here only guard against
 * a core that did not.
 *
 * Reading and writing go through the selection walk (dirstore_selection.c)
 * one run of consecutive elements at a time, between the file and a packed
 * buffer of the selected elements in the stored dtype.  h5x_dtype_convert
 * turns that into the caller's memory dtype and back.  A read in the
 * stored dtype goes straight into the caller's buffer; a write that
 * converts reads the selected elements first and converts onto them.
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int same_shape(const h5x_shape *a, const h5x_shape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i])
            return 0;
    return 1;
}

/* Sizes data_fd for count elements, each a copy of fillvalue (NULL: zeros). */
static int fill_data(int data_fd, uint64_t count, size_t element, const void *fillvalue)
{
    if (element && count > (uint64_t)INT64_MAX / element)
        return h5x_connector_error(H5X_ERR_SHAPE, "the dataset is too large for one file");
    if (ftruncate(data_fd, (off_t)(count * element)) != 0) /* reads as zeros */
        return dirstore_os_error(errno, "cannot allocate", DIRSTORE_DATA);
    int zeros = 1;
    for (size_t i = 0; fillvalue && i < element; i++)
        zeros &= ((const unsigned char *)fillvalue)[i] == 0;
    if (zeros)
        return 0;
    enum { BLOCK_ELEMENTS = 4096 };
    unsigned char *block = malloc(BLOCK_ELEMENTS * element);
    if (!block)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < BLOCK_ELEMENTS; i++)
        memcpy(block + i * element, fillvalue, element);
    int rc = 0;
    for (uint64_t done = 0; done < count && rc == 0;) {
        uint64_t n = count - done < BLOCK_ELEMENTS ? count - done : BLOCK_ELEMENTS;
        if (pwrite(data_fd, block, (size_t)n * element, (off_t)(done * element)) != (ssize_t)(n * element))
            rc = dirstore_os_error(errno, "cannot fill", DIRSTORE_DATA);
        done += n;
    }
    free(block);
    return rc;
}

/* Makes the dataset's directory contents: the data first, the header last,
 * because the header is what makes the directory a dataset. */
static int make_dataset(int fd, const h5x_dataset_create_args *args, int sync)
{
    int data_fd = openat(fd, DIRSTORE_DATA, O_RDWR | O_CREAT | O_EXCL, 0666);
    if (data_fd < 0)
        return dirstore_os_error(errno, "cannot create", DIRSTORE_DATA);
    int rc = fill_data(data_fd, h5x_shape_size(&args->shape), h5x_dtype_size(args->dtype), args->fillvalue);
    if (rc == 0 && sync && fsync(data_fd) != 0)
        rc = dirstore_os_error(errno, "cannot write", DIRSTORE_DATA);
    close(data_fd);
    dirstore_header header = {
        .dtype = (h5x_dtype *)args->dtype, /* only read by the save */
        .shape = args->shape,
        .maxshape = args->maxshape,
        .fillvalue = (void *)args->fillvalue,
    };
    return rc < 0 ? rc : dirstore_header_save(fd, DIRSTORE_HEADER, &header, 1, NULL, 0, sync);
}

int dirstore_dataset_create(void *file_ptr, void *loc, const char *path, const h5x_dataset_create_args *args,
                            void **dataset)
{
    dirstore_file *file = file_ptr;
    if (args->chunks.rank > 0 || (args->filters && args->filters[0]) || !same_shape(&args->shape, &args->maxshape))
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED,
                                   "dirstore datasets are contiguous: no chunks, filters or resizing");
    if (args->track_order)
        return dirstore_check_order(H5X_ORDER_CREATION);
    int rc = dirstore_check_storable(args->dtype);
    if (rc < 0)
        return rc;
    int parent, fd = -1;
    char last[DIRSTORE_NAME_MAX];
    if ((rc = dirstore_walk(file, loc, path, 1, &parent, last)) < 0)
        return rc;
    if (!last[0])
        rc = h5x_connector_error(H5X_ERR_EXISTS, "'%s' names an existing group", path);
    else if (mkdirat(parent, last, 0777) != 0)
        rc = errno == EEXIST ? h5x_connector_error(H5X_ERR_EXISTS, "'%s' already exists", path)
                             : dirstore_os_error(errno, "cannot create dataset", path);
    else if ((fd = openat(parent, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0)
        rc = dirstore_os_error(errno, "cannot open the new dataset", path);
    else if ((rc = make_dataset(fd, args, file->sync)) < 0) {
        /* leave nothing half made behind */
        close(fd);
        dirstore_remove_tree(parent, last);
    }
    close(parent);
    return rc < 0 ? rc : dirstore_object_from_fd(file, fd, dataset, NULL);
}

int dirstore_dataset_info(void *dataset, h5x_dataset_info *info)
{
    dirstore_object *object = dataset;
    const dirstore_header *header = &object->header;
    struct stat st;
    if (fstat(object->data_fd, &st) != 0)
        return dirstore_os_error(errno, "cannot inspect", DIRSTORE_DATA);
    memset(info, 0, sizeof *info);
    size_t element = h5x_dtype_size(header->dtype);
    if (header->fillvalue) {
        if ((info->fillvalue = malloc(element)) == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        memcpy(info->fillvalue, header->fillvalue, element);
        info->has_fillvalue = 1;
    }
    info->dtype = h5x_dtype_retain(header->dtype); /* the core closes its reference */
    info->shape = header->shape;
    info->maxshape = header->maxshape;
    info->chunks.rank = 0;
    info->storage_size = (uint64_t)st.st_size;
    return 0;
}

/* Where the next run goes in (or comes from) the packed buffer. */
typedef struct transfer {
    int fd;
    size_t element;
    unsigned char *cursor;
} transfer;

static int read_run(uint64_t first, uint64_t count, void *user_data)
{
    transfer *t = user_data;
    size_t size = (size_t)count * t->element;
    for (size_t done = 0; done < size;) {
        ssize_t n = pread(t->fd, t->cursor + done, size - done, (off_t)(first * t->element + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return dirstore_os_error(errno, "cannot read", DIRSTORE_DATA);
        if (n == 0)
            return h5x_connector_error(H5X_ERR_CORRUPT, "%s is shorter than the dataset's shape", DIRSTORE_DATA);
        done += (size_t)n;
    }
    t->cursor += size;
    return 0;
}

static int write_run(uint64_t first, uint64_t count, void *user_data)
{
    transfer *t = user_data;
    size_t size = (size_t)count * t->element;
    for (size_t done = 0; done < size;) {
        ssize_t n = pwrite(t->fd, t->cursor + done, size - done, (off_t)(first * t->element + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return dirstore_os_error(errno, "cannot write", DIRSTORE_DATA);
        done += (size_t)n;
    }
    t->cursor += size;
    return 0;
}

int dirstore_dataset_read(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, void *buffer)
{
    dirstore_object *object = dataset;
    const h5x_dtype *stored = object->header.dtype;
    uint64_t n = sel ? h5x_resolved_selection_size(sel, &object->header.shape) : h5x_shape_size(&object->header.shape);
    if (n == 0)
        return 0;
    size_t stored_size = h5x_dtype_size(stored);
    int convert = h5x_dtype_equal(stored, mem_dtype) != 1;
    /* a conversion reads into a buffer of its own: should it fail, the
     * caller's buffer is left as it was */
    unsigned char *packed = buffer;
    if (convert && (packed = malloc((size_t)n * stored_size)) == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    transfer t = {object->data_fd, stored_size, packed};
    int rc = dirstore_selection_walk(sel, &object->header.shape, read_run, &t);
    if (rc == 0 && convert)
        rc = h5x_dtype_convert(stored, packed, mem_dtype, buffer, n);
    if (packed != buffer)
        free(packed);
    return rc;
}

int dirstore_dataset_write(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                           const void *buffer)
{
    dirstore_object *object = dataset;
    const h5x_dtype *stored = object->header.dtype;
    uint64_t n = sel ? h5x_resolved_selection_size(sel, &object->header.shape) : h5x_shape_size(&object->header.shape);
    if (n == 0)
        return 0;
    size_t stored_size = h5x_dtype_size(stored);
    unsigned char *packed = (unsigned char *)buffer; /* only read from */
    int rc = 0;
    if (h5x_dtype_equal(stored, mem_dtype) != 1) {
        /* Converted onto the elements as they are, so that compound members
         * the memory dtype lacks keep their values (h5py's dset["x"] = ...),
         * as HDF5 converts onto its background buffer. */
        if ((packed = malloc((size_t)n * stored_size)) == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        transfer background = {object->data_fd, stored_size, packed};
        rc = dirstore_selection_walk(sel, &object->header.shape, read_run, &background);
        if (rc == 0)
            rc = h5x_dtype_convert(mem_dtype, buffer, stored, packed, n);
    }
    transfer t = {object->data_fd, stored_size, packed};
    if (rc == 0)
        rc = dirstore_selection_walk(sel, &object->header.shape, write_run, &t);
    if (rc == 0 && object->file->sync && fdatasync(object->data_fd) != 0)
        rc = dirstore_os_error(errno, "cannot write", DIRSTORE_DATA);
    if (packed != buffer)
        free(packed);
    return rc;
}
