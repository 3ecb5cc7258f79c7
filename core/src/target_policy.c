/*
 * The external-target policy (see target_policy.h for the rules).
 *
 * Paths are compared after canonicalisation, because a textual prefix test
 * alone is fooled by "/data/../etc/passwd" and by a symbolic link inside an
 * allowed directory that points out of it.  realpath() resolves both, but
 * only for paths that exist; for the rest the longest existing ancestor is
 * resolved and the remaining components are appended after a lexical
 * clean-up, which is as far as anyone can know where the path will lead.
 */
/* realpath and strndup come with _DEFAULT_SOURCE, which the build defines */
#include "target_policy.h"

#include "error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

const char *h5x_target_policy_prefixes(const char *file_prefixes)
{
    if (file_prefixes)
        return file_prefixes;
    return getenv(H5X_ALLOWED_PATHS_ENV);
}

/* Rewrites an absolute path in place without ".", ".." or repeated '/'. */
static void normalise_lexically(char *path)
{
    char *out = path; /* path[0] is '/' */
    const char *in = path;
    while (*in) {
        while (*in == '/')
            in++;
        const char *end = strchr(in, '/');
        size_t len = end ? (size_t)(end - in) : strlen(in);
        if (len == 0)
            break;
        if (len == 1 && in[0] == '.') {
            /* nothing */
        } else if (len == 2 && in[0] == '.' && in[1] == '.') {
            while (out > path && *--out != '/')
                ;
        } else {
            *out++ = '/';
            memmove(out, in, len);
            out += len;
        }
        in += len;
    }
    if (out == path)
        *out++ = '/';
    *out = '\0';
}

/* Joins a resolved directory and the rest of a path ("/a" + "b" → "/a/b"). */
static char *join(const char *dir, const char *rest)
{
    size_t a = strlen(dir), b = strlen(rest);
    char *out = malloc(a + b + 2);
    if (!out)
        return NULL;
    memcpy(out, dir, a);
    size_t n = a;
    if (b) {
        if (n == 0 || out[n - 1] != '/')
            out[n++] = '/';
        memcpy(out + n, rest, b);
        n += b;
    }
    out[n] = '\0';
    return out;
}

char *h5x_target_canonical_path(const char *path)
{
    char *absolute;
    if (path[0] == '/') {
        absolute = strdup(path);
    } else {
        char cwd[PATH_MAX];
        absolute = getcwd(cwd, sizeof cwd) ? join(cwd, path) : strdup(path);
    }
    if (!absolute)
        return NULL;
    if (absolute[0] != '/') /* no current directory: compare as written */
        return absolute;
    normalise_lexically(absolute);
    /* Resolve the longest existing ancestor (the whole path when it exists). */
    size_t cut = strlen(absolute);
    for (;;) {
        char saved = absolute[cut];
        absolute[cut] = '\0';
        char resolved[PATH_MAX];
        const char *dir = cut == 0 ? "/" : absolute;
        char *ok = realpath(dir, resolved);
        absolute[cut] = saved;
        if (ok) {
            const char *rest = absolute + cut;
            while (*rest == '/')
                rest++;
            char *out = join(resolved, rest);
            free(absolute);
            return out;
        }
        if (cut == 0)
            return absolute;
        while (cut > 0 && absolute[cut - 1] != '/')
            cut--;
        if (cut > 0)
            cut--; /* drop the '/' too */
    }
}

/* 1 when canonical path lies in (or is) directory dir (also canonical). */
static int inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return 1;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* 1 when path lies in one of the ':'-separated directories, 0 when not,
 * negative when out of memory. */
static int allowed_by(const char *path, const char *prefixes)
{
    const char *entry = prefixes;
    while (*entry) {
        const char *end = strchr(entry, ':');
        size_t len = end ? (size_t)(end - entry) : strlen(entry);
        if (len > 0) {
            char *dir_text = strndup(entry, len);
            char *dir = dir_text ? h5x_target_canonical_path(dir_text) : NULL;
            free(dir_text);
            if (!dir)
                return -1;
            int yes = inside(path, dir);
            free(dir);
            if (yes)
                return 1;
        }
        if (!end)
            break;
        entry = end + 1;
    }
    return 0;
}

int h5x_target_allowed(const char *path, const char *what, const char *allowed_prefixes)
{
    if (!what)
        what = "target";
    if (!path || !*path)
        return h5x_error(H5X_ERR_INVALID_ARGUMENT, "the %s has no file name", what);
    const char *prefixes = h5x_target_policy_prefixes(allowed_prefixes);
    if (!prefixes)
        return 0; /* the documented default: no restriction */
    char *canonical = h5x_target_canonical_path(path);
    if (!canonical)
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    int rc = allowed_by(canonical, prefixes);
    if (rc < 0) {
        free(canonical);
        return h5x_error(H5X_ERR_NO_MEMORY, "out of memory");
    }
    if (rc == 0) {
        const char *source = allowed_prefixes ? "the file's allowed_target_prefixes" : H5X_ALLOWED_PATHS_ENV;
        if (*prefixes)
            h5x_error(H5X_ERR_NOT_ALLOWED, "the %s '%s' (%s) is outside the allowed directories '%s' (set by %s)",
                      what, path, canonical, prefixes, source);
        else
            h5x_error(H5X_ERR_NOT_ALLOWED, "the %s '%s' is not allowed: %s is empty, which allows no targets", what,
                      path, source);
        free(canonical);
        return H5X_ERR_NOT_ALLOWED;
    }
    free(canonical);
    return 0;
}
