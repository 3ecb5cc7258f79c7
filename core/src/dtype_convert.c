/*
 * Converting buffers of numbers from one dtype to another, as HDF5 does.
 *
 * Every dataset read or write whose memory type differs from the stored
 * type passes through here, whichever connector stores the data, so the
 * rules are HDF5's own (those of its "hard" conversion paths), which is
 * what h5py users see:
 *   - integers narrowed past their range clamp to the nearest bound
 *     (negative values into unsigned types become 0);
 *   - floats into integers truncate toward zero and clamp; NaN becomes 0;
 *   - integers into floats round to nearest; floats overflowing a narrower
 *     float become infinities; infinities and NaNs survive;
 *   - bool (h5py's enum) reads as 0/1, and anything non-zero writes TRUE;
 *   - complex converts part by part; a real becomes a complex with imaginary
 *     part 0; a complex never silently loses its imaginary part;
 *   - fixed-length strings are cut or padded as the target's padding says.
 * Those are the leaf types.  Everything built from other types, and the
 * strings that own memory (variable-length, text), is converted in
 * dtype_convert_composite.c, which comes back here for its leaves.
 * float16 (IEEE binary16) is done by hand on bit patterns, with rounding to
 * nearest even, so that no compiler support for _Float16 is needed.
 *
 * Speed matters because benchmarks read int16 into float64 through this
 * file.  Elements go through in blocks: a source block is widened into a
 * native intermediate (int64, uint64 or double, chosen by the source type),
 * then narrowed into the target.  Each step is one tight loop for a
 * (type, type) pair, and the whole block stays in the L1 cache.  Identical
 * types are a memmove; types that differ only in byte order a swap.
 *
 * src and dst may be the same buffer, which must then be large enough for n
 * elements of the larger type (as HDF5's H5Tconvert): blocks are walked
 * backwards when the target is wider so that no element is overwritten
 * before it is read.  Other overlaps are not allowed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "dtype_convert.h"
#include "error.h"

enum { BLOCK = 256 };

/* --------------------------------------------------------- byte swapping */

void h5x_swap_bytes(void *buffer, uint64_t count, size_t width)
{
    unsigned char *p = buffer;
    switch (width) {
    case 2:
        for (uint64_t i = 0; i < count; i++, p += 2) {
            uint16_t v;
            memcpy(&v, p, 2);
            v = __builtin_bswap16(v);
            memcpy(p, &v, 2);
        }
        break;
    case 4:
        for (uint64_t i = 0; i < count; i++, p += 4) {
            uint32_t v;
            memcpy(&v, p, 4);
            v = __builtin_bswap32(v);
            memcpy(p, &v, 4);
        }
        break;
    case 8:
        for (uint64_t i = 0; i < count; i++, p += 8) {
            uint64_t v;
            memcpy(&v, p, 8);
            v = __builtin_bswap64(v);
            memcpy(p, &v, 8);
        }
        break;
    default:
        for (uint64_t i = 0; i < count; i++, p += width)
            for (size_t a = 0, b = width - 1; a < b; a++, b--) {
                unsigned char t = p[a];
                p[a] = p[b];
                p[b] = t;
            }
        break;
    }
}

/* ----------------------------------------------------------------- half */

double h5x_half_to_double(uint16_t bits)
{
    uint64_t sign = (uint64_t)(bits >> 15) << 63;
    unsigned exponent = (bits >> 10) & 0x1f;
    uint64_t mantissa = bits & 0x3ff;
    uint64_t out;
    if (exponent == 0) {
        /* zero or subnormal: mantissa units of 2^-24, exact in a double */
        double magnitude = (double)mantissa * 0x1p-24;
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 0x1f)
        out = sign | UINT64_C(0x7ff0000000000000) | (mantissa << 42); /* inf, or NaN with its payload */
    else
        out = sign | ((uint64_t)(exponent - 15 + 1023) << 52) | (mantissa << 42);
    double value;
    memcpy(&value, &out, sizeof value);
    return value;
}

