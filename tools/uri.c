/*
 * uri.c — splitting "URI[/object/path]" command-line arguments.
 *
 * Every h5x subcommand names a file and, optionally, an object inside it,
 * in one argument, as h5ls and friends do:
 *
 *     data.h5                     the root group of data.h5
 *     data.h5/grp/ds              the object /grp/ds in data.h5
 *     native:data.h5/grp          a connector prefix, as h5x_file_open takes it
 *     core;backing_store=1:data.h5
 *     data.h5::/grp/ds            an explicit separator
 *
 * The connector prefix ("NAME[;OPTIONS]:") is kept with the file and passed
 * to h5x_file_open untouched.  What follows it is a file-system path that may
 * run on into the file: the file is the path up to its first component that
 * is not an existing directory, and the rest is the object path.  That rule
 * needs no probing of the file itself, finds existing files as well as new
 * ones (an h5x cp destination) and names that are patterns rather than files
 * (family:run-%d.h5/grp).  A connector whose names are not file-system paths
 * at all uses the explicit "::" separator, which always wins.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "h5x_tool.h"

static int is_connector_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the "NAME[;OPTIONS]:" prefix at the start of text, or 0.  A
 * "::" right after the name is the object separator, not a prefix. */
static size_t connector_prefix_length(const char *text)
{
    size_t i = 0;
    while (is_connector_name_char(text[i]))
        i++;
    if (i == 0)
        return 0;
    if (text[i] == ';') {
        while (text[i] != '\0' && text[i] != ':' && text[i] != '/')
            i++;
    }
    if (text[i] != ':' || text[i + 1] == ':')
        return 0;
    return i + 1;
}

static int is_directory(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* An absolute object path without empty components or a trailing slash. */
static char *normalise_object_path(const char *text)
{
    char *path = malloc(strlen(text) + 2);
    if (path == NULL)
        return NULL;
    size_t n = 0;
    const char *p = text;
    while (*p != '\0') {
        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        path[n++] = '/';
        while (*p != '\0' && *p != '/')
            path[n++] = *p++;
    }
    if (n == 0)
        path[n++] = '/';
    path[n] = '\0';
    return path;
}

/* Where the file part of a "path[/object]" ends: before the first
 * component that is not an existing directory. */
static size_t file_part_length(const char *path)
{
    size_t length = strlen(path);
    char *prefix = malloc(length + 1);
    if (prefix == NULL)
        return length;
    size_t end = 0;
    for (;;) {
        /* the next component runs from `end` (after any slashes) to the next slash */
        size_t start = end;
        while (path[start] == '/')
            start++;
        size_t stop = start;
        while (path[stop] != '\0' && path[stop] != '/')
            stop++;
        if (stop == start) {
            /* nothing left: the whole path is directories */
            free(prefix);
            return length;
        }
        memcpy(prefix, path, stop);
        prefix[stop] = '\0';
        if (!is_directory(prefix)) {
            free(prefix);
            return stop;
        }
        end = stop;
    }
}

static int fail(char *error, size_t error_size, const char *format, const char *argument)
{
    snprintf(error, error_size, format, argument);
    return -1;
}

int tool_location_parse(const char *argument, tool_location *location, char *error, size_t error_size)
{
    memset(location, 0, sizeof *location);
    size_t prefix = connector_prefix_length(argument);
    const char *rest = argument + prefix;
    if (rest[0] == '\0')
        return fail(error, error_size, "'%s' names no file", argument);

    size_t file_length;
    const char *object;
    const char *separator = strstr(rest, "::");
    if (separator != NULL) {
        file_length = (size_t)(separator - rest);
        object = separator + 2;
    } else {
        file_length = file_part_length(rest);
        object = rest + file_length;
        if (object[0] == '\0' && is_directory(rest))
            return fail(error, error_size, "'%s' is a directory, not a file", argument);
    }
    if (file_length == 0)
        return fail(error, error_size, "'%s' names no file", argument);

    location->file_uri = malloc(prefix + file_length + 1);
    location->file_path = malloc(file_length + 1);
    location->object_path = normalise_object_path(object);
    if (location->file_uri == NULL || location->file_path == NULL || location->object_path == NULL) {
        tool_location_free(location);
        return fail(error, error_size, "%s", strerror(ENOMEM));
    }
    memcpy(location->file_uri, argument, prefix + file_length);
    location->file_uri[prefix + file_length] = '\0';
    memcpy(location->file_path, rest, file_length);
    location->file_path[file_length] = '\0';
    return 0;
}

void tool_location_free(tool_location *location)
{
    free(location->file_uri);
    free(location->file_path);
    free(location->object_path);
    memset(location, 0, sizeof *location);
}

const char *tool_path_basename(const char *object_path)
{
    const char *slash = strrchr(object_path, '/');
    return slash == NULL ? object_path : slash + 1;
}

char *tool_path_join(const char *parent, const char *name)
{
    size_t parent_length = strlen(parent);
    while (parent_length > 0 && parent[parent_length - 1] == '/')
        parent_length--;
    size_t name_length = strlen(name);
    char *path = malloc(parent_length + name_length + 2);
    if (path == NULL)
        return NULL;
    memcpy(path, parent, parent_length);
    path[parent_length] = '/';
    memcpy(path + parent_length + 1, name, name_length + 1);
    return path;
}
