/*
 * Dimension scales for every connector, kept in the attributes of HDF5's
 * dimension-scale convention and built from public calls alone (attributes
 * of strings, of variable-length sequences, of compounds, and object
 * references).  The native connector hands the same requests to libhdf5's
 * H5DS instead; what is stored here is what H5DS stores, so `h5x cp` moves
 * scales between the two and h5py or h5dump recognise them:
 *
 *   CLASS             on a scale: the fixed string "DIMENSION_SCALE",
 *                     NUL-terminated, 16 bytes, ASCII, scalar
 *   NAME              on a scale with a name: a fixed NUL-terminated string
 *   DIMENSION_LIST    on a dataset with scales: one variable-length
 *                     sequence of object references per axis
 *   REFERENCE_LIST    on a scale that is attached: one {dataset: object
 *                     reference, dimension: int32} per attachment
 *   DIMENSION_LABELS  on a dataset with labels: one variable-length string
 *                     per axis, "" where none was set
 *
 * And H5DS's rules: a scale cannot have scales of its own (making a dataset
 * with DIMENSION_LIST a scale, or attaching anything to a scale, is
 * refused), a dataset is not its own scale, attaching a dataset makes it a
 * scale (without a name), attaching twice changes nothing, and the
 * bookkeeping attributes go away once the last attachment does — which is
 * what lets a dataset whose scales were all detached become a scale.
 *
 * The compound of REFERENCE_LIST is laid out as h5x lays such a compound
 * out in memory (a reference takes H5X_REF_SIZE bytes there); readers find
 * its members by name, as H5DS itself does.
 */
#include "dimscale_generic.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

typedef struct attachment {
    h5x_ref dataset;
    int32_t dimension;
} attachment;

int h5x_dimscale_generic_possible(const h5x_object *dataset)
{
    uint64_t caps = H5X_CLASS(dataset)->capabilities;
    return (caps & H5X_CAP_VLEN) && (caps & H5X_CAP_REFERENCES);
}

static int dataset_rank(h5x_object *dataset)
{
    const h5x_dataset_info *info = h5x_dataset_cached_info(dataset);
    if (info)
        return info->shape.rank < 0 ? 0 : info->shape.rank; /* a null shape (rank -1) has no axes either */
    return h5x_error_code() < 0 ? h5x_error_code() : H5X_ERR_IO;
}

/* ---------------------------------------------------------------- strings */

/* The attribute as text ("" when absent), malloc'd; NULL on failure. */
static char *read_text(h5x_object *object, const char *name)
{
    int present = h5x_attr_contains(object, name);
    if (present < 0)
        return NULL;
    char *text = NULL;
    if (present) {
        char *value = NULL;
        h5x_dtype *type = h5x_dtype_text();
        int rc = type ? h5x_attr_get(object, name, type, &value, sizeof value) : h5x_error_code();
        if (rc >= 0)
            text = strdup(value ? value : "");
        if (rc >= 0)
            h5x_reclaim(type, &value, 1);
        h5x_close(type);
        if (rc < 0)
            return NULL;
    } else {
        text = strdup("");
    }
    if (!text)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return text;
}

/* A scalar NUL-terminated ASCII string of exactly its length plus one. */
static int write_fixed_text(h5x_object *object, const char *name, const char *text)
{
    size_t length = strlen(text) + 1;
    h5x_dtype *type = h5x_dtype_string_padded(H5X_CSET_ASCII, length, H5X_PAD_NULLTERM);
    if (!type)
        return h5x_error_code();
    int rc = h5x_attr_set(object, name, type, NULL, text);
    h5x_close(type);
    return rc;
}

static int is_scale(h5x_object *dataset)
{
    int present = h5x_attr_contains(dataset, "CLASS");
    if (present <= 0)
        return present;
    char *value = read_text(dataset, "CLASS");
    if (!value)
        return h5x_error_code();
    int yes = strcmp(value, "DIMENSION_SCALE") == 0;
    free(value);
    return yes;
}

/* ------------------------------------------------------------------ labels */

static int read_labels(h5x_object *dataset, int rank, char **labels)
{
    for (int i = 0; i < rank; i++)
        labels[i] = NULL;
    int present = h5x_attr_contains(dataset, "DIMENSION_LABELS");
    if (present <= 0)
        return present;
    h5x_shape shape;
    int rc = h5x_attr_info(dataset, "DIMENSION_LABELS", &shape, NULL);
    if (rc < 0)
        return rc;
    if (h5x_shape_size(&shape) != (uint64_t)rank)
        return h5x_error(H5X_ERR_CORRUPT, "DIMENSION_LABELS holds %llu labels for a dataset of rank %d",
                         (unsigned long long)h5x_shape_size(&shape), rank);
    h5x_dtype *type = h5x_dtype_text();
    rc = type ? h5x_attr_get(dataset, "DIMENSION_LABELS", type, labels, (size_t)rank * sizeof *labels)
              : h5x_error_code();
    h5x_close(type);
    return rc < 0 ? rc : 1;
}

