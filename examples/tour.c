/*
 * tour.c — the h5py walkthrough, re-enacted in C with h5x.
 *
 * The h5py material this project takes as its specification walks through
 * files and their modes, groups, datasets, slicing, resizing, empty
 * datasets and attributes, one notebook cell at a time.  This program does
 * the same steps in the same order through h5x.h.  Each step prints the
 * Python line it stands for (">>> ...") and then what that line prints in
 * h5py — reprs such as <HDF5 dataset "ints": shape (100,), type "<i8"> and
 * arrays as NumPy prints them — so the two can be read side by side.
 *
 * It writes tour.h5 (and a few small files for the modes and libver steps)
 * in the current directory; `h5x tree tour.h5` then shows what it made.
 * Expected errors (a missing object, a write in read-only mode) are printed
 * and the tour goes on; an unexpected one stops it with exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "h5x.h"
#include "tour_format.h"

#define TOUR_FILE "tour.h5"

/* ------------------------------------------------------------ helpers */

static void heading(const char *title)
{
    printf("\n## %s\n\n", title);
}

static void python(const char *line)
{
    printf(">>> %s\n", line);
}

/* A continuation line of a Python block. */
static void python_more(const char *line)
{
    printf("... %s\n", line);
}

/* An unexpected failure: say what failed and stop. */
static void die(const char *what)
{
    printf("tour: %s failed: ", what);
    tour_print_error();
    exit(1);
}

/* Checks a status or a pointer from a call that must succeed. */
#define MUST(call)                                                                                           \
    do {                                                                                                     \
        if ((call) < 0)                                                                                      \
            die(#call);                                                                                      \
    } while (0)
static void *must_ptr(void *pointer, const char *what)
{
    if (!pointer)
        die(what);
    return pointer;
}
#define MUST_PTR(call) must_ptr((void *)(call), #call)

/* A call that is expected to fail: prints the error, stops if it worked. */
static void expect_failure(int failed, const char *what)
{
    if (!failed) {
        printf("tour: %s should have failed\n", what);
        exit(1);
    }
    tour_print_error();
}
#define EXPECT_NULL(call)                                                                                    \
    do {                                                                                                     \
        void *result_ = (void *)(call);                                                                      \
        h5x_close(result_);                                                                                  \
        expect_failure(result_ == NULL, #call);                                                              \
    } while (0)
#define EXPECT_ERROR(call) expect_failure((call) < 0, #call)

static void print_repr(h5x_object *object)
{
    char repr[512];
    tour_repr(object, repr, sizeof repr);
    printf("%s\n", repr);
}

static void print_name(h5x_object *object)
{
    char *name = MUST_PTR(h5x_object_name(object));
    printf("%s\n", name);
    h5x_free(name);
}

static void print_keys(h5x_object *group)
{
    char **names = NULL;
    size_t count = 0;
    MUST(h5x_group_names(group, H5X_ORDER_NAME, &names, &count));
    tour_print_names(names, count);
    h5x_free_names(names, count);
}

static void print_selection(h5x_object *dataset, const char *selection)
{
    if (tour_print_selection(dataset, selection) != 0)
        die(selection ? selection : "reading a dataset");
}

/* ------------------------------------------------------------ steps */

static void reading_in_a_file(void)
{
    heading("Reading in a file: the valid modes");
    unlink("modes.h5");
    unlink("modes-x.h5");

    python("f = h5py.File('modes.h5', 'w')      # create, or truncate");
    h5x_object *f = MUST_PTR(h5x_file_open("modes.h5", "w", NULL));
    print_repr(f);
    MUST(h5x_close(f));

    python("h5py.File('modes.h5', 'w-')         # create, fail if it exists");
    EXPECT_NULL(h5x_file_open("modes.h5", "w-", NULL));
    python("h5py.File('modes-x.h5', 'x')        # the same as w-");
    f = MUST_PTR(h5x_file_open("modes-x.h5", "x", NULL));
    print_repr(f);
    MUST(h5x_close(f));

    python("h5py.File('missing.h5', 'r')        # read only, must exist");
    EXPECT_NULL(h5x_file_open("missing.h5", "r", NULL));

    python("f = h5py.File('modes.h5', 'r'); f.create_group('g')");
    f = MUST_PTR(h5x_file_open("modes.h5", NULL, NULL)); /* NULL mode is "r" */
    print_repr(f);
    EXPECT_NULL(h5x_group_create(f, "g", NULL));
    MUST(h5x_close(f));

    python("f = h5py.File('modes.h5', 'r+'); f.create_group('g')");
    f = MUST_PTR(h5x_file_open("modes.h5", "r+", NULL));
    h5x_close(MUST_PTR(h5x_group_create(f, "g", NULL)));
    print_repr(f);
    MUST(h5x_close(f));

    python("f = h5py.File('modes.h5', 'a'); list(f.keys())   # read/write, create if missing");
    f = MUST_PTR(h5x_file_open("modes.h5", "a", NULL));
    print_keys(f);
    MUST(h5x_close(f));

    heading("Drivers: connectors, chosen at run time");
    printf("h5py chooses a low-level driver; h5x chooses a connector, by a URI prefix\n"
           "(\"native:file.h5\", \"core:scratch.h5\"), by options.connector, or by H5X_CONNECTOR.\n"
           "Connectors available here:\n");
    int connectors = h5x_connector_count();
    int have_core = 0;
    for (int i = 0; i < connectors; i++) {
        h5x_plugin_info info;
        if (h5x_connector_info(i, &info) == 0) {
            printf("  %-8s %s\n", info.name, info.description ? info.description : "");
            have_core |= strcmp(info.name, "core") == 0;
        }
    }
    python("f = h5py.File('modes.h5', 'r', driver=None)   # the platform's standard driver");
    f = MUST_PTR(h5x_file_open("native:modes.h5", "r", NULL));
    char *connector = MUST_PTR(h5x_file_connector(f));
    printf("%s  (connector %s)\n", "<HDF5 file \"modes.h5\" (mode r)>", connector);
    h5x_free(connector);
    MUST(h5x_close(f));
    if (have_core) {
        python("f = h5py.File('scratch.h5', 'w', driver='core', backing_store=False)");
        f = MUST_PTR(h5x_file_open("core:scratch.h5", "w", NULL));
        connector = MUST_PTR(h5x_file_connector(f));
        printf("%s  (connector %s, in memory)\n", "<HDF5 file \"scratch.h5\" (mode r+)>", connector);
        h5x_free(connector);
        MUST(h5x_close(f));
    }

    heading("Version: libver bounds");
    struct {
        const char *file, *python;
        h5x_libver low, high;
    } versions[] = {
        {"newfile1.h5", "h5py.File('newfile1.h5', 'w', libver='earliest')   # most compatible",
         H5X_LIBVER_EARLIEST, H5X_LIBVER_LATEST},
        {"newfile2.h5", "h5py.File('newfile2.h5', 'w', libver='latest')     # most modern", H5X_LIBVER_LATEST,
         H5X_LIBVER_LATEST},
        {"newfile3.h5", "h5py.File('newfile3.h5', 'w', libver=('earliest', 'v108'))", H5X_LIBVER_EARLIEST,
         H5X_LIBVER_V18},
    };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        python(versions[i].python);
        h5x_file_options options = H5X_FILE_OPTIONS_INIT;
        options.libver_low = versions[i].low;
        options.libver_high = versions[i].high;
        f = MUST_PTR(h5x_file_open(versions[i].file, "w", &options));
        print_repr(f);
        MUST(h5x_close(f));
    }

    heading("Filenames");
    python("f = h5py.File('modes.h5', 'r'); f.filename");
    f = MUST_PTR(h5x_file_open("modes.h5", "r", NULL));
    char *name = MUST_PTR(h5x_file_name(f));
    printf("'%s'\n", name);
    h5x_free(name);
    MUST(h5x_close(f));
}

static void closing_files(void)
{
    heading("Closing files: objects keep their file alive");
    h5x_object *f = MUST_PTR(h5x_file_open("modes.h5", "r+", NULL));
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){5});
    const int64_t values[5] = {10, 11, 12, 13, 14};
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_close(MUST_PTR(h5x_dataset_create(f, "HDFEOS", H5X_I64, &shape, &options)));
    MUST(h5x_close(f));

    python("def get_dataset():");
    python_more("    f2 = h5py.File('modes.h5', 'r')");
    python_more("    return f2['HDFEOS']");
    python("ds = get_dataset()");
    f = MUST_PTR(h5x_file_open("modes.h5", "r", NULL));
    h5x_object *ds = MUST_PTR(h5x_open(f, "HDFEOS"));
    MUST(h5x_close(f));
    python("ds[0]        # OK - f2 is out of scope, but the dataset keeps it open");
    print_selection(ds, "0");
    python("del ds       # now the file is closed");
    MUST(h5x_close(ds));
    python("ds[0]        # a closed handle is refused, not a crash");
    EXPECT_ERROR(h5x_dataset_read_text(ds, "0", H5X_I64, (int64_t[1]){0}, sizeof(int64_t)));
}

