/*
 * vol_reference.c — HDF5's references in memory, moved to and from h5x's.
 *
 * An application reads and writes references through three memory types,
 * and none of them is h5x's h5x_ref:
 *
 *   - H5T_STD_REF: an H5R_ref_t, whose bytes are private to libhdf5 (they
 *     hold the object's token, a copy of a region's selection and an
 *     identifier of the file).  Only libhdf5 may make or read one, so this
 *     connector uses the public calls: H5Rcreate_object and
 *     H5Rcreate_region with the referenced object's path below an
 *     identifier registered for the root group (libhdf5 then asks this
 *     connector for the token: object lookup), and H5Ropen_object, H5Oget_info3 and H5Ropen_region the
 *     other way, which give the token back and the selection as a
 *     dataspace.  libhdf5's own route, converting through a file type
 *     (H5VLget_file_type) and the blob callbacks, is not taken: for region
 *     references it reads libhdf5's private file structure from the
 *     connector's object, which a connector that is not native lacks.
 *   - H5T_STD_REF_OBJ (hobj_ref_t): an object address, 8 bytes.  libhdf5
 *     lets only its native connector dereference one (H5Rdereference2),
 *     but the bytes are this connector's token (which fits 8 bytes), so a
 *     program that hands it to H5Oopen_by_token, or writes back what it
 *     read, gets the same object.
 *   - H5T_STD_REF_DSETREG (hdset_reg_ref_t): an address in libhdf5's global
 *     heap of a native file.  Nothing of it means anything here; refused.
 *
 * Only references at the top of a type are moved: h5x keeps no reference
 * inside a compound, array or variable-length type, so those are refused
 * by the connector below.  A region h5x stores is a product of per-axis
 * index sets (or a list of points); an HDF5 selection is turned into one
 * when it is all, none, a regular hyperslab, or points of a 1-D dataset,
 * and refused otherwise.  References into another file are refused too:
 * an h5x_ref means something only in its own file.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

typedef enum memory_form { FORM_NONE = 0, FORM_REF, FORM_OBJECT_ADDRESS, FORM_REGION_HEAP } memory_form;

static memory_form form_of(hid_t mem_type)
{
    if (H5Tget_class(mem_type) != H5T_REFERENCE)
        return FORM_NONE;
    if (H5Tequal(mem_type, H5T_STD_REF) > 0)
        return FORM_REF;
    if (H5Tequal(mem_type, H5T_STD_REF_OBJ) > 0)
        return FORM_OBJECT_ADDRESS;
    return FORM_REGION_HEAP;
}

int vol_reference_memory_type(hid_t mem_type)
{
    return form_of(mem_type) != FORM_NONE;
}

static int check_form(memory_form form)
{
    if (form == FORM_REGION_HEAP)
        return vol_fail_here("hdset_reg_ref_t (H5T_STD_REF_DSETREG) is an address in a native file's heap; "
                             "through the h5x VOL connector read and write region references as H5R_ref_t "
                             "(H5T_STD_REF)");
    return 0;
}

/* ------------------------------------------------------- region as text */

/* Reads an unsigned number at *text; -1 when there is none. */
static int read_number(const char **text, hsize_t *value)
{
    const char *p = *text;
    while (*p == ' ')
        p++;
    if (!isdigit((unsigned char)*p))
        return -1;
    char *end = NULL;
    *value = (hsize_t)strtoull(p, &end, 10);
    *text = end;
    return 0;
}

static void skip_separator(const char **text, char separator)
{
    while (**text == ' ')
        (*text)++;
    if (**text == separator)
        (*text)++;
    while (**text == ' ')
        (*text)++;
}

