/*
 * dtype_convert_composite.c — converting the types built from other types,
 * and the strings that own memory, as HDF5 does.
 *
 * The in-memory connector converts with this file alone, and the native
 * connector falls back on it wherever libhdf5 has no conversion (fixed to
 * variable-length strings, integers into enums) or must not do it (text,
 * whose encoding h5x checks), so its rules are HDF5's own:
 *
 *   compound -> compound   members matched by name; source members the
 *                          target lacks are dropped, target members the
 *                          source lacks are left as they were in the
 *                          target buffer (HDF5's background), which is what
 *                          lets h5py read and write single fields;
 *   enum -> enum           values matched by name; a value the source type
 *                          does not name is an error;
 *   enum -> number         by value (HDF5's enum-to-numeric conversion);
 *   integer -> enum        by value, which must be one of the enum's
 *                          (HDF5 has no such conversion; h5py users get it
 *                          through NumPy, and h5x checks the value);
 *   array -> array         same dimensions, element by element;
 *   vlen -> vlen           sequence by sequence, each element converted;
 *   strings                fixed <-> variable-length, padding as the target
 *                          says; a NUL inside a string cannot become a C
 *                          string and is an error; bytes move unchecked
 *                          within one character set (HDF5 refuses to change
 *                          the character set of bytes); the text type checks
 *                          that stored ASCII is ASCII and stored UTF-8 is
 *                          valid UTF-8, whichever way the data goes;
 *   opaque, reference      only into the very same type.
 *
 * Memory.  Every sequence and variable-length string of the target is
 * allocated afresh with malloc (h5x_reclaim frees it), even between equal
 * types: the target never shares memory with the source.  A conversion
 * that fails half-way frees what it allocated and leaves the target buffer
 * as it was; to make that possible, targets that own memory are built in
 * a copy of the target buffer (so that unmatched compound members keep
 * their values) and copied over at the end.  In place (src == dst) the
 * source's own memory is released once it has been converted, since
 * nothing can reach it afterwards.
 *
 * The walk is recursive with strides: a compound member is converted for
 * all n elements at once, n elements compound-size apart, so nested
 * compounds cost one pass per leaf member.  Leaves with strides are
 * gathered into packed blocks for dtype_convert.c and scattered back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "dtype_convert.h"
#include "error.h"
#include "h5x_connector.h"

enum { BLOCK = 256 };

/* ----------------------------------------------------------- memory */

/* The allocations of one conversion, freed together if it fails. */
typedef struct conversion {
    void **allocations;
    size_t count;
    size_t capacity;
} conversion;

static void *conversion_alloc(conversion *c, size_t size)
{
    if (c->count == c->capacity) {
        size_t capacity = c->capacity ? 2 * c->capacity : 64;
        void **grown = realloc(c->allocations, capacity * sizeof *grown);
        if (!grown)
            return NULL;
        c->allocations = grown;
        c->capacity = capacity;
    }
    void *memory = calloc(1, size > 0 ? size : 1);
    if (memory)
        c->allocations[c->count++] = memory;
    return memory;
}

static void conversion_fail(conversion *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->allocations[i]);
    free(c->allocations);
    memset(c, 0, sizeof *c);
}

static void conversion_succeed(conversion *c)
{
    free(c->allocations);
    memset(c, 0, sizeof *c);
}

static int out_of_memory(void)
{
    return h5x_error(H5X_ERR_NO_MEMORY, "out of memory converting variable-length data");
}

/* ---------------------------------------------------------- checking */

static void set_reason(char *reason, size_t size, const char *text)
{
    if (reason && size)
        snprintf(reason, size, "%s", text);
}

static int same_dims(const h5x_dtype *a, const h5x_dtype *b)
{
    if (a->u.array.rank != b->u.array.rank)
        return 0;
    for (int i = 0; i < a->u.array.rank; i++)
        if (a->u.array.dims[i] != b->u.array.dims[i])
            return 0;
    return 1;
}

static const h5x_dtype_member *member_named(const h5x_dtype *compound, const char *name)
{
    for (size_t i = 0; i < compound->u.compound.count; i++)
        if (strcmp(compound->u.compound.members[i].name, name) == 0)
            return &compound->u.compound.members[i];
    return NULL;
}

