/*
 * Selections: NumPy/h5py indexing for C.
 *
 * An application describes what it wants the way it would between the
 * brackets of dset[...] in h5py: integers, slices, one ellipsis and one
 * increasing index list, either as text ("0, 2:10, 1:9:3") or built item by
 * item.  That description does not know the dataset's shape; it only becomes
 * concrete when resolved against a shape, which is when negative indices
 * count from the end, slices are clamped as NumPy clamps them, missing
 * trailing axes become ":" and out-of-range integers are refused.
 *
 * The resolved form is what connectors receive: everything, nothing, a
 * product of per-axis strided ranges or lists, or a list of points.  Keeping
 * integer indices as one-element ranges lets connectors ignore which axes the
 * application dropped; only result_shape records that.
 *
 * The rules follow h5py rather than NumPy where the two differ: steps must be
 * positive, index lists must increase, and only one list is allowed (NumPy
 * would pair several lists point by point, h5py refuses them), so that every
 * selection maps onto an HDF5 hyperslab or point set.
 *
 * Moving data through a resolved selection (gather/scatter) and NumPy
 * broadcasting live here too: they are the same walk over the same
 * description, and both are pure functions that need no lock.
 */
#include "selection.h"

#include "error.h"
#include "handle.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the handle */

typedef enum item_kind { ITEM_INDEX, ITEM_SLICE, ITEM_ELLIPSIS, ITEM_LIST } item_kind;

#define SELECTION_INLINE_ITEMS 4

typedef struct selection_item {
    item_kind kind;
    int64_t index;              /* ITEM_INDEX */
    int64_t start, stop, step;  /* ITEM_SLICE; H5X_NONE when omitted */
    int64_t *list;              /* ITEM_LIST, count entries (NULL when empty) */
    size_t count;
} selection_item;

struct h5x_selection {
    h5x_handle header;
    int item_count;
    int has_ellipsis;
    int has_list;
    int capacity;
    /* Most selections index a few axes: they live in inline_items, and only
     * longer ones (up to H5X_MAX_RANK axes plus the ellipsis) move to the
     * heap, which keeps creating a selection for a small read cheap. */
    selection_item *items;
    selection_item inline_items[SELECTION_INLINE_ITEMS];
};

static int selection_destroy(h5x_handle *handle)
{
    h5x_selection *sel = (h5x_selection *)handle;
    for (int i = 0; i < sel->item_count; i++)
        free(sel->items[i].list);
    if (sel->items != sel->inline_items)
        free(sel->items);
    free(sel);
    return 0;
}

h5x_selection *h5x_selection_new(void)
{
    h5x_selection *sel = calloc(1, sizeof *sel);
    if (!sel) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory creating a selection");
        return NULL;
    }
    if (h5x_handle_init(&sel->header, H5X_HANDLE_SELECTION, selection_destroy) != 0) {
        free(sel);
        return NULL;
    }
    sel->items = sel->inline_items;
    sel->capacity = SELECTION_INLINE_ITEMS;
    return sel;
}

static int axis_items(const h5x_selection *sel)
{
    return sel->item_count - sel->has_ellipsis;
}

/* The add_* functions below check everything that does not depend on a
 * shape, so that a mistake is reported where it is made. */
static int append_item(h5x_selection *sel, const selection_item *item)
{
    if (item->kind != ITEM_ELLIPSIS && axis_items(sel) >= H5X_MAX_RANK)
        return h5x_error(H5X_ERR_SELECTION, "too many indices: a selection addresses at most %d axes",
                         H5X_MAX_RANK);
    if (sel->item_count == sel->capacity) {
        int capacity = sel->capacity * 2 > H5X_MAX_RANK + 1 ? H5X_MAX_RANK + 1 : sel->capacity * 2;
        selection_item *grown = malloc((size_t)capacity * sizeof *grown);
        if (!grown)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory adding an index to a selection");
        memcpy(grown, sel->items, (size_t)sel->item_count * sizeof *grown);
        if (sel->items != sel->inline_items)
            free(sel->items);
        sel->items = grown;
        sel->capacity = capacity;
    }
    sel->items[sel->item_count++] = *item;
    return 0;
}

static int add_index(h5x_selection *sel, int64_t index)
{
    if (index == H5X_NONE)
        return h5x_error(H5X_ERR_SELECTION, "index %" PRId64 " (H5X_NONE) is not a valid index", index);
    selection_item item = {.kind = ITEM_INDEX, .index = index};
    return append_item(sel, &item);
}

static int add_slice(h5x_selection *sel, int64_t start, int64_t stop, int64_t step)
{
    if (step == 0)
        return h5x_error(H5X_ERR_SELECTION, "slice step cannot be zero");
    if (step != H5X_NONE && step < 0)
        return h5x_error(H5X_ERR_SELECTION, "slice step must be >= 1 (got %" PRId64 "): negative steps are not "
                         "supported, as in h5py", step);
    selection_item item = {.kind = ITEM_SLICE, .start = start, .stop = stop, .step = step};
    return append_item(sel, &item);
}

