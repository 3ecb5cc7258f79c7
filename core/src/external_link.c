/*
 * Following external links for connectors that store them but cannot
 * follow them.
 *
 * libhdf5 follows an external link itself, so the native and family
 * connectors never get here.  A connector that keeps its own tree (core,
 * dirstore, a third party's) can record an external link — a file name
 * and a path — but cannot open another file from inside its own walk:
 * that file may belong to any connector.  Such a connector answers
 * H5X_ERR_NOT_SUPPORTED when a lookup meets an external link, and the
 * core finishes the lookup here with what every connector offers:
 *
 *   - it reads the path's links one prefix at a time (link_info) until it
 *     finds the external link;
 *   - it opens the target file with h5x_file_open, so that the stored name
 *     may carry a connector prefix ("core:scratch.h5",
 *     "family:run-%d.h5").  A name without one is looked for with the
 *     linking file's connector first (which finds an in-memory file that is
 *     open, as libhdf5's core driver does) and then with the default
 *     connector (H5X_CONNECTOR, else native);
 *   - a relative name is taken beside the linking file, else as given
 *     (relative to the working directory) — HDF5's order;
 *   - the external-target policy (target_policy.h) is asked first;
 *   - the target file is opened for writing when the linking file is
 *     (HDF5 passes the parent's intent on), and only the object reached
 *     keeps it open: the root handle used for the lookup is closed at once,
 *     and the handle lifetime rules keep the file alive exactly as long as
 *     that object (and whatever is opened from it) is open.
 *
 * A soft link whose target runs through an external link is resolved here
 * too.  Each link followed here counts against the limit of 16 that
 * libhdf5 puts on link traversals, so a cycle of files linking to each
 * other ends as H5X_ERR_NOT_FOUND.
 *
 * The object's name is its path in the file it lives in, as h5py reports
 * it for an object reached through an external link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "object.h"
#include "options.h"
#include "target_policy.h"

enum { MAX_LINK_TRAVERSALS = 16 };

static int path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The target's file name resolved as HDF5 resolves it (malloc'd). */
static char *resolve_target_name(const char *linking_file, const char *name)
{
    if (name[0] == '/')
        return strdup(name);
    const char *slash = strrchr(linking_file, '/');
    size_t dir = slash ? (size_t)(slash - linking_file) + 1 : 0;
    char *beside = malloc(dir + strlen(name) + 1);
    if (!beside)
        return NULL;
    memcpy(beside, linking_file, dir);
    strcpy(beside + dir, name);
    if (dir > 0 && !path_exists(beside) && path_exists(name)) {
        free(beside);
        return strdup(name);
    }
    return beside;
}

static char *make_uri(const char *spec, const char *path)
{
    /* "./" keeps a relative name with a ':' from reading as a prefix */
    const char *dot = !spec && path[0] != '/' && strchr(path, ':') ? "./" : "";
    size_t n = (spec ? strlen(spec) + 1 : 0) + strlen(dot) + strlen(path) + 1;
    char *uri = malloc(n);
    if (uri)
        snprintf(uri, n, "%s%s%s%s", spec ? spec : "", spec ? ":" : "", dot, path);
    return uri;
}

/* The root group of the external link's target file, or NULL. */
static h5x_object *open_target_file(const h5x_file_state *linking, const char *stored_name)
{
    char *spec = NULL, *name = NULL, *resolved = NULL, *uri = NULL;
    h5x_object *root = NULL;
    if (h5x_uri_split(stored_name, &spec, &name) != 0)
        goto done;
    if (!(resolved = resolve_target_name(linking->path, name))) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    if (h5x_target_allowed(resolved, "external link target", linking->allowed_target_prefixes) != 0)
        goto done;
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.allowed_target_prefixes = linking->allowed_target_prefixes;
    const char *mode = linking->writable ? "r+" : "r";
    if (!spec) {
        /* the linking file's own connector first */
        if (!(uri = make_uri(linking->connector->cls->name, resolved))) {
            h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
            goto done;
        }
        root = h5x_file_open(uri, mode, &options);
        free(uri);
        uri = NULL;
        if (root || h5x_error_code() != H5X_ERR_NOT_FOUND)
            goto done;
    }
    if (!(uri = make_uri(spec, resolved))) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    root = h5x_file_open(uri, mode, &options);
done:
    free(spec);
    free(name);
    free(resolved);
    free(uri);
    return root;
}

