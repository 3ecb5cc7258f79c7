/* Reference-counted handles.  Every handle h5x gives out starts with an
 * h5x_handle header and is registered in the live-handle set, so that a
 * NULL, closed or wrong-kind handle is answered with H5X_ERR_BAD_HANDLE
 * instead of a crash. */
#ifndef H5X_HANDLE_H
#define H5X_HANDLE_H

#include <stdint.h>

typedef enum h5x_handle_kind {
    H5X_HANDLE_OBJECT = 1,
    H5X_HANDLE_DTYPE,
    H5X_HANDLE_SELECTION,
    H5X_HANDLE_VDS_LAYOUT, /* virtual dataset layouts and sources (vds_layout.c) */
    H5X_HANDLE_VDS_SOURCE
} h5x_handle_kind;

typedef struct h5x_handle h5x_handle;
struct h5x_handle {
    uint32_t magic;
    h5x_handle_kind kind;
    int64_t refcount;
    int immortal;                      /* predefined dtypes: never freed, never registered */
    int (*destroy)(h5x_handle *self);  /* frees the whole handle; 0 or what closing it failed with */
};

/* Sets up the header with one reference and registers the handle. */
int h5x_handle_init(h5x_handle *handle, h5x_handle_kind kind, int (*destroy)(h5x_handle *));
/* Sets up an immortal handle (static storage): checks accept it, h5x_close
 * ignores it, it is never freed. */
void h5x_handle_init_immortal(h5x_handle *handle, h5x_handle_kind kind);
/* 0 if p is a live handle of that kind; else records H5X_ERR_BAD_HANDLE
 * naming what (e.g. "dataset") and returns it. */
int h5x_handle_check(const void *p, h5x_handle_kind kind, const char *what);
void h5x_handle_retain(h5x_handle *handle);
/* Drops one reference; at zero unregisters and destroys the handle, and
 * returns what destroying it returned (a file whose last write failed). */
int h5x_handle_release(h5x_handle *handle);

#endif
