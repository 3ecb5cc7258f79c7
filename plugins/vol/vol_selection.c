/*
 * vol_selection.c — moving data between HDF5's dataspace selections and
 * h5x datasets.
 *
 * HDF5 describes a transfer by a selection in the file's dataspace and one
 * in the memory buffer's; element k of the one goes with element k of the
 * other, each selection visited in its own order (C order of coordinates
 * for hyperslabs, the given order for point lists).  h5x takes NumPy-style
 * selections, which are products of per-axis index sets, and delivers the
 * elements packed in C order.
 *
 * So a file selection becomes, in order of preference:
 *   - everything (H5S_ALL or a selection of all): h5x's NULL selection;
 *   - a regular hyperslab (start, stride, count, block per axis): a product
 *     of per-axis sets, each a slice (when the blocks touch or are single
 *     elements) or an index list — exact, one h5x call;
 *   - anything else (unions of blocks, point lists): its blocks (a point is
 *     a block of one element), each moved by one h5x call through a staging
 *     buffer the size of the selection's bounding box, in which HDF5's own
 *     H5Dgather/H5Dscatter put the elements into the selection's order.
 * The memory side is a packed buffer when the memory selection is
 * everything; otherwise H5Dgather/H5Dscatter move the packed elements
 * between it and the application's buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

typedef struct packed_source {
    const void *data;
    size_t size;
} packed_source;

static herr_t give_packed(const void **src, size_t *used, void *data)
{
    packed_source *source = data;
    *src = source->data;
    *used = source->size;
    return 0;
}

h5x_selection *vol_regular_selection(hid_t space, int rank)
{
    hsize_t start[H5S_MAX_RANK], stride[H5S_MAX_RANK], count[H5S_MAX_RANK], block[H5S_MAX_RANK];
    if (H5Sget_regular_hyperslab(space, start, stride, count, block) < 0) {
        vol_fail_here("cannot read a regular hyperslab");
        return NULL;
    }
    h5x_selection *sel = h5x_selection_new();
    if (sel == NULL)
        return NULL;
    for (int axis = 0; axis < rank; axis++) {
        int status;
        if (block[axis] == 1 || count[axis] == 1 || stride[axis] == block[axis]) {
            uint64_t step = block[axis] == 1 ? stride[axis] : 1;
            uint64_t stop = block[axis] == 1 ? start[axis] + (count[axis] - 1) * stride[axis] + 1
                                             : start[axis] + (count[axis] - 1) * stride[axis] + block[axis];
            status = h5x_selection_add_slice(sel, (int64_t)start[axis], (int64_t)stop, (int64_t)step);
        } else {
            size_t n = (size_t)(count[axis] * block[axis]);
            int64_t *indices = malloc(n * sizeof *indices);
            if (indices == NULL) {
                h5x_close(sel);
                vol_fail_here("out of memory");
                return NULL;
            }
            size_t k = 0;
            for (hsize_t c = 0; c < count[axis]; c++)
                for (hsize_t b = 0; b < block[axis]; b++)
                    indices[k++] = (int64_t)(start[axis] + c * stride[axis] + b);
            status = h5x_selection_add_list(sel, indices, n);
            free(indices);
        }
        if (status < 0) {
            h5x_close(sel);
            vol_fail("cannot express a hyperslab as an h5x selection");
            return NULL;
        }
    }
    return sel;
}

/* An h5x selection of one block [lo, hi] (inclusive) on every axis. */
static h5x_selection *block_selection(int rank, const hsize_t *lo, const hsize_t *hi)
{
    h5x_selection *sel = h5x_selection_new();
    for (int axis = 0; sel != NULL && axis < rank; axis++) {
        if (h5x_selection_add_slice(sel, (int64_t)lo[axis], (int64_t)hi[axis] + 1, 1) < 0) {
            h5x_close(sel);
            sel = NULL;
        }
    }
    if (sel == NULL)
        vol_fail("cannot make an h5x selection of a block");
    return sel;
}

/* The blocks of an irregular selection as (lo, hi) coordinate pairs,
 * 2 * rank numbers per block (malloc'd). */
