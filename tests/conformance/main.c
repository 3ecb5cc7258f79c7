/*
 * main.c — the conformance suite's command line.
 *
 *   conformance --connector NAME[;OPTIONS] [--section NAME]... [--tmpdir DIR]
 *               [--suffix TEXT] [--keep]
 *
 * Runs the named sections (all of them when none is named) against one
 * connector.  The connector's capabilities are taken from the registry, so
 * a third-party connector can be tested by putting its plugin on
 * H5X_PLUGIN_PATH and naming it here.  Files go to a fresh directory made
 * under --tmpdir (default $TMPDIR, else /tmp); it is removed after a run
 * without failures and kept, with its path printed, after a failing one.
 * --suffix sets how test file names end (".h5" by default; a connector that
 * splits files may want a member pattern such as "-%d.h5").
 *
 * Exit status: 0 when every check passed, 1 when one failed, 2 for a usage
 * error.  The last line of output is always "N passed, M failed".
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance.h"

typedef struct section {
    const char *name;
    void (*run)(conf_context *ctx);
} section;

static const section sections[] = {
    {"files", conformance_files},
    {"files_extra", conformance_files_extra},
    {"groups", conformance_groups},
    {"datasets", conformance_datasets},
    {"dtypes", conformance_dtypes},
    {"selections", conformance_selections},
    {"attributes", conformance_attributes},
    {"attributes_extra", conformance_attributes_extra},
    {"dimscales", conformance_dimscales},
    {"empty_and_scalar", conformance_empty_and_scalar},
    {"types", conformance_types},
    {"links", conformance_links},
    {"references", conformance_references},
    {"filters", conformance_filters},
    {"vds", conformance_vds},
};
#define SECTION_COUNT (sizeof sections / sizeof sections[0])

static int usage(const char *message)
{
    fprintf(stderr, "conformance: %s\n", message);
    fprintf(stderr, "usage: conformance --connector NAME[;OPTIONS] [--section NAME]... [--tmpdir DIR] "
                    "[--suffix TEXT] [--keep]\nsections:");
    for (size_t i = 0; i < SECTION_COUNT; i++)
        fprintf(stderr, " %s", sections[i].name);
    fprintf(stderr, "\n");
    return 2;
}

/* Finds the connector in the registry; 0 and its capabilities, or -1. */
static int find_connector(conf_context *ctx)
{
    h5x_clear_error();
    int count = h5x_connector_count();
    if (!CHECK_MSG(count > 0, "h5x_connector_count() gave %d", count))
        return -1;
    for (int i = 0; i < count; i++) {
        h5x_plugin_info info;
        memset(&info, 0, sizeof info);
        if (h5x_connector_info(i, &info) < 0 || !info.name)
            continue;
        if (strcmp(info.name, ctx->connector_name) == 0) {
            ctx->capabilities = info.capabilities;
            printf("connector %s %s (%s), capabilities 0x%" PRIx64 "\n", info.name, info.version ? info.version : "",
                   info.path ? info.path : "built in", info.capabilities);
            return 0;
        }
    }
    CHECK_MSG(0, "no connector named \"%s\" among the %d loaded", ctx->connector_name, count);
    return -1;
}

/* Removes the run directory with everything in it (a connector may keep a
 * file as a directory tree). */
static void remove_directory(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char child[8192];
        snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
        if (unlink(child) != 0)
            remove_directory(child);
    }
    closedir(dir);
    rmdir(path);
}

int main(int argc, char **argv)
{
    conf_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.connector_spec = "native";
    ctx.suffix = ".h5";
    const char *parent = getenv("TMPDIR");
    if (!parent || !parent[0])
        parent = "/tmp";
    int keep = 0;
    const char *wanted[SECTION_COUNT];
    size_t wanted_count = 0;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(arg, "--connector") == 0 && has_value)
            ctx.connector_spec = argv[++i];
        else if (strcmp(arg, "--section") == 0 && has_value) {
            const char *name = argv[++i];
            size_t s = 0;
            while (s < SECTION_COUNT && strcmp(sections[s].name, name) != 0)
                s++;
            if (s == SECTION_COUNT)
                return usage("unknown section");
            if (wanted_count < SECTION_COUNT)
                wanted[wanted_count++] = sections[s].name;
        } else if (strcmp(arg, "--tmpdir") == 0 && has_value)
            parent = argv[++i];
        else if (strcmp(arg, "--suffix") == 0 && has_value)
            ctx.suffix = argv[++i];
        else if (strcmp(arg, "--keep") == 0)
            keep = 1;
        else
            return usage("unknown or incomplete argument");
    }

    size_t name_length = strcspn(ctx.connector_spec, ";");
    if (name_length == 0 || name_length >= sizeof ctx.connector_name)
        return usage("bad connector name");
    memcpy(ctx.connector_name, ctx.connector_spec, name_length);
    ctx.connector_name[name_length] = '\0';

    snprintf(ctx.directory, sizeof ctx.directory, "%s/h5x-conformance-%s-XXXXXX", parent, ctx.connector_name);
    if (!mkdtemp(ctx.directory)) {
        CHECK_MSG(0, "mkdtemp(\"%s\") failed", ctx.directory);
        return harness_finish();
    }

    if (find_connector(&ctx) == 0) {
        for (size_t s = 0; s < SECTION_COUNT; s++) {
            int run = wanted_count == 0;
            for (size_t w = 0; w < wanted_count; w++)
                run |= strcmp(wanted[w], sections[s].name) == 0;
            if (run) {
                harness_section(sections[s].name);
                sections[s].run(&ctx);
            }
        }
    }

    if (harness_failures() == 0 && !keep)
        remove_directory(ctx.directory);
    else
        printf("files kept in %s\n", ctx.directory);
    return harness_finish();
}