/* Selects in space the points of h5x's "(1, 2), (3, 7)". */
static int select_points(hid_t space, int rank, const char *text)
{
    size_t capacity = 16, count = 0;
    hsize_t *coords = malloc(capacity * (size_t)rank * sizeof *coords);
    int status = coords != NULL ? 0 : vol_fail_here("out of memory");
    const char *p = text;
    while (status == 0 && *p == '(') {
        p++;
        if (count == capacity) {
            capacity *= 2;
            hsize_t *grown = realloc(coords, capacity * (size_t)rank * sizeof *grown);
            if (grown == NULL) {
                status = vol_fail_here("out of memory");
                break;
            }
            coords = grown;
        }
        for (int a = 0; a < rank && status == 0; a++) {
            if (read_number(&p, &coords[count * (size_t)rank + (size_t)a]) < 0)
                status = vol_fail_here("h5x described a region as '%s', which is not a list of points", text);
            skip_separator(&p, ',');
        }
        skip_separator(&p, ')');
        skip_separator(&p, ',');
        count++;
    }
    if (status == 0 && H5Sselect_elements(space, H5S_SELECT_SET, count, coords) < 0)
        status = vol_fail_here("cannot select the points of a region");
    free(coords);
    return status;
}

/* One axis of h5x's text: a slice "start:stop[:step]" or a list "[i, j]". */
typedef struct axis_runs {
    hsize_t *starts; /* each run selects count elements step apart */
    hsize_t *counts;
    hsize_t step;
    size_t nruns;
} axis_runs;

static int read_axis(const char **text, axis_runs *axis)
{
    const char *p = *text;
    while (*p == ' ')
        p++;
    axis->step = 1;
    if (*p == '[') {
        p++;
        size_t capacity = 8;
        axis->starts = malloc(capacity * sizeof *axis->starts);
        axis->counts = malloc(capacity * sizeof *axis->counts);
        if (axis->starts == NULL || axis->counts == NULL)
            return vol_fail_here("out of memory");
        hsize_t index;
        while (read_number(&p, &index) == 0) {
            if (axis->nruns == capacity) {
                capacity *= 2;
                hsize_t *starts = realloc(axis->starts, capacity * sizeof *starts);
                if (starts != NULL)
                    axis->starts = starts;
                hsize_t *counts = realloc(axis->counts, capacity * sizeof *counts);
                if (counts != NULL)
                    axis->counts = counts;
                if (starts == NULL || counts == NULL)
                    return vol_fail_here("out of memory");
            }
            axis->starts[axis->nruns] = index;
            axis->counts[axis->nruns++] = 1;
            skip_separator(&p, ',');
        }
        skip_separator(&p, ']');
    } else {
        hsize_t start, stop;
        if (read_number(&p, &start) < 0 || *p != ':')
            return vol_fail_here("cannot read h5x's description of a region at '%s'", *text);
        p++;
        if (read_number(&p, &stop) < 0)
            return vol_fail_here("cannot read h5x's description of a region at '%s'", *text);
        if (*p == ':') {
            p++;
            if (read_number(&p, &axis->step) < 0 || axis->step == 0)
                return vol_fail_here("cannot read h5x's description of a region at '%s'", *text);
        }
        axis->starts = malloc(sizeof *axis->starts);
        axis->counts = malloc(sizeof *axis->counts);
        if (axis->starts == NULL || axis->counts == NULL)
            return vol_fail_here("out of memory");
        axis->starts[0] = start;
        axis->counts[0] = stop > start ? (stop - start + axis->step - 1) / axis->step : 0;
        axis->nruns = 1;
    }
    skip_separator(&p, ',');
    *text = p;
    return 0;
}

/* Selects the product of the axes' runs: one hyperslab per combination. */
static int select_product(hid_t space, int rank, axis_runs *axes)
{
    if (H5Sselect_none(space) < 0)
        return vol_fail_here("cannot clear a selection");
    size_t which[H5S_MAX_RANK] = {0};
    for (int a = 0; a < rank; a++)
        for (size_t r = 0; r < axes[a].nruns; r++)
            if (axes[a].counts[r] == 0 || axes[a].nruns == 0)
                return 0; /* an empty axis selects nothing */
    for (int a = 0; a < rank; a++)
        if (axes[a].nruns == 0)
            return 0;
    for (;;) {
        hsize_t start[H5S_MAX_RANK], stride[H5S_MAX_RANK], count[H5S_MAX_RANK], block[H5S_MAX_RANK];
        for (int a = 0; a < rank; a++) {
            /* a run of neighbours is one block, as libhdf5 keeps a slice */
            int touching = axes[a].step == 1;
            start[a] = axes[a].starts[which[a]];
            count[a] = touching ? 1 : axes[a].counts[which[a]];
            block[a] = touching ? axes[a].counts[which[a]] : 1;
            stride[a] = touching ? 1 : axes[a].step;
        }
        if (H5Sselect_hyperslab(space, H5S_SELECT_OR, start, stride, count, block) < 0)
            return vol_fail_here("cannot select a block of a region");
        int a = rank - 1;
        while (a >= 0 && ++which[a] == axes[a].nruns)
            which[a--] = 0;
        if (a < 0)
            return 0;
    }
}

