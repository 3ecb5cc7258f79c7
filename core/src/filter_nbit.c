/*
 * HDF5's n-bit filter (id 5), for connectors that keep chunks themselves,
 * byte for byte as libhdf5 stores it.
 *
 * An integer or float type may declare that only `precision` bits,
 * starting `offset` bits above the least significant one, carry
 * information (H5Tset_precision, H5Tset_offset).  N-bit keeps just those
 * bits: element after element, the significant bits of every number are
 * appended to one bit stream, most significant first; bytes of members
 * that are not numbers (strings, enums, opaque data...) are appended
 * whole.  Decoding puts the bits back in place and leaves the padding
 * bits zero.  The stored size is libhdf5's: the whole bytes of the stream
 * plus one.
 *
 * The client values describe the type, depth first, so that a chunk
 * decodes from them alone:
 *   0 the number of values, 1 "nothing to do" (every number has full
 *   precision: the chunk is stored unchanged), 2 elements per chunk, then
 *   the element's type:
 *     number   1, size, order (0 little, 1 big endian), precision, offset
 *     array    2, size, the base type
 *     compound 3, size, member count, then per member its byte offset and
 *              its type
 *     other    4, size
 * A type at the top that is none of number, array or compound needs no
 * values after the third.  h5x's own types always have full precision, so
 * a dataset h5x creates gets "nothing to do" as libhdf5 would give it; the
 * packing runs on chunks of files written with reduced precision.
 *
 * Client values are at most H5X_FILTER_MAX_CLIENT_VALUES here, which is
 * enough for numbers, arrays and compounds of up to four numbers; a type
 * that needs more is refused with a message saying so.
 */
#include "filter_typed.h"

#include "dtype.h"
#include "error.h"
#include "filter_bits.h"
#include "h5x_filter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NBIT_NUMBER = 1, NBIT_ARRAY = 2, NBIT_COMPOUND = 3, NBIT_OTHER = 4 };
enum { NBIT_MAX_DEPTH = 16 };

/* ---------------------------------------------------------- set_local */

typedef struct value_list {
    unsigned *values;
    size_t count, capacity;
    int failed; /* more values than capacity */
} value_list;

static void push(value_list *list, size_t value)
{
    if (list->count < list->capacity)
        list->values[list->count] = (unsigned)value;
    else
        list->failed = 1;
    list->count++;
}

static int describe(value_list *list, const h5x_dtype *dtype, int depth)
{
    if (depth > NBIT_MAX_DEPTH)
        return h5x_error(H5X_ERR_TYPE, "nbit: the type nests more than %d levels", NBIT_MAX_DEPTH);
    switch (dtype->type_class) {
    case H5X_CLASS_INTEGER:
    case H5X_CLASS_FLOAT:
        push(list, NBIT_NUMBER);
        push(list, dtype->size);
        push(list, dtype->order == H5X_ORDER_BIG ? 1 : 0);
        push(list, dtype->size * 8); /* h5x types use every bit */
        push(list, 0);
        return 0;
    case H5X_CLASS_COMPLEX: /* HDF5's compound {r, i} */
        push(list, NBIT_COMPOUND);
        push(list, dtype->size);
        push(list, 2);
        for (int part = 0; part < 2; part++) {
            push(list, part * dtype->size / 2);
            push(list, NBIT_NUMBER);
            push(list, dtype->size / 2);
            push(list, dtype->order == H5X_ORDER_BIG ? 1 : 0);
            push(list, dtype->size / 2 * 8);
            push(list, 0);
        }
        return 0;
    case H5X_CLASS_ARRAY:
        push(list, NBIT_ARRAY);
        push(list, dtype->size);
        return describe(list, dtype->u.array.base, depth + 1);
    case H5X_CLASS_COMPOUND:
        push(list, NBIT_COMPOUND);
        push(list, dtype->size);
        push(list, dtype->u.compound.count);
        for (size_t i = 0; i < dtype->u.compound.count; i++) {
            push(list, dtype->u.compound.members[i].offset);
            int status = describe(list, dtype->u.compound.members[i].type, depth + 1);
            if (status < 0)
                return status;
        }
        return 0;
    case H5X_CLASS_VLEN:
        return h5x_error(H5X_ERR_TYPE, "nbit: variable-length data cannot be chunk-filtered here");
    case H5X_CLASS_STRING:
        if (dtype->u.string.is_variable)
            return h5x_error(H5X_ERR_TYPE, "nbit: variable-length data cannot be chunk-filtered here");
        /* fall through */
    default:
        push(list, NBIT_OTHER);
        push(list, dtype->size);
        return 0;
    }
}

