/*
 * core_backing_refs.c — references in backing files.
 *
 * A reference is stored as its target's identity, and identities are not
 * portable: in memory a payload holds an object id and a region id of the
 * store (core_reference.c), in a native file it holds what libhdf5 stores
 * (an object address, a heap id).  So references cannot be copied
 * between the two as bytes; each one is followed on the side it comes
 * from and made again on the side it goes to, against the same object
 * and, for a region, the same selection.
 *
 * That can only happen once every object exists on the other side, so
 * loading and saving put the datasets and attributes that hold references
 * on a list of fix-ups while they walk the tree (created in place, null)
 * and fill them in afterwards.  A reference whose target is gone, or was
 * not reachable by any link and so was not saved, becomes the null
 * reference, as in h5x_copy.  References are found wherever the type puts
 * them — at the top, or inside compounds, arrays and variable-length
 * sequences (the dimension-scale attributes hold them in the last two) —
 * by one walk over the values (each_reference).  Values are translated in
 * place when loading (the store owns them and nothing has seen them yet)
 * and in a deep copy when saving (the store keeps its own).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "object.h"

int core_dtype_references(const h5x_dtype *dtype)
{
    switch (dtype->type_class) {
    case H5X_CLASS_REFERENCE:
        return 1;
    case H5X_CLASS_ARRAY:
        return core_dtype_references(dtype->u.array.base) ? 2 : 0;
    case H5X_CLASS_VLEN:
        return core_dtype_references(dtype->u.vlen.base) ? 2 : 0;
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++)
            if (core_dtype_references(dtype->u.compound.members[m].type))
                return 2;
        return 0;
    default:
        return 0;
    }
}

typedef int (*reference_visitor)(h5x_ref *ref, void *user_data);

/* Calls visit for every reference in count elements of dtype, stride
 * bytes apart, stopping at the first failure. */
static int each_reference(const h5x_dtype *dtype, unsigned char *p, size_t stride, uint64_t count,
                          reference_visitor visit, void *user_data)
{
    int status = 0;
    switch (dtype->type_class) {
    case H5X_CLASS_REFERENCE:
        for (uint64_t i = 0; status == 0 && i < count; i++, p += stride)
            status = visit((h5x_ref *)(void *)p, user_data);
        return status;
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        for (uint64_t i = 0; status == 0 && i < count; i++, p += stride)
            status = each_reference(base, p, base->size, dtype->size / base->size, visit, user_data);
        return status;
    }
    case H5X_CLASS_VLEN: {
        const h5x_dtype *base = dtype->u.vlen.base;
        for (uint64_t i = 0; status == 0 && i < count; i++, p += stride) {
            h5x_vlen sequence;
            memcpy(&sequence, p, sizeof sequence);
            if (sequence.data != NULL)
                status = each_reference(base, sequence.data, base->size, sequence.length, visit, user_data);
        }
        return status;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; status == 0 && m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            status = each_reference(member->type, p + member->offset, stride, count, visit, user_data);
        }
        return status;
    default:
        return 0;
    }
}

static int make_null(h5x_ref *ref, void *user_data)
{
    (void)user_data;
    memset(ref, 0, sizeof *ref);
    return 0;
}

void *core_refs_copy_nulled(const h5x_dtype *dtype, const void *values, uint64_t count)
{
    size_t bytes = (size_t)count * dtype->size;
    void *copy = calloc(bytes ? bytes : 1, 1);
    if (copy == NULL) {
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory copying %llu values", (unsigned long long)count);
        return NULL;
    }
    /* the same type on both sides: a deep copy (sequences are allocated anew) */
    if (values != NULL && count > 0 && h5x_dtype_convert(dtype, values, dtype, copy, count) < 0) {
        free(copy);
        return NULL;
    }
    each_reference(dtype, copy, dtype->size, count, make_null, NULL);
    return copy;
}

