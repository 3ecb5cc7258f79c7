/*
 * vol_connector.c — h5x as an HDF5 VOL connector.
 *
 * HDF5 1.12 and later route every file, group, dataset, attribute, link
 * and object call through a Virtual Object Layer: a table of callbacks
 * (H5VL_class_t) that a connector fills.  This plugin fills it with
 * translations onto the h5x application API, so that a stock HDF5 program
 * — h5dump, h5ls, h5diff, h5repack, anything linked against HDF5 >= 1.14 —
 * reads and writes through any h5x connector, the ones built here or one a
 * user wrote, without being changed:
 *
 *     HDF5_PLUGIN_PATH=$(dirname libh5x_vol.so) \
 *     HDF5_VOL_CONNECTOR="h5x connector=core;backing_store=1" h5dump data.h5
 *
 * libhdf5 loads the shared object, asks H5PLget_plugin_type() whether it is
 * a VOL connector and H5PLget_plugin_info() for the class, and matches the
 * class's name ("h5x") with the one the application asked for.  The info
 * string after the name chooses the h5x connector with the syntax h5x uses
 * everywhere (vol_info.c).
 *
 * The connector is a terminal one: nothing of HDF5 lies below it, and
 * whatever the chosen h5x connector does with libhdf5 (the native one
 * does) it does through libhdf5's own native VOL, never through this one.
 *
 * The class value 311 lies in the range HDF5 sets aside for connectors
 * that are not registered with The HDF Group (256-511).
 *
 * One idea per file: files (vol_file.c), groups, datasets and their I/O,
 * attributes, links, generic objects, datatypes, tokens, blobs and the
 * introspection callbacks that tell HDF5 truthfully what the connector
 * under h5x can do (vol_introspect.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <H5PLextern.h>

#include "lock.h"
#include "vol_internal.h"

/* ---------------------------------------------------------- connector info */

static void *info_copy(const void *info)
{
    vol_info *copy = malloc(sizeof *copy);
    if (copy == NULL)
        return NULL;
    if (vol_info_copy(info, copy) < 0) {
        free(copy);
        return NULL;
    }
    return copy;
}

static herr_t info_cmp(int *cmp_value, const void *a, const void *b)
{
    const char *spec_a = a != NULL ? ((const vol_info *)a)->connector_spec : NULL;
    const char *spec_b = b != NULL ? ((const vol_info *)b)->connector_spec : NULL;
    *cmp_value = strcmp(spec_a != NULL ? spec_a : "", spec_b != NULL ? spec_b : "");
    return 0;
}

static herr_t info_free(void *info)
{
    vol_info_clear(info);
    free(info);
    return 0;
}

static herr_t info_to_str(const void *info, char **text)
{
    char *ours = vol_info_to_string(info);
    if (ours == NULL)
        return vol_fail_here("out of memory writing the h5x VOL info string");
    /* HDF5 releases the string with its own allocator */
    size_t length = strlen(ours) + 1;
    *text = H5allocate_memory(length, 0);
    if (*text != NULL)
        memcpy(*text, ours, length);
    free(ours);
    return *text != NULL ? 0 : vol_fail_here("out of memory writing the h5x VOL info string");
}

static herr_t info_from_str(const char *text, void **info_out)
{
    char message[512];
    vol_info *info = malloc(sizeof *info);
    if (info == NULL)
        return vol_fail_here("out of memory reading the h5x VOL info string");
    if (vol_info_parse(text, info, message, sizeof message) < 0) {
        free(info);
        return vol_fail_here("%s", message);
    }
    *info_out = info;
    return 0;
}

/* ---------------------------------------------------------------- library */

static herr_t connector_initialize(hid_t vipl_id)
{
    (void)vipl_id;
    /* Loaded while h5x itself is calling libhdf5 (libhdf5 probing its plugin
     * path for a file it could not open): registering error classes is an
     * API call, which would clear the error stack that explains the failed
     * open.  The classes are then registered at the first failure. */
    if (h5x_lock_held())
        return 0;
    return vol_errors_init();
}

static herr_t connector_terminate(void)
{
    vol_errors_term();
    return 0;
}

/* libhdf5's native code looks at every open identifier of some kinds when
 * a link is deleted or moved in a native file (to fix up the names it
 * remembers), and at every open file object when it counts objects,
 * treating what "get_object" gives as one of its own.  With h5x's native
 * connector running libhdf5 in the same process, that happens while this
 * connector's identifiers are open.  So get_object gives libhdf5 what it
 * can safely look at: for a committed datatype of a connector that has
 * libhdf5 objects underneath (native), libhdf5's own object for it; for
 * anything else a block of zeros (no file, no remembered path), one per
 * object, so that H5VLobject on an identifier leads back to the object
 * (vol_object_of_shadow).  HDF5 dispatches this connector's own calls on
 * the objects themselves, never on these. */
