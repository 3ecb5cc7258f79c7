/*
 * vol_token.c — HDF5 object tokens for h5x objects.
 *
 * HDF5 identifies an object within its file by a token of at most 16
 * bytes (libhdf5's native one is the object header's address), compares
 * tokens to tell whether two names lead to the same object, and opens
 * objects by token.  h5x's public handle on an object's identity is its
 * object reference: the same object always gives the same reference bytes,
 * and h5x_ref_open goes back from them.  References are 64 bytes, so each
 * file keeps a table: the n-th distinct object met gets the token n (a
 * little-endian 64-bit number, the rest zero), and the table remembers the
 * reference (and the path, for connectors without references, where an
 * object is known by the first path it was met under).  Tokens are stable
 * for as long as the file is open, which is as long as HDF5 may use them.
 *
 * The table also answers how many hard links lead to an object, counted
 * by one walk of the file when first asked, and again after the file's
 * links change.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vol_internal.h"

typedef struct token_entry {
    int has_ref;
    h5x_ref ref;
    char *path;
    unsigned links;
} token_entry;

struct vol_token_table {
    token_entry *entries;
    size_t count, capacity;
    size_t *slots; /* hash slots: entry index + 1, 0 when empty */
    size_t slot_count;
    int counted;
};

vol_token_table *vol_tokens_new(void)
{
    return calloc(1, sizeof(vol_token_table));
}

void vol_tokens_free(vol_token_table *table)
{
    if (table == NULL)
        return;
    for (size_t i = 0; i < table->count; i++)
        free(table->entries[i].path);
    free(table->entries);
    free(table->slots);
    free(table);
}

static uint64_t hash_bytes(const void *bytes, size_t n)
{
    uint64_t hash = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++)
        hash = (hash ^ ((const uint8_t *)bytes)[i]) * UINT64_C(1099511628211);
    return hash;
}

static uint64_t entry_hash(const token_entry *entry)
{
    return entry->has_ref ? hash_bytes(entry->ref.bytes, sizeof entry->ref.bytes)
                          : hash_bytes(entry->path, strlen(entry->path)) ^ 1;
}

static int same_key(const token_entry *a, const token_entry *b)
{
    if (a->has_ref != b->has_ref)
        return 0;
    return a->has_ref ? memcmp(a->ref.bytes, b->ref.bytes, sizeof a->ref.bytes) == 0 : strcmp(a->path, b->path) == 0;
}

static int rehash(vol_token_table *table)
{
    size_t slot_count = table->slot_count ? table->slot_count * 2 : 64;
    size_t *slots = calloc(slot_count, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < table->count; i++) {
        size_t slot = (size_t)(entry_hash(&table->entries[i]) & (slot_count - 1));
        while (slots[slot] != 0)
            slot = (slot + 1) & (slot_count - 1);
        slots[slot] = i + 1;
    }
    free(table->slots);
    table->slots = slots;
    table->slot_count = slot_count;
    return 0;
}

/* The index of the entry with key's identity, added when missing. */
static int find_or_add(vol_token_table *table, token_entry *key, size_t *index)
{
    if ((table->count + 1) * 2 > table->slot_count && rehash(table) < 0)
        return vol_fail_here("out of memory");
    size_t slot = (size_t)(entry_hash(key) & (table->slot_count - 1));
    while (table->slots[slot] != 0) {
        if (same_key(&table->entries[table->slots[slot] - 1], key)) {
            *index = table->slots[slot] - 1;
            free(key->path);
            return 0;
        }
        slot = (slot + 1) & (table->slot_count - 1);
    }
    if (table->count == table->capacity) {
        size_t capacity = table->capacity ? table->capacity * 2 : 64;
        token_entry *grown = realloc(table->entries, capacity * sizeof *grown);
        if (grown == NULL)
            return vol_fail_here("out of memory");
        table->entries = grown;
        table->capacity = capacity;
    }
    table->entries[table->count] = *key;
    table->slots[slot] = table->count + 1;
    *index = table->count++;
    return 0;
}

static void token_of_index(size_t index, H5O_token_t *token)
{
    memset(token, 0, sizeof *token);
    uint64_t value = (uint64_t)index + 1;
    for (int i = 0; i < 8; i++)
        token->__data[i] = (uint8_t)(value >> (8 * i));
}

static int index_of_token(const vol_token_table *table, const H5O_token_t *token, size_t *index)
{
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value |= (uint64_t)token->__data[i] << (8 * i);
    if (value == 0 || value > table->count)
        return -1;
    *index = (size_t)(value - 1);
    return 0;
}

static int entry_of(vol_file *file, h5x_object *object, size_t *index)
{
    token_entry key = {0};
    key.path = h5x_object_name(object);
    if (key.path == NULL)
        return vol_fail("cannot name an object");
    char *path = strdup(key.path);
    h5x_free(key.path);
    key.path = path;
    if (key.path == NULL)
        return vol_fail_here("out of memory");
    if (h5x_object_ref(object, &key.ref) == 0)
        key.has_ref = 1;
    else
        h5x_clear_error();
    if (find_or_add(file->tokens, &key, index) < 0) {
        free(key.path);
        return -1;
    }
    return 0;
}