static int add_ellipsis(h5x_selection *sel)
{
    if (sel->has_ellipsis)
        return h5x_error(H5X_ERR_SELECTION, "only one ellipsis (...) may be used");
    selection_item item = {.kind = ITEM_ELLIPSIS};
    int status = append_item(sel, &item);
    if (status == 0)
        sel->has_ellipsis = 1;
    return status;
}

/* Takes ownership of list (malloc'd) on success and on failure. */
static int add_list_owned(h5x_selection *sel, int64_t *list, size_t count)
{
    if (sel->has_list) {
        free(list);
        return h5x_error(H5X_ERR_SELECTION, "only one index list is allowed in a selection, as in h5py");
    }
    selection_item item = {.kind = ITEM_LIST, .list = list, .count = count};
    int status = append_item(sel, &item);
    if (status != 0) {
        free(list);
        return status;
    }
    sel->has_list = 1;
    return 0;
}

int h5x_selection_add_index(h5x_selection *sel, int64_t index)
{
    int status = h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection");
    return status != 0 ? status : add_index(sel, index);
}

int h5x_selection_add_slice(h5x_selection *sel, int64_t start, int64_t stop, int64_t step)
{
    int status = h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection");
    return status != 0 ? status : add_slice(sel, start, stop, step);
}

int h5x_selection_add_ellipsis(h5x_selection *sel)
{
    int status = h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection");
    return status != 0 ? status : add_ellipsis(sel);
}

int h5x_selection_add_list(h5x_selection *sel, const int64_t *indices, size_t count)
{
    int status = h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection");
    if (status != 0)
        return status;
    if (count > 0 && !indices)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "index list is NULL but count is %zu", count);
    if (count > SIZE_MAX / sizeof(int64_t))
        return h5x_error(H5X_ERR_NO_MEMORY, "index list of %zu entries is too large", count);
    int64_t *copy = NULL;
    if (count > 0) {
        copy = malloc(count * sizeof *copy);
        if (!copy)
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying an index list of %zu entries", count);
        memcpy(copy, indices, count * sizeof *copy);
    }
    return add_list_owned(sel, copy, count);
}

/* ------------------------------------------------------------ the text */

typedef struct parser {
    const char *text;
    size_t pos;
    h5x_selection *sel;
} parser;

static void skip_space(parser *p)
{
    while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' || p->text[p->pos] == '\n' ||
           p->text[p->pos] == '\r')
        p->pos++;
}

static int parse_fail(const parser *p, const char *expected)
{
    char c = p->text[p->pos];
    if (c == '\0')
        return h5x_error(H5X_ERR_SELECTION, "cannot parse selection \"%s\": unexpected end at position %zu, "
                         "expected %s", p->text, p->pos, expected);
    return h5x_error(H5X_ERR_SELECTION, "cannot parse selection \"%s\": unexpected '%c' at position %zu, "
                     "expected %s", p->text, c, p->pos, expected);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 with *value set when an integer starts here, 0 when none does, or a
 * negative status.  INT64_MIN is refused: it is H5X_NONE. */
static int parse_integer(parser *p, int64_t *value)
{
    size_t begin = p->pos;
    int negative = 0;
    if (p->text[p->pos] == '-' || p->text[p->pos] == '+') {
        negative = p->text[p->pos] == '-';
        p->pos++;
        skip_space(p);
        if (!is_digit(p->text[p->pos]))
            return parse_fail(p, "a digit after the sign");
    } else if (!is_digit(p->text[p->pos])) {
        return 0;
    }
    uint64_t magnitude = 0;
    while (is_digit(p->text[p->pos])) {
        unsigned digit = (unsigned)(p->text[p->pos] - '0');
        if (magnitude > ((uint64_t)INT64_MAX - digit) / 10)
            return h5x_error(H5X_ERR_SELECTION, "cannot parse selection \"%s\": the number at position %zu is "
                             "too large", p->text, begin);
        magnitude = magnitude * 10 + digit;
        p->pos++;
    }
    *value = negative ? -(int64_t)magnitude : (int64_t)magnitude;
    return 1;
}

/* Adds the error's place in the text to a message from an add_* check. */
static int item_fail(const parser *p, size_t item_pos, int status)
{
    h5x_error_prefix("in selection \"%s\" at position %zu", p->text, item_pos);
    return status;
}

static int parse_list(parser *p)
{
    size_t item_pos = p->pos;
    p->pos++; /* '[' */
    int64_t *list = NULL;
    size_t count = 0, capacity = 0;
    skip_space(p);
    while (p->text[p->pos] != ']') {
        int64_t value;
        int found = parse_integer(p, &value);
        if (found == 0)
            found = parse_fail(p, "an integer or ']' in the index list");
        if (found < 0) {
            free(list);
            return found;
        }
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 8;
            int64_t *grown = realloc(list, capacity * sizeof *grown);
            if (!grown) {
                free(list);
                return h5x_error(H5X_ERR_NO_MEMORY, "out of memory parsing an index list");
            }
            list = grown;
        }
        list[count++] = value;
        skip_space(p);
        if (p->text[p->pos] == ',') {
            p->pos++;
            skip_space(p);
        } else if (p->text[p->pos] != ']') {
            free(list);
            return parse_fail(p, "',' or ']' in the index list");
        }
    }
    p->pos++; /* ']' */
    int status = add_list_owned(p->sel, list, count);
    return status != 0 ? item_fail(p, item_pos, status) : 0;
}

