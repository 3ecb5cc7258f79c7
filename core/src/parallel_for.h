/* Running independent pieces of one call on several threads: the chunks
 * of a filtered read or write.  Exported from libh5x (though not part of
 * the public headers) for the connector plugins built in this tree. */
#ifndef H5X_PARALLEL_FOR_H
#define H5X_PARALLEL_FOR_H

#include "h5x.h"

#include <stddef.h>

/* One piece of work: returns 0, or a negative status with the error
 * recorded (h5x_error) on the thread that ran it. */
typedef int (*h5x_parallel_task)(void *context, size_t index);

/* Runs task(context, i) for every i below count, on the calling thread
 * and up to threads - 1 threads started for this call and joined before
 * it returns, so nothing outlives the call.  A task may run on any of
 * them, so it must not take the library lock (nor call libhdf5): the
 * calling thread may hold it.  After a task fails no new task starts;
 * the status and message of the failed task with the lowest index are
 * then the calling thread's last error and the result. */
H5X_API int h5x_parallel_for(size_t count, int threads, h5x_parallel_task task, void *context);

/* h5x_parallel_for with a serial step per index that runs on the calling
 * thread alone, in index order, overlapping the tasks of other indices:
 * reading a stored chunk before it is decoded, writing one after it is
 * encoded (the steps that call libhdf5).  With serial_first, task i starts
 * only after serial(i) has returned; otherwise serial(i) runs only after
 * task i has.  The calling thread runs serial steps as soon as they can
 * run and tasks in between.  A failure of either stops the rest, as in
 * h5x_parallel_for.  A serial step that returns a positive value ends the
 * run early without an error: the result is then 1 (else 0).  With the
 * serial steps after and window > 0, task i starts only once serial step
 * i - window has run, so a ring of window buffers can carry the chunks
 * from tasks to serial steps. */
H5X_API int h5x_parallel_pipeline(size_t count, int threads, h5x_parallel_task task, h5x_parallel_task serial,
                                  int serial_first, size_t window, void *context);

#endif
