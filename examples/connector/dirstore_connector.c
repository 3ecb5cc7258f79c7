/*
 * dirstore_connector.c — an example h5x connector that keeps each file as
 * a directory tree, and a short guide to writing one.  Copy this directory
 * to start your own; docs/connectors.md walks through it.
 *
 * WHAT A CONNECTOR IS
 *
 * h5x offers h5py's model — files, groups, datasets, attributes — to C
 * programs, and keeps the storage behind a table of functions, the
 * connector class (h5x_connector.h).  A connector is a shared object that
 * exports one function,
 *
 *     const h5x_connector_class *h5x_connector_entry(void);
 *
 * returning a static table.  The core finds the shared object in its
 * plugin directories (H5X_PLUGIN_PATH first), checks the table's
 * abi_version and struct_size, and from then on reaches the storage only
 * through the table's slots.  It keeps everything that does not depend on
 * storage for itself: the mode names, handles and their lifetimes, paths
 * as the application sees them, selections (parsed, checked, and resolved
 * against the dataset's shape), broadcasting, buffer sizes, h5py's
 * defaults, and the errors for features a connector does not claim.
 * What is left to a connector is small and concrete.
 *
 * WHAT EACH SLOT MUST DO
 *
 *   file_open       Honour the mode (h5x_file_args.mode) exactly as h5py
 *                   does, with H5X_ERR_NOT_FOUND for a missing file in r
 *                   and r+, H5X_ERR_EXISTS for an existing one in w-/x.
 *                   Read options with h5x_options_get*.  Return the file and
 *                   the root group, an object like any other.
 *   file_close      Release the file.  The core calls it once, after the
 *                   last object of the file has been closed.
 *   file_flush      Push what the connector buffers to storage.
 *   object_open     Resolve a path, absolute or relative to loc, and fill
 *                   in h5x_object_info: the kind, a 16-byte token that
 *                   tells objects apart, the number of attributes.
 *   object_close    Release one object; called once per object.
 *   object_exists   1 or 0; a path through a missing group is simply 0.
 *   group_create    Make the group and any missing groups on the way;
 *                   H5X_ERR_EXISTS when the name is taken.
 *   group_length, group_iterate
 *                   Count and list member names, in name order (byte-wise
 *                   strcmp of the UTF-8 names) and, for connectors that
 *                   claim H5X_CAP_TRACK_ORDER, in creation order.  A
 *                   non-zero return of the callback stops the walk and is
 *                   returned as it is.
 *   link_delete     Remove the name and, when it was the last name of the
 *                   object, the object with everything below it.
 *   link_info, link_move
 *                   What a link is without following it; a new name for
 *                   the object behind a link, replacing the old one.
 *   dataset_create  Store a dataset of args->dtype and args->shape, with
 *                   intermediate groups, filled with args->fillvalue.
 *   dataset_info    Report dtype (a new reference), shape, maxshape,
 *                   chunks, fill value and storage size.
 *   dataset_read, dataset_write
 *                   Move the elements a resolved selection names between
 *                   storage and a packed buffer in the caller's dtype.
 *   attr_*          Create (replacing), write (keeping dtype and shape),
 *                   read, describe, delete and list attributes by name.
 *
 * A slot left NULL means "not supported": the core answers
 * H5X_ERR_NOT_SUPPORTED with the connector's name and the operation, and
 * never calls it.  Capability bits tell applications, tools and the
 * conformance suite what is offered beyond the required primitives; the
 * core checks several of them (writing, chunking, filters, resizing, track
 * order of groups, user blocks, SWMR) before it calls a slot, and the
 * suite checks that every feature not claimed fails with
 * H5X_ERR_NOT_SUPPORTED rather than half working.
 *
 * RULES OF THE ROAD
 *
 *   - Return 0 (or a count) on success.  On failure call
 *     h5x_connector_error(status, "...") with a message in the storage
 *     layer's own words and return the status; the core adds the file,
 *     the object path and the connector's name.  Never print, never abort.
 *   - Connector objects are yours: the core passes them back and never
 *     looks inside.
 *   - The core holds one lock around every call, so a connector needs no
 *     locking for state reached through the table.
 *   - Only h5x.h and h5x_connector.h: the core's sources are not an
 *     interface.  Dtypes are opaque; convert with h5x_dtype_convert, keep
 *     one past the call with h5x_dtype_retain.
 *   - Run the conformance suite against the connector (docs/connectors.md).
 *
 * THE DIRSTORE CONNECTOR
 *
 * Every object is a directory, so the file system does the bookkeeping and
 * anyone can look inside a file with ls and cat:
 *
 *     data.h5/                    the file (the name is the application's)
 *       .dirstore                 "dirstore 1": the format and its version
 *       .attrs/                   the root group's attributes, one file each
 *       group/                    a group: a subdirectory
 *         dataset/                a dataset: a directory with
 *           .dataset              its header: dtype, shape, maxshape, fill value
 *           .data                 its elements, C order, stored dtype
 *           .attrs/title          an attribute: header, then its elements
 *
 * dirstore_file.c       modes, options, the marker
 * dirstore_path.c       names, path walking, listing, removal, errno
 * dirstore_object.c     opening objects, tokens, existence
 * dirstore_group.c      groups and links
 * dirstore_header.c     the text header of datasets and attributes
 * dirstore_dtype.c      dtypes as one line of text
 * dirstore_dataset.c    datasets: creation, info, read and write
 * dirstore_selection.c  the elements a resolved selection names
 * dirstore_attribute.c  attributes
 *
 * Claimed: WRITE, PERSISTENT and POINT_SELECTIONS.  Not claimed, and
 * therefore refused: chunking, filters, resizing, creation order, soft,
 * external and extra hard links, references, dimension scales, committed
 * datatypes, variable-length data, libver bounds, user blocks and SWMR.
 * Every fixed-size dtype is stored: numbers, strings, compounds, enums,
 * opaque and array types.  Options: sync=1 makes every write durable
 * before the call returns; max_attribute_size=SIZE limits attributes
 * (64KiB by default).
 */
