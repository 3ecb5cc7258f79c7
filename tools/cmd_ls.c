/*
 * cmd_ls.c — `h5x ls`: the members of a group, one line each, as h5ls
 * prints them.
 *
 * The line format is h5ls's, so that eyes and scripts used to h5ls read it
 * unchanged: the name padded to 24 columns, then the kind — "Group",
 * "Dataset {10/Inf, 20}" (each axis, with "/max" when the maximum differs,
 * "Inf" when unlimited), "Dataset {SCALAR}", "Dataset {NULL}", "Type".
 * With -r the walk goes down depth first and prints paths from the root of
 * the file; a group met again below itself is printed as "Group, same as
 * PATH" and not entered.  Soft and external links are listed as links
 * ("Soft Link {/target}", "External Link {file//path}"), never followed,
 * so a dangling one is no error.  An object that cannot be read is
 * reported on stderr, the listing goes on, and the exit status is 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x_tool.h"

static const char usage[] =
    "usage: h5x ls [-r] FILE[/path]...\n"
    "\n"
    "Lists the members of a group (the root group when no path is given), or\n"
    "describes one dataset, in h5ls's format:\n"
    "\n"
    "    data                     Dataset {10/Inf, 20}\n"
    "    grp                      Group\n"
    "\n"
    "  -r   recursive: every object below, by its full path\n"
    "\n"
    "FILE may carry a connector prefix (native:data.h5); FILE::/path separates\n"
    "the object path explicitly.\n";

typedef struct ls_walk {
    const char *file_path; /* for messages */
    int recursive;
    int failed;
} ls_walk;

/* The kind column of a line: "Group", "Dataset {4, 3}", "Type". */
static int describe(h5x_object *object, char *out, size_t size)
{
    switch (h5x_object_get_kind(object)) {
    case H5X_KIND_FILE:
    case H5X_KIND_GROUP:
        snprintf(out, size, "Group");
        return 0;
    case H5X_KIND_DATATYPE:
        snprintf(out, size, "Type");
        return 0;
    case H5X_KIND_DATASET: {
        h5x_shape shape;
        h5x_shape maxshape;
        if (h5x_dataset_shape(object, &shape) < 0)
            return -1;
        if (h5x_dataset_maxshape(object, &maxshape) < 0)
            maxshape = shape;
        char text[1024];
        tool_format_shape_h5ls(&shape, &maxshape, text, sizeof text);
        snprintf(out, size, "Dataset %s", text);
        return 0;
    }
    }
    snprintf(out, size, "Unknown");
    return 0;
}

static void print_line(const char *name, const char *kind)
{
    printf("%-24s %s\n", name, kind);
}

static void list_group(ls_walk *walk, h5x_object *group, const char *group_path, const tool_ancestor *chain);

/* One member of a group: its line, and with -r everything below it. */
static void list_member(ls_walk *walk, h5x_object *group, const char *name, const char *path,
                        const tool_ancestor *chain)
{
    const char *label = walk->recursive ? path : name;
    char kind[1100];
    h5x_link_info link;
    if (tool_member_link(group, name, &link) < 0) {
        tool_fail_h5x("ls", walk->file_path, path);
        walk->failed = 1;
        return;
    }
    if (link.kind == H5X_LINK_SOFT) {
        snprintf(kind, sizeof kind, "Soft Link {%s}", link.target_path ? link.target_path : "");
        print_line(label, kind);
    } else if (link.kind == H5X_LINK_EXTERNAL) {
        snprintf(kind, sizeof kind, "External Link {%s/%s}", link.target_file ? link.target_file : "",
                 link.target_path ? link.target_path : "");
        print_line(label, kind);
    }
    int is_hard = link.kind == H5X_LINK_HARD;
    tool_link_clear(&link);
    if (!is_hard)
        return;

    h5x_object *member = h5x_open(group, name);
    if (member == NULL || describe(member, kind, sizeof kind) < 0) {
        tool_fail_h5x("ls", walk->file_path, path);
        walk->failed = 1;
        h5x_close(member);
        return;
    }
    int is_group = h5x_object_get_kind(member) == H5X_KIND_GROUP;
    const char *same_as = is_group && walk->recursive ? tool_ancestor_find(chain, member) : NULL;
    if (same_as != NULL) {
        snprintf(kind, sizeof kind, "Group, same as %s", same_as);
        print_line(label, kind);
    } else {
        print_line(label, kind);
        if (is_group && walk->recursive)
            list_group(walk, member, path, chain);
    }
    h5x_close(member);
}

static void list_group(ls_walk *walk, h5x_object *group, const char *group_path, const tool_ancestor *chain)
{
    char **names;
    size_t count;
    if (tool_group_members(group, &names, &count) < 0) {
        tool_fail_h5x("ls", walk->file_path, group_path);
        walk->failed = 1;
        return;
    }
    tool_ancestor here = {group, group_path, chain};
    for (size_t i = 0; i < count; i++) {
        char *path = tool_path_join(group_path, names[i]);
        if (path == NULL) {
            tool_fail("ls", "out of memory");
            walk->failed = 1;
            break;
        }
        list_member(walk, group, names[i], path, &here);
        free(path);
    }
    h5x_free_names(names, count);
}

static int list_argument(const char *argument, int recursive)
{
    tool_location location;
    char error[512];
    if (tool_location_parse(argument, &location, error, sizeof error) < 0)
        return tool_fail("ls", "%s", error);

    ls_walk walk = {location.file_path, recursive, 0};
    h5x_object *file = h5x_file_open(location.file_uri, "r", NULL);
    h5x_object *object = file == NULL ? NULL : h5x_open(file, location.object_path);
    if (file == NULL || object == NULL) {
        tool_fail_h5x("ls", location.file_path, file == NULL ? NULL : location.object_path);
        h5x_close(file);
        tool_location_free(&location);
        return TOOL_EXIT_FAILURE;
    }

    h5x_object_kind kind = h5x_object_get_kind(object);
    if (kind == H5X_KIND_FILE || kind == H5X_KIND_GROUP) {
        if (recursive)
            print_line(location.object_path, "Group");
        list_group(&walk, object, location.object_path, NULL);
    } else {
        char text[1100];
        const char *name = recursive ? location.object_path : tool_path_basename(location.object_path);
        if (describe(object, text, sizeof text) < 0) {
            tool_fail_h5x("ls", location.file_path, location.object_path);
            walk.failed = 1;
        } else {
            print_line(name, text);
        }
    }
    h5x_close(object);
    h5x_close(file);
    tool_location_free(&location);
    return walk.failed ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
}

static int run_ls(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_ls, argc, argv, "r", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands == 0)
        return tool_usage_error(&tool_cmd_ls, "missing FILE operand");

    int status = TOOL_EXIT_OK;
    for (int i = 0; i < operands; i++) {
        if (operands > 1)
            printf("%s%s:\n", i > 0 ? "\n" : "", argv[i]);
        if (list_argument(argv[i], flags['r']) != TOOL_EXIT_OK)
            status = TOOL_EXIT_FAILURE;
    }
    return status;
}

const tool_command tool_cmd_ls = {
    "ls",
    "list the members of a group, as h5ls does",
    usage,
    run_ls,
};