static int enum_index_of_name(const h5x_dtype *enumeration, const char *name)
{
    for (size_t i = 0; i < enumeration->u.enumeration.count; i++)
        if (strcmp(enumeration->u.enumeration.values[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t size);

static int strings_convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t size)
{
    if (from->u.string.is_text || to->u.string.is_text)
        return 1; /* text is checked element by element */
    if (from->u.string.charset != to->u.string.charset) {
        set_reason(reason, size, "bytes do not change character set (read or write them as text)");
        return 0;
    }
    return 1;
}

static int compounds_convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t size)
{
    size_t common = 0;
    for (size_t i = 0; i < to->u.compound.count; i++) {
        const h5x_dtype_member *target = &to->u.compound.members[i];
        const h5x_dtype_member *source = member_named(from, target->name);
        if (!source)
            continue;
        common++;
        char inner[200] = "";
        if (!convertible(source->type, target->type, inner, sizeof inner)) {
            if (reason && size)
                snprintf(reason, size, "member '%s'%s%s", target->name, inner[0] ? ": " : "", inner);
            return 0;
        }
    }
    if (common == 0 && to->u.compound.count > 0) {
        set_reason(reason, size, "the compounds have no member name in common");
        return 0;
    }
    return 1;
}

static int enums_convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t size)
{
    for (size_t i = 0; i < from->u.enumeration.count; i++)
        if (enum_index_of_name(to, from->u.enumeration.values[i].name) < 0) {
            if (reason && size)
                snprintf(reason, size, "the target enum has no member '%s'", from->u.enumeration.values[i].name);
            return 0;
        }
    return 1;
}

static int convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t size)
{
    if (h5x_dtype_is_leaf(from) && h5x_dtype_is_leaf(to))
        return h5x_leaf_convertible(from, to);
    h5x_dtype_class fc = from->type_class, tc = to->type_class;
    if (fc == H5X_CLASS_STRING && tc == H5X_CLASS_STRING)
        return strings_convertible(from, to, reason, size);
    if (fc == H5X_CLASS_COMPOUND && tc == H5X_CLASS_COMPOUND)
        return compounds_convertible(from, to, reason, size);
    if (fc == H5X_CLASS_ENUM && tc == H5X_CLASS_ENUM)
        return h5x_dtype_equal(from, to) == 1 || enums_convertible(from, to, reason, size);
    if (fc == H5X_CLASS_ENUM && (tc == H5X_CLASS_INTEGER || tc == H5X_CLASS_FLOAT))
        return 1;
    if ((fc == H5X_CLASS_INTEGER || fc == H5X_CLASS_BOOL) && tc == H5X_CLASS_ENUM)
        return 1;
    if (fc == H5X_CLASS_ARRAY && tc == H5X_CLASS_ARRAY) {
        if (!same_dims(from, to)) {
            set_reason(reason, size, "arrays of different dimensions");
            return 0;
        }
        return convertible(from->u.array.base, to->u.array.base, reason, size);
    }
    if (fc == H5X_CLASS_VLEN && tc == H5X_CLASS_VLEN)
        return convertible(from->u.vlen.base, to->u.vlen.base, reason, size);
    if (fc == tc && (fc == H5X_CLASS_OPAQUE || fc == H5X_CLASS_REFERENCE || fc == H5X_CLASS_BITFIELD)) {
        if (h5x_dtype_equal(from, to) == 1)
            return 1;
        if (fc == H5X_CLASS_BITFIELD && from->size == to->size)
            return 1;
        set_reason(reason, size,
                   fc == H5X_CLASS_OPAQUE ? "opaque data converts only to the same size and tag" : "different types");
        return 0;
    }
    return 0;
}

int h5x_composite_convertible(const h5x_dtype *from, const h5x_dtype *to, char *reason, size_t reason_size)
{
    if (reason && reason_size)
        reason[0] = '\0';
    return convertible(from, to, reason, reason_size);
}

/* ------------------------------------------------------------ leaves */

