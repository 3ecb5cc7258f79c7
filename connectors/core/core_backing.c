/*
 * core_backing.c — the backing file: loading a native HDF5 file into a
 * store, and saving a store as one.
 *
 * Both directions go through h5x's public API on the disk side
 * (h5x_file_open("native:PATH"), h5x_group_names, h5x_dataset_read,
 * h5x_dataset_create, ...), so the file is exactly what the native
 * connector writes and h5py reads, and this connector never touches
 * libhdf5.  On the memory side they build or walk the tree directly,
 * because the store being loaded is not open to the public API yet, and
 * the one being saved is on its way out.
 *
 * The two things the public API does not offer are reached through the
 * source's or the destination's own table, via the core's object layer
 * (object.h), as the core's h5x_copy does: the token of a source object,
 * to recognise a second hard link to an object already loaded, and the
 * payloads of references, which core_backing_refs.c translates.
 *
 * What the file records follows the tree: creation order is tracked in
 * exactly the groups (and datasets' attribute lists) that asked for it;
 * chunk shapes, maximum shapes, fill values and filter chains are those
 * the datasets were created with; a dataset never written stays
 * unallocated; the user block keeps its size and, from the file saved
 * before, its bytes.  Loading reads the same facts back, so a load
 * followed by a save keeps them.
 *
 * A save writes a new file next to the old one and renames it over the
 * old one only when complete, so a save that fails (a type the native
 * connector cannot store, a full disk) leaves the previous file intact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "object.h"

/* "native:" + path, malloc'd. */
static char *native_uri(const char *path)
{
    size_t n = strlen(path) + sizeof "native:";
    char *uri = malloc(n);
    if (uri == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    else
        snprintf(uri, n, "native:%s", path);
    return uri;
}

static h5x_object *open_native(const char *path, const char *mode, const core_store *store)
{
    char *uri = native_uri(path);
    if (uri == NULL)
        return NULL;
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    if (strcmp(mode, "r") != 0) {
        options.libver_low = store->libver_low;
        options.libver_high = store->libver_high;
        options.track_order = store->root->track_order ? 1 : 0;
        options.userblock_size = store->userblock_size;
    }
    h5x_object *file = h5x_file_open(uri, mode, &options);
    free(uri);
    return file;
}

/* The status of the error the last public call recorded. */
static int last_status(void)
{
    int code = h5x_last_error()->code;
    return code < 0 ? code : H5X_ERR_IO;
}

int core_backing_create(const core_store *store, const char *mode)
{
    h5x_object *file = open_native(store->name, mode, store);
    if (file == NULL)
        return last_status();
    return h5x_close(file) < 0 ? last_status() : 0;
}

/* ---------------------------------------------------------------- loading */

typedef struct loader {
    core_store *store;
    core_map seen;       /* source token (as hex) -> core_node: objects loaded so far */
    core_fixups fixups;  /* data holding references, translated at the end */
    core_fixups scales;  /* datasets with dimension scales, attached at the end */
} loader;

int core_backing_token_key(h5x_object *object, char key[33])
{
    int (*info)(void *, h5x_object_info *) = H5X_SLOT(H5X_CLASS(object), object_info);
    if (info == NULL)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "the source connector does not give object tokens");
    h5x_object_info oi;
    memset(&oi, 0, sizeof oi);
    int status = info(object->connector_object, &oi);
    if (status < 0)
        return status;
    for (int i = 0; i < 16; i++)
        snprintf(key + 2 * i, 3, "%02x", oi.token[i]);
    return 0;
}

/* The names of a group's links or an object's attributes, in creation
 * order when the source tracks it (*tracked = 1), else in name order. */
static int source_names(int (*names_of)(h5x_object *, h5x_order, char ***, size_t *), h5x_object *object,
                        char ***names, size_t *count, int *tracked)
{
    *tracked = names_of(object, H5X_ORDER_CREATION, names, count) == 0;
    if (*tracked)
        return 0;
    h5x_clear_error();
    return names_of(object, H5X_ORDER_NAME, names, count) < 0 ? last_status() : 0;
}

