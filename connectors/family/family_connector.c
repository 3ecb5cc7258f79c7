/*
 * family_connector.c — the "family" connector: HDF5 files split over
 * member files of a fixed size, as libhdf5's family driver writes them
 * (h5py's driver="family", h5dump --filedriver=family).
 *
 * A family is one HDF5 file whose bytes are cut into members: bytes
 * 0..M-1 go to member 0, M..2M-1 to member 1, and so on, each member a
 * file named by a printf pattern ("run-%d.h5" -> run-0.h5, run-1.h5...).
 * It lets a large file live on file systems or media with a size limit,
 * and be moved in pieces.
 *
 *     h5x_file_open("family;member_size=1GiB:run-%d.h5", "w", NULL);
 *     h5x_file_open("family:run-%d.h5", "r", NULL);   (the size is read back)
 *
 * Everything inside the file (groups, datasets, attributes, links,
 * references, types) is the native connector's object mapping, linked in
 * from connectors/native as a static library rather than copied: this
 * connector differs only in how it reaches its files (family_access.c),
 * so the two write the same objects, types and properties; only the
 * superblock differs, where the family driver records its member size.
 *
 * Options: member_size (bytes, with units: 64MiB, 1GiB).  For a new family
 * it is the member size, by default h5py's 2**31-1 bytes so that h5py
 * opens the family without being told; for an existing one it may be left
 * out (the size stored in the file is used) and when given must match.
 *
 * What libhdf5's family driver cannot do, this connector does not claim:
 * SWMR (the driver lacks SWMR I/O) and user blocks.  libhdf5 1.14.5 takes
 * a user block on a family's creation list, but then writes and reads past
 * the end of the first member ("addr overflow") and cannot open the family
 * again, so the core refuses a user block for this connector up front.
 */
#include "family.h"
#include "native_reference.h"

static const char *const family_option_names[] = {"member_size", NULL};

static int family_file_open(const h5x_file_args *args, void **file, void **root)
{
    return native_file_open_with(&family_access, args, file, root);
}

static const h5x_connector_class family_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "family",
    .description = "HDF5 files split over member files through libhdf5's family driver, as h5py writes them",
    .version = H5X_VERSION_MAJOR * 10000 + H5X_VERSION_MINOR * 100 + H5X_VERSION_PATCH,
    .capabilities = H5X_CAP_WRITE | H5X_CAP_PERSISTENT | H5X_CAP_CHUNKING | H5X_CAP_FILTERS | H5X_CAP_RESIZE |
                    H5X_CAP_TRACK_ORDER | H5X_CAP_SOFT_LINKS | H5X_CAP_EXTERNAL_LINKS | H5X_CAP_HARD_LINKS |
                    H5X_CAP_LIBVER | H5X_CAP_COMMITTED_TYPES | H5X_CAP_NATIVE_HANDLES |
                    H5X_CAP_POINT_SELECTIONS | H5X_CAP_REFERENCES | H5X_CAP_DIMENSION_SCALES | H5X_CAP_VLEN |
                    H5X_CAP_OBJECT_TIMES,
    .option_names = family_option_names,

    .file_open = family_file_open,
    .file_close = native_file_close,
    .file_flush = native_file_flush,
    .file_userblock_size = native_file_userblock_size,
    .file_start_swmr = NULL,

    NATIVE_OBJECT_MODEL_SLOTS,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &family_class;
}
