/*
 * format_reference.c — the text of a reference: where it leads.
 *
 * A reference's bytes mean nothing to a reader, so `h5x dump` prints the
 * path of the object it points at, as h5dump names the target (the first
 * path to it in name order), and for a region reference that path with
 * the region's selection after it in NumPy's brackets: "/dset[0:2, 1:4]",
 * "/dset[(1, 2), (3, 7)]" for points.  A null reference prints as NULL,
 * as h5dump prints it; one that leads nowhere any more says so instead of
 * failing the whole dump.
 */
#include <stdio.h>
#include <string.h>

#include "h5x_tool.h"

size_t tool_reference_text(h5x_object *file, const h5x_ref *ref, char *out, size_t size)
{
    int n;
    if (h5x_ref_is_null(ref) == 1) {
        n = snprintf(out, size, "NULL");
    } else if (file == NULL) {
        n = snprintf(out, size, "<reference>");
    } else {
        h5x_object *target = h5x_ref_open(file, ref);
        char *path = target != NULL ? h5x_object_name(target) : NULL;
        h5x_close(target);
        if (path == NULL) {
            n = snprintf(out, size, "<reference to a missing object>");
        } else if (h5x_ref_kind(ref) == H5X_REF_REGION) {
            char *selection = h5x_ref_region_text(file, ref);
            n = snprintf(out, size, "%s[%s]", path[0] != '\0' ? path : "<unnamed>",
                         selection != NULL ? selection : "?");
            h5x_free(selection);
        } else {
            n = snprintf(out, size, "%s", path[0] != '\0' ? path : "<unnamed object>");
        }
        h5x_free(path);
        h5x_clear_error();
    }
    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}
