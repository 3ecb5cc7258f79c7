/*
 * HDF5's scale-offset filter (id 6), for connectors that keep chunks
 * themselves, byte for byte as libhdf5 stores it.
 *
 * Integers: the chunk's minimum (ignoring elements equal to the fill
 * value) is subtracted from every element, and each difference is kept in
 * the fewest bits that hold the range — or in the number of bits the user
 * asked for; elements equal to the fill value become the all-ones pattern
 * of that width.  Floats (the "D-scale" method, h5py's scaleoffset=N):
 * each value is turned into round((x - min) * 10^N) — computed as HDF5
 * computes it, x * 10^N - min * 10^N in the element's own precision — and
 * packed like integers; decoding gives q / 10^N + min, so the result
 * carries N decimal digits.
 *
 * A stored chunk is a 21-byte header — the bit width (4 bytes, little
 * endian), the byte count of the minimum (1 byte, 8), the minimum (8
 * bytes, little endian; a float's own bit pattern in its low bytes), 8
 * zero bytes — then the values packed most significant bit first.  When
 * the width is the element's full size the elements follow as they are,
 * in little-endian order (libhdf5 writes its machine's order there; every
 * machine it runs on today is little endian).  The packed size is the one
 * libhdf5 gives, which may be one byte more than the bits need.
 *
 * The 20 client values: 0 scale type (0 D-scale, 1 E-scale, 2 integer),
 * 1 scale factor, 2 elements per chunk, 3 class (0 integer, 1 float),
 * 4 element size, 5 sign (0 unsigned, 1 two's complement), 6 byte order
 * (0 little, 1 big endian), 7 whether a fill value is defined, 8..19 the
 * fill value as 32-bit little-endian words.  libhdf5 defines E-scale but
 * refuses it on writing and reading, so no chunk holds it; it is refused
 * here the same way (an optional filter leaves the chunk unfiltered).
 */
#include "filter_typed.h"

#include "dtype.h"
#include "error.h"
#include "filter_bits.h"
#include "filter_registry.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    SO_NPARMS = 20,
    SO_HEADER = 21,
    SO_SCALE_TYPE = 0,
    SO_SCALE_FACTOR,
    SO_NELMTS,
    SO_CLASS,
    SO_SIZE,
    SO_SIGN,
    SO_ORDER,
    SO_FILL_DEFINED,
    SO_FILL
};
enum { SO_DSCALE = 0, SO_ESCALE = 1, SO_INT = 2 };
enum { SO_CLASS_INTEGER = 0, SO_CLASS_FLOAT = 1 };

typedef struct so_params {
    int scale_type;
    int factor;
    size_t elements;
    int is_float;
    unsigned size; /* bytes */
    int is_signed;
    int big_endian;
    int fill_defined;
    uint64_t fill; /* the fill value's bits */
} so_params;

/* ------------------------------------------------------------ elements */

static uint64_t load(const unsigned char *p, unsigned size, int big_endian)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)p[big_endian ? size - 1 - i : i] << (8 * i);
    return v;
}

