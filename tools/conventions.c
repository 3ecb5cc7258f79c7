/*
 * conventions.c — how every h5x subcommand talks to its user.
 *
 * A Unix tool is judged as much by its failures as by its output: messages
 * go to stderr, start with the program and subcommand name, name the file
 * and object involved, and the exit status tells a script what happened
 * (1: something failed at run time, 2: the command line was wrong, with the
 * usage text to show how to say it).  libh5x never prints anything; its
 * last error carries the message, the file and the object path, and this
 * file turns that into one line.
 *
 * Flags are single letters that may be combined ("-rf") and may come
 * before or after the operands, as GNU tools allow; "--" ends them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "h5x_tool.h"

int tool_fail(const char *command, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "h5x %s: ", command);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    return TOOL_EXIT_FAILURE;
}

/* A context string is worth printing when it is not empty and the
 * library's message does not already contain it. */
static int worth_naming(const char *context, const char *message)
{
    return context != NULL && context[0] != '\0' && strstr(message, context) == NULL;
}

int tool_fail_h5x(const char *command, const char *file, const char *object)
{
    const h5x_error_info *error = h5x_last_error();
    const char *message = error->message[0] != '\0' ? error->message : h5x_strerror(error->code);
    if (file == NULL || file[0] == '\0')
        file = error->file_path;
    if (object == NULL || object[0] == '\0')
        object = error->object_path;

    fprintf(stderr, "h5x %s: ", command);
    if (worth_naming(file, message))
        fprintf(stderr, "%s: ", file);
    if (worth_naming(object, message) && strcmp(object, "/") != 0)
        fprintf(stderr, "%s: ", object);
    fprintf(stderr, "%s\n", message);
    return TOOL_EXIT_FAILURE;
}

int tool_usage_error(const tool_command *command, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "h5x %s: ", command->name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, "\n\n%s", command->usage);
    return TOOL_EXIT_USAGE;
}

int tool_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

int tool_parse_flags(const tool_command *command, int argc, char **argv, const char *accepted,
                     unsigned char flags[128])
{
    int operands = 0;
    int options_ended = 0;
    memset(flags, 0, 128);
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (options_ended || arg[0] != '-' || arg[1] == '\0') {
            argv[operands++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_ended = 1;
            continue;
        }
        if (arg[1] == '-') {
            tool_usage_error(command, "unknown option '%s'", arg);
            return -1;
        }
        for (const char *letter = arg + 1; *letter != '\0'; letter++) {
            unsigned char c = (unsigned char)*letter;
            if (c >= 128 || strchr(accepted, c) == NULL) {
                tool_usage_error(command, "unknown option '-%c'", *letter);
                return -1;
            }
            flags[c] = 1;
        }
    }
    return operands;
}
