/* A filter plugin built for a future h5x: its class has another ABI
 * version, and h5x must refuse it with a message naming the file. */
#include "h5x_filter.h"

static int refuse_everything(const char *text, unsigned *values, size_t *count, h5x_filter_call *call)
{
    (void)text;
    (void)values;
    (void)count;
    (void)call;
    return -1;
}

static const h5x_filter_class future_class = {
    .abi_version = H5X_FILTER_ABI_VERSION + 1,
    .struct_size = sizeof(h5x_filter_class),
    .id = 32999,
    .name = "badabi",
    .description = "a plugin from the future",
    .version = 10000,
    .parse_options = refuse_everything,
};

__attribute__((visibility("default"))) const h5x_filter_class *h5x_filter_entry(void);
__attribute__((visibility("default"))) const h5x_filter_class *h5x_filter_entry(void)
{
    return &future_class;
}
