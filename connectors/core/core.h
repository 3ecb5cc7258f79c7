/*
 * core.h — what the files of the in-memory connector share.
 *
 * The design is told in core_connector.c; this header only names the
 * pieces.  Nothing here is exported from libh5x_core.so: the one public
 * symbol is h5x_connector_entry.
 */
#ifndef H5X_CORE_CONNECTOR_H
#define H5X_CORE_CONNECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "dtype.h"
#include "h5x_connector.h"

/* ------------------------------------------------------------ name maps */

/* An insertion-ordered dictionary from names to pointers: the links of a
 * group and the attributes of an object.  Lookups hash; iteration walks
 * the insertion order, or the names sorted byte-wise. */
enum { CORE_MAP_SHORT_NAME = 16 }; /* names shorter than this live in their entry */

typedef struct core_map_entry {
    uint64_t hash;
    void *value;
    uint32_t length; /* of the name */
    int live;        /* 0: a removed entry, a hole until the next compaction */
    union {
        char *heap;                       /* length >= CORE_MAP_SHORT_NAME: malloc'd */
        char inline_name[CORE_MAP_SHORT_NAME]; /* shorter names, terminated */
    } name;
} core_map_entry;

/* A hash slot: which entry, and the upper half of its name's hash, so
 * that a probe passes other names without reading their entries. */
typedef struct core_map_slot {
    uint32_t entry; /* entry index + 1; 0 is an empty slot */
    uint32_t tag;
} core_map_slot;

typedef struct core_map {
    core_map_entry *entries; /* insertion order, with holes */
    size_t used;             /* entries[0 .. used) have been filled */
    size_t capacity;
    size_t live;             /* entries that still have a name */
    core_map_slot *slots;    /* the hash table */
    size_t slot_count;       /* a power of two, or 0 */
    size_t *sorted;          /* entry indices in name order, or NULL when stale */
    uint64_t changes;        /* counts insertions and removals */
    int iterating;           /* > 0 while a walk runs: entries keep their places */
} core_map;

void core_map_init(core_map *map);
/* Releases the map; free_value (may be NULL) is called on each value. */
void core_map_clear(core_map *map, void (*free_value)(void *value));
size_t core_map_length(const core_map *map);
/* The value under the name of `length` bytes, or NULL. */
void *core_map_find(const core_map *map, const char *name, size_t length);
/* Adds a name that is not present yet.  0, or H5X_ERR_NO_MEMORY recorded. */
int core_map_insert(core_map *map, const char *name, size_t length, void *value);
/* Adds the name as the newest entry, taking the place of an entry of the
 * same name if there is one, whose value goes to *replaced (else NULL).
 * On failure the map is unchanged. */
int core_map_put(core_map *map, const char *name, size_t length, void *value, void **replaced);
/* Removes the name and returns its value, or NULL when absent. */
void *core_map_remove(core_map *map, const char *name, size_t length);
/* The hash a map keeps for a name, and the calls that take it instead of
 * computing it again (a lookup followed by an insertion hashes once). */
uint64_t core_map_hash(const char *name, size_t length);
void *core_map_find_hashed(const core_map *map, const char *name, size_t length, uint64_t hash);
int core_map_insert_hashed(core_map *map, const char *name, size_t length, uint64_t hash, void *value);
/* Calls visit for each entry in the order asked for; a non-zero return
 * stops the walk and is returned.  visit may change the map: entries added
 * meanwhile are not visited, entries removed meanwhile are skipped. */
typedef int (*core_map_visitor)(const char *name, void *value, void *user_data);
int core_map_iterate(core_map *map, h5x_order order, core_map_visitor visit, void *user_data);

/* -------------------------------------------------------------- id maps */

/* A hash map from 64-bit ids (never 0) to pointers: objects by the id in
 * their tokens (built when a token is first looked up), and where a save
 * put each object in the backing file. */
