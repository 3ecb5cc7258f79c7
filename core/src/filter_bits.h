/* Bit streams as HDF5's scale-offset and n-bit filters pack them: values
 * are written one after another, most significant bit first, into bytes
 * that are filled from their most significant bit down, with no padding
 * between values.  The writer's buffer must start zeroed.  The reader
 * never reads past its size: it reports an overrun instead, which the
 * decoders turn into a "truncated chunk" error. */
#ifndef H5X_FILTER_BITS_H
#define H5X_FILTER_BITS_H

#include <stddef.h>
#include <stdint.h>

typedef struct h5x_bit_writer {
    unsigned char *bytes;
    size_t position; /* the byte being filled */
    unsigned used;   /* bits of it already written */
} h5x_bit_writer;

typedef struct h5x_bit_reader {
    const unsigned char *bytes;
    size_t size;
    size_t position;
    unsigned used;
    int overrun; /* set when a read needed bytes beyond size */
} h5x_bit_reader;

/* Writes the low count (<= 64) bits of value. */
static inline void h5x_bits_put(h5x_bit_writer *writer, uint64_t value, unsigned count)
{
    while (count > 0) {
        unsigned room = 8 - writer->used;
        unsigned take = count < room ? count : room;
        unsigned piece = (unsigned)(value >> (count - take)) & ((1u << take) - 1u);
        writer->bytes[writer->position] |= (unsigned char)(piece << (room - take));
        writer->used += take;
        count -= take;
        if (writer->used == 8) {
            writer->position++;
            writer->used = 0;
        }
    }
}

/* Reads count (<= 64) bits as an unsigned value. */
static inline uint64_t h5x_bits_get(h5x_bit_reader *reader, unsigned count)
{
    uint64_t value = 0;
    while (count > 0) {
        if (reader->position >= reader->size) {
            reader->overrun = 1;
            return 0;
        }
        unsigned room = 8 - reader->used;
        unsigned take = count < room ? count : room;
        unsigned piece = ((unsigned)reader->bytes[reader->position] >> (room - take)) & ((1u << take) - 1u);
        value = (value << take) | piece;
        reader->used += take;
        count -= take;
        if (reader->used == 8) {
            reader->position++;
            reader->used = 0;
        }
    }
    return value;
}

#endif
