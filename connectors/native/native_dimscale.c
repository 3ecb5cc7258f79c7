/*
 * native_dimscale.c — dimension scales through libhdf5's H5DS library.
 *
 * h5py implements dset.dims with the H5DS functions of libhdf5's
 * high-level library, which write HDF5's dimension-scale conventions:
 * DIMENSION_LABELS, CLASS = "DIMENSION_SCALE", NAME, and the pair of
 * reference attributes DIMENSION_LIST (on the data) and REFERENCE_LIST (on
 * the scale).  Doing the same calls here makes a file labelled and scaled
 * through h5x the file h5py would have written, and lets each library read
 * what the other wrote.  On a native file H5DS writes the old object
 * references (hobj_ref_t), which is what h5py on HDF5 1.10 reads.
 *
 * H5DS answers most refusals with a bare failure and nothing on the error
 * stack.  The conditions a caller can meet — making a scale of a dataset
 * that has scales attached, attaching a dataset to itself or to a scale,
 * detaching a scale that is not attached, asking for a scale past the last
 * — are therefore checked here first, so that the error says what was
 * wrong rather than only that H5DS failed.
 *
 * H5DS also trusts the convention's attributes: it reads DIMENSION_LABELS
 * and DIMENSION_LIST into buffers sized by the dataset's rank, with the
 * attribute's own stored type, and CLASS and NAME into buffers of one
 * element.  In a damaged or foreign file those attributes can have other
 * types or more elements, and H5DS then writes past its buffers or frees
 * pointers it never received (found by tests/fuzz).  Before a request is
 * handed to H5DS, the attributes it will read are checked to have the
 * shape and type it assumes; anything else is H5X_ERR_CORRUPT.  Labels are
 * read here rather than by H5DSget_label, which frees every pointer of its
 * uncleared buffer when the read itself fails (a damaged heap).
 *
 * The index-th scale of an axis is found with H5DSiterate_scales starting
 * at that index: its visitor keeps the identifier H5DS opened (adding a
 * reference, since H5DS closes its own) and stops.  The scale's path, which
 * the core needs for the new handle, is the one libhdf5 reports for it.
 */
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#include "native_dimscale.h"

/* The attribute on a dataset that lists the scales of each axis. */
#define DIMENSION_LIST_ATTRIBUTE "DIMENSION_LIST"

static int has_scales_attached(hid_t dataset, int *attached)
{
    htri_t exists = H5Aexists(dataset, DIMENSION_LIST_ATTRIBUTE);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for the dataset's dimension scales");
    *attached = exists > 0;
    return 0;
}

static int is_scale(hid_t dataset, int *result)
{
    htri_t answer = H5DSis_scale(dataset);
    if (answer < 0)
        return native_fail(H5X_ERR_IO, "unable to tell whether the dataset is a dimension scale");
    *result = answer > 0;
    return 0;
}

/* 0 when the object has no attribute called name, or one whose type and
 * number of elements H5DS can read safely: `points` elements of a
 * variable-length string (want_class H5T_STRING, want_variable 1), of a
 * vlen sequence (H5T_VLEN), or of anything (H5T_NO_CLASS).  With
 * only_size, attributes whose type is not a string of that size are left
 * to H5DS, which does not read them. */
static int check_convention_attribute(hid_t object, const char *name, H5T_class_t want_class, int want_variable,
                                      hssize_t points, size_t only_size)
{
    htri_t exists = H5Aexists(object, name);
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for the attribute %s", name);
    if (exists == 0)
        return 0;
    hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    hid_t type = attribute < 0 ? H5I_INVALID_HID : H5Aget_type(attribute);
    hid_t space = attribute < 0 ? H5I_INVALID_HID : H5Aget_space(attribute);
    int status = 0;
    if (attribute < 0 || type < 0 || space < 0) {
        status = native_fail(H5X_ERR_CORRUPT, "unable to read the attribute %s", name);
    } else {
        hssize_t have = H5Sget_simple_extent_npoints(space);
        H5T_class_t cls = H5Tget_class(type);
        htri_t variable = cls == H5T_STRING ? H5Tis_variable_str(type) : 0;
        int right_type = want_class == H5T_NO_CLASS || (cls == want_class && (!want_variable || variable > 0));
        if (right_type && cls == H5T_VLEN) { /* H5DS reads the sequences as object references */
            hid_t base = H5Tget_super(type);
            right_type = base >= 0 && H5Tget_class(base) == H5T_REFERENCE;
            if (base >= 0)
                H5Tclose(base);
        }
        int read_by_h5ds = !only_size || (cls == H5T_STRING && variable == 0 && H5Tget_size(type) == only_size);
        if (read_by_h5ds && (have != points || !right_type))
            status = h5x_connector_error(H5X_ERR_CORRUPT,
                                         "the attribute %s does not follow HDF5's dimension-scale convention "
                                         "(%lld elements of type class %d where %lld of class %d are expected)",
                                         name, (long long)have, (int)cls, (long long)points, (int)want_class);
    }
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (attribute >= 0)
        H5Aclose(attribute);
    return status;
}

