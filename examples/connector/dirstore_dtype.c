/*
 * dirstore_dtype.c — dtypes as one line of text.
 *
 * A dtype is written as its NumPy spelling whenever h5x_dtype_parse reads
 * that spelling back as the same dtype: "<f4", ">i8", "|b1", "<c16",
 * "|S10", "<M8[s]", "|V12".  That covers the numbers, and a person reading
 * a header recognises them at once.  The types NumPy cannot spell in one
 * word are written in a small structured form, built from the same
 * public calls an application uses to make them:
 *
 *     string(LENGTH,CHARSET,PAD)          string(5,utf-8,nullterm)
 *     compound(SIZE){NAME@OFFSET:TYPE;...} compound(12){x@0:<f4;y@4:<f8;}
 *     enum(BASE){NAME=VALUE;...}          enum(|i1){RED=0;GREEN=1;}
 *     opaque(SIZE,TAG)                    opaque(4,my%20tag)
 *     array(D0xD1...)BASE                 array(2x3)<i2
 *     big(BYTE)                           big(|u1)
 *
 * NumPy spells every single byte '|'; big() keeps one that was made or
 * read big-endian (h5x_dtype_order), which libhdf5 files can hold.
 *
 * Names and tags are percent-encoded (every byte other than letters,
 * digits, '_', '-' and '.' becomes %XX), so they cannot contain the
 * punctuation of the form, nor end the line.  Variable-length types and
 * references are not stored: the connector does not claim H5X_CAP_VLEN or
 * H5X_CAP_REFERENCES.
 */
#include "dirstore.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refuse(int status, const h5x_dtype *dtype, const char *why)
{
    char *spelling = h5x_dtype_to_string(dtype);
    h5x_connector_error(status, "dtype %s cannot be stored: %s", spelling ? spelling : "(unknown)", why);
    h5x_free(spelling);
    return status;
}

static void put_name(FILE *out, const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (isalnum(*p) || *p == '_' || *p == '-' || *p == '.')
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
}

/* 1 when the NumPy spelling of dtype names it exactly (written to out). */
static int put_numpy(FILE *out, const h5x_dtype *dtype)
{
    char *spelling = h5x_dtype_to_string(dtype);
    h5x_dtype *again = spelling ? h5x_dtype_parse(spelling) : NULL;
    int exact = again && h5x_dtype_equal(dtype, again) == 1;
    if (exact)
        fputs(spelling, out);
    h5x_close(again);
    h5x_free(spelling);
    return exact;
}

static int is_big_single_byte(const h5x_dtype *dtype)
{
    return h5x_dtype_get_class(dtype) == H5X_CLASS_INTEGER && h5x_dtype_size(dtype) == 1 &&
           h5x_dtype_order(dtype) == H5X_ORDER_BIG;
}

