/*
 * dtype_compound.c — compound (NumPy structured) dtypes, the member
 * queries shared with enums, and h5py's field selection.
 *
 * A compound is built as HDF5 builds one: a size first, then members
 * inserted at byte offsets.  The checks are HDF5's — names unique and
 * non-empty, each member inside the compound, no two members overlapping
 * — so a compound h5x accepts is one every connector can store.
 *
 * h5py reads and writes single fields with dset["x"] and several with
 * dset[["x", "y"]].  HDF5 does this with a memory compound that holds
 * only those members, because its compound conversion matches members by
 * name and leaves the others alone; h5x_dtype_fields builds that memory
 * type, packed in the order asked for, and h5x's converter follows the
 * same rule.
 */
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "error.h"

h5x_dtype *h5x_dtype_compound(size_t size)
{
    if (size == 0) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "a compound dtype needs at least one byte");
        return NULL;
    }
    return h5x_dtype_alloc(H5X_CLASS_COMPOUND, size, H5X_ORDER_NONE);
}

static int check_compound(const h5x_dtype *dtype, const char *what)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    if (dtype->type_class != H5X_CLASS_COMPOUND)
        return h5x_error(H5X_ERR_TYPE, "%s: not a compound dtype", what);
    return 0;
}

static int find_member(const h5x_dtype *compound, const char *name)
{
    for (size_t i = 0; i < compound->u.compound.count; i++)
        if (strcmp(compound->u.compound.members[i].name, name) == 0)
            return (int)i;
    return -1;
}

int h5x_dtype_compound_insert(h5x_dtype *compound, const char *name, size_t offset, const h5x_dtype *member)
{
    int status = check_compound(compound, "h5x_dtype_compound_insert");
    if (status < 0 || (status = h5x_dtype_check(member)) < 0)
        return status;
    if (compound->header.immortal)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_compound_insert: predefined dtypes cannot change");
    if (!name || !*name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "compound members need a non-empty name");
    if (find_member(compound, name) >= 0)
        return h5x_error(H5X_ERR_EXISTS, "the compound already has a member named '%s'", name);
    if (offset > compound->size || member->size > compound->size - offset)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT,
                         "member '%s' (%zu bytes at offset %zu) does not fit a compound of %zu bytes", name,
                         member->size, offset, compound->size);
    for (size_t i = 0; i < compound->u.compound.count; i++) {
        const h5x_dtype_member *other = &compound->u.compound.members[i];
        if (offset < other->offset + other->type->size && other->offset < offset + member->size)
            return h5x_error(H5X_ERR_INVALID_ARGUMENT, "member '%s' overlaps member '%s'", name, other->name);
    }
    size_t count = compound->u.compound.count;
    h5x_dtype_member *members = realloc(compound->u.compound.members, (count + 1) * sizeof *members);
    if (!members)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory adding a compound member");
    compound->u.compound.members = members;
    char *copy = strdup(name);
    if (!copy)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory adding a compound member");
    members[count].name = copy;
    members[count].offset = offset;
    members[count].type = h5x_dtype_retain(member);
    compound->u.compound.count = count + 1;
    return 0;
}

/* ------------------------------------------------- members (compound, enum) */

static int check_members(const h5x_dtype *dtype, const char *what)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    if (dtype->type_class != H5X_CLASS_COMPOUND && dtype->type_class != H5X_CLASS_ENUM)
        return h5x_error(H5X_ERR_TYPE, "%s: not a compound or enum dtype", what);
    return 0;
}

static size_t member_count(const h5x_dtype *dtype)
{
    return dtype->type_class == H5X_CLASS_COMPOUND ? dtype->u.compound.count : dtype->u.enumeration.count;
}

static int check_index(const h5x_dtype *dtype, int index, const char *what)
{
    int status = check_members(dtype, what);
    if (status < 0)
        return status;
    if (index < 0 || (size_t)index >= member_count(dtype))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: member index %d out of range (%zu members)", what, index,
                         member_count(dtype));
    return 0;
}

int h5x_dtype_member_count(const h5x_dtype *dtype)
{
    int status = check_members(dtype, "h5x_dtype_member_count");
    return status < 0 ? status : (int)member_count(dtype);
}

char *h5x_dtype_member_name(const h5x_dtype *dtype, int index)
{
    if (check_index(dtype, index, "h5x_dtype_member_name") < 0)
        return NULL;
    const char *name = dtype->type_class == H5X_CLASS_COMPOUND ? dtype->u.compound.members[index].name
                                                               : dtype->u.enumeration.values[index].name;
    char *copy = strdup(name);
    if (!copy)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return copy;
}

size_t h5x_dtype_member_offset(const h5x_dtype *dtype, int index)
{
    if (check_index(dtype, index, "h5x_dtype_member_offset") < 0)
        return 0;
    return dtype->type_class == H5X_CLASS_COMPOUND ? dtype->u.compound.members[index].offset : 0;
}

h5x_dtype *h5x_dtype_member_dtype(const h5x_dtype *dtype, int index)
{
    if (check_index(dtype, index, "h5x_dtype_member_dtype") < 0)
        return NULL;
    /* an enum's members all have its base type */
    return h5x_dtype_retain(dtype->type_class == H5X_CLASS_COMPOUND ? dtype->u.compound.members[index].type
                                                                    : dtype->u.enumeration.base);
}

int h5x_dtype_member_index(const h5x_dtype *dtype, const char *name)
{
    int status = check_members(dtype, "h5x_dtype_member_index");
    if (status < 0)
        return status;
    if (!name)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_member_index: name is NULL");
    if (dtype->type_class == H5X_CLASS_COMPOUND) {
        int index = find_member(dtype, name);
        if (index >= 0)
            return index;
    } else {
        for (size_t i = 0; i < dtype->u.enumeration.count; i++)
            if (strcmp(dtype->u.enumeration.values[i].name, name) == 0)
                return (int)i;
    }
    /* -1, as documented, with the reason recorded */
    return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_member_index: no member named '%s' in this %s", name,
                     dtype->type_class == H5X_CLASS_COMPOUND ? "compound" : "enum");
}

/* ------------------------------------------------------------------ fields */

h5x_dtype *h5x_dtype_fields(const h5x_dtype *compound, const char *const *names, size_t count)
{
    if (check_compound(compound, "h5x_dtype_fields") < 0)
        return NULL;
    if (count == 0 || !names) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_fields: name at least one field");
        return NULL;
    }
    size_t size = 0;
    for (size_t i = 0; i < count; i++) {
        if (!names[i]) {
            h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_dtype_fields: field name %zu is NULL", i);
            return NULL;
        }
        int index = find_member(compound, names[i]);
        if (index < 0) {
            h5x_error(H5X_ERR_NOT_FOUND, "field '%s' does not appear in this compound type", names[i]);
            return NULL;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                h5x_error(H5X_ERR_INVALID_ARGUMENT, "field '%s' is named twice", names[i]);
                return NULL;
            }
        size += compound->u.compound.members[index].type->size;
    }
    h5x_dtype *fields = h5x_dtype_compound(size);
    size_t offset = 0;
    for (size_t i = 0; fields && i < count; i++) {
        const h5x_dtype *member = compound->u.compound.members[find_member(compound, names[i])].type;
        if (h5x_dtype_compound_insert(fields, names[i], offset, member) < 0) {
            h5x_dtype_release(fields);
            return NULL;
        }
        offset += member->size;
    }
    return fields;
}
