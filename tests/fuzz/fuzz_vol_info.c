/*
 * libFuzzer target for the VOL connector's info string ("connector=core;
 * backing_store=1"), which HDF5 takes from HDF5_VOL_CONNECTOR or a tool's
 * --vol-info and hands to h5x as is: text from outside the program.
 *
 * The parser (plugins/vol/vol_info.c) is a pure function and is linked
 * here directly, with the core's option parser (options.c), which reads
 * the same spec when the file is opened.  Whatever the input:
 *
 *  - a refusal is -1 with a message, and leaves nothing in the result;
 *  - an accepted spec is a piece of the input (the text between optional
 *    blanks and an optional "connector="), starts with a letter and has a
 *    name of [A-Za-z0-9_]; its canonical text parses back to the same
 *    spec; a copy is equal;
 *  - the core's option parser then accepts the spec with that connector
 *    name, or refuses it as an option error with a message;
 *  - a message buffer of one byte or none at all is respected.
 */
#include "options.h"
#include "vol_info.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
    if (!condition)
        abort();
}

/* The name at the start of spec: up to the first ';'. */
static size_t name_length(const char *spec)
{
    return strcspn(spec, ";");
}

static void check_against_core(const char *spec)
{
    h5x_options *options = NULL;
    h5x_clear_error();
    int rc = h5x_options_parse(spec, &options);
    if (rc < 0) {
        const h5x_error_info *e = h5x_last_error();
        require(e->code == rc && e->message[0] != '\0');
        require(options == NULL);
        return;
    }
    require(options != NULL && options->connector != NULL);
    require(strlen(options->connector) == name_length(spec) &&
            strncmp(options->connector, spec, name_length(spec)) == 0);
    h5x_options_free(options);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* the parser sees a C string: up to the first NUL */

    vol_info info = {(char *)"not touched"};
    char message[256];
    memset(message, 'x', sizeof message);
    int rc = vol_info_parse(text, &info, message, sizeof message);
    require(rc == 0 || rc == -1);
    require(memchr(message, '\0', sizeof message) != NULL);
    if (rc < 0) {
        require(message[0] != '\0' && info.connector_spec == NULL);
    } else if (info.connector_spec != NULL) {
        const char *spec = info.connector_spec;
        require(strstr(text, spec) != NULL);
        require((spec[0] >= 'a' && spec[0] <= 'z') || (spec[0] >= 'A' && spec[0] <= 'Z'));
        for (size_t i = 0; i < name_length(spec); i++) {
            char c = spec[i];
            require((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
        }
        char *canonical = vol_info_to_string(&info);
        require(canonical != NULL);
        vol_info again;
        require(vol_info_parse(canonical, &again, message, sizeof message) == 0);
        require(again.connector_spec != NULL && strcmp(again.connector_spec, spec) == 0);
        vol_info_clear(&again);
        free(canonical);
        vol_info copy;
        require(vol_info_copy(&info, &copy) == 0 && strcmp(copy.connector_spec, spec) == 0);
        vol_info_clear(&copy);
        check_against_core(spec);
    }
    vol_info_clear(&info);
    require(info.connector_spec == NULL);

    /* the same text with a one-byte message buffer, and with none */
    char tiny = 'x';
    vol_info other;
    require(vol_info_parse(text, &other, &tiny, 1) == rc);
    require(tiny == '\0');
    vol_info_clear(&other);
    require(vol_info_parse(text, &other, NULL, 0) == rc);
    vol_info_clear(&other);
    free(text);
    return 0;
}
