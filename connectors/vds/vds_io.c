/*
 * vds_io.c — reading and writing a virtual dataset through its mappings.
 *
 * A request arrives as a resolved selection of the virtual dataset: per
 * axis a set of indices (or a list of points, taken one at a time).  Each
 * mapping selects, per axis, count blocks of block indices; the request
 * and a mapping meet axis by axis, which costs the smaller of the two
 * index sets and nothing when their ranges do not overlap — so a small
 * read of a dataset with a thousand sources touches only the sources it
 * needs.
 *
 * Most mappings are separable: once the axes of length one are set aside,
 * the virtual selection and the source selection have the same extents in
 * the same order (h5py's layout[n - 1] = vsource, or interleaved slices).
 * Then the part of the request a mapping covers is itself a product of
 * per-axis index sets in the source, read (or written) with one selection
 * of the source dataset and scattered into place.  Any other mapping (a
 * block of one shape poured into a selection of another, which HDF5 also
 * allows) pairs elements by their C-order rank: its whole source selection
 * is read, and written back whole after the covered elements are replaced.
 *
 * Elements no mapping covers read as the fill value.
 */
#include "vds.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------- per-axis index sets */

static uint64_t slab_length(const h5x_vds_hyperslab *s, int a)
{
    return s->count[a] * s->block[a];
}

static uint64_t slab_coord(const h5x_vds_hyperslab *s, int a, uint64_t k)
{
    return s->start[a] + (k / s->block[a]) * s->stride[a] + k % s->block[a];
}

/* 1 and the index of coordinate v within the slab's axis, or 0. */
static int slab_index(const h5x_vds_hyperslab *s, int a, uint64_t v, uint64_t *k)
{
    if (v < s->start[a])
        return 0;
    uint64_t d = v - s->start[a];
    uint64_t c = s->count[a] > 1 ? d / s->stride[a] : 0, b = s->count[a] > 1 ? d % s->stride[a] : d;
    if (c >= s->count[a] || b >= s->block[a])
        return 0;
    *k = c * s->block[a] + b;
    return 1;
}

static uint64_t request_coord(const h5x_axis_selection *r, uint64_t p)
{
    return r->list ? r->list[p] : r->start + p * r->step;
}

static int request_index(const h5x_axis_selection *r, uint64_t v, uint64_t *p)
{
    if (r->list) {
        uint64_t lo = 0, hi = r->count;
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (r->list[mid] < v)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < r->count && r->list[lo] == v) {
            *p = lo;
            return 1;
        }
        return 0;
    }
    if (v < r->start || (v - r->start) % r->step != 0 || (v - r->start) / r->step >= r->count)
        return 0;
    *p = (v - r->start) / r->step;
    return 1;
}

/* Where one axis of a request meets one axis of a mapping: n pairs of a
 * position along the request and an index along the mapping's selection,
 * in increasing order of both.  Two ranges meet in a range, kept as its
 * first pair alone (run set) rather than spelled out. */
typedef struct axis_meet {
    uint64_t n;
    int run;
    uint64_t first_position, first_index;
    uint64_t *position;
    uint64_t *index;
} axis_meet;

static uint64_t meet_position(const axis_meet *m, uint64_t i)
{
    return m->run ? m->first_position + i : m->position[i];
}

static uint64_t meet_index(const axis_meet *m, uint64_t i)
{
    return m->run ? m->first_index + i : m->index[i];
}

