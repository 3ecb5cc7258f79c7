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
 * finite detour, which h5ls, too, simply prints again.
 *
 * Members are listed in name order, as h5ls does, so that output is the
 * same whatever order the file was written in.
 */
#include <stddef.h>

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