static int selection_blocks(hid_t space, int rank, hsize_t *nblocks, hsize_t **coords)
{
    H5S_sel_type kind = H5Sget_select_type(space);
    hssize_t n = kind == H5S_SEL_POINTS ? H5Sget_select_elem_npoints(space) : H5Sget_select_hyper_nblocks(space);
    if (n < 0)
        return vol_fail_here("cannot list the blocks of a selection");
    *nblocks = (hsize_t)n;
    *coords = malloc(((size_t)n * 2 * (size_t)rank + 1) * sizeof **coords);
    if (*coords == NULL)
        return vol_fail_here("out of memory");
    if (kind == H5S_SEL_POINTS) {
        hsize_t *points = malloc(((size_t)n * (size_t)rank + 1) * sizeof *points);
        if (points == NULL || H5Sget_select_elem_pointlist(space, 0, (hsize_t)n, points) < 0) {
            free(points);
            free(*coords);
            return vol_fail_here("cannot list the points of a selection");
        }
        for (hssize_t p = 0; p < n; p++)
            for (int axis = 0; axis < rank; axis++) {
                (*coords)[(size_t)p * 2 * (size_t)rank + (size_t)axis] = points[(size_t)p * (size_t)rank + (size_t)axis];
                (*coords)[(size_t)p * 2 * (size_t)rank + (size_t)rank + (size_t)axis] =
                    points[(size_t)p * (size_t)rank + (size_t)axis];
            }
        free(points);
    } else if (H5Sget_select_hyper_blocklist(space, 0, (hsize_t)n, *coords) < 0) {
        free(*coords);
        return vol_fail_here("cannot list the blocks of a selection");
    }
    return 0;
}

/* A dataspace of the bounding box (lo..hi) with the same selection moved
 * to the box's origin. */
static hid_t staging_space(hid_t space, int rank, const hsize_t *lo, const hsize_t *box, hsize_t nblocks,
                           const hsize_t *coords)
{
    hid_t staged = H5Screate_simple(rank, box, NULL);
    if (staged < 0)
        return H5I_INVALID_HID;
    herr_t status = 0;
    if (H5Sget_select_type(space) == H5S_SEL_POINTS) {
        hsize_t *points = malloc(((size_t)nblocks * (size_t)rank + 1) * sizeof *points);
        if (points == NULL)
            status = -1;
        for (hsize_t p = 0; status >= 0 && p < nblocks; p++)
            for (int axis = 0; axis < rank; axis++)
                points[p * (hsize_t)rank + (hsize_t)axis] = coords[p * 2 * (hsize_t)rank + (hsize_t)axis] - lo[axis];
        if (status >= 0)
            status = H5Sselect_elements(staged, H5S_SELECT_SET, (size_t)nblocks, points);
        free(points);
    } else {
        for (hsize_t b = 0; status >= 0 && b < nblocks; b++) {
            hsize_t start[H5S_MAX_RANK], count[H5S_MAX_RANK];
            for (int axis = 0; axis < rank; axis++) {
                start[axis] = coords[b * 2 * (hsize_t)rank + (hsize_t)axis] - lo[axis];
                count[axis] = coords[b * 2 * (hsize_t)rank + (hsize_t)rank + (hsize_t)axis] -
                              coords[b * 2 * (hsize_t)rank + (hsize_t)axis] + 1;
            }
            status = H5Sselect_hyperslab(staged, b == 0 ? H5S_SELECT_SET : H5S_SELECT_OR, start, NULL, count, NULL);
        }
    }
    if (status < 0) {
        H5Sclose(staged);
        return H5I_INVALID_HID;
    }
    return staged;
}