/* Leaf types with strides: gathered into packed blocks, converted, and
 * scattered, so that dst bytes outside the elements stay untouched. */
static int convert_leaf_strided(const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    if (src_stride == from->size && dst_stride == to->size)
        return h5x_convert_leaf(from, src, to, dst, n);
    if (h5x_dtype_equal(from, to) == 1) {
        for (uint64_t i = 0; i < n; i++)
            memcpy(dst + i * dst_stride, src + i * src_stride, to->size);
        return 0;
    }
    unsigned char *packed_src = malloc(BLOCK * from->size);
    unsigned char *packed_dst = malloc(BLOCK * to->size);
    int status = packed_src && packed_dst ? 0 : h5x_error(H5X_ERR_NO_MEMORY, "out of memory converting data");
    for (uint64_t first = 0; status >= 0 && first < n; first += BLOCK) {
        size_t m = (size_t)(n - first < BLOCK ? n - first : BLOCK);
        for (size_t k = 0; k < m; k++)
            memcpy(packed_src + k * from->size, src + (first + k) * src_stride, from->size);
        status = h5x_convert_leaf(from, packed_src, to, packed_dst, m);
        for (size_t k = 0; status >= 0 && k < m; k++)
            memcpy(dst + (first + k) * dst_stride, packed_dst + k * to->size, to->size);
    }
    free(packed_src);
    free(packed_dst);
    return status < 0 ? status : 0;
}

/* ------------------------------------------------------------ strings */

typedef struct string_view {
    const unsigned char *bytes;
    size_t length;
    int embedded_nul; /* a NUL before the end of the content */
} string_view;

static string_view view_string(const h5x_dtype *dtype, const unsigned char *p)
{
    string_view view = {0};
    if (dtype->u.string.is_variable) {
        const char *text;
        memcpy(&text, p, sizeof text);
        view.bytes = (const unsigned char *)(text ? text : "");
        view.length = strlen((const char *)view.bytes);
        return view;
    }
    view.bytes = p;
    size_t length = dtype->size;
    switch (dtype->u.string.padding) {
    case H5X_PAD_NULLTERM: {
        /* the string ends at the first NUL; what follows is padding */
        const unsigned char *nul = memchr(p, 0, length);
        view.length = nul ? (size_t)(nul - p) : length;
        return view;
    }
    case H5X_PAD_SPACEPAD:
        while (length > 0 && p[length - 1] == ' ')
            length--;
        break;
    case H5X_PAD_NULLPAD:
        while (length > 0 && p[length - 1] == 0)
            length--;
        break;
    }
    view.length = length;
    view.embedded_nul = memchr(p, 0, length) != NULL;
    return view;
}

/* The offset of the first byte that breaks UTF-8 (overlong forms,
 * surrogates and code points past U+10FFFF included), or length. */
static size_t utf8_invalid_at(const unsigned char *s, size_t length)
{
    size_t i = 0;
    while (i < length) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char low = 0x80, high = 0xbf;
        if (c >= 0xc2 && c <= 0xdf)
            need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0)
                low = 0xa0;
            else if (c == 0xed)
                high = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0)
                low = 0x90;
            else if (c == 0xf4)
                high = 0x8f;
        } else
            return i;
        if (i + need >= length)
            return i; /* cut short */
        if (s[i + 1] < low || s[i + 1] > high)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
        i += need + 1;
    }
    return length;
}

static size_t ascii_invalid_at(const unsigned char *s, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (s[i] >= 0x80)
            return i;
    return length;
}

/* Checks text against a character set; records the error. */
static int check_encoding(const string_view *view, h5x_charset charset, uint64_t element, const char *role)
{
    if (charset == H5X_CSET_ASCII) {
        size_t at = ascii_invalid_at(view->bytes, view->length);
        if (at < view->length)
            return h5x_error(H5X_ERR_TYPE, "string %llu is not ASCII (byte 0x%02x at %zu), which the %s type requires",
                             (unsigned long long)element, view->bytes[at], at, role);
        return 0;
    }
    size_t at = utf8_invalid_at(view->bytes, view->length);
    if (at < view->length)
        return h5x_error(H5X_ERR_TYPE, "string %llu is not valid UTF-8 (byte 0x%02x at %zu), which the %s type requires",
                         (unsigned long long)element, view->bytes[at], at, role);
    return 0;
}

