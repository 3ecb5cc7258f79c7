/*
 * The connector registry.
 *
 * On first use every shared object in the plugin directories that exports
 * h5x_connector_entry is loaded and its class checked: the ABI version must
 * match and the struct must at least hold the first-generation table.  A
 * plugin that fails is remembered with the reason, so that asking for it by
 * name explains why it is unavailable.  Nothing here names a particular
 * connector: the built-in ones are plugins like any other.
 */
#include "connector_registry.h"

#include "error.h"
#include "lock.h"
#include "plugin_path.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct refused_plugin {
    char *path;
    char *reason;
} refused_plugin;

typedef struct registry {
    int loaded;
    h5x_connector *items;
    size_t count;
    refused_plugin *refused;
    size_t refused_count;
} registry;

static registry connectors;

static void refuse(const char *path, const char *reason)
{
    refused_plugin *r = realloc(connectors.refused, (connectors.refused_count + 1) * sizeof *r);
    if (!r)
        return;
    connectors.refused = r;
    r[connectors.refused_count].path = strdup(path);
    r[connectors.refused_count].reason = strdup(reason);
    connectors.refused_count++;
}

static int valid_name(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static void version_text(uint32_t v, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u.%u", (unsigned)(v / 10000), (unsigned)(v / 100 % 100), (unsigned)(v % 100));
}

static int load_one(const char *path, void *user_data)
{
    (void)user_data;
    void *entry;
    void *dl = h5x_plugin_open(path, H5X_CONNECTOR_ENTRY_SYMBOL, &entry);
    if (!dl) {
        refuse(path, h5x_last_error()->message);
        return 0;
    }
    if (!entry) { /* a filter or another kind of plugin */
        dlclose(dl);
        return 0;
    }
    const h5x_connector_class *cls = ((h5x_connector_entry_fn)entry)();
    char reason[512] = "";
    if (!cls)
        snprintf(reason, sizeof reason, "connector plugin %s returned no class", path);
    else if (cls->abi_version != H5X_CONNECTOR_ABI_VERSION)
        snprintf(reason, sizeof reason, "connector plugin %s has ABI version %u, this h5x needs %u", path,
                 (unsigned)cls->abi_version, (unsigned)H5X_CONNECTOR_ABI_VERSION);
    else if (cls->struct_size < offsetof(h5x_connector_class, optional))
        snprintf(reason, sizeof reason, "connector plugin %s has a class of %u bytes, too small", path,
                 (unsigned)cls->struct_size);
    else if (!valid_name(cls->name))
        snprintf(reason, sizeof reason, "connector plugin %s has an invalid name", path);
    else
        for (size_t i = 0; i < connectors.count; i++)
            if (strcmp(connectors.items[i].cls->name, cls->name) == 0)
                snprintf(reason, sizeof reason, "connector plugin %s: name '%s' already taken by %s", path,
                         cls->name, connectors.items[i].path);
    if (reason[0]) {
        refuse(path, reason);
        dlclose(dl);
        return 0;
    }
    h5x_connector *items = realloc(connectors.items, (connectors.count + 1) * sizeof *items);
    char *copy = strdup(path);
    if (!items || !copy) {
        free(copy);
        if (items)
            connectors.items = items;
        dlclose(dl);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory loading connectors");
    }
    connectors.items = items;
    items[connectors.count].cls = cls;
    items[connectors.count].path = copy;
    items[connectors.count].dl = dl;
    version_text(cls->version, items[connectors.count].version, sizeof items[connectors.count].version);
    connectors.count++;
    return 0;
}

static int ensure_loaded(void)
{
    if (connectors.loaded)
        return 0;
    connectors.loaded = 1;
    return h5x_plugin_foreach(load_one, NULL);
}

const h5x_connector *h5x_connector_find(const char *name)
{
    h5x_lock();
    const h5x_connector *found = NULL;
    if (ensure_loaded() == 0) {
        for (size_t i = 0; i < connectors.count && !found; i++)
            if (strcmp(connectors.items[i].cls->name, name) == 0)
                found = &connectors.items[i];
        if (!found) {
            /* a refused plugin of that name explains itself */
            const char *why = NULL;
            for (size_t i = 0; i < connectors.refused_count && !why; i++) {
                const char *base = strrchr(connectors.refused[i].path, '/');
                base = base ? base + 1 : connectors.refused[i].path;
                char expected[256];
                snprintf(expected, sizeof expected, "libh5x_%s.so", name);
                if (strcmp(base, expected) == 0)
                    why = connectors.refused[i].reason;
            }
            char *dirs = h5x_plugin_search_path();
            if (why)
                h5x_error(H5X_ERR_PLUGIN, "connector '%s' unavailable: %s", name, why);
            else
                h5x_error(H5X_ERR_PLUGIN, "no connector named '%s' (searched: %s)", name,
                          dirs && *dirs ? dirs : "no plugin directory found");
            free(dirs);
        }
    }
    h5x_unlock();
    return found;
}

int h5x_connector_count(void)
{
    h5x_lock();
    int rc = ensure_loaded();
    int n = rc == 0 ? (int)connectors.count : rc;
    h5x_unlock();
    return n;
}

int h5x_connector_info(int index, h5x_plugin_info *info)
{
    if (!info)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_connector_info: info is NULL");
    h5x_lock();
    int rc = ensure_loaded();
    if (rc == 0 && (index < 0 || (size_t)index >= connectors.count))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "connector index %d out of range (0..%zu)", index,
                       connectors.count);
    if (rc == 0) {
        const h5x_connector *c = &connectors.items[index];
        info->name = c->cls->name;
        info->description = c->cls->description ? c->cls->description : "";
        info->version = c->version;
        info->path = c->path;
        info->capabilities = c->cls->capabilities;
        info->filter_id = 0;
    }
    h5x_unlock();
    return rc;
}
