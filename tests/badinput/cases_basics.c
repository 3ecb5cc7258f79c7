/*
 * cases_basics.c — bad input to the parts of h5x that need no file:
 * errors and handles, shapes, dtypes and conversion, selections, the
 * registries and the library configuration.
 */
#include "badinput.h"

#include <string.h>

static int convert_n(const h5x_dtype *from, const h5x_dtype *to, uint64_t n, int null_source)
{
    int32_t src[4] = {1, 2, 3, 4};
    double dst[4];
    return h5x_dtype_convert(from, null_source ? NULL : src, to, dst, n);
}

static int add_indices(int count)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++)
        rc = h5x_selection_add_index(sel, 0);
    h5x_close(sel);
    return rc;
}

static int add_index(int64_t index)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = h5x_selection_add_index(sel, index);
    h5x_close(sel);
    return rc;
}

static int add_slice(int64_t start, int64_t stop, int64_t step)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = h5x_selection_add_slice(sel, start, stop, step);
    h5x_close(sel);
    return rc;
}

static int add_two_ellipses(void)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = h5x_selection_add_ellipsis(sel);
    if (rc == 0)
        rc = h5x_selection_add_ellipsis(sel);
    h5x_close(sel);
    return rc;
}

static int add_list(const int64_t *indices, size_t count)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = h5x_selection_add_list(sel, indices, count);
    h5x_close(sel);
    return rc;
}

static int add_two_lists(void)
{
    h5x_selection *sel = h5x_selection_new();
    int rc = h5x_selection_add_list(sel, (const int64_t[]){0, 1}, 2);
    if (rc == 0)
        rc = h5x_selection_add_list(sel, (const int64_t[]){1, 2}, 2);
    h5x_close(sel);
    return rc;
}

static int bool_is_bool(void)
{
    h5x_dtype *b = h5x_dtype_bool();
    int ok = b && h5x_dtype_get_class(b) == H5X_CLASS_BOOL && h5x_dtype_size(b) == 1;
    h5x_close(b);
    return ok;
}

static int info_at(int (*info)(int, h5x_plugin_info *), int index, int null_info)
{
    h5x_plugin_info out;
    return info(index, null_info ? NULL : &out);
}

static int last_error_is_clear(void)
{
    h5x_clear_error();
    const h5x_error_info *e = h5x_last_error();
    return e->code == 0 && e->message && !e->message[0] && e->file_path && e->object_path && e->connector;
}

static int shape_of_too_many_axes(void)
{
    uint64_t dims[H5X_MAX_RANK + 8];
    for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
        dims[i] = 2;
    h5x_shape shape = h5x_shape_of(H5X_MAX_RANK + 8, dims);
    /* not representable: the shape must be one every function refuses */
    if (shape.rank >= -1 && shape.rank <= H5X_MAX_RANK)
        return 1;
    return LAST();
}