int core_fixups_add(core_fixups *list, core_node *node, const char *attribute, const char *path)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 8;
        core_fixup *items = realloc(list->items, capacity * sizeof *items);
        if (items == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        list->items = items;
        list->capacity = capacity;
    }
    core_fixup *fixup = &list->items[list->count];
    fixup->node = node;
    fixup->attribute = attribute != NULL ? strdup(attribute) : NULL;
    fixup->path = path != NULL ? strdup(path) : NULL;
    if ((attribute != NULL && fixup->attribute == NULL) || (path != NULL && fixup->path == NULL)) {
        free(fixup->attribute);
        free(fixup->path);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    node->handles++; /* the fix-up needs the object until it is done */
    list->count++;
    return 0;
}

void core_fixups_free(core_fixups *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].attribute);
        free(list->items[i].path);
        core_node_release_handle(list->items[i].node);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* The values of a fix-up in memory: their type, and how many there are. */
static void *values_of(const core_fixup *fixup, const h5x_dtype **dtype, const h5x_shape **shape, uint64_t *count)
{
    *count = 0;
    if (fixup->attribute == NULL) {
        const core_dataset *dataset = fixup->node->u.dataset;
        *dtype = dataset->dtype;
        *shape = &dataset->shape;
        if (dataset->data != NULL)
            *count = h5x_shape_size(&dataset->shape);
        return dataset->data;
    }
    const core_attribute *attribute =
        core_map_find(&fixup->node->attributes, fixup->attribute, strlen(fixup->attribute));
    if (attribute == NULL)
        return NULL;
    *dtype = attribute->dtype;
    *shape = &attribute->shape;
    *count = h5x_shape_size(&attribute->shape);
    return attribute->data;
}

/* ---------------------------------------------------------------- loading */

/* One reference of the source file made again against the loaded tree. */
static int load_reference(h5x_object *source, const core_map *seen, h5x_ref *ref)
{
    if (ref->bytes[0] == H5X_REF_NULL)
        return 0;
    h5x_ref made;
    memset(&made, 0, sizeof made);
    h5x_object *target = h5x_ref_open(source, ref);
    char key[33];
    core_node *node = NULL;
    if (target != NULL && core_backing_token_key(target, key) == 0)
        node = core_map_find(seen, key, strlen(key));
    int status = 0;
    if (node != NULL) {
        h5x_resolved_selection *region = NULL;
        int (*get)(void *, const uint8_t *, h5x_resolved_selection **) = H5X_SLOT(H5X_CLASS(source), ref_region);
        if (ref->bytes[0] == H5X_REF_REGION)
            status = get != NULL ? get(source->file->connector_file, ref->bytes + H5X_REF_PAYLOAD_OFFSET, &region)
                                 : h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the source has no region references");
        if (status == 0)
            status = core_ref_encode(node, region, made.bytes + H5X_REF_PAYLOAD_OFFSET);
        if (status == 0)
            made.bytes[0] = ref->bytes[0];
        h5x_resolved_selection_free(region);
    }
    h5x_close(target);
    h5x_clear_error(); /* a reference that leads nowhere loads as null */
    *ref = made;
    return status;
}

typedef struct loading {
    h5x_object *source;
    const core_map *seen;
} loading;

static int load_visit(h5x_ref *ref, void *user_data)
{
    loading *ld = user_data;
    return load_reference(ld->source, ld->seen, ref);
}

int core_refs_load(const core_fixups *list, h5x_object *source, const core_map *seen)
{
    loading ld = {source, seen};
    for (size_t i = 0; i < list->count; i++) {
        uint64_t count = 0;
        const h5x_dtype *dtype = NULL;
        const h5x_shape *shape = NULL;
        unsigned char *values = values_of(&list->items[i], &dtype, &shape, &count);
        int status = values != NULL ? each_reference(dtype, values, dtype->size, count, load_visit, &ld) : 0;
        if (status < 0)
            return status;
    }
    return 0;
}

/* ----------------------------------------------------------------- saving */

