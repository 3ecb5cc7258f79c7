/*
 * cases_datasets.c — bad input to datasets: creation (shapes, chunks,
 * maxshapes, filters, options), the queries, and reading and writing with
 * malformed or out-of-range selections, mismatched dtypes and buffers of
 * the wrong size.
 */
#include "badinput.h"

#include <string.h>

static int create(const char *path, const h5x_dtype *dtype, const h5x_shape *shape, const h5x_dataset_options *o)
{
    return H(h5x_dataset_create(F->file, path, dtype, shape, o));
}

static int create_with_filters(const char *path, const char *filters)
{
    h5x_shape chunks = h5x_shape_of(2, (const uint64_t[]){2, 5});
    h5x_dataset_options o = H5X_DATASET_OPTIONS_INIT;
    o.chunks = &chunks;
    o.filters = filters;
    return create(path, H5X_I32, &F->shape_4x5, &o);
}

static int create_with_chunks(const char *path, const h5x_shape *chunks, const h5x_shape *maxshape)
{
    h5x_dataset_options o = H5X_DATASET_OPTIONS_INIT;
    o.chunks = chunks;
    o.maxshape = maxshape;
    return create(path, H5X_I32, &F->shape_4x5, &o);
}

static int create_with_struct_size(size_t size)
{
    h5x_dataset_options o = H5X_DATASET_OPTIONS_INIT;
    o.struct_size = size;
    return create("/new/options", H5X_I32, &F->shape_4x5, &o);
}

static int require(h5x_object *loc, const char *path, const h5x_dtype *dtype, const h5x_shape *shape)
{
    return H(h5x_dataset_require(loc, path, dtype, shape, NULL));
}

static int shape_query(int (*query)(h5x_object *, h5x_shape *), h5x_object *dataset, int null_out)
{
    h5x_shape out;
    return query(dataset, null_out ? NULL : &out);
}

static int fillvalue(h5x_object *dataset, const h5x_dtype *mem, int null_out)
{
    double value;
    return h5x_dataset_fillvalue(dataset, mem, null_out ? NULL : &value);
}

static int storage_size(h5x_object *dataset, int null_out)
{
    uint64_t bytes;
    return h5x_dataset_storage_size(dataset, null_out ? NULL : &bytes);
}

static int length(h5x_object *dataset, int null_out)
{
    uint64_t n;
    return h5x_dataset_len(dataset, null_out ? NULL : &n);
}

static int selection_shape(h5x_object *dataset, const char *text, int null_out)
{
    h5x_selection *sel = text ? h5x_selection_parse(text) : NULL;
    if (text && !sel)
        return 1; /* the text itself must parse: the case is about resolving it */
    h5x_shape shape;
    int rc = h5x_dataset_selection_shape(dataset, sel, null_out ? NULL : &shape);
    h5x_close(sel);
    return rc;
}

static int read_with(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem, size_t size)
{
    return h5x_dataset_read(dataset, sel, mem, F->buffer, size);
}

static int read_text(h5x_object *dataset, const char *sel, const h5x_dtype *mem, size_t size)
{
    return h5x_dataset_read_text(dataset, sel, mem, F->buffer, size);
}

static int write_with(h5x_object *dataset, const h5x_selection *sel, const h5x_dtype *mem, const h5x_shape *shape)
{
    int32_t values[128] = {0}; /* room for 20 compound elements */
    return h5x_dataset_write(dataset, sel, mem, values, shape);
}

static int write_text(h5x_object *dataset, const char *sel, const h5x_dtype *mem, const h5x_shape *shape)
{
    char values[512] = {0};
    return h5x_dataset_write_text(dataset, sel, mem, values, shape);
}

