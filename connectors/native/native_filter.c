/*
 * native_filter.c — h5x filter chains on libhdf5's dataset pipelines.
 *
 * The core parses a chain's text ("shuffle,gzip:6", "blosc:lz4:5:shuffle")
 * into filter ids and HDF5 client values; filter plugins have already
 * turned their own option text into the client values libhdf5 stores.  The
 * built-in filters go through libhdf5's own setters, because those are
 * what h5py calls and they choose the flags (deflate and shuffle are
 * optional, fletcher32 mandatory) that make the file identical:
 *
 *   gzip:L          H5Pset_deflate(L), L = 4 when omitted (h5py's default)
 *   shuffle         H5Pset_shuffle
 *   fletcher32      H5Pset_fletcher32
 *   szip:M:P        H5Pset_szip(M, P), h5py's ('nn', 8) when omitted
 *   nbit            H5Pset_nbit
 *   scaleoffset:F   H5Pset_scaleoffset: integers by minimum bits F
 *                   (0: let the filter choose), floats by D-scaling with
 *                   F decimal digits, as h5py's scaleoffset=F; two values
 *                   give libhdf5's (scale type, factor) directly
 *
 * Every other id is a plugin filter: libhdf5 must be able to load it (h5x
 * filter plugins are HDF5 filter plugins as well, found on the directories
 * native_initialise appended), otherwise the dataset could be created but
 * never written, so the connector refuses with H5X_ERR_PLUGIN up front as
 * h5py does.
 *
 * Reading a pipeline back gives the inverse: the client values a user
 * would have written, not the ones each filter's set_local added for the
 * dataset (shuffle's element size, scaleoffset's and nbit's parameters).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5x_filter.h"
#include "native.h"

#define GZIP_DEFAULT_LEVEL 4
#define SZIP_DEFAULT_MASK H5_SZIP_NN_OPTION_MASK
#define SZIP_DEFAULT_PIXELS 8

/* 1 if the spec has a name other than its number. */
static int has_name(const h5x_filter_spec *spec)
{
    char number[16];
    snprintf(number, sizeof number, "%d", spec->id);
    return spec->name[0] != '\0' && strcmp(spec->name, number) != 0;
}

static int filter_unavailable(const h5x_filter_spec *spec)
{
    H5Eclear2(H5E_DEFAULT);
    if (has_name(spec))
        return h5x_connector_error(H5X_ERR_PLUGIN, "filter %d (%s) is not available to libhdf5", spec->id,
                                   spec->name);
    return h5x_connector_error(H5X_ERR_PLUGIN, "filter %d is not available to libhdf5", spec->id);
}

static int spec_failed(const h5x_filter_spec *spec)
{
    if (has_name(spec))
        return native_fail(H5X_ERR_INVALID_ARGUMENT, "unable to add filter %d (%s) to the dataset", spec->id,
                           spec->name);
    return native_fail(H5X_ERR_INVALID_ARGUMENT, "unable to add filter %d to the dataset", spec->id);
}

static herr_t set_scaleoffset(hid_t dcpl, const h5x_filter_spec *spec, h5x_dtype_class c)
{
    if (spec->nvalues >= 2)
        return H5Pset_scaleoffset(dcpl, (H5Z_SO_scale_type_t)spec->values[0], (int)spec->values[1]);
    if (c == H5X_CLASS_INTEGER)
        return H5Pset_scaleoffset(dcpl, H5Z_SO_INT,
                                  spec->nvalues == 1 ? (int)spec->values[0] : H5Z_SO_INT_MINBITS_DEFAULT);
    return H5Pset_scaleoffset(dcpl, H5Z_SO_FLOAT_DSCALE, (int)spec->values[0]);
}

/* Adds one filter: 0, or a negative h5x status with the error recorded. */
static int apply_one(hid_t dcpl, const h5x_filter_spec *spec, const h5x_dtype *dtype)
{
    herr_t result;
    switch (spec->id) {
    case H5Z_FILTER_DEFLATE: {
        unsigned level = spec->nvalues > 0 ? spec->values[0] : GZIP_DEFAULT_LEVEL;
        if (level > 9)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "gzip level %u is not in 0..9", level);
        result = H5Pset_deflate(dcpl, level);
        break;
    }
    case H5Z_FILTER_SHUFFLE:
        result = H5Pset_shuffle(dcpl);
        break;
    case H5Z_FILTER_FLETCHER32:
        result = H5Pset_fletcher32(dcpl);
        break;
    case H5Z_FILTER_SZIP:
        if (H5Zfilter_avail(H5Z_FILTER_SZIP) <= 0)
            return filter_unavailable(spec);
        result = H5Pset_szip(dcpl, spec->nvalues > 0 ? spec->values[0] : SZIP_DEFAULT_MASK,
                             spec->nvalues > 1 ? spec->values[1] : SZIP_DEFAULT_PIXELS);
        break;
    case H5Z_FILTER_NBIT:
        result = H5Pset_nbit(dcpl);
        break;
    case H5Z_FILTER_SCALEOFFSET: {
        h5x_dtype_class c = h5x_dtype_get_class(dtype);
        if (c != H5X_CLASS_INTEGER && c != H5X_CLASS_FLOAT)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "scaleoffset applies to integer and float datasets only");
        if (c == H5X_CLASS_FLOAT && spec->nvalues == 0)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "scaleoffset on floats needs the number of decimal digits (scaleoffset:N)");
        result = set_scaleoffset(dcpl, spec, c);
        break;
    }
    default:
        if (spec->id < 0 || spec->id > H5Z_FILTER_MAX)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "filter id %d is outside HDF5's range", spec->id);
        if (H5Zfilter_avail((H5Z_filter_t)spec->id) <= 0)
            return filter_unavailable(spec);
        result = H5Pset_filter(dcpl, (H5Z_filter_t)spec->id,
                               (spec->flags & H5X_FILTER_FLAG_OPTIONAL) ? H5Z_FLAG_OPTIONAL : H5Z_FLAG_MANDATORY,
                               spec->nvalues, spec->values);
        break;
    }
    return result < 0 ? spec_failed(spec) : 0;
}

