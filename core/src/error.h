/* The thread-local last error behind h5x_last_error(). */
#ifndef H5X_ERROR_H
#define H5X_ERROR_H

#include "h5x.h"

/* Records an error for the calling thread and returns status, so that
 * callers can write `return h5x_error(H5X_ERR_NOT_FOUND, "...")`.
 * The context (file, object path, connector) is cleared. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int h5x_error(int status, const char *format, ...);

/* Adds context to the current error (NULL leaves a field as it is). */
void h5x_error_context(const char *file_path, const char *object_path, const char *connector);

/* Prefixes the current message with text ("opening /a/b: <message>"). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void h5x_error_prefix(const char *format, ...);

/* The status of the current error (H5X_OK when none). */
int h5x_error_code(void);

#endif
