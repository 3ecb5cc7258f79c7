/*
 * native_dtype.c — h5x dtypes to libhdf5 types and back.
 *
 * Files must hold exactly the types h5py writes, because h5py (and every
 * other HDF5 reader) recognises its own conventions by layout:
 *
 *   integers   H5T_STD_{I,U}{8,16,32,64}{LE,BE}; single bytes are LE
 *   floats     H5T_IEEE_F{32,64}{LE,BE}; float16 is built as h5py builds
 *              it (a copy of F32 narrowed to sign 15, exponent 10..14,
 *              mantissa 0..9, bias 15), since libhdf5 1.14.5 has no
 *              predefined half type
 *   bool       an enum over H5T_NATIVE_INT8 with FALSE = 0, TRUE = 1
 *   complex    a compound {"r", "i"} of two floats of the same order
 *   reference  H5T_STD_REF_OBJ and H5T_STD_REF_DSETREG (native_reference.c)
 *   strings, opaque, other compounds and enums, arrays, vlen
 *              native_dtype_composite.c
 *
 * Each direction is a table with one row per class, so a class that gains
 * support (strings, compounds, enums, references) is a new row and a new
 * function, and nothing else changes.  Types outside the table are
 * refused with H5X_ERR_TYPE naming their class.
 */
#include <string.h>

#include "native.h"
#include "native_dtype_composite.h"
#include "native_reference.h"

static int is_big_endian(const h5x_dtype *dtype)
{
    h5x_byte_order order = h5x_dtype_order(dtype);
    if (order == H5X_ORDER_BIG)
        return 1;
    if (order == H5X_ORDER_LITTLE)
        return 0;
    /* NATIVE, or NONE for single bytes: the machine's order, as NumPy '='/'|'. */
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    return first == 0;
}

/* Every builder below records its own error when it fails. */
static hid_t built(hid_t type, const char *what)
{
    if (type < 0)
        native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of %s", what);
    return type;
}

static int unsupported(const char *what, size_t size)
{
    return h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype: %s of %zu bytes", what, size);
}

/* -------------------------------------------------------- h5x -> libhdf5 */

/* libhdf5's predefined id of an integer dtype, or H5I_INVALID_HID when
 * none has its size. */
static hid_t predefined_integer(const h5x_dtype *dtype)
{
    static const struct {
        size_t size;
        int is_signed;
        hid_t *little, *big; /* libhdf5's predefined ids are variables set at library start */
    } table[] = {
        {1, 1, &H5T_STD_I8LE_g, &H5T_STD_I8BE_g},   {1, 0, &H5T_STD_U8LE_g, &H5T_STD_U8BE_g},
        {2, 1, &H5T_STD_I16LE_g, &H5T_STD_I16BE_g}, {2, 0, &H5T_STD_U16LE_g, &H5T_STD_U16BE_g},
        {4, 1, &H5T_STD_I32LE_g, &H5T_STD_I32BE_g}, {4, 0, &H5T_STD_U32LE_g, &H5T_STD_U32BE_g},
        {8, 1, &H5T_STD_I64LE_g, &H5T_STD_I64BE_g}, {8, 0, &H5T_STD_U64LE_g, &H5T_STD_U64BE_g},
    };
    size_t size = h5x_dtype_size(dtype);
    int is_signed = h5x_dtype_is_signed(dtype) == 1;
    H5open();
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].size == size && table[i].is_signed == is_signed) {
            /* h5py writes single-byte integers as little-endian; only a type
             * read as big-endian (H5T_STD_I8BE) is written back so. */
            int big = size > 1 ? is_big_endian(dtype) : h5x_dtype_order(dtype) == H5X_ORDER_BIG;
            return big ? *table[i].big : *table[i].little;
        }
    return H5I_INVALID_HID;
}

/* The same for float32 and float64 (float16 has no predefined id). */
static hid_t predefined_float(size_t size, int big)
{
    H5open();
    switch (size) {
    case 4: return big ? H5T_IEEE_F32BE : H5T_IEEE_F32LE;
    case 8: return big ? H5T_IEEE_F64BE : H5T_IEEE_F64LE;
    default: return H5I_INVALID_HID;
    }
}

