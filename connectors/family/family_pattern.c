/*
 * family_pattern.c — the names of a family's member files.
 *
 * libhdf5 names the members by handing the file name to printf with the
 * member's number, so the name must hold exactly one integer conversion:
 * "run-%d.h5" makes run-0.h5, run-1.h5, ...; "run-%03d.h5" makes
 * run-000.h5, ...  Anything else after a '%' would make printf read an
 * argument that is not there, so a name is checked here, before libhdf5
 * sees it: a name that is not a pattern is an error value, never a crash.
 *
 * A name with no conversion at all ("run.h5") is given one: "-%06d" before
 * the extension of its last component, the same names libhdf5 picks when
 * it is handed such a name with its default family settings (h5py, given
 * such a name, fails instead).  The h5x file keeps the name it was opened
 * with; only libhdf5 and the member files see the pattern.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family.h"

/* Where no conversion is given. */
#define DEFAULT_CONVERSION "-%06d"

/* Skips the conversion starting at text (just after a '%').  Returns the
 * length of the conversion, or 0 when it is not one that takes a single
 * int or unsigned: flags, a width and a precision in digits, then one of
 * d i u o x X. */
static size_t conversion_length(const char *text)
{
    size_t n = strspn(text, "-+ #0");
    n += strspn(text + n, "0123456789");
    if (text[n] == '.') {
        n++;
        n += strspn(text + n, "0123456789");
    }
    if (text[n] == '\0' || strchr("diuoxX", text[n]) == NULL)
        return 0;
    return n + 1;
}

/* The number of integer conversions in text, or -1 after recording why
 * text is not a pattern. */
static int count_conversions(const char *text)
{
    int count = 0;
    for (const char *p = text; (p = strchr(p, '%')) != NULL;) {
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        size_t length = conversion_length(p + 1);
        if (length == 0)
            return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                       "family name '%s': a '%%' must start the member number (%%d, %%06d, ...) "
                                       "or be written %%%% for a literal percent sign",
                                       text);
        count++;
        p += 1 + length;
    }
    if (count > 1)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "family name '%s' has %d member numbers: it may have only one (%%d)", text, count);
    return count;
}

/* path with DEFAULT_CONVERSION before the extension of its last
 * component, or at its end when that has none (a leading dot, as in
 * ".data", is not an extension). */
static char *with_default_conversion(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot != NULL && dot != base ? (size_t)(dot - path) : strlen(path);
    size_t size = strlen(path) + sizeof DEFAULT_CONVERSION;
    char *pattern = malloc(size);
    if (pattern != NULL)
        snprintf(pattern, size, "%.*s%s%s", (int)stem, path, DEFAULT_CONVERSION, path + stem);
    return pattern;
}

int family_pattern_of(const char *path, char **pattern_out)
{
    *pattern_out = NULL;
    int conversions = count_conversions(path);
    if (conversions < 0)
        return conversions;
    char *pattern = conversions == 1 ? strdup(path) : with_default_conversion(path);
    if (pattern == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory naming the members of '%s'", path);
    /* The longest member name h5x could ask for must fit libhdf5's buffer,
     * or libhdf5 would cut it short and open some other file. */
    int longest = snprintf(NULL, 0, pattern, (unsigned)INT_MAX);
    if (longest < 0 || longest >= FAMILY_MEMBER_NAME_MAX) {
        h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "family name '%s': member names would exceed %d bytes",
                            path, FAMILY_MEMBER_NAME_MAX - 1);
        free(pattern);
        return H5X_ERR_INVALID_ARGUMENT;
    }
    *pattern_out = pattern;
    return 0;
}

void family_member_name(const char *pattern, unsigned index, char out[FAMILY_MEMBER_NAME_MAX])
{
    snprintf(out, FAMILY_MEMBER_NAME_MAX, pattern, index);
}
