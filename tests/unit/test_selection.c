/*
 * Unit tests for selections: the text syntax, resolving against shapes with
 * NumPy's and h5py's rules, the errors (codes and what their messages name),
 * gather/scatter against a naive element-by-element reference, and NumPy
 * broadcasting.
 *
 * The expected result shapes and element sums in resolve_cases were computed
 * by NumPy on np.arange(size).reshape(shape)[text].
 */
#include "h5x.h"
#include "h5x_connector.h"
#include "selection.h"
#include "unit_check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small deterministic generator, so that failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int64_t rnd_range(int64_t lo, int64_t hi) /* inclusive */
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static h5x_shape make_shape(int rank, const uint64_t *dims)
{
    h5x_shape s;
    memset(&s, 0, sizeof s);
    s.rank = rank;
    for (int i = 0; i < rank; i++)
        s.dims[i] = dims[i];
    return s;
}

static int shapes_equal(const h5x_shape *a, const h5x_shape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->dims[i] != b->dims[i])
            return 0;
    return 1;
}

static uint64_t shape_size(const h5x_shape *s)
{
    if (s->rank < 0)
        return 0;
    uint64_t n = 1;
    for (int i = 0; i < s->rank; i++)
        n *= s->dims[i];
    return n;
}

static const char *last_message(void)
{
    return h5x_last_error()->message;
}

/* ------------------------------------------------------------ resolving */

typedef struct resolve_case {
    int rank;
    uint64_t dims[4];
    const char *text;
    int result_rank;
    uint64_t result_dims[4];
    int64_t first, last, sum, weighted; /* of the selected elements of arange, in order */
} resolve_case;

static const resolve_case resolve_cases[] = {
    {3, {3, 4, 5}, "()", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, "...", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, "0, 2:10, 1:9:3", 2, {2, 2}, 11, 19, 60, 163},
    {3, {3, 4, 5}, "-1", 2, {4, 5}, 40, 59, 990, 11060},
    {3, {3, 4, 5}, "..., 4", 2, {3, 4}, 4, 59, 378, 3172},
    {3, {3, 4, 5}, "..., -5", 2, {3, 4}, 0, 55, 330, 2860},
    {3, {3, 4, 5}, "0, ...", 2, {4, 5}, 0, 19, 190, 2660},
    {3, {3, 4, 5}, "0, ..., 0", 1, {4}, 0, 15, 30, 100},
    {3, {3, 4, 5}, "..., 0, 0, 0", 0, {0}, 0, 0, 0, 0},
    {3, {3, 4, 5}, "0, 0, 0", 0, {0}, 0, 0, 0, 0},
    {3, {3, 4, 5}, "[1, 2], :", 3, {2, 4, 5}, 20, 59, 1580, 37720},
    {3, {3, 4, 5}, ":, [1, 3], 2", 2, {3, 2}, 7, 57, 192, 847},
    {3, {3, 4, 5}, "..., [0, 4]", 3, {3, 4, 2}, 0, 59, 708, 11734},
    {3, {3, 4, 5}, "[0, -1]", 3, {2, 4, 5}, 0, 59, 1180, 33520},
    {3, {3, 4, 5}, "[-3, -1], ::2", 3, {2, 2, 5}, 0, 54, 540, 7960},
    {3, {3, 4, 5}, "[], :", 3, {0, 4, 5}, -1, -1, 0, 0},
    {3, {3, 4, 5}, "5:2", 3, {0, 4, 5}, -1, -1, 0, 0},
    {3, {3, 4, 5}, "2:100", 3, {1, 4, 5}, 40, 59, 990, 11060},
    {3, {3, 4, 5}, "-100:2", 3, {2, 4, 5}, 0, 39, 780, 21320},
    {3, {3, 4, 5}, "1:2:", 3, {1, 4, 5}, 20, 39, 590, 6860},
    {3, {3, 4, 5}, ":, ::2, 3", 2, {3, 2}, 3, 53, 168, 763},
    {3, {3, 4, 5}, "  1 ,\t-2 : , ::4  ", 2, {2, 2}, 30, 39, 138, 359},
    {3, {3, 4, 5}, "(1, 2)", 1, {5}, 30, 34, 160, 490},
    {3, {3, 4, 5}, "(1,)", 2, {4, 5}, 20, 39, 590, 6860},
    {3, {3, 4, 5}, "1,", 2, {4, 5}, 20, 39, 590, 6860},
    {3, {3, 4, 5}, "::", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, ":-1, -3:-1, 1::2", 3, {2, 2, 2}, 6, 33, 156, 886},
    {3, {3, 4, 5}, "+1, - 1", 1, {5}, 35, 39, 185, 565},
    {3, {3, 4, 5}, "(...)", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, "[2]", 3, {1, 4, 5}, 40, 59, 990, 11060},
    {3, {3, 4, 5}, ":, :, [0, 1, 2, 3, 4]", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, "[0, 1, 2]", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, "0:3:1, 0:4, 0:5", 3, {3, 4, 5}, 0, 59, 1770, 71980},
    {3, {3, 4, 5}, ":, 1:1", 3, {3, 0, 5}, -1, -1, 0, 0},
    {1, {10}, "2:100", 1, {8}, 2, 9, 44, 240},
    {1, {10}, "-3:", 1, {3}, 7, 9, 24, 50},
    {1, {10}, "::3", 1, {4}, 0, 9, 18, 60},
    {1, {10}, "1:9:3", 1, {3}, 1, 7, 12, 30},
    {1, {10}, "9", 0, {0}, 9, 9, 9, 9},
    {1, {10}, "-10", 0, {0}, 0, 0, 0, 0},
    {1, {10}, "[ 1 , 3 , 7 , ]", 1, {3}, 1, 7, 11, 28},
    {1, {10}, "20:30", 1, {0}, -1, -1, 0, 0},
    {1, {10}, "-20:3", 1, {3}, 0, 2, 3, 8},
    {1, {10}, "3:-20", 1, {0}, -1, -1, 0, 0},
    {1, {10}, "...", 1, {10}, 0, 9, 45, 330},
    {1, {10}, "()", 1, {10}, 0, 9, 45, 330},
    {2, {1, 5}, "0", 1, {5}, 0, 4, 10, 40},
    {2, {1, 5}, "0, 1:4", 1, {3}, 1, 3, 6, 14},
    {2, {1, 5}, "-1, ::5", 1, {1}, 0, 0, 0, 0},
    {2, {0, 5}, "()", 2, {0, 5}, -1, -1, 0, 0},
    {2, {0, 5}, ":, 2", 1, {0}, -1, -1, 0, 0},
    {2, {0, 5}, "...", 2, {0, 5}, -1, -1, 0, 0},
    {0, {0}, "()", 0, {0}, 0, 0, 0, 0},
    {0, {0}, "...", 0, {0}, 0, 0, 0, 0},
    {4, {2, 3, 4, 5}, "1, ..., 2:4", 3, {3, 4, 2}, 62, 118, 2160, 29866},
    {4, {2, 3, 4, 5}, "..., [1, 3], 0", 3, {2, 3, 2}, 5, 115, 720, 6110},
    {4, {2, 3, 4, 5}, ":, 1", 3, {2, 4, 5}, 20, 99, 2380, 62120},
    {4, {2, 3, 4, 5}, "::2, ::2, ::2, ::2", 4, {1, 2, 2, 3}, 0, 54, 324, 2932},
    {2, {6, 7}, "1:5:2, [0, 3, 6]", 2, {2, 3}, 7, 27, 102, 432},
    {2, {6, 7}, "[0, 5], 2:5", 2, {2, 3}, 2, 39, 123, 592},
    {2, {6, 7}, "[], 3", 1, {0}, -1, -1, 0, 0},
    {2, {6, 7}, "4:, 7:", 2, {2, 0}, -1, -1, 0, 0},
};

