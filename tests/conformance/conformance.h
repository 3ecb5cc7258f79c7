/*
 * conformance.h — what the sections of the conformance suite share.
 *
 * The suite is written once against the public API and run once per
 * connector: `conformance --connector NAME[;OPTIONS] [--section S]`.  Every
 * file a section makes lives in a fresh temporary directory and is opened
 * through the connector under test, named either by a "NAME:PATH" URI
 * prefix (the default in these helpers) or through options.connector and
 * H5X_CONNECTOR (the files section does both explicitly).  Each open checks
 * that the connector actually serving the file is the one asked for, so a
 * silent fallback to another connector cannot pass the suite.
 *
 * Connectors differ in what they claim.  A section asks conf_has() before
 * using an optional feature; when the capability is not claimed it checks
 * that the declared error, H5X_ERR_NOT_SUPPORTED, comes back instead — the
 * suite never skips silently.  A connector whose files do not outlive the
 * process (no H5X_CAP_PERSISTENT) cannot be reopened after a close; there
 * conf_reopen() keeps the file alive through a second handle instead, so
 * values are still read back from the connector's storage and not from the
 * test's own buffers.
 */
#ifndef H5X_CONFORMANCE_H
#define H5X_CONFORMANCE_H

#include <stddef.h>
#include <stdint.h>

#include "h5x.h"
#include "h5x_connector.h"
#include "harness.h"

typedef struct conf_context {
    const char *connector_spec; /* as given: "name" or "name;key=value..." */
    char connector_name[64];    /* the name alone */
    uint64_t capabilities;      /* as the connector declares them */
    char directory[4096];       /* the run's temporary directory */
    const char *suffix;         /* how file names end (".h5") */
} conf_context;

/* 1 when the connector claims every bit of cap. */
int conf_has(const conf_context *ctx, uint64_t cap);

/* The path of a test file (directory/stem + suffix), and its URI with the
 * connector prefix ("spec:path").  Both write into out. */
void conf_path(const conf_context *ctx, const char *stem, char *out, size_t size);
void conf_uri(const conf_context *ctx, const char *stem, char *out, size_t size);

/* Removes the file at path (made with conf_path) as the connector stores
 * it: the file itself or, when path is a member pattern (--suffix "-%d.h5"
 * for a connector that splits files), every member it names.  0 when
 * something was removed, -1 when nothing was there. */
int conf_remove(const char *path);

/* Opens the test file `stem` through its URI and checks the connector.  A
 * failure is recorded at the caller's file:line. */
h5x_object *conf_open_at(const conf_context *ctx, const char *stem, const char *mode, const char *file, int line);
#define conf_open(ctx, stem, mode) conf_open_at((ctx), (stem), (mode), __FILE__, __LINE__)

/* Closes file (every other handle on it must already be closed) and opens
 * it again with mode, so that what follows reads what storage kept.  See
 * the note at the top for connectors without H5X_CAP_PERSISTENT.  Returns
 * the new handle or NULL (recorded as a failure). */
h5x_object *conf_reopen_at(const conf_context *ctx, h5x_object *file, const char *stem, const char *mode,
                           const char *src_file, int line);
#define conf_reopen(ctx, file, stem, mode) conf_reopen_at((ctx), (file), (stem), (mode), __FILE__, __LINE__)

/* Checks that the object's file is served by the connector under test. */
int conf_check_connector_at(const conf_context *ctx, h5x_object *object, const char *file, int line);
#define CHECK_CONNECTOR(ctx, object) conf_check_connector_at((ctx), (object), __FILE__, __LINE__)

/* 1 when the connector can create files.  When it cannot, checks that
 * creating one answers H5X_ERR_NOT_SUPPORTED and notes that the calling
 * section has nothing more to test. */
int conf_require_write(const conf_context *ctx);

/* 1 when the machine stores numbers little-endian. */
int conf_little_endian(void);
/* "<" or ">": the machine's byte order character in NumPy spellings. */
const char *conf_native_order_char(void);

/* A string h5x returned, compared and released in one step. */
int conf_check_owned_str_at(char *got, const char *want, const char *file, int line, const char *expression);
#define CHECK_OWNED_STR(call, want)                                                                          \
    (h5x_clear_error(), conf_check_owned_str_at((call), (want), __FILE__, __LINE__, #call))

/* The sections. */
void conformance_files(conf_context *ctx);
void conformance_files_extra(conf_context *ctx);
void conformance_groups(conf_context *ctx);
void conformance_datasets(conf_context *ctx);
void conformance_dtypes(conf_context *ctx);
void conformance_selections(conf_context *ctx);
void conformance_attributes(conf_context *ctx);
void conformance_attributes_extra(conf_context *ctx);
void conformance_dimscales(conf_context *ctx);
void conformance_empty_and_scalar(conf_context *ctx);
void conformance_types(conf_context *ctx);
void conformance_links(conf_context *ctx);
void conformance_references(conf_context *ctx);
void conformance_filters(conf_context *ctx);
void conformance_vds(conf_context *ctx);

#endif
