/*
 * vds_layout_text.c — how the vds connector writes a virtual dataset's
 * mappings into a file that has no virtual datasets of its own.
 *
 * The description is plain text in a uint8 attribute of the carrier
 * dataset, so that any connector able to store an attribute can keep it,
 * and a person can read it with any tool (`h5x dump`).  It is a sequence
 * of whitespace-separated tokens:
 *
 *     h5x-vds 1 RANK DIMS... COUNT
 *     then per mapping:
 *        VIRTUAL-SLAB  FILE  DATASET  SOURCE-RANK SOURCE-DIMS...  SOURCE-SLAB
 *
 * where a slab is, per axis, "start stride count block" (the rank is the
 * shape's), and FILE and DATASET are "LENGTH:BYTES" so that any byte,
 * spaces included, survives.  The version number lets a later layout be
 * refused with a clear message instead of misread.
 */
#include "vds.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text_buffer {
    char *data;
    size_t length, capacity;
} text_buffer;

static int append(text_buffer *b, const char *bytes, size_t n)
{
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = (b->capacity ? b->capacity * 2 : 256) + n;
        char *grown = realloc(b->data, capacity);
        if (!grown)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
    b->data[b->length] = '\0';
    return 0;
}

static int append_number(text_buffer *b, uint64_t value)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%" PRIu64 " ", value);
    return append(b, text, (size_t)n);
}

static int append_string(text_buffer *b, const char *s)
{
    size_t n = strlen(s);
    char prefix[32];
    int k = snprintf(prefix, sizeof prefix, "%zu:", n);
    int rc = append(b, prefix, (size_t)k);
    if (rc == 0)
        rc = append(b, s, n);
    if (rc == 0)
        rc = append(b, " ", 1);
    return rc;
}

static int append_slab(text_buffer *b, const h5x_vds_hyperslab *slab)
{
    int rc = 0;
    for (int a = 0; a < slab->rank && rc == 0; a++)
        if ((rc = append_number(b, slab->start[a])) == 0 && (rc = append_number(b, slab->stride[a])) == 0 &&
            (rc = append_number(b, slab->count[a])) == 0)
            rc = append_number(b, slab->block[a]);
    return rc;
}

static int append_shape(text_buffer *b, const h5x_shape *shape)
{
    int rc = append_number(b, (uint64_t)shape->rank);
    for (int a = 0; a < shape->rank && rc == 0; a++)
        rc = append_number(b, shape->dims[a]);
    return rc;
}

int vds_layout_encode(const h5x_shape *shape, const h5x_vds_mapping *mappings, size_t count, char **text,
                      size_t *length)
{
    text_buffer b = {0};
    int rc = append(&b, "h5x-vds 1 ", 10);
    if (rc == 0)
        rc = append_shape(&b, shape);
    if (rc == 0)
        rc = append_number(&b, count);
    for (size_t i = 0; i < count && rc == 0; i++) {
        const h5x_vds_mapping *m = &mappings[i];
        if ((rc = append_slab(&b, &m->virtual_selection)) == 0 && (rc = append_string(&b, m->file_name)) == 0 &&
            (rc = append_string(&b, m->dataset_path)) == 0 && (rc = append_shape(&b, &m->source_shape)) == 0)
            rc = append_slab(&b, &m->source_selection);
    }
    if (rc != 0) {
        free(b.data);
        return rc;
    }
    *text = b.data;
    *length = b.length;
    return 0;
}

/* ---------------------------------------------------------------- parsing */

typedef struct reader {
    const char *p, *end;
} reader;

static int corrupt(const char *what)
{
    return h5x_connector_error(H5X_ERR_CORRUPT, "the virtual dataset's layout attribute is damaged (%s)", what);
}

static void skip_space(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t'))
        r->p++;
}

static int read_number(reader *r, uint64_t *value)
{
    skip_space(r);
    if (r->p >= r->end || *r->p < '0' || *r->p > '9')
        return corrupt("a number was expected");
    uint64_t v = 0;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
        uint64_t digit = (uint64_t)(*r->p++ - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return corrupt("a number is too large");
        v = v * 10 + digit;
    }
    *value = v;
    return 0;
}

static int read_rank(reader *r, int *rank)
{
    uint64_t v;
    int rc = read_number(r, &v);
    if (rc == 0 && v > H5X_MAX_RANK)
        rc = corrupt("a rank is too large");
    *rank = (int)v;
    return rc;
}