typedef struct core_ids {
    uint64_t *keys; /* 0: empty */
    void **values;
    size_t count;
    size_t slot_count; /* a power of two, or 0 */
} core_ids;

void core_ids_init(core_ids *ids);
void core_ids_clear(core_ids *ids);
void *core_ids_find(const core_ids *ids, uint64_t key);
int core_ids_insert(core_ids *ids, uint64_t key, void *value);
void core_ids_remove(core_ids *ids, uint64_t key);
/* Calls visit(value) for every entry; the map must not change meanwhile. */
void core_ids_each(const core_ids *ids, void (*visit)(void *value, void *user_data), void *user_data);

/* ---------------------------------------------------------------- pools */

/* Records of one size carved from blocks, recycled through a free list,
 * released all at once (core_pool.c). */
typedef struct core_pool {
    size_t item_size;
    void *free_items;  /* freed records, each holding the next */
    void *blocks;      /* the newest block, which holds the previous one */
    char *next, *end;  /* the unused rest of the newest block */
    size_t block_items;
} core_pool;

void core_pool_init(core_pool *pool, size_t item_size);
/* An uninitialised record, or NULL with H5X_ERR_NO_MEMORY recorded. */
void *core_pool_alloc(core_pool *pool);
void core_pool_free(core_pool *pool, void *item);
void core_pool_clear(core_pool *pool);

/* ------------------------------------------------------------- objects */

typedef struct core_store core_store;
typedef struct core_node core_node;

/* A link, stored under its name in a group's map. */
typedef struct core_link {
    h5x_link_kind kind;
    /* libhdf5's creation order value in its group, beside the kind so that
     * a link stays 32 bytes, two to a cache line (links are pooled and a
     * group's creation touches one): a group would need more than two
     * billion links created in memory to overflow it */
    int32_t corder;
    core_node *target;  /* hard */
    char *target_path;  /* soft and external */
    char *target_file;  /* external */
} core_link;

typedef struct core_dataset {
    h5x_dtype *dtype;
    size_t element_size;
    h5x_shape shape;
    h5x_shape maxshape;
    h5x_shape chunks;     /* rank 0: contiguous */
    void *fillvalue;      /* one element of dtype, or NULL: zeros */
    char *filters;        /* the chain in its canonical text, or NULL */
    unsigned char *data;  /* C order, shape; NULL until the first write */
    /* Filtered chunked datasets of plain values keep their data as
     * encoded chunks instead of `data` (core_chunks.c). */
    h5x_filter_chain *chain;      /* prepared; non-NULL: chunk storage */
    struct core_chunk *chunk_table; /* C order over the chunk grid of shape */
    size_t chunk_count;
    size_t chunk_bytes;           /* of one uncompressed chunk */
    size_t cached_chunk;          /* index of the decoded chunk in cache, or SIZE_MAX */
    unsigned char *cache;
    uint64_t committed_type; /* id of the committed datatype of the store it was created with, or 0 */
} core_dataset;

typedef struct core_attribute {
    h5x_dtype *dtype;
    core_store *pooled_in; /* the store whose attribute pool holds it, or NULL: malloc'd */
    h5x_shape shape;
    void *data; /* shape's elements of dtype, in the attribute's own block; NULL when there are none */
    uint64_t committed_type; /* id of the committed datatype of the store it was created with, or 0 */
} core_attribute;

struct core_node {
    uint64_t id;            /* unique within the store; the token */
    h5x_object_kind kind;   /* GROUP, DATASET or DATATYPE */
    int track_order;        /* as created; decides what a backing file records */
    core_store *store;
    int64_t links;          /* hard links naming the object (the root: one, the file's) */
    int64_t handles;        /* open handles on it */
    int32_t next_corder;    /* groups: the creation order value of the next link */
    int32_t pinned;         /* of `links`, those added by H5Oincr_refcount (core_optional.c) */
    core_map attributes;
    core_node *older, *newer;  /* the store's list of every object */
    core_node *next_doomed;    /* the free list of core_node_release */
    union {
        core_map links;         /* groups: values are core_link * */
        core_dataset *dataset;  /* apart, so that groups stay small */
        h5x_dtype *datatype;
    } u;
};

