/*
 * Dtypes: construction, NumPy spellings, comparison and the predefined set.
 *
 * Applications name types the way NumPy does ("<f4", "i2", "?", "c16"),
 * because that is how h5py users think of them, and h5x answers with the
 * same spellings.  Underneath, a dtype is an h5x_dtype struct (dtype.h)
 * that can describe any HDF5 class; here the numeric classes and NumPy's
 * fixed-length bytes strings ('S') are built (the other classes in the
 * dtype_*.c files beside this one, NumPy's datetime64 and void spellings
 * in dtype_opaque.c), while every class is copied,
 * compared, printed and destroyed, so that the composite types that other
 * parts of the core build are handled the same way.
 *
 * Predefined dtypes (h5x_predefined, H5X_F64 ...) live in a static table
 * that is filled once and never freed: applications may use them from any
 * thread and pass them to h5x_close without effect.
 */
#include "dtype.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lock.h"

/* ------------------------------------------------------------ byte order */

h5x_byte_order h5x_native_order(void)
{
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    return first ? H5X_ORDER_LITTLE : H5X_ORDER_BIG;
}

/* The order a type of that size stores: NATIVE resolved.  A single byte's
 * order cannot be observed in its values, so it is none, unless big-endian
 * is asked for: libhdf5 files can hold a one-byte type marked big-endian
 * (H5T_STD_I8BE), and a type read from one must be written back the same.
 * Little-endian is libhdf5's and h5py's default for single bytes, so it
 * is none. */
static h5x_byte_order resolve_order(h5x_byte_order order, size_t part_size)
{
    if (part_size <= 1)
        return order == H5X_ORDER_BIG ? H5X_ORDER_BIG : H5X_ORDER_NONE;
    if (order == H5X_ORDER_NATIVE)
        return h5x_native_order();
    return order;
}

/* ------------------------------------------------------------- lifetime */

static int destroy_dtype(h5x_handle *handle)
{
    h5x_dtype *dtype = (h5x_dtype *)handle;
    switch (dtype->type_class) {
    case H5X_CLASS_OPAQUE:
        free(dtype->u.opaque.tag);
        break;
    case H5X_CLASS_COMPOUND:
        for (size_t i = 0; i < dtype->u.compound.count; i++) {
            free(dtype->u.compound.members[i].name);
            h5x_dtype_release(dtype->u.compound.members[i].type);
        }
        free(dtype->u.compound.members);
        break;
    case H5X_CLASS_ENUM:
        for (size_t i = 0; i < dtype->u.enumeration.count; i++)
            free(dtype->u.enumeration.values[i].name);
        free(dtype->u.enumeration.values);
        h5x_dtype_release(dtype->u.enumeration.base);
        break;
    case H5X_CLASS_ARRAY:
        h5x_dtype_release(dtype->u.array.base);
        break;
    case H5X_CLASS_VLEN:
        h5x_dtype_release(dtype->u.vlen.base);
        break;
    default:
        break;
    }
    h5x_close(dtype->committed);
    free(dtype);
    return 0;
}

h5x_dtype *h5x_dtype_alloc(h5x_dtype_class type_class, size_t size, h5x_byte_order order)
{
    h5x_dtype *dtype = calloc(1, sizeof *dtype);
    if (!dtype) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory allocating a dtype");
        return NULL;
    }
    dtype->type_class = type_class;
    dtype->size = size;
    dtype->order = order == H5X_ORDER_NATIVE ? h5x_native_order() : order;
    if (type_class == H5X_CLASS_OPAQUE) {
        dtype->u.opaque.tag = calloc(1, 1);
        if (!dtype->u.opaque.tag) {
            free(dtype);
            h5x_error(H5X_ERR_NO_MEMORY, "out of memory allocating a dtype");
            return NULL;
        }
    }
    int status = h5x_handle_init(&dtype->header, H5X_HANDLE_DTYPE, destroy_dtype);
    if (status < 0) {
        free(dtype->u.opaque.tag);
        free(dtype);
        return NULL;
    }
    return dtype;
}

/* ------------------------------------------------------ predefined table */

/* Every numeric type NumPy can spell, in both byte orders. */
enum { PREDEFINED_MAX = 32 };
static h5x_dtype predefined_table[PREDEFINED_MAX];
static size_t predefined_count;
static atomic_int predefined_ready;

/* The spellings the H5X_I8 ... H5X_C128 macros pass on every use.  Each is
 * parsed once, when the table is filled, and then found by its text alone:
 * parsing it again on every call cost more than the rest of writing a
 * scalar attribute in memory. */
