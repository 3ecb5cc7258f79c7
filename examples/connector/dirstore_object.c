/*
 * dirstore_object.c — opening objects, and what every object answers.
 *
 * An object is a directory; it is a dataset when it holds a
 * DIRSTORE_HEADER and a group otherwise.  A dataset's header is read once,
 * when it is opened: the connector does not resize, so the header never
 * changes while the dataset exists.
 *
 * The token that tells objects apart (h5py's ==, and how h5x_copy keeps
 * hard links as hard links) is the directory's device and inode numbers:
 * stable for as long as the object exists, and different for any two
 * objects that exist at the same time.
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int load_dataset(dirstore_object *object)
{
    int rc = dirstore_header_load(object->fd, DIRSTORE_HEADER, &object->header, NULL);
    if (rc < 0)
        return rc;
    object->data_fd = openat(object->fd, DIRSTORE_DATA, object->file->writable ? O_RDWR : O_RDONLY);
    if (object->data_fd < 0)
        return dirstore_os_error(errno, "cannot open the data of a dataset", DIRSTORE_DATA);
    return 0;
}

int dirstore_object_from_fd(dirstore_file *file, int fd, void **object_out, h5x_object_info *info)
{
    dirstore_object *object = calloc(1, sizeof *object);
    if (!object) {
        close(fd);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    object->file = file;
    object->fd = fd;
    object->data_fd = -1;
    object->kind = faccessat(fd, DIRSTORE_HEADER, F_OK, 0) == 0 ? H5X_KIND_DATASET : H5X_KIND_GROUP;
    int rc = object->kind == H5X_KIND_DATASET ? load_dataset(object) : 0;
    if (rc == 0 && info)
        rc = dirstore_object_info(object, info);
    if (rc < 0) {
        dirstore_object_close(object);
        return rc;
    }
    *object_out = object;
    return 0;
}

int dirstore_object_open(void *file, void *loc, const char *path, void **object, h5x_object_info *info)
{
    int parent;
    char last[DIRSTORE_NAME_MAX];
    int rc = dirstore_walk(file, loc, path, 0, &parent, last);
    if (rc < 0)
        return rc;
    int fd = last[0] ? openat(parent, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) : dup(parent);
    int err = errno;
    close(parent);
    if (fd < 0)
        return dirstore_os_error(err, "no object", path);
    return dirstore_object_from_fd(file, fd, object, info);
}

int dirstore_object_close(void *object_ptr)
{
    dirstore_object *object = object_ptr;
    if (object->data_fd >= 0)
        close(object->data_fd);
    close(object->fd);
    dirstore_header_clear(&object->header);
    free(object);
    return 0;
}

int dirstore_object_info(void *object_ptr, h5x_object_info *info)
{
    dirstore_object *object = object_ptr;
    struct stat st;
    if (fstat(object->fd, &st) != 0)
        return dirstore_os_error(errno, "cannot inspect", "object");
    char **names;
    size_t count;
    int rc = dirstore_list_names(object->fd, DIRSTORE_ATTRS, &names, &count);
    if (rc < 0)
        return rc;
    dirstore_free_names(names, count);
    memset(info, 0, sizeof *info);
    info->kind = object->kind;
    uint64_t device = (uint64_t)st.st_dev, inode = (uint64_t)st.st_ino;
    memcpy(info->token, &device, sizeof device);
    memcpy(info->token + 8, &inode, sizeof inode);
    info->attribute_count = (int64_t)count;
    return 0;
}

int dirstore_object_exists(void *file, void *loc, const char *path)
{
    int parent;
    char last[DIRSTORE_NAME_MAX];
    int rc = dirstore_walk(file, loc, path, 0, &parent, last);
    if (rc == H5X_ERR_NOT_FOUND)
        return 0;
    if (rc < 0)
        return rc;
    int found = 1; /* an empty last component names the starting group */
    struct stat st;
    if (last[0] && fstatat(parent, last, &st, AT_SYMLINK_NOFOLLOW) == 0)
        found = S_ISDIR(st.st_mode);
    else if (last[0] && errno == ENOENT)
        found = 0;
    else if (last[0])
        found = dirstore_os_error(errno, "cannot look up", path);
    close(parent);
    return found;
}
