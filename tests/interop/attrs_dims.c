/*
 * attrs_dims.c — the h5x half of the attributes and dimension-scales
 * interop test.
 *
 *   attrs_dims write-attrs FILE   writes the attributes content with h5x
 *   attrs_dims read-attrs FILE [N] reads it (written by h5py, by this
 *                                 program or copied by `h5x cp`) and checks
 *                                 it; N: the attributes on "many" (10000)
 *   attrs_dims write-dims FILE    the same for dimension scales
 *   attrs_dims read-dims FILE
 *
 * attrs_dims.py is the h5py half: it writes the same content with h5py
 * and checks a file this program wrote.  The attributes, in h5py's words:
 *
 *   f = File(FILE, "w", track_order=True)
 *   f.attrs["zeta"] = np.int64(1); f.attrs["alpha"] = 2.5; f.attrs["mid"] = np.array([1, 2, 3], "i4")
 *   o = f.create_group("ordered", track_order=True)
 *       o.attrs["c"], o.attrs["a"], o.attrs["b"] = int64 0, 1, 2; then o.attrs["c"] = 9.5
 *   p = f.create_group("plain"): p.attrs c, a, b = int64 0, 1, 2
 *   d = f.create_dataset("tracked", data=np.arange(3, dtype="f4"), track_order=True)
 *       d.attrs["second"] = np.int64(2); d.attrs["first"] = np.int64(1)
 *   c = f.create_group("created")
 *       c.attrs.create("reshaped", data=np.arange(6, dtype="i4"), shape=(2, 3), dtype="f8")
 *       c.attrs.create("pairs", data=np.arange(0, 60, 10).reshape(3, 2), dtype=np.dtype("(2,)i4"))
 *       c.attrs["empty"] = h5py.Empty("f4")
 *       c.attrs["flat"] = np.arange(6, dtype="i2"); c.attrs.modify("flat", np.arange(6, 0, -1, dtype="f8"))
 *   m = f.create_group("many", track_order=True): m.attrs["a%05d" % i] = np.int64(3 * i), i < 10000
 *
 * The dimension scales, the seeds' example:
 *
 *   f["data"] = np.ones((4, 3, 2), "f4"); f["data2"] = np.ones((2, 2), "f4")
 *   f["data"].dims[0].label = "z"; f["data"].dims[2].label = "x"
 *   f["x1"] = [1, 2]; f["x2"] = [1, 1.1]; f["y1"] = [0, 1, 2]; f["z1"] = [0, 1, 4, 9]
 *   f["x1"].make_scale(); f["x2"].make_scale("x2 name"); y1, z1 likewise ("y1 name", "z1 name")
 *   data.dims[0].attach_scale(z1); dims[1] y1; dims[2] x1 and x2; dims[2].detach_scale(x2)
 *   data2.dims[0].attach_scale(x1); data2.dims[1].attach_scale(x1); data2.dims[1].attach_scale(x2)
 *
 * Exit status 0 when every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum { MANY = 10000 };

/* ------------------------------------------------------------- writing */

static void set_i64(h5x_object *object, const char *name, int64_t value)
{
    CHECK_OK(h5x_attr_set(object, name, H5X_I64, NULL, &value));
}

