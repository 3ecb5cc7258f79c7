/*
 * core_connector.c — the "core" connector: h5x's own object store, in
 * memory.
 *
 * WHAT IT IS
 *
 * This connector keeps a whole HDF5-style tree — groups, datasets,
 * attributes, committed datatypes, hard, soft and external links — in
 * plain C structures, and implements the h5x connector table over them.
 * It plays the part of h5py's driver='core': scratch files that never
 * touch the disk, or, with the option backing_store=1, a file read into
 * memory when opened and written back when closed.
 *
 * It is also the proof that the connector table is a real abstraction.
 * It does not link or include libhdf5; everything it knows about HDF5's
 * data model comes from h5x's own headers (h5x.h and h5x_connector.h,
 * and the core's dtype.h for the inside of types), and the work every
 * connector would otherwise repeat comes from the core: resolved
 * selections are moved with h5x_selection_gather/scatter, types are
 * converted with h5x_dtype_convert, filter chains are parsed and printed
 * with h5x_filter_chain_parse/format.  If you are writing a connector,
 * read this one first: it is the table with nothing in the way.  (Only
 * the backing file reaches further, into the core's object layer, to
 * drive the native connector's table for what h5x.h does not offer.)
 *
 * THE MODEL
 *
 *   store    the tree of one in-memory file (core_file.c).  A registry of
 *            open stores makes a second open of the same name share the
 *            first one's tree, as libhdf5's core driver does, and gives
 *            h5py's modes their meaning: a name "exists" while a store of
 *            that name is open — or, with a backing store, while a file of
 *            that name is on disk.
 *   file     one open of a store (one h5x_file_open): the store and
 *            whether this open may write.
 *   node     an object: a group, a dataset or a committed datatype
 *            (core_node.c).  Each has an id — its token — and attributes.
 *            Nodes are reference counted twice over, by the hard links
 *            that name them and by the handles that hold them, so that
 *            deleting the last link of an open object leaves it usable
 *            until it is closed, which is HDF5's rule.
 *   handle   what the core holds for an open object: a node and the file
 *            it was opened through.
 *   link     an entry in a group: a hard link to a node, or the text of a
 *            soft or external link.
 *
 * Groups and attribute lists are insertion-ordered hash maps (core_map.c):
 * a lookup is one hash probe, creation order is the insertion order, and
 * name order — byte-wise strcmp of the UTF-8 names, as HDF5 and h5py sort
 * — is a sort done on demand and kept until the next change.  Both orders
 * are kept for every group at no extra cost, but creation order is
 * reported, as by HDF5, only for groups and objects created with
 * track_order (H5X_CAP_TRACK_ORDER); the others answer in name order only,
 * so that the tree in memory and the file a backing store saves agree.
 * Nothing is quadratic: 100 000 links in one group cost 100 000 hash
 * insertions, and deleting them all is linear too.
 *
 * Paths (core_tree.c) are walked component by component, following hard
 * links, soft links (relative targets from the group that holds the link,
 * at most 16 in a row) and never external links: following one would
 * have to hand back an object of another file, which the table cannot
 * express, so it answers H5X_ERR_NOT_SUPPORTED and the core follows the
 * link itself (core/src/external_link.c), into a file of any connector.
 * External links are created, listed, moved, deleted and read with
 * link_info here.  H5X_CAP_EXTERNAL_LINKS (following them natively) is
 * therefore not claimed, and neither is H5X_CAP_DIMENSION_SCALES: the
 * core keeps scales in this store's attributes (dimension-scale
 * attributes with references in vlen and compound types), and a backing
 * file gets them through the native connector's H5DS
 * (core_backing_scales.c).
 *
 * Datasets (core_dataset.c) are one C-order buffer in the stored dtype,
 * allocated by the first write.  A whole-dataset read or write in the
 * stored dtype is a single memcpy; selections go through the core's
 * gather/scatter; conversion is one pass, in place when it can be.
 * Chunk shapes and filter chains are validated and reported back but
 * not applied, since memory has nothing to gain from chunked storage.
 * Variable-length strings and sequences are stored too: the store owns a
 * copy of every one it holds, and hands out copies (core_values.c).
 *
 * THE CONTRACT, CLAIM BY CLAIM
 *
 *   WRITE, CHUNKING (kept and reported), FILTERS (checked, kept, reported
 *   in canonical form, written to a backing file), RESIZE (data keeps its
 *   coordinates, new elements get the fill value), TRACK_ORDER,
 *   SOFT_LINKS, HARD_LINKS, COMMITTED_TYPES (a dataset or attribute made
 *   with a committed type keeps a copy of the type, and the id of the
 *   type object, which counts it among the type's links), POINT_SELECTIONS,
 *   USERBLOCK (its size, for a backing file, which also keeps the bytes
 *   the application wrote into it), and LIBVER:
 *   library-version bounds are checked (an inverted pair is an invalid
 *   argument) and apply to the backing file, the only place where a file
 *   format exists.
 *
 *   OPTIONAL operations (core_optional.c): libhdf5's creation order
 *   values of links, link counts changed by hand (H5Oincr_refcount), and
 *   attribute creation order for a committed datatype, for the VOL
 *   connector that presents this store to libhdf5.
 *
 *   VLEN: variable-length values are copied in and out, never shared
 *   with the application.  REFERENCES: object and region references name
 *   objects by id and keep region selections in the store
 *   (core_reference.c); a backing file gets them translated into its own.
 *
 *   Not claimed: PERSISTENT (the default is nothing on disk; the class
 *   cannot claim it for backing_store=1 only), EXTERNAL_LINKS (see
 *   above), SWMR (the core refuses it before asking),
 *   NATIVE_HANDLES (there is no hid_t), and the native dimension-scale and
 *   virtual-dataset bits (the core's generic versions work here).
 *
 * A backing file is saved when the last open of its store closes, but a
 * close cannot report a failure (the core closes files as a side effect
 * of releasing handles): h5x_file_flush saves too, and returns the
 * status; a failed save leaves the previous file in place.
 *
 * The core holds its lock around every call, so the connector has no lock
 * of its own; its one piece of global state is the registry of open
 * stores, reached only through the table.
 *
 * FILES
 *
 *   core_connector.c   this essay and the class table
 *   core_file.c        the registry, modes, options, open/close/flush
 *   core_backing.c     loading and saving native files; external links
 *   core_backing_refs.c  references translated for backing files
 *   core_node.c        object lifetimes, handles, tokens
 *   core_tree.c        path walking; opening, existence, groups
 *   core_link.c        hard, soft and external links; delete and move
 *   core_dataset.c     datasets: creation, info, I/O, resize
 *   core_attribute.c   attributes
 *   core_datatype.c    committed datatypes
 *   core_reference.c   object and region references
 *   core_optional.c    libhdf5's creation order values and link counts
 *   core_values.c      byte counts, fill values, variable-length memory
 *   core_map.c         the insertion-ordered name map
 *   core_ids.c         the id -> pointer map
 *   core_pool.c        fixed-size records for objects, links and handles
 */
