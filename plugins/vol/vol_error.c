/*
 * vol_error.c — h5x's messages on HDF5's error stack.
 *
 * An HDF5 application learns why a call failed from the error stack it
 * prints or walks (H5Eprint2, H5Ewalk2).  The connector registers an error
 * class of its own, "h5x", at initialisation, and each failing callback
 * pushes one message under it: what the connector was asked to do, then
 * h5x's own last error (which already names the connector below, the
 * file and the object).  The class and its two message ids are the only
 * state here, set once when libhdf5 initialises the connector.
 */
#include <stdarg.h>
#include <stdio.h>

#include "vol_internal.h"

static hid_t error_class = H5I_INVALID_HID;
static hid_t error_major = H5I_INVALID_HID;
static hid_t error_minor = H5I_INVALID_HID;

herr_t vol_errors_init(void)
{
    if (error_class >= 0)
        return 0;
    error_class = H5Eregister_class("h5x", "h5x VOL connector", H5X_VERSION_STRING);
    if (error_class < 0)
        return -1;
    error_major = H5Ecreate_msg(error_class, H5E_MAJOR, "h5x");
    error_minor = H5Ecreate_msg(error_class, H5E_MINOR, "operation failed in h5x");
    return error_major >= 0 && error_minor >= 0 ? 0 : -1;
}

void vol_errors_term(void)
{
    if (error_class < 0)
        return;
    H5Eclose_msg(error_minor);
    H5Eclose_msg(error_major);
    H5Eunregister_class(error_class);
    error_class = error_major = error_minor = H5I_INVALID_HID;
}

/* libhdf5's error stack holds 32 entries (H5E_MAX_ENTRIES, private to
 * it).  H5Epush2 takes a reference to the class and the messages before it
 * looks for room, and on a full stack it drops the entry but keeps the
 * references, so the class could never be closed and H5close would report
 * an infinite loop.  A full stack already explains the failure. */
#define VOL_ERROR_STACK_ENTRIES 32

static herr_t push(const char *message)
{
    if (error_class < 0)
        vol_errors_init();
    if (error_class >= 0 && H5Eget_num(H5E_DEFAULT) < VOL_ERROR_STACK_ENTRIES)
        H5Epush2(H5E_DEFAULT, __FILE__, "h5x", __LINE__, error_class, error_major, error_minor, "%s", message);
    return -1;
}

herr_t vol_fail(const char *format, ...)
{
    char message[2048];
    va_list args;
    va_start(args, format);
    int used = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    const h5x_error_info *last = h5x_last_error();
    if (used >= 0 && (size_t)used < sizeof message && last->code != H5X_OK && last->message[0] != '\0')
        snprintf(message + used, sizeof message - (size_t)used, ": %s", last->message);
    return push(message);
}

herr_t vol_fail_here(const char *format, ...)
{
    char message[2048];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    return push(message);
}

hid_t vol_errors_set_aside(void)
{
    return H5Eget_current_stack();
}

void vol_errors_put_back(hid_t stack)
{
    if (stack >= 0)
        H5Eset_current_stack(stack);
}
