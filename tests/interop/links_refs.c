/*
 * links_refs.c — the h5x half of the links-and-references interop test.
 *
 *   links_refs write FILE      writes the content below with h5x
 *   links_refs read FILE [h5py] reads FILE (written by h5py, by this
 *                               program, or copied by `h5x cp`) and checks
 *                               every link, name and reference; "h5py"
 *                               also checks what only h5py can write (a
 *                               region reference to scattered points)
 *
 * links_refs.py is the h5py half: it writes the same content with h5py and
 * checks a file this program wrote.  The content, in h5py's words:
 *
 *   f["dset"] = np.arange(100, dtype="f4").reshape(10, 10)
 *   g = f.create_group("some/group"); g["value"] = 42 (int64)
 *   g["other name"] = g["value"]                      # hard link
 *   f["alias"] = SoftLink("/some/group"); f["dangling"] = SoftLink("/nowhere")
 *   f["ext"] = ExternalLink("links_refs_target.h5", "/data")
 *   f.create_group("links").id.links.create_external(b"data", b"links_refs_target.h5", b"/data")
 *   f.create_group("αβγ")["ünï"] = 7; f.create_group(b"raw\xff")
 *   o = f.create_group("ordered", track_order=True):
 *       o["zeta"] = 1; o.create_group("alpha"); o["mid"] = SoftLink("zeta"); o["beta"] = o["zeta"]
 *   MyRefs (100,) ref_dtype: [/, /some/group, /dset, /some/group/value], the rest null
 *   MyRegions (4,) regionref_dtype: dset[0:2, 1:4], dset[::4, ::3], dset[[1, 3, 6], 2], null
 *   f.attrs["Root group reference"] = f.ref
 *   f.attrs["refs"] = [some/group.ref, null, dset.ref]; f.attrs["roi"] = dset.regionref[1:3, ::2]
 *   g.attrs["self"] = g.ref
 *   links_refs_target.h5: data = np.arange(100, dtype="i1")
 *   (h5py only) MyPoints (1,) regionref_dtype: dset.regionref[mask], mask true at (1,2), (3,7), (8,0)
 *
 * The target file is written next to FILE.  Exit status 0 when every check
 * passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TARGET_NAME "links_refs_target.h5"
#define TEXT_NAME "\xce\xb1\xce\xb2\xce\xb3"  /* "αβγ" */
#define INNER_NAME "\xc3\xbcn\xc3\xaf"         /* "ünï" */
#define BYTES_NAME "raw\xff"                   /* a bytes name, not UTF-8 */

static h5x_object *scalar_i64(h5x_object *loc, const char *path, int64_t value)
{
    h5x_shape scalar = h5x_shape_scalar();
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = &value;
    return h5x_dataset_create(loc, path, H5X_I64, &scalar, &options);
}

static int region_ref(h5x_object *dataset, const char *text, h5x_ref *ref)
{
    h5x_selection *sel = h5x_selection_parse(text);
    int status = sel ? h5x_region_ref(dataset, sel, ref) : -1;
    h5x_close(sel);
    return status;
}

static void target_path_for(const char *file, char *out, size_t size)
{
    const char *slash = strrchr(file, '/');
    if (slash)
        snprintf(out, size, "%.*s/%s", (int)(slash - file), file, TARGET_NAME);
    else
        snprintf(out, size, "%s", TARGET_NAME);
}

/* ----------------------------------------------------------------- write */

