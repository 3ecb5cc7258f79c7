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
 *
 * A read of everything is where a virtual dataset of many small sources
 * spends its time, one source read after another, so the part of it that
 * does not depend on the request is worked out once, at open: for each
 * mapping whose virtual selection is one run of consecutive elements in
 * the source's order and whose source selection is ranges (stacked
 * sources, layout[n] = source), where the run starts and what to read
 * (vds_row).  Such a read then meets nothing and lists nothing: per
 * source it builds a selection of a few ranges and reads the source into
 * place with h5x_dataset_read_resolved_held, which trusts the source
 * handle this connector holds.  What is left per source is mostly waiting
 * on scattered memory, so the handles are prefetched a few sources ahead
 * (prefetch_handle).
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

/* The last coordinate a slab's axis selects (length > 0), without the
 * division slab_coord needs. */
static uint64_t slab_last(const h5x_vds_hyperslab *s, int a)
{
    return s->start[a] + (s->count[a] - 1) * s->stride[a] + s->block[a] - 1;
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
 * first pair alone (run set) rather than spelled out; other meets are
 * listed in arrays owned by the request's workspace. */
typedef struct axis_meet {
    uint64_t n;
    int run;
    uint64_t first_position, first_index;
    uint64_t *position;
    uint64_t *index;
} axis_meet;

/* The working memory of one request, allocated on first need, grown to
 * the largest mapping's and freed at the end: mappings can be thousands,
 * and reading one should not allocate. */
typedef struct workspace {
    axis_meet meets[H5X_MAX_RANK];
    size_t position_capacity[H5X_MAX_RANK]; /* bytes of meets[a].position */
    size_t index_capacity[H5X_MAX_RANK];    /* bytes of meets[a].index */
    uint64_t *coords;                   /* listed source coordinates, axis after axis */
    size_t coords_capacity;             /* bytes */
    char *packed;                       /* elements on their way between a source and the request */
    size_t packed_capacity;             /* bytes */
} workspace;

static void workspace_free(workspace *w)
{
    for (int a = 0; a < H5X_MAX_RANK; a++) {
        free(w->meets[a].position);
        free(w->meets[a].index);
    }
    free(w->coords);
    free(w->packed);
}

/* Makes *p hold at least `count` items of `size` bytes. */
static int grow(void **p, size_t *capacity, uint64_t count, size_t size)
{
    if (count > (SIZE_MAX - 1) / size)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    size_t want = (size_t)count * size;
    if (*p && want <= *capacity)
        return 0;
    void *bigger = realloc(*p, want ? want : 1);
    if (!bigger)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    *p = bigger;
    *capacity = want;
    return 0;
}

static uint64_t meet_position(const axis_meet *m, uint64_t i)
{
    return m->run ? m->first_position + i : m->position[i];
}

static uint64_t meet_index(const axis_meet *m, uint64_t i)
{
    return m->run ? m->first_index + i : m->index[i];
}

static int meet_axis(const h5x_axis_selection *r, const h5x_vds_hyperslab *s, int a, workspace *w)
{
    axis_meet *m = &w->meets[a];
    m->n = 0;
    m->run = 0;
    uint64_t length = slab_length(s, a);
    if (r->count == 0 || length == 0)
        return 0;
    uint64_t r_lo = request_coord(r, 0), r_hi = request_coord(r, r->count - 1);
    uint64_t s_lo = s->start[a], s_hi = slab_last(s, a);
    if (r_hi < s_lo || s_hi < r_lo)
        return 0;
    uint64_t p, k;
    if (!r->list && r->step == 1 && (s->count[a] == 1 || s->stride[a] == s->block[a])) {
        /* two ranges, the common case: their overlap, without divisions */
        uint64_t lo = r_lo > s_lo ? r_lo : s_lo, hi = r_hi < s_hi ? r_hi : s_hi;
        m->run = 1;
        m->n = hi - lo + 1;
        m->first_position = lo - r_lo;
        m->first_index = lo - s_lo;
        return 0;
    }
    uint64_t most = r->count < length ? r->count : length;
    int rc = grow((void **)&m->position, &w->position_capacity[a], most, sizeof(uint64_t));
    if (rc == 0)
        rc = grow((void **)&m->index, &w->index_capacity[a], most, sizeof(uint64_t));
    if (rc < 0)
        return rc;
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
    return 0;
}

/* ------------------------------------------------------------- selections */

/* One axis of a source selection from n increasing coordinates: a range
 * when they are evenly spaced (what every connector reads best), else the
 * list itself, left in the workspace. */
static void axis_from_coords(h5x_axis_selection *axis, const uint64_t *coords, uint64_t n)
{
    uint64_t step = n > 1 ? coords[1] - coords[0] : 1, i = 2;
    while (i < n && coords[i] - coords[i - 1] == step)
        i++;
    if (i >= n)
        *axis = (h5x_axis_selection){.start = coords[0], .step = step, .count = n, .list = NULL};
    else
        *axis = (h5x_axis_selection){.start = 0, .step = 1, .count = n, .list = coords};
}

/* The indices first .. first + n - 1 of a slab's axis as a range when they
 * are one (blocks of one, blocks that touch, or all inside one block):
 * 1, else 0 and nothing set. */
static int slab_range(const h5x_vds_hyperslab *s, int b, uint64_t first, uint64_t n, h5x_axis_selection *axis)
{
    uint64_t start = slab_coord(s, b, first);
    if (s->count[b] == 1 || s->stride[b] == s->block[b] || first / s->block[b] == (first + n - 1) / s->block[b])
        *axis = (h5x_axis_selection){.start = start, .step = 1, .count = n, .list = NULL};
    else if (s->block[b] == 1)
        *axis = (h5x_axis_selection){.start = start, .step = s->stride[b], .count = n, .list = NULL};
    else
        return 0;
    return 1;
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

int vds_rows_plan(vds_virtual *virt)
{
    virt->rows = calloc(virt->count ? virt->count : 1, sizeof *virt->rows);
    if (!virt->rows)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory");
    const h5x_shape *shape = &virt->shape;
    for (size_t i = 0; i < virt->count; i++) {
        const h5x_vds_mapping *m = &virt->mappings[i];
        const h5x_vds_hyperslab *v = &m->virtual_selection, *s = &m->source_selection;
        vds_row *row = &virt->rows[i];
        row->rank = -1;
        int virtual_axis_of[H5X_MAX_RANK];
        if (v->rank != shape->rank || s->rank > VDS_ROW_RANK || !pair_axes(m, virtual_axis_of))
            continue;
        /* the virtual selection: single indices, then one range, then
         * whole axes; inside the shape (the layout guarantees it, but a
         * damaged carrier must not make a read write past the buffer) */
        int run = 1, whole_from = v->rank;
        uint64_t offset = 0, stride = 1;
        for (int a = v->rank - 1; a >= 0 && run; a--) {
            uint64_t length = slab_length(v, a);
            int range = v->count[a] == 1 || v->stride[a] == v->block[a];
            run = length > 0 && range && slab_last(v, a) < shape->dims[a] &&
                  (a >= whole_from - 1 || length == 1);
            if (run && length == shape->dims[a] && whole_from == a + 1)
                whole_from = a;
            offset += v->start[a] * stride;
            stride *= shape->dims[a];
        }
        /* the source selection: a range per axis */
        for (int b = 0; b < s->rank && run; b++)
            run = slab_length(s, b) > 0 && (s->count[b] == 1 || s->stride[b] == s->block[b]);
        if (!run)
            continue;
        row->offset = offset;
        row->rank = s->rank;
        for (int b = 0; b < s->rank; b++) {
            row->start[b] = s->start[b];
            row->count[b] = slab_length(s, b);
        }
    }
    return 0;
}

/* The selection of the source to read: with the mapping separable, the
 * part the meets cover (virtual_axis_of from pair_axes); otherwise the
 * mapping's whole source selection.  Axes that are not ranges are listed
 * in the workspace. */
static int source_selection(const h5x_vds_mapping *m, int separable, const int *virtual_axis_of, workspace *w,
                            h5x_resolved_selection *sel)
{
    const h5x_vds_hyperslab *s = &m->source_selection;
    sel->kind = H5X_SEL_ORTHOGONAL;
    sel->rank = s->rank;
    sel->npoints = 0;
    sel->points = NULL;
    uint64_t listed = 0; /* coordinates the workspace must hold, at most */
    for (int b = 0; b < s->rank; b++) {
        uint64_t n = !separable ? slab_length(s, b) : virtual_axis_of[b] >= 0 ? w->meets[virtual_axis_of[b]].n : 0;
        listed += n;
    }
    int rc = grow((void **)&w->coords, &w->coords_capacity, listed, sizeof(uint64_t));
    uint64_t *coords = w->coords;
    for (int b = 0; b < s->rank && rc == 0; b++) {
        h5x_axis_selection *axis = &sel->axes[b];
        if (separable && virtual_axis_of[b] < 0) {
            *axis = (h5x_axis_selection){.start = slab_coord(s, b, 0), .step = 1, .count = 1, .list = NULL};
            continue;
        }
        const axis_meet *meet = separable ? &w->meets[virtual_axis_of[b]] : NULL;
        uint64_t n = meet ? meet->n : slab_length(s, b);
        if ((!meet || meet->run) && slab_range(s, b, meet ? meet->first_index : 0, n, axis))
            continue;
        for (uint64_t j = 0; j < n; j++)
            coords[j] = slab_coord(s, b, meet ? meet_index(meet, j) : j);
        axis_from_coords(axis, coords, n);
        coords += n;
    }
    return rc;
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
    const h5x_dtype *mem_dtype;
    const vds_file *file;
    workspace *w;
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

static int transfer(const request *rq, const vds_source *source, const h5x_vds_mapping *m,
                    const h5x_resolved_selection *sel, void *buffer, int writing)
{
    if (source->own)
        return vds_own_transfer(rq->file, source->own, m, sel, rq->mem_dtype, buffer, writing);
    if (writing)
        return h5x_dataset_write_resolved(source->dataset, sel, rq->mem_dtype, buffer);
    return h5x_dataset_read_resolved(source->dataset, sel, rq->mem_dtype, buffer);
}

/* When the covered part of the request is one contiguous run of its buffer
 * in the packed block's order (whole rows, or part of one row), the source
 * can be read into (or written from) the buffer directly: 1 and the byte
 * offset of the run.  A virtual dataset of stacked sources (layout[n] =
 * source) read by rows always is one. */
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

/* How much of the request a mapping covers, with the workspace's meets
 * filled in; negative on failure. */
static int meet_all(const request *rq, const h5x_vds_mapping *m, uint64_t *covered)
{
    *covered = 1;
    for (int a = 0; a < rq->rank && *covered; a++) {
        int rc = meet_axis(&rq->axes[a], &m->virtual_selection, a, rq->w);
        if (rc < 0)
            return rc;
        *covered *= rq->w->meets[a].n;
    }
    return 0;
}

/* Room for n elements of the request in the workspace. */
static char *packed_room(const request *rq, uint64_t n)
{
    workspace *w = rq->w;
    return grow((void **)&w->packed, &w->packed_capacity, n, rq->elem_size) < 0 ? NULL : w->packed;
}

/* One mapping against one request. */
static int map_one(vds_object *object, size_t i, const request *rq)
{
    vds_virtual *virt = object->virt;
    const h5x_vds_mapping *m = &virt->mappings[i];
    const axis_meet *meets = rq->w->meets;
    uint64_t covered;
    int rc = meet_all(rq, m, &covered);
    if (rc < 0 || covered == 0)
        return rc;
    vds_source found;
    rc = vds_source_dataset(object, i, &found);
    if (rc < 0)
        return rc;
    const vds_source *source = found.dataset || found.own ? &found : NULL;
    if (!source && rq->writing)
        return h5x_connector_error(H5X_ERR_NOT_FOUND, "cannot write to the missing source '%s' in the file '%s'",
                                   m->dataset_path, m->file_name);
    if (!source) { /* its part reads as the fill value, even where the request was not filled first */
        char *packed = packed_room(rq, covered);
        if (!packed)
            return H5X_ERR_NO_MEMORY;
        fill(packed, rq->fill_value, rq->elem_size, covered);
        move_block(rq, meets, packed, NULL);
        return 0;
    }
    int virtual_axis_of[H5X_MAX_RANK];
    int separable = pair_axes(m, virtual_axis_of);
    h5x_resolved_selection sel;
    if ((rc = source_selection(m, separable, virtual_axis_of, rq->w, &sel)) < 0)
        return rc;
    uint64_t offset = 0;
    if (separable && direct_run(rq, meets, &offset))
        return transfer(rq, source, m, &sel, rq->data + offset, rq->writing);
    char *packed = packed_room(rq, separable ? covered : h5x_vds_hyperslab_size(&m->source_selection));
    if (!packed)
        return H5X_ERR_NO_MEMORY;
    if (separable) {
        if (!rq->writing)
            rc = transfer(rq, source, m, &sel, packed, 0);
        if (rc == 0)
            move_block(rq, meets, packed, NULL);
        if (rc == 0 && rq->writing)
            rc = transfer(rq, source, m, &sel, packed, 1);
        return rc;
    }
    /* the C-order rank of an element of the virtual selection */
    uint64_t flat_stride[H5X_MAX_RANK];
    const h5x_vds_hyperslab *v = &m->virtual_selection;
    for (int a = v->rank - 1; a >= 0; a--)
        flat_stride[a] = a == v->rank - 1 ? 1 : flat_stride[a + 1] * slab_length(v, a + 1);
    rc = transfer(rq, source, m, &sel, packed, 0);
    if (rc == 0)
        move_block(rq, meets, packed, flat_stride);
    if (rc == 0 && rq->writing)
        rc = transfer(rq, source, m, &sel, packed, 1);
    return rc;
}

/* A read of everything from a thousand small sources waits, per source,
 * on a chain of cache misses that starts at the source's handle (its
 * header, kind and cached shape span two or three lines), which the
 * hardware cannot guess: the handles are scattered.  Their lines are
 * asked for a few sources ahead, so that they arrive while earlier
 * sources are copied (h5x_dataset_read_resolved_held then asks for what
 * the handle points to).  The handle is opaque here: only its address is
 * used, and the span the core reads of it, its first 128 bytes, is
 * assumed; a prefetch is only a hint, so a wrong guess costs time, never
 * correctness.  Four sources ahead measured as well as two to six; twelve
 * was slower. */
#define VDS_PREFETCH_AHEAD 4
static void prefetch_handle(const vds_virtual *virt, size_t j)
{
#if defined(__GNUC__)
    if (j < virt->count && virt->datasets[j]) {
        const char *p = (const char *)virt->datasets[j];
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
        __builtin_prefetch(p + 127);
    }
#else
    (void)virt;
    (void)j;
#endif
}

/* A read of everything: the planned rows straight into place, every
 * other mapping (and a source not opened yet, which map_one opens) as
 * any request maps it. */
static int read_rows(vds_object *object, const request *rq)
{
    vds_virtual *virt = object->virt;
    h5x_resolved_selection sel;
    sel.kind = H5X_SEL_ORTHOGONAL;
    sel.npoints = 0;
    sel.points = NULL;
    for (size_t i = 0; i < virt->count; i++) {
        const vds_row *row = &virt->rows[i];
        h5x_object *source = virt->datasets[i];
        int rc;
        prefetch_handle(virt, i + VDS_PREFETCH_AHEAD);
        if (row->rank < 0 || !source) {
            rc = map_one(object, i, rq);
        } else {
            sel.rank = row->rank;
            for (int b = 0; b < row->rank; b++)
                sel.axes[b] = (h5x_axis_selection){.start = row->start[b], .step = 1, .count = row->count[b],
                                                   .list = NULL};
            rc = h5x_dataset_read_resolved_held(source, &sel, rq->mem_dtype, rq->data + row->offset * rq->elem_size);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Every mapping against one orthogonal request.  A read fills the
 * request's buffer with the fill value first, unless the mappings cover as
 * many elements as it holds (libhdf5's own test: overlapping mappings are
 * not looked for).  For a request of everything that count is the
 * mappings' own, summed when the dataset was opened. */
static int map_request(vds_object *object, request *rq, int everything)
{
    int rc = 0;
    if (rq->rank > 0) {
        rq->out_stride[rq->rank - 1] = rq->elem_size;
        for (int a = rq->rank - 2; a >= 0; a--)
            rq->out_stride[a] = rq->out_stride[a + 1] * rq->axes[a + 1].count;
    }
    if (!rq->writing) {
        uint64_t size = 1, covered = everything ? object->virt->mapped : 0;
        for (int a = 0; a < rq->rank; a++)
            size *= rq->axes[a].count;
        for (size_t i = 0; !everything && i < object->virt->count && covered < size && rc == 0; i++) {
            uint64_t n;
            rc = meet_all(rq, &object->virt->mappings[i], &n);
            covered += n;
        }
        if (rc == 0 && covered < size)
            fill(rq->data, rq->fill_value, rq->elem_size, size);
    }
    if (rc == 0 && everything && !rq->writing)
        return read_rows(object, rq);
    for (size_t i = 0; i < object->virt->count && rc == 0; i++)
        rc = map_one(object, i, rq);
    return rc;
}

/* Runs a request for a resolved selection of any kind. */
static int run(vds_object *object, const h5x_resolved_selection *sel, const h5x_dtype *mem_dtype, char *data,
               const char *fill_value)
{
    vds_virtual *virt = object->virt;
    int rank = virt->shape.rank;
    workspace w = {0};
    request rq = {.rank = rank, .elem_size = h5x_dtype_size(mem_dtype), .data = data, .writing = fill_value == NULL,
                  .fill_value = fill_value, .mem_dtype = mem_dtype, .file = object->file, .w = &w};
    h5x_axis_selection axes[H5X_MAX_RANK];
    rq.axes = axes;
    int rc = 0;
    switch (sel->kind) {
    case H5X_SEL_NONE:
        break;
    case H5X_SEL_ALL:
        for (int a = 0; a < rank; a++)
            axes[a] = (h5x_axis_selection){.start = 0, .step = 1, .count = virt->shape.dims[a], .list = NULL};
        rc = map_request(object, &rq, 1);
        break;
    case H5X_SEL_ORTHOGONAL:
        rq.axes = sel->axes;
        rc = map_request(object, &rq, 0);
        break;
    case H5X_SEL_POINTS:
        for (uint64_t p = 0; p < sel->npoints && rc == 0; p++) {
            for (int a = 0; a < rank; a++)
                axes[a] = (h5x_axis_selection){.start = sel->points[p * (uint64_t)rank + (uint64_t)a], .step = 1,
                                               .count = 1, .list = NULL};
            rq.data = data + p * rq.elem_size;
            rc = map_request(object, &rq, 0);
        }
        break;
    default:
        rc = h5x_connector_error(H5X_ERR_SELECTION, "unknown selection kind %d", (int)sel->kind);
    }
    workspace_free(&w);
    return rc;
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