/* Opens rest (may be empty: the object itself) from base and releases base. */
static h5x_object *continue_from(h5x_object *base, const char *rest, int depth)
{
    if (!base || !*rest)
        return base;
    h5x_object *result = h5x_object_open_at(base, rest, depth);
    h5x_close(base);
    return result;
}

static h5x_object *follow_external(h5x_object *loc, const char *prefix, const h5x_link_info *info,
                                   const char *rest, int depth)
{
    h5x_object *root = open_target_file(loc->file, info->target_file);
    if (!root) {
        h5x_error_prefix("unable to open object '%s': it is an external link to '%s' in file '%s', which cannot "
                         "be followed: ",
                         prefix, info->target_path, info->target_file);
        return NULL;
    }
    h5x_object *target = h5x_object_open_at(root, info->target_path, depth);
    h5x_close(root); /* the target keeps its file open */
    return continue_from(target, rest, depth);
}

/* The group a link at prefix lives in: loc itself, or prefix without its
 * last component opened from loc. */
static h5x_object *holder_of(h5x_object *loc, char *prefix, size_t last_start, int depth)
{
    if (last_start == 0) {
        h5x_handle_retain(&loc->header);
        return loc;
    }
    char saved = prefix[last_start];
    prefix[last_start] = '\0';
    h5x_object *holder = h5x_object_open_at(loc, prefix, depth);
    prefix[last_start] = saved;
    return holder;
}

h5x_object *h5x_external_open(h5x_object *loc, const char *path, int depth)
{
    if (depth >= MAX_LINK_TRAVERSALS) {
        h5x_error(H5X_ERR_NOT_FOUND, "unable to open object '%s': more than %d links in a row (a cycle?)", path,
                  MAX_LINK_TRAVERSALS);
        return NULL;
    }
    int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(loc), link_info);
    int (*open_object)(void *, void *, const char *, void **, h5x_object_info *) = H5X_SLOT(H5X_CLASS(loc),
                                                                                             object_open);
    char *prefix = strdup(path);
    if (!prefix) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    h5x_object *result = NULL;
    size_t length = strlen(path), i = 0;
    int found = 0;
    while (!found && i < length) {
        while (i < length && path[i] == '/')
            i++;
        size_t start = i;
        while (i < length && path[i] != '/')
            i++;
        if (i == start || (i - start == 1 && path[start] == '.'))
            continue;
        prefix[i] = '\0';
        const char *rest = path + i;
        while (*rest == '/')
            rest++;
        h5x_link_info info;
        memset(&info, 0, sizeof info);
        int rc = get(loc->file->connector_file, loc->connector_object, prefix, &info);
        if (rc < 0) {
            h5x_error_at(loc, prefix, rc);
            found = 1;
        } else if (info.kind == H5X_LINK_EXTERNAL) {
            result = follow_external(loc, prefix, &info, rest, depth + 1);
            found = 1;
        } else if (info.kind == H5X_LINK_SOFT) {
            /* Only a soft link the connector cannot resolve on its own
             * (its target runs through an external link) is taken here. */
            void *probe = NULL;
            h5x_object_info probe_info;
            rc = open_object(loc->file->connector_file, loc->connector_object, prefix, &probe, &probe_info);
            if (rc == 0) {
                int (*close_object)(void *) = H5X_SLOT(H5X_CLASS(loc), object_close);
                if (close_object)
                    close_object(probe);
            } else if (rc == H5X_ERR_NOT_SUPPORTED) {
                h5x_clear_error();
                h5x_object *holder = holder_of(loc, prefix, start, depth);
                h5x_object *target = holder ? h5x_object_open_at(holder, info.target_path, depth + 1) : NULL;
                if (holder)
                    h5x_close(holder);
                result = continue_from(target, rest, depth);
                found = 1;
            } else {
                h5x_error_at(loc, prefix, rc);
                found = 1;
            }
        }
        free(info.target_path);
        free(info.target_file);
        prefix[i] = path[i];
    }
    if (!found)
        h5x_error_at(loc, path, h5x_error(H5X_ERR_NOT_SUPPORTED, "unable to open object '%s'", path));
    free(prefix);
    return result;
}