/* An integer index or a slice [start]:[stop][:[step]]. */
static int parse_index_or_slice(parser *p)
{
    size_t item_pos = p->pos;
    int64_t start = H5X_NONE, stop = H5X_NONE, step = H5X_NONE;
    int has_start = parse_integer(p, &start);
    if (has_start < 0)
        return has_start;
    skip_space(p);
    int status;
    if (p->text[p->pos] == ':') {
        p->pos++;
        skip_space(p);
        int found = parse_integer(p, &stop);
        if (found < 0)
            return found;
        skip_space(p);
        if (p->text[p->pos] == ':') {
            p->pos++;
            skip_space(p);
            found = parse_integer(p, &step);
            if (found < 0)
                return found;
        }
        status = add_slice(p->sel, start, stop, step);
    } else if (has_start) {
        status = add_index(p->sel, start);
    } else {
        return parse_fail(p, "an index, a slice, '...' or an index list");
    }
    return status != 0 ? item_fail(p, item_pos, status) : 0;
}

static int parse_item(parser *p)
{
    skip_space(p);
    if (strncmp(p->text + p->pos, "...", 3) == 0) {
        size_t item_pos = p->pos;
        p->pos += 3;
        int status = add_ellipsis(p->sel);
        return status != 0 ? item_fail(p, item_pos, status) : 0;
    }
    if (p->text[p->pos] == '[')
        return parse_list(p);
    return parse_index_or_slice(p);
}

/* The grammar is Python's subscript: items separated by commas, with an
 * optional trailing comma, optionally inside one pair of parentheses, so
 * that "()" is the empty tuple and "(0, 1)" means "0, 1". */
static int parse_items(parser *p)
{
    skip_space(p);
    int parenthesised = p->text[p->pos] == '(';
    if (parenthesised) {
        p->pos++;
        skip_space(p);
    }
    char closing = parenthesised ? ')' : '\0';
    if (!(parenthesised && p->text[p->pos] == ')')) {
        for (;;) {
            int status = parse_item(p);
            if (status != 0)
                return status;
            skip_space(p);
            if (p->text[p->pos] != ',')
                break;
            p->pos++;
            skip_space(p);
            if (p->text[p->pos] == closing)
                break;
        }
    }
    if (parenthesised) {
        if (p->text[p->pos] != ')')
            return parse_fail(p, "',' or ')'");
        p->pos++;
        skip_space(p);
    }
    if (p->text[p->pos] != '\0')
        return parse_fail(p, "',' or the end of the selection");
    return 0;
}

h5x_selection *h5x_selection_parse(const char *text)
{
    if (!text) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "selection text is NULL");
        return NULL;
    }
    h5x_selection *sel = h5x_selection_new();
    if (!sel)
        return NULL;
    parser p = {.text = text, .pos = 0, .sel = sel};
    if (parse_items(&p) != 0) {
        h5x_handle_release(&sel->header);
        return NULL;
    }
    return sel;
}

/* A growing string for the canonical text and error messages. */
typedef struct text_buffer {
    char *data;
    size_t length, capacity;
    int failed;
} text_buffer;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void text_append(text_buffer *b, const char *format, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list args;
        va_start(args, format);
        size_t room = b->capacity - b->length;
        int n = vsnprintf(b->data ? b->data + b->length : NULL, room, format, args);
        va_end(args);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < room) {
            b->length += (size_t)n;
            return;
        }
        size_t capacity = b->capacity ? b->capacity : 64;
        while (capacity - b->length <= (size_t)n)
            capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->capacity = capacity;
    }
}

static void append_selection_text(text_buffer *b, const h5x_selection *sel)
{
    if (!sel || sel->item_count == 0) {
        text_append(b, "()");
        return;
    }
    for (int i = 0; i < sel->item_count; i++) {
        const selection_item *item = &sel->items[i];
        if (i > 0)
            text_append(b, ", ");
        switch (item->kind) {
        case ITEM_INDEX:
            text_append(b, "%" PRId64, item->index);
            break;
        case ITEM_ELLIPSIS:
            text_append(b, "...");
            break;
        case ITEM_SLICE:
            if (item->start != H5X_NONE)
                text_append(b, "%" PRId64, item->start);
            text_append(b, ":");
            if (item->stop != H5X_NONE)
                text_append(b, "%" PRId64, item->stop);
            if (item->step != H5X_NONE)
                text_append(b, ":%" PRId64, item->step);
            break;
        case ITEM_LIST:
            text_append(b, "[");
            for (size_t k = 0; k < item->count; k++)
                text_append(b, k ? ", %" PRId64 : "%" PRId64, item->list[k]);
            text_append(b, "]");
            break;
        }
    }
}

