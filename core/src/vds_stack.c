/*
 * vds_stack.c — putting a stacking connector (vds) on top of another.
 *
 * Virtual datasets are a feature of the file, not of its storage: HDF5's
 * own files store them, but the in-memory store, a family of split files or
 * a third-party connector need not know about them.  A connector that does
 * not claim H5X_CAP_VIRTUAL_DATASETS therefore gets the vds connector
 * stacked on top when the file is opened, if that plugin is installed: the
 * vds connector forwards every call to the connector below and maps the
 * virtual datasets itself.  The application asks for a stack explicitly
 * with the same option syntax as for any connector — "vds;under=core;
 * strict=1" — where the keys the stacking connector does not know go to
 * the connector below.
 *
 * The stack is transparent: the file records a connector that has the
 * stacking connector's slots but the name and capabilities of the connector
 * below (plus virtual datasets), so that h5x_file_connector still says
 * "core" and every capability check in the core sees the storage's real
 * abilities.  Slots the connector below lacks are left out, so the core
 * answers for them exactly as it would without the stack.  These recorded
 * connectors are kept, one per pair, for the life of the process, like the
 * registry's own entries.
 */
#include "vds.h"

#include "error.h"
#include "lock.h"

#include <stdlib.h>
#include <string.h>

typedef struct stacked_connector {
    const h5x_connector *top;
    const h5x_connector *under;
    h5x_connector connector;
    h5x_connector_class cls;
} stacked_connector;

static stacked_connector **stacks;
static size_t stack_count;

static int listed(const char *const *names, const char *key)
{
    for (; names && *names; names++)
        if (strcmp(*names, key) == 0)
            return 1;
    return 0;
}

static h5x_options *new_options(const char *connector)
{
    h5x_options *o = calloc(1, sizeof *o);
    if (o && !(o->connector = strdup(connector))) {
        free(o);
        o = NULL;
    }
    return o;
}

static int move_pair(h5x_options *from, size_t i, h5x_options *to)
{
    char **keys = realloc(to->keys, (to->count + 1) * sizeof *keys);
    if (!keys)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    to->keys = keys;
    char **values = realloc(to->values, (to->count + 1) * sizeof *values);
    if (!values)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    to->values = values;
    to->keys[to->count] = from->keys[i];
    to->values[to->count] = from->values[i];
    to->count++;
    memmove(&from->keys[i], &from->keys[i + 1], (from->count - i - 1) * sizeof *from->keys);
    memmove(&from->values[i], &from->values[i + 1], (from->count - i - 1) * sizeof *from->values);
    from->count--;
    return 0;
}

/* The installed stacking connector that maps virtual datasets, or NULL. */
static const h5x_connector *virtual_dataset_stacker(void)
{
    int n = h5x_connector_count();
    for (int i = 0; i < n; i++) {
        h5x_plugin_info info;
        if (h5x_connector_info(i, &info) == 0 && (info.capabilities & H5X_CAP_STACKING) &&
            (info.capabilities & H5X_CAP_VIRTUAL_DATASETS))
            return h5x_connector_find(info.name);
    }
    return NULL;
}

int h5x_stack_resolve(const h5x_connector **top, h5x_options **spec, const h5x_connector **under,
                      h5x_options **under_spec)
{
    *under = NULL;
    *under_spec = NULL;
    const h5x_connector_class *cls = (*top)->cls;
    if (cls->capabilities & H5X_CAP_STACKING) {
        const char *below = h5x_options_get(*spec, "under");
        if (!below || !*below)
            below = "native";
        const h5x_connector *found = h5x_connector_find(below);
        if (!found)
            return h5x_error_code();
        if (found->cls->capabilities & H5X_CAP_STACKING)
            return h5x_error(H5X_ERR_OPTION, "the '%s' connector cannot stack over another stacking connector ('%s')",
                             cls->name, below);
        h5x_options *moved = new_options(below);
        if (!moved)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        for (size_t i = 0; i < (*spec)->count;)
            if (listed(cls->option_names, (*spec)->keys[i]))
                i++;
            else if (move_pair(*spec, i, moved) != 0) {
                h5x_options_free(moved);
                return H5X_ERR_NO_MEMORY;
            }
        *under = found;
        *under_spec = moved;
        return 0;
    }
    /* a connector that cannot open files is left for the core to refuse */
    if ((cls->capabilities & H5X_CAP_VIRTUAL_DATASETS) || !H5X_SLOT(cls, file_open))
        return 0;
    const h5x_connector *stacker = virtual_dataset_stacker();
    h5x_clear_error(); /* no stacking connector installed: the file simply has no virtual datasets */
    if (!stacker)
        return 0;
    h5x_options *empty = new_options(stacker->cls->name);
    if (!empty)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    *under = *top;
    *under_spec = *spec;
    *spec = empty;
    *top = stacker;
    return 0;
}

