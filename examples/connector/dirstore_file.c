/*
 * dirstore_file.c — opening, creating and closing a dirstore file.
 *
 * A dirstore file is a directory holding a marker, DIRSTORE_MARKER, whose
 * one line "dirstore 1" names the format and its version.  h5py's five
 * modes become:
 *
 *   r, r+   the directory must exist and carry the marker
 *           (missing: H5X_ERR_NOT_FOUND; no marker: H5X_ERR_CORRUPT)
 *   w       an existing dirstore file is removed and made again; anything
 *           else at that path is refused with H5X_ERR_EXISTS, because a
 *           connector that deletes directories must be sure they are its own
 *   w-, x   the path must not exist (H5X_ERR_EXISTS)
 *   a       r+ when the file exists, w- when it does not
 *
 * The core has already checked the mode's spelling and refuses writing
 * modes, user blocks and SWMR for connectors that do not claim them; what
 * it leaves to the connector is libver bounds, refused here.  The root
 * group's track_order (args->track_order, which may come from the
 * library-wide default) is not refused: the root simply does not track,
 * and asking it for creation order is H5X_ERR_NOT_SUPPORTED.
 *
 * The connector's options arrive parsed in args->options, from a
 * connector string such as "dirstore;sync=1;max_attribute_size=1MiB"; the
 * core has already refused keys the class does not list in option_names.
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char marker_text[] = "dirstore 1\n";

/* HDF5 keeps attributes of up to 64 KiB in the object header. */
#define DEFAULT_MAX_ATTRIBUTE_SIZE (64 * 1024)

/* 1 when the directory fd holds the marker of a dirstore file, 0 when not. */
static int has_marker(int fd)
{
    char text[sizeof marker_text];
    int marker = openat(fd, DIRSTORE_MARKER, O_RDONLY);
    if (marker < 0)
        return 0;
    ssize_t n = read(marker, text, sizeof text);
    close(marker);
    return n == (ssize_t)sizeof marker_text - 1 && memcmp(text, marker_text, (size_t)n) == 0;
}

static int is_dirstore(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return 0;
    int yes = has_marker(fd);
    close(fd);
    return yes;
}

static int create_directory(const char *path)
{
    if (mkdir(path, 0777) != 0)
        return dirstore_os_error(errno, "cannot create", path);
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    int marker = fd < 0 ? -1 : openat(fd, DIRSTORE_MARKER, O_WRONLY | O_CREAT | O_EXCL, 0666);
    int ok = marker >= 0 && write(marker, marker_text, sizeof marker_text - 1) == (ssize_t)sizeof marker_text - 1;
    int err = errno;
    if (marker >= 0)
        close(marker);
    if (fd >= 0)
        close(fd);
    if (!ok) {
        dirstore_remove_tree(AT_FDCWD, path);
        return dirstore_os_error(err, "cannot create", path);
    }
    return 0;
}

/* Makes the mode's promise about what exists at path come true. */
static int prepare_path(const char *path, h5x_open_mode mode)
{
    struct stat st;
    int exists = lstat(path, &st) == 0;
    switch (mode) {
    case H5X_MODE_READ:
    case H5X_MODE_READ_WRITE:
        return exists ? 0 : h5x_connector_error(H5X_ERR_NOT_FOUND, "no such file '%s'", path);
    case H5X_MODE_CREATE_EXCL:
        return exists ? h5x_connector_error(H5X_ERR_EXISTS, "'%s' already exists", path) : create_directory(path);
    case H5X_MODE_TRUNCATE:
        if (exists && !is_dirstore(path))
            return h5x_connector_error(H5X_ERR_EXISTS, "'%s' exists and is not a dirstore file; it is left alone",
                                       path);
        if (exists) {
            int rc = dirstore_remove_tree(AT_FDCWD, path);
            if (rc < 0)
                return rc;
        }
        return create_directory(path);
    case H5X_MODE_APPEND:
        return exists ? 0 : create_directory(path);
    }
    return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "unknown open mode %d", (int)mode);
}

int dirstore_file_open(const h5x_file_args *args, void **file_out, void **root)
{
    int sync;
    uint64_t max_attribute_size;
    if (h5x_options_get_bool(args->options, "sync", 0, &sync) < 0 ||
        h5x_options_get_size(args->options, "max_attribute_size", DEFAULT_MAX_ATTRIBUTE_SIZE,
                             &max_attribute_size) < 0)
        return h5x_last_error()->code;
    if (args->libver_low != H5X_LIBVER_DEFAULT || args->libver_high != H5X_LIBVER_DEFAULT)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "dirstore files have no library version bounds");
    int rc = prepare_path(args->path, args->mode);
    if (rc < 0)
        return rc;

    int fd = open(args->path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return errno == ENOTDIR ? h5x_connector_error(H5X_ERR_CORRUPT, "'%s' is not a dirstore file", args->path)
                                : dirstore_os_error(errno, "cannot open", args->path);
    if (!has_marker(fd)) {
        close(fd);
        return h5x_connector_error(H5X_ERR_CORRUPT, "'%s' is not a dirstore file (no %s)", args->path,
                                   DIRSTORE_MARKER);
    }
    dirstore_file *file = calloc(1, sizeof *file);
    if (!file) {
        close(fd);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    file->root_fd = fd;
    file->writable = args->mode != H5X_MODE_READ;
    file->sync = sync;
    file->max_attribute_size = max_attribute_size;

    /* the root group is an object like any other, with a descriptor of its own */
    int root_fd = dup(fd);
    rc = root_fd < 0 ? dirstore_os_error(errno, "cannot open", args->path)
                     : dirstore_object_from_fd(file, root_fd, root, NULL);
    if (rc < 0) {
        dirstore_file_close(file);
        return rc;
    }
    *file_out = file;
    return 0;
}

int dirstore_file_close(void *file_ptr)
{
    dirstore_file *file = file_ptr;
    int rc = close(file->root_fd) == 0 ? 0 : dirstore_os_error(errno, "cannot close", "/");
    free(file);
    return rc;
}

/* Every call writes through to the operating system at once, so there is
 * no buffer to empty; a connector that caches writes them out here. */
int dirstore_file_flush(void *file_ptr)
{
    dirstore_file *file = file_ptr;
    if (file->sync && fsync(file->root_fd) != 0)
        return dirstore_os_error(errno, "cannot flush", "/");
    return 0;
}