static void free_labels(char **labels, int rank)
{
    h5x_dtype *type = h5x_dtype_text();
    if (type)
        h5x_reclaim(type, labels, (uint64_t)rank);
    h5x_close(type);
}

static int set_label(h5x_object *dataset, int rank, int axis, const char *label)
{
    char *labels[H5X_MAX_RANK];
    int rc = read_labels(dataset, rank, labels);
    if (rc < 0)
        return rc;
    const char *values[H5X_MAX_RANK];
    for (int i = 0; i < rank; i++)
        values[i] = i == axis ? label : labels[i] ? labels[i] : "";
    h5x_dtype *type = h5x_dtype_string(H5X_CSET_ASCII, H5X_VARIABLE);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){(uint64_t)rank});
    rc = type ? h5x_attr_set(dataset, "DIMENSION_LABELS", type, &shape, values) : h5x_error_code();
    h5x_close(type);
    free_labels(labels, rank);
    return rc;
}

static char *get_label(h5x_object *dataset, int rank, int axis)
{
    char *labels[H5X_MAX_RANK];
    if (read_labels(dataset, rank, labels) < 0)
        return NULL;
    char *label = strdup(labels[axis] ? labels[axis] : "");
    free_labels(labels, rank);
    if (!label)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return label;
}

/* ------------------------------------------------------ DIMENSION_LIST */

static h5x_dtype *dimension_list_type(void)
{
    h5x_dtype *ref = h5x_dtype_reference(H5X_REF_OBJECT);
    h5x_dtype *list = ref ? h5x_dtype_vlen(ref) : NULL;
    h5x_close(ref);
    return list;
}

/* One sequence of references per axis, all empty when the attribute is
 * absent; release with free_dimension_list. */
static int read_dimension_list(h5x_object *dataset, int rank, h5x_vlen *lists)
{
    memset(lists, 0, (size_t)rank * sizeof *lists);
    int present = h5x_attr_contains(dataset, "DIMENSION_LIST");
    if (present <= 0)
        return present;
    h5x_shape shape;
    int rc = h5x_attr_info(dataset, "DIMENSION_LIST", &shape, NULL);
    if (rc < 0)
        return rc;
    if (h5x_shape_size(&shape) != (uint64_t)rank)
        return h5x_error(H5X_ERR_CORRUPT, "DIMENSION_LIST holds %llu entries for a dataset of rank %d",
                         (unsigned long long)h5x_shape_size(&shape), rank);
    h5x_dtype *type = dimension_list_type();
    rc = type ? h5x_attr_get(dataset, "DIMENSION_LIST", type, lists, (size_t)rank * sizeof *lists)
              : h5x_error_code();
    h5x_close(type);
    return rc < 0 ? rc : 1;
}

static void free_dimension_list(h5x_vlen *lists, int rank)
{
    h5x_dtype *type = dimension_list_type();
    if (type)
        h5x_reclaim(type, lists, (uint64_t)rank);
    h5x_close(type);
}

/* Writes the lists back, or removes the attribute when all are empty. */
static int write_dimension_list(h5x_object *dataset, int rank, const h5x_vlen *lists)
{
    int any = 0;
    for (int i = 0; i < rank; i++)
        any |= lists[i].length > 0;
    if (!any)
        return h5x_attr_contains(dataset, "DIMENSION_LIST") > 0 ? h5x_attr_delete(dataset, "DIMENSION_LIST") : 0;
    h5x_dtype *type = dimension_list_type();
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){(uint64_t)rank});
    int rc = type ? h5x_attr_set(dataset, "DIMENSION_LIST", type, &shape, lists) : h5x_error_code();
    h5x_close(type);
    return rc;
}

/* 1 when ref leads to object, 0 when not. */
static int refers_to(h5x_object *loc, const h5x_ref *ref, h5x_object *object)
{
    if (h5x_ref_is_null(ref))
        return 0;
    h5x_object *target = h5x_ref_open(loc, ref);
    if (!target) {
        h5x_clear_error(); /* a reference that leads nowhere matches nothing */
        return 0;
    }
    int same = h5x_object_equal(target, object);
    h5x_close(target);
    return same > 0;
}