static h5x_object *groups(void)
{
    heading("Groups: creating groups");
    python("f = h5py.File('tour.h5', 'w')");
    h5x_object *f = MUST_PTR(h5x_file_open(TOUR_FILE, "w", NULL));
    python("print(f.name)");
    print_name(f);
    python("print(list(f.keys()))");
    print_keys(f);
    python("grp = f.create_group('bar'); print(grp.name)");
    h5x_object *grp = MUST_PTR(h5x_group_create(f, "bar", NULL));
    print_name(grp);
    python("subgrp = grp.create_group('baz'); print(subgrp.name)");
    h5x_object *subgrp = MUST_PTR(h5x_group_create(grp, "baz", NULL));
    print_name(subgrp);
    python("grp2 = f.create_group('/some/long/path'); print(grp2.name)");
    h5x_object *grp2 = MUST_PTR(h5x_group_create(f, "/some/long/path", NULL));
    print_name(grp2);
    python("grp3 = f['/some/long']; print(grp3.name)");
    h5x_object *grp3 = MUST_PTR(h5x_open(f, "/some/long"));
    print_name(grp3);
    python("print(list(f.keys()))");
    print_keys(f);

    heading("Groups: dictionary similarities");
    python("print(grp3)");
    print_repr(grp3);
    python("print(list(f.values()))");
    char **names = NULL;
    size_t count = 0;
    MUST(h5x_group_names(f, H5X_ORDER_NAME, &names, &count));
    printf("[");
    for (size_t i = 0; i < count; i++) {
        h5x_object *child = MUST_PTR(h5x_open(f, names[i]));
        char repr[512];
        tour_repr(child, repr, sizeof repr);
        printf("%s%s", i ? ", " : "", repr);
        h5x_close(child);
    }
    printf("]\n");
    h5x_free_names(names, count);
    python("'bar' in f, 'bar/baz' in f, 'missing' in f");
    printf("(%s, %s, %s)\n", h5x_contains(f, "bar") == 1 ? "True" : "False",
           h5x_contains(f, "bar/baz") == 1 ? "True" : "False", h5x_contains(f, "missing") == 1 ? "True" : "False");
    python("len(grp3)");
    printf("%lld\n", (long long)h5x_group_length(grp3));
    python("missing = grp3['missing']     # raises an error");
    EXPECT_NULL(h5x_open(grp3, "missing"));
    python("f.require_group('bar')         # opens what is there");
    h5x_object *again = MUST_PTR(h5x_group_require(f, "bar"));
    print_repr(again);
    h5x_close(again);
    python("f.create_group('scratch'); del f['scratch']; list(f.keys())");
    h5x_close(MUST_PTR(h5x_group_create(f, "scratch", NULL)));
    MUST(h5x_delete(f, "scratch"));
    print_keys(f);
    h5x_close(grp3);
    h5x_close(grp2);
    h5x_close(subgrp);
    h5x_close(grp);
    return f;
}

static void creating_datasets(h5x_object *f)
{
    heading("Datasets: creating datasets");
    python("dset = f.create_dataset('default', (100,)); print(dset)");
    h5x_shape hundred = h5x_shape_of(1, (uint64_t[]){100});
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "default", NULL, &hundred, NULL));
    print_repr(dset);
    h5x_close(dset);
    python("dset = f.create_dataset('ints', (100,), dtype='i8'); print(dset)");
    h5x_dtype *i8 = MUST_PTR(h5x_dtype_parse("i8"));
    dset = MUST_PTR(h5x_dataset_create(f, "ints", i8, &hundred, NULL));
    print_repr(dset);
    h5x_close(dset);

    python("arr = np.arange(100)");
    python("dset = f.create_dataset('init', data=arr); print(dset); print(arr)");
    int64_t arange[100];
    for (int i = 0; i < 100; i++)
        arange[i] = i;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = arange;
    dset = MUST_PTR(h5x_dataset_create(f, "init", i8, &hundred, &options));
    print_repr(dset);
    print_selection(dset, NULL);
    h5x_close(dset);
    h5x_close(i8);
}

static void reading_and_writing(h5x_object *f)
{
    heading("Datasets: reading and writing");
    python("dset = f.create_dataset('MyDataset', (10, 10, 10), 'f')");
    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){10, 10, 10});
    h5x_dtype *f4 = MUST_PTR(h5x_dtype_parse("f"));
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "MyDataset", f4, &cube, NULL));
    h5x_close(f4);
    static const char *const forms[] = {"0, 0, 0", "0, 2:10, 1:9:3", ":, ::2, 5", "0",
                                        "1, 5",    "0, ...",         "..., 6",    "()"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char line[64];
        snprintf(line, sizeof line, "print(dset[%s])", forms[i]);
        python(line);
        print_selection(dset, forms[i]);
        printf("\n");
    }

    printf("Indices, slices, at most one Ellipsis and () are recognised; so are\n"
           "negative indices and an increasing list of indices on one axis:\n");
    python("dset[-1, -1, [1, 3, 7]] = [1.5, 2.5, 3.5]; print(dset[-1, -2:, [1, 3, 7]])");
    const double three[3] = {1.5, 2.5, 3.5};
    MUST(h5x_dataset_write_text(dset, "-1, -1, [1, 3, 7]", H5X_F64, three, NULL));
    print_selection(dset, "-1, -2:, [1, 3, 7]");
    python("dset[10]     # out of range");
    EXPECT_ERROR(h5x_dataset_read_text(dset, "10", H5X_F64, (double[100]){0}, 100 * sizeof(double)));
    python("dset[::-1]   # h5py has no negative steps");
    EXPECT_ERROR(h5x_dataset_read_text(dset, "::-1", H5X_F64, (double[1000]){0}, 1000 * sizeof(double)));
    python("dset[-1, -1] = 0");
    const double zero = 0.0;
    MUST(h5x_dataset_write_text(dset, "-1, -1", H5X_F64, &zero, &(h5x_shape){0}));

    printf("\nFor simple slicing, broadcasting is supported:\n");
    python("dset[0, :, :] = np.arange(10)");
    python("print(dset[()])               # broadcasts to (10, 10)");
    const int64_t arange[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    h5x_shape ten = h5x_shape_of(1, (uint64_t[]){10});
    MUST(h5x_dataset_write_text(dset, "0, :, :", H5X_I64, arange, &ten));
    print_selection(dset, "()");
    h5x_close(dset);
}

