/* The one recursive lock that serialises the library (libhdf5 is not
 * thread-safe, and the registries are shared). Every public entry point that
 * touches shared state takes it; pure functions (parsing, conversion) do not. */
#ifndef H5X_LOCK_H
#define H5X_LOCK_H

#include "h5x.h"

void h5x_lock(void);
void h5x_unlock(void);
/* 1 when the calling thread is inside the library.  libhdf5 can call back
 * into h5x while h5x is calling it (it asks every VOL plugin on its plugin
 * path whether it can open a file its native format could not); the h5x VOL
 * plugin uses this to stay out of such calls. */
H5X_API int h5x_lock_held(void);

#endif
