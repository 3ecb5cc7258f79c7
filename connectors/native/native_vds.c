/*
 * native_vds.c — virtual datasets as HDF5 stores them.
 *
 * On the native connector a virtual dataset is libhdf5's: each mapping
 * becomes one H5Pset_virtual call on the dataset creation list, with the
 * source file name and dataset path stored exactly as given, and libhdf5
 * does the reading and writing.  That is what makes the files h5py's: h5py
 * and h5dump read what h5x writes, and h5x reads what they write, strided
 * and interleaved mappings included.  Relative source names are resolved
 * by libhdf5 (HDF5_VDS_PREFIX, then the virtual dataset's directory, then
 * the current one), and a missing source reads as the fill value.
 *
 * Selections are regular hyperslabs both ways; a file whose mapping uses
 * an irregular selection (which h5py cannot make) is reported rather than
 * misread.
 */
#include "native_vds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A dataspace of shape with the hyperslab selected. */
static hid_t space_with_selection(const h5x_shape *shape, const h5x_vds_hyperslab *slab)
{
    hid_t space = native_space_from_shape(shape, NULL);
    if (space < 0 || shape->rank == 0)
        return space;
    hsize_t start[H5X_MAX_RANK], stride[H5X_MAX_RANK], count[H5X_MAX_RANK], block[H5X_MAX_RANK];
    for (int a = 0; a < slab->rank; a++) {
        start[a] = slab->start[a];
        stride[a] = slab->stride[a] ? slab->stride[a] : 1;
        count[a] = slab->count[a];
        block[a] = slab->block[a];
    }
    herr_t rc = h5x_vds_hyperslab_size(slab) == 0 ? H5Sselect_none(space)
                                                   : H5Sselect_hyperslab(space, H5S_SELECT_SET, start, stride, count,
                                                                         block);
    if (rc < 0) {
        native_fail(H5X_ERR_SELECTION, "unable to select the mapping's hyperslab");
        H5Sclose(space);
        return H5I_INVALID_HID;
    }
    return space;
}

static int add_mappings(hid_t dcpl, const h5x_shape *shape, const h5x_vds_mapping *mappings, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const h5x_vds_mapping *m = &mappings[i];
        if (m->virtual_selection.rank != shape->rank || m->source_selection.rank != m->source_shape.rank)
            return h5x_connector_error(H5X_ERR_SELECTION, "mapping %zu has a selection of the wrong rank", i);
        hid_t vspace = space_with_selection(shape, &m->virtual_selection);
        hid_t sspace = vspace < 0 ? H5I_INVALID_HID : space_with_selection(&m->source_shape, &m->source_selection);
        herr_t rc = -1;
        if (sspace >= 0)
            rc = H5Pset_virtual(dcpl, vspace, m->file_name, m->dataset_path, sspace);
        if (vspace >= 0)
            H5Sclose(vspace);
        if (sspace >= 0)
            H5Sclose(sspace);
        if (rc < 0)
            return native_fail(H5X_ERR_SELECTION, "unable to map '%s' in '%s'", m->dataset_path, m->file_name);
    }
    return 0;
}

