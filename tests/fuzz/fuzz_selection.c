/*
 * libFuzzer target for the selection parser.
 *
 * The input is the text between the brackets of dset[...].  Whatever it
 * is, parsing must either fail with a selection error and a message, or
 * give a selection whose canonical text parses back to the same canonical
 * text.  Each parsed selection is then resolved against a handful of
 * shapes (scalar, empty axes, small, large): the original and the
 * re-parsed selection must agree, a resolved selection must lie inside its
 * shape and cover as many elements as its result shape says, and moving
 * bytes through it (gather and scatter over a real array, for the small
 * shapes) must stay inside the arrays — which AddressSanitizer checks.
 */
#include "h5x.h"
#include "selection.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition)
        abort();
}

static void require_error(void)
{
    const h5x_error_info *e = h5x_last_error();
    require(e->code < 0 && e->message[0] != '\0');
}

static void move_bytes(const h5x_shape *shape, const h5x_resolved_selection *resolved, uint64_t selected)
{
    uint64_t total = h5x_shape_size(shape);
    if (total > 4096 || selected > 4096)
        return;
    unsigned char *full = malloc(total ? total : 1);
    unsigned char *packed = malloc(selected ? selected : 1);
    require(full && packed);
    for (uint64_t i = 0; i < total; i++)
        full[i] = (unsigned char)i;
    h5x_selection_gather(full, shape, 1, resolved, packed);
    h5x_selection_scatter(full, shape, 1, resolved, packed);
    for (uint64_t i = 0; i < total; i++)
        require(full[i] == (unsigned char)i); /* scattering what was gathered changes nothing */
    free(full);
    free(packed);
}

static void resolve_both(const h5x_selection *a, const h5x_selection *b, const h5x_shape *shape)
{
    h5x_resolved_selection *ra = NULL, *rb = NULL;
    h5x_shape sa, sb;
    int rc_a = h5x_selection_resolve(a, shape, &ra, &sa);
    if (rc_a < 0)
        require_error();
    int rc_b = h5x_selection_resolve(b, shape, &rb, &sb);
    require(rc_a == rc_b);
    if (rc_a == 0) {
        require(sa.rank == sb.rank);
        for (int i = 0; i < sa.rank; i++)
            require(sa.dims[i] == sb.dims[i]);
        require(h5x_resolved_selection_check(ra, shape) == 0);
        uint64_t selected = h5x_resolved_selection_size(ra, shape);
        require(selected == h5x_shape_size(&sa) || (sa.rank == 0 && selected == 1));
        move_bytes(shape, ra, selected);
    }
    h5x_resolved_selection_free(ra);
    h5x_resolved_selection_free(rb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[1025];
    if (size > sizeof text - 1)
        size = sizeof text - 1;
    memcpy(text, data, size);
    text[size] = '\0';

    h5x_clear_error();
    h5x_selection *sel = h5x_selection_parse(text);
    if (!sel) {
        require_error();
        return 0;
    }
    char *canonical = h5x_selection_to_string(sel);
    require(canonical != NULL);
    h5x_selection *again = h5x_selection_parse(canonical);
    require(again != NULL);
    char *canonical_again = h5x_selection_to_string(again);
    require(canonical_again != NULL && strcmp(canonical, canonical_again) == 0);

    static const h5x_shape shapes[] = {
        {0, {0}},
        {1, {0}},
        {1, {10}},
        {2, {4, 5}},
        {2, {3, 0}},
        {3, {3, 1, 7}},
        {4, {2, 3, 2, 3}},
        {2, {UINT64_C(1) << 40, 3}},
        {1, {UINT64_MAX}},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        resolve_both(sel, again, &shapes[i]);

    h5x_free(canonical);
    h5x_free(canonical_again);
    h5x_close(sel);
    h5x_close(again);
    return 0;
}