/* The attributes H5DS reads for the request, checked before it reads them. */
static int check_convention(hid_t dataset, h5x_dimscale_action action)
{
    hid_t space = H5Dget_space(dataset);
    int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    if (space >= 0)
        H5Sclose(space);
    if (rank < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to read the dataset's dataspace");
    int status = 0;
    switch (action) {
    case H5X_DIMSCALE_SET_LABEL:
    case H5X_DIMSCALE_GET_LABEL:
        status = check_convention_attribute(dataset, "DIMENSION_LABELS", H5T_STRING, 1, rank, 0);
        break;
    case H5X_DIMSCALE_COUNT:
    case H5X_DIMSCALE_OPEN:
    case H5X_DIMSCALE_ATTACH:
    case H5X_DIMSCALE_DETACH:
        status = check_convention_attribute(dataset, DIMENSION_LIST_ATTRIBUTE, H5T_VLEN, 0, rank, 0);
        break;
    case H5X_DIMSCALE_MAKE_SCALE:
    case H5X_DIMSCALE_IS_SCALE:
    case H5X_DIMSCALE_GET_NAME:
        break;
    }
    /* CLASS (when it is the 16-byte string H5DS compares) and NAME are
     * read into one element's worth of memory */
    if (status == 0)
        status = check_convention_attribute(dataset, "CLASS", H5T_NO_CLASS, 0, 1, sizeof "DIMENSION_SCALE");
    if (status == 0 && action == H5X_DIMSCALE_GET_NAME)
        status = check_convention_attribute(dataset, "NAME", H5T_NO_CLASS, 0, 1, 0);
    return status;
}

/* Room for a string of length bytes and its terminator, holding "" until
 * it is filled. */
static int alloc_string(ssize_t length, char **text_out)
{
    *text_out = malloc((size_t)length + 1);
    if (*text_out == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a dimension scale string");
    (*text_out)[0] = '\0';
    return 0;
}

/* H5DSget_label's reading, into a cleared buffer; check_convention has
 * made sure that DIMENSION_LABELS, if present, holds one variable-length
 * string per axis. */
static int get_label(hid_t dataset, unsigned axis, char **text_out)
{
    htri_t exists = H5Aexists(dataset, "DIMENSION_LABELS");
    if (exists < 0)
        return native_fail(H5X_ERR_IO, "unable to look for the dimension labels");
    if (exists == 0)
        return alloc_string(0, text_out);
    hid_t attribute = H5Aopen(dataset, "DIMENSION_LABELS", H5P_DEFAULT);
    hid_t type = attribute < 0 ? H5I_INVALID_HID : H5Aget_type(attribute);
    hid_t space = attribute < 0 ? H5I_INVALID_HID : H5Aget_space(attribute);
    hssize_t count = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    char **labels = count > (hssize_t)axis ? calloc((size_t)count, sizeof *labels) : NULL;
    int status = 0;
    if (attribute < 0 || type < 0 || space < 0 || count <= (hssize_t)axis)
        status = native_fail(H5X_ERR_CORRUPT, "unable to open the dimension labels");
    else if (labels == NULL)
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading the dimension labels");
    else if (H5Aread(attribute, type, labels) < 0)
        status = native_fail(H5X_ERR_CORRUPT, "unable to read the label of axis %u", axis);
    else if ((status = alloc_string((ssize_t)(labels[axis] ? strlen(labels[axis]) : 0), text_out)) == 0 &&
             labels[axis] != NULL)
        strcpy(*text_out, labels[axis]);
    if (labels != NULL) {
        /* frees what the read allocated, even a read that failed half way */
        H5Treclaim(type, space, H5P_DEFAULT, labels);
        free(labels);
    }
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (attribute >= 0)
        H5Aclose(attribute);
    return status;
}

/* The NAME of a scale; a dataset that is not a scale has none, which is
 * "" rather than H5DS's failure. */
static int get_scale_name(hid_t scale, char **text_out)
{
    int scale_is_scale = 0;
    int status = is_scale(scale, &scale_is_scale);
    if (status < 0 || !scale_is_scale)
        return status < 0 ? status : alloc_string(0, text_out);
    ssize_t length = H5DSget_scale_name(scale, NULL, 0);
    if (length < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dimension scale's name");
    status = alloc_string(length, text_out);
    if (status == 0 && length > 0 && H5DSget_scale_name(scale, *text_out, (size_t)length + 1) < 0) {
        free(*text_out);
        *text_out = NULL;
        status = native_fail(H5X_ERR_IO, "unable to read the dimension scale's name");
    }
    return status;
}

static int make_scale(hid_t dataset, const char *name)
{
    int attached = 0;
    int status = has_scales_attached(dataset, &attached);
    if (status < 0)
        return status;
    if (attached)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "a dataset that has dimension scales attached cannot become a dimension scale "
                                   "(HDF5 does not nest scales)");
    if (H5DSset_scale(dataset, name) < 0)
        return native_fail(H5X_ERR_IO, "unable to make the dataset a dimension scale");
    return 0;
}

static int same_object(hid_t a, hid_t b, int *same)
{
    H5O_info2_t ia, ib;
    if (H5Oget_info3(a, &ia, H5O_INFO_BASIC) < 0 || H5Oget_info3(b, &ib, H5O_INFO_BASIC) < 0)
        return native_fail(H5X_ERR_IO, "unable to read object information");
    int comparison = 1;
    if (ia.fileno == ib.fileno && H5Otoken_cmp(a, &ia.token, &ib.token, &comparison) < 0)
        return native_fail(H5X_ERR_IO, "unable to compare objects");
    *same = ia.fileno == ib.fileno && comparison == 0;
    return 0;
}

static int attach(hid_t dataset, hid_t scale, unsigned axis)
{
    int dataset_is_scale = 0, same = 0, scale_has_scales = 0;
    int status = is_scale(dataset, &dataset_is_scale);
    if (status == 0)
        status = same_object(dataset, scale, &same);
    if (status == 0)
        status = has_scales_attached(scale, &scale_has_scales);
    if (status < 0)
        return status;
    if (dataset_is_scale)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "a dimension scale cannot have dimension scales attached");
    if (same)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a dataset cannot be its own dimension scale");
    if (scale_has_scales)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "a dataset that has dimension scales attached cannot be a dimension scale");
    if (H5DSattach_scale(dataset, scale, axis) < 0)
        return native_fail(H5X_ERR_IO, "unable to attach the dimension scale to axis %u", axis);
    return 0;
}

