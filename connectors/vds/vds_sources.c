/*
 * vds_sources.c — finding and opening the source datasets of a mapping.
 *
 * This is the one place where the vds connector opens files.  A source
 * file name is what the mapping stores: a path, optionally with a
 * connector prefix ("family:raw-%d.h5", "core:scratch.h5"), since a source
 * may live in any connector — which HDF5's own virtual datasets cannot
 * offer.  A relative path is looked for, in order, under the "prefix"
 * option (else the HDF5_VDS_PREFIX variable, the name libhdf5 uses), in
 * the directory of the virtual dataset's file, and finally as given (from
 * the current directory): libhdf5's own order, so that a file means the
 * same thing on both connectors.  Each candidate passes the external-
 * target policy (h5x_target_allowed) before it is opened.
 *
 * A source that cannot be found reads as the fill value, as in HDF5,
 * unless the file was opened with strict=1: then reading names the missing
 * file and dataset.  Source files and datasets are opened on first use and
 * kept until the virtual dataset is closed, one open per file however many
 * mappings name it; a missing one is looked for again at the next read,
 * since it may have been written in between.  The file name "." is the
 * virtual dataset's own file, which is open already (vds_own.c).
 */
#include "vds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of a connector prefix "NAME[;OPTIONS]:" at the start of name,
 * or 0; the same rule as h5x_file_open's. */
static size_t connector_prefix_length(const char *name)
{
    const char *p = name;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
        p++;
    if (*p == ';')
        while (*p && *p != ':' && *p != '/')
            p++;
    return *p == ':' ? (size_t)(p - name) + 1 : 0;
}

static char *join(const char *a, size_t a_length, const char *b, size_t b_length, const char *c)
{
    size_t c_length = strlen(c);
    char *s = malloc(a_length + b_length + c_length + 1);
    if (s) {
        memcpy(s, a, a_length);
        memcpy(s + a_length, b, b_length);
        memcpy(s + a_length + b_length, c, c_length + 1);
    }
    return s;
}

/* Tries one candidate path; 1 opened, 0 not there, negative error. */
static int try_open(vds_file *file, const char *spec, size_t spec_length, const char *path, h5x_object **out)
{
    int rc = h5x_target_allowed(path, "virtual dataset source", file->allowed_prefixes);
    if (rc < 0)
        return rc;
    char *uri = join(spec, spec_length, path, strlen(path), "");
    if (!uri)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    h5x_object *f = h5x_file_open(uri, file->writable ? "r+" : "r", NULL);
    if (!f && file->writable) /* a read-only source still serves reads */
        f = h5x_file_open(uri, "r", NULL);
    free(uri);
    if (!f) {
        int code = h5x_last_error()->code;
        h5x_clear_error();
        /* not there (or not a file this connector reads): the next candidate */
        return code == H5X_ERR_NO_MEMORY ? code : 0;
    }
    *out = f;
    return 1;
}

/* Opens a source file by its stored name; *out NULL when it is not found. */
static int open_source_file(vds_file *file, const char *name, h5x_object **out)
{
    *out = NULL;
    size_t spec_length = connector_prefix_length(name);
    const char *path = name + spec_length;
    if (path[0] == '/')
        return try_open(file, name, spec_length, path, out) < 0 ? h5x_last_error()->code : 0;
    const char *slash = strrchr(file->path, '/');
    char *candidates[3] = {NULL, NULL, NULL};
    int n = 0, rc = 0;
    if (file->prefix && *file->prefix)
        candidates[n++] = join(file->prefix, strlen(file->prefix), "/", 1, path);
    if (slash)
        candidates[n++] = join(file->path, (size_t)(slash - file->path) + 1, "", 0, path);
    candidates[n++] = strdup(path);
    for (int i = 0; i < n && rc == 0; i++)
        rc = candidates[i] ? try_open(file, name, spec_length, candidates[i], out)
                           : h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    for (int i = 0; i < n; i++)
        free(candidates[i]);
    return rc < 0 ? rc : 0;
}

static int cached_file(vds_file *file, vds_virtual *virt, const char *name, h5x_object **out)
{
    for (size_t i = 0; i < virt->file_count; i++)
        if (strcmp(virt->files[i].name, name) == 0) {
            *out = virt->files[i].file;
            return 0;
        }
    int rc = open_source_file(file, name, out);
    if (rc < 0 || !*out)
        return rc;
    vds_source_file *grown = realloc(virt->files, (virt->file_count + 1) * sizeof *grown);
    char *copy = strdup(name);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            virt->files = grown;
        h5x_close(*out);
        *out = NULL;
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    virt->files = grown;
    virt->files[virt->file_count].name = copy;
    virt->files[virt->file_count].file = *out;
    virt->file_count++;
    return 0;
}

static int missing(vds_file *file, const h5x_vds_mapping *m, const char *why)
{
    if (!file->strict)
        return 0;
    return h5x_connector_error(H5X_ERR_NOT_FOUND, "the virtual dataset's source '%s' in the file '%s' is missing: %s",
                               m->dataset_path, m->file_name, why);
}

int vds_source_dataset(vds_object *object, size_t i, vds_source *source)
{
    vds_file *file = object->file;
    vds_virtual *virt = object->virt;
    source->dataset = virt->datasets[i];
    source->own = virt->own[i];
    if (source->dataset || source->own)
        return 0;
    const h5x_vds_mapping *m = &virt->mappings[i];
    if (strcmp(m->file_name, ".") == 0) { /* the virtual dataset's own file, open already */
        int rc = vds_own_open(object, m->dataset_path, &source->own);
        if (rc < 0)
            return rc;
        if (!source->own)
            return missing(file, m, "no such dataset in the file");
        virt->own[i] = source->own;
        return 0;
    }
    h5x_object *source_file = NULL;
    int rc = cached_file(file, virt, m->file_name, &source_file);
    if (rc < 0)
        return rc;
    if (!source_file)
        return missing(file, m, "no such file");
    if (h5x_contains(source_file, m->dataset_path) <= 0) {
        h5x_clear_error();
        return missing(file, m, "no such dataset in the file");
    }
    h5x_object *d = h5x_open(source_file, m->dataset_path);
    if (!d)
        return h5x_last_error()->code;
    if (h5x_object_get_kind(d) != H5X_KIND_DATASET) {
        h5x_close(d);
        return h5x_connector_error(H5X_ERR_TYPE, "the source '%s' in '%s' is not a dataset", m->dataset_path,
                                   m->file_name);
    }
    virt->datasets[i] = source->dataset = d;
    return 0;
}