static int convert_string_elements(conversion *c, const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                   const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    int reading_text = to->u.string.is_text && !from->u.string.is_text;
    int writing_text = from->u.string.is_text;
    for (uint64_t i = 0; i < n; i++) {
        string_view view = view_string(from, src + i * src_stride);
        unsigned char *d = dst + i * dst_stride;
        if (view.embedded_nul && to->u.string.is_variable)
            return h5x_error(H5X_ERR_TYPE,
                             "string %llu holds a NUL byte followed by more text, which a variable-length "
                             "string cannot hold",
                             (unsigned long long)i);
        int status = 0;
        if (reading_text)
            status = check_encoding(&view, from->u.string.charset, i, "stored");
        else if (writing_text)
            status = check_encoding(&view, to->u.string.charset, i, to->u.string.is_text ? "text" : "stored");
        if (status < 0)
            return status;

        if (to->u.string.is_variable) {
            char *copy = conversion_alloc(c, view.length + 1);
            if (!copy)
                return out_of_memory();
            memcpy(copy, view.bytes, view.length);
            copy[view.length] = '\0';
            memcpy(d, &copy, sizeof copy);
            continue;
        }
        size_t length = view.length < to->size ? view.length : to->size;
        /* cutting text stored as UTF-8 keeps whole characters */
        if (length < view.length && writing_text && to->u.string.charset == H5X_CSET_UTF8)
            while (length > 0 && (view.bytes[length] & 0xc0) == 0x80)
                length--;
        memcpy(d, view.bytes, length);
        memset(d + length, to->u.string.padding == H5X_PAD_SPACEPAD ? ' ' : 0, to->size - length);
        if (to->u.string.padding == H5X_PAD_NULLTERM)
            d[to->size - 1] = 0; /* the terminator wins over the last character */
    }
    return 0;
}

/* -------------------------------------------------------------- enums */

static uint64_t load_bits(const h5x_dtype *integer, const unsigned char *p)
{
    uint64_t bits = 0;
    size_t size = integer->size;
    if (integer->order == H5X_ORDER_BIG)
        for (size_t i = 0; i < size; i++)
            bits = bits << 8 | p[i];
    else
        for (size_t i = size; i-- > 0;)
            bits = bits << 8 | p[i];
    return bits;
}

static void store_bits(const h5x_dtype *integer, unsigned char *p, uint64_t bits)
{
    size_t size = integer->size;
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = (unsigned char)(bits >> (8 * i));
        p[integer->order == H5X_ORDER_BIG ? size - 1 - i : i] = byte;
    }
}

/* The value of an integer element as the enum code holds values. */
static int64_t load_value(const h5x_dtype *integer, const unsigned char *p)
{
    uint64_t bits = load_bits(integer, p);
    if (integer->u.integer.is_signed && integer->size < 8 && (bits >> (integer->size * 8 - 1)) & 1)
        bits |= ~UINT64_C(0) << (integer->size * 8);
    return (int64_t)bits;
}

static int enum_index_of_value(const h5x_dtype *enumeration, int64_t value)
{
    for (size_t i = 0; i < enumeration->u.enumeration.count; i++)
        if (enumeration->u.enumeration.values[i].value == value)
            return (int)i;
    return -1;
}

static int convert_enum_to_enum(const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        int64_t value = load_value(from->u.enumeration.base, src + i * src_stride);
        int index = enum_index_of_value(from, value);
        if (index < 0)
            return h5x_error(H5X_ERR_TYPE, "element %llu holds %lld, which the source enum does not name",
                             (unsigned long long)i, (long long)value);
        int target = enum_index_of_name(to, from->u.enumeration.values[index].name);
        store_bits(to->u.enumeration.base, dst + i * dst_stride, (uint64_t)to->u.enumeration.values[target].value);
    }
    return 0;
}

