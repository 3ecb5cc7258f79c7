#ifndef H5X_DATASET_CHUNKS_H
#define H5X_DATASET_CHUNKS_H

#include "h5x.h"

/* h5py's chunk-shape heuristic for a dataset of this shape and type size. */
void h5x_guess_chunks(const h5x_shape *shape, size_t type_size, h5x_shape *chunks);

#endif