#include "dirstore.h"

static const char *const dirstore_option_names[] = {"sync", "max_attribute_size", NULL};

static const h5x_connector_class dirstore_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "dirstore",
    .description = "example: each file a directory, each dataset a raw file (examples/connector)",
    .version = 10000, /* 1.0.0 */
    .capabilities = H5X_CAP_WRITE | H5X_CAP_PERSISTENT | H5X_CAP_POINT_SELECTIONS,
    .option_names = dirstore_option_names,

    .file_open = dirstore_file_open,
    .file_close = dirstore_file_close,
    .file_flush = dirstore_file_flush,

    .object_open = dirstore_object_open,
    .object_close = dirstore_object_close,
    .object_info = dirstore_object_info,
    .object_exists = dirstore_object_exists,

    .group_create = dirstore_group_create,
    .group_length = dirstore_group_length,
    .group_iterate = dirstore_group_iterate,

    .link_delete = dirstore_link_delete,
    .link_info = dirstore_link_info,
    .link_move = dirstore_link_move,

    .dataset_create = dirstore_dataset_create,
    .dataset_info = dirstore_dataset_info,
    .dataset_read = dirstore_dataset_read,
    .dataset_write = dirstore_dataset_write,

    .attr_create = dirstore_attr_create,
    .attr_write = dirstore_attr_write,
    .attr_read = dirstore_attr_read,
    .attr_info = dirstore_attr_info,
    .attr_delete = dirstore_attr_delete,
    .attr_iterate = dirstore_attr_iterate,
};

/* The one exported symbol (H5X_API makes it visible in a library built
 * with hidden visibility). */
H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &dirstore_class;
}
