/*
 * native_reference.c — object and region references, stored as h5py 3
 * stores them.
 *
 * h5py's ref_dtype is libhdf5's H5T_STD_REF_OBJ: 8 bytes, the address of
 * the object's header in the file.  Its regionref_dtype is
 * H5T_STD_REF_DSETREG: 12 bytes naming an entry of the file's global heap
 * that holds the dataset's address and the serialised selection.  These
 * are the "old-style" references of libhdf5 1.8, still what h5py writes,
 * so they are what this connector writes and reads (H5Rcreate,
 * H5Rdereference2, H5Rget_region; libhdf5 1.14 keeps them when built with
 * its deprecated symbols, as the library used here is).  A region
 * reference writes its selection into the file when it is made, so making
 * one needs a file open for writing, as in h5py.
 *
 * In memory a reference is an h5x_ref.  This connector's payload (the
 * bytes after the core's kind byte) is a one-byte mark, the kind again,
 * and at PAYLOAD_STORED the stored reference itself, so that reading a
 * reference dataset is a copy of each element into place and writing one
 * is the copy back.  The mark lets a reference made by another connector
 * (whose bytes mean nothing here) be refused instead of dereferenced as
 * an address.  Stored elements that are all zero are null references —
 * what a reference dataset holds where nothing was written — and become
 * the all-zero h5x_ref.
 *
 * A region comes back from the file as a dataspace selection and goes to
 * the core as a resolved selection, in the form that gives h5py's shape
 * for dset[regref]: a regular hyperslab becomes per-axis ranges (or index
 * lists for blocks separated by gaps); a union of blocks that still forms
 * a product of per-axis index sets becomes those sets; anything else
 * becomes its points in C order, and a point selection its points in the
 * order they were stored.
 */
#include <stdlib.h>
#include <string.h>

#include "native_reference.h"

#define PAYLOAD_MARK 'n'
#define PAYLOAD_STORED 8
#define OBJECT_REF_SIZE sizeof(hobj_ref_t)
#define REGION_REF_SIZE sizeof(hdset_reg_ref_t)

/* ------------------------------------------------------------- types */

hid_t native_reference_type(h5x_reference_kind kind)
{
    hid_t type = H5Tcopy(kind == H5X_REF_REGION ? H5T_STD_REF_DSETREG : H5T_STD_REF_OBJ);
    if (type < 0)
        native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of a reference");
    return type;
}

h5x_reference_kind native_reference_kind_of(hid_t type)
{
    if (H5Tequal(type, H5T_STD_REF_OBJ) > 0)
        return H5X_REF_OBJECT;
    if (H5Tequal(type, H5T_STD_REF_DSETREG) > 0)
        return H5X_REF_REGION;
    H5Eclear2(H5E_DEFAULT);
    h5x_connector_error(H5X_ERR_TYPE, "unsupported reference type of %zu bytes (only the object and dataset "
                                      "region references h5py writes are supported)",
                        H5Tget_size(type));
    return H5X_REF_NULL;
}

static size_t stored_size(h5x_reference_kind kind)
{
    return kind == H5X_REF_REGION ? REGION_REF_SIZE : OBJECT_REF_SIZE;
}

static H5R_type_t hdf5_kind(h5x_reference_kind kind)
{
    return kind == H5X_REF_REGION ? H5R_DATASET_REGION : H5R_OBJECT;
}

static int contains_reference(const h5x_dtype *dtype, int depth)
{
    if (dtype == NULL || depth > 32)
        return 0;
    h5x_dtype *inner = NULL;
    int found = 0;
    switch (h5x_dtype_get_class(dtype)) {
    case H5X_CLASS_REFERENCE:
        return depth > 0;
    case H5X_CLASS_COMPOUND: {
        int count = h5x_dtype_member_count(dtype);
        for (int i = 0; i < count && !found; i++) {
            inner = h5x_dtype_member_dtype(dtype, i);
            found = contains_reference(inner, depth + 1) || h5x_dtype_get_class(inner) == H5X_CLASS_REFERENCE;
            h5x_close(inner);
        }
        return found;
    }
    case H5X_CLASS_ARRAY:
        if (h5x_dtype_array_info(dtype, NULL, &inner) < 0)
            return 0;
        break;
    case H5X_CLASS_VLEN:
        inner = h5x_dtype_vlen_base(dtype);
        break;
    default:
        return 0;
    }
    found = inner != NULL && (h5x_dtype_get_class(inner) == H5X_CLASS_REFERENCE || contains_reference(inner, depth + 1));
    h5x_close(inner);
    return found;
}