/* The index of scale in one axis's list, or -1. */
static int find_in_list(h5x_object *dataset, const h5x_vlen *list, h5x_object *scale)
{
    const h5x_ref *refs = list->data;
    for (size_t i = 0; i < list->length; i++)
        if (refers_to(dataset, &refs[i], scale))
            return (int)i;
    return -1;
}

/* ------------------------------------------------------ REFERENCE_LIST */

static h5x_dtype *reference_list_type(void)
{
    h5x_dtype *compound = h5x_dtype_compound(sizeof(attachment));
    h5x_dtype *ref = h5x_dtype_reference(H5X_REF_OBJECT);
    int rc = compound && ref ? 0 : -1;
    if (rc == 0)
        rc = h5x_dtype_compound_insert(compound, "dataset", offsetof(attachment, dataset), ref);
    if (rc == 0)
        rc = h5x_dtype_compound_insert(compound, "dimension", offsetof(attachment, dimension), H5X_I32);
    h5x_close(ref);
    if (rc < 0) {
        h5x_close(compound);
        return NULL;
    }
    return compound;
}

/* The attachments of a scale (malloc'd, *count of them). */
static int read_reference_list(h5x_object *scale, attachment **items, uint64_t *count)
{
    *items = NULL;
    *count = 0;
    int present = h5x_attr_contains(scale, "REFERENCE_LIST");
    if (present <= 0)
        return present;
    h5x_shape shape;
    int rc = h5x_attr_info(scale, "REFERENCE_LIST", &shape, NULL);
    if (rc < 0)
        return rc;
    uint64_t n = h5x_shape_size(&shape);
    if (n == 0)
        return 0;
    attachment *list = calloc((size_t)n, sizeof *list);
    h5x_dtype *type = reference_list_type();
    if (!list || !type) {
        free(list);
        h5x_close(type);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    rc = h5x_attr_get(scale, "REFERENCE_LIST", type, list, (size_t)n * sizeof *list);
    h5x_close(type);
    if (rc < 0) {
        free(list);
        return rc;
    }
    *items = list;
    *count = n;
    return 1;
}

static int write_reference_list(h5x_object *scale, const attachment *items, uint64_t count)
{
    if (count == 0)
        return h5x_attr_contains(scale, "REFERENCE_LIST") > 0 ? h5x_attr_delete(scale, "REFERENCE_LIST") : 0;
    h5x_dtype *type = reference_list_type();
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){count});
    int rc = type ? h5x_attr_set(scale, "REFERENCE_LIST", type, &shape, items) : h5x_error_code();
    h5x_close(type);
    return rc;
}

/* ------------------------------------------------------------- requests */

static int make_scale(h5x_object *dataset, const char *name)
{
    int has_scales = h5x_attr_contains(dataset, "DIMENSION_LIST");
    if (has_scales < 0)
        return has_scales;
    if (has_scales)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "%s has dimension scales attached, so it cannot be a dimension scale itself", dataset->path);
    int rc = write_fixed_text(dataset, "CLASS", "DIMENSION_SCALE");
    if (rc >= 0 && name)
        rc = write_fixed_text(dataset, "NAME", name);
    return rc;
}

