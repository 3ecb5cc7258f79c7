/*
 * family.h — what the files of the family connector share.
 *
 * The connector is the native connector's object mapping (connectors/native)
 * over libhdf5's family driver.  Its own code is only about the member
 * files: their names (family_pattern.c), what member 0's superblock says
 * about the whole (family_superblock.c), and the file access hooks that
 * native_file.c calls (family_access.c).
 */
#ifndef H5X_FAMILY_H
#define H5X_FAMILY_H

#include <stdint.h>

#include "native.h"

/* The member size of new families when no member_size option is given:
 * h5py's default for driver="family" (2**31 - 1 bytes), so that h5py opens
 * h5x's families without being told a memb_size. */
#define FAMILY_DEFAULT_MEMBER_SIZE UINT64_C(2147483647)

/* libhdf5 formats member names into a buffer of this many bytes. */
#define FAMILY_MEMBER_NAME_MAX 4096

/* ------------------------------------------------------------ names */

/* The member name pattern for path, malloc'd.  A path with one integer
 * conversion (%d, %06d, %u, ...) is its own pattern; a path with none gets
 * "-%06d" before the extension of its last component ("run.h5" ->
 * "run-%06d.h5"), as libhdf5 names the members of such a file itself.
 * "%%" is a literal percent sign.  Anything else after a '%', or more than
 * one conversion, is H5X_ERR_INVALID_ARGUMENT (recorded). */
int family_pattern_of(const char *path, char **pattern);

/* The name of member index of a pattern family_pattern_of made, into out
 * (FAMILY_MEMBER_NAME_MAX bytes). */
void family_member_name(const char *pattern, unsigned index, char out[FAMILY_MEMBER_NAME_MAX]);

/* ------------------------------------------------------- superblock */

/* What member 0's superblock says about the whole family. */
typedef struct family_superblock {
    int version;          /* of the superblock */
    uint64_t end;         /* where the file's last byte lies, + 1 (base address + end-of-file address) */
    uint64_t member_size; /* the member size the family driver stored; 0 when none was found */
} family_superblock;

/* Reads the superblock of member 0.  1 when one was read, 0 when the file
 * holds no superblock h5x can read (libhdf5 then has the last word), or a
 * negative status (recorded) when the file cannot be read. */
int family_superblock_read(const char *member0, family_superblock *superblock);

/* ---------------------------------------------------------- access */

/* The hooks through which native_file.c opens families. */
extern const native_file_access family_access;

#endif
