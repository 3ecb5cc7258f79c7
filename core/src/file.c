/*
 * Opening files: from a URI and a mode to a connector and its file.
 *
 * The connector is chosen, most specific first, by the URI's prefix
 * ("family;member_size=64MiB:run-%d.h5"), the options' connector string,
 * the H5X_CONNECTOR environment variable, and finally "native".  Everything
 * that does not depend on the storage — mode names, user block sizes,
 * option keys, capabilities — is checked here, once, for all connectors.
 */
#include "object.h"

#include "error.h"
#include "lock.h"
#include "options.h"
#include "vds.h"

#include <stdlib.h>
#include <string.h>

static int parse_mode(const char *mode, h5x_open_mode *out, int *writable)
{
    static const struct { const char *name; h5x_open_mode mode; int writable; } modes[] = {
        {"r", H5X_MODE_READ, 0},         {"r+", H5X_MODE_READ_WRITE, 1}, {"w", H5X_MODE_TRUNCATE, 1},
        {"w-", H5X_MODE_CREATE_EXCL, 1}, {"x", H5X_MODE_CREATE_EXCL, 1}, {"a", H5X_MODE_APPEND, 1},
    };
    if (!mode)
        mode = "r";
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(mode, modes[i].name) == 0) {
            *out = modes[i].mode;
            *writable = modes[i].writable;
            return 0;
        }
    return h5x_error(H5X_ERR_INVALID_ARGUMENT, "invalid file mode '%s' (use r, r+, w, w-, x or a)", mode);
}

static int check_userblock(uint64_t size)
{
    if (size == 0)
        return 0;
    if (size < 512 || (size & (size - 1)) != 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "user block size must be 0 or a power of two of at least 512 (got %llu)",
                         (unsigned long long)size);
    return 0;
}

/* h5py's libver rules: each bound is a known version, the upper bound
 * cannot be "earliest" (libhdf5 has no such format), and the lower bound
 * does not exceed the upper one.  A bound left at the default takes the
 * connector's own. */
static int check_libver(h5x_libver low, h5x_libver high)
{
    static const char *const names[] = {"default", "earliest", "v108", "v110", "v112", "v114", "latest"};
    if ((unsigned)low > H5X_LIBVER_LATEST || (unsigned)high > H5X_LIBVER_LATEST)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown library version bound %d",
                         (unsigned)low > H5X_LIBVER_LATEST ? (int)low : (int)high);
    if (high == H5X_LIBVER_EARLIEST)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "the upper library version bound cannot be 'earliest' (use v108 or later)");
    if (low != H5X_LIBVER_DEFAULT && high != H5X_LIBVER_DEFAULT && low > high)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "the library version bounds ('%s', '%s') are inverted: the lower exceeds the upper",
                         names[low], names[high]);
    return 0;
}

static int check_options_struct(const h5x_file_options *options)
{
    if (options && options->struct_size < offsetof(h5x_file_options, track_order) + sizeof(int))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "h5x_file_options.struct_size is %zu: start from H5X_FILE_OPTIONS_INIT",
                         options->struct_size);
    return 0;
}

/* The capability a request needs, or 0 when it is available. */
static int check_capabilities(const h5x_connector_class *cls, const h5x_file_args *args, int writable)
{
    uint64_t caps = cls->capabilities;
    if (writable && !(caps & H5X_CAP_WRITE))
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector is read-only: cannot open in a writing mode",
                         cls->name);
    if (args->userblock_size && !(caps & H5X_CAP_USERBLOCK))
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not support user blocks", cls->name);
    if ((args->libver_low != H5X_LIBVER_DEFAULT || args->libver_high != H5X_LIBVER_DEFAULT) &&
        !(caps & H5X_CAP_LIBVER))
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not support library version bounds",
                         cls->name);
    if (args->swmr && !(caps & H5X_CAP_SWMR))
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "the '%s' connector does not support SWMR", cls->name);
    return 0;
}

