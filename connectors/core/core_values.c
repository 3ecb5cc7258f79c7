/*
 * core_values.c — element buffers: sizes, fill values, and the memory
 * that variable-length values own.
 *
 * The store keeps every dataset and attribute as the bytes an application
 * would hold in memory for it.  For most types that is all there is.
 * Variable-length strings and sequences are pointers to memory of their
 * own, and the store must own that memory itself: whatever goes in is
 * copied in (h5x_dtype_convert allocates every string and sequence of its
 * target afresh, even between equal types), whatever goes out is copied
 * out (the application releases it with h5x_reclaim), and whatever is
 * overwritten or dropped is released here.
 *
 * Overwriting is the delicate case.  A write may convert into only some
 * members of a compound (h5py's dset["x"] = ...): the other members keep
 * their values, pointers included.  So a write converts into a copy of the
 * old elements and then releases exactly the pointers the conversion
 * replaced — a pointer still at its place was kept, one that changed was
 * overwritten (the old memory is still allocated then, so a fresh
 * allocation can never have the same address).
 *
 * A fill value of a variable-length type may hold no memory of its own (a
 * NULL string, an empty sequence): then copying its bytes into every new
 * element is exact, which is all the store ever does with fill values.
 *
 * What the store keeps of a dtype is its stored form (core_dtype_stored):
 * a copy, never a reference (a dtype from a committed datatype holds its
 * file open, and the store must not hold itself open), and with h5x's
 * text type stored as what it is in a file, a variable-length UTF-8
 * string — the text type only says how values are checked in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

int core_byte_count(const h5x_shape *shape, size_t element_size, size_t *bytes)
{
    uint64_t total = element_size;
    for (int i = 0; i < shape->rank; i++) {
        if (shape->dims[i] != 0 && total > SIZE_MAX / shape->dims[i])
            return h5x_connector_error(H5X_ERR_SHAPE, "a dataset of that shape does not fit in memory");
        total *= shape->dims[i];
    }
    *bytes = shape->rank < 0 ? 0 : (size_t)total;
    return 0;
}

void core_fill(void *buffer, uint64_t count, size_t element_size, const void *value)
{
    size_t total = (size_t)count * element_size;
    if (total == 0)
        return;
    int zero = 1;
    for (size_t i = 0; value != NULL && i < element_size && zero; i++)
        zero = ((const unsigned char *)value)[i] == 0;
    if (zero) {
        memset(buffer, 0, total);
        return;
    }
    /* one element (value may already be the first), then double what is
     * there until the buffer is full */
    unsigned char *bytes = buffer;
    if (value != buffer)
        memcpy(bytes, value, element_size);
    size_t done = element_size;
    while (done < total) {
        size_t n = done < total - done ? done : total - done;
        memcpy(bytes + done, bytes, n);
        done += n;
    }
}

/* The stored form of a type that holds the text type somewhere. */
static h5x_dtype *without_text(const h5x_dtype *dtype)
{
    /* A predefined type (H5X_F64, ...) never changes and names no
     * committed type: sharing it costs nothing, where a copy costs a
     * handle per attribute or dataset. */
    if (dtype->header.immortal && !h5x_dtype_has_text(dtype))
        return h5x_dtype_retain(dtype);
    if (!h5x_dtype_has_text(dtype))
        return h5x_dtype_copy(dtype);
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        return h5x_dtype_string(dtype->u.string.charset, H5X_VARIABLE);
    case H5X_CLASS_VLEN: {
        h5x_dtype *base = without_text(dtype->u.vlen.base);
        h5x_dtype *stored = base != NULL ? h5x_dtype_vlen(base) : NULL;
        h5x_dtype_release(base);
        return stored;
    }
    case H5X_CLASS_ARRAY: {
        h5x_dtype *base = without_text(dtype->u.array.base);
        h5x_shape dims = h5x_shape_of(dtype->u.array.rank, dtype->u.array.dims);
        h5x_dtype *stored = base != NULL ? h5x_dtype_array(base, &dims) : NULL;
        h5x_dtype_release(base);
        return stored;
    }
    case H5X_CLASS_COMPOUND: {
        h5x_dtype *stored = h5x_dtype_compound(dtype->size);
        for (size_t m = 0; stored != NULL && m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            h5x_dtype *type = without_text(member->type);
            if (type == NULL || h5x_dtype_compound_insert(stored, member->name, member->offset, type) < 0) {
                h5x_dtype_release(stored);
                stored = NULL;
            }
            h5x_dtype_release(type);
        }
        return stored;
    }
    default:
        return h5x_dtype_copy(dtype);
    }
}

