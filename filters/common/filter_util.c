/*
 * Small helpers every codec needs: error text, option splitting and
 * number parsing, thread defaults and big-endian fields.  Compiled into
 * each plugin, so a plugin depends on nothing but its codec library.
 */
#include "filter_plugin.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int h5x_filter_fail(h5x_filter_call *call, const char *format, ...)
{
    if (call && call->error && call->error_size > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(call->error, call->error_size, format, args);
        va_end(args);
    }
    return -1;
}

int h5x_filter_keeps_larger(const h5x_filter_call *call)
{
    if (!call || call->struct_size < offsetof(h5x_filter_call, keep_larger) + sizeof call->keep_larger)
        return 0;
    return call->keep_larger != 0;
}

unsigned char *h5x_filter_encode_buffer(const h5x_filter_call *call, size_t capacity)
{
    unsigned char *room = h5x_filter_call_room(call, capacity);
    return room ? room : malloc(capacity > 0 ? capacity : 1);
}

unsigned char *h5x_filter_decode_buffer(const h5x_filter_call *call, size_t nbytes)
{
    unsigned char *destination = h5x_filter_call_destination(call, nbytes);
    return destination ? destination : malloc(nbytes > 0 ? nbytes : 1);
}

static int is_callers(const h5x_filter_call *call, const unsigned char *buffer)
{
    return h5x_filter_call_has_destination(call) && buffer == call->destination;
}

void h5x_filter_drop_buffer(const h5x_filter_call *call, unsigned char *buffer)
{
    if (!is_callers(call, buffer))
        free(buffer);
}

int h5x_filter_give_buffer(const h5x_filter_call *call, unsigned char *buffer, size_t size, void **out,
                           size_t *out_size)
{
    unsigned char *shrunk = is_callers(call, buffer) ? buffer : realloc(buffer, size > 0 ? size : 1);
    *out = shrunk ? shrunk : buffer;
    *out_size = size;
    return 1;
}

int h5x_filter_default_threads(const char *env_name)
{
    const char *text = env_name ? getenv(env_name) : NULL;
    if (text && *text) {
        char *end = NULL;
        long n = strtol(text, &end, 10);
        if (end && *end == '\0' && n > 0 && n <= 1024)
            return (int)n;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        return 1;
    return cores > 1024 ? 1024 : (int)cores;
}

int h5x_filter_parse_int(const char *text, long min, long max, const char *what, long *value,
                         h5x_filter_call *call)
{
    if (!text || !*text)
        return h5x_filter_fail(call, "empty %s", what);
    const char *p = text;
    if (*p == '-' && min < 0)
        p++;
    if (*p < '0' || *p > '9')
        return h5x_filter_fail(call, "%s '%s' is not a number", what, text);
    errno = 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (errno != 0 || !end || *end != '\0')
        return h5x_filter_fail(call, "%s '%s' is not a number", what, text);
    if (n < min || n > max)
        return h5x_filter_fail(call, "%s %ld is out of range [%ld, %ld]", what, n, min, max);
    *value = n;
    return 0;
}

int h5x_filter_split_options(const char *text, char *storage, size_t storage_size, char **fields,
                             int max_fields, h5x_filter_call *call)
{
    if (!text || !*text)
        return 0;
    size_t length = strlen(text);
    if (length + 1 > storage_size)
        return h5x_filter_fail(call, "option text '%s' is too long", text);
    memcpy(storage, text, length + 1);
    int count = 0;
    char *field = storage;
    for (;;) {
        if (count == max_fields)
            return h5x_filter_fail(call, "option text '%s' has more than %d fields", text, max_fields);
        fields[count++] = field;
        char *colon = strchr(field, ':');
        if (!colon)
            break;
        *colon = '\0';
        field = colon + 1;
    }
    return count;
}

void h5x_store_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

void h5x_store_be64(unsigned char *p, uint64_t v)
{
    h5x_store_be32(p, (uint32_t)(v >> 32));
    h5x_store_be32(p + 4, (uint32_t)v);
}

uint32_t h5x_load_be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

uint64_t h5x_load_be64(const unsigned char *p)
{
    return ((uint64_t)h5x_load_be32(p) << 32) | h5x_load_be32(p + 4);
}
