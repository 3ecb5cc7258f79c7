/*
 * cmd_dump.c — `h5x dump`: everything in a file, or below one object, as
 * text: dtypes, shapes, storage properties, attributes and every value.
 *
 * The layout follows h5dump (nested blocks with three-space indentation,
 * attributes before members, values with their indices and wrapped before
 * 80 columns) but names types the NumPy way ("<f4", "(10, 20)"), because
 * that is how h5py users think of them.  Values are printed so that they
 * round-trip (see format.c).  Links are shown as h5dump shows them
 * (SOFTLINK, EXTERNAL_LINK, and HARDLINK for a group met again below
 * itself) and never followed.
 *
 * A dataset of any size is printed whole, as h5dump does, yet memory stays
 * bounded: the values are read in slabs of about DUMP_SLAB_BYTES along the
 * first axis (or, when even one row along that axis is larger, along the
 * first axis whose trailing block fits), each slab a plain h5x selection,
 * and fed to a printer that keeps track of the element indices across
 * slabs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x_tool.h"

#define DUMP_SLAB_BYTES ((uint64_t)1 << 20)
#define INDENT_STEP 3

static const char usage[] =
    "usage: h5x dump [-H] FILE[/path]...\n"
    "\n"
    "Prints a group recursively (the root group when no path is given), or\n"
    "one dataset: each object's attributes (name, dtype, shape, values), and\n"
    "for datasets the dtype, shape, maximum shape, chunks, filters, fill\n"
    "value and every value, with its index, in h5dump's layout:\n"
    "\n"
    "    DATASET \"data\" {\n"
    "       DTYPE <f8\n"
    "       SHAPE (2, 3)\n"
    "       DATA {\n"
    "       (0,0): 0.10000000000000001, 0.5, 1,\n"
    "       (1,0): 2, 3, 4\n"
    "       }\n"
    "    }\n"
    "\n"
    "Floats are printed with the digits that make them round-trip (17 for\n"
    "f8, 9 for f4); large datasets are read slab by slab.\n"
    "\n"
    "  -H   header only: no values\n";

typedef struct dump_walk {
    const char *file_path;
    int header_only;
    int failed;
} dump_walk;

static void print_indent(int indent)
{
    printf("%*s", indent, "");
}

/* ------------------------------------------------------------ attributes */

static void dump_attribute(dump_walk *walk, h5x_object *object, const char *object_path, const char *name,
                           int indent)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    print_indent(indent);
    printf("ATTRIBUTE \"%s\" {\n", name);
    if (h5x_attr_info(object, name, &shape, &dtype) < 0) {
        tool_fail_h5x("dump", walk->file_path, object_path);
        walk->failed = 1;
        print_indent(indent);
        printf("}\n");
        return;
    }
    char dtype_text[256];
    char shape_text[1024];
    tool_format_dtype(dtype, dtype_text, sizeof dtype_text);
    tool_format_shape_tuple(&shape, shape_text, sizeof shape_text);
    print_indent(indent + INDENT_STEP);
    printf("DTYPE %s\n", dtype_text);
    print_indent(indent + INDENT_STEP);
    printf("SHAPE %s\n", shape_text);

    tool_value_format format;
    if (!walk->header_only) {
        print_indent(indent + INDENT_STEP);
        if (tool_value_format_for(dtype, &format) < 0) {
            printf("DATA (values of this dtype are not printed)\n");
        } else {
            format.file = object;
            printf("DATA {\n");
            uint64_t count = h5x_shape_size(&shape);
            size_t bytes = (size_t)count * format.mem_size;
            void *values = malloc(bytes > 0 ? bytes : 1);
            if (values == NULL) {
                tool_fail("dump", "out of memory reading attribute '%s' of %s", name, object_path);
                walk->failed = 1;
            } else if (count > 0 && h5x_attr_get(object, name, format.mem_dtype, values, bytes) < 0) {
                tool_fail_h5x("dump", walk->file_path, object_path);
                walk->failed = 1;
            } else {
                tool_value_printer printer;
                tool_value_printer_init(&printer, stdout, &format, &shape, indent + INDENT_STEP);
                tool_value_printer_feed(&printer, values, count);
                tool_value_printer_finish(&printer);
                h5x_reclaim(format.mem_dtype, values, count);
            }
            free(values);
            print_indent(indent + INDENT_STEP);
            printf("}\n");
        }
    }
    h5x_close(dtype);
    print_indent(indent);
    printf("}\n");
}