#define DATASET_CASES(X, Y)                                                                                           \
    /* creation */                                                                                                    \
    X(dataset_create_null_loc, E_HANDLE, "NULL", H(h5x_dataset_create(NULL, "/n", NULL, &F->shape_3, NULL)))          \
    X(dataset_create_null_path, E_ARG, "NULL|path", create(NULL, H5X_I32, &F->shape_3, NULL))                         \
    X(dataset_create_null_shape, E_ARG, "shape", create("/new/noshape", H5X_I32, NULL, NULL))                         \
    X(dataset_create_rank_33, E_ARG, "rank", create("/new/rank33", H5X_I32, &F->shape_rank33, NULL))                  \
    X(dataset_create_rank_minus2, E_ARG, "rank", create("/new/rankm2", H5X_I32, &F->shape_rank_minus2, NULL))         \
    X(dataset_create_existing, E_EXISTS, "/g/d", create("/g/d", H5X_I32, &F->shape_3, NULL))                          \
    Y(dataset_create_under_dataset, E_NOTFOUND, E_EXISTS, "/g/d/inner",                                               \
      create("/g/d/inner", H5X_I32, &F->shape_3, NULL))                                                               \
    X(dataset_create_closed_dtype, E_HANDLE, "closed", create("/new/closed", closed_dtype(), &F->shape_3, NULL))      \
    X(dataset_create_selection_dtype, E_HANDLE, "dtype",                                                              \
      create("/new/seltype", AS_DTYPE(F->everything), &F->shape_3, NULL))                                             \
    X(dataset_create_read_only, E_RO, "read-only", H(h5x_dataset_create(F->ro_file, "/n", NULL, &F->shape_3, NULL)))  \
    X(dataset_create_dataset_as_loc, E_HANDLE, "group|location",                                                      \
      H(h5x_dataset_create(F->dataset, "n", NULL, &F->shape_3, NULL)))                                                \
    X(dataset_create_unknown_filter, E_PLUGIN, "nosuch", create_with_filters("/new/f1", "nosuch"))                    \
    X(dataset_create_wrong_abi_filter, E_PLUGIN, "ABI version", create_with_filters("/new/f2", "oldabi"))             \
    X(dataset_create_gzip_level_99, E_OPTION, "'99'", create_with_filters("/new/f3", "gzip:99"))                      \
    X(dataset_create_gzip_level_text, E_OPTION, "'x'", create_with_filters("/new/f4", "gzip:x"))                      \
    X(dataset_create_empty_filter, E_OPTION, "empty entry", create_with_filters("/new/f5", "shuffle,,gzip"))          \
    X(dataset_create_filter_no_chunks_rank, E_SHAPE, "chunk|rank",                                                    \
      create_with_chunks("/new/c1", &F->shape_3, NULL))                                                               \
    X(dataset_create_zero_chunk, E_SHAPE, "(4, 0)", create_with_chunks("/new/c2", &F->shape_zero_dim, NULL))          \
    X(dataset_create_maxshape_smaller, E_SHAPE, "maxshape", create_with_chunks("/new/c3", NULL, &F->shape_2x2))       \
    X(dataset_create_maxshape_rank, E_SHAPE, "maxshape|rank", create_with_chunks("/new/c4", NULL, &F->shape_3))       \
    X(dataset_create_options_struct_size, E_ARG, "struct_size", create_with_struct_size(2))                           \
    X(dataset_require_shape_mismatch, E_SHAPE, "(4, 5)|shape", require(F->file, "/g/d", H5X_I32, &F->shape_3))        \
    X(dataset_require_type_mismatch, E_TYPE, "S8|string|dtype",                                                       \
      require(F->file, "/g/d", F->fixed_string, &F->shape_4x5))                                                       \
    X(dataset_require_group_there, E_TYPE, "/g|group|not a dataset", require(F->file, "/g", H5X_I32, &F->shape_3))    \
    X(dataset_require_null_loc, E_HANDLE, "NULL", require(NULL, "/g/d", H5X_I32, &F->shape_4x5))                      \
    X(dataset_require_read_only_missing, E_RO, "read-only", require(F->ro_file, "/new", H5X_I32, &F->shape_3))        \
    /* queries */                                                                                                     \
    X(dataset_shape_null_out, E_ARG, "NULL|shape", shape_query(h5x_dataset_shape, F->dataset, 1))                     \
    X(dataset_shape_group, E_HANDLE, "dataset", shape_query(h5x_dataset_shape, F->group, 0))                          \
    X(dataset_shape_closed, E_HANDLE, "closed", shape_query(h5x_dataset_shape, closed_dataset(), 0))                  \
    X(dataset_maxshape_null_out, E_ARG, "NULL|maxshape", shape_query(h5x_dataset_maxshape, F->dataset, 1))            \
    X(dataset_maxshape_file, E_HANDLE, "dataset", shape_query(h5x_dataset_maxshape, F->file, 0))                      \
    X(dataset_chunks_null_out, E_ARG, "NULL|chunks", shape_query(h5x_dataset_chunks, F->dataset, 1))                  \
    X(dataset_chunks_dtype, E_HANDLE, "object|dataset", shape_query(h5x_dataset_chunks, AS_OBJECT(F->own_i4), 0))     \
    X(dataset_dtype_null, E_HANDLE, "NULL", H(h5x_dataset_dtype(NULL)))                                               \
    X(dataset_dtype_group, E_HANDLE, "dataset", H(h5x_dataset_dtype(F->group)))                                       \
    X(dataset_dtype_committed_type, E_HANDLE, "dataset", H(h5x_dataset_dtype(F->committed)))                          \
    X(dataset_fillvalue_null_out, E_ARG, "NULL|value", fillvalue(F->dataset, H5X_I32, 1))                             \
    X(dataset_fillvalue_into_string, E_TYPE, "S8|string", fillvalue(F->dataset, F->fixed_string, 0))                  \
    X(dataset_fillvalue_group, E_HANDLE, "dataset", fillvalue(F->group, H5X_I32, 0))                                  \
    X(dataset_filters_null, E_HANDLE, "NULL", S(h5x_dataset_filters(NULL)))                                           \
    X(dataset_filters_group, E_HANDLE, "dataset", S(h5x_dataset_filters(F->group)))                                   \
    X(dataset_storage_size_null_out, E_ARG, "NULL|bytes", storage_size(F->dataset, 1))                                \
    X(dataset_storage_size_closed, E_HANDLE, "closed", storage_size(closed_dataset(), 0))                             \
    X(dataset_len_scalar, E_SHAPE, "scalar", length(F->scalar, 0))                                                    \
    X(dataset_len_empty, E_SHAPE, "empty", length(F->empty, 0))                                                       \
    X(dataset_len_null_out, E_ARG, "NULL|length", length(F->dataset, 1))                                              \
    X(dataset_len_group, E_HANDLE, "dataset", length(F->group, 0))                                                    \
    /* selections resolved against a dataset */                                                                       \
    X(selection_shape_row_out_of_range, E_SEL, "9", selection_shape(F->dataset, "9, 0", 0))                           \
    X(selection_shape_negative_out_of_range, E_SEL, "-5", selection_shape(F->dataset, "-5", 0))                       \
    X(selection_shape_too_many_axes, E_SEL, "3|axes|rank", selection_shape(F->dataset, "1, 2, 3", 0))                 \
    X(selection_shape_list_out_of_range, E_SEL, "7", selection_shape(F->dataset, ":, [1, 7]", 0))                     \
    X(selection_shape_decreasing_list, E_SEL, "increasing", selection_shape(F->dataset, "[3, 1]", 0))                 \
    X(selection_shape_repeated_list, E_SEL, "increasing", selection_shape(F->dataset, ":, [1, 1]", 0))                \
    X(selection_shape_index_on_scalar, E_SEL, "0|scalar|axes", selection_shape(F->scalar, "0", 0))                    \
    X(selection_shape_null_out, E_ARG, "NULL|shape", selection_shape(F->dataset, "0", 1))                             \
    X(selection_shape_closed_selection, E_HANDLE, "closed",                                                           \
      h5x_dataset_selection_shape(F->dataset, closed_selection(), &F->shape_7))                                       \
    X(selection_shape_dtype_as_selection, E_HANDLE, "selection",                                                      \
      h5x_dataset_selection_shape(F->dataset, AS_SELECTION(F->own_i4), &F->shape_7))                                  \
    /* reading */                                                                                                     \
    X(read_null_dataset, E_HANDLE, "NULL", read_with(NULL, NULL, NULL, sizeof F->buffer))                             \
    X(read_group, E_HANDLE, "dataset", read_with(F->group, NULL, NULL, sizeof F->buffer))                             \
    X(read_closed, E_HANDLE, "closed", read_with(closed_dataset(), NULL, NULL, sizeof F->buffer))                     \
    X(read_null_buffer, E_ARG, "NULL|buffer", h5x_dataset_read(F->dataset, NULL, NULL, NULL, 80))                     \
    X(read_buffer_too_small, E_SHAPE, "80|bytes|buffer", read_with(F->dataset, NULL, NULL, 79))                       \
    X(read_out_of_range, E_SEL, "9", read_with(F->dataset, F->out_of_range, NULL, sizeof F->buffer))                  \
    X(read_too_many_axes, E_SEL, "3|axes|rank", read_with(F->dataset, F->three_axes, NULL, sizeof F->buffer))         \
    X(read_closed_selection, E_HANDLE, "closed", read_with(F->dataset, closed_selection(), NULL, sizeof F->buffer))   \
    X(read_dtype_as_selection, E_HANDLE, "selection",                                                                 \
      read_with(F->dataset, AS_SELECTION(F->compound), NULL, sizeof F->buffer))                                       \
    X(read_into_string, E_TYPE, "S8|string", read_with(F->dataset, NULL, F->fixed_string, sizeof F->buffer))          \
    X(read_into_compound_without_fields, E_TYPE, "compound|member|field",                                             \
      read_text(F->dataset, "0, 0:2", F->compound, sizeof F->buffer))                                                 \
    X(read_closed_dtype, E_HANDLE, "closed", read_with(F->dataset, NULL, closed_dtype(), sizeof F->buffer))           \
    X(read_text_malformed, E_SEL, "1:2:3:4", read_text(F->dataset, "1:2:3:4", NULL, sizeof F->buffer))                \
    X(read_text_null_is_everything, E_NONE, "", read_text(F->dataset, NULL, NULL, sizeof F->buffer))                  \
    X(read_text_decreasing_list, E_SEL, "increasing|[3, 1]",                                                          \
      read_text(F->dataset, "[3, 1]", NULL, sizeof F->buffer))                                                        \
    X(read_text_step_past_end, E_SEL, "10", read_text(F->dataset, "0, 10", NULL, sizeof F->buffer))                   \
    X(read_text_group, E_HANDLE, "dataset", read_text(F->group, "0", NULL, sizeof F->buffer))                         \
    /* writing */                                                                                                     \
    X(write_null_dataset, E_HANDLE, "NULL", write_with(NULL, NULL, NULL, NULL))                                       \
    X(write_closed, E_HANDLE, "closed", write_with(closed_dataset(), NULL, NULL, NULL))                               \
    X(write_group, E_HANDLE, "dataset", write_with(F->group, NULL, NULL, NULL))                                       \
    X(write_null_buffer, E_ARG, "NULL|buffer", h5x_dataset_write(F->dataset, NULL, NULL, NULL, NULL))                 \
    X(write_not_broadcastable, E_SHAPE, "(3,)|broadcast", write_with(F->dataset, NULL, H5X_I32, &F->shape_3))         \
    X(write_shape_rank_33, E_ARG, "rank", write_with(F->dataset, NULL, H5X_I32, &F->shape_rank33))                    \
    X(write_shape_rank_minus2, E_ARG, "rank", write_with(F->dataset, NULL, H5X_I32, &F->shape_rank_minus2))           \
    X(write_out_of_range, E_SEL, "9", write_with(F->dataset, F->out_of_range, H5X_I32, NULL))                         \
    X(write_too_many_axes, E_SEL, "3|axes|rank", write_with(F->dataset, F->three_axes, H5X_I32, NULL))                \
    X(write_string_into_int, E_TYPE, "S8|string", write_with(F->dataset, NULL, F->fixed_string, NULL))                \
    X(write_compound_into_int, E_TYPE, "compound|member|field", write_with(F->dataset, NULL, F->compound, NULL))      \
    X(write_int_into_compound, E_TYPE, "compound|member|field", write_with(F->records, NULL, H5X_I32, NULL))          \
    X(write_read_only, E_RO, "read-only", write_with(F->ro_dataset, NULL, H5X_I32, NULL))                             \
    X(write_closed_selection, E_HANDLE, "closed", write_with(F->dataset, closed_selection(), H5X_I32, NULL))          \
    X(write_text_malformed, E_SEL, "[1, 2", write_text(F->dataset, "[1, 2", H5X_I32, NULL))                           \
    X(write_text_out_of_range, E_SEL, "-9", write_text(F->dataset, "-9, 0", H5X_I32, NULL))                           \
    X(write_text_into_empty, E_SEL, "empty|null|0", write_text(F->empty, "0", H5X_F32, NULL))                         \
    X(write_text_read_only, E_RO, "read-only", write_text(F->ro_dataset, "0, 0", H5X_I32, NULL))                      \
    /* resizing, flushing, refreshing */                                                                              \
    X(resize_null_shape, E_ARG, "NULL|shape", h5x_dataset_resize(F->growable, NULL))                                  \
    X(resize_fixed_dataset, E_SHAPE, "maxshape|(4, 5)|chunk", h5x_dataset_resize(F->dataset, &F->shape_2x2))          \
    Y(resize_rank_mismatch, E_SHAPE, E_SHAPE, "rank", h5x_dataset_resize(F->growable, &F->shape_2x2))                 \
    X(resize_rank_33, E_ARG, "rank", h5x_dataset_resize(F->growable, &F->shape_rank33))                               \
    X(resize_read_only, E_RO, "read-only", h5x_dataset_resize(F->ro_dataset, &F->shape_4x5))                          \
    X(resize_group, E_HANDLE, "dataset", h5x_dataset_resize(F->group, &F->shape_3))                                   \
    X(dataset_flush_null, E_HANDLE, "NULL", h5x_dataset_flush(NULL))                                                  \
    X(dataset_flush_group, E_HANDLE, "dataset", h5x_dataset_flush(F->group))                                          \
    X(dataset_refresh_null, E_HANDLE, "NULL", h5x_dataset_refresh(NULL))                                              \
    X(dataset_refresh_closed, E_HANDLE, "closed", h5x_dataset_refresh(closed_dataset()))

DATASET_CASES(BAD_CASE_FUNCTION, BAD_CASE_FUNCTION_Y)

const bad_case dataset_cases[] = {DATASET_CASES(BAD_CASE_ROW, BAD_CASE_ROW_Y)};
const size_t dataset_case_count = sizeof dataset_cases / sizeof dataset_cases[0];
