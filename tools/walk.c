/*
 * walk.c — what the recursive subcommands (ls -r, tree, dump, cp) need to
 * walk a hierarchy safely.
 *
 * An HDF5 hierarchy is a graph, not a tree: a hard or soft link may point
 * at a group above itself, and a naive recursion would never end.  Each
 * walk carries the chain of groups it descended through; a group that is
 * the same object as one of them (h5x_object_equal, which compares the
 * objects' identities in the file) is reported as a cycle and not entered.
 * Only the ancestors need checking: anything else reached twice is a
 * finite detour, which h5ls, too, simply prints again.  Soft and external
 * links are shown as links, not followed, as h5ls does; so only hard links
 * can lead back up.
 *
 * Members are listed in name order, as h5ls does, so that output is the
 * same whatever order the file was written in.
 */
#include <stddef.h>
#include <string.h>

#include "h5x_tool.h"

const char *tool_ancestor_find(const tool_ancestor *chain, h5x_object *group)
{
    for (const tool_ancestor *a = chain; a != NULL; a = a->parent) {
        if (h5x_object_equal(a->group, group) == 1)
            return a->path;
    }
    return NULL;
}

int tool_group_members(h5x_object *group, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    int status = h5x_group_names(group, H5X_ORDER_NAME, names, count);
    return status < 0 ? status : 0;
}

int tool_member_link(h5x_object *group, const char *name, h5x_link_info *link)
{
    int status = h5x_link_get_info(group, name, link);
    if (status == H5X_ERR_NOT_SUPPORTED) {
        h5x_clear_error();
        memset(link, 0, sizeof *link);
        link->kind = H5X_LINK_HARD;
        return 0;
    }
    return status < 0 ? status : 0;
}

void tool_link_clear(h5x_link_info *link)
{
    h5x_free(link->target_path);
    h5x_free(link->target_file);
    memset(link, 0, sizeof *link);
}
