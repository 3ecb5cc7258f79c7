/*
 * dtype_enum.c — enumerated dtypes (h5py's enum_dtype).
 *
 * An enum is an integer base type with named values; elements are stored
 * as the base integer.  As in HDF5, names and values are each unique, and
 * every value must fit the base type.  Values are held as 64-bit integers
 * whose bits read as unsigned when the base is unsigned, so an unsigned
 * 64-bit base keeps its whole range.  h5py's bool is its own class
 * (H5X_CLASS_BOOL) and is not built here.
 */
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "error.h"

h5x_dtype *h5x_dtype_enum(const h5x_dtype *base)
{
    if (h5x_dtype_check(base) < 0)
        return NULL;
    if (base->type_class != H5X_CLASS_INTEGER) {
        h5x_error(H5X_ERR_TYPE, "an enum's base type must be an integer");
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_ENUM, base->size, base->order);
    if (dtype)
        dtype->u.enumeration.base = h5x_dtype_retain(base);
    return dtype;
}

/* 1 if value (read as the base type reads it) fits the base type. */
static int fits_base(const h5x_dtype *base, int64_t value)
{
    if (base->size >= 8)
        return 1;
    unsigned bits = (unsigned)(base->size * 8);
    if (base->u.integer.is_signed) {
        int64_t high = (int64_t)((UINT64_C(1) << (bits - 1)) - 1);
        return value >= -high - 1 && value <= high;
    }
    return (uint64_t)value <= (UINT64_C(1) << bits) - 1;
}

int h5x_dtype_enum_insert(h5x_dtype *enumeration, const char *name, int64_t value)
{
    int status = h5x_dtype_check(enumeration);
    if (status < 0)
        return status;
    if (enumeration->type_class != H5X_CLASS_ENUM)
        return h5x_error(H5X_ERR_TYPE, "h5x_dtype_enum_insert: not an enum dtype");
    if (!name || !*name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "enum members need a non-empty name");
    const h5x_dtype *base = enumeration->u.enumeration.base;
    if (!fits_base(base, value))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "enum value %lld of '%s' does not fit the %zu-byte %s base type",
                         (long long)value, name, base->size, base->u.integer.is_signed ? "signed" : "unsigned");
    size_t count = enumeration->u.enumeration.count;
    for (size_t i = 0; i < count; i++) {
        const h5x_enum_value *other = &enumeration->u.enumeration.values[i];
        if (strcmp(other->name, name) == 0)
            return h5x_error(H5X_ERR_EXISTS, "the enum already has a member named '%s'", name);
        if (other->value == value)
            return h5x_error(H5X_ERR_EXISTS, "the enum already gives value %lld to '%s'", (long long)value,
                             other->name);
    }
    h5x_enum_value *values = realloc(enumeration->u.enumeration.values, (count + 1) * sizeof *values);
    if (!values)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory adding an enum member");
    enumeration->u.enumeration.values = values;
    char *copy = strdup(name);
    if (!copy)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory adding an enum member");
    values[count].name = copy;
    values[count].value = value;
    enumeration->u.enumeration.count = count + 1;
    return 0;
}

int h5x_dtype_enum_value(const h5x_dtype *enumeration, int index, int64_t *value)
{
    int status = h5x_dtype_check(enumeration);
    if (status < 0)
        return status;
    if (enumeration->type_class != H5X_CLASS_ENUM)
        return h5x_error(H5X_ERR_TYPE, "h5x_dtype_enum_value: not an enum dtype");
    if (!value)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_enum_value: value is NULL");
    if (index < 0 || (size_t)index >= enumeration->u.enumeration.count)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "enum member index %d out of range (%zu members)", index,
                         enumeration->u.enumeration.count);
    *value = enumeration->u.enumeration.values[index].value;
    return 0;
}