static void write_content(const char *path)
{
    harness_case("h5x writes links and references");
    char target_path[4096];
    target_path_for(path, target_path, sizeof target_path);
    h5x_object *target;
    REQUIRE_PTR(target, h5x_file_open(target_path, "w", NULL));
    int8_t data[100];
    for (int i = 0; i < 100; i++)
        data[i] = (int8_t)i;
    h5x_shape hundred = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    h5x_close(CHECK_PTR(h5x_dataset_create(target, "data", H5X_I8, &hundred, &options)));
    h5x_close(target);

    h5x_object *file;
    REQUIRE_PTR(file, h5x_file_open(path, "w", NULL));
    float grid[100];
    for (int i = 0; i < 100; i++)
        grid[i] = (float)i;
    h5x_shape ten_by_ten = h5x_shape_of(2, (uint64_t[]){10, 10});
    options.data = grid;
    h5x_object *dset = CHECK_PTR(h5x_dataset_create(file, "dset", H5X_F32, &ten_by_ten, &options));
    h5x_object *group = CHECK_PTR(h5x_group_create(file, "some/group", NULL));
    REQUIRE(dset != NULL && group != NULL);
    h5x_object *value = CHECK_PTR(scalar_i64(group, "value", 42));
    CHECK_OK(h5x_link_hard(value, group, "other name"));
    CHECK_OK(h5x_link_soft(file, "alias", "/some/group"));
    CHECK_OK(h5x_link_soft(file, "dangling", "/nowhere"));
    CHECK_OK(h5x_link_external(file, "ext", TARGET_NAME, "/data"));
    h5x_object *links = CHECK_PTR(h5x_group_create(file, "links", NULL));
    CHECK_OK(h5x_link_external(links, "data", TARGET_NAME, "/data"));
    h5x_close(links);
    h5x_object *text = CHECK_PTR(h5x_group_create(file, TEXT_NAME, NULL));
    h5x_close(CHECK_PTR(scalar_i64(text, INNER_NAME, 7)));
    h5x_close(text);
    h5x_close(CHECK_PTR(h5x_group_create(file, BYTES_NAME, NULL)));

    h5x_group_options ordered_options = H5X_GROUP_OPTIONS_INIT;
    ordered_options.track_order = 1;
    h5x_object *ordered = CHECK_PTR(h5x_group_create(file, "ordered", &ordered_options));
    if (ordered) {
        h5x_object *zeta = CHECK_PTR(scalar_i64(ordered, "zeta", 1));
        h5x_close(CHECK_PTR(h5x_group_create(ordered, "alpha", NULL)));
        CHECK_OK(h5x_link_soft(ordered, "mid", "zeta"));
        CHECK_OK(h5x_link_hard(zeta, ordered, "beta"));
        h5x_close(zeta);
        h5x_close(ordered);
    }

    h5x_dtype *ref_dtype = h5x_dtype_reference(H5X_REF_OBJECT);
    h5x_dtype *regionref_dtype = h5x_dtype_reference(H5X_REF_REGION);
    h5x_ref objects[4], regions[3];
    CHECK_OK(h5x_object_ref(file, &objects[0]));
    CHECK_OK(h5x_object_ref(group, &objects[1]));
    CHECK_OK(h5x_object_ref(dset, &objects[2]));
    CHECK_OK(h5x_object_ref(value, &objects[3]));
    h5x_object *my_refs = CHECK_PTR(h5x_dataset_create(file, "MyRefs", ref_dtype, &hundred, NULL));
    if (my_refs)
        CHECK_OK(h5x_dataset_write_text(my_refs, "0:4", ref_dtype, objects, NULL));
    h5x_close(my_refs);
    CHECK_OK(region_ref(dset, "0:2, 1:4", &regions[0]));
    CHECK_OK(region_ref(dset, "::4, ::3", &regions[1]));
    CHECK_OK(region_ref(dset, "[1, 3, 6], 2", &regions[2]));
    h5x_shape four = h5x_shape_of(1, (uint64_t[]){4});
    h5x_object *my_regions = CHECK_PTR(h5x_dataset_create(file, "MyRegions", regionref_dtype, &four, NULL));
    if (my_regions)
        CHECK_OK(h5x_dataset_write_text(my_regions, "0:3", regionref_dtype, regions, NULL));
    h5x_close(my_regions);

    CHECK_OK(h5x_attr_set(file, "Root group reference", ref_dtype, NULL, &objects[0]));
    h5x_ref three[3];
    three[0] = objects[1];
    memset(&three[1], 0, sizeof three[1]);
    three[2] = objects[2];
    h5x_shape three_shape = h5x_shape_of(1, (uint64_t[]){3});
    CHECK_OK(h5x_attr_set(file, "refs", ref_dtype, &three_shape, three));
    h5x_ref roi;
    CHECK_OK(region_ref(dset, "1:3, ::2", &roi));
    CHECK_OK(h5x_attr_set(file, "roi", regionref_dtype, NULL, &roi));
    CHECK_OK(h5x_attr_set(group, "self", ref_dtype, NULL, &objects[1]));

    h5x_close(ref_dtype);
    h5x_close(regionref_dtype);
    h5x_close(value);
    h5x_close(group);
    h5x_close(dset);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------------------ read */

static void check_target_at(h5x_object *loc, const h5x_ref *ref, const char *want, const char *file, int line)
{
    h5x_clear_error();
    h5x_object *target = h5x_ref_open(loc, ref);
    if (!harness_check(target != NULL, file, line, "h5x_ref_open", "expected %s", want))
        return;
    h5x_object *expected = h5x_open(loc, want);
    harness_check(expected && h5x_object_equal(target, expected) == 1, file, line, "h5x_object_equal",
                  "the reference does not lead to %s", want);
    h5x_close(expected);
    h5x_close(target);
}
#define CHECK_TARGET(loc, ref, want) check_target_at((loc), (ref), (want), __FILE__, __LINE__)

static void check_region_at(h5x_object *dataset, const h5x_ref *ref, int rank, const uint64_t *dims,
                            const double *want, size_t n, const char *file, int line)
{
    h5x_shape shape;
    h5x_clear_error();
    int status = h5x_ref_region_shape(dataset, ref, &shape);
    if (!harness_check(status >= 0, file, line, "h5x_ref_region_shape", "got %d (%s)", status,
                       harness_status_name(status)))
        return;
    int same = shape.rank == rank;
    for (int i = 0; same && i < rank; i++)
        same = shape.dims[i] == dims[i];
    harness_check(same, file, line, "region shape", "rank %d (%llu, %llu), expected rank %d (%llu, %llu)",
                  shape.rank, (unsigned long long)shape.dims[0], (unsigned long long)shape.dims[1], rank,
                  (unsigned long long)dims[0], (unsigned long long)(rank > 1 ? dims[1] : 0));
    double got[64] = {0};
    status = h5x_dataset_read_region(dataset, ref, H5X_F64, got, sizeof got);
    if (harness_check(status >= 0, file, line, "h5x_dataset_read_region", "got %d (%s)", status,
                      harness_status_name(status)))
        harness_check_doubles(got, want, n, file, line, "dset[regref]");
}
#define CHECK_REGION(dataset, ref, rank, dims, ...)                                                          \
    check_region_at((dataset), (ref), (rank), (const uint64_t[])dims, (const double[]){__VA_ARGS__},         \
                    sizeof((const double[]){__VA_ARGS__}) / sizeof(double), __FILE__, __LINE__)
#define DIMS(...) {__VA_ARGS__}

static int64_t read_i64(h5x_object *loc, const char *path)
{
    int64_t value = -1;
    h5x_object *dataset = h5x_open(loc, path);
    if (dataset)
        h5x_dataset_read(dataset, NULL, H5X_I64, &value, sizeof value);
    h5x_close(dataset);
    return value;
}

static void check_link_at(h5x_object *loc, const char *path, h5x_link_kind kind, const char *target_path,
                          const char *target_file, const char *file, int line)
{
    h5x_link_info info;
    h5x_clear_error();
    if (!harness_check(h5x_link_get_info(loc, path, &info) == 0, file, line, "h5x_link_get_info", "link %s", path))
        return;
    harness_check(info.kind == kind, file, line, "info.kind", "link %s: kind %d, expected %d", path, (int)info.kind,
                  (int)kind);
    if (target_path)
        harness_check_str(info.target_path, target_path, file, line, "info.target_path");
    if (target_file)
        harness_check_str(info.target_file, target_file, file, line, "info.target_file");
    h5x_free(info.target_path);
    h5x_free(info.target_file);
}
#define CHECK_LINK(loc, path, kind, tp, tf) check_link_at((loc), (path), (kind), (tp), (tf), __FILE__, __LINE__)

static void check_names_at(h5x_object *group, h5x_order order, const char *const *want, size_t n, const char *file,
                           int line)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    if (!harness_check(h5x_group_names(group, order, &names, &count) == 0, file, line, "h5x_group_names", NULL))
        return;
    harness_check(count == n, file, line, "count", "%zu names, expected %zu", count, n);
    for (size_t i = 0; i < count && i < n; i++)
        harness_check_str(names[i], want[i], file, line, "names[i]");
    h5x_free_names(names, count);
}
#define CHECK_NAMES(group, order, ...)                                                                       \
    check_names_at((group), (order), (const char *const[]){__VA_ARGS__},                                     \
                   sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), __FILE__, __LINE__)

