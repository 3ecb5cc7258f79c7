/*
 * native_connector.c — the "native" connector: h5x on libhdf5, writing the
 * files h5py writes.
 *
 * This is h5x's default storage.  Each slot of the h5x connector table is
 * one or a few libhdf5 calls, made with exactly the property lists h5py
 * uses, so that a file made through h5x and the same file made through
 * h5py are indistinguishable to h5dump, h5diff and h5py itself: the same
 * datatypes (h5py's bool enum, its {r, i} complex compound, its float16),
 * the same link and group creation properties (intermediate groups,
 * UTF-8 names, creation order for track_order), the same dataset
 * properties (fill time at allocation for chunked data, no time
 * tracking).  The files of this directory split that work by idea:
 *
 *   native_file.c       modes, file access and creation properties
 *   native_object.c     opening by path or token, existence, committed types
 *   native_group.c      groups and link iteration
 *   native_link.c       hard, soft and external links
 *   native_reference.c  object and region references, as h5py stores them
 *   native_dataset.c    dataset creation, information, I/O, resizing
 *   native_attribute.c  attributes
 *   native_dimscale.c   dimension scales, through libhdf5's H5DS
 *   native_dtype.c      h5x dtypes <-> libhdf5 types
 *   native_selection.c  shapes and resolved selections <-> dataspaces
 *   native_filter.c     filter chains <-> libhdf5 pipelines
 *   native_error.c      libhdf5's error stack folded into h5x errors
 *   native_optional.c   the escape hatch to hid_t, dimension scales
 *   native_vds.c        virtual datasets, as libhdf5 stores them
 *
 * These files build once into a static library that this plugin and the
 * family connector (connectors/family) both link: the family connector is
 * this object mapping with another file access (native_file_access).
 *
 * The core serialises every call with its lock, so nothing here locks.
 * libhdf5 never prints: its automatic error reporting is switched off
 * when the first file is opened, and each failure's stack becomes the
 * text of the h5x error.
 *
 * Dimension scales are handed to libhdf5's H5DS library, as h5py does
 * (native_dimscale.c), and virtual datasets to libhdf5's own
 * (native_vds.c).  What the connector leaves to the core: string,
 * compound, enum and variable-length types are refused with H5X_ERR_TYPE until
 * native_dtype.c learns them; the capability mask says exactly this.
 * References are h5py's own (native_reference.c).
 */
#include "native.h"
#include "native_reference.h"
#include "native_vds.h"

/* allow_truncated: read what was flushed to a file whose end was lost
 * (native_file.c). */
static const char *const native_option_names[] = {"allow_truncated", NULL};

static const h5x_connector_class native_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "native",
    .description = "HDF5 files through libhdf5 (sec2 driver), as h5py writes them",
    .version = H5X_VERSION_MAJOR * 10000 + H5X_VERSION_MINOR * 100 + H5X_VERSION_PATCH,
    .capabilities = H5X_CAP_WRITE | H5X_CAP_PERSISTENT | H5X_CAP_CHUNKING | H5X_CAP_FILTERS | H5X_CAP_RESIZE |
                    H5X_CAP_TRACK_ORDER | H5X_CAP_SOFT_LINKS | H5X_CAP_EXTERNAL_LINKS | H5X_CAP_HARD_LINKS |
                    H5X_CAP_SWMR | H5X_CAP_USERBLOCK | H5X_CAP_LIBVER | H5X_CAP_COMMITTED_TYPES |
                    H5X_CAP_NATIVE_HANDLES | H5X_CAP_POINT_SELECTIONS | H5X_CAP_REFERENCES |
                    H5X_CAP_DIMENSION_SCALES | H5X_CAP_VLEN | H5X_CAP_VIRTUAL_DATASETS | H5X_CAP_OBJECT_TIMES,
    .option_names = native_option_names,

    .file_open = native_file_open,
    .file_close = native_file_close,
    .file_flush = native_file_flush,
    .file_userblock_size = native_file_userblock_size,
    .file_start_swmr = native_file_start_swmr,

    NATIVE_OBJECT_MODEL_SLOTS,

    /* HDF5's own virtual datasets (native_vds.c) */
    .dataset_create_virtual = native_dataset_create_virtual,
    .dataset_virtual_mappings = native_dataset_virtual_mappings,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &native_class;
}
