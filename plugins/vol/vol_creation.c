/*
 * vol_creation.c — the creation lists an application gave, per object, for
 * as long as the file is open.
 *
 * H5Gget_create_plist on a group opened again should show what the group
 * was created with.  h5x does not keep HDF5's creation properties: it
 * turns link or attribute creation order into its own track_order (which
 * keeps and indexes both), so a list rebuilt from h5x's answer shows more
 * than was asked.  The same goes for the parameters of a filter h5x knows
 * by name, which it stores with its own.  The connector therefore keeps a
 * copy of each such list it was given, by the number of the object's
 * token (vol_token.c), and gives it to every later handle on the same
 * object while the file stays open.  After the file is closed and opened
 * again, the list is rebuilt from what h5x keeps.
 *
 * The copies are property-list identifiers held by the connector, so they
 * are all closed with the file (vol_file_release): an identifier left
 * open past H5close keeps libhdf5 from shutting down.
 */
#include <stdlib.h>

#include "vol_internal.h"

void vol_creation_remember(vol_object *object, hid_t plist)
{
    vol_file *file = object->file;
    size_t number;
    if (plist < 0 || vol_token_number(file, object->object, &number) < 0) {
        h5x_clear_error();
        return; /* without a token the list is only kept on this handle */
    }
    if (number >= file->creation_count) {
        size_t count = file->creation_count ? file->creation_count : 16;
        while (count <= number)
            count *= 2;
        hid_t *grown = realloc(file->creation_lists, count * sizeof *grown);
        if (grown == NULL)
            return;
        for (size_t i = file->creation_count; i < count; i++)
            grown[i] = H5I_INVALID_HID;
        file->creation_lists = grown;
        file->creation_count = count;
    }
    hid_t copy = H5Pcopy(plist);
    if (copy < 0)
        return;
    if (file->creation_lists[number] >= 0)
        H5Pclose(file->creation_lists[number]);
    file->creation_lists[number] = copy;
}

hid_t vol_creation_find(vol_object *object)
{
    vol_file *file = object->file;
    size_t number;
    if (file->creation_count == 0)
        return H5I_INVALID_HID;
    if (vol_token_number(file, object->object, &number) < 0) {
        h5x_clear_error();
        return H5I_INVALID_HID;
    }
    return number < file->creation_count ? file->creation_lists[number] : H5I_INVALID_HID;
}

void vol_creation_recall(vol_object *object)
{
    if (object->plist >= 0)
        return;
    hid_t remembered = vol_creation_find(object);
    if (remembered >= 0)
        object->plist = H5Pcopy(remembered);
}

void vol_creation_forget_all(vol_file *file)
{
    for (size_t i = 0; i < file->creation_count; i++)
        if (file->creation_lists[i] >= 0)
            H5Pclose(file->creation_lists[i]);
    free(file->creation_lists);
    file->creation_lists = NULL;
    file->creation_count = 0;
}
