/*
 * native_direct_read.c — reading a contiguous dataset's bytes straight
 * from the file, without H5Dread.
 *
 * H5Dread costs several thousand instructions before it moves a byte:
 * property lists, type-conversion paths, the selection iterators, the
 * sieve buffer.  For a read of a few elements, and for the vds connector,
 * which reads every source of a virtual dataset with its own read, that
 * fixed cost is most of the time.  Yet for the commonest dataset of all —
 * contiguous, stored in one sec2 file, read into a memory type identical
 * to the stored one — a read is nothing but copying byte ranges of the
 * file into the caller's buffer in C order.  This file does exactly that
 * with pread, and only when the result is certainly what H5Dread would
 * give:
 *
 *   - the layout is contiguous with its storage allocated, no filters and
 *     no external files (H5Dget_offset adds the user block's size, the
 *     file's base address, to the dataset's address, so the offset it
 *     gives is the position in the file as the operating system sees it;
 *     but for an unallocated dataset it adds the base to HADDR_UNDEF as
 *     well, so allocation is asked separately, with H5Dget_space_status);
 *   - the file is read-only for h5x and for libhdf5's shared file: when
 *     the same file is also open for writing in this process, libhdf5's
 *     metadata and raw-data caches may hold bytes newer than the disk;
 *   - the file is not open as a SWMR reader: under SWMR the writer may
 *     still allocate a dataset's storage or rewrite its bytes, and when a
 *     reader sees those changes is defined by libhdf5's own caches and
 *     refreshes.  Bytes read behind its back could show a state libhdf5
 *     would not, so SWMR readers always go through H5Dread;
 *   - the driver is sec2, whose descriptor H5Fget_vfd_handle gives (the
 *     family, core and split drivers keep the bytes elsewhere);
 *   - the memory type equals the stored type (H5Tequal: class, size, byte
 *     order, sign, layout of members) and holds nothing but plain bytes —
 *     integers, floats, bitfields, enums, and compounds and arrays of
 *     those — so that H5Dread would convert nothing either;
 *   - the selection is everything or orthogonal (ranges and increasing
 *     index lists per axis).  Point selections go to H5Dread.
 *
 * The dataset's facts are gathered on its first read and kept until the
 * file's extent generation moves on (a resize or refresh anywhere in the
 * file), so a read costs a few comparisons plus the preads.  A read of
 * everything of a dataset whose bytes are kept (below) is cheaper still:
 * native_dataset_read asks native_direct_read_kept (native.h) first, a
 * few comparisons on the io cache's first line and one memcpy, before
 * io_prepare or any libhdf5 call.
 *
 * A dataset no larger than the file's raw-data sieve buffer (64 KiB unless
 * the file access list says otherwise) is read whole on its first read and
 * kept, and later reads copy from that copy.  H5Dread does the same: its
 * sieve buffer, sized to such a dataset, keeps the bytes a read brought in
 * until the dataset is closed and answers later reads from them.  It
 * matters where many small datasets are read again and again (the sources
 * of a virtual dataset), because a system call costs about as much as
 * copying 16 KiB.
 *
 * An orthogonal selection is a set of runs of consecutive elements: the
 * trailing axes selected in full merge with the last axis that is not into
 * longer runs, and runs that happen to touch are read as one.  When a
 * selection is many runs close together (a small block of a wide array),
 * one pread of the whole span into a scratch buffer kept by the dataset
 * costs less than a system call per run; the span is taken when the bytes
 * it reads in vain are fewer than SPAN_GAP_PER_RUN per run saved.
 *
 * A pread that fails, or that finds the file ending before the dataset's
 * bytes do (a file cut short after it was opened), is an H5X_ERR_IO naming
 * the dataset and the file: never bytes that are not the dataset's.  H5Dread
 * would give zeros there, as if they had been written.  This holds for a
 * file opened with allow_truncated=1 too: what was flushed before its end
 * was lost reads back, and a contiguous dataset whose bytes lie past the
 * end is an error rather than zeros.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "native.h"

/* A pread of a few bytes from the page cache costs about 0.75 us, and
 * copying costs about 0.04 us per KiB more (measured on the benchmark
 * machine): one system call saved is worth reading some 16 KiB in vain.
 * Spans read into scratch memory are kept to 1 MiB. */
#define SPAN_GAP_PER_RUN 16384
#define SPAN_MAX_BYTES ((uint64_t)1 << 20)

