/*
 * harness.h — a small test harness for h5x's test programs.
 *
 * A test program is a sequence of sections ("files", "groups", ...), each a
 * sequence of named cases, each a sequence of checks.  A check that fails
 * prints where it is (file:line), what it expected, what came back and the
 * message of h5x_last_error(), so that a failure report can be acted upon
 * without a debugger.  At the end the program prints exactly one closing
 * line, "N passed, M failed", and exits non-zero when anything failed.
 *
 * The macros that wrap an h5x call clear the thread's last error first, so
 * that the message they print belongs to that call and not to an earlier,
 * expected, failure.  REQUIRE_* variants end the current case (return from
 * the enclosing void function) when the check fails, for the checks whose
 * failure would make the rest of the case meaningless (a file that did not
 * open).
 */
#ifndef H5X_TEST_HARNESS_H
#define H5X_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"

/* Starts a section; its name is printed and prefixes failure reports. */
void harness_section(const char *name);
/* Starts a named case within the current section. */
void harness_case(const char *name);
/* Prints an informational line (indented under the current case). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void harness_note(const char *format, ...);

/* Records one check.  detail (printf-style, may be NULL) says what came
 * back.  Returns ok. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int harness_check(int ok, const char *file, int line, const char *expression, const char *detail, ...);

/* Prints "N passed, M failed" and returns the process exit status. */
int harness_finish(void);
/* Number of failed checks so far. */
long harness_failures(void);

/* A test program's scratch directory, given as its one argument: emptied
 * (or made), and resolved to an absolute path in out (size bytes).  0, or
 * the usage status 2 after saying on stderr what was wrong. */
int harness_work_directory(int argc, char **argv, char *out, size_t size);

/* XORs the byte at offset of the file at path with mask, behind the
 * library's back (damage, or telling which way a read went); 0 or -1. */
int harness_flip_byte(const char *path, uint64_t offset, unsigned char mask);

/* The symbolic name of an h5x status ("H5X_ERR_NOT_FOUND"). */
const char *harness_status_name(int status);

/* Checks with a boolean condition. */
#define CHECK(cond) harness_check(!!(cond), __FILE__, __LINE__, #cond, NULL)
#define CHECK_MSG(cond, ...) harness_check(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
#define REQUIRE(cond)                                                                                        \
    do {                                                                                                     \
        if (!CHECK(cond))                                                                                    \
            return;                                                                                          \
    } while (0)

/* An h5x call that must succeed (status >= 0).  Evaluates to the status. */
int harness_check_ok(int64_t status, const char *file, int line, const char *expression);
#define CHECK_OK(call) (h5x_clear_error(), harness_check_ok((int64_t)(call), __FILE__, __LINE__, #call))
#define REQUIRE_OK(call)                                                                                     \
    do {                                                                                                     \
        if (CHECK_OK(call) < 0)                                                                              \
            return;                                                                                          \
    } while (0)

/* An h5x call that must fail with exactly `expected` (an h5x_status). */
int harness_check_status(int64_t status, int expected, const char *file, int line, const char *expression);
#define CHECK_STATUS(call, expected)                                                                         \
    (h5x_clear_error(), harness_check_status((int64_t)(call), (expected), __FILE__, __LINE__, #call))

/* An h5x call returning a handle or string that must not be NULL.
 * Evaluates to the pointer (as void *). */
void *harness_check_ptr(void *pointer, const char *file, int line, const char *expression);
#define CHECK_PTR(call) (h5x_clear_error(), harness_check_ptr((void *)(call), __FILE__, __LINE__, #call))
/* Assigns the result of call to var and ends the case when it is NULL. */
#define REQUIRE_PTR(var, call)                                                                               \
    do {                                                                                                     \
        (var) = CHECK_PTR(call);                                                                             \
        if (!(var))                                                                                          \
            return;                                                                                          \
    } while (0)

/* An h5x call returning a pointer that must be NULL with last error
 * `expected`.  A handle returned by mistake is closed. */
int harness_check_null(void *pointer, int expected, const char *file, int line, const char *expression);
#define CHECK_NULL_STATUS(call, expected)                                                                    \
    (h5x_clear_error(), harness_check_null((void *)(call), (expected), __FILE__, __LINE__, #call))

/* Comparisons that show both values on failure. */
int harness_check_int(int64_t got, int64_t want, const char *file, int line, const char *expression);
int harness_check_uint(uint64_t got, uint64_t want, const char *file, int line, const char *expression);
int harness_check_double(double got, double want, const char *file, int line, const char *expression);
int harness_check_str(const char *got, const char *want, const char *file, int line, const char *expression);
#define CHECK_INT(got, want) harness_check_int((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, #got)
#define CHECK_UINT(got, want) harness_check_uint((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, #got)
#define CHECK_DOUBLE(got, want) harness_check_double((double)(got), (double)(want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) harness_check_str((got), (want), __FILE__, __LINE__, #got)

/* A shape compared with its expected rank and dims, written as one list:
 * CHECK_SHAPE(&shape, 2, 10, 10), CHECK_SHAPE(&shape, 0) for a scalar,
 * CHECK_SHAPE(&shape, -1) for the null dataspace. */
int harness_check_shape(const h5x_shape *got, const int64_t *rank_and_dims, size_t count, const char *file,
                        int line, const char *expression);
#define CHECK_SHAPE(got, ...)                                                                                \
    harness_check_shape((got), (const int64_t[]){__VA_ARGS__},                                               \
                        sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t), __FILE__, __LINE__, #got)

/* Arrays compared element by element; a failure names the first index
 * that differs and how many do. */
int harness_check_doubles(const double *got, const double *want, size_t n, const char *file, int line,
                          const char *expression);
int harness_check_ints(const int64_t *got, const int64_t *want, size_t n, const char *file, int line,
                       const char *expression);
int harness_check_uints(const uint64_t *got, const uint64_t *want, size_t n, const char *file, int line,
                        const char *expression);
int harness_check_bytes(const void *got, const void *want, size_t n, const char *file, int line,
                        const char *expression);
#define CHECK_DOUBLES(got, want, n) harness_check_doubles((got), (want), (n), __FILE__, __LINE__, #got)
#define CHECK_INTS(got, want, n) harness_check_ints((got), (want), (n), __FILE__, __LINE__, #got)
#define CHECK_UINTS(got, want, n) harness_check_uints((got), (want), (n), __FILE__, __LINE__, #got)
#define CHECK_BYTES(got, want, n) harness_check_bytes((got), (want), (n), __FILE__, __LINE__, #got)

/* The last error's message contains text. */
int harness_check_message(const char *text, const char *file, int line);
#define CHECK_MESSAGE(text) harness_check_message((text), __FILE__, __LINE__)

#endif