int native_reference_nested(const h5x_dtype *dtype)
{
    int found = contains_reference(dtype, 0);
    h5x_clear_error();
    return found;
}

int native_reference_nested_error(void)
{
    return h5x_connector_error(H5X_ERR_TYPE, "references inside compound, array or variable-length types cannot "
                                             "be read or written (only datasets and attributes of a reference "
                                             "dtype itself)");
}

/* ------------------------------------------------- stored <-> h5x_ref */

static int all_zero(const unsigned char *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (bytes[i] != 0)
            return 0;
    return 1;
}

static void refs_from_stored(h5x_reference_kind kind, const unsigned char *stored, h5x_ref *refs, hsize_t count)
{
    size_t size = stored_size(kind);
    for (hsize_t i = 0; i < count; i++) {
        const unsigned char *element = stored + i * size;
        h5x_ref *ref = &refs[i];
        memset(ref, 0, sizeof *ref);
        if (all_zero(element, size))
            continue;
        ref->bytes[0] = (uint8_t)kind;
        uint8_t *payload = ref->bytes + H5X_REF_PAYLOAD_OFFSET;
        payload[0] = PAYLOAD_MARK;
        payload[1] = (uint8_t)kind;
        memcpy(payload + PAYLOAD_STORED, element, size);
    }
}

/* Checks a payload the core handed over and gives its kind. */
static int payload_kind(const uint8_t *payload, h5x_reference_kind *kind)
{
    if (payload[0] != PAYLOAD_MARK || (payload[1] != H5X_REF_OBJECT && payload[1] != H5X_REF_REGION))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "the reference was not made by the native connector");
    *kind = (h5x_reference_kind)payload[1];
    return 0;
}

static int refs_to_stored(h5x_reference_kind kind, const h5x_ref *refs, unsigned char *stored, hsize_t count)
{
    size_t size = stored_size(kind);
    for (hsize_t i = 0; i < count; i++) {
        unsigned char *element = stored + i * size;
        const h5x_ref *ref = &refs[i];
        memset(element, 0, size);
        if (ref->bytes[0] == H5X_REF_NULL)
            continue;
        const uint8_t *payload = ref->bytes + H5X_REF_PAYLOAD_OFFSET;
        h5x_reference_kind own = H5X_REF_NULL;
        int status = payload_kind(payload, &own);
        if (status < 0)
            return status;
        if (own != kind || ref->bytes[0] != (uint8_t)kind)
            return h5x_connector_error(H5X_ERR_TYPE, "element %llu is an %s reference; this type stores %s references",
                                       (unsigned long long)i, own == H5X_REF_REGION ? "region" : "object",
                                       kind == H5X_REF_REGION ? "region" : "object");
        memcpy(element, payload + PAYLOAD_STORED, size);
    }
    return 0;
}

static void *scratch_of(h5x_reference_kind kind, hsize_t count)
{
    size_t bytes = (size_t)count * stored_size(kind);
    void *scratch = calloc(1, bytes > 0 ? bytes : 1);
    if (scratch == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory moving %llu references", (unsigned long long)count);
    return scratch;
}

/* --------------------------------------------------- datasets, attributes */

int native_ref_dataset_read(hid_t dataset, hid_t file_type, hid_t mem_space, hid_t file_space, hsize_t count,
                            void *buffer)
{
    h5x_reference_kind kind = native_reference_kind_of(file_type);
    if (kind == H5X_REF_NULL)
        return H5X_ERR_TYPE;
    hid_t mem_type = native_reference_type(kind);
    void *scratch = mem_type < 0 ? NULL : scratch_of(kind, count);
    int status = 0;
    if (scratch == NULL)
        status = mem_type < 0 ? H5X_ERR_TYPE : H5X_ERR_NO_MEMORY;
    else if (H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, scratch) < 0)
        status = native_fail(H5X_ERR_IO, "unable to read references from the dataset");
    else
        refs_from_stored(kind, scratch, buffer, count);
    free(scratch);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    return status;
}