static const char *const macro_spellings[] = {"i1", "i2", "i4", "i8", "u1", "u2", "u4",
                                              "u8", "f2", "f4", "f8", "?",  "c8", "c16"};
enum { MACRO_SPELLINGS = sizeof macro_spellings / sizeof macro_spellings[0] };
static const h5x_dtype *macro_dtypes[MACRO_SPELLINGS];
static void fill_macro_dtypes(void);

static void add_predefined(h5x_dtype_class type_class, size_t size, int is_signed, h5x_byte_order order)
{
    h5x_dtype *dtype = &predefined_table[predefined_count++];
    size_t part_size = type_class == H5X_CLASS_COMPLEX ? size / 2 : size;
    dtype->type_class = type_class;
    dtype->size = size;
    dtype->order = resolve_order(order, part_size);
    dtype->u.integer.is_signed = is_signed;
    h5x_handle_init_immortal(&dtype->header, H5X_HANDLE_DTYPE);
}

static void fill_predefined_table(void)
{
    static const size_t integer_sizes[] = {2, 4, 8};
    static const size_t float_sizes[] = {2, 4, 8};
    static const size_t complex_sizes[] = {8, 16};
    static const h5x_byte_order orders[] = {H5X_ORDER_LITTLE, H5X_ORDER_BIG};

    add_predefined(H5X_CLASS_INTEGER, 1, 1, H5X_ORDER_NONE);
    add_predefined(H5X_CLASS_INTEGER, 1, 0, H5X_ORDER_NONE);
    add_predefined(H5X_CLASS_BOOL, 1, 0, H5X_ORDER_NONE);
    for (size_t o = 0; o < 2; o++) {
        for (size_t i = 0; i < 3; i++) {
            add_predefined(H5X_CLASS_INTEGER, integer_sizes[i], 1, orders[o]);
            add_predefined(H5X_CLASS_INTEGER, integer_sizes[i], 0, orders[o]);
            add_predefined(H5X_CLASS_FLOAT, float_sizes[i], 0, orders[o]);
        }
        for (size_t i = 0; i < 2; i++)
            add_predefined(H5X_CLASS_COMPLEX, complex_sizes[i], 0, orders[o]);
    }
}

/* The table is filled under the library lock rather than pthread_once:
 * registering the handles takes that lock, and a thread already holding it
 * must not wait on a once-routine that waits for the lock in turn.  The
 * flag spares later calls the lock. */
static void ensure_predefined_table(void)
{
    if (atomic_load_explicit(&predefined_ready, memory_order_acquire))
        return;
    h5x_lock();
    if (!atomic_load_explicit(&predefined_ready, memory_order_relaxed)) {
        fill_predefined_table();
        fill_macro_dtypes();
        atomic_store_explicit(&predefined_ready, 1, memory_order_release);
    }
    h5x_unlock();
}

static int is_predefined(const h5x_dtype *dtype)
{
    uintptr_t p = (uintptr_t)dtype;
    uintptr_t first = (uintptr_t)&predefined_table[0];
    uintptr_t end = (uintptr_t)&predefined_table[PREDEFINED_MAX];
    return p >= first && p < end;
}

/* -------------------------------------------------------------- helpers */

int h5x_dtype_check(const h5x_dtype *dtype)
{
    if (dtype && is_predefined(dtype))
        return 0;
    return h5x_handle_check(dtype, H5X_HANDLE_DTYPE, "dtype");
}

h5x_dtype *h5x_dtype_retain(const h5x_dtype *dtype)
{
    h5x_dtype *mutable_dtype = (h5x_dtype *)dtype;
    if (mutable_dtype && !is_predefined(mutable_dtype) && !mutable_dtype->header.immortal)
        h5x_handle_retain(&mutable_dtype->header);
    return mutable_dtype;
}

void h5x_dtype_release(const h5x_dtype *dtype)
{
    h5x_dtype *mutable_dtype = (h5x_dtype *)dtype;
    if (mutable_dtype && !is_predefined(mutable_dtype) && !mutable_dtype->header.immortal)
        h5x_handle_release(&mutable_dtype->header);
}

int h5x_dtype_is_numeric(const h5x_dtype *dtype)
{
    switch (dtype->type_class) {
    case H5X_CLASS_INTEGER:
    case H5X_CLASS_FLOAT:
    case H5X_CLASS_BOOL:
    case H5X_CLASS_COMPLEX:
        return 1;
    default:
        return 0;
    }
}