static void multiple_indexing(h5x_object *f)
{
    heading("Datasets: multiple indexing");
    python("dset = f.create_dataset('test', (2, 2))");
    h5x_shape two_by_two = h5x_shape_of(2, (uint64_t[]){2, 2});
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "test", NULL, &two_by_two, NULL));
    python("dset[0][1] = 3.0      # no effect!");
    python("print(dset[0][1])");
    float row[2];
    MUST(h5x_dataset_read_text(dset, "0", H5X_F32, row, sizeof row));
    row[1] = 3.0f; /* only the copy in memory changes */
    print_selection(dset, "0, 1");
    python("new_array = dset[0]; new_array[1] = 3.0; print(new_array[1])");
    printf("%.1f\n", row[1]);
    python("print(dset[0][1])");
    print_selection(dset, "0, 1");
    python("dset[0, 1] = 3.0      # one indexing step writes to the file");
    const float value = 3.0f;
    MUST(h5x_dataset_write_text(dset, "0, 1", H5X_F32, &value, NULL));
    python("print(dset[0, 1])");
    print_selection(dset, "0, 1");

    heading("Datasets: length and iteration");
    python("len(dset)");
    uint64_t length = 0;
    MUST(h5x_dataset_len(dset, &length));
    printf("%llu\n", (unsigned long long)length);
    python("for row in dset: print(row)");
    for (uint64_t i = 0; i < length; i++) {
        h5x_selection *sel = MUST_PTR(h5x_selection_new());
        MUST(h5x_selection_add_index(sel, (int64_t)i));
        char *text = MUST_PTR(h5x_selection_to_string(sel));
        print_selection(dset, text);
        h5x_free(text);
        h5x_close(sel);
    }
    h5x_close(dset);
}