/* Shifts right, rounding to nearest with ties to even. */
static uint64_t shift_round_even(uint64_t value, unsigned shift)
{
    uint64_t kept = value >> shift;
    uint64_t rest = value & ((UINT64_C(1) << shift) - 1);
    uint64_t half = UINT64_C(1) << (shift - 1);
    if (rest > half || (rest == half && (kept & 1)))
        kept++;
    return kept;
}

uint16_t h5x_half_from_double(double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    uint16_t sign = (uint16_t)((bits >> 48) & 0x8000);
    int exponent = (int)((bits >> 52) & 0x7ff);
    uint64_t mantissa = bits & UINT64_C(0xfffffffffffff);

    if (exponent == 0x7ff) {
        if (mantissa == 0)
            return sign | 0x7c00;
        uint16_t payload = (uint16_t)(mantissa >> 42);
        return sign | 0x7c00 | (payload ? payload : 0x200);
    }
    int unbiased = exponent - 1023;
    if (unbiased >= 16)
        return sign | 0x7c00;
    if (unbiased >= -14) {
        /* normal: a carry out of the mantissa rightly bumps the exponent,
         * up to infinity for values from 65520 on */
        uint64_t rounded = shift_round_even(mantissa, 42);
        return sign | (uint16_t)(((uint64_t)(unbiased + 15) << 10) + rounded);
    }
    if (unbiased < -25 || exponent == 0)
        return sign; /* below half the smallest subnormal: zero */
    /* subnormal: the significand in units of 2^-24; rounding up may give
     * the smallest normal number, whose bits follow on naturally */
    uint64_t significand = mantissa | (UINT64_C(1) << 52);
    return sign | (uint16_t)shift_round_even(significand, (unsigned)(28 - unbiased));
}

/* ------------------------------------------------------- number formats */

typedef enum number_format {
    FORMAT_I8,
    FORMAT_I16,
    FORMAT_I32,
    FORMAT_I64,
    FORMAT_U8,
    FORMAT_U16,
    FORMAT_U32,
    FORMAT_U64,
    FORMAT_F16,
    FORMAT_F32,
    FORMAT_F64,
    FORMAT_BOOL,
    FORMAT_C64,
    FORMAT_C128,
    FORMAT_NONE
} number_format;

static number_format format_of(const h5x_dtype *dtype)
{
    switch (dtype->type_class) {
    case H5X_CLASS_INTEGER: {
        number_format first = dtype->u.integer.is_signed ? FORMAT_I8 : FORMAT_U8;
        switch (dtype->size) {
        case 1:
            return first;
        case 2:
            return (number_format)(first + 1);
        case 4:
            return (number_format)(first + 2);
        case 8:
            return (number_format)(first + 3);
        default:
            return FORMAT_NONE;
        }
    }
    case H5X_CLASS_FLOAT:
        return dtype->size == 2 ? FORMAT_F16 : dtype->size == 4 ? FORMAT_F32 : dtype->size == 8 ? FORMAT_F64 : FORMAT_NONE;
    case H5X_CLASS_BOOL:
        return dtype->size == 1 ? FORMAT_BOOL : FORMAT_NONE;
    case H5X_CLASS_COMPLEX:
        return dtype->size == 8 ? FORMAT_C64 : dtype->size == 16 ? FORMAT_C128 : FORMAT_NONE;
    default:
        return FORMAT_NONE;
    }
}

/* The unit a byte swap works on: a complex swaps each part. */
static size_t swap_width(const h5x_dtype *dtype)
{
    return dtype->type_class == H5X_CLASS_COMPLEX ? dtype->size / 2 : dtype->size;
}

static int needs_swap(const h5x_dtype *dtype)
{
    return dtype->order != H5X_ORDER_NONE && dtype->order != h5x_native_order() && swap_width(dtype) > 1;
}

/* -------------------------------------------------- the native intermediate */

typedef enum value_kind { VALUES_SIGNED, VALUES_UNSIGNED, VALUES_REAL } value_kind;

typedef struct value_block {
    value_kind kind;
    int has_imaginary;
    int64_t s[BLOCK];
    uint64_t u[BLOCK];
    double re[BLOCK];
    double im[BLOCK];
} value_block;

#define LOAD_INTO(TYPE, FIELD)                                \
    for (size_t k = 0; k < m; k++) {                          \
        TYPE v;                                               \
        memcpy(&v, p + k * sizeof(TYPE), sizeof(TYPE));       \
        b->FIELD[k] = v;                                      \
    }