/* ----------------------------------------------------------- constructors */

static int check_order(h5x_byte_order order, size_t part_size, const char *what)
{
    if (order != H5X_ORDER_NATIVE && order != H5X_ORDER_LITTLE && order != H5X_ORDER_BIG &&
        order != H5X_ORDER_NONE)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: unknown byte order %d", what, (int)order);
    if (order == H5X_ORDER_NONE && part_size > 1)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "%s: a %zu-byte number needs a byte order", what,
                         part_size);
    return 0;
}

static h5x_dtype *new_number(h5x_dtype_class type_class, size_t size, int is_signed, h5x_byte_order order)
{
    size_t part_size = type_class == H5X_CLASS_COMPLEX ? size / 2 : size;
    h5x_dtype *dtype = h5x_dtype_alloc(type_class, size, resolve_order(order, part_size));
    if (dtype && type_class == H5X_CLASS_INTEGER)
        dtype->u.integer.is_signed = is_signed;
    return dtype;
}

h5x_dtype *h5x_dtype_integer(int bytes, int is_signed, h5x_byte_order order)
{
    if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "integer dtypes have 1, 2, 4 or 8 bytes, not %d", bytes);
        return NULL;
    }
    if (check_order(order, (size_t)bytes, "integer dtype") < 0)
        return NULL;
    return new_number(H5X_CLASS_INTEGER, (size_t)bytes, is_signed != 0, order);
}

h5x_dtype *h5x_dtype_float(int bytes, h5x_byte_order order)
{
    if (bytes != 2 && bytes != 4 && bytes != 8) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "float dtypes have 2, 4 or 8 bytes, not %d", bytes);
        return NULL;
    }
    if (check_order(order, (size_t)bytes, "float dtype") < 0)
        return NULL;
    return new_number(H5X_CLASS_FLOAT, (size_t)bytes, 0, order);
}

h5x_dtype *h5x_dtype_bool(void)
{
    return new_number(H5X_CLASS_BOOL, 1, 0, H5X_ORDER_NONE);
}

h5x_dtype *h5x_dtype_complex(int bytes, h5x_byte_order order)
{
    if (bytes != 8 && bytes != 16) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "complex dtypes have 8 or 16 bytes, not %d", bytes);
        return NULL;
    }
    if (check_order(order, (size_t)bytes / 2, "complex dtype") < 0)
        return NULL;
    return new_number(H5X_CLASS_COMPLEX, (size_t)bytes, 0, order);
}

h5x_dtype *h5x_dtype_fixed_string(size_t length, h5x_string_pad padding, h5x_charset charset)
{
    if (length == 0) {
        h5x_error(H5X_ERR_TYPE, "fixed-length strings need at least one byte (HDF5 has no empty strings)");
        return NULL;
    }
    if (padding != H5X_PAD_NULLTERM && padding != H5X_PAD_NULLPAD && padding != H5X_PAD_SPACEPAD) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown string padding %d", (int)padding);
        return NULL;
    }
    if (charset != H5X_CSET_ASCII && charset != H5X_CSET_UTF8) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown character set %d", (int)charset);
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_STRING, length, H5X_ORDER_NONE);
    if (dtype) {
        dtype->u.string.padding = padding;
        dtype->u.string.charset = charset;
    }
    return dtype;
}

/* ------------------------------------------------------------------ copy */

static char *copy_text(const char *text)
{
    size_t length = strlen(text) + 1;
    char *copy = malloc(length);
    if (copy)
        memcpy(copy, text, length);
    return copy;
}

/* Copies what the union owns into a fresh dtype whose scalar fields are
 * already set; on failure leaves it releasable as it stands. */