static void resizable_datasets(h5x_object *f)
{
    heading("Datasets: resizable datasets");
    python("dset = f.create_dataset('resizable', (10, 10), maxshape=(500, 20))");
    h5x_shape shape = h5x_shape_of(2, (uint64_t[]){10, 10});
    h5x_shape limited = h5x_shape_of(2, (uint64_t[]){500, 20});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.maxshape = &limited;
    h5x_object *resizable = MUST_PTR(h5x_dataset_create(f, "resizable", NULL, &shape, &options));
    python("dset = f.create_dataset('unlimited', (10, 10), maxshape=(None, 10))");
    h5x_shape unlimited = h5x_shape_of(2, (uint64_t[]){H5X_UNLIMITED, 10});
    options.maxshape = &unlimited;
    h5x_object *endless = MUST_PTR(h5x_dataset_create(f, "unlimited", NULL, &shape, &options));

    char text[128];
    h5x_shape got;
    python("f['resizable'].maxshape, f['resizable'].chunks");
    MUST(h5x_dataset_maxshape(resizable, &got));
    tour_shape_text(&got, text, sizeof text);
    printf("(%s, ", text);
    MUST(h5x_dataset_chunks(resizable, &got));
    tour_shape_text(&got, text, sizeof text);
    printf("%s)\n", got.rank ? text : "None");
    python("f['unlimited'].maxshape");
    MUST(h5x_dataset_maxshape(endless, &got));
    printf("(None, %llu)\n", (unsigned long long)got.dims[1]);

    python("f['resizable'].resize((20, 20)); f['resizable'].shape");
    h5x_shape bigger = h5x_shape_of(2, (uint64_t[]){20, 20});
    MUST(h5x_dataset_resize(resizable, &bigger));
    MUST(h5x_dataset_shape(resizable, &got));
    tour_shape_text(&got, text, sizeof text);
    printf("%s\n", text);
    python("f['resizable'].resize((600, 20))     # beyond maxshape");
    h5x_shape too_big = h5x_shape_of(2, (uint64_t[]){600, 20});
    EXPECT_ERROR(h5x_dataset_resize(resizable, &too_big));
    python("f['unlimited'].resize((1000, 10)); f['unlimited'][999] = np.arange(10); f['unlimited'][998:]");
    h5x_shape long_shape = h5x_shape_of(2, (uint64_t[]){1000, 10});
    MUST(h5x_dataset_resize(endless, &long_shape));
    const int64_t arange[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    MUST(h5x_dataset_write_text(endless, "999", H5X_I64, arange, NULL));
    print_selection(endless, "998:");
    h5x_close(endless);
    h5x_close(resizable);
}

static void empty_datasets(h5x_object *f)
{
    heading("Datasets: empty or null datasets");
    python("EmptyDset1 = f.create_dataset('EmptyDataset1', dtype='f'); print(EmptyDset1)");
    h5x_shape null_shape = h5x_shape_null();
    h5x_object *empty = MUST_PTR(h5x_dataset_create(f, "EmptyDataset1", H5X_F32, &null_shape, NULL));
    print_repr(empty);
    python("EmptyDset1[0]     # empty datasets cannot be sliced");
    EXPECT_ERROR(h5x_dataset_read_text(empty, "0", H5X_F32, (float[1]){0}, sizeof(float)));
    h5x_close(empty);
}

static int print_attribute(const char *name, void *user_data)
{
    h5x_object *object = user_data;
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    if (h5x_attr_info(object, name, &shape, &dtype) < 0)
        return -1;
    char *type = h5x_dtype_to_string(dtype);
    printf("%s ", name);
    if (shape.rank < 0) {
        printf("Empty(dtype='%s')\n", type ? type : "?");
    } else {
        uint64_t count = h5x_shape_size(&shape);
        double *values = malloc((count ? count : 1) * sizeof *values);
        if (values && h5x_attr_get(object, name, H5X_F64, values, count * sizeof *values) >= 0)
            tour_print_array(values, &shape, h5x_dtype_get_class(dtype) == H5X_CLASS_FLOAT);
        else
            printf("(unreadable)\n");
        free(values);
    }
    h5x_free(type);
    h5x_close(dtype);
    return 0;
}

static void attributes(h5x_object *f)
{
    heading("Attributes");
    h5x_object *dset = MUST_PTR(h5x_open(f, "MyDataset"));
    python("dset = f['MyDataset']");
    python("dset.attrs['temperature'] = 21.5");
    const double temperature = 21.5;
    MUST(h5x_attr_set(dset, "temperature", H5X_F64, NULL, &temperature));
    python("dset.attrs['counts'] = np.arange(3, dtype='i2')");
    const int16_t counts[3] = {0, 1, 2};
    h5x_shape three = h5x_shape_of(1, (uint64_t[]){3});
    MUST(h5x_attr_set(dset, "counts", H5X_I16, &three, counts));
    python("dset.attrs.create('grid', data=np.arange(6), shape=(2, 3), dtype='u1')");
    const int64_t grid[6] = {0, 1, 2, 3, 4, 5};
    h5x_shape six = h5x_shape_of(1, (uint64_t[]){6});
    h5x_shape two_by_three = h5x_shape_of(2, (uint64_t[]){2, 3});
    MUST(h5x_attr_create(dset, "grid", H5X_U8, &two_by_three, H5X_I64, grid, &six));
    python("dset.attrs['nothing'] = h5py.Empty('f')");
    h5x_shape null_shape = h5x_shape_null();
    MUST(h5x_attr_set(dset, "nothing", H5X_F32, &null_shape, NULL));

    python("list(dset.attrs.keys())");
    char **names = NULL;
    size_t count = 0;
    MUST(h5x_attr_names(dset, H5X_ORDER_NAME, &names, &count));
    tour_print_names(names, count);
    h5x_free_names(names, count);
    python("'temperature' in dset.attrs, 'pressure' in dset.attrs");
    printf("(%s, %s)\n", h5x_attr_contains(dset, "temperature") == 1 ? "True" : "False",
           h5x_attr_contains(dset, "pressure") == 1 ? "True" : "False");
    python("dset.attrs['temperature']");
    double value = 0;
    MUST(h5x_attr_get(dset, "temperature", H5X_F64, &value, sizeof value));
    tour_print_array(&value, &(h5x_shape){0}, 1);
    python("dset.attrs.get('pressure', 1013.25)");
    const double standard_pressure = 1013.25;
    MUST(h5x_attr_get_or(dset, "pressure", H5X_F64, &value, sizeof value, &standard_pressure));
    tour_print_array(&value, &(h5x_shape){0}, 1);
    python("for name, value in dset.attrs.items(): print(name, value)");
    MUST(h5x_attr_iterate(dset, H5X_ORDER_NAME, print_attribute, dset));

    python("dset.attrs.modify('counts', [7.0, 8.0, 9.0])   # keeps int16 and (3,)");
    const double new_counts[3] = {7.0, 8.0, 9.0};
    MUST(h5x_attr_modify(dset, "counts", H5X_F64, &three, new_counts));
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    MUST(h5x_attr_info(dset, "counts", &shape, &dtype));
    char *type = MUST_PTR(h5x_dtype_to_string(dtype));
    char shape_text[64];
    tour_shape_text(&shape, shape_text, sizeof shape_text);
    printf("counts: dtype %s, shape %s\n", type, shape_text);
    h5x_free(type);
    h5x_close(dtype);
    print_attribute("counts", dset);

    python("del dset.attrs['grid']; len(dset.attrs)");
    MUST(h5x_attr_delete(dset, "grid"));
    printf("%lld\n", (long long)h5x_attr_count(dset));
    python("del dset.attrs['grid']     # KeyError");
    EXPECT_ERROR(h5x_attr_delete(dset, "grid"));
    h5x_close(dset);

    python("g = f.create_group('ordered_attrs', track_order=True)");
    h5x_group_options ordered = H5X_GROUP_OPTIONS_INIT;
    ordered.track_order = 1;
    h5x_object *g = MUST_PTR(h5x_group_create(f, "ordered_attrs", &ordered));
    python("g.attrs['zulu'] = 1; g.attrs['alpha'] = 2; g.attrs['mike'] = 3");
    static const char *const order[] = {"zulu", "alpha", "mike"};
    for (int i = 0; i < 3; i++) {
        const int64_t n = i + 1;
        MUST(h5x_attr_set(g, order[i], H5X_I64, NULL, &n));
    }
    python("list(g.attrs)                 # creation order");
    MUST(h5x_attr_names(g, H5X_ORDER_CREATION, &names, &count));
    tour_print_names(names, count);
    h5x_free_names(names, count);
    h5x_close(g);
}

static void print_scale_names(h5x_object *dataset, int axis)
{
    char **names = NULL;
    size_t count = 0;
    MUST(h5x_dim_scale_names(dataset, axis, &names, &count));
    tour_print_names(names, count);
    h5x_free_names(names, count);
}

static h5x_object *scale_dataset(h5x_object *f, const char *name, const h5x_dtype *dtype, uint64_t length,
                                 const void *values)
{
    h5x_shape shape = h5x_shape_of(1, &length);
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    return MUST_PTR(h5x_dataset_create(f, name, dtype, &shape, &options));
}

static void dimension_scales(void)
{
    heading("Dimension scales");
    python("f = h5py.File('example123.h5', 'w')");
    h5x_object *f = MUST_PTR(h5x_file_open("example123.h5", "w", NULL));
    python("f['data'] = np.ones((4, 3, 2), 'f')");
    float ones[24];
    for (int i = 0; i < 24; i++)
        ones[i] = 1.0f;
    h5x_shape shape = h5x_shape_of(3, (uint64_t[]){4, 3, 2});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = ones;
    h5x_object *data = MUST_PTR(h5x_dataset_create(f, "data", H5X_F32, &shape, &options));
    python("f['data'].dims[0].label = 'z'");
    MUST(h5x_dim_set_label(data, 0, "z"));
    python("f['data'].dims[2].label = 'x'");
    MUST(h5x_dim_set_label(data, 2, "x"));

    python("f['x1'] = [1, 2]; f['x2'] = [1, 1.1]; f['y1'] = [0, 1, 2]; f['z1'] = [0, 1, 4, 9]");
    h5x_object *x1 = scale_dataset(f, "x1", H5X_I64, 2, (const int64_t[]){1, 2});
    h5x_object *x2 = scale_dataset(f, "x2", H5X_F64, 2, (const double[]){1, 1.1});
    h5x_object *y1 = scale_dataset(f, "y1", H5X_I64, 3, (const int64_t[]){0, 1, 2});
    h5x_object *z1 = scale_dataset(f, "z1", H5X_I64, 4, (const int64_t[]){0, 1, 4, 9});
    python("f['x1'].make_scale()");
    MUST(h5x_dim_make_scale(x1, NULL));
    python("f['x2'].make_scale('x2 name')");
    MUST(h5x_dim_make_scale(x2, "x2 name"));
    python("f['y1'].make_scale('y1 name')");
    MUST(h5x_dim_make_scale(y1, "y1 name"));
    python("f['z1'].make_scale('z1 name')");
    MUST(h5x_dim_make_scale(z1, "z1 name"));

    python("f['data'].dims[0].attach_scale(f['z1'])");
    MUST(h5x_dim_attach_scale(data, 0, z1));
    python("f['data'].dims[1].attach_scale(f['y1'])");
    MUST(h5x_dim_attach_scale(data, 1, y1));
    python("f['data'].dims[2].attach_scale(f['x1'])");
    MUST(h5x_dim_attach_scale(data, 2, x1));
    python("f['data'].dims[2].attach_scale(f['x2'])");
    MUST(h5x_dim_attach_scale(data, 2, x2));
    python("f['data'].dims[2].keys()      # two scales on the last axis");
    print_scale_names(data, 2);
    python("f['data'].dims[2].detach_scale(f['x2'])");
    MUST(h5x_dim_detach_scale(data, 2, x2));

    python("print([dim.label for dim in f['data'].dims])");
    printf("[");
    for (int axis = 0; axis < 3; axis++) {
        char *label = MUST_PTR(h5x_dim_label(data, axis));
        printf("%s'%s'", axis ? ", " : "", label);
        h5x_free(label);
    }
    printf("]\n");
    python("print(f['data'].dims[2].keys())");
    print_scale_names(data, 2);
    python("f['data'].dims[2][0]");
    h5x_object *scale = MUST_PTR(h5x_dim_scale(data, 2, 0));
    print_repr(scale);
    h5x_close(scale);
    python("f['data'].dims[0]['z1 name'] == f['z1']");
    scale = MUST_PTR(h5x_dim_scale_by_name(data, 0, "z1 name"));
    printf("%s\n", h5x_object_equal(scale, z1) == 1 ? "True" : "False");
    h5x_close(scale);
    python("f['data'].make_scale()        # nested scales are not permitted");
    EXPECT_ERROR(h5x_dim_make_scale(data, NULL));

    h5x_close(z1);
    h5x_close(y1);
    h5x_close(x2);
    h5x_close(x1);
    h5x_close(data);
    MUST(h5x_close(f));
}

/* Python's repr of a bytes object: b'Hello\x00'. */
static void print_bytes(const unsigned char *bytes, size_t length)
{
    printf("b'");
    for (size_t i = 0; i < length; i++) {
        if (bytes[i] == '\'' || bytes[i] == '\\')
            printf("\\%c", bytes[i]);
        else if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
            putchar(bytes[i]);
        else
            printf("\\x%02x", bytes[i]);
    }
    printf("'");
}

static void strings(h5x_object *f)
{
    heading("Strings");
    python("dset = f['test']");
    h5x_object *dset = MUST_PTR(h5x_open(f, "test"));
    python("binary_blob = b'Hello\\x00Hello\\x00'; dset.attrs['attribute_name'] = np.void(binary_blob)");
    const unsigned char blob[12] = "Hello\0Hello";
    h5x_dtype *void12 = MUST_PTR(h5x_dtype_parse("V12"));
    MUST(h5x_attr_set(dset, "attribute_name", void12, NULL, blob));
    python("out = dset.attrs['attribute_name']; out.tobytes()");
    unsigned char out[12];
    MUST(h5x_attr_get(dset, "attribute_name", NULL, out, sizeof out));
    print_bytes(out, sizeof out);
    printf("\n");
    h5x_close(void12);
    h5x_close(dset);

    python("f['fixed'] = np.array([b'abc', b'hello'], dtype='S10'); f['fixed'][()]");
    h5x_dtype *s10 = MUST_PTR(h5x_dtype_parse("S10"));
    h5x_shape two = h5x_shape_of(1, (uint64_t[]){2});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = "abc\0\0\0\0\0\0\0hello\0\0\0\0\0";
    h5x_object *fixed = MUST_PTR(h5x_dataset_create(f, "fixed", s10, &two, &options));
    char raw[20];
    MUST(h5x_dataset_read(fixed, NULL, NULL, raw, sizeof raw));
    printf("array([b'%.10s', b'%.10s'], dtype='|S10')\n", raw, raw + 10);
    python("f['fixed'].asstr()[()]");
    h5x_dtype *text = MUST_PTR(h5x_dtype_text());
    char *words[2] = {NULL, NULL};
    MUST(h5x_dataset_read(fixed, NULL, text, words, sizeof words));
    printf("array(['%s', '%s'], dtype=object)\n", words[0], words[1]);
    MUST(h5x_reclaim(text, words, 2));
    python("f['fixed'][0] = 'caf\\xe9'     # str into an ASCII type: not ASCII");
    EXPECT_ERROR(h5x_dataset_write_text(fixed, "0", text, (const char *[]){"caf\xc3\xa9"}, NULL));
    python("f['wide'] = np.array(['abc'])     # NumPy's UTF-32 'U'");
    EXPECT_NULL(h5x_dtype_parse("<U3"));
    h5x_close(text);
    h5x_close(fixed);
    h5x_close(s10);
}

static void variable_length_strings(void)
{
    heading("Variable length strings");
    python("f = h5py.File('newexample1.hdf5', 'w'); dt = h5py.string_dtype(encoding='utf-8')");
    h5x_object *file = MUST_PTR(h5x_file_open("newexample1.hdf5", "w", NULL));
    h5x_dtype *dt = MUST_PTR(h5x_dtype_string(H5X_CSET_UTF8, H5X_VARIABLE));
    python("ds = f.create_dataset('VLDS', (100, 100), dtype=dt); print(h5py.check_string_dtype(ds.dtype))");
    h5x_shape square = h5x_shape_of(2, (uint64_t[]){100, 100});
    h5x_object *ds = MUST_PTR(h5x_dataset_create(file, "VLDS", dt, &square, NULL));
    h5x_dtype *stored = MUST_PTR(h5x_dataset_dtype(ds));
    h5x_charset charset;
    size_t length;
    if (h5x_dtype_string_info(stored, &charset, &length, NULL) != 1)
        die("h5x_dtype_string_info");
    printf("string_info(encoding='%s', length=%s)\n", charset == H5X_CSET_UTF8 ? "utf-8" : "ascii",
           length == H5X_VARIABLE ? "None" : "a number");
    h5x_close(stored);
    python("ds[0, 0:2] = ['h\\xe9llo', 'w\\xf6rld']; ds[0, 0:3]     # bytes; unwritten strings are empty");
    h5x_dtype *text = MUST_PTR(h5x_dtype_text());
    MUST(h5x_dataset_write_text(ds, "0, 0:2", text, (const char *[]){"h\xc3\xa9llo", "w\xc3\xb6rld"}, NULL));
    char *got[3] = {NULL, NULL, NULL};
    MUST(h5x_dataset_read_text(ds, "0, 0:3", NULL, got, sizeof got));
    printf("array([");
    for (int i = 0; i < 3; i++) {
        print_bytes((const unsigned char *)got[i], strlen(got[i]));
        printf(i < 2 ? ", " : "], dtype=object)\n");
    }
    MUST(h5x_reclaim(dt, got, 3));
    python("ds.asstr()[0, 0:2]");
    MUST(h5x_dataset_read_text(ds, "0, 0:2", text, got, 2 * sizeof(char *)));
    printf("array(['%s', '%s'], dtype=object)\n", got[0], got[1]);
    MUST(h5x_reclaim(text, got, 2));
    h5x_close(text);
    h5x_close(ds);
    h5x_close(dt);
    MUST(h5x_close(file));
}

static void print_int32s(const h5x_vlen *row)
{
    printf("array([");
    for (size_t i = 0; i < row->length; i++)
        printf("%s%d", i ? ", " : "", ((const int32_t *)row->data)[i]);
    printf("], dtype=int32)");
}

static void variable_length_data(h5x_object *f)
{
    heading("Variable length data");
    python("dt = h5py.vlen_dtype(np.dtype('int32')); dset = f.create_dataset('vlen_int', (100,), dtype=dt)");
    h5x_dtype *dt = MUST_PTR(h5x_dtype_vlen(H5X_I32));
    h5x_shape hundred = h5x_shape_of(1, (uint64_t[]){100});
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "vlen_int", dt, &hundred, NULL));
    python("dset[0] = [1, 2, 3]; dset[1] = [1, 2, 3, 4, 5]");
    h5x_vlen row = {3, (int32_t[]){1, 2, 3}};
    MUST(h5x_dataset_write_text(dset, "0", NULL, &row, NULL));
    row = (h5x_vlen){5, (int32_t[]){1, 2, 3, 4, 5}};
    MUST(h5x_dataset_write_text(dset, "1", NULL, &row, NULL));
    python("dset[0]");
    h5x_vlen rows[2];
    MUST(h5x_dataset_read_text(dset, "0", NULL, rows, sizeof(h5x_vlen)));
    print_int32s(&rows[0]);
    printf("\n");
    MUST(h5x_reclaim(dt, rows, 1));
    python("dset[0:2]");
    MUST(h5x_dataset_read_text(dset, "0:2", NULL, rows, sizeof rows));
    printf("array([");
    print_int32s(&rows[0]);
    printf(", ");
    print_int32s(&rows[1]);
    printf("], dtype=object)\n");
    MUST(h5x_reclaim(dt, rows, 2));
    h5x_close(dset);
    h5x_close(dt);
}