#define LOAD_PARTS(TYPE)                                           \
    for (size_t k = 0; k < m; k++) {                               \
        TYPE parts[2];                                             \
        memcpy(parts, p + k * sizeof parts, sizeof parts);         \
        b->re[k] = parts[0];                                       \
        b->im[k] = parts[1];                                       \
    }

/* Widens m native-order elements at p into the block. */
static void load_block(number_format format, const unsigned char *p, size_t m, value_block *b)
{
    b->has_imaginary = 0;
    switch (format) {
    case FORMAT_I8:
        b->kind = VALUES_SIGNED;
        LOAD_INTO(int8_t, s);
        break;
    case FORMAT_I16:
        b->kind = VALUES_SIGNED;
        LOAD_INTO(int16_t, s);
        break;
    case FORMAT_I32:
        b->kind = VALUES_SIGNED;
        LOAD_INTO(int32_t, s);
        break;
    case FORMAT_I64:
        b->kind = VALUES_SIGNED;
        LOAD_INTO(int64_t, s);
        break;
    case FORMAT_U8:
        b->kind = VALUES_UNSIGNED;
        LOAD_INTO(uint8_t, u);
        break;
    case FORMAT_U16:
        b->kind = VALUES_UNSIGNED;
        LOAD_INTO(uint16_t, u);
        break;
    case FORMAT_U32:
        b->kind = VALUES_UNSIGNED;
        LOAD_INTO(uint32_t, u);
        break;
    case FORMAT_U64:
        b->kind = VALUES_UNSIGNED;
        LOAD_INTO(uint64_t, u);
        break;
    case FORMAT_BOOL:
        b->kind = VALUES_UNSIGNED;
        for (size_t k = 0; k < m; k++)
            b->u[k] = p[k] != 0;
        break;
    case FORMAT_F16:
        b->kind = VALUES_REAL;
        for (size_t k = 0; k < m; k++) {
            uint16_t bits;
            memcpy(&bits, p + 2 * k, 2);
            b->re[k] = h5x_half_to_double(bits);
        }
        break;
    case FORMAT_F32:
        b->kind = VALUES_REAL;
        LOAD_INTO(float, re);
        break;
    case FORMAT_F64:
        b->kind = VALUES_REAL;
        LOAD_INTO(double, re);
        break;
    case FORMAT_C64:
        b->kind = VALUES_REAL;
        b->has_imaginary = 1;
        LOAD_PARTS(float);
        break;
    case FORMAT_C128:
        b->kind = VALUES_REAL;
        b->has_imaginary = 1;
        LOAD_PARTS(double);
        break;
    case FORMAT_NONE:
        break;
    }
}

/* The integer nearest to x within [low, high], toward zero; NaN gives 0. */
static int64_t real_to_signed(double x, int64_t low, int64_t high, double high_plus_one)
{
    if (isnan(x))
        return 0;
    if (x <= (double)low)
        return low;
    if (x >= high_plus_one)
        return high;
    return (int64_t)x;
}

static uint64_t real_to_unsigned(double x, uint64_t high, double high_plus_one)
{
    if (!(x > 0.0)) /* negatives, -0 and NaN */
        return 0;
    if (x >= high_plus_one)
        return high;
    return (uint64_t)x;
}

/* The block's values clamped into [low, high], as int64. */
static void clamp_signed(const value_block *b, size_t m, int bits, int64_t *out)
{
    int64_t high = (int64_t)((UINT64_C(1) << (bits - 1)) - 1);
    int64_t low = -high - 1;
    double high_plus_one = ldexp(1.0, bits - 1);
    switch (b->kind) {
    case VALUES_SIGNED:
        for (size_t k = 0; k < m; k++)
            out[k] = b->s[k] < low ? low : b->s[k] > high ? high : b->s[k];
        break;
    case VALUES_UNSIGNED:
        for (size_t k = 0; k < m; k++)
            out[k] = b->u[k] > (uint64_t)high ? high : (int64_t)b->u[k];
        break;
    case VALUES_REAL:
        for (size_t k = 0; k < m; k++)
            out[k] = real_to_signed(b->re[k], low, high, high_plus_one);
        break;
    }
}

