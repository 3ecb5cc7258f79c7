/*
 * The connector registry and the runtime selection of connectors:
 *  - a plugin with a wrong ABI version is refused, naming its file;
 *  - a connector without an operation answers H5X_ERR_NOT_SUPPORTED naming
 *    the connector and the operation;
 *  - plugins are never picked up from the current directory, nor from
 *    relative entries of H5X_PLUGIN_PATH;
 *  - connector strings select connectors (prefix, options, H5X_CONNECTOR)
 *    and malformed or unknown ones give clear errors.
 *
 * Usage: test_registry GOOD_PLUGIN_DIR BAD_PLUGIN_DIR
 * GOOD_PLUGIN_DIR holds libh5x_minimal.so, BAD_PLUGIN_DIR libh5x_badabi.so.
 */
#include "h5x.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (cond) {                                                                                  \
            passed++;                                                                                \
        } else {                                                                                     \
            failed++;                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s (last error: [%d] %s)\n", __FILE__, __LINE__, #cond, \
                    h5x_last_error()->code, h5x_last_error()->message);                              \
        }                                                                                            \
    } while (0)

static int message_has(const char *text)
{
    return strstr(h5x_last_error()->message, text) != NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s GOOD_PLUGIN_DIR BAD_PLUGIN_DIR\n", argv[0]);
        return 2;
    }
    const char *good = argv[1], *bad = argv[2];
    char path[4096], self[4096];
    if (!realpath(argv[0], self)) {
        perror("realpath");
        return 2;
    }

    /* The registry loads plugins once per process, so the part with both
     * directories on the path runs in a child process. */
    if (!getenv("H5X_REGISTRY_CHILD")) {
        /* the current directory holds a valid plugin, and H5X_PLUGIN_PATH
         * has relative entries for it: neither may be used */
        if (chdir(good) != 0) {
            perror("chdir");
            return 2;
        }
        setenv("H5X_PLUGIN_PATH", ".:plugins:good", 1);
        h5x_object *f = h5x_file_open("minimal:x.h5", "r", NULL);
        CHECK(f == NULL);
        CHECK(h5x_last_error()->code == H5X_ERR_PLUGIN);
        CHECK(message_has("no connector named 'minimal'"));

        snprintf(path, sizeof path, "%s:%s", good, bad);
        setenv("H5X_PLUGIN_PATH", path, 1);
        setenv("H5X_REGISTRY_CHILD", "1", 1);
        char command[8192];
        snprintf(command, sizeof command, "'%s' '%s' '%s'", self, good, bad);
        int status = system(command);
        CHECK(status == 0);
        printf("%d passed, %d failed\n", passed, failed);
        return failed ? 1 : 0;
    }
    h5x_object *f;

    /* a wrong ABI version is refused with the file named */
    f = h5x_file_open("badabi:x.h5", "r", NULL);
    CHECK(f == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_PLUGIN);
    CHECK(message_has("libh5x_badabi.so"));
    CHECK(message_has("ABI version"));

    /* the refused plugin is not listed; the minimal one is, with its file */
    int n = h5x_connector_count();
    CHECK(n >= 1);
    int found_minimal = 0;
    for (int i = 0; i < n; i++) {
        h5x_plugin_info info;
        CHECK(h5x_connector_info(i, &info) == 0);
        CHECK(strcmp(info.name, "badabi") != 0);
        if (strcmp(info.name, "minimal") == 0) {
            found_minimal = 1;
            CHECK(strcmp(info.version, "1.2.3") == 0);
            CHECK(strstr(info.path, "libh5x_minimal.so") != NULL);
        }
    }
    CHECK(found_minimal);
    h5x_plugin_info info;
    CHECK(h5x_connector_info(n, &info) == H5X_ERR_INVALID_ARGUMENT);

    /* a NULL slot: one error naming the connector and the operation */
    f = h5x_file_open("minimal:x.h5", "r", NULL);
    CHECK(f == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_NOT_SUPPORTED);
    CHECK(message_has("'minimal'"));
    CHECK(message_has("opening files"));
    CHECK(strcmp(h5x_last_error()->connector, "minimal") == 0);

    /* writing modes on a connector without H5X_CAP_WRITE */
    f = h5x_file_open("minimal:x.h5", "w", NULL);
    CHECK(f == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_NOT_SUPPORTED);
    CHECK(message_has("read-only"));

    /* options the connector does not accept */
    f = h5x_file_open("minimal;speed=11:x.h5", "r", NULL);
    CHECK(f == NULL);
    CHECK(h5x_last_error()->code == H5X_ERR_OPTION);
    CHECK(message_has("speed"));

    /* the same selection through options and the environment */
    h5x_file_options options = H5X_FILE_OPTIONS_INIT;
    options.connector = "connector=minimal";
    f = h5x_file_open("x.h5", "r", &options);
    CHECK(f == NULL && h5x_last_error()->code == H5X_ERR_NOT_SUPPORTED &&
          strcmp(h5x_last_error()->connector, "minimal") == 0);
    setenv("H5X_CONNECTOR", "minimal", 1);
    f = h5x_file_open("x.h5", "r", NULL);
    CHECK(f == NULL && h5x_last_error()->code == H5X_ERR_NOT_SUPPORTED &&
          strcmp(h5x_last_error()->connector, "minimal") == 0);
    /* a URI prefix wins over the environment */
    f = h5x_file_open("nosuchconnector:x.h5", "r", NULL);
    CHECK(f == NULL && h5x_last_error()->code == H5X_ERR_PLUGIN && message_has("nosuchconnector"));
    unsetenv("H5X_CONNECTOR");

    /* malformed connector strings and modes */
    options.connector = "minimal;a=1;a=2";
    CHECK(h5x_file_open("x.h5", "r", &options) == NULL && h5x_last_error()->code == H5X_ERR_OPTION);
    options.connector = "minimal;native";
    CHECK(h5x_file_open("x.h5", "r", &options) == NULL && h5x_last_error()->code == H5X_ERR_OPTION);
    options.connector = "a=1";
    CHECK(h5x_file_open("x.h5", "r", &options) == NULL && h5x_last_error()->code == H5X_ERR_OPTION &&
          message_has("names no connector"));
    CHECK(h5x_file_open("minimal:x.h5", "rw", NULL) == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT &&
          message_has("'rw'"));
    CHECK(h5x_file_open(NULL, "r", NULL) == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT);
    options = (h5x_file_options)H5X_FILE_OPTIONS_INIT;
    options.userblock_size = 1000;
    CHECK(h5x_file_open("minimal:x.h5", "w", &options) == NULL && h5x_last_error()->code == H5X_ERR_INVALID_ARGUMENT &&
          message_has("power of two"));

    /* closing garbage is an error, not a crash; NULL is a no-op */
    CHECK(h5x_close(NULL) == 0);
    int not_a_handle = 0;
    CHECK(h5x_close(&not_a_handle) == H5X_ERR_BAD_HANDLE);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