static int copy_owned_parts(h5x_dtype *copy, const h5x_dtype *dtype)
{
    switch (dtype->type_class) {
    case H5X_CLASS_OPAQUE:
        free(copy->u.opaque.tag);
        copy->u.opaque.tag = copy_text(dtype->u.opaque.tag);
        return copy->u.opaque.tag ? 0 : -1;
    case H5X_CLASS_COMPOUND: {
        size_t count = dtype->u.compound.count;
        copy->u.compound.count = 0;
        copy->u.compound.members = NULL;
        if (count == 0)
            return 0;
        copy->u.compound.members = calloc(count, sizeof(h5x_dtype_member));
        if (!copy->u.compound.members)
            return -1;
        for (size_t i = 0; i < count; i++) {
            const h5x_dtype_member *from = &dtype->u.compound.members[i];
            h5x_dtype_member *to = &copy->u.compound.members[i];
            to->name = copy_text(from->name);
            if (!to->name)
                return -1;
            to->offset = from->offset;
            to->type = h5x_dtype_retain(from->type);
            copy->u.compound.count = i + 1;
        }
        return 0;
    }
    case H5X_CLASS_ENUM: {
        size_t count = dtype->u.enumeration.count;
        copy->u.enumeration.base = h5x_dtype_retain(dtype->u.enumeration.base);
        copy->u.enumeration.count = 0;
        copy->u.enumeration.values = NULL;
        if (count == 0)
            return 0;
        copy->u.enumeration.values = calloc(count, sizeof(h5x_enum_value));
        if (!copy->u.enumeration.values)
            return -1;
        for (size_t i = 0; i < count; i++) {
            copy->u.enumeration.values[i].name = copy_text(dtype->u.enumeration.values[i].name);
            if (!copy->u.enumeration.values[i].name)
                return -1;
            copy->u.enumeration.values[i].value = dtype->u.enumeration.values[i].value;
            copy->u.enumeration.count = i + 1;
        }
        return 0;
    }
    case H5X_CLASS_ARRAY:
        h5x_dtype_retain(dtype->u.array.base);
        return 0;
    case H5X_CLASS_VLEN:
        h5x_dtype_retain(dtype->u.vlen.base);
        return 0;
    default:
        return 0;
    }
}

h5x_dtype *h5x_dtype_copy(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return NULL;
    h5x_dtype *copy = h5x_dtype_alloc(dtype->type_class, dtype->size, dtype->order);
    if (!copy)
        return NULL;
    char *empty_tag = dtype->type_class == H5X_CLASS_OPAQUE ? copy->u.opaque.tag : NULL;
    memcpy(&copy->u, &dtype->u, sizeof copy->u);
    if (empty_tag)
        copy->u.opaque.tag = empty_tag;
    if (copy_owned_parts(copy, dtype) < 0) {
        h5x_dtype_release(copy);
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying a dtype");
        return NULL;
    }
    return copy;
}

/* ------------------------------------------------------------- accessors */

/* Accessors answer 0 (no class), 0 bytes or H5X_ORDER_NATIVE (which no
 * valid dtype reports) for a bad handle, with the error recorded. */
h5x_dtype_class h5x_dtype_get_class(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return (h5x_dtype_class)0;
    return dtype->type_class;
}

size_t h5x_dtype_size(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return 0;
    return dtype->size;
}

h5x_byte_order h5x_dtype_order(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return H5X_ORDER_NATIVE;
    return dtype->order;
}

int h5x_dtype_is_signed(const h5x_dtype *dtype)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    return dtype->type_class == H5X_CLASS_INTEGER && dtype->u.integer.is_signed;
}

/* -------------------------------------------------------------- equality */

/* Single bytes look the same in either order: '>i1' is '|i1', as in NumPy. */
static int observable_order(const h5x_dtype *dtype)
{
    size_t part_size = dtype->type_class == H5X_CLASS_COMPLEX ? dtype->size / 2 : dtype->size;
    switch (dtype->type_class) {
    case H5X_CLASS_ARRAY:
        return observable_order(dtype->u.array.base);
    case H5X_CLASS_ENUM:
        return observable_order(dtype->u.enumeration.base);
    default:
        return part_size > 1;
    }
}

static int same_order(const h5x_dtype *a, const h5x_dtype *b)
{
    return a->order == b->order || !observable_order(a);
}