static int read_string(reader *r, char **out)
{
    uint64_t n;
    int rc = read_number(r, &n);
    if (rc != 0)
        return rc;
    if (r->p >= r->end || *r->p != ':' || (uint64_t)(r->end - r->p - 1) < n)
        return corrupt("a name is cut short");
    r->p++;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    memcpy(s, r->p, (size_t)n);
    s[n] = '\0';
    r->p += n;
    *out = s;
    return 0;
}

static int read_shape(reader *r, h5x_shape *shape)
{
    memset(shape, 0, sizeof *shape);
    int rc = read_rank(r, &shape->rank);
    for (int a = 0; a < shape->rank && rc == 0; a++)
        rc = read_number(r, &shape->dims[a]);
    return rc;
}

static int read_slab(reader *r, int rank, h5x_vds_hyperslab *slab)
{
    memset(slab, 0, sizeof *slab);
    slab->rank = rank;
    int rc = 0;
    for (int a = 0; a < rank && rc == 0; a++)
        if ((rc = read_number(r, &slab->start[a])) == 0 && (rc = read_number(r, &slab->stride[a])) == 0 &&
            (rc = read_number(r, &slab->count[a])) == 0)
            rc = read_number(r, &slab->block[a]);
    return rc;
}

/* 1 when a slab lies inside shape and its blocks do not overlap (what
 * HDF5 asks of a hyperslab), so that reading can compute coordinates
 * without dividing by zero or leaving the dataset. */
static int slab_fits(const h5x_vds_hyperslab *slab, const h5x_shape *shape)
{
    uint64_t elements = 1;
    for (int a = 0; a < slab->rank; a++) {
        uint64_t count = slab->count[a], block = slab->block[a], start = slab->start[a];
        if (count == 0 || block == 0)
            return 1; /* selects nothing */
        if (count > UINT64_MAX / block || (elements && count * block > UINT64_MAX / elements))
            return 0; /* more elements than can be counted */
        elements *= count * block;
        if (count > 1 && slab->stride[a] < block)
            return 0;
        uint64_t dim = shape->dims[a];
        if (start >= dim || block > dim - start || (count > 1 && (count - 1) > (dim - start - block) / slab->stride[a]))
            return 0;
    }
    return 1;
}

int vds_layout_decode(const char *text, size_t length, h5x_shape *shape, h5x_vds_mapping **mappings_out,
                      size_t *count_out)
{
    reader r = {text, text + length};
    skip_space(&r);
    if (length < 8 || strncmp(r.p, "h5x-vds ", 8) != 0)
        return corrupt("it does not start with 'h5x-vds'");
    r.p += 8;
    uint64_t version, count;
    int rc = read_number(&r, &version);
    if (rc == 0 && version != 1)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED,
                                   "the virtual dataset's layout has version %" PRIu64 ", this h5x reads version 1",
                                   version);
    if (rc == 0)
        rc = read_shape(&r, shape);
    if (rc == 0)
        rc = read_number(&r, &count);
    if (rc == 0 && count > (uint64_t)(r.end - r.p))
        rc = corrupt("more mappings than the text can hold");
    if (rc != 0)
        return rc;
    h5x_vds_mapping *mappings = calloc(count ? (size_t)count : 1, sizeof *mappings);
    if (!mappings)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < count && rc == 0; i++) {
        h5x_vds_mapping *m = &mappings[i];
        if ((rc = read_slab(&r, shape->rank, &m->virtual_selection)) == 0 &&
            (rc = read_string(&r, &m->file_name)) == 0 && (rc = read_string(&r, &m->dataset_path)) == 0 &&
            (rc = read_shape(&r, &m->source_shape)) == 0)
            rc = read_slab(&r, m->source_shape.rank, &m->source_selection);
        if (rc == 0 && h5x_vds_hyperslab_size(&m->virtual_selection) != h5x_vds_hyperslab_size(&m->source_selection))
            rc = corrupt("a mapping's selections differ in size");
        if (rc == 0 && (!slab_fits(&m->virtual_selection, shape) || !slab_fits(&m->source_selection, &m->source_shape)))
            rc = corrupt("a mapping's selection does not fit its dataset");
    }
    if (rc != 0) {
        h5x_vds_mappings_free(mappings, (size_t)count);
        return rc;
    }
    *mappings_out = mappings;
    *count_out = (size_t)count;
    return 0;
}
