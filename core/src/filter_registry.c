/*
 * The filter registry: HDF5's predefined filters, known by name, and the
 * filter plugins, loaded when first needed.
 *
 * Loading is lazy because opening a plugin costs a dlopen and most
 * programs use one filter or none.  A name is looked up first in the file
 * that convention gives it (libh5x_NAME.so); only when that fails, and for
 * lookups by HDF5 filter id, is every plugin directory walked, once.
 * Loaded plugins stay loaded for the life of the process, so the class
 * pointers handed out never dangle.  The table is shared, hence guarded by
 * the library lock; the classes themselves are constant and are used
 * outside it.
 */
#include "filter_registry.h"

#include "error.h"
#include "h5x.h"
#include "h5x_connector.h"
#include "lock.h"
#include "plugin_path.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const h5x_builtin_filter builtin_filters[] = {
    {H5X_FILTER_DEFLATE, "gzip", "deflate (zlib), HDF5's gzip filter; option: level 0-9, default 4"},
    {H5X_FILTER_SHUFFLE, "shuffle", "byte shuffle, groups the bytes of equal significance"},
    {H5X_FILTER_FLETCHER32, "fletcher32", "Fletcher-32 checksum appended to each chunk"},
    {H5X_FILTER_SZIP, "szip", "SZIP (libaec); options: nn|ec, pixels per block"},
    {H5X_FILTER_NBIT, "nbit", "N-bit packing of the significant bits"},
    {H5X_FILTER_SCALEOFFSET, "scaleoffset", "scale-offset, lossy for floats; options: [int|dscale|escale:]factor"},
};
#define BUILTIN_COUNT (sizeof builtin_filters / sizeof builtin_filters[0])

const h5x_builtin_filter *h5x_builtin_filter_by_id(int id)
{
    for (size_t i = 0; i < BUILTIN_COUNT; i++)
        if (builtin_filters[i].id == id)
            return &builtin_filters[i];
    return NULL;
}

const h5x_builtin_filter *h5x_builtin_filter_by_name(const char *name)
{
    for (size_t i = 0; i < BUILTIN_COUNT; i++)
        if (strcmp(builtin_filters[i].name, name) == 0)
            return &builtin_filters[i];
    return NULL;
}

typedef struct loaded_filter {
    const h5x_filter_class *filter;
    char *path;
    char version[24];
    void *library;
} loaded_filter;

typedef struct refused_plugin {
    char *path;
    char *reason;
} refused_plugin;

static struct {
    loaded_filter *items;
    size_t count;
    refused_plugin *refused;
    size_t refused_count;
    char **visited; /* every file opened once, filter or not */
    size_t visited_count;
    int walked; /* every plugin directory has been walked */
} registry;

static int was_visited(const char *path)
{
    for (size_t i = 0; i < registry.visited_count; i++)
        if (strcmp(registry.visited[i], path) == 0)
            return 1;
    return 0;
}