/* Selects in space (the dataset's dataspace) what h5x_ref_region_text said. */
static int select_region_text(hid_t space, const char *text)
{
    int rank = H5Sget_simple_extent_ndims(space);
    while (*text == ' ')
        text++;
    if (strcmp(text, "...") == 0 || rank == 0)
        return H5Sselect_all(space) < 0 ? vol_fail_here("cannot select a whole dataspace") : 0;
    if (*text == '\0')
        return H5Sselect_none(space) < 0 ? vol_fail_here("cannot clear a selection") : 0;
    if (*text == '(')
        return select_points(space, rank, text);
    axis_runs axes[H5S_MAX_RANK];
    memset(axes, 0, sizeof axes);
    int status = 0;
    for (int a = 0; a < rank && status == 0; a++)
        status = read_axis(&text, &axes[a]);
    if (status == 0)
        status = select_product(space, rank, axes);
    for (int a = 0; a < rank; a++) {
        free(axes[a].starts);
        free(axes[a].counts);
    }
    return status;
}

/* ---------------------------------------------------- h5x to application */

/* An H5R_ref_t for an h5x reference, made by libhdf5 from the object's
 * path below an identifier registered for the root group. */
static int make_hdf5_ref(vol_file *file, const h5x_ref *ref, H5R_ref_t *out)
{
    h5x_object *target = h5x_ref_open(file->root, ref);
    if (target == NULL)
        return vol_fail("cannot open the object a reference leads to");
    hid_t space = H5I_INVALID_HID;
    if (h5x_ref_kind(ref) == H5X_REF_REGION) {
        h5x_shape shape;
        char *text = h5x_ref_region_text(file->root, ref);
        if (text == NULL || h5x_dataset_shape(target, &shape) < 0) {
            h5x_free(text);
            h5x_close(target);
            return vol_fail("cannot read the region of a reference");
        }
        space = vol_space_of(&shape, &shape);
        int selected = space >= 0 && select_region_text(space, text) == 0;
        h5x_free(text);
        if (!selected) {
            if (space >= 0)
                H5Sclose(space);
            h5x_close(target);
            return space >= 0 ? -1 : vol_fail_here("cannot make the dataspace of a region");
        }
    }
    /* libhdf5 asks for the token of a path below an identifier: the root
     * group's, and the object's own name */
    char *name = h5x_object_name(target);
    h5x_close(target);
    h5x_object *root = name != NULL ? h5x_open(file->root, "/") : NULL;
    hid_t id = root != NULL ? vol_register(file, root) : H5I_INVALID_HID; /* takes root over */
    herr_t status = id < 0 ? vol_fail("cannot name the object a reference leads to") : 0;
    if (status == 0 && space >= 0)
        status = H5Rcreate_region(id, name, space, H5P_DEFAULT, out);
    else if (status == 0)
        status = H5Rcreate_object(id, name, H5P_DEFAULT, out);
    h5x_free(name);
    if (id >= 0 && status < 0)
        vol_fail_here("libhdf5 made no reference for an object of the h5x VOL connector");
    hid_t errors = status < 0 ? vol_errors_set_aside() : H5I_INVALID_HID;
    if (id >= 0)
        H5Oclose(id);
    if (space >= 0)
        H5Sclose(space);
    vol_errors_put_back(errors);
    return status < 0 ? -1 : 0;
}

