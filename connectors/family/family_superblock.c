/*
 * family_superblock.c — what member 0 says about the whole family.
 *
 * Before libhdf5 opens a family, the connector checks that every member
 * the file needs is there and whole, so that a deleted or cut-short member
 * is reported by its name.  (libhdf5 stops at the first missing member and
 * then sees a file that merely looks short, and it reads a short member
 * that is not the last as if it held zeros.)  Two numbers make that check
 * possible, and both are in the file format, at the start of member 0:
 *
 *  - the end-of-file address of the superblock: how many bytes the file
 *    holds, hence how many members it needs;
 *  - the member size, which the family driver stores as its "driver
 *    information" ("NCSAfami" followed by the size as 8 little-endian
 *    bytes): in a driver information block that superblocks of versions 0
 *    and 1 point to, or in a driver-info message (type 0x14) in the
 *    superblock extension's object header for versions 2 and 3.
 *
 * Only these fields are read, with every offset checked against what was
 * read; anything unexpected answers "not found" and leaves the verdict to
 * libhdf5, which reads the whole format.  Layouts are those of the HDF5
 * file format specification (superblock, driver information block,
 * object header versions 1 and 2).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "family.h"

static const unsigned char hdf5_signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
static const char family_driver_id[8] = {'N', 'C', 'S', 'A', 'f', 'a', 'm', 'i'};

#define DRIVER_INFO_MESSAGE 0x0014
/* Enough for the superblock extension's object header, which holds a few
 * small messages. */
#define EXTENSION_READ_SIZE 4096

/* A little-endian unsigned number of size bytes (at most 8). */
static uint64_t little_endian(const unsigned char *bytes, size_t size)
{
    uint64_t value = 0;
    for (size_t i = size; i > 0; i--)
        value = value << 8 | bytes[i - 1];
    return value;
}

/* 1 when an address field of size bytes is the undefined address (all
 * bits set). */
static int undefined_address(const unsigned char *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (bytes[i] != 0xff)
            return 0;
    return 1;
}