static int load_attributes(loader *ld, h5x_object *src, core_node *dst, int *tracked)
{
    char **names = NULL;
    size_t count = 0;
    int status = source_names(h5x_attr_names, src, &names, &count, tracked);
    for (size_t i = 0; status == 0 && i < count; i++) {
        h5x_shape shape;
        h5x_dtype *dtype = NULL;
        size_t bytes = 0;
        void *data = NULL;
        if (core_scales_bookkeeping(names[i])) {
            if (strcmp(names[i], "DIMENSION_LIST") == 0)
                status = core_fixups_add(&ld->scales, dst, NULL, src->path);
            continue;
        }
        if (h5x_attr_info(src, names[i], &shape, &dtype) < 0)
            status = last_status();
        else if ((status = core_byte_count(&shape, h5x_dtype_size(dtype), &bytes)) == 0 && bytes > 0 &&
                 (data = malloc(bytes)) == NULL)
            status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory loading attribute '%s'", names[i]);
        if (status == 0 && h5x_attr_get(src, names[i], dtype, data, bytes) < 0)
            status = last_status();
        if (status == 0) {
            status = core_attribute_put(dst, names[i], dtype, &shape, data); /* copies */
            if (status == 0 && core_dtype_references(dtype) != 0)
                status = core_fixups_add(&ld->fixups, dst, names[i], NULL);
            core_values_release(dtype, data, h5x_shape_size(&shape));
        }
        free(data);
        h5x_close(dtype);
    }
    h5x_free_names(names, count);
    return status;
}

/* Links node into group under name; the loader's hold on node ends. */
static int link_loaded(core_node *group, const char *name, core_node *node)
{
    core_place place = {group, name, strlen(name), NULL, core_map_hash(name, strlen(name))};
    core_link *link = core_link_hard(node);
    int status = link != NULL ? core_tree_add_link(&place, link) : H5X_ERR_NO_MEMORY;
    core_node_release_handle(node);
    return status;
}

static int load_text_link(core_node *group, const char *name, const h5x_link_info *info)
{
    core_link *link = core_link_new(group->store, info->kind);
    if (link == NULL)
        return H5X_ERR_NO_MEMORY;
    if ((link->target_path = strdup(info->target_path)) == NULL ||
        (info->kind == H5X_LINK_EXTERNAL && (link->target_file = strdup(info->target_file)) == NULL)) {
        core_link_free(group->store, link);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory loading link '%s'", name);
    }
    core_place place = {group, name, strlen(name), NULL, core_map_hash(name, strlen(name))};
    return core_tree_add_link(&place, link);
}

/* A new object held by the loader (one handle) and known by its token. */
static core_node *new_loaded(loader *ld, h5x_object_kind kind, const char *key)
{
    core_node *node = core_node_new(ld->store, kind);
    if (node == NULL)
        return NULL;
    node->handles++;
    if (core_map_insert(&ld->seen, key, strlen(key), node) < 0) {
        core_node_release_handle(node);
        return NULL;
    }
    return node;
}

/* The layout a file claims for a dataset, checked before the store sizes
 * its memory and its chunk grid by it: a damaged file can claim chunks of
 * another rank or of more bytes than HDF5 allows (under 4 GiB), or a
 * current extent beyond the maximum one. */
static int check_loaded_layout(h5x_object *src, const core_dataset *dataset)
{
    const char *problem = NULL;
    uint64_t chunk_bytes = dataset->element_size;
    int ranks_agree = dataset->maxshape.rank == dataset->shape.rank;
    for (int i = 0; ranks_agree && problem == NULL && i < dataset->shape.rank; i++)
        if (dataset->maxshape.dims[i] != H5X_UNLIMITED && dataset->maxshape.dims[i] < dataset->shape.dims[i])
            problem = "its shape exceeds its maximum shape";
    if (problem == NULL && dataset->chunks.rank > 0) {
        if (dataset->chunks.rank != dataset->shape.rank)
            problem = "its chunks have another rank than its shape";
        for (int i = 0; problem == NULL && i < dataset->chunks.rank; i++) {
            uint64_t d = dataset->chunks.dims[i];
            if (d == 0 || chunk_bytes > (UINT64_C(1) << 32) / d)
                problem = "its chunk shape is empty or holds 4 GiB or more";
            else
                chunk_bytes *= d;
        }
    }
    if (problem == NULL)
        return 0;
    char *name = h5x_object_name(src);
    int status = h5x_connector_error(H5X_ERR_CORRUPT, "the dataset '%s' cannot be loaded: %s",
                                     name ? name : "?", problem);
    h5x_free(name);
    return status;
}

