/*
 * link_info.c — reading a link without following it.
 *
 * Everything else in the object layer follows links: h5x_open(g, "alias")
 * opens what the soft link points at.  Tools that show a hierarchy as it
 * is stored (h5x ls prints "Soft Link {/target}", as h5ls does) and walks
 * that must not run around a link cycle need the link itself; the
 * connector's link_info slot knows it, and this passes it on under the
 * library's lock with the usual error context.
 */
#include <string.h>

#include "error.h"
#include "lock.h"
#include "object.h"

int h5x_link_get_info(h5x_object *loc, const char *path, h5x_link_info *info)
{
    if (info != NULL)
        memset(info, 0, sizeof *info);
    h5x_lock();
    int rc = h5x_object_check(loc, H5X_KINDS_ANY, "location");
    if (rc == 0 && (path == NULL || path[0] == '\0' || info == NULL))
        rc = h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_link_get_info: path and info must not be NULL or empty");
    if (rc == 0) {
        int (*get)(void *, void *, const char *, h5x_link_info *) = H5X_SLOT(H5X_CLASS(loc), link_info);
        rc = get ? get(loc->file->connector_file, loc->connector_object, path, info)
                 : h5x_not_supported(loc->file, "reading link information");
        h5x_error_at(loc, path, rc);
    }
    h5x_unlock();
    return rc < 0 ? rc : 0;
}
