/* The filters h5x knows: HDF5's built-in ones by name, and filter plugins
 * loaded on first use from the plugin directories. */
#ifndef H5X_FILTER_REGISTRY_H
#define H5X_FILTER_REGISTRY_H

#include "h5x_filter.h"

/* HDF5's predefined filter ids. */
enum {
    H5X_FILTER_DEFLATE = 1,
    H5X_FILTER_SHUFFLE = 2,
    H5X_FILTER_FLETCHER32 = 3,
    H5X_FILTER_SZIP = 4,
    H5X_FILTER_NBIT = 5,
    H5X_FILTER_SCALEOFFSET = 6
};

typedef struct h5x_builtin_filter {
    int id;
    const char *name;        /* as written in chains: "gzip" */
    const char *description;
} h5x_builtin_filter;

/* NULL when the id or name is not one of HDF5's predefined filters. */
const h5x_builtin_filter *h5x_builtin_filter_by_id(int id);
const h5x_builtin_filter *h5x_builtin_filter_by_name(const char *name);

/* The plugin whose class is called name, loading plugins as needed.  NULL
 * with an H5X_ERR_PLUGIN error listing the directories searched. */
const h5x_filter_class *h5x_filter_plugin_by_name(const char *name);

/* The plugin with that HDF5 filter id.  NULL when there is none: with an
 * H5X_ERR_PLUGIN error, unless quiet (then the last error is untouched). */
const h5x_filter_class *h5x_filter_plugin_by_id(int id, int quiet);

#endif