static void clamp_unsigned(const value_block *b, size_t m, int bits, uint64_t *out)
{
    uint64_t high = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    double high_plus_one = ldexp(1.0, bits);
    switch (b->kind) {
    case VALUES_SIGNED:
        for (size_t k = 0; k < m; k++)
            out[k] = b->s[k] < 0 ? 0 : (uint64_t)b->s[k] > high ? high : (uint64_t)b->s[k];
        break;
    case VALUES_UNSIGNED:
        for (size_t k = 0; k < m; k++)
            out[k] = b->u[k] > high ? high : b->u[k];
        break;
    case VALUES_REAL:
        for (size_t k = 0; k < m; k++)
            out[k] = real_to_unsigned(b->re[k], high, high_plus_one);
        break;
    }
}

#define STORE_FROM(TYPE, SOURCE)                              \
    for (size_t k = 0; k < m; k++) {                          \
        TYPE v = (TYPE)(SOURCE)[k];                           \
        memcpy(q + k * sizeof(TYPE), &v, sizeof(TYPE));       \
    }

/* Writes a real value per element (the real part) with a stride, so that
 * complex targets reuse the float stores. */
#define STORE_REAL(TYPE, STRIDE, OFFSET)                                 \
    switch (b->kind) {                                                   \
    case VALUES_SIGNED:                                                  \
        for (size_t k = 0; k < m; k++) {                                 \
            TYPE v = (TYPE)b->s[k];                                      \
            memcpy(q + k * (STRIDE) + (OFFSET), &v, sizeof(TYPE));       \
        }                                                                \
        break;                                                           \
    case VALUES_UNSIGNED:                                                \
        for (size_t k = 0; k < m; k++) {                                 \
            TYPE v = (TYPE)b->u[k];                                      \
            memcpy(q + k * (STRIDE) + (OFFSET), &v, sizeof(TYPE));       \
        }                                                                \
        break;                                                           \
    case VALUES_REAL:                                                    \
        for (size_t k = 0; k < m; k++) {                                 \
            TYPE v = (TYPE)b->re[k];                                     \
            memcpy(q + k * (STRIDE) + (OFFSET), &v, sizeof(TYPE));       \
        }                                                                \
        break;                                                           \
    }

#define STORE_IMAGINARY(TYPE)                                            \
    for (size_t k = 0; k < m; k++) {                                     \
        TYPE v = b->has_imaginary ? (TYPE)b->im[k] : (TYPE)0;            \
        memcpy(q + k * 2 * sizeof(TYPE) + sizeof(TYPE), &v, sizeof(TYPE)); \
    }

static double value_as_double(const value_block *b, size_t k)
{
    switch (b->kind) {
    case VALUES_SIGNED:
        return (double)b->s[k];
    case VALUES_UNSIGNED:
        return (double)b->u[k];
    case VALUES_REAL:
        break;
    }
    return b->re[k];
}