int native_dataset_create_virtual(void *file_in, void *loc, const char *path, const h5x_dataset_create_args *args,
                                  const h5x_vds_mapping *mappings, size_t count, void **dataset_out)
{
    native_file *file = file_in;
    *dataset_out = NULL;
    int status = native_require_writable(file, "create a virtual dataset");
    if (status < 0)
        return status;
    hid_t type = native_type_from_dtype(args->dtype);
    if (type < 0)
        return H5X_ERR_TYPE;
    hid_t space = native_space_from_shape(&args->shape, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (space < 0 || dcpl < 0) {
        status = native_fail(H5X_ERR_SHAPE, "unable to describe the virtual dataset");
        goto done;
    }
    if (args->fillvalue && H5Pset_fill_value(dcpl, type, args->fillvalue) < 0) {
        status = native_fail(H5X_ERR_TYPE, "unable to set the fill value");
        goto done;
    }
    if ((status = add_mappings(dcpl, &args->shape, mappings, count)) < 0)
        goto done;
    /* A virtual dataset without mappings is still a virtual layout. */
    if (count == 0 && H5Pset_layout(dcpl, H5D_VIRTUAL) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to set a virtual layout");
        goto done;
    }
    status = native_dataset_make(file, loc, path, type, space, dcpl, "the virtual dataset", dataset_out);
done:
    H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return status;
}

/* The selection of a stored space as a hyperslab, and its extent. */
static int hyperslab_of(hid_t space, h5x_shape *shape, h5x_vds_hyperslab *slab)
{
    if (native_shape_from_space(space, shape, NULL) < 0)
        return H5X_ERR_IO;
    memset(slab, 0, sizeof *slab);
    slab->rank = shape->rank < 0 ? 0 : shape->rank;
    H5S_sel_type type = H5Sget_select_type(space);
    if (type == H5S_SEL_ALL || shape->rank <= 0) {
        for (int a = 0; a < slab->rank; a++) {
            slab->stride[a] = slab->count[a] = 1;
            slab->block[a] = shape->dims[a];
        }
        return 0;
    }
    if (type == H5S_SEL_NONE) {
        for (int a = 0; a < slab->rank; a++)
            slab->stride[a] = slab->block[a] = 1;
        return 0;
    }
    hsize_t start[H5X_MAX_RANK], stride[H5X_MAX_RANK], count[H5X_MAX_RANK], block[H5X_MAX_RANK];
    if (type != H5S_SEL_HYPERSLABS || H5Sis_regular_hyperslab(space) <= 0 ||
        H5Sget_regular_hyperslab(space, start, stride, count, block) < 0)
        return native_fail(H5X_ERR_SELECTION, "a mapping of this virtual dataset is not a regular hyperslab");
    for (int a = 0; a < slab->rank; a++) {
        slab->start[a] = start[a];
        slab->stride[a] = stride[a];
        slab->count[a] = count[a];
        slab->block[a] = block[a];
    }
    return 0;
}

static char *stored_text(hid_t dcpl, size_t i, ssize_t (*get)(hid_t, size_t, char *, size_t))
{
    ssize_t n = get(dcpl, i, NULL, 0);
    char *text = n < 0 ? NULL : malloc((size_t)n + 1);
    if (text && get(dcpl, i, text, (size_t)n + 1) < 0) {
        free(text);
        text = NULL;
    }
    return text;
}

int native_dataset_virtual_mappings(void *dataset_in, h5x_vds_mapping **mappings_out, size_t *count_out)
{
    native_object *dataset = dataset_in;
    *mappings_out = NULL;
    *count_out = 0;
    hid_t dcpl = H5Dget_create_plist(dataset->id);
    if (dcpl < 0)
        return native_fail(H5X_ERR_IO, "unable to read the dataset's creation properties");
    int status = 0;
    size_t count = 0;
    h5x_vds_mapping *mappings = NULL;
    if (H5Pget_layout(dcpl) != H5D_VIRTUAL)
        goto done;
    if (H5Pget_virtual_count(dcpl, &count) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to count the virtual dataset's mappings");
        goto done;
    }
    mappings = calloc(count ? count : 1, sizeof *mappings);
    if (!mappings) {
        status = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < count && status == 0; i++) {
        h5x_vds_mapping *m = &mappings[i];
        h5x_shape virtual_shape;
        hid_t vspace = H5Pget_virtual_vspace(dcpl, i), sspace = H5Pget_virtual_srcspace(dcpl, i);
        if (vspace < 0 || sspace < 0)
            status = native_fail(H5X_ERR_IO, "unable to read mapping %zu", i);
        if (status == 0)
            status = hyperslab_of(vspace, &virtual_shape, &m->virtual_selection);
        if (status == 0)
            status = hyperslab_of(sspace, &m->source_shape, &m->source_selection);
        if (vspace >= 0)
            H5Sclose(vspace);
        if (sspace >= 0)
            H5Sclose(sspace);
        if (status == 0) {
            m->file_name = stored_text(dcpl, i, H5Pget_virtual_filename);
            m->dataset_path = stored_text(dcpl, i, H5Pget_virtual_dsetname);
            if (!m->file_name || !m->dataset_path)
                status = native_fail(H5X_ERR_IO, "unable to read the source names of mapping %zu", i);
        }
    }
    if (status < 0) {
        h5x_vds_mappings_free(mappings, count);
        mappings = NULL;
        count = 0;
    }
done:
    H5Pclose(dcpl);
    *mappings_out = mappings;
    *count_out = count;
    return status;
}

/* Where libhdf5 will look for a source named `name` of the virtual dataset
 * in the file at file_path: under HDF5_VDS_PREFIX, then beside that file,
 * then in the working directory, the first that exists (or the second, when
 * none does: nothing is opened then, but that is the name to judge).
 * malloc'd, NULL when out of memory. */
static char *source_location(const char *file_path, const char *name)
{
    if (name[0] == '/')
        return strdup(name);
    const char *slash = strrchr(file_path, '/');
    int dir_length = slash ? (int)(slash - file_path) : 1;
    const char *dir = slash ? file_path : ".";
    const char *prefix = getenv("HDF5_VDS_PREFIX");
    char *candidates[3] = {NULL, NULL, NULL};
    size_t room = strlen(file_path) + strlen(name) + (prefix ? strlen(prefix) : 0) + 8;
    for (int i = 0; i < 3; i++)
        if ((candidates[i] = malloc(room)) == NULL) {
            for (int k = 0; k < i; k++)
                free(candidates[k]);
            return NULL;
        }
    snprintf(candidates[0], room, "%s/%s", prefix && prefix[0] ? prefix : ".", name);
    snprintf(candidates[1], room, "%.*s/%s", dir_length, dir, name);
    snprintf(candidates[2], room, "%s", name);
    int chosen = 1;
    for (int i = prefix && prefix[0] ? 0 : 1; i < 3; i++)
        if (access(candidates[i], F_OK) == 0) {
            chosen = i;
            break;
        }
    for (int i = 0; i < 3; i++)
        if (i != chosen)
            free(candidates[i]);
    return candidates[chosen];
}

int native_vds_sources_allowed(native_file *file, hid_t dataset)
{
    if (file->allowed_target_prefixes == NULL && getenv("H5X_ALLOWED_PATHS") == NULL)
        return 0;
    hid_t dcpl = H5Dget_create_plist(dataset);
    if (dcpl < 0)
        return native_fail(H5X_ERR_IO, "unable to read a dataset's creation properties");
    int status = 0;
    size_t count = 0;
    if (H5Pget_layout(dcpl) == H5D_VIRTUAL && H5Pget_virtual_count(dcpl, &count) < 0)
        status = native_fail(H5X_ERR_IO, "unable to count a virtual dataset's mappings");
    for (size_t i = 0; status == 0 && i < count; i++) {
        char name[4096];
        ssize_t length = H5Pget_virtual_filename(dcpl, i, name, sizeof name);
        if (length < 0 || (size_t)length >= sizeof name) {
            status = native_fail(H5X_ERR_IO, "unable to read the source file name of mapping %zu", i);
            break;
        }
        if (strcmp(name, ".") == 0) /* the virtual dataset's own file */
            continue;
        char *location = source_location(file->path, name);
        status = location ? h5x_target_allowed(location, "virtual dataset source", file->allowed_target_prefixes)
                          : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        free(location);
    }
    H5Pclose(dcpl);
    return status;
}