struct native_direct {
    int usable;                /* every check on the dataset and its file passed */
    uint64_t generation;       /* the file's extent generation the facts were taken at */
    int fd;                    /* the sec2 driver's descriptor */
    uint64_t offset;           /* of element 0, from the start of the file */
    uint64_t element_size;
    uint64_t elements;
    int rank;
    uint64_t dims[H5X_MAX_RANK];
    uint64_t stride[H5X_MAX_RANK]; /* elements between neighbours along each axis */
    uint64_t sieve_size;       /* of the file's raw-data sieve buffer */
    unsigned char *whole;      /* the whole dataset, once read, when it fits the sieve size */
    unsigned char *scratch;    /* for span reads, grown as needed, kept */
    size_t scratch_size;
};

void native_direct_free(native_direct *direct)
{
    if (direct == NULL)
        return;
    free(direct->whole);
    free(direct->scratch);
    free(direct);
}

/* ------------------------------------------------------------ eligibility */

int native_type_plain_bytes(hid_t type)
{
    switch (H5Tget_class(type)) {
    case H5T_INTEGER:
    case H5T_FLOAT:
    case H5T_BITFIELD:
        return 1;
    case H5T_ENUM:
    case H5T_ARRAY: {
        hid_t base = H5Tget_super(type);
        if (base < 0)
            return 0;
        int plain = native_type_plain_bytes(base);
        H5Tclose(base);
        return plain;
    }
    case H5T_COMPOUND: {
        int members = H5Tget_nmembers(type);
        if (members < 0)
            return 0;
        for (int i = 0; i < members; i++) {
            hid_t member = H5Tget_member_type(type, (unsigned)i);
            if (member < 0)
                return 0;
            int plain = native_type_plain_bytes(member);
            H5Tclose(member);
            if (!plain)
                return 0;
        }
        return 1;
    }
    default:
        return 0;
    }
}

/* 1 when the file that holds the dataset is read-only for libhdf5 as a
 * whole (not also open for writing in this process), not a SWMR reader's,
 * and reached through sec2; d then receives the driver's descriptor and
 * the file's sieve buffer size.  That file is asked of the dataset itself:
 * one reached through an external link is not the file h5x opened.  For
 * the file h5x opened through sec2 the sieve size was noted at open, so
 * its access list, the dearest question here, need not be asked for. */
static int file_allows(hid_t dataset, native_direct *d, const native_file *own)
{
    hid_t file = H5Iget_file_id(dataset);
    if (file < 0)
        return 0;
    if (file == own->id && own->sec2_sieve_size != 0) {
        unsigned intent = 0;
        void *handle = NULL;
        int ok = H5Fget_intent(file, &intent) >= 0 && !(intent & (H5F_ACC_RDWR | H5F_ACC_SWMR_READ)) &&
                 H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) >= 0 && handle != NULL;
        H5Fclose(file);
        if (!ok)
            return 0;
        d->sieve_size = own->sec2_sieve_size;
        d->fd = *(const int *)handle;
        return d->fd >= 0;
    }
    unsigned intent = 0;
    hid_t fapl = H5I_INVALID_HID;
    void *handle = NULL;
    int allowed = H5Fget_intent(file, &intent) >= 0 && !(intent & (H5F_ACC_RDWR | H5F_ACC_SWMR_READ)) &&
                  (fapl = H5Fget_access_plist(file)) >= 0 && H5Pget_driver(fapl) == H5FD_SEC2 &&
                  H5Fget_vfd_handle(file, fapl, &handle) >= 0 && handle != NULL;
    size_t sieve_size = 0;
    allowed = allowed && H5Pget_sieve_buf_size(fapl, &sieve_size) >= 0;
    if (fapl >= 0)
        H5Pclose(fapl);
    H5Fclose(file);
    if (!allowed)
        return 0;
    d->sieve_size = sieve_size;
    d->fd = *(const int *)handle;
    return d->fd >= 0;
}

native_layout native_layout_of(hid_t dcpl)
{
    int plain = H5Pget_layout(dcpl) == H5D_CONTIGUOUS && H5Pget_external_count(dcpl) == 0 &&
                H5Pget_nfilters(dcpl) == 0;
    return plain ? NATIVE_LAYOUT_PLAIN : NATIVE_LAYOUT_OTHER;
}

/* 1 when the dataset's bytes lie in the file as one allocated contiguous
 * block with nothing between them and the values; fills in where. */
