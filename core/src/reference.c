/*
 * reference.c — object and region references (h5py's obj.ref,
 * dset.regionref[sel], f[ref], dset[regref], bool(ref)).
 *
 * An h5x_ref is a value: H5X_REF_SIZE bytes that an application can keep,
 * compare, store in a dataset or attribute of a reference dtype, and hand
 * back later.  The core owns only its first byte, the kind; everything
 * from H5X_REF_PAYLOAD_OFFSET on is the connector's own encoding of the
 * target (for the native connector, the 8-byte object address or 12-byte
 * heap id libhdf5 stores), made by the connector's ref_create and read back
 * by its ref_open and ref_region.  All zero is the null reference, which
 * is what a reference dataset holds where nothing was written, so bool()
 * of it is false without asking any connector.
 *
 * Dereferencing gives an object without a path, because a reference names
 * an object, not a link.  h5py reports the name libhdf5 finds for it by
 * walking the file; the core does the same walk through the object model
 * (depth first, links in name order, hard links only, each group once),
 * so the name is the first path to the object in that order, "/" for the
 * root, and "" for an object that no link reaches.
 *
 * A region reference read as data (dset[regref]) takes the shape h5py
 * gives it: a selection that is a product of per-axis index sets (every
 * regular hyperslab, and unions of blocks that happen to form one) keeps
 * the dataset's rank with the number of indices on each axis; any other
 * selection (points, irregular unions) reads as a 1-D array in the order
 * of its elements.  The connector decides which of the two a stored
 * selection is when it resolves it.
 */
#include "reference.h"

#include "error.h"
#include "lock.h"
#include "selection.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *payload_of(h5x_ref *ref)
{
    return ref->bytes + H5X_REF_PAYLOAD_OFFSET;
}

static const uint8_t *const_payload_of(const h5x_ref *ref)
{
    return ref->bytes + H5X_REF_PAYLOAD_OFFSET;
}

/* 0 when ref is a non-null reference of a known kind. */
static int check_usable(const h5x_ref *ref)
{
    if (!ref)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "the reference is NULL");
    switch (ref->bytes[0]) {
    case H5X_REF_NULL:
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "cannot dereference a null reference");
    case H5X_REF_OBJECT:
    case H5X_REF_REGION:
        return 0;
    default:
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "not a reference: its kind byte is %u", (unsigned)ref->bytes[0]);
    }
}

/* --------------------------------------------------------------- values */

h5x_reference_kind h5x_ref_kind(const h5x_ref *ref)
{
    if (!ref)
        return (h5x_reference_kind)h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_ref_kind: the reference is NULL");
    if (ref->bytes[0] > H5X_REF_REGION)
        return (h5x_reference_kind)h5x_error(H5X_ERR_INVALID_ARGUMENT, "not a reference: its kind byte is %u",
                                             (unsigned)ref->bytes[0]);
    return (h5x_reference_kind)ref->bytes[0];
}

int h5x_ref_is_null(const h5x_ref *ref)
{
    if (!ref)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_ref_is_null: the reference is NULL");
    return ref->bytes[0] == H5X_REF_NULL;
}

/* ------------------------------------------------------------- creating */

int h5x_ref_make(h5x_object *object, const h5x_resolved_selection *region, h5x_ref *ref)
{
    memset(ref, 0, sizeof *ref);
    int (*create)(void *, void *, const h5x_resolved_selection *, uint8_t *) =
        H5X_SLOT(H5X_CLASS(object), ref_create);
    if (!create)
        return h5x_not_supported(object->file, "references");
    int rc = create(object->file->connector_file, object->connector_object, region, payload_of(ref));
    if (rc < 0) {
        memset(ref, 0, sizeof *ref);
        return h5x_error_at(object, NULL, rc);
    }
    ref->bytes[0] = (uint8_t)(region ? H5X_REF_REGION : H5X_REF_OBJECT);
    return 0;
}