hid_t native_predefined_type(const h5x_dtype *dtype)
{
    switch (h5x_dtype_get_class(dtype)) {
    case H5X_CLASS_INTEGER: return predefined_integer(dtype);
    case H5X_CLASS_FLOAT: return predefined_float(h5x_dtype_size(dtype), is_big_endian(dtype));
    default: return H5I_INVALID_HID;
    }
}

static hid_t integer_to_type(const h5x_dtype *dtype)
{
    hid_t predefined = predefined_integer(dtype);
    if (predefined >= 0)
        return built(H5Tcopy(predefined), "an integer");
    unsupported("integer", h5x_dtype_size(dtype));
    return H5I_INVALID_HID;
}

static hid_t half_type(int big)
{
    hid_t type = H5Tcopy(big ? H5T_IEEE_F32BE : H5T_IEEE_F32LE);
    if (type < 0)
        return built(type, "a float16");
    /* The order of these calls matters: the fields must fit before the
     * size shrinks to two bytes. */
    if (H5Tset_fields(type, 15, 10, 5, 0, 10) < 0 || H5Tset_size(type, 2) < 0 || H5Tset_ebias(type, 15) < 0) {
        native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of a float16");
        H5Tclose(type);
        return H5I_INVALID_HID;
    }
    return type;
}

static hid_t float_of_size(size_t size, int big)
{
    if (size == 2)
        return half_type(big);
    hid_t predefined = predefined_float(size, big);
    if (predefined >= 0)
        return built(H5Tcopy(predefined), size == 4 ? "a float32" : "a float64");
    unsupported("float", size);
    return H5I_INVALID_HID;
}

static hid_t float_to_type(const h5x_dtype *dtype)
{
    return float_of_size(h5x_dtype_size(dtype), is_big_endian(dtype));
}

static hid_t bool_to_type(const h5x_dtype *dtype)
{
    (void)dtype;
    hid_t type = H5Tenum_create(H5T_NATIVE_INT8);
    if (type < 0)
        return built(type, "a bool");
    int8_t value = 0;
    if (H5Tenum_insert(type, "FALSE", &value) < 0)
        goto fail;
    value = 1;
    if (H5Tenum_insert(type, "TRUE", &value) < 0)
        goto fail;
    return type;
fail:
    native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of a bool");
    H5Tclose(type);
    return H5I_INVALID_HID;
}

static hid_t complex_to_type(const h5x_dtype *dtype)
{
    size_t size = h5x_dtype_size(dtype);
    if (size != 8 && size != 16) {
        unsupported("complex", size);
        return H5I_INVALID_HID;
    }
    hid_t part = float_of_size(size / 2, is_big_endian(dtype));
    if (part < 0)
        return H5I_INVALID_HID;
    hid_t type = H5Tcreate(H5T_COMPOUND, size);
    if (type < 0 || H5Tinsert(type, "r", 0, part) < 0 || H5Tinsert(type, "i", size / 2, part) < 0) {
        native_fail(H5X_ERR_TYPE, "unable to build the HDF5 type of a complex");
        if (type >= 0)
            H5Tclose(type);
        type = H5I_INVALID_HID;
    }
    H5Tclose(part);
    return type;
}

/* h5py's ref_dtype and regionref_dtype: H5T_STD_REF_OBJ, H5T_STD_REF_DSETREG. */
static hid_t reference_to_type(const h5x_dtype *dtype)
{
    h5x_dtype *region = h5x_dtype_reference(H5X_REF_REGION);
    int is_region = region != NULL && h5x_dtype_equal(dtype, region) == 1;
    h5x_close(region);
    return native_reference_type(is_region ? H5X_REF_REGION : H5X_REF_OBJECT);
}

static const struct {
    h5x_dtype_class h5x_class;
    hid_t (*to_type)(const h5x_dtype *dtype);
} to_hdf5[] = {
    {H5X_CLASS_INTEGER, integer_to_type},
    {H5X_CLASS_FLOAT, float_to_type},
    {H5X_CLASS_BOOL, bool_to_type},
    {H5X_CLASS_COMPLEX, complex_to_type},
    {H5X_CLASS_REFERENCE, reference_to_type},
    {H5X_CLASS_STRING, native_string_to_type},
    {H5X_CLASS_OPAQUE, native_opaque_to_type},
    {H5X_CLASS_COMPOUND, native_compound_to_type},
    {H5X_CLASS_ENUM, native_enum_to_type},
    {H5X_CLASS_ARRAY, native_array_to_type},
    {H5X_CLASS_VLEN, native_vlen_to_type},
};

