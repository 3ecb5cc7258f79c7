/*
 * badinput.h — the bad-input catalogue: shared fixture and case table.
 *
 * The catalogue calls every function of h5x.h with what a careless or
 * hostile caller passes: NULL, closed and wrong-kind handles, invalid
 * modes, malformed and out-of-range selections, dtypes that do not
 * convert, buffers of the wrong size, unknown connectors and filters,
 * malformed option strings and a plugin built for another ABI.  Each case
 * is one expression; the runner (main.c) clears the last error, evaluates
 * it, and requires the status the table names, a last error with that
 * code and a message containing the table's words — and, since every case
 * runs while the fixture file is open for writing, that the file still
 * holds exactly what it held before.
 *
 * Only the public API is used: what is tested is what applications see.
 */
#ifndef BADINPUT_H
#define BADINPUT_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"

/* Everything a case may point at.  Built once per run (fixture.c). */
typedef struct fixture {
    const char *connector; /* "native" or "core" */
    int is_core;
    char directory[2048];
    char path[2300];       /* the file open for writing */
    char ro_path[2300];    /* a second file, open read-only */
    char missing_path[2300];
    char uri[2400];

    h5x_object *file;      /* "w": everything below lives here */
    h5x_object *group;     /* /g, attribute "v" (3,) i4 and an empty one "empty" */
    h5x_object *dataset;   /* /g/d, (4, 5) i4 = 0..19, attribute "a" = 1.5, scale /x on axis 0 */
    h5x_object *scalar;    /* /s, () f8 = 2.5 */
    h5x_object *scale;     /* /x, (4,) i4, a dimension scale named "x" */
    h5x_object *empty;     /* /empty, null shape f4 */
    h5x_object *growable;  /* /grow, (4,) of maxshape (unlimited,), chunks (4,) */
    h5x_object *records;   /* /c, (2,) of compound {a: i4 @0, b: f8 @8} */
    h5x_object *committed; /* /t, a committed i2 */

    h5x_object *ro_file;    /* the read-only file */
    h5x_object *ro_dataset; /* its /g/d, (4, 5) i4 */

    h5x_dtype *compound;    /* {a: i4 @0, b: f8 @8}, 16 bytes */
    h5x_dtype *enumeration; /* i1 {RED = 0, GREEN = 1} */
    h5x_dtype *vlen;        /* vlen of i4 */
    h5x_dtype *fixed_string; /* ASCII, 8 bytes */
    h5x_dtype *text;        /* h5x_dtype_text() */
    h5x_dtype *own_i4;      /* a non-predefined i4 handle */

    h5x_selection *everything;  /* "..." */
    h5x_selection *out_of_range; /* "9, 0": row 9 of a 4-row dataset */
    h5x_selection *three_axes;  /* "1, 2, 3" */

    h5x_ref object_ref; /* to /g/d */
    h5x_ref region_ref; /* /g/d[0:2, 1:3] */
    h5x_ref garbage_ref; /* a kind byte of 9 */

    h5x_shape shape_4x5, shape_3, shape_7, shape_rank33, shape_rank_minus2, shape_2x2, shape_zero_dim;
    int32_t buffer[64];
    char text_buffer[64];
} fixture;

extern fixture *F;

/* Builds the files and handles; 0 on success (failures are printed). */
int fixture_open(fixture *f, const char *connector, const char *directory);
void fixture_close(fixture *f);

/* A digest of everything stored in the fixture's files, as the public API
 * reads it back, and of the bytes of both files on disk after a flush.
 * Returns 0 and fills *digest, or -1 when the walk itself failed. */
int fixture_digest(fixture *f, uint64_t *digest);

/* Handles closed just before they are returned: a case passes them on at
 * once, so that no other handle can take their address in between. */
h5x_object *closed_dataset(void);
h5x_object *closed_group(void);
h5x_object *closed_file(void);
h5x_dtype *closed_dtype(void);
h5x_selection *closed_selection(void);

/* Case results.  A pointer result is 1 when non-NULL (then released) and
 * the last error's code when NULL; the runner compares it with the table. */
int H(void *handle);    /* a handle: released with h5x_close */
int S(char *text);      /* a string: released with h5x_free */
int Z(uint64_t value);  /* a function whose failure value is 0 */
int LAST(void);         /* the last error's code, for functions whose result cannot say */
int OK(int condition);  /* for calls that must succeed quietly: 0 when condition holds */

/* Shorthands for expected codes. */
#define E_ARG H5X_ERR_INVALID_ARGUMENT
#define E_HANDLE H5X_ERR_BAD_HANDLE
#define E_NOTFOUND H5X_ERR_NOT_FOUND
#define E_EXISTS H5X_ERR_EXISTS
#define E_RO H5X_ERR_READ_ONLY
#define E_NOTSUP H5X_ERR_NOT_SUPPORTED
#define E_SEL H5X_ERR_SELECTION
#define E_SHAPE H5X_ERR_SHAPE
#define E_TYPE H5X_ERR_TYPE
#define E_IO H5X_ERR_IO
#define E_PLUGIN H5X_ERR_PLUGIN
#define E_OPTION H5X_ERR_OPTION
#define E_NONE H5X_OK /* the call must succeed and leave no error */

/* A pointer that no h5x call ever returned. */
#define FOREIGN ((void *)F->buffer)
#define AS_DTYPE(p) ((h5x_dtype *)(void *)(p))
#define AS_OBJECT(p) ((h5x_object *)(void *)(p))
#define AS_SELECTION(p) ((h5x_selection *)(void *)(p))

typedef struct bad_case {
    const char *name;
    int (*run)(void);
    int code;          /* expected status */
    int core_code;     /* expected status on the core connector, when it differs (else 0) */
    const char *needle; /* '|'-separated alternatives, one of which the message contains */
} bad_case;

/* X(name, code, needle, expression): one case.  Y(name, native code,
 * core code, needle, expression): a case whose status depends on the
 * connector. */
#define BAD_CASE_FUNCTION(name, code, needle, expression) \
    static int case_##name(void) { return (expression); }
#define BAD_CASE_FUNCTION_Y(name, code, core_code, needle, expression) \
    static int case_##name(void) { return (expression); }
#define BAD_CASE_ROW(name, code, needle, expression) {#name, case_##name, code, 0, needle},
#define BAD_CASE_ROW_Y(name, code, core_code, needle, expression) {#name, case_##name, code, core_code, needle},

/* The sections of the catalogue: a table and its length each. */
extern const bad_case basics_cases[];
extern const size_t basics_case_count;
extern const bad_case object_cases[];
extern const size_t object_case_count;
extern const bad_case dataset_cases[];
extern const size_t dataset_case_count;
extern const bad_case model_cases[];
extern const size_t model_case_count;

#endif