/* Reads up to size bytes at offset; the number read, or -1 on error. */
static ssize_t read_at(int fd, void *buffer, size_t size, uint64_t offset)
{
    size_t done = 0;
    while (done < size) {
        ssize_t got = pread(fd, (char *)buffer + done, size - done, (off_t)(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return (ssize_t)done;
}

/* The member size in a family driver's information: the 8-character driver
 * name followed by info_size bytes of which the first 8 are the size.  0
 * when the driver is not the family driver. */
static uint64_t family_member_size(const unsigned char *name, const unsigned char *info, size_t info_size)
{
    if (memcmp(name, family_driver_id, sizeof family_driver_id) != 0 || info_size < 8)
        return 0;
    return little_endian(info, 8);
}

/* A version 0 or 1 superblock's driver information block at offset:
 * version, 3 reserved bytes, the information's size (4 bytes), the driver
 * name (8), the information. */
static uint64_t member_size_from_block(int fd, uint64_t offset)
{
    unsigned char block[16 + 8];
    if (read_at(fd, block, sizeof block, offset) != (ssize_t)sizeof block || block[0] != 0)
        return 0;
    return family_member_size(block + 8, block + 16, (size_t)little_endian(block + 4, 4));
}

/* The body of a driver-info message: version, the driver name (8), the
 * information's size (2), the information. */
static uint64_t member_size_from_message(const unsigned char *body, size_t size)
{
    if (size < 11 || body[0] != 0)
        return 0;
    size_t info_size = (size_t)little_endian(body + 9, 2);
    if (info_size > size - 11)
        return 0;
    return family_member_size(body + 1, body + 11, info_size);
}

/* Walks the messages of an object header (version 1, or version 2 with
 * its "OHDR" signature) held in header[0..size) and returns the member
 * size of its driver-info message, or 0. */
static uint64_t member_size_from_header(const unsigned char *header, size_t size)
{
    size_t at, end, prefix;
    int creation_order = 0;
    if (size >= 6 && memcmp(header, "OHDR", 4) == 0) {
        if (header[4] != 2)
            return 0;
        unsigned flags = header[5];
        at = 6 + ((flags & 0x20) ? 16 : 0) + ((flags & 0x10) ? 4 : 0);
        size_t width = (size_t)1 << (flags & 0x03);
        if (at + width > size)
            return 0;
        uint64_t chunk = little_endian(header + at, width);
        at += width;
        end = chunk > size - at ? size : at + (size_t)chunk;
        creation_order = (flags & 0x04) != 0;
        prefix = 4 + (creation_order ? 2 : 0);
    } else if (size >= 16 && header[0] == 1) {
        uint64_t chunk = little_endian(header + 8, 4);
        at = 16;
        end = chunk > size - at ? size : at + (size_t)chunk;
        prefix = 8;
    } else {
        return 0;
    }
    while (at + prefix <= end) {
        unsigned type;
        size_t body;
        if (header[0] == 1) {
            type = (unsigned)little_endian(header + at, 2);
            body = (size_t)little_endian(header + at + 2, 2);
        } else {
            type = header[at];
            body = (size_t)little_endian(header + at + 1, 2);
        }
        at += prefix;
        if (body > end - at)
            return 0;
        if (type == DRIVER_INFO_MESSAGE)
            return member_size_from_message(header + at, body);
        at += body;
    }
    return 0;
}

/* Parses the superblock found at signature_at in fd. */
static int parse(int fd, uint64_t signature_at, family_superblock *superblock)
{
    /* The longest superblock prefix read here: version 1's 28 bytes and
     * four addresses of at most 8 bytes. */
    unsigned char head[28 + 4 * 8];
    ssize_t got = read_at(fd, head, sizeof head, signature_at);
    if (got < 12)
        return 0;
    int version = head[8];
    size_t address_size, fields;
    if (version == 0 || version == 1) {
        address_size = head[13];
        fields = version == 0 ? 24 : 28;
    } else if (version == 2 || version == 3) {
        address_size = head[9];
        fields = 12;
    } else {
        return 0;
    }
    if (address_size < 2 || address_size > 8 || (size_t)got < fields + 4 * address_size)
        return 0;
    /* Four addresses follow: base; free space (0, 1) or extension (2, 3);
     * end of file; driver information block (0, 1) or root group (2, 3). */
    const unsigned char *base_field = head + fields;
    const unsigned char *second = base_field + address_size;
    const unsigned char *eof_field = second + address_size;
    const unsigned char *fourth = eof_field + address_size;
    if (undefined_address(base_field, address_size) || undefined_address(eof_field, address_size))
        return 0;
    uint64_t base = little_endian(base_field, address_size);
    superblock->version = version;
    superblock->end = base + little_endian(eof_field, address_size);
    superblock->member_size = 0;
    if (version <= 1) {
        if (!undefined_address(fourth, address_size))
            superblock->member_size = member_size_from_block(fd, base + little_endian(fourth, address_size));
    } else if (!undefined_address(second, address_size)) {
        unsigned char header[EXTENSION_READ_SIZE];
        got = read_at(fd, header, sizeof header, base + little_endian(second, address_size));
        if (got > 0)
            superblock->member_size = member_size_from_header(header, (size_t)got);
    }
    return 1;
}

int family_superblock_read(const char *member0, family_superblock *superblock)
{
    memset(superblock, 0, sizeof *superblock);
    int fd = open(member0, O_RDONLY);
    if (fd < 0)
        return h5x_connector_error(errno == ENOENT ? H5X_ERR_NOT_FOUND : H5X_ERR_IO, "unable to open '%s': %s",
                                   member0, strerror(errno));
    struct stat st;
    int found = 0;
    if (fstat(fd, &st) == 0) {
        /* The superblock is at 0 or after a user block: 512, 1024, 2048... */
        for (uint64_t at = 0; at + sizeof hdf5_signature <= (uint64_t)st.st_size; at = at ? at * 2 : 512) {
            unsigned char signature[sizeof hdf5_signature];
            if (read_at(fd, signature, sizeof signature, at) != (ssize_t)sizeof signature)
                break;
            if (memcmp(signature, hdf5_signature, sizeof signature) == 0) {
                found = parse(fd, at, superblock);
                break;
            }
        }
    }
    close(fd);
    return found;
}
