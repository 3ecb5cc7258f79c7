/*
 * dirstore_path.c — from HDF5 names and paths to directory entries.
 *
 * A path such as "/some/long/path" is walked one component at a time with
 * openat(), from the file's root directory when it is absolute and from the
 * location's directory when it is relative.  Working from descriptors
 * rather than from path strings keeps every lookup inside the file: each
 * component is one name looked up in one directory, symbolic links are not
 * followed, and ".." is not a name the connector will look up, so no path
 * can climb out of the file's directory.
 *
 * The connector keeps its own entries (.attrs, .dataset, .data, .dirstore)
 * beside the members of a group, so names are encoded: a name that begins
 * with a dot gets one more (".hidden" is stored as "..hidden").  An entry
 * that begins with exactly one dot is therefore always the connector's own,
 * and every other entry decodes to the name the application chose.
 */
#include "dirstore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dirstore_os_error(int err, const char *what, const char *name)
{
    int status;
    switch (err) {
    case ENOENT:
    case ENOTDIR: status = H5X_ERR_NOT_FOUND; break;
    case EEXIST:
    case ENOTEMPTY: status = H5X_ERR_EXISTS; break;
    case ENOMEM: status = H5X_ERR_NO_MEMORY; break;
    case ENAMETOOLONG: status = H5X_ERR_INVALID_ARGUMENT; break;
    default: status = H5X_ERR_IO; break;
    }
    return h5x_connector_error(status, "%s '%s': %s", what, name, strerror(err));
}

int dirstore_encode_name(const char *name, size_t length, char out[DIRSTORE_NAME_MAX])
{
    if (length == 0 || memchr(name, '/', length) || (length == 1 && name[0] == '.') ||
        (length == 2 && name[0] == '.' && name[1] == '.'))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "'%.*s' cannot be a name in a dirstore file",
                                   (int)length, name);
    size_t extra = name[0] == '.' ? 1 : 0;
    if (length + extra >= DIRSTORE_NAME_MAX)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "the name '%.*s' is longer than %d bytes",
                                   (int)length, name, DIRSTORE_NAME_MAX - 1 - (int)extra);
    out[0] = '.';
    memcpy(out + extra, name, length);
    out[length + extra] = '\0';
    return 0;
}

const char *dirstore_decode_name(const char *entry)
{
    if (strcmp(entry, ".") == 0 || strcmp(entry, "..") == 0)
        return NULL;
    if (entry[0] != '.')
        return entry;
    return entry[1] == '.' ? entry + 1 : NULL;
}

/* Finds the next component of a path at *cursor, skipping empty ones and
 * "." (both mean "here"); 0 when there is none left. */
static int next_component(const char **cursor, const char **start, size_t *length)
{
    const char *p = *cursor;
    for (;;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0) {
            *cursor = p;
            return 0;
        }
        if (!(n == 1 && p[0] == '.')) {
            *start = p;
            *length = n;
            *cursor = p + n;
            return 1;
        }
        p += n;
    }
}

/* 1 when the directory fd holds a dataset rather than a group. */
static int is_dataset(int fd)
{
    return faccessat(fd, DIRSTORE_HEADER, F_OK, 0) == 0;
}

int dirstore_walk(dirstore_file *file, dirstore_object *loc, const char *path, int create, int *parent,
                  char last[DIRSTORE_NAME_MAX])
{
    int fd = dup(path[0] == '/' ? file->root_fd : loc->fd);
    if (fd < 0)
        return dirstore_os_error(errno, "cannot use the directory of", path);
    const char *cursor = path, *start;
    size_t length;
    last[0] = '\0';
    int more = next_component(&cursor, &start, &length);
    while (more) {
        int rc = dirstore_encode_name(start, length, last);
        if (rc < 0) {
            close(fd);
            return rc;
        }
        more = next_component(&cursor, &start, &length);
        if (!more)
            break;
        /* an intermediate component: it must be a group, or become one */
        int child = openat(fd, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (child < 0 && errno == ENOENT && create && mkdirat(fd, last, 0777) == 0)
            child = openat(fd, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        int err = errno;
        close(fd);
        if (child < 0)
            return dirstore_os_error(err, "no group", dirstore_decode_name(last));
        if (is_dataset(child)) {
            close(child);
            return h5x_connector_error(H5X_ERR_NOT_FOUND, "'%s' is a dataset, not a group",
                                       dirstore_decode_name(last));
        }
        fd = child;
    }
    *parent = fd;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void dirstore_free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

int dirstore_list_names(int dirfd, const char *subdir, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    /* a descriptor of our own: closedir() closes what fdopendir() took */
    int fd = openat(dirfd, subdir ? subdir : ".", O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return errno == ENOENT && subdir ? 0 : dirstore_os_error(errno, "cannot list", subdir ? subdir : ".");
    DIR *dir = fdopendir(fd);
    if (!dir) {
        close(fd);
        return dirstore_os_error(errno, "cannot list", subdir ? subdir : ".");
    }
    char **list = NULL;
    size_t n = 0, capacity = 0;
    int rc = 0;
    struct dirent *entry;
    while (rc == 0 && (entry = readdir(dir)) != NULL) {
        const char *name = dirstore_decode_name(entry->d_name);
        if (!name)
            continue;
        if (n == capacity) {
            capacity = capacity ? 2 * capacity : 16;
            char **grown = realloc(list, capacity * sizeof *grown);
            if (!grown) {
                rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory listing names");
                break;
            }
            list = grown;
        }
        if ((list[n] = strdup(name)) == NULL)
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory listing names");
        else
            n++;
    }
    closedir(dir);
    if (rc < 0) {
        dirstore_free_names(list, n);
        return rc;
    }
    if (n > 1)
        qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *count = n;
    return 0;
}

int dirstore_remove_tree(int dirfd, const char *name)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if (errno != EISDIR && errno != EPERM) /* POSIX says EPERM for a directory, Linux EISDIR */
        return dirstore_os_error(errno, "cannot remove", name);
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    DIR *dir = fd < 0 ? NULL : fdopendir(fd);
    if (!dir) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return dirstore_os_error(err, "cannot remove", name);
    }
    int rc = 0;
    struct dirent *entry;
    while (rc == 0 && (entry = readdir(dir)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            rc = dirstore_remove_tree(fd, entry->d_name);
    closedir(dir);
    if (rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
        rc = dirstore_os_error(errno, "cannot remove", name);
    return rc;
}