static void write_attributes(const char *path)
{
    h5x_file_options file_options = H5X_FILE_OPTIONS_INIT;
    file_options.track_order = 1;
    h5x_object *file = CHECK_PTR(h5x_file_open(path, "w", &file_options));
    if (!file)
        return;
    set_i64(file, "zeta", 1);
    CHECK_OK(h5x_attr_set(file, "alpha", H5X_F64, NULL, &(double){2.5}));
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    CHECK_OK(h5x_attr_set(file, "mid", H5X_I32, &three, (const int32_t[]){1, 2, 3}));

    h5x_group_options tracked = H5X_GROUP_OPTIONS_INIT;
    tracked.track_order = 1;
    h5x_object *ordered = CHECK_PTR(h5x_group_create(file, "ordered", &tracked));
    h5x_object *plain = CHECK_PTR(h5x_group_create(file, "plain", NULL));
    h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
    dataset_options.track_order = 1;
    dataset_options.data = (const float[]){0, 1, 2};
    h5x_object *dataset = CHECK_PTR(h5x_dataset_create(file, "tracked", H5X_F32, &three, &dataset_options));
    h5x_object *created = CHECK_PTR(h5x_group_create(file, "created", NULL));
    h5x_object *many = CHECK_PTR(h5x_group_create(file, "many", &tracked));
    if (ordered && plain) {
        static const char *const names[] = {"c", "a", "b"};
        for (int i = 0; i < 3; i++) {
            set_i64(ordered, names[i], i);
            set_i64(plain, names[i], i);
        }
        CHECK_OK(h5x_attr_set(ordered, "c", H5X_F64, NULL, &(double){9.5}));
    }
    if (dataset) {
        set_i64(dataset, "second", 2);
        set_i64(dataset, "first", 1);
    }
    if (created) {
        h5x_shape six = h5x_shape_of(1, (uint64_t[]){6});
        h5x_shape two_by_three = h5x_shape_of(2, (uint64_t[]){2, 3});
        CHECK_OK(h5x_attr_create(created, "reshaped", H5X_F64, &two_by_three, H5X_I32,
                                 (const int32_t[]){0, 1, 2, 3, 4, 5}, &six));
        h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
        h5x_dtype *pair = h5x_dtype_array(H5X_I32, &two);
        h5x_shape three_by_two = h5x_shape_of(2, (uint64_t[]){3, 2});
        CHECK_OK(h5x_attr_create(created, "pairs", pair, &three_by_two, H5X_I64,
                                 (const int64_t[]){0, 10, 20, 30, 40, 50}, NULL));
        h5x_close(pair);
        h5x_shape empty = h5x_shape_null();
        CHECK_OK(h5x_attr_set(created, "empty", H5X_F32, &empty, NULL));
        CHECK_OK(h5x_attr_set(created, "flat", H5X_I16, &six, (const int16_t[]){0, 1, 2, 3, 4, 5}));
        CHECK_OK(h5x_attr_modify(created, "flat", H5X_F64, &six, (const double[]){6, 5, 4, 3, 2, 1}));
    }
    if (many) {
        char name[16];
        for (int i = 0; i < MANY; i++) {
            snprintf(name, sizeof name, "a%05d", i);
            set_i64(many, name, 3 * (int64_t)i);
        }
    }
    h5x_close(many);
    h5x_close(created);
    h5x_close(dataset);
    h5x_close(plain);
    h5x_close(ordered);
    CHECK_OK(h5x_close(file));
}

static h5x_object *make_dataset(h5x_object *file, const char *name, const h5x_dtype *dtype, int rank,
                                const uint64_t *dims, const void *data)
{
    h5x_shape shape = h5x_shape_of(rank, dims);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = data;
    return CHECK_PTR(h5x_dataset_create(file, name, dtype, &shape, &options));
}

