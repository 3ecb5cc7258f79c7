/*
 * Choosing a chunk shape when the application gives none but needs one
 * (resizable or filtered datasets).  The heuristic is h5py's, so that files
 * written by h5x look like files written by h5py: aim at a chunk of 16 KiB
 * scaled with the dataset size (between 8 KiB and 1 MiB), halving the axes
 * in turn until the chunk is close enough to the target.
 */
#include "dataset_chunks.h"

#include <math.h>

enum { CHUNK_BASE = 16 * 1024, CHUNK_MIN = 8 * 1024, CHUNK_MAX = 1024 * 1024 };

void h5x_guess_chunks(const h5x_shape *shape, size_t type_size, h5x_shape *chunks)
{
    double dims[H5X_MAX_RANK];
    int rank = shape->rank;
    chunks->rank = rank;
    if (rank <= 0)
        return;
    /* an axis of length zero (often an unlimited axis that starts empty)
     * is treated as 1024 long, like h5py */
    double size = (double)type_size;
    for (int i = 0; i < rank; i++) {
        dims[i] = shape->dims[i] ? (double)shape->dims[i] : 1024.0;
        size *= dims[i];
    }
    double target = CHUNK_BASE * pow(2.0, log10(size / (1024.0 * 1024.0)));
    if (target > CHUNK_MAX)
        target = CHUNK_MAX;
    else if (target < CHUNK_MIN)
        target = CHUNK_MIN;
    for (int index = 0;; index++) {
        double elements = 1;
        for (int i = 0; i < rank; i++)
            elements *= dims[i];
        double bytes = elements * (double)type_size;
        if ((bytes < target || fabs(bytes - target) / target < 0.5) && bytes < CHUNK_MAX)
            break;
        if (elements == 1)
            break;
        dims[index % rank] = ceil(dims[index % rank] / 2.0);
    }
    for (int i = 0; i < rank; i++)
        chunks->dims[i] = (uint64_t)dims[i];
}