int native_ref_dataset_write(hid_t dataset, hid_t file_type, hid_t mem_space, hid_t file_space, hsize_t count,
                             const void *buffer)
{
    h5x_reference_kind kind = native_reference_kind_of(file_type);
    if (kind == H5X_REF_NULL)
        return H5X_ERR_TYPE;
    hid_t mem_type = native_reference_type(kind);
    void *scratch = mem_type < 0 ? NULL : scratch_of(kind, count);
    int status = 0;
    if (scratch == NULL)
        status = mem_type < 0 ? H5X_ERR_TYPE : H5X_ERR_NO_MEMORY;
    else if ((status = refs_to_stored(kind, buffer, scratch, count)) >= 0 &&
             H5Dwrite(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, scratch) < 0)
        status = native_fail(H5X_ERR_IO, "unable to write references to the dataset");
    free(scratch);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    return status;
}

/* Moves a whole reference attribute: to_file selects H5Awrite. */
static int attr_transfer(hid_t attr, hsize_t count, void *buffer, int to_file)
{
    hid_t file_type = H5Aget_type(attr);
    if (file_type < 0)
        return native_fail(H5X_ERR_IO, "unable to read an attribute's type");
    h5x_reference_kind kind = native_reference_kind_of(file_type);
    H5Tclose(file_type);
    if (kind == H5X_REF_NULL)
        return H5X_ERR_TYPE;
    hid_t mem_type = native_reference_type(kind);
    void *scratch = mem_type < 0 ? NULL : scratch_of(kind, count);
    int status = 0;
    if (scratch == NULL) {
        status = mem_type < 0 ? H5X_ERR_TYPE : H5X_ERR_NO_MEMORY;
    } else if (to_file) {
        if ((status = refs_to_stored(kind, buffer, scratch, count)) >= 0 && H5Awrite(attr, mem_type, scratch) < 0)
            status = native_fail(H5X_ERR_IO, "unable to write references to an attribute");
    } else if (H5Aread(attr, mem_type, scratch) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read references from an attribute");
    } else {
        refs_from_stored(kind, scratch, buffer, count);
    }
    free(scratch);
    if (mem_type >= 0)
        H5Tclose(mem_type);
    return status;
}

int native_ref_attr_read(hid_t attr, hsize_t count, void *buffer)
{
    return attr_transfer(attr, count, buffer, 0);
}

int native_ref_attr_write(hid_t attr, hsize_t count, const void *buffer)
{
    return attr_transfer(attr, count, (void *)buffer, 1);
}

/* ----------------------------------------------------------- the slots */

int native_ref_create(void *file_in, void *object_in, const h5x_resolved_selection *region, uint8_t *payload)
{
    native_file *file = file_in;
    hid_t loc = native_location(file, object_in);
    h5x_reference_kind kind = region != NULL ? H5X_REF_REGION : H5X_REF_OBJECT;
    memset(payload, 0, H5X_REF_PAYLOAD_SIZE);
    unsigned char stored[sizeof(hdset_reg_ref_t) > sizeof(hobj_ref_t) ? sizeof(hdset_reg_ref_t)
                                                                        : sizeof(hobj_ref_t)];
    memset(stored, 0, sizeof stored);
    if (kind == H5X_REF_OBJECT) {
        if (H5Rcreate(stored, loc, ".", H5R_OBJECT, H5I_INVALID_HID) < 0)
            return native_fail(H5X_ERR_IO, "unable to create an object reference");
    } else {
        int status = native_require_writable(file, "create a region reference (its selection is stored in the file)");
        if (status < 0)
            return status;
        hid_t space = H5Dget_space(loc);
        if (space < 0)
            return native_fail(H5X_ERR_BAD_HANDLE, "unable to read the dataspace for a region reference");
        hsize_t count = 0;
        status = native_select(space, region, &count);
        if (status >= 0 && H5Rcreate(stored, loc, ".", H5R_DATASET_REGION, space) < 0)
            status = native_fail(H5X_ERR_IO, "unable to create a region reference");
        H5Sclose(space);
        if (status < 0)
            return status;
    }
    payload[0] = PAYLOAD_MARK;
    payload[1] = (uint8_t)kind;
    memcpy(payload + PAYLOAD_STORED, stored, stored_size(kind));
    return 0;
}