int h5x_nbit_set_local(h5x_filter_spec *spec, const h5x_dtype *dtype, size_t chunk_elements)
{
    if (chunk_elements == 0 || chunk_elements > UINT32_MAX)
        return h5x_error(H5X_ERR_SHAPE, "nbit: chunks of %zu elements", chunk_elements);
    unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
    value_list list = {values, 0, H5X_FILTER_MAX_CLIENT_VALUES, 0};
    push(&list, 0); /* the count, set below */
    push(&list, 1); /* nothing to do: every number of an h5x type has full precision */
    push(&list, chunk_elements);
    h5x_dtype_class top = dtype->type_class;
    if (top == H5X_CLASS_INTEGER || top == H5X_CLASS_FLOAT || top == H5X_CLASS_ARRAY || top == H5X_CLASS_COMPOUND ||
        top == H5X_CLASS_COMPLEX) {
        int status = describe(&list, dtype, 0);
        if (status < 0)
            return status;
    } else if (top == H5X_CLASS_VLEN || (top == H5X_CLASS_STRING && dtype->u.string.is_variable)) {
        return h5x_error(H5X_ERR_TYPE, "nbit: variable-length data cannot be chunk-filtered here");
    }
    if (list.failed)
        return h5x_error(H5X_ERR_NOT_SUPPORTED, "nbit: the dataset's type needs %zu client values, more than the %d "
                         "a filter holds", list.count, H5X_FILTER_MAX_CLIENT_VALUES);
    values[0] = (unsigned)list.count;
    memcpy(spec->values, values, list.count * sizeof values[0]);
    spec->nvalues = list.count;
    return 0;
}

int h5x_nbit_complete(const h5x_filter_spec *spec)
{
    return spec->nvalues >= 3 && spec->values[0] == spec->nvalues;
}

/* ------------------------------------------------------------- packing */

/* One walk over an element's type description, packing or unpacking. */
typedef struct walker {
    const unsigned *values;
    size_t count;
    size_t next;          /* the next client value to read */
    int unpack;
    unsigned char *data;  /* the chunk, uncompressed */
    h5x_bit_writer writer;
    h5x_bit_reader reader;
} walker;

static int take(walker *w, unsigned *value)
{
    if (w->next >= w->count)
        return h5x_error(H5X_ERR_CORRUPT, "nbit: the client values end inside the type description");
    *value = w->values[w->next++];
    return 0;
}

/* The significant bits of one number at element, by bytes from the most
 * significant one down. */
static int walk_number(walker *w, size_t at, size_t room, unsigned size, unsigned order, unsigned precision,
                       unsigned offset)
{
    if (size == 0 || size > room || order > 1 || precision == 0 || (uint64_t)precision + offset > (uint64_t)size * 8)
        return h5x_error(H5X_ERR_CORRUPT, "nbit: a number of %u bytes with precision %u at bit offset %u does not fit",
                         size, precision, offset);
    unsigned high = (offset + precision - 1) / 8, low = offset / 8;
    for (unsigned k = high + 1; k-- > low;) {
        unsigned first = k == low ? offset % 8 : 0;
        unsigned last = k == high ? (offset + precision - 1) % 8 : 7;
        unsigned bits = last - first + 1;
        unsigned char *byte = w->data + at + (order == 1 ? size - 1 - k : k);
        if (w->unpack)
            *byte |= (unsigned char)(h5x_bits_get(&w->reader, bits) << first);
        else
            h5x_bits_put(&w->writer, (uint64_t)(*byte >> first), bits);
    }
    return 0;
}

static int walk_bytes(walker *w, size_t at, size_t room, unsigned size)
{
    if (size > room)
        return h5x_error(H5X_ERR_CORRUPT, "nbit: a member of %u bytes does not fit its place", size);
    for (unsigned i = 0; i < size; i++) {
        if (w->unpack)
            w->data[at + i] = (unsigned char)h5x_bits_get(&w->reader, 8);
        else
            h5x_bits_put(&w->writer, w->data[at + i], 8);
    }
    return 0;
}

/* A type whose class has been read: its size comes next. */
static int walk_sized(walker *w, unsigned type_class, size_t at, size_t room, int depth)
{
    if (depth > NBIT_MAX_DEPTH)
        return h5x_error(H5X_ERR_CORRUPT, "nbit: the type description nests more than %d levels", NBIT_MAX_DEPTH);
    unsigned size = 0, a = 0, b = 0, c = 0;
    int status = take(w, &size);
    if (status < 0)
        return status;
    if (size > room)
        return h5x_error(H5X_ERR_CORRUPT, "nbit: a type of %u bytes does not fit its place of %zu", size, room);
    switch (type_class) {
    case NBIT_NUMBER:
        if ((status = take(w, &a)) < 0 || (status = take(w, &b)) < 0 || (status = take(w, &c)) < 0)
            return status;
        return walk_number(w, at, room, size, a, b, c);
    case NBIT_OTHER:
        return walk_bytes(w, at, room, size);
    case NBIT_ARRAY: {
        unsigned base_class = 0, base_size = 0;
        if ((status = take(w, &base_class)) < 0)
            return status;
        if (w->next >= w->count || (base_size = w->values[w->next]) == 0 || base_size > size)
            return h5x_error(H5X_ERR_CORRUPT, "nbit: an array of %u bytes with a bad base type", size);
        size_t base_start = w->next;
        for (unsigned i = 0; i < size / base_size; i++) {
            w->next = base_start;
            if ((status = walk_sized(w, base_class, at + (size_t)i * base_size, base_size, depth + 1)) < 0)
                return status;
        }
        return 0;
    }
    case NBIT_COMPOUND: {
        unsigned members = 0;
        if ((status = take(w, &members)) < 0)
            return status;
        for (unsigned i = 0; i < members; i++) {
            unsigned member_offset = 0, member_class = 0;
            if ((status = take(w, &member_offset)) < 0 || (status = take(w, &member_class)) < 0)
                return status;
            if (member_offset >= size)
                return h5x_error(H5X_ERR_CORRUPT, "nbit: a member at byte %u of a %u-byte compound", member_offset,
                                 size);
            if ((status = walk_sized(w, member_class, at + member_offset, size - member_offset, depth + 1)) < 0)
                return status;
        }
        return 0;
    }
    default:
        return h5x_error(H5X_ERR_CORRUPT, "nbit: unknown type class %u in the client values", type_class);
    }
}

