/*
 * Dimension scales: h5py's dset.dims.
 *
 * HDF5 describes the axes of a dataset with attributes that follow a
 * published convention: a label per axis (DIMENSION_LABELS on the data), a
 * scale is a dataset marked with CLASS = "DIMENSION_SCALE" and an optional
 * NAME, and attaching a scale writes references both ways (DIMENSION_LIST
 * on the data, one list of datasets per axis; REFERENCE_LIST on the scale,
 * pairs of dataset and axis).  Programs that read these files — h5py,
 * netCDF-4, HDFView — only see the attributes, so the convention is the
 * contract.
 *
 * Every call here is one request, an h5x_op_dimscale, described once and
 * checked once: the dataset is a dataset, the axis lies within its rank,
 * the file is writable for changes, a scale lives in the same file as the
 * data.  A connector that claims H5X_CAP_DIMENSION_SCALES answers the
 * request itself through its optional operation H5X_CONNECTOR_OP_DIMSCALE
 * (the native connector hands it to libhdf5's H5DS library, so the files
 * are those h5py writes).  For any other connector that stores
 * variable-length data and references, the core writes the convention
 * itself with nothing but attributes and object references
 * (dimscale_generic.c); the rest answer H5X_ERR_NOT_SUPPORTED.  The choice
 * is made at the single point where requests are routed (route_request).
 *
 * Looking a scale up by name and listing the names of an axis's scales are
 * built from the other requests (open the index-th scale, ask its name),
 * so a connector implements only the primitive ones.  As in h5py, a name
 * need not be unique: the first scale whose name matches is the one found.
 */
#include "object.h"

#include "dimscale_generic.h"
#include "error.h"
#include "lock.h"

#include <stdlib.h>
#include <string.h>

static const char *action_name(h5x_dimscale_action action)
{
    switch (action) {
    case H5X_DIMSCALE_SET_LABEL: return "setting a dimension label";
    case H5X_DIMSCALE_GET_LABEL: return "reading a dimension label";
    case H5X_DIMSCALE_MAKE_SCALE: return "making a dimension scale";
    case H5X_DIMSCALE_IS_SCALE: return "telling whether a dataset is a dimension scale";
    case H5X_DIMSCALE_GET_NAME: return "reading a dimension scale's name";
    case H5X_DIMSCALE_ATTACH: return "attaching a dimension scale";
    case H5X_DIMSCALE_DETACH: return "detaching a dimension scale";
    case H5X_DIMSCALE_COUNT: return "counting dimension scales";
    case H5X_DIMSCALE_OPEN: return "opening a dimension scale";
    }
    return "dimension scales";
}

/* 1 when the connector answers dimension-scale requests itself. */
static int by_connector(const h5x_object *dataset)
{
    const h5x_connector_class *cls = H5X_CLASS(dataset);
    return (cls->capabilities & H5X_CAP_DIMENSION_SCALES) && H5X_SLOT(cls, optional);
}

/* Where a request goes: the connector when it does dimension scales itself,
 * else the core's own implementation when the connector can store it,
 * else nowhere.  scale: the scale's handle (attach, detach); *opened: the
 * scale an OPEN request opened, when the core answered it. */
static int route(h5x_object *dataset, h5x_op_dimscale *op, h5x_object *scale, h5x_object **opened)
{
    const h5x_connector_class *cls = H5X_CLASS(dataset);
    int (*optional)(void *, void *, int, void *) = H5X_SLOT(cls, optional);
    if (!by_connector(dataset)) {
        if (h5x_dimscale_generic_possible(dataset))
            return h5x_dimscale_generic(dataset, op, scale, opened);
        return h5x_not_supported(dataset->file, action_name(op->action));
    }
    op->dataset = dataset->connector_object;
    return optional(dataset->file->connector_file, dataset->connector_object, H5X_CONNECTOR_OP_DIMSCALE, op);
}

static int route_request(h5x_object *dataset, h5x_op_dimscale *op)
{
    return route(dataset, op, NULL, NULL);
}

int h5x_dimscale_available(const h5x_object *object)
{
    return by_connector(object) || h5x_dimscale_generic_possible(object);
}

static int check_axis(h5x_object *dataset, int axis)
{
    const h5x_dataset_info *info = h5x_dataset_cached_info(dataset);
    if (!info)
        return h5x_error_code() < 0 ? h5x_error_code() : H5X_ERR_IO;
    if (axis < 0 || axis >= info->shape.rank)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "axis %d is out of range for a dataset of rank %d", axis,
                         info->shape.rank);
    return 0;
}

/* The checks every request starts with.  needs_axis: the request is about
 * one axis; writes: it changes the file. */
static int prologue(h5x_object *dataset, int axis, int needs_axis, int writes, h5x_dimscale_action action)
{
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    if (rc == 0 && needs_axis)
        rc = check_axis(dataset, axis);
    if (rc == 0 && writes)
        rc = h5x_require_writable(dataset, action_name(action));
    return rc;
}

