/*
 * Where plugins are looked for, and how they are opened.
 *
 * Search order: the absolute entries of H5X_PLUGIN_PATH, then the directory
 * beside the loaded libh5x (DIR_OF_LIBH5X/h5x/plugins — the build tree
 * mirrors the install tree, so a freshly built tree finds its own plugins
 * with no variables set), then the install directory compiled in.  Relative
 * entries are ignored on purpose: a plugin is code, and the current
 * directory is no place to pick code up from.
 */
#define _GNU_SOURCE /* dladdr */
#include "plugin_path.h"

#include "error.h"
#include "h5x.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef H5X_INSTALL_PLUGIN_DIR
#define H5X_INSTALL_PLUGIN_DIR "/usr/local/lib/h5x/plugins"
#endif
#ifndef H5X_PLUGIN_SUBDIR
#define H5X_PLUGIN_SUBDIR "h5x/plugins"
#endif

typedef struct name_list {
    char **items;
    size_t count;
} name_list;

static int list_contains(const name_list *list, const char *s)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i], s) == 0)
            return 1;
    return 0;
}

static int list_add(name_list *list, const char *s)
{
    char **items = realloc(list->items, (list->count + 1) * sizeof *items);
    if (!items)
        return -1;
    list->items = items;
    list->items[list->count] = strdup(s);
    if (!list->items[list->count])
        return -1;
    list->count++;
    return 0;
}

/* Adds dir if it is an existing directory not yet listed (by real path). */
static int add_directory(name_list *dirs, const char *dir)
{
    if (dir[0] != '/')
        return 0;
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(dir, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    if (list_contains(dirs, real))
        return 0;
    return list_add(dirs, real);
}

int h5x_plugin_dirs(char ***out, size_t *count)
{
    name_list dirs = {NULL, 0};
    int rc = 0;
    const char *env = getenv("H5X_PLUGIN_PATH");
    if (env) {
        char *copy = strdup(env);
        if (!copy)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        char *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok && rc == 0; tok = strtok_r(NULL, ":", &save))
            rc = add_directory(&dirs, tok);
        free(copy);
    }
    Dl_info info;
    if (rc == 0 && dladdr((void *)&h5x_plugin_dirs, &info) && info.dli_fname) {
        char beside[PATH_MAX];
        const char *slash = strrchr(info.dli_fname, '/');
        if (slash) {
            int n = (int)(slash - info.dli_fname);
            snprintf(beside, sizeof beside, "%.*s/%s", n, info.dli_fname, H5X_PLUGIN_SUBDIR);
            rc = add_directory(&dirs, beside);
        }
    }
    if (rc == 0)
        rc = add_directory(&dirs, H5X_INSTALL_PLUGIN_DIR);
    if (rc != 0) {
        h5x_free_names(dirs.items, dirs.count);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing plugin directories");
    }
    *out = dirs.items;
    *count = dirs.count;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int h5x_plugin_foreach(int (*visit)(const char *path, void *user_data), void *user_data)
{
    char **dirs;
    size_t ndirs;
    int rc = h5x_plugin_dirs(&dirs, &ndirs);
    if (rc != 0)
        return rc;
    name_list seen = {NULL, 0};
    for (size_t d = 0; d < ndirs && rc == 0; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        name_list files = {NULL, 0};
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            size_t n = strlen(entry->d_name);
            if (n > 3 && strcmp(entry->d_name + n - 3, ".so") == 0 && !list_contains(&seen, entry->d_name))
                if (list_add(&files, entry->d_name) != 0 || list_add(&seen, entry->d_name) != 0)
                    rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory listing plugins");
        }
        closedir(dir);
        /* a stable order, so that what is found first does not depend on
         * the file system */
        if (files.count)
            qsort(files.items, files.count, sizeof *files.items, compare_names);
        for (size_t i = 0; i < files.count && rc == 0; i++) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dirs[d], files.items[i]);
            rc = visit(path, user_data);
        }
        h5x_free_names(files.items, files.count);
    }
    h5x_free_names(seen.items, seen.count);
    h5x_free_names(dirs, ndirs);
    return rc;
}

void *h5x_plugin_open(const char *path, const char *symbol, void **entry)
{
    *entry = NULL;
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        h5x_error(H5X_ERR_PLUGIN, "cannot load plugin %s: %s", path, why ? why : "unknown reason");
        return NULL;
    }
    dlerror();
    *entry = dlsym(handle, symbol);
    return handle;
}

char *h5x_plugin_search_path(void)
{
    char **dirs;
    size_t n;
    if (h5x_plugin_dirs(&dirs, &n) != 0)
        return NULL;
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(dirs[i]) + 1;
    char *text = malloc(total);
    if (text) {
        text[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (i)
                strcat(text, ":");
            strcat(text, dirs[i]);
        }
    } else {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    h5x_free_names(dirs, n);
    return text;
}

void h5x_free_names(char **names, size_t count)
{
    if (!names)
        return;
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

void h5x_free(void *memory)
{
    free(memory);
}