/* The creation order value of a group's next link, advanced (it stays at
 * its largest value past two billion links, rather than wrapping). */
static inline int32_t core_take_corder(core_node *group)
{
    int32_t value = group->next_corder;
    if (group->next_corder < INT32_MAX)
        group->next_corder++;
    return value;
}

/* The tree of one in-memory file, shared by every open of that name. */
struct core_store {
    char *name;             /* the path it was opened by: the registry's key */
    int open_count;         /* core_file structs on it */
    core_node *root;
    core_node *newest;      /* the list of every live object, newest first */
    core_ids by_id;         /* live objects by id, once a token was looked up */
    int by_id_built;
    core_ids regions;       /* region references' selections by id */
    uint64_t last_region_id;
    core_pool node_pool, link_pool, handle_pool;
    core_pool attribute_pool; /* attributes of up to CORE_POOLED_ATTRIBUTE_BYTES of values */
    uint64_t next_id;
    int backing_store;      /* load from and save to a native file of that name */
    int dirty;              /* changed since loaded or last saved */
    h5x_libver libver_low, libver_high; /* for the backing file */
    uint64_t userblock_size; /* as created, or as the backing file has it; 0: none */
    core_store *next;       /* the registry's list */
};

/* One open of a store (one h5x_file_open): what differs between opens. */
typedef struct core_file {
    core_store *store;
    int writable;
} core_file;

/* What the core holds for an open object. */
typedef struct core_handle {
    core_node *node;
    core_file *file;
} core_handle;

/* A new object of the kind with no links and no handles, registered in
 * the store (a dataset with its empty core_dataset); NULL with
 * H5X_ERR_NO_MEMORY recorded. */
core_node *core_node_new(core_store *store, h5x_object_kind kind);
/* Drops one link or one handle; an object nobody names or holds any more
 * is freed, and with it what only it named. */
void core_node_release_link(core_node *node);
void core_node_release_handle(core_node *node);
/* Frees every object of a store at once, whatever still refers to what. */
void core_store_free_nodes(core_store *store);
/* The live object with that id, or NULL (H5X_ERR_NO_MEMORY recorded when
 * the id table could not be built). */
core_node *core_store_find(core_store *store, uint64_t id);
/* Attributes whose values fit in this many bytes (numbers, references,
 * a variable-length string's pointer) come from the store's pool. */
enum { CORE_POOLED_ATTRIBUTE_BYTES = 16 };
/* Where an attribute's values start in its block: behind the struct, as
 * aligned as malloc aligns. */
size_t core_attribute_head(void);
/* Sets up a new store's pools; core_store_free_nodes releases them. */
void core_store_init_pools(core_store *store);
/* A new handle on node (counted); NULL with H5X_ERR_NO_MEMORY recorded. */
core_handle *core_handle_new(core_file *file, core_node *node);
void core_node_info(const core_node *node, h5x_object_info *info);
/* A zeroed link of the kind; NULL with H5X_ERR_NO_MEMORY recorded. */
core_link *core_link_new(core_store *store, h5x_link_kind kind);
/* Frees a link (not its target); NULL is ignored. */
void core_link_free(core_store *store, core_link *link);
void core_attribute_free(void *attribute);

/* The store has changed: a backing file needs saving. */
void core_store_touch(core_store *store);
/* H5X_ERR_READ_ONLY, described, unless the open allows writing. */
int core_require_writable(const core_file *file, const char *operation);

/* ----------------------------------------------------------------- paths */

/* Where the walk of a path ends. */
typedef struct core_place {
    core_node *group;  /* the group holding the final link; NULL when the path names its start */
    const char *name;  /* the final link's name (into the path; not terminated) */
    size_t length;
    core_link *link;   /* the final link itself, NULL when absent */
    uint64_t hash;     /* core_map_hash of the name */
} core_place;

