/*
 * cmd_info.c — `h5x info`: what this installation of h5x can do.
 *
 * A connector or filter is a shared object found at run time, so the
 * answer to "why does my file not open" is often "the plugin was not
 * found" or "a different copy of it was".  info loads every plugin on the
 * search path, exactly as the library does when it needs one, and prints
 * where each came from, its version and, for connectors, what it can do
 * (the capability bits spelled out as words).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "h5x_connector.h"
#include "h5x_tool.h"

static const char usage[] =
    "usage: h5x info\n"
    "\n"
    "Prints the library version, the directories searched for plugins, and\n"
    "every connector and filter found there: name, version, description, the\n"
    "shared object it was loaded from, and a connector's capabilities.\n"
    "Plugins are searched on H5X_PLUGIN_PATH, then beside libh5x.\n";

static const struct {
    uint64_t bit;
    const char *word;
} capability_words[] = {
    {H5X_CAP_WRITE, "write"},
    {H5X_CAP_PERSISTENT, "persistent"},
    {H5X_CAP_CHUNKING, "chunking"},
    {H5X_CAP_FILTERS, "filters"},
    {H5X_CAP_RESIZE, "resize"},
    {H5X_CAP_TRACK_ORDER, "track-order"},
    {H5X_CAP_SOFT_LINKS, "soft-links"},
    {H5X_CAP_EXTERNAL_LINKS, "external-links"},
    {H5X_CAP_HARD_LINKS, "hard-links"},
    {H5X_CAP_REFERENCES, "references"},
    {H5X_CAP_DIMENSION_SCALES, "dimension-scales"},
    {H5X_CAP_VIRTUAL_DATASETS, "virtual-datasets"},
    {H5X_CAP_SWMR, "swmr"},
    {H5X_CAP_USERBLOCK, "userblock"},
    {H5X_CAP_LIBVER, "libver"},
    {H5X_CAP_COMMITTED_TYPES, "committed-types"},
    {H5X_CAP_VLEN, "vlen"},
    {H5X_CAP_NATIVE_HANDLES, "native-handles"},
    {H5X_CAP_POINT_SELECTIONS, "point-selections"},
    {H5X_CAP_OBJECT_TIMES, "object-times"},
};

static void print_capabilities(uint64_t capabilities)
{
    uint64_t known = 0;
    int printed = 0;
    printf("    capabilities:");
    for (size_t i = 0; i < sizeof capability_words / sizeof capability_words[0]; i++) {
        known |= capability_words[i].bit;
        if (capabilities & capability_words[i].bit) {
            printf(" %s", capability_words[i].word);
            printed = 1;
        }
    }
    /* bits from a newer connector ABI than this tool knows */
    if (capabilities & ~known) {
        printf(" 0x%" PRIx64, capabilities & ~known);
        printed = 1;
    }
    printf("%s\n", printed ? "" : " none");
}

static const char *or_unknown(const char *text)
{
    return text != NULL && text[0] != '\0' ? text : "(unknown)";
}

/* Plugins that the library carries inside itself have no file. */
static const char *plugin_file(const char *path)
{
    return path != NULL && path[0] != '\0' ? path : "(built into libh5x)";
}

static int print_search_path(void)
{
    char *path = h5x_plugin_search_path();
    if (path == NULL)
        return tool_fail_h5x("info", NULL, NULL);
    printf("plugin search path:\n");
    const char *dir = path;
    while (*dir != '\0') {
        size_t length = strcspn(dir, ":");
        if (length > 0)
            printf("  %.*s\n", (int)length, dir);
        dir += length;
        if (*dir == ':')
            dir++;
    }
    h5x_free(path);
    return TOOL_EXIT_OK;
}

static int print_connectors(void)
{
    int count = h5x_connector_count();
    if (count < 0)
        return tool_fail_h5x("info", NULL, NULL);
    printf("connectors (%d):\n", count);
    for (int i = 0; i < count; i++) {
        h5x_plugin_info info;
        if (h5x_connector_info(i, &info) < 0)
            return tool_fail_h5x("info", NULL, NULL);
        printf("  %s %s\n", or_unknown(info.name), or_unknown(info.version));
        if (info.description != NULL && info.description[0] != '\0')
            printf("    %s\n", info.description);
        printf("    path: %s\n", plugin_file(info.path));
        print_capabilities(info.capabilities);
    }
    return TOOL_EXIT_OK;
}

static int print_filters(void)
{
    int count = h5x_filter_count();
    if (count < 0)
        return tool_fail_h5x("info", NULL, NULL);
    int threads = h5x_config_get_filter_threads();
    printf("filters (%d), chunks filtered on %d thread%s:\n", count, threads, threads == 1 ? "" : "s");
    for (int i = 0; i < count; i++) {
        h5x_plugin_info info;
        if (h5x_filter_info(i, &info) < 0)
            return tool_fail_h5x("info", NULL, NULL);
        printf("  %s %s (id %d)\n", or_unknown(info.name), or_unknown(info.version), info.filter_id);
        if (info.description != NULL && info.description[0] != '\0')
            printf("    %s\n", info.description);
        printf("    path: %s\n", plugin_file(info.path));
    }
    return TOOL_EXIT_OK;
}

static int run_info(int argc, char **argv)
{
    unsigned char flags[128];
    int operands = tool_parse_flags(&tool_cmd_info, argc, argv, "", flags);
    if (operands < 0)
        return TOOL_EXIT_USAGE;
    if (operands > 0)
        return tool_usage_error(&tool_cmd_info, "unexpected argument '%s'", argv[0]);

    printf("h5x %s\n", H5X_VERSION_STRING);
    int status = print_search_path();
    if (status == TOOL_EXIT_OK)
        status = print_connectors();
    if (status == TOOL_EXIT_OK)
        status = print_filters();
    return status;
}

const tool_command tool_cmd_info = {
    "info",
    "library version, plugin search path, connectors and filters",
    usage,
    run_info,
};
