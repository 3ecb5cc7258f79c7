/*
 * interop_reader.c — reads a file h5py wrote (or any file holding the
 * interop content) with h5x and compares it, value by value, with what
 * interop_content.h says it holds.
 *
 *   interop_reader FILE
 *
 * Prints "N passed, M failed" last; exit status 0 when everything
 * matched, 1 otherwise, 2 for a usage error.
 */
#include <stdio.h>

#include "harness.h"
#include "interop_content.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: interop_reader FILE\n");
        return 2;
    }
    char uri[4096];
    snprintf(uri, sizeof uri, "native:%s", argv[1]);
    harness_section("read the interop file with h5x");
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "r", NULL));
    if (file) {
        char *connector = h5x_file_connector(file);
        CHECK_STR(connector, "native");
        h5x_free(connector);
        interop_verify(file);
        CHECK_OK(h5x_close(file));
    }
    return harness_finish();
}
