/*
 * interop_writer.c — writes the interop file (interop_content.h) with h5x's
 * native connector, for h5py to read.
 *
 *   interop_writer FILE
 *
 * Exit status 0 when the file was written, 1 when a call failed (the
 * failing call is printed), 2 for a usage error.
 */
#include <stdio.h>

#include "harness.h"
#include "interop_content.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: interop_writer FILE\n");
        return 2;
    }
    char uri[4096];
    snprintf(uri, sizeof uri, "native:%s", argv[1]);
    harness_section("write the interop file with h5x");
    harness_case(uri);
    h5x_object *file = CHECK_PTR(h5x_file_open(uri, "w", NULL));
    if (file) {
        interop_write(file);
        CHECK_OK(h5x_close(file));
    }
    return harness_finish();
}