static void write_dimension_scales(const char *path)
{
    h5x_object *file = CHECK_PTR(h5x_file_open(path, "w", NULL));
    if (!file)
        return;
    float ones[24];
    for (int i = 0; i < 24; i++)
        ones[i] = 1;
    h5x_object *data = make_dataset(file, "data", H5X_F32, 3, (uint64_t[]){4, 3, 2}, ones);
    h5x_object *data2 = make_dataset(file, "data2", H5X_F32, 2, (uint64_t[]){2, 2}, ones);
    h5x_object *x1 = make_dataset(file, "x1", H5X_I64, 1, (uint64_t[]){2}, (const int64_t[]){1, 2});
    h5x_object *x2 = make_dataset(file, "x2", H5X_F64, 1, (uint64_t[]){2}, (const double[]){1, 1.1});
    h5x_object *y1 = make_dataset(file, "y1", H5X_I64, 1, (uint64_t[]){3}, (const int64_t[]){0, 1, 2});
    h5x_object *z1 = make_dataset(file, "z1", H5X_I64, 1, (uint64_t[]){4}, (const int64_t[]){0, 1, 4, 9});
    if (data && data2 && x1 && x2 && y1 && z1) {
        CHECK_OK(h5x_dim_set_label(data, 0, "z"));
        CHECK_OK(h5x_dim_set_label(data, 2, "x"));
        CHECK_OK(h5x_dim_make_scale(x1, NULL));
        CHECK_OK(h5x_dim_make_scale(x2, "x2 name"));
        CHECK_OK(h5x_dim_make_scale(y1, "y1 name"));
        CHECK_OK(h5x_dim_make_scale(z1, "z1 name"));
        CHECK_OK(h5x_dim_attach_scale(data, 0, z1));
        CHECK_OK(h5x_dim_attach_scale(data, 1, y1));
        CHECK_OK(h5x_dim_attach_scale(data, 2, x1));
        CHECK_OK(h5x_dim_attach_scale(data, 2, x2));
        CHECK_OK(h5x_dim_detach_scale(data, 2, x2));
        CHECK_OK(h5x_dim_attach_scale(data2, 0, x1));
        CHECK_OK(h5x_dim_attach_scale(data2, 1, x1));
        CHECK_OK(h5x_dim_attach_scale(data2, 1, x2));
    }
    h5x_close(z1);
    h5x_close(y1);
    h5x_close(x2);
    h5x_close(x1);
    h5x_close(data2);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

/* ------------------------------------------------------------- reading */

static void check_order(h5x_object *object, h5x_order order, const char *const *want, size_t n, const char *what)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    if (!CHECK_MSG(h5x_attr_names(object, order, &names, &count) == 0, "%s: %s", what, h5x_last_error()->message))
        return;
    CHECK_MSG(count == n, "%s: %zu attributes, expected %zu", what, count, n);
    for (size_t i = 0; i < count && i < n; i++)
        CHECK_MSG(strcmp(names[i], want[i]) == 0, "%s: attribute %zu is %s, expected %s", what, i, names[i], want[i]);
    h5x_free_names(names, count);
}

static int64_t get_i64(h5x_object *object, const char *name)
{
    int64_t value = -999;
    CHECK_OK(h5x_attr_get(object, name, H5X_I64, &value, sizeof value));
    return value;
}