int h5x_object_ref(h5x_object *object, h5x_ref *ref)
{
    if (!ref)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_object_ref: ref is NULL");
    memset(ref, 0, sizeof *ref);
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0)
        rc = h5x_ref_make(object, NULL, ref);
    h5x_unlock();
    return rc;
}

int h5x_region_ref(h5x_object *dataset, const h5x_selection *sel, h5x_ref *ref)
{
    if (!ref)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_region_ref: ref is NULL");
    memset(ref, 0, sizeof *ref);
    h5x_lock();
    h5x_resolved_selection *resolved = NULL;
    const h5x_dataset_info *info = NULL;
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    if (rc == 0)
        rc = h5x_require_writable(dataset, "make a region reference (its selection is stored in the file)");
    if (rc == 0 && !(info = h5x_dataset_cached_info(dataset)))
        rc = h5x_error_code();
    if (rc == 0 && info->shape.rank < 0)
        rc = h5x_error_at(dataset, NULL,
                          h5x_error(H5X_ERR_SELECTION, "an empty dataset (null dataspace) has no region to refer to"));
    if (rc == 0) {
        if (sel) {
            rc = h5x_selection_resolve(sel, &info->shape, &resolved, NULL);
        } else {
            h5x_selection *all = h5x_selection_new();
            rc = all ? h5x_selection_resolve(all, &info->shape, &resolved, NULL) : h5x_error_code();
            h5x_close(all);
        }
        h5x_error_at(dataset, NULL, rc);
    }
    if (rc == 0)
        rc = h5x_ref_make(dataset, resolved, ref);
    h5x_resolved_selection_free(resolved);
    h5x_unlock();
    return rc;
}

/* -------------------------------------------------------- dereferencing */

/* Opens the connector object a usable reference points at. */
static int open_target(h5x_object *loc, const h5x_ref *ref, void **object, h5x_object_info *info)
{
    int (*open)(void *, const uint8_t *, void **, h5x_object_info *) = H5X_SLOT(H5X_CLASS(loc), ref_open);
    if (!open)
        return h5x_not_supported(loc->file, "references");
    memset(info, 0, sizeof *info);
    *object = NULL;
    int rc = open(loc->file->connector_file, const_payload_of(ref), object, info);
    return h5x_error_at(loc, NULL, rc);
}

static void close_connector_object(h5x_object *loc, void *object)
{
    int (*close_object)(void *) = H5X_SLOT(H5X_CLASS(loc), object_close);
    if (close_object && object)
        close_object(object);
}

static int region_of(h5x_object *loc, const h5x_ref *ref, h5x_resolved_selection **region)
{
    int (*get)(void *, const uint8_t *, h5x_resolved_selection **) = H5X_SLOT(H5X_CLASS(loc), ref_region);
    if (!get)
        return h5x_not_supported(loc->file, "region references");
    *region = NULL;
    int rc = get(loc->file->connector_file, const_payload_of(ref), region);
    if (rc >= 0 && !*region)
        rc = h5x_error(H5X_ERR_CORRUPT, "the connector gave no selection for a region reference");
    return h5x_error_at(loc, NULL, rc);
}

int h5x_ref_target(h5x_object *loc, const h5x_ref *ref, uint8_t token[16], h5x_resolved_selection **region)
{
    if (region)
        *region = NULL;
    int rc = check_usable(ref);
    void *object = NULL;
    h5x_object_info info;
    if (rc == 0 && (rc = open_target(loc, ref, &object, &info)) >= 0) {
        memcpy(token, info.token, 16);
        close_connector_object(loc, object);
    }
    if (rc >= 0 && region && ref->bytes[0] == H5X_REF_REGION)
        rc = region_of(loc, ref, region);
    return rc < 0 ? rc : 0;
}

/* The walk that names a dereferenced object. */
typedef struct path_search {
    uint8_t token[16];
    uint8_t (*visited)[16];
    size_t nvisited;
    char *found;
    int failed; /* out of memory */
} path_search;