static int convert_number_to_enum(const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                  const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    const h5x_dtype *base = to->u.enumeration.base;
    for (uint64_t i = 0; i < n; i++) {
        const unsigned char *p = src + i * src_stride;
        int negative = 0, beyond_int64 = 0;
        int64_t value;
        if (from->type_class == H5X_CLASS_BOOL) {
            value = p[0] != 0;
        } else {
            uint64_t bits = load_bits(from, p);
            value = load_value(from, p);
            negative = from->u.integer.is_signed && value < 0;
            beyond_int64 = !from->u.integer.is_signed && bits > (uint64_t)INT64_MAX;
        }
        /* a negative number never names an unsigned enum's value, nor one
         * past INT64_MAX a signed enum's */
        int index = -1;
        if (!(negative && !base->u.integer.is_signed) && !(beyond_int64 && base->u.integer.is_signed))
            index = enum_index_of_value(to, value);
        if (index < 0) {
            if (beyond_int64 || !from->u.integer.is_signed || from->type_class == H5X_CLASS_BOOL)
                return h5x_error(H5X_ERR_TYPE, "element %llu: %llu is not a value of the enum",
                                 (unsigned long long)i, (unsigned long long)value);
            return h5x_error(H5X_ERR_TYPE, "element %llu: %lld is not a value of the enum", (unsigned long long)i,
                             (long long)value);
        }
        store_bits(base, dst + i * dst_stride, (uint64_t)value);
    }
    return 0;
}

/* ------------------------------------------------------------ the walk */

static int convert_strided(conversion *c, const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                           const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n);

static int convert_vlen_elements(conversion *c, const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                 const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    const h5x_dtype *from_base = from->u.vlen.base, *to_base = to->u.vlen.base;
    for (uint64_t i = 0; i < n; i++) {
        h5x_vlen in, out = {0, NULL};
        memcpy(&in, src + i * src_stride, sizeof in);
        if (in.length > 0) {
            if (!in.data)
                return h5x_error(H5X_ERR_INVALID_ARGUMENT, "sequence %llu has length %zu and no data",
                                 (unsigned long long)i, in.length);
            if (in.length > SIZE_MAX / to_base->size)
                return out_of_memory();
            out.data = conversion_alloc(c, in.length * to_base->size);
            if (!out.data)
                return out_of_memory();
            out.length = in.length;
            int status = convert_strided(c, from_base, in.data, from_base->size, to_base, out.data, to_base->size,
                                         in.length);
            if (status < 0)
                return status;
        }
        memcpy(dst + i * dst_stride, &out, sizeof out);
    }
    return 0;
}

static int convert_compound_members(conversion *c, const h5x_dtype *from, const unsigned char *src,
                                    size_t src_stride, const h5x_dtype *to, unsigned char *dst, size_t dst_stride,
                                    uint64_t n)
{
    for (size_t m = 0; m < to->u.compound.count; m++) {
        const h5x_dtype_member *target = &to->u.compound.members[m];
        const h5x_dtype_member *source = member_named(from, target->name);
        if (!source)
            continue; /* HDF5's background: left as it was */
        int status = convert_strided(c, source->type, src + source->offset, src_stride, target->type,
                                     dst + target->offset, dst_stride, n);
        if (status < 0) {
            h5x_error_prefix("compound member '%s'", target->name);
            return status;
        }
    }
    return 0;
}

static int convert_array_elements(conversion *c, const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                                  const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    const h5x_dtype *from_base = from->u.array.base, *to_base = to->u.array.base;
    uint64_t per_element = from->size / from_base->size;
    if (src_stride == from->size && dst_stride == to->size)
        return convert_strided(c, from_base, src, from_base->size, to_base, dst, to_base->size, n * per_element);
    for (uint64_t i = 0; i < n; i++) {
        int status = convert_strided(c, from_base, src + i * src_stride, from_base->size, to_base,
                                     dst + i * dst_stride, to_base->size, per_element);
        if (status < 0)
            return status;
    }
    return 0;
}

static void swap_strided(unsigned char *dst, size_t stride, uint64_t n, size_t size)
{
    for (uint64_t i = 0; i < n; i++)
        h5x_swap_bytes(dst + i * stride, 1, size);
}

