/*
 * native_dtype_composite.c — strings, opaque, compound, enum, array and
 * vlen types, to libhdf5 and back, laid out exactly as h5py writes them:
 *
 *   bytes 'S10'         H5T_C_S1, size 10, NULLPAD, ASCII
 *   str (vlen)          H5T_C_S1, variable, NULLTERM, UTF-8 (text writes this)
 *   bytes (vlen)        H5T_C_S1, variable, NULLTERM, ASCII
 *   np.void 'V12'       H5T_OPAQUE of 12 bytes, no tag
 *   opaque_dtype(M8)    H5T_OPAQUE of 8 bytes tagged "NUMPY:<M8[s]"
 *   structured          H5T_COMPOUND, members at NumPy's offsets; a NumPy
 *                       subarray member is an H5T_ARRAY
 *   enum_dtype          H5T_ENUM over the integer base (its byte order kept)
 *   vlen_dtype(base)    H5T_VLEN of the base
 *
 * The padding and character set of every string are kept as stored, so a
 * file read and written back by h5x holds the same types.  A type read
 * from a dataset or attribute comes as libhdf5 describes it in memory
 * (variable-length members have their in-memory sizes), which is the
 * layout of h5x's buffers: char * for strings, h5x_vlen (hvl_t) for
 * sequences.  Components are mapped through native_type_from_dtype and
 * native_dtype_from_type, so nesting goes as deep as the types do.
 *
 * Only the public dtype API is used here, as a connector written outside
 * h5x would.
 */
#include <stdlib.h>
#include <string.h>

#include "native_dtype_composite.h"

static hid_t type_failure(hid_t type, const char *what)
{
    native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of %s", what);
    if (type >= 0)
        H5Tclose(type);
    return H5I_INVALID_HID;
}

static h5x_dtype *dtype_failure(h5x_dtype *dtype, const char *what)
{
    native_fail(H5X_ERR_TYPE, "unable to read %s", what);
    h5x_close(dtype);
    return NULL;
}

/* ---------------------------------------------------------------- strings */

hid_t native_string_to_type(const h5x_dtype *dtype)
{
    h5x_charset charset;
    size_t length;
    h5x_string_pad pad;
    if (h5x_dtype_string_info(dtype, &charset, &length, &pad) != 1)
        return H5I_INVALID_HID;
    static const H5T_str_t pads[] = {[H5X_PAD_NULLTERM] = H5T_STR_NULLTERM,
                                     [H5X_PAD_NULLPAD] = H5T_STR_NULLPAD,
                                     [H5X_PAD_SPACEPAD] = H5T_STR_SPACEPAD};
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0 || H5Tset_size(type, length == H5X_VARIABLE ? H5T_VARIABLE : length) < 0 ||
        H5Tset_strpad(type, pads[pad]) < 0 ||
        H5Tset_cset(type, charset == H5X_CSET_UTF8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII) < 0)
        return type_failure(type, "a string");
    return type;
}

h5x_dtype *native_string_from_type(hid_t type)
{
    htri_t variable = H5Tis_variable_str(type);
    H5T_cset_t cset = H5Tget_cset(type);
    H5T_str_t strpad = H5Tget_strpad(type);
    size_t size = H5Tget_size(type);
    if (variable < 0 || cset < 0 || strpad < 0 || size == 0)
        return dtype_failure(NULL, "a string type");
    if (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8) {
        h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype: a string in character set %d (ASCII or UTF-8)",
                            (int)cset);
        return NULL;
    }
    h5x_string_pad pad;
    switch (strpad) {
    case H5T_STR_NULLTERM: pad = H5X_PAD_NULLTERM; break;
    case H5T_STR_NULLPAD: pad = H5X_PAD_NULLPAD; break;
    case H5T_STR_SPACEPAD: pad = H5X_PAD_SPACEPAD; break;
    default:
        h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype: a string with padding %d", (int)strpad);
        return NULL;
    }
    return h5x_dtype_string_padded(cset == H5T_CSET_UTF8 ? H5X_CSET_UTF8 : H5X_CSET_ASCII,
                                   variable > 0 ? H5X_VARIABLE : size, pad);
}

/* ----------------------------------------------------------------- opaque */

hid_t native_opaque_to_type(const h5x_dtype *dtype)
{
    char *tag = h5x_dtype_opaque_tag(dtype);
    if (tag == NULL)
        return H5I_INVALID_HID;
    hid_t type = H5Tcreate(H5T_OPAQUE, h5x_dtype_size(dtype));
    /* h5py leaves np.void untagged */
    if (type < 0 || (tag[0] != '\0' && H5Tset_tag(type, tag) < 0))
        type = type_failure(type, "an opaque type");
    h5x_free(tag);
    return type;
}

