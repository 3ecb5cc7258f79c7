/*
 * Filter chains as text: "shuffle,gzip:6", "blosc:lz4:5:shuffle", "32015:9".
 *
 * A chain is the list of HDF5 filters applied to each chunk, first to
 * last when writing.  Each filter is NAME[:OPTIONS] — a built-in name
 * (gzip, shuffle, fletcher32, szip, nbit, scaleoffset) or a filter plugin,
 * whose own parse_options reads the options — or ID[:V1:V2...], an HDF5
 * filter id with its client values given raw, for filters h5x does not
 * know by name.  Parsing yields HDF5's own description (id, flags, client
 * values), so that what a connector stores is what HDF5 would store;
 * formatting goes back from client values to the shortest text that
 * parses to the same filter.
 *
 * Built-in options follow h5py: gzip takes a level 0-9 (default 4); szip
 * takes a coding method nn|ec and pixels per block (default nn:8);
 * scaleoffset takes a factor, which is the integer minimum bits or the
 * float decimal scale depending on the dataset's type, as h5py's
 * scaleoffset=N does, or an explicit scale type first (int, dscale,
 * escale: H5Pset_scaleoffset's H5Z_SO_*).
 */
#include "error.h"
#include "filter_registry.h"
#include "h5x.h"
#include "h5x_connector.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SZIP_EC_OPTION_MASK = 4, SZIP_NN_OPTION_MASK = 32, SZIP_DEFAULT_PIXELS = 8, DEFLATE_DEFAULT_LEVEL = 4 };
/* H5Z_SO_scale_type_t, in order */
static const char *const scale_types[] = {"dscale", "escale", "int"};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int parse_long(const char *text, long min, long max, long *value)
{
    if (!*text)
        return -1;
    errno = 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (errno || !end || *end || n < min || n > max)
        return -1;
    *value = n;
    return 0;
}

/* Splits options at ':' in place; returns the field count or -1. */
static int split_fields(char *options, char **fields, int max_fields)
{
    if (!*options)
        return 0;
    int count = 0;
    for (char *p = options;;) {
        if (count == max_fields)
            return -1;
        fields[count++] = trim(p);
        char *colon = strchr(p, ':');
        if (!colon)
            break;
        *colon = '\0';
        p = colon + 1;
    }
    return count;
}

static int option_error(const char *name, const char *options, const char *expected)
{
    return h5x_error(H5X_ERR_OPTION, "filter '%s': bad options '%s' (expected %s)", name, options, expected);
}

static int parse_builtin(const h5x_builtin_filter *builtin, char *options, h5x_filter_spec *spec)
{
    char original[256];
    snprintf(original, sizeof original, "%s", options);
    char *fields[4];
    int n = split_fields(options, fields, 4);
    long value;
    switch (builtin->id) {
    case H5X_FILTER_DEFLATE:
        value = DEFLATE_DEFAULT_LEVEL;
        if (n > 1 || (n == 1 && parse_long(fields[0], 0, 9, &value) != 0))
            return option_error(builtin->name, original, "a level 0-9, e.g. gzip:6");
        spec->values[0] = (unsigned)value;
        spec->nvalues = 1;
        return 0;
    case H5X_FILTER_SHUFFLE:
    case H5X_FILTER_FLETCHER32:
    case H5X_FILTER_NBIT:
        if (n != 0)
            return option_error(builtin->name, original, "no options");
        spec->nvalues = 0;
        return 0;
    case H5X_FILTER_SZIP: {
        unsigned mask = SZIP_NN_OPTION_MASK;
        long pixels = SZIP_DEFAULT_PIXELS;
        int i = 0;
        if (n < 0 || n > 2)
            return option_error(builtin->name, original, "[nn|ec][:PIXELS_PER_BLOCK]");
        if (i < n && (strcmp(fields[i], "nn") == 0 || strcmp(fields[i], "ec") == 0))
            mask = strcmp(fields[i++], "nn") == 0 ? SZIP_NN_OPTION_MASK : SZIP_EC_OPTION_MASK;
        if (i < n && (parse_long(fields[i++], 2, 32, &pixels) != 0 || pixels % 2 != 0))
            return option_error(builtin->name, original, "an even number of pixels per block, 2-32");
        if (i != n)
            return option_error(builtin->name, original, "[nn|ec][:PIXELS_PER_BLOCK]");
        spec->values[0] = mask;
        spec->values[1] = (unsigned)pixels;
        spec->nvalues = 2;
        return 0;
    }
    case H5X_FILTER_SCALEOFFSET: {
        if (n == 0) {
            spec->values[0] = 0;
            spec->nvalues = 1;
            return 0;
        }
        int type = -1;
        if (n == 2)
            for (int t = 0; t < 3; t++)
                if (strcmp(fields[0], scale_types[t]) == 0)
                    type = t;
        long factor;
        if (n > 2 || (n == 2 && type < 0) || parse_long(fields[n - 1], INT_MIN, INT_MAX, &factor) != 0)
            return option_error(builtin->name, original, "[int|dscale|escale:]FACTOR, e.g. scaleoffset:2");
        if (n == 1) {
            spec->values[0] = (unsigned)(int)factor;
            spec->nvalues = 1;
        } else {
            spec->values[0] = (unsigned)type;
            spec->values[1] = (unsigned)(int)factor;
            spec->nvalues = 2;
        }
        return 0;
    }
    default:
        return h5x_error(H5X_ERR_OPTION, "filter '%s' cannot be named in a chain", builtin->name);
    }
}