static void gather_arange(const h5x_shape *shape, const h5x_resolved_selection *res, uint64_t n, int64_t *out)
{
    uint64_t total = shape_size(shape);
    int64_t *full = malloc((total ? total : 1) * sizeof *full);
    for (uint64_t i = 0; i < total; i++)
        full[i] = (int64_t)i;
    h5x_selection_gather(full, shape, sizeof *full, res, out);
    (void)n;
    free(full);
}

static void test_resolve_table(void)
{
    size_t ncases = sizeof resolve_cases / sizeof resolve_cases[0];
    for (size_t c = 0; c < ncases; c++) {
        const resolve_case *rc = &resolve_cases[c];
        h5x_shape shape = make_shape(rc->rank, rc->dims);
        h5x_shape expected = make_shape(rc->result_rank, rc->result_dims);
        h5x_selection *sel = h5x_selection_parse(rc->text);
        CHECK_MSG(sel != NULL, "parse \"%s\": %s", rc->text, last_message());
        if (!sel)
            continue;
        h5x_resolved_selection *res = NULL;
        h5x_shape result;
        int status = h5x_selection_resolve(sel, &shape, &res, &result);
        CHECK_MSG(status == 0, "resolve \"%s\": %s", rc->text, last_message());
        if (status != 0) {
            h5x_close(sel);
            continue;
        }
        CHECK_MSG(shapes_equal(&result, &expected), "\"%s\": result rank %d, expected %d (first dim %" PRIu64 ")",
              rc->text, result.rank, expected.rank, result.rank > 0 ? result.dims[0] : 0);
        uint64_t n = h5x_resolved_selection_size(res, &shape);
        CHECK_MSG(n == shape_size(&expected), "\"%s\": size %" PRIu64 ", expected %" PRIu64, rc->text, n,
              shape_size(&expected));
        CHECK_MSG(res->rank == shape.rank, "\"%s\": resolved rank %d", rc->text, res->rank);
        int64_t *packed = malloc((n ? n : 1) * sizeof *packed);
        gather_arange(&shape, res, n, packed);
        int64_t sum = 0, weighted = 0;
        for (uint64_t i = 0; i < n; i++) {
            sum += packed[i];
            weighted += packed[i] * (int64_t)(i + 1);
        }
        CHECK_MSG(sum == rc->sum && weighted == rc->weighted, "\"%s\": sum %" PRId64 " weighted %" PRId64
              ", NumPy says %" PRId64 " %" PRId64, rc->text, sum, weighted, rc->sum, rc->weighted);
        if (n > 0)
            CHECK_MSG(packed[0] == rc->first && packed[n - 1] == rc->last, "\"%s\": first/last %" PRId64 "/%" PRId64,
                  rc->text, packed[0], packed[n - 1]);
        free(packed);

        /* the canonical text means the same selection */
        char *text = h5x_selection_to_string(sel);
        h5x_selection *again = text ? h5x_selection_parse(text) : NULL;
        CHECK_MSG(again != NULL, "reparse of \"%s\" as \"%s\"", rc->text, text ? text : "(null)");
        if (again) {
            char *text2 = h5x_selection_to_string(again);
            CHECK_MSG(text2 && strcmp(text, text2) == 0, "canonical text unstable: \"%s\" then \"%s\"", text,
                  text2 ? text2 : "(null)");
            h5x_free(text2);
            h5x_resolved_selection *res2 = NULL;
            h5x_shape result2;
            CHECK_MSG(h5x_selection_resolve(again, &shape, &res2, &result2) == 0 && shapes_equal(&result, &result2),
                  "reparsed \"%s\" resolves differently", text);
            h5x_resolved_selection_free(res2);
            h5x_close(again);
        }
        h5x_free(text);
        h5x_resolved_selection_free(res);
        CHECK_MSG(h5x_close(sel) == 0, "close selection");
    }
}

static void expect_kind(int rank, const uint64_t *dims, const char *text, h5x_sel_kind kind, int line)
{
    h5x_shape shape = make_shape(rank, dims);
    h5x_selection *sel = h5x_selection_parse(text);
    h5x_resolved_selection *res = NULL;
    int status = sel ? h5x_selection_resolve(sel, &shape, &res, NULL) : -1;
    unit_check(status == 0 && res->kind == kind, __FILE__, line, "\"%s\": kind %d, expected %d", text, res ? (int)res->kind : -1,
          (int)kind);
    h5x_resolved_selection_free(res);
    h5x_close(sel);
}

