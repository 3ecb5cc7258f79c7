/*
 * vol_introspect.c — telling HDF5 what the connector under h5x can do.
 *
 * HDF5 programs, and HDF5's own API tests, ask a connector for its
 * capability flags before they use a feature, and skip what is not
 * offered.  The flags here are derived from the h5x connector the info
 * string names (its H5X_CAP_* bits, as h5x reports them), so that they
 * are true of whatever sits below: links of each kind, creation order,
 * committed types and filters exactly when that connector has them.
 *
 * References (object and region) are claimed when the connector below
 * has them: this connector translates HDF5's memory forms of them
 * (vol_reference.c).  Never claimed: attribute references (h5x has none),
 * timestamps, mounting and user-defined links where libhdf5 is not below,
 * asynchronous and thread-safe operation, and the native file
 * format (the connector below may write anything).  No optional
 * (connector-specific) operation is offered, so opt_query answers 0.
 */
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

/* The H5X_CAP_* bits of the connector an info names; 0 when unknown. */
uint64_t vol_connector_capabilities(const vol_info *info)
{
    const char *spec = info != NULL ? info->connector_spec : NULL;
    if (spec == NULL)
        spec = getenv("H5X_CONNECTOR");
    if (spec == NULL || spec[0] == '\0')
        spec = "native";
    size_t length = strcspn(spec, ";");
    int count = h5x_connector_count();
    for (int i = 0; i < count; i++) {
        h5x_plugin_info plugin;
        if (h5x_connector_info(i, &plugin) == 0 && strlen(plugin.name) == length &&
            strncmp(plugin.name, spec, length) == 0)
            return plugin.capabilities;
    }
    h5x_clear_error();
    return 0;
}

herr_t vol_introspect_get_conn_cls(void *obj, H5VL_get_conn_lvl_t lvl, const H5VL_class_t **conn_cls)
{
    (void)obj, (void)lvl;
    *conn_cls = &vol_class;
    return 0;
}

herr_t vol_introspect_get_cap_flags(const void *info, uint64_t *cap_flags)
{
    uint64_t caps = vol_connector_capabilities(info);
    uint64_t flags = H5VL_CAP_FLAG_ATTR_BASIC | H5VL_CAP_FLAG_ATTR_MORE | H5VL_CAP_FLAG_DATASET_BASIC |
                     H5VL_CAP_FLAG_DATASET_MORE | H5VL_CAP_FLAG_FILE_BASIC | H5VL_CAP_FLAG_FILE_MORE |
                     H5VL_CAP_FLAG_GROUP_BASIC | H5VL_CAP_FLAG_GROUP_MORE | H5VL_CAP_FLAG_LINK_BASIC |
                     H5VL_CAP_FLAG_LINK_MORE | H5VL_CAP_FLAG_OBJECT_BASIC | H5VL_CAP_FLAG_OBJECT_MORE |
                     H5VL_CAP_FLAG_ITERATE | H5VL_CAP_FLAG_BY_IDX | H5VL_CAP_FLAG_GET_PLIST |
                     H5VL_CAP_FLAG_FLUSH_REFRESH | H5VL_CAP_FLAG_STORAGE_SIZE | H5VL_CAP_FLAG_FILL_VALUES;
    if (caps & H5X_CAP_HARD_LINKS)
        flags |= H5VL_CAP_FLAG_HARD_LINKS;
    if (caps & H5X_CAP_SOFT_LINKS)
        flags |= H5VL_CAP_FLAG_SOFT_LINKS;
    /* An external link is followed by this connector itself (vol_open_path),
     * so a connector that stores links as text (soft links) keeps them too,
     * whether or not it follows them natively (H5X_CAP_EXTERNAL_LINKS). */
    if (caps & (H5X_CAP_EXTERNAL_LINKS | H5X_CAP_SOFT_LINKS))
        flags |= H5VL_CAP_FLAG_EXTERNAL_LINKS;
    /* User-defined links: the external class, which the flag above
     * covers, and over a connector that is libhdf5 underneath (native)
     * every class registered with libhdf5, which keeps them there
     * (vol_link.c) */
    if ((caps & H5X_CAP_NATIVE_HANDLES) && (flags & H5VL_CAP_FLAG_EXTERNAL_LINKS))
        flags |= H5VL_CAP_FLAG_UD_LINKS;
    /* Mounting: libhdf5 mounts a file on a group below h5x (vol_group.c) */
    if (caps & H5X_CAP_NATIVE_HANDLES)
        flags |= H5VL_CAP_FLAG_MOUNT;
    if (caps & H5X_CAP_TRACK_ORDER)
        flags |= H5VL_CAP_FLAG_CREATION_ORDER;
    if (caps & H5X_CAP_COMMITTED_TYPES)
        flags |= H5VL_CAP_FLAG_STORED_DATATYPES;
    if (caps & H5X_CAP_FILTERS)
        flags |= H5VL_CAP_FLAG_FILTERS;
    if (caps & H5X_CAP_OBJECT_TIMES)
        flags |= H5VL_CAP_FLAG_TRACK_TIMES;
    /* object and region references move through dataset and attribute I/O
     * (vol_reference.c); h5x has no attribute references */
    if (caps & H5X_CAP_REFERENCES)
        flags |= H5VL_CAP_FLAG_REF_BASIC | H5VL_CAP_FLAG_REF_MORE | H5VL_CAP_FLAG_OBJ_REF |
                 H5VL_CAP_FLAG_REG_REF;
    *cap_flags = flags;
    return 0;
}

int vol_track_times(const vol_file *file, hid_t ocpl_id, hid_t defaults_id)
{
    hbool_t track_times = 0;
    if (ocpl_id < 0 || ocpl_id == defaults_id || H5Pget_obj_track_times(ocpl_id, &track_times) < 0)
        return -1;
    if (!track_times)
        return 0;
    return (vol_connector_capabilities(&file->info) & H5X_CAP_OBJECT_TIMES) ? 1 : -1;
}

herr_t vol_introspect_opt_query(void *obj, H5VL_subclass_t cls, int opt_type, uint64_t *flags)
{
    (void)obj, (void)cls, (void)opt_type;
    *flags = 0;
    return 0;
}