static int detach(hid_t dataset, hid_t scale, unsigned axis)
{
    int dataset_is_scale = 0, scale_is_scale = 0;
    int status = is_scale(dataset, &dataset_is_scale);
    if (status == 0)
        status = is_scale(scale, &scale_is_scale);
    if (status < 0)
        return status;
    htri_t attached = 0;
    if (!dataset_is_scale && scale_is_scale && (attached = H5DSis_attached(dataset, scale, axis)) < 0)
        return native_fail(H5X_ERR_IO, "unable to tell whether the scale is attached to axis %u", axis);
    if (attached == 0)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "the dimension scale is not attached to axis %u", axis);
    if (H5DSdetach_scale(dataset, scale, axis) < 0)
        return native_fail(H5X_ERR_IO, "unable to detach the dimension scale from axis %u", axis);
    return 0;
}

static int count_scales(hid_t dataset, unsigned axis, int *count)
{
    int n = H5DSget_num_scales(dataset, axis);
    if (n < 0)
        return native_fail(H5X_ERR_IO, "unable to count the dimension scales of axis %u", axis);
    *count = n;
    return 0;
}

/* H5DSiterate_scales visitor: keeps the first scale it is shown. */
static herr_t keep_scale(hid_t dataset, unsigned axis, hid_t scale, void *data)
{
    (void)dataset;
    (void)axis;
    if (H5Iinc_ref(scale) < 0)
        return -1;
    *(hid_t *)data = scale;
    return 1;
}

