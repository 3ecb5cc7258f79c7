/*
 * bad_abi_plugin.c — a plugin built against another h5x ABI.
 *
 * It offers both a connector and a filter named "oldabi", each declaring
 * an ABI version this h5x does not speak.  Both registries must refuse it
 * and, when the catalogue asks for "oldabi" (as a connector in a URI, as a
 * filter in a dataset's filter chain), answer H5X_ERR_PLUGIN with a
 * message that names the file and the version.
 */
#include "h5x_connector.h"
#include "h5x_filter.h"

static const h5x_connector_class old_connector = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION + 7,
    .struct_size = sizeof(h5x_connector_class),
    .name = "oldabi",
    .description = "a connector from another h5x ABI",
    .version = 10000,
};

static int parse_nothing(const char *text, unsigned *values, size_t *count, h5x_filter_call *call)
{
    (void)text;
    (void)values;
    (void)count;
    (void)call;
    return -1;
}

static const h5x_filter_class old_filter = {
    .abi_version = H5X_FILTER_ABI_VERSION + 7,
    .struct_size = sizeof(h5x_filter_class),
    .id = 32998,
    .name = "oldabi",
    .description = "a filter from another h5x ABI",
    .version = 10000,
    .parse_options = parse_nothing,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void);
H5X_API const h5x_filter_class *h5x_filter_entry(void);

const h5x_connector_class *h5x_connector_entry(void)
{
    return &old_connector;
}

const h5x_filter_class *h5x_filter_entry(void)
{
    return &old_filter;
}