static void test_kinds(void)
{
    const uint64_t d345[] = {3, 4, 5}, d15[] = {1, 5}, d05[] = {0, 5}, d10[] = {10};
    expect_kind(3, d345, "()", H5X_SEL_ALL, __LINE__);
    expect_kind(3, d345, "...", H5X_SEL_ALL, __LINE__);
    expect_kind(3, d345, ":, :", H5X_SEL_ALL, __LINE__);
    expect_kind(3, d345, "0:3, ::1, -5:", H5X_SEL_ALL, __LINE__);
    expect_kind(3, d345, "[0, 1, 2]", H5X_SEL_ALL, __LINE__);
    expect_kind(3, d345, "1:", H5X_SEL_ORTHOGONAL, __LINE__);
    expect_kind(3, d345, "..., ::2", H5X_SEL_ORTHOGONAL, __LINE__);
    expect_kind(3, d345, "[0, 2]", H5X_SEL_ORTHOGONAL, __LINE__);
    expect_kind(3, d345, "0, 0, 0", H5X_SEL_ORTHOGONAL, __LINE__);
    expect_kind(3, d345, "0:0", H5X_SEL_NONE, __LINE__);
    expect_kind(3, d345, "[], :", H5X_SEL_NONE, __LINE__);
    expect_kind(3, d345, ":, 10:", H5X_SEL_NONE, __LINE__);
    expect_kind(2, d15, "0", H5X_SEL_ALL, __LINE__); /* every element, one axis dropped */
    expect_kind(2, d15, "0, 1:", H5X_SEL_ORTHOGONAL, __LINE__);
    expect_kind(2, d05, "()", H5X_SEL_NONE, __LINE__);
    expect_kind(0, NULL, "()", H5X_SEL_ALL, __LINE__);
    expect_kind(0, NULL, "...", H5X_SEL_ALL, __LINE__);
    expect_kind(1, d10, "::20", H5X_SEL_ORTHOGONAL, __LINE__);

    /* the per-axis description of an orthogonal selection */
    h5x_shape shape = make_shape(3, d345);
    h5x_selection *sel = h5x_selection_parse("1, -3:, [0, 4]");
    h5x_resolved_selection *res = NULL;
    h5x_shape result;
    CHECK_MSG(sel && h5x_selection_resolve(sel, &shape, &res, &result) == 0, "resolve: %s", last_message());
    if (res) {
        CHECK_MSG(res->kind == H5X_SEL_ORTHOGONAL, "kind");
        CHECK_MSG(res->axes[0].start == 1 && res->axes[0].count == 1 && !res->axes[0].list, "axis 0");
        CHECK_MSG(res->axes[1].start == 1 && res->axes[1].step == 1 && res->axes[1].count == 3 && !res->axes[1].list,
              "axis 1: start %" PRIu64 " count %" PRIu64, res->axes[1].start, res->axes[1].count);
        CHECK_MSG(res->axes[2].list && res->axes[2].count == 2 && res->axes[2].list[0] == 0 && res->axes[2].list[1] == 4,
              "axis 2 list");
        CHECK_MSG(result.rank == 2 && result.dims[0] == 3 && result.dims[1] == 2, "result shape");
        CHECK_MSG(h5x_resolved_selection_size(res, &shape) == 6, "size");
    }
    h5x_resolved_selection_free(res);
    h5x_close(sel);

    /* NULL selection: everything, as dset[()] */
    res = NULL;
    CHECK_MSG(h5x_selection_resolve(NULL, &shape, &res, &result) == 0 && res->kind == H5X_SEL_ALL &&
              shapes_equal(&result, &shape), "NULL selection resolves to everything");
    CHECK_MSG(res && h5x_resolved_selection_size(res, &shape) == 60 && h5x_resolved_selection_size(res, NULL) == 60,
          "size of everything");
    h5x_resolved_selection_free(res);
    h5x_resolved_selection_free(NULL);
}

/* ---------------------------------------------------------- the builder */

static void expect_text(h5x_selection *sel, const char *expected, int line)
{
    char *text = h5x_selection_to_string(sel);
    unit_check(text && strcmp(text, expected) == 0, __FILE__, line, "to_string gave \"%s\", expected \"%s\"",
          text ? text : "(null)", expected);
    h5x_free(text);
}

