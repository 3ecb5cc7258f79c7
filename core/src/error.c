/*
 * Errors are values.  Each thread keeps its last error here: a status code,
 * a message, and the context (file, object path, connector) the object
 * layer adds as the error travels up.  Nothing is ever printed.
 */
#include "error.h"

#include "h5x_connector.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { MESSAGE_SIZE = 2048, CONTEXT_SIZE = 1024, NAME_SIZE = 64 };

typedef struct thread_error {
    int code;
    char message[MESSAGE_SIZE];
    char file_path[CONTEXT_SIZE];
    char object_path[CONTEXT_SIZE];
    char connector[NAME_SIZE];
    h5x_error_info view;
} thread_error;

static _Thread_local thread_error last_error;

static void copy_text(char *dst, size_t size, const char *src)
{
    if (!src)
        return;
    snprintf(dst, size, "%s", src);
}

static void set_message(int status, const char *format, va_list args)
{
    last_error.code = status;
    vsnprintf(last_error.message, sizeof last_error.message, format, args);
    last_error.file_path[0] = '\0';
    last_error.object_path[0] = '\0';
    last_error.connector[0] = '\0';
}

int h5x_error(int status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    set_message(status, format, args);
    va_end(args);
    return status;
}

int h5x_connector_error(int status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    set_message(status, format, args);
    va_end(args);
    return status;
}

void h5x_error_context(const char *file_path, const char *object_path, const char *connector)
{
    if (file_path && !last_error.file_path[0])
        copy_text(last_error.file_path, sizeof last_error.file_path, file_path);
    if (object_path && !last_error.object_path[0])
        copy_text(last_error.object_path, sizeof last_error.object_path, object_path);
    if (connector && !last_error.connector[0])
        copy_text(last_error.connector, sizeof last_error.connector, connector);
}

void h5x_error_prefix(const char *format, ...)
{
    char prefix[MESSAGE_SIZE];
    char old[MESSAGE_SIZE];
    va_list args;
    va_start(args, format);
    vsnprintf(prefix, sizeof prefix, format, args);
    va_end(args);
    memcpy(old, last_error.message, sizeof old);
    /* prefix, ": ", then as much of the old message as fits */
    size_t size = sizeof last_error.message;
    size_t used = strlen(prefix);
    if (used > size - 3)
        used = size - 3;
    memcpy(last_error.message, prefix, used);
    memcpy(last_error.message + used, ": ", 2);
    used += 2;
    size_t rest = strlen(old);
    if (rest > size - 1 - used)
        rest = size - 1 - used;
    memcpy(last_error.message + used, old, rest);
    last_error.message[used + rest] = '\0';
}

int h5x_error_code(void)
{
    return last_error.code;
}

const h5x_error_info *h5x_last_error(void)
{
    last_error.view.code = last_error.code;
    last_error.view.message = last_error.message;
    last_error.view.file_path = last_error.file_path;
    last_error.view.object_path = last_error.object_path;
    last_error.view.connector = last_error.connector;
    return &last_error.view;
}

void h5x_clear_error(void)
{
    last_error.code = H5X_OK;
    last_error.message[0] = '\0';
    last_error.file_path[0] = '\0';
    last_error.object_path[0] = '\0';
    last_error.connector[0] = '\0';
}

const char *h5x_strerror(int status)
{
    switch (status) {
    case H5X_OK: return "success";
    case H5X_ERR_INVALID_ARGUMENT: return "invalid argument";
    case H5X_ERR_BAD_HANDLE: return "invalid, closed or wrong-kind handle";
    case H5X_ERR_NOT_FOUND: return "not found";
    case H5X_ERR_EXISTS: return "already exists";
    case H5X_ERR_READ_ONLY: return "file is read-only";
    case H5X_ERR_NOT_SUPPORTED: return "operation not supported by the connector";
    case H5X_ERR_SELECTION: return "invalid selection";
    case H5X_ERR_SHAPE: return "shape mismatch";
    case H5X_ERR_TYPE: return "type error";
    case H5X_ERR_IO: return "storage error";
    case H5X_ERR_NO_MEMORY: return "out of memory";
    case H5X_ERR_PLUGIN: return "plugin error";
    case H5X_ERR_CORRUPT: return "corrupt data";
    case H5X_ERR_OPTION: return "invalid option";
    case H5X_ERR_NOT_ALLOWED: return "path outside the allowed directories";
    default: return status > 0 ? "success" : "unknown error";
    }
}