/* The object at path from start (NULL: the root), following every link.
 * quiet: record no error (object_exists). */
int core_tree_resolve(core_store *store, core_node *start, const char *path, int quiet, core_node **node);
/* The final link of path, not followed; the groups on the way are. */
int core_tree_locate(core_store *store, core_node *start, const char *path, int quiet, core_place *place);
/* The group and name where a new link at path goes: missing groups on the
 * way are created, an existing final link is H5X_ERR_EXISTS.  `moving`,
 * when not NULL, may not be passed on the way (a group moved into itself). */
int core_tree_prepare(core_file *file, core_node *start, const char *path, const core_node *moving,
                      core_place *place);
/* Adds a link at a prepared place; takes ownership of link. */
int core_tree_add_link(core_place *place, core_link *link);
/* A new group linked at place (the link holds it). */
int core_tree_add_group(core_place *place, int track_order, core_node **group);
/* A new hard link object for target (counts the link). */
core_link *core_link_hard(core_node *target);

/* The start node of a location handle, NULL for the root. */
core_node *core_location(void *loc);

/* ---------------------------------------------------------- element data */

/* The bytes of shape's elements of element_size, or H5X_ERR_SHAPE when
 * they do not fit in memory addresses. */
int core_byte_count(const h5x_shape *shape, size_t element_size, size_t *bytes);
/* Fills count elements with value (NULL: zeros); value may be the start
 * of buffer itself.  Values that own memory are never fill values. */
void core_fill(void *buffer, uint64_t count, size_t element_size, const void *value);
/* The dtype the store keeps for one it is given: a copy, with the text
 * type as the variable-length UTF-8 string it is in a file.  NULL with the
 * error recorded when out of memory. */
h5x_dtype *core_dtype_stored(const h5x_dtype *dtype);
/* 1 when any of count elements of dtype points to memory of its own. */
int core_values_own_memory(const h5x_dtype *dtype, const void *values, uint64_t count);
/* Releases the memory count elements own (they keep their fixed bytes). */
void core_values_release(const h5x_dtype *dtype, void *values, uint64_t count);
/* Releases what old elements point to where now's elements point elsewhere. */
void core_values_release_replaced(const h5x_dtype *dtype, void *old, const void *now, uint64_t count);
/* H5X_ERR_TYPE unless every reference among count values of dtype is null
 * or of the kind the type holds (a region reference is no object one). */
int core_values_check_references(const h5x_dtype *dtype, const void *values, uint64_t count);
/* Converts count values of mem_dtype into elements of stored, in place:
 * members the values do not have keep theirs, memory the new values
 * replace is released, and on failure nothing changes for types that own
 * memory. */
int core_values_overwrite(const h5x_dtype *stored, void *elements, const h5x_dtype *mem_dtype, const void *values,
                          uint64_t count);

/* ------------------------------------------------------------ references */

/* A malloc'd deep copy of a resolved selection (h5x_resolved_selection_free
 * releases it); NULL with H5X_ERR_NO_MEMORY recorded. */
h5x_resolved_selection *core_selection_copy(const h5x_resolved_selection *sel);
/* The payload of a reference to node (region NULL: an object reference). */
int core_ref_encode(core_node *node, const h5x_resolved_selection *region, uint8_t *payload);
/* The object a payload names, or NULL when it is gone. */
core_node *core_ref_target(core_store *store, const uint8_t *payload);
/* The region a payload names, or NULL for an object reference. */
const h5x_resolved_selection *core_ref_selection(core_store *store, const uint8_t *payload);
void core_store_free_regions(core_store *store);

/* ------------------------------------------------------------- registry */

/* The open store of that name, or NULL. */
core_store *core_registry_find(const char *name);

/* ------------------------------------------------------- backing files */

/* Makes an empty native file at path now (mode "w" or "w-"), so that a
 * path that cannot be written fails at open and not at close. */
