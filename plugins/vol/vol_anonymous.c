/*
 * vol_anonymous.c — HDF5's anonymous objects on top of h5x, where every
 * object has a name.
 *
 * H5Gcreate_anon, H5Dcreate_anon and H5Tcommit_anon make an object that no
 * link leads to yet: the application links it later with H5Olink, or the
 * object goes away when its last identifier closes.  h5x creates objects
 * only at a path, so an anonymous object is created under a hidden name in
 * the root group ("/.h5x-anonymous-N", a name no other link has).  When
 * H5Olink gives it a real link, the object's handle moves to that name and
 * the hidden link is deleted; when it closes without one, the hidden link
 * is deleted and the object with it (for a datatype a little later, see
 * vol_anonymous_drop; one still open when its file closes stays under its
 * hidden name).  In between the hidden name is what
 * a listing of the root group shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

char *vol_anonymous_name(vol_file *file)
{
    vol_anonymous_sweep(file);
    char name[64];
    for (unsigned attempt = 0; attempt < 1000000; attempt++) {
        snprintf(name, sizeof name, "/.h5x-anonymous-%lu", ++file->anonymous_count);
        h5x_link_info link = {0};
        int taken = h5x_link_get_info(file->root, name, &link) == 0;
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        h5x_clear_error();
        if (!taken) {
            char *copy = strdup(name);
            if (copy == NULL)
                vol_fail_here("out of memory naming an anonymous object");
            return copy;
        }
    }
    vol_fail_here("no free hidden name for an anonymous object in '%s'", file->name);
    return NULL;
}

void vol_anonymous_linked(vol_object *object, h5x_object *loc, const char *name)
{
    if (object->hidden_path == NULL)
        return;
    h5x_object *named = h5x_open(loc, name);
    if (named == NULL) {
        /* still reachable by its hidden name, which stays */
        h5x_clear_error();
        return;
    }
    h5x_close(object->object);
    object->object = named;
    if (object->kind == VOL_DATATYPE) {
        int64_t native = -1;
        object->native_id = h5x_native_handle(named, &native) == 0 ? (hid_t)native : H5I_INVALID_HID;
        h5x_clear_error();
    }
    if (h5x_delete(object->file->root, object->hidden_path) < 0)
        h5x_clear_error();
    free(object->hidden_path);
    object->hidden_path = NULL;
    vol_tokens_changed(object->file);
}

static int library_closing(void)
{
    hbool_t closing = 0;
    return H5is_library_terminating(&closing) >= 0 && closing;
}

static void delete_hidden(vol_file *file, const char *path)
{
    if (h5x_delete(file->root, path) < 0)
        h5x_clear_error();
    else
        vol_tokens_changed(file);
}

void vol_anonymous_drop(vol_object *object)
{
    char *path = object->hidden_path;
    object->hidden_path = NULL;
    if (path == NULL)
        return;
    vol_file *file = object->file;
    if (object->kind != VOL_DATATYPE) {
        /* while libhdf5 shuts down, the native connector's files may already
         * be gone; the object then stays under its hidden name */
        if (!library_closing())
            delete_hidden(file, path);
        free(path);
        return;
    }
    /* A datatype is closed from inside libhdf5's own close of its
     * identifier, and deleting a link there makes libhdf5 look at that
     * half-closed datatype: the name is deleted at the next anonymous
     * creation or when the file closes. */
    char **grown = realloc(file->anonymous_unlinked, (file->anonymous_unlinked_count + 1) * sizeof *grown);
    if (grown == NULL) {
        free(path);
        return;
    }
    file->anonymous_unlinked = grown;
    file->anonymous_unlinked[file->anonymous_unlinked_count++] = path;
}

void vol_anonymous_sweep(vol_file *file)
{
    int closing = library_closing();
    for (size_t i = 0; i < file->anonymous_unlinked_count; i++) {
        if (!closing)
            delete_hidden(file, file->anonymous_unlinked[i]);
        free(file->anonymous_unlinked[i]);
    }
    file->anonymous_unlinked_count = 0;
}