typedef struct saving {
    core_store *store;
    h5x_object *destination;
    const core_ids *written;   /* node id -> path in the destination */
    core_ids opened;           /* node id -> h5x_object in the destination, while fixing up */
} saving;

static void close_opened(void *value, void *user_data)
{
    (void)user_data;
    h5x_close(value);
}

/* The destination's copy of node, or NULL when it was not saved. */
static h5x_object *saved_object(saving *s, const core_node *node)
{
    h5x_object *object = core_ids_find(&s->opened, node->id);
    if (object != NULL)
        return object;
    const char *path = core_ids_find(s->written, node->id);
    if (path == NULL || (object = h5x_open(s->destination, path)) == NULL)
        return NULL;
    if (core_ids_insert(&s->opened, node->id, object) < 0) {
        h5x_close(object);
        return NULL;
    }
    return object;
}

static int save_reference(saving *s, const h5x_ref *ref, h5x_ref *made)
{
    memset(made, 0, sizeof *made);
    if (ref->bytes[0] == H5X_REF_NULL)
        return 0;
    const uint8_t *payload = ref->bytes + H5X_REF_PAYLOAD_OFFSET;
    core_node *node = core_ref_target(s->store, payload);
    h5x_object *target = node != NULL ? saved_object(s, node) : NULL;
    if (target == NULL)
        return 0; /* gone, or reached by no link: null */
    const h5x_resolved_selection *region = ref->bytes[0] == H5X_REF_REGION ? core_ref_selection(s->store, payload)
                                                                            : NULL;
    int (*create)(void *, void *, const h5x_resolved_selection *, uint8_t *) =
        H5X_SLOT(H5X_CLASS(target), ref_create);
    if (create == NULL)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the native connector cannot make references");
    int status = create(target->file->connector_file, target->connector_object, region,
                        made->bytes + H5X_REF_PAYLOAD_OFFSET);
    if (status == 0)
        made->bytes[0] = ref->bytes[0];
    return status;
}

static int save_visit(h5x_ref *ref, void *user_data)
{
    h5x_ref made;
    int status = save_reference(user_data, ref, &made);
    *ref = made;
    return status;
}

static int save_fixup(saving *s, const core_fixup *fixup)
{
    uint64_t count = 0;
    const h5x_dtype *dtype = NULL;
    const h5x_shape *shape = NULL;
    const void *values = values_of(fixup, &dtype, &shape, &count);
    if (values == NULL || count == 0)
        return 0;
    /* a deep copy whose references are translated; the store keeps its own */
    unsigned char *made = malloc((size_t)count * dtype->size);
    if (made == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory saving %llu values",
                                   (unsigned long long)count);
    int status = h5x_dtype_convert(dtype, values, dtype, made, count) < 0 ? h5x_last_error()->code : 0;
    if (status < 0) {
        free(made);
        return status;
    }
    status = each_reference(dtype, made, dtype->size, count, save_visit, s);
    h5x_object *object = status == 0 ? h5x_open(s->destination, fixup->path) : NULL;
    if (status == 0 && object == NULL)
        status = h5x_last_error()->code;
    if (status == 0 && fixup->attribute == NULL)
        status = h5x_dataset_write(object, NULL, dtype, made, NULL);
    else if (status == 0)
        status = h5x_attr_modify(object, fixup->attribute, dtype, shape, made);
    h5x_close(object);
    core_values_release(dtype, made, count);
    free(made);
    return status;
}

int core_refs_save(const core_fixups *list, core_store *store, h5x_object *destination, const core_ids *written)
{
    saving s = {store, destination, written, {0}};
    core_ids_init(&s.opened);
    int status = 0;
    for (size_t i = 0; status == 0 && i < list->count; i++)
        status = save_fixup(&s, &list->items[i]);
    core_ids_each(&s.opened, close_opened, NULL);
    core_ids_clear(&s.opened);
    return status;
}