static void read_links(h5x_object *file)
{
    harness_case("links written by the other side");
    h5x_object *value = CHECK_PTR(h5x_open(file, "/some/group/value"));
    h5x_object *other = CHECK_PTR(h5x_open(file, "/some/group/other name"));
    CHECK_INT(h5x_object_equal(value, other), 1);
    CHECK_INT(read_i64(file, "/some/group/other name"), 42);
    h5x_close(value);
    h5x_close(other);
    CHECK_LINK(file, "some/group/other name", H5X_LINK_HARD, NULL, NULL);
    CHECK_LINK(file, "alias", H5X_LINK_SOFT, "/some/group", NULL);
    CHECK_LINK(file, "dangling", H5X_LINK_SOFT, "/nowhere", NULL);
    CHECK_LINK(file, "ext", H5X_LINK_EXTERNAL, "/data", TARGET_NAME);
    CHECK_LINK(file, "links/data", H5X_LINK_EXTERNAL, "/data", TARGET_NAME);
    CHECK_INT(read_i64(file, "alias/value"), 42);
    CHECK_INT(h5x_contains(file, "dangling"), 0);
    CHECK_NULL_STATUS(h5x_open(file, "dangling"), H5X_ERR_NOT_FOUND);
    CHECK(strstr(h5x_last_error()->message, "/nowhere") != NULL);
    h5x_object *external = CHECK_PTR(h5x_open(file, "links/data"));
    if (external) {
        int8_t data[100] = {0};
        CHECK_OK(h5x_dataset_read(external, NULL, H5X_I8, data, sizeof data));
        CHECK_INT(data[99], 99);
        CHECK_INT(data[42], 42);
    }
    h5x_close(external);
    CHECK_INT(read_i64(file, "/" TEXT_NAME "/" INNER_NAME), 7);
    CHECK_INT(h5x_contains(file, BYTES_NAME), 1);
    h5x_object *ordered = CHECK_PTR(h5x_open(file, "ordered"));
    if (ordered) {
        CHECK_NAMES(ordered, H5X_ORDER_CREATION, "zeta", "alpha", "mid", "beta");
        CHECK_NAMES(ordered, H5X_ORDER_NAME, "alpha", "beta", "mid", "zeta");
        CHECK_LINK(ordered, "mid", H5X_LINK_SOFT, "zeta", NULL);
        CHECK_INT(read_i64(ordered, "mid"), 1);
    }
    h5x_close(ordered);
}

