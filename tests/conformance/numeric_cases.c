/*
 * numeric_cases.c — the numeric dtypes h5py stores and the values the tests
 * put in them.  Shared by the conformance suite and the interop programs,
 * and mirrored, value for value, by tests/interop/interop_content.py.
 */
#include "numeric_cases.h"

#include <stdio.h>
#include <string.h>

const numeric_case numeric_cases[] = {
    {"i1", "i1", "|i1", H5X_CLASS_INTEGER, 1, 1, -1},
    {"u1", "u1", "|u1", H5X_CLASS_INTEGER, 1, 0, -1},
    {"<i2", "i2_le", "<i2", H5X_CLASS_INTEGER, 2, 1, 0},
    {">i2", "i2_be", ">i2", H5X_CLASS_INTEGER, 2, 1, 1},
    {"<i4", "i4_le", "<i4", H5X_CLASS_INTEGER, 4, 1, 0},
    {">i4", "i4_be", ">i4", H5X_CLASS_INTEGER, 4, 1, 1},
    {"<i8", "i8_le", "<i8", H5X_CLASS_INTEGER, 8, 1, 0},
    {">i8", "i8_be", ">i8", H5X_CLASS_INTEGER, 8, 1, 1},
    {"<u2", "u2_le", "<u2", H5X_CLASS_INTEGER, 2, 0, 0},
    {">u2", "u2_be", ">u2", H5X_CLASS_INTEGER, 2, 0, 1},
    {"<u4", "u4_le", "<u4", H5X_CLASS_INTEGER, 4, 0, 0},
    {">u4", "u4_be", ">u4", H5X_CLASS_INTEGER, 4, 0, 1},
    {"<u8", "u8_le", "<u8", H5X_CLASS_INTEGER, 8, 0, 0},
    {">u8", "u8_be", ">u8", H5X_CLASS_INTEGER, 8, 0, 1},
    {"<f2", "f2_le", "<f2", H5X_CLASS_FLOAT, 2, 0, 0},
    {">f2", "f2_be", ">f2", H5X_CLASS_FLOAT, 2, 0, 1},
    {"<f4", "f4_le", "<f4", H5X_CLASS_FLOAT, 4, 0, 0},
    {">f4", "f4_be", ">f4", H5X_CLASS_FLOAT, 4, 0, 1},
    {"<f8", "f8_le", "<f8", H5X_CLASS_FLOAT, 8, 0, 0},
    {">f8", "f8_be", ">f8", H5X_CLASS_FLOAT, 8, 0, 1},
    {"<c8", "c8_le", "<c8", H5X_CLASS_COMPLEX, 8, 0, 0},
    {">c8", "c8_be", ">c8", H5X_CLASS_COMPLEX, 8, 0, 1},
    {"<c16", "c16_le", "<c16", H5X_CLASS_COMPLEX, 16, 0, 0},
    {">c16", "c16_be", ">c16", H5X_CLASS_COMPLEX, 16, 0, 1},
    {"?", "bool", "|b1", H5X_CLASS_BOOL, 1, 0, -1},
};
const size_t numeric_case_count = sizeof numeric_cases / sizeof numeric_cases[0];

/* Values exactly representable in float16, float32 and float64. */
const double numeric_float_values[NUMERIC_COUNT] = {0.0, 1.5, -2.25, 65504.0, -0.125, 3.0, 0.5};
/* float16 bit patterns of numeric_float_values. */
const uint16_t numeric_half_bits[NUMERIC_COUNT] = {0x0000, 0x3e00, 0xc080, 0x7bff, 0xb000, 0x4200, 0x3800};
const double numeric_complex_values[NUMERIC_COUNT][2] = {
    {1.5, -2.0}, {0.0, 0.0}, {-0.25, 8.0}, {65504.0, -65504.0}, {3.0, 0.5}, {-1.0, -1.0}, {0.125, 1024.0}};
const uint8_t numeric_bool_values[NUMERIC_COUNT] = {1, 0, 1, 1, 0, 0, 1};