/* Narrows the block into m native-order elements at q. */
static void store_block(number_format format, const value_block *b, size_t m, unsigned char *q)
{
    int64_t signed_values[BLOCK];
    uint64_t unsigned_values[BLOCK];
    switch (format) {
    case FORMAT_I8:
        clamp_signed(b, m, 8, signed_values);
        STORE_FROM(int8_t, signed_values);
        break;
    case FORMAT_I16:
        clamp_signed(b, m, 16, signed_values);
        STORE_FROM(int16_t, signed_values);
        break;
    case FORMAT_I32:
        clamp_signed(b, m, 32, signed_values);
        STORE_FROM(int32_t, signed_values);
        break;
    case FORMAT_I64:
        clamp_signed(b, m, 64, signed_values);
        STORE_FROM(int64_t, signed_values);
        break;
    case FORMAT_U8:
        clamp_unsigned(b, m, 8, unsigned_values);
        STORE_FROM(uint8_t, unsigned_values);
        break;
    case FORMAT_U16:
        clamp_unsigned(b, m, 16, unsigned_values);
        STORE_FROM(uint16_t, unsigned_values);
        break;
    case FORMAT_U32:
        clamp_unsigned(b, m, 32, unsigned_values);
        STORE_FROM(uint32_t, unsigned_values);
        break;
    case FORMAT_U64:
        clamp_unsigned(b, m, 64, unsigned_values);
        STORE_FROM(uint64_t, unsigned_values);
        break;
    case FORMAT_BOOL:
        for (size_t k = 0; k < m; k++) {
            int nonzero = b->kind == VALUES_SIGNED     ? b->s[k] != 0
                          : b->kind == VALUES_UNSIGNED ? b->u[k] != 0
                                                       : b->re[k] != 0.0;
            q[k] = (unsigned char)nonzero;
        }
        break;
    case FORMAT_F16:
        /* integers reach float16 through double: those beyond 2^53, where
         * that rounds, overflow float16 to infinity either way */
        for (size_t k = 0; k < m; k++) {
            uint16_t bits = h5x_half_from_double(value_as_double(b, k));
            memcpy(q + 2 * k, &bits, 2);
        }
        break;
    case FORMAT_F32:
        STORE_REAL(float, sizeof(float), 0);
        break;
    case FORMAT_F64:
        STORE_REAL(double, sizeof(double), 0);
        break;
    case FORMAT_C64:
        STORE_REAL(float, 2 * sizeof(float), 0);
        STORE_IMAGINARY(float);
        break;
    case FORMAT_C128:
        STORE_REAL(double, 2 * sizeof(double), 0);
        STORE_IMAGINARY(double);
        break;
    case FORMAT_NONE:
        break;
    }
}

/* -------------------------------------------------------------- drivers */

static int numbers_convertible(const h5x_dtype *from, const h5x_dtype *to)
{
    if (format_of(from) == FORMAT_NONE || format_of(to) == FORMAT_NONE)
        return 0;
    /* dropping an imaginary part is a loss HDF5 refuses too */
    return from->type_class != H5X_CLASS_COMPLEX || to->type_class == H5X_CLASS_COMPLEX;
}

static int strings_convertible(const h5x_dtype *from, const h5x_dtype *to)
{
    return from->type_class == H5X_CLASS_STRING && to->type_class == H5X_CLASS_STRING &&
           !from->u.string.is_variable && !to->u.string.is_variable &&
           from->u.string.charset == to->u.string.charset;
}

/* Same class and size, differing at most in byte order. */
static int differ_only_in_order(const h5x_dtype *from, const h5x_dtype *to)
{
    if (!h5x_dtype_is_numeric(from) || from->type_class != to->type_class || from->size != to->size)
        return 0;
    return from->type_class != H5X_CLASS_INTEGER || !from->u.integer.is_signed == !to->u.integer.is_signed;
}

int h5x_dtype_is_leaf(const h5x_dtype *dtype)
{
    return h5x_dtype_is_numeric(dtype) || (dtype->type_class == H5X_CLASS_STRING && !dtype->u.string.is_variable);
}

int h5x_leaf_convertible(const h5x_dtype *from, const h5x_dtype *to)
{
    return h5x_dtype_equal(from, to) == 1 || numbers_convertible(from, to) || strings_convertible(from, to);
}

int h5x_dtype_convertible(const h5x_dtype *from, const h5x_dtype *to)
{
    if (!from || !to)
        return 0;
    if (!h5x_dtype_is_leaf(from) || !h5x_dtype_is_leaf(to))
        return h5x_composite_convertible(from, to, NULL, 0);
    if (h5x_dtype_equal(from, to) == 1)
        return 1;
    return numbers_convertible(from, to) || strings_convertible(from, to);
}