static int attach(h5x_object *dataset, int rank, int axis, h5x_object *scale)
{
    if (h5x_object_equal(dataset, scale) > 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s cannot be a dimension scale of itself", dataset->path);
    int rc = is_scale(dataset);
    if (rc > 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s is a dimension scale: scales cannot have scales",
                         dataset->path);
    if (rc == 0 && (rc = h5x_attr_contains(scale, "DIMENSION_LIST")) > 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "%s has dimension scales attached, so it cannot be a dimension scale", scale->path);
    if (rc < 0)
        return rc;
    h5x_vlen lists[H5X_MAX_RANK];
    if ((rc = read_dimension_list(dataset, rank, lists)) < 0)
        return rc;
    if (find_in_list(dataset, &lists[axis], scale) >= 0) {
        free_dimension_list(lists, rank);
        return 0; /* already attached there */
    }
    /* Grow this axis's list by one; the memory stays the list's, so that
     * h5x_reclaim releases it with the rest. */
    h5x_ref *grown = realloc(lists[axis].data, (lists[axis].length + 1) * sizeof *grown);
    if (!grown) {
        free_dimension_list(lists, rank);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    lists[axis].data = grown;
    rc = h5x_object_ref(scale, &grown[lists[axis].length]);
    if (rc >= 0)
        lists[axis].length++;
    if (rc >= 0 && (rc = is_scale(scale)) == 0)
        rc = make_scale(scale, NULL);
    attachment *items = NULL;
    uint64_t count = 0;
    if (rc >= 0)
        rc = read_reference_list(scale, &items, &count);
    if (rc >= 0) {
        attachment *more = realloc(items, (size_t)(count + 1) * sizeof *more);
        if (!more) {
            rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        } else {
            items = more;
            memset(&items[count], 0, sizeof items[count]);
            rc = h5x_object_ref(dataset, &items[count].dataset);
            items[count].dimension = axis;
            if (rc >= 0)
                rc = write_reference_list(scale, items, count + 1);
        }
    }
    if (rc >= 0)
        rc = write_dimension_list(dataset, rank, lists);
    free(items);
    free_dimension_list(lists, rank);
    return rc;
}

static int detach(h5x_object *dataset, int rank, int axis, h5x_object *scale)
{
    h5x_vlen lists[H5X_MAX_RANK];
    int rc = read_dimension_list(dataset, rank, lists);
    if (rc < 0)
        return rc;
    int at = find_in_list(dataset, &lists[axis], scale);
    if (at < 0) {
        free_dimension_list(lists, rank);
        return h5x_error(H5X_ERR_NOT_FOUND, "%s is not attached to axis %d of %s", scale->path, axis,
                         dataset->path);
    }
    h5x_ref *refs = lists[axis].data;
    memmove(&refs[at], &refs[at + 1], (lists[axis].length - (size_t)at - 1) * sizeof *refs);
    lists[axis].length--;
    rc = write_dimension_list(dataset, rank, lists);
    free_dimension_list(lists, rank);
    attachment *items = NULL;
    uint64_t count = 0;
    if (rc >= 0)
        rc = read_reference_list(scale, &items, &count);
    for (uint64_t i = 0; rc >= 0 && i < count; i++)
        if (items[i].dimension == axis && refers_to(scale, &items[i].dataset, dataset)) {
            memmove(&items[i], &items[i + 1], (size_t)(count - i - 1) * sizeof *items);
            rc = write_reference_list(scale, items, count - 1);
            break;
        }
    free(items);
    return rc;
}

static int count_scales(h5x_object *dataset, int rank, int axis)
{
    h5x_vlen lists[H5X_MAX_RANK];
    int rc = read_dimension_list(dataset, rank, lists);
    if (rc < 0)
        return rc;
    int count = (int)lists[axis].length;
    free_dimension_list(lists, rank);
    return count;
}

static int open_scale(h5x_object *dataset, int rank, int axis, int index, h5x_object **opened)
{
    h5x_vlen lists[H5X_MAX_RANK];
    int rc = read_dimension_list(dataset, rank, lists);
    if (rc < 0)
        return rc;
    if ((size_t)index >= lists[axis].length) {
        rc = h5x_error(H5X_ERR_NOT_FOUND, "axis %d of %s has %zu dimension scales: there is no scale %d", axis,
                       dataset->path, lists[axis].length, index);
    } else {
        const h5x_ref *refs = lists[axis].data;
        *opened = h5x_ref_open(dataset, &refs[index]);
        rc = *opened ? 0 : h5x_error_code();
    }
    free_dimension_list(lists, rank);
    return rc;
}

int h5x_dimscale_generic(h5x_object *dataset, h5x_op_dimscale *op, h5x_object *scale, h5x_object **opened)
{
    int rank = dataset_rank(dataset);
    if (rank < 0)
        return rank;
    int axis = op->axis;
    switch (op->action) {
    case H5X_DIMSCALE_SET_LABEL: return set_label(dataset, rank, axis, op->text);
    case H5X_DIMSCALE_GET_LABEL:
        op->text_out = get_label(dataset, rank, axis);
        return op->text_out ? 0 : h5x_error_code();
    case H5X_DIMSCALE_MAKE_SCALE: return make_scale(dataset, op->text ? op->text : "");
    case H5X_DIMSCALE_IS_SCALE: {
        int rc = is_scale(dataset);
        op->result = rc > 0;
        return rc < 0 ? rc : 0;
    }
    case H5X_DIMSCALE_GET_NAME:
        op->text_out = read_text(dataset, "NAME");
        return op->text_out ? 0 : h5x_error_code();
    case H5X_DIMSCALE_ATTACH: return attach(dataset, rank, axis, scale);
    case H5X_DIMSCALE_DETACH: return detach(dataset, rank, axis, scale);
    case H5X_DIMSCALE_COUNT: {
        int count = count_scales(dataset, rank, axis);
        op->result = count;
        return count < 0 ? count : 0;
    }
    case H5X_DIMSCALE_OPEN: return open_scale(dataset, rank, axis, op->index, opened);
    }
    return h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown dimension scale request %d", (int)op->action);
}