static void meet_axis(const h5x_axis_selection *r, const h5x_vds_hyperslab *s, int a, axis_meet *m)
{
    m->n = 0;
    m->run = 0;
    uint64_t length = slab_length(s, a);
    if (r->count == 0 || length == 0)
        return;
    uint64_t r_lo = request_coord(r, 0), r_hi = request_coord(r, r->count - 1);
    uint64_t s_lo = slab_coord(s, a, 0), s_hi = slab_coord(s, a, length - 1);
    if (r_hi < s_lo || s_hi < r_lo)
        return;
    uint64_t p, k;
    if (!r->list && r->step == 1 && (s->count[a] == 1 || s->stride[a] == s->block[a])) {
        /* two ranges, the common case: their overlap, without divisions */
        uint64_t lo = r_lo > s_lo ? r_lo : s_lo, hi = r_hi < s_hi ? r_hi : s_hi;
        m->run = 1;
        m->n = hi - lo + 1;
        m->first_position = lo - r_lo;
        m->first_index = lo - s_lo;
        return;
    }
    if (r->count <= length) {
        for (p = 0; p < r->count; p++)
            if (slab_index(s, a, request_coord(r, p), &k)) {
                m->position[m->n] = p;
                m->index[m->n++] = k;
            }
    } else {
        for (k = 0; k < length; k++)
            if (request_index(r, slab_coord(s, a, k), &p)) {
                m->position[m->n] = p;
                m->index[m->n++] = k;
            }
    }
}

/* ------------------------------------------------------------- selections */

/* Adds the indices idx(0..n-1) of a source axis as a slice when they are
 * evenly spaced, as a list otherwise. */
static int add_axis(h5x_selection *sel, const uint64_t *coords, uint64_t n)
{
    uint64_t step = n > 1 ? coords[1] - coords[0] : 1;
    int regular = step > 0;
    for (uint64_t i = 2; i < n && regular; i++)
        regular = coords[i] - coords[i - 1] == step;
    if (regular)
        return h5x_selection_add_slice(sel, (int64_t)coords[0], (int64_t)(coords[n - 1] + 1), (int64_t)step);
    int64_t *list = malloc(n * sizeof *list);
    if (!list)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    for (uint64_t i = 0; i < n; i++)
        list[i] = (int64_t)coords[i];
    int rc = h5x_selection_add_list(sel, list, (size_t)n);
    free(list);
    return rc;
}

/* The pairing of a separable mapping: for each source axis, the virtual
 * axis with the same extent, or -1 for a source axis of length one.  0 when
 * the mapping is not separable. */
static int pair_axes(const h5x_vds_mapping *m, int *virtual_axis_of)
{
    const h5x_vds_hyperslab *v = &m->virtual_selection, *s = &m->source_selection;
    int a = 0;
    for (int b = 0; b < s->rank; b++) {
        if (slab_length(s, b) == 1) {
            virtual_axis_of[b] = -1;
            continue;
        }
        while (a < v->rank && slab_length(v, a) == 1)
            a++;
        if (a == v->rank || slab_length(v, a) != slab_length(s, b))
            return 0;
        virtual_axis_of[b] = a++;
    }
    while (a < v->rank && slab_length(v, a) == 1)
        a++;
    return a == v->rank;
}