static const char *h5x_class_name(h5x_dtype_class c)
{
    switch (c) {
    case H5X_CLASS_INTEGER: return "integer";
    case H5X_CLASS_FLOAT: return "float";
    case H5X_CLASS_BOOL: return "bool";
    case H5X_CLASS_COMPLEX: return "complex";
    case H5X_CLASS_STRING: return "string";
    case H5X_CLASS_OPAQUE: return "opaque";
    case H5X_CLASS_COMPOUND: return "compound";
    case H5X_CLASS_ENUM: return "enum";
    case H5X_CLASS_ARRAY: return "array";
    case H5X_CLASS_VLEN: return "vlen";
    case H5X_CLASS_REFERENCE: return "reference";
    case H5X_CLASS_BITFIELD: return "bitfield";
    }
    return "unknown";
}

hid_t native_type_from_dtype(const h5x_dtype *dtype)
{
    h5x_dtype_class c = h5x_dtype_get_class(dtype);
    for (size_t i = 0; i < sizeof to_hdf5 / sizeof to_hdf5[0]; i++) {
        if (to_hdf5[i].h5x_class != c)
            continue;
        return to_hdf5[i].to_type(dtype);
    }
    h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype class %s", h5x_class_name(c));
    return H5I_INVALID_HID;
}

/* -------------------------------------------------------- libhdf5 -> h5x */

static h5x_byte_order order_of(hid_t type, size_t size)
{
    int big = H5Tget_order(type) == H5T_ORDER_BE;
    if (size <= 1) /* kept only when big-endian: see h5x_dtype_order */
        return big ? H5X_ORDER_BIG : H5X_ORDER_NONE;
    return big ? H5X_ORDER_BIG : H5X_ORDER_LITTLE;
}

static h5x_dtype *integer_from_type(hid_t type)
{
    size_t size = H5Tget_size(type);
    if (size != 1 && size != 2 && size != 4 && size != 8) {
        unsupported("integer", size);
        return NULL;
    }
    int is_signed = H5Tget_sign(type) == H5T_SGN_2;
    return h5x_dtype_integer((int)size, is_signed, order_of(type, size));
}

/* 1 if a float type has the IEEE binary16/32/64 layout for its size. */
static int is_ieee_layout(hid_t type, size_t size)
{
    size_t spos, epos, esize, mpos, msize;
    if (H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) < 0)
        return 0;
    size_t bias = H5Tget_ebias(type);
    switch (size) {
    case 2: return spos == 15 && epos == 10 && esize == 5 && mpos == 0 && msize == 10 && bias == 15;
    case 4: return spos == 31 && epos == 23 && esize == 8 && mpos == 0 && msize == 23 && bias == 127;
    case 8: return spos == 63 && epos == 52 && esize == 11 && mpos == 0 && msize == 52 && bias == 1023;
    default: return 0;
    }
}

static h5x_dtype *float_from_type(hid_t type)
{
    size_t size = H5Tget_size(type);
    if (!is_ieee_layout(type, size)) {
        H5Eclear2(H5E_DEFAULT);
        h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype: a float of %zu bytes that is not IEEE binary%zu",
                            size, size * 8);
        return NULL;
    }
    return h5x_dtype_float((int)size, order_of(type, size));
}

/* h5py's bool: a one-byte enum whose two members are FALSE = 0 and TRUE = 1
 * (libhdf5 keeps enum names and values unique, so checking each member
 * against the pair is enough). */
static int is_h5py_bool(hid_t type)
{
    if (H5Tget_size(type) != 1 || H5Tget_nmembers(type) != 2)
        return 0;
    int ok = 1;
    for (unsigned i = 0; i < 2 && ok; i++) {
        char *name = H5Tget_member_name(type, i);
        signed char value = -1;
        ok = name != NULL && H5Tget_member_value(type, i, &value) >= 0 &&
             ((strcmp(name, "FALSE") == 0 && value == 0) || (strcmp(name, "TRUE") == 0 && value == 1));
        if (name != NULL)
            H5free_memory(name);
    }
    return ok;
}