static int load_dataset(loader *ld, h5x_object *src, core_node *node)
{
    core_dataset *dataset = node->u.dataset;
    int status = 0;
    dataset->dtype = h5x_dataset_dtype(src);
    if (dataset->dtype == NULL || h5x_dataset_shape(src, &dataset->shape) < 0 ||
        h5x_dataset_maxshape(src, &dataset->maxshape) < 0 || h5x_dataset_chunks(src, &dataset->chunks) < 0)
        return last_status();
    dataset->element_size = h5x_dtype_size(dataset->dtype);
    if ((status = check_loaded_layout(src, dataset)) < 0)
        return status;
    char *filters = h5x_dataset_filters(src);
    if (filters == NULL)
        return last_status();
    if (filters[0] != '\0' && (dataset->filters = strdup(filters)) == NULL)
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory loading a dataset");
    h5x_free(filters);
    if (status < 0)
        return status;
    void *fill = malloc(dataset->element_size);
    if (fill == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory loading a dataset");
    int defined = h5x_dataset_fillvalue(src, dataset->dtype, fill);
    if (defined == 1 && core_values_own_memory(dataset->dtype, fill, 1)) {
        /* the store keeps no fill value that owns memory (core_values.c):
         * such a dataset reads empty values where nothing was written */
        core_values_release(dataset->dtype, fill, 1);
        defined = 0;
    }
    if (defined == 1)
        dataset->fillvalue = fill;
    else
        free(fill);
    if (defined < 0)
        return last_status();
    uint64_t stored = 0;
    size_t bytes = 0;
    if (h5x_dataset_storage_size(src, &stored) < 0)
        return last_status();
    if ((status = core_byte_count(&dataset->shape, dataset->element_size, &bytes)) < 0)
        return status;
    /* a chain the store cannot run (nbit, scaleoffset) leaves the data
     * dense: it was decoded by libhdf5 and is saved through it again */
    if (core_chunks_setup(dataset) < 0) {
        core_chunks_free(dataset);
        h5x_clear_error();
    }
    if (stored == 0 || bytes == 0)
        return 0; /* never written: it stays unallocated here too */
    if ((dataset->data = malloc(bytes)) == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory loading %zu bytes of a dataset", bytes);
    if (h5x_dataset_read(src, NULL, dataset->dtype, dataset->data, bytes) < 0) {
        free(dataset->data); /* a failed read owns nothing */
        dataset->data = NULL;
        return last_status();
    }
    if ((status = core_chunks_adopt(dataset)) < 0)
        return status;
    return core_dtype_references(dataset->dtype) != 0 ? core_fixups_add(&ld->fixups, node, NULL, NULL) : 0;
}

static int load_datatype(h5x_object *src, core_node *node)
{
    h5x_dtype *dtype = h5x_datatype_dtype(src);
    if (dtype == NULL)
        return last_status();
    node->u.datatype = core_dtype_stored(dtype); /* without the source object it refers to */
    h5x_close(dtype);
    return node->u.datatype != NULL ? 0 : H5X_ERR_NO_MEMORY;
}

static int load_group(loader *ld, h5x_object *src, core_node *dst);

/* Loads the object that the hard link `name` of src leads to. */
static int load_member(loader *ld, h5x_object *src, core_node *dst, const char *name)
{
    h5x_object *child = h5x_open(src, name);
    if (child == NULL)
        return last_status();
    char key[33];
    int status = core_backing_token_key(child, key);
    core_node *node = status == 0 ? core_map_find(&ld->seen, key, strlen(key)) : NULL;
    if (status == 0 && node != NULL) {
        node->handles++;
        status = link_loaded(dst, name, node);
    } else if (status == 0) {
        h5x_object_kind kind = h5x_object_get_kind(child);
        node = new_loaded(ld, kind == H5X_KIND_FILE ? H5X_KIND_GROUP : kind, key);
        if (node == NULL) {
            status = H5X_ERR_NO_MEMORY;
        } else {
            /* link first: the node is then part of the tree whatever fails next */
            node->handles++;
            status = link_loaded(dst, name, node);
            int tracked = 0;
            if (status == 0 && node->kind == H5X_KIND_GROUP)
                status = load_group(ld, child, node);
            else if (status == 0 && node->kind == H5X_KIND_DATASET)
                status = load_dataset(ld, child, node);
            else if (status == 0)
                status = load_datatype(child, node);
            if (status == 0 && node->kind != H5X_KIND_GROUP) {
                status = load_attributes(ld, child, node, &tracked);
                node->track_order = tracked;
            }
            core_node_release_handle(node);
        }
    }
    h5x_close(child);
    return status;
}

static int load_group(loader *ld, h5x_object *src, core_node *dst)
{
    char **names = NULL;
    size_t count = 0;
    int tracked = 0, attributes_tracked = 0;
    int status = source_names(h5x_group_names, src, &names, &count, &tracked);
    dst->track_order = tracked;
    if (status == 0)
        status = load_attributes(ld, src, dst, &attributes_tracked);
    for (size_t i = 0; status == 0 && i < count; i++) {
        h5x_link_info info;
        if (h5x_link_get_info(src, names[i], &info) < 0) {
            status = last_status();
            break;
        }
        if (info.kind == H5X_LINK_HARD)
            status = load_member(ld, src, dst, names[i]);
        else
            status = load_text_link(dst, names[i], &info);
        h5x_free(info.target_path);
        h5x_free(info.target_file);
    }
    h5x_free_names(names, count);
    return status;
}

int core_backing_load(core_store *store)
{
    h5x_object *file = open_native(store->name, "r", store);
    if (file == NULL)
        return last_status();
    loader ld = {store, {0}, {0}, {0}};
    core_map_init(&ld.seen);
    char key[33];
    int status = h5x_file_userblock_size(file, &store->userblock_size) < 0 ? last_status() : 0;
    if (status == 0)
        status = core_backing_token_key(file, key);
    if (status == 0)
        status = core_map_insert(&ld.seen, key, strlen(key), store->root);
    if (status == 0)
        status = load_group(&ld, file, store->root);
    if (status == 0)
        status = core_refs_load(&ld.fixups, file, &ld.seen);
    if (status == 0)
        status = core_scales_load(&ld.scales, file, &ld.seen);
    core_fixups_free(&ld.fixups);
    core_fixups_free(&ld.scales);
    core_map_clear(&ld.seen, NULL);
    h5x_close(file);
    return status;
}

/* ----------------------------------------------------------------- saving */

typedef struct saver {
    h5x_object *root;    /* the destination file */
    core_ids written;    /* node id -> its path in the destination (malloc'd) */
    h5x_object *group;   /* the destination group being filled */
    core_fixups fixups;  /* data holding references, written at the end */
    core_fixups scales;  /* datasets with dimension scales, attached at the end */
} saver;

typedef struct attribute_save {
    saver *sv;
    core_node *node;
    h5x_object *object;
} attribute_save;

static int save_attribute(const char *name, void *value, void *user_data)
{
    const core_attribute *attribute = value;
    attribute_save *as = user_data;
    if (core_scales_bookkeeping(name))
        return strcmp(name, "DIMENSION_LIST") == 0 ? core_fixups_add(&as->sv->scales, as->node, NULL, as->object->path)
                                                    : 0;
    int references = core_dtype_references(attribute->dtype);
    if (references == 0)
        return h5x_attr_set(as->object, name, attribute->dtype, &attribute->shape, attribute->data) < 0
                   ? last_status()
                   : 0;
    /* made with null references here, in its place in the order, and
     * filled at the end */
    uint64_t n = h5x_shape_size(&attribute->shape);
    void *nulls = core_refs_copy_nulled(attribute->dtype, attribute->data, n);
    if (nulls == NULL)
        return last_status();
    int status = h5x_attr_set(as->object, name, attribute->dtype, &attribute->shape, nulls) < 0 ? last_status() : 0;
    core_values_release(attribute->dtype, nulls, n);
    free(nulls);
    return status == 0 ? core_fixups_add(&as->sv->fixups, as->node, name, as->object->path) : status;
}

static int save_attributes(saver *sv, core_node *node, h5x_object *object)
{
    attribute_save as = {sv, node, object};
    return core_map_iterate(&node->attributes, H5X_ORDER_CREATION, save_attribute, &as);
}

static int save_text_link(h5x_object *group, const char *name, const core_link *link)
{
    int status = link->kind == H5X_LINK_SOFT
                     ? h5x_link_soft(group, name, link->target_path)
                     : h5x_link_external(group, name, link->target_file, link->target_path);
    return status < 0 ? last_status() : 0;
}

static int save_hard_link(saver *sv, h5x_object *group, const char *name, const char *target_path)
{
    h5x_object *target = h5x_open(sv->root, target_path);
    int status = target != NULL && h5x_link_hard(target, group, name) == 0 ? 0 : last_status();
    h5x_close(target);
    return status;
}

static int save_group(saver *sv, core_node *node, h5x_object *group);

static int save_dataset(saver *sv, core_node *node, h5x_object *group, const char *name)
{
    core_dataset *dataset = node->u.dataset;
    int references = core_dtype_references(dataset->dtype);
    unsigned char *dense = NULL;
    int status = core_dataset_dense(dataset, &dense);
    if (status < 0)
        return status;
    h5x_dataset_options options = H5X_DATASET_OPTIONS_INIT;
    int resizable = 0;
    for (int i = 0; i < dataset->shape.rank; i++)
        resizable |= dataset->maxshape.dims[i] != dataset->shape.dims[i];
    options.maxshape = resizable ? &dataset->maxshape : NULL;
    options.chunks = dataset->chunks.rank > 0 ? &dataset->chunks : NULL;
    options.fillvalue = dataset->fillvalue;
    options.filters = dataset->filters;
    options.track_order = node->track_order ? 1 : 0;
    options.data = references ? NULL : dense != NULL ? dense : dataset->data; /* references are written at the end */
    h5x_object *saved = h5x_dataset_create(group, name, dataset->dtype, &dataset->shape, &options);
    free(dense);
    if (saved == NULL)
        return last_status();
    status = references && dataset->data != NULL ? core_fixups_add(&sv->fixups, node, NULL, saved->path) : 0;
    if (status == 0)
        status = save_attributes(sv, node, saved);
    h5x_close(saved);
    return status;
}

static int save_datatype(saver *sv, core_node *node, h5x_object *group, const char *name)
{
    h5x_object *saved = h5x_datatype_commit(group, name, node->u.datatype);
    if (saved == NULL)
        return last_status();
    int status = save_attributes(sv, node, saved);
    h5x_close(saved);
    return status;
}

static char *child_path(const char *parent, const char *name)
{
    size_t n = strlen(parent) + strlen(name) + 2;
    char *path = malloc(n);
    if (path == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory saving '%s'", name);
    else
        snprintf(path, n, "%s%s%s", parent, strcmp(parent, "/") == 0 ? "" : "/", name);
    return path;
}

static int save_link(const char *name, void *value, void *user_data)
{
    saver *sv = user_data;
    const core_link *link = value;
    h5x_object *group = sv->group;
    if (link->kind != H5X_LINK_HARD)
        return save_text_link(group, name, link);
    core_node *target = link->target;
    const char *already = core_ids_find(&sv->written, target->id);
    if (already != NULL)
        return save_hard_link(sv, group, name, already);
    char *path = child_path(group->path, name);
    if (path == NULL)
        return H5X_ERR_NO_MEMORY;
    if (core_ids_insert(&sv->written, target->id, path) < 0) {
        free(path);
        return H5X_ERR_NO_MEMORY;
    }
    switch (target->kind) {
    case H5X_KIND_DATASET:
        return save_dataset(sv, target, group, name);
    case H5X_KIND_DATATYPE:
        return save_datatype(sv, target, group, name);
    default: {
        h5x_group_options options = H5X_GROUP_OPTIONS_INIT;
        options.track_order = target->track_order ? 1 : 0;
        h5x_object *saved = h5x_group_create(group, name, &options);
        if (saved == NULL)
            return last_status();
        int status = save_group(sv, target, saved);
        h5x_close(saved);
        return status;
    }
    }
}

static int save_group(saver *sv, core_node *node, h5x_object *group)
{
    int status = save_attributes(sv, node, group);
    if (status < 0)
        return status;
    h5x_object *outer = sv->group;
    sv->group = group;
    status = core_map_iterate(&node->u.links, H5X_ORDER_CREATION, save_link, sv);
    sv->group = outer;
    return status;
}

static void free_path(void *value, void *user_data)
{
    (void)user_data;
    free(value);
}

/* The user block belongs to the application, which writes into it
 * around HDF5 (h5py's userblock_size): a save carries the old file's
 * bytes of it over into the new one, which libhdf5 wrote with zeros. */
static int keep_userblock(const core_store *store, const char *temporary)
{
    uint64_t size = store->userblock_size;
    if (size == 0)
        return 0;
    FILE *old = fopen(store->name, "rb");
    if (old == NULL)
        return 0; /* nothing saved before: the block stays zeros */
    unsigned char *block = malloc((size_t)size);
    size_t got = block != NULL ? fread(block, 1, (size_t)size, old) : 0;
    fclose(old);
    int status = 0;
    if (block == NULL) {
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory saving '%s'", store->name);
    } else if (got == size) {
        FILE *saved = fopen(temporary, "r+b");
        if (saved == NULL || fwrite(block, 1, (size_t)size, saved) != size)
            status = h5x_connector_error(H5X_ERR_IO, "unable to keep the user block of '%s'", store->name);
        if (saved != NULL && fclose(saved) != 0 && status == 0)
            status = h5x_connector_error(H5X_ERR_IO, "unable to keep the user block of '%s'", store->name);
    }
    free(block);
    return status;
}

int core_backing_save(core_store *store)
{
    size_t n = strlen(store->name) + sizeof ".h5x-saving";
    char *temporary = malloc(n);
    if (temporary == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory saving '%s'", store->name);
    snprintf(temporary, n, "%s.h5x-saving", store->name);
    saver sv = {open_native(temporary, "w", store), {0}, NULL, {0}, {0}};
    core_ids_init(&sv.written);
    int status = sv.root != NULL ? 0 : last_status();
    char *root_path = status == 0 ? strdup("/") : NULL;
    if (status == 0 && (root_path == NULL || core_ids_insert(&sv.written, store->root->id, root_path) < 0)) {
        free(root_path);
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory saving '%s'", store->name);
    }
    if (status == 0)
        status = save_group(&sv, store->root, sv.root);
    if (status == 0)
        status = core_refs_save(&sv.fixups, store, sv.root, &sv.written);
    if (status == 0)
        status = core_scales_save(&sv.scales, store, sv.root, &sv.written);
    core_fixups_free(&sv.fixups);
    core_fixups_free(&sv.scales);
    if (sv.root != NULL && h5x_close(sv.root) < 0 && status == 0)
        status = last_status();
    core_ids_each(&sv.written, free_path, NULL);
    core_ids_clear(&sv.written);
    if (status == 0)
        status = keep_userblock(store, temporary);
    if (status == 0 && rename(temporary, store->name) != 0)
        status = h5x_connector_error(H5X_ERR_IO, "unable to replace '%s' with the saved file", store->name);
    if (status < 0)
        remove(temporary);
    free(temporary);
    return status;
}