#include "core.h"

static const char *const core_option_names[] = {"backing_store", NULL};

static const h5x_connector_class core_class = {
    .abi_version = H5X_CONNECTOR_ABI_VERSION,
    .struct_size = sizeof(h5x_connector_class),
    .name = "core",
    .description = "files in memory (h5py's core driver); backing_store=1 loads and saves a native file",
    .version = H5X_VERSION_MAJOR * 10000 + H5X_VERSION_MINOR * 100 + H5X_VERSION_PATCH,
    .capabilities = H5X_CAP_WRITE | H5X_CAP_CHUNKING | H5X_CAP_FILTERS | H5X_CAP_RESIZE | H5X_CAP_TRACK_ORDER |
                    H5X_CAP_SOFT_LINKS | H5X_CAP_HARD_LINKS | H5X_CAP_COMMITTED_TYPES | H5X_CAP_POINT_SELECTIONS |
                    H5X_CAP_LIBVER | H5X_CAP_VLEN | H5X_CAP_REFERENCES | H5X_CAP_USERBLOCK,
    .option_names = core_option_names,

    .file_open = core_file_open,
    .file_close = core_file_close,
    .file_flush = core_file_flush,
    .file_userblock_size = core_file_userblock_size,

    .object_open = core_object_open,
    .object_close = core_object_close,
    .object_info = core_object_info,
    .object_exists = core_object_exists,
    .object_open_by_token = core_object_open_by_token,

    .group_create = core_group_create,
    .group_length = core_group_length,
    .group_iterate = core_group_iterate,

    .link_delete = core_link_delete,
    .link_info = core_link_info,
    .link_create_hard = core_link_create_hard,
    .link_create_soft = core_link_create_soft,
    .link_create_external = core_link_create_external,
    .link_move = core_link_move,

    .dataset_create = core_dataset_create,
    .dataset_info = core_dataset_info,
    .dataset_read = core_dataset_read,
    .dataset_write = core_dataset_write,
    .dataset_resize = core_dataset_resize,
    .dataset_flush = core_dataset_flush,
    .dataset_refresh = core_dataset_refresh,

    .attr_create = core_attr_create,
    .attr_write = core_attr_write,
    .attr_read = core_attr_read,
    .attr_info = core_attr_info,
    .attr_delete = core_attr_delete,
    .attr_iterate = core_attr_iterate,

    .datatype_commit = core_datatype_commit,
    .datatype_get = core_datatype_get,

    .ref_create = core_ref_create,
    .ref_open = core_ref_open,
    .ref_region = core_ref_region,

    .optional = core_optional,
};

H5X_API const h5x_connector_class *h5x_connector_entry(void)
{
    return &core_class;
}