/* Moves one block between the h5x dataset and the staging buffer. */
static int move_block(vol_object *dset, const h5x_dtype *dtype, size_t element, int rank, const hsize_t *box,
                      const hsize_t *lo, const hsize_t *block_lo, const hsize_t *block_hi, void *stage,
                      void *scratch, hid_t mem_type, int writing)
{
    hsize_t start[H5S_MAX_RANK], count[H5S_MAX_RANK];
    size_t n = 1;
    for (int axis = 0; axis < rank; axis++) {
        start[axis] = block_lo[axis] - lo[axis];
        count[axis] = block_hi[axis] - block_lo[axis] + 1;
        n *= (size_t)count[axis];
    }
    hid_t block_space = H5Screate_simple(rank, box, NULL);
    if (block_space < 0 || H5Sselect_hyperslab(block_space, H5S_SELECT_SET, start, NULL, count, NULL) < 0) {
        if (block_space >= 0)
            H5Sclose(block_space);
        return vol_fail_here("cannot select a block");
    }
    h5x_selection *sel = block_selection(rank, block_lo, block_hi);
    int status = sel != NULL ? 0 : -1;
    if (status == 0 && writing) {
        if (H5Dgather(block_space, stage, mem_type, n * element, scratch, NULL, NULL) < 0)
            status = vol_fail_here("cannot gather a block");
        else if (h5x_dataset_write(dset->object, sel, dtype, scratch, NULL) < 0)
            status = vol_fail("cannot write a block of the selection");
    } else if (status == 0) {
        packed_source source = {scratch, n * element};
        if (h5x_dataset_read(dset->object, sel, dtype, scratch, n * element) < 0)
            status = vol_fail("cannot read a block of the selection");
        else if (H5Dscatter(give_packed, &source, mem_type, block_space, stage) < 0)
            status = vol_fail_here("cannot scatter a block");
    }
    h5x_close(sel);
    H5Sclose(block_space);
    return status;
}

/* Moves the elements of an irregular file selection, packed in the
 * selection's order, between packed and the dataset. */
static int irregular_io(vol_object *dset, const h5x_dtype *dtype, hid_t mem_type, size_t element, hid_t space,
                        int rank, hsize_t npoints, void *packed, int writing)
{
    hsize_t nblocks = 0, *coords = NULL;
    if (selection_blocks(space, rank, &nblocks, &coords) < 0)
        return -1;
    hsize_t lo[H5S_MAX_RANK], hi[H5S_MAX_RANK], box[H5S_MAX_RANK];
    size_t box_elements = 1;
    for (int axis = 0; axis < rank; axis++) {
        lo[axis] = coords[axis];
        hi[axis] = coords[(size_t)rank + (size_t)axis];
        for (hsize_t b = 1; b < nblocks; b++) {
            const hsize_t *block = coords + b * 2 * (hsize_t)rank;
            if (block[axis] < lo[axis])
                lo[axis] = block[axis];
            if (block[rank + axis] > hi[axis])
                hi[axis] = block[rank + axis];
        }
        box[axis] = hi[axis] - lo[axis] + 1;
        box_elements *= (size_t)box[axis];
    }
    hid_t staged = staging_space(space, rank, lo, box, nblocks, coords);
    void *stage = calloc(box_elements, element);
    void *scratch = malloc(box_elements * element);
    int status = 0;
    if (staged < 0 || stage == NULL || scratch == NULL)
        status = vol_fail_here("cannot stage a selection of %llu elements", (unsigned long long)npoints);
    if (status == 0 && writing) {
        packed_source source = {packed, (size_t)npoints * element};
        if (H5Dscatter(give_packed, &source, mem_type, staged, stage) < 0)
            status = vol_fail_here("cannot stage the data of a selection");
    }
    for (hsize_t b = 0; status == 0 && b < nblocks; b++) {
        const hsize_t *block = coords + b * 2 * (hsize_t)rank;
        status = move_block(dset, dtype, element, rank, box, lo, block, block + rank, stage, scratch, mem_type,
                            writing);
    }
    if (status == 0 && !writing && H5Dgather(staged, stage, mem_type, (size_t)npoints * element, packed, NULL, NULL) < 0)
        status = vol_fail_here("cannot order the elements of a selection");
    free(scratch);
    free(stage);
    free(coords);
    if (staged >= 0)
        H5Sclose(staged);
    return status;
}

/* 1 when the type, at any depth, holds references, whose memory form
 * (H5R_ref_t and the older hobj_ref_t) is HDF5's own and not h5x's. */
static int has_references(hid_t type)
{
    H5T_class_t kind = H5Tget_class(type);
    if (kind == H5T_REFERENCE)
        return 1;
    if (kind == H5T_COMPOUND) {
        int members = H5Tget_nmembers(type);
        for (int i = 0; i < members; i++) {
            hid_t member = H5Tget_member_type(type, (unsigned)i);
            int found = member >= 0 && has_references(member);
            if (member >= 0)
                H5Tclose(member);
            if (found)
                return 1;
        }
        return 0;
    }
    if (kind == H5T_ARRAY || kind == H5T_VLEN) {
        hid_t base = H5Tget_super(type);
        int found = base >= 0 && has_references(base);
        if (base >= 0)
            H5Tclose(base);
        return found;
    }
    return 0;
}

