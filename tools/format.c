/*
 * format.c — the text of shapes, dtypes and numeric values.
 *
 * Values are printed so that reading them back gives the stored number:
 * every integer exactly (through int64 or uint64), doubles with 17
 * significant digits, single floats with 9 and half floats with 5 (the
 * digits each binary format needs to round-trip).  The dataset is read
 * converted to one of those wide memory types by the library, so one
 * printer serves every width and byte order.
 *
 * The layout of values follows h5dump: each line starts with the index of
 * its first element in parentheses, a new line starts with every innermost
 * row, and long rows wrap before the line width with the index of the
 * element that continues them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "h5x_tool.h"

/* Appends to out at *used, never past size, keeping it terminated. */
static void append(char *out, size_t size, size_t *used, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void append(char *out, size_t size, size_t *used, const char *format, ...)
{
    if (*used >= size)
        return;
    va_list args;
    va_start(args, format);
    int n = vsnprintf(out + *used, size - *used, format, args);
    va_end(args);
    if (n > 0)
        *used = (size_t)n >= size - *used ? size - 1 : *used + (size_t)n;
}

void tool_format_shape_h5ls(const h5x_shape *shape, const h5x_shape *maxshape, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    if (shape->rank < 0) {
        append(out, size, &used, "{NULL}");
        return;
    }
    if (shape->rank == 0) {
        append(out, size, &used, "{SCALAR}");
        return;
    }
    append(out, size, &used, "{");
    for (int i = 0; i < shape->rank; i++) {
        append(out, size, &used, "%s%" PRIu64, i > 0 ? ", " : "", shape->dims[i]);
        if (maxshape != NULL && maxshape->rank == shape->rank && maxshape->dims[i] != shape->dims[i]) {
            if (maxshape->dims[i] == H5X_UNLIMITED)
                append(out, size, &used, "/Inf");
            else
                append(out, size, &used, "/%" PRIu64, maxshape->dims[i]);
        }
    }
    append(out, size, &used, "}");
}

static void format_tuple(const h5x_shape *shape, int unlimited_as_inf, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    if (shape->rank < 0) {
        append(out, size, &used, "Empty");
        return;
    }
    append(out, size, &used, "(");
    for (int i = 0; i < shape->rank; i++) {
        if (i > 0)
            append(out, size, &used, ", ");
        if (unlimited_as_inf && shape->dims[i] == H5X_UNLIMITED)
            append(out, size, &used, "Inf");
        else
            append(out, size, &used, "%" PRIu64, shape->dims[i]);
    }
    append(out, size, &used, shape->rank == 1 ? ",)" : ")");
}

void tool_format_shape_tuple(const h5x_shape *shape, char *out, size_t size)
{
    format_tuple(shape, 0, out, size);
}

void tool_format_maxshape_tuple(const h5x_shape *maxshape, char *out, size_t size)
{
    format_tuple(maxshape, 1, out, size);
}

void tool_format_dtype(const h5x_dtype *dtype, char *out, size_t size)
{
    char *text = h5x_dtype_to_string(dtype);
    snprintf(out, size, "%s", text != NULL ? text : "?");
    h5x_free(text);
}

/* ------------------------------------------------------------------ values */

/* Significant digits that make a float of this many bytes round-trip. */
static int float_digits(size_t bytes)
{
    if (bytes <= 2)
        return 5;
    if (bytes <= 4)
        return 9;
    return 17;
}

int tool_value_format_for(const h5x_dtype *stored, tool_value_format *format)
{
    memset(format, 0, sizeof *format);
    size_t bytes = h5x_dtype_size(stored);
    switch (h5x_dtype_get_class(stored)) {
    case H5X_CLASS_INTEGER:
        if (h5x_dtype_is_signed(stored) == 1) {
            format->kind = TOOL_VALUE_SIGNED;
            format->mem_dtype = H5X_I64;
        } else {
            format->kind = TOOL_VALUE_UNSIGNED;
            format->mem_dtype = H5X_U64;
        }
        break;
    case H5X_CLASS_FLOAT:
        format->kind = TOOL_VALUE_FLOAT;
        format->mem_dtype = H5X_F64;
        format->digits = float_digits(bytes);
        break;
    case H5X_CLASS_BOOL:
        format->kind = TOOL_VALUE_BOOL;
        format->mem_dtype = H5X_BOOL;
        break;
    case H5X_CLASS_COMPLEX:
        format->kind = TOOL_VALUE_COMPLEX;
        format->mem_dtype = H5X_C128;
        format->digits = float_digits(bytes / 2);
        break;
    case H5X_CLASS_REFERENCE:
        /* read as stored: the caller keeps the dtype while it prints */
        format->kind = TOOL_VALUE_REFERENCE;
        format->mem_dtype = stored;
        break;
    default:
        return tool_composite_format_for(stored, format);
    }
    if (format->mem_dtype == NULL)
        return -1;
    format->mem_size = h5x_dtype_size(format->mem_dtype);
    return 0;
}

size_t tool_value_text(const tool_value_format *format, const void *element, char *out)
{
    int n = 0;
    switch (format->kind) {
    case TOOL_VALUE_SIGNED: {
        int64_t value;
        memcpy(&value, element, sizeof value);
        n = snprintf(out, TOOL_VALUE_TEXT_MAX, "%" PRId64, value);
        break;
    }
    case TOOL_VALUE_UNSIGNED: {
        uint64_t value;
        memcpy(&value, element, sizeof value);
        n = snprintf(out, TOOL_VALUE_TEXT_MAX, "%" PRIu64, value);
        break;
    }
    case TOOL_VALUE_FLOAT: {
        double value;
        memcpy(&value, element, sizeof value);
        n = snprintf(out, TOOL_VALUE_TEXT_MAX, "%.*g", format->digits, value);
        break;
    }
    case TOOL_VALUE_BOOL: {
        unsigned char value;
        memcpy(&value, element, sizeof value);
        n = snprintf(out, TOOL_VALUE_TEXT_MAX, "%s", value ? "TRUE" : "FALSE");
        break;
    }
    case TOOL_VALUE_COMPLEX: {
        double parts[2];
        memcpy(parts, element, sizeof parts);
        n = snprintf(out, TOOL_VALUE_TEXT_MAX, "%.*g%+.*gj", format->digits, parts[0], format->digits, parts[1]);
        break;
    }
    case TOOL_VALUE_REFERENCE:
        return tool_reference_text(format->file, element, out, TOOL_VALUE_TEXT_MAX);
    case TOOL_VALUE_COMPOSITE:
        return tool_composite_text(format, element, out, TOOL_VALUE_TEXT_MAX);
    }
    return n > 0 ? (size_t)n : 0;
}

/* ---------------------------------------------------------------- printer */

void tool_value_printer_init(tool_value_printer *printer, FILE *out, const tool_value_format *format,
                             const h5x_shape *shape, int indent)
{
    memset(printer, 0, sizeof *printer);
    printer->out = out;
    printer->format = format;
    printer->rank = shape->rank > 0 ? shape->rank : 0;
    for (int i = 0; i < printer->rank; i++)
        printer->dims[i] = shape->dims[i];
    printer->remaining = h5x_shape_size(shape);
    printer->indent = indent;
    printer->width = 80;
}

/* Starts a line with the index of the next element: "(2,16): ". */
static void start_line(tool_value_printer *printer)
{
    if (printer->column > 0)
        fputc('\n', printer->out);
    int column = fprintf(printer->out, "%*s(", printer->indent, "");
    if (printer->rank == 0) {
        column += fprintf(printer->out, "0");
    } else {
        for (int i = 0; i < printer->rank; i++)
            column += fprintf(printer->out, "%s%" PRIu64, i > 0 ? "," : "", printer->index[i]);
    }
    column += fprintf(printer->out, "): ");
    printer->column = column;
}

static void advance_index(tool_value_printer *printer)
{
    for (int i = printer->rank - 1; i >= 0; i--) {
        if (++printer->index[i] < printer->dims[i])
            return;
        printer->index[i] = 0;
    }
}

void tool_value_printer_feed(tool_value_printer *printer, const void *buffer, uint64_t count)
{
    const unsigned char *element = buffer;
    char text[TOOL_VALUE_TEXT_MAX];
    for (uint64_t k = 0; k < count && printer->remaining > 0; k++, element += printer->format->mem_size) {
        size_t length = tool_value_text(printer->format, element, text);
        int last = printer->remaining == 1;
        /* the text, then "," unless last, must stay left of the last column
         * (h5dump's rule); a fresh line always takes it */
        size_t needed = length + (last ? 0 : 1);
        int row_start = printer->column == 0 ||
                        (printer->rank > 0 && printer->index[printer->rank - 1] == 0);
        if (row_start || (size_t)printer->column + 1 + needed >= (size_t)printer->width) {
            start_line(printer);
        } else {
            fputc(' ', printer->out);
            printer->column++;
        }
        fputs(text, printer->out);
        if (!last)
            fputc(',', printer->out);
        printer->column += (int)needed;
        printer->remaining--;
        advance_index(printer);
    }
}

void tool_value_printer_finish(tool_value_printer *printer)
{
    if (printer->column > 0)
        fputc('\n', printer->out);
    printer->column = 0;
}
