/*
 * libFuzzer target: damaged HDF5 files, opened and walked through h5x.
 *
 * The input is a whole file.  It is written to a scratch path and opened
 * twice, read-only: through the native connector (libhdf5 parses it) and
 * through the in-memory connector's load ("core;backing_store=1", which
 * reads the whole file through the native connector into a tree of its
 * own).  Each open file is walked as an application would: every group's
 * links (soft and external ones are read, never followed, so that a
 * damaged file cannot send the walk to other files), every object's
 * attributes, every dataset's creation properties, dimension labels and
 * scales and, within a size budget, its data, with the stored type and
 * converted to a number, every reference followed once.
 *
 * Any answer is acceptable, success or error, as long as an error is a
 * negative status with a message; what is not acceptable is a crash, a
 * hang, a leak, or touching memory h5x does not own.  Crashes inside
 * libhdf5 itself are recorded in tests/fuzz/README.md.
 */
#include "h5x.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
    MAX_DEPTH = 8,
    MAX_OBJECTS = 200,
    MAX_DATA_BYTES = 1 << 20,
    MAX_REFERENCES = 8,
};

static char scratch_path[4096];

static void require(int condition)
{
    if (!condition)
        abort();
}

/* Every failure must be a negative h5x_status with a message. */
static int checked(int rc)
{
    if (rc < 0)
        require(h5x_last_error()->code < 0 && h5x_last_error()->message[0] != '\0');
    return rc;
}

static void *checked_pointer(void *p)
{
    if (!p)
        require(h5x_last_error()->code < 0 && h5x_last_error()->message[0] != '\0');
    return p;
}

typedef struct budget {
    int objects;
} budget;

/* Bytes for n elements of dtype, or 0 when over the budget. */
static size_t bytes_for(const h5x_shape *shape, const h5x_dtype *dtype, size_t limit)
{
    uint64_t n = h5x_shape_size(shape);
    size_t element = h5x_dtype_size(dtype);
    if (element == 0 || n > limit / element)
        return 0;
    return (size_t)n * element;
}

static void follow_references(h5x_object *loc, const h5x_dtype *dtype, const void *values, uint64_t n)
{
    if (h5x_dtype_get_class(dtype) != H5X_CLASS_REFERENCE)
        return;
    const h5x_ref *refs = values;
    for (uint64_t i = 0; i < n && i < MAX_REFERENCES; i++) {
        if (h5x_ref_is_null(&refs[i]) != 0)
            continue;
        h5x_object *target = checked_pointer(h5x_ref_open(loc, &refs[i]));
        h5x_close(target);
        if (h5x_ref_kind(&refs[i]) == H5X_REF_REGION)
            h5x_free(checked_pointer(h5x_ref_region_text(loc, &refs[i])));
    }
}

static void walk_attributes(h5x_object *object)
{
    char **names = NULL;
    size_t count = 0;
    if (checked(h5x_attr_names(object, H5X_ORDER_NAME, &names, &count)) < 0)
        return;
    for (size_t i = 0; i < count; i++) {
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        if (checked(h5x_attr_info(object, names[i], &shape, &dtype)) < 0)
            continue;
        h5x_free(checked_pointer(h5x_dtype_to_string(dtype)));
        size_t bytes = bytes_for(&shape, dtype, 64 * 1024);
        if (bytes > 0) {
            void *values = calloc(1, bytes);
            require(values != NULL);
            if (checked(h5x_attr_get(object, names[i], NULL, values, bytes)) >= 0) {
                follow_references(object, dtype, values, h5x_shape_size(&shape));
                checked(h5x_reclaim(dtype, values, h5x_shape_size(&shape)));
            }
            free(values);
        }
        h5x_close(dtype);
    }
    h5x_free_names(names, count);
}

static void read_as_numbers(h5x_object *dataset, const h5x_shape *shape, const h5x_dtype *dtype)
{
    h5x_dtype_class cls = h5x_dtype_get_class(dtype);
    if (cls != H5X_CLASS_INTEGER && cls != H5X_CLASS_FLOAT && cls != H5X_CLASS_BOOL && cls != H5X_CLASS_ENUM)
        return;
    size_t bytes = bytes_for(shape, H5X_F64, MAX_DATA_BYTES);
    if (bytes == 0)
        return;
    double *values = malloc(bytes);
    require(values != NULL);
    checked(h5x_dataset_read(dataset, NULL, H5X_F64, values, bytes));
    free(values);
}