static int parse_raw(const char *id_text, char *options, h5x_filter_spec *spec)
{
    long id;
    if (parse_long(id_text, 1, 65535, &id) != 0)
        return h5x_error(H5X_ERR_OPTION, "filter id %s is outside HDF5's range 1-65535", id_text);
    char original[512];
    snprintf(original, sizeof original, "%s", options);
    char *fields[H5X_FILTER_MAX_CLIENT_VALUES + 1];
    int n = split_fields(options, fields, H5X_FILTER_MAX_CLIENT_VALUES);
    if (n < 0)
        return h5x_error(H5X_ERR_OPTION, "filter %ld: more than %d client values", id, H5X_FILTER_MAX_CLIENT_VALUES);
    for (int i = 0; i < n; i++) {
        long value;
        if (parse_long(fields[i], INT_MIN, (long)UINT_MAX, &value) != 0)
            return h5x_error(H5X_ERR_OPTION, "filter %ld: client value '%s' in '%s' is not an integer", id,
                             fields[i], original);
        spec->values[i] = (unsigned)value;
    }
    spec->nvalues = (size_t)n;
    spec->id = (int)id;
    const h5x_builtin_filter *builtin = h5x_builtin_filter_by_id(spec->id);
    const h5x_filter_class *plugin = builtin ? NULL : h5x_filter_plugin_by_id(spec->id, 1);
    if (builtin)
        snprintf(spec->name, sizeof spec->name, "%s", builtin->name);
    else if (plugin)
        snprintf(spec->name, sizeof spec->name, "%s", plugin->name);
    else
        snprintf(spec->name, sizeof spec->name, "%d", spec->id);
    return 0;
}

static int parse_plugin(const char *name, const char *options, h5x_filter_spec *spec)
{
    const h5x_filter_class *plugin = h5x_filter_plugin_by_name(name);
    if (!plugin)
        return h5x_error_code();
    char message[512] = "";
    h5x_filter_call call = {sizeof call, 0, message, sizeof message, 0, NULL, 0};
    size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
    if (plugin->parse_options(options, spec->values, &count, &call) != 0)
        return h5x_error(H5X_ERR_OPTION, "filter '%s': %s", name, message[0] ? message : "bad options");
    if (count > H5X_FILTER_MAX_CLIENT_VALUES)
        return h5x_error(H5X_ERR_PLUGIN, "filter '%s' returned %zu client values", name, count);
    spec->nvalues = count;
    spec->id = plugin->id;
    snprintf(spec->name, sizeof spec->name, "%s", plugin->name);
    return 0;
}

static int parse_one(char *item, h5x_filter_spec *spec)
{
    char *colon = strchr(item, ':');
    char *options = colon ? colon + 1 : item + strlen(item);
    if (colon)
        *colon = '\0';
    char *name = trim(item);
    options = trim(options);
    memset(spec, 0, sizeof *spec);
    if (!*name)
        return h5x_error(H5X_ERR_OPTION, "a filter without a name");
    if (all_digits(name))
        return parse_raw(name, options, spec);
    const h5x_builtin_filter *builtin = h5x_builtin_filter_by_name(name);
    if (builtin) {
        spec->id = builtin->id;
        snprintf(spec->name, sizeof spec->name, "%s", builtin->name);
        return parse_builtin(builtin, options, spec);
    }
    if (strlen(name) >= sizeof spec->name)
        return h5x_error(H5X_ERR_OPTION, "filter name '%s' is too long", name);
    return parse_plugin(name, options, spec);
}

