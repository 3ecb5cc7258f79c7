/*
 * tour_format.h — printing h5x objects and data the way a Python session
 * with h5py and NumPy shows them, so that the tour's output can be read
 * side by side with the h5py material it re-enacts:
 *
 *     <HDF5 dataset "ints": shape (100,), type "<i8">
 *     [[0. 1. 2.]
 *      [3. 4. 5.]]
 */
#ifndef H5X_TOUR_FORMAT_H
#define H5X_TOUR_FORMAT_H

#include <stddef.h>

#include "h5x.h"

/* h5py's repr of a file, group or dataset, into out. */
void tour_repr(h5x_object *object, char *out, size_t size);

/* A shape as Python prints a tuple: "(10, 10)", "(100,)", "()", "None". */
void tour_shape_text(const h5x_shape *shape, char *out, size_t size);

/* Prints values of the given shape as NumPy's str() would: floats when
 * is_float, else integers.  Values are in C order. */
void tour_print_array(const double *values, const h5x_shape *shape, int is_float);

/* Reads the selection `text` of a dataset (NULL: everything) and prints it
 * with tour_print_array, or as a scalar when the selection is one element
 * with no axes.  Returns 0 or the h5x status of the failing call. */
int tour_print_selection(h5x_object *dataset, const char *text);

/* Prints a list of names as Python does: ['bar', 'some']. */
void tour_print_names(char **names, size_t count);

/* Prints h5x_last_error() the way a Python traceback's last line reads:
 * "KeyError-like: <message>" becomes "error (<code description>): <message>". */
void tour_print_error(void);

#endif
