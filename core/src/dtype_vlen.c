/*
 * dtype_vlen.c — variable-length sequences (h5py's vlen_dtype) and the
 * release of the memory that variable-length data owns.
 *
 * One element of a vlen dtype is an h5x_vlen in memory: a length and a
 * pointer to that many elements of the base type, laid out as HDF5's hvl_t
 * so that a connector over libhdf5 can hand the same buffer through.
 * Variable-length strings are the other kind of element that owns memory
 * (a `char *`).  Whatever h5x fills in — a read, a conversion — is
 * allocated with malloc, one block per sequence or string, and
 * h5x_reclaim gives it back with free, walking compounds, arrays and
 * nested sequences to any depth.  Pointers it frees are set to NULL, so a
 * buffer reclaimed twice is harmless.
 *
 * A string nobody wrote reads as "" rather than NULL, as in h5py; storage
 * that hands out NULL for it has h5x_dtype_fill_null_strings put a "" of
 * h5x's own in its place (the converter does the same on its own).
 */
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "error.h"
#include "h5x_connector.h"

h5x_dtype *h5x_dtype_vlen(const h5x_dtype *base)
{
    if (h5x_dtype_check(base) < 0)
        return NULL;
    if (base->size == 0) {
        h5x_error(H5X_ERR_TYPE, "a variable-length sequence needs a base type of at least one byte");
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_VLEN, sizeof(h5x_vlen), H5X_ORDER_NONE);
    if (dtype)
        dtype->u.vlen.base = h5x_dtype_retain(base);
    return dtype;
}

h5x_dtype *h5x_dtype_vlen_base(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0 || dtype->type_class != H5X_CLASS_VLEN)
        return NULL;
    return h5x_dtype_retain(dtype->u.vlen.base);
}

int h5x_dtype_has_variable(const h5x_dtype *dtype)
{
    if (!dtype)
        return 0;
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        return dtype->u.string.is_variable;
    case H5X_CLASS_VLEN:
        return 1;
    case H5X_CLASS_ARRAY:
        return h5x_dtype_has_variable(dtype->u.array.base);
    case H5X_CLASS_COMPOUND:
        for (size_t i = 0; i < dtype->u.compound.count; i++)
            if (h5x_dtype_has_variable(dtype->u.compound.members[i].type))
                return 1;
        return 0;
    default:
        return 0;
    }
}

int h5x_dtype_has_text(const h5x_dtype *dtype)
{
    if (!dtype)
        return 0;
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        return dtype->u.string.is_text;
    case H5X_CLASS_VLEN:
        return h5x_dtype_has_text(dtype->u.vlen.base);
    case H5X_CLASS_ARRAY:
        return h5x_dtype_has_text(dtype->u.array.base);
    case H5X_CLASS_COMPOUND:
        for (size_t i = 0; i < dtype->u.compound.count; i++)
            if (h5x_dtype_has_text(dtype->u.compound.members[i].type))
                return 1;
        return 0;
    default:
        return 0;
    }
}

/* Releases the memory of count elements of dtype that lie stride bytes apart. */
static void reclaim_strided(const h5x_dtype *dtype, unsigned char *p, size_t stride, uint64_t count)
{
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        if (!dtype->u.string.is_variable)
            return;
        for (uint64_t i = 0; i < count; i++, p += stride) {
            char *text;
            memcpy(&text, p, sizeof text);
            free(text);
            memset(p, 0, sizeof text);
        }
        return;
    case H5X_CLASS_VLEN: {
        const h5x_dtype *base = dtype->u.vlen.base;
        int nested = h5x_dtype_has_variable(base);
        for (uint64_t i = 0; i < count; i++, p += stride) {
            h5x_vlen element;
            memcpy(&element, p, sizeof element);
            if (nested && element.data)
                reclaim_strided(base, element.data, base->size, element.length);
            free(element.data);
            memset(p, 0, sizeof element);
        }
        return;
    }
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        uint64_t per_element = dtype->size / base->size;
        for (uint64_t i = 0; i < count; i++, p += stride)
            reclaim_strided(base, p, base->size, per_element);
        return;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            if (h5x_dtype_has_variable(member->type))
                reclaim_strided(member->type, p + member->offset, stride, count);
        }
        return;
    default:
        return;
    }
}

/* The NULL strings of count elements stride bytes apart become "". */
static int fill_null_strings(const h5x_dtype *dtype, unsigned char *p, size_t stride, uint64_t count)
{
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        if (!dtype->u.string.is_variable)
            return 0;
        for (uint64_t i = 0; i < count; i++, p += stride) {
            char *text;
            memcpy(&text, p, sizeof text);
            if (text)
                continue;
            if (!(text = calloc(1, 1)))
                return h5x_error(H5X_ERR_NO_MEMORY, "out of memory reading strings");
            memcpy(p, &text, sizeof text);
        }
        return 0;
    case H5X_CLASS_VLEN: {
        const h5x_dtype *base = dtype->u.vlen.base;
        for (uint64_t i = 0; i < count; i++, p += stride) {
            h5x_vlen element;
            memcpy(&element, p, sizeof element);
            int status = element.data ? fill_null_strings(base, element.data, base->size, element.length) : 0;
            if (status < 0)
                return status;
        }
        return 0;
    }
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        uint64_t per_element = dtype->size / base->size;
        for (uint64_t i = 0; i < count; i++, p += stride) {
            int status = fill_null_strings(base, p, base->size, per_element);
            if (status < 0)
                return status;
        }
        return 0;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            int status = fill_null_strings(member->type, p + member->offset, stride, count);
            if (status < 0)
                return status;
        }
        return 0;
    default:
        return 0;
    }
}

int h5x_dtype_fill_null_strings(const h5x_dtype *dtype, void *buffer, uint64_t count)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    if (count == 0 || !h5x_dtype_has_variable(dtype))
        return 0;
    if (!buffer)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_fill_null_strings: buffer is NULL");
    return fill_null_strings(dtype, buffer, dtype->size, count);
}

int h5x_reclaim(const h5x_dtype *mem_dtype, void *buffer, uint64_t count)
{
    int status = h5x_dtype_check(mem_dtype);
    if (status < 0)
        return status;
    if (count > 0 && !buffer)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_reclaim: buffer is NULL");
    if (count > 0 && h5x_dtype_has_variable(mem_dtype))
        reclaim_strided(mem_dtype, buffer, mem_dtype->size, count);
    return 0;
}