h5x_dtype *native_opaque_from_type(hid_t type)
{
    size_t size = H5Tget_size(type);
    char *tag = H5Tget_tag(type);
    H5Eclear2(H5E_DEFAULT); /* an untagged type answers with an error on some versions */
    h5x_dtype *dtype = size > 0 ? h5x_dtype_opaque(size, tag ? tag : "") : NULL;
    if (tag != NULL)
        H5free_memory(tag);
    return dtype;
}

/* --------------------------------------------------------------- compound */

hid_t native_compound_to_type(const h5x_dtype *dtype)
{
    int count = h5x_dtype_member_count(dtype);
    hid_t type = count >= 0 ? H5Tcreate(H5T_COMPOUND, h5x_dtype_size(dtype)) : H5I_INVALID_HID;
    if (type < 0)
        return type_failure(type, "a compound");
    for (int i = 0; i < count; i++) {
        char *name = h5x_dtype_member_name(dtype, i);
        h5x_dtype *member = h5x_dtype_member_dtype(dtype, i);
        hid_t member_type = member ? native_type_from_dtype(member) : H5I_INVALID_HID;
        herr_t inserted = -1;
        if (name && member_type >= 0) {
            inserted = H5Tinsert(type, name, h5x_dtype_member_offset(dtype, i), member_type);
            if (inserted < 0)
                native_fail(H5X_ERR_TYPE, "unable to add member '%s' to a compound type", name);
        }
        if (member_type >= 0)
            H5Tclose(member_type);
        h5x_close(member);
        h5x_free(name);
        if (inserted < 0) {
            H5Tclose(type);
            return H5I_INVALID_HID;
        }
    }
    return type;
}

h5x_dtype *native_compound_from_type(hid_t type)
{
    int count = H5Tget_nmembers(type);
    size_t size = H5Tget_size(type);
    if (count < 0 || size == 0)
        return dtype_failure(NULL, "a compound type");
    h5x_dtype *dtype = h5x_dtype_compound(size);
    for (int i = 0; dtype != NULL && i < count; i++) {
        char *name = H5Tget_member_name(type, (unsigned)i);
        hid_t member_type = H5Tget_member_type(type, (unsigned)i);
        if (name == NULL || member_type < 0) {
            dtype = dtype_failure(dtype, "a compound member");
        } else {
            h5x_dtype *member = native_dtype_from_type(member_type);
            if (member == NULL || h5x_dtype_compound_insert(dtype, name, H5Tget_member_offset(type, (unsigned)i),
                                                            member) < 0) {
                h5x_close(dtype);
                dtype = NULL;
            }
            h5x_close(member);
        }
        if (name != NULL)
            H5free_memory(name);
        if (member_type >= 0)
            H5Tclose(member_type);
    }
    return dtype;
}

/* ------------------------------------------------------------------- enum */

/* An enum value as the bytes of its base type. */
static void encode_value(int64_t value, size_t size, int big_endian, unsigned char *bytes)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = (unsigned char)((uint64_t)value >> (8 * i));
        bytes[big_endian ? size - 1 - i : i] = byte;
    }
}

static int64_t decode_value(const unsigned char *bytes, size_t size, int big_endian, int is_signed)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < size; i++)
        bits |= (uint64_t)bytes[big_endian ? size - 1 - i : i] << (8 * i);
    if (is_signed && size < 8 && (bits >> (8 * size - 1)) & 1)
        bits |= ~UINT64_C(0) << (8 * size);
    return (int64_t)bits;
}

/* The base of an enum: the type of its members, or, for an enum without
 * members (which has no member to ask), a signed integer of its size. */
static h5x_dtype *enum_base(const h5x_dtype *dtype)
{
    if (h5x_dtype_member_count(dtype) > 0)
        return h5x_dtype_member_dtype(dtype, 0);
    return h5x_dtype_integer((int)h5x_dtype_size(dtype), 1, h5x_dtype_order(dtype));
}

hid_t native_enum_to_type(const h5x_dtype *dtype)
{
    h5x_dtype *base = enum_base(dtype);
    hid_t base_type = base ? native_type_from_dtype(base) : H5I_INVALID_HID;
    if (base_type < 0) {
        h5x_close(base);
        return H5I_INVALID_HID;
    }
    size_t size = h5x_dtype_size(base);
    int big_endian = h5x_dtype_order(base) == H5X_ORDER_BIG;
    hid_t type = H5Tenum_create(base_type);
    H5Tclose(base_type);
    h5x_close(base);
    if (type < 0)
        return type_failure(type, "an enum");
    int count = h5x_dtype_member_count(dtype);
    for (int i = 0; i < count; i++) {
        int64_t value = 0;
        unsigned char bytes[8];
        char *name = h5x_dtype_member_name(dtype, i);
        int ok = name != NULL && h5x_dtype_enum_value(dtype, i, &value) == 0;
        if (ok) {
            encode_value(value, size, big_endian, bytes);
            ok = H5Tenum_insert(type, name, bytes) >= 0;
            if (!ok)
                native_fail(H5X_ERR_TYPE, "unable to add member '%s' to an enum type", name);
        }
        h5x_free(name);
        if (!ok) {
            H5Tclose(type);
            return H5I_INVALID_HID;
        }
    }
    return type;
}

