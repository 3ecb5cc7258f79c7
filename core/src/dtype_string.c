/*
 * dtype_string.c — string dtypes: h5py's string_dtype, check_string_dtype
 * and the text type behind Dataset.asstr().
 *
 * HDF5 strings come in two shapes.  A fixed-length string is `length`
 * bytes in every element, padded as its type says (NumPy's 'S' is NULLPAD,
 * C's char[] NULLTERM, Fortran's SPACEPAD).  A variable-length string is,
 * in memory, one `char *` per element, NUL-terminated, with the text
 * allocated by whoever produced it (a read, or the application).
 *
 * h5py keeps bytes and text apart: bytes move unchecked, text is encoded
 * and decoded with the stored character set.  h5x does the same with two
 * kinds of memory type.  A string dtype that matches the stored one moves
 * bytes.  The text dtype (a variable-length UTF-8 string marked as text)
 * asks the converter to check: stored ASCII must be ASCII, stored UTF-8
 * must be valid UTF-8, and no NUL may hide inside a string.  The mark is
 * part of the dtype's value, so the text dtype is not equal to a plain
 * variable-length UTF-8 string, and a connector that sees it in a memory
 * dtype leaves the conversion to h5x (h5x_dtype_has_text).
 */
#include "dtype.h"
#include "error.h"

static int check_charset(h5x_charset charset)
{
    if (charset != H5X_CSET_ASCII && charset != H5X_CSET_UTF8)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown character set %d (ASCII or UTF-8)", (int)charset);
    return 0;
}

static h5x_dtype *variable_string(h5x_charset charset, h5x_string_pad pad)
{
    if (check_charset(charset) < 0)
        return NULL;
    if (pad != H5X_PAD_NULLTERM && pad != H5X_PAD_NULLPAD && pad != H5X_PAD_SPACEPAD) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "unknown string padding %d", (int)pad);
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_STRING, sizeof(char *), H5X_ORDER_NONE);
    if (dtype) {
        dtype->u.string.is_variable = 1;
        dtype->u.string.charset = charset;
        dtype->u.string.padding = pad;
    }
    return dtype;
}

h5x_dtype *h5x_dtype_string(h5x_charset charset, size_t length)
{
    /* h5py: fixed strings are NumPy's 'S' (NULLPAD), variable ones C strings */
    return h5x_dtype_string_padded(charset, length, length == H5X_VARIABLE ? H5X_PAD_NULLTERM : H5X_PAD_NULLPAD);
}

h5x_dtype *h5x_dtype_string_padded(h5x_charset charset, size_t length, h5x_string_pad pad)
{
    if (length == H5X_VARIABLE)
        return variable_string(charset, pad);
    if (check_charset(charset) < 0)
        return NULL;
    return h5x_dtype_fixed_string(length, pad, charset);
}

int h5x_dtype_string_info(const h5x_dtype *dtype, h5x_charset *charset, size_t *length, h5x_string_pad *pad)
{
    int status = h5x_dtype_check(dtype);
    if (status < 0)
        return status;
    if (dtype->type_class != H5X_CLASS_STRING)
        return 0;
    if (charset)
        *charset = dtype->u.string.charset;
    if (length)
        *length = dtype->u.string.is_variable ? H5X_VARIABLE : dtype->size;
    if (pad)
        *pad = dtype->u.string.padding;
    return 1;
}

h5x_dtype *h5x_dtype_text(void)
{
    h5x_dtype *dtype = variable_string(H5X_CSET_UTF8, H5X_PAD_NULLTERM);
    if (dtype)
        dtype->u.string.is_text = 1;
    return dtype;
}
