/*
 * cases_model.c — bad input to the data model: string, variable-length,
 * compound, enum, opaque and array dtypes, references, links, dimension
 * scales, committed types and the native escape hatch.
 */
#include "badinput.h"

#include <string.h>

static int string_info(const h5x_dtype *dtype)
{
    h5x_charset charset;
    size_t length;
    h5x_string_pad pad;
    return h5x_dtype_string_info(dtype, &charset, &length, &pad);
}

static int reclaim(const h5x_dtype *dtype, int null_buffer, uint64_t count)
{
    h5x_vlen elements[2] = {{0, NULL}, {0, NULL}};
    return h5x_reclaim(dtype, null_buffer ? NULL : elements, count);
}

/* Inserts into a fresh compound of size bytes, after a first member "a" (i4 at 0). */
static int insert(size_t size, const char *name, size_t offset, const h5x_dtype *member)
{
    h5x_dtype *compound = h5x_dtype_compound(size);
    int rc = h5x_dtype_compound_insert(compound, "a", 0, H5X_I32);
    if (rc == 0)
        rc = h5x_dtype_compound_insert(compound, name, offset, member);
    h5x_close(compound);
    return rc;
}

/* The member is closed after the compound exists, so that the compound
 * cannot take the closed handle's address. */
static int insert_closed_member(void)
{
    h5x_dtype *compound = h5x_dtype_compound(16);
    int rc = h5x_dtype_compound_insert(compound, "b", 8, closed_dtype());
    h5x_close(compound);
    return rc;
}

static int fields(const h5x_dtype *compound, const char *const *names, size_t count)
{
    return H(h5x_dtype_fields(compound, names, count));
}

static int enum_insert(const h5x_dtype *base, const char *name, int64_t value)
{
    h5x_dtype *e = h5x_dtype_enum(base);
    int rc = h5x_dtype_enum_insert(e, "FIRST", 0);
    if (rc == 0)
        rc = h5x_dtype_enum_insert(e, name, value);
    h5x_close(e);
    return rc;
}

static int enum_value(const h5x_dtype *e, int index, int null_out)
{
    int64_t value;
    return h5x_dtype_enum_value(e, index, null_out ? NULL : &value);
}

static int array_info(const h5x_dtype *dtype)
{
    h5x_shape dims;
    h5x_dtype *base = NULL;
    int rc = h5x_dtype_array_info(dtype, &dims, &base);
    h5x_close(base);
    return rc;
}

static int region_ref(h5x_object *dataset, const char *text)
{
    h5x_selection *sel = h5x_selection_parse(text);
    if (!sel)
        return 1;
    h5x_ref ref;
    int rc = h5x_region_ref(dataset, sel, &ref);
    h5x_close(sel);
    return rc;
}

static int region_shape(h5x_object *dataset, const h5x_ref *ref, int null_out)
{
    h5x_shape shape;
    return h5x_ref_region_shape(dataset, ref, null_out ? NULL : &shape);
}

static int read_region(h5x_object *dataset, const h5x_ref *ref, const h5x_dtype *mem, size_t size)
{
    return h5x_dataset_read_region(dataset, ref, mem, F->buffer, size);
}

static int link_info(h5x_object *loc, const char *path, int null_out)
{
    h5x_link_info info = {0};
    int rc = h5x_link_get_info(loc, path, null_out ? NULL : &info);
    if (rc >= 0) {
        h5x_free(info.target_path);
        h5x_free(info.target_file);
    }
    return rc;
}

static int scale_names(h5x_object *dataset, int axis, int null_out)
{
    char **names = NULL;
    size_t count = 0;
    int rc = h5x_dim_scale_names(dataset, axis, null_out ? NULL : &names, &count);
    if (rc >= 0)
        h5x_free_names(names, count);
    return rc;
}

static int scale_name_is_empty(h5x_object *dataset)
{
    char *name = h5x_dim_scale_name(dataset);
    if (!name)
        return LAST();
    int empty = !name[0];
    h5x_free(name);
    return empty ? 0 : 1;
}

static int native_handle(h5x_object *object, int null_out)
{
    int64_t hid;
    return h5x_native_handle(object, null_out ? NULL : &hid);
}

static int a_string(void)
{
    return H(h5x_dtype_text()) == 1 ? 0 : 1;
}

