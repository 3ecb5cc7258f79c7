/*
 * test_family.c — what the family connector adds to the native object
 * mapping: member files, their names, their size, and their damage.
 *
 *   test_family PARENT_DIRECTORY
 *
 * The conformance suite runs the object mapping through this connector
 * (conformance.family.*); this program checks the split files themselves,
 * looking at them on disk and, through h5x_native_handle, at what libhdf5
 * says about them:
 *
 *  - data larger than a member spans several members of exactly the
 *    member size, reads back whole, and libhdf5 holds the family driver;
 *  - names: a %d pattern is used as given, a name without one gets
 *    "-%06d" before its extension, "%%" is a literal percent sign, and
 *    names that are not patterns are refused before libhdf5 sees them;
 *  - sizes: new families default to h5py's 2**31-1 bytes, and an existing
 *    family opens without member_size for superblocks of versions 0 and 3;
 *    a member_size that differs from the stored one is refused;
 *  - damage: a missing or truncated member (first, middle or last) is an
 *    error that names the member's file;
 *  - modes: a grows the family, w- refuses an existing one; SWMR and user
 *    blocks, which the family driver lacks, are H5X_ERR_NOT_SUPPORTED.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw */
#endif
#include <errno.h>
#include <ftw.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5x.h"
#include "harness.h"

#define KIB UINT64_C(1024)
#define MIB (UINT64_C(1024) * 1024)

static char directory[4096];

static void path_of(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", directory, name);
}

/* Member index of a pattern made by path_of (the test's own patterns). */
static void member_of(const char *pattern, unsigned index, char *out, size_t size)
{
    snprintf(out, size, pattern, index);
}

/* The size of a file, or -1 when it does not exist. */
static long long size_on_disk(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* The number of consecutive members 0, 1, ... that exist. */
static unsigned member_count(const char *pattern)
{
    unsigned count = 0;
    char name[4200];
    for (;; count++) {
        member_of(pattern, count, name, sizeof name);
        if (size_on_disk(name) < 0)
            return count;
    }
}

/* Every member but the last holds exactly member_size bytes, the last at
 * most that, and together they hold at least data_bytes. */
static int check_member_sizes(const char *pattern, uint64_t member_size, uint64_t data_bytes)
{
    unsigned count = member_count(pattern);
    uint64_t total = 0;
    int ok = CHECK_MSG(count > 0, "%s: no members", pattern);
    for (unsigned i = 0; i < count; i++) {
        char name[4200];
        member_of(pattern, i, name, sizeof name);
        long long size = size_on_disk(name);
        total += (uint64_t)size;
        if (i + 1 < count)
            ok &= CHECK_MSG((uint64_t)size == member_size, "%s holds %lld bytes, not %llu", name, size,
                            (unsigned long long)member_size);
        else
            ok &= CHECK_MSG(size > 0 && (uint64_t)size <= member_size, "the last member %s holds %lld bytes",
                            name, size);
    }
    ok &= CHECK_MSG(total >= data_bytes, "%s: members hold %llu bytes, less than the data's %llu", pattern,
                    (unsigned long long)total, (unsigned long long)data_bytes);
    return ok;
}

static void remove_members(const char *pattern)
{
    char name[4200];
    for (unsigned i = 0; i < 1000; i++) {
        member_of(pattern, i, name, sizeof name);
        unlink(name);
    }
}

static h5x_object *open_uri(const char *spec, const char *path, const char *mode, const h5x_file_options *options)
{
    char uri[8400];
    snprintf(uri, sizeof uri, "%s:%s", spec, path);
    h5x_clear_error();
    return h5x_file_open(uri, mode, options);
}

/* The member size libhdf5 holds for an open family, or 0. */
static uint64_t libhdf5_member_size(h5x_object *file)
{
    int64_t hid = -1;
    if (CHECK_OK(h5x_native_handle(file, &hid)) < 0)
        return 0;
    hid_t fapl = H5Fget_access_plist((hid_t)hid);
    hsize_t member_size = 0;
    CHECK(fapl >= 0 && H5Pget_driver(fapl) == H5FD_FAMILY);
    CHECK(fapl >= 0 && H5Pget_fapl_family(fapl, &member_size, NULL) >= 0);
    if (fapl >= 0)
        H5Pclose(fapl);
    return member_size;
}

/* Writes /values = arange(count) as f8 (and an attribute) into a new
 * family. */
static int write_values(const char *spec, const char *path, uint64_t count, const h5x_file_options *options)
{
    h5x_object *file = CHECK_PTR(open_uri(spec, path, "w", options));
    if (!file)
        return 0;
    double *values = malloc(count * sizeof *values);
    for (uint64_t i = 0; i < count; i++)
        values[i] = (double)i * 0.5;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){count});
    h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
    dataset_options.data = values;
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "values", H5X_F64, &shape, &dataset_options));
    int64_t marker = 42;
    CHECK_OK(h5x_attr_set(file, "marker", H5X_I64, NULL, &marker));
    h5x_close(dataset);
    free(values);
    return CHECK_OK(h5x_close(file)) >= 0 && dataset != NULL;
}

