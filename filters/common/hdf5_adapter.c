/*
 * The HDF5 face of an h5x filter plugin.
 *
 * HDF5 drives a filter through three callbacks of an H5Z_class2_t:
 * can_apply and set_local when a dataset is created, and the filter
 * function for every chunk.  This file implements them once, for every
 * plugin, on top of the plugin's h5x_filter_class:
 *
 *  - set_local reads the client values the application gave, describes the
 *    dataset (element size of the base type, bytes of a chunk) and lets the
 *    codec complete the values, then stores them back in the dataset
 *    creation property list;
 *  - the filter function calls encode or decode and hands HDF5 the new
 *    buffer.  Buffers are malloc'd and freed with free(), as HDF5 allocates
 *    chunk buffers with the C library in release builds, and as the
 *    established third-party filters do.
 *
 * The plugin does not link libhdf5 (see hdf5_abi.h).  The functions
 * set_local needs are looked up in the library that called us: the
 * trampolines in filter_plugin.h pass their return address, dladdr() names
 * the object it lies in, and dlopen(RTLD_NOLOAD) gives a handle whose
 * dlsym() searches that object and what it depends on.  That finds libhdf5
 * even where it is not in the global namespace, as under Python, whose
 * extension modules (h5py) load it RTLD_LOCAL.  RTLD_DEFAULT is the
 * fallback for programs that call the callbacks themselves.
 *
 * Errors go onto HDF5's error stack through H5Epush2, found the same way,
 * so that h5dump and h5py show the codec's own words.
 */
#define _GNU_SOURCE
#include "filter_plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hdf5_api {
    void *library; /* dlopen handle of the caller's object, or NULL */
    hdf5_Pget_chunk_fn Pget_chunk;
    hdf5_Tget_size_fn Tget_size;
    hdf5_Tget_class_fn Tget_class;
    hdf5_Tget_super_fn Tget_super;
    hdf5_Tclose_fn Tclose;
    hdf5_Pget_filter_by_id2_fn Pget_filter_by_id2;
    hdf5_Pmodify_filter_fn Pmodify_filter;
    hdf5_Epush2_fn Epush2;
    const hdf5_hid_t *error_class; /* H5E_ERR_CLS_g */
    const hdf5_hid_t *major_pline; /* H5E_PLINE_g */
    const hdf5_hid_t *minor_callback; /* H5E_CALLBACK_g */
} hdf5_api;

static void *find_symbol(const hdf5_api *api, const char *name)
{
    void *symbol = api->library ? dlsym(api->library, name) : NULL;
    if (!symbol)
        symbol = dlsym(RTLD_DEFAULT, name);
    return symbol;
}

/* Function pointers travel through void * from dlsym; POSIX guarantees
 * the round trip, the cast through a union keeps -Wpedantic quiet. */
#define FIND_FUNCTION(api, field, name)                                                                     \
    do {                                                                                                    \
        void *found_ = find_symbol(api, name);                                                              \
        memcpy(&(api)->field, &found_, sizeof found_);                                                      \
    } while (0)

static void open_api(const void *caller, hdf5_api *api)
{
    memset(api, 0, sizeof *api);
    Dl_info info;
    if (caller && dladdr(caller, &info) && info.dli_fname && info.dli_fname[0])
        api->library = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    FIND_FUNCTION(api, Pget_chunk, "H5Pget_chunk");
    FIND_FUNCTION(api, Tget_size, "H5Tget_size");
    FIND_FUNCTION(api, Tget_class, "H5Tget_class");
    FIND_FUNCTION(api, Tget_super, "H5Tget_super");
    FIND_FUNCTION(api, Tclose, "H5Tclose");
    FIND_FUNCTION(api, Pget_filter_by_id2, "H5Pget_filter_by_id2");
    FIND_FUNCTION(api, Pmodify_filter, "H5Pmodify_filter");
    FIND_FUNCTION(api, Epush2, "H5Epush2");
    api->error_class = find_symbol(api, "H5E_ERR_CLS_g");
    api->major_pline = find_symbol(api, "H5E_PLINE_g");
    api->minor_callback = find_symbol(api, "H5E_CALLBACK_g");
}

static void close_api(hdf5_api *api)
{
    if (api->library)
        dlclose(api->library);
    api->library = NULL;
}

static int api_complete(const hdf5_api *api)
{
    return api->Pget_chunk && api->Tget_size && api->Tget_class && api->Tget_super && api->Tclose &&
           api->Pget_filter_by_id2 && api->Pmodify_filter;
}

static void push_error(const hdf5_api *api, const char *function, const h5x_filter_class *filter,
                       const char *message)
{
    if (!api->Epush2 || !api->error_class || !api->major_pline || !api->minor_callback)
        return;
    api->Epush2(HDF5_E_DEFAULT, __FILE__, function, __LINE__, *api->error_class, *api->major_pline,
                *api->minor_callback, "%s filter: %s", filter->name, message);
}