static int token_of(h5x_object *object, uint8_t token[16])
{
    int (*info)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(object), object_info);
    h5x_object_info oi;
    memset(&oi, 0, sizeof oi);
    if (!info || info(object->connector_object, &oi) < 0)
        return -1;
    memcpy(token, oi.token, 16);
    return 0;
}

static int already_visited(path_search *search, const uint8_t token[16])
{
    for (size_t i = 0; i < search->nvisited; i++)
        if (memcmp(search->visited[i], token, 16) == 0)
            return 1;
    uint8_t(*grown)[16] = realloc(search->visited, (search->nvisited + 1) * sizeof *grown);
    if (!grown) {
        search->failed = 1;
        return 1;
    }
    search->visited = grown;
    memcpy(search->visited[search->nvisited++], token, 16);
    return 0;
}

static int is_hard_link(h5x_object *group, const char *name)
{
    int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(group), link_info);
    if (!get)
        return 1;
    h5x_link_info info;
    memset(&info, 0, sizeof info);
    int rc = get(group->file->connector_file, group->connector_object, name, &info);
    free(info.target_path);
    free(info.target_file);
    return rc >= 0 && info.kind == H5X_LINK_HARD;
}

/* Depth first, in name order; stops at the first path found. */
static void search_group(path_search *search, h5x_object *group)
{
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(group, H5X_ORDER_NAME, &names, &count) < 0)
        return;
    for (size_t i = 0; i < count && !search->found && !search->failed; i++) {
        if (!is_hard_link(group, names[i]))
            continue;
        h5x_object *child = h5x_open(group, names[i]);
        uint8_t token[16];
        if (!child || token_of(child, token) < 0) {
            h5x_close(child);
            continue;
        }
        if (memcmp(token, search->token, 16) == 0) {
            if (!(search->found = strdup(child->path)))
                search->failed = 1;
        } else if (child->kind == H5X_KIND_GROUP && !already_visited(search, token)) {
            search_group(search, child);
        }
        h5x_close(child);
    }
    h5x_free_names(names, count);
}

/* The path h5py would report for the object with this token: a new
 * string, "" when no link reaches it, NULL when out of memory. */
static char *path_of_token(h5x_object *loc, const uint8_t token[16])
{
    path_search search;
    memset(&search, 0, sizeof search);
    memcpy(search.token, token, 16);
    h5x_object *root = h5x_open(loc, "/");
    uint8_t root_token[16];
    if (root && token_of(root, root_token) == 0) {
        if (memcmp(root_token, token, 16) == 0)
            search.found = strdup("/");
        else if (!already_visited(&search, root_token))
            search_group(&search, root);
    }
    h5x_close(root);
    free(search.visited);
    /* the walk's failures (unreadable members) are not the caller's */
    h5x_clear_error();
    if (search.failed) {
        free(search.found);
        return NULL;
    }
    return search.found ? search.found : strdup("");
}

h5x_object *h5x_ref_open(h5x_object *loc, const h5x_ref *ref)
{
    h5x_lock();
    h5x_object *result = NULL;
    void *object = NULL;
    h5x_object_info info;
    if (h5x_object_check(loc, H5X_KINDS_ANY, "location") != 0 || check_usable(ref) != 0 ||
        open_target(loc, ref, &object, &info) < 0)
        goto done;
    char *path = path_of_token(loc, info.token);
    if (!path) {
        close_connector_object(loc, object);
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory naming a referenced object");
        goto done;
    }
    result = h5x_object_wrap(loc->file, info.kind == H5X_KIND_FILE ? H5X_KIND_GROUP : info.kind, object, path);
    free(path);
done:
    h5x_unlock();
    return result;
}

/* ------------------------------------------------------------- regions */

/* The selection of a region reference on dataset, checked against its
 * shape; the reference must point at this dataset (h5py refuses others). */