/* Reads /values back through an open family and compares every value. */
static void check_values(h5x_object *file, uint64_t count)
{
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "values"));
    if (!dataset)
        return;
    h5x_shape shape;
    CHECK_OK(h5x_dataset_shape(dataset, &shape));
    CHECK_SHAPE(&shape, 1, (int64_t)count);
    double *got = calloc(count, sizeof *got), *want = malloc(count * sizeof *want);
    for (uint64_t i = 0; i < count; i++)
        want[i] = (double)i * 0.5;
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_F64, got, count * sizeof *got));
    CHECK_DOUBLES(got, want, count);
    free(got);
    free(want);
    int64_t marker = 0;
    CHECK_OK(h5x_attr_get(file, "marker", H5X_I64, &marker, sizeof marker));
    CHECK_INT(marker, 42);
    h5x_close(dataset);
}

/* ------------------------------------------------------------- members */

static void test_spanning_members(void)
{
    harness_case("3.5 MiB of data over 1 MiB members, read back without member_size");
    char pattern[4200], name[4200];
    path_of("spread-%d.h5", pattern, sizeof pattern);
    const uint64_t count = 3 * MIB / 8 + 64 * KIB;
    REQUIRE(write_values("family;member_size=1MiB", pattern, count, NULL));
    CHECK_INT(member_count(pattern), 4);
    check_member_sizes(pattern, MIB, count * 8);
    member_of(pattern, 3, name, sizeof name);
    CHECK_MSG(size_on_disk(name) > (long long)(512 * KIB), "%s holds %lld bytes", name, size_on_disk(name));

    h5x_object *file;
    REQUIRE_PTR(file, open_uri("family", pattern, "r", NULL));
    char *connector = h5x_file_connector(file);
    CHECK_STR(connector, "family");
    h5x_free(connector);
    CHECK_UINT(libhdf5_member_size(file), MIB);
    check_values(file, count);
    CHECK_OK(h5x_close(file));
}

static void test_member_size_from_files(void)
{
    harness_case("member size read back from the files: superblock versions 0 and 3, several sizes");
    struct {
        const char *spec;
        uint64_t size;
        h5x_libver low;
    } cases[] = {
        {"family;member_size=64KiB", 64 * KIB, H5X_LIBVER_DEFAULT},
        {"family;member_size=64KiB", 64 * KIB, H5X_LIBVER_LATEST},
        {"family;member_size=100000", 100000, H5X_LIBVER_DEFAULT},
        {"family;member_size=3MiB", 3 * MIB, H5X_LIBVER_LATEST},
        {"family", UINT64_C(2147483647), H5X_LIBVER_DEFAULT}, /* h5py's default memb_size */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char pattern[4200], stem[64];
        snprintf(stem, sizeof stem, "sizes%zu-%%d.h5", i);
        path_of(stem, pattern, sizeof pattern);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = cases[i].low;
        if (!write_values(cases[i].spec, pattern, 40000, &options))
            continue;
        check_member_sizes(pattern, cases[i].size, 40000 * 8);
        h5x_object *file = CHECK_PTR(open_uri("family", pattern, "r", NULL));
        if (!file)
            continue;
        CHECK_UINT(libhdf5_member_size(file), cases[i].size);
        check_values(file, 40000);
        CHECK_OK(h5x_close(file));
        /* the same size, given, is accepted; another is refused, naming both */
        file = CHECK_PTR(open_uri(cases[i].spec, pattern, "r", NULL));
        h5x_close(file);
        CHECK_NULL_STATUS(open_uri("family;member_size=128KiB", pattern, "r", NULL), H5X_ERR_INVALID_ARGUMENT);
        char stored[32];
        snprintf(stored, sizeof stored, "%llu", (unsigned long long)cases[i].size);
        CHECK_MESSAGE(stored);
    }
}

