/*
 * core_ids.c — a hash map from 64-bit ids to pointers.
 *
 * Opening an object by its token is one lookup here once the store has
 * entered its objects under the ids their tokens carry (core_node.c), and
 * saving a backing file remembers here where each object went, so that a
 * second hard link to it becomes a hard link again.  Open addressing with
 * linear probing; removal shifts the rest of a probe run back, so no
 * tombstones accumulate.  Id 0 marks an empty slot.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

static size_t home_slot(uint64_t key, size_t mask)
{
    /* ids are consecutive: mix them so that runs do not cluster */
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    return (size_t)key & mask;
}

void core_ids_init(core_ids *ids)
{
    memset(ids, 0, sizeof *ids);
}

void core_ids_clear(core_ids *ids)
{
    free(ids->keys);
    free(ids->values);
    core_ids_init(ids);
}

static size_t probe(const core_ids *ids, uint64_t key)
{
    size_t mask = ids->slot_count - 1;
    size_t slot = home_slot(key, mask);
    while (ids->keys[slot] != 0 && ids->keys[slot] != key)
        slot = (slot + 1) & mask;
    return slot;
}

void *core_ids_find(const core_ids *ids, uint64_t key)
{
    if (ids->count == 0 || key == 0)
        return NULL;
    size_t slot = probe(ids, key);
    return ids->keys[slot] == key ? ids->values[slot] : NULL;
}

static int grow(core_ids *ids)
{
    size_t slot_count = ids->slot_count ? ids->slot_count * 2 : 64;
    core_ids bigger = {calloc(slot_count, sizeof(uint64_t)), calloc(slot_count, sizeof(void *)), 0, slot_count};
    if (bigger.keys == NULL || bigger.values == NULL) {
        free(bigger.keys);
        free(bigger.values);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory growing the object table");
    }
    for (size_t i = 0; i < ids->slot_count; i++) {
        if (ids->keys[i] == 0)
            continue;
        size_t slot = probe(&bigger, ids->keys[i]);
        bigger.keys[slot] = ids->keys[i];
        bigger.values[slot] = ids->values[i];
        bigger.count++;
    }
    core_ids_clear(ids);
    *ids = bigger;
    return 0;
}

int core_ids_insert(core_ids *ids, uint64_t key, void *value)
{
    if ((ids->count + 1) * 2 > ids->slot_count && grow(ids) != 0)
        return H5X_ERR_NO_MEMORY;
    size_t slot = probe(ids, key);
    if (ids->keys[slot] == 0)
        ids->count++;
    ids->keys[slot] = key;
    ids->values[slot] = value;
    return 0;
}

void core_ids_remove(core_ids *ids, uint64_t key)
{
    if (ids->count == 0 || key == 0)
        return;
    size_t mask = ids->slot_count - 1;
    size_t gap = probe(ids, key);
    if (ids->keys[gap] != key)
        return;
    ids->count--;
    for (size_t next = (gap + 1) & mask; ids->keys[next] != 0; next = (next + 1) & mask) {
        size_t home = home_slot(ids->keys[next], mask);
        int home_after_gap = gap <= next ? (home > gap && home <= next) : (home > gap || home <= next);
        if (!home_after_gap) {
            ids->keys[gap] = ids->keys[next];
            ids->values[gap] = ids->values[next];
            gap = next;
        }
    }
    ids->keys[gap] = 0;
    ids->values[gap] = NULL;
}

void core_ids_each(const core_ids *ids, void (*visit)(void *value, void *user_data), void *user_data)
{
    for (size_t i = 0; i < ids->slot_count; i++)
        if (ids->keys[i] != 0)
            visit(ids->values[i], user_data);
}