static int same_type(const h5x_dtype *a, const h5x_dtype *b)
{
    if (a == b)
        return 1;
    if (!a || !b)
        return 0;
    if (a->type_class != b->type_class || a->size != b->size || !same_order(a, b))
        return 0;
    switch (a->type_class) {
    case H5X_CLASS_INTEGER:
    case H5X_CLASS_BITFIELD:
        return !a->u.integer.is_signed == !b->u.integer.is_signed;
    case H5X_CLASS_FLOAT:
    case H5X_CLASS_BOOL:
    case H5X_CLASS_COMPLEX:
        return 1;
    case H5X_CLASS_STRING:
        if (a->u.string.is_variable != b->u.string.is_variable || a->u.string.charset != b->u.string.charset ||
            !a->u.string.is_text != !b->u.string.is_text)
            return 0;
        return a->u.string.is_variable || a->u.string.padding == b->u.string.padding;
    case H5X_CLASS_OPAQUE:
        return strcmp(a->u.opaque.tag, b->u.opaque.tag) == 0;
    case H5X_CLASS_COMPOUND:
        if (a->u.compound.count != b->u.compound.count)
            return 0;
        for (size_t i = 0; i < a->u.compound.count; i++) {
            const h5x_dtype_member *ma = &a->u.compound.members[i];
            const h5x_dtype_member *mb = &b->u.compound.members[i];
            if (strcmp(ma->name, mb->name) != 0 || ma->offset != mb->offset || !same_type(ma->type, mb->type))
                return 0;
        }
        return 1;
    case H5X_CLASS_ENUM:
        if (a->u.enumeration.count != b->u.enumeration.count ||
            !same_type(a->u.enumeration.base, b->u.enumeration.base))
            return 0;
        /* the same names with the same values, in any order: libhdf5
         * keeps an enum's members sorted its own way */
        for (size_t i = 0; i < a->u.enumeration.count; i++) {
            const h5x_enum_value *va = &a->u.enumeration.values[i];
            size_t j = 0;
            while (j < b->u.enumeration.count && strcmp(va->name, b->u.enumeration.values[j].name) != 0)
                j++;
            if (j == b->u.enumeration.count || b->u.enumeration.values[j].value != va->value)
                return 0;
        }
        return 1;
    case H5X_CLASS_ARRAY:
        if (a->u.array.rank != b->u.array.rank)
            return 0;
        for (int i = 0; i < a->u.array.rank; i++)
            if (a->u.array.dims[i] != b->u.array.dims[i])
                return 0;
        return same_type(a->u.array.base, b->u.array.base);
    case H5X_CLASS_VLEN:
        return same_type(a->u.vlen.base, b->u.vlen.base);
    case H5X_CLASS_REFERENCE:
        return a->u.reference.kind == b->u.reference.kind;
    }
    return 0;
}

int h5x_dtype_equal(const h5x_dtype *a, const h5x_dtype *b)
{
    int status = h5x_dtype_check(a);
    if (status < 0)
        return status;
    status = h5x_dtype_check(b);
    if (status < 0)
        return status;
    return same_type(a, b);
}

/* --------------------------------------------------------- NumPy parsing */

/* What a NumPy spelling names, before any dtype is built. */
typedef struct numpy_type {
    h5x_dtype_class type_class;
    size_t size;
    int is_signed;
    h5x_byte_order order; /* resolved */
} numpy_type;

static int set_number(numpy_type *out, h5x_dtype_class type_class, size_t size, int is_signed,
                      h5x_byte_order order)
{
    size_t part_size = type_class == H5X_CLASS_COMPLEX ? size / 2 : size;
    out->type_class = type_class;
    out->size = size;
    out->is_signed = is_signed;
    /* NumPy spells every single byte '|', whatever order it was given */
    out->order = part_size <= 1 ? H5X_ORDER_NONE : resolve_order(order, part_size);
    return 0;
}

/* NumPy's one-letter type codes, with the sizes they have on LP64 and
 * ILP32 machines alike except for 'l'/'L' (C long). */
static int parse_type_code(char code, h5x_byte_order order, numpy_type *out)
{
    switch (code) {
    case '?':
        return set_number(out, H5X_CLASS_BOOL, 1, 0, order);
    case 'b':
        return set_number(out, H5X_CLASS_INTEGER, 1, 1, order);
    case 'B':
        return set_number(out, H5X_CLASS_INTEGER, 1, 0, order);
    case 'h':
        return set_number(out, H5X_CLASS_INTEGER, 2, 1, order);
    case 'H':
        return set_number(out, H5X_CLASS_INTEGER, 2, 0, order);
    case 'i':
        return set_number(out, H5X_CLASS_INTEGER, 4, 1, order);
    case 'I':
        return set_number(out, H5X_CLASS_INTEGER, 4, 0, order);
    case 'l':
        return set_number(out, H5X_CLASS_INTEGER, sizeof(long), 1, order);
    case 'L':
        return set_number(out, H5X_CLASS_INTEGER, sizeof(long), 0, order);
    case 'q':
        return set_number(out, H5X_CLASS_INTEGER, 8, 1, order);
    case 'Q':
        return set_number(out, H5X_CLASS_INTEGER, 8, 0, order);
    case 'e':
        return set_number(out, H5X_CLASS_FLOAT, 2, 0, order);
    case 'f':
        return set_number(out, H5X_CLASS_FLOAT, 4, 0, order);
    case 'd':
        return set_number(out, H5X_CLASS_FLOAT, 8, 0, order);
    case 'F':
        return set_number(out, H5X_CLASS_COMPLEX, 8, 0, order);
    case 'D':
        return set_number(out, H5X_CLASS_COMPLEX, 16, 0, order);
    case 'c':
        out->type_class = H5X_CLASS_STRING;
        out->size = 1;
        out->is_signed = 0;
        out->order = H5X_ORDER_NONE;
        return 0;
    default:
        return -1;
    }
}

