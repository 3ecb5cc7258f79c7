/*
 * h5x_filter.h — the interface between h5x and compression filter plugins.
 *
 * A filter is a shared object that exports
 *
 *     const h5x_filter_class *h5x_filter_entry(void);
 *
 * and, beside it, HDF5's plugin entry points H5PLget_plugin_type and
 * H5PLget_plugin_info, so that the same binary serves h5x's own pipelines
 * and any HDF5 program through HDF5_PLUGIN_PATH.
 *
 * A filter works on chunks: it never sees datasets, files or libhdf5.  Its
 * parameters are HDF5's "client values" (an array of unsigned ints), so that
 * what h5x stores and what HDF5 stores are the same.  This header needs
 * nothing but the C library.
 */
#ifndef H5X_FILTER_H
#define H5X_FILTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define H5X_FILTER_ABI_VERSION 1
#define H5X_FILTER_ENTRY_SYMBOL "h5x_filter_entry"
#define H5X_FILTER_MAX_CLIENT_VALUES 32

/* Context of one encode or decode call.  Codecs keep no global state, so
 * calls may run in parallel on different chunks. */
typedef struct h5x_filter_call {
    size_t struct_size;   /* sizeof(h5x_filter_call) */
    int threads;          /* threads the codec may use for this call; 0: the filter's default */
    char *error;          /* where to describe a failure (NUL-terminated) */
    size_t error_size;
    /* 1: encode returns the encoded form even when it does not shrink (a
     * mandatory filter has no raw fallback); 0: it returns 0 instead.
     * Codecs read it only when struct_size covers it. */
    int keep_larger;
    /* Where the caller would like the result (NULL: anywhere), a buffer
     * of destination_size bytes.  Decoding: a codec whose result has
     * exactly that size may write it there; encoding: a codec may write
     * there when its result fits.  It then returns *out == destination,
     * which the caller does not free; otherwise a buffer of its own, as
     * always.  Codecs read these only when struct_size covers them (see
     * h5x_filter_call_destination and h5x_filter_call_room). */
    void *destination;
    size_t destination_size;
} h5x_filter_call;

static inline int h5x_filter_call_has_destination(const h5x_filter_call *call)
{
    return call != NULL && call->struct_size >= offsetof(h5x_filter_call, destination_size) + sizeof(size_t) &&
           call->destination != NULL;
}

/* The destination of a decode call that wants nbytes there, else NULL. */
static inline void *h5x_filter_call_destination(const h5x_filter_call *call, size_t nbytes)
{
    return h5x_filter_call_has_destination(call) && call->destination_size == nbytes ? call->destination : NULL;
}

/* The destination of an encode call when it holds capacity bytes, else NULL. */
static inline void *h5x_filter_call_room(const h5x_filter_call *call, size_t capacity)
{
    return h5x_filter_call_has_destination(call) && call->destination_size >= capacity ? call->destination : NULL;
}

/* What the dataset looks like, for filling in dataset-dependent values. */
typedef struct h5x_filter_dataset {
    size_t type_size;     /* bytes of one element (of the base type for arrays) */
    size_t chunk_bytes;   /* bytes of one uncompressed chunk */
} h5x_filter_dataset;

typedef struct h5x_filter_class {
    uint32_t abi_version;    /* H5X_FILTER_ABI_VERSION */
    uint32_t struct_size;    /* sizeof(h5x_filter_class) */
    int id;                  /* the HDF5 filter id (blosc 32001, lz4 32004, zstd 32015, ...) */
    const char *name;        /* the name in filter strings: "blosc" */
    const char *description;
    uint32_t version;        /* major * 10000 + minor * 100 + patch */

    /* Turns option text (what follows "name:" in "blosc:lz4:5:shuffle")
     * into client values.  text may be "" for the defaults.  *count holds
     * the capacity of values on entry and the number used on return.
     * Returns 0, or -1 with call->error filled. */
    int (*parse_options)(const char *text, unsigned *values, size_t *count, h5x_filter_call *call);

    /* Completes the client values for a dataset (HDF5's set_local): may
     * grow *count up to capacity.  May be NULL. */
    int (*set_local)(unsigned *values, size_t *count, size_t capacity, const h5x_filter_dataset *dataset,
                     h5x_filter_call *call);

    /* Compresses in (in_size bytes).  On success *out is a malloc'd buffer
     * of *out_size bytes and 1 is returned; 0 means "does not shrink, store
     * raw"; -1 is an error with call->error filled. */
    int (*encode)(const unsigned *values, size_t count, const void *in, size_t in_size, void **out,
                  size_t *out_size, h5x_filter_call *call);

    /* Decompresses in.  expected_size is the size the chunk must have (0 if
     * unknown); a result of another size is an error.  *out is malloc'd.
     * Returns 1, or -1 with call->error filled.  Never reads beyond in_size. */
    int (*decode)(const unsigned *values, size_t count, const void *in, size_t in_size, size_t expected_size,
                  void **out, size_t *out_size, h5x_filter_call *call);

    /* Writes the option text that parse_options would turn into these
     * values ("lz4:5:shuffle").  May be NULL. */
    int (*format_options)(const unsigned *values, size_t count, char *text, size_t text_size);
} h5x_filter_class;

typedef const h5x_filter_class *(*h5x_filter_entry_fn)(void);

#ifdef __cplusplus
}
#endif
#endif /* H5X_FILTER_H */
