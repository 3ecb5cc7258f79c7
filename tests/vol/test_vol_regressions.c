/*
 * test_vol_regressions.c — HDF5 calls through the h5x VOL connector that
 * once crashed or gave wrong answers, each checked against the values
 * libhdf5 itself gives.
 *
 *   test_vol_regressions PLUGIN_DIR INFO WORKDIR
 *
 * - deleting, by creation order, hard links from a group to itself (a
 *   libhdf5 1.14.5 bug corrupts such a group when its link count drops
 *   to one; the native connector works around it);
 * - names by index in decreasing order;
 * - anonymous groups and datasets: linked later with H5Olink, or dropped
 *   when closed unlinked;
 * - H5Dvlen_get_buf_size, which counts through the transfer list's
 *   allocator;
 * - a dataset left open when the program calls H5close (libhdf5 then
 *   closes everything itself; this used to crash at shutdown).
 *
 * The same program runs over native and over core, so every value is
 * asserted as libhdf5 defines it, not as one connector happens to do it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

static int failures;

#define CHECK(cond, ...)                                                                                           \
    do {                                                                                                           \
        if (!(cond)) {                                                                                             \
            printf("FAIL (line %d): ", __LINE__);                                                                  \
            printf(__VA_ARGS__);                                                                                   \
            printf("\n");                                                                                          \
            failures++;                                                                                            \
        }                                                                                                          \
    } while (0)

static hid_t crt_order_gcpl(void)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED);
    return gcpl;
}

static void self_links(hid_t file)
{
    hid_t gcpl = crt_order_gcpl();
    hid_t group = H5Gcreate2(file, "self", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    const char *names[3] = {"first", "second", "third"};
    for (int i = 0; i < 3; i++)
        CHECK(H5Lcreate_hard(group, ".", group, names[i], H5P_DEFAULT, H5P_DEFAULT) >= 0, "hard link %s", names[i]);
    for (int deleted = 1; deleted <= 3; deleted++) {
        CHECK(H5Ldelete_by_idx(group, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, H5P_DEFAULT) >= 0, "delete %d",
              deleted);
        for (int i = 0; i < 3; i++)
            CHECK(H5Lexists(group, names[i], H5P_DEFAULT) == (i >= deleted), "after %d deletes, '%s' exists: %d",
                  deleted, names[i], (int)H5Lexists(group, names[i], H5P_DEFAULT));
    }
    H5O_info2_t info;
    CHECK(H5Oget_info3(group, &info, H5O_INFO_BASIC) >= 0 && info.rc == 1, "link count back to 1");
    H5Gclose(group);
    H5Pclose(gcpl);
}

static void decreasing_order(hid_t file)
{
    hid_t gcpl = crt_order_gcpl();
    hid_t group = H5Gcreate2(file, "order", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    /* created c, b, a: creation order and name order are opposite */
    H5Lcreate_soft("/x3", group, "c", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_soft("/x2", group, "b", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_soft("/x1", group, "a", H5P_DEFAULT, H5P_DEFAULT);
    const char *expected[2][2] = {{"a", "c"}, {"c", "a"}}; /* [index][order]: first name */
    for (int index = 0; index < 2; index++)
        for (int order = 0; order < 2; order++) {
            char name[16] = "";
            H5Lget_name_by_idx(group, ".", (H5_index_t)index, (H5_iter_order_t)order, 0, name, sizeof name,
                               H5P_DEFAULT);
            CHECK(strcmp(name, expected[index][order]) == 0, "index %d order %d: first is '%s', not '%s'", index,
                  order, name, expected[index][order]);
        }
    H5Gclose(group);
    H5Pclose(gcpl);
}

static void anonymous_objects(hid_t file)
{
    H5G_info_t before, after;
    H5Gget_info(file, &before);
    hid_t group = H5Gcreate_anon(file, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(group >= 0, "H5Gcreate_anon");
    CHECK(H5Olink(group, file, "linked_later", H5P_DEFAULT, H5P_DEFAULT) >= 0, "H5Olink");
    hid_t inner = H5Gcreate2(group, "inside", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(inner);
    H5Gclose(group);
    CHECK(H5Lexists(file, "linked_later/inside", H5P_DEFAULT) > 0, "the anonymous group is at its link");

    hsize_t dims[1] = {4};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t dataset = H5Dcreate_anon(file, H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset >= 0, "H5Dcreate_anon");
    int values[4] = {1, 2, 3, 4}, back[4] = {0};
    CHECK(H5Dwrite(dataset, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0, "write anonymous");
    CHECK(H5Dread(dataset, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0 && back[3] == 4,
          "read anonymous");
    H5Dclose(dataset); /* never linked: gone */
    H5Sclose(space);
    H5Gget_info(file, &after);
    CHECK(after.nlinks == before.nlinks + 1, "root has %llu links, not %llu", (unsigned long long)after.nlinks,
          (unsigned long long)before.nlinks + 1);
}

static void vlen_buffer_size(hid_t file)
{
    hid_t type = H5Tvlen_create(H5T_NATIVE_INT);
    hsize_t dims[1] = {2};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t dataset = H5Dcreate2(file, "vlen", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int first[3] = {1, 2, 3}, second[2] = {4, 5};
    hvl_t data[2] = {{3, first}, {2, second}};
    CHECK(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, "write vlen");
    hsize_t size = 0;
    CHECK(H5Dvlen_get_buf_size(dataset, type, space, &size) >= 0, "H5Dvlen_get_buf_size");
    CHECK(size == 5 * sizeof(int), "vlen buffer size %llu, not %zu", (unsigned long long)size, 5 * sizeof(int));
    H5Dclose(dataset);
    H5Sclose(space);
    H5Tclose(type);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s PLUGIN_DIR INFO WORKDIR\n", argv[0]);
        return 2;
    }
    setenv("HDF5_PLUGIN_PATH", argv[1], 1);
    unsetenv("HDF5_VOL_CONNECTOR");
    hid_t vol = H5VLregister_connector_by_name("h5x", H5P_DEFAULT);
    void *info = NULL;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (vol < 0 || H5VLconnector_str_to_info(argv[2], vol, &info) < 0 || H5Pset_vol(fapl, vol, info) < 0) {
        printf("FAIL: cannot load the h5x VOL connector from %s\n", argv[1]);
        return 1;
    }
    H5VLfree_connector_info(vol, info);
    char path[4096];
    snprintf(path, sizeof path, "%s/regressions.h5", argv[3]);
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CHECK(file >= 0, "create %s", path);
    if (file < 0)
        return 1;
    self_links(file);
    decreasing_order(file);
    anonymous_objects(file);
    vlen_buffer_size(file);

    /* left open on purpose: H5close must take the dataset and the file */
    hid_t left_open = H5Dopen2(file, "vlen", H5P_DEFAULT);
    CHECK(left_open >= 0, "reopen the vlen dataset");
    H5Fclose(file);
    H5Pclose(fapl);
    H5VLclose(vol);
    H5close();
    printf("%s: %d failure(s)\n", argv[2], failures);
    return failures == 0 ? 0 : 1;
}