int h5x_filter_chain_parse(const char *text, h5x_filter_chain *chain)
{
    if (!text || !chain)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_filter_chain_parse: NULL argument");
    memset(chain, 0, sizeof *chain);
    char *copy = strdup(text);
    if (!copy)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    int rc = 0;
    if (*trim(copy)) {
        char *item = copy;
        for (;;) {
            char *comma = strchr(item, ',');
            if (comma)
                *comma = '\0';
            if (chain->count == H5X_MAX_FILTERS) {
                rc = h5x_error(H5X_ERR_OPTION, "filter chain '%s' has more than %d filters", text, H5X_MAX_FILTERS);
                break;
            }
            if (!*trim(item)) {
                rc = h5x_error(H5X_ERR_OPTION, "filter chain '%s' has an empty entry", text);
                break;
            }
            h5x_filter_spec *spec = &chain->filters[chain->count];
            if ((rc = parse_one(item, spec)) != 0) {
                h5x_error_prefix("filter chain '%s'", text);
                break;
            }
            spec->flags = spec->id == H5X_FILTER_FLETCHER32 ? 0 : H5X_FILTER_FLAG_OPTIONAL;
            for (size_t i = 0; i < chain->count; i++)
                if (chain->filters[i].id == spec->id)
                    rc = h5x_error(H5X_ERR_OPTION, "filter chain '%s' names filter '%s' twice", text, spec->name);
            if (rc != 0)
                break;
            chain->count++;
            if (!comma)
                break;
            item = comma + 1;
        }
    }
    free(copy);
    if (rc != 0)
        memset(chain, 0, sizeof *chain);
    return rc;
}

/* Appends text to a growing buffer. */
typedef struct text_buffer {
    char *data;
    size_t length, capacity;
    int failed;
} text_buffer;

static void append(text_buffer *buffer, const char *text)
{
    size_t n = strlen(text);
    if (buffer->failed)
        return;
    if (buffer->length + n + 1 > buffer->capacity) {
        size_t capacity = (buffer->length + n + 1) * 2;
        char *grown = realloc(buffer->data, capacity);
        if (!grown) {
            buffer->failed = 1;
            return;
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, text, n + 1);
    buffer->length += n;
}

static void append_raw(text_buffer *buffer, const h5x_filter_spec *spec)
{
    char piece[32];
    snprintf(piece, sizeof piece, "%d", spec->id);
    append(buffer, piece);
    for (size_t i = 0; i < spec->nvalues && i < H5X_FILTER_MAX_CLIENT_VALUES; i++) {
        snprintf(piece, sizeof piece, ":%u", spec->values[i]);
        append(buffer, piece);
    }
}

static void append_builtin(text_buffer *buffer, const h5x_builtin_filter *builtin, const h5x_filter_spec *spec)
{
    char piece[64];
    append(buffer, builtin->name);
    switch (builtin->id) {
    case H5X_FILTER_DEFLATE:
        snprintf(piece, sizeof piece, ":%u", spec->nvalues > 0 ? spec->values[0] : DEFLATE_DEFAULT_LEVEL);
        append(buffer, piece);
        break;
    case H5X_FILTER_SZIP:
        if (spec->nvalues >= 2) {
            snprintf(piece, sizeof piece, ":%s:%u", (spec->values[0] & SZIP_EC_OPTION_MASK) ? "ec" : "nn",
                     spec->values[1]);
            append(buffer, piece);
        }
        break;
    case H5X_FILTER_SCALEOFFSET:
        if (spec->nvalues == 1) {
            snprintf(piece, sizeof piece, ":%d", (int)spec->values[0]);
            append(buffer, piece);
        } else if (spec->nvalues >= 2 && spec->values[0] < 3) {
            snprintf(piece, sizeof piece, ":%s:%d", scale_types[spec->values[0]], (int)spec->values[1]);
            append(buffer, piece);
        }
        break;
    default: /* shuffle, fletcher32, nbit: their values are derived from the dataset */
        break;
    }
}

int h5x_filter_chain_format(const h5x_filter_chain *chain, char **text)
{
    if (!chain || !text)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "h5x_filter_chain_format: NULL argument");
    if (chain->count > H5X_MAX_FILTERS)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "filter chain of %zu filters (at most %d)", chain->count,
                         H5X_MAX_FILTERS);
    text_buffer buffer = {NULL, 0, 0, 0};
    append(&buffer, "");
    for (size_t i = 0; i < chain->count; i++) {
        const h5x_filter_spec *spec = &chain->filters[i];
        if (i > 0)
            append(&buffer, ",");
        const h5x_builtin_filter *builtin = h5x_builtin_filter_by_id(spec->id);
        if (builtin) {
            append_builtin(&buffer, builtin, spec);
            continue;
        }
        const h5x_filter_class *plugin = h5x_filter_plugin_by_id(spec->id, 1);
        char options[256];
        if (plugin && plugin->format_options &&
            plugin->format_options(spec->values, spec->nvalues, options, sizeof options) == 0) {
            append(&buffer, plugin->name);
            if (options[0]) {
                append(&buffer, ":");
                append(&buffer, options);
            }
        } else {
            append_raw(&buffer, spec);
        }
    }
    if (buffer.failed) {
        free(buffer.data);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory formatting a filter chain");
    }
    *text = buffer.data;
    return 0;
}
