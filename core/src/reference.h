/* References inside the core: what h5x_copy needs to re-create a
 * reference read from one file against the copied object in another. */
#ifndef H5X_REFERENCE_H
#define H5X_REFERENCE_H

#include "object.h"

/* The token of the object a non-null reference of loc's file points at,
 * and for a region reference its selection (*region NULL for an object
 * reference; release it with h5x_resolved_selection_free).  region may be
 * NULL when the selection is not wanted.  Called with the lock held. */
int h5x_ref_target(h5x_object *loc, const h5x_ref *ref, uint8_t token[16], h5x_resolved_selection **region);

/* A new reference to object (region NULL: an object reference) in the
 * object's file.  Called with the lock held. */
int h5x_ref_make(h5x_object *object, const h5x_resolved_selection *region, h5x_ref *ref);

#endif