/* A scale must be a dataset of the same file as the data. */
static int check_scale(h5x_object *dataset, h5x_object *scale)
{
    int rc = h5x_object_check(scale, H5X_KINDS_DATASET, "dimension scale");
    if (rc != 0)
        return rc;
    if (scale->file != dataset->file &&
        (scale->file->connector != dataset->file->connector || strcmp(scale->file->path, dataset->file->path) != 0))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "the dimension scale %s lives in another file ('%s') than the dataset ('%s')", scale->path,
                         scale->file->path, dataset->file->path);
    return 0;
}

static int finish(h5x_object *dataset, int rc)
{
    if (rc < 0 && h5x_handle_check(dataset, H5X_HANDLE_OBJECT, "dataset") == 0)
        h5x_error_at(dataset, NULL, rc);
    h5x_unlock();
    return rc;
}

/* A request whose answer is a string: the connector's, or "" when it gave
 * none. */
static char *text_request(h5x_object *dataset, h5x_op_dimscale *op, int rc)
{
    if (rc == 0)
        rc = route_request(dataset, op);
    char *text = NULL;
    if (rc >= 0) {
        text = op->text_out ? op->text_out : strdup("");
        op->text_out = NULL;
        if (!text)
            rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    free(op->text_out);
    finish(dataset, rc);
    return text;
}

int h5x_dim_set_label(h5x_object *dataset, int axis, const char *label)
{
    h5x_lock();
    int rc = prologue(dataset, axis, 1, 1, H5X_DIMSCALE_SET_LABEL);
    if (rc == 0 && !label)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dim_set_label: label is NULL");
    if (rc == 0) {
        h5x_op_dimscale op = {.action = H5X_DIMSCALE_SET_LABEL, .axis = axis, .text = label};
        rc = route_request(dataset, &op);
    }
    return finish(dataset, rc < 0 ? rc : 0);
}

char *h5x_dim_label(h5x_object *dataset, int axis)
{
    h5x_lock();
    h5x_op_dimscale op = {.action = H5X_DIMSCALE_GET_LABEL, .axis = axis};
    return text_request(dataset, &op, prologue(dataset, axis, 1, 0, op.action));
}

int h5x_dim_make_scale(h5x_object *dataset, const char *name)
{
    h5x_lock();
    int rc = prologue(dataset, 0, 0, 1, H5X_DIMSCALE_MAKE_SCALE);
    if (rc == 0) {
        /* h5py's make_scale() stores an empty NAME; so does a NULL name here */
        h5x_op_dimscale op = {.action = H5X_DIMSCALE_MAKE_SCALE, .axis = -1, .text = name ? name : ""};
        rc = route_request(dataset, &op);
    }
    return finish(dataset, rc < 0 ? rc : 0);
}

/* IS_SCALE or COUNT: requests answered with a number. */
static int number_request(h5x_object *dataset, h5x_op_dimscale *op, int rc)
{
    if (rc == 0)
        rc = route_request(dataset, op);
    return finish(dataset, rc < 0 ? rc : op->result);
}

int h5x_dim_is_scale(h5x_object *dataset)
{
    h5x_lock();
    h5x_op_dimscale op = {.action = H5X_DIMSCALE_IS_SCALE, .axis = -1};
    return number_request(dataset, &op, prologue(dataset, 0, 0, 0, op.action));
}

char *h5x_dim_scale_name(h5x_object *scale)
{
    h5x_lock();
    h5x_op_dimscale op = {.action = H5X_DIMSCALE_GET_NAME, .axis = -1};
    return text_request(scale, &op, prologue(scale, 0, 0, 0, op.action));
}

static int link_request(h5x_object *dataset, int axis, h5x_object *scale, h5x_dimscale_action action)
{
    h5x_lock();
    int rc = prologue(dataset, axis, 1, 1, action);
    if (rc == 0)
        rc = check_scale(dataset, scale);
    if (rc == 0) {
        h5x_op_dimscale op = {.action = action, .axis = axis, .scale = scale->connector_object};
        rc = route(dataset, &op, scale, NULL);
    }
    return finish(dataset, rc < 0 ? rc : 0);
}

int h5x_dim_attach_scale(h5x_object *dataset, int axis, h5x_object *scale)
{
    return link_request(dataset, axis, scale, H5X_DIMSCALE_ATTACH);
}

int h5x_dim_detach_scale(h5x_object *dataset, int axis, h5x_object *scale)
{
    return link_request(dataset, axis, scale, H5X_DIMSCALE_DETACH);
}

int h5x_dim_scale_count(h5x_object *dataset, int axis)
{
    h5x_lock();
    h5x_op_dimscale op = {.action = H5X_DIMSCALE_COUNT, .axis = axis};
    return number_request(dataset, &op, prologue(dataset, axis, 1, 0, op.action));
}

/* The index-th scale of an axis as a new handle, or NULL with the error
 * recorded.  Called with the lock held and the axis checked. */
static h5x_object *open_scale(h5x_object *dataset, int axis, int index)
{
    h5x_op_dimscale op = {.action = H5X_DIMSCALE_OPEN, .axis = axis, .index = index};
    h5x_object *scale = NULL;
    int rc = index < 0 ? h5x_error(H5X_ERR_INVALID_ARGUMENT, "scale index %d is negative", index)
                       : route(dataset, &op, NULL, &scale);
    if (rc >= 0 && !by_connector(dataset))
        return scale; /* the core opened it */
    if (rc >= 0 && (!op.object_out || !op.text_out || op.text_out[0] != '/')) {
        int (*close_object)(void *) = H5X_SLOT(H5X_CLASS(dataset), object_close);
        if (op.object_out && close_object)
            close_object(op.object_out);
        rc = h5x_error(H5X_ERR_IO, "the '%s' connector opened no dimension scale, or gave no path for it",
                       H5X_CLASS(dataset)->name);
    } else if (rc >= 0) {
        h5x_object_kind kind = op.info_out.kind ? op.info_out.kind : H5X_KIND_DATASET;
        scale = h5x_object_wrap(dataset->file, kind, op.object_out, op.text_out);
    }
    free(op.text_out);
    return scale;
}

h5x_object *h5x_dim_scale(h5x_object *dataset, int axis, int index)
{
    h5x_lock();
    int rc = prologue(dataset, axis, 1, 0, H5X_DIMSCALE_OPEN);
    h5x_object *scale = rc == 0 ? open_scale(dataset, axis, index) : NULL;
    finish(dataset, scale ? 0 : h5x_error_code() < 0 ? h5x_error_code() : H5X_ERR_IO);
    return scale;
}

/* Calls visit(scale, its name) for each scale of an axis, in order, until
 * visit returns non-zero, which is returned.  The scale handle is closed
 * after the visit: a visitor that keeps it adds a reference. */
typedef int (*scale_visitor)(h5x_object *scale, const char *name, void *user_data);

static int each_scale(h5x_object *dataset, int axis, scale_visitor visit, void *user_data)
{
    h5x_op_dimscale count = {.action = H5X_DIMSCALE_COUNT, .axis = axis};
    int rc = route_request(dataset, &count);
    for (int i = 0; rc >= 0 && i < count.result; i++) {
        h5x_object *scale = open_scale(dataset, axis, i);
        if (!scale)
            return h5x_error_code() < 0 ? h5x_error_code() : H5X_ERR_IO;
        h5x_op_dimscale name = {.action = H5X_DIMSCALE_GET_NAME, .axis = -1};
        rc = route_request(scale, &name);
        if (rc >= 0)
            rc = visit(scale, name.text_out ? name.text_out : "", user_data);
        free(name.text_out);
        h5x_close(scale);
        if (rc != 0)
            return rc;
    }
    return rc < 0 ? rc : 0;
}

typedef struct name_search {
    const char *wanted;
    h5x_object *found;
} name_search;

static int match_name(h5x_object *scale, const char *name, void *user_data)
{
    name_search *search = user_data;
    if (strcmp(name, search->wanted) != 0)
        return 0;
    search->found = scale;
    h5x_handle_retain(&scale->header);
    return 1;
}

h5x_object *h5x_dim_scale_by_name(h5x_object *dataset, int axis, const char *name)
{
    h5x_lock();
    int rc = prologue(dataset, axis, 1, 0, H5X_DIMSCALE_OPEN);
    if (rc == 0 && !name)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dim_scale_by_name: name is NULL");
    name_search search = {name, NULL};
    if (rc == 0)
        rc = each_scale(dataset, axis, match_name, &search);
    if (rc == 0 && !search.found)
        rc = h5x_error(H5X_ERR_NOT_FOUND, "no dimension scale named '%s' on axis %d of %s", name, axis,
                       dataset->path);
    finish(dataset, rc < 0 ? rc : 0);
    return rc < 0 ? NULL : search.found;
}

typedef struct name_list {
    char **names;
    size_t count;
} name_list;

static int append_name(h5x_object *scale, const char *name, void *user_data)
{
    (void)scale;
    name_list *list = user_data;
    char **grown = realloc(list->names, (list->count + 1) * sizeof *grown);
    if (!grown)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing dimension scales");
    list->names = grown;
    if (!(list->names[list->count] = strdup(name)))
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing dimension scales");
    list->count++;
    return 0;
}

int h5x_dim_scale_names(h5x_object *dataset, int axis, char ***names, size_t *count)
{
    if (!names || !count)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dim_scale_names: names and count must not be NULL");
    *names = NULL;
    *count = 0;
    h5x_lock();
    int rc = prologue(dataset, axis, 1, 0, H5X_DIMSCALE_GET_NAME);
    name_list list = {NULL, 0};
    if (rc == 0)
        rc = each_scale(dataset, axis, append_name, &list);
    if (rc < 0) {
        h5x_free_names(list.names, list.count);
    } else {
        *names = list.names;
        *count = list.count;
    }
    return finish(dataset, rc < 0 ? rc : 0);
}