/* The application's allocator for variable-length data (H5Pset_vlen_mem_manager). */
typedef struct vlen_allocator {
    H5MM_allocate_t allocate;
    void *allocate_info;
} vlen_allocator;

/* Moves the variable-length memory of count elements of type at data,
 * which h5x allocated with malloc, into blocks of the application's
 * allocator, walking compounds, arrays and nested sequences. */
static int rehome_vlen(hid_t type, unsigned char *data, size_t count, const vlen_allocator *to)
{
    size_t size = H5Tget_size(type);
    H5T_class_t kind = H5Tget_class(type);
    int status = 0;
    if (kind == H5T_STRING && H5Tis_variable_str(type) > 0) {
        for (size_t i = 0; i < count && status == 0; i++) {
            char **text = (char **)(void *)(data + i * size);
            if (*text == NULL)
                continue;
            size_t length = strlen(*text) + 1;
            char *moved = to->allocate(length, to->allocate_info);
            if (moved == NULL)
                return vol_fail_here("the application's allocator gave no memory for a string");
            memcpy(moved, *text, length);
            free(*text);
            *text = moved;
        }
    } else if (kind == H5T_VLEN) {
        hid_t base = H5Tget_super(type);
        size_t base_size = base >= 0 ? H5Tget_size(base) : 0;
        for (size_t i = 0; i < count && status == 0 && base >= 0; i++) {
            hvl_t *sequence = (hvl_t *)(void *)(data + i * size);
            if (sequence->p == NULL || sequence->len == 0)
                continue;
            void *moved = to->allocate(sequence->len * base_size, to->allocate_info);
            if (moved == NULL) {
                status = vol_fail_here("the application's allocator gave no memory for a sequence");
                break;
            }
            memcpy(moved, sequence->p, sequence->len * base_size);
            free(sequence->p);
            sequence->p = moved;
            status = rehome_vlen(base, moved, sequence->len, to);
        }
        if (base >= 0)
            H5Tclose(base);
    } else if (kind == H5T_COMPOUND) {
        int members = H5Tget_nmembers(type);
        for (int m = 0; m < members && status == 0; m++) {
            hid_t member = H5Tget_member_type(type, (unsigned)m);
            size_t offset = H5Tget_member_offset(type, (unsigned)m);
            for (size_t i = 0; i < count && status == 0 && member >= 0; i++)
                status = rehome_vlen(member, data + i * size + offset, 1, to);
            if (member >= 0)
                H5Tclose(member);
        }
    } else if (kind == H5T_ARRAY) {
        hid_t base = H5Tget_super(type);
        size_t base_size = base >= 0 ? H5Tget_size(base) : 0;
        if (base >= 0 && base_size > 0)
            status = rehome_vlen(base, data, count * (size / base_size), to);
        if (base >= 0)
            H5Tclose(base);
    }
    return status;
}

/* After a read: hands variable-length data to the allocator of the
 * transfer list when the application set one (H5Dvlen_get_buf_size
 * counts with it). */
static int apply_vlen_allocator(hid_t dxpl, hid_t mem_type, void *data, size_t count)
{
    vlen_allocator to = {NULL, NULL};
    H5MM_free_t release = NULL;
    void *release_info = NULL;
    if (dxpl < 0 || dxpl == H5P_DEFAULT ||
        (H5Tdetect_class(mem_type, H5T_VLEN) <= 0 && H5Tdetect_class(mem_type, H5T_STRING) <= 0))
        return 0;
    if (H5Pget_vlen_mem_manager(dxpl, &to.allocate, &to.allocate_info, &release, &release_info) < 0 ||
        to.allocate == NULL)
        return 0;
    return rehome_vlen(mem_type, data, count, &to);
}