static void read_references(h5x_object *file, int from_h5py)
{
    harness_case("references written by the other side");
    h5x_dtype *ref_dtype = h5x_dtype_reference(H5X_REF_OBJECT);
    h5x_dtype *regionref_dtype = h5x_dtype_reference(H5X_REF_REGION);
    h5x_object *my_refs = CHECK_PTR(h5x_open(file, "MyRefs"));
    h5x_ref refs[100];
    if (my_refs && CHECK_OK(h5x_dataset_read(my_refs, NULL, ref_dtype, refs, sizeof refs)) >= 0) {
        CHECK_TARGET(file, &refs[0], "/");
        CHECK_TARGET(file, &refs[1], "/some/group");
        CHECK_TARGET(my_refs, &refs[2], "/dset");
        CHECK_TARGET(file, &refs[3], "/some/group/value");
        CHECK_INT(h5x_ref_is_null(&refs[0]), 0);
        CHECK_INT(h5x_ref_is_null(&refs[4]), 1);
        CHECK_INT(h5x_ref_is_null(&refs[50]), 1);
        h5x_object *named = CHECK_PTR(h5x_ref_open(file, &refs[1]));
        char *name = named ? h5x_object_name(named) : NULL;
        CHECK_STR(name, "/some/group");
        h5x_free(name);
        h5x_close(named);
    }
    h5x_dtype *stored = my_refs ? h5x_dataset_dtype(my_refs) : NULL;
    CHECK(stored && h5x_dtype_equal(stored, ref_dtype) == 1);
    h5x_close(stored);
    h5x_close(my_refs);

    h5x_object *dset = CHECK_PTR(h5x_open(file, "dset"));
    h5x_object *my_regions = CHECK_PTR(h5x_open(file, "MyRegions"));
    h5x_ref regions[4];
    if (dset && my_regions && CHECK_OK(h5x_dataset_read(my_regions, NULL, regionref_dtype, regions, sizeof regions)) >= 0) {
        CHECK_REGION(dset, &regions[0], 2, DIMS(2, 3), 1, 2, 3, 11, 12, 13);
        CHECK_REGION(dset, &regions[1], 2, DIMS(3, 4), 0, 3, 6, 9, 40, 43, 46, 49, 80, 83, 86, 89);
        CHECK_REGION(dset, &regions[2], 2, DIMS(3, 1), 12, 32, 62);
        CHECK_INT(h5x_ref_is_null(&regions[3]), 1);
        CHECK_TARGET(file, &regions[0], "/dset");
    }
    h5x_close(my_regions);

    h5x_ref one, three[3];
    CHECK_OK(h5x_attr_get(file, "Root group reference", ref_dtype, &one, sizeof one));
    CHECK_TARGET(file, &one, "/");
    CHECK_OK(h5x_attr_get(file, "refs", ref_dtype, three, sizeof three));
    CHECK_TARGET(file, &three[0], "/some/group");
    CHECK_INT(h5x_ref_is_null(&three[1]), 1);
    CHECK_TARGET(file, &three[2], "/dset");
    if (dset && CHECK_OK(h5x_attr_get(file, "roi", regionref_dtype, &one, sizeof one)) >= 0)
        CHECK_REGION(dset, &one, 2, DIMS(2, 5), 10, 12, 14, 16, 18, 20, 22, 24, 26, 28);
    h5x_object *group = CHECK_PTR(h5x_open(file, "some/group"));
    if (group && CHECK_OK(h5x_attr_get(group, "self", ref_dtype, &one, sizeof one)) >= 0)
        CHECK_TARGET(group, &one, "/some/group");
    h5x_close(group);

    if (from_h5py) {
        /* a mask selection is stored as points: it reads as 1-D */
        h5x_object *points = CHECK_PTR(h5x_open(file, "MyPoints"));
        if (dset && points && CHECK_OK(h5x_dataset_read(points, NULL, regionref_dtype, &one, sizeof one)) >= 0)
            CHECK_REGION(dset, &one, 1, DIMS(3), 12, 37, 80);
        h5x_close(points);
    }
    h5x_close(dset);
    h5x_close(ref_dtype);
    h5x_close(regionref_dtype);
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: links_refs write|read FILE [h5py]\n");
        return 2;
    }
    harness_section(argv[1]);
    if (strcmp(argv[1], "write") == 0) {
        write_content(argv[2]);
    } else {
        h5x_object *file = CHECK_PTR(h5x_file_open(argv[2], "r", NULL));
        if (file) {
            read_links(file);
            read_references(file, argc > 3 && strcmp(argv[3], "h5py") == 0);
            h5x_close(file);
        }
    }
    return harness_finish();
}
