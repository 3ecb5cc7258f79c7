/* What the filter tests share: counting checks, loading a plugin the way
 * h5x and HDF5 do, and calling codecs. */
#ifndef H5X_FILTER_TEST_H
#define H5X_FILTER_TEST_H

#include "h5x_filter.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checks_passed, checks_failed;

#define CHECK(condition, ...)                                                                               \
    do {                                                                                                    \
        if (condition) {                                                                                    \
            checks_passed++;                                                                                \
        } else {                                                                                            \
            checks_failed++;                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #condition);                   \
            fprintf(stderr, __VA_ARGS__);                                                                   \
            fputc('\n', stderr);                                                                            \
        }                                                                                                   \
    } while (0)

static inline int finish_checks(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, checks_passed, checks_failed);
    return checks_failed ? 1 : 0;
}

/* H5Z_class2_t as the plugin exports it (see filters/common/hdf5_abi.h). */
typedef size_t (*test_hdf5_filter_fn)(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes,
                                      size_t *buf_size, void **buf);
typedef struct test_hdf5_class {
    int version;
    int id;
    unsigned encoder_present;
    unsigned decoder_present;
    const char *name;
    void *can_apply;
    void *set_local;
    test_hdf5_filter_fn filter;
} test_hdf5_class;

typedef struct loaded_plugin {
    void *library;
    const h5x_filter_class *filter;
    const test_hdf5_class *hdf5;
    int hdf5_type;
} loaded_plugin;

static inline int load_plugin(const char *path, loaded_plugin *plugin)
{
    memset(plugin, 0, sizeof *plugin);
    plugin->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!plugin->library) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return -1;
    }
    void *entry = dlsym(plugin->library, H5X_FILTER_ENTRY_SYMBOL);
    void *type = dlsym(plugin->library, "H5PLget_plugin_type");
    void *info = dlsym(plugin->library, "H5PLget_plugin_info");
    if (!entry || !type || !info) {
        fprintf(stderr, "%s lacks an entry point\n", path);
        return -1;
    }
    h5x_filter_entry_fn entry_fn;
    int (*type_fn)(void);
    const void *(*info_fn)(void);
    memcpy(&entry_fn, &entry, sizeof entry);
    memcpy(&type_fn, &type, sizeof type);
    memcpy(&info_fn, &info, sizeof info);
    plugin->filter = entry_fn();
    plugin->hdf5_type = type_fn();
    plugin->hdf5 = info_fn();
    return plugin->filter && plugin->hdf5 ? 0 : -1;
}

static inline h5x_filter_call make_call(char *error, size_t error_size, int keep_larger)
{
    h5x_filter_call call = {sizeof call, 0, error, error_size, keep_larger, NULL, 0};
    error[0] = '\0';
    return call;
}

#endif