char *h5x_selection_to_string(const h5x_selection *sel)
{
    if (h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection") != 0)
        return NULL;
    text_buffer b = {0};
    append_selection_text(&b, sel);
    if (b.failed) {
        free(b.data);
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory formatting a selection");
        return NULL;
    }
    return b.data;
}

/* Python's spelling of a shape: "()", "(3,)", "(10, 2)"; "None" for null. */
static void append_shape_text(text_buffer *b, const h5x_shape *shape)
{
    if (shape->rank < 0) {
        text_append(b, "None");
        return;
    }
    text_append(b, "(");
    for (int i = 0; i < shape->rank; i++)
        text_append(b, i ? ", %" PRIu64 : "%" PRIu64, shape->dims[i]);
    text_append(b, shape->rank == 1 ? ",)" : ")");
}

/* --------------------------------------------------------- resolving */

/* Maps a possibly negative index onto 0..length-1; -1 when out of range.
 * The magnitude of a negative index is computed without overflow. */
static int normalise_index(int64_t index, uint64_t length, uint64_t *coord)
{
    if (index >= 0) {
        if ((uint64_t)index >= length)
            return -1;
        *coord = (uint64_t)index;
        return 0;
    }
    uint64_t back = (uint64_t)(-(index + 1)) + 1;
    if (back > length)
        return -1;
    *coord = length - back;
    return 0;
}

/* NumPy's clamping of a slice bound into 0..length. */
static uint64_t clamp_bound(int64_t bound, uint64_t length)
{
    if (bound >= 0)
        return (uint64_t)bound < length ? (uint64_t)bound : length;
    uint64_t back = (uint64_t)(-(bound + 1)) + 1;
    return back >= length ? 0 : length - back;
}

static void set_full_axis(h5x_axis_selection *axis, uint64_t length)
{
    axis->start = 0;
    axis->step = 1;
    axis->count = length;
    axis->list = NULL;
}

static int resolve_slice(const selection_item *item, uint64_t length, h5x_axis_selection *axis)
{
    uint64_t step = item->step == H5X_NONE ? 1 : (uint64_t)item->step;
    uint64_t start = item->start == H5X_NONE ? 0 : clamp_bound(item->start, length);
    uint64_t stop = item->stop == H5X_NONE ? length : clamp_bound(item->stop, length);
    axis->step = step;
    axis->list = NULL;
    if (stop > start) {
        axis->start = start;
        axis->count = (stop - start - 1) / step + 1;
    } else {
        axis->start = 0;
        axis->count = 0;
    }
    return 0;
}

static int resolve_list(const selection_item *item, int axis_number, uint64_t length, h5x_axis_selection *axis)
{
    axis->start = 0;
    axis->step = 1;
    axis->count = item->count;
    axis->list = NULL;
    if (item->count == 0)
        return 0;
    uint64_t *coords = malloc(item->count * sizeof *coords);
    if (!coords)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory resolving an index list of %zu entries", item->count);
    axis->list = coords; /* owned by the resolved selection from here on */
    for (size_t k = 0; k < item->count; k++) {
        if (normalise_index(item->list[k], length, &coords[k]) != 0)
            return h5x_error(H5X_ERR_SELECTION, "list index %" PRId64 " is out of range for axis %d with length %"
                             PRIu64, item->list[k], axis_number, length);
        if (k > 0 && coords[k] <= coords[k - 1])
            return h5x_error(H5X_ERR_SELECTION, "list indices must be increasing, without repeats (as h5py "
                             "requires): %" PRId64 " follows %" PRId64 " on axis %d",
                             item->list[k], item->list[k - 1], axis_number);
    }
    return 0;
}

static int axis_is_full(const h5x_axis_selection *axis, uint64_t length)
{
    if (axis->count != length)
        return 0;
    /* an increasing in-range list of `length` entries can only be 0..length-1 */
    return axis->list || length == 0 || (axis->start == 0 && (axis->step == 1 || length == 1));
}

static uint64_t multiply_saturating(uint64_t a, uint64_t b)
{
    if (a != 0 && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

/* Only the first rank axes can hold a list: resolving starts from a zeroed
 * selection and sets rank before it touches an axis. */
static void free_axis_lists(h5x_resolved_selection *res)
{
    int rank = res->rank < 0 ? 0 : res->rank > H5X_MAX_RANK ? H5X_MAX_RANK : res->rank;
    for (int i = 0; i < rank; i++) {
        if (res->axes[i].list) {
            free((void *)(uintptr_t)res->axes[i].list);
            res->axes[i].list = NULL;
        }
    }
}

static int resolve_into(const h5x_selection *sel, const h5x_shape *shape, h5x_resolved_selection *res,
                        h5x_shape *result)
{
    int rank = shape->rank;
    if (rank < 0)
        return h5x_error(H5X_ERR_SELECTION, "empty dataset cannot be sliced (it has a null dataspace)");
    int given = sel ? axis_items(sel) : 0;
    if (rank == 0 && given > 0)
        return h5x_error(H5X_ERR_SELECTION, "a scalar dataset cannot be indexed: only () and ... select it");
    if (given > rank)
        return h5x_error(H5X_ERR_SELECTION, "too many indices: %d for a dataset of rank %d", given, rank);

    res->rank = rank;
    result->rank = 0;
    int axis = 0;
    int item_count = sel ? sel->item_count : 0;
    for (int i = 0; i < item_count; i++) {
        const selection_item *item = &sel->items[i];
        if (item->kind == ITEM_ELLIPSIS) {
            for (int k = 0; k < rank - given; k++, axis++) {
                set_full_axis(&res->axes[axis], shape->dims[axis]);
                result->dims[result->rank++] = shape->dims[axis];
            }
            continue;
        }
        uint64_t length = shape->dims[axis];
        h5x_axis_selection *a = &res->axes[axis];
        if (item->kind == ITEM_INDEX) {
            uint64_t coord;
            if (normalise_index(item->index, length, &coord) != 0)
                return h5x_error(H5X_ERR_SELECTION, "index %" PRId64 " is out of range for axis %d with length %"
                                 PRIu64, item->index, axis, length);
            a->start = coord;
            a->step = 1;
            a->count = 1;
            a->list = NULL;
        } else {
            int status = item->kind == ITEM_SLICE ? resolve_slice(item, length, a)
                                                  : resolve_list(item, axis, length, a);
            if (status != 0)
                return status;
            result->dims[result->rank++] = a->count;
        }
        axis++;
    }
    for (; axis < rank; axis++) {
        set_full_axis(&res->axes[axis], shape->dims[axis]);
        result->dims[result->rank++] = shape->dims[axis];
    }

    uint64_t total = 1;
    int full = 1;
    for (int i = 0; i < rank; i++) {
        total = multiply_saturating(total, res->axes[i].count);
        full = full && axis_is_full(&res->axes[i], shape->dims[i]);
    }
    /* The kind describes the elements touched and their order; dropping
     * axes does not change either, so an index on a length-1 axis still
     * counts as everything. */
    if (total == 0) {
        res->kind = H5X_SEL_NONE;
        free_axis_lists(res);
    } else if (full) {
        res->kind = H5X_SEL_ALL;
        free_axis_lists(res);
        for (int i = 0; i < rank; i++)
            set_full_axis(&res->axes[i], shape->dims[i]);
    } else {
        res->kind = H5X_SEL_ORTHOGONAL;
    }
    return 0;
}

int h5x_selection_resolve_into(const h5x_selection *sel, const h5x_shape *shape, h5x_resolved_selection *res,
                               h5x_shape *result_shape)
{
    memset(res, 0, sizeof *res);
    /* NULL stands for everything, as dset[()] */
    if (sel) {
        int status = h5x_handle_check(sel, H5X_HANDLE_SELECTION, "selection");
        if (status != 0)
            return status;
    }
    if (!shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_selection_resolve: shape is NULL");
    if (shape->rank < -1 || shape->rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "shape rank %d is outside -1..%d", shape->rank, H5X_MAX_RANK);

    h5x_shape result = {0};
    int status = resolve_into(sel, shape, res, &result);
    if (status != 0) {
        text_buffer b = {0};
        append_selection_text(&b, sel);
        text_append(&b, "\" on shape ");
        append_shape_text(&b, shape);
        if (!b.failed)
            h5x_error_prefix("selection \"%s", b.data);
        free(b.data);
        h5x_resolved_selection_clear(res);
        return status;
    }
    if (result_shape)
        *result_shape = result;
    return 0;
}

int h5x_selection_resolve(const h5x_selection *sel, const h5x_shape *shape, h5x_resolved_selection **out,
                          h5x_shape *result_shape)
{
    if (!out)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_selection_resolve: out is NULL");
    *out = NULL;
    h5x_resolved_selection *res = malloc(sizeof *res);
    if (!res)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory resolving a selection");
    int status = h5x_selection_resolve_into(sel, shape, res, result_shape);
    if (status != 0) {
        free(res);
        return status;
    }
    *out = res;
    return 0;
}

void h5x_resolved_selection_clear(h5x_resolved_selection *sel)
{
    free_axis_lists(sel);
    free((void *)(uintptr_t)sel->points);
    sel->points = NULL;
}

void h5x_resolved_selection_free(h5x_resolved_selection *sel)
{
    if (!sel)
        return;
    h5x_resolved_selection_clear(sel);
    free(sel);
}

uint64_t h5x_resolved_selection_size(const h5x_resolved_selection *sel, const h5x_shape *dataset_shape)
{
    if (!sel)
        return 0;
    switch (sel->kind) {
    case H5X_SEL_NONE:
        return 0;
    case H5X_SEL_POINTS:
        return sel->npoints;
    case H5X_SEL_ALL:
        if (dataset_shape) {
            if (dataset_shape->rank < 0)
                return 0;
            uint64_t total = 1;
            for (int i = 0; i < dataset_shape->rank && i < H5X_MAX_RANK; i++)
                total = multiply_saturating(total, dataset_shape->dims[i]);
            return total;
        }
        break;
    case H5X_SEL_ORTHOGONAL:
        break;
    }
    if (sel->rank < 0)
        return 0;
    uint64_t total = 1;
    for (int i = 0; i < sel->rank && i < H5X_MAX_RANK; i++)
        total = multiply_saturating(total, sel->axes[i].count);
    return total;
}

int h5x_resolved_selection_points(int rank, uint64_t npoints, const uint64_t *coords, h5x_resolved_selection **out)
{
    if (!out)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_resolved_selection_points: out is NULL");
    *out = NULL;
    if (rank < 0 || rank > H5X_MAX_RANK)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "point selection rank %d is outside 0..%d", rank, H5X_MAX_RANK);
    if (npoints > 0 && rank > 0 && !coords)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "point coordinates are NULL for %" PRIu64 " points", npoints);
    uint64_t ncoords = multiply_saturating(npoints, (uint64_t)rank);
    if (ncoords > SIZE_MAX / sizeof(uint64_t))
        return h5x_error(H5X_ERR_NO_MEMORY, "point selection of %" PRIu64 " points is too large", npoints);
    h5x_resolved_selection *res = calloc(1, sizeof *res);
    if (!res)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory building a point selection");
    res->rank = rank;
    res->kind = npoints > 0 ? H5X_SEL_POINTS : H5X_SEL_NONE;
    res->npoints = npoints;
    if (ncoords > 0) {
        uint64_t *copy = malloc((size_t)ncoords * sizeof *copy);
        if (!copy) {
            free(res);
            return h5x_error(H5X_ERR_NO_MEMORY, "out of memory copying %" PRIu64 " points", npoints);
        }
        memcpy(copy, coords, (size_t)ncoords * sizeof *copy);
        res->points = copy;
    }
    *out = res;
    return 0;
}

int h5x_resolved_selection_check(const h5x_resolved_selection *sel, const h5x_shape *shape)
{
    if (!sel || !shape)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_resolved_selection_check: NULL argument");
    if (shape->rank < 0)
        return h5x_error(H5X_ERR_SELECTION, "empty dataset cannot be sliced (it has a null dataspace)");
    if (sel->kind == H5X_SEL_ALL || sel->kind == H5X_SEL_NONE)
        return 0;
    if (sel->rank != shape->rank)
        return h5x_error(H5X_ERR_SELECTION, "selection of rank %d does not fit a dataset of rank %d", sel->rank,
                         shape->rank);
    if (sel->kind == H5X_SEL_POINTS) {
        if (sel->npoints > 0 && sel->rank > 0 && !sel->points)
            return h5x_error(H5X_ERR_SELECTION, "point selection without coordinates");
        for (uint64_t p = 0; p < sel->npoints; p++)
            for (int i = 0; i < sel->rank; i++) {
                uint64_t c = sel->points[p * (uint64_t)sel->rank + (uint64_t)i];
                if (c >= shape->dims[i])
                    return h5x_error(H5X_ERR_SELECTION, "point %" PRIu64 " has coordinate %" PRIu64 ", out of "
                                     "range for axis %d with length %" PRIu64, p, c, i, shape->dims[i]);
            }
        return 0;
    }
    if (sel->kind != H5X_SEL_ORTHOGONAL)
        return h5x_error(H5X_ERR_SELECTION, "unknown selection kind %d", (int)sel->kind);
    for (int i = 0; i < sel->rank; i++) {
        const h5x_axis_selection *a = &sel->axes[i];
        uint64_t length = shape->dims[i];
        if (a->count == 0)
            continue;
        if (a->list) {
            for (uint64_t k = 0; k < a->count; k++) {
                if (a->list[k] >= length)
                    return h5x_error(H5X_ERR_SELECTION, "list index %" PRIu64 " is out of range for axis %d with "
                                     "length %" PRIu64, a->list[k], i, length);
                if (k > 0 && a->list[k] <= a->list[k - 1])
                    return h5x_error(H5X_ERR_SELECTION, "list indices must be increasing on axis %d", i);
            }
            continue;
        }
        if (a->step == 0)
            return h5x_error(H5X_ERR_SELECTION, "step 0 on axis %d", i);
        uint64_t span = a->count - 1;
        if (a->start >= length || span > (length - 1 - a->start) / a->step)
            return h5x_error(H5X_ERR_SELECTION, "%" PRIu64 " elements from %" PRIu64 " by %" PRIu64 " do not fit "
                             "axis %d with length %" PRIu64, a->count, a->start, a->step, i, length);
    }
    return 0;
}

/* ------------------------------------------------------ moving the data */

static uint64_t axis_coord(const h5x_axis_selection *a, uint64_t k)
{
    return a->list ? a->list[k] : a->start + k * a->step;
}

/* An axis whose selected indices are consecutive, so that it extends the
 * contiguous run of the axes after it. */
static int axis_is_consecutive(const h5x_axis_selection *a)
{
    if (a->count <= 1)
        return 1;
    return a->list ? a->list[a->count - 1] - a->list[0] == a->count - 1 : a->step == 1;
}

static void copy_run(char *full, char *packed, size_t bytes, int gather)
{
    if (gather)
        memcpy(packed, full, bytes);
    else
        memcpy(full, packed, bytes);
}

/* The walk behind gather and scatter.  The selected elements are copied in
 * runs: the trailing axes that are selected whole, plus the consecutive
 * axis before them, are one contiguous block in both buffers.  An odometer
 * steps through the axes before that. */
static void transfer_orthogonal(char *full, const h5x_shape *shape, size_t elem_size,
                                const h5x_resolved_selection *sel, char *packed, int gather)
{
    int rank = shape->rank;
    uint64_t stride[H5X_MAX_RANK];
    uint64_t s = 1;
    for (int i = rank - 1; i >= 0; i--) {
        stride[i] = s;
        s *= shape->dims[i];
    }
    for (int i = 0; i < rank; i++)
        if (sel->axes[i].count == 0)
            return;

    int j = rank - 1;
    uint64_t run = 1;
    while (j >= 0 && axis_is_full(&sel->axes[j], shape->dims[j])) {
        run *= shape->dims[j];
        j--;
    }
    uint64_t base = 0;
    int outer = j + 1; /* axes 0..outer-1 are walked */
    if (j >= 0 && axis_is_consecutive(&sel->axes[j])) {
        run *= sel->axes[j].count;
        base = axis_coord(&sel->axes[j], 0) * stride[j];
        outer = j;
    }
    size_t run_bytes = (size_t)run * elem_size;
    if (outer == 0) {
        copy_run(full + (size_t)base * elem_size, packed, run_bytes, gather);
        return;
    }

    /* The innermost walked axis is a plain loop; the odometer covers the rest. */
    const h5x_axis_selection *inner = &sel->axes[outer - 1];
    uint64_t inner_stride = stride[outer - 1];
    uint64_t counter[H5X_MAX_RANK] = {0};
    uint64_t offset = base;
    for (int i = 0; i < outer - 1; i++)
        offset += axis_coord(&sel->axes[i], 0) * stride[i];
    for (;;) {
        for (uint64_t k = 0; k < inner->count; k++) {
            uint64_t at = offset + axis_coord(inner, k) * inner_stride;
            copy_run(full + (size_t)at * elem_size, packed, run_bytes, gather);
            packed += run_bytes;
        }
        int i = outer - 2;
        for (; i >= 0; i--) {
            const h5x_axis_selection *a = &sel->axes[i];
            uint64_t old = axis_coord(a, counter[i]);
            if (++counter[i] < a->count) {
                offset += (axis_coord(a, counter[i]) - old) * stride[i];
                break;
            }
            counter[i] = 0;
            offset -= (old - axis_coord(a, 0)) * stride[i];
        }
        if (i < 0)
            return;
    }
}

static void transfer(char *full, const h5x_shape *shape, size_t elem_size, const h5x_resolved_selection *sel,
                     char *packed, int gather)
{
    if (!sel || !shape || shape->rank < 0 || shape->rank > H5X_MAX_RANK || elem_size == 0)
        return;
    switch (sel->kind) {
    case H5X_SEL_NONE:
        return;
    case H5X_SEL_ALL: {
        uint64_t total = 1;
        for (int i = 0; i < shape->rank; i++)
            total *= shape->dims[i];
        if (total > 0)
            copy_run(full, packed, (size_t)total * elem_size, gather);
        return;
    }
    case H5X_SEL_ORTHOGONAL:
        transfer_orthogonal(full, shape, elem_size, sel, packed, gather);
        return;
    case H5X_SEL_POINTS: {
        uint64_t stride[H5X_MAX_RANK];
        uint64_t s = 1;
        for (int i = shape->rank - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape->dims[i];
        }
        const uint64_t *coords = sel->points;
        for (uint64_t p = 0; p < sel->npoints; p++) {
            uint64_t at = 0;
            for (int i = 0; i < shape->rank; i++)
                at += *coords++ * stride[i];
            copy_run(full + (size_t)at * elem_size, packed, elem_size, gather);
            packed += elem_size;
        }
        return;
    }
    }
}

void h5x_selection_gather(const void *full, const h5x_shape *shape, size_t elem_size,
                          const h5x_resolved_selection *sel, void *packed)
{
    /* gather only reads from full */
    transfer((char *)(uintptr_t)full, shape, elem_size, sel, packed, 1);
}

void h5x_selection_scatter(void *full, const h5x_shape *shape, size_t elem_size, const h5x_resolved_selection *sel,
                           const void *packed)
{
    /* scatter only reads from packed */
    transfer(full, shape, elem_size, sel, (char *)(uintptr_t)packed, 0);
}

/* ---------------------------------------------------------- broadcasting */

static int broadcast_fail(const h5x_shape *data, const h5x_shape *target)
{
    text_buffer b = {0};
    text_append(&b, "cannot broadcast data of shape ");
    append_shape_text(&b, data);
    text_append(&b, " into selection of shape ");
    append_shape_text(&b, target);
    int status = h5x_error(H5X_ERR_SHAPE, "%s", b.failed ? "cannot broadcast data into the selection" : b.data);
    free(b.data);
    return status;
}

int h5x_broadcast_check(const h5x_shape *data, const h5x_shape *target)
{
    if (!data || !target)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_broadcast_check: NULL shape");
    if (data->rank > H5X_MAX_RANK || target->rank > H5X_MAX_RANK || data->rank < -1 || target->rank < -1)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "shape rank outside -1..%d", H5X_MAX_RANK);
    if (data->rank < 0 || target->rank < 0)
        return broadcast_fail(data, target);
    for (int i = 0; i < data->rank; i++) {
        int t = target->rank - data->rank + i;
        uint64_t d = data->dims[i];
        if (t < 0 ? d != 1 : (d != 1 && d != target->dims[t]))
            return broadcast_fail(data, target);
    }
    return 0;
}

typedef struct broadcast_plan {
    int rank;                        /* the target's */
    size_t elem_size;
    uint64_t data_dims[H5X_MAX_RANK]; /* the data's, aligned to the target and padded with 1 */
    const uint64_t *target_dims;
    size_t out_block[H5X_MAX_RANK];  /* bytes of one step along each axis, output */
    size_t in_block[H5X_MAX_RANK];   /* bytes of one step along each axis, data */
    int equal_from;                  /* axes equal_from.. are identical in data and target */
} broadcast_plan;

/* Fills out (the block of axes axis..rank-1) from in.  A broadcast axis is
 * produced once and then replicated by doubling copies of itself. */
static void broadcast_axis(const broadcast_plan *plan, int axis, const char *in, char *out)
{
    if (axis >= plan->equal_from) {
        size_t bytes = axis < plan->rank ? plan->out_block[axis] * (size_t)plan->target_dims[axis] : plan->elem_size;
        memcpy(out, in, bytes);
        return;
    }
    uint64_t n = plan->target_dims[axis];
    size_t block = plan->out_block[axis];
    if (plan->data_dims[axis] == 1) {
        broadcast_axis(plan, axis + 1, in, out);
        size_t done = block, total = block * (size_t)n;
        while (done < total) {
            size_t chunk = done < total - done ? done : total - done;
            memcpy(out + done, out, chunk);
            done += chunk;
        }
        return;
    }
    for (uint64_t k = 0; k < n; k++)
        broadcast_axis(plan, axis + 1, in + k * plan->in_block[axis], out + k * block);
}

int h5x_broadcast(const void *data, const h5x_shape *data_shape, size_t elem_size, const h5x_shape *target,
                  void **out)
{
    if (!out)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_broadcast: out is NULL");
    *out = NULL;
    int status = h5x_broadcast_check(data_shape, target);
    if (status != 0)
        return status;
    if (elem_size == 0)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_broadcast: element size is 0");

    uint64_t total = 1;
    for (int i = 0; i < target->rank; i++)
        total = multiply_saturating(total, target->dims[i]);
    if (total > SIZE_MAX / elem_size)
        return h5x_error(H5X_ERR_NO_MEMORY, "selection of %" PRIu64 " elements is too large to hold in memory",
                         total);
    size_t bytes = (size_t)total * elem_size;
    char *buffer = malloc(bytes ? bytes : 1);
    if (!buffer)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory broadcasting into %zu bytes", bytes);
    *out = buffer;
    if (bytes == 0)
        return 0;
    if (!data) {
        free(buffer);
        *out = NULL;
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_broadcast: data is NULL");
    }

    broadcast_plan plan = {.rank = target->rank, .elem_size = elem_size, .target_dims = target->dims};
    int offset = target->rank - data_shape->rank; /* may be negative: leading 1s in data */
    for (int i = 0; i < target->rank; i++) {
        int d = i - offset;
        plan.data_dims[i] = d >= 0 ? data_shape->dims[d] : 1;
    }
    size_t out_step = elem_size, in_step = elem_size;
    for (int i = target->rank - 1; i >= 0; i--) {
        plan.out_block[i] = out_step;
        plan.in_block[i] = in_step;
        out_step *= (size_t)target->dims[i];
        in_step *= (size_t)plan.data_dims[i];
    }
    plan.equal_from = target->rank;
    while (plan.equal_from > 0 && plan.data_dims[plan.equal_from - 1] == target->dims[plan.equal_from - 1])
        plan.equal_from--;
    broadcast_axis(&plan, 0, data, buffer);
    return 0;
}
