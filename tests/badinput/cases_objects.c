/*
 * cases_objects.c — bad input to files (URIs, modes, option strings,
 * connectors, plugins), objects and paths, groups, attributes and copy.
 */
#include "badinput.h"

#include <stdio.h>
#include <string.h>

/* h5x_file_open of "SPEC:<directory>/name" with a mode and options. */
static int open_with(const char *spec, const char *name, const char *mode, const h5x_file_options *options)
{
    char uri[4096];
    if (spec)
        snprintf(uri, sizeof uri, "%s:%s/%s", spec, F->directory, name);
    else
        snprintf(uri, sizeof uri, "%s/%s", F->directory, name);
    return H(h5x_file_open(uri, mode, options));
}

/* The connector under test, with any options it needs here. */
static const char *spec(void)
{
    return F->is_core ? "core;backing_store=1" : "native";
}

static int open_with_options(uint64_t userblock, h5x_libver low, h5x_libver high, int swmr, const char *mode)
{
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.userblock_size = userblock;
    options.libver_low = low;
    options.libver_high = high;
    options.swmr = swmr;
    return open_with(spec(), "new-file.h5", mode, &options);
}

static int open_with_struct_size(size_t size)
{
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.struct_size = size;
    return open_with(spec(), "new-file.h5", "w", &options);
}

static int open_with_connector_option(const char *connector)
{
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = connector;
    return open_with(NULL, "new-file.h5", "w", &options);
}

static int open_fixture(const char *mode)
{
    return H(h5x_file_open(F->uri, mode, NULL));
}

static int open_missing(void)
{
    char uri[4096];
    snprintf(uri, sizeof uri, "%s:%s", spec(), F->missing_path);
    return H(h5x_file_open(uri, "r", NULL));
}

static int names_of(h5x_object *group, h5x_order order, int null_names, int null_count)
{
    char **names = NULL;
    size_t count = 0;
    int rc = h5x_group_names(group, order, null_names ? NULL : &names, null_count ? NULL : &count);
    if (rc >= 0)
        h5x_free_names(names, count);
    return rc;
}

static int attr_names_of(h5x_object *object, h5x_order order, int null_names)
{
    char **names = NULL;
    size_t count = 0;
    int rc = h5x_attr_names(object, order, null_names ? NULL : &names, &count);
    if (rc >= 0)
        h5x_free_names(names, count);
    return rc;
}

static int count_names(const char *name, void *user_data)
{
    (void)name;
    ++*(int *)user_data;
    return 0;
}

static int iterate_group(h5x_object *group, h5x_order order, int null_visitor)
{
    int seen = 0;
    return h5x_group_iterate(group, order, null_visitor ? NULL : count_names, &seen);
}

static int iterate_attrs(h5x_object *object, h5x_order order, int null_visitor)
{
    int seen = 0;
    return h5x_attr_iterate(object, order, null_visitor ? NULL : count_names, &seen);
}

static int attr_info_of(h5x_object *object, const char *name)
{
    h5x_shape shape;
    h5x_dtype *dtype = NULL;
    int rc = h5x_attr_info(object, name, &shape, &dtype);
    h5x_close(dtype);
    return rc;
}

static int attr_get_into(h5x_object *object, const char *name, const h5x_dtype *mem, size_t size)
{
    double values[8];
    return h5x_attr_get(object, name, mem, values, size);
}

static int set_attr(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape)
{
    double values[8] = {0};
    return h5x_attr_set(object, name, dtype, shape, values);
}

static int modify_attr(h5x_object *object, const char *name, const h5x_dtype *mem, const h5x_shape *shape)
{
    char values[64] = "text";
    return h5x_attr_modify(object, name, mem, shape, values);
}

static int create_attr(h5x_object *object, const char *name, const h5x_dtype *dtype, const h5x_shape *shape,
                       const h5x_dtype *mem, const h5x_shape *data_shape)
{
    double values[8] = {0};
    return h5x_attr_create(object, name, dtype, shape, mem, values, data_shape);
}

