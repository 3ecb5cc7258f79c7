/*
 * interop_content.h — the file both sides of the interop tests write and
 * check.  interop_content.c says it in C through h5x; interop_content.py
 * says the same, object for object and value for value, through h5py.
 * A file written by either side must pass the other side's check.
 *
 * The content: groups /bar/baz, /some/long/path and /données; every numeric
 * dtype in /dtypes (numeric_cases.h); a chunked, a resizable (unlimited),
 * a limited-resizable and a filled dataset; the seeds' (10,10,10)
 * MyDataset after dset[0,:,:] = arange(10); a scalar and an empty dataset;
 * numeric attributes (and an empty one) on the root, /bar and /chunked.
 */
#ifndef H5X_INTEROP_CONTENT_H
#define H5X_INTEROP_CONTENT_H

#include "h5x.h"

/* Writes the content into a freshly created file; 0 on success, else a
 * negative status (the failing call is reported through the harness). */
int interop_write(h5x_object *file);

/* Checks the content with harness checks, one case per object family. */
void interop_verify(h5x_object *file);

#endif
