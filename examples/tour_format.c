/*
 * tour_format.c — h5py's reprs and NumPy's array printing, in C, for the
 * tour.
 *
 * NumPy prints an array by formatting every element to a common width
 * (integers right-aligned; floats aligned on the decimal point, at most
 * eight decimals, trailing zeros dropped, "1." for whole numbers), then
 * nesting brackets: elements of the last axis are separated by a space and
 * wrapped before a line would pass 75 columns, sub-arrays are separated by
 * one newline per remaining axis and indented by their depth.  That is
 * what tour_print_array reproduces, so the tour's output lines up with the
 * printed cells of the h5py material.
 */
#include "tour_format.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_WIDTH 75

/* ------------------------------------------------------------ reprs */

void tour_shape_text(const h5x_shape *shape, char *out, size_t size)
{
    if (shape->rank < 0) {
        snprintf(out, size, "None");
        return;
    }
    size_t used = (size_t)snprintf(out, size, "(");
    for (int i = 0; i < shape->rank && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%" PRIu64, i ? ", " : "", shape->dims[i]);
    if (used < size)
        snprintf(out + used, size - used, "%s)", shape->rank == 1 ? "," : "");
}

/* The last component of an absolute path ("/" stays "/"). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

void tour_repr(h5x_object *object, char *out, size_t size)
{
    char *path = h5x_object_name(object);
    if (!path) {
        snprintf(out, size, "<Closed HDF5 object>");
        return;
    }
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_FILE: {
        char *name = h5x_file_name(object);
        char *mode = h5x_file_mode(object);
        snprintf(out, size, "<HDF5 file \"%s\" (mode %s)>", name ? base_name(name) : "?", mode ? mode : "?");
        h5x_free(name);
        h5x_free(mode);
        break;
    }
    case H5X_KIND_GROUP:
        snprintf(out, size, "<HDF5 group \"%s\" (%" PRId64 " members)>", path, h5x_group_length(object));
        break;
    case H5X_KIND_DATASET: {
        h5x_shape shape;
        char shape_text[256] = "?";
        if (h5x_dataset_shape(object, &shape) == 0)
            tour_shape_text(&shape, shape_text, sizeof shape_text);
        h5x_dtype *dtype = h5x_dataset_dtype(object);
        char *type = dtype ? h5x_dtype_to_string(dtype) : NULL;
        snprintf(out, size, "<HDF5 dataset \"%s\": shape %s, type \"%s\">", base_name(path), shape_text,
                 type ? type : "?");
        h5x_free(type);
        h5x_close(dtype);
        break;
    }
    default: snprintf(out, size, "<HDF5 named type \"%s\">", path); break;
    }
    h5x_free(path);
}

void tour_print_names(char **names, size_t count)
{
    printf("[");
    for (size_t i = 0; i < count; i++)
        printf("%s'%s'", i ? ", " : "", names[i]);
    printf("]\n");
}

void tour_print_error(void)
{
    const h5x_error_info *error = h5x_last_error();
    printf("error (%s): %s\n", h5x_strerror(error->code), error->message);
}

/* ------------------------------------------------------------ elements */

/* A float as NumPy writes it inside an array: positional, at most eight
 * decimals, trailing zeros dropped but the point kept ("1.", "0.25"). */
static void float_word(double value, char *out, size_t size)
{
    if (isnan(value)) {
        snprintf(out, size, "nan");
        return;
    }
    if (isinf(value)) {
        snprintf(out, size, "%sinf", value < 0 ? "-" : "");
        return;
    }
    snprintf(out, size, "%.8f", value);
    size_t length = strlen(out);
    while (length > 0 && out[length - 1] == '0')
        out[--length] = '\0';
    if (strcmp(out, "-0.") == 0 && value == 0.0 && !signbit(value))
        snprintf(out, size, "0.");
}

typedef struct element_format {
    int is_float;
    size_t pad_left;  /* characters before the point (or the whole integer) */
    size_t pad_right; /* characters after the point */
} element_format;

static element_format measure(const double *values, uint64_t count, int is_float)
{
    element_format format = {is_float, 0, 0};
    for (uint64_t i = 0; i < count; i++) {
        char word[64];
        if (is_float) {
            float_word(values[i], word, sizeof word);
            const char *point = strchr(word, '.');
            size_t left = point ? (size_t)(point - word) : strlen(word);
            size_t right = point ? strlen(point + 1) : 0;
            format.pad_left = left > format.pad_left ? left : format.pad_left;
            format.pad_right = right > format.pad_right ? right : format.pad_right;
        } else {
            size_t length = (size_t)snprintf(word, sizeof word, "%.0f", values[i]);
            format.pad_left = length > format.pad_left ? length : format.pad_left;
        }
    }
    return format;
}

static void element_text(const element_format *format, double value, char *out, size_t size)
{
    if (!format->is_float) {
        snprintf(out, size, "%*.0f", (int)format->pad_left, value);
        return;
    }
    char word[64];
    float_word(value, word, sizeof word);
    const char *point = strchr(word, '.');
    size_t left = point ? (size_t)(point - word) : strlen(word);
    size_t right = point ? strlen(point + 1) : 0;
    snprintf(out, size, "%*s%s%*s", (int)(format->pad_left - left), "", word, (int)(format->pad_right - right), "");
}

/* ------------------------------------------------------------ arrays */

/* A growing string. */
typedef struct text {
    char *data;
    size_t length, capacity;
} text;

static void append(text *t, const char *s, size_t n)
{
    if (t->length + n + 1 > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 256;
        while (t->length + n + 1 > capacity)
            capacity *= 2;
        char *grown = realloc(t->data, capacity);
        if (!grown)
            return;
        t->data = grown;
        t->capacity = capacity;
    }
    memcpy(t->data + t->length, s, n);
    t->length += n;
    t->data[t->length] = '\0';
}

static void append_str(text *t, const char *s)
{
    append(t, s, strlen(s));
}

static void append_spaces(text *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        append(t, " ", 1);
}

typedef struct array_view {
    const double *values;
    const h5x_shape *shape;
    element_format format;
} array_view;

/* NumPy's recursive layout: `hanging` is the indent of wrapped lines at
 * this depth, `width` the columns left before the closing brackets. */
static void format_axis(const array_view *view, int depth, uint64_t offset, size_t hanging, size_t width, text *out)
{
    const h5x_shape *shape = view->shape;
    uint64_t n = shape->dims[depth];
    uint64_t stride = 1;
    for (int a = depth + 1; a < shape->rank; a++)
        stride *= shape->dims[a];
    text body = {0};
    if (depth == shape->rank - 1) {
        /* the last axis: words separated by spaces, wrapped */
        text line = {0};
        append_spaces(&line, hanging);
        size_t limit = width - 1; /* room for the closing bracket */
        for (uint64_t i = 0; i < n; i++) {
            char word[96];
            element_text(&view->format, view->values[offset + i], word, sizeof word);
            size_t word_length = strlen(word);
            if (line.length + word_length > limit && line.length > hanging) {
                while (line.length > 0 && line.data[line.length - 1] == ' ')
                    line.data[--line.length] = '\0';
                append(&body, line.data, line.length);
                append_str(&body, "\n");
                line.length = 0;
                if (line.data)
                    line.data[0] = '\0';
                append_spaces(&line, hanging);
            }
            append_str(&line, word);
            if (i + 1 < n)
                append_str(&line, " ");
        }
        if (line.data)
            append(&body, line.data, line.length);
        free(line.data);
    } else {
        int axes_left = shape->rank - depth;
        for (uint64_t i = 0; i < n; i++) {
            text nested = {0};
            format_axis(view, depth + 1, offset + i * stride, hanging + 1, width - 1, &nested);
            append_spaces(&body, hanging);
            if (nested.data)
                append(&body, nested.data, nested.length);
            free(nested.data);
            if (i + 1 < n)
                for (int s = 0; s < axes_left - 1; s++)
                    append_str(&body, "\n");
        }
    }
    append_str(out, "[");
    if (body.data && body.length >= hanging)
        append(out, body.data + hanging, body.length - hanging);
    append_str(out, "]");
    free(body.data);
}

void tour_print_array(const double *values, const h5x_shape *shape, int is_float)
{
    uint64_t count = h5x_shape_size(shape);
    if (shape->rank <= 0) {
        char word[64];
        if (is_float) {
            float_word(values[0], word, sizeof word);
            size_t length = strlen(word);
            if (length > 0 && word[length - 1] == '.')
                snprintf(word + length, sizeof word - length, "0"); /* a Python float: 0.0 */
        } else {
            snprintf(word, sizeof word, "%.0f", values[0]);
        }
        printf("%s\n", word);
        return;
    }
    if (count == 0) {
        printf("[]\n");
        return;
    }
    array_view view = {values, shape, measure(values, count, is_float)};
    text out = {0};
    format_axis(&view, 0, 0, 1, LINE_WIDTH, &out);
    printf("%s\n", out.data ? out.data : "");
    free(out.data);
}

int tour_print_selection(h5x_object *dataset, const char *selection_text)
{
    h5x_selection *sel = selection_text ? h5x_selection_parse(selection_text) : h5x_selection_new();
    if (!sel)
        return h5x_last_error()->code;
    h5x_shape shape;
    int status = h5x_dataset_selection_shape(dataset, sel, &shape);
    h5x_dtype *dtype = status == 0 ? h5x_dataset_dtype(dataset) : NULL;
    if (status == 0 && !dtype)
        status = h5x_last_error()->code;
    double *values = NULL;
    if (status == 0) {
        uint64_t count = h5x_shape_size(&shape);
        values = malloc((count ? count : 1) * sizeof *values);
        if (!values) {
            status = H5X_ERR_NO_MEMORY;
        } else {
            status = h5x_dataset_read(dataset, sel, H5X_F64, values, count * sizeof *values);
            if (status >= 0) {
                status = 0;
                h5x_dtype_class type_class = h5x_dtype_get_class(dtype);
                tour_print_array(values, &shape, type_class == H5X_CLASS_FLOAT);
            }
        }
    }
    free(values);
    h5x_close(dtype);
    h5x_close(sel);
    return status;
}
