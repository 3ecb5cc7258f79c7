/* The one recursive lock that serialises the library (libhdf5 is not
 * thread-safe, and the registries are shared). Every public entry point that
 * touches shared state takes it; pure functions (parsing, conversion) do not. */
#ifndef H5X_LOCK_H
#define H5X_LOCK_H

void h5x_lock(void);
void h5x_unlock(void);

#endif