static void object_names(h5x_object *f)
{
    heading("Object names and a scalar dataset");
    python("grp = f.create_dataset(b'name', (5, 5, 5)); print(grp)");
    h5x_shape cube = h5x_shape_of(3, (uint64_t[]){5, 5, 5});
    h5x_object *named = MUST_PTR(h5x_dataset_create(f, "name", NULL, &cube, NULL));
    print_repr(named);
    h5x_close(named);
    python("grp = f.create_group('group1'); grp['name'] = 42; print(grp['name'])");
    h5x_object *group1 = MUST_PTR(h5x_group_create(f, "group1", NULL));
    h5x_shape scalar = h5x_shape_scalar();
    const int64_t answer = 42;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = &answer;
    h5x_object *out = MUST_PTR(h5x_dataset_create(group1, "name", H5X_I64, &scalar, &options));
    print_repr(out);
    python("grp['name'][()]");
    print_selection(out, "()");
    h5x_close(out);
    h5x_close(group1);
}

static void hard_links(h5x_object *f)
{
    heading("Hardlinks");
    python("grp['other name'] = out; print(grp['other name'])");
    h5x_object *group1 = MUST_PTR(h5x_open(f, "group1"));
    h5x_object *out = MUST_PTR(h5x_open(group1, "name"));
    MUST(h5x_link_hard(out, group1, "other name"));
    h5x_object *other = MUST_PTR(h5x_open(group1, "other name"));
    print_repr(other);
    python("print(grp['other name'] == grp['name'])");
    printf("%s\n", h5x_object_equal(other, out) == 1 ? "True" : "False");
    h5x_close(other);
    h5x_close(out);
    h5x_close(group1);
}

