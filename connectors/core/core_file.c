/*
 * core_file.c — in-memory files: the registry of open stores, h5py's
 * modes, and the backing file.
 *
 * A store is the tree of one in-memory file.  The registry lists every
 * store that is open, by the name it was opened with, so that opening the
 * same name again while it is open gives the same tree — as libhdf5's
 * core driver finds a file that is already open — and so that the name
 * "exists" for h5py's modes while it is open.  When the last open of a
 * store is closed, the store is gone (after being saved, with a backing
 * store).  Names are compared as given: "a.h5" and "./a.h5" are two files.
 *
 * The modes, as h5py defines them for the core driver.  A name "exists"
 * when a store of that name is open, or, with backing_store=1, when a
 * file of that name is on disk:
 *
 *   r, r+   the open store, or the disk file loaded into a new store;
 *           otherwise H5X_ERR_NOT_FOUND
 *   w       a new empty store; H5X_ERR_EXISTS while a store of that name
 *           is open (libhdf5 also refuses to truncate an open file)
 *   w-, x   a new empty store; H5X_ERR_EXISTS when the name exists
 *   a       the open store, the disk file loaded, or a new empty store
 *
 * Options (the connector string "core;backing_store=1"):
 *
 *   backing_store  0 (default) or 1.  With 1, an existing file is read
 *                  into memory when first opened, and the tree is written
 *                  back as a native HDF5 file when the last open closes or
 *                  the file is flushed — if anything changed.  h5py's core
 *                  driver defaults to 1; h5x's in-memory connector defaults
 *                  to 0 so that nothing ever touches the disk unless asked.
 *                  A writing mode creates the disk file at once, so that a
 *                  path that cannot be written is reported by the open and
 *                  not lost in a close.  Options given when a store is
 *                  already open are those of the first open; later ones
 *                  share its tree and its settings.
 *
 * Library-version bounds are checked and kept for the backing file, which
 * is the only place they can mean anything.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"

/* Every store that is open.  The core's lock serialises all calls into
 * the connector, so the list needs no lock of its own. */
static core_store *open_stores;

core_store *core_registry_find(const char *name)
{
    for (core_store *store = open_stores; store != NULL; store = store->next)
        if (strcmp(store->name, name) == 0)
            return store;
    return NULL;
}

static void registry_remove(core_store *store)
{
    for (core_store **p = &open_stores; *p != NULL; p = &(*p)->next)
        if (*p == store) {
            *p = store->next;
            return;
        }
}

static void store_free(core_store *store)
{
    core_store_free_nodes(store);
    core_store_free_regions(store);
    free(store->name);
    free(store);
}

static core_store *store_new(const h5x_file_args *args, int backing_store)
{
    core_store *store = calloc(1, sizeof *store);
    if (store == NULL || (store->name = strdup(args->path)) == NULL) {
        free(store);
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory creating the in-memory file '%s'", args->path);
        return NULL;
    }
    store->next_id = 1;
    core_ids_init(&store->by_id);
    core_ids_init(&store->regions);
    core_store_init_pools(store);
    store->backing_store = backing_store;
    store->libver_low = args->libver_low;
    store->libver_high = args->libver_high;
    store->userblock_size = args->userblock_size;
    store->root = core_node_new(store, H5X_KIND_GROUP);
    if (store->root == NULL) {
        store_free(store);
        return NULL;
    }
    store->root->links = 1; /* the file's own reference */
    store->root->track_order = args->track_order;
    return store;
}

/* 1 if a file is on disk at path, 0 if not, negative when it cannot be told. */
static int on_disk(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return 1;
    if (errno == ENOENT || errno == ENOTDIR)
        return 0;
    return h5x_connector_error(H5X_ERR_IO, "cannot tell whether '%s' exists: %s", path, strerror(errno));
}

static int check_libver(const h5x_file_args *args)
{
    h5x_libver low = args->libver_low, high = args->libver_high;
    if (low < H5X_LIBVER_DEFAULT || low > H5X_LIBVER_LATEST || high < H5X_LIBVER_DEFAULT || high > H5X_LIBVER_LATEST)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "unknown library version bound (%d, %d)", (int)low,
                                   (int)high);
    if (high == H5X_LIBVER_EARLIEST)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "the upper library version bound cannot be 'earliest'");
    if (low != H5X_LIBVER_DEFAULT && high != H5X_LIBVER_DEFAULT && low > high)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "library version bounds (%d, %d) are inverted", (int)low,
                                   (int)high);
    return 0;
}