static void dump_attributes(dump_walk *walk, h5x_object *object, const char *object_path, int indent)
{
    char **names;
    size_t count;
    if (h5x_attr_names(object, H5X_ORDER_NAME, &names, &count) < 0) {
        tool_fail_h5x("dump", walk->file_path, object_path);
        walk->failed = 1;
        return;
    }
    for (size_t i = 0; i < count; i++)
        dump_attribute(walk, object, object_path, names[i], indent);
    h5x_free_names(names, count);
}

/* ------------------------------------------------------------- datasets */

/* a * b, saturating instead of wrapping */
static uint64_t saturating_multiply(uint64_t a, uint64_t b)
{
    if (a != 0 && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

/* Reads the whole dataset slab by slab and feeds the printer.  0 or -1. */
static int stream_values(h5x_object *dataset, const h5x_shape *shape, const tool_value_format *format,
                         tool_value_printer *printer)
{
    uint64_t budget = DUMP_SLAB_BYTES / format->mem_size;
    if (shape->rank <= 0) {
        void *element = malloc(format->mem_size);
        int status = element != NULL && h5x_dataset_read(dataset, NULL, format->mem_dtype, element,
                                                          format->mem_size) >= 0 ? 0 : -1;
        if (status == 0) {
            tool_value_printer_feed(printer, element, 1);
            h5x_reclaim(format->mem_dtype, element, 1);
        }
        free(element);
        return status;
    }

    /* split_axis: the first axis whose trailing block (the product of the
     * axes after it) fits the budget; slabs run along it */
    int rank = shape->rank;
    int split_axis = rank - 1;
    uint64_t inner = 1;
    for (int k = rank - 1; k >= 0; k--) {
        uint64_t trailing = k == rank - 1 ? 1 : saturating_multiply(inner, shape->dims[k + 1]);
        if (trailing > budget)
            break;
        inner = trailing;
        split_axis = k;
    }
    uint64_t rows_per_slab = budget / inner;
    if (rows_per_slab == 0)
        rows_per_slab = 1;
    if (rows_per_slab > shape->dims[split_axis])
        rows_per_slab = shape->dims[split_axis];
    size_t buffer_size = (size_t)(rows_per_slab * inner) * format->mem_size;
    void *buffer = malloc(buffer_size);
    if (buffer == NULL)
        return -1;

    int status = 0;
    uint64_t outer[H5X_MAX_RANK] = {0};
    for (;;) {
        for (uint64_t start = 0; start < shape->dims[split_axis] && status == 0; start += rows_per_slab) {
            uint64_t stop = start + rows_per_slab;
            if (stop > shape->dims[split_axis])
                stop = shape->dims[split_axis];
            h5x_selection *slab = h5x_selection_new();
            if (slab == NULL) {
                status = -1;
                break;
            }
            for (int k = 0; k < split_axis && status == 0; k++)
                status = h5x_selection_add_index(slab, (int64_t)outer[k]) < 0 ? -1 : 0;
            if (status == 0 && h5x_selection_add_slice(slab, (int64_t)start, (int64_t)stop, 1) < 0)
                status = -1;
            if (status == 0 && split_axis < rank - 1 && h5x_selection_add_ellipsis(slab) < 0)
                status = -1;
            uint64_t count = (stop - start) * inner;
            if (status == 0 &&
                h5x_dataset_read(dataset, slab, format->mem_dtype, buffer, (size_t)count * format->mem_size) < 0)
                status = -1;
            h5x_close(slab);
            if (status == 0) {
                tool_value_printer_feed(printer, buffer, count);
                h5x_reclaim(format->mem_dtype, buffer, count);
            }
            /* output that cannot be written is not worth reading for;
             * main reports the write error */
            if (ferror(printer->out))
                break;
        }
        if (status != 0 || ferror(printer->out))
            break;
        /* the next combination of indices on the axes before split_axis */
        int k = split_axis - 1;
        while (k >= 0 && ++outer[k] == shape->dims[k])
            outer[k--] = 0;
        if (k < 0)
            break;
    }
    free(buffer);
    return status;
}

static void print_optional_shape(const char *label, const h5x_shape *shape, int indent)
{
    char text[1024];
    tool_format_maxshape_tuple(shape, text, sizeof text);
    print_indent(indent);
    printf("%s %s\n", label, text);
}

static int shapes_equal(const h5x_shape *a, const h5x_shape *b)
{
    if (a->rank != b->rank)
        return 0;
    for (int i = 0; i < a->rank; i++) {
        if (a->dims[i] != b->dims[i])
            return 0;
    }
    return 1;
}

static void dump_dataset_body(dump_walk *walk, h5x_object *dataset, const char *path, int indent)
{
    h5x_shape shape;
    h5x_shape maxshape;
    h5x_shape chunks;
    h5x_dtype *dtype = h5x_dataset_dtype(dataset);
    if (dtype == NULL || h5x_dataset_shape(dataset, &shape) < 0) {
        tool_fail_h5x("dump", walk->file_path, path);
        walk->failed = 1;
        h5x_close(dtype);
        return;
    }
    char dtype_text[256];
    char shape_text[1024];
    tool_format_dtype(dtype, dtype_text, sizeof dtype_text);
    tool_format_shape_tuple(&shape, shape_text, sizeof shape_text);
    print_indent(indent);
    printf("DTYPE %s\n", dtype_text);
    print_indent(indent);
    printf("SHAPE %s\n", shape_text);
    if (h5x_dataset_maxshape(dataset, &maxshape) == 0 && !shapes_equal(&maxshape, &shape))
        print_optional_shape("MAXSHAPE", &maxshape, indent);
    if (h5x_dataset_chunks(dataset, &chunks) == 0 && chunks.rank > 0)
        print_optional_shape("CHUNKS", &chunks, indent);
    char *filters = h5x_dataset_filters(dataset);
    if (filters != NULL && filters[0] != '\0') {
        print_indent(indent);
        printf("FILTERS %s\n", filters);
    }
    h5x_free(filters);

    tool_value_format format;
    int printable = tool_value_format_for(dtype, &format) == 0;
    format.file = dataset;
    if (printable && format.mem_size <= TOOL_VALUE_MEM_MAX) {
        unsigned char fill[TOOL_VALUE_MEM_MAX];
        char text[TOOL_VALUE_TEXT_MAX];
        if (h5x_dataset_fillvalue(dataset, format.mem_dtype, fill) == 1) {
            tool_value_text(&format, fill, text);
            h5x_reclaim(format.mem_dtype, fill, 1);
            print_indent(indent);
            printf("FILLVALUE %s\n", text);
        }
    }
    dump_attributes(walk, dataset, path, indent);

    if (!walk->header_only) {
        print_indent(indent);
        if (!printable) {
            printf("DATA (values of this dtype are not printed)\n");
        } else {
            printf("DATA {\n");
            tool_value_printer printer;
            tool_value_printer_init(&printer, stdout, &format, &shape, indent);
            int status = h5x_shape_size(&shape) > 0 ? stream_values(dataset, &shape, &format, &printer) : 0;
            tool_value_printer_finish(&printer);
            if (status < 0) {
                fflush(stdout);
                tool_fail_h5x("dump", walk->file_path, path);
                walk->failed = 1;
            }
            print_indent(indent);
            printf("}\n");
        }
    }
    h5x_close(dtype);
}

/* --------------------------------------------------------------- objects */

static void dump_object(dump_walk *walk, h5x_object *object, const char *label, const char *path, int indent,
                        const tool_ancestor *chain);

static void dump_group_body(dump_walk *walk, h5x_object *group, const char *path, int indent,
                            const tool_ancestor *chain)
{
    dump_attributes(walk, group, path, indent);
    char **names;
    size_t count;
    if (tool_group_members(group, &names, &count) < 0) {
        tool_fail_h5x("dump", walk->file_path, path);
        walk->failed = 1;
        return;
    }
    tool_ancestor here = {group, path, chain};
    for (size_t i = 0; i < count; i++) {
        char *member_path = tool_path_join(path, names[i]);
        if (member_path == NULL) {
            tool_fail("dump", "out of memory");
            walk->failed = 1;
            break;
        }
        h5x_link_info link;
        if (tool_member_link(group, names[i], &link) < 0) {
            tool_fail_h5x("dump", walk->file_path, member_path);
            walk->failed = 1;
        } else if (link.kind == H5X_LINK_SOFT) {
            print_indent(indent);
            printf("SOFTLINK \"%s\" {\n", names[i]);
            print_indent(indent + INDENT_STEP);
            printf("LINKTARGET \"%s\"\n", link.target_path ? link.target_path : "");
            print_indent(indent);
            printf("}\n");
        } else if (link.kind == H5X_LINK_EXTERNAL) {
            print_indent(indent);
            printf("EXTERNAL_LINK \"%s\" {\n", names[i]);
            print_indent(indent + INDENT_STEP);
            printf("TARGETFILE \"%s\"\n", link.target_file ? link.target_file : "");
            print_indent(indent + INDENT_STEP);
            printf("TARGETPATH \"%s\"\n", link.target_path ? link.target_path : "");
            print_indent(indent);
            printf("}\n");
        } else {
            h5x_object *member = h5x_open(group, names[i]);
            if (member != NULL) {
                dump_object(walk, member, names[i], member_path, indent, &here);
                h5x_close(member);
            } else {
                tool_fail_h5x("dump", walk->file_path, member_path);
                walk->failed = 1;
            }
        }
        tool_link_clear(&link);
        free(member_path);
    }
    h5x_free_names(names, count);
}

static void dump_object(dump_walk *walk, h5x_object *object, const char *label, const char *path, int indent,
                        const tool_ancestor *chain)
{
    fflush(stdout);
    print_indent(indent);
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_FILE:
    case H5X_KIND_GROUP: {
        printf("GROUP \"%s\" {\n", label);
        const char *same_as = tool_ancestor_find(chain, object);
        if (same_as != NULL) {
            print_indent(indent + INDENT_STEP);
            printf("HARDLINK \"%s\"\n", same_as);
        } else {
            dump_group_body(walk, object, path, indent + INDENT_STEP, chain);
        }
        break;
    }
    case H5X_KIND_DATASET:
        printf("DATASET \"%s\" {\n", label);
        dump_dataset_body(walk, object, path, indent + INDENT_STEP);
        break;
    case H5X_KIND_DATATYPE:
        printf("DATATYPE \"%s\" {\n", label);
        dump_attributes(walk, object, path, indent + INDENT_STEP);
        break;
    }
    print_indent(indent);
    printf("}\n");
}

static int dump_argument(const char *argument, int header_only)
{
    tool_location location;
    char error[512];
    if (tool_location_parse(argument, &location, error, sizeof error) < 0)
        return tool_fail("dump", "%s", error);
    h5x_object *file = h5x_file_open(location.file_uri, "r", NULL);
    h5x_object *top = file == NULL ? NULL : h5x_open(file, location.object_path);
    if (top == NULL) {
        tool_fail_h5x("dump", location.file_path, file == NULL ? NULL : location.object_path);
        h5x_close(file);
        tool_location_free(&location);
        return TOOL_EXIT_FAILURE;
    }
    dump_walk walk = {location.file_path, header_only, 0};
    printf("FILE \"%s\" {\n", location.file_uri);
    dump_object(&walk, top, location.object_path, location.object_path, 0, NULL);
    printf("}\n");
    h5x_close(top);
    h5x_close(file);
    tool_location_free(&location);
    return walk.failed ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
}

static int run_dump(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_dump, argc, argv, "H", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands == 0)
        return tool_usage_error(&tool_cmd_dump, "missing FILE operand");
    int status = TOOL_EXIT_OK;
    for (int i = 0; i < operands; i++) {
        if (dump_argument(argv[i], flags['H']) != TOOL_EXIT_OK)
            status = TOOL_EXIT_FAILURE;
    }
    return status;
}

const tool_command tool_cmd_dump = {
    "dump",
    "print dtypes, shapes, attributes and values",
    usage,
    run_dump,
};