static void read_attributes(const char *path, int many_count)
{
    h5x_object *file = CHECK_PTR(h5x_file_open(path, "r", NULL));
    if (!file)
        return;
    check_order(file, H5X_ORDER_CREATION, (const char *const[]){"zeta", "alpha", "mid"}, 3, "root");
    CHECK_INT(get_i64(file, "zeta"), 1);
    double alpha = 0;
    CHECK_OK(h5x_attr_get(file, "alpha", NULL, &alpha, sizeof alpha));
    CHECK_DOUBLE(alpha, 2.5);
    int32_t mid[3] = {0};
    CHECK_OK(h5x_attr_get(file, "mid", H5X_I32, mid, sizeof mid));
    CHECK_INTS(((int64_t[]){mid[0], mid[1], mid[2]}), ((const int64_t[]){1, 2, 3}), 3);

    h5x_object *ordered = CHECK_PTR(h5x_open(file, "ordered"));
    if (ordered) {
        check_order(ordered, H5X_ORDER_CREATION, (const char *const[]){"a", "b", "c"}, 3, "ordered");
        double c = 0;
        CHECK_OK(h5x_attr_get(ordered, "c", NULL, &c, sizeof c));
        CHECK_DOUBLE(c, 9.5);
        CHECK_INT(get_i64(ordered, "b"), 2);
    }
    h5x_close(ordered);
    h5x_object *plain = CHECK_PTR(h5x_open(file, "plain"));
    if (plain) {
        check_order(plain, H5X_ORDER_NAME, (const char *const[]){"a", "b", "c"}, 3, "plain");
        char **names = NULL;
        size_t count = 0;
        h5x_clear_error();
        CHECK_MSG(h5x_attr_names(plain, H5X_ORDER_CREATION, &names, &count) < 0,
                  "plain does not track creation order");
        h5x_free_names(names, count);
        CHECK_INT(get_i64(plain, "c"), 0);
    }
    h5x_close(plain);
    h5x_object *dataset = CHECK_PTR(h5x_open(file, "tracked"));
    if (dataset) {
        check_order(dataset, H5X_ORDER_CREATION, (const char *const[]){"second", "first"}, 2, "tracked");
        CHECK_INT(get_i64(dataset, "first"), 1);
    }
    h5x_close(dataset);

    h5x_object *created = CHECK_PTR(h5x_open(file, "created"));
    if (created) {
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        CHECK_OK(h5x_attr_info(created, "reshaped", &shape, &dtype));
        CHECK_SHAPE(&shape, 2, 2, 3);
        CHECK_INT(h5x_dtype_equal(dtype, H5X_F64), 1);
        h5x_close(dtype);
        double reshaped[6] = {0};
        CHECK_OK(h5x_attr_get(created, "reshaped", NULL, reshaped, sizeof reshaped));
        CHECK_DOUBLES(reshaped, ((const double[]){0, 1, 2, 3, 4, 5}), 6);
        dtype = NULL;
        CHECK_OK(h5x_attr_info(created, "pairs", &shape, &dtype));
        CHECK_SHAPE(&shape, 1, 3);
        h5x_shape dims;
        h5x_dtype *base = NULL;
        if (CHECK_OK(h5x_dtype_array_info(dtype, &dims, &base)) >= 0) {
            CHECK_SHAPE(&dims, 1, 2);
            CHECK_INT(h5x_dtype_equal(base, H5X_I32), 1);
            int32_t pairs[6] = {0};
            CHECK_OK(h5x_attr_get(created, "pairs", dtype, pairs, sizeof pairs));
            CHECK_INTS(((int64_t[]){pairs[0], pairs[1], pairs[2], pairs[3], pairs[4], pairs[5]}),
                       ((const int64_t[]){0, 10, 20, 30, 40, 50}), 6);
        }
        h5x_close(base);
        h5x_close(dtype);
        dtype = NULL;
        CHECK_OK(h5x_attr_info(created, "empty", &shape, &dtype));
        CHECK_SHAPE(&shape, -1);
        CHECK_INT(h5x_dtype_equal(dtype, H5X_F32), 1);
        h5x_close(dtype);
        dtype = NULL;
        CHECK_OK(h5x_attr_info(created, "flat", &shape, &dtype));
        CHECK_SHAPE(&shape, 1, 6);
        CHECK_INT(h5x_dtype_equal(dtype, H5X_I16), 1);
        h5x_close(dtype);
        int16_t flat[6] = {0};
        CHECK_OK(h5x_attr_get(created, "flat", NULL, flat, sizeof flat));
        CHECK_INTS(((int64_t[]){flat[0], flat[1], flat[2], flat[3], flat[4], flat[5]}),
                   ((const int64_t[]){6, 5, 4, 3, 2, 1}), 6);
    }
    h5x_close(created);

    h5x_object *many = CHECK_PTR(h5x_open(file, "many"));
    if (many) {
        CHECK_INT(h5x_attr_count(many), many_count);
        char **names = NULL;
        size_t count = 0;
        CHECK_OK(h5x_attr_names(many, H5X_ORDER_CREATION, &names, &count));
        size_t wrong = 0;
        for (size_t i = 0; i < count; i++) {
            char want[32];
            snprintf(want, sizeof want, "a%05zu", i);
            wrong += strcmp(names[i], want) != 0;
        }
        CHECK_UINT(count, many_count);
        CHECK_UINT(wrong, 0);
        h5x_free_names(names, count);
        CHECK_INT(get_i64(many, "a00000"), 0);
        char last[32];
        snprintf(last, sizeof last, "a%05d", many_count - 1);
        CHECK_INT(get_i64(many, last), 3 * (int64_t)(many_count - 1));
    }
    h5x_close(many);
    CHECK_OK(h5x_close(file));
}

static void check_scale_names(h5x_object *dataset, int axis, const char *const *want, size_t n, const char *what)
{
    char **names = NULL;
    size_t count = 0;
    h5x_clear_error();
    if (!CHECK_MSG(h5x_dim_scale_names(dataset, axis, &names, &count) == 0, "%s: %s", what,
                   h5x_last_error()->message))
        return;
    CHECK_MSG(count == n, "%s: %zu scales, expected %zu", what, count, n);
    for (size_t i = 0; i < count && i < n; i++)
        CHECK_MSG(strcmp(names[i], want[i]) == 0, "%s: scale %zu is named '%s', expected '%s'", what, i, names[i],
                  want[i]);
    h5x_free_names(names, count);
}