static h5x_dtype *enum_from_type(hid_t type)
{
    if (is_h5py_bool(type))
        return h5x_dtype_bool();
    H5Eclear2(H5E_DEFAULT);
    return native_enum_from_type(type);
}

/* h5py's complex: {"r", "i"}, two floats of one type, the second right
 * after the first. */
static int is_h5py_complex(hid_t type)
{
    size_t size = H5Tget_size(type);
    if ((size != 8 && size != 16) || H5Tget_nmembers(type) != 2)
        return 0;
    static const char *const names[2] = {"r", "i"};
    int ok = 1;
    hid_t parts[2] = {H5I_INVALID_HID, H5I_INVALID_HID};
    for (unsigned i = 0; i < 2 && ok; i++) {
        char *name = H5Tget_member_name(type, i);
        ok = name != NULL && strcmp(name, names[i]) == 0 && H5Tget_member_class(type, i) == H5T_FLOAT &&
             H5Tget_member_offset(type, i) == i * (size / 2);
        if (name != NULL)
            H5free_memory(name);
        if (ok) {
            parts[i] = H5Tget_member_type(type, i);
            ok = parts[i] >= 0 && H5Tget_size(parts[i]) == size / 2 && is_ieee_layout(parts[i], size / 2);
        }
    }
    if (ok)
        ok = H5Tequal(parts[0], parts[1]) > 0;
    for (int i = 0; i < 2; i++)
        if (parts[i] >= 0)
            H5Tclose(parts[i]);
    return ok;
}

static h5x_dtype *compound_from_type(hid_t type)
{
    if (is_h5py_complex(type)) {
        hid_t part = H5Tget_member_type(type, 0);
        h5x_byte_order order = part >= 0 && H5Tget_order(part) == H5T_ORDER_BE ? H5X_ORDER_BIG : H5X_ORDER_LITTLE;
        if (part >= 0)
            H5Tclose(part);
        return h5x_dtype_complex((int)H5Tget_size(type), order);
    }
    H5Eclear2(H5E_DEFAULT);
    return native_compound_from_type(type);
}

static h5x_dtype *reference_from_type(hid_t type)
{
    h5x_reference_kind kind = native_reference_kind_of(type);
    return kind == H5X_REF_NULL ? NULL : h5x_dtype_reference(kind);
}

static const struct {
    H5T_class_t hdf5_class;
    h5x_dtype *(*from_type)(hid_t type);
} from_hdf5[] = {
    {H5T_INTEGER, integer_from_type},
    {H5T_FLOAT, float_from_type},
    {H5T_ENUM, enum_from_type},
    {H5T_COMPOUND, compound_from_type},
    {H5T_REFERENCE, reference_from_type},
    {H5T_STRING, native_string_from_type},
    {H5T_OPAQUE, native_opaque_from_type},
    {H5T_ARRAY, native_array_from_type},
    {H5T_VLEN, native_vlen_from_type},
};

static const char *hdf5_class_name(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_TIME: return "time";
    case H5T_STRING: return "string";
    case H5T_BITFIELD: return "bitfield";
    case H5T_OPAQUE: return "opaque";
    case H5T_COMPOUND: return "compound";
    case H5T_REFERENCE: return "reference";
    case H5T_ENUM: return "enum";
    case H5T_VLEN: return "vlen";
    case H5T_ARRAY: return "array";
    default: return "unknown";
    }
}

h5x_dtype *native_dtype_from_type(hid_t type)
{
    H5T_class_t c = H5Tget_class(type);
    if (c == H5T_NO_CLASS) {
        native_fail(H5X_ERR_TYPE, "unable to read a datatype");
        return NULL;
    }
    for (size_t i = 0; i < sizeof from_hdf5 / sizeof from_hdf5[0]; i++)
        if (from_hdf5[i].hdf5_class == c)
            return from_hdf5[i].from_type(type);
    h5x_connector_error(H5X_ERR_TYPE, "unsupported datatype class %s", hdf5_class_name(c));
    return NULL;
}

/* ------------------------------------------------------------ conversion */

int native_convert_needed(hid_t src, hid_t dst)
{
    htri_t same = H5Tequal(src, dst);
    if (same > 0)
        return 0;
    H5T_cdata_t *cdata = NULL;
    if (H5Tfind(src, dst, &cdata) != NULL)
        return 0;
    H5Eclear2(H5E_DEFAULT);
    return 1;
}