static int layout_allows(native_object *object, native_direct *d)
{
    hid_t dataset = object->id;
    if (object->layout == NATIVE_LAYOUT_UNKNOWN) {
        hid_t dcpl = H5Dget_create_plist(dataset);
        if (dcpl < 0)
            return 0;
        object->layout = native_layout_of(dcpl);
        H5Pclose(dcpl);
    }
    if (object->layout != NATIVE_LAYOUT_PLAIN)
        return 0;
    H5D_space_status_t allocation;
    if (H5Dget_space_status(dataset, &allocation) < 0 || allocation != H5D_SPACE_STATUS_ALLOCATED)
        return 0;
    haddr_t offset = H5Dget_offset(dataset);
    if (offset == HADDR_UNDEF)
        return 0;
    d->offset = (uint64_t)offset;
    /* the stored block must hold exactly the dataset's elements */
    uint64_t bytes = d->elements * d->element_size;
    if (d->element_size != 0 && bytes / d->element_size != d->elements)
        return 0;
    /* and end where pread's signed 64-bit offsets reach */
    return H5Dget_storage_size(dataset) == bytes && d->offset <= (uint64_t)INT64_MAX - bytes;
}

static int shape_of(hid_t space, native_direct *d)
{
    if (H5Sget_simple_extent_type(space) != H5S_SIMPLE && H5Sget_simple_extent_type(space) != H5S_SCALAR)
        return 0;
    int rank = H5Sget_simple_extent_ndims(space);
    hsize_t dims[H5X_MAX_RANK];
    if (rank < 0 || rank > H5X_MAX_RANK || H5Sget_simple_extent_dims(space, dims, NULL) < 0)
        return 0;
    d->rank = rank;
    d->elements = 1;
    for (int a = rank - 1; a >= 0; a--) {
        d->dims[a] = dims[a];
        d->stride[a] = d->elements;
        if (dims[a] != 0 && d->elements > UINT64_MAX / dims[a])
            return 0;
        d->elements *= dims[a];
    }
    return d->elements > 0;
}

/* Gathers the dataset's facts.  A dataset that fails a check is simply
 * marked unusable: nothing is recorded, and H5Dread does every read. */