static void soft_links(void)
{
    heading("Softlinks");
    python("myfile = h5py.File('examplename.hdf5', 'w'); group = myfile.create_group('somegroup')");
    h5x_object *myfile = MUST_PTR(h5x_file_open("examplename.hdf5", "w", NULL));
    h5x_close(MUST_PTR(h5x_group_create(myfile, "somegroup", NULL)));
    python("myfile['alias'] = h5py.SoftLink('/somegroup'); print(myfile['alias'])");
    MUST(h5x_link_soft(myfile, "alias", "/somegroup"));
    h5x_object *alias = MUST_PTR(h5x_open(myfile, "alias"));
    print_repr(alias);
    h5x_close(alias);
    python("myfile.get('alias', getlink=True).path");
    h5x_link_info link;
    MUST(h5x_link_get_info(myfile, "alias", &link));
    printf("'%s'\n", link.target_path);
    h5x_free(link.target_path);
    h5x_free(link.target_file);
    python("del myfile['somegroup']; print(myfile['alias'])   # the link dangles");
    MUST(h5x_delete(myfile, "somegroup"));
    EXPECT_NULL(h5x_open(myfile, "alias"));
    MUST(h5x_close(myfile));
}

static void references(void)
{
    heading("References");
    python("myfile = h5py.File('myfile.hdf5', 'w'); grp2 = myfile.create_group('/some/group')");
    h5x_object *myfile = MUST_PTR(h5x_file_open("myfile.hdf5", "w", NULL));
    h5x_object *mygroup = MUST_PTR(h5x_group_create(myfile, "/some/group", NULL));
    python("mygroup = myfile['/some/group']; ref = mygroup.ref; print(ref)");
    h5x_ref ref;
    MUST(h5x_object_ref(mygroup, &ref));
    printf("<HDF5 %s reference>\n", h5x_ref_kind(&ref) == H5X_REF_OBJECT ? "object" : "region");
    python("mygroup2 = myfile[ref]; print(mygroup2)");
    h5x_object *mygroup2 = MUST_PTR(h5x_ref_open(myfile, &ref));
    print_repr(mygroup2);
    h5x_close(mygroup2);
    h5x_close(mygroup);

    python("myds = myfile.create_dataset('dset', (200, 200)); regref = myds.regionref[0:10, 0:5]; print(regref)");
    h5x_shape square = h5x_shape_of(2, (uint64_t[]){200, 200});
    h5x_object *myds = MUST_PTR(h5x_dataset_create(myfile, "dset", NULL, &square, NULL));
    h5x_selection *sel = MUST_PTR(h5x_selection_parse("0:10, 0:5"));
    h5x_ref regref;
    MUST(h5x_region_ref(myds, sel, &regref));
    h5x_close(sel);
    printf("<HDF5 %s reference>\n", h5x_ref_kind(&regref) == H5X_REF_REGION ? "region" : "object");
    python("subset = myds[regref]; subset.shape");
    h5x_shape region_shape;
    MUST(h5x_ref_region_shape(myds, &regref, &region_shape));
    float *subset = MUST_PTR(calloc(h5x_shape_size(&region_shape), sizeof(float)));
    MUST(h5x_dataset_read_region(myds, &regref, H5X_F32, subset, h5x_shape_size(&region_shape) * sizeof(float)));
    free(subset);
    char text[64];
    tour_shape_text(&region_shape, text, sizeof text);
    printf("%s\n", text);
    h5x_close(myds);

    python("ref_dataset = myfile.create_dataset('MyRefs', (100,), dtype=h5py.ref_dtype)");
    h5x_dtype *ref_dtype = MUST_PTR(h5x_dtype_reference(H5X_REF_OBJECT));
    h5x_shape hundred = h5x_shape_of(1, (uint64_t[]){100});
    h5x_object *ref_dataset = MUST_PTR(h5x_dataset_create(myfile, "MyRefs", ref_dtype, &hundred, NULL));
    python("ref_dataset[0] = myfile.ref; print(ref_dataset[0])");
    h5x_ref root_ref, first;
    MUST(h5x_object_ref(myfile, &root_ref));
    MUST(h5x_dataset_write_text(ref_dataset, "0", ref_dtype, &root_ref, NULL));
    MUST(h5x_dataset_read_text(ref_dataset, "0", ref_dtype, &first, sizeof first));
    h5x_object *root = MUST_PTR(h5x_ref_open(myfile, &first));
    char *root_name = MUST_PTR(h5x_object_name(root));
    printf("<HDF5 object reference>   (myfile[ref_dataset[0]].name == '%s')\n", root_name);
    h5x_free(root_name);
    h5x_close(root);
    python("myfile.attrs['Root group reference'] = myfile.ref");
    MUST(h5x_attr_set(myfile, "Root group reference", ref_dtype, NULL, &root_ref));
    python("print(bool(myfile.ref)); nullref = ref_dataset[50]; print(bool(nullref))");
    h5x_ref nullref;
    MUST(h5x_dataset_read_text(ref_dataset, "50", ref_dtype, &nullref, sizeof nullref));
    printf("%s\n%s\n", h5x_ref_is_null(&root_ref) ? "False" : "True", h5x_ref_is_null(&nullref) ? "False" : "True");
    h5x_close(ref_dataset);
    h5x_close(ref_dtype);
    MUST(h5x_close(myfile));
}