static void walk_dataset(h5x_object *dataset)
{
    h5x_shape shape, maxshape, chunks;
    if (checked(h5x_dataset_shape(dataset, &shape)) < 0)
        return;
    checked(h5x_dataset_maxshape(dataset, &maxshape));
    checked(h5x_dataset_chunks(dataset, &chunks));
    h5x_free(checked_pointer(h5x_dataset_filters(dataset)));
    uint64_t storage;
    checked(h5x_dataset_storage_size(dataset, &storage));
    h5x_dtype *dtype = checked_pointer(h5x_dataset_dtype(dataset));
    if (!dtype)
        return;
    h5x_free(checked_pointer(h5x_dtype_to_string(dtype)));
    size_t element = h5x_dtype_size(dtype);
    if (element > 0 && element <= 4096) {
        void *fill = calloc(1, element);
        require(fill != NULL);
        if (checked(h5x_dataset_fillvalue(dataset, NULL, fill)) >= 0)
            checked(h5x_reclaim(dtype, fill, 1));
        free(fill);
    }
    checked(h5x_dim_is_scale(dataset));
    h5x_free(checked_pointer(h5x_dim_scale_name(dataset)));
    for (int axis = 0; axis < shape.rank && axis < 4; axis++) {
        h5x_free(checked_pointer(h5x_dim_label(dataset, axis)));
        if (checked(h5x_dim_scale_count(dataset, axis)) > 0)
            h5x_close(checked_pointer(h5x_dim_scale(dataset, axis, 0)));
    }
    size_t bytes = bytes_for(&shape, dtype, MAX_DATA_BYTES);
    if (bytes > 0) {
        void *values = calloc(1, bytes);
        require(values != NULL);
        if (checked(h5x_dataset_read(dataset, NULL, NULL, values, bytes)) >= 0) {
            follow_references(dataset, dtype, values, h5x_shape_size(&shape));
            checked(h5x_reclaim(dtype, values, h5x_shape_size(&shape)));
        }
        free(values);
        read_as_numbers(dataset, &shape, dtype);
    }
    h5x_close(dtype);
}

static void walk_group(h5x_object *group, int depth, budget *b)
{
    walk_attributes(group);
    char **names = NULL;
    size_t count = 0;
    checked((int)h5x_group_length(group));
    if (depth > MAX_DEPTH || checked(h5x_group_names(group, H5X_ORDER_NAME, &names, &count)) < 0)
        return;
    for (size_t i = 0; i < count && b->objects-- > 0; i++) {
        h5x_link_info link;
        if (checked(h5x_link_get_info(group, names[i], &link)) < 0)
            continue;
        h5x_link_kind kind = link.kind;
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        if (kind != H5X_LINK_HARD)
            continue;
        h5x_object *child = checked_pointer(h5x_open(group, names[i]));
        if (!child)
            continue;
        switch (h5x_object_get_kind(child)) {
        case H5X_KIND_GROUP:
        case H5X_KIND_FILE:
            walk_group(child, depth + 1, b);
            break;
        case H5X_KIND_DATASET:
            walk_attributes(child);
            walk_dataset(child);
            break;
        case H5X_KIND_DATATYPE: {
            h5x_dtype *dtype = checked_pointer(h5x_datatype_dtype(child));
            h5x_free(checked_pointer(h5x_dtype_to_string(dtype)));
            h5x_close(dtype);
            walk_attributes(child);
            break;
        }
        }
        h5x_close(child);
    }
    h5x_free_names(names, count);
}

static void open_and_walk(const char *spec)
{
    char uri[4200];
    snprintf(uri, sizeof uri, "%s:%s", spec, scratch_path);
    h5x_clear_error();
    h5x_object *file = checked_pointer(h5x_file_open(uri, "r", NULL));
    if (!file)
        return;
    budget b = {MAX_OBJECTS};
    walk_group(file, 0, &b);
    require(h5x_close(file) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch_path, sizeof scratch_path, "%s/h5x-fuzz-%ld.h5", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = open(scratch_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    require(fd >= 0);
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        require(n > 0);
        done += (size_t)n;
    }
    close(fd);
    open_and_walk("native");
    open_and_walk("core;backing_store=1");
    unlink(scratch_path);
    return 0;
}