static int direct_create(native_object *dataset)
{
    native_io_cache *io = dataset->io;
    native_direct *d = calloc(1, sizeof *d);
    if (d == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory preparing dataset reads");
    d->generation = io->space_generation;
    size_t size = H5Tget_size(io->file_type);
    d->element_size = size;
    d->usable = size > 0 && native_type_plain_bytes(io->file_type) && shape_of(io->file_space, d) &&
                !dataset->file->writable &&
                file_allows(dataset->id, d, dataset->file) && layout_allows(dataset, d);
    /* a question libhdf5 could not answer only means "not directly" */
    H5Eclear2(H5E_DEFAULT);
    io->direct = d;
    return 0;
}

/* ----------------------------------------------------------------- reads */

static int read_failure(const native_object *dataset, int error, uint64_t want, uint64_t got, uint64_t at)
{
    char name[512];
    if (H5Iget_name(dataset->id, name, sizeof name) <= 0)
        snprintf(name, sizeof name, "(anonymous)");
    H5Eclear2(H5E_DEFAULT);
    if (error != 0)
        return h5x_connector_error(H5X_ERR_IO, "unable to read dataset '%s' of '%s': %s at byte %llu", name,
                                   dataset->file->path, strerror(error), (unsigned long long)at);
    return h5x_connector_error(H5X_ERR_IO,
                               "unable to read dataset '%s' of '%s': the file ends at byte %llu, inside the "
                               "dataset's data (%llu more bytes expected)",
                               name, dataset->file->path, (unsigned long long)(at + got),
                               (unsigned long long)(want - got));
}

/* Reads size bytes at byte `at` of the dataset's data. */
static int read_bytes(const native_object *dataset, const native_direct *d, void *out, uint64_t size, uint64_t at)
{
    unsigned char *to = out;
    uint64_t done = 0;
    while (done < size) {
        size_t chunk = size - done > (uint64_t)SSIZE_MAX ? (size_t)SSIZE_MAX : (size_t)(size - done);
        ssize_t n = pread(d->fd, to + done, chunk, (off_t)(d->offset + at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return read_failure(dataset, n < 0 ? errno : 0, size, done, d->offset + at);
        done += (uint64_t)n;
    }
    return 0;
}

/* Where the runs of a selection go: straight from the file into the
 * caller's buffer (touching runs joined into one pread), or out of a span
 * already read into scratch memory. */
typedef struct run_sink {
    const native_object *dataset;
    const native_direct *d;
    unsigned char *out;            /* where the next run goes */
    const unsigned char *span;     /* NULL: pread each run */
    uint64_t span_start;           /* element the span starts at */
    uint64_t pending_start, pending_count; /* elements of the run not yet read */
    unsigned char *pending_out;
    int status;
} run_sink;

static void sink_flush(run_sink *sink)
{
    if (sink->pending_count == 0 || sink->status < 0)
        return;
    uint64_t size = sink->d->element_size;
    sink->status = read_bytes(sink->dataset, sink->d, sink->pending_out, sink->pending_count * size,
                              sink->pending_start * size);
    sink->pending_count = 0;
}

static void sink_run(run_sink *sink, uint64_t start, uint64_t count)
{
    uint64_t size = sink->d->element_size;
    if (sink->span != NULL) {
        memcpy(sink->out, sink->span + (start - sink->span_start) * size, (size_t)(count * size));
    } else if (sink->pending_count > 0 && sink->pending_start + sink->pending_count == start) {
        sink->pending_count += count;
    } else {
        sink_flush(sink);
        sink->pending_start = start;
        sink->pending_count = count;
        sink->pending_out = sink->out;
    }
    sink->out += count * size;
}

/* An orthogonal selection as runs: the axes before `axis` are walked one
 * index at a time, and each piece of consecutive indices on `axis` is one
 * run of `inner` elements per index (the axes after it are whole). */
typedef struct run_plan {
    int axis;         /* -1: the selection is the whole dataset */
    uint64_t inner;
    uint64_t runs;    /* number of runs */
    uint64_t first, last; /* elements: the first and the last selected */
} run_plan;

static uint64_t axis_index(const h5x_axis_selection *axis, uint64_t i)
{
    return axis->list != NULL ? axis->list[i] : axis->start + i * axis->step;
}

/* Number of pieces of consecutive indices on an axis. */
static uint64_t axis_pieces(const h5x_axis_selection *axis)
{
    if (axis->list == NULL)
        return axis->step == 1 ? 1 : axis->count;
    uint64_t pieces = 1;
    for (uint64_t i = 1; i < axis->count; i++)
        pieces += axis->list[i] != axis->list[i - 1] + 1;
    return pieces;
}

/* 1 when every index is inside the dataset and each list increases (what
 * the core guarantees; anything else is left to libhdf5 to judge). */
static int axes_valid(const native_direct *d, const h5x_resolved_selection *sel)
{
    for (int a = 0; a < sel->rank; a++) {
        const h5x_axis_selection *axis = &sel->axes[a];
        if (axis->count == 0)
            return 0;
        if (axis->list == NULL) {
            if (axis->step == 0 || axis->start >= d->dims[a] ||
                (axis->count - 1) > (d->dims[a] - 1 - axis->start) / axis->step)
                return 0;
            continue;
        }
        for (uint64_t i = 0; i < axis->count; i++)
            if (axis->list[i] >= d->dims[a] || (i > 0 && axis->list[i] <= axis->list[i - 1]))
                return 0;
    }
    return 1;
}

static int axis_whole(const h5x_axis_selection *axis, uint64_t length)
{
    /* an increasing in-range list as long as the axis is the axis */
    return axis->count == length && (axis->list != NULL || axis->start == 0);
}

static void plan_runs(const native_direct *d, const h5x_resolved_selection *sel, run_plan *plan)
{
    int axis = sel->rank - 1;
    while (axis >= 0 && axis_whole(&sel->axes[axis], d->dims[axis]))
        axis--;
    plan->axis = axis;
    plan->inner = axis >= 0 ? d->stride[axis] : d->elements;
    plan->runs = axis >= 0 ? axis_pieces(&sel->axes[axis]) : 1;
    plan->first = plan->last = 0;
    for (int a = 0; a <= axis; a++) {
        const h5x_axis_selection *s = &sel->axes[a];
        if (a < axis)
            plan->runs *= s->count;
        plan->first += axis_index(s, 0) * d->stride[a];
        plan->last += axis_index(s, s->count - 1) * d->stride[a];
    }
    plan->last += plan->inner - 1;
}

/* The runs of the pieces on the plan's axis, below the element `base`. */
static void sink_axis(run_sink *sink, const h5x_axis_selection *axis, uint64_t inner, uint64_t base)
{
    if (axis->list == NULL && axis->step == 1) {
        sink_run(sink, base + axis->start * inner, axis->count * inner);
        return;
    }
    uint64_t i = 0;
    while (i < axis->count && sink->status == 0) {
        uint64_t first = axis_index(axis, i), length = 1;
        if (axis->list != NULL)
            while (i + length < axis->count && axis->list[i + length] == first + length)
                length++;
        sink_run(sink, base + first * inner, length * inner);
        i += length;
    }
}

static void sink_selection(run_sink *sink, const h5x_resolved_selection *sel, const run_plan *plan)
{
    if (plan->axis < 0) {
        sink_run(sink, 0, plan->inner);
        return;
    }
    uint64_t at[H5X_MAX_RANK] = {0};
    for (;;) {
        uint64_t base = 0;
        for (int a = 0; a < plan->axis; a++)
            base += axis_index(&sel->axes[a], at[a]) * sink->d->stride[a];
        sink_axis(sink, &sel->axes[plan->axis], plan->inner, base);
        int a = plan->axis - 1;
        while (a >= 0 && ++at[a] == sel->axes[a].count)
            at[a--] = 0;
        if (a < 0 || sink->status < 0)
            return;
    }
}

/* Reads the span [first, last] into the scratch buffer when that is
 * cheaper than a pread per run; 1 when it did. */
static int read_span(native_object *dataset, native_direct *d, const run_plan *plan, uint64_t selected,
                     run_sink *sink)
{
    uint64_t span = (plan->last - plan->first + 1) * d->element_size;
    uint64_t wasted = span - selected * d->element_size;
    if (plan->runs < 2 || span > SPAN_MAX_BYTES || wasted / SPAN_GAP_PER_RUN >= plan->runs - 1)
        return 0;
    if (d->scratch_size < span) {
        unsigned char *grown = realloc(d->scratch, (size_t)span);
        if (grown == NULL)
            return 0; /* a pread per run needs no memory */
        d->scratch = grown;
        d->scratch_size = (size_t)span;
    }
    sink->status = read_bytes(dataset, d, d->scratch, span, plan->first * d->element_size);
    sink->span = d->scratch;
    sink->span_start = plan->first;
    return 1;
}

/* Reads a dataset that fits the sieve size whole, on its first read. */
static int read_whole(const native_object *dataset, native_direct *d)
{
    if (d->whole != NULL)
        return 0;
    uint64_t bytes = d->elements * d->element_size;
    unsigned char *whole = malloc((size_t)bytes);
    if (whole == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a dataset of %llu bytes",
                                   (unsigned long long)bytes);
    int status = read_bytes(dataset, d, whole, bytes, 0);
    if (status < 0) {
        free(whole);
        return status;
    }
    d->whole = whole;
    return 0;
}

/* io_prepare forgets the answer when the memory type changes. */
int native_same_type(native_io_cache *io)
{
    if (io->direct_type == 0)
        io->direct_type = H5Tequal(io->mem_type, io->file_type) > 0 ? 1 : -1;
    return io->direct_type > 0;
}

int native_direct_read(native_object *dataset, const h5x_resolved_selection *sel, void *buffer)
{
    native_io_cache *io = dataset->io;
    if (io->direct != NULL && io->direct->generation != io->space_generation) {
        dataset->kept = NULL; /* the bytes go with the facts */
        native_direct_free(io->direct);
        io->direct = NULL;
    }
    int status;
    if (io->direct == NULL && (status = direct_create(dataset)) < 0)
        return status;
    native_direct *d = io->direct;
    if (!d->usable || io->convert_in_core || !native_same_type(io))
        return 0;

    run_plan plan = {.axis = -1, .inner = d->elements, .runs = 1, .first = 0, .last = d->elements - 1};
    uint64_t selected = d->elements;
    if (sel != NULL && sel->kind != H5X_SEL_ALL) {
        if (sel->kind != H5X_SEL_ORTHOGONAL || sel->rank != d->rank || !axes_valid(d, sel))
            return 0; /* points, nothing selected, or something for libhdf5 to judge */
        plan_runs(d, sel, &plan);
        selected = 1;
        for (int a = 0; a < sel->rank; a++)
            selected *= sel->axes[a].count;
    }

    run_sink sink = {.dataset = dataset, .d = d, .out = buffer};
    if (d->elements * d->element_size <= d->sieve_size) {
        if ((status = read_whole(dataset, d)) < 0)
            return status;
        sink.span = d->whole;
        /* every check above holds for later reads of everything into this
         * dtype until the extents move: native_direct_read_kept */
        dataset->kept = d->whole;
        dataset->kept_bytes = (size_t)(d->elements * d->element_size);
        dataset->kept_dtype = io->mem_dtype;
        dataset->kept_generation = d->generation;
    } else if (read_span(dataset, d, &plan, selected, &sink) && sink.status < 0) {
        return sink.status;
    }
    if (sel == NULL || sel->kind == H5X_SEL_ALL)
        sink_run(&sink, 0, d->elements);
    else
        sink_selection(&sink, sel, &plan);
    sink_flush(&sink);
    return sink.status < 0 ? sink.status : 1;
}
