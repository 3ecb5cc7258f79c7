/*
 * Groups: creation (with intermediate groups), require, length and the
 * names of members in name or creation order.
 */
#include "object.h"

#include "error.h"
#include "lock.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

h5x_object *h5x_group_create(h5x_object *loc, const char *path, const h5x_group_options *options)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(loc, H5X_KINDS_LOCATION, "group") != 0)
        goto done;
    if (!path || !*path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_group_create: path is NULL or empty");
        goto done;
    }
    /* options built before track_times was appended stop short of it */
    if (options && options->struct_size < offsetof(h5x_group_options, track_times)) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_group_options.struct_size: start from H5X_GROUP_OPTIONS_INIT");
        goto done;
    }
    if (h5x_require_writable(loc, "create a group") != 0)
        goto done;
    int track_order = h5x_default_track_order(options ? options->track_order : -1);
    const h5x_connector_class *cls = H5X_CLASS(loc);
    if (track_order && !(cls->capabilities & H5X_CAP_TRACK_ORDER)) {
        h5x_not_supported(loc->file, "track_order");
        goto done;
    }
    int track_times = options && options->struct_size >= sizeof(h5x_group_options) ? options->track_times : -1;
    int (*create)(void *, void *, const char *, int, void **) = H5X_SLOT(cls, group_create);
    int (*create_with)(void *, void *, const char *, const h5x_group_create_args *, void **) =
        H5X_SLOT(cls, group_create_with);
    if (!create && !create_with) {
        h5x_not_supported(loc->file, "creating groups");
        goto done;
    }
    if (h5x_check_track_times(loc, track_times, "h5x_group_options.track_times", create_with != NULL,
                              "group_create_with") != 0)
        goto done;
    void *group = NULL;
    int rc;
    if (create_with) {
        h5x_group_create_args args = {sizeof args, track_order, track_times};
        rc = create_with(loc->file->connector_file, loc->connector_object, path, &args, &group);
    } else {
        rc = create(loc->file->connector_file, loc->connector_object, path, track_order, &group);
    }
    if (rc < 0) {
        h5x_error_at(loc, path, rc);
        goto done;
    }
    result = h5x_object_wrap_at(loc->file, H5X_KIND_GROUP, group, loc->path, path);
done:
    h5x_unlock();
    return result;
}

h5x_object *h5x_group_require(h5x_object *loc, const char *path)
{
    h5x_lock();
    h5x_object *result = NULL;
    int exists = h5x_contains(loc, path);
    if (exists > 0) {
        result = h5x_open(loc, path);
        if (result && result->kind != H5X_KIND_GROUP) {
            h5x_error(H5X_ERR_TYPE, "incompatible object already exists at '%s' (not a group)", result->path);
            h5x_error_at(loc, path, H5X_ERR_TYPE);
            h5x_close(result);
            result = NULL;
        }
    } else if (exists == 0) {
        result = h5x_group_create(loc, path, NULL);
    }
    h5x_unlock();
    return result;
}

int64_t h5x_group_length(h5x_object *group)
{
    h5x_lock();
    int64_t count = 0;
    int rc = h5x_object_check(group, H5X_KINDS_LOCATION, "group");
    if (rc == 0) {
        int (*length)(void *, int64_t *) = H5X_SLOT(H5X_CLASS(group), group_length);
        rc = length ? length(group->connector_object, &count) : h5x_not_supported(group->file, "group length");
        h5x_error_at(group, NULL, rc);
    }
    h5x_unlock();
    return rc < 0 ? rc : count;
}

typedef struct visit_data {
    h5x_name_visitor visit;
    void *user_data;
    int stopped_with;
} visit_data;

static int forward_name(const char *name, void *core_data)
{
    visit_data *v = core_data;
    int rc = v->visit(name, v->user_data);
    if (rc != 0)
        v->stopped_with = rc;
    return rc;
}

static int check_order(h5x_order order)
{
    if (order != H5X_ORDER_NAME && order != H5X_ORDER_CREATION)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "invalid iteration order %d", (int)order);
    return 0;
}

int h5x_group_iterate(h5x_object *group, h5x_order order, h5x_name_visitor visit, void *user_data)
{
    if (!visit)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_group_iterate: visitor is NULL");
    h5x_lock();
    int rc = h5x_object_check(group, H5X_KINDS_LOCATION, "group");
    if (rc == 0)
        rc = check_order(order);
    if (rc == 0) {
        int (*iterate)(void *, h5x_order, h5x_connector_name_cb, void *) = H5X_SLOT(H5X_CLASS(group), group_iterate);
        visit_data v = {visit, user_data, 0};
        rc = iterate ? iterate(group->connector_object, order, forward_name, &v)
                     : h5x_not_supported(group->file, "iterating groups");
        if (v.stopped_with)
            rc = v.stopped_with;
        else
            h5x_error_at(group, NULL, rc);
    }
    h5x_unlock();
    return rc;
}

/* A growing list of names, shared by groups and attributes. */
typedef struct name_collector {
    char **names;
    size_t count;
    size_t capacity;
} name_collector;

static int h5x_collect_name(const char *name, void *user_data)
{
    name_collector *c = user_data;
    if (c->count == c->capacity) {
        size_t capacity = c->capacity ? c->capacity * 2 : 16;
        char **names = realloc(c->names, capacity * sizeof *names);
        if (!names)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing names");
        c->names = names;
        c->capacity = capacity;
    }
    c->names[c->count] = strdup(name);
    if (!c->names[c->count])
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing names");
    c->count++;
    return 0;
}

int h5x_names_from(int (*iterate)(h5x_object *, h5x_order, h5x_name_visitor, void *), h5x_object *object,
                   h5x_order order, char ***names, size_t *count)
{
    if (!names || !count)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "names and count must not be NULL");
    *names = NULL;
    *count = 0;
    name_collector c = {NULL, 0, 0};
    int rc = iterate(object, order, h5x_collect_name, &c);
    if (rc < 0) {
        h5x_free_names(c.names, c.count);
        return rc;
    }
    *names = c.names;
    *count = c.count;
    return 0;
}

int h5x_group_names(h5x_object *group, h5x_order order, char ***names, size_t *count)
{
    return h5x_names_from(h5x_group_iterate, group, order, names, count);
}
