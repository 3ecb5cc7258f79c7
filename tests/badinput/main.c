/*
 * main.c — runs the bad-input catalogue against one connector.
 *
 *   badinput --connector native|core [--tmpdir DIR] [--verbose]
 *
 * For each case of the table: clear the last error, evaluate the case, and
 * check that it returned the status the table names (a negative one, or
 * success for the calls whose right answer to odd input is a quiet one),
 * that the last error carries the same code and a message containing one
 * of the table's words, and that the files of the fixture hold exactly
 * what they held before.  The last line is "N passed, M failed".
 *
 * The two cases about a plugin from another ABI need the directory of
 * libh5x_oldabi.so (built beside this program) on H5X_PLUGIN_PATH, as
 * CTest sets it.
 */
#include "badinput.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct section {
    const char *name;
    const bad_case *cases;
    const size_t *count;
} section;

static const section sections[] = {
    {"basics", basics_cases, &basics_case_count},
    {"objects", object_cases, &object_case_count},
    {"datasets", dataset_cases, &dataset_case_count},
    {"model", model_cases, &model_case_count},
};

/* 1 when message contains one of the '|'-separated alternatives in needle
 * (letters compared without case). */
static int mentions(const char *message, const char *needle)
{
    char alternative[256];
    while (*needle) {
        size_t n = strcspn(needle, "|");
        if (n >= sizeof alternative)
            n = sizeof alternative - 1;
        memcpy(alternative, needle, n);
        alternative[n] = '\0';
        for (const char *m = message; *m; m++) {
            size_t i = 0;
            while (alternative[i] && m[i] && tolower((unsigned char)m[i]) == tolower((unsigned char)alternative[i]))
                i++;
            if (!alternative[i])
                return 1;
        }
        needle += n;
        if (*needle == '|')
            needle++;
    }
    return 0;
}

/* Returns 1 when the case passed; prints why not otherwise. */
static int run_case(const bad_case *c, uint64_t *baseline, int verbose)
{
    int expected = F->is_core && c->core_code ? c->core_code : c->code;
    h5x_clear_error();
    int got = c->run();
    const h5x_error_info *e = h5x_last_error();
    int code = e->code;
    char message[2048];
    snprintf(message, sizeof message, "%s", e->message);
    int ok = 1;
    char why[512] = "";
    if (got != expected) {
        ok = 0;
        snprintf(why, sizeof why, "returned %d (%s), expected %d (%s)", got, h5x_strerror(got), expected,
                 h5x_strerror(expected));
    } else if (expected < 0 && code != expected) {
        ok = 0;
        snprintf(why, sizeof why, "last error code %d (%s), expected %d", code, h5x_strerror(code), expected);
    } else if (expected < 0 && !message[0]) {
        ok = 0;
        snprintf(why, sizeof why, "empty error message");
    } else if (expected < 0 && !mentions(message, c->needle)) {
        ok = 0;
        snprintf(why, sizeof why, "message does not mention \"%s\"", c->needle);
    } else if (expected == 0 && code != 0) {
        ok = 0;
        snprintf(why, sizeof why, "succeeded but left error %d", code);
    }
    uint64_t after = 0;
    if (fixture_digest(F, &after) != 0) {
        ok = 0;
        snprintf(why + strlen(why), sizeof why - strlen(why), "%sthe fixture could not be read back",
                 why[0] ? "; " : "");
    } else if (after != *baseline) {
        ok = 0;
        snprintf(why + strlen(why), sizeof why - strlen(why), "%sthe files changed", why[0] ? "; " : "");
        *baseline = after; /* report each change once */
    }
    if (!ok)
        printf("FAIL %s: %s\n     message: %s\n", c->name, why, message);
    else if (verbose)
        printf("ok   %s: %s\n", c->name, expected < 0 ? message : "(no error)");
    return ok;
}

static int usage(void)
{
    fprintf(stderr, "usage: badinput --connector native|core [--tmpdir DIR] [--verbose]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *connector = NULL;
    const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--connector") == 0 && i + 1 < argc)
            connector = argv[++i];
        else if (strcmp(argv[i], "--tmpdir") == 0 && i + 1 < argc)
            tmpdir = argv[++i];
        else if (strcmp(argv[i], "--verbose") == 0)
            verbose = 1;
        else
            return usage();
    }
    if (!connector || (strcmp(connector, "native") != 0 && strcmp(connector, "core") != 0))
        return usage();

    static fixture state;
    char directory[2048];
    snprintf(directory, sizeof directory, "%s/badinput-%s-%ld", tmpdir, connector, (long)getpid());
    char command[4200];
    snprintf(command, sizeof command, "mkdir -p '%s'", directory);
    if (system(command) != 0) {
        fprintf(stderr, "badinput: cannot make %s\n", directory);
        return 1;
    }
    if (fixture_open(&state, connector, directory) != 0) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    uint64_t baseline;
    if (fixture_digest(F, &baseline) != 0) {
        fprintf(stderr, "badinput: the fixture cannot be read back\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    size_t passed = 0, failed = 0;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        size_t before = failed;
        for (size_t i = 0; i < *sections[s].count; i++) {
            if (run_case(&sections[s].cases[i], &baseline, verbose))
                passed++;
            else
                failed++;
        }
        printf("section %s: %zu cases, %zu failed\n", sections[s].name, *sections[s].count, failed - before);
    }
    fixture_close(&state);
    if (failed == 0) {
        snprintf(command, sizeof command, "rm -rf '%s'", directory);
        if (system(command) != 0)
            fprintf(stderr, "badinput: could not remove %s\n", directory);
    }
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
