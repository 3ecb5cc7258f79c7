/* A connector plugin built with a future ABI version: the registry must
 * refuse it with a message that names the file. */
#include "h5x_connector.h"

static const h5x_connector_class bad_abi_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION + 41,
    .struct_size = sizeof(h5x_connector_class),
    .name = "badabi",
    .description = "a plugin from a different h5x ABI",
    .version = 10000,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &bad_abi_class;
}