const h5x_dtype *numeric_memory_dtype(const numeric_case *c)
{
    char spec[8];
    switch (c->type_class) {
    case H5X_CLASS_INTEGER: snprintf(spec, sizeof spec, "%c%zu", c->is_signed ? 'i' : 'u', c->size); break;
    case H5X_CLASS_FLOAT: return c->size == 2 ? H5X_F16 : c->size == 4 ? H5X_F32 : H5X_F64;
    case H5X_CLASS_COMPLEX: return c->size == 8 ? H5X_C64 : H5X_C128;
    default: return H5X_BOOL;
    }
    return h5x_predefined(spec);
}

void numeric_integer_values(const numeric_case *c, int64_t *signed_out, uint64_t *unsigned_out)
{
    int bits = (int)c->size * 8;
    if (c->is_signed) {
        int64_t max = bits == 64 ? INT64_MAX : (int64_t)((UINT64_C(1) << (bits - 1)) - 1);
        int64_t min = -max - 1;
        const int64_t values[NUMERIC_COUNT] = {min, min + 1, -1, 0, 1, max - 1, max};
        memcpy(signed_out, values, sizeof values);
    } else {
        uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
        const uint64_t values[NUMERIC_COUNT] = {0, 1, 2, 100, max / 2, max - 1, max};
        memcpy(unsigned_out, values, sizeof values);
    }
}

void numeric_native_values(const numeric_case *c, unsigned char *buffer)
{
    int64_t s[NUMERIC_COUNT];
    uint64_t u[NUMERIC_COUNT];
    for (int i = 0; i < NUMERIC_COUNT; i++) {
        unsigned char *at = buffer + (size_t)i * c->size;
        switch (c->type_class) {
        case H5X_CLASS_INTEGER: {
            numeric_integer_values(c, s, u);
            int64_t sv = s[i];
            uint64_t uv = u[i];
            if (c->size == 1) {
                int8_t a = (int8_t)sv;
                uint8_t b = (uint8_t)uv;
                memcpy(at, c->is_signed ? (void *)&a : (void *)&b, 1);
            } else if (c->size == 2) {
                int16_t a = (int16_t)sv;
                uint16_t b = (uint16_t)uv;
                memcpy(at, c->is_signed ? (void *)&a : (void *)&b, 2);
            } else if (c->size == 4) {
                int32_t a = (int32_t)sv;
                uint32_t b = (uint32_t)uv;
                memcpy(at, c->is_signed ? (void *)&a : (void *)&b, 4);
            } else {
                memcpy(at, c->is_signed ? (void *)&sv : (void *)&uv, 8);
            }
            break;
        }
        case H5X_CLASS_FLOAT:
            if (c->size == 2) {
                memcpy(at, &numeric_half_bits[i], 2);
            } else if (c->size == 4) {
                float f = (float)numeric_float_values[i];
                memcpy(at, &f, 4);
            } else {
                memcpy(at, &numeric_float_values[i], 8);
            }
            break;
        case H5X_CLASS_COMPLEX:
            if (c->size == 8) {
                float pair[2] = {(float)numeric_complex_values[i][0], (float)numeric_complex_values[i][1]};
                memcpy(at, pair, 8);
            } else {
                memcpy(at, numeric_complex_values[i], 16);
            }
            break;
        default: *at = numeric_bool_values[i]; break;
        }
    }
}

/* The stored representation: native values with each number's bytes
 * reversed when the dtype's order is not the machine's.  A complex number
 * is two numbers. */
void numeric_stored_values(const numeric_case *c, unsigned char *buffer)
{
    numeric_native_values(c, buffer);
    const uint16_t probe = 1;
    unsigned char first_byte;
    memcpy(&first_byte, &probe, 1);
    int machine_big = first_byte != 1;
    if (c->big_endian < 0 || c->big_endian == machine_big)
        return;
    size_t part = c->type_class == H5X_CLASS_COMPLEX ? c->size / 2 : c->size;
    for (size_t offset = 0; offset < NUMERIC_COUNT * c->size; offset += part)
        for (size_t a = 0, b = part - 1; a < b; a++, b--) {
            unsigned char t = buffer[offset + a];
            buffer[offset + a] = buffer[offset + b];
            buffer[offset + b] = t;
        }
}
