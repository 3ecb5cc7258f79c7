/*
 * core_map.c — the insertion-ordered dictionary behind groups and
 * attribute lists.
 *
 * A group answers three questions: is there a link of this name (every
 * path step asks it), what are the names in creation order, and what are
 * they in name order.  One structure answers all three cheaply:
 *
 *   entries   an array in insertion order.  Creation order is a walk of
 *             it; a removal leaves a hole (live 0) so that nothing
 *             moves, and the holes are squeezed out once they outnumber
 *             the live entries, which keeps removals O(1) amortised.
 *             A name shorter than CORE_MAP_SHORT_NAME is kept in its
 *             entry, longer ones in a malloc'd copy: most names are
 *             short, and a malloc per name was the largest part of
 *             creating a group or an attribute.
 *   slots     an open-addressing hash table (linear probing, deletion by
 *             backward shift, so no tombstones) holding entry index + 1
 *             and the upper half of the name's hash.  A probe compares
 *             that tag first and reads an entry only when it matches, so
 *             a lookup in a large group costs one cache miss, not one per
 *             name passed (entry indices are 32-bit: up to 4 294 967 294
 *             names per group).
 *   sorted    the entry indices in byte-wise name order, built on the
 *             first name-order walk and dropped by the next change.
 *
 * Walks may call back into code that changes the map (an application's
 * visitor deleting links).  While a walk runs, entries are never
 * compacted, so indices stay valid; the walk takes the sorted array for
 * itself; entries added meanwhile lie beyond the end it noted.  A visitor
 * gets a copy of a short name, since an insertion may move the entries.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* Eight bytes at a time, each step a multiply and a shift, then a final
 * mix so that both the low bits (the home slot) and the high ones (the
 * tag) depend on every byte: a name is hashed on every path step and
 * every insertion, and byte-at-a-time hashing was a visible part of both.
 * Hashes live only in memory, so the byte order of the loads does not
 * matter. */
