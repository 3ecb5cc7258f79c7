/*
 * h5x_main.c — the h5x command: finds the subcommand and runs it.
 *
 * `h5x CMD ARGS...` hands ARGS to one of the subcommands listed below, each
 * in a file of its own (cmd_*.c).  Help is reachable three ways, as users
 * of git and friends expect: `h5x --help`, `h5x help CMD` and
 * `h5x CMD --help`.  Help that was asked for goes to stdout with status 0;
 * help shown because the command line was wrong goes to stderr with
 * status 2.
 */
#include <stdio.h>
#include <string.h>

#include "h5x_tool.h"

static const tool_command *const commands[] = {
    &tool_cmd_info, &tool_cmd_env, &tool_cmd_ls, &tool_cmd_tree, &tool_cmd_dump, &tool_cmd_cp,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
    fprintf(out, "usage: h5x <command> [options] [arguments]\n"
                 "       h5x help <command>\n"
                 "       h5x --version\n"
                 "\n"
                 "Commands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-6s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n"
                 "Files and objects are named FILE[/path/in/file] or FILE::/path/in/file,\n"
                 "where FILE may carry a connector prefix: native:data.h5,\n"
                 "core;backing_store=1:data.h5.  The file is the part of the argument up\n"
                 "to its first component that is not a directory; \"::\" separates the\n"
                 "two explicitly.\n"
                 "\n"
                 "Exit status: 0 success, 1 failure, 2 usage error.\n"
                 "Run 'h5x help <command>' for the options of a command.\n");
}

static const tool_command *find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    }
    return NULL;
}

static int run_help(int argc, char **argv)
{
    if (argc < 3) {
        print_usage(stdout);
        return TOOL_EXIT_OK;
    }
    const tool_command *command = find_command(argv[2]);
    if (command == NULL) {
        fprintf(stderr, "h5x help: unknown command '%s'\n\n", argv[2]);
        print_usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    fputs(command->usage, stdout);
    return TOOL_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_usage(stdout);
        return TOOL_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("h5x %s\n", H5X_VERSION_STRING);
        return TOOL_EXIT_OK;
    }
    if (strcmp(name, "help") == 0)
        return run_help(argc, argv);

    const tool_command *command = find_command(name);
    if (command == NULL) {
        fprintf(stderr, "h5x: unknown command '%s'\n\n", name);
        print_usage(stderr);
        return TOOL_EXIT_USAGE;
    }
    if (tool_wants_help(argc - 1, argv + 1)) {
        fputs(command->usage, stdout);
        return TOOL_EXIT_OK;
    }
    int status = command->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        /* a full disk or a closed pipe must not look like success */
        if (status == TOOL_EXIT_OK)
            fprintf(stderr, "h5x %s: error writing to standard output\n", name);
        return status == TOOL_EXIT_OK ? TOOL_EXIT_FAILURE : status;
    }
    return status;
}