int native_filters_apply(hid_t dcpl, const char *text, const h5x_dtype *dtype)
{
    if (text == NULL || text[0] == '\0')
        return 0;
    h5x_filter_chain chain;
    int status = h5x_filter_chain_parse(text, &chain);
    if (status < 0)
        return status;
    for (size_t i = 0; i < chain.count; i++) {
        const h5x_filter_spec *spec = &chain.filters[i];
        status = apply_one(dcpl, spec, dtype);
        if (status < 0)
            return status;
    }
    return 0;
}

/* ------------------------------------------------------------ describing */

static const char *builtin_name(H5Z_filter_t id)
{
    switch (id) {
    case H5Z_FILTER_DEFLATE: return "gzip";
    case H5Z_FILTER_SHUFFLE: return "shuffle";
    case H5Z_FILTER_FLETCHER32: return "fletcher32";
    case H5Z_FILTER_SZIP: return "szip";
    case H5Z_FILTER_NBIT: return "nbit";
    case H5Z_FILTER_SCALEOFFSET: return "scaleoffset";
    default: return NULL;
    }
}

/* The client values of a built-in filter as a user gives them. */
static void user_values(H5Z_filter_t id, const unsigned *values, size_t nvalues, h5x_filter_spec *spec)
{
    spec->nvalues = 0;
    switch (id) {
    case H5Z_FILTER_DEFLATE:
        spec->values[spec->nvalues++] = nvalues > 0 ? values[0] : GZIP_DEFAULT_LEVEL;
        break;
    case H5Z_FILTER_SZIP:
        if (nvalues >= 2) {
            spec->values[spec->nvalues++] = values[0] & (H5_SZIP_EC_OPTION_MASK | H5_SZIP_NN_OPTION_MASK);
            spec->values[spec->nvalues++] = values[1];
        }
        break;
    case H5Z_FILTER_SCALEOFFSET: {
        if (nvalues < 2)
            break;
        /* One value when the scale type is the one h5py picks for the
         * dataset's class; both when it is not. */
        H5Z_SO_scale_type_t type = (H5Z_SO_scale_type_t)values[0];
        if (type == H5Z_SO_INT || type == H5Z_SO_FLOAT_DSCALE) {
            spec->values[spec->nvalues++] = values[1];
        } else {
            spec->values[spec->nvalues++] = values[0];
            spec->values[spec->nvalues++] = values[1];
        }
        break;
    }
    default: /* shuffle, fletcher32, nbit: nothing the user chooses */
        break;
    }
}

int native_filters_describe(hid_t dcpl, char **text)
{
    *text = NULL;
    int nfilters = H5Pget_nfilters(dcpl);
    if (nfilters < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's filters");
    if (nfilters == 0)
        return 0;
    h5x_filter_chain chain;
    memset(&chain, 0, sizeof chain);
    for (int i = 0; i < nfilters && chain.count < H5X_MAX_FILTERS; i++) {
        unsigned flags = 0, filter_config = 0;
        unsigned values[H5X_FILTER_MAX_CLIENT_VALUES];
        size_t nvalues = H5X_FILTER_MAX_CLIENT_VALUES;
        char hdf5_name[64];
        H5Z_filter_t id = H5Pget_filter2(dcpl, (unsigned)i, &flags, &nvalues, values, sizeof hdf5_name, hdf5_name,
                                         &filter_config);
        if (id < 0)
            return native_fail(H5X_ERR_IO, "unable to read filter %d of the dataset", i);
        if (nvalues > H5X_FILTER_MAX_CLIENT_VALUES)
            nvalues = H5X_FILTER_MAX_CLIENT_VALUES;
        h5x_filter_spec *spec = &chain.filters[chain.count++];
        spec->id = (int)id;
        const char *name = builtin_name(id);
        if (name != NULL) {
            snprintf(spec->name, sizeof spec->name, "%s", name);
            user_values(id, values, nvalues, spec);
            continue;
        }
        const h5x_filter_class *plugin = h5x_filter_lookup((int)id);
        if (plugin != NULL && plugin->name != NULL)
            snprintf(spec->name, sizeof spec->name, "%s", plugin->name);
        spec->flags = (flags & H5Z_FLAG_OPTIONAL) ? H5X_FILTER_FLAG_OPTIONAL : 0;
        spec->nvalues = nvalues;
        memcpy(spec->values, values, nvalues * sizeof(unsigned));
    }
    return h5x_filter_chain_format(&chain, text);
}
