/*
 * libFuzzer target for option strings and URIs ("NAME;key=value",
 * "family;member_size=1MiB:run-%d.h5"): the one syntax by which a
 * connector is chosen in code, in URIs, in H5X_CONNECTOR and in the VOL
 * connector's info string.
 *
 * The parser is the core's internal options.c, compiled into this target
 * (libh5x does not export it).  Whatever the input, parsing must either
 * fail with an option error and a message, or give a connector name and
 * keys that are all well-formed names, with no key twice and no ';' in a
 * value; every value must then be readable as a size and as a boolean or
 * refused as an option error, and the key check must accept or refuse by
 * name.  Splitting the input as a URI must give back the text it was cut
 * from.
 */
#include "options.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition)
        abort();
}

static void require_error(int rc)
{
    const h5x_error_info *e = h5x_last_error();
    require(rc < 0 && e->code == rc && e->message[0] != '\0');
}

static int well_formed_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static void check_parsed(const h5x_options *o)
{
    if (o->connector)
        require(well_formed_name(o->connector));
    for (size_t i = 0; i < o->count; i++) {
        require(well_formed_name(o->keys[i]));
        require(strcmp(o->keys[i], "connector") != 0);
        require(strchr(o->values[i], ';') == NULL);
        for (size_t j = 0; j < i; j++)
            require(strcmp(o->keys[i], o->keys[j]) != 0);
        require(h5x_options_get(o, o->keys[i]) == o->values[i]);
        uint64_t bytes;
        int rc = h5x_options_get_size(o, o->keys[i], 7, &bytes);
        if (rc != 0)
            require(rc == H5X_ERR_OPTION && h5x_last_error()->message[0]);
        int flag;
        rc = h5x_options_get_bool(o, o->keys[i], 0, &flag);
        if (rc != 0)
            require(rc == H5X_ERR_OPTION && h5x_last_error()->message[0]);
        else
            require(flag == 0 || flag == 1);
    }
    static const char *const allowed[] = {"backing_store", "member_size", NULL};
    int rc = h5x_options_check_keys(o, allowed, "fuzz");
    if (rc != 0)
        require(rc == H5X_ERR_OPTION && h5x_last_error()->message[0]);
    rc = h5x_options_check_keys(o, NULL, "fuzz");
    require(rc == 0 ? o->count == 0 : rc == H5X_ERR_OPTION);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[2049];
    if (size > sizeof text - 1)
        size = sizeof text - 1;
    memcpy(text, data, size);
    text[size] = '\0';

    h5x_options *options = NULL;
    h5x_clear_error();
    int rc = h5x_options_parse(text, &options);
    if (rc != 0) {
        require_error(rc);
        require(options == NULL);
    } else {
        check_parsed(options);
        h5x_options_free(options);
    }

    char *spec = NULL, *path = NULL;
    rc = h5x_uri_split(text, &spec, &path);
    require(rc == 0 && path != NULL);
    if (!spec) {
        require(strcmp(path, text) == 0);
    } else {
        const char *colon = strchr(text, ':');
        require(colon != NULL && strcmp(path, colon + 1) == 0);
        /* the spec is what stood before the colon, less surrounding spaces */
        require(strstr(text, spec) != NULL && strstr(text, spec) < colon);
        h5x_options *from_uri = NULL;
        if (h5x_options_parse(spec, &from_uri) == 0) {
            check_parsed(from_uri);
            h5x_options_free(from_uri);
        }
    }
    free(spec);
    free(path);
    return 0;
}