/* Checks the values and gives the element count and size. */
static int nbit_params(const h5x_filter_spec *spec, size_t *elements, unsigned *element_size, int *nothing_to_do)
{
    if (!h5x_nbit_complete(spec))
        return h5x_error(H5X_ERR_CORRUPT, "nbit: %zu client values, and the first says %u", spec->nvalues,
                         spec->nvalues ? spec->values[0] : 0);
    *nothing_to_do = spec->values[1] != 0;
    *elements = spec->values[2];
    *element_size = spec->nvalues > 4 ? spec->values[4] : 0;
    if (!*nothing_to_do && (spec->nvalues < 5 || *elements == 0 || *element_size == 0))
        return h5x_error(H5X_ERR_CORRUPT, "nbit: the client values describe no type to pack");
    return 0;
}

static int copy_chunk(const unsigned char *in, size_t in_size, unsigned char **out, size_t *out_size)
{
    unsigned char *copy = malloc(in_size ? in_size : 1);
    if (!copy)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", in_size);
    memcpy(copy, in, in_size);
    *out = copy;
    *out_size = in_size;
    return 1;
}

int h5x_nbit_encode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, unsigned char **out,
                    size_t *out_size)
{
    size_t elements = 0;
    unsigned element_size = 0;
    int nothing_to_do = 0;
    int status = nbit_params(spec, &elements, &element_size, &nothing_to_do);
    if (status < 0)
        return status;
    if (nothing_to_do)
        return copy_chunk(in, in_size, out, out_size);
    if (in_size != elements * element_size)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "nbit: a chunk of %zu bytes, expected %zu elements of %u bytes",
                         in_size, elements, element_size);
    /* the stream is never longer than the chunk, plus libhdf5's extra byte */
    unsigned char *buffer = calloc(in_size + 1, 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", in_size);
    walker w = {spec->values, spec->nvalues, 0, 0, (unsigned char *)in, {buffer, 0, 0}, {NULL, 0, 0, 0, 0}};
    for (size_t i = 0; i < elements && status == 0; i++) {
        w.next = 3;
        unsigned type_class = spec->values[w.next++];
        status = walk_sized(&w, type_class, i * element_size, element_size, 0);
    }
    if (status < 0) {
        free(buffer);
        return status;
    }
    *out = buffer;
    *out_size = w.writer.position + 1;
    return 1;
}

int h5x_nbit_decode(const h5x_filter_spec *spec, const unsigned char *in, size_t in_size, size_t expected,
                    unsigned char **out, size_t *out_size)
{
    size_t elements = 0;
    unsigned element_size = 0;
    int nothing_to_do = 0;
    int status = nbit_params(spec, &elements, &element_size, &nothing_to_do);
    if (status < 0)
        return status;
    if (nothing_to_do) {
        if (expected && in_size != expected)
            return h5x_error(H5X_ERR_CORRUPT, "nbit chunk of %zu bytes, expected %zu", in_size, expected);
        return copy_chunk(in, in_size, out, out_size);
    }
    size_t bytes = elements * element_size;
    if (expected && expected != bytes)
        return h5x_error(H5X_ERR_CORRUPT, "nbit chunk of %zu elements of %u bytes, expected %zu bytes", elements,
                         element_size, expected);
    unsigned char *buffer = calloc(bytes ? bytes : 1, 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory for a %zu-byte chunk", bytes);
    walker w = {spec->values, spec->nvalues, 0, 1, buffer, {NULL, 0, 0}, {in, in_size, 0, 0, 0}};
    for (size_t i = 0; i < elements && status == 0 && !w.reader.overrun; i++) {
        w.next = 3;
        unsigned type_class = spec->values[w.next++];
        status = walk_sized(&w, type_class, i * element_size, element_size, 0);
    }
    if (status == 0 && w.reader.overrun)
        status = h5x_error(H5X_ERR_CORRUPT, "nbit chunk of %zu bytes is truncated: it ends before its %zu elements",
                           in_size, elements);
    if (status < 0) {
        free(buffer);
        return status;
    }
    *out = buffer;
    *out_size = bytes;
    return 1;
}