/* The fill value converted to mem_dtype, malloc'd. */
static char *fill_in(const vds_virtual *virt, const h5x_dtype *mem_dtype)
{
    size_t es = h5x_dtype_size(mem_dtype);
    size_t big = es > h5x_dtype_size(virt->dtype) ? es : h5x_dtype_size(virt->dtype);
    char *one = calloc(1, big ? big : 1);
    if (!one) {
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(one, virt->fill, h5x_dtype_size(virt->dtype));
    if (h5x_dtype_convert(virt->dtype, one, mem_dtype, one, 1) < 0) {
        free(one);
        return NULL;
    }
    return one;
}

/* n copies of one element: the first, then the filled part copied onto
 * the rest, doubling. */
static void fill(char *out, const char *one, size_t es, uint64_t n)
{
    if (n == 0)
        return;
    memcpy(out, one, es);
    uint64_t done = 1;
    while (done < n) {
        uint64_t more = done < n - done ? done : n - done;
        memcpy(out + done * es, out, (size_t)(more * es));
        done += more;
    }
}

/* --------------------------------------------------------------- moving */

typedef struct request {
    int rank;
    const h5x_axis_selection *axes;
    size_t elem_size;
    uint64_t out_stride[H5X_MAX_RANK]; /* bytes between neighbours along each axis of the request's buffer */
    char *data;                         /* the request's buffer (read: filled; write: read from) */
    int writing;
    const char *fill_value;             /* reading: one element of mem_dtype */
} request;

/* Copies between the packed block (C order over the meets) and the
 * request's buffer.  With flat_stride set, the packed side is instead the
 * mapping's whole selection, addressed by the C-order rank of the index. */
static void move_block(const request *rq, const axis_meet *meets, char *packed, const uint64_t *flat_stride)
{
    size_t es = rq->elem_size;
    int rank = rq->rank;
    if (rank == 0) {
        if (rq->writing)
            memcpy(packed, rq->data, es);
        else
            memcpy(rq->data, packed, es);
        return;
    }
    uint64_t at[H5X_MAX_RANK] = {0};
    const axis_meet *last = &meets[rank - 1];
    int contiguous = !flat_stride && meet_position(last, last->n - 1) - meet_position(last, 0) == last->n - 1 &&
                     rq->out_stride[rank - 1] == es;
    char *cursor = packed;
    for (;;) {
        uint64_t base = 0, flat = 0;
        for (int a = 0; a < rank - 1; a++) {
            base += meet_position(&meets[a], at[a]) * rq->out_stride[a];
            if (flat_stride)
                flat += meet_index(&meets[a], at[a]) * flat_stride[a];
        }
        if (contiguous) {
            char *out = rq->data + base + meet_position(last, 0) * es;
            size_t bytes = (size_t)last->n * es;
            if (rq->writing)
                memcpy(cursor, out, bytes);
            else
                memcpy(out, cursor, bytes);
            cursor += bytes;
        } else {
            for (uint64_t i = 0; i < last->n; i++) {
                char *out = rq->data + base + meet_position(last, i) * es;
                char *in = flat_stride ? packed + (flat + meet_index(last, i) * flat_stride[rank - 1]) * es : cursor;
                if (rq->writing)
                    memcpy(in, out, es);
                else
                    memcpy(out, in, es);
                cursor += es;
            }
        }
        int a = rank - 2;
        while (a >= 0 && ++at[a] == meets[a].n)
            at[a--] = 0;
        if (a < 0)
            return;
    }
}

static int transfer(h5x_object *source, const h5x_selection *sel, const h5x_dtype *mem_dtype, void *buffer,
                    uint64_t count, int writing)
{
    if (writing)
        return h5x_dataset_write(source, sel, mem_dtype, buffer, NULL);
    return h5x_dataset_read(source, sel, mem_dtype, buffer, (size_t)count * h5x_dtype_size(mem_dtype));
}

/* When the covered part of the request is one contiguous run of its buffer
 * in the packed block's order (whole rows, or part of one row), the source
 * can be read into (or written from) the buffer directly: 1 and the byte
 * offset of the run. */
static int direct_run(const request *rq, const axis_meet *meets, uint64_t *offset)
{
    int first = 0;
    while (first < rq->rank && meets[first].n == 1)
        first++;
    for (int a = first + 1; a < rq->rank; a++)
        if (meets[a].n != rq->axes[a].count)
            return 0;
    if (first < rq->rank &&
        meet_position(&meets[first], meets[first].n - 1) - meet_position(&meets[first], 0) != meets[first].n - 1)
        return 0;
    *offset = 0;
    for (int a = 0; a < rq->rank; a++)
        *offset += meet_position(&meets[a], 0) * rq->out_stride[a];
    return 1;
}

/* How much of the request a mapping covers, with the meets filled in. */
static uint64_t meet_all(const request *rq, const h5x_vds_mapping *m, axis_meet *meets)
{
    uint64_t covered = 1;
    for (int a = 0; a < rq->rank && covered; a++) {
        meet_axis(&rq->axes[a], &m->virtual_selection, a, &meets[a]);
        covered *= meets[a].n;
    }
    return covered;
}

/* One mapping against one request. */
static int map_one(vds_object *object, size_t i, const request *rq, axis_meet *meets, const h5x_dtype *mem_dtype)
{
    vds_virtual *virt = object->virt;
    const h5x_vds_mapping *m = &virt->mappings[i];
    uint64_t covered = meet_all(rq, m, meets);
    if (covered == 0 || h5x_vds_hyperslab_size(&m->virtual_selection) == 0)
        return 0;
    h5x_object *source = NULL;
    int rc = vds_source_dataset(object->file, virt, i, &source);
    if (rc < 0)
        return rc;
    if (!source && rq->writing)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "cannot write to the missing source '%s' in the file '%s'",
                                   m->dataset_path, m->file_name);
    if (!source) { /* its part reads as the fill value, even where the request was not filled first */
        char *packed = malloc((size_t)covered * rq->elem_size + 1);
        if (!packed)
            return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        fill(packed, rq->fill_value, rq->elem_size, covered);
        move_block(rq, meets, packed, NULL);
        free(packed);
        return 0;
    }
    const h5x_vds_hyperslab *s = &m->source_selection;
    int virtual_axis_of[H5X_MAX_RANK];
    int separable = pair_axes(m, virtual_axis_of);
    uint64_t packed_count = separable ? covered : h5x_vds_hyperslab_size(s);
    uint64_t offset = 0;
    int direct = separable && direct_run(rq, meets, &offset);
    h5x_selection *sel = h5x_selection_new();
    char *packed = direct ? NULL : malloc((size_t)packed_count * rq->elem_size + 1);
    uint64_t *coords = NULL;
    uint64_t longest = 1;
    for (int b = 0; b < s->rank; b++)
        if (slab_length(s, b) > longest)
            longest = slab_length(s, b);
    coords = malloc((size_t)longest * sizeof *coords);
    if (!sel || (!direct && !packed) || !coords) {
        rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    for (int b = 0; b < s->rank && rc == 0; b++) {
        uint64_t n;
        if (separable && virtual_axis_of[b] >= 0 && meets[virtual_axis_of[b]].run &&
            (s->count[b] == 1 || s->stride[b] == s->block[b])) {
            /* a run of a contiguous source axis: a slice, without listing it */
            const axis_meet *meet = &meets[virtual_axis_of[b]];
            uint64_t first = slab_coord(s, b, meet->first_index);
            rc = h5x_selection_add_slice(sel, (int64_t)first, (int64_t)(first + meet->n), 1);
            continue;
        } else if (separable && virtual_axis_of[b] >= 0) {
            const axis_meet *meet = &meets[virtual_axis_of[b]];
            n = meet->n;
            for (uint64_t j = 0; j < n; j++)
                coords[j] = slab_coord(s, b, meet_index(meet, j));
        } else if (separable) {
            n = 1;
            coords[0] = slab_coord(s, b, 0);
        } else {
            n = slab_length(s, b);
            for (uint64_t j = 0; j < n; j++)
                coords[j] = slab_coord(s, b, j);
        }
        rc = add_axis(sel, coords, n);
    }
    if (rc < 0)
        goto done;
    if (direct) {
        rc = transfer(source, sel, mem_dtype, rq->data + offset, packed_count, rq->writing);
    } else if (separable) {
        if (!rq->writing)
            rc = transfer(source, sel, mem_dtype, packed, packed_count, 0);
        if (rc == 0)
            move_block(rq, meets, packed, NULL);
        if (rc == 0 && rq->writing)
            rc = transfer(source, sel, mem_dtype, packed, packed_count, 1);
    } else {
        /* the C-order rank of an element of the virtual selection */
        uint64_t flat_stride[H5X_MAX_RANK];
        const h5x_vds_hyperslab *v = &m->virtual_selection;
        for (int a = v->rank - 1; a >= 0; a--)
            flat_stride[a] = a == v->rank - 1 ? 1 : flat_stride[a + 1] * slab_length(v, a + 1);
        rc = transfer(source, sel, mem_dtype, packed, packed_count, 0);
        if (rc == 0)
            move_block(rq, meets, packed, flat_stride);
        if (rc == 0 && rq->writing)
            rc = transfer(source, sel, mem_dtype, packed, packed_count, 1);
    }
done:
    h5x_close(sel);
    free(packed);
    free(coords);
    return rc;
}

/* Every mapping against one orthogonal request.  A read fills the
 * request's buffer with fill_value first, unless the mappings cover as
 * many elements as it holds (libhdf5's own test: overlapping mappings are
 * not looked for). */
static int map_request(vds_object *object, request *rq, const h5x_dtype *mem_dtype, const char *fill_value)
{
    axis_meet meets[H5X_MAX_RANK];
    int rc = 0;
    for (int a = 0; a < rq->rank; a++) {
        uint64_t n = rq->axes[a].count ? rq->axes[a].count : 1;
        meets[a].position = malloc((size_t)n * sizeof(uint64_t));
        meets[a].index = malloc((size_t)n * sizeof(uint64_t));
        if (!meets[a].position || !meets[a].index)
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    if (rq->rank > 0) {
        rq->out_stride[rq->rank - 1] = rq->elem_size;
        for (int a = rq->rank - 2; a >= 0; a--)
            rq->out_stride[a] = rq->out_stride[a + 1] * rq->axes[a + 1].count;
    }
    if (rc == 0 && !rq->writing) {
        uint64_t size = 1, covered = 0;
        for (int a = 0; a < rq->rank; a++)
            size *= rq->axes[a].count;
        for (size_t i = 0; i < object->virt->count && covered < size; i++)
            covered += meet_all(rq, &object->virt->mappings[i], meets);
        if (covered < size)
            fill(rq->data, fill_value, rq->elem_size, size);
    }
    for (size_t i = 0; i < object->virt->count && rc == 0; i++)
        rc = map_one(object, i, rq, meets, mem_dtype);
    for (int a = 0; a < rq->rank; a++) {
        free(meets[a].position);
        free(meets[a].index);
    }
    return rc;
}

/* Runs a request for a resolved selection of any kind. */
static int run(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, char *data,
               const char *fill_value)
{
    int writing = fill_value == NULL;
    vds_virtual *virt = object->virt;
    int rank = virt->shape.rank;
    request rq = {.rank = rank, .elem_size = h5x_dtype_size(mem_dtype), .data = data, .writing = writing,
                  .fill_value = fill_value};
    h5x_axis_selection axes[H5X_MAX_RANK];
    rq.axes = axes;
    switch (sel->kind) {
    case H5X_SEL_NONE:
        return 0;
    case H5X_SEL_ALL:
        for (int a = 0; a < rank; a++)
            axes[a] = (h5x_axis_selection){.start = 0, .step = 1, .count = virt->shape.dims[a], .list = NULL};
        return map_request(object, &rq, mem_dtype, fill_value);
    case H5X_SEL_ORTHOGONAL:
        rq.axes = sel->axes;
        return map_request(object, &rq, mem_dtype, fill_value);
    case H5X_SEL_POINTS:
        for (uint64_t p = 0; p < sel->npoints; p++) {
            for (int a = 0; a < rank; a++)
                axes[a] = (h5x_axis_selection){.start = sel->points[p * (uint64_t)rank + (uint64_t)a], .step = 1,
                                               .count = 1, .list = NULL};
            rq.data = data + p * rq.elem_size;
            int rc = map_request(object, &rq, mem_dtype, fill_value);
            if (rc < 0)
                return rc;
        }
        return 0;
    }
    return h5x_connector_error(H5X_ERR_SELECTION, "unknown selection kind %d", (int)sel->kind);
}

int vds_read(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, void *buffer)
{
    char *fill_value = fill_in(object->virt, mem_dtype);
    if (!fill_value)
        return h5x_last_error()->code;
    int rc = run(object, sel, mem_dtype, buffer, fill_value);
    free(fill_value);
    return rc;
}

int vds_write(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype,
              const void *buffer)
{
    /* the request's buffer is only read from when writing */
    return run(object, sel, mem_dtype, (char *)(uintptr_t)buffer, NULL);
}
