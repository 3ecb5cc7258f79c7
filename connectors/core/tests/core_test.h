/*
 * core_test.h — what the core connector's tests share: calls to the
 * connector operations behind tokens, which h5x.h does not expose, and a
 * check for the strings h5x returns.
 *
 * They go through the object's connector table exactly as the core's own
 * h5x_copy does, using the core's private object layer (object.h).  The
 * tests are single-threaded, so the core's lock is not needed around them.
 */
#ifndef CORE_TEST_H
#define CORE_TEST_H

#include <string.h>

#include "harness.h"
#include "h5x.h"
#include "h5x_connector.h"
#include "object.h"

/* A string h5x returned, compared with want and released. */
static inline int check_owned_str_at(char *got, const char *want, const char *file, int line, const char *expression)
{
    int ok = harness_check_str(got, want, file, line, expression);
    h5x_free(got);
    return ok;
}
#define CHECK_OWNED_STR(call, want) (h5x_clear_error(), check_owned_str_at((call), (want), __FILE__, __LINE__, #call))

static inline int slot_missing(void)
{
    return H5X_ERR_NOT_SUPPORTED;
}

static inline int test_object_info(h5x_object *object, h5x_object_info *info)
{
    int (*get)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(object), object_info);
    return get ? get(object->connector_object, info) : slot_missing();
}

/* Opens by token through the table and reports what was found; the
 * connector object is closed again at once. */
static inline int test_open_by_token(h5x_object *file, const uint8_t token[16], h5x_object_info *info)
{
    const h5x_connector_class *cls = H5X_CLASS(file);
    int (*open_by_token)(void *, const uint8_t *, void **, h5x_object_info *) = H5X_SLOT(cls, object_open_by_token);
    int (*close_object)(void *) = H5X_SLOT(cls, object_close);
    if (!open_by_token || !close_object)
        return slot_missing();
    void *object = NULL;
    int status = open_by_token(file->file->connector_file, token, &object, info);
    if (status >= 0)
        close_object(object);
    return status;
}

#endif
