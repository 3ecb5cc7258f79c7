/*
 * The inside of an h5x_dtype.
 *
 * A dtype is a reference-counted handle that describes one HDF5 datatype
 * the way h5py uses it.  The struct is written to describe every class h5py
 * can meet in a file, so that connectors translate one struct to and from
 * their storage, and the core converts, compares and prints it:
 *
 *   integer, float     size and byte order (IEEE binary16/32/64 for floats)
 *   bool               h5py's enum of int8 {FALSE = 0, TRUE = 1}; one byte
 *   complex            h5py's compound {r, i} of two floats of the same order
 *   string             fixed length (padding, charset) or variable length
 *   opaque             a blob with a tag
 *   compound           named members at byte offsets, possibly nested
 *   enum               an integer base with named values
 *   array              a base type repeated over fixed dimensions
 *   vlen               a variable-length sequence of a base type
 *   reference          an object or region reference
 *   bitfield           an integer-sized bag of bits
 *
 * The byte order is stored as it is, never as NATIVE: constructors resolve
 * NATIVE to LITTLE or BIG so that a type built as "native" equals the same
 * type built with the explicit order.  Single-byte numbers and strings carry
 * H5X_ORDER_NONE, as NumPy's '|'.
 *
 * Functions here are exported (H5X_API) because connectors and unit tests,
 * which live outside libh5x, need them too.
 */
#ifndef H5X_DTYPE_H
#define H5X_DTYPE_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"
#include "handle.h"

/* One member of a compound type. */
typedef struct h5x_dtype_member {
    char *name;
    size_t offset;   /* bytes from the start of the compound element */
    h5x_dtype *type; /* a reference the compound owns */
} h5x_dtype_member;

/* One named value of an enum.  The value is held as a 64-bit integer whose
 * bits are read as unsigned when the base type is unsigned. */
typedef struct h5x_enum_value {
    char *name;
    int64_t value;
} h5x_enum_value;

struct h5x_dtype {
    h5x_handle header;
    h5x_dtype_class type_class;
    size_t size;          /* bytes one element occupies in memory */
    h5x_byte_order order; /* LITTLE, BIG or NONE; never NATIVE */
    union {
        struct {
            int is_signed;
        } integer; /* H5X_CLASS_INTEGER and H5X_CLASS_BITFIELD */
        struct {
            int is_variable;            /* size is then that of the in-memory pointer */
            h5x_string_pad padding; /* fixed length only */
            h5x_charset charset;
            int is_text;                /* h5x_dtype_text(): decoded and checked, never raw bytes */
        } string;
        struct {
            char *tag; /* never NULL; "" when untagged */
        } opaque;
        struct {
            size_t count;
            h5x_dtype_member *members;
        } compound;
        struct {
            h5x_dtype *base; /* an integer dtype */
            size_t count;
            h5x_enum_value *values;
        } enumeration;
        struct {
            h5x_dtype *base;
            int rank;
            uint64_t dims[H5X_MAX_RANK];
        } array;
        struct {
            h5x_dtype *base;
        } vlen;
        struct {
            h5x_reference_kind kind;
        } reference;
    } u;
    /* The committed datatype object this dtype came from (h5x_datatype_dtype),
     * holding a reference, or NULL.  It is not part of the value: equality
     * ignores it and h5x_dtype_copy leaves it behind, so that a connector
     * keeping a copy of a dtype does not keep the file open through it. */
    struct h5x_object *committed;
};

/* The machine's byte order: H5X_ORDER_LITTLE or H5X_ORDER_BIG. */
H5X_API h5x_byte_order h5x_native_order(void);

/* A new dtype of the class with one reference and the class's fields zeroed
 * (opaque tag "").  Constructors of every class start here; the destroy
 * function releases whatever the union then owns (names, tags, bases). */
H5X_API h5x_dtype *h5x_dtype_alloc(h5x_dtype_class type_class, size_t size, h5x_byte_order order);

/* 0 if dtype is a live dtype handle (predefined ones included); else
 * records H5X_ERR_BAD_HANDLE and returns it. */
H5X_API int h5x_dtype_check(const h5x_dtype *dtype);

/* Adds a reference and returns dtype, so that a holder of a const pointer
 * can keep the type alive (the reference count is not part of the value).
 * Predefined dtypes are unaffected.  NULL gives NULL. */
H5X_API h5x_dtype *h5x_dtype_retain(const h5x_dtype *dtype);
/* Drops a reference; NULL and predefined dtypes are ignored. */
H5X_API void h5x_dtype_release(const h5x_dtype *dtype);

/* 1 for integer, float, bool and complex; 0 otherwise. */
H5X_API int h5x_dtype_is_numeric(const h5x_dtype *dtype);

/* 1 if h5x_dtype_convert can convert from one valid dtype to the other,
 * 0 if not (or if either is NULL).  Records no error. */
H5X_API int h5x_dtype_convertible(const h5x_dtype *from, const h5x_dtype *to);

/* A fixed-length string type: h5py's NumPy 'S<length>' is NULLPAD ASCII. */
H5X_API h5x_dtype *h5x_dtype_fixed_string(size_t length, h5x_string_pad padding, h5x_charset charset);

/* Parses the NumPy spelling of a datetime64/timedelta64 or void dtype
 * ("<M8[s]", "V12") into the opaque type h5py stores for it: 1 with *out
 * set, 0 when the spelling is not one of these, or a negative status for a
 * malformed one (dtype_opaque.c). */
H5X_API int h5x_dtype_parse_opaque(const char *numpy_spec, h5x_dtype **out);

/* Byte-swaps count items of width bytes (2, 4, 8 or 16) in place. */
H5X_API void h5x_swap_bytes(void *buffer, uint64_t count, size_t width);

/* The IEEE binary16 bit pattern nearest to value (ties to even; infinities
 * and NaNs kept), and back. */
H5X_API uint16_t h5x_half_from_double(double value);
H5X_API double h5x_half_to_double(uint16_t bits);

#endif