/* ---------------------------------------------------------------- names */

static void test_names(void)
{
    harness_case("names: a pattern as given, \"-%06d\" added when there is none, %% as a percent sign");
    struct {
        const char *given;
        const char *member0;
        const char *member1;
    } cases[] = {
        {"plain.h5", "plain-000000.h5", "plain-000001.h5"},
        {"noext", "noext-000000", "noext-000001"},
        {"dotted.d/run.v2.h5", "dotted.d/run.v2-000000.h5", "dotted.d/run.v2-000001.h5"},
        {"dotted.d/.hidden", "dotted.d/.hidden-000000", "dotted.d/.hidden-000001"},
        {"pct-%%-%d.h5", "pct-%-0.h5", "pct-%-1.h5"},
        {"wide-%03u.bin", "wide-000.bin", "wide-001.bin"},
    };
    char dotted[4200];
    path_of("dotted.d", dotted, sizeof dotted);
    mkdir(dotted, 0777);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4200], member0[4200], member1[4200];
        path_of(cases[i].given, path, sizeof path);
        path_of(cases[i].member0, member0, sizeof member0);
        path_of(cases[i].member1, member1, sizeof member1);
        if (!write_values("family;member_size=64KiB", path, 20000, NULL))
            continue;
        CHECK_MSG(size_on_disk(member0) == (long long)(64 * KIB), "%s: %lld bytes", member0, size_on_disk(member0));
        CHECK_MSG(size_on_disk(member1) > 0, "%s: %lld bytes", member1, size_on_disk(member1));
        h5x_object *file = CHECK_PTR(open_uri("family", path, "r", NULL));
        if (!file)
            continue;
        char *name = h5x_file_name(file);
        CHECK_STR(name, path); /* the name as given, as h5py's File.filename */
        h5x_free(name);
        check_values(file, 20000);
        CHECK_OK(h5x_close(file));
    }
}

static void test_bad_names_and_options(void)
{
    harness_case("names that are not patterns and malformed options are refused");
    const char *bad_names[] = {"bad-%s.h5", "bad-%d-%d.h5", "50%.h5", "bad-%ld.h5", "bad-%*d.h5", "bad-%"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        char path[4200];
        path_of(bad_names[i], path, sizeof path);
        CHECK_NULL_STATUS(open_uri("family", path, "w", NULL), H5X_ERR_INVALID_ARGUMENT);
        CHECK_MESSAGE(bad_names[i]);
    }
    char long_name[4200];
    memset(long_name, 'x', 4100);
    strcpy(long_name + 4100, "-%d.h5");
    CHECK_NULL_STATUS(open_uri("family", long_name, "w", NULL), H5X_ERR_INVALID_ARGUMENT);

    char path[4200];
    path_of("options-%d.h5", path, sizeof path);
    CHECK_NULL_STATUS(open_uri("family;member_size=0", path, "w", NULL), H5X_ERR_OPTION);
    CHECK_NULL_STATUS(open_uri("family;member_size=lots", path, "w", NULL), H5X_ERR_OPTION);
    CHECK_NULL_STATUS(open_uri("family;member_size=1XB", path, "w", NULL), H5X_ERR_OPTION);
    CHECK_NULL_STATUS(open_uri("family;memb_size=1MiB", path, "w", NULL), H5X_ERR_OPTION);
    CHECK_MESSAGE("member_size");
    CHECK_INT(member_count(path), 0);
}

/* --------------------------------------------------------------- damage */

/* A fresh family of 1 MiB members holding 3.5 MiB. */
static int make_damage_family(const char *pattern, h5x_libver low)
{
    remove_members(pattern);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = low;
    return write_values("family;member_size=1MiB", pattern, 3 * MIB / 8 + 64 * KIB, &options) &&
           CHECK(member_count(pattern) == 4);
}