static uint64_t hash_name(const char *name, size_t length)
{
    const uint64_t multiplier = UINT64_C(0x9e3779b97f4a7c15);
    uint64_t hash = UINT64_C(0x243f6a8885a308d3) ^ length;
    for (; length >= 8; name += 8, length -= 8) {
        uint64_t word;
        memcpy(&word, name, sizeof word);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    if (length > 0) {
        uint64_t word = 0;
        for (size_t i = 0; i < length; i++)
            word |= (uint64_t)(unsigned char)name[i] << (8 * i);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    hash ^= hash >> 32;
    hash *= UINT64_C(0xbf58476d1ce4e5b9);
    hash ^= hash >> 31;
    return hash;
}

uint64_t core_map_hash(const char *name, size_t length)
{
    return hash_name(name, length);
}

void core_map_init(core_map *map)
{
    memset(map, 0, sizeof *map);
}

static const char *entry_name(const core_map_entry *entry)
{
    return entry->length < CORE_MAP_SHORT_NAME ? entry->name.inline_name : entry->name.heap;
}

/* Gives entry its own copy of the name; 0, or H5X_ERR_NO_MEMORY recorded. */
static int set_name(core_map_entry *entry, const char *name, size_t length)
{
    if (length >= UINT32_MAX)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a name of %zu bytes is too long", length);
    char *copy = entry->name.inline_name;
    if (length >= CORE_MAP_SHORT_NAME && (copy = entry->name.heap = malloc(length + 1)) == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory adding '%.*s'", (int)length, name);
    memcpy(copy, name, length);
    copy[length] = '\0';
    entry->length = (uint32_t)length;
    return 0;
}

static void release_name(core_map_entry *entry)
{
    if (entry->length >= CORE_MAP_SHORT_NAME)
        free(entry->name.heap);
    entry->live = 0;
    entry->value = NULL;
}

void core_map_clear(core_map *map, void (*free_value)(void *value))
{
    for (size_t i = 0; i < map->used; i++) {
        if (!map->entries[i].live)
            continue;
        if (free_value != NULL)
            free_value(map->entries[i].value);
        release_name(&map->entries[i]);
    }
    free(map->entries);
    free(map->slots);
    free(map->sorted);
    core_map_init(map);
}

size_t core_map_length(const core_map *map)
{
    return map->live;
}

static uint32_t tag_of(uint64_t hash)
{
    return (uint32_t)(hash >> 32);
}

static int same_name(const core_map *map, core_map_slot slot, const char *name, size_t length, uint64_t hash)
{
    if (slot.tag != tag_of(hash))
        return 0;
    const core_map_entry *entry = &map->entries[slot.entry - 1];
    return entry->hash == hash && entry->length == length && memcmp(entry_name(entry), name, length) == 0;
}

/* The slot holding the entry of that name, or the empty slot where it
 * would go. */
static size_t probe(const core_map *map, const char *name, size_t length, uint64_t hash)
{
    size_t mask = map->slot_count - 1;
    size_t slot = (size_t)hash & mask;
    while (map->slots[slot].entry != 0 && !same_name(map, map->slots[slot], name, length, hash))
        slot = (slot + 1) & mask;
    return slot;
}

void *core_map_find(const core_map *map, const char *name, size_t length)
{
    return map->live == 0 ? NULL : core_map_find_hashed(map, name, length, hash_name(name, length));
}

/* Rebuilds the hash table with slot_count slots from the entries. */
static int rehash(core_map *map, size_t slot_count)
{
    core_map_slot *slots = calloc(slot_count, sizeof *slots);
    if (slots == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory growing a name table");
    free(map->slots);
    map->slots = slots;
    map->slot_count = slot_count;
    size_t mask = slot_count - 1;
    for (size_t i = 0; i < map->used; i++) {
        if (!map->entries[i].live)
            continue;
        size_t slot = (size_t)map->entries[i].hash & mask;
        while (slots[slot].entry != 0)
            slot = (slot + 1) & mask;
        slots[slot] = (core_map_slot){(uint32_t)(i + 1), tag_of(map->entries[i].hash)};
    }
    return 0;
}

/* Squeezes the holes out of the entries (never during a walk). */
static int compact(core_map *map)
{
    size_t kept = 0;
    for (size_t i = 0; i < map->used; i++)
        if (map->entries[i].live)
            map->entries[kept++] = map->entries[i];
    map->used = kept;
    return rehash(map, map->slot_count);
}

static void drop_sorted(core_map *map)
{
    map->changes++;
    free(map->sorted);
    map->sorted = NULL;
}

/* Makes room for one more entry and its slot, so that adding it cannot
 * fail past this point. */
static int reserve(core_map *map, const char *name, size_t length)
{
    if (map->iterating == 0 && map->used - map->live > 16 && map->used - map->live > map->live &&
        compact(map) != 0)
        return H5X_ERR_NO_MEMORY;
    if (map->used == map->capacity) {
        if (map->capacity >= UINT32_MAX / 2)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "too many names in one group or object");
        size_t capacity = map->capacity ? map->capacity * 2 : 8;
        core_map_entry *entries = realloc(map->entries, capacity * sizeof *entries);
        if (entries == NULL)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory adding '%.*s'", (int)length, name);
        map->entries = entries;
        map->capacity = capacity;
    }
    /* at most half full, so that probes stay short */
    if ((map->live + 1) * 2 > map->slot_count && rehash(map, map->slot_count ? map->slot_count * 2 : 16) != 0)
        return H5X_ERR_NO_MEMORY;
    return 0;
}

/* Empties a slot by backward shift: later members of the probe run move
 * into the gap when their home slot does not lie after it. */
static void clear_slot(core_map *map, size_t slot)
{
    size_t mask = map->slot_count - 1;
    size_t gap = slot;
    for (size_t next = (gap + 1) & mask; map->slots[next].entry != 0; next = (next + 1) & mask) {
        size_t home = (size_t)map->entries[map->slots[next].entry - 1].hash & mask;
        int home_after_gap = gap <= next ? (home > gap && home <= next) : (home > gap || home <= next);
        if (!home_after_gap) {
            map->slots[gap] = map->slots[next];
            gap = next;
        }
    }
    map->slots[gap] = (core_map_slot){0, 0};
}

/* Takes the entry in slot out of the map and returns its value. */
static void *remove_at(core_map *map, size_t slot)
{
    core_map_entry *entry = &map->entries[map->slots[slot].entry - 1];
    void *value = entry->value;
    release_name(entry);
    map->live--;
    clear_slot(map, slot);
    return value;
}

/* Adds a reserved entry whose name was looked up and is absent (slot is
 * the empty slot the probe ended on). */
static int add_at(core_map *map, size_t slot, const char *name, size_t length, uint64_t hash, void *value)
{
    core_map_entry *entry = &map->entries[map->used];
    int status = set_name(entry, name, length);
    if (status < 0)
        return status;
    entry->hash = hash;
    entry->value = value;
    entry->live = 1;
    map->slots[slot] = (core_map_slot){(uint32_t)++map->used, tag_of(hash)};
    map->live++;
    drop_sorted(map);
    return 0;
}

int core_map_insert(core_map *map, const char *name, size_t length, void *value)
{
    return core_map_insert_hashed(map, name, length, hash_name(name, length), value);
}

int core_map_insert_hashed(core_map *map, const char *name, size_t length, uint64_t hash, void *value)
{
    int status = reserve(map, name, length);
    if (status < 0)
        return status;
    return add_at(map, probe(map, name, length, hash), name, length, hash, value);
}

void *core_map_find_hashed(const core_map *map, const char *name, size_t length, uint64_t hash)
{
    if (map->live == 0)
        return NULL;
    size_t slot = probe(map, name, length, hash);
    return map->slots[slot].entry != 0 ? map->entries[map->slots[slot].entry - 1].value : NULL;
}

int core_map_put(core_map *map, const char *name, size_t length, void *value, void **replaced)
{
    *replaced = NULL;
    int status = reserve(map, name, length);
    if (status < 0)
        return status;
    uint64_t hash = hash_name(name, length);
    size_t slot = probe(map, name, length, hash);
    if (map->slots[slot].entry == 0)
        return add_at(map, slot, name, length, hash, value);
    /* a name that fits in place cannot fail; a long one is copied before
     * the old entry goes, so that a failure leaves the map as it was */
    core_map_entry added = {0};
    if ((status = set_name(&added, name, length)) < 0)
        return status;
    *replaced = remove_at(map, slot);
    added.hash = hash;
    added.value = value;
    added.live = 1;
    map->entries[map->used] = added;
    map->slots[probe(map, name, length, hash)] = (core_map_slot){(uint32_t)++map->used, tag_of(hash)};
    map->live++;
    drop_sorted(map);
    return 0;
}

void *core_map_remove(core_map *map, const char *name, size_t length)
{
    if (map->live == 0)
        return NULL;
    size_t slot = probe(map, name, length, hash_name(name, length));
    if (map->slots[slot].entry == 0)
        return NULL;
    void *value = remove_at(map, slot);
    drop_sorted(map);
    if (map->live == 0 && map->iterating == 0)
        map->used = 0;
    return value;
}

typedef struct sort_item {
    const char *name;
    size_t index;
} sort_item;

static int compare_items(const void *a, const void *b)
{
    return strcmp(((const sort_item *)a)->name, ((const sort_item *)b)->name);
}

/* The entry indices in name order (malloc'd), or NULL when out of memory. */
static size_t *sort_by_name(const core_map *map)
{
    sort_item *items = malloc((map->live ? map->live : 1) * sizeof *items);
    size_t *order = malloc((map->live ? map->live : 1) * sizeof *order);
    if (items == NULL || order == NULL) {
        free(items);
        free(order);
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory sorting %zu names", map->live);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < map->used; i++)
        if (map->entries[i].live)
            items[n++] = (sort_item){entry_name(&map->entries[i]), i};
    qsort(items, n, sizeof *items, compare_items);
    for (size_t i = 0; i < n; i++)
        order[i] = items[i].index;
    free(items);
    return order;
}

int core_map_iterate(core_map *map, h5x_order order, core_map_visitor visit, void *user_data)
{
    size_t count = order == H5X_ORDER_NAME ? map->live : map->used;
    size_t *sorted = NULL;
    if (order == H5X_ORDER_NAME) {
        sorted = map->sorted != NULL ? map->sorted : sort_by_name(map);
        if (sorted == NULL)
            return H5X_ERR_NO_MEMORY;
        map->sorted = NULL; /* the walk owns it until it ends */
    }
    uint64_t changes = map->changes;
    map->iterating++;
    int status = 0;
    for (size_t i = 0; i < count && status == 0; i++) {
        size_t index = sorted != NULL ? sorted[i] : i;
        const core_map_entry *entry = &map->entries[index];
        if (!entry->live)
            continue;
        if (entry->length < CORE_MAP_SHORT_NAME) {
            char name[CORE_MAP_SHORT_NAME];
            memcpy(name, entry->name.inline_name, sizeof name);
            status = visit(name, entry->value, user_data);
        } else {
            status = visit(entry->name.heap, entry->value, user_data);
        }
    }
    map->iterating--;
    /* give the order back unless the map changed during the walk */
    if (sorted != NULL && map->changes == changes)
        map->sorted = sorted;
    else
        free(sorted);
    return status;
}