int core_backing_create(const core_store *store, const char *mode);
/* Fills an empty store from the native file of its name. */
int core_backing_load(core_store *store);
/* Writes the store to the native file of its name (replacing it). */
int core_backing_save(core_store *store);
/* The token of an object of any connector as 32 hex digits. */
int core_backing_token_key(h5x_object *object, char key[33]);

/* Datasets and attributes whose references are translated once every
 * object of a load or a save exists (core_backing_refs.c). */
typedef struct core_fixup {
    core_node *node;     /* held (one handle) while listed */
    char *attribute;     /* NULL: the dataset's own data */
    char *path;          /* saving: the object's path in the destination */
} core_fixup;

typedef struct core_fixups {
    core_fixup *items;
    size_t count, capacity;
} core_fixups;

/* 0: dtype holds no references; 1: it is a reference type; 2: it holds
 * references inside a compound, array or variable-length type. */
int core_dtype_references(const h5x_dtype *dtype);
/* A deep copy of count values of dtype with every reference null
 * (malloc'd; release with core_values_release and free), or NULL. */
void *core_refs_copy_nulled(const h5x_dtype *dtype, const void *values, uint64_t count);
int core_fixups_add(core_fixups *list, core_node *node, const char *attribute, const char *path);
void core_fixups_free(core_fixups *list);
/* Dimension scales in backing files (core_backing_scales.c): 1 for the
 * two attributes of references the convention keeps (DIMENSION_LIST,
 * REFERENCE_LIST), which are not loaded or saved as data.  The lists name
 * the datasets that have scales (saving: node and destination path;
 * loading: node and source path); their scales are attached again once the
 * whole tree exists. */
int core_scales_bookkeeping(const char *name);
int core_scales_save(const core_fixups *datasets, core_store *store, h5x_object *destination,
                     const core_ids *written);
int core_scales_load(const core_fixups *datasets, h5x_object *source, const core_map *seen);
/* Makes the listed references, read from source, lead into the loaded
 * tree (seen: source token -> node). */
int core_refs_load(const core_fixups *list, h5x_object *source, const core_map *seen);
/* Writes the listed references into the destination, made against the
 * saved objects (written: node id -> path). */
int core_refs_save(const core_fixups *list, core_store *store, h5x_object *destination, const core_ids *written);

/* ------------------------------------------------------ vtable callbacks */

int core_file_open(const h5x_file_args *args, void **file, void **root);
int core_file_close(void *file);
int core_file_flush(void *file);
int core_file_userblock_size(void *file, uint64_t *size);
/* The id of the committed datatype of file's store that dtype came from
 * (h5x_datatype_dtype), or 0 (core_optional.c). */
uint64_t core_committed_type_of(const core_file *file, const h5x_dtype *dtype);
/* The optional operations (core_optional.c). */
int core_optional(void *file, void *object, int op, void *args);

int core_object_open(void *file, void *loc, const char *path, void **object, h5x_object_info *info);
int core_object_close(void *object);
int core_object_info(void *object, h5x_object_info *info);
int core_object_exists(void *file, void *loc, const char *path);
int core_object_open_by_token(void *file, const uint8_t token[16], void **object, h5x_object_info *info);

int core_group_create(void *file, void *loc, const char *path, int track_order, void **group);
int core_group_length(void *group, int64_t *count);
int core_group_iterate(void *group, h5x_order order, h5x_connector_name_cb cb, void *core_data);

int core_link_delete(void *file, void *loc, const char *path);
int core_link_info(void *file, void *loc, const char *path, h5x_link_info *info);
int core_link_create_hard(void *file, void *target_object, void *loc, const char *path);
int core_link_create_soft(void *file, const char *target_path, void *loc, const char *path);
int core_link_create_external(void *file, const char *target_file, const char *target_path, void *loc,
                              const char *path);
int core_link_move(void *file, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path);

int core_dataset_create(void *file, void *loc, const char *path, const h5x_dataset_create_args *args,
                        void **dataset);
