/*
 * native_error.c — libhdf5's error stack, folded into h5x errors.
 *
 * libhdf5 reports a failure by pushing descriptions on a per-library error
 * stack and, by default, printing that stack to stderr.  h5x never prints:
 * errors are values.  So the connector switches the printing off once, and
 * after every failed libhdf5 call walks the stack, innermost error first,
 * and appends its descriptions to the message it records.  The innermost
 * error is where the failure began ("object 'x' doesn't exist", "file
 * signature not found"), so it also decides the h5x status when its
 * major/minor code is one h5x has a status for.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native.h"

/* Set once; afterwards only read.  The core's lock serialises every call
 * into the connector, so no atomic is needed. */
static int native_initialised;

static void append_plugin_directories(void)
{
    char *dirs = h5x_plugin_search_path();
    if (dirs == NULL)
        return;
    char *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save))
        if (dir[0] != '\0')
            H5PLappend(dir);
    h5x_free(dirs);
    H5Eclear2(H5E_DEFAULT);
}

void native_initialise(void)
{
    if (native_initialised)
        return;
    native_initialised = 1;
    H5open();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    append_plugin_directories();
}

/* ------------------------------------------------------------ the walk */

/* The innermost few descriptions say what went wrong; the rest repeat
 * it layer by layer ("unable to open object", "object open failed"). */
#define DESCRIPTIONS_KEPT 3

typedef struct stack_text {
    char text[1024];
    size_t length;
    int kept;
    int status;        /* from the innermost recognised error; 0 if none */
    int plugin_failed; /* a plugin could not be loaded anywhere on the stack */
} stack_text;

/* The h5x status that an HDF5 error code stands for, or 0. */
static int status_of(hid_t major, hid_t minor)
{
    if (major == H5E_PLUGIN)
        return H5X_ERR_PLUGIN;
    if (minor == H5E_NOTFOUND)
        return H5X_ERR_NOT_FOUND;
    if (minor == H5E_EXISTS || minor == H5E_ALREADYEXISTS || minor == H5E_FILEEXISTS)
        return H5X_ERR_EXISTS;
    if (minor == H5E_NOTHDF5 || minor == H5E_BADMESG || minor == H5E_CANTDECODE || minor == H5E_TRUNCATED)
        return H5X_ERR_CORRUPT;
    if (minor == H5E_CANTALLOC || minor == H5E_NOSPACE)
        return H5X_ERR_NO_MEMORY;
    if (minor == H5E_CANTCONVERT)
        return H5X_ERR_TYPE;
    if (minor == H5E_READERROR || minor == H5E_WRITEERROR)
        return H5X_ERR_IO;
    return 0;
}

/* A file that libhdf5 could not open carries the system's errno in its
 * description ("errno = 2, error message = ..."); h5py reads it the same
 * way to tell a missing file from an unreadable one. */
static int status_of_errno(const char *desc)
{
    const char *at = desc != NULL ? strstr(desc, "errno = ") : NULL;
    if (at == NULL)
        return 0;
    switch (atoi(at + strlen("errno = "))) {
    case ENOENT:
    case ENOTDIR:
        return H5X_ERR_NOT_FOUND;
    case EEXIST:
        return H5X_ERR_EXISTS;
    default:
        return H5X_ERR_IO;
    }
}

static void append(stack_text *out, const char *piece)
{
    size_t room = sizeof out->text - out->length;
    if (room <= 1)
        return;
    int written = snprintf(out->text + out->length, room, "%s", piece);
    if (written < 0)
        return;
    out->length += (size_t)written < room ? (size_t)written : room - 1;
}

static herr_t collect(unsigned n, const H5E_error2_t *err, void *data)
{
    (void)n;
    stack_text *out = data;
    if (err->maj_num == H5E_PLUGIN)
        out->plugin_failed = 1;
    if (out->status == 0)
        out->status = err->min_num == H5E_CANTOPENFILE ? status_of_errno(err->desc)
                                                       : status_of(err->maj_num, err->min_num);
    const char *desc = err->desc != NULL && err->desc[0] != '\0' ? err->desc : NULL;
    /* Outer layers often repeat the inner description; say it once. */
    if (desc == NULL || out->kept == DESCRIPTIONS_KEPT || strstr(out->text, desc) != NULL)
        return 0;
    out->kept++;
    append(out, out->length == 0 ? "" : "; ");
    append(out, desc);
    return 0;
}

int native_fail(int fallback, const char *format, ...)
{
    char context[512];
    va_list args;
    va_start(args, format);
    vsnprintf(context, sizeof context, format, args);
    va_end(args);

    stack_text stack;
    memset(&stack, 0, sizeof stack);
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &stack);
    H5Eclear2(H5E_DEFAULT);

    int status = stack.plugin_failed ? H5X_ERR_PLUGIN : stack.status != 0 ? stack.status : fallback;
    if (stack.length == 0)
        return h5x_connector_error(status, "%s", context);
    return h5x_connector_error(status, "%s (%s)", context, stack.text);
}

int native_require_writable(const native_file *file, const char *operation)
{
    if (file->writable)
        return 0;
    return h5x_connector_error(H5X_ERR_READ_ONLY, "unable to %s: the file is open read-only", operation);
}
