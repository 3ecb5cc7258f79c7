/*
 * format_composite.c — the text of strings, sequences, compounds, enums,
 * arrays and opaque values.
 *
 * These are read as stored (no conversion can flatten them) and printed
 * by walking the dtype, the way h5dump prints them but in h5py's terms:
 *
 *   strings     "text", padding removed, with \" \\ and \xNN for bytes
 *               that are not printable ASCII (UTF-8 text passes through)
 *   vlen        (1, 2, 3)
 *   compound    {1, 2.5, [1, 2, 3]}   members in order
 *   array       [1, 2, 3]             flattened in C order
 *   enum        RED                   the name; the number when unnamed
 *   opaque      48:65:6c:6c:6f        the bytes, as h5dump shows them
 *
 * Numbers inside are converted one at a time to the wide types format.c
 * prints, so they read back exactly.  Text longer than the output ends
 * with "...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x_tool.h"

typedef struct text_out {
    char *data;
    size_t size;
    size_t used;
    int truncated;
} text_out;

static void put(text_out *out, const char *text, size_t length)
{
    if (out->truncated)
        return;
    /* room for "..." and the terminator */
    if (out->used + length + 4 > out->size) {
        size_t room = out->size > out->used + 4 ? out->size - out->used - 4 : 0;
        memcpy(out->data + out->used, text, room);
        out->used += room;
        memcpy(out->data + out->used, "...", 4);
        out->used += 3;
        out->truncated = 1;
        return;
    }
    memcpy(out->data + out->used, text, length);
    out->used += length;
    out->data[out->used] = '\0';
}

static void put_text(text_out *out, const char *text)
{
    put(out, text, strlen(text));
}

/* The length of the well-formed UTF-8 sequence starting a multi-byte
 * character at s (at most length bytes), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t length)
{
    size_t need = s[0] >= 0xc2 && s[0] <= 0xdf ? 1 : s[0] >= 0xe0 && s[0] <= 0xef ? 2 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 3 : 0;
    if (need == 0 || need >= length)
        return 0;
    for (size_t k = 1; k <= need; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    return need + 1;
}

static void put_quoted(text_out *out, const unsigned char *bytes, size_t length)
{
    put_text(out, "\"");
    for (size_t i = 0; i < length && !out->truncated; i++) {
        unsigned char c = bytes[i];
        char escaped[8];
        size_t sequence = c >= 0x80 ? utf8_sequence(bytes + i, length - i) : 0;
        if (sequence > 0) {
            put(out, (const char *)bytes + i, sequence); /* UTF-8 text passes through */
            i += sequence - 1;
            continue;
        }
        if (c == '"' || c == '\\')
            snprintf(escaped, sizeof escaped, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            snprintf(escaped, sizeof escaped, "\\x%02x", c);
        else
            snprintf(escaped, sizeof escaped, "%c", c);
        put_text(out, escaped);
    }
    put_text(out, "\"");
}

static void put_element(text_out *out, const h5x_dtype *dtype, const unsigned char *element, h5x_object *file);

static void put_string(text_out *out, const h5x_dtype *dtype, const unsigned char *element)
{
    size_t length = 0;
    h5x_string_pad pad = H5X_PAD_NULLPAD;
    h5x_dtype_string_info(dtype, NULL, &length, &pad);
    if (length == H5X_VARIABLE) {
        const char *text;
        memcpy(&text, element, sizeof text);
        put_quoted(out, (const unsigned char *)(text ? text : ""), text ? strlen(text) : 0);
        return;
    }
    size_t used = length;
    if (pad == H5X_PAD_NULLTERM) {
        const unsigned char *nul = memchr(element, 0, length);
        used = nul ? (size_t)(nul - element) : length;
    } else {
        unsigned char filler = pad == H5X_PAD_SPACEPAD ? ' ' : 0;
        while (used > 0 && element[used - 1] == filler)
            used--;
    }
    put_quoted(out, element, used);
}

static void put_number(text_out *out, const h5x_dtype *dtype, const unsigned char *element, h5x_object *file)
{
    tool_value_format format;
    unsigned char wide[TOOL_VALUE_MEM_MAX];
    char text[TOOL_VALUE_TEXT_MAX];
    if (tool_value_format_for(dtype, &format) < 0 || format.mem_size > sizeof wide ||
        h5x_dtype_convert(dtype, element, format.mem_dtype, wide, 1) < 0) {
        put_text(out, "?");
        return;
    }
    format.file = file;
    tool_value_text(&format, wide, text);
    put_text(out, text);
}