static void external_links(void)
{
    heading("Low level: H5Lcreate_external");
    python("f2 = h5py.File('link.h5', 'w'); g = f2.create_group('links')");
    h5x_object *f2 = MUST_PTR(h5x_file_open("link.h5", "w", NULL));
    h5x_object *g = MUST_PTR(h5x_group_create(f2, "links", NULL));
    python("g.id.links.create_external(b'data', b'dataset.h5', b'/data'); list(g)");
    MUST(h5x_link_external(g, "data", "dataset.h5", "/data"));
    print_keys(g);
    python("f2['/links/data'][:5]");
    h5x_object *data = MUST_PTR(h5x_open(f2, "/links/data"));
    print_selection(data, ":5");
    h5x_close(data);
    python("!rm dataset.h5; f2['/links/data']     # KeyError naming the external file");
    if (unlink("dataset.h5") != 0)
        die("removing dataset.h5");
    EXPECT_NULL(h5x_open(f2, "/links/data"));
    h5x_close(g);
    MUST(h5x_close(f2));
}

static void userblock(void)
{
    heading("Userblock");
    unlink("userblock.h5");
    python("f = h5py.File('userblock.h5', 'w', userblock_size=512); f.userblock_size");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = 512;
    h5x_object *f = MUST_PTR(h5x_file_open("userblock.h5", "w", &options));
    uint64_t size = 0;
    MUST(h5x_file_userblock_size(f, &size));
    printf("%llu\n", (unsigned long long)size);
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){3});
    const int64_t values[3] = {1, 2, 3};
    h5x_dataset_options dataset_options = H5X_DATASET_OPTIONS_INIT;
    dataset_options.data = values;
    h5x_close(MUST_PTR(h5x_dataset_create(f, "data", H5X_I64, &shape, &dataset_options)));
    MUST(h5x_close(f));

    python("f.close(); open('userblock.h5', 'r+b').write(b'written after close')");
    FILE *stream = fopen("userblock.h5", "r+b");
    if (!stream || fwrite("written after close", 1, 19, stream) != 19 || fclose(stream) != 0)
        die("writing into the user block");
    python("f = h5py.File('userblock.h5', 'r'); f.userblock_size");
    f = MUST_PTR(h5x_file_open("userblock.h5", "r", NULL));
    MUST(h5x_file_userblock_size(f, &size));
    printf("%llu\n", (unsigned long long)size);
    python("f['data'][()]      # the data is untouched");
    h5x_object *data = MUST_PTR(h5x_open(f, "data"));
    print_selection(data, "()");
    h5x_close(data);
    MUST(h5x_close(f));
    python("open('userblock.h5', 'rb').read(19)");
    char head[20] = {0};
    stream = fopen("userblock.h5", "rb");
    if (!stream || fread(head, 1, 19, stream) != 19)
        die("reading the user block");
    fclose(stream);
    printf("b'%s'\n", head);

    python("h5py.File('bad.h5', 'w', userblock_size=1000)   # not a power of two >= 512");
    options.userblock_size = 1000;
    EXPECT_NULL(h5x_file_open("bad.h5", "w", &options));
}

static void opaque_data(void)
{
    heading("Opaque data (Date-time array)");
    python("arr = np.array([np.datetime64('2019-09-22T17:38:30')])");
    python("myfile['data'] = arr.astype(h5py.opaque_dtype(arr.dtype))");
    h5x_object *myfile = MUST_PTR(h5x_file_open("myfile.hdf5", "r+", NULL));
    h5x_dtype *when = MUST_PTR(h5x_dtype_parse("<M8[s]"));
    /* datetime64[s]: seconds since 1970 as a little-endian int64 */
    int64_t seconds = 1569173910;
    unsigned char bytes[8];
    for (int k = 0; k < 8; k++)
        bytes[k] = (unsigned char)((uint64_t)seconds >> (8 * k));
    h5x_shape one = h5x_shape_of(1, (uint64_t[]){1});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = bytes;
    h5x_object *data = MUST_PTR(h5x_dataset_create(myfile, "data", when, &one, &options));
    python("print(myfile['data'][:]); myfile['data'].dtype");
    unsigned char got[8];
    MUST(h5x_dataset_read(data, NULL, NULL, got, sizeof got));
    int64_t value = 0;
    for (int k = 7; k >= 0; k--)
        value = value << 8 | got[k];
    time_t moment = (time_t)value;
    struct tm utc;
    char stamp[32];
    if (!gmtime_r(&moment, &utc) || !strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc))
        die("formatting a datetime");
    h5x_dtype *stored = MUST_PTR(h5x_dataset_dtype(data));
    char *spelling = MUST_PTR(h5x_dtype_to_string(stored));
    char *tag = MUST_PTR(h5x_dtype_opaque_tag(stored));
    printf("['%s']\ndtype('%s')   (stored as HDF5 opaque data tagged \"%s\")\n", stamp, spelling, tag);
    h5x_free(spelling);
    h5x_free(tag);
    h5x_close(stored);
    python("myfile['data'][:].astype('i8')     # opaque bytes convert to nothing else");
    int64_t as_int;
    EXPECT_ERROR(h5x_dataset_read(data, NULL, H5X_I64, &as_int, sizeof as_int));
    h5x_close(data);
    h5x_close(when);
    MUST(h5x_close(myfile));
}

static void single_writer_multiple_reader(void)
{
    heading("Single Writer Multiple Reader");
    python("f = h5py.File('swmr.h5', 'w', libver='latest')");
    h5x_file_options latest = H5X_FILE_OPTIONS_INIT;
    latest.libver_low = latest.libver_high = H5X_LIBVER_LATEST;
    h5x_object *f = MUST_PTR(h5x_file_open("swmr.h5", "w", &latest));
    python("arr = np.array([1,2,3,4])");
    python("dset = f.create_dataset('data', chunks=(2,), maxshape=(None,), data=arr)");
    const int64_t arr[4] = {1, 2, 3, 4};
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){4});
    h5x_shape chunks = h5x_shape_of(1, (uint64_t[]){2});
    h5x_shape maxshape = h5x_shape_of(1, (uint64_t[]){H5X_UNLIMITED});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.chunks = &chunks;
    options.maxshape = &maxshape;
    options.data = arr;
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "data", H5X_I64, &shape, &options));
    python("f.swmr_mode = True");
    MUST(h5x_file_start_swmr(f));
    python("for i in range(5):");
    python_more("    dset.resize(((i+1) * len(arr),)); dset[i*len(arr):] = arr; dset.flush()");
    for (uint64_t i = 0; i < 5; i++) {
        h5x_shape grown = h5x_shape_of(1, (uint64_t[]){(i + 1) * 4});
        char selection[32];
        snprintf(selection, sizeof selection, "%llu:", (unsigned long long)(i * 4));
        MUST(h5x_dataset_resize(dset, &grown));
        MUST(h5x_dataset_write_text(dset, selection, H5X_I64, arr, NULL));
        MUST(h5x_dataset_flush(dset)); /* now readers in other processes see the new rows */
    }
    python("dset.shape");
    h5x_shape now;
    MUST(h5x_dataset_shape(dset, &now));
    char text[64];
    tour_shape_text(&now, text, sizeof text);
    printf("%s\n", text);
    h5x_close(dset);
    MUST(h5x_close(f));

    python("f = h5py.File('swmr.h5', 'r', swmr=True); dset = f['data']; dset.refresh(); dset[:]");
    h5x_file_options reader = H5X_FILE_OPTIONS_INIT;
    reader.swmr = 1;
    f = MUST_PTR(h5x_file_open("swmr.h5", "r", &reader));
    dset = MUST_PTR(h5x_open(f, "data"));
    MUST(h5x_dataset_refresh(dset));
    print_selection(dset, ":");
    h5x_close(dset);
    MUST(h5x_close(f));
    printf("(tests/swmr runs the writer and its readers, h5x and h5py, as separate processes)\n");

    python("h5py.File('newfile1.h5', 'r+').swmr_mode = True   # SWMR needs libver='latest'");
    f = MUST_PTR(h5x_file_open("newfile1.h5", "r+", NULL));
    EXPECT_ERROR(h5x_file_start_swmr(f));
    MUST(h5x_close(f));
}