static void expect_error(int status, int code, const char *const *needles, int line)
{
    const char *message = last_message();
    unit_check(status == code, __FILE__, line, "status %d, expected %d (%s)", status, code, message);
    unit_check(h5x_last_error()->code == code, __FILE__, line, "last error code %d, expected %d", h5x_last_error()->code, code);
    for (; needles && *needles; needles++)
        unit_check(strstr(message, *needles) != NULL, __FILE__, line, "message \"%s\" lacks \"%s\"", message, *needles);
}
#define NEEDLES(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_builder(void)
{
    h5x_selection *sel = h5x_selection_new();
    CHECK_MSG(sel != NULL, "new");
    expect_text(sel, "()", __LINE__);
    CHECK_MSG(h5x_selection_add_index(sel, 0) == 0, "add index");
    CHECK_MSG(h5x_selection_add_slice(sel, 2, 10, 1) == 0, "add slice");
    CHECK_MSG(h5x_selection_add_ellipsis(sel) == 0, "add ellipsis");
    expect_text(sel, "0, 2:10:1, ...", __LINE__);

    expect_error(h5x_selection_add_ellipsis(sel), H5X_ERR_SELECTION, NEEDLES("ellipsis"), __LINE__);
    expect_error(h5x_selection_add_slice(sel, 0, 5, 0), H5X_ERR_SELECTION, NEEDLES("zero"), __LINE__);
    expect_error(h5x_selection_add_slice(sel, 5, 0, -2), H5X_ERR_SELECTION, NEEDLES(">= 1", "-2"), __LINE__);
    expect_error(h5x_selection_add_index(sel, H5X_NONE), H5X_ERR_SELECTION, NEEDLES("not a valid index"), __LINE__);
    expect_error(h5x_selection_add_list(sel, NULL, 3), H5X_ERR_INVALID_ARGUMENT, NEEDLES("NULL"), __LINE__);
    const int64_t list[] = {-7, 1, 3};
    CHECK_MSG(h5x_selection_add_list(sel, list, 3) == 0, "add list");
    expect_error(h5x_selection_add_list(sel, list, 1), H5X_ERR_SELECTION, NEEDLES("only one index list"), __LINE__);
    /* failures leave the selection as it was */
    expect_text(sel, "0, 2:10:1, ..., [-7, 1, 3]", __LINE__);
    CHECK_MSG(h5x_selection_add_slice(sel, H5X_NONE, H5X_NONE, H5X_NONE) == 0, "add :");
    CHECK_MSG(h5x_selection_add_slice(sel, 1, H5X_NONE, 2) == 0, "add 1::2");
    CHECK_MSG(h5x_selection_add_slice(sel, H5X_NONE, -1, H5X_NONE) == 0, "add :-1");
    CHECK_MSG(h5x_selection_add_index(sel, -3) == 0, "add -3");
    expect_text(sel, "0, 2:10:1, ..., [-7, 1, 3], :, 1::2, :-1, -3", __LINE__);
    h5x_close(sel);

    /* an empty list */
    sel = h5x_selection_new();
    CHECK_MSG(h5x_selection_add_list(sel, NULL, 0) == 0, "empty list");
    expect_text(sel, "[]", __LINE__);
    h5x_close(sel);

    /* the builder and the text give the same selection */
    const uint64_t dims[] = {3, 12, 10};
    h5x_shape shape = make_shape(3, dims);
    sel = h5x_selection_new();
    h5x_selection_add_index(sel, 0);
    h5x_selection_add_slice(sel, 2, 10, H5X_NONE);
    h5x_selection_add_slice(sel, 1, 9, 3);
    h5x_selection *parsed = h5x_selection_parse("0, 2:10, 1:9:3");
    h5x_resolved_selection *a = NULL, *b = NULL;
    h5x_shape ra, rb;
    CHECK_MSG(h5x_selection_resolve(sel, &shape, &a, &ra) == 0 && h5x_selection_resolve(parsed, &shape, &b, &rb) == 0,
          "resolve both");
    if (a && b) {
        CHECK_MSG(shapes_equal(&ra, &rb) && ra.rank == 2 && ra.dims[0] == 8 && ra.dims[1] == 3, "builder shape");
        int same = a->kind == b->kind;
        for (int i = 0; i < 3; i++)
            same = same && a->axes[i].start == b->axes[i].start && a->axes[i].step == b->axes[i].step &&
                   a->axes[i].count == b->axes[i].count;
        CHECK_MSG(same, "builder and parser resolve alike");
    }
    h5x_resolved_selection_free(a);
    h5x_resolved_selection_free(b);
    h5x_close(parsed);

    /* at most H5X_MAX_RANK axes; the ellipsis does not take one */
    h5x_selection *wide = h5x_selection_new();
    int status = 0;
    for (int i = 0; i < H5X_MAX_RANK && status == 0; i++)
        status = h5x_selection_add_index(wide, 0);
    CHECK_MSG(status == 0 && h5x_selection_add_ellipsis(wide) == 0, "32 indices and an ellipsis");
    expect_error(h5x_selection_add_slice(wide, 0, 1, 1), H5X_ERR_SELECTION, NEEDLES("too many"), __LINE__);
    h5x_close(wide);

    /* bad handles */
    expect_error(h5x_selection_add_index(NULL, 0), H5X_ERR_BAD_HANDLE, NEEDLES("selection"), __LINE__);
    expect_error(h5x_selection_add_ellipsis(NULL), H5X_ERR_BAD_HANDLE, NULL, __LINE__);
    CHECK_MSG(h5x_selection_to_string(NULL) == NULL && h5x_last_error()->code == H5X_ERR_BAD_HANDLE, "to_string NULL");
    h5x_selection *closed = h5x_selection_new();
    h5x_close(closed);
    expect_error(h5x_selection_add_index(closed, 1), H5X_ERR_BAD_HANDLE, NEEDLES("closed"), __LINE__);
    h5x_resolved_selection *res = NULL;
    expect_error(h5x_selection_resolve(closed, &shape, &res, NULL), H5X_ERR_BAD_HANDLE, NULL, __LINE__);
    CHECK_MSG(res == NULL, "no result on a bad handle");
    h5x_close(sel);
}

/* --------------------------------------------------------------- errors */

typedef struct parse_error_case {
    const char *text;
    const char *needle; /* besides the quoted text */
} parse_error_case;