static void store(unsigned char *p, uint64_t v, unsigned size, int big_endian)
{
    for (unsigned i = 0; i < size; i++)
        p[big_endian ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static uint64_t width_mask(unsigned bits)
{
    return bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
}

/* An element's bits as a value that compares in the element's order:
 * signed integers are sign-extended and biased. */
static uint64_t order_key(uint64_t bits, const so_params *p)
{
    if (!p->is_signed)
        return bits;
    unsigned width = p->size * 8;
    if (width < 64 && (bits >> (width - 1)) & 1)
        bits |= ~width_mask(width);
    return bits ^ ((uint64_t)1 << 63);
}

static float float_of(uint64_t bits)
{
    uint32_t b = (uint32_t)bits;
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static double double_of(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static uint64_t bits_of_float(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static uint64_t bits_of_double(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

/* The ceiling of log2(n), 0 for n <= 1. */
static unsigned ceil_log2(uint64_t n)
{
    unsigned bits = 0;
    while (bits < 64 && ((uint64_t)1 << bits) < n)
        bits++;
    return bits;
}

/* ----------------------------------------------------------- parameters */

static int params_of(const h5x_filter_spec *spec, so_params *p)
{
    if (spec->nvalues != SO_NPARMS)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset has %zu client values; a dataset's filter has %d",
                         spec->nvalues, SO_NPARMS);
    const unsigned *v = spec->values;
    p->scale_type = (int)v[SO_SCALE_TYPE];
    p->factor = (int)v[SO_SCALE_FACTOR];
    p->elements = v[SO_NELMTS];
    p->is_float = v[SO_CLASS] == SO_CLASS_FLOAT;
    p->size = v[SO_SIZE];
    p->is_signed = v[SO_SIGN] == 1;
    p->big_endian = v[SO_ORDER] == 1;
    p->fill_defined = v[SO_FILL_DEFINED] == 1;
    p->fill = (uint64_t)v[SO_FILL] | ((uint64_t)v[SO_FILL + 1] << 32);
    if (v[SO_CLASS] > SO_CLASS_FLOAT || v[SO_SIGN] > 1 || v[SO_ORDER] > 1)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset: bad class, sign or byte order in the client values");
    if (p->is_float ? (p->size != 4 && p->size != 8)
                    : (p->size != 1 && p->size != 2 && p->size != 4 && p->size != 8))
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "scaleoffset: no %u-byte %s type", p->size,
                         p->is_float ? "floating-point" : "integer");
    p->fill &= width_mask(p->size * 8);
    if (p->scale_type == SO_ESCALE)
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "scaleoffset: the E-scale method is refused, as libhdf5 refuses it "
                         "(HDF5 defines it but never gave it a format; use D-scale)");
    if (p->is_float ? p->scale_type != SO_DSCALE : p->scale_type != SO_INT)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset: scale type %d does not fit a %s type", p->scale_type,
                         p->is_float ? "floating-point" : "integer");
    if (!p->is_float && p->factor < 0)
        p->factor = 0; /* libhdf5 reads a negative bit count as "compute it" */
    if (!p->is_float && p->factor > (int)(p->size * 8))
        return h5x_error(H5X_ERR_OPTION, "scaleoffset: %d bits for %u-byte integers", p->factor, p->size);
    if (p->elements == 0)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset: chunks of 0 elements");
    return 0;
}

int h5x_scaleoffset_complete(const h5x_filter_spec *spec)
{
    return spec->nvalues == SO_NPARMS;
}

int h5x_scaleoffset_set_local(h5x_filter_spec *spec, const h5x_dtype *dtype, const void *fillvalue,
                              size_t chunk_elements)
{
    int is_float = dtype->type_class == H5X_CLASS_FLOAT;
    if (!is_float && dtype->type_class != H5X_CLASS_INTEGER)
        return h5x_error(H5X_ERR_TYPE, "scaleoffset works on integers and floats only");
    size_t size = dtype->size;
    if (is_float ? (size != 4 && size != 8) : (size != 1 && size != 2 && size != 4 && size != 8))
        return h5x_error(H5X_ERR_TYPE, "scaleoffset: no %zu-byte %s type", size, is_float ? "float" : "integer");
    if (chunk_elements == 0 || chunk_elements > UINT32_MAX)
        return h5x_error(H5X_ERR_SHAPE, "scaleoffset: chunks of %zu elements", chunk_elements);
    unsigned scale_type, factor;
    if (spec->nvalues >= 2) {
        scale_type = spec->values[0];
        factor = spec->values[1];
    } else {
        /* one value is h5py's scaleoffset=N: bits for integers, digits for floats */
        scale_type = is_float ? SO_DSCALE : SO_INT;
        factor = spec->nvalues == 1 ? spec->values[0] : 0;
    }
    /* As libhdf5 does, an optional scale-offset (h5py's, H5Pset_scaleoffset's,
     * every chain's) takes a scale type it cannot apply, E-scale included:
     * each chunk's encoding then fails and the chunk is stored unfiltered,
     * so the same chain makes the same file on every connector.  Only a
     * mandatory one is refused here. */
    int optional = (spec->flags & H5X_FILTER_FLAG_OPTIONAL) != 0;
    if (!optional && (is_float ? scale_type > SO_ESCALE : scale_type != SO_INT))
        return h5x_error(H5X_ERR_OPTION, "scaleoffset: scale type '%s' does not fit a %s dataset",
                         scale_type == SO_INT ? "int" : scale_type == SO_ESCALE ? "escale" : "dscale",
                         is_float ? "floating-point" : "integer");
    if (!optional && scale_type == SO_ESCALE)
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "scaleoffset: the E-scale method is refused, as libhdf5 refuses it "
                         "(HDF5 defines it but never gave it a format; use D-scale)");
    if (!is_float && (int)factor > (int)(size * 8))
        return h5x_error(H5X_ERR_OPTION, "scaleoffset: %d bits for %zu-byte integers", (int)factor, size);
    memset(spec->values, 0, sizeof spec->values);
    unsigned *v = spec->values;
    v[SO_SCALE_TYPE] = scale_type;
    v[SO_SCALE_FACTOR] = factor;
    v[SO_NELMTS] = (unsigned)chunk_elements;
    v[SO_CLASS] = is_float ? SO_CLASS_FLOAT : SO_CLASS_INTEGER;
    v[SO_SIZE] = (unsigned)size;
    v[SO_SIGN] = !is_float && dtype->u.integer.is_signed ? 1 : 0;
    int big_endian = dtype->order == H5X_ORDER_BIG;
    v[SO_ORDER] = big_endian ? 1 : 0;
    /* h5x datasets always have a fill value: the one given, else zeros */
    v[SO_FILL_DEFINED] = 1;
    uint64_t fill = fillvalue ? load(fillvalue, (unsigned)size, big_endian) : 0;
    v[SO_FILL] = (unsigned)(uint32_t)fill;
    if (size > 4)
        v[SO_FILL + 1] = (unsigned)(uint32_t)(fill >> 32);
    spec->nvalues = SO_NPARMS;
    return 0;
}

/* ------------------------------------------------------------- encoding */

/* Turns the elements into offsets from the minimum; gives the bit width
 * and the minimum's bits as stored in the header. */
static void integer_offsets(const so_params *p, uint64_t *values, unsigned *minbits, uint64_t *minval)
{
    unsigned width = p->size * 8;
    uint64_t mask = width_mask(width);
    size_t n = p->elements;
    int have = 0;
    uint64_t min = 0, max = 0; /* element bits; compared through order_key */
    for (size_t i = 0; i < n; i++) {
        if (p->fill_defined && values[i] == p->fill)
            continue;
        if (!have || order_key(values[i], p) < order_key(min, p))
            min = values[i];
        if (!have || order_key(values[i], p) > order_key(max, p))
            max = values[i];
        have = 1;
    }
    *minval = 0;
    if (*minbits == 0) {
        uint64_t range = (max - min) & mask;
        if (range > mask - 2) {
            *minbits = width; /* libhdf5 stores such a chunk whole, minimum 0 */
            return;
        }
        uint64_t span = range + 1;
        *minbits = ceil_log2(p->fill_defined ? span + 1 : span);
    }
    /* the minimum, sign-extended to 64 bits as libhdf5 keeps it */
    *minval = p->is_signed ? (order_key(min, p) ^ ((uint64_t)1 << 63)) : min;
    if (*minbits == width)
        return;
    uint64_t marker = width_mask(*minbits);
    for (size_t i = 0; i < n; i++)
        values[i] = p->fill_defined && values[i] == p->fill ? marker : ((values[i] - min) & mask);
}

/* The D-scale method for 4-byte floats, in float arithmetic as libhdf5. */
static void float_offsets(const so_params *p, uint64_t *values, unsigned *minbits, uint64_t *minval)
{
    size_t n = p->elements;
    float fill = float_of(p->fill);
    double tolerance = pow(10.0, -(double)p->factor);
    float scale = powf(10.0f, (float)p->factor);
    int have = 0;
    float min = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        float x = float_of(values[i]);
        if (p->fill_defined && fabs((double)(x - fill)) < tolerance)
            continue;
        if (!have || x < min)
            min = x;
        if (!have || x > max)
            max = x;
        have = 1;
    }
    *minval = 0;
    if (roundf(max * scale - min * scale) > powf(2.0f, 31.0f)) {
        *minbits = 32;
        return;
    }
    unsigned long long span = (unsigned long long)(llroundf(max * scale - min * scale) + 1);
    *minbits = ceil_log2(p->fill_defined ? span + 1 : span);
    if (*minbits != 32) {
        float tolerance_f = powf(10.0f, (float)-p->factor);
        for (size_t i = 0; i < n; i++) {
            float x = float_of(values[i]);
            int q = p->fill_defined && fabsf(x - fill) < tolerance_f ? (int)((1u << *minbits) - 1)
                                                                     : (int)lroundf(x * scale - min * scale);
            values[i] = (uint64_t)(uint32_t)q;
        }
    }
    *minval = bits_of_float(min);
}

