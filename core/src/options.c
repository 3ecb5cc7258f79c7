/*
 * Parsing of option strings and URIs.
 *
 * Grammar (one for code, URIs, environment, CLI and the VOL info string):
 *
 *     spec    := item (';' item)*
 *     item    := NAME | key '=' value
 *
 * A bare NAME names the connector, as does the key "connector".  Keys are
 * [A-Za-z0-9_.-]+; values run to the next ';' and may be empty.  Spaces
 * around items are ignored.
 */
#include "options.h"

#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup_range(const char *begin, const char *end)
{
    while (begin < end && isspace((unsigned char)*begin))
        begin++;
    while (end > begin && isspace((unsigned char)end[-1]))
        end--;
    size_t n = (size_t)(end - begin);
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    memcpy(s, begin, n);
    s[n] = '\0';
    return s;
}

static int is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

void h5x_options_free(h5x_options *options)
{
    if (!options)
        return;
    for (size_t i = 0; i < options->count; i++) {
        free(options->keys[i]);
        free(options->values[i]);
    }
    free(options->keys);
    free(options->values);
    free(options->connector);
    free(options);
}

static int add_pair(h5x_options *o, char *key, char *value)
{
    char **keys = realloc(o->keys, (o->count + 1) * sizeof *keys);
    if (!keys)
        return -1;
    o->keys = keys;
    char **values = realloc(o->values, (o->count + 1) * sizeof *values);
    if (!values)
        return -1;
    o->values = values;
    o->keys[o->count] = key;
    o->values[o->count] = value;
    o->count++;
    return 0;
}

int h5x_options_parse(const char *text, h5x_options **out)
{
    *out = NULL;
    if (!text)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "option string is NULL");
    h5x_options *o = calloc(1, sizeof *o);
    if (!o)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory parsing options");
    const char *p = text;
    int rc = 0;
    while (*p && rc == 0) {
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq) {
            char *name = dup_range(p, end);
            if (!name) {
                rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory parsing options");
            } else if (!*name) {
                free(name); /* empty item: "a;;b" or a trailing ';' */
            } else if (!is_name(name)) {
                rc = h5x_error(H5X_ERR_OPTION, "malformed option '%s' in \"%s\"", name, text);
                free(name);
            } else if (o->connector) {
                rc = h5x_error(H5X_ERR_OPTION, "option string \"%s\" names two connectors ('%s' and '%s'); "
                               "other items must be key=value", text, o->connector, name);
                free(name);
            } else {
                o->connector = name;
            }
        } else {
            char *key = dup_range(p, eq);
            char *value = dup_range(eq + 1, end);
            if (!key || !value) {
                free(key);
                free(value);
                rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory parsing options");
            } else if (!is_name(key)) {
                rc = h5x_error(H5X_ERR_OPTION, "malformed option key '%s' in \"%s\"", key, text);
                free(key);
                free(value);
            } else if (strcmp(key, "connector") == 0) {
                if (o->connector || !is_name(value)) {
                    rc = h5x_error(H5X_ERR_OPTION, "option string \"%s\": bad or repeated connector name '%s'",
                                   text, value);
                    free(value);
                } else {
                    o->connector = value;
                }
                free(key);
            } else if (h5x_options_get(o, key)) {
                rc = h5x_error(H5X_ERR_OPTION, "option '%s' given twice in \"%s\"", key, text);
                free(key);
                free(value);
            } else if (add_pair(o, key, value) != 0) {
                free(key);
                free(value);
                rc = h5x_error(H5X_ERR_NO_MEMORY, "out of memory parsing options");
            }
        }
        p = *end ? end + 1 : end;
    }
    if (rc != 0) {
        h5x_options_free(o);
        return rc;
    }
    *out = o;
    return 0;
}