static void convert_numbers(const h5x_dtype *from, const unsigned char *src, const h5x_dtype *to,
                            unsigned char *dst, uint64_t n)
{
    value_block values;
    number_format from_format = format_of(from);
    number_format to_format = format_of(to);
    int swap_source = needs_swap(from);
    int swap_target = needs_swap(to);
    size_t from_width = swap_width(from);
    size_t to_width = swap_width(to);
    unsigned char swapped[BLOCK * 16];
    uint64_t blocks = (n + BLOCK - 1) / BLOCK;
    int backwards = (const void *)src == (void *)dst && to->size > from->size;

    for (uint64_t step = 0; step < blocks; step++) {
        uint64_t block = backwards ? blocks - 1 - step : step;
        uint64_t first = block * BLOCK;
        size_t m = (size_t)(n - first < BLOCK ? n - first : BLOCK);
        const unsigned char *p = src + first * from->size;
        if (swap_source) {
            memcpy(swapped, p, m * from->size);
            h5x_swap_bytes(swapped, m * (from->size / from_width), from_width);
            p = swapped;
        }
        load_block(from_format, p, m, &values);
        unsigned char *q = dst + first * to->size;
        store_block(to_format, &values, m, q);
        if (swap_target)
            h5x_swap_bytes(q, m * (to->size / to_width), to_width);
    }
}

/* Length of the text in a fixed-length string element, padding excluded. */
static size_t string_length(const h5x_dtype *dtype, const unsigned char *s)
{
    if (dtype->u.string.padding == H5X_PAD_SPACEPAD) {
        size_t length = dtype->size;
        while (length > 0 && s[length - 1] == ' ')
            length--;
        return length;
    }
    const unsigned char *nul = memchr(s, 0, dtype->size);
    return nul ? (size_t)(nul - s) : dtype->size;
}

static int convert_strings(const h5x_dtype *from, const unsigned char *src, const h5x_dtype *to,
                           unsigned char *dst, uint64_t n)
{
    unsigned char *element = malloc(from->size);
    if (!element)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory converting strings");
    int backwards = (const void *)src == (void *)dst && to->size > from->size;
    for (uint64_t step = 0; step < n; step++) {
        uint64_t i = backwards ? n - 1 - step : step;
        memcpy(element, src + i * from->size, from->size);
        unsigned char *d = dst + i * to->size;
        size_t length = string_length(from, element);
        if (length > to->size)
            length = to->size;
        memcpy(d, element, length);
        memset(d + length, to->u.string.padding == H5X_PAD_SPACEPAD ? ' ' : 0, to->size - length);
        if (to->u.string.padding == H5X_PAD_NULLTERM)
            d[to->size - 1] = 0; /* the terminator wins over the last character */
    }
    free(element);
    return 0;
}

int h5x_no_conversion(const h5x_dtype *from, const h5x_dtype *to)
{
    char *from_text = h5x_dtype_to_string(from);
    char *to_text = h5x_dtype_to_string(to);
    int status = h5x_error(H5X_ERR_TYPE, "no conversion from %s to %s", from_text ? from_text : "?",
                           to_text ? to_text : "?");
    free(from_text);
    free(to_text);
    return status;
}

int h5x_dtype_convert(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst, uint64_t n)
{
    int status = h5x_dtype_check(from);
    if (status < 0)
        return status;
    status = h5x_dtype_check(to);
    if (status < 0)
        return status;
    if (n > 0 && (!src || !dst))
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "dtype conversion of %llu elements needs both buffers",
                         (unsigned long long)n);
    uint64_t widest = from->size > to->size ? from->size : to->size;
    if (widest > 0 && n > SIZE_MAX / widest)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "dtype conversion of %llu elements overflows memory",
                         (unsigned long long)n);
    if (!h5x_dtype_is_leaf(from) || !h5x_dtype_is_leaf(to))
        return h5x_convert_composite(from, src, to, dst, n);
    return h5x_convert_leaf(from, src, to, dst, n);
}

int h5x_convert_leaf(const h5x_dtype *from, const void *src, const h5x_dtype *to, void *dst, uint64_t n)
{
    if (h5x_dtype_equal(from, to) == 1) {
        if (n > 0 && src != dst)
            memmove(dst, src, (size_t)n * from->size);
        return 0;
    }
    if (differ_only_in_order(from, to)) {
        if (n > 0 && src != dst)
            memmove(dst, src, (size_t)n * from->size);
        if (n > 0)
            h5x_swap_bytes(dst, n * (from->size / swap_width(from)), swap_width(from));
        return 0;
    }
    if (numbers_convertible(from, to)) {
        convert_numbers(from, src, to, dst, n);
        return 0;
    }
    if (strings_convertible(from, to))
        return convert_strings(from, src, to, dst, n);
    return h5x_no_conversion(from, to);
}