static int make_object_address(vol_file *file, const h5x_ref *ref, hobj_ref_t *out)
{
    if (h5x_ref_kind(ref) != H5X_REF_OBJECT)
        return vol_fail_here("a region reference has no hobj_ref_t form; read it as H5R_ref_t (H5T_STD_REF)");
    h5x_object *target = h5x_ref_open(file->root, ref);
    if (target == NULL)
        return vol_fail("cannot open the object a reference leads to");
    H5O_token_t token;
    int status = vol_token_of(file, target, &token);
    h5x_close(target);
    if (status == 0)
        memcpy(out, &token, sizeof *out); /* the token's number is its first 8 bytes, the rest are zero */
    return status;
}

herr_t vol_references_to_memory(vol_file *file, hid_t mem_type, const h5x_ref *refs, size_t count, void *out)
{
    memory_form form = form_of(mem_type);
    if (check_form(form) < 0)
        return -1;
    size_t size = H5Tget_size(mem_type);
    for (size_t i = 0; i < count; i++) {
        unsigned char *element = (unsigned char *)out + i * size;
        memset(element, 0, size);
        if (h5x_ref_is_null(&refs[i]))
            continue;
        int status = form == FORM_REF ? make_hdf5_ref(file, &refs[i], (H5R_ref_t *)(void *)element)
                                      : make_object_address(file, &refs[i], (hobj_ref_t *)(void *)element);
        if (status < 0) {
            /* the references made so far hold file identifiers: let them go */
            for (size_t j = 0; form == FORM_REF && j < i; j++) {
                H5R_ref_t *made = (H5R_ref_t *)(void *)((unsigned char *)out + j * size);
                if (H5Rget_type(made) != H5R_BADTYPE)
                    H5Rdestroy(made);
            }
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------- application to h5x */

/* The h5x object an open HDF5 identifier of this file names. */
static h5x_object *object_of_id(vol_file *file, hid_t id)
{
    H5O_info2_t info;
    if (H5Oget_info3(id, &info, H5O_INFO_BASIC) < 0) {
        vol_fail_here("cannot read the object a reference leads to");
        return NULL;
    }
    if (info.fileno != vol_fileno_of(file->root)) {
        vol_fail_here("a reference into another file cannot be stored in '%s' (h5x references stay in their "
                      "own file)",
                      file->name);
        return NULL;
    }
    return vol_token_open(file, &info.token);
}

/* An h5x selection for an HDF5 selection, when h5x can hold it. */
static h5x_selection *selection_of_space(hid_t space)
{
    int rank = H5Sget_simple_extent_ndims(space);
    H5S_sel_type kind = H5Sget_select_type(space);
    h5x_selection *sel = NULL;
    if (kind == H5S_SEL_ALL || rank == 0) {
        sel = h5x_selection_new();
        if (sel != NULL && h5x_selection_add_ellipsis(sel) < 0) {
            h5x_close(sel);
            sel = NULL;
        }
    } else if (kind == H5S_SEL_NONE) {
        sel = h5x_selection_new();
        if (sel != NULL && h5x_selection_add_list(sel, NULL, 0) < 0) {
            h5x_close(sel);
            sel = NULL;
        }
    } else if (kind == H5S_SEL_HYPERSLABS && H5Sis_regular_hyperslab(space) > 0) {
        return vol_regular_selection(space, rank);
    } else if (kind == H5S_SEL_POINTS && rank == 1) {
        hssize_t n = H5Sget_select_elem_npoints(space);
        hsize_t *coords = n > 0 ? malloc((size_t)n * sizeof *coords) : NULL;
        int64_t *indices = n > 0 ? malloc((size_t)n * sizeof *indices) : NULL;
        if (coords != NULL && indices != NULL &&
            H5Sget_select_elem_pointlist(space, 0, (hsize_t)n, coords) >= 0) {
            for (hssize_t i = 0; i < n; i++)
                indices[i] = (int64_t)coords[i];
            sel = h5x_selection_new();
            if (sel != NULL && h5x_selection_add_list(sel, indices, (size_t)n) < 0) {
                h5x_close(sel);
                sel = NULL;
            }
        }
        free(coords);
        free(indices);
    } else {
        vol_fail_here("h5x keeps a region as a product of per-axis index sets; this selection (a union of "
                      "blocks, or points in more than one dimension) is not one");
        return NULL;
    }
    if (sel == NULL)
        vol_fail("cannot express a region as an h5x selection");
    return sel;
}

static int take_hdf5_ref(vol_file *file, const H5R_ref_t *given, h5x_ref *out)
{
    /* libhdf5's calls take the reference as non-const; they do not change it */
    H5R_ref_t ref;
    memcpy(&ref, given, sizeof ref);
    H5R_type_t type = H5Rget_type(&ref);
    if (type == H5R_ATTR)
        return vol_fail_here("h5x has no attribute references");
    if (type != H5R_OBJECT1 && type != H5R_OBJECT2 && type != H5R_DATASET_REGION1 &&
        type != H5R_DATASET_REGION2)
        return vol_fail_here("not a reference");
    hid_t id = H5Ropen_object(&ref, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0)
        return vol_fail_here("cannot open the object of a reference");
    h5x_object *target = object_of_id(file, id);
    H5Oclose(id);
    if (target == NULL)
        return -1;
    int status = 0;
    if (type == H5R_OBJECT1 || type == H5R_OBJECT2) {
        if (h5x_object_ref(target, out) < 0)
            status = vol_fail("cannot make an object reference");
    } else {
        hid_t space = H5Ropen_region(&ref, H5P_DEFAULT, H5P_DEFAULT);
        h5x_selection *sel = space >= 0 ? selection_of_space(space) : NULL;
        if (space < 0)
            status = vol_fail_here("cannot read the region of a reference");
        else if (sel == NULL)
            status = -1;
        else if (h5x_region_ref(target, sel, out) < 0)
            status = vol_fail("cannot make a region reference");
        h5x_close(sel);
        if (space >= 0)
            H5Sclose(space);
    }
    h5x_close(target);
    return status;
}

static int take_object_address(vol_file *file, const hobj_ref_t *address, h5x_ref *out)
{
    H5O_token_t token;
    memset(&token, 0, sizeof token);
    memcpy(&token, address, sizeof *address);
    h5x_object *target = vol_token_open(file, &token);
    if (target == NULL)
        return -1;
    int status = h5x_object_ref(target, out) < 0 ? vol_fail("cannot make an object reference") : 0;
    h5x_close(target);
    return status;
}

static int is_zero(const unsigned char *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (bytes[i] != 0)
            return 0;
    return 1;
}

herr_t vol_references_from_memory(vol_file *file, hid_t mem_type, const void *in, size_t count, h5x_ref *refs)
{
    memory_form form = form_of(mem_type);
    if (check_form(form) < 0)
        return -1;
    size_t size = H5Tget_size(mem_type);
    for (size_t i = 0; i < count; i++) {
        const unsigned char *element = (const unsigned char *)in + i * size;
        memset(&refs[i], 0, sizeof refs[i]);
        if (is_zero(element, size))
            continue;
        int status = form == FORM_REF ? take_hdf5_ref(file, (const H5R_ref_t *)(const void *)element, &refs[i])
                                      : take_object_address(file, (const hobj_ref_t *)(const void *)element, &refs[i]);
        if (status < 0)
            return -1;
    }
    return 0;
}

/* -------------------------------------------------------------------- I/O */

/* The stored dtype of references, or NULL (pushed) when what is stored
 * is not references. */
static h5x_dtype *stored_references(h5x_dtype *stored, const char *what)
{
    if (stored == NULL) {
        vol_fail("cannot read the dtype of %s", what);
        return NULL;
    }
    if (h5x_dtype_get_class(stored) != H5X_CLASS_REFERENCE) {
        h5x_close(stored);
        vol_fail_here("%s holds no references; a reference memory type reads and writes only references", what);
        return NULL;
    }
    return stored;
}

typedef struct packed_elements {
    const void *data;
    size_t size;
} packed_elements;

static herr_t give_elements(const void **src, size_t *used, void *data)
{
    packed_elements *elements = data;
    *src = elements->data;
    *used = elements->size;
    return 0;
}

herr_t vol_reference_dataset_io(vol_object *dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t dxpl,
                                void *buf, int writing)
{
    if (check_form(form_of(mem_type)) < 0)
        return -1;
    h5x_dtype *stored = stored_references(h5x_dataset_dtype(dset->object), "the dataset");
    if (stored == NULL)
        return -1;
    h5x_shape shape;
    hssize_t npoints = 0;
    if (file_space != H5S_ALL)
        npoints = H5Sget_select_npoints(file_space);
    else if (h5x_dataset_shape(dset->object, &shape) == 0)
        npoints = shape.rank < 0 ? 0 : (hssize_t)h5x_shape_size(&shape);
    else
        npoints = -1;
    if (npoints <= 0) {
        h5x_close(stored);
        return npoints < 0 ? vol_fail("cannot count the elements of a transfer") : 0;
    }
    hid_t mem_selection = mem_space != H5S_ALL ? mem_space : file_space;
    int mem_packed = mem_selection == H5S_ALL || H5Sget_select_type(mem_selection) == H5S_SEL_ALL;
    size_t element = H5Tget_size(mem_type);
    size_t count = (size_t)npoints;
    hsize_t dims[1] = {(hsize_t)npoints};
    h5x_ref *refs = calloc(count, sizeof *refs);
    void *packed = mem_packed ? buf : malloc(count * element);
    hid_t io_type = H5Tcreate(H5T_OPAQUE, sizeof(h5x_ref));
    hid_t packed_space = H5Screate_simple(1, dims, NULL);
    herr_t status = 0;
    if (refs == NULL || packed == NULL || io_type < 0 || packed_space < 0)
        status = vol_fail_here("out of memory for %zu references", count);
    if (status == 0 && writing) {
        if (!mem_packed && H5Dgather(mem_selection, buf, mem_type, count * element, packed, NULL, NULL) < 0)
            status = vol_fail_here("cannot gather the memory selection");
        if (status == 0)
            status = vol_references_from_memory(dset->file, mem_type, packed, count, refs);
        if (status == 0)
            status = vol_dataset_io_as(dset, stored, io_type, packed_space, file_space, dxpl, refs, 1);
    } else if (status == 0) {
        status = vol_dataset_io_as(dset, stored, io_type, packed_space, file_space, dxpl, refs, 0);
        if (status == 0)
            status = vol_references_to_memory(dset->file, mem_type, refs, count, packed);
        packed_elements source = {packed, count * element};
        if (status == 0 && !mem_packed && H5Dscatter(give_elements, &source, mem_type, mem_selection, buf) < 0)
            status = vol_fail_here("cannot scatter into the memory selection");
    }
    hid_t errors = status < 0 ? vol_errors_set_aside() : H5I_INVALID_HID;
    if (packed_space >= 0)
        H5Sclose(packed_space);
    if (io_type >= 0)
        H5Tclose(io_type);
    vol_errors_put_back(errors);
    if (!mem_packed)
        free(packed);
    free(refs);
    h5x_close(stored);
    return status;
}

herr_t vol_reference_attr_io(vol_object *attr, hid_t mem_type, void *buf, int writing)
{
    if (check_form(form_of(mem_type)) < 0)
        return -1;
    h5x_shape shape;
    h5x_dtype *stored = NULL;
    if (h5x_attr_info(attr->object, attr->attr_name, &shape, &stored) < 0)
        return vol_fail("cannot read attribute '%s'", attr->attr_name);
    if (stored_references(stored, "the attribute") == NULL)
        return -1;
    size_t count = shape.rank < 0 ? 0 : (size_t)h5x_shape_size(&shape);
    h5x_ref *refs = count > 0 ? calloc(count, sizeof *refs) : NULL;
    herr_t status = count == 0 || refs != NULL ? 0 : vol_fail_here("out of memory for %zu references", count);
    if (status == 0 && count > 0 && writing) {
        status = vol_references_from_memory(attr->file, mem_type, buf, count, refs);
        if (status == 0 && h5x_attr_modify(attr->object, attr->attr_name, stored, &shape, refs) < 0)
            status = vol_fail("cannot write attribute '%s'", attr->attr_name);
    } else if (status == 0 && count > 0) {
        if (h5x_attr_get(attr->object, attr->attr_name, stored, refs, count * sizeof *refs) < 0)
            status = vol_fail("cannot read attribute '%s'", attr->attr_name);
        if (status == 0)
            status = vol_references_to_memory(attr->file, mem_type, refs, count, buf);
    }
    free(refs);
    h5x_close(stored);
    return status;
}