#define BASICS_CASES(X, Y)                                                                                            \
    /* errors and handles */                                                                                          \
    X(strerror_unknown_code, E_NONE, "", OK(strcmp(h5x_strerror(-9999), "unknown error") == 0))                       \
    X(strerror_positive_count, E_NONE, "", OK(strcmp(h5x_strerror(7), "success") == 0))                               \
    X(last_error_after_clear, E_NONE, "", OK(last_error_is_clear()))                                                  \
    X(free_null, E_NONE, "", (h5x_free(NULL), 0))                                                                     \
    X(close_null, E_NONE, "", h5x_close(NULL))                                                                        \
    X(close_closed_object, E_HANDLE, "closed", h5x_close(closed_dataset()))                                           \
    X(close_closed_dtype, E_HANDLE, "closed", h5x_close(closed_dtype()))                                              \
    X(close_closed_selection, E_HANDLE, "closed", h5x_close(closed_selection()))                                      \
    X(close_foreign_pointer, E_HANDLE, "invalid", h5x_close(FOREIGN))                                                 \
    X(close_predefined_is_noop, E_NONE, "", h5x_close((void *)H5X_F64))                                               \
    /* shapes */                                                                                                      \
    X(shape_of_null_dims, E_NONE, "", OK(h5x_shape_of(2, NULL).rank == 2 && h5x_shape_of(2, NULL).dims[1] == 0))      \
    X(shape_of_rank_beyond_max, E_ARG, "rank", shape_of_too_many_axes())                                              \
    X(shape_size_null, E_NONE, "", OK(h5x_shape_size(NULL) == 0))                                                     \
    X(shape_size_rank_beyond_max, E_NONE, "", OK(h5x_shape_size(&F->shape_rank33) == 0))                              \
    X(shape_scalar_and_null, E_NONE, "", OK(h5x_shape_scalar().rank == 0 && h5x_shape_null().rank == -1))             \
    /* dtypes */                                                                                                      \
    X(dtype_parse_null, E_ARG, "NULL", H(h5x_dtype_parse(NULL)))                                                      \
    X(dtype_parse_empty, E_TYPE, "''|\"\"|empty", H(h5x_dtype_parse("")))                                             \
    X(dtype_parse_float3, E_TYPE, "f3", H(h5x_dtype_parse("f3")))                                                     \
    X(dtype_parse_int16_bytes, E_TYPE, "i16", H(h5x_dtype_parse("i16")))                                              \
    X(dtype_parse_order_only, E_TYPE, "<", H(h5x_dtype_parse("<")))                                                   \
    X(dtype_parse_string_zero, E_TYPE, "S0", H(h5x_dtype_parse("S0")))                                                \
    X(dtype_parse_string_negative, E_TYPE, "S-1", H(h5x_dtype_parse("S-1")))                                          \
    X(dtype_parse_string_huge, E_TYPE, "S99999999999999999999999", H(h5x_dtype_parse("S99999999999999999999999")))    \
    X(dtype_parse_bad_datetime_unit, E_TYPE, "M8[q]", H(h5x_dtype_parse("<M8[q]")))                                   \
    X(dtype_parse_trailing_text, E_TYPE, "f8x", H(h5x_dtype_parse("f8x")))                                            \
    X(dtype_to_string_null, E_HANDLE, "NULL", S(h5x_dtype_to_string(NULL)))                                           \
    X(dtype_to_string_closed, E_HANDLE, "closed", S(h5x_dtype_to_string(closed_dtype())))                             \
    X(dtype_to_string_selection, E_HANDLE, "dtype", S(h5x_dtype_to_string(AS_DTYPE(F->everything))))                  \
    X(dtype_to_string_object, E_HANDLE, "dtype", S(h5x_dtype_to_string(AS_DTYPE(F->dataset))))                        \
    X(dtype_integer_3_bytes, E_ARG, "not 3", H(h5x_dtype_integer(3, 1, H5X_ORDER_NATIVE)))                            \
    X(dtype_integer_bad_order, E_ARG, "order", H(h5x_dtype_integer(4, 1, (h5x_byte_order)7)))                         \
    X(dtype_float_3_bytes, E_ARG, "not 3", H(h5x_dtype_float(3, H5X_ORDER_LITTLE)))                                   \
    X(dtype_float_bad_order, E_ARG, "order", H(h5x_dtype_float(8, (h5x_byte_order)-1)))                               \
    X(dtype_bool_succeeds, E_NONE, "", OK(bool_is_bool()))                           \
    X(dtype_complex_4_bytes, E_ARG, "not 4", H(h5x_dtype_complex(4, H5X_ORDER_NATIVE)))                               \
    X(dtype_complex_bad_order, E_ARG, "order", H(h5x_dtype_complex(8, (h5x_byte_order)9)))                            \
    X(dtype_copy_null, E_HANDLE, "NULL", H(h5x_dtype_copy(NULL)))                                                     \
    X(dtype_copy_closed, E_HANDLE, "closed", H(h5x_dtype_copy(closed_dtype())))                                       \
    X(dtype_copy_object, E_HANDLE, "dtype", H(h5x_dtype_copy(AS_DTYPE(F->group))))                                    \
    X(dtype_get_class_null, E_HANDLE, "NULL", Z(h5x_dtype_get_class(NULL)))                                           \
    X(dtype_get_class_closed, E_HANDLE, "closed", Z(h5x_dtype_get_class(closed_dtype())))                             \
    X(dtype_size_null, E_HANDLE, "NULL", Z(h5x_dtype_size(NULL)))                                                     \
    X(dtype_size_selection, E_HANDLE, "dtype", Z(h5x_dtype_size(AS_DTYPE(F->three_axes))))                            \
    X(dtype_order_null, E_HANDLE, "NULL", (h5x_dtype_order(NULL), LAST()))                                            \
    X(dtype_order_foreign, E_HANDLE, "invalid", (h5x_dtype_order(FOREIGN), LAST()))                                   \
    X(dtype_is_signed_null, E_HANDLE, "NULL", h5x_dtype_is_signed(NULL))                                              \
    X(dtype_is_signed_closed, E_HANDLE, "closed", h5x_dtype_is_signed(closed_dtype()))                                \
    X(dtype_equal_null_first, E_HANDLE, "NULL", h5x_dtype_equal(NULL, H5X_I32))                                       \
    X(dtype_equal_closed_second, E_HANDLE, "closed", h5x_dtype_equal(H5X_I32, closed_dtype()))                        \
    X(dtype_equal_object, E_HANDLE, "dtype", h5x_dtype_equal(H5X_I32, AS_DTYPE(F->dataset)))                          \
    X(predefined_null, E_ARG, "NULL", H((void *)h5x_predefined(NULL)))                                                \
    X(predefined_string, E_TYPE, "S10", H((void *)h5x_predefined("S10")))                                             \
    X(predefined_garbage, E_TYPE, "q7", H((void *)h5x_predefined("q7")))                                              \
    /* conversion */                                                                                                  \
    X(convert_null_from, E_HANDLE, "NULL", convert_n(NULL, H5X_F64, 4, 0))                                            \
    X(convert_closed_to, E_HANDLE, "closed", convert_n(H5X_I32, closed_dtype(), 4, 0))                                \
    X(convert_null_source, E_ARG, "buffer", convert_n(H5X_I32, H5X_F64, 4, 1))                                        \
    X(convert_null_destination, E_ARG, "buffer",                                                                      \
      h5x_dtype_convert(H5X_I32, F->buffer, H5X_F64, NULL, 1))                                                        \
    X(convert_int_to_string, E_TYPE, "S8|string", convert_n(H5X_I32, F->fixed_string, 4, 0))                          \
    X(convert_compound_to_float, E_TYPE, "compound|f8", convert_n(F->compound, H5X_F64, 1, 0))                        \
    X(convert_zero_elements, E_NONE, "", convert_n(H5X_I32, H5X_F64, 0, 1))                                           \
    /* selections */                                                                                                  \
    X(selection_parse_null, E_ARG, "NULL", H(h5x_selection_parse(NULL)))                                              \
    X(selection_parse_four_colons, E_SEL, "1:2:3:4", H(h5x_selection_parse("1:2:3:4")))                               \
    X(selection_parse_open_list, E_SEL, "[1, 2", H(h5x_selection_parse("[1, 2")))                                     \
    X(selection_parse_letters, E_SEL, "abc", H(h5x_selection_parse("abc")))                                           \
    X(selection_parse_fraction, E_SEL, "1.5", H(h5x_selection_parse("1.5")))                                          \
    X(selection_parse_two_ellipses, E_SEL, "...", H(h5x_selection_parse("..., 1, ...")))                              \
    X(selection_parse_zero_step, E_SEL, "step", H(h5x_selection_parse("::0")))                                        \
    X(selection_parse_overflow, E_SEL, "99999999999999999999", H(h5x_selection_parse("99999999999999999999")))        \
    X(selection_parse_two_lists, E_SEL, "one index list", H(h5x_selection_parse("[0, 1], [1, 2]")))                   \
    X(selection_parse_empty_item, E_SEL, "1, , 2", H(h5x_selection_parse("1, , 2")))                                  \
    X(selection_parse_nested_list, E_SEL, "[[1]]|[", H(h5x_selection_parse("[[1]]")))                                 \
    X(selection_new_succeeds, E_NONE, "", H(h5x_selection_new()) == 1 ? 0 : 1)                                        \
    X(selection_add_index_null, E_HANDLE, "NULL", h5x_selection_add_index(NULL, 0))                                   \
    X(selection_add_index_closed, E_HANDLE, "closed", h5x_selection_add_index(closed_selection(), 0))                 \
    X(selection_add_index_dtype, E_HANDLE, "selection", h5x_selection_add_index(AS_SELECTION(F->own_i4), 0))          \
    X(selection_add_index_33_axes, E_SEL, "32|axes", add_indices(H5X_MAX_RANK + 1))                                   \
    X(selection_add_index_none, E_SEL, "index", add_index(H5X_NONE))                                                  \
    X(selection_add_slice_null, E_HANDLE, "NULL", h5x_selection_add_slice(NULL, 0, 1, 1))                             \
    X(selection_add_slice_zero_step, E_SEL, "step", add_slice(0, 4, 0))                                               \
    X(selection_add_slice_negative_step, E_SEL, "step", add_slice(4, 0, -1))                                          \
    X(selection_add_ellipsis_null, E_HANDLE, "NULL", h5x_selection_add_ellipsis(NULL))                                \
    X(selection_add_ellipsis_twice, E_SEL, "ellipsis|...", add_two_ellipses())                                        \
    X(selection_add_list_null, E_HANDLE, "NULL", h5x_selection_add_list(NULL, (const int64_t[]){1}, 1))               \
    X(selection_add_list_null_indices, E_ARG, "NULL|indices", add_list(NULL, 3))                                      \
    X(selection_add_list_second_list, E_SEL, "one index list", add_two_lists())                                       \
    X(selection_to_string_null, E_HANDLE, "NULL", S(h5x_selection_to_string(NULL)))                                   \
    X(selection_to_string_closed, E_HANDLE, "closed", S(h5x_selection_to_string(closed_selection())))                 \
    X(selection_to_string_dtype, E_HANDLE, "selection", S(h5x_selection_to_string(AS_SELECTION(F->vlen))))            \
    /* registries and configuration */                                                                                \
    X(connector_count_positive, E_NONE, "", OK(h5x_connector_count() >= 2))                                           \
    X(connector_info_negative, E_ARG, "-1", info_at(h5x_connector_info, -1, 0))                                       \
    X(connector_info_past_end, E_ARG, "9999", info_at(h5x_connector_info, 9999, 0))                                   \
    X(connector_info_null_out, E_ARG, "NULL", info_at(h5x_connector_info, 0, 1))                                      \
    X(filter_count_positive, E_NONE, "", OK(h5x_filter_count() >= 1))                                                 \
    X(filter_info_negative, E_ARG, "-1", info_at(h5x_filter_info, -1, 0))                                             \
    X(filter_info_past_end, E_ARG, "9999", info_at(h5x_filter_info, 9999, 0))                                         \
    X(filter_info_null_out, E_ARG, "NULL", info_at(h5x_filter_info, 0, 1))                                            \
    X(plugin_search_path_given, E_NONE, "", S(h5x_plugin_search_path()) == 1 ? 0 : 1)                                 \
    X(config_track_order_roundtrip, E_NONE, "",                                                                       \
      OK(h5x_config_set_track_order(1) == 0 && h5x_config_get_track_order() == 1 &&                                   \
         h5x_config_set_track_order(0) == 0 && h5x_config_get_track_order() == 0))

BASICS_CASES(BAD_CASE_FUNCTION, BAD_CASE_FUNCTION_Y)

const bad_case basics_cases[] = {BASICS_CASES(BAD_CASE_ROW, BAD_CASE_ROW_Y)};
const size_t basics_case_count = sizeof basics_cases / sizeof basics_cases[0];