static void check_scale_path(h5x_object *dataset, int axis, int index, const char *path)
{
    h5x_object *scale = CHECK_PTR(h5x_dim_scale(dataset, axis, index));
    char *name = scale ? h5x_object_name(scale) : NULL;
    CHECK_MSG(name && strcmp(name, path) == 0, "scale %d of axis %d is %s, expected %s", index, axis,
              name ? name : "(none)", path);
    h5x_free(name);
    h5x_close(scale);
}

static void read_dimension_scales(const char *path)
{
    h5x_object *file = CHECK_PTR(h5x_file_open(path, "r", NULL));
    if (!file)
        return;
    h5x_object *data = CHECK_PTR(h5x_open(file, "data"));
    h5x_object *data2 = CHECK_PTR(h5x_open(file, "data2"));
    h5x_object *x1 = CHECK_PTR(h5x_open(file, "x1"));
    h5x_object *x2 = CHECK_PTR(h5x_open(file, "x2"));
    if (data && data2 && x1 && x2) {
        static const char *const labels[] = {"z", "", "x"};
        for (int axis = 0; axis < 3; axis++) {
            char *label = CHECK_PTR(h5x_dim_label(data, axis));
            CHECK_MSG(label && strcmp(label, labels[axis]) == 0, "label of axis %d is '%s', expected '%s'", axis,
                      label ? label : "(none)", labels[axis]);
            h5x_free(label);
        }
        CHECK_INT(h5x_dim_is_scale(x1), 1);
        CHECK_INT(h5x_dim_is_scale(data), 0);
        char *name = CHECK_PTR(h5x_dim_scale_name(x1));
        CHECK_STR(name, "");
        h5x_free(name);
        name = CHECK_PTR(h5x_dim_scale_name(x2));
        CHECK_STR(name, "x2 name");
        h5x_free(name);
        check_scale_names(data, 0, (const char *const[]){"z1 name"}, 1, "data axis 0");
        check_scale_names(data, 1, (const char *const[]){"y1 name"}, 1, "data axis 1");
        check_scale_names(data, 2, (const char *const[]){""}, 1, "data axis 2");
        check_scale_names(data2, 0, (const char *const[]){""}, 1, "data2 axis 0");
        check_scale_names(data2, 1, (const char *const[]){"", "x2 name"}, 2, "data2 axis 1");
        check_scale_path(data, 0, 0, "/z1");
        check_scale_path(data, 1, 0, "/y1");
        check_scale_path(data, 2, 0, "/x1");
        check_scale_path(data2, 1, 1, "/x2");
        h5x_object *by_name = CHECK_PTR(h5x_dim_scale_by_name(data2, 1, "x2 name"));
        CHECK_INT(by_name ? h5x_object_equal(by_name, x2) : 0, 1);
        double values[2] = {0};
        if (by_name)
            CHECK_OK(h5x_dataset_read(by_name, NULL, H5X_F64, values, sizeof values));
        CHECK_DOUBLES(values, ((const double[]){1, 1.1}), 2);
        h5x_close(by_name);
    }
    h5x_close(x2);
    h5x_close(x1);
    h5x_close(data2);
    h5x_close(data);
    CHECK_OK(h5x_close(file));
}

int main(int argc, char **argv)
{
    if (argc != 3 && !(argc == 4 && strcmp(argv[1], "read-attrs") == 0)) {
        fprintf(stderr, "usage: attrs_dims write-attrs|read-attrs|write-dims|read-dims FILE [N]\n");
        return 2;
    }
    harness_section(argv[1]);
    if (strcmp(argv[1], "write-attrs") == 0)
        write_attributes(argv[2]);
    else if (strcmp(argv[1], "read-attrs") == 0)
        read_attributes(argv[2], argc == 4 ? atoi(argv[3]) : MANY);
    else if (strcmp(argv[1], "write-dims") == 0)
        write_dimension_scales(argv[2]);
    else if (strcmp(argv[1], "read-dims") == 0)
        read_dimension_scales(argv[2]);
    else {
        fprintf(stderr, "attrs_dims: unknown mode %s\n", argv[1]);
        return 2;
    }
    return harness_finish();
}