static int remember_visit(const char *path)
{
    char **grown = realloc(registry.visited, (registry.visited_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    registry.visited = grown;
    if (!(grown[registry.visited_count] = strdup(path)))
        return -1;
    registry.visited_count++;
    return 0;
}

static void refuse(const char *path, const char *reason)
{
    refused_plugin *grown = realloc(registry.refused, (registry.refused_count + 1) * sizeof *grown);
    if (!grown)
        return;
    registry.refused = grown;
    grown[registry.refused_count].path = strdup(path);
    grown[registry.refused_count].reason = strdup(reason);
    if (!grown[registry.refused_count].path || !grown[registry.refused_count].reason) {
        free(grown[registry.refused_count].path);
        free(grown[registry.refused_count].reason);
        return;
    }
    registry.refused_count++;
}

/* Why a class cannot be used, or "" when it can. */
static void check_class(const char *path, const h5x_filter_class *filter, char *reason, size_t size)
{
    reason[0] = '\0';
    if (!filter)
        snprintf(reason, size, "filter plugin %s returned no class", path);
    else if (filter->abi_version != H5X_FILTER_ABI_VERSION)
        snprintf(reason, size, "filter plugin %s has ABI version %u, this h5x needs %u", path,
                 (unsigned)filter->abi_version, (unsigned)H5X_FILTER_ABI_VERSION);
    else if (filter->struct_size < offsetof(h5x_filter_class, format_options))
        snprintf(reason, size, "filter plugin %s has a class of %u bytes, too small", path,
                 (unsigned)filter->struct_size);
    else if (!filter->name || !*filter->name || !filter->encode || !filter->decode || !filter->parse_options)
        snprintf(reason, size, "filter plugin %s lacks a name, parse_options, encode or decode", path);
    else if (filter->id < 256 || filter->id > 65535)
        snprintf(reason, size, "filter plugin %s claims id %d, outside HDF5's range for plugins (256-65535)",
                 path, filter->id);
    else if (h5x_builtin_filter_by_name(filter->name))
        snprintf(reason, size, "filter plugin %s: the name '%s' belongs to a built-in filter", path,
                 filter->name);
    else
        for (size_t i = 0; i < registry.count; i++) {
            const h5x_filter_class *other = registry.items[i].filter;
            if (other->id == filter->id || strcmp(other->name, filter->name) == 0) {
                snprintf(reason, size, "filter plugin %s: '%s' (id %d) is already provided by %s", path,
                         filter->name, filter->id, registry.items[i].path);
                break;
            }
        }
}

/* Opens path once.  Returns 0 (whether or not it is a usable filter), or
 * a negative status when memory runs out. */
static int load_plugin(const char *path, void *user_data)
{
    (void)user_data;
    if (was_visited(path))
        return 0;
    if (remember_visit(path) != 0)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory loading filter plugins");
    void *entry = NULL;
    void *library = h5x_plugin_open(path, H5X_FILTER_ENTRY_SYMBOL, &entry);
    if (!library) {
        refuse(path, h5x_last_error()->message);
        return 0;
    }
    if (!entry) { /* a connector or another kind of plugin */
        dlclose(library);
        return 0;
    }
    h5x_filter_entry_fn entry_fn;
    memcpy(&entry_fn, &entry, sizeof entry_fn);
    const h5x_filter_class *filter = entry_fn();
    char reason[512];
    check_class(path, filter, reason, sizeof reason);
    if (reason[0]) {
        refuse(path, reason);
        dlclose(library);
        return 0;
    }
    loaded_filter *grown = realloc(registry.items, (registry.count + 1) * sizeof *grown);
    char *path_copy = strdup(path);
    if (!grown || !path_copy) {
        free(path_copy);
        if (grown)
            registry.items = grown;
        dlclose(library);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory loading filter plugins");
    }
    registry.items = grown;
    loaded_filter *slot = &grown[registry.count++];
    slot->filter = filter;
    slot->path = path_copy;
    slot->library = library;
    snprintf(slot->version, sizeof slot->version, "%u.%u.%u", (unsigned)(filter->version / 10000),
             (unsigned)(filter->version / 100 % 100), (unsigned)(filter->version % 100));
    return 0;
}

static int walk_all(void)
{
    if (registry.walked)
        return 0;
    int rc = h5x_plugin_foreach(load_plugin, NULL);
    if (rc == 0)
        registry.walked = 1;
    return rc;
}

typedef struct conventional_file {
    const char *file_name; /* libh5x_NAME.so */
    int status;
} conventional_file;

static int load_if_named(const char *path, void *user_data)
{
    conventional_file *wanted = user_data;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, wanted->file_name) != 0)
        return 0;
    wanted->status = load_plugin(path, NULL);
    return 1; /* the first directory that has it wins */
}

static const loaded_filter *loaded_by_name(const char *name)
{
    for (size_t i = 0; i < registry.count; i++)
        if (strcmp(registry.items[i].filter->name, name) == 0)
            return &registry.items[i];
    return NULL;
}

static const loaded_filter *loaded_by_id(int id)
{
    for (size_t i = 0; i < registry.count; i++)
        if (registry.items[i].filter->id == id)
            return &registry.items[i];
    return NULL;
}

