/* The connector registry: every connector plugin found, loaded once. */
#ifndef H5X_CONNECTOR_REGISTRY_H
#define H5X_CONNECTOR_REGISTRY_H

#include "h5x_connector.h"

#include <stddef.h>

typedef struct h5x_connector {
    const h5x_connector_class *cls;
    char *path;   /* the shared object it came from */
    void *dl;     /* its dlopen handle */
    char version[16]; /* "major.minor.patch" */
} h5x_connector;

/* The connector called name (loading plugins on first use), or NULL with
 * H5X_ERR_PLUGIN "no connector named ...". */
const h5x_connector *h5x_connector_find(const char *name);

/* A callback slot that exists in this class's struct_size, or NULL: the
 * core never reads beyond what the plugin was compiled with. */
#define H5X_SLOT(cls, slot)                                                                        \
    ((offsetof(h5x_connector_class, slot) + sizeof((cls)->slot) <= (cls)->struct_size) ? (cls)->slot \
                                                                                      : NULL)

#endif