static void test_missing_members(void)
{
    harness_case("a missing member (first, middle, last) is H5X_ERR_NOT_FOUND naming its file");
    char pattern[4200], name[4200], aside[4300];
    path_of("missing-%d.h5", pattern, sizeof pattern);
    const unsigned members[] = {0, 1, 3};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        if (!make_damage_family(pattern, H5X_LIBVER_DEFAULT))
            return;
        member_of(pattern, members[i], name, sizeof name);
        snprintf(aside, sizeof aside, "%s.aside", name);
        REQUIRE(rename(name, aside) == 0);
        CHECK_NULL_STATUS(open_uri("family", pattern, "r", NULL), H5X_ERR_NOT_FOUND);
        CHECK_MESSAGE(name);
        CHECK_NULL_STATUS(open_uri("family", pattern, "r+", NULL), H5X_ERR_NOT_FOUND);
        CHECK_MESSAGE(name);
        /* mode a must not mistake a damaged family for a new one */
        if (members[i] != 0) {
            CHECK_NULL_STATUS(open_uri("family", pattern, "a", NULL), H5X_ERR_NOT_FOUND);
            CHECK_MESSAGE(name);
        }
        REQUIRE(rename(aside, name) == 0);
        h5x_object *file = CHECK_PTR(open_uri("family", pattern, "r", NULL));
        if (file)
            check_values(file, 3 * MIB / 8 + 64 * KIB);
        h5x_close(file);
    }
}

static void test_truncated_members(void)
{
    harness_case("a truncated member (first, middle, last) is H5X_ERR_CORRUPT naming its file");
    char pattern[4200], name[4200];
    path_of("short-%d.h5", pattern, sizeof pattern);
    const struct {
        unsigned member;
        h5x_libver low;
    } cases[] = {{1, H5X_LIBVER_DEFAULT}, {3, H5X_LIBVER_DEFAULT}, {0, H5X_LIBVER_DEFAULT},
                 {0, H5X_LIBVER_LATEST},  {2, H5X_LIBVER_LATEST}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!make_damage_family(pattern, cases[i].low))
            return;
        member_of(pattern, cases[i].member, name, sizeof name);
        long long size = size_on_disk(name);
        REQUIRE(truncate(name, size / 2) == 0);
        CHECK_NULL_STATUS(open_uri("family", pattern, "r", NULL), H5X_ERR_CORRUPT);
        CHECK_MESSAGE(name);
        CHECK_MESSAGE("truncated");
    }
    /* a member larger than the member size, other than the last */
    if (!make_damage_family(pattern, H5X_LIBVER_DEFAULT))
        return;
    member_of(pattern, 1, name, sizeof name);
    REQUIRE(truncate(name, (off_t)(MIB + 10)) == 0);
    CHECK_NULL_STATUS(open_uri("family", pattern, "r", NULL), H5X_ERR_CORRUPT);
    CHECK_MESSAGE(name);
}

static void test_not_a_family(void)
{
    harness_case("no member 0, or a member 0 that is not HDF5");
    char pattern[4200], name[4200];
    path_of("absent-%d.h5", pattern, sizeof pattern);
    member_of(pattern, 0, name, sizeof name);
    CHECK_NULL_STATUS(open_uri("family", pattern, "r", NULL), H5X_ERR_NOT_FOUND);
    CHECK_MESSAGE(name);
    path_of("text-%d.h5", pattern, sizeof pattern);
    member_of(pattern, 0, name, sizeof name);
    FILE *stream = fopen(name, "w");
    REQUIRE(stream != NULL);
    fputs("not an HDF5 file at all\n", stream);
    fclose(stream);
    CHECK_NULL_STATUS(open_uri("family", pattern, "r", NULL), H5X_ERR_CORRUPT);
}

/* ---------------------------------------------------------------- modes */

