/*
 * dirstore_header.c — the header of a dataset and of an attribute file.
 *
 * A header is a few lines of text, one "key value" each, ended by an empty
 * line, so that a person can read a file's metadata with cat:
 *
 *     dtype <f4
 *     shape 3 10 10 10
 *     maxshape 3 10 10 10
 *     fillvalue 0000c0bf
 *
 * The dtype is spelled by dirstore_dtype.c: its NumPy spelling when it has
 * one, a small structured form otherwise.  A shape is its rank followed by
 * its dimensions (-1 is h5py's Empty, 0 a scalar).  maxshape is written for
 * datasets only and reads back as the shape when absent.  fillvalue, when
 * one was given, is the bytes of one element in hexadecimal.  An attribute
 * file continues after the empty line with its elements, raw, in the
 * stored dtype.
 *
 * Files are written under a temporary name and renamed into place, so a
 * reader sees the old header or the new one, never half of either.
 * Unknown keys are an error rather than skipped: a later format must not
 * be misread as this one.
 */
#include "dirstore.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dirstore_header_clear(dirstore_header *header)
{
    h5x_close(header->dtype);
    free(header->fillvalue);
    memset(header, 0, sizeof *header);
}

static void print_shape(FILE *out, const char *key, const h5x_shape *shape)
{
    fprintf(out, "%s %d", key, shape->rank);
    for (int i = 0; i < shape->rank; i++)
        fprintf(out, " %" PRIu64, shape->dims[i]);
    fputc('\n', out);
}

int dirstore_header_save(int dirfd, const char *name, const dirstore_header *header, int with_maxshape,
                         const void *data, size_t size, int sync)
{
    char spare[DIRSTORE_NAME_MAX + 32];
    const char *slash = strrchr(name, '/');
    /* the temporary file lives in the same directory, so rename() is atomic */
    snprintf(spare, sizeof spare, "%.*s.new-%ld", slash ? (int)(slash - name + 1) : 0, name, (long)getpid());
    char *spelling = dirstore_dtype_format(header->dtype);
    if (!spelling)
        return h5x_last_error()->code;
    int fd = openat(dirfd, spare, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!out) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        free(spelling);
        return dirstore_os_error(err, "cannot write", name);
    }
    fprintf(out, "dtype %s\n", spelling);
    free(spelling);
    print_shape(out, "shape", &header->shape);
    if (with_maxshape)
        print_shape(out, "maxshape", &header->maxshape);
    if (header->fillvalue) {
        fputs("fillvalue ", out);
        for (size_t i = 0; i < h5x_dtype_size(header->dtype); i++)
            fprintf(out, "%02x", ((const unsigned char *)header->fillvalue)[i]);
        fputc('\n', out);
    }
    fputc('\n', out);
    if (size)
        fwrite(data, 1, size, out);
    int failed = fflush(out) != 0 || ferror(out) || (sync && fsync(fd) != 0);
    int err = errno;
    if (fclose(out) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (!failed && renameat(dirfd, spare, dirfd, name) != 0) {
        failed = 1;
        err = errno;
    }
    if (failed) {
        unlinkat(dirfd, spare, 0);
        return dirstore_os_error(err, "cannot write", name);
    }
    return 0;
}

/* "RANK D0 D1 ..." into shape; 0, or -1 when malformed. */
static int parse_shape(const char *text, h5x_shape *shape)
{
    char *end;
    errno = 0;
    long rank = strtol(text, &end, 10);
    if (end == text || errno || rank < -1 || rank > H5X_MAX_RANK)
        return -1;
    memset(shape, 0, sizeof *shape);
    shape->rank = (int)rank;
    for (long i = 0; i < rank; i++) {
        text = end;
        shape->dims[i] = strtoull(text, &end, 10);
        if (end == text || errno)
            return -1;
    }
    return *end == '\0' ? 0 : -1;
}

/* The bytes of hex text into a new buffer of size bytes; NULL when malformed. */
static void *parse_hex(const char *text, size_t size)
{
    if (strlen(text) != 2 * size)
        return NULL;
    unsigned char *bytes = malloc(size ? size : 1);
    for (size_t i = 0; bytes && i < size; i++) {
        unsigned value;
        if (sscanf(text + 2 * i, "%2x", &value) != 1) {
            free(bytes);
            return NULL;
        }
        bytes[i] = (unsigned char)value;
    }
    return bytes;
}

/* One "key value" line into the header; 0, or -1 when not understood. */
static int parse_line(char *line, dirstore_header *header, int *has_maxshape)
{
    char *value = strchr(line, ' ');
    if (!value)
        return -1;
    *value++ = '\0';
    if (strcmp(line, "dtype") == 0 && !header->dtype)
        return (header->dtype = dirstore_dtype_parse(value)) != NULL ? 0 : -1;
    if (strcmp(line, "shape") == 0)
        return parse_shape(value, &header->shape);
    if (strcmp(line, "maxshape") == 0) {
        *has_maxshape = 1;
        return parse_shape(value, &header->maxshape);
    }
    if (strcmp(line, "fillvalue") == 0 && header->dtype && !header->fillvalue)
        return (header->fillvalue = parse_hex(value, h5x_dtype_size(header->dtype))) != NULL ? 0 : -1;
    return -1;
}

int dirstore_header_load(int dirfd, const char *name, dirstore_header *header, void **data)
{
    memset(header, 0, sizeof *header);
    if (data)
        *data = NULL;
    int fd = openat(dirfd, name, O_RDONLY);
    FILE *in = fd < 0 ? NULL : fdopen(fd, "rb");
    if (!in) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return dirstore_os_error(err, "cannot read", name);
    }
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int rc = 0, has_maxshape = 0, ended = 0;
    while (rc == 0 && (length = getline(&line, &capacity, in)) > 0) {
        if (line[length - 1] == '\n')
            line[--length] = '\0';
        if (length == 0) {
            ended = 1;
            break;
        }
        if (parse_line(line, header, &has_maxshape) != 0)
            rc = h5x_connector_error(H5X_ERR_CORRUPT, "'%s': the header line '%s' is not understood", name, line);
    }
    free(line);
    if (rc == 0 && (!ended || !header->dtype))
        rc = h5x_connector_error(H5X_ERR_CORRUPT, "'%s': the header is incomplete", name);
    if (rc == 0 && !has_maxshape)
        header->maxshape = header->shape;
    if (rc == 0 && data) {
        /* the elements follow, exactly as many as the shape holds */
        size_t size = (size_t)h5x_shape_size(&header->shape) * h5x_dtype_size(header->dtype);
        *data = size ? malloc(size) : NULL;
        if (size && !*data)
            rc = h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading '%s'", name);
        else if (fread(*data, 1, size, in) != size || fgetc(in) != EOF)
            rc = h5x_connector_error(H5X_ERR_CORRUPT, "'%s' does not hold the %zu bytes its header announces",
                                     name, size);
    }
    fclose(in);
    if (rc < 0) {
        dirstore_header_clear(header);
        if (data) {
            free(*data);
            *data = NULL;
        }
    }
    return rc;
}