/* A new store for args->path: empty, or loaded from its backing file. */
static int make_store(const h5x_file_args *args, int backing_store, int load, const char *create_mode,
                      core_store **out)
{
    core_store *store = store_new(args, backing_store);
    if (store == NULL)
        return H5X_ERR_NO_MEMORY;
    int status = 0;
    if (load)
        status = core_backing_load(store);
    else if (create_mode != NULL)
        status = core_backing_create(store, create_mode);
    if (status < 0) {
        store_free(store);
        return status;
    }
    store->dirty = 0;
    *out = store;
    return 0;
}

/* Finds or makes the store an open in this mode gets. */
static int store_for_mode(const h5x_file_args *args, int backing_store, core_store **out, int *fresh)
{
    const char *path = args->path;
    core_store *open = core_registry_find(path);
    *fresh = 0;
    int exists_on_disk = 0;
    if (open == NULL && backing_store && (exists_on_disk = on_disk(path)) < 0)
        return exists_on_disk;
    switch (args->mode) {
    case H5X_MODE_READ:
    case H5X_MODE_READ_WRITE:
    case H5X_MODE_APPEND:
        if (open != NULL) {
            *out = open;
            return 0;
        }
        *fresh = 1;
        if (exists_on_disk)
            return make_store(args, backing_store, 1, NULL, out);
        if (args->mode == H5X_MODE_APPEND)
            return make_store(args, backing_store, 0, backing_store ? "w" : NULL, out);
        *fresh = 0;
        if (backing_store)
            return h5x_connector_error(H5X_ERR_NOT_FOUND, "unable to open '%s': no such file", path);
        return h5x_connector_error(H5X_ERR_NOT_FOUND,
                                   "unable to open '%s': no in-memory file of that name is open (to read a file "
                                   "from disk, use the option backing_store=1)",
                                   path);
    case H5X_MODE_TRUNCATE:
        if (open != NULL)
            return h5x_connector_error(H5X_ERR_EXISTS, "unable to truncate '%s': the in-memory file is open", path);
        *fresh = 1;
        return make_store(args, backing_store, 0, backing_store ? "w" : NULL, out);
    case H5X_MODE_CREATE_EXCL:
        if (open != NULL)
            return h5x_connector_error(H5X_ERR_EXISTS, "unable to create '%s': an in-memory file of that name is open",
                                       path);
        if (exists_on_disk)
            return h5x_connector_error(H5X_ERR_EXISTS, "unable to create '%s': the file exists", path);
        *fresh = 1;
        return make_store(args, backing_store, 0, backing_store ? "w-" : NULL, out);
    }
    return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "unknown file mode %d", (int)args->mode);
}

int core_file_open(const h5x_file_args *args, void **file_out, void **root_out)
{
    *file_out = NULL;
    *root_out = NULL;
    int backing_store = 0;
    int status = h5x_options_get_bool(args->options, "backing_store", 0, &backing_store);
    if (status < 0)
        return status;
    if ((status = check_libver(args)) < 0)
        return status;
    core_store *store = NULL;
    int fresh = 0;
    if ((status = store_for_mode(args, backing_store, &store, &fresh)) < 0)
        return status;
    core_file *file = malloc(sizeof *file);
    if (file != NULL) {
        file->store = store;
        file->writable = args->mode != H5X_MODE_READ;
    }
    core_handle *root = file != NULL ? core_handle_new(file, store->root) : NULL;
    if (root == NULL) {
        free(file);
        if (fresh)
            store_free(store);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory opening '%s'", args->path);
    }
    store->open_count++;
    if (fresh) {
        store->next = open_stores;
        open_stores = store;
    }
    *file_out = file;
    *root_out = root;
    return 0;
}

int core_file_close(void *file_in)
{
    core_file *file = file_in;
    core_store *store = file->store;
    free(file);
    if (--store->open_count > 0)
        return 0;
    int status = store->backing_store && store->dirty ? core_backing_save(store) : 0;
    registry_remove(store);
    store_free(store);
    return status;
}

int core_file_flush(void *file_in)
{
    core_store *store = ((core_file *)file_in)->store;
    if (!store->backing_store || !store->dirty)
        return 0;
    int status = core_backing_save(store);
    if (status == 0)
        store->dirty = 0;
    return status;
}

int core_file_userblock_size(void *file_in, uint64_t *size)
{
    *size = ((core_file *)file_in)->store->userblock_size;
    return 0;
}
