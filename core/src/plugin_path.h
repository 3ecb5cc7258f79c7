/* Where plugins come from.  Connector and filter registries share it. */
#ifndef H5X_PLUGIN_PATH_H
#define H5X_PLUGIN_PATH_H

#include <stddef.h>

/* The directories searched, in order: each absolute entry of
 * H5X_PLUGIN_PATH (':'-separated), then the plugin directory beside the
 * loaded libh5x (lib/h5x/plugins, the same in the build and install trees),
 * then the install directory compiled in.  Relative entries are ignored, so
 * the current directory is never searched.  Release with h5x_free_names. */
int h5x_plugin_dirs(char ***dirs, size_t *count);

/* Calls visit with the path of every shared object (*.so) in the plugin
 * directories, a file name once only (the first directory wins).  A
 * non-zero return of visit stops the walk and is returned. */
int h5x_plugin_foreach(int (*visit)(const char *path, void *user_data), void *user_data);

/* Opens a plugin RTLD_NOW|RTLD_LOCAL and looks up symbol.  Returns the
 * dlopen handle, with *entry NULL when the object lacks the symbol (then
 * the caller dlcloses it); NULL with an H5X_ERR_PLUGIN error naming the
 * file when it cannot be opened. */
void *h5x_plugin_open(const char *path, const char *symbol, void **entry);

#endif