int native_ref_open(void *file_in, const uint8_t *payload, void **object_out, h5x_object_info *info)
{
    native_file *file = file_in;
    *object_out = NULL;
    h5x_reference_kind kind = H5X_REF_NULL;
    int status = payload_kind(payload, &kind);
    if (status < 0)
        return status;
    hid_t id = H5Rdereference2(file->id, H5P_DEFAULT, hdf5_kind(kind), payload + PAYLOAD_STORED);
    if (id < 0)
        return native_fail(H5X_ERR_NOT_FOUND, "unable to dereference an %s reference",
                           kind == H5X_REF_REGION ? "region" : "object");
    h5x_object_info local;
    if (info == NULL)
        info = &local;
    if ((status = native_object_info_of(id, info)) < 0) {
        H5Oclose(id);
        return status;
    }
    native_object *object = native_object_wrap(file, id, info->kind);
    if (object == NULL)
        return H5X_ERR_NO_MEMORY;
    *object_out = object;
    return 0;
}

/* ------------------------------------------------ dataspace -> selection */

static h5x_resolved_selection *new_selection(int rank, h5x_sel_kind kind)
{
    h5x_resolved_selection *sel = calloc(1, sizeof *sel);
    if (sel == NULL) {
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region");
        return NULL;
    }
    sel->rank = rank;
    sel->kind = kind;
    return sel;
}

static void free_selection(h5x_resolved_selection *sel)
{
    if (sel == NULL)
        return;
    for (int a = 0; a < H5X_MAX_RANK; a++)
        free((void *)(uintptr_t)sel->axes[a].list);
    free((void *)(uintptr_t)sel->points);
    free(sel);
}

static void set_range(h5x_axis_selection *axis, uint64_t start, uint64_t step, uint64_t count)
{
    axis->start = start;
    axis->step = step >= 1 ? step : 1;
    axis->count = count;
    axis->list = NULL;
}

/* Gives an axis the index list of sorted, distinct indices; a list that
 * is an arithmetic progression becomes a range. */
static int set_indices(h5x_axis_selection *axis, uint64_t *indices, uint64_t count)
{
    int arithmetic = count >= 1;
    uint64_t step = count >= 2 ? indices[1] - indices[0] : 1;
    for (uint64_t i = 2; arithmetic && i < count; i++)
        arithmetic = indices[i] - indices[i - 1] == step;
    if (arithmetic) {
        set_range(axis, indices[0], step, count);
        free(indices);
        return 0;
    }
    axis->start = indices[0];
    axis->step = 1;
    axis->count = count;
    axis->list = indices;
    return 0;
}

/* A regular hyperslab: on each axis `count` blocks of `block` indices,
 * `stride` apart. */