int h5x_options_check_keys(const h5x_options *options, const char *const *allowed, const char *name)
{
    for (size_t i = 0; i < options->count; i++) {
        int known = 0;
        for (size_t j = 0; allowed && allowed[j]; j++)
            if (strcmp(allowed[j], options->keys[i]) == 0)
                known = 1;
        if (!known) {
            if (!allowed || !allowed[0])
                return h5x_error(H5X_ERR_OPTION, "connector '%s' takes no options (got '%s')", name,
                                 options->keys[i]);
            char list[512] = "";
            for (size_t j = 0; allowed[j]; j++) {
                if (j)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, allowed[j], sizeof list - strlen(list) - 1);
            }
            return h5x_error(H5X_ERR_OPTION, "connector '%s' has no option '%s' (it accepts: %s)", name,
                             options->keys[i], list);
        }
    }
    return 0;
}

const char *h5x_options_get(const h5x_options *options, const char *key)
{
    if (!options || !key)
        return NULL;
    for (size_t i = 0; i < options->count; i++)
        if (strcmp(options->keys[i], key) == 0)
            return options->values[i];
    return NULL;
}

int h5x_options_get_size(const h5x_options *options, const char *key, uint64_t default_value, uint64_t *value)
{
    const char *text = h5x_options_get(options, key);
    *value = default_value;
    if (!text)
        return 0;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(text, &end, 10);
    if (end == text || errno || text[0] == '-')
        return h5x_error(H5X_ERR_OPTION, "option %s=%s: expected a size such as 4096, 64KiB or 1GiB", key, text);
    while (isspace((unsigned char)*end))
        end++;
    static const struct { const char *unit; uint64_t factor; } units[] = {
        {"", 1}, {"B", 1},
        {"K", 1024}, {"KiB", 1024}, {"KB", 1000}, {"k", 1024},
        {"M", 1024 * 1024}, {"MiB", 1024 * 1024}, {"MB", 1000 * 1000},
        {"G", UINT64_C(1) << 30}, {"GiB", UINT64_C(1) << 30}, {"GB", UINT64_C(1000000000)},
        {"T", UINT64_C(1) << 40}, {"TiB", UINT64_C(1) << 40}, {"TB", UINT64_C(1000000000000)},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].unit) == 0) {
            if (n > UINT64_MAX / units[i].factor)
                return h5x_error(H5X_ERR_OPTION, "option %s=%s: size too large", key, text);
            *value = (uint64_t)n * units[i].factor;
            return 0;
        }
    }
    return h5x_error(H5X_ERR_OPTION, "option %s=%s: unknown unit '%s' (use B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)",
                     key, text, end);
}

int h5x_options_get_bool(const h5x_options *options, const char *key, int default_value, int *value)
{
    const char *text = h5x_options_get(options, key);
    *value = default_value;
    if (!text)
        return 0;
    static const char *const truths[] = {"1", "true", "yes", "on", ""};
    static const char *const lies[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < sizeof truths / sizeof truths[0]; i++)
        if (strcasecmp(text, truths[i]) == 0) {
            *value = 1;
            return 0;
        }
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++)
        if (strcasecmp(text, lies[i]) == 0) {
            *value = 0;
            return 0;
        }
    return h5x_error(H5X_ERR_OPTION, "option %s=%s: expected a boolean (1/0, true/false, yes/no, on/off)", key,
                     text);
}

int h5x_uri_split(const char *uri, char **spec, char **path)
{
    *spec = NULL;
    *path = NULL;
    const char *colon = strchr(uri, ':');
    int has_spec = 0;
    if (colon && colon > uri) {
        /* the connector name runs to the first ';' or ':' */
        const char *p = uri;
        while (p < colon && *p != ';' && (isalnum((unsigned char)*p) || *p == '_'))
            p++;
        has_spec = (p == colon || *p == ';') && isalpha((unsigned char)uri[0]);
        /* "name;a=b" options may not contain '/' before the colon: then the
         * colon belongs to a path such as "dir;x/file:1.h5" */
        if (has_spec && *p == ';' && memchr(p, '/', (size_t)(colon - p)))
            has_spec = 0;
    }
    if (has_spec) {
        *spec = dup_range(uri, colon);
        *path = strdup(colon + 1);
    } else {
        *path = strdup(uri);
    }
    if ((has_spec && !*spec) || !*path) {
        free(*spec);
        free(*path);
        *spec = *path = NULL;
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    return 0;
}