/* The recorded class: the top's slots, without those the connector below lacks. */
static void build_class(h5x_connector_class *cls, const h5x_connector_class *top, const h5x_connector_class *under)
{
    memset(cls, 0, sizeof *cls);
    memcpy(cls, top, top->struct_size < sizeof *cls ? top->struct_size : sizeof *cls);
    cls->struct_size = sizeof *cls;
    cls->name = under->name;
    cls->capabilities = (under->capabilities | H5X_CAP_VIRTUAL_DATASETS) & ~H5X_CAP_STACKING;
    cls->option_names = under->option_names;
#define H5X_STACK_NEEDS(slot)            \
    if (!H5X_SLOT(under, slot))          \
        cls->slot = NULL;
    H5X_STACK_NEEDS(file_flush) H5X_STACK_NEEDS(file_userblock_size) H5X_STACK_NEEDS(file_start_swmr)
    H5X_STACK_NEEDS(object_open) H5X_STACK_NEEDS(object_close) H5X_STACK_NEEDS(object_info)
    H5X_STACK_NEEDS(object_exists) H5X_STACK_NEEDS(object_open_by_token)
    H5X_STACK_NEEDS(group_create) H5X_STACK_NEEDS(group_length) H5X_STACK_NEEDS(group_iterate)
    H5X_STACK_NEEDS(link_delete) H5X_STACK_NEEDS(link_info) H5X_STACK_NEEDS(link_create_hard)
    H5X_STACK_NEEDS(link_create_soft) H5X_STACK_NEEDS(link_create_external) H5X_STACK_NEEDS(link_move)
    H5X_STACK_NEEDS(dataset_create) H5X_STACK_NEEDS(dataset_info) H5X_STACK_NEEDS(dataset_read)
    H5X_STACK_NEEDS(dataset_write) H5X_STACK_NEEDS(dataset_resize) H5X_STACK_NEEDS(dataset_flush)
    H5X_STACK_NEEDS(dataset_refresh)
    H5X_STACK_NEEDS(attr_create) H5X_STACK_NEEDS(attr_write) H5X_STACK_NEEDS(attr_read)
    H5X_STACK_NEEDS(attr_info) H5X_STACK_NEEDS(attr_delete) H5X_STACK_NEEDS(attr_iterate)
    H5X_STACK_NEEDS(datatype_commit) H5X_STACK_NEEDS(datatype_get) H5X_STACK_NEEDS(optional)
    H5X_STACK_NEEDS(ref_create) H5X_STACK_NEEDS(ref_open) H5X_STACK_NEEDS(ref_region)
    H5X_STACK_NEEDS(group_create_with) H5X_STACK_NEEDS(datatype_commit_with)
#undef H5X_STACK_NEEDS
    /* times are asked for when a group is created or a type committed,
     * which the stack can only pass on when both layers have the slots */
    if (!H5X_SLOT(cls, group_create_with) || !H5X_SLOT(cls, datatype_commit_with))
        cls->capabilities &= ~H5X_CAP_OBJECT_TIMES;
}

const h5x_connector *h5x_stack_connector(const h5x_connector *top, const h5x_connector *under)
{
    h5x_lock();
    const h5x_connector *result = NULL;
    for (size_t i = 0; i < stack_count && !result; i++)
        if (stacks[i]->top == top && stacks[i]->under == under)
            result = &stacks[i]->connector;
    if (!result) {
        stacked_connector *s = calloc(1, sizeof *s);
        stacked_connector **grown = s ? realloc(stacks, (stack_count + 1) * sizeof *grown) : NULL;
        if (!grown) {
            free(s);
            h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        } else {
            stacks = grown;
            s->top = top;
            s->under = under;
            build_class(&s->cls, top->cls, under->cls);
            s->connector = *top;
            s->connector.cls = &s->cls;
            stacks[stack_count++] = s;
            result = &s->connector;
        }
    }
    h5x_unlock();
    return result;
}

int h5x_stack_file_open(const h5x_connector *top, const h5x_connector *under, const h5x_options *under_spec,
                        const h5x_file_args *args, void **file, void **root)
{
    int (*open_under)(const h5x_file_args *, void **, void **) = H5X_SLOT(under->cls, file_open);
    int (*open_top)(const h5x_file_args *, void **, void **) = H5X_SLOT(top->cls, file_open);
    if (!open_under || !open_top)
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector cannot open files",
                         open_under ? top->cls->name : under->cls->name);
    h5x_file_args below = *args;
    below.options = under_spec;
    below.under_class = NULL;
    below.under_file = below.under_root = NULL;
    h5x_file_args above = *args;
    above.under_class = under->cls;
    int rc = open_under(&below, &above.under_file, &above.under_root);
    if (rc < 0)
        return rc;
    /* from here on the stacking connector owns the file below */
    return open_top(&above, file, root);
}

void *h5x_stack_unwrap(const h5x_connector *connector, void *file_connector_file, void *connector_object,
                       const void *under_connector_file)
{
    for (size_t i = 0; i < stack_count; i++)
        if (&stacks[i]->connector == connector) {
            if (!file_connector_file || *(void **)file_connector_file != under_connector_file)
                return NULL;
            return *(void **)connector_object;
        }
    return NULL;
}