/* The size of the element type, and of its base type for arrays. */
static int describe_type(const hdf5_api *api, hdf5_hid_t type, size_t *element_size, size_t *base_size)
{
    *element_size = api->Tget_size(type);
    if (*element_size == 0)
        return -1;
    *base_size = *element_size;
    if (api->Tget_class(type) == HDF5_T_ARRAY) {
        hdf5_hid_t super = api->Tget_super(type);
        if (super < 0)
            return -1;
        *base_size = api->Tget_size(super);
        api->Tclose(super);
        if (*base_size == 0)
            return -1;
    }
    return 0;
}

hdf5_htri_t h5x_hdf5_can_apply(const h5x_filter_class *filter, const void *caller, hdf5_hid_t dcpl,
                               hdf5_hid_t type, hdf5_hid_t space)
{
    (void)dcpl;
    (void)space;
    hdf5_api api;
    open_api(caller, &api);
    hdf5_htri_t result = 1;
    size_t element_size, base_size;
    if (!api_complete(&api)) {
        push_error(&api, "can_apply", filter, "cannot find the HDF5 functions it needs in this process");
        result = -1;
    } else if (describe_type(&api, type, &element_size, &base_size) < 0) {
        push_error(&api, "can_apply", filter, "cannot determine the size of the dataset's type");
        result = -1;
    }
    close_api(&api);
    return result;
}

hdf5_herr_t h5x_hdf5_set_local(const h5x_filter_class *filter, const void *caller, hdf5_hid_t dcpl,
                               hdf5_hid_t type, hdf5_hid_t space)
{
    (void)space;
    hdf5_api api;
    open_api(caller, &api);
    hdf5_herr_t result = -1;
    char message[256] = "";
    if (!api_complete(&api)) {
        push_error(&api, "set_local", filter, "cannot find the HDF5 functions it needs in this process");
        goto done;
    }
    unsigned flags = 0;
    unsigned values[H5X_FILTER_MAX_CLIENT_VALUES] = {0};
    size_t count = H5X_FILTER_MAX_CLIENT_VALUES;
    if (api.Pget_filter_by_id2(dcpl, filter->id, &flags, &count, values, 0, NULL, NULL) < 0)
        goto done;
    if (count > H5X_FILTER_MAX_CLIENT_VALUES)
        count = H5X_FILTER_MAX_CLIENT_VALUES;

    size_t element_size, base_size;
    if (describe_type(&api, type, &element_size, &base_size) < 0) {
        push_error(&api, "set_local", filter, "cannot determine the size of the dataset's type");
        goto done;
    }
    hdf5_hsize_t dims[HDF5_MAX_RANK];
    int rank = api.Pget_chunk(dcpl, HDF5_MAX_RANK, dims);
    if (rank < 0 || rank > HDF5_MAX_RANK) {
        push_error(&api, "set_local", filter, "the dataset is not chunked");
        goto done;
    }
    size_t chunk_bytes = element_size;
    for (int axis = 0; axis < rank; axis++) {
        if (dims[axis] != 0 && chunk_bytes > SIZE_MAX / dims[axis]) {
            push_error(&api, "set_local", filter, "the chunk size overflows");
            goto done;
        }
        chunk_bytes *= (size_t)dims[axis];
    }

    if (filter->set_local) {
        h5x_filter_dataset dataset = {base_size, chunk_bytes};
        h5x_filter_call call = {sizeof call, 0, message, sizeof message, 0, NULL, 0};
        if (filter->set_local(values, &count, H5X_FILTER_MAX_CLIENT_VALUES, &dataset, &call) < 0) {
            push_error(&api, "set_local", filter, message[0] ? message : "cannot set the filter's parameters");
            goto done;
        }
    }
    if (api.Pmodify_filter(dcpl, filter->id, flags, count, values) < 0)
        goto done;
    result = 1;
done:
    close_api(&api);
    return result;
}

size_t h5x_hdf5_filter(const h5x_filter_class *filter, const void *caller, unsigned flags, size_t cd_nelmts,
                       const unsigned cd_values[], size_t nbytes, size_t *buf_size, void **buf)
{
    char message[256] = "";
    h5x_filter_call call = {sizeof call, 0, message, sizeof message, !(flags & HDF5_Z_FLAG_OPTIONAL), NULL, 0};
    void *out = NULL;
    size_t out_size = 0;
    int status;
    if (flags & HDF5_Z_FLAG_REVERSE)
        status = filter->decode(cd_values, cd_nelmts, *buf, nbytes, 0, &out, &out_size, &call);
    else
        status = filter->encode(cd_values, cd_nelmts, *buf, nbytes, &out, &out_size, &call);

    if (status == 1 && out_size > 0) {
        free(*buf);
        *buf = out;
        *buf_size = out_size;
        return out_size;
    }
    free(out);
    if (status < 0) {
        /* Only failures are reported: "does not shrink" on an optional
         * filter is HDF5's cue to store the chunk raw. */
        hdf5_api api;
        open_api(caller, &api);
        push_error(&api, (flags & HDF5_Z_FLAG_REVERSE) ? "decode" : "encode", filter,
                   message[0] ? message : "failed");
        close_api(&api);
    }
    return 0;
}
