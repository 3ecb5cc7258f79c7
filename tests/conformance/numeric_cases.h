/*
 * numeric_cases.h — every numeric dtype h5py stores (i1..i8, u1..u8,
 * f2/f4/f8, c8/c16 in both byte orders, and bool) with seven test values
 * each: the extremes of each integer type, floats that float16 represents
 * exactly, complex pairs of those, and a bool pattern.  The conformance
 * suite and the interop programs use the same table, and the interop
 * Python scripts spell out the same values.
 */
#ifndef H5X_TEST_NUMERIC_CASES_H
#define H5X_TEST_NUMERIC_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"

#define NUMERIC_COUNT 7

typedef struct numeric_case {
    const char *spec;     /* as given to h5x_dtype_parse */
    const char *name;     /* the dataset's name */
    const char *spelling; /* what h5x_dtype_to_string gives, NumPy's dtype.str */
    h5x_dtype_class type_class;
    size_t size;
    int is_signed;
    int big_endian;       /* stored order: 1 big, 0 little, -1 not applicable */
} numeric_case;

extern const numeric_case numeric_cases[];
extern const size_t numeric_case_count;

extern const double numeric_float_values[NUMERIC_COUNT];
extern const uint16_t numeric_half_bits[NUMERIC_COUNT]; /* float16 bit patterns of numeric_float_values */
extern const double numeric_complex_values[NUMERIC_COUNT][2];
extern const uint8_t numeric_bool_values[NUMERIC_COUNT];

/* The machine-order predefined dtype for a case's memory buffers. */
const h5x_dtype *numeric_memory_dtype(const numeric_case *c);
/* The integer values of an integer case (only one of the outputs is set). */
void numeric_integer_values(const numeric_case *c, int64_t *signed_out, uint64_t *unsigned_out);
/* The case's values in the machine's representation (NUMERIC_COUNT * size bytes). */
void numeric_native_values(const numeric_case *c, unsigned char *buffer);
/* The case's values as stored: byte-swapped when the order is not the machine's. */
void numeric_stored_values(const numeric_case *c, unsigned char *buffer);

#endif