typedef union not_a_native_object {
    max_align_t align;
    unsigned char bytes[1024];
} not_a_native_object;

static const not_a_native_object shared_zeros;

void *vol_object_shadow(vol_object *object)
{
    if (object->kind == VOL_DATATYPE && object->native_id >= 0) {
        void *native = H5VLobject(object->native_id);
        if (native != NULL)
            return native;
    }
    if (object->shadow == NULL)
        object->shadow = calloc(1, sizeof(not_a_native_object));
    return object->shadow != NULL ? object->shadow : (void *)&shared_zeros;
}

static void *get_object(const void *obj)
{
    /* the object is HDF5's to hold const; its shadow is this connector's */
    return obj != NULL ? vol_object_shadow((vol_object *)(uintptr_t)obj) : (void *)&shared_zeros;
}

static herr_t group_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req)
{
    (void)obj, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional group operations");
}

static herr_t dataset_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req)
{
    (void)obj, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional dataset operations (native-only calls such as "
                         "H5Dget_offset or chunk queries)");
}

static herr_t attr_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req)
{
    (void)obj, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional attribute operations");
}

static herr_t datatype_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req)
{
    (void)obj, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional datatype operations");
}

static herr_t link_optional(void *obj, const H5VL_loc_params_t *loc_params, H5VL_optional_args_t *args,
                            hid_t dxpl_id, void **req)
{
    (void)obj, (void)loc_params, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional link operations");
}

static herr_t object_optional(void *obj, const H5VL_loc_params_t *loc_params, H5VL_optional_args_t *args,
                              hid_t dxpl_id, void **req)
{
    (void)obj, (void)loc_params, (void)args, (void)dxpl_id, (void)req;
    return vol_fail_here("the h5x VOL connector offers no optional object operations (native-only calls such as "
                         "H5Oget_comment or H5Oget_native_info)");
}

const H5VL_class_t vol_class = {
    .version = H5VL_VERSION,
    .value = VOL_CONNECTOR_VALUE,
    .name = VOL_CONNECTOR_NAME,
    .conn_version = VOL_CONNECTOR_VERSION,
    .cap_flags = 0, /* the real flags depend on the h5x connector: get_cap_flags */
    .initialize = connector_initialize,
    .terminate = connector_terminate,
    .info_cls = {sizeof(vol_info), info_copy, info_cmp, info_free, info_to_str, info_from_str},
    .wrap_cls = {get_object, NULL, NULL, NULL, NULL},
    .attr_cls = {vol_attr_create, vol_attr_open, vol_attr_read, vol_attr_write, vol_attr_get, vol_attr_specific,
                 attr_optional, vol_attr_close},
    .dataset_cls = {vol_dataset_create, vol_dataset_open, vol_dataset_read, vol_dataset_write, vol_dataset_get,
                    vol_dataset_specific, dataset_optional, vol_dataset_close},
    .datatype_cls = {vol_datatype_commit, vol_datatype_open, vol_datatype_get, vol_datatype_specific,
                     datatype_optional, vol_datatype_close},
    .file_cls = {vol_file_create, vol_file_open, vol_file_get, vol_file_specific, vol_file_optional,
                 vol_file_close},
    .group_cls = {vol_group_create, vol_group_open, vol_group_get, vol_group_specific, group_optional,
                  vol_group_close},
    .link_cls = {vol_link_create, vol_link_copy, vol_link_move, vol_link_get, vol_link_specific, link_optional},
    .object_cls = {vol_object_open, vol_object_copy, vol_object_get, vol_object_specific, object_optional},
    .introspect_cls = {vol_introspect_get_conn_cls, vol_introspect_get_cap_flags, vol_introspect_opt_query},
    .request_cls = {NULL, NULL, NULL, NULL, NULL, NULL},
    .blob_cls = {vol_blob_put, vol_blob_get, vol_blob_specific, NULL},
    .token_cls = {vol_token_cmp, vol_token_to_str, vol_token_from_str},
    .optional = NULL,
};

/* ------------------------------------------------------- plugin entry points */

H5X_API H5PL_type_t H5PLget_plugin_type(void)
{
    return H5PL_TYPE_VOL;
}

H5X_API const void *H5PLget_plugin_info(void)
{
    return &vol_class;
}