/* NumPy's names for the types ("float32"), which take no order prefix. */
static int parse_type_name(const char *text, numpy_type *out)
{
    static const struct {
        const char *name;
        h5x_dtype_class type_class;
        size_t size;
        int is_signed;
    } names[] = {
        {"bool", H5X_CLASS_BOOL, 1, 0},          {"int8", H5X_CLASS_INTEGER, 1, 1},
        {"int16", H5X_CLASS_INTEGER, 2, 1},      {"int32", H5X_CLASS_INTEGER, 4, 1},
        {"int64", H5X_CLASS_INTEGER, 8, 1},      {"uint8", H5X_CLASS_INTEGER, 1, 0},
        {"uint16", H5X_CLASS_INTEGER, 2, 0},     {"uint32", H5X_CLASS_INTEGER, 4, 0},
        {"uint64", H5X_CLASS_INTEGER, 8, 0},     {"float16", H5X_CLASS_FLOAT, 2, 0},
        {"float32", H5X_CLASS_FLOAT, 4, 0},      {"float64", H5X_CLASS_FLOAT, 8, 0},
        {"complex64", H5X_CLASS_COMPLEX, 8, 0},  {"complex128", H5X_CLASS_COMPLEX, 16, 0},
        {"int", H5X_CLASS_INTEGER, sizeof(long), 1}, {"float", H5X_CLASS_FLOAT, 8, 0},
        {"complex", H5X_CLASS_COMPLEX, 16, 0},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i].name) == 0)
            return set_number(out, names[i].type_class, names[i].size, names[i].is_signed, H5X_ORDER_NATIVE);
    return -1;
}

/* Reads a decimal size; -1 unless text is all digits and the value sane. */
static int64_t parse_item_size(const char *text)
{
    int64_t value = 0;
    if (*text == '\0')
        return -1;
    for (; *text; text++) {
        if (*text < '0' || *text > '9')
            return -1;
        value = value * 10 + (*text - '0');
        if (value > INT32_MAX)
            return -1;
    }
    return value;
}

static int parse_numpy(const char *spec, numpy_type *out)
{
    if (!spec)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "dtype spelling is NULL");
    memset(out, 0, sizeof *out);
    if (parse_type_name(spec, out) == 0)
        return 0;

    const char *p = spec;
    h5x_byte_order order = H5X_ORDER_NATIVE;
    if (*p == '<' || *p == '>' || *p == '=' || *p == '|') {
        order = *p == '<' ? H5X_ORDER_LITTLE : *p == '>' ? H5X_ORDER_BIG : H5X_ORDER_NATIVE;
        p++;
    }
    if (*p == '\0')
        return h5x_error(H5X_ERR_TYPE, "unknown dtype '%s'", spec);
    char kind = *p++;
    if (*p == '\0') {
        if (kind == 'U')
            return h5x_error(H5X_ERR_TYPE,
                             "dtype '%s': NumPy unicode strings are UTF-32, which HDF5 cannot store; "
                             "use fixed-length bytes ('S') or variable-length UTF-8 strings",
                             spec);
        if (kind == 'S')
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': fixed-length strings need a length, as in 'S10'", spec);
        if (parse_type_code(kind, order, out) == 0)
            return 0;
        return h5x_error(H5X_ERR_TYPE, "unknown dtype '%s'", spec);
    }

    int64_t size = parse_item_size(p);
    if (size < 0)
        return h5x_error(H5X_ERR_TYPE, "unknown dtype '%s'", spec);
    switch (kind) {
    case 'i':
    case 'u':
        if (size != 1 && size != 2 && size != 4 && size != 8)
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': integers have 1, 2, 4 or 8 bytes", spec);
        return set_number(out, H5X_CLASS_INTEGER, (size_t)size, kind == 'i', order);
    case 'f':
        if (size != 2 && size != 4 && size != 8)
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': floats have 2, 4 or 8 bytes (no long double)", spec);
        return set_number(out, H5X_CLASS_FLOAT, (size_t)size, 0, order);
    case 'c':
        if (size != 8 && size != 16)
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': complex numbers have 8 or 16 bytes", spec);
        return set_number(out, H5X_CLASS_COMPLEX, (size_t)size, 0, order);
    case 'b':
        if (size != 1)
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': bool has 1 byte", spec);
        return set_number(out, H5X_CLASS_BOOL, 1, 0, order);
    case 'S':
        if (size == 0)
            return h5x_error(H5X_ERR_TYPE, "dtype '%s': fixed-length strings need at least one byte", spec);
        out->type_class = H5X_CLASS_STRING;
        out->size = (size_t)size;
        out->order = H5X_ORDER_NONE;
        return 0;
    case 'U':
        return h5x_error(H5X_ERR_TYPE,
                         "dtype '%s': NumPy unicode strings are UTF-32, which HDF5 cannot store; "
                         "use fixed-length bytes ('S') or variable-length UTF-8 strings",
                         spec);
    default:
        return h5x_error(H5X_ERR_TYPE, "unknown dtype '%s'", spec);
    }
}