/* The same for 8-byte floats, in double arithmetic. */
static void double_offsets(const so_params *p, uint64_t *values, unsigned *minbits, uint64_t *minval)
{
    size_t n = p->elements;
    double fill = double_of(p->fill);
    double tolerance = pow(10.0, -(double)p->factor);
    double scale = pow(10.0, (double)p->factor);
    int have = 0;
    double min = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        double x = double_of(values[i]);
        if (p->fill_defined && fabs(x - fill) < tolerance)
            continue;
        if (!have || x < min)
            min = x;
        if (!have || x > max)
            max = x;
        have = 1;
    }
    *minval = 0;
    if (round(max * scale - min * scale) > pow(2.0, 63.0)) {
        *minbits = 64;
        return;
    }
    unsigned long long span = (unsigned long long)(llround(max * scale - min * scale) + 1);
    *minbits = ceil_log2(p->fill_defined ? span + 1 : span);
    if (*minbits != 64) {
        for (size_t i = 0; i < n; i++) {
            double x = double_of(values[i]);
            long long q = p->fill_defined && fabs(x - fill) < tolerance ? (long long)width_mask(*minbits)
                                                                         : (long long)lround(x * scale - min * scale);
            values[i] = (uint64_t)q;
        }
    }
    *minval = bits_of_double(min);
}

