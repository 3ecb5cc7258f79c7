/*
 * faults.h — what the fault tests and their writer agree on, and the few
 * process helpers the tests share.
 *
 * /data holds FAULT_WIDTH int64 columns; row r, column c holds
 * fault_value(r, c), never 0, which is the fill value, so a row that a
 * reader sees but the writer never wrote is told apart from one it did.
 * Batches of FAULT_BATCH_ROWS rows do not fill whole chunks, so that a
 * flush often leaves a chunk half written.
 */
#ifndef H5X_FAULTS_H
#define H5X_FAULTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FAULT_WIDTH 8
#define FAULT_BATCH_ROWS 3
#define FAULT_CHUNK_ROWS 4

static inline int64_t fault_value(uint64_t row, unsigned column)
{
    return (int64_t)row * 1000 + (int64_t)column + 1;
}

/* A writer process whose standard output comes back through a pipe. */
typedef struct fault_child {
    pid_t pid;
    int output;        /* read end of the writer's standard output */
    char pending[4096]; /* a line not yet complete */
    size_t pending_length;
} fault_child;

/* Starts argv[0] with argv; 0 on success. */
int fault_spawn(fault_child *child, char *const argv[]);

/* Reads the writer's complete lines for up to timeout_ms milliseconds (0:
 * only what is there; -1: until it closes its output), calling on_line for
 * each; a non-zero answer from on_line ends the reading at once.  Returns 1
 * when the output was closed, 2 when on_line asked to stop, 0 when the
 * time ran out. */
int fault_read_lines(fault_child *child, int timeout_ms, int (*on_line)(const char *line, void *context),
                     void *context);

/* Waits for the writer to end; returns its wait status. */
int fault_wait(fault_child *child);

/* A pseudo-random number in [0, bound), from a state the caller seeds. */
uint32_t fault_random(uint64_t *state, uint32_t bound);

#endif
