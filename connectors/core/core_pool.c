/*
 * core_pool.c — fixed-size records (objects, links, handles) carved from
 * blocks, recycled through a free list, and released all at once.
 *
 * A store makes and drops small records at a high rate — creating a group
 * makes an object, a link and a handle, and closing the handle drops it
 * again — and frees all of them together when it closes.  malloc does
 * each of those steps well but not cheaply; a pool per record size turns
 * them into a pointer bump or a free-list pop, keeps records of one kind
 * close together in memory, and turns the teardown of a store of a
 * million objects into a few dozen frees.  libhdf5 does the same with its
 * H5FL free lists.
 *
 * Blocks grow from 64 records to 4096, so a small store stays small.  A
 * record that is freed goes on the free list (the list is threaded
 * through the records themselves) and is reused by the next allocation;
 * memory goes back to the system only when the pool is cleared.
 */
#include <stdlib.h>

#include "core.h"

enum { FIRST_BLOCK_ITEMS = 64, LARGEST_BLOCK_ITEMS = 4096 };

/* A block starts with the link to the previous block; records follow,
 * aligned as malloc aligns. */
typedef union block_header {
    union block_header *previous;
    max_align_t align;
} block_header;

void core_pool_init(core_pool *pool, size_t item_size)
{
    size_t align = sizeof(max_align_t);
    pool->item_size = (item_size + align - 1) / align * align;
    pool->free_items = NULL;
    pool->blocks = NULL;
    pool->next = pool->end = NULL;
    pool->block_items = FIRST_BLOCK_ITEMS;
}

void *core_pool_alloc(core_pool *pool)
{
    if (pool->free_items != NULL) {
        void *item = pool->free_items;
        pool->free_items = *(void **)item;
        return item;
    }
    if (pool->next == pool->end) {
        block_header *block = malloc(sizeof *block + pool->block_items * pool->item_size);
        if (block == NULL) {
            h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
            return NULL;
        }
        block->previous = pool->blocks;
        pool->blocks = block;
        pool->next = (char *)(block + 1);
        pool->end = pool->next + pool->block_items * pool->item_size;
        if (pool->block_items < LARGEST_BLOCK_ITEMS)
            pool->block_items *= 2;
    }
    void *item = pool->next;
    pool->next += pool->item_size;
    return item;
}

void core_pool_free(core_pool *pool, void *item)
{
    if (item == NULL)
        return;
    *(void **)item = pool->free_items;
    pool->free_items = item;
}

void core_pool_clear(core_pool *pool)
{
    for (block_header *block = pool->blocks; block != NULL;) {
        block_header *previous = block->previous;
        free(block);
        block = previous;
    }
    core_pool_init(pool, pool->item_size);
}
