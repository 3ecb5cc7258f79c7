/* What the native connector's test programs share: their work directory,
 * paths in it, opening a file there through the native connector, and
 * the libhdf5 identifier behind an h5x object.  Each program includes it
 * once. */
#ifndef H5X_NATIVE_TEST_H
#define H5X_NATIVE_TEST_H

#include <hdf5.h>
#include <stdio.h>

#include "h5x.h"
#include "harness.h"

/* Set by native_test_start from the program's one argument. */
static char native_test_directory[4096];

/* Empties and makes the work directory named by argv[1]; 0, or 2 after
 * saying on stderr what was wrong. */
static inline int native_test_start(int argc, char **argv)
{
    return harness_work_directory(argc, argv, native_test_directory, sizeof native_test_directory);
}

static inline void path_of(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", native_test_directory, name);
}

static inline h5x_object *open_native(const char *path, const char *mode, const h5x_file_options *options)
{
    char uri[8300];
    snprintf(uri, sizeof uri, "native:%s", path);
    h5x_clear_error();
    return h5x_file_open(uri, mode, options);
}

/* The hid behind an object, or H5I_INVALID_HID (a failed check). */
static inline hid_t hid_of(h5x_object *object)
{
    int64_t hid = -1;
    if (CHECK_OK(h5x_native_handle(object, &hid)) < 0)
        return H5I_INVALID_HID;
    return (hid_t)hid;
}

#endif