/* The options' allowed_target_prefixes, when the caller's struct has it. */
static const char *allowed_prefixes_of(const h5x_file_options *options)
{
    if (!options || options->struct_size < offsetof(h5x_file_options, allowed_target_prefixes) + sizeof(char *))
        return NULL;
    return options->allowed_target_prefixes;
}

h5x_object *h5x_file_open(const char *uri, const char *mode, const h5x_file_options *options)
{
    if (!uri) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_file_open: uri is NULL");
        return NULL;
    }
    h5x_lock();
    h5x_object *result = NULL;
    char *spec_from_uri = NULL, *path = NULL;
    h5x_options *spec = NULL, *under_spec = NULL;
    h5x_file_state *file = NULL;
    h5x_open_mode open_mode = H5X_MODE_READ;
    int writable = 0;
    if (check_options_struct(options) != 0 || parse_mode(mode, &open_mode, &writable) != 0 ||
        h5x_uri_split(uri, &spec_from_uri, &path) != 0)
        goto done;
    if (!*path) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_file_open: \"%s\" has no file name", uri);
        goto done;
    }
    const char *spec_text = spec_from_uri;
    if (!spec_text && options && options->connector)
        spec_text = options->connector;
    if (!spec_text)
        spec_text = getenv("H5X_CONNECTOR");
    if (!spec_text || !*spec_text)
        spec_text = "native";
    if (h5x_options_parse(spec_text, &spec) != 0)
        goto done;
    if (!spec->connector) {
        h5x_error(H5X_ERR_OPTION, "connector string \"%s\" names no connector", spec_text);
        goto done;
    }
    const h5x_connector *connector = h5x_connector_find(spec->connector);
    if (!connector)
        goto done;
    /* Virtual datasets: a connector that does not map them itself gets the
     * vds connector stacked on top, and "vds;under=NAME;..." asks for that
     * explicitly (vds_stack.c).  `recorded` is what the file's handles see:
     * the stack, named and capable as the connector below. */
    const h5x_connector *under = NULL;
    if (h5x_stack_resolve(&connector, &spec, &under, &under_spec) != 0)
        goto done;
    if (h5x_options_check_keys(spec, connector->cls->option_names, connector->cls->name) != 0 ||
        (under && h5x_options_check_keys(under_spec, under->cls->option_names, under->cls->name) != 0))
        goto done;
    const h5x_connector *recorded = under ? h5x_stack_connector(connector, under) : connector;
    if (!recorded)
        goto done;
    const h5x_connector_class *cls = recorded->cls;
    h5x_file_args args = {
        .struct_size = sizeof args,
        .path = path,
        .mode = open_mode,
        .options = spec,
        .libver_low = options ? options->libver_low : H5X_LIBVER_DEFAULT,
        .libver_high = options ? options->libver_high : H5X_LIBVER_DEFAULT,
        .userblock_size = options ? options->userblock_size : 0,
        .swmr = options ? options->swmr : 0,
        .track_order = h5x_default_track_order(options ? options->track_order : -1),
        .allowed_target_prefixes = allowed_prefixes_of(options),
    };
    if (args.userblock_size && open_mode != H5X_MODE_TRUNCATE && open_mode != H5X_MODE_CREATE_EXCL &&
        open_mode != H5X_MODE_APPEND) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "a user block size can only be given when creating a file");
        goto done;
    }
    if (args.swmr && writable) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT,
                  "swmr applies to readers (mode 'r'); a writer calls h5x_file_start_swmr after opening");
        goto done;
    }
    if (check_userblock(args.userblock_size) != 0 || check_libver(args.libver_low, args.libver_high) != 0 ||
        check_capabilities(cls, &args, writable) != 0)
        goto done;
    int (*open_file)(const h5x_file_args *, void **, void **) = H5X_SLOT(cls, file_open);
    file = calloc(1, sizeof *file);
    if (!file || !(file->path = strdup(path))) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    if (args.allowed_target_prefixes &&
        !(file->allowed_target_prefixes = strdup(args.allowed_target_prefixes))) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    file->connector = recorded;
    file->mode = open_mode;
    file->writable = writable;
    if (!open_file) {
        h5x_not_supported(file, "opening files");
        goto done;
    }
    void *root = NULL;
    int rc = under ? h5x_stack_file_open(connector, under, under_spec, &args, &file->connector_file, &root)
                   : open_file(&args, &file->connector_file, &root);
    if (rc < 0) {
        h5x_error_context(path, NULL, cls->name);
        goto done;
    }
    result = h5x_object_wrap(file, H5X_KIND_FILE, root, "/");
    if (!result) /* the wrap released the file state */
        file = NULL;
    else
        file = NULL; /* owned by the handle now */
