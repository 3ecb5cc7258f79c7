/*
 * native_group.c — creating groups and walking their links.
 *
 * Groups are made as h5py makes them: intermediate groups created on the
 * way, and, for track_order, a group creation property list that tracks
 * and indexes the creation order of both links and attributes (h5py sets
 * both, so that iteration in insertion order works for either).
 *
 * Iteration goes through H5Literate2 in increasing order of the name
 * index or the creation-order index.  The core's callback may stop the
 * walk with any non-zero value, negative ones included; libhdf5 would
 * turn a negative callback result into a failure of its own, so the
 * value is kept aside, libhdf5 is told only "stop", and the value is
 * handed back unchanged.
 *
 * A group in dense storage (more than a few links, or track_order) is
 * listed in increasing order by libhdf5 1.14 through a table of the links,
 * allocated for the number of links the group claims and filled by walking
 * its B-tree; on release every claimed entry is reset, so in a damaged
 * file whose count disagrees with its B-tree libhdf5 frees pointers it
 * never set (found by tests/fuzz).  Such a group is walked once in the
 * B-tree's own order first, which builds no table, and refused as
 * H5X_ERR_CORRUPT when the two counts differ.
 */
#include "native.h"

#include <stddef.h>

/* track_times -1 leaves libhdf5's default, which keeps a group's times
 * (and so does h5py, which passes no creation list for a plain group). */
static int create_group(void *file_in, void *loc, const char *path, int track_order, int track_times,
                        void **group_out)
{
    native_file *file = file_in;
    *group_out = NULL;
    int status = native_require_writable(file, "create a group");
    if (status < 0)
        return status;
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    hid_t gcpl = H5P_DEFAULT;
    if (track_order == 1 || track_times >= 0) {
        unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
        gcpl = H5Pcreate(H5P_GROUP_CREATE);
        if (gcpl < 0 ||
            (track_order == 1 &&
             (H5Pset_link_creation_order(gcpl, order) < 0 || H5Pset_attr_creation_order(gcpl, order) < 0)) ||
            (track_times >= 0 && H5Pset_obj_track_times(gcpl, track_times != 0) < 0)) {
            status = native_fail(H5X_ERR_IO, "unable to set the creation properties of group '%s'", path);
            if (gcpl >= 0)
                H5Pclose(gcpl);
            native_link_plist_close(lcpl);
            return status;
        }
    }
    hid_t id = H5Gcreate2(native_location(file, loc), path, lcpl, gcpl, H5P_DEFAULT);
    if (id < 0)
        status = native_fail(H5X_ERR_IO, "unable to create group '%s'", path);
    native_link_plist_close(lcpl);
    if (gcpl != H5P_DEFAULT)
        H5Pclose(gcpl);
    if (id < 0)
        return status;
    native_object *group = native_object_wrap(file, id, H5X_KIND_GROUP);
    if (group == NULL)
        return H5X_ERR_NO_MEMORY;
    *group_out = group;
    return 0;
}

int native_group_create(void *file, void *loc, const char *path, int track_order, void **group)
{
    return create_group(file, loc, path, track_order, -1, group);
}

int native_group_create_with(void *file, void *loc, const char *path, const h5x_group_create_args *args,
                             void **group)
{
    int track_times = args->struct_size >= offsetof(h5x_group_create_args, track_times) + sizeof(int)
                          ? args->track_times
                          : -1;
    return create_group(file, loc, path, args->track_order, track_times, group);
}

int native_group_length(void *group_in, int64_t *count)
{
    native_object *group = group_in;
    H5G_info_t info;
    if (H5Gget_info(group->id, &info) < 0)
        return native_fail(H5X_ERR_IO, "unable to count the links of a group");
    *count = (int64_t)info.nlinks;
    return 0;
}

/* 1 if the group tracks the creation order of its links, 0 if not. */
static int tracks_link_order(hid_t group, int *tracked)
{
    hid_t gcpl = H5Gget_create_plist(group);
    unsigned flags = 0;
    if (gcpl < 0 || H5Pget_link_creation_order(gcpl, &flags) < 0) {
        int status = native_fail(H5X_ERR_IO, "unable to read the group's creation properties");
        if (gcpl >= 0)
            H5Pclose(gcpl);
        return status;
    }
    H5Pclose(gcpl);
    *tracked = (flags & H5P_CRT_ORDER_TRACKED) != 0;
    return 0;
}

typedef struct name_walk {
    h5x_connector_name_cb cb;
    void *core_data;
    int stopped_with; /* the callback's non-zero result, if it stopped the walk */
} name_walk;

static herr_t visit_link(hid_t group, const char *name, const H5L_info2_t *info, void *data)
{
    (void)group;
    (void)info;
    name_walk *walk = data;
    int result = walk->cb(name, walk->core_data);
    if (result == 0)
        return 0;
    walk->stopped_with = result;
    return 1;
}

static herr_t count_link(hid_t group, const char *name, const H5L_info2_t *info, void *data)
{
    (void)group;
    (void)name;
    (void)info;
    ++*(hsize_t *)data;
    return 0;
}

/* 0 unless the group is in dense storage and holds another number of
 * links than it claims (see above). */
static int check_dense_link_count(hid_t group)
{
    H5G_info_t info;
    if (H5Gget_info(group, &info) < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to read the group's link information");
    if (info.storage_type != H5G_STORAGE_TYPE_DENSE)
        return 0;
    hsize_t counted = 0;
    if (H5Literate2(group, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, count_link, &counted) < 0)
        return native_fail(H5X_ERR_CORRUPT, "unable to walk the link index of a group");
    if (counted != info.nlinks)
        return h5x_connector_error(H5X_ERR_CORRUPT,
                                   "the group claims %llu links but its index holds %llu: the file is damaged",
                                   (unsigned long long)info.nlinks, (unsigned long long)counted);
    return 0;
}

int native_group_iterate(void *group_in, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    native_object *group = group_in;
    H5_index_t index = H5_INDEX_NAME;
    if (order == H5X_ORDER_CREATION) {
        int tracked = 0;
        int status = tracks_link_order(group->id, &tracked);
        if (status < 0)
            return status;
        if (!tracked)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "creation order not tracked for this group (create it with track_order)");
        index = H5_INDEX_CRT_ORDER;
    }
    int status = check_dense_link_count(group->id);
    if (status < 0)
        return status;
    name_walk walk = {cb, core_data, 0};
    hsize_t position = 0;
    if (H5Literate2(group->id, index, H5_ITER_INC, &position, visit_link, &walk) < 0)
        return native_fail(H5X_ERR_IO, "unable to iterate over the links of a group");
    return walk.stopped_with;
}