h5x_dtype *core_dtype_stored(const h5x_dtype *dtype)
{
    h5x_dtype *stored = without_text(dtype);
    if (stored == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory copying a dtype");
    return stored;
}

/* 1 when any of count elements, stride bytes apart, points to memory. */
static int owns_strided(const h5x_dtype *dtype, const unsigned char *p, size_t stride, uint64_t count)
{
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        for (uint64_t i = 0; dtype->u.string.is_variable && i < count; i++, p += stride) {
            char *text;
            memcpy(&text, p, sizeof text);
            if (text != NULL)
                return 1;
        }
        return 0;
    case H5X_CLASS_VLEN:
        for (uint64_t i = 0; i < count; i++, p += stride) {
            h5x_vlen sequence;
            memcpy(&sequence, p, sizeof sequence);
            if (sequence.data != NULL)
                return 1;
        }
        return 0;
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        for (uint64_t i = 0; i < count; i++, p += stride)
            if (owns_strided(base, p, base->size, dtype->size / base->size))
                return 1;
        return 0;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            if (owns_strided(member->type, p + member->offset, stride, count))
                return 1;
        }
        return 0;
    default:
        return 0;
    }
}

int core_values_own_memory(const h5x_dtype *dtype, const void *values, uint64_t count)
{
    return h5x_dtype_has_variable(dtype) && owns_strided(dtype, values, dtype->size, count);
}

void core_values_release(const h5x_dtype *dtype, void *values, uint64_t count)
{
    if (values != NULL && count > 0 && h5x_dtype_has_variable(dtype))
        h5x_reclaim(dtype, values, count);
}

/* Frees what `old` points to wherever `now` points elsewhere. */
static void release_replaced(const h5x_dtype *dtype, unsigned char *old, const unsigned char *now, size_t stride,
                             uint64_t count)
{
    switch (dtype->type_class) {
    case H5X_CLASS_STRING:
        for (uint64_t i = 0; dtype->u.string.is_variable && i < count; i++, old += stride, now += stride) {
            char *was, *is;
            memcpy(&was, old, sizeof was);
            memcpy(&is, now, sizeof is);
            if (was != is)
                free(was);
        }
        return;
    case H5X_CLASS_VLEN: {
        const h5x_dtype *base = dtype->u.vlen.base;
        for (uint64_t i = 0; i < count; i++, old += stride, now += stride) {
            h5x_vlen was, is;
            memcpy(&was, old, sizeof was);
            memcpy(&is, now, sizeof is);
            if (was.data == is.data || was.data == NULL)
                continue;
            core_values_release(base, was.data, was.length);
            free(was.data);
        }
        return;
    }
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        for (uint64_t i = 0; i < count; i++, old += stride, now += stride)
            release_replaced(base, old, now, base->size, dtype->size / base->size);
        return;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            if (h5x_dtype_has_variable(member->type))
                release_replaced(member->type, old + member->offset, now + member->offset, stride, count);
        }
        return;
    default:
        return;
    }
}

void core_values_release_replaced(const h5x_dtype *dtype, void *old, const void *now, uint64_t count)
{
    if (count > 0 && h5x_dtype_has_variable(dtype))
        release_replaced(dtype, old, now, dtype->size, count);
}

/* 0 when every reference among count elements is null or of the kind its
 * type holds. */
static int check_references(const h5x_dtype *dtype, const unsigned char *p, size_t stride, uint64_t count)
{
    switch (dtype->type_class) {
    case H5X_CLASS_REFERENCE:
        for (uint64_t i = 0; i < count; i++, p += stride)
            if (p[0] != H5X_REF_NULL && p[0] != (unsigned char)dtype->u.reference.kind)
                return h5x_connector_error(H5X_ERR_TYPE, "%s reference cannot be stored as %s reference",
                                           p[0] == H5X_REF_REGION ? "a region" : "an object",
                                           dtype->u.reference.kind == H5X_REF_REGION ? "a region" : "an object");
        return 0;
    case H5X_CLASS_ARRAY: {
        const h5x_dtype *base = dtype->u.array.base;
        for (uint64_t i = 0; i < count; i++, p += stride) {
            int status = check_references(base, p, base->size, dtype->size / base->size);
            if (status < 0)
                return status;
        }
        return 0;
    }
    case H5X_CLASS_COMPOUND:
        for (size_t m = 0; m < dtype->u.compound.count; m++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[m];
            int status = check_references(member->type, p + member->offset, stride, count);
            if (status < 0)
                return status;
        }
        return 0;
    default:
        return 0;
    }
}

int core_values_check_references(const h5x_dtype *dtype, const void *values, uint64_t count)
{
    return values != NULL ? check_references(dtype, values, dtype->size, count) : 0;
}

int core_values_overwrite(const h5x_dtype *stored, void *elements, const h5x_dtype *mem_dtype, const void *values,
                          uint64_t count)
{
    if (count == 0)
        return 0;
    if (!h5x_dtype_has_variable(stored))
        return h5x_dtype_convert(mem_dtype, values, stored, elements, count);
    size_t bytes = (size_t)count * stored->size;
    void *staging = malloc(bytes);
    if (staging == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory writing %llu elements",
                                   (unsigned long long)count);
    memcpy(staging, elements, bytes); /* members the values lack keep theirs */
    int status = h5x_dtype_convert(mem_dtype, values, stored, staging, count);
    if (status == 0) {
        core_values_release_replaced(stored, elements, staging, count);
        memcpy(elements, staging, bytes);
    }
    free(staging);
    return status;
}