static int dataset_region(h5x_object *dataset, const h5x_ref *ref, const h5x_dataset_info **info_out,
                          h5x_resolved_selection **region)
{
    *region = NULL;
    int rc = h5x_object_check(dataset, H5X_KINDS_DATASET, "dataset");
    if (rc != 0)
        return rc;
    if ((rc = check_usable(ref)) != 0)
        return h5x_error_at(dataset, NULL, rc);
    if (ref->bytes[0] != H5X_REF_REGION)
        return h5x_error_at(dataset, NULL,
                            h5x_error(H5X_ERR_INVALID_ARGUMENT, "an object reference holds no region to read"));
    const h5x_dataset_info *info = h5x_dataset_cached_info(dataset);
    if (!info)
        return h5x_error_code();
    uint8_t target[16], own[16];
    if ((rc = h5x_ref_target(dataset, ref, target, region)) < 0)
        return rc;
    if (token_of(dataset, own) < 0 || memcmp(target, own, 16) != 0) {
        h5x_resolved_selection_free(*region);
        *region = NULL;
        return h5x_error_at(dataset, NULL,
                            h5x_error(H5X_ERR_INVALID_ARGUMENT, "the region reference points to another dataset"));
    }
    if ((rc = h5x_resolved_selection_check(*region, &info->shape)) != 0) {
        h5x_resolved_selection_free(*region);
        *region = NULL;
        return h5x_error_at(dataset, NULL, rc);
    }
    *info_out = info;
    return 0;
}

static h5x_shape shape_of_region(const h5x_resolved_selection *region, const h5x_shape *dataset_shape)
{
    h5x_shape shape;
    memset(&shape, 0, sizeof shape);
    switch (region->kind) {
    case H5X_SEL_ALL:
        return *dataset_shape;
    case H5X_SEL_NONE:
        shape.rank = dataset_shape->rank > 0 ? dataset_shape->rank : 1;
        return shape;
    case H5X_SEL_ORTHOGONAL:
        shape.rank = region->rank;
        for (int i = 0; i < region->rank; i++)
            shape.dims[i] = region->axes[i].count;
        return shape;
    case H5X_SEL_POINTS:
        shape.rank = 1;
        shape.dims[0] = region->npoints;
        return shape;
    }
    return shape;
}

