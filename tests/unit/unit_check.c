/* unit_check.c — the counters behind CHECK and CHECK_MSG (unit_check.h).
 * Each unit test is a program of its own, so one pair of counters serves
 * it; the checks run on the main thread. */
#include "unit_check.h"

#include <stdarg.h>
#include <stdio.h>

static int passed, failed;

int unit_check(int ok, const char *file, int line, const char *format, ...)
{
    if (ok) {
        passed++;
        return 1;
    }
    failed++;
    va_list args;
    va_start(args, format);
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    return 0;
}

int unit_check_finish(const char *test_name)
{
    printf("%s: %d passed, %d failed\n", test_name, passed, failed);
    return failed == 0 ? 0 : 1;
}