static int get_or(h5x_object *object, const char *name, const h5x_dtype *mem, int null_buffer)
{
    double value = 0, fallback = 7;
    return h5x_attr_get_or(object, name, mem, null_buffer ? NULL : &value, sizeof value, &fallback);
}

static void on_progress(uint64_t done, uint64_t total, void *user_data)
{
    (void)done;
    (void)total;
    (void)user_data;
}

#define OBJECT_CASES(X, Y)                                                                                            \
    /* opening files: URIs, modes, options, connectors, plugins */                                                    \
    X(file_open_null_uri, E_ARG, "uri", H(h5x_file_open(NULL, "r", NULL)))                                            \
    X(file_open_empty_uri, E_ARG, "no file name", H(h5x_file_open("", "r", NULL)))                                    \
    X(file_open_spec_without_path, E_ARG, "no file name", H(h5x_file_open("native:", "r", NULL)))                     \
    X(file_open_mode_rw, E_ARG, "'rw'", open_with(spec(), "new-file.h5", "rw", NULL))                                 \
    X(file_open_mode_empty, E_ARG, "''", open_with(spec(), "new-file.h5", "", NULL))                                  \
    X(file_open_mode_upper, E_ARG, "'R'", open_with(spec(), "new-file.h5", "R", NULL))                                \
    X(file_open_unknown_connector, E_PLUGIN, "nosuch", open_with("nosuch", "new-file.h5", "w", NULL))                 \
    X(file_open_wrong_abi_connector, E_PLUGIN, "ABI version", open_with("oldabi", "new-file.h5", "w", NULL))          \
    X(file_open_unknown_option, E_OPTION, "bogus", open_with("native;bogus=1", "new-file.h5", "w", NULL))             \
    X(file_open_option_for_optionless, E_OPTION, "backing_store|takes no options",                                    \
      open_with("native;backing_store=1", "new-file.h5", "w", NULL))                                                  \
    X(file_open_bad_boolean, E_OPTION, "maybe", open_with("core;backing_store=maybe", "new-file.h5", "w", NULL))      \
    X(file_open_option_twice, E_OPTION, "twice",                                                                      \
      open_with("core;backing_store=1;backing_store=0", "new-file.h5", "w", NULL))                                    \
    X(file_open_two_connectors, E_OPTION, "two connectors", open_with_connector_option("native;core"))                \
    X(file_open_malformed_key, E_OPTION, "malformed", open_with_connector_option("native;a b=1"))                     \
    X(file_open_empty_key, E_OPTION, "malformed", open_with_connector_option("native;=1"))                            \
    X(file_open_no_connector_named, E_OPTION, "names no connector", open_with_connector_option("backing_store=1"))    \
    X(file_open_bad_connector_key, E_OPTION, "connector name", open_with_connector_option("connector=a/b"))           \
    X(file_open_struct_size_small, E_ARG, "struct_size", open_with_struct_size(3))                                    \
    X(file_open_userblock_not_power, E_ARG, "1000", open_with_options(1000, 0, 0, 0, "w"))                            \
    X(file_open_userblock_too_small, E_ARG, "256", open_with_options(256, 0, 0, 0, "w"))                              \
    X(file_open_userblock_on_read, E_ARG, "creating", open_with_options(512, 0, 0, 0, "r"))                           \
    X(file_open_libver_inverted, E_ARG, "inverted", open_with_options(0, H5X_LIBVER_LATEST, H5X_LIBVER_V18, 0, "w"))  \
    X(file_open_libver_high_earliest, E_ARG, "earliest", open_with_options(0, 0, H5X_LIBVER_EARLIEST, 0, "w"))        \
    X(file_open_libver_unknown, E_ARG, "99", open_with_options(0, (h5x_libver)99, 0, 0, "w"))                         \
    Y(file_open_swmr_writer, E_ARG, E_ARG, "swmr", open_with_options(0, 0, 0, 1, "w"))                                \
    X(file_open_missing_file, E_NOTFOUND, "missing.h5", open_missing())                                               \
    X(file_open_exclusive_existing, E_EXISTS, "badinput", open_fixture("w-"))                                         \
    Y(file_open_truncate_open_file, E_IO, E_EXISTS, "already open|is open", open_fixture("w"))                        \
    /* file-level calls */                                                                                            \
    X(file_flush_null, E_HANDLE, "NULL", h5x_file_flush(NULL))                                                        \
    X(file_flush_closed, E_HANDLE, "closed", h5x_file_flush(closed_file()))                                           \
    X(file_flush_dtype, E_HANDLE, "object", h5x_file_flush(AS_OBJECT(F->compound)))                                   \
    X(object_file_null, E_HANDLE, "NULL", H(h5x_object_file(NULL)))                                                   \
    X(object_file_closed, E_HANDLE, "closed", H(h5x_object_file(closed_dataset())))                                   \
    X(file_name_null, E_HANDLE, "NULL", S(h5x_file_name(NULL)))                                                       \
    X(file_name_selection, E_HANDLE, "object", S(h5x_file_name(AS_OBJECT(F->everything))))                            \
    X(file_mode_closed, E_HANDLE, "closed", S(h5x_file_mode(closed_file())))                                          \
    X(file_connector_foreign, E_HANDLE, "invalid", S(h5x_file_connector(FOREIGN)))                                    \
    X(file_userblock_null_out, E_ARG, "NULL", h5x_file_userblock_size(F->file, NULL))                                 \
    X(file_userblock_null_file, E_HANDLE, "NULL", h5x_file_userblock_size(NULL, (uint64_t *)F->buffer))               \
    X(file_start_swmr_null, E_HANDLE, "NULL", h5x_file_start_swmr(NULL))                                              \
    X(file_start_swmr_read_only, E_RO, "read-only", h5x_file_start_swmr(F->ro_file))                                  \
    Y(file_start_swmr_old_format, E_ARG, E_NOTSUP, "latest|libver|format|SWMR", h5x_file_start_swmr(F->file))         \
    /* objects and paths */                                                                                           \
    X(open_null_loc, E_HANDLE, "NULL", H(h5x_open(NULL, "/g")))                                                       \
    X(open_null_path, E_ARG, "NULL", H(h5x_open(F->file, NULL)))                                                      \
    X(open_empty_path, E_ARG, "empty|''", H(h5x_open(F->file, "")))                                                   \
    X(open_missing, E_NOTFOUND, "nosuch", H(h5x_open(F->file, "/g/nosuch")))                                          \
    X(open_through_dataset, E_NOTFOUND, "/g/d/x|not a group", H(h5x_open(F->file, "/g/d/x")))                         \
    X(open_closed_loc, E_HANDLE, "closed", H(h5x_open(closed_group(), "d")))                                          \
    X(open_dtype_as_loc, E_HANDLE, "location", H(h5x_open(AS_OBJECT(F->own_i4), "/g")))                               \
    X(contains_null_loc, E_HANDLE, "NULL", h5x_contains(NULL, "/g"))                                                  \
    X(contains_null_path, E_ARG, "NULL", h5x_contains(F->file, NULL))                                                 \
    X(contains_missing_is_zero, E_NONE, "", OK(h5x_contains(F->file, "/g/nosuch/deeper") == 0))                       \
    X(contains_from_dataset_relative, E_HANDLE, "relative", h5x_contains(F->dataset, "x"))                            \
    X(open_from_dataset_relative, E_HANDLE, "relative", H(h5x_open(F->dataset, "x")))                                 \
    X(delete_from_dataset_relative, E_HANDLE, "relative", h5x_delete(F->dataset, "a"))                                \
    X(contains_closed, E_HANDLE, "closed", h5x_contains(closed_group(), "d"))                                         \
    X(delete_null_loc, E_HANDLE, "NULL", h5x_delete(NULL, "/g"))                                                      \
    X(delete_null_path, E_ARG, "NULL", h5x_delete(F->file, NULL))                                                     \
    X(delete_missing, E_NOTFOUND, "nosuch", h5x_delete(F->file, "/g/nosuch"))                                         \
    X(delete_root, E_ARG, "root|'/'", h5x_delete(F->file, "/"))                                                       \
    X(delete_read_only, E_RO, "read-only", h5x_delete(F->ro_file, "/g/d"))                                            \
    X(delete_closed, E_HANDLE, "closed", h5x_delete(closed_group(), "d"))                                             \
    X(object_get_kind_null, E_HANDLE, "NULL", (int)h5x_object_get_kind(NULL))                                         \
    X(object_get_kind_dtype, E_HANDLE, "object", (int)h5x_object_get_kind(AS_OBJECT(F->vlen)))                        \
    X(object_name_null, E_HANDLE, "NULL", S(h5x_object_name(NULL)))                                                   \
    X(object_name_closed, E_HANDLE, "closed", S(h5x_object_name(closed_dataset())))                                   \
    X(object_equal_null, E_HANDLE, "NULL", h5x_object_equal(F->dataset, NULL))                                        \
    X(object_equal_selection, E_HANDLE, "object", h5x_object_equal(AS_OBJECT(F->everything), F->dataset))             \
    /* groups */                                                                                                      \
    X(group_create_null_loc, E_HANDLE, "NULL", H(h5x_group_create(NULL, "/n", NULL)))                                 \
    X(group_create_null_path, E_ARG, "NULL", H(h5x_group_create(F->file, NULL, NULL)))                                \
    X(group_create_existing, E_EXISTS, "/g", H(h5x_group_create(F->file, "/g", NULL)))                                \
    Y(group_create_under_dataset, E_NOTFOUND, E_EXISTS, "/g/d/sub", H(h5x_group_create(F->file, "/g/d/sub", NULL)))   \
    X(group_create_read_only, E_RO, "read-only", H(h5x_group_create(F->ro_file, "/n", NULL)))                         \
    X(group_create_dataset_as_loc, E_HANDLE, "group|location", H(h5x_group_create(F->dataset, "n", NULL)))            \
    X(group_create_bad_options, E_ARG, "struct_size",                                                                 \
      H(h5x_group_create(F->file, "/n/m", &(h5x_group_options){1, 0, 0})))                                            \
    X(group_create_empty_path, E_ARG, "empty|''", H(h5x_group_create(F->file, "", NULL)))                             \
    X(group_require_dataset_there, E_TYPE, "/g/d", H(h5x_group_require(F->file, "/g/d")))                             \
    X(group_require_null_path, E_ARG, "NULL", H(h5x_group_require(F->file, NULL)))                                    \
    X(group_require_read_only_missing, E_RO, "read-only", H(h5x_group_require(F->ro_file, "/new")))                   \
    X(group_length_null, E_HANDLE, "NULL", (int)h5x_group_length(NULL))                                               \
    X(group_length_dataset, E_HANDLE, "group|location", (int)h5x_group_length(F->dataset))                            \
    X(group_names_null_names, E_ARG, "NULL", names_of(F->group, H5X_ORDER_NAME, 1, 0))                                \
    X(group_names_null_count, E_ARG, "NULL", names_of(F->group, H5X_ORDER_NAME, 0, 1))                                \
    X(group_names_bad_order, E_ARG, "order", names_of(F->group, (h5x_order)7, 0, 0))                                  \
    X(group_names_dataset, E_HANDLE, "group|location", names_of(F->dataset, H5X_ORDER_NAME, 0, 0))                    \
    X(free_names_null, E_NONE, "", (h5x_free_names(NULL, 5), 0))                                                      \
    X(group_iterate_null_visitor, E_ARG, "NULL|visit", iterate_group(F->group, H5X_ORDER_NAME, 1))                    \
    X(group_iterate_bad_order, E_ARG, "order", iterate_group(F->group, (h5x_order)-3, 0))                             \
    X(group_iterate_closed, E_HANDLE, "closed", iterate_group(closed_group(), H5X_ORDER_NAME, 0))                     \
    /* attributes */                                                                                                  \
    X(attr_set_null_object, E_HANDLE, "NULL", set_attr(NULL, "n", H5X_F64, NULL))                                     \
    X(attr_set_null_name, E_ARG, "NULL|name", set_attr(F->dataset, NULL, H5X_F64, NULL))                              \
    X(attr_set_empty_name, E_ARG, "name|empty", set_attr(F->dataset, "", H5X_F64, NULL))                              \
    X(attr_set_null_dtype, E_HANDLE, "dtype handle is NULL", set_attr(F->dataset, "n", NULL, NULL))                   \
    X(attr_set_closed_dtype, E_HANDLE, "closed", set_attr(F->dataset, "n", closed_dtype(), NULL))                     \
    X(attr_set_rank_33, E_ARG, "rank", set_attr(F->dataset, "n", H5X_F64, &F->shape_rank33))                          \
    X(attr_set_rank_minus2, E_ARG, "rank", set_attr(F->dataset, "n", H5X_F64, &F->shape_rank_minus2))                 \
    X(attr_set_read_only, E_RO, "read-only", set_attr(F->ro_dataset, "n", H5X_F64, NULL))                             \
    X(attr_set_null_data, E_ARG, "NULL|data", h5x_attr_set(F->dataset, "n", H5X_F64, NULL, NULL))                     \
    X(attr_set_closed_object, E_HANDLE, "closed", set_attr(closed_dataset(), "n", H5X_F64, NULL))                     \
    X(attr_modify_shape_mismatch, E_SHAPE, "(3,)|3", modify_attr(F->group, "v", H5X_I32, &F->shape_7))                \
    X(attr_modify_string_into_int, E_TYPE, "S8|string", modify_attr(F->group, "v", F->fixed_string, &F->shape_3))     \
    X(attr_modify_empty, E_SHAPE, "empty", modify_attr(F->group, "empty", H5X_F32, NULL))                             \
    X(attr_modify_read_only, E_RO, "read-only", modify_attr(F->ro_dataset, "a", H5X_F64, NULL))                       \
    X(attr_modify_null_name, E_ARG, "NULL|name", modify_attr(F->group, NULL, H5X_I32, &F->shape_3))                   \
    X(attr_get_missing, E_NOTFOUND, "nosuch", attr_get_into(F->dataset, "nosuch", NULL, 64))                          \
    X(attr_get_buffer_too_small, E_SHAPE, "bytes|buffer", attr_get_into(F->group, "v", H5X_I32, 4))                   \
    X(attr_get_null_buffer, E_ARG, "NULL|buffer", h5x_attr_get(F->dataset, "a", NULL, NULL, 8))                       \
    X(attr_get_into_string, E_TYPE, "S8|string", attr_get_into(F->dataset, "a", F->fixed_string, 64))                 \
    X(attr_get_into_compound, E_TYPE, "compound|member|field", attr_get_into(F->dataset, "a", F->compound, 64))       \
    X(attr_get_null_object, E_HANDLE, "NULL", attr_get_into(NULL, "a", NULL, 64))                                     \
    X(attr_info_missing, E_NOTFOUND, "nosuch", attr_info_of(F->dataset, "nosuch"))                                    \
    X(attr_info_null_name, E_ARG, "NULL|name", attr_info_of(F->dataset, NULL))                                        \
    X(attr_info_selection, E_HANDLE, "object", attr_info_of(AS_OBJECT(F->everything), "a"))                           \
    X(attr_contains_null_name, E_ARG, "NULL|name", h5x_attr_contains(F->dataset, NULL))                               \
    X(attr_contains_null_object, E_HANDLE, "NULL", h5x_attr_contains(NULL, "a"))                                      \
    X(attr_delete_missing, E_NOTFOUND, "nosuch", h5x_attr_delete(F->dataset, "nosuch"))                               \
    X(attr_delete_read_only, E_RO, "read-only", h5x_attr_delete(F->ro_dataset, "a"))                                  \
    X(attr_delete_null_name, E_ARG, "NULL|name", h5x_attr_delete(F->dataset, NULL))                                   \
    X(attr_names_null_out, E_ARG, "NULL", attr_names_of(F->dataset, H5X_ORDER_NAME, 1))                               \
    X(attr_names_bad_order, E_ARG, "order", attr_names_of(F->dataset, (h5x_order)5, 0))                               \
    X(attr_names_closed, E_HANDLE, "closed", attr_names_of(closed_dataset(), H5X_ORDER_NAME, 0))                      \
    X(attr_iterate_null_visitor, E_ARG, "NULL|visit", iterate_attrs(F->dataset, H5X_ORDER_NAME, 1))                   \
    X(attr_iterate_dtype, E_HANDLE, "object", iterate_attrs(AS_OBJECT(F->compound), H5X_ORDER_NAME, 0))               \
    X(attr_count_null, E_HANDLE, "NULL", (int)h5x_attr_count(NULL))                                                   \
    X(attr_count_closed, E_HANDLE, "closed", (int)h5x_attr_count(closed_group()))                                     \
    X(attr_create_count_mismatch, E_SHAPE, "3|7", create_attr(F->dataset, "n", H5X_I32, &F->shape_7, H5X_I32,         \
                                                              &F->shape_3))                                           \
    X(attr_create_no_type_at_all, E_ARG, "dtype", create_attr(F->dataset, "n", NULL, NULL, NULL, NULL))               \
    X(attr_create_string_to_int, E_TYPE, "S8|string", create_attr(F->dataset, "n", H5X_I32, &F->shape_3,              \
                                                                  F->fixed_string, &F->shape_3))                      \
    X(attr_create_read_only, E_RO, "read-only", create_attr(F->ro_dataset, "n", H5X_I32, NULL, H5X_I32, NULL))        \
    X(attr_create_null_name, E_ARG, "NULL|name", create_attr(F->dataset, NULL, H5X_I32, NULL, H5X_I32, NULL))         \
    X(attr_get_or_null_buffer, E_ARG, "NULL|buffer", get_or(F->dataset, "a", NULL, 1))                                \
    X(attr_get_or_type_mismatch, E_TYPE, "S8|string", get_or(F->dataset, "a", F->fixed_string, 0))                    \
    X(attr_get_or_null_object, E_HANDLE, "NULL", get_or(NULL, "a", NULL, 0))                                          \
    /* copy */                                                                                                        \
    X(copy_null_source, E_HANDLE, "NULL", h5x_copy(NULL, "/g", F->file, "/g2"))                                       \
    X(copy_missing_source, E_NOTFOUND, "nosuch", h5x_copy(F->file, "/nosuch", F->file, "/g2"))                        \
    X(copy_onto_existing, E_EXISTS, "/s", h5x_copy(F->file, "/g", F->file, "/s"))                                     \
    X(copy_into_read_only, E_RO, "read-only", h5x_copy(F->file, "/g", F->ro_file, "/g2"))                             \
    X(copy_null_paths, E_ARG, "NULL|path", h5x_copy(F->file, NULL, F->file, "/g2"))                                   \
    Y(copy_under_dataset, E_NOTFOUND, E_EXISTS, "/s/inner|not a group",                                               \
      h5x_copy(F->file, "/g", F->file, "/s/inner"))                                                                   \
    X(copy_from_dataset_relative, E_HANDLE, "relative", h5x_copy(F->dataset, "a", F->file, "/a2"))                    \
    X(copy_with_progress_null_destination, E_HANDLE, "NULL",                                                          \
      h5x_copy_with_progress(F->file, "/g", NULL, "/g2", on_progress, NULL))                                          \
    X(copy_with_progress_closed_source, E_HANDLE, "closed",                                                           \
      h5x_copy_with_progress(closed_file(), "/g", F->file, "/g2", on_progress, NULL))

OBJECT_CASES(BAD_CASE_FUNCTION, BAD_CASE_FUNCTION_Y)

const bad_case object_cases[] = {OBJECT_CASES(BAD_CASE_ROW, BAD_CASE_ROW_Y)};
const size_t object_case_count = sizeof object_cases / sizeof object_cases[0];
