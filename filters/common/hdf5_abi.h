/*
 * hdf5_abi.h — the few pieces of HDF5's binary interface a filter plugin
 * needs, declared here so that the plugins never include hdf5.h nor link
 * libhdf5.
 *
 * Why: a plugin that links libhdf5 drags its own copy of the library into
 * every process that loads it.  HDF5 1.14 programs (h5dump, h5repack) and
 * Debian's h5py (on HDF5 1.10) each bring their own libhdf5; a plugin
 * linked against either one would put a second, uninitialised libhdf5 into
 * the other.  Declaring the types and resolving the functions at run time
 * from the library that calls us lets one binary serve both.
 *
 * Every value below was checked against the HDF5 1.14.5 headers
 * (H5Ipublic.h, H5public.h, H5Zpublic.h, H5Zdevelop.h, H5PLpublic.h,
 * H5Tpublic.h, H5Epublic.h) and against the symbols Debian's HDF5 1.10
 * library exports.  They have been stable since 1.8 except hid_t, which
 * became 64 bits wide in 1.10.0: these plugins serve HDF5 1.10 and later.
 */
#ifndef H5X_HDF5_ABI_H
#define H5X_HDF5_ABI_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t hdf5_hid_t;   /* hid_t (H5Ipublic.h), 64 bits since 1.10 */
typedef int hdf5_herr_t;      /* herr_t (H5public.h) */
typedef int hdf5_htri_t;      /* htri_t (H5public.h) */
typedef uint64_t hdf5_hsize_t; /* hsize_t (H5public.h) */
typedef int hdf5_filter_t;    /* H5Z_filter_t (H5Zpublic.h) */

#define HDF5_PL_TYPE_FILTER 0       /* H5PL_TYPE_FILTER (H5PLpublic.h) */
#define HDF5_Z_CLASS_T_VERS 1       /* H5Z_CLASS_T_VERS (H5Zdevelop.h) */
#define HDF5_Z_FLAG_OPTIONAL 0x0001 /* H5Z_FLAG_OPTIONAL (H5Zpublic.h) */
#define HDF5_Z_FLAG_REVERSE 0x0100  /* H5Z_FLAG_REVERSE (H5Zpublic.h) */
#define HDF5_T_ARRAY 10             /* H5T_ARRAY in H5T_class_t (H5Tpublic.h) */
#define HDF5_E_DEFAULT 0            /* H5E_DEFAULT (H5Epublic.h) */
#define HDF5_MAX_RANK 32            /* H5S_MAX_RANK (H5Spublic.h) */

typedef hdf5_htri_t (*hdf5_can_apply_fn)(hdf5_hid_t dcpl, hdf5_hid_t type, hdf5_hid_t space);
typedef hdf5_herr_t (*hdf5_set_local_fn)(hdf5_hid_t dcpl, hdf5_hid_t type, hdf5_hid_t space);
typedef size_t (*hdf5_filter_fn)(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes,
                                 size_t *buf_size, void **buf);

/* H5Z_class2_t, field for field. */
typedef struct hdf5_filter_class2 {
    int version;                /* HDF5_Z_CLASS_T_VERS */
    hdf5_filter_t id;
    unsigned encoder_present;
    unsigned decoder_present;
    const char *name;
    hdf5_can_apply_fn can_apply;
    hdf5_set_local_fn set_local;
    hdf5_filter_fn filter;
} hdf5_filter_class2;

/* The libhdf5 functions set_local needs, with their 1.10/1.14 signatures. */
typedef int (*hdf5_Pget_chunk_fn)(hdf5_hid_t plist, int max_ndims, hdf5_hsize_t dims[]);
typedef size_t (*hdf5_Tget_size_fn)(hdf5_hid_t type);
typedef int (*hdf5_Tget_class_fn)(hdf5_hid_t type);
typedef hdf5_hid_t (*hdf5_Tget_super_fn)(hdf5_hid_t type);
typedef hdf5_herr_t (*hdf5_Tclose_fn)(hdf5_hid_t type);
typedef hdf5_herr_t (*hdf5_Pget_filter_by_id2_fn)(hdf5_hid_t plist, hdf5_filter_t id, unsigned *flags,
                                                  size_t *cd_nelmts, unsigned cd_values[], size_t namelen,
                                                  char name[], unsigned *filter_config);
typedef hdf5_herr_t (*hdf5_Pmodify_filter_fn)(hdf5_hid_t plist, hdf5_filter_t id, unsigned flags,
                                              size_t cd_nelmts, const unsigned cd_values[]);
typedef hdf5_herr_t (*hdf5_Epush2_fn)(hdf5_hid_t stack, const char *file, const char *func, unsigned line,
                                      hdf5_hid_t cls, hdf5_hid_t major, hdf5_hid_t minor, const char *format,
                                      ...);

#endif /* H5X_HDF5_ABI_H */
