/*
 * The external-target policy: which files a file may make h5x open.
 *
 * An HDF5 file can name other files — an external link's target, a virtual
 * dataset's sources — and opening the file then opens those too, wherever
 * they are.  For files of unknown origin that is a way to make a program
 * read (and, through a writable external link, write) files it never meant
 * to touch.  The policy restricts such targets to a list of directories:
 *
 *   - h5x_file_options.allowed_target_prefixes, for one file (most specific);
 *   - else the environment variable H5X_ALLOWED_PATHS;
 *   - else no restriction, which is what HDF5 and h5py do, so that existing
 *     files keep working unless someone asks for the restriction.
 *
 * Both are ':'-separated directory lists.  An empty list allows nothing.  A
 * target is allowed when, after resolving ".", ".." and symbolic links, it
 * lies in (or is) one of the directories; "/data" does not admit
 * "/database/x.h5".  Relative directories are taken from the current one.
 *
 * The check is here, once, for every user: the core calls it before it
 * follows an external link for a connector that cannot, the native
 * connector from libhdf5's external-link callback, and virtual dataset
 * code before it opens a source file.  The declaration is also in
 * h5x_connector.h so that plugins can call it.
 */
#ifndef H5X_TARGET_POLICY_H
#define H5X_TARGET_POLICY_H

#include "h5x_connector.h"

#define H5X_ALLOWED_PATHS_ENV "H5X_ALLOWED_PATHS"

/* 0 when path may be opened as a target; otherwise H5X_ERR_NOT_ALLOWED (or
 * H5X_ERR_NO_MEMORY) with a message naming what ("external link target",
 * "virtual dataset source"), the path and the allowed directories.
 * allowed_prefixes: the file's own list, or NULL to use the environment. */
H5X_API int h5x_target_allowed(const char *path, const char *what, const char *allowed_prefixes);

/* The list in force for a file given its own (possibly NULL) list: that
 * list, else H5X_ALLOWED_PATHS, else NULL meaning "anywhere". */
const char *h5x_target_policy_prefixes(const char *file_prefixes);

/* A malloc'd absolute path for path with ".", ".." and symbolic links
 * resolved as far as the file system allows (a file that does not exist
 * yet keeps its last components as written); NULL when out of memory. */
char *h5x_target_canonical_path(const char *path);

#endif
