/*
 * vds_interop.c — the h5x side of the virtual dataset interop test
 * (vds_interop.py).
 *
 *     vds_interop write DIR   writes src-1.h5 … src-4.h5 and vds.h5
 *     vds_interop read DIR    checks vds.h5 and its sources, whoever wrote them
 *
 * The content, in h5py's words (the script writes the same with h5py):
 *
 *     src-n.h5["data"] = n * 1000 + arange(100, dtype="i4")       n = 1..4
 *     stack:       VirtualLayout((4, 100), "i4"); layout[n - 1] = src-n; fillvalue -5
 *     interleaved: VirtualLayout((200,), "i4"); layout[0::2] = src-1; layout[1::2] = src-2; fillvalue -1
 *     strided:     VirtualLayout((4, 50), "i4"); layout[r] = src-(r+1)[1::2]; fillvalue 0
 *     partial:     VirtualLayout((6, 100), "i4"); rows 0..3 as stack, row 5 from missing.h5; fillvalue -5
 *
 * Source names are stored relative ("src-1.h5"), so both libraries must find
 * them next to vds.h5 whatever the current directory.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "h5x.h"

#define N 100
#define SHAPE1(a) (&(h5x_shape){.rank = 1, .dims = {(a)}})
#define SHAPE2(a, b) (&(h5x_shape){.rank = 2, .dims = {(a), (b)}})

static h5x_vds_source *source(int n, const char *selection)
{
    char name[32];
    snprintf(name, sizeof name, "src-%d.h5", n);
    h5x_vds_source *whole = CHECK_PTR(h5x_vds_source_new(name, "data", SHAPE1(N), H5X_I32));
    if (!whole || !selection)
        return whole;
    h5x_vds_source *part = CHECK_PTR(h5x_vds_source_select_text(whole, selection));
    h5x_close(whole);
    return part;
}

static void map(h5x_vds_layout *layout, const char *where, h5x_vds_source *s)
{
    if (layout && s)
        CHECK_OK(h5x_vds_layout_map_text(layout, where, s));
    h5x_close(s);
}

static void create(h5x_object *file, const char *name, h5x_vds_layout *layout, int32_t fill)
{
    if (layout)
        h5x_close(CHECK_PTR(h5x_vds_create(file, name, layout, &fill)));
    h5x_close(layout);
}

static void write_all(const char *dir)
{
    char path[4096];
    for (int n = 1; n <= 4; n++) {
        snprintf(path, sizeof path, "%s/src-%d.h5", dir, n);
        h5x_object *f = CHECK_PTR(h5x_file_open(path, "w", NULL));
        int32_t values[N];
        for (int i = 0; i < N; i++)
            values[i] = n * 1000 + i;
        h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
        options.data = values;
        h5x_close(CHECK_PTR(h5x_dataset_create(f, "data", H5X_I32, SHAPE1(N), &options)));
        h5x_close(f);
    }
    snprintf(path, sizeof path, "%s/vds.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(path, "w", NULL));
    if (!f)
        return;
    char row[8];
    h5x_vds_layout *stack = CHECK_PTR(h5x_vds_layout_new(SHAPE2(4, N), H5X_I32));
    h5x_vds_layout *partial = CHECK_PTR(h5x_vds_layout_new(SHAPE2(6, N), H5X_I32));
    h5x_vds_layout *strided = CHECK_PTR(h5x_vds_layout_new(SHAPE2(4, N / 2), H5X_I32));
    for (int n = 1; n <= 4; n++) {
        snprintf(row, sizeof row, "%d", n - 1);
        map(stack, row, source(n, NULL));
        map(partial, row, source(n, NULL));
        map(strided, row, source(n, "1::2"));
    }
    h5x_vds_source *missing = CHECK_PTR(h5x_vds_source_new("missing.h5", "data", SHAPE1(N), H5X_I32));
    map(partial, "5", missing);
    h5x_vds_layout *interleaved = CHECK_PTR(h5x_vds_layout_new(SHAPE1(2 * N), H5X_I32));
    map(interleaved, "0::2", source(1, NULL));
    map(interleaved, "1::2", source(2, NULL));
    create(f, "stack", stack, -5);
    create(f, "interleaved", interleaved, -1);
    create(f, "strided", strided, 0);
    create(f, "partial", partial, -5);
    CHECK_OK(h5x_close(f));
}

static void check(h5x_object *f, const char *name, const int32_t *want, size_t n, int mappings)
{
    harness_case(name);
    static int32_t got[6 * N];
    h5x_object *d = CHECK_PTR(h5x_open(f, name));
    if (!d)
        return;
    CHECK_INT(h5x_vds_is_virtual(d), 1);
    CHECK_OK(h5x_dataset_read(d, NULL, H5X_I32, got, sizeof got));
    CHECK_BYTES(got, want, n * sizeof(int32_t));
    h5x_vds_mapping *m = NULL;
    size_t count = 0;
    CHECK_OK(h5x_vds_mappings(d, &m, &count));
    CHECK_INT(count, mappings);
    for (size_t i = 0; m && i < count; i++) {
        CHECK(strncmp(m[i].file_name, "src-", 4) == 0 || strcmp(m[i].file_name, "missing.h5") == 0);
        CHECK_STR(m[i].dataset_path, "data");
    }
    h5x_vds_mappings_free(m, count);
    h5x_close(d);
}

static void read_all(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/vds.h5", dir);
    h5x_object *f = CHECK_PTR(h5x_file_open(path, "r", NULL));
    if (!f)
        return;
    static int32_t want[6 * N];
    for (int r = 0; r < 6; r++)
        for (int i = 0; i < N; i++)
            want[r * N + i] = r < 4 ? (r + 1) * 1000 + i : -5;
    check(f, "stack", want, 4 * N, 4);
    check(f, "partial", want, 6 * N, 5);
    for (int i = 0; i < N; i++) {
        want[2 * i] = 1000 + i;
        want[2 * i + 1] = 2000 + i;
    }
    check(f, "interleaved", want, 2 * N, 2);
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < N / 2; i++)
            want[r * (N / 2) + i] = (r + 1) * 1000 + 2 * i + 1;
    check(f, "strided", want, 2 * N, 4);
    /* small selections across sources */
    harness_case("selections");
    h5x_object *d = CHECK_PTR(h5x_open(f, "interleaved"));
    int32_t part[4];
    CHECK_OK(h5x_dataset_read_text(d, "7:15:2", H5X_I32, part, sizeof part));
    CHECK_BYTES(part, ((int32_t[]){2003, 2004, 2005, 2006}), sizeof part);
    h5x_close(d);
    CHECK_OK(h5x_close(f));
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: vds_interop write|read DIR\n");
        return 2;
    }
    harness_section(argv[1]);
    if (strcmp(argv[1], "write") == 0)
        write_all(argv[2]);
    else
        read_all(argv[2]);
    return harness_finish();
}