h5x_dtype *native_enum_from_type(hid_t type)
{
    hid_t base_type = H5Tget_super(type);
    int count = H5Tget_nmembers(type);
    if (base_type < 0 || count < 0) {
        if (base_type >= 0)
            H5Tclose(base_type);
        return dtype_failure(NULL, "an enum type");
    }
    h5x_dtype *base = native_dtype_from_type(base_type);
    H5Tclose(base_type);
    if (base == NULL)
        return NULL;
    size_t size = h5x_dtype_size(base);
    int big_endian = h5x_dtype_order(base) == H5X_ORDER_BIG;
    int is_signed = h5x_dtype_is_signed(base) == 1;
    h5x_dtype *dtype = h5x_dtype_enum(base);
    h5x_close(base);
    for (int i = 0; dtype != NULL && i < count; i++) {
        unsigned char bytes[8] = {0};
        char *name = H5Tget_member_name(type, (unsigned)i);
        if (name == NULL || size > sizeof bytes || H5Tget_member_value(type, (unsigned)i, bytes) < 0)
            dtype = dtype_failure(dtype, "an enum member");
        else if (h5x_dtype_enum_insert(dtype, name, decode_value(bytes, size, big_endian, is_signed)) < 0) {
            h5x_close(dtype);
            dtype = NULL;
        }
        if (name != NULL)
            H5free_memory(name);
    }
    return dtype;
}

/* ------------------------------------------------------------------ array */

hid_t native_array_to_type(const h5x_dtype *dtype)
{
    h5x_shape dims;
    h5x_dtype *base = NULL;
    if (h5x_dtype_array_info(dtype, &dims, &base) < 0)
        return H5I_INVALID_HID;
    hid_t base_type = native_type_from_dtype(base);
    h5x_close(base);
    if (base_type < 0)
        return H5I_INVALID_HID;
    hsize_t extent[H5X_MAX_RANK];
    for (int i = 0; i < dims.rank; i++)
        extent[i] = dims.dims[i];
    hid_t type = H5Tarray_create2(base_type, (unsigned)dims.rank, extent);
    H5Tclose(base_type);
    return type < 0 ? type_failure(type, "an array") : type;
}

h5x_dtype *native_array_from_type(hid_t type)
{
    hsize_t extent[H5S_MAX_RANK];
    int rank = H5Tget_array_ndims(type);
    if (rank < 1 || rank > H5X_MAX_RANK || H5Tget_array_dims2(type, extent) < 0)
        return dtype_failure(NULL, "an array type");
    hid_t base_type = H5Tget_super(type);
    if (base_type < 0)
        return dtype_failure(NULL, "an array type");
    h5x_dtype *base = native_dtype_from_type(base_type);
    H5Tclose(base_type);
    if (base == NULL)
        return NULL;
    h5x_shape dims = {.rank = rank};
    for (int i = 0; i < rank; i++)
        dims.dims[i] = extent[i];
    h5x_dtype *dtype = h5x_dtype_array(base, &dims);
    h5x_close(base);
    return dtype;
}

/* ------------------------------------------------------------------- vlen */

hid_t native_vlen_to_type(const h5x_dtype *dtype)
{
    h5x_dtype *base = h5x_dtype_vlen_base(dtype);
    hid_t base_type = base ? native_type_from_dtype(base) : H5I_INVALID_HID;
    h5x_close(base);
    if (base_type < 0)
        return H5I_INVALID_HID;
    hid_t type = H5Tvlen_create(base_type);
    H5Tclose(base_type);
    return type < 0 ? type_failure(type, "a variable-length sequence") : type;
}

h5x_dtype *native_vlen_from_type(hid_t type)
{
    hid_t base_type = H5Tget_super(type);
    if (base_type < 0)
        return dtype_failure(NULL, "a variable-length type");
    h5x_dtype *base = native_dtype_from_type(base_type);
    H5Tclose(base_type);
    if (base == NULL)
        return NULL;
    h5x_dtype *dtype = h5x_dtype_vlen(base);
    h5x_close(base);
    return dtype;
}