int core_dataset_info(void *dataset, h5x_dataset_info *info);
int core_dataset_read(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, void *buffer);
int core_dataset_write(void *dataset, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
                       const void *buffer);
int core_dataset_resize(void *dataset, const h5x_shape *new_shape);
int core_dataset_flush(void *dataset);
int core_dataset_refresh(void *dataset);
void core_dataset_free(core_dataset *dataset);

/* ----------------------------------------------------- filtered chunks */

/* One stored chunk: its encoded bytes (NULL: never written, reads the
 * fill value) and the filters skipped, as HDF5's filter mask. */
typedef struct core_chunk {
    unsigned char *bytes;
    size_t size;
    unsigned filter_mask;
} core_chunk;

/* A chunk-aligned box of a dataset: [lo, lo + shape) in element
 * coordinates; it may reach past the dataset's end to the chunk grid's. */
typedef struct core_box {
    uint64_t lo[H5X_MAX_RANK];
    h5x_shape shape;
} core_box;

/* Turns a dataset with filters into chunk storage when its values are
 * plain bytes; leaves the others (variable-length, references) dense.
 * Fails when the chain cannot run here (H5X_ERR_NOT_SUPPORTED naming the
 * filter, H5X_ERR_PLUGIN). */
int core_chunks_setup(core_dataset *dataset);
/* Moves dense data (dataset->data, if any) into chunks. */
int core_chunks_adopt(core_dataset *dataset);
void core_chunks_free(core_dataset *dataset);
/* The encoded bytes held. */
uint64_t core_chunks_stored(const core_dataset *dataset);
/* The chunk-aligned box covering sel, and sel in the box's coordinates
 * (*points, to be freed, holds what it refers to). */
int core_chunks_box(const core_dataset *dataset, const h5x_resolved_selection *sel, core_box *box,
                    h5x_resolved_selection *local, uint64_t **points);
/* The box's elements decoded into a new buffer (fill where unwritten),
 * each chunk decoded once. */
int core_chunks_load(core_dataset *dataset, const core_box *box, unsigned char **buffer);
/* Encodes every chunk of the box from buffer, replacing what was held. */
int core_chunks_store(core_dataset *dataset, const core_box *box, const unsigned char *buffer);
/* Copies the elements two shapes of the same rank share, each to the same
 * coordinates. */
void core_copy_overlap(unsigned char *from, const h5x_shape *from_shape, unsigned char *to, const h5x_shape *to_shape,
                       size_t element_size);
/* A filtered dataset's elements as one dense C-order array (malloc'd), or
 * NULL when no chunk was written.  Dense datasets give NULL: use data. */
int core_dataset_dense(core_dataset *dataset, unsigned char **dense);
/* The box of the whole chunk grid. */
void core_chunks_whole(const core_dataset *dataset, core_box *box);

int core_attr_create(void *object, const char *name, const h5x_attr_args *args);
int core_attr_write(void *object, const char *name, const h5x_dtype *mem_dtype, const void *data);
int core_attr_read(void *object, const char *name, const h5x_dtype *mem_dtype, void *buffer);
int core_attr_info(void *object, const char *name, h5x_shape *shape, h5x_dtype **dtype);
int core_attr_delete(void *object, const char *name);
int core_attr_iterate(void *object, h5x_order order, h5x_connector_name_cb cb, void *core_data);
/* Stores a copy of an attribute on node (replacing one of the same name). */
int core_attribute_put(core_node *node, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                       const void *data);

int core_datatype_commit(void *file, void *loc, const char *path, const h5x_dtype *dtype, void **datatype);
int core_datatype_get(void *datatype, h5x_dtype **dtype);

int core_ref_create(void *file, void *object, const h5x_resolved_selection *region, uint8_t *payload);
int core_ref_open(void *file, const uint8_t *payload, void **object, h5x_object_info *info);
int core_ref_region(void *file, const uint8_t *payload, h5x_resolved_selection **region);

#endif