static int regular_selection(hid_t space, int rank, h5x_resolved_selection **out)
{
    hsize_t start[H5X_MAX_RANK], stride[H5X_MAX_RANK], count[H5X_MAX_RANK], block[H5X_MAX_RANK];
    if (H5Sget_regular_hyperslab(space, start, stride, count, block) < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to read a region's hyperslab");
    h5x_resolved_selection *sel = new_selection(rank, H5X_SEL_ORTHOGONAL);
    if (sel == NULL)
        return H5X_ERR_NO_MEMORY;
    for (int a = 0; a < rank; a++) {
        h5x_axis_selection *axis = &sel->axes[a];
        if (count[a] == 1 || stride[a] == block[a]) {
            set_range(axis, start[a], 1, count[a] * block[a]);
        } else if (block[a] == 1) {
            set_range(axis, start[a], stride[a], count[a]);
        } else {
            uint64_t n = (uint64_t)count[a] * block[a];
            uint64_t *indices = malloc((size_t)n * sizeof *indices);
            if (indices == NULL) {
                free_selection(sel);
                return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region");
            }
            uint64_t k = 0;
            for (hsize_t c = 0; c < count[a]; c++)
                for (hsize_t b = 0; b < block[a]; b++)
                    indices[k++] = start[a] + c * stride[a] + b;
            set_indices(axis, indices, n);
        }
    }
    *out = sel;
    return 0;
}

/* The linear (C order) indices of every selected element, in C order. */
static int selected_offsets(hid_t space, hsize_t npoints, uint64_t **out)
{
    uint64_t *offsets = malloc((size_t)(npoints > 0 ? npoints : 1) * sizeof *offsets);
    if (offsets == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region of %llu elements",
                                   (unsigned long long)npoints);
    hid_t iter = H5Ssel_iter_create(space, 1, H5S_SEL_ITER_GET_SEQ_LIST_SORTED);
    if (iter < 0) {
        free(offsets);
        return native_fail(H5X_ERR_CORRUPT, "unable to walk a region's selection");
    }
    enum { SEQUENCES = 256 };
    hsize_t seq_offsets[SEQUENCES];
    size_t seq_lengths[SEQUENCES];
    hsize_t done = 0;
    int status = 0;
    while (done < npoints) {
        size_t nseq = 0, nbytes = 0;
        if (H5Ssel_iter_get_seq_list(iter, SEQUENCES, (size_t)-1, &nseq, &nbytes, seq_offsets, seq_lengths) < 0) {
            status = native_fail(H5X_ERR_CORRUPT, "unable to walk a region's selection");
            break;
        }
        if (nseq == 0)
            break;
        for (size_t s = 0; s < nseq; s++)
            for (size_t k = 0; k < seq_lengths[s] && done < npoints; k++)
                offsets[done++] = seq_offsets[s] + k;
    }
    H5Ssel_iter_close(iter);
    if (status == 0 && done != npoints)
        status = h5x_connector_error(H5X_ERR_CORRUPT, "a region's selection walk gave %llu of %llu elements",
                                     (unsigned long long)done, (unsigned long long)npoints);
    if (status < 0) {
        free(offsets);
        return status;
    }
    *out = offsets;
    return 0;
}

static int compare_indices(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The sorted distinct values of one axis over every point. */
static uint64_t *axis_projection(const uint64_t *coords, hsize_t npoints, int rank, int axis, uint64_t *count)
{
    uint64_t *values = malloc((size_t)(npoints > 0 ? npoints : 1) * sizeof *values);
    if (values == NULL)
        return NULL;
    for (hsize_t p = 0; p < npoints; p++)
        values[p] = coords[p * (hsize_t)rank + (hsize_t)axis];
    qsort(values, (size_t)npoints, sizeof *values, compare_indices);
    uint64_t n = 0;
    for (hsize_t p = 0; p < npoints; p++)
        if (n == 0 || values[n - 1] != values[p])
            values[n++] = values[p];
    *count = n;
    return values;
}

/* An irregular hyperslab (a union of blocks): the product of its per-axis
 * index sets when it is one, else its points in C order. */
static int irregular_selection(hid_t space, int rank, const hsize_t *dims, h5x_resolved_selection **out)
{
    hssize_t n = H5Sget_select_npoints(space);
    if (n < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to count a region's elements");
    hsize_t npoints = (hsize_t)n;
    if (npoints == 0)
        return (*out = new_selection(rank, H5X_SEL_NONE)) != NULL ? 0 : H5X_ERR_NO_MEMORY;
    uint64_t *offsets = NULL;
    int status = selected_offsets(space, npoints, &offsets);
    if (status < 0)
        return status;
    uint64_t *coords = malloc((size_t)(npoints > 0 ? npoints : 1) * (size_t)rank * sizeof *coords);
    if (coords == NULL) {
        free(offsets);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region");
    }
    for (hsize_t p = 0; p < npoints; p++) {
        uint64_t rest = offsets[p];
        for (int a = rank - 1; a >= 0; a--) {
            coords[p * (hsize_t)rank + (hsize_t)a] = rest % dims[a];
            rest /= dims[a];
        }
    }
    free(offsets);

    h5x_resolved_selection *sel = new_selection(rank, H5X_SEL_ORTHOGONAL);
    if (sel == NULL) {
        free(coords);
        return H5X_ERR_NO_MEMORY;
    }
    uint64_t product = 1;
    for (int a = 0; a < rank && status == 0; a++) {
        uint64_t count = 0;
        uint64_t *values = axis_projection(coords, npoints, rank, a, &count);
        if (values == NULL) {
            status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region");
            break;
        }
        set_indices(&sel->axes[a], values, count);
        product = count != 0 && product > UINT64_MAX / count ? UINT64_MAX : product * count;
    }
    if (status == 0 && product != npoints) {
        /* Not a product of index sets: h5py reads it as 1-D points. */
        free_selection(sel);
        sel = new_selection(rank, H5X_SEL_POINTS);
        if (sel == NULL) {
            status = H5X_ERR_NO_MEMORY;
        } else {
            sel->npoints = npoints;
            sel->points = coords;
            coords = NULL;
        }
    }
    free(coords);
    if (status < 0) {
        free_selection(sel);
        return status;
    }
    *out = sel;
    return 0;
}

static int point_selection(hid_t space, int rank, h5x_resolved_selection **out)
{
    hssize_t n = H5Sget_select_elem_npoints(space);
    if (n < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to count a region's points");
    h5x_resolved_selection *sel = new_selection(rank, n > 0 ? H5X_SEL_POINTS : H5X_SEL_NONE);
    if (sel == NULL)
        return H5X_ERR_NO_MEMORY;
    size_t ncoords = (size_t)n * (size_t)rank;
    hsize_t *coords = malloc((ncoords > 0 ? ncoords : 1) * sizeof *coords);
    uint64_t *points = malloc((ncoords > 0 ? ncoords : 1) * sizeof *points);
    int status = 0;
    if (coords == NULL || points == NULL)
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a region of %lld points", (long long)n);
    else if (n > 0 && H5Sget_select_elem_pointlist(space, 0, (hsize_t)n, coords) < 0)
        status = native_fail(H5X_ERR_CORRUPT, "unable to read a region's points");
    if (status == 0) {
        for (size_t i = 0; i < ncoords; i++)
            points[i] = coords[i];
        sel->npoints = (uint64_t)n;
        sel->points = points;
        points = NULL;
    }
    free(coords);
    free(points);
    if (status < 0) {
        free_selection(sel);
        return status;
    }
    *out = sel;
    return 0;
}

/* The resolved form of the selection in space. */
static int selection_of_space(hid_t space, h5x_resolved_selection **out)
{
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > H5X_MAX_RANK)
        return native_fail(H5X_ERR_CORRUPT, "a region of unsupported rank %d", rank);
    hsize_t dims[H5X_MAX_RANK];
    if (rank > 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to read a region's extent");
    H5S_sel_type type = H5Sget_select_type(space);
    switch (type) {
    case H5S_SEL_NONE:
        return (*out = new_selection(rank, H5X_SEL_NONE)) != NULL ? 0 : H5X_ERR_NO_MEMORY;
    case H5S_SEL_ALL: {
        h5x_resolved_selection *sel = new_selection(rank, H5X_SEL_ALL);
        if (sel == NULL)
            return H5X_ERR_NO_MEMORY;
        for (int a = 0; a < rank; a++)
            set_range(&sel->axes[a], 0, 1, dims[a]);
        *out = sel;
        return 0;
    }
    case H5S_SEL_POINTS:
        return point_selection(space, rank, out);
    case H5S_SEL_HYPERSLABS: {
        if (rank == 0)
            return (*out = new_selection(0, H5X_SEL_ALL)) != NULL ? 0 : H5X_ERR_NO_MEMORY;
        htri_t regular = H5Sis_regular_hyperslab(space);
        if (regular < 0)
            return native_fail(H5X_ERR_CORRUPT, "unable to read a region's hyperslab");
        return regular ? regular_selection(space, rank, out) : irregular_selection(space, rank, dims, out);
    }
    default:
        return native_fail(H5X_ERR_CORRUPT, "a region with an unknown kind of selection (%d)", (int)type);
    }
}

int native_ref_region(void *file_in, const uint8_t *payload, h5x_resolved_selection **region)
{
    native_file *file = file_in;
    *region = NULL;
    h5x_reference_kind kind = H5X_REF_NULL;
    int status = payload_kind(payload, &kind);
    if (status < 0)
        return status;
    if (kind != H5X_REF_REGION)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "an object reference holds no region");
    hid_t space = H5Rget_region(file->id, H5R_DATASET_REGION, payload + PAYLOAD_STORED);
    if (space < 0)
        return native_fail(H5X_ERR_NOT_FOUND, "unable to read the region of a region reference");
    status = selection_of_space(space, region);
    H5Sclose(space);
    return status;
}
