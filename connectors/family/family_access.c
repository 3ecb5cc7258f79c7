/*
 * family_access.c — how the family connector reaches its files: the
 * native_file_access hooks that native_file.c calls.
 *
 *  - The name libhdf5 gets is the member pattern (family_pattern.c).
 *  - A family exists when its member 0 does.
 *  - New families get libhdf5's family driver with the member_size option,
 *    or h5py's default size.  Existing families are opened with
 *    H5F_FAMILY_DEFAULT unless member_size is given: libhdf5 then takes the
 *    size stored in the file, so nobody needs to remember it.
 *  - Before an existing family is opened, every member it needs is looked
 *    at (family_superblock.c says how many it needs and how large they
 *    are): a missing member is H5X_ERR_NOT_FOUND and a short one
 *    H5X_ERR_CORRUPT, each naming the member's file.  A member_size given
 *    for an existing family must be the one it was written with.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "family.h"

/* The size of a member file: 1 when it exists (size in *size), 0 when it
 * does not, or a negative status (recorded). */
static int member_size_on_disk(const char *name, uint64_t *size)
{
    struct stat st;
    if (stat(name, &st) == 0) {
        *size = (uint64_t)st.st_size;
        return 1;
    }
    if (errno == ENOENT || errno == ENOTDIR)
        return 0;
    return h5x_connector_error(H5X_ERR_IO, "unable to open file: cannot stat '%s': %s", name, strerror(errno));
}

static int family_storage_name(const h5x_file_args *args, char **name)
{
    return family_pattern_of(args->path, name);
}

static int family_exists(const char *pattern)
{
    char member0[FAMILY_MEMBER_NAME_MAX];
    uint64_t size;
    family_member_name(pattern, 0, member0);
    return member_size_on_disk(member0, &size);
}

static int family_not_found(const char *pattern)
{
    char member0[FAMILY_MEMBER_NAME_MAX];
    family_member_name(pattern, 0, member0);
    return h5x_connector_error(H5X_ERR_NOT_FOUND,
                               "unable to open file: no such file '%s' (member 0 of the family '%s')", member0,
                               pattern);
}

/* The member_size option: 1 with the size in *size when given, 0 when not,
 * or a negative status (recorded) for a malformed or zero size. */
static int requested_member_size(const h5x_file_args *args, uint64_t *size)
{
    if (h5x_options_get(args->options, "member_size") == NULL)
        return 0;
    int status = h5x_options_get_size(args->options, "member_size", 0, size);
    if (status < 0)
        return status;
    if (*size == 0)
        return h5x_connector_error(H5X_ERR_OPTION, "option member_size=%s: a member holds at least one byte",
                                   h5x_options_get(args->options, "member_size"));
    return 1;
}

/* Checks members 0..count-1 of a family whose members hold member_size
 * bytes each and whose data ends at end. */
static int check_members(const char *pattern, uint64_t member_size, uint64_t end)
{
    uint64_t count = end == 0 ? 1 : (end - 1) / member_size + 1;
    if (count > UINT32_MAX)
        return h5x_connector_error(H5X_ERR_CORRUPT,
                                   "the family '%s' would need %llu members of %llu bytes: its first member is damaged",
                                   pattern, (unsigned long long)count, (unsigned long long)member_size);
    for (uint64_t i = 0; i < count; i++) {
        char name[FAMILY_MEMBER_NAME_MAX];
        family_member_name(pattern, (unsigned)i, name);
        uint64_t size = 0;
        int exists = member_size_on_disk(name, &size);
        if (exists < 0)
            return exists;
        if (!exists)
            return h5x_connector_error(H5X_ERR_NOT_FOUND,
                                       "member %llu of the family '%s' is missing: no such file '%s' "
                                       "(the family needs %llu members of %llu bytes)",
                                       (unsigned long long)i, pattern, name, (unsigned long long)count,
                                       (unsigned long long)member_size);
        int last = i + 1 == count;
        uint64_t needed = last ? end - i * member_size : member_size;
        if (size < needed)
            return h5x_connector_error(H5X_ERR_CORRUPT,
                                       "member %llu of the family '%s' is truncated: '%s' holds %llu bytes "
                                       "where the family needs %llu",
                                       (unsigned long long)i, pattern, name, (unsigned long long)size,
                                       (unsigned long long)needed);
        if (!last && size > member_size)
            return h5x_connector_error(H5X_ERR_CORRUPT,
                                       "member %llu of the family '%s' is damaged: '%s' holds %llu bytes, "
                                       "more than the member size %llu",
                                       (unsigned long long)i, pattern, name, (unsigned long long)size,
                                       (unsigned long long)member_size);
    }
    return 0;
}

static int family_check_existing(const h5x_file_args *args, const char *pattern)
{
    uint64_t requested = 0;
    int given = requested_member_size(args, &requested);
    if (given < 0)
        return given;
    char member0[FAMILY_MEMBER_NAME_MAX];
    family_member_name(pattern, 0, member0);
    family_superblock superblock;
    int found = family_superblock_read(member0, &superblock);
    if (found <= 0)
        return found; /* 0: not a superblock h5x reads; libhdf5 says what is wrong */
    if (given && superblock.member_size != 0 && requested != superblock.member_size)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "member_size=%llu does not match the family '%s', written with members of "
                                   "%llu bytes (leave member_size out when opening: the files say it)",
                                   (unsigned long long)requested, pattern,
                                   (unsigned long long)superblock.member_size);
    uint64_t member_size = superblock.member_size != 0 ? superblock.member_size : requested;
    if (member_size == 0) {
        /* No stored size (a file another driver wrote, say): when there
         * are more members, the first is as large as every member. */
        char member1[FAMILY_MEMBER_NAME_MAX];
        uint64_t size0 = 0, size1 = 0;
        family_member_name(pattern, 1, member1);
        int more = member_size_on_disk(member1, &size1);
        if (more < 0 || member_size_on_disk(member0, &size0) < 0)
            return H5X_ERR_IO;
        member_size = more && size0 > 0 ? size0 : UINT64_MAX;
    }
    return check_members(pattern, member_size, superblock.end);
}

static int family_set_driver(hid_t fapl, const h5x_file_args *args, int creating)
{
    uint64_t member_size = 0;
    int given = requested_member_size(args, &member_size);
    if (given < 0)
        return given;
    if (!given)
        member_size = creating ? FAMILY_DEFAULT_MEMBER_SIZE : H5F_FAMILY_DEFAULT;
    if (H5Pset_fapl_family(fapl, (hsize_t)member_size, H5P_DEFAULT) < 0)
        return native_fail(H5X_ERR_IO, "unable to select the family driver with members of %llu bytes",
                           (unsigned long long)member_size);
    return 0;
}

const native_file_access family_access = {
    .storage_name = family_storage_name,
    .exists = family_exists,
    .not_found = family_not_found,
    .check_existing = family_check_existing,
    .set_driver = family_set_driver,
};
