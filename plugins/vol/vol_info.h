/*
 * vol_info.h — the VOL connector's info string, parsed.
 *
 * HDF5 hands a VOL connector its configuration as one string: the text after
 * the connector's name in HDF5_VOL_CONNECTOR ("h5x connector=core"), or the
 * tools' --vol-info argument.  h5x spells a connector and its options the
 * same way everywhere ("family;member_size=64MiB"), and the info string is
 * that spelling, optionally introduced by "connector=":
 *
 *     connector=core;backing_store=1      core;backing_store=1
 *     connector=family;member_size=1MiB   (empty: the h5x default, native)
 *
 * The parser is a pure function — text in, a result or a message out, no
 * library state touched — so that it can be tested and fuzzed on its own.
 * Whether the connector exists and accepts its options is decided later, by
 * libh5x, when a file is opened.
 */
#ifndef H5X_VOL_INFO_H
#define H5X_VOL_INFO_H

#include <stddef.h>

/* The parsed info: the connector spec as h5x_file_options.connector takes
 * it ("core;backing_store=1"), or NULL for h5x's own default choice. */
typedef struct vol_info {
    char *connector_spec; /* malloc'd, or NULL */
} vol_info;

/* Parses text (NULL or "" allowed) into *info.  0 on success; -1 on
 * failure, with a message in message (message_size bytes, always
 * terminated when message_size > 0) and *info left empty. */
int vol_info_parse(const char *text, vol_info *info, char *message, size_t message_size);

/* The canonical text of an info ("connector=core;backing_store=1", or ""
 * for the default), malloc'd; NULL when out of memory. */
char *vol_info_to_string(const vol_info *info);

/* A deep copy; 0, or -1 when out of memory. */
int vol_info_copy(const vol_info *from, vol_info *to);

/* Releases what the info holds and empties it. */
void vol_info_clear(vol_info *info);

#endif