#define MODEL_CASES(X, Y)                                                                                             \
    /* strings */                                                                                                     \
    X(dtype_string_bad_charset, E_ARG, "character set 7", H(h5x_dtype_string((h5x_charset)7, 8)))                     \
    X(dtype_string_zero_length, E_TYPE, "one byte", H(h5x_dtype_string(H5X_CSET_UTF8, 0)))                            \
    X(dtype_string_padded_bad_pad, E_ARG, "pad", H(h5x_dtype_string_padded(H5X_CSET_ASCII, 8, (h5x_string_pad)9)))    \
    X(dtype_string_padded_bad_charset, E_ARG, "character set -1",                                                     \
      H(h5x_dtype_string_padded((h5x_charset)-1, 8, H5X_PAD_NULLPAD)))                                                \
    X(dtype_string_info_null, E_HANDLE, "NULL", string_info(NULL))                                                    \
    X(dtype_string_info_closed, E_HANDLE, "closed", string_info(closed_dtype()))                                      \
    X(dtype_string_info_not_string, E_NONE, "", OK(string_info(H5X_F64) == 0))                                        \
    X(dtype_text_succeeds, E_NONE, "", a_string())                                                                    \
    /* variable length */                                                                                             \
    X(dtype_vlen_null_base, E_HANDLE, "NULL", H(h5x_dtype_vlen(NULL)))                                                \
    X(dtype_vlen_closed_base, E_HANDLE, "closed", H(h5x_dtype_vlen(closed_dtype())))                                  \
    X(dtype_vlen_selection_base, E_HANDLE, "dtype", H(h5x_dtype_vlen(AS_DTYPE(F->everything))))                       \
    X(dtype_vlen_base_null, E_HANDLE, "NULL", H(h5x_dtype_vlen_base(NULL)))                                           \
    X(dtype_vlen_base_not_vlen, E_NONE, "", OK(h5x_dtype_vlen_base(H5X_I32) == NULL))                                 \
    X(reclaim_null_dtype, E_HANDLE, "NULL", reclaim(NULL, 0, 2))                                                      \
    X(reclaim_null_buffer, E_ARG, "NULL|buffer", reclaim(F->vlen, 1, 2))                                              \
    X(reclaim_closed_dtype, E_HANDLE, "closed", reclaim(closed_dtype(), 0, 2))                                        \
    X(reclaim_nothing_to_free, E_NONE, "", reclaim(H5X_I32, 0, 2))                                                    \
    /* compound */                                                                                                    \
    X(dtype_compound_zero_size, E_ARG, "one byte", H(h5x_dtype_compound(0)))                                          \
    X(compound_insert_null_compound, E_HANDLE, "NULL", h5x_dtype_compound_insert(NULL, "a", 0, H5X_I32))              \
    X(compound_insert_not_compound, E_TYPE, "compound", h5x_dtype_compound_insert(F->own_i4, "a", 0, H5X_I32))        \
    X(compound_insert_predefined, E_TYPE, "compound|predefined", h5x_dtype_compound_insert((h5x_dtype *)H5X_I32,      \
                                                                                           "a", 0, H5X_I32))          \
    X(compound_insert_null_name, E_ARG, "NULL|name", insert(16, NULL, 8, H5X_F64))                                    \
    X(compound_insert_empty_name, E_ARG, "name|empty", insert(16, "", 8, H5X_F64))                                    \
    X(compound_insert_duplicate_name, E_EXISTS, "'a'", insert(16, "a", 8, H5X_F64))                                   \
    X(compound_insert_past_end, E_ARG, "12|size|16", insert(16, "b", 12, H5X_F64))                                    \
    X(compound_insert_overlap, E_ARG, "overlap|'a'", insert(16, "b", 2, H5X_I32))                                     \
    X(compound_insert_null_member, E_HANDLE, "NULL", insert(16, "b", 8, NULL))                                        \
    X(compound_insert_closed_member, E_HANDLE, "closed", insert_closed_member())                                      \
    X(member_count_null, E_HANDLE, "NULL", h5x_dtype_member_count(NULL))                                              \
    X(member_count_not_compound, E_TYPE, "compound|enum", h5x_dtype_member_count(H5X_F64))                            \
    X(member_name_out_of_range, E_ARG, "2", S(h5x_dtype_member_name(F->compound, 2)))                                 \
    X(member_name_negative, E_ARG, "-1", S(h5x_dtype_member_name(F->compound, -1)))                                   \
    X(member_offset_out_of_range, E_ARG, "5", (h5x_dtype_member_offset(F->compound, 5), LAST()))                      \
    X(member_dtype_out_of_range, E_ARG, "7", H(h5x_dtype_member_dtype(F->enumeration, 7)))                            \
    X(member_dtype_closed, E_HANDLE, "closed", H(h5x_dtype_member_dtype(closed_dtype(), 0)))                          \
    X(member_index_null_name, E_ARG, "NULL|name", h5x_dtype_member_index(F->compound, NULL))                          \
    X(member_index_missing, E_ARG, "'zz'", h5x_dtype_member_index(F->compound, "zz"))                                 \
    X(member_index_not_compound, E_TYPE, "compound|enum", h5x_dtype_member_index(H5X_I32, "a"))                       \
    X(fields_not_compound, E_TYPE, "compound", fields(H5X_I32, (const char *const[]){"a"}, 1))                        \
    X(fields_unknown_name, E_NOTFOUND, "zz", fields(F->compound, (const char *const[]){"a", "zz"}, 2))                \
    X(fields_null_names, E_ARG, "at least one field", fields(F->compound, NULL, 1))                                   \
    X(fields_none, E_ARG, "at least one field", fields(F->compound, (const char *const[]){"a"}, 0))                   \
    X(fields_repeated, E_ARG, "'a'|twice|repeat", fields(F->compound, (const char *const[]){"a", "a"}, 2))            \
    /* enum */                                                                                                        \
    X(dtype_enum_null_base, E_HANDLE, "NULL", H(h5x_dtype_enum(NULL)))                                                \
    X(dtype_enum_float_base, E_TYPE, "integer|f8", H(h5x_dtype_enum(H5X_F64)))                                        \
    X(enum_insert_duplicate_name, E_EXISTS, "FIRST", enum_insert(H5X_I8, "FIRST", 5))                                 \
    X(enum_insert_duplicate_value, E_EXISTS, "0", enum_insert(H5X_I8, "SECOND", 0))                                   \
    X(enum_insert_value_out_of_range, E_ARG, "300", enum_insert(H5X_I8, "BIG", 300))                                  \
    X(enum_insert_negative_unsigned, E_ARG, "-1", enum_insert(H5X_U8, "NEG", -1))                                     \
    X(enum_insert_null_name, E_ARG, "NULL|name", enum_insert(H5X_I8, NULL, 3))                                        \
    X(enum_insert_not_enum, E_TYPE, "enum", h5x_dtype_enum_insert(F->compound, "x", 1))                               \
    X(enum_value_out_of_range, E_ARG, "2", enum_value(F->enumeration, 2, 0))                                          \
    X(enum_value_null_out, E_ARG, "NULL|value", enum_value(F->enumeration, 0, 1))                                     \
    X(enum_value_not_enum, E_TYPE, "enum", enum_value(F->compound, 0, 0))                                             \
    /* opaque and array */                                                                                            \
    X(dtype_opaque_zero_size, E_ARG, "one byte", H(h5x_dtype_opaque(0, "tag")))                                       \
    X(dtype_opaque_long_tag, E_ARG, "tag", H(h5x_dtype_opaque(4, "a tag far longer than the two hundred and fifty "   \
                                                                  "five bytes libhdf5 allows for the tag of an "      \
                                                                  "opaque type, which is what this case needs to "    \
                                                                  "exceed in order to be refused; so it goes on, "    \
                                                                  "and on, and on, a little more, just to be sure "   \
                                                                  "that the limit is passed.")))                      \
    X(dtype_opaque_tag_not_opaque, E_TYPE, "opaque", S(h5x_dtype_opaque_tag(H5X_I32)))                                \
    X(dtype_opaque_tag_null, E_HANDLE, "NULL", S(h5x_dtype_opaque_tag(NULL)))                                         \
    X(dtype_array_null_base, E_HANDLE, "NULL", H(h5x_dtype_array(NULL, &F->shape_3)))                                 \
    X(dtype_array_null_dims, E_ARG, "dimensions", H(h5x_dtype_array(H5X_I32, NULL)))                                  \
    X(dtype_array_rank_33, E_ARG, "between 1 and 32", H(h5x_dtype_array(H5X_I32, &F->shape_rank33)))                  \
    X(dtype_array_scalar_dims, E_ARG, "between 1 and 32", H(h5x_dtype_array(H5X_I32, &(h5x_shape){0, {0}})))          \
    X(dtype_array_zero_dim, E_ARG, "dimension 1", H(h5x_dtype_array(H5X_I32, &F->shape_zero_dim)))                    \
    X(dtype_array_info_not_array, E_TYPE, "array", array_info(H5X_I32))                                               \
    X(dtype_array_info_closed, E_HANDLE, "closed", array_info(closed_dtype()))                                        \
    /* references */                                                                                                  \
    X(dtype_reference_bad_kind, E_ARG, "7|kind", H(h5x_dtype_reference((h5x_reference_kind)7)))                       \
    X(dtype_reference_null_kind, E_ARG, "kind|null", H(h5x_dtype_reference(H5X_REF_NULL)))                            \
    X(object_ref_null_out, E_ARG, "NULL|ref", h5x_object_ref(F->dataset, NULL))                                       \
    X(object_ref_null_object, E_HANDLE, "NULL", h5x_object_ref(NULL, &(h5x_ref){{0}}))                                \
    X(object_ref_closed, E_HANDLE, "closed", h5x_object_ref(closed_dataset(), &(h5x_ref){{0}}))                       \
    X(region_ref_out_of_range, E_SEL, "9", region_ref(F->dataset, "9, 0"))                                            \
    X(region_ref_group, E_HANDLE, "dataset", region_ref(F->group, "0"))                                               \
    X(region_ref_read_only, E_RO, "read-only", region_ref(F->ro_dataset, "0, 0:2"))                                   \
    X(region_ref_null_out, E_ARG, "NULL|ref", h5x_region_ref(F->dataset, F->everything, NULL))                        \
    X(ref_kind_null, E_ARG, "NULL", (int)h5x_ref_kind(NULL))                                                          \
    X(ref_kind_garbage, E_ARG, "9", (int)h5x_ref_kind(&F->garbage_ref))                                               \
    X(ref_is_null_null, E_ARG, "NULL", h5x_ref_is_null(NULL))                                                         \
    X(ref_open_null_ref, E_ARG, "NULL", H(h5x_ref_open(F->file, NULL)))                                               \
    X(ref_open_null_reference, E_ARG, "null reference", H(h5x_ref_open(F->file, &(h5x_ref){{0}})))                    \
    X(ref_open_garbage, E_ARG, "9|kind", H(h5x_ref_open(F->file, &F->garbage_ref)))                                   \
    X(ref_open_null_loc, E_HANDLE, "NULL", H(h5x_ref_open(NULL, &F->object_ref)))                                     \
    X(ref_region_shape_object_ref, E_ARG, "region", region_shape(F->dataset, &F->object_ref, 0))                      \
    X(ref_region_shape_null_out, E_ARG, "NULL|shape", region_shape(F->dataset, &F->region_ref, 1))                    \
    X(ref_region_shape_group, E_HANDLE, "dataset", region_shape(F->group, &F->region_ref, 0))                         \
    X(read_region_object_ref, E_ARG, "region", read_region(F->dataset, &F->object_ref, H5X_I32, sizeof F->buffer))    \
    X(read_region_buffer_too_small, E_SHAPE, "16|bytes|buffer",                                                       \
      read_region(F->dataset, &F->region_ref, H5X_I32, 15))                                                           \
    X(read_region_into_string, E_TYPE, "S8|string",                                                                   \
      read_region(F->dataset, &F->region_ref, F->fixed_string, sizeof F->buffer))                                     \
    X(read_region_null_ref, E_ARG, "NULL", read_region(F->dataset, NULL, H5X_I32, sizeof F->buffer))                  \
    X(read_region_other_dataset, E_ARG, "/g/d|other|dataset",                                                         \
      read_region(F->scale, &F->region_ref, H5X_I32, sizeof F->buffer))                                               \
    X(ref_region_text_object_ref, E_ARG, "region", S(h5x_ref_region_text(F->file, &F->object_ref)))                   \
    X(ref_region_text_null, E_ARG, "NULL", S(h5x_ref_region_text(F->file, NULL)))                                     \
    X(ref_region_text_closed_loc, E_HANDLE, "closed", S(h5x_ref_region_text(closed_file(), &F->region_ref)))          \
    /* links */                                                                                                       \
    X(link_get_info_null_out, E_ARG, "NULL|info", link_info(F->file, "/soft", 1))                                     \
    X(link_get_info_missing, E_NOTFOUND, "nosuch", link_info(F->file, "/nosuch", 0))                                  \
    X(link_get_info_null_path, E_ARG, "NULL|path", link_info(F->file, NULL, 0))                                       \
    X(link_get_info_dataset_loc, E_HANDLE, "relative", link_info(F->dataset, "x", 0))                                 \
    X(link_hard_other_file, E_ARG, "file", h5x_link_hard(F->ro_dataset, F->file, "/other"))                           \
    X(link_hard_existing, E_EXISTS, "/s", h5x_link_hard(F->dataset, F->file, "/s"))                                   \
    X(link_hard_read_only, E_RO, "read-only", h5x_link_hard(F->ro_dataset, F->ro_file, "/again"))                     \
    X(link_hard_null_path, E_ARG, "NULL|path", h5x_link_hard(F->dataset, F->file, NULL))                              \
    X(link_hard_null_target, E_HANDLE, "NULL", h5x_link_hard(NULL, F->file, "/again"))                                \
    X(link_soft_null_target, E_ARG, "NULL|target", h5x_link_soft(F->file, "/soft2", NULL))                            \
    X(link_soft_existing, E_EXISTS, "/soft", h5x_link_soft(F->file, "/soft", "/g"))                                   \
    X(link_soft_read_only, E_RO, "read-only", h5x_link_soft(F->ro_file, "/soft", "/g"))                               \
    X(link_soft_empty_target, E_ARG, "target|empty", h5x_link_soft(F->file, "/soft3", ""))                            \
    X(link_soft_dataset_loc, E_HANDLE, "relative", h5x_link_soft(F->dataset, "x", "/g"))                              \
    Y(link_external_null_file, E_ARG, E_ARG, "NULL|file", h5x_link_external(F->file, "/ext", NULL, "/g"))             \
    X(link_external_existing, E_EXISTS, "/soft", h5x_link_external(F->file, "/soft", "o.h5", "/g"))                   \
    X(link_external_read_only, E_RO, "read-only", h5x_link_external(F->ro_file, "/ext", "o.h5", "/g"))                \
    X(link_move_missing, E_NOTFOUND, "nosuch", h5x_link_move(F->file, "/nosuch", F->file, "/moved"))                  \
    X(link_move_onto_existing, E_EXISTS, "/s", h5x_link_move(F->file, "/soft", F->file, "/s"))                        \
    X(link_move_across_files, E_ARG, "file", h5x_link_move(F->file, "/soft", F->ro_file, "/moved"))                   \
    X(link_move_read_only, E_RO, "read-only", h5x_link_move(F->ro_file, "/g", F->ro_file, "/h"))                      \
    X(link_move_root, E_ARG, "root|'/'", h5x_link_move(F->file, "/", F->file, "/newroot"))                            \
    X(link_move_null_source, E_HANDLE, "NULL", h5x_link_move(NULL, "/soft", F->file, "/moved"))                       \
    /* dimension scales */                                                                                            \
    X(dim_set_label_axis_out_of_range, E_ARG, "axis 5|5", h5x_dim_set_label(F->dataset, 5, "label"))                  \
    X(dim_set_label_negative_axis, E_ARG, "-1", h5x_dim_set_label(F->dataset, -1, "label"))                           \
    X(dim_set_label_null_label, E_ARG, "NULL|label", h5x_dim_set_label(F->dataset, 0, NULL))                          \
    X(dim_set_label_group, E_HANDLE, "dataset", h5x_dim_set_label(F->group, 0, "label"))                              \
    X(dim_set_label_read_only, E_RO, "read-only", h5x_dim_set_label(F->ro_dataset, 0, "label"))                       \
    X(dim_set_label_scalar, E_ARG, "axis|scalar", h5x_dim_set_label(F->scalar, 0, "label"))                           \
    X(dim_label_axis_out_of_range, E_ARG, "axis 2|2", S(h5x_dim_label(F->dataset, 2)))                                \
    X(dim_label_null, E_HANDLE, "NULL", S(h5x_dim_label(NULL, 0)))                                                    \
    X(dim_make_scale_with_scales_attached, E_ARG, "attached",                                                         \
      h5x_dim_make_scale(F->dataset, "d"))                                                                            \
    X(dim_make_scale_group, E_HANDLE, "dataset", h5x_dim_make_scale(F->group, "g"))                                   \
    X(dim_make_scale_read_only, E_RO, "read-only", h5x_dim_make_scale(F->ro_dataset, "r"))                            \
    X(dim_is_scale_null, E_HANDLE, "NULL", h5x_dim_is_scale(NULL))                                                    \
    X(dim_is_scale_group, E_HANDLE, "dataset", h5x_dim_is_scale(F->group))                                            \
    X(dim_scale_name_not_scale_is_empty, E_NONE, "", scale_name_is_empty(F->dataset))                                 \
    X(dim_scale_name_closed, E_HANDLE, "closed", S(h5x_dim_scale_name(closed_dataset())))                             \
    X(dim_attach_axis_out_of_range, E_ARG, "axis 3|3", h5x_dim_attach_scale(F->dataset, 3, F->scale))                 \
    X(dim_attach_to_itself, E_ARG, "itself|dimension scale", h5x_dim_attach_scale(F->scale, 0, F->scale))             \
    X(dim_attach_group_as_scale, E_HANDLE, "dimension scale", h5x_dim_attach_scale(F->dataset, 1, F->group))          \
    X(dim_attach_other_file, E_ARG, "file", h5x_dim_attach_scale(F->dataset, 1, F->ro_dataset))                       \
    X(dim_attach_read_only, E_RO, "read-only", h5x_dim_attach_scale(F->ro_dataset, 0, F->ro_dataset))                 \
    X(dim_attach_null_scale, E_HANDLE, "NULL", h5x_dim_attach_scale(F->dataset, 1, NULL))                             \
    X(dim_detach_not_attached, E_NOTFOUND, "attached",                                                                \
      h5x_dim_detach_scale(F->dataset, 1, F->scale))                                                                  \
    X(dim_detach_axis_out_of_range, E_ARG, "axis 9|9", h5x_dim_detach_scale(F->dataset, 9, F->scale))                 \
    X(dim_detach_read_only, E_RO, "read-only", h5x_dim_detach_scale(F->ro_dataset, 0, F->ro_dataset))                 \
    X(dim_scale_count_axis_out_of_range, E_ARG, "axis 2|2", h5x_dim_scale_count(F->dataset, 2))                       \
    X(dim_scale_count_null, E_HANDLE, "NULL", h5x_dim_scale_count(NULL, 0))                                           \
    X(dim_scale_index_out_of_range, E_NOTFOUND, "index 4|scale 4",                                                    \
      H(h5x_dim_scale(F->dataset, 0, 4)))                                                                             \
    X(dim_scale_axis_out_of_range, E_ARG, "axis 6|6", H(h5x_dim_scale(F->dataset, 6, 0)))                             \
    X(dim_scale_by_name_missing, E_NOTFOUND, "zz",                                                                    \
      H(h5x_dim_scale_by_name(F->dataset, 0, "zz")))                                                                  \
    X(dim_scale_by_name_null_name, E_ARG, "NULL|name", H(h5x_dim_scale_by_name(F->dataset, 0, NULL)))                 \
    X(dim_scale_names_null_out, E_ARG, "NULL", scale_names(F->dataset, 0, 1))                                         \
    X(dim_scale_names_axis_out_of_range, E_ARG, "axis 2|2", scale_names(F->dataset, 2, 0))                            \
    /* committed types */                                                                                             \
    X(datatype_commit_null_dtype, E_HANDLE, "NULL", H(h5x_datatype_commit(F->file, "/t2", NULL)))                     \
    X(datatype_commit_existing, E_EXISTS, "/t", H(h5x_datatype_commit(F->file, "/t", H5X_I32)))                       \
    X(datatype_commit_read_only, E_RO, "read-only", H(h5x_datatype_commit(F->ro_file, "/t2", H5X_I32)))               \
    X(datatype_commit_null_path, E_ARG, "NULL|path", H(h5x_datatype_commit(F->file, NULL, H5X_I32)))                  \
    X(datatype_commit_closed_dtype, E_HANDLE, "closed", H(h5x_datatype_commit(F->file, "/t2", closed_dtype())))       \
    X(datatype_dtype_dataset, E_HANDLE, "datatype", H(h5x_datatype_dtype(F->dataset)))                                \
    X(datatype_dtype_null, E_HANDLE, "NULL", H(h5x_datatype_dtype(NULL)))                                             \
    /* the native escape hatch */                                                                                     \
    Y(native_handle_null_out, E_ARG, E_ARG, "NULL|hid", native_handle(F->dataset, 1))                                 \
    X(native_handle_null_object, E_HANDLE, "NULL", native_handle(NULL, 0))                                            \
    X(native_handle_closed, E_HANDLE, "closed", native_handle(closed_dataset(), 0))                                   \
    Y(native_handle_on_connector, E_NONE, E_NOTSUP, "core", native_handle(F->dataset, 0))

MODEL_CASES(BAD_CASE_FUNCTION, BAD_CASE_FUNCTION_Y)

const bad_case model_cases[] = {MODEL_CASES(BAD_CASE_ROW, BAD_CASE_ROW_Y)};
const size_t model_case_count = sizeof model_cases / sizeof model_cases[0];
