/* Virtual datasets on the native connector: HDF5's own (native_vds.c). */
#ifndef H5X_NATIVE_VDS_H
#define H5X_NATIVE_VDS_H

#include "native.h"

int native_dataset_create_virtual(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                                  const h5x_vds_mapping *mappings, size_t count, void **dataset);
int native_dataset_virtual_mappings(void *dataset, h5x_vds_mapping **mappings, size_t *count);

#endif