static void put_header(unsigned char *out, unsigned minbits, uint64_t minval)
{
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(minbits >> (8 * i));
    out[4] = 8;
    for (int i = 0; i < 8; i++)
        out[5 + i] = (unsigned char)(minval >> (8 * i));
}

int h5x_scaleoffset_encode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, unsigned char **out,
                           size_t *out_size)
{
    so_params p = {0};
    int status = params_of(spec, &p);
    if (status < 0)
        return status;
    size_t n = p.elements;
    if (in_size != n * p.size)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "scaleoffset: a chunk of %zu bytes, expected %zu elements of %u bytes",
                         in_size, n, p.size);
    unsigned width = p.size * 8;
    if (!p.is_float && p.factor == (int)width) {
        /* all bits asked for: libhdf5 leaves the chunk untouched */
        unsigned char *copy = malloc(in_size ? in_size : 1);
        if (!copy)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", in_size);
        memcpy(copy, in, in_size);
        *out = copy;
        *out_size = in_size;
        return 1;
    }
    uint64_t *values = malloc(n * sizeof *values);
    if (!values)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a chunk of %zu elements", n);
    for (size_t i = 0; i < n; i++)
        values[i] = load(in + i * p.size, p.size, p.big_endian);
    unsigned minbits = p.is_float ? 0 : (unsigned)p.factor;
    uint64_t minval = 0;
    if (!p.is_float)
        integer_offsets(&p, values, &minbits, &minval);
    else if (p.size == 4)
        float_offsets(&p, values, &minbits, &minval);
    else
        double_offsets(&p, values, &minbits, &minval);
    size_t size = minbits == width ? SO_HEADER + in_size : SO_HEADER + in_size * minbits / width + 1;
    unsigned char *buffer = calloc(size, 1);
    if (!buffer) {
        free(values);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", size);
    }
    put_header(buffer, minbits, minval);
    if (minbits == width) {
        for (size_t i = 0; i < n; i++)
            store(buffer + SO_HEADER + i * p.size, values[i], p.size, 0);
    } else if (minbits > 0) {
        h5x_bit_writer writer = {buffer + SO_HEADER, 0, 0};
        for (size_t i = 0; i < n; i++)
            h5x_bits_put(&writer, values[i], minbits);
    }
    free(values);
    *out = buffer;
    *out_size = size;
    return 1;
}

