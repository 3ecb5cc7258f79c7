/* Creating or replacing an attribute in the native connector
 * (native_attribute_replace.c). */
#ifndef H5X_NATIVE_ATTRIBUTE_REPLACE_H
#define H5X_NATIVE_ATTRIBUTE_REPLACE_H

#include "native.h"

/* An open attribute called name on object, of type and space, ready to be
 * written: a new one, or the existing one when it can take the value in
 * place, or a new one that replaced it.  Returns 0, or a negative status
 * with the error recorded. */
int native_attribute_open_for_write(native_object *object, const char *name, hid_t type, hid_t space,
                                    hid_t *attr_out);

#endif