int h5x_ref_region_shape(h5x_object *dataset, const h5x_ref *ref, h5x_shape *shape)
{
    if (!shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_ref_region_shape: shape is NULL");
    h5x_lock();
    const h5x_dataset_info *info = NULL;
    h5x_resolved_selection *region = NULL;
    int rc = dataset_region(dataset, ref, &info, &region);
    if (rc == 0)
        *shape = shape_of_region(region, &info->shape);
    h5x_resolved_selection_free(region);
    h5x_unlock();
    return rc;
}

int h5x_dataset_read_region(h5x_object *dataset, const h5x_ref *ref, const h5x_dtype *mem_dtype, void *buffer,
                            size_t buffer_size)
{
    h5x_lock();
    const h5x_dataset_info *info = NULL;
    h5x_resolved_selection *region = NULL;
    int rc = dataset_region(dataset, ref, &info, &region);
    const h5x_dtype *mem = mem_dtype;
    if (rc == 0 && !mem)
        mem = info->dtype;
    else if (rc == 0)
        rc = h5x_handle_check(mem, H5X_HANDLE_DTYPE, "memory dtype");
    if (rc == 0) {
        h5x_shape shape = shape_of_region(region, &info->shape);
        uint64_t n = h5x_shape_size(&shape);
        size_t element = h5x_dtype_size(mem);
        if (n > 0 && !buffer)
            rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dataset_read_region: buffer is NULL");
        else if (n > 0 && (n > SIZE_MAX / element || buffer_size < n * element))
            rc = h5x_error(H5X_ERR_SHAPE, "buffer of %zu bytes is too small for a region of %llu elements "
                                          "(%llu bytes)",
                           buffer_size, (unsigned long long)n, (unsigned long long)n * element);
        if (rc == 0 && n > 0) {
            int (*read)(void *, const h5x_resolved_selection *, const h5x_dtype *, void *) =
                H5X_SLOT(H5X_CLASS(dataset), dataset_read);
            rc = read ? read(dataset->connector_object, region, mem, buffer)
                      : h5x_not_supported(dataset->file, "reading datasets");
        }
        h5x_error_at(dataset, NULL, rc);
    }
    h5x_resolved_selection_free(region);
    h5x_unlock();
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------ region as text */

typedef struct text_out {
    char *data;
    size_t length, capacity;
    int failed;
} text_out;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void text_append(text_out *out, const char *format, ...)
{
    if (out->failed)
        return;
    for (;;) {
        va_list args;
        va_start(args, format);
        size_t room = out->capacity - out->length;
        int n = vsnprintf(out->data ? out->data + out->length : NULL, out->data ? room : 0, format, args);
        va_end(args);
        if (n < 0) {
            out->failed = 1;
            return;
        }
        if (out->data && (size_t)n < room) {
            out->length += (size_t)n;
            return;
        }
        size_t capacity = out->capacity * 2 + (size_t)n + 64;
        char *grown = realloc(out->data, capacity);
        if (!grown) {
            out->failed = 1;
            return;
        }
        out->data = grown;
        out->capacity = capacity;
    }
}

static void append_region(text_out *out, const h5x_resolved_selection *region)
{
    switch (region->kind) {
    case H5X_SEL_ALL:
        text_append(out, "...");
        return;
    case H5X_SEL_NONE:
        return;
    case H5X_SEL_POINTS:
        for (uint64_t p = 0; p < region->npoints; p++) {
            text_append(out, "%s(", p ? ", " : "");
            for (int a = 0; a < region->rank; a++)
                text_append(out, "%s%llu", a ? ", " : "",
                            (unsigned long long)region->points[p * (uint64_t)region->rank + (uint64_t)a]);
            text_append(out, ")");
        }
        return;
    case H5X_SEL_ORTHOGONAL:
        for (int a = 0; a < region->rank; a++) {
            const h5x_axis_selection *axis = &region->axes[a];
            text_append(out, "%s", a ? ", " : "");
            if (axis->list) {
                text_append(out, "[");
                for (uint64_t i = 0; i < axis->count; i++)
                    text_append(out, "%s%llu", i ? ", " : "", (unsigned long long)axis->list[i]);
                text_append(out, "]");
            } else if (axis->count == 0) {
                text_append(out, "0:0");
            } else {
                uint64_t stop = axis->start + (axis->count - 1) * axis->step + 1;
                text_append(out, "%llu:%llu", (unsigned long long)axis->start, (unsigned long long)stop);
                if (axis->step > 1 && axis->count > 1)
                    text_append(out, ":%llu", (unsigned long long)axis->step);
            }
        }
        return;
    }
}

char *h5x_ref_region_text(h5x_object *loc, const h5x_ref *ref)
{
    h5x_lock();
    char *result = NULL;
    h5x_resolved_selection *region = NULL;
    uint8_t token[16];
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0 && (rc = check_usable(ref)) == 0 && ref->bytes[0] != H5X_REF_REGION)
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "an object reference holds no region");
    if (rc == 0)
        rc = h5x_ref_target(loc, ref, token, &region);
    if (rc == 0) {
        text_out out = {0};
        text_append(&out, "%s", "");
        append_region(&out, region);
        if (out.failed) {
            free(out.data);
            h5x_error(H5X_ERR_NO_MEMORY, "out of memory describing a region");
        } else {
            result = out.data;
        }
    }
    h5x_resolved_selection_free(region);
    h5x_unlock();
    return result;
}
