/* Option strings: "NAME;key=value;key=value" (or "connector=NAME;...") —
 * the one syntax for choosing a connector in code, in URIs, in
 * H5X_CONNECTOR, in the CLI and in the VOL connector's info string. */
#ifndef H5X_OPTIONS_H
#define H5X_OPTIONS_H

#include "h5x_connector.h"

struct h5x_options {
    char *connector; /* the connector's name, or NULL when the text names none */
    size_t count;
    char **keys;
    char **values;
};

/* Parses text into *out (release with h5x_options_free). */
int h5x_options_parse(const char *text, h5x_options **out);
void h5x_options_free(h5x_options *options);
/* H5X_ERR_OPTION naming the first key not in allowed (NULL-terminated;
 * NULL allows none), for the connector called name. */
int h5x_options_check_keys(const h5x_options *options, const char *const *allowed, const char *name);

/* Splits "SPEC:PATH" into its connector spec and path.  A URI has a spec
 * when the text before its first ':' is a connector name, optionally
 * followed by ";options" ("native:", "family;member_size=1MiB:").  Both
 * outputs are malloc'd; *spec is NULL when the URI has none. */
int h5x_uri_split(const char *uri, char **spec, char **path);

#endif