/* A refused file named after the filter explains why it is missing. */
static const char *refusal_for_name(const char *name)
{
    char file_name[300];
    snprintf(file_name, sizeof file_name, "libh5x_%s.so", name);
    for (size_t i = 0; i < registry.refused_count; i++) {
        const char *base = strrchr(registry.refused[i].path, '/');
        base = base ? base + 1 : registry.refused[i].path;
        if (strcmp(base, file_name) == 0)
            return registry.refused[i].reason;
    }
    return NULL;
}

static void report_missing(const char *what)
{
    char *dirs = h5x_plugin_search_path();
    h5x_error(H5X_ERR_PLUGIN, "no filter %s (searched: %s)", what, dirs && *dirs ? dirs : "no plugin directory found");
    free(dirs);
}

const h5x_filter_class *h5x_filter_plugin_by_name(const char *name)
{
    if (!name || !*name) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "empty filter name");
        return NULL;
    }
    h5x_lock();
    const loaded_filter *found = loaded_by_name(name);
    int rc = 0;
    if (!found && strlen(name) < 200) {
        char file_name[256];
        snprintf(file_name, sizeof file_name, "libh5x_%s.so", name);
        conventional_file wanted = {file_name, 0};
        rc = h5x_plugin_foreach(load_if_named, &wanted);
        rc = rc < 0 ? rc : wanted.status;
        found = loaded_by_name(name);
    }
    if (!found && rc == 0) {
        rc = walk_all();
        found = loaded_by_name(name);
    }
    if (!found && rc == 0) {
        const char *why = refusal_for_name(name);
        if (why) {
            h5x_error(H5X_ERR_PLUGIN, "filter '%s' unavailable: %s", name, why);
        } else {
            char what[300];
            snprintf(what, sizeof what, "named '%s'", name);
            report_missing(what);
        }
    }
    h5x_unlock();
    return found ? found->filter : NULL;
}

const h5x_filter_class *h5x_filter_plugin_by_id(int id, int quiet)
{
    h5x_lock();
    const loaded_filter *found = loaded_by_id(id);
    if (!found) {
        /* the walk records refusals as errors of its own; a quiet lookup
         * leaves the caller's last error as it was */
        h5x_error_info saved = *h5x_last_error();
        char message[1024];
        snprintf(message, sizeof message, "%s", saved.message);
        int rc = walk_all();
        found = loaded_by_id(id);
        if (!found && !quiet && rc == 0) {
            char what[64];
            snprintf(what, sizeof what, "with id %d", id);
            report_missing(what);
        } else if (quiet) {
            if (saved.code == H5X_OK)
                h5x_clear_error();
            else
                h5x_error(saved.code, "%s", message);
        }
    }
    h5x_unlock();
    return found ? found->filter : NULL;
}

const void *h5x_filter_lookup(int id)
{
    return h5x_filter_plugin_by_id(id, 0);
}

int h5x_filter_count(void)
{
    h5x_lock();
    int rc = walk_all();
    int count = rc == 0 ? (int)(BUILTIN_COUNT + registry.count) : rc;
    h5x_unlock();
    return count;
}

int h5x_filter_info(int index, h5x_plugin_info *info)
{
    if (!info)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_filter_info: info is NULL");
    h5x_lock();
    int rc = walk_all();
    size_t total = BUILTIN_COUNT + registry.count;
    if (rc == 0 && (index < 0 || (size_t)index >= total))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter index %d out of range (0..%zu)", index,
                       total ? total - 1 : 0);
    if (rc == 0 && (size_t)index < BUILTIN_COUNT) {
        const h5x_builtin_filter *builtin = &builtin_filters[index];
        info->name = builtin->name;
        info->description = builtin->description;
        info->version = H5X_VERSION_STRING;
        info->path = "";
        info->capabilities = 0;
        info->filter_id = builtin->id;
    } else if (rc == 0) {
        const loaded_filter *loaded = &registry.items[(size_t)index - BUILTIN_COUNT];
        info->name = loaded->filter->name;
        info->description = loaded->filter->description ? loaded->filter->description : "";
        info->version = loaded->version;
        info->path = loaded->path;
        info->capabilities = 0;
        info->filter_id = loaded->filter->id;
    }
    h5x_unlock();
    return rc;
}