static void low_level(void)
{
    heading("Low level: H5Dget_storage_size and the ids behind objects");
    python("f = h5py.File('dataset.h5', 'w'); f['/data'] = np.arange(100, dtype=np.int8)");
    h5x_object *f = MUST_PTR(h5x_file_open("dataset.h5", "w", NULL));
    int8_t values[100];
    for (int i = 0; i < 100; i++)
        values[i] = (int8_t)i;
    h5x_shape shape = h5x_shape_of(1, (uint64_t[]){100});
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    options.data = values;
    h5x_object *dset = MUST_PTR(h5x_dataset_create(f, "data", H5X_I8, &shape, &options));
    python("dset = f['data']; dset");
    print_repr(dset);
    python("dset.id.get_storage_size()");
    uint64_t bytes = 0;
    MUST(h5x_dataset_storage_size(dset, &bytes));
    printf("%llu\n", (unsigned long long)bytes);
    python("dset.chunks, dset.compression, dset.fillvalue, dset.maxshape");
    h5x_shape chunks, maxshape;
    MUST(h5x_dataset_chunks(dset, &chunks));
    MUST(h5x_dataset_maxshape(dset, &maxshape));
    char *filters = MUST_PTR(h5x_dataset_filters(dset));
    int8_t fill = 0;
    MUST(h5x_dataset_fillvalue(dset, H5X_I8, &fill));
    char maxshape_text[64];
    tour_shape_text(&maxshape, maxshape_text, sizeof maxshape_text);
    printf("(%s, %s, %d, %s)\n", chunks.rank == 0 ? "None" : "chunked", filters[0] ? filters : "None", fill,
           maxshape_text);
    h5x_free(filters);
    python("dset.id        # the HDF5 identifier, for calls h5py (and h5x) do not wrap");
    int64_t hid = 0;
    MUST(h5x_native_handle(dset, &hid));
    printf("<h5py.h5d.DatasetID: hid_t 0x%llx>  (h5x_native_handle; pass it to H5D* calls)\n",
           (unsigned long long)hid);
    h5x_close(dset);
    MUST(h5x_close(f));
}

/* The seeds' last section: four 1-D files stacked into one (4, 100)
 * virtual dataset.  The layout is made before the sources exist; written
 * afterwards, they show through it. */
static void virtual_datasets(void)
{
    heading("Virtual datasets");
    python("layout = h5py.VirtualLayout(shape=(4, 100), dtype='i4')");
    h5x_vds_layout *layout = MUST_PTR(h5x_vds_layout_new(&(h5x_shape){.rank = 2, .dims = {4, 100}}, H5X_I32));
    python("for n in range(1, 5):");
    python_more("    filename = \"{}.h5\".format(n)");
    python_more("    vsource = h5py.VirtualSource(filename, 'data', shape=(100,))");
    python_more("    layout[n - 1] = vsource");
    for (int n = 1; n <= 4; n++) {
        char filename[16], row[16];
        snprintf(filename, sizeof filename, "%d.h5", n);
        snprintf(row, sizeof row, "%d", n - 1);
        h5x_vds_source *vsource = MUST_PTR(
            h5x_vds_source_new(filename, "data", &(h5x_shape){.rank = 1, .dims = {100}}, NULL));
        MUST(h5x_vds_layout_map_text(layout, row, vsource));
        h5x_close(vsource);
    }
    python("with h5py.File('VDS.h5', 'w', libver='latest') as f:");
    python_more("    f.create_virtual_dataset('data', layout, fillvalue=-5)");
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.libver_low = options.libver_high = H5X_LIBVER_LATEST;
    h5x_object *f = MUST_PTR(h5x_file_open("VDS.h5", "w", &options));
    const int32_t fill = -5;
    h5x_close(MUST_PTR(h5x_vds_create(f, "data", layout, &fill)));
    MUST(h5x_close(f));
    h5x_close(layout);

    python("f = h5py.File('VDS.h5', 'r'); f['data'][:, :3]   # no source yet: the fill value");
    f = MUST_PTR(h5x_file_open("VDS.h5", "r", NULL));
    h5x_object *vds = MUST_PTR(h5x_open(f, "data"));
    print_selection(vds, ":, :3");
    python("for n in range(1, 5):");
    python_more("    with h5py.File('{}.h5'.format(n), 'w') as s: s['data'] = np.arange(100, dtype='i4') + n * 100");
    for (int n = 1; n <= 4; n++) {
        char filename[16];
        snprintf(filename, sizeof filename, "%d.h5", n);
        h5x_object *s = MUST_PTR(h5x_file_open(filename, "w", NULL));
        int32_t values[100];
        for (int i = 0; i < 100; i++)
            values[i] = i + n * 100;
        h5x_dataset_options data = H5X_DATASET_OPTIONS_INIT;
        data.data = values;
        h5x_close(MUST_PTR(h5x_dataset_create(s, "data", H5X_I32, &(h5x_shape){.rank = 1, .dims = {100}}, &data)));
        MUST(h5x_close(s));
    }
    python("f['data'][:, :3]");
    print_selection(vds, ":, :3");
    python("f['data'].is_virtual, len(f['data'].virtual_sources())");
    h5x_vds_mapping *mappings = NULL;
    size_t count = 0;
    MUST(h5x_vds_mappings(vds, &mappings, &count));
    printf("(%s, %zu)\n", h5x_vds_is_virtual(vds) == 1 ? "True" : "False", count);
    python("f['data'].virtual_sources()[3].file_name");
    printf("'%s'\n", count == 4 ? mappings[3].file_name : "?");
    h5x_vds_mappings_free(mappings, count);
    h5x_close(vds);
    MUST(h5x_close(f));
}

int main(void)
{
    printf("h5x %s: a tour of the h5py material, in C\n", H5X_VERSION_STRING);
    reading_in_a_file();
    closing_files();
    h5x_object *f = groups();
    creating_datasets(f);
    reading_and_writing(f);
    multiple_indexing(f);
    resizable_datasets(f);
    empty_datasets(f);
    attributes(f);
    dimension_scales();
    strings(f);
    variable_length_strings();
    variable_length_data(f);
    object_names(f);
    hard_links(f);
    soft_links();
    references();
    userblock();
    opaque_data();
    single_writer_multiple_reader();
    MUST(h5x_close(f));
    low_level();
    external_links();
    virtual_datasets();
    printf("\nwrote %s\n", TOUR_FILE);
    return 0;
}
