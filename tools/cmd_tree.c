/*
 * cmd_tree.c — `h5x tree`: the hierarchy of a file drawn as a tree.
 *
 * Where ls answers "what is in this group", tree shows the whole shape of
 * a file at a glance, the way tree(1) shows a directory:
 *
 *     data.h5  [2 attrs]
 *     ├── data  (4, 3, 2) <f4
 *     └── grp  [1 attr]
 *         └── x  (10,) <i8
 *
 * Datasets carry their shape as a Python tuple and their dtype as NumPy
 * spells it, so the picture matches what h5py would report; any object
 * with attributes carries their count.  Soft and external links are drawn
 * as "name -> /target" and "name -> file.h5::/path" and not followed; a
 * group hard-linked below itself is marked "(same as PATH)" and not
 * entered again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x_tool.h"

static const char usage[] =
    "usage: h5x tree FILE[/path]\n"
    "\n"
    "Draws the hierarchy below a group (the root group when no path is\n"
    "given) with its datasets' shapes and dtypes and the number of\n"
    "attributes of each object:\n"
    "\n"
    "    data.h5  [2 attrs]\n"
    "    ├── data  (4, 3, 2) <f4\n"
    "    └── grp  [1 attr]\n"
    "        └── x  (10,) <i8\n";

#define BRANCH "\u251c\u2500\u2500 " /* ├── */
#define LAST_BRANCH "\u2514\u2500\u2500 " /* └── */
#define CONTINUE "\u2502   "         /* │ */
#define BLANK "    "

typedef struct tree_walk {
    const char *file_path;
    int failed;
} tree_walk;

/* The text after an object's name: "  (4, 3) <f4  [2 attrs]". */
static int describe(h5x_object *object, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    h5x_object_kind kind = h5x_object_get_kind(object);
    if (kind == H5X_KIND_DATASET) {
        h5x_shape shape;
        if (h5x_dataset_shape(object, &shape) < 0)
            return -1;
        h5x_dtype *dtype = h5x_dataset_dtype(object);
        if (dtype == NULL)
            return -1;
        char shape_text[1024];
        char dtype_text[256];
        tool_format_shape_tuple(&shape, shape_text, sizeof shape_text);
        tool_format_dtype(dtype, dtype_text, sizeof dtype_text);
        h5x_close(dtype);
        int n = snprintf(out, size, "  %s %s", shape_text, dtype_text);
        used = n > 0 ? (size_t)n : 0;
    } else if (kind == H5X_KIND_DATATYPE) {
        int n = snprintf(out, size, "  (datatype)");
        used = n > 0 ? (size_t)n : 0;
    }
    int64_t attributes = h5x_attr_count(object);
    if (attributes < 0)
        return -1;
    if (attributes > 0 && used < size)
        snprintf(out + used, size - used, "  [%" PRId64 " attr%s]", attributes, attributes == 1 ? "" : "s");
    return 0;
}

static void draw_group(tree_walk *walk, h5x_object *group, const char *group_path, const char *prefix,
                       const tool_ancestor *chain);

static void draw_member(tree_walk *walk, h5x_object *group, const char *name, const char *path,
                        const char *prefix, int last, const tool_ancestor *chain)
{
    printf("%s%s%s", prefix, last ? LAST_BRANCH : BRANCH, name);
    h5x_link_info link;
    if (tool_member_link(group, name, &link) < 0) {
        printf("\n");
        tool_fail_h5x("tree", walk->file_path, path);
        walk->failed = 1;
        return;
    }
    if (link.kind == H5X_LINK_SOFT)
        printf(" -> %s\n", link.target_path ? link.target_path : "");
    else if (link.kind == H5X_LINK_EXTERNAL)
        printf(" -> %s::%s\n", link.target_file ? link.target_file : "", link.target_path ? link.target_path : "");
    int is_hard = link.kind == H5X_LINK_HARD;
    tool_link_clear(&link);
    if (!is_hard)
        return;

    h5x_object *member = h5x_open(group, name);
    if (member == NULL) {
        printf("\n");
        tool_fail_h5x("tree", walk->file_path, path);
        walk->failed = 1;
        return;
    }
    char text[1400];
    if (describe(member, text, sizeof text) < 0) {
        printf("\n");
        tool_fail_h5x("tree", walk->file_path, path);
        walk->failed = 1;
        h5x_close(member);
        return;
    }
    const char *same_as = NULL;
    if (h5x_object_get_kind(member) == H5X_KIND_GROUP)
        same_as = tool_ancestor_find(chain, member);
    if (same_as != NULL) {
        printf("%s  (same as %s)\n", text, same_as);
    } else {
        printf("%s\n", text);
        if (h5x_object_get_kind(member) == H5X_KIND_GROUP) {
            size_t length = strlen(prefix);
            char *child_prefix = malloc(length + sizeof CONTINUE);
            if (child_prefix == NULL) {
                tool_fail("tree", "out of memory");
                walk->failed = 1;
            } else {
                memcpy(child_prefix, prefix, length);
                strcpy(child_prefix + length, last ? BLANK : CONTINUE);
                draw_group(walk, member, path, child_prefix, chain);
                free(child_prefix);
            }
        }
    }
    h5x_close(member);
}

static void draw_group(tree_walk *walk, h5x_object *group, const char *group_path, const char *prefix,
                       const tool_ancestor *chain)
{
    char **names;
    size_t count;
    if (tool_group_members(group, &names, &count) < 0) {
        tool_fail_h5x("tree", walk->file_path, group_path);
        walk->failed = 1;
        return;
    }
    tool_ancestor here = {group, group_path, chain};
    for (size_t i = 0; i < count; i++) {
        char *path = tool_path_join(group_path, names[i]);
        if (path == NULL) {
            tool_fail("tree", "out of memory");
            walk->failed = 1;
            break;
        }
        draw_member(walk, group, names[i], path, prefix, i + 1 == count, &here);
        free(path);
    }
    h5x_free_names(names, count);
}

static int run_tree(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_tree, argc, argv, "", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands != 1)
        return tool_usage_error(&tool_cmd_tree, operands == 0 ? "missing FILE operand" : "too many operands");

    tool_location location;
    char error[512];
    if (tool_location_parse(argv[0], &location, error, sizeof error) < 0)
        return tool_fail("tree", "%s", error);
    h5x_object *file = h5x_file_open(location.file_uri, "r", NULL);
    h5x_object *top = file == NULL ? NULL : h5x_open(file, location.object_path);
    if (top == NULL) {
        tool_fail_h5x("tree", location.file_path, file == NULL ? NULL : location.object_path);
        h5x_close(file);
        tool_location_free(&location);
        return TOOL_EXIT_FAILURE;
    }

    tree_walk walk = {location.file_path, 0};
    char text[1400];
    if (describe(top, text, sizeof text) < 0) {
        tool_fail_h5x("tree", location.file_path, location.object_path);
        walk.failed = 1;
    } else {
        printf("%s%s\n", argv[0], text);
        h5x_object_kind kind = h5x_object_get_kind(top);
        if (kind == H5X_KIND_FILE || kind == H5X_KIND_GROUP)
            draw_group(&walk, top, location.object_path, "", NULL);
    }
    h5x_close(top);
    h5x_close(file);
    tool_location_free(&location);
    return walk.failed ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
}

const tool_command tool_cmd_tree = {
    "tree",
    "draw the hierarchy of a file as a tree",
    usage,
    run_tree,
};
