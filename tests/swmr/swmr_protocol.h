/*
 * swmr_protocol.h — what the SWMR writer and its readers agree on.
 *
 * The writer and a reader are separate processes started by swmr_pair,
 * which joins them with two pipes: each reads the other's lines on file
 * descriptor 3 and writes its own on descriptor 4.  The file itself is the
 * only way data travels; the pipes carry just enough to tell the reader
 * what it must already be able to see.
 *
 *   writer                                  reader
 *   ------                                  ------
 *   creates /data (0 x WIDTH, unlimited rows, chunked) and /count,
 *   switches the file to SWMR writing
 *   "ready"                            ->   opens the file with swmr=1,
 *                                      <-   "open 0" (it sees no rows yet)
 *   lockstep, for each batch:
 *     resize, write, flush
 *     "rows N"                         ->   refreshes: sees exactly N rows,
 *                                           each with its values
 *                                      <-   "seen N"
 *   "free"                             ->   free running: the writer appends
 *     resize, write, flush /data,           without waiting; the reader
 *     then /count = N, flush /count         refreshes /count and then /data
 *     ... "done TOTAL"                 ->   and checks rows below the count,
 *                                           until it has seen TOTAL rows
 *                                      <-   "bye"
 *
 * /count is written only after the rows it counts were flushed, so a
 * reader that refreshes /count first and /data second never looks at a
 * row whose data might not have reached the file yet.
 */
#ifndef H5X_SWMR_PROTOCOL_H
#define H5X_SWMR_PROTOCOL_H

#include <stdint.h>

#define SWMR_WIDTH 8           /* values per row */
#define SWMR_BATCH_ROWS 3      /* rows appended per step (not a multiple of the chunk rows) */
#define SWMR_CHUNK_ROWS 4
#define SWMR_INPUT_FD 3
#define SWMR_OUTPUT_FD 4

/* The value stored at (row, column): never 0, the fill value. */
static inline int64_t swmr_value(uint64_t row, unsigned column)
{
    return (int64_t)row * 100 + (int64_t)column + 1;
}

#endif
