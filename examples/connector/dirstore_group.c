/*
 * dirstore_group.c — groups and the links in them.
 *
 * A group is a directory and its members are its entries, so the file
 * system does the bookkeeping: creating a member is mkdirat(), which fails
 * when the name is taken (H5X_ERR_EXISTS, as h5py raises ValueError);
 * deleting one removes its directory tree; moving one is renameat();
 * listing is reading the directory.  Every member is a hard link — the one
 * name of one directory — so link_info always answers H5X_LINK_HARD, and
 * soft, external and extra hard links are not offered (NULL slots).
 *
 * Directories do not remember the order their entries were made in, so the
 * connector lists names in name order only.  It does not claim
 * H5X_CAP_TRACK_ORDER: asking for creation order is H5X_ERR_NOT_SUPPORTED,
 * which is also how the core's copy learns to fall back to name order.
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int dirstore_check_order(h5x_order order)
{
    if (order == H5X_ORDER_CREATION)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "dirstore does not track creation order");
    return 0;
}

int dirstore_group_create(void *file, void *loc, const char *path, int track_order, void **group)
{
    if (track_order)
        return dirstore_check_order(H5X_ORDER_CREATION);
    int parent;
    char last[DIRSTORE_NAME_MAX];
    int rc = dirstore_walk(file, loc, path, 1, &parent, last);
    if (rc < 0)
        return rc;
    int fd = -1;
    if (!last[0])
        rc = h5x_connector_error(H5X_ERR_EXISTS, "'%s' names an existing group", path);
    else if (mkdirat(parent, last, 0777) != 0)
        rc = errno == EEXIST ? h5x_connector_error(H5X_ERR_EXISTS, "'%s' already exists", path)
                             : dirstore_os_error(errno, "cannot create group", path);
    else if ((fd = openat(parent, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0)
        rc = dirstore_os_error(errno, "cannot open the new group", path);
    close(parent);
    return rc < 0 ? rc : dirstore_object_from_fd(file, fd, group, NULL);
}

int dirstore_group_length(void *group, int64_t *count)
{
    char **names;
    size_t n;
    int rc = dirstore_list_names(((dirstore_object *)group)->fd, NULL, &names, &n);
    if (rc < 0)
        return rc;
    dirstore_free_names(names, n);
    *count = (int64_t)n;
    return 0;
}

int dirstore_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data)
{
    int rc = dirstore_check_order(order);
    char **names = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = dirstore_list_names(((dirstore_object *)group)->fd, NULL, &names, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = cb(names[i], core_data); /* non-zero stops the walk and is passed back */
    dirstore_free_names(names, n);
    return rc;
}

/* Finds the link at path: its parent directory and encoded name. */
static int find_link(void *file, void *loc, const char *path, int *parent, char last[DIRSTORE_NAME_MAX])
{
    int rc = dirstore_walk(file, loc, path, 0, parent, last);
    if (rc < 0)
        return rc;
    struct stat st;
    if (!last[0])
        return 0; /* the location itself: the root, or the group the walk started from */
    if (fstatat(*parent, last, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        return 0;
    close(*parent);
    return h5x_connector_error(H5X_ERR_NOT_FOUND, "no link named '%s'", path);
}

int dirstore_link_delete(void *file, void *loc, const char *path)
{
    int parent;
    char last[DIRSTORE_NAME_MAX];
    int rc = find_link(file, loc, path, &parent, last);
    if (rc < 0)
        return rc;
    rc = last[0] ? dirstore_remove_tree(parent, last)
                 : h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "'%s' names a group, not a link in it", path);
    close(parent);
    return rc;
}

int dirstore_link_move(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path)
{
    int src_parent, dst_parent;
    char src_last[DIRSTORE_NAME_MAX], dst_last[DIRSTORE_NAME_MAX];
    int rc = find_link(file, src_loc, src_path, &src_parent, src_last);
    if (rc < 0)
        return rc;
    if (!src_last[0]) {
        close(src_parent);
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "'%s' names a group, not a link in it", src_path);
    }
    if ((rc = dirstore_walk(file, dst_loc, dst_path, 1, &dst_parent, dst_last)) < 0) {
        close(src_parent);
        return rc;
    }
    /* rename() would quietly replace an empty directory: look first */
    struct stat st;
    if (!dst_last[0] || fstatat(dst_parent, dst_last, &st, AT_SYMLINK_NOFOLLOW) == 0)
        rc = h5x_connector_error(H5X_ERR_EXISTS, "'%s' already exists", dst_path);
    else if (renameat(src_parent, src_last, dst_parent, dst_last) != 0)
        rc = errno == EINVAL ? h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "cannot move '%s' into itself", src_path)
                             : dirstore_os_error(errno, "cannot move", src_path);
    close(src_parent);
    close(dst_parent);
    return rc;
}

int dirstore_link_info(void *file, void *loc, const char *path, h5x_link_info *info)
{
    int parent;
    char last[DIRSTORE_NAME_MAX];
    int rc = find_link(file, loc, path, &parent, last);
    if (rc < 0)
        return rc;
    close(parent);
    info->kind = H5X_LINK_HARD;
    info->target_path = NULL;
    info->target_file = NULL;
    return 0;
}
