/*
 * test_selection_walk.c — the dirstore selection walk on its own.
 *
 * The conformance suite reads and writes through every form of selection
 * an application can write, but point selections reach a connector only
 * from region references, which dirstore does not offer.  This program
 * checks the runs the walk produces for each kind of resolved selection,
 * points included, so that the connector's claim of
 * H5X_CAP_POINT_SELECTIONS is tested too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dirstore.h"

static int failures, checks;

typedef struct runs {
    uint64_t first[64], count[64];
    size_t n;
    size_t stop_after; /* 0: never */
} runs;

static int record(uint64_t first, uint64_t count, void *user_data)
{
    runs *r = user_data;
    if (r->n < 64) {
        r->first[r->n] = first;
        r->count[r->n] = count;
    }
    r->n++;
    return r->stop_after && r->n == r->stop_after ? 7 : 0;
}

/* Compares the runs with want, a list of (first, count) pairs. */
static void expect(const char *what, const runs *got, const uint64_t *want, size_t pairs)
{
    int ok = got->n == pairs;
    for (size_t i = 0; ok && i < pairs; i++)
        ok = got->first[i] == want[2 * i] && got->count[i] == want[2 * i + 1];
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL %s: %zu runs:", what, got->n);
        for (size_t i = 0; i < got->n && i < 64; i++)
            printf(" (%" PRIu64 ",%" PRIu64 ")", got->first[i], got->count[i]);
        printf("\n");
    }
}

/* Resolves text against shape and walks it. */
static runs walk_text(const char *text, const h5x_shape *shape)
{
    runs r = {.n = 0};
    h5x_selection *sel = h5x_selection_parse(text);
    h5x_resolved_selection *resolved = NULL;
    h5x_shape result;
    if (!sel || h5x_selection_resolve(sel, shape, &resolved, &result) != 0)
        printf("cannot resolve \"%s\": %s\n", text, h5x_last_error()->message);
    else if (dirstore_selection_walk(resolved, shape, record, &r) != 0)
        printf("walking \"%s\" failed: %s\n", text, h5x_last_error()->message);
    h5x_resolved_selection_free(resolved);
    h5x_close(sel);
    return r;
}

#define EXPECT(what, got, ...)                                                                               \
    expect((what), (got), (const uint64_t[]){__VA_ARGS__}, sizeof((const uint64_t[]){__VA_ARGS__}) / 16)

int main(void)
{
    h5x_shape grid = h5x_shape_of(2, (uint64_t[]){4, 5}); /* element (i, j) is at 5i + j */
    runs r;

    r = walk_text("()", &grid);
    EXPECT("everything: one run", &r, 0, 20);
    r = walk_text("1:3, 2:4", &grid);
    EXPECT("a block: one run per row", &r, 7, 2, 12, 2);
    r = walk_text("2", &grid);
    EXPECT("one row", &r, 10, 5);
    r = walk_text("::2, [0, 4]", &grid);
    EXPECT("steps and an index list: single elements", &r, 0, 1, 4, 1, 10, 1, 14, 1);
    r = walk_text("[1, 3], 1", &grid);
    EXPECT("index list on the first axis", &r, 6, 1, 16, 1);

    r = walk_text("1:1", &grid);
    checks++;
    if (r.n != 0) {
        failures++;
        printf("FAIL an empty slice gave %zu runs\n", r.n);
    }

    h5x_shape scalar = h5x_shape_scalar();
    r = walk_text("()", &scalar);
    EXPECT("a scalar's one element", &r, 0, 1);

    /* points: only the core makes them (from region references) */
    const uint64_t coordinates[] = {3, 4, 0, 1, 2, 2};
    h5x_resolved_selection points = {.kind = H5X_SEL_POINTS, .rank = 2, .npoints = 3, .points = coordinates};
    r = (runs){.n = 0};
    checks++;
    if (dirstore_selection_walk(&points, &grid, record, &r) != 0) {
        failures++;
        printf("FAIL walking points\n");
    }
    EXPECT("points, in their own order", &r, 19, 1, 1, 1, 12, 1);

    /* a non-zero return of the visitor stops the walk and comes back */
    h5x_selection *sel = h5x_selection_parse("::2, [0, 4]");
    h5x_resolved_selection *resolved = NULL;
    h5x_shape result;
    r = (runs){.stop_after = 2};
    int rc = sel && h5x_selection_resolve(sel, &grid, &resolved, &result) == 0
                 ? dirstore_selection_walk(resolved, &grid, record, &r)
                 : -1;
    checks++;
    if (rc != 7 || r.n != 2) {
        failures++;
        printf("FAIL stopping: returned %d after %zu runs\n", rc, r.n);
    }
    h5x_resolved_selection_free(resolved);
    h5x_close(sel);

    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