static int object_path(hid_t id, char **path_out)
{
    ssize_t length = H5Iget_name(id, NULL, 0);
    if (length <= 0)
        return native_fail(H5X_ERR_IO, "unable to find a path to the dimension scale");
    *path_out = malloc((size_t)length + 1);
    if (*path_out == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory naming a dimension scale");
    if (H5Iget_name(id, *path_out, (size_t)length + 1) < 0) {
        free(*path_out);
        *path_out = NULL;
        return native_fail(H5X_ERR_IO, "unable to find a path to the dimension scale");
    }
    return 0;
}

static int open_scale(native_file *file, hid_t dataset, unsigned axis, h5x_op_dimscale *op)
{
    int count = 0;
    int status = count_scales(dataset, axis, &count);
    if (status < 0)
        return status;
    if (op->index < 0 || op->index >= count)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "no dimension scale at index %d of axis %u (%d attached)",
                                   op->index, axis, count);
    int position = op->index;
    hid_t scale = H5I_INVALID_HID;
    if (H5DSiterate_scales(dataset, axis, &position, keep_scale, &scale) < 0 || scale < 0) {
        if (scale >= 0)
            H5Dclose(scale);
        return native_fail(H5X_ERR_IO, "unable to open dimension scale %d of axis %u", op->index, axis);
    }
    status = native_object_info_of(scale, &op->info_out);
    if (status == 0)
        status = object_path(scale, &op->text_out);
    if (status < 0) {
        H5Dclose(scale);
        return status;
    }
    native_object *object = native_object_wrap(file, scale, op->info_out.kind);
    if (object == NULL) {
        free(op->text_out);
        op->text_out = NULL;
        return H5X_ERR_NO_MEMORY;
    }
    op->object_out = object;
    return 0;
}

int native_dimscale(native_file *file, h5x_op_dimscale *op)
{
    native_object *dataset = op->dataset;
    native_object *scale = op->scale;
    if (dataset == NULL || dataset->kind != H5X_KIND_DATASET)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "dimension scales need a dataset");
    if ((op->action == H5X_DIMSCALE_ATTACH || op->action == H5X_DIMSCALE_DETACH) &&
        (scale == NULL || scale->kind != H5X_KIND_DATASET))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a dimension scale must be a dataset");
    unsigned axis = op->axis < 0 ? 0u : (unsigned)op->axis;
    int status = check_convention(dataset->id, op->action);
    if (status == 0 && scale != NULL && (op->action == H5X_DIMSCALE_ATTACH || op->action == H5X_DIMSCALE_DETACH))
        status = check_convention(scale->id, H5X_DIMSCALE_IS_SCALE);
    if (status < 0)
        return status;
    switch (op->action) {
    case H5X_DIMSCALE_SET_LABEL:
        if ((status = native_require_writable(file, "set a dimension label")) < 0)
            return status;
        if (H5DSset_label(dataset->id, axis, op->text ? op->text : "") < 0)
            return native_fail(H5X_ERR_IO, "unable to set the label of axis %u", axis);
        return 0;
    case H5X_DIMSCALE_GET_LABEL:
        return get_label(dataset->id, axis, &op->text_out);
    case H5X_DIMSCALE_MAKE_SCALE:
        if ((status = native_require_writable(file, "make a dimension scale")) < 0)
            return status;
        return make_scale(dataset->id, op->text ? op->text : "");
    case H5X_DIMSCALE_IS_SCALE:
        return is_scale(dataset->id, &op->result);
    case H5X_DIMSCALE_GET_NAME:
        return get_scale_name(dataset->id, &op->text_out);
    case H5X_DIMSCALE_ATTACH:
        if ((status = native_require_writable(file, "attach a dimension scale")) < 0)
            return status;
        return attach(dataset->id, scale->id, axis);
    case H5X_DIMSCALE_DETACH:
        if ((status = native_require_writable(file, "detach a dimension scale")) < 0)
            return status;
        return detach(dataset->id, scale->id, axis);
    case H5X_DIMSCALE_COUNT:
        return count_scales(dataset->id, axis, &op->result);
    case H5X_DIMSCALE_OPEN:
        return open_scale(file, dataset->id, axis, op);
    }
    return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "unknown dimension scale request %d", (int)op->action);
}
