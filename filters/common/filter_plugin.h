/*
 * filter_plugin.h — what every h5x filter plugin shares.
 *
 * A filter plugin is one shared object with two faces: h5x finds its
 * h5x_filter_class through h5x_filter_entry(), and any HDF5 program finds
 * an H5Z_class2_t through H5PLget_plugin_type()/H5PLget_plugin_info().
 * The codec is written once, against h5x_filter.h; the HDF5 face is a thin
 * adapter (hdf5_adapter.c) that turns HDF5's callbacks into calls on the
 * h5x class.  A plugin source ends with
 *
 *     H5X_FILTER_PLUGIN(blosc_class, 32001, "blosc")
 *
 * which defines the three exported entry points and three small
 * trampolines.  The trampolines exist for one reason: they note the
 * address they were called from, which lies inside the libhdf5 that loaded
 * the plugin, so that the adapter resolves H5Pget_chunk & co. from that
 * very library (see hdf5_adapter.c).  Everything they define is constant:
 * a plugin holds no mutable state.
 */
#ifndef H5X_FILTER_PLUGIN_H
#define H5X_FILTER_PLUGIN_H

#include "h5x_filter.h"
#include "hdf5_abi.h"

#include <stddef.h>

#define H5X_PLUGIN_EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------ helpers for the codecs */

/* Describes a failure in call->error and returns -1. */
__attribute__((format(printf, 2, 3))) int h5x_filter_fail(h5x_filter_call *call, const char *format, ...);

/* 1 when the caller wants the encoded form even if it does not shrink
 * (a mandatory filter has no raw fallback). */
int h5x_filter_keeps_larger(const h5x_filter_call *call);

/* Output buffers.  An encoder writes into the caller's room when it holds
 * capacity bytes, a decoder into the caller's destination when it wants
 * exactly nbytes there (h5x_filter_call_room/_destination), so that the
 * bytes are not copied again and no fresh pages are faulted in per chunk;
 * otherwise each gets a buffer of its own (NULL when memory runs out). */
unsigned char *h5x_filter_encode_buffer(const h5x_filter_call *call, size_t capacity);
unsigned char *h5x_filter_decode_buffer(const h5x_filter_call *call, size_t nbytes);
/* Gives up a buffer from either: the caller's own is left alone. */
void h5x_filter_drop_buffer(const h5x_filter_call *call, unsigned char *buffer);
/* Hands size bytes of such a buffer back as the result (a buffer of the
 * codec's own shrunk to them); returns 1, a codec's "done". */
int h5x_filter_give_buffer(const h5x_filter_call *call, unsigned char *buffer, size_t size, void **out,
                           size_t *out_size);

/* The threads a codec uses when the call leaves it open: the environment
 * variable env_name if set to a positive number, else the online cores. */
int h5x_filter_default_threads(const char *env_name);

/* Parses a decimal integer in [min, max] spanning the whole of text
 * (leading '-' allowed when min < 0).  Returns 0, or -1 with call->error
 * naming what (e.g. "compression level"). */
int h5x_filter_parse_int(const char *text, long min, long max, const char *what, long *value,
                         h5x_filter_call *call);

/* Splits option text at ':' into at most max_fields NUL-terminated fields
 * kept in storage (storage_size bytes).  "" gives zero fields.  Returns the
 * field count, or -1 with call->error set when there are too many fields
 * or the text does not fit. */
int h5x_filter_split_options(const char *text, char *storage, size_t storage_size, char **fields,
                             int max_fields, h5x_filter_call *call);

/* Big-endian helpers for codecs whose headers are big-endian. */
void h5x_store_be32(unsigned char *p, uint32_t v);
void h5x_store_be64(unsigned char *p, uint64_t v);
uint32_t h5x_load_be32(const unsigned char *p);
uint64_t h5x_load_be64(const unsigned char *p);

/* ----------------------------------------------------- the HDF5 adapter */

hdf5_htri_t h5x_hdf5_can_apply(const h5x_filter_class *filter, const void *caller, hdf5_hid_t dcpl,
                               hdf5_hid_t type, hdf5_hid_t space);
hdf5_herr_t h5x_hdf5_set_local(const h5x_filter_class *filter, const void *caller, hdf5_hid_t dcpl,
                               hdf5_hid_t type, hdf5_hid_t space);
size_t h5x_hdf5_filter(const h5x_filter_class *filter, const void *caller, unsigned flags, size_t cd_nelmts,
                       const unsigned cd_values[], size_t nbytes, size_t *buf_size, void **buf);

#define H5X_FILTER_PLUGIN(filter_class, filter_id, hdf5_name)                                               \
    static hdf5_htri_t h5x_plugin_can_apply(hdf5_hid_t dcpl, hdf5_hid_t type, hdf5_hid_t space)             \
    {                                                                                                       \
        return h5x_hdf5_can_apply(&(filter_class), __builtin_return_address(0), dcpl, type, space);          \
    }                                                                                                       \
    static hdf5_herr_t h5x_plugin_set_local(hdf5_hid_t dcpl, hdf5_hid_t type, hdf5_hid_t space)             \
    {                                                                                                       \
        return h5x_hdf5_set_local(&(filter_class), __builtin_return_address(0), dcpl, type, space);          \
    }                                                                                                       \
    static size_t h5x_plugin_filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[],           \
                                    size_t nbytes, size_t *buf_size, void **buf)                            \
    {                                                                                                       \
        return h5x_hdf5_filter(&(filter_class), __builtin_return_address(0), flags, cd_nelmts, cd_values,    \
                               nbytes, buf_size, buf);                                                      \
    }                                                                                                       \
    static const hdf5_filter_class2 h5x_plugin_hdf5_class = {                                               \
        HDF5_Z_CLASS_T_VERS, (filter_id), 1, 1, (hdf5_name),                                                \
        h5x_plugin_can_apply, h5x_plugin_set_local, h5x_plugin_filter};                                     \
    H5X_PLUGIN_EXPORT int H5PLget_plugin_type(void);                                                        \
    H5X_PLUGIN_EXPORT const void *H5PLget_plugin_info(void);                                                \
    H5X_PLUGIN_EXPORT const h5x_filter_class *h5x_filter_entry(void);                                       \
    H5X_PLUGIN_EXPORT int H5PLget_plugin_type(void) { return HDF5_PL_TYPE_FILTER; }                         \
    H5X_PLUGIN_EXPORT const void *H5PLget_plugin_info(void) { return &h5x_plugin_hdf5_class; }              \
    H5X_PLUGIN_EXPORT const h5x_filter_class *h5x_filter_entry(void) { return &(filter_class); }

#endif /* H5X_FILTER_PLUGIN_H */