static void test_parse_errors(void)
{
    static const parse_error_case cases[] = {
        {"0, 2:x", "'x' at position 5"},
        {"", "end at position 0"},
        {"   ", "end at position 3"},
        {"abc", "'a' at position 0"},
        {"1:2:3:4", "':' at position 5"},
        {"[1,2", "end at position 4"},
        {"[1, x]", "'x' at position 4"},
        {"[1 2]", "'2' at position 3"},
        {"0,,1", "',' at position 2"},
        {",", "',' at position 0"},
        {"1 2", "'2' at position 2"},
        {"(0", "end at position 2"},
        {"0)", "')' at position 1"},
        {"((0))", "'(' at position 1"},
        {"- ", "digit"},
        {"0.5", "'.' at position 1"},
        {"..", "'.' at position 0"},
        {"....", "'.' at position 3"},
        {"99999999999999999999", "too large"},
        {"-9223372036854775808", "too large"},
        {"..., ...", "position 5"},
        {"[0, 2], [1, 2]", "position 8"},
        {"::0", "position 0"},
        {"1, ::-1", "position 3"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        h5x_clear_error();
        h5x_selection *sel = h5x_selection_parse(cases[c].text);
        CHECK_MSG(sel == NULL, "\"%s\" parsed", cases[c].text);
        h5x_close(sel);
        char quoted[128];
        snprintf(quoted, sizeof quoted, "\"%s\"", cases[c].text);
        expect_error(H5X_ERR_SELECTION, H5X_ERR_SELECTION, NEEDLES(quoted, cases[c].needle), __LINE__);
    }
    /* what the shape-independent checks say, inside text */
    CHECK_MSG(h5x_selection_parse("..., ...") == NULL && strstr(last_message(), "ellipsis"), "ellipsis: %s",
          last_message());
    CHECK_MSG(h5x_selection_parse("[0, 2], [1, 2]") == NULL && strstr(last_message(), "only one index list"),
          "two lists: %s", last_message());
    CHECK_MSG(h5x_selection_parse("::0") == NULL && strstr(last_message(), "zero"), "step 0: %s", last_message());
    CHECK_MSG(h5x_selection_parse("1, ::-1") == NULL && strstr(last_message(), "must be >= 1 (got -1)"),
          "step -1: %s", last_message());

    char many[256] = "";
    for (int i = 0; i <= H5X_MAX_RANK; i++)
        strcat(many, i ? ",0" : "0");
    CHECK_MSG(h5x_selection_parse(many) == NULL && h5x_last_error()->code == H5X_ERR_SELECTION &&
              strstr(last_message(), "too many"), "33 indices: %s", last_message());

    CHECK_MSG(h5x_selection_parse(NULL) == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT, "NULL text");
}

typedef struct resolve_error_case {
    int rank; /* -1: null */
    uint64_t dims[3];
    const char *text;
    const char *needles[4];
} resolve_error_case;

static void test_resolve_errors(void)
{
    static const resolve_error_case cases[] = {
        {3, {3, 4, 5}, "3", {"index 3 is out of range for axis 0 with length 3", "\"3\"", "(3, 4, 5)"}},
        {3, {3, 4, 5}, "..., 6", {"index 6", "axis 2", "length 5", "\"..., 6\""}},
        {3, {3, 4, 5}, "-4", {"index -4", "axis 0", "length 3"}},
        {3, {3, 4, 5}, "0, -5", {"index -5", "axis 1", "length 4"}},
        {3, {3, 4, 5}, "1, ..., 2, 7", {"index 7", "axis 2"}},
        {3, {3, 4, 5}, "0, 0, 0, 0", {"too many indices", "4", "rank 3"}},
        {1, {10}, "..., 0, 0", {"too many indices", "2", "rank 1"}},
        {3, {3, 4, 5}, "[2, 0, 1], :", {"increasing", "0 follows 2", "axis 0"}},
        {3, {3, 4, 5}, "[0, 0]", {"increasing"}},
        {3, {3, 4, 5}, "[-1, 0]", {"increasing", "0 follows -1"}},
        {3, {3, 4, 5}, "[0, 5], :", {"list index 5", "axis 0", "length 3"}},
        {3, {3, 4, 5}, ":, [-5]", {"list index -5", "axis 1", "length 4"}},
        {0, {0}, "0", {"scalar"}},
        {0, {0}, ":", {"scalar"}},
        {0, {0}, "..., [0]", {"scalar"}},
        {-1, {0}, "()", {"empty dataset cannot be sliced"}},
        {-1, {0}, "...", {"empty dataset cannot be sliced"}},
        {-1, {0}, ":", {"empty dataset cannot be sliced", "None"}},
        {2, {0, 5}, "0", {"index 0", "axis 0", "length 0"}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const resolve_error_case *rc = &cases[c];
        h5x_shape shape = make_shape(rc->rank < 0 ? 0 : rc->rank, rc->dims);
        shape.rank = rc->rank;
        h5x_selection *sel = h5x_selection_parse(rc->text);
        CHECK_MSG(sel != NULL, "\"%s\" should parse: %s", rc->text, last_message());
        if (!sel)
            continue;
        h5x_resolved_selection *res = (h5x_resolved_selection *)&shape; /* must be reset */
        h5x_shape result;
        int status = h5x_selection_resolve(sel, &shape, &res, &result);
        CHECK_MSG(res == NULL, "\"%s\": *out not reset", rc->text);
        const char *needles[5] = {0};
        for (int i = 0; i < 4 && rc->needles[i]; i++)
            needles[i] = rc->needles[i];
        expect_error(status, H5X_ERR_SELECTION, needles, __LINE__);
        h5x_close(sel);
    }

    const uint64_t dims[] = {4};
    h5x_shape shape = make_shape(1, dims);
    h5x_selection *sel = h5x_selection_parse("1");
    h5x_resolved_selection *res = NULL;
    expect_error(h5x_selection_resolve(sel, NULL, &res, NULL), H5X_ERR_INVALID_ARGUMENT, NEEDLES("shape"), __LINE__);
    expect_error(h5x_selection_resolve(sel, &shape, NULL, NULL), H5X_ERR_INVALID_ARGUMENT, NEEDLES("out"), __LINE__);
    shape.rank = H5X_MAX_RANK + 1;
    expect_error(h5x_selection_resolve(sel, &shape, &res, NULL), H5X_ERR_INVALID_ARGUMENT, NEEDLES("rank"), __LINE__);
    h5x_close(sel);
}

/* ------------------------------------------------------ gather / scatter */

/* The indices a slice selects on an axis of length n, found by testing
 * every index rather than by computing bounds. */
static size_t naive_slice(int64_t start, int64_t stop, int64_t step, uint64_t n, uint64_t *out)
{
    int64_t len = (int64_t)n;
    int64_t lo = start == H5X_NONE ? 0 : (start < 0 ? start + len : start);
    int64_t hi = stop == H5X_NONE ? len : (stop < 0 ? stop + len : stop);
    int64_t st = step == H5X_NONE ? 1 : step;
    int64_t first = lo < 0 ? 0 : lo;
    size_t count = 0;
    for (int64_t k = 0; k < len; k++)
        if (k >= lo && k < hi && (k - first) % st == 0)
            out[count++] = (uint64_t)k;
    return count;
}

typedef struct naive_selection {
    int rank;
    size_t count[H5X_MAX_RANK];
    uint64_t coords[H5X_MAX_RANK][64];
    int kept[H5X_MAX_RANK];
} naive_selection;

/* Element by element, in C order of the selected coordinates. */
static void naive_transfer(unsigned char *full, const h5x_shape *shape, size_t elem, const naive_selection *ns,
                           unsigned char *packed, int gather)
{
    size_t counter[H5X_MAX_RANK] = {0};
    for (int i = 0; i < ns->rank; i++)
        if (ns->count[i] == 0)
            return;
    for (;;) {
        uint64_t at = 0;
        for (int i = 0; i < ns->rank; i++)
            at = at * shape->dims[i] + ns->coords[i][counter[i]];
        for (size_t b = 0; b < elem; b++) {
            if (gather)
                packed[b] = full[at * elem + b];
            else
                full[at * elem + b] = packed[b];
        }
        packed += elem;
        int i = ns->rank - 1;
        for (; i >= 0; i--) {
            if (++counter[i] < ns->count[i])
                break;
            counter[i] = 0;
        }
        if (i < 0)
            return;
    }
}

static void fill_random(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)rnd();
}

static void test_gather_scatter_random(void)
{
    static const size_t elem_sizes[] = {1, 2, 4, 8, 3, 12};
    int mismatches = 0, runs = 0;
    for (int iter = 0; iter < 4000; iter++) {
        int rank = (int)rnd_range(0, 5);
        uint64_t dims[H5X_MAX_RANK];
        for (int i = 0; i < rank; i++)
            dims[i] = rnd() % 12 == 0 ? 0 : (uint64_t)rnd_range(1, i == rank - 1 ? 9 : 5);
        h5x_shape shape = make_shape(rank, dims);

        /* the items, and which axis each covers */
        int nitems = (int)rnd_range(0, rank);
        int ellipsis_at = rnd() % 3 == 0 ? (int)rnd_range(0, nitems) : -1;
        h5x_selection *sel = h5x_selection_new();
        naive_selection ns;
        memset(&ns, 0, sizeof ns);
        ns.rank = rank;
        int axis = 0, has_list = 0;
        for (int item = 0; item <= nitems; item++) {
            if (item == ellipsis_at) {
                h5x_selection_add_ellipsis(sel);
                for (int k = 0; k < rank - nitems; k++, axis++) {
                    ns.count[axis] = dims[axis];
                    for (uint64_t j = 0; j < dims[axis]; j++)
                        ns.coords[axis][j] = j;
                    ns.kept[axis] = 1;
                }
            }
            if (item == nitems)
                break;
            uint64_t n = dims[axis];
            int choice = (int)rnd_range(0, 9);
            if (choice < 3 && n > 0) {
                int64_t index = rnd_range(-(int64_t)n, (int64_t)n - 1);
                h5x_selection_add_index(sel, index);
                ns.count[axis] = 1;
                ns.coords[axis][0] = (uint64_t)(index < 0 ? index + (int64_t)n : index);
                ns.kept[axis] = 0;
            } else if (choice < 5 && !has_list) {
                int64_t list[64];
                size_t count = 0;
                for (uint64_t j = 0; j < n; j++)
                    if (rnd() % 2) {
                        ns.coords[axis][count] = j;
                        list[count++] = rnd() % 2 ? (int64_t)j : (int64_t)j - (int64_t)n;
                    }
                h5x_selection_add_list(sel, list, count);
                ns.count[axis] = count;
                ns.kept[axis] = 1;
                has_list = 1;
            } else {
                int64_t bound = (int64_t)n + 2;
                int64_t start = rnd() % 3 == 0 ? H5X_NONE : rnd_range(-bound, bound);
                int64_t stop = rnd() % 3 == 0 ? H5X_NONE : rnd_range(-bound, bound);
                int64_t step = rnd() % 2 == 0 ? H5X_NONE : rnd_range(1, 3);
                h5x_selection_add_slice(sel, start, stop, step);
                ns.count[axis] = naive_slice(start, stop, step, n, ns.coords[axis]);
                ns.kept[axis] = 1;
            }
            axis++;
        }
        for (; axis < rank; axis++) {
            ns.count[axis] = dims[axis];
            for (uint64_t j = 0; j < dims[axis]; j++)
                ns.coords[axis][j] = j;
            ns.kept[axis] = 1;
        }

        h5x_resolved_selection *res = NULL;
        h5x_shape result;
        int status = h5x_selection_resolve(sel, &shape, &res, &result);
        char *text = h5x_selection_to_string(sel);
        CHECK_MSG(status == 0, "random \"%s\": %s", text, last_message());
        if (status != 0) {
            h5x_free(text);
            h5x_close(sel);
            continue;
        }
        /* the resolution against the naive index sets */
        h5x_shape expected = {0};
        uint64_t nselected = 1;
        for (int i = 0; i < rank; i++) {
            nselected *= ns.count[i];
            if (ns.kept[i])
                expected.dims[expected.rank++] = ns.count[i];
        }
        int same = shapes_equal(&result, &expected) && h5x_resolved_selection_size(res, &shape) == nselected;
        if (res->kind == H5X_SEL_ORTHOGONAL || res->kind == H5X_SEL_ALL)
            for (int i = 0; i < rank && same; i++) {
                const h5x_axis_selection *a = &res->axes[i];
                same = a->count == ns.count[i];
                for (uint64_t k = 0; k < a->count && same; k++)
                    same = (a->list ? a->list[k] : a->start + k * a->step) == ns.coords[i][k];
            }
        same = same && (res->kind == H5X_SEL_NONE) == (nselected == 0);
        same = same && h5x_resolved_selection_check(res, &shape) == 0;
        CHECK_MSG(same, "random \"%s\" resolves wrongly (kind %d)", text, (int)res->kind);

        size_t elem = elem_sizes[rnd() % (sizeof elem_sizes / sizeof elem_sizes[0])];
        size_t full_bytes = (size_t)shape_size(&shape) * elem + 1;
        size_t packed_bytes = (size_t)nselected * elem + 1;
        unsigned char *full = malloc(full_bytes), *full2 = malloc(full_bytes), *full3 = malloc(full_bytes);
        unsigned char *packed = malloc(packed_bytes), *packed2 = malloc(packed_bytes);
        fill_random(full, full_bytes);
        fill_random(packed, packed_bytes);
        memcpy(packed2, packed, packed_bytes);
        h5x_selection_gather(full, &shape, elem, res, packed);
        naive_transfer(full, &shape, elem, &ns, packed2, 1);
        int ok = memcmp(packed, packed2, packed_bytes) == 0;

        fill_random(packed, packed_bytes);
        memcpy(full2, full, full_bytes);
        memcpy(full3, full, full_bytes);
        h5x_selection_scatter(full2, &shape, elem, res, packed);
        naive_transfer(full3, &shape, elem, &ns, packed, 0);
        ok = ok && memcmp(full2, full3, full_bytes) == 0;
        runs++;
        if (!ok && mismatches++ < 10)
            CHECK_MSG(0, "gather/scatter of \"%s\" (elem %zu, kind %d) differs from the reference", text, elem,
                  (int)res->kind);
        free(full);
        free(full2);
        free(full3);
        free(packed);
        free(packed2);
        h5x_free(text);
        h5x_resolved_selection_free(res);
        h5x_close(sel);
    }
    CHECK_MSG(mismatches == 0, "%d of %d random gather/scatter runs differ", mismatches, runs);
}

static void test_points(void)
{
    int mismatches = 0;
    for (int iter = 0; iter < 500; iter++) {
        int rank = (int)rnd_range(0, 4);
        uint64_t dims[H5X_MAX_RANK];
        for (int i = 0; i < rank; i++)
            dims[i] = (uint64_t)rnd_range(1, 6);
        h5x_shape shape = make_shape(rank, dims);
        uint64_t npoints = (uint64_t)rnd_range(0, 20);
        uint64_t coords[20 * 4];
        for (uint64_t p = 0; p < npoints; p++)
            for (int i = 0; i < rank; i++)
                coords[p * (uint64_t)rank + (uint64_t)i] = rnd() % dims[i];
        h5x_resolved_selection *res = NULL;
        CHECK_MSG(h5x_resolved_selection_points(rank, npoints, coords, &res) == 0, "points: %s", last_message());
        if (!res)
            continue;
        coords[0] = 99; /* the selection keeps its own copy */
        CHECK_MSG(res->kind == (npoints ? H5X_SEL_POINTS : H5X_SEL_NONE), "point kind");
        CHECK_MSG(h5x_resolved_selection_size(res, &shape) == npoints, "point count");
        CHECK_MSG(h5x_resolved_selection_check(res, &shape) == 0, "points fit: %s", last_message());
        size_t elem = (size_t)rnd_range(1, 9);
        size_t full_bytes = (size_t)shape_size(&shape) * elem;
        unsigned char *full = malloc(full_bytes), *full2 = malloc(full_bytes), *full3 = malloc(full_bytes);
        unsigned char *packed = malloc(npoints * elem + 1), *expected = malloc(npoints * elem + 1);
        fill_random(full, full_bytes);
        h5x_selection_gather(full, &shape, elem, res, packed);
        memcpy(full2, full, full_bytes);
        memcpy(full3, full, full_bytes);
        for (uint64_t p = 0; p < npoints; p++) {
            uint64_t at = 0;
            for (int i = 0; i < rank; i++)
                at = at * dims[i] + res->points[p * (uint64_t)rank + (uint64_t)i];
            memcpy(expected + p * elem, full + at * elem, elem);
        }
        int ok = memcmp(packed, expected, npoints * elem) == 0;
        fill_random(packed, npoints * elem + 1);
        h5x_selection_scatter(full2, &shape, elem, res, packed);
        for (uint64_t p = 0; p < npoints; p++) {
            uint64_t at = 0;
            for (int i = 0; i < rank; i++)
                at = at * dims[i] + res->points[p * (uint64_t)rank + (uint64_t)i];
            memcpy(full3 + at * elem, packed + p * elem, elem);
        }
        ok = ok && memcmp(full2, full3, full_bytes) == 0;
        if (!ok)
            mismatches++;
        free(full);
        free(full2);
        free(full3);
        free(packed);
        free(expected);
        h5x_resolved_selection_free(res);
    }
    CHECK_MSG(mismatches == 0, "%d point gather/scatter runs differ", mismatches);

    /* a point out of range is caught by the check */
    const uint64_t dims[] = {3, 4};
    h5x_shape shape = make_shape(2, dims);
    const uint64_t coords[] = {0, 0, 2, 3, 1, 4};
    h5x_resolved_selection *res = NULL;
    CHECK_MSG(h5x_resolved_selection_points(2, 3, coords, &res) == 0, "points");
    expect_error(h5x_resolved_selection_check(res, &shape), H5X_ERR_SELECTION,
                 NEEDLES("point 2", "coordinate 4", "axis 1", "length 4"), __LINE__);
    const uint64_t dims3[] = {3, 4, 5};
    h5x_shape shape3 = make_shape(3, dims3);
    expect_error(h5x_resolved_selection_check(res, &shape3), H5X_ERR_SELECTION, NEEDLES("rank 2", "rank 3"),
                 __LINE__);
    h5x_resolved_selection_free(res);
    expect_error(h5x_resolved_selection_points(H5X_MAX_RANK + 1, 1, coords, &res), H5X_ERR_INVALID_ARGUMENT,
                 NEEDLES("rank"), __LINE__);
    expect_error(h5x_resolved_selection_points(2, 1, NULL, &res), H5X_ERR_INVALID_ARGUMENT, NULL, __LINE__);

    /* hand-built orthogonal selections that do not fit */
    h5x_resolved_selection bad;
    memset(&bad, 0, sizeof bad);
    bad.kind = H5X_SEL_ORTHOGONAL;
    bad.rank = 2;
    bad.axes[0] = (h5x_axis_selection){0, 1, 3, NULL};
    bad.axes[1] = (h5x_axis_selection){1, 2, 2, NULL};
    CHECK_MSG(h5x_resolved_selection_check(&bad, &shape) == 0, "1, 3 fit an axis of 4");
    bad.axes[1].count = 3;
    expect_error(h5x_resolved_selection_check(&bad, &shape), H5X_ERR_SELECTION, NEEDLES("axis 1", "length 4"),
                 __LINE__);
    const uint64_t backwards[] = {2, 1};
    bad.axes[1] = (h5x_axis_selection){0, 1, 2, backwards};
    expect_error(h5x_resolved_selection_check(&bad, &shape), H5X_ERR_SELECTION, NEEDLES("increasing"), __LINE__);
}

/* A large selection moves in whole rows, and agrees with the reference. */
static void test_contiguous_runs(void)
{
    const uint64_t dims[] = {50, 40, 30};
    h5x_shape shape = make_shape(3, dims);
    size_t total = 50 * 40 * 30;
    double *full = malloc(total * sizeof *full);
    for (size_t i = 0; i < total; i++)
        full[i] = (double)i;
    h5x_selection *sel = h5x_selection_parse("[3, 4, 5, 9], 10:20, :");
    h5x_resolved_selection *res = NULL;
    h5x_shape result;
    CHECK_MSG(sel && h5x_selection_resolve(sel, &shape, &res, &result) == 0, "resolve");
    double *packed = malloc(4 * 10 * 30 * sizeof *packed);
    h5x_selection_gather(full, &shape, sizeof(double), res, packed);
    const int rows[] = {3, 4, 5, 9};
    int ok = 1;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 10; b++)
            for (int c = 0; c < 30; c++)
                ok = ok && packed[(a * 10 + b) * 30 + c] == (double)((rows[a] * 40 + 10 + b) * 30 + c);
    CHECK_MSG(ok, "gather of rows");
    for (size_t i = 0; i < 4 * 10 * 30; i++)
        packed[i] = -1.0;
    h5x_selection_scatter(full, &shape, sizeof(double), res, packed);
    size_t negatives = 0;
    for (size_t i = 0; i < total; i++)
        negatives += full[i] == -1.0;
    CHECK_MSG(negatives == 4 * 10 * 30 && full[(3 * 40 + 10) * 30] == -1.0 && full[(6 * 40 + 10) * 30] != -1.0,
          "scatter of rows: %zu written", negatives);
    h5x_resolved_selection_free(res);
    h5x_close(sel);
    free(full);
    free(packed);
}