static int convert_strided(conversion *c, const h5x_dtype *from, const unsigned char *src, size_t src_stride,
                           const h5x_dtype *to, unsigned char *dst, size_t dst_stride, uint64_t n)
{
    if (h5x_dtype_is_leaf(from) && h5x_dtype_is_leaf(to))
        return convert_leaf_strided(from, src, src_stride, to, dst, dst_stride, n);
    h5x_dtype_class fc = from->type_class, tc = to->type_class;
    if (fc == H5X_CLASS_STRING && tc == H5X_CLASS_STRING)
        return convert_string_elements(c, from, src, src_stride, to, dst, dst_stride, n);
    if (fc == H5X_CLASS_COMPOUND && tc == H5X_CLASS_COMPOUND)
        return convert_compound_members(c, from, src, src_stride, to, dst, dst_stride, n);
    if (fc == H5X_CLASS_VLEN && tc == H5X_CLASS_VLEN)
        return convert_vlen_elements(c, from, src, src_stride, to, dst, dst_stride, n);
    if (fc == H5X_CLASS_ARRAY && tc == H5X_CLASS_ARRAY)
        return convert_array_elements(c, from, src, src_stride, to, dst, dst_stride, n);
    if (fc == H5X_CLASS_ENUM && tc == H5X_CLASS_ENUM && h5x_dtype_equal(from, to) != 1)
        return convert_enum_to_enum(from, src, src_stride, to, dst, dst_stride, n);
    if (fc == H5X_CLASS_ENUM && tc != H5X_CLASS_ENUM)
        /* an enum's bytes are its base integer's */
        return convert_leaf_strided(from->u.enumeration.base, src, src_stride, to, dst, dst_stride, n);
    if (tc == H5X_CLASS_ENUM && fc != H5X_CLASS_ENUM)
        return convert_number_to_enum(from, src, src_stride, to, dst, dst_stride, n);
    /* equal enums, opaque, references and bitfields: the bytes themselves */
    for (uint64_t i = 0; i < n; i++)
        memcpy(dst + i * dst_stride, src + i * src_stride, to->size);
    if (fc == H5X_CLASS_BITFIELD && from->order != to->order && to->size > 1)
        swap_strided(dst, dst_stride, n, to->size);
    return 0;
}

/* --------------------------------------------------------------- entry */

int h5x_convert_composite(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst, uint64_t n)
{
    char reason[256] = "";
    if (!convertible(from, to, reason, sizeof reason)) {
        if (!reason[0])
            return h5x_no_conversion(from, to);
        char *from_text = h5x_dtype_to_string(from);
        char *to_text = h5x_dtype_to_string(to);
        int status = h5x_error(H5X_ERR_TYPE, "no conversion from %s to %s (%s)", from_text ? from_text : "?",
                               to_text ? to_text : "?", reason);
        free(from_text);
        free(to_text);
        return status;
    }
    if (n == 0)
        return 0;
    int equal = h5x_dtype_equal(from, to) == 1;
    int owns_memory = h5x_dtype_has_variable(to);
    int in_place = (const void *)src == dst;
    size_t bytes = (size_t)n * to->size;
    if (equal && (in_place || !owns_memory)) {
        if (!in_place)
            memmove(dst, src, bytes);
        return 0;
    }

    conversion c = {0};
    if (!owns_memory && !in_place) {
        int status = convert_strided(&c, from, src, from->size, to, dst, to->size, n);
        conversion_succeed(&c);
        return status < 0 ? status : 0;
    }
    unsigned char *staging = malloc(bytes);
    if (!staging)
        return out_of_memory();
    if (in_place)
        memset(staging, 0, bytes);
    else
        memcpy(staging, dst, bytes); /* the background of unmatched compound members */
    int status = convert_strided(&c, from, src, from->size, to, staging, to->size, n);
    if (status < 0) {
        conversion_fail(&c);
        free(staging);
        return status;
    }
    conversion_succeed(&c);
    if (in_place)
        h5x_reclaim(from, dst, n); /* the source's memory: converted, and unreachable from now on */
    memcpy(dst, staging, bytes);
    free(staging);
    return 0;
}