done:
    if (file) {
        free(file->path);
        free(file->allowed_target_prefixes);
        free(file);
    }
    h5x_options_free(spec);
    h5x_options_free(under_spec);
    free(spec_from_uri);
    free(path);
    h5x_unlock();
    return result;
}

/* Runs a file-level call for any object of the file. */
static int file_call(h5x_object *object, const char *operation, int (*fn)(void *))
{
    if (!fn)
        return h5x_not_supported(object->file, operation);
    return h5x_error_at(object, NULL, fn(object->file->connector_file));
}

int h5x_file_flush(h5x_object *object)
{
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0 && object->file->writable)
        rc = file_call(object, "flushing files", H5X_SLOT(H5X_CLASS(object), file_flush));
    h5x_unlock();
    return rc;
}

int h5x_file_start_swmr(h5x_object *object)
{
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "file");
    if (rc == 0)
        rc = h5x_require_writable(object, "start SWMR writing");
    if (rc == 0 && !(H5X_CLASS(object)->capabilities & H5X_CAP_SWMR))
        rc = h5x_not_supported(object->file, "SWMR");
    if (rc == 0)
        rc = file_call(object, "SWMR", H5X_SLOT(H5X_CLASS(object), file_start_swmr));
    h5x_unlock();
    return rc;
}

h5x_object *h5x_object_file(h5x_object *object)
{
    h5x_lock();
    h5x_object *result = NULL;
    if (h5x_object_check(object, H5X_KINDS_ANY, "object") == 0) {
        if (object->kind == H5X_KIND_FILE) {
            h5x_handle_retain(&object->header);
            result = object;
        } else {
            h5x_object *root = h5x_open(object, "/");
            if (root)
                root->kind = H5X_KIND_FILE;
            result = root;
        }
    }
    h5x_unlock();
    return result;
}

static char *dup_or_error(const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return copy;
}

char *h5x_file_name(h5x_object *object)
{
    h5x_lock();
    char *name = h5x_object_check(object, H5X_KINDS_ANY, "object") == 0 ? dup_or_error(object->file->path) : NULL;
    h5x_unlock();
    return name;
}

char *h5x_file_mode(h5x_object *object)
{
    h5x_lock();
    char *mode = h5x_object_check(object, H5X_KINDS_ANY, "object") == 0
                     ? dup_or_error(object->file->writable ? "r+" : "r")
                     : NULL;
    h5x_unlock();
    return mode;
}

char *h5x_file_connector(h5x_object *object)
{
    h5x_lock();
    char *name =
        h5x_object_check(object, H5X_KINDS_ANY, "object") == 0 ? dup_or_error(H5X_CLASS(object)->name) : NULL;
    h5x_unlock();
    return name;
}

int h5x_file_userblock_size(h5x_object *object, uint64_t *size)
{
    if (!size)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_file_userblock_size: size is NULL");
    h5x_lock();
    int rc = h5x_object_check(object, H5X_KINDS_ANY, "object");
    if (rc == 0) {
        int (*get)(void *, uint64_t *) = H5X_SLOT(H5X_CLASS(object), file_userblock_size);
        if (get)
            rc = h5x_error_at(object, NULL, get(object->file->connector_file, size));
        else
            *size = 0; /* a connector without user blocks has an empty one */
    }
    h5x_unlock();
    return rc;
}
