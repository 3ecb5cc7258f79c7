/* The smallest valid connector: a name and nothing else.  Every operation
 * is therefore "not supported", which lets the registry tests check that
 * the core answers NULL slots with one clear error. */
#include "h5x_connector.h"

static const h5x_connector_class minimal_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "minimal",
    .description = "a connector with no operations",
    .version = 10203,
    .capabilities = 0,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &minimal_class;
}