static void test_modes(void)
{
    harness_case("mode a grows a family over new members; w- refuses an existing one; w starts afresh");
    char pattern[4200];
    path_of("grow-%d.h5", pattern, sizeof pattern);
    REQUIRE(write_values("family;member_size=64KiB", pattern, 1000, NULL));
    CHECK_INT(member_count(pattern), 1);
    h5x_object *file;
    REQUIRE_PTR(file, open_uri("family", pattern, "a", NULL));
    CHECK_UINT(libhdf5_member_size(file), 64 * KIB);
    int32_t *more = malloc(100000 * sizeof *more), *got = calloc(100000, sizeof *got);
    REQUIRE(more && got);
    for (int i = 0; i < 100000; i++)
        more[i] = i * 3;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100000});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = more;
    h5x_close(CHECK_PTR(h5x_dataset_create(file, "more", H5X_I32, &shape, &options)));
    CHECK_OK(h5x_close(file));
    CHECK_MSG(member_count(pattern) >= 7, "%u members", member_count(pattern));
    check_member_sizes(pattern, 64 * KIB, 1000 * 8 + 100000 * 4);

    REQUIRE_PTR(file, open_uri("family", pattern, "r", NULL));
    check_values(file, 1000);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "more"));
    CHECK_OK(h5x_dataset_read(dataset, NULL, H5X_I32, got, 100000 * sizeof *got));
    CHECK(memcmp(got, more, 100000 * sizeof *got) == 0);
    h5x_close(dataset);
    free(more);
    free(got);
    CHECK_OK(h5x_close(file));

    CHECK_NULL_STATUS(open_uri("family", pattern, "w-", NULL), H5X_ERR_EXISTS);
    CHECK_NULL_STATUS(open_uri("family", pattern, "x", NULL), H5X_ERR_EXISTS);

    REQUIRE_PTR(file, open_uri("family;member_size=64KiB", pattern, "w", NULL));
    CHECK_INT(h5x_contains(file, "more"), 0);
    CHECK_OK(h5x_close(file));
    REQUIRE_PTR(file, open_uri("family", pattern, "r", NULL));
    CHECK_INT(h5x_group_length(file), 0);
    CHECK_OK(h5x_close(file));
}

static void test_not_claimed(void)
{
    harness_case("SWMR and user blocks, which the family driver lacks, are H5X_ERR_NOT_SUPPORTED");
    char pattern[4200];
    path_of("unclaimed-%d.h5", pattern, sizeof pattern);
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = 512;
    CHECK_NULL_STATUS(open_uri("family", pattern, "w", &options), H5X_ERR_NOT_SUPPORTED);
    CHECK_INT(member_count(pattern), 0);
    h5x_file_options latest = H5X_FILE_OPTIONS_INIT;
    latest.libver_low = H5X_LIBVER_LATEST;
    REQUIRE(write_values("family", pattern, 10, &latest));
    h5x_object *file;
    REQUIRE_PTR(file, open_uri("family", pattern, "r+", NULL));
    CHECK_STATUS(h5x_file_start_swmr(file), H5X_ERR_NOT_SUPPORTED);
    uint64_t userblock = 99;
    CHECK_OK(h5x_file_userblock_size(file, &userblock));
    CHECK_UINT(userblock, 0);
    CHECK_OK(h5x_close(file));
    h5x_file_options reader = H5X_FILE_OPTIONS_INIT;
    reader.swmr = 1;
    CHECK_NULL_STATUS(open_uri("family", pattern, "r", &reader), H5X_ERR_NOT_SUPPORTED);
}

static int remove_entry(const char *path, const struct stat *st, int kind, struct FTW *walk)
{
    (void)st;
    (void)kind;
    (void)walk;
    return remove(path);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_family PARENT_DIRECTORY\n");
        return 2;
    }
    mkdir(argv[1], 0777);
    snprintf(directory, sizeof directory, "%s/family-XXXXXX", argv[1]);
    if (!mkdtemp(directory)) {
        fprintf(stderr, "test_family: cannot make a directory in %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    harness_section("family");
    test_spanning_members();
    test_member_size_from_files();
    test_names();
    test_bad_names_and_options();
    test_missing_members();
    test_truncated_members();
    test_not_a_family();
    test_modes();
    test_not_claimed();
    if (harness_failures() == 0)
        nftw(directory, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        harness_note("files kept in %s", directory);
    return harness_finish();
}
