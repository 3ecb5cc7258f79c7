/*
 * context.c — file naming, opening and reopening for the conformance suite.
 *
 * These helpers are where the suite makes sure it tests what it claims to
 * test: every file is opened through the connector under test and the
 * connector that actually serves it is checked, and "reopen" really closes
 * the file when the connector's files persist, so that every value a
 * section compares has made the round trip through storage.
 */
#include "conformance.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int conf_has(const conf_context *ctx, uint64_t cap)
{
    return (ctx->capabilities & cap) == cap;
}

void conf_path(const conf_context *ctx, const char *stem, char *out, size_t size)
{
    snprintf(out, size, "%s/%s%s", ctx->directory, stem, ctx->suffix);
}

void conf_uri(const conf_context *ctx, const char *stem, char *out, size_t size)
{
    char path[4096 + 256];
    conf_path(ctx, stem, path, sizeof path);
    snprintf(out, size, "%s:%s", ctx->connector_spec, path);
}

int conf_remove(const char *path)
{
    if (strchr(path, '%') == NULL)
        return unlink(path) == 0 ? 0 : -1;
    unsigned removed = 0;
    for (;; removed++) {
        char member[4096 + 256];
        snprintf(member, sizeof member, path, removed);
        if (unlink(member) != 0)
            break;
    }
    return removed > 0 ? 0 : -1;
}

int conf_check_owned_str_at(char *got, const char *want, const char *file, int line, const char *expression)
{
    int ok = harness_check_str(got, want, file, line, expression);
    h5x_free(got);
    return ok;
}

int conf_check_connector_at(const conf_context *ctx, h5x_object *object, const char *file, int line)
{
    h5x_clear_error();
    char *active = h5x_file_connector(object);
    int ok = harness_check_str(active, ctx->connector_name, file, line, "h5x_file_connector(file)");
    h5x_free(active);
    return ok;
}

h5x_object *conf_open_at(const conf_context *ctx, const char *stem, const char *mode, const char *file, int line)
{
    char uri[4096 + 512];
    conf_uri(ctx, stem, uri, sizeof uri);
    h5x_clear_error();
    h5x_object *handle = h5x_file_open(uri, mode, NULL);
    if (!harness_check(handle != NULL, file, line, "h5x_file_open(uri, mode, NULL)",
                       "opening \"%s\" with mode \"%s\" failed", uri, mode ? mode : "(null)"))
        return NULL;
    conf_check_connector_at(ctx, handle, file, line);
    return handle;
}

h5x_object *conf_reopen_at(const conf_context *ctx, h5x_object *file, const char *stem, const char *mode,
                           const char *src_file, int line)
{
    if (!file) {
        harness_check(0, src_file, line, "conf_reopen(file)", "there is no open file to reopen");
        return NULL;
    }
    if (!conf_has(ctx, H5X_CAP_PERSISTENT)) {
        /* The file would vanish with its last handle: hold it through a
         * fresh root handle and drop the old one instead. */
        h5x_clear_error();
        h5x_object *again = h5x_object_file(file);
        harness_check(again != NULL, src_file, line, "h5x_object_file(file)", "could not take a new file handle");
        h5x_close(file);
        return again;
    }
    h5x_clear_error();
    int status = h5x_close(file);
    harness_check(status >= 0, src_file, line, "h5x_close(file)", "closing before reopening gave %d (%s)", status,
                  harness_status_name(status));
    return conf_open_at(ctx, stem, mode, src_file, line);
}

int conf_require_write(const conf_context *ctx)
{
    if (conf_has(ctx, H5X_CAP_WRITE))
        return 1;
    char uri[4096 + 512];
    conf_uri(ctx, "not-writable", uri, sizeof uri);
    CHECK_NULL_STATUS(h5x_file_open(uri, "w", NULL), H5X_ERR_NOT_SUPPORTED);
    harness_note("the connector does not claim H5X_CAP_WRITE: creating files is refused, nothing else to test here");
    return 0;
}

int conf_little_endian(void)
{
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    return first == 1;
}

const char *conf_native_order_char(void)
{
    return conf_little_endian() ? "<" : ">";
}
