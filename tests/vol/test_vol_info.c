/*
 * test_vol_info.c — the VOL connector's info-string parser (vol_info.c),
 * which turns the text after "h5x" in HDF5_VOL_CONNECTOR or --vol-info
 * into the connector spec h5x opens files with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vol_info.h"

static int failures;

static void expect_spec(const char *text, const char *spec)
{
    vol_info info;
    char message[256];
    int status = vol_info_parse(text, &info, message, sizeof message);
    const char *got = info.connector_spec;
    if (status != 0 || (spec == NULL) != (got == NULL) || (spec != NULL && strcmp(spec, got) != 0)) {
        printf("FAIL: '%s' gave status %d, spec '%s' (%s), expected '%s'\n", text ? text : "(null)", status,
               got ? got : "(none)", message, spec ? spec : "(none)");
        failures++;
    }
    char *again = vol_info_to_string(&info);
    vol_info reparsed;
    if (again == NULL || vol_info_parse(again, &reparsed, message, sizeof message) != 0 ||
        (reparsed.connector_spec == NULL) != (got == NULL) ||
        (got != NULL && strcmp(reparsed.connector_spec, got) != 0)) {
        printf("FAIL: '%s' does not survive to_string ('%s')\n", text ? text : "(null)", again ? again : "");
        failures++;
    } else {
        vol_info_clear(&reparsed);
    }
    free(again);
    vol_info_clear(&info);
}

static void expect_error(const char *text, const char *words)
{
    vol_info info;
    char message[256];
    int status = vol_info_parse(text, &info, message, sizeof message);
    if (status == 0 || info.connector_spec != NULL || strstr(message, words) == NULL) {
        printf("FAIL: '%s' gave status %d, message '%s', expected an error naming '%s'\n", text, status, message,
               words);
        failures++;
    }
    vol_info_clear(&info);
}

int main(void)
{
    expect_spec(NULL, NULL);
    expect_spec("", NULL);
    expect_spec("   ", NULL);
    expect_spec("connector=core", "core");
    expect_spec("core", "core");
    expect_spec(" connector=family;member_size=1MiB ", "family;member_size=1MiB");
    expect_spec("connector=core;backing_store=1", "core;backing_store=1");
    expect_spec("my_store2;root=/tmp/x;depth=3", "my_store2;root=/tmp/x;depth=3");

    expect_error("connector=", "names no connector");
    expect_error("connector=2core", "does not start with a connector name");
    expect_error("core;backing_store", "has no '=VALUE'");
    expect_error("core;=1", "has no key");
    expect_error("core;;x=1", "empty option");
    expect_error("core x", "unexpected ' '");
    expect_error("core;a-b=1", "is not [A-Za-z0-9_]");

    /* a message that does not fit is cut, not overrun */
    vol_info info;
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    if (vol_info_parse("core;;", &info, tiny, sizeof tiny) == 0 || tiny[sizeof tiny - 1] != '\0') {
        printf("FAIL: a short message buffer is not terminated\n");
        failures++;
    }

    printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
