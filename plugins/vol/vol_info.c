/*
 * vol_info.c — parsing the VOL info string (see vol_info.h).
 *
 * The grammar is small on purpose: leading and trailing blanks are
 * ignored, an optional "connector=" introduces the spec, and the spec
 * itself is NAME[;KEY=VALUE]... with NAME made of [A-Za-z0-9_].  Keys and
 * values are checked only for shape here (a key before every '=', no empty
 * items); their meaning belongs to the connector, which libh5x asks when
 * the file is opened, so that one message names an unknown key for every
 * way of choosing a connector.
 */
#include "vol_info.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char connector_key[] = "connector=";

static int fail(char *message, size_t message_size, const char *format, ...)
{
    if (message_size > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(message, message_size, format, args);
        va_end(args);
    }
    return -1;
}

static int is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Checks one KEY=VALUE item of length n. */
static int check_option(const char *item, size_t n, char *message, size_t message_size)
{
    const char *equals = memchr(item, '=', n);
    if (n == 0)
        return fail(message, message_size, "empty option between ';' in the h5x VOL info string");
    if (equals == NULL)
        return fail(message, message_size, "option '%.*s' in the h5x VOL info string has no '=VALUE'", (int)n,
                    item);
    if (equals == item)
        return fail(message, message_size, "option '%.*s' in the h5x VOL info string has no key", (int)n, item);
    for (const char *c = item; c < equals; c++)
        if (!is_name_char(*c))
            return fail(message, message_size, "option key '%.*s' in the h5x VOL info string is not [A-Za-z0-9_]",
                        (int)(equals - item), item);
    return 0;
}

int vol_info_parse(const char *text, vol_info *info, char *message, size_t message_size)
{
    if (message_size > 0)
        message[0] = '\0';
    if (info == NULL)
        return fail(message, message_size, "no place for the parsed h5x VOL info");
    info->connector_spec = NULL;
    if (text == NULL)
        return 0;

    const char *start = text;
    const char *end = text + strlen(text);
    while (start < end && isspace((unsigned char)*start))
        start++;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    if (start == end)
        return 0;
    if ((size_t)(end - start) >= sizeof connector_key - 1 &&
        strncmp(start, connector_key, sizeof connector_key - 1) == 0)
        start += sizeof connector_key - 1;
    if (start == end)
        return fail(message, message_size, "the h5x VOL info string '%s' names no connector after 'connector='",
                    text);

    const char *name_end = start;
    while (name_end < end && is_name_char(*name_end))
        name_end++;
    if (name_end == start || !isalpha((unsigned char)*start))
        return fail(message, message_size,
                    "the h5x VOL info string '%s' does not start with a connector name "
                    "(connector=NAME[;KEY=VALUE]...)",
                    text);
    if (name_end < end && *name_end != ';')
        return fail(message, message_size, "unexpected '%c' after the connector name '%.*s' in the h5x VOL info string",
                    *name_end, (int)(name_end - start), start);

    for (const char *item = name_end; item < end;) {
        item++; /* the ';' */
        const char *next = memchr(item, ';', (size_t)(end - item));
        if (next == NULL)
            next = end;
        if (check_option(item, (size_t)(next - item), message, message_size) < 0)
            return -1;
        item = next;
    }

    size_t length = (size_t)(end - start);
    char *spec = malloc(length + 1);
    if (spec == NULL)
        return fail(message, message_size, "out of memory parsing the h5x VOL info string");
    memcpy(spec, start, length);
    spec[length] = '\0';
    info->connector_spec = spec;
    return 0;
}

char *vol_info_to_string(const vol_info *info)
{
    const char *spec = info != NULL && info->connector_spec != NULL ? info->connector_spec : NULL;
    size_t length = spec != NULL ? sizeof connector_key - 1 + strlen(spec) : 0;
    char *text = malloc(length + 1);
    if (text == NULL)
        return NULL;
    if (spec != NULL)
        snprintf(text, length + 1, "%s%s", connector_key, spec);
    else
        text[0] = '\0';
    return text;
}

int vol_info_copy(const vol_info *from, vol_info *to)
{
    to->connector_spec = NULL;
    if (from == NULL || from->connector_spec == NULL)
        return 0;
    to->connector_spec = strdup(from->connector_spec);
    return to->connector_spec != NULL ? 0 : -1;
}

void vol_info_clear(vol_info *info)
{
    if (info == NULL)
        return;
    free(info->connector_spec);
    info->connector_spec = NULL;
}