static void put_enum(text_out *out, const h5x_dtype *dtype, const unsigned char *element, h5x_object *file)
{
    int64_t value = 0;
    if (h5x_dtype_convert(dtype, element, H5X_I64, &value, 1) < 0) {
        h5x_dtype *base = h5x_dtype_member_count(dtype) > 0 ? h5x_dtype_member_dtype(dtype, 0) : NULL;
        /* a value the enum does not name still has its number */
        if (base != NULL)
            put_number(out, base, element, file);
        else
            put_text(out, "?");
        h5x_close(base);
        h5x_clear_error();
        return;
    }
    int count = h5x_dtype_member_count(dtype);
    for (int i = 0; i < count; i++) {
        int64_t member = 0;
        if (h5x_dtype_enum_value(dtype, i, &member) == 0 && member == value) {
            char *name = h5x_dtype_member_name(dtype, i);
            put_text(out, name ? name : "?");
            h5x_free(name);
            return;
        }
    }
    char number[32];
    snprintf(number, sizeof number, "%lld", (long long)value);
    put_text(out, number);
}

static void put_sequence(text_out *out, const h5x_dtype *base, const unsigned char *items, uint64_t count,
                         const char *open, const char *close, h5x_object *file)
{
    size_t size = h5x_dtype_size(base);
    put_text(out, open);
    for (uint64_t i = 0; i < count && !out->truncated; i++) {
        if (i > 0)
            put_text(out, ", ");
        put_element(out, base, items + i * size, file);
    }
    put_text(out, close);
}

static void put_element(text_out *out, const h5x_dtype *dtype, const unsigned char *element, h5x_object *file)
{
    switch (h5x_dtype_get_class(dtype)) {
    case H5X_CLASS_STRING:
        put_string(out, dtype, element);
        return;
    case H5X_CLASS_ENUM:
        put_enum(out, dtype, element, file);
        return;
    case H5X_CLASS_VLEN: {
        h5x_vlen sequence;
        memcpy(&sequence, element, sizeof sequence);
        h5x_dtype *base = h5x_dtype_vlen_base(dtype);
        if (base != NULL)
            put_sequence(out, base, sequence.data, sequence.data ? sequence.length : 0, "(", ")", file);
        h5x_close(base);
        return;
    }
    case H5X_CLASS_ARRAY: {
        h5x_dtype *base = NULL;
        if (h5x_dtype_array_info(dtype, NULL, &base) == 0)
            put_sequence(out, base, element, h5x_dtype_size(dtype) / h5x_dtype_size(base), "[", "]", file);
        h5x_close(base);
        return;
    }
    case H5X_CLASS_COMPOUND: {
        int count = h5x_dtype_member_count(dtype);
        put_text(out, "{");
        for (int i = 0; i < count && !out->truncated; i++) {
            h5x_dtype *member = h5x_dtype_member_dtype(dtype, i);
            if (i > 0)
                put_text(out, ", ");
            if (member != NULL)
                put_element(out, member, element + h5x_dtype_member_offset(dtype, i), file);
            h5x_close(member);
        }
        put_text(out, "}");
        return;
    }
    case H5X_CLASS_OPAQUE: {
        size_t size = h5x_dtype_size(dtype);
        for (size_t i = 0; i < size && !out->truncated; i++) {
            char byte[4];
            snprintf(byte, sizeof byte, i > 0 ? ":%02x" : "%02x", element[i]);
            put_text(out, byte);
        }
        return;
    }
    default:
        put_number(out, dtype, element, file);
        return;
    }
}

int tool_composite_format_for(const h5x_dtype *stored, tool_value_format *format)
{
    switch (h5x_dtype_get_class(stored)) {
    case H5X_CLASS_STRING:
    case H5X_CLASS_VLEN:
    case H5X_CLASS_COMPOUND:
    case H5X_CLASS_ENUM:
    case H5X_CLASS_ARRAY:
    case H5X_CLASS_OPAQUE:
        memset(format, 0, sizeof *format);
        format->kind = TOOL_VALUE_COMPOSITE;
        format->mem_dtype = stored;
        format->mem_size = h5x_dtype_size(stored);
        return 0;
    default:
        return -1;
    }
}

size_t tool_composite_text(const tool_value_format *format, const void *element, char *out, size_t size)
{
    text_out text = {out, size, 0, 0};
    out[0] = '\0';
    put_element(&text, format->mem_dtype, element, format->file);
    return text.used;
}