h5x_dtype *h5x_dtype_parse(const char *numpy_spec)
{
    h5x_dtype *opaque = NULL;
    int handled = h5x_dtype_parse_opaque(numpy_spec, &opaque);
    if (handled != 0)
        return handled > 0 ? opaque : NULL;
    numpy_type type;
    if (parse_numpy(numpy_spec, &type) < 0)
        return NULL;
    if (type.type_class == H5X_CLASS_STRING)
        return h5x_dtype_fixed_string(type.size, H5X_PAD_NULLPAD, H5X_CSET_ASCII);
    return new_number(type.type_class, type.size, type.is_signed, type.order);
}

static const h5x_dtype *find_predefined(const numpy_type *type)
{
    for (size_t i = 0; i < predefined_count; i++) {
        const h5x_dtype *dtype = &predefined_table[i];
        if (dtype->type_class == type->type_class && dtype->size == type->size && dtype->order == type->order &&
            (dtype->type_class != H5X_CLASS_INTEGER || dtype->u.integer.is_signed == type->is_signed))
            return dtype;
    }
    return NULL;
}

/* Runs once, with the table (under the lock). */
static void fill_macro_dtypes(void)
{
    for (size_t i = 0; i < MACRO_SPELLINGS; i++) {
        numpy_type type;
        macro_dtypes[i] = parse_numpy(macro_spellings[i], &type) == 0 ? find_predefined(&type) : NULL;
    }
}

const h5x_dtype *h5x_predefined(const char *numpy_spec)
{
    ensure_predefined_table();
    for (size_t i = 0; numpy_spec != NULL && i < MACRO_SPELLINGS; i++)
        if (numpy_spec[0] == macro_spellings[i][0] && strcmp(numpy_spec, macro_spellings[i]) == 0 &&
            macro_dtypes[i] != NULL)
            return macro_dtypes[i];
    numpy_type type;
    if (parse_numpy(numpy_spec, &type) < 0)
        return NULL;
    const h5x_dtype *dtype = find_predefined(&type);
    if (dtype == NULL)
        h5x_error(H5X_ERR_TYPE, "dtype '%s' is not predefined (only numbers are); use h5x_dtype_parse", numpy_spec);
    return dtype;
}

/* --------------------------------------------------------------- to text */

/* A growing string; a failed allocation is remembered and reported once. */
typedef struct text_buffer {
    char *data;
    size_t length;
    size_t capacity;
    int failed;
} text_buffer;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void append(text_buffer *text, const char *format, ...)
{
    if (text->failed)
        return;
    va_list args;
    va_start(args, format);
    int needed = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (needed < 0) {
        text->failed = 1;
        return;
    }
    if (text->length + (size_t)needed + 1 > text->capacity) {
        size_t capacity = text->capacity ? text->capacity : 32;
        while (capacity < text->length + (size_t)needed + 1)
            capacity *= 2;
        char *data = realloc(text->data, capacity);
        if (!data) {
            text->failed = 1;
            return;
        }
        text->data = data;
        text->capacity = capacity;
    }
    va_start(args, format);
    vsnprintf(text->data + text->length, text->capacity - text->length, format, args);
    va_end(args);
    text->length += (size_t)needed;
}

static char order_char(h5x_byte_order order)
{
    return order == H5X_ORDER_LITTLE ? '<' : order == H5X_ORDER_BIG ? '>' : '|';
}

static const char *charset_name(h5x_charset charset)
{
    return charset == H5X_CSET_UTF8 ? "utf-8" : "ascii";
}