herr_t vol_dataset_io(vol_object *dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t dxpl, void *buf,
                      int writing)
{
    if (vol_reference_memory_type(mem_type))
        return vol_reference_dataset_io(dset, mem_type, mem_space, file_space, dxpl, buf, writing);
    if (has_references(mem_type))
        return vol_fail_here("the h5x VOL connector moves references only at the top of a type, as h5x keeps "
                             "them, not inside compound, array or variable-length types");
    h5x_dtype *dtype = vol_dtype_of(mem_type);
    if (dtype == NULL)
        return -1;
    size_t element = H5Tget_size(mem_type);
    herr_t status = 0;
    if (element != h5x_dtype_size(dtype))
        status = vol_fail_here("the memory type's %zu bytes differ from h5x's %zu for it", element,
                               h5x_dtype_size(dtype));
    else
        status = vol_dataset_io_as(dset, dtype, mem_type, mem_space, file_space, dxpl, buf, writing);
    h5x_close(dtype);
    return status;
}

herr_t vol_dataset_io_as(vol_object *dset, const h5x_dtype *dtype, hid_t mem_type, hid_t mem_space,
                         hid_t file_space, hid_t dxpl, void *buf, int writing)
{
    h5x_shape shape;
    if (h5x_dataset_shape(dset->object, &shape) < 0)
        return vol_fail("cannot read the shape of a dataset");
    int rank = shape.rank < 0 ? 0 : shape.rank;

    /* the file selection */
    hsize_t npoints = shape.rank < 0 ? 0 : h5x_shape_size(&shape);
    int everything = 1;
    H5S_sel_type file_kind = H5S_SEL_ALL;
    if (file_space != H5S_ALL) {
        file_kind = H5Sget_select_type(file_space);
        hssize_t n = H5Sget_select_npoints(file_space);
        if (file_kind < 0 || n < 0)
            return vol_fail_here("bad file dataspace");
        npoints = (hsize_t)n;
        everything = file_kind == H5S_SEL_ALL;
    }
    if (npoints == 0)
        return 0;

    /* the memory selection; H5S_ALL means the file's */
    hid_t mem_selection = mem_space != H5S_ALL ? mem_space : file_space;
    int mem_packed = mem_selection == H5S_ALL || H5Sget_select_type(mem_selection) == H5S_SEL_ALL;
    if (mem_selection != H5S_ALL && (hsize_t)H5Sget_select_npoints(mem_selection) != npoints)
        return vol_fail_here("the memory selection has %lld elements and the file selection %llu",
                             (long long)H5Sget_select_npoints(mem_selection), (unsigned long long)npoints);

    size_t element = H5Tget_size(mem_type);
    size_t bytes = (size_t)npoints * element;
    void *packed = mem_packed ? buf : malloc(bytes);
    herr_t status = packed != NULL ? 0 : vol_fail_here("out of memory for %zu bytes", bytes);
    if (status == 0 && writing && !mem_packed &&
        H5Dgather(mem_selection, buf, mem_type, bytes, packed, NULL, NULL) < 0)
        status = vol_fail_here("cannot gather the memory selection");

    if (status == 0) {
        h5x_selection *sel = NULL;
        int irregular = 0;
        if (!everything) {
            if (file_kind == H5S_SEL_HYPERSLABS && H5Sis_regular_hyperslab(file_space) > 0)
                sel = vol_regular_selection(file_space, rank);
            else
                irregular = 1;
            if (!irregular && sel == NULL)
                status = -1;
        }
        if (status == 0 && irregular)
            status = irregular_io(dset, dtype, mem_type, element, file_space, rank, npoints, packed, writing);
        else if (status == 0 && writing && h5x_dataset_write(dset->object, sel, dtype, packed, NULL) < 0)
            status = vol_fail("cannot write dataset '%s'", "");
        else if (status == 0 && !writing && h5x_dataset_read(dset->object, sel, dtype, packed, bytes) < 0)
            status = vol_fail("cannot read dataset");
        h5x_close(sel);
    }
    if (status == 0 && !writing)
        status = apply_vlen_allocator(dxpl, mem_type, packed, (size_t)npoints);
    if (status == 0 && !writing && !mem_packed) {
        packed_source source = {packed, bytes};
        if (H5Dscatter(give_packed, &source, mem_type, mem_selection, buf) < 0)
            status = vol_fail_here("cannot scatter into the memory selection");
    }
    if (!mem_packed)
        free(packed);
    return status;
}
