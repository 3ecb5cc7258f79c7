/*
 * dtype_opaque.c — opaque dtypes: blobs of a fixed size with a tag.
 *
 * HDF5's opaque class is where data goes that HDF5 must not interpret.
 * h5py uses it twice, and h5x spells both the way NumPy does:
 *
 *   np.void blobs ("V12")   an opaque of that size with an empty tag, so
 *                           that bytes holding NULs are not mangled by the
 *                           string machinery (the seeds' attribute example);
 *   opaque_dtype(dt)        NumPy's datetime64/timedelta64, which HDF5 has
 *                           no type for: 8 bytes tagged "NUMPY:" followed by
 *                           NumPy's own spelling with its byte order
 *                           ("NUMPY:<M8[s]"), which h5py recognises on
 *                           reading.
 *
 * Opaque data converts only to the very same opaque type (HDF5's rule: the
 * tag says what the bytes mean, so no other type can take them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtype.h"
#include "error.h"

/* HDF5 keeps tags shorter than 256 bytes (H5T_OPAQUE_TAG_MAX). */
enum { OPAQUE_TAG_MAX = 256 };

h5x_dtype *h5x_dtype_opaque(size_t size, const char *tag)
{
    if (size == 0) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "an opaque dtype needs at least one byte");
        return NULL;
    }
    if (!tag)
        tag = "";
    if (strlen(tag) >= OPAQUE_TAG_MAX) {
        h5x_error(H5X_ERR_INVALID_ARGUMENT, "opaque tags are shorter than %d bytes", OPAQUE_TAG_MAX);
        return NULL;
    }
    char *copy = strdup(tag);
    if (!copy) {
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
        return NULL;
    }
    h5x_dtype *dtype = h5x_dtype_alloc(H5X_CLASS_OPAQUE, size, H5X_ORDER_NONE);
    if (!dtype) {
        free(copy);
        return NULL;
    }
    free(dtype->u.opaque.tag);
    dtype->u.opaque.tag = copy;
    return dtype;
}

char *h5x_dtype_opaque_tag(const h5x_dtype *dtype)
{
    if (h5x_dtype_check(dtype) < 0)
        return NULL;
    if (dtype->type_class != H5X_CLASS_OPAQUE) {
        h5x_error(H5X_ERR_TYPE, "h5x_dtype_opaque_tag: not an opaque dtype");
        return NULL;
    }
    char *copy = strdup(dtype->u.opaque.tag);
    if (!copy)
        h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    return copy;
}

/* ------------------------------------------------------- NumPy spellings */

/* NumPy's datetime units, longest first where one is a prefix of another. */
static int known_unit(const char *unit, size_t length)
{
    static const char *const units[] = {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i]) == length && memcmp(units[i], unit, length) == 0)
            return 1;
    return 0;
}

/* "[s]" or "[10ms]": an optional multiple and a unit, and nothing after. */
static int valid_unit_suffix(const char *p)
{
    if (*p++ != '[')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    const char *unit = p;
    while (*p && *p != ']')
        p++;
    return *p == ']' && p[1] == '\0' && known_unit(unit, (size_t)(p - unit));
}

static int is_little_endian(void)
{
    return h5x_native_order() == H5X_ORDER_LITTLE;
}

static int parse_datetime(const char *spec, char order, char kind, const char *suffix, h5x_dtype **out)
{
    if (!valid_unit_suffix(suffix))
        return h5x_error(H5X_ERR_TYPE, "dtype '%s': datetime64/timedelta64 need a unit, as in 'M8[s]'", spec);
    if (order == '=' || order == '|' || order == '\0')
        order = is_little_endian() ? '<' : '>';
    char tag[OPAQUE_TAG_MAX];
    snprintf(tag, sizeof tag, "NUMPY:%c%c8%s", order, kind, suffix);
    *out = h5x_dtype_opaque(8, tag);
    return *out ? 1 : h5x_error_code();
}

int h5x_dtype_parse_opaque(const char *numpy_spec, h5x_dtype **out)
{
    *out = NULL;
    if (!numpy_spec)
        return 0;
    const char *p = numpy_spec;
    if (strncmp(p, "datetime64", 10) == 0)
        return parse_datetime(numpy_spec, '\0', 'M', p + 10, out);
    if (strncmp(p, "timedelta64", 11) == 0)
        return parse_datetime(numpy_spec, '\0', 'm', p + 11, out);
    char order = '\0';
    if (*p == '<' || *p == '>' || *p == '=' || *p == '|')
        order = *p++;
    if ((p[0] == 'M' || p[0] == 'm') && p[1] == '8' && p[2] == '[')
        return parse_datetime(numpy_spec, order, p[0], p + 2, out);
    if (p[0] == 'M' || p[0] == 'm')
        return h5x_error(H5X_ERR_TYPE, "dtype '%s': datetime64/timedelta64 are 8 bytes with a unit, as in 'M8[s]'",
                         numpy_spec);
    if (p[0] != 'V')
        return 0;
    size_t size = 0;
    const char *digits = ++p;
    while (*p >= '0' && *p <= '9' && size <= INT32_MAX)
        size = size * 10 + (size_t)(*p++ - '0');
    if (p == digits || *p != '\0' || size == 0 || size > INT32_MAX)
        return h5x_error(H5X_ERR_TYPE, "dtype '%s': void blobs need a size of at least one byte, as in 'V12'",
                         numpy_spec);
    *out = h5x_dtype_opaque(size, "");
    return *out ? 1 : h5x_error_code();
}