/* ------------------------------------------------------------- decoding */

int h5x_scaleoffset_decode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, size_t expected,
                           unsigned char **out, size_t *out_size)
{
    so_params p = {0};
    int status = params_of(spec, &p);
    if (status < 0)
        return status;
    size_t n = p.elements;
    size_t bytes = n * p.size;
    if (expected && expected != bytes)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset chunk of %zu elements of %u bytes, expected %zu bytes", n, p.size,
                         expected);
    unsigned width = p.size * 8;
    if (!p.is_float && p.factor == (int)width) {
        if (in_size != bytes)
            return h5x_error(H5X_ERR_CORRUPT, "scaleoffset chunk of %zu bytes, expected %zu", in_size, bytes);
        unsigned char *copy = malloc(bytes ? bytes : 1);
        if (!copy)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", bytes);
        memcpy(copy, in, bytes);
        *out = copy;
        *out_size = bytes;
        return 1;
    }
    if (in_size < SO_HEADER)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset chunk of %zu bytes is shorter than its %d-byte header", in_size,
                         SO_HEADER);
    unsigned minbits = (unsigned)in[0] | (unsigned)in[1] << 8 | (unsigned)in[2] << 16 | (unsigned)in[3] << 24;
    if (minbits > width)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset chunk packs values in %u bits, more than the %u of its type",
                         minbits, width);
    unsigned minval_size = in[4] < 8 ? in[4] : 8;
    uint64_t minval = 0;
    for (unsigned i = 0; i < minval_size; i++)
        minval |= (uint64_t)in[5 + i] << (8 * i);
    uint64_t packed_bits = (uint64_t)n * minbits;
    if ((in_size - SO_HEADER) * (uint64_t)8 < packed_bits)
        return h5x_error(H5X_ERR_CORRUPT, "scaleoffset chunk is truncated: %zu bytes hold fewer than %zu values of %u bits",
                         in_size, n, minbits);
    unsigned char *buffer = malloc(bytes ? bytes : 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", bytes);
    if (minbits == width) {
        for (size_t i = 0; i < n; i++)
            store(buffer + i * p.size, load(in + SO_HEADER + i * p.size, p.size, 0), p.size, p.big_endian);
        *out = buffer;
        *out_size = bytes;
        return 1;
    }
    h5x_bit_reader reader = {in + SO_HEADER, in_size - SO_HEADER, 0, 0, 0};
    uint64_t marker = width_mask(minbits);
    uint64_t mask = width_mask(width);
    float scale_f = powf(10.0f, (float)p.factor);
    double scale_d = pow(10.0, (double)p.factor);
    for (size_t i = 0; i < n; i++) {
        uint64_t q = minbits ? h5x_bits_get(&reader, minbits) : 0;
        uint64_t value;
        if (p.fill_defined && q == marker)
            value = p.fill;
        else if (!p.is_float)
            value = (q + minval) & mask;
        else if (p.size == 4)
            value = bits_of_float((float)(int32_t)(uint32_t)q / scale_f + float_of(minval));
        else
            value = bits_of_double((double)(int64_t)q / scale_d + double_of(minval));
        store(buffer + i * p.size, value, p.size, p.big_endian);
    }
    *out = buffer;
    *out_size = bytes;
    return 1;
}