int vol_token_number(vol_file *file, h5x_object *object, size_t *number)
{
    return entry_of(file, object, number);
}

int vol_token_of(vol_file *file, h5x_object *object, H5O_token_t *token)
{
    size_t index;
    if (entry_of(file, object, &index) < 0)
        return -1;
    token_of_index(index, token);
    return 0;
}

h5x_object *vol_token_open(vol_file *file, const H5O_token_t *token)
{
    size_t index;
    if (index_of_token(file->tokens, token, &index) < 0) {
        vol_fail_here("not a token of this file");
        return NULL;
    }
    const token_entry *entry = &file->tokens->entries[index];
    return entry->has_ref ? h5x_ref_open(file->root, &entry->ref) : h5x_open(file->root, entry->path);
}

void vol_tokens_changed(vol_file *file)
{
    file->tokens->counted = 0;
}

/* Counts the hard links below group; a group is entered once, when its
 * first link is met. */
static void count_links(vol_file *file, h5x_object *group)
{
    char **names = NULL;
    size_t count = 0;
    if (h5x_group_names(group, H5X_ORDER_NAME, &names, &count) < 0) {
        h5x_clear_error();
        return;
    }
    for (size_t i = 0; i < count; i++) {
        h5x_link_info link = {0};
        if (h5x_link_get_info(group, names[i], &link) < 0) {
            h5x_clear_error();
            continue;
        }
        h5x_free(link.target_path);
        h5x_free(link.target_file);
        if (link.kind != H5X_LINK_HARD)
            continue;
        h5x_object *child = h5x_open(group, names[i]);
        size_t index;
        if (child != NULL && entry_of(file, child, &index) == 0) {
            token_entry *entry = &file->tokens->entries[index];
            if (entry->links++ == 0 && h5x_object_get_kind(child) == H5X_KIND_GROUP)
                count_links(file, child);
        }
        h5x_clear_error();
        h5x_close(child);
    }
    h5x_free_names(names, count);
}

unsigned vol_token_link_count(vol_file *file, const H5O_token_t *token)
{
    vol_token_table *table = file->tokens;
    if (!table->counted) {
        for (size_t i = 0; i < table->count; i++)
            table->entries[i].links = 0;
        size_t root;
        if (entry_of(file, file->root, &root) == 0)
            table->entries[root].links = 1;
        count_links(file, file->root);
        table->counted = 1;
    }
    size_t index;
    if (index_of_token(table, token, &index) < 0)
        return 1;
    unsigned links = table->entries[index].links;
    return links > 0 ? links : 1;
}

/* ------------------------------------------------------- token callbacks */

herr_t vol_token_cmp(void *obj, const H5O_token_t *token1, const H5O_token_t *token2, int *cmp_value)
{
    (void)obj;
    *cmp_value = memcmp(token1, token2, sizeof *token1);
    return 0;
}

herr_t vol_token_to_str(void *obj, H5I_type_t obj_type, const H5O_token_t *token, char **token_str)
{
    (void)obj, (void)obj_type;
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value |= (uint64_t)token->__data[i] << (8 * i);
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, value);
    *token_str = H5allocate_memory(strlen(text) + 1, 0);
    if (*token_str == NULL)
        return vol_fail_here("out of memory");
    memcpy(*token_str, text, strlen(text) + 1);
    return 0;
}

herr_t vol_token_from_str(void *obj, H5I_type_t obj_type, const char *token_str, H5O_token_t *token)
{
    (void)obj, (void)obj_type;
    char *end = NULL;
    unsigned long long value = strtoull(token_str, &end, 10);
    if (end == token_str || *end != '\0')
        return vol_fail_here("'%s' is not an h5x token", token_str);
    memset(token, 0, sizeof *token);
    for (int i = 0; i < 8; i++)
        token->__data[i] = (uint8_t)(value >> (8 * i));
    return 0;
}

int vol_token_set_seen(vol_token_set *set, const H5O_token_t *token)
{
    for (size_t i = 0; i < set->count; i++)
        if (memcmp(&set->tokens[i], token, sizeof *token) == 0)
            return 1;
    if (set->count == set->capacity) {
        size_t capacity = set->capacity ? set->capacity * 2 : 16;
        H5O_token_t *grown = realloc(set->tokens, capacity * sizeof *grown);
        if (grown == NULL)
            return 1;
        set->tokens = grown;
        set->capacity = capacity;
    }
    set->tokens[set->count++] = *token;
    return 0;
}

void vol_token_set_clear(vol_token_set *set)
{
    free(set->tokens);
    *set = (vol_token_set){0};
}
