/* The body of every decoder fuzz target: the input is a stored chunk,
 * decoded once with no size known (as HDF5 calls the filter) and once with
 * a size taken from the input's first byte; a decoder must return an error
 * or exactly the expected bytes, and never touch memory it does not own. */
#ifndef H5X_FUZZ_DECODER_H
#define H5X_FUZZ_DECODER_H

#include "h5x_filter.h"

#include <stdint.h>
#include <stdlib.h>

const h5x_filter_class *h5x_filter_entry(void);

static int fuzz_decode(const unsigned *values, size_t count, const uint8_t *data, size_t size)
{
    const h5x_filter_class *filter = h5x_filter_entry();
    char error[256];
    for (int pass = 0; pass < 2; pass++) {
        size_t expected = pass == 0 || size == 0 ? 0 : (size_t)data[0] * 1024;
        h5x_filter_call call = {sizeof call, 1, error, sizeof error, 0, NULL, 0};
        void *out = NULL;
        size_t out_size = 0;
        int rc = filter->decode(values, count, data, size, expected, &out, &out_size, &call);
        if (rc == 1 && expected != 0 && out_size != expected)
            abort(); /* a decoder returned a size other than the one required */
        if (rc != 1 && rc != -1)
            abort();
        free(out);
    }
    return 0;
}

#endif
