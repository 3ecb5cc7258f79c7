/* Virtual datasets on the native connector: HDF5's own (native_vds.c). */
#ifndef H5X_NATIVE_VDS_H
#define H5X_NATIVE_VDS_H

#include "native.h"

int native_dataset_create_virtual(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                                  const h5x_vds_mapping *mappings, size_t count, void **dataset);
int native_dataset_virtual_mappings(void *dataset, h5x_vds_mapping **mappings, size_t *count);
/* libhdf5 opens a virtual dataset's sources itself, with no hook to refuse
 * one, so when an external-target policy is in force (h5x_target_allowed)
 * a virtual dataset is checked as it is opened: 0, or H5X_ERR_NOT_ALLOWED
 * naming the first source it would read from outside the allowed
 * directories. */
int native_vds_sources_allowed(native_file *file, hid_t dataset);

#endif