static const char *padding_name(h5x_string_pad padding)
{
    switch (padding) {
    case H5X_PAD_NULLTERM:
        return "nullterm";
    case H5X_PAD_NULLPAD:
        return "nullpad";
    case H5X_PAD_SPACEPAD:
        return "spacepad";
    }
    return "unknown";
}

/* NumPy's spelling where NumPy has one; otherwise a description in the
 * same style, with component types spelled recursively. */
static void describe(text_buffer *text, const h5x_dtype *dtype)
{
    if (!dtype) {
        append(text, "(none)");
        return;
    }
    char order = observable_order(dtype) ? order_char(dtype->order) : '|';
    switch (dtype->type_class) {
    case H5X_CLASS_INTEGER:
        append(text, "%c%c%zu", order, dtype->u.integer.is_signed ? 'i' : 'u', dtype->size);
        return;
    case H5X_CLASS_FLOAT:
        append(text, "%cf%zu", order, dtype->size);
        return;
    case H5X_CLASS_BOOL:
        append(text, "|b1");
        return;
    case H5X_CLASS_COMPLEX:
        append(text, "%cc%zu", order, dtype->size);
        return;
    case H5X_CLASS_STRING:
        if (dtype->u.string.is_text)
            append(text, "text");
        else if (dtype->u.string.is_variable)
            append(text, "vlen string(%s)", charset_name(dtype->u.string.charset));
        else if (dtype->u.string.padding == H5X_PAD_NULLPAD && dtype->u.string.charset == H5X_CSET_ASCII)
            append(text, "|S%zu", dtype->size);
        else
            append(text, "string(%zu, %s, %s)", dtype->size, charset_name(dtype->u.string.charset),
                   padding_name(dtype->u.string.padding));
        return;
    case H5X_CLASS_OPAQUE:
        /* h5py's opaque_dtype tags a NumPy type with its own spelling */
        if (strncmp(dtype->u.opaque.tag, "NUMPY:", 6) == 0 && dtype->u.opaque.tag[6])
            append(text, "%s", dtype->u.opaque.tag + 6);
        else if (dtype->u.opaque.tag[0])
            append(text, "opaque(%zu, \"%s\")", dtype->size, dtype->u.opaque.tag);
        else
            append(text, "|V%zu", dtype->size);
        return;
    case H5X_CLASS_COMPOUND:
        append(text, "compound(");
        for (size_t i = 0; i < dtype->u.compound.count; i++) {
            const h5x_dtype_member *member = &dtype->u.compound.members[i];
            append(text, "%s%s: ", i ? ", " : "", member->name);
            describe(text, member->type);
            append(text, " @%zu", member->offset);
        }
        append(text, "; %zu bytes)", dtype->size);
        return;
    case H5X_CLASS_ENUM:
        append(text, "enum(");
        describe(text, dtype->u.enumeration.base);
        for (size_t i = 0; i < dtype->u.enumeration.count; i++) {
            const h5x_enum_value *value = &dtype->u.enumeration.values[i];
            const h5x_dtype *base = dtype->u.enumeration.base;
            if (base && base->type_class == H5X_CLASS_INTEGER && !base->u.integer.is_signed)
                append(text, "%s%s=%llu", i ? ", " : "; ", value->name, (unsigned long long)value->value);
            else
                append(text, "%s%s=%lld", i ? ", " : "; ", value->name, (long long)value->value);
        }
        append(text, ")");
        return;
    case H5X_CLASS_ARRAY:
        append(text, "array(");
        describe(text, dtype->u.array.base);
        append(text, "; ");
        for (int i = 0; i < dtype->u.array.rank; i++)
            append(text, "%s%llu", i ? "x" : "", (unsigned long long)dtype->u.array.dims[i]);
        append(text, ")");
        return;
    case H5X_CLASS_VLEN:
        append(text, "vlen(");
        describe(text, dtype->u.vlen.base);
        append(text, ")");
        return;
    case H5X_CLASS_REFERENCE:
        append(text, dtype->u.reference.kind == H5X_REF_REGION ? "region reference" : "object reference");
        return;
    case H5X_CLASS_BITFIELD:
        append(text, "bitfield(%c%zu)", order, dtype->size);
        return;
    }
    append(text, "unknown dtype class %d", (int)dtype->type_class);
}

char *h5x_dtype_to_string(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return NULL;
    text_buffer text = {0};
    describe(&text, dtype);
    if (text.failed || !text.data) {
        free(text.data);
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory describing a dtype");
        return NULL;
    }
    return text.data;
}