static int put_type(FILE *out, const h5x_dtype *dtype)
{
    if (is_big_single_byte(dtype)) {
        fputs("big(", out);
        put_numpy(out, dtype);
        fputc(')', out);
        return 0;
    }
    if (put_numpy(out, dtype))
        return 0;
    static const char *const pads[] = {"nullterm", "nullpad", "spacepad"};
    int rc = 0;
    switch (h5x_dtype_get_class(dtype)) {
    case H5X_CLASS_STRING: {
        h5x_charset charset;
        size_t length;
        h5x_string_pad pad;
        h5x_dtype_string_info(dtype, &charset, &length, &pad);
        if (length == H5X_VARIABLE)
            return refuse(H5X_ERR_NOT_SUPPORTED, dtype, "variable-length strings are not offered");
        fprintf(out, "string(%zu,%s,%s)", length, charset == H5X_CSET_UTF8 ? "utf-8" : "ascii", pads[pad]);
        return 0;
    }
    case H5X_CLASS_COMPOUND:
        fprintf(out, "compound(%zu){", h5x_dtype_size(dtype));
        for (int i = 0; rc == 0 && i < h5x_dtype_member_count(dtype); i++) {
            char *name = h5x_dtype_member_name(dtype, i);
            h5x_dtype *member = h5x_dtype_member_dtype(dtype, i);
            put_name(out, name ? name : "");
            fprintf(out, "@%zu:", h5x_dtype_member_offset(dtype, i));
            rc = member ? put_type(out, member) : h5x_last_error()->code;
            fputc(';', out);
            h5x_free(name);
            h5x_close(member);
        }
        fputc('}', out);
        return rc;
    case H5X_CLASS_ENUM: {
        int count = h5x_dtype_member_count(dtype);
        h5x_dtype *base = count > 0 ? h5x_dtype_member_dtype(dtype, 0) : NULL; /* every member has the base type */
        if (!base)
            return refuse(H5X_ERR_TYPE, dtype, "an enum without members has no base type to store");
        fputs("enum(", out);
        rc = put_type(out, base);
        fputs("){", out);
        h5x_close(base);
        for (int i = 0; rc == 0 && i < count; i++) {
            char *name = h5x_dtype_member_name(dtype, i);
            int64_t value = 0;
            h5x_dtype_enum_value(dtype, i, &value);
            put_name(out, name ? name : "");
            fprintf(out, "=%lld;", (long long)value);
            h5x_free(name);
        }
        fputc('}', out);
        return rc;
    }
    case H5X_CLASS_OPAQUE: {
        char *tag = h5x_dtype_opaque_tag(dtype);
        fprintf(out, "opaque(%zu,", h5x_dtype_size(dtype));
        put_name(out, tag ? tag : "");
        fputc(')', out);
        h5x_free(tag);
        return 0;
    }
    case H5X_CLASS_ARRAY: {
        h5x_shape dims;
        h5x_dtype *base = NULL;
        h5x_dtype_array_info(dtype, &dims, &base);
        fputs("array(", out);
        for (int i = 0; i < dims.rank; i++)
            fprintf(out, "%s%llu", i ? "x" : "", (unsigned long long)dims.dims[i]);
        fputc(')', out);
        rc = base ? put_type(out, base) : h5x_last_error()->code;
        h5x_close(base);
        return rc;
    }
    case H5X_CLASS_VLEN: return refuse(H5X_ERR_NOT_SUPPORTED, dtype, "variable-length data is not offered");
    case H5X_CLASS_REFERENCE: return refuse(H5X_ERR_NOT_SUPPORTED, dtype, "references are not offered");
    default: return refuse(H5X_ERR_TYPE, dtype, "dirstore has no spelling for it");
    }
}

char *dirstore_dtype_format(const h5x_dtype *dtype)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out) {
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    int rc = put_type(out, dtype);
    if (fclose(out) != 0 && rc == 0)
        rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    if (rc < 0) {
        free(text);
        return NULL;
    }
    return text;
}

int dirstore_check_storable(const h5x_dtype *dtype)
{
    char *text = dirstore_dtype_format(dtype);
    free(text);
    return text ? 0 : h5x_last_error()->code;
}

/* ------------------------------------------------------------- reading */

typedef struct reader {
    const char *p;
    const char *text; /* the whole line, for messages */
} reader;

static h5x_dtype *malformed(const reader *r)
{
    h5x_connector_error(H5X_ERR_CORRUPT, "the dtype '%s' is malformed near '%.20s'", r->text, r->p);
    return NULL;
}

static int take(reader *r, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(r->p, word, n) != 0)
        return 0;
    r->p += n;
    return 1;
}