/* ----------------------------------------------------------- broadcasting */

static h5x_shape shape_list(int rank, ...)
{
    h5x_shape s;
    memset(&s, 0, sizeof s);
    s.rank = rank;
    va_list args;
    va_start(args, rank);
    for (int i = 0; i < rank; i++)
        s.dims[i] = va_arg(args, uint64_t);
    va_end(args);
    return s;
}
#define U(x) ((uint64_t)(x))

static void test_broadcast_check(void)
{
    h5x_shape d = shape_list(1, U(3)), t = shape_list(2, U(10), U(2));
    expect_error(h5x_broadcast_check(&d, &t), H5X_ERR_SHAPE,
                 NEEDLES("cannot broadcast data of shape (3,) into selection of shape (10, 2)"), __LINE__);
    struct {
        h5x_shape data, target;
        int ok;
    } cases[] = {
        {shape_list(1, U(10)), shape_list(2, U(10), U(10)), 1},
        {shape_list(1, U(1)), shape_list(2, U(5), U(3)), 1},
        {shape_list(0), shape_list(2, U(4), U(5)), 1},
        {shape_list(3, U(1), U(1), U(3)), shape_list(1, U(3)), 1},
        {shape_list(2, U(3), U(1)), shape_list(2, U(3), U(4)), 1},
        {shape_list(2, U(1), U(4)), shape_list(3, U(2), U(3), U(4)), 1},
        {shape_list(1, U(0)), shape_list(1, U(0)), 1},
        {shape_list(1, U(1)), shape_list(1, U(0)), 1},
        {shape_list(0), shape_list(0), 1},
        {shape_list(2, U(1), U(1)), shape_list(0), 1},
        {shape_list(2, U(3), U(4)), shape_list(2, U(3), U(4)), 1},
        {shape_list(1, U(0)), shape_list(1, U(1)), 0},
        {shape_list(2, U(2), U(3)), shape_list(1, U(3)), 0},
        {shape_list(1, U(2)), shape_list(0), 0},
        {shape_list(2, U(3), U(4)), shape_list(2, U(4), U(3)), 0},
        {shape_list(1, U(4)), shape_list(2, U(4), U(3)), 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int status = h5x_broadcast_check(&cases[c].data, &cases[c].target);
        CHECK_MSG(cases[c].ok ? status == 0 : status == H5X_ERR_SHAPE, "broadcast case %zu: %d (%s)", c, status,
              last_message());
    }
    h5x_shape null = shape_list(0), two = shape_list(1, U(2));
    null.rank = -1;
    expect_error(h5x_broadcast_check(&null, &two), H5X_ERR_SHAPE, NEEDLES("None"), __LINE__);
    expect_error(h5x_broadcast_check(&two, &null), H5X_ERR_SHAPE, NEEDLES("(2,)", "None"), __LINE__);
    h5x_shape empty = shape_list(0), four = shape_list(2, U(2), U(2));
    expect_error(h5x_broadcast_check(&four, &empty), H5X_ERR_SHAPE, NEEDLES("(2, 2)", "shape ()"), __LINE__);
}

static void test_broadcast_values(void)
{
    /* the h5py example: dset[0, :, :] = np.arange(10) */
    h5x_shape data_shape = shape_list(1, U(10)), target = shape_list(2, U(10), U(10));
    float row[10];
    for (int i = 0; i < 10; i++)
        row[i] = (float)i;
    void *out = NULL;
    CHECK_MSG(h5x_broadcast(row, &data_shape, sizeof(float), &target, &out) == 0, "broadcast arange");
    int ok = out != NULL;
    for (int i = 0; ok && i < 100; i++)
        ok = ((float *)out)[i] == (float)(i % 10);
    CHECK_MSG(ok, "every row is arange(10)");
    free(out);

    h5x_shape bad = shape_list(1, U(3));
    out = (void *)&ok;
    expect_error(h5x_broadcast(row, &bad, sizeof(float), &target, &out), H5X_ERR_SHAPE, NEEDLES("(3,)", "(10, 10)"),
                 __LINE__);
    CHECK_MSG(out == NULL, "no buffer on failure");

    int mismatches = 0;
    for (int iter = 0; iter < 2000; iter++) {
        h5x_shape t = shape_list(0);
        t.rank = (int)rnd_range(0, 4);
        for (int i = 0; i < t.rank; i++)
            t.dims[i] = rnd() % 10 == 0 ? 0 : (uint64_t)rnd_range(1, 5);
        /* data: a suffix of the target, some axes 1, maybe leading 1s */
        h5x_shape d = shape_list(0);
        int dropped = (int)rnd_range(0, t.rank);
        int leading = rnd() % 4 == 0 ? (int)rnd_range(1, 2) : 0;
        for (int i = 0; i < leading; i++)
            d.dims[d.rank++] = 1;
        for (int i = dropped; i < t.rank; i++)
            d.dims[d.rank++] = rnd() % 3 == 0 ? 1 : t.dims[i];
        size_t elem = (size_t)rnd_range(1, 9);
        size_t dbytes = (size_t)shape_size(&d) * elem;
        unsigned char *data = malloc(dbytes + 1);
        fill_random(data, dbytes + 1);
        void *result = NULL;
        int status = h5x_broadcast(data, &d, elem, &t, &result);
        CHECK_MSG(status == 0, "random broadcast: %s", last_message());
        if (status != 0) {
            free(data);
            continue;
        }
        /* every target element from its data element */
        uint64_t total = shape_size(&t);
        for (uint64_t flat = 0; flat < total; flat++) {
            uint64_t rest = flat, at = 0, dstride = 1;
            for (int i = t.rank - 1; i >= 0; i--) {
                uint64_t coord = rest % t.dims[i];
                rest /= t.dims[i];
                int di = i - (t.rank - d.rank);
                if (di >= 0) {
                    at += (d.dims[di] == 1 ? 0 : coord) * dstride;
                    dstride *= d.dims[di];
                }
            }
            if (memcmp((unsigned char *)result + flat * elem, data + at * elem, elem) != 0) {
                mismatches++;
                break;
            }
        }
        free(result);
        free(data);
    }
    CHECK_MSG(mismatches == 0, "%d random broadcasts differ from the reference", mismatches);
}

int main(void)
{
    test_resolve_table();
    test_kinds();
    test_builder();
    test_parse_errors();
    test_resolve_errors();
    test_gather_scatter_random();
    test_points();
    test_contiguous_runs();
    test_broadcast_check();
    test_broadcast_values();
    return unit_check_finish("test_selection");
}