static int take_number(reader *r, uint64_t *value)
{
    if (!isdigit((unsigned char)*r->p))
        return 0;
    char *end;
    *value = strtoull(r->p, &end, 10);
    r->p = end;
    return 1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* A percent-encoded name, decoded into a new string; NULL when malformed. */
static char *take_name(reader *r)
{
    size_t n = strspn(r->p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.%");
    char *name = malloc(n + 1), *out = name;
    for (size_t i = 0; name && i < n; i++) {
        if (r->p[i] != '%') {
            *out++ = r->p[i];
            continue;
        }
        int high = i + 2 < n ? hex_digit(r->p[i + 1]) : -1, low = i + 2 < n ? hex_digit(r->p[i + 2]) : -1;
        if (high < 0 || low < 0) {
            free(name);
            return NULL;
        }
        *out++ = (char)(high * 16 + low);
        i += 2;
    }
    if (name)
        *out = '\0';
    r->p += n;
    return name;
}

static h5x_dtype *take_type(reader *r);

static h5x_dtype *take_string(reader *r)
{
    uint64_t length;
    int utf8 = 0, pad = -1;
    if (!take_number(r, &length) || !take(r, ","))
        return malformed(r);
    if (take(r, "utf-8"))
        utf8 = 1;
    else if (!take(r, "ascii"))
        return malformed(r);
    if (take(r, ",nullterm)"))
        pad = H5X_PAD_NULLTERM;
    else if (take(r, ",nullpad)"))
        pad = H5X_PAD_NULLPAD;
    else if (take(r, ",spacepad)"))
        pad = H5X_PAD_SPACEPAD;
    else
        return malformed(r);
    return h5x_dtype_string_padded(utf8 ? H5X_CSET_UTF8 : H5X_CSET_ASCII, (size_t)length, (h5x_string_pad)pad);
}

static h5x_dtype *take_compound(reader *r)
{
    uint64_t size, offset;
    if (!take_number(r, &size) || !take(r, "){"))
        return malformed(r);
    h5x_dtype *compound = h5x_dtype_compound((size_t)size);
    while (compound && !take(r, "}")) {
        char *name = take_name(r);
        h5x_dtype *member = NULL;
        int ok = name && take(r, "@") && take_number(r, &offset) && take(r, ":") && (member = take_type(r)) &&
                 take(r, ";") && h5x_dtype_compound_insert(compound, name, (size_t)offset, member) == 0;
        free(name);
        h5x_close(member);
        if (!ok) {
            h5x_close(compound);
            return malformed(r);
        }
    }
    return compound;
}

static h5x_dtype *take_enum(reader *r)
{
    h5x_dtype *base = take_type(r);
    h5x_dtype *enumeration = base && take(r, "){") ? h5x_dtype_enum(base) : NULL;
    h5x_close(base);
    while (enumeration && !take(r, "}")) {
        char *name = take_name(r), *end = NULL;
        long long value = 0;
        int ok = name && take(r, "=");
        if (ok) {
            value = strtoll(r->p, &end, 10);
            ok = end != r->p;
            r->p = end;
        }
        ok = ok && take(r, ";") && h5x_dtype_enum_insert(enumeration, name, value) == 0;
        free(name);
        if (!ok) {
            h5x_close(enumeration);
            enumeration = NULL;
        }
    }
    return enumeration ? enumeration : malformed(r);
}

static h5x_dtype *take_opaque(reader *r)
{
    uint64_t size;
    char *tag = NULL;
    h5x_dtype *opaque = NULL;
    if (take_number(r, &size) && take(r, ",") && (tag = take_name(r)) && take(r, ")"))
        opaque = h5x_dtype_opaque((size_t)size, tag);
    free(tag);
    return opaque ? opaque : malformed(r);
}

static h5x_dtype *take_array(reader *r)
{
    h5x_shape dims = {.rank = 0};
    do {
        if (dims.rank == H5X_MAX_RANK || !take_number(r, &dims.dims[dims.rank++]))
            return malformed(r);
    } while (take(r, "x"));
    h5x_dtype *base = take(r, ")") ? take_type(r) : NULL;
    h5x_dtype *array = base ? h5x_dtype_array(base, &dims) : NULL;
    h5x_close(base);
    return array ? array : malformed(r);
}

static h5x_dtype *take_type(reader *r);

static h5x_dtype *take_big(reader *r)
{
    h5x_dtype *byte = take_type(r);
    if (!byte || h5x_dtype_get_class(byte) != H5X_CLASS_INTEGER || h5x_dtype_size(byte) != 1 || !take(r, ")")) {
        h5x_close(byte);
        return malformed(r);
    }
    h5x_dtype *big = h5x_dtype_integer(1, h5x_dtype_is_signed(byte), H5X_ORDER_BIG);
    h5x_close(byte);
    return big;
}

static h5x_dtype *take_type(reader *r)
{
    if (take(r, "big("))
        return take_big(r);
    if (take(r, "string("))
        return take_string(r);
    if (take(r, "compound("))
        return take_compound(r);
    if (take(r, "enum("))
        return take_enum(r);
    if (take(r, "opaque("))
        return take_opaque(r);
    if (take(r, "array("))
        return take_array(r);
    /* a NumPy spelling runs to the punctuation of an enclosing form */
    size_t n = strcspn(r->p, ";){}");
    char spelling[64];
    if (n == 0 || n >= sizeof spelling)
        return malformed(r);
    memcpy(spelling, r->p, n);
    spelling[n] = '\0';
    r->p += n;
    h5x_dtype *dtype = h5x_dtype_parse(spelling);
    return dtype ? dtype : malformed(r);
}

h5x_dtype *dirstore_dtype_parse(const char *text)
{
    reader r = {text, text};
    h5x_dtype *dtype = take_type(&r);
    if (dtype && *r.p != '\0') {
        h5x_close(dtype);
        return malformed(&r);
    }
    return dtype;
}
