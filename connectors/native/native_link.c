/*
 * native_link.c — hard, soft and external links.
 *
 * Every link this connector creates uses h5py's link creation properties:
 * missing intermediate groups are created, and the link name's character
 * set is recorded as ASCII for pure-ASCII names and UTF-8 otherwise (h5py
 * encodes a str name to ASCII when it can and to UTF-8 when it cannot;
 * a bytes name it stores as-is, as ASCII, which is also what a name that
 * is not well-formed UTF-8 gets here).
 *
 * link_info reads a link without following it: soft links report their
 * target path, external links their file and path (unpacked from the
 * link value libhdf5 stores).  The root ("/" or ".") has no link of its
 * own; like h5py's get(..., getlink=True) it reports a hard link.
 *
 * When opening an object fails at a soft or external link, libhdf5's own
 * words ("component not found", "unable to open external file") do not
 * say which link or where it led; native_link_open_failure names the
 * dangling target, or the external file and path that could not be
 * opened.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"

/* 1 when name is text h5py would have encoded to UTF-8: well-formed
 * UTF-8 with at least one byte above 0x7f.  Pure ASCII is stored as
 * ASCII, and bytes that are not UTF-8 can only have come from a bytes
 * name, which h5py stores as-is with the ASCII character set. */
static int needs_utf8(const char *name)
{
    int any_high = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0';) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        any_high = 1;
        int extra = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
        if (extra < 0 || (*p == 0xc0 || *p == 0xc1) || *p > 0xf4)
            return 0;
        for (int k = 1; k <= extra; k++)
            if ((p[k] & 0xc0) != 0x80)
                return 0;
        p += extra + 1;
    }
    return any_high;
}

hid_t native_link_create_plist(const char *name)
{
    /* One ASCII component under an existing group: the default list makes
     * the same link, and libhdf5 answers it from its cached defaults (a
     * list per call costs about a tenth of a group creation). */
    const char *component = name[0] == '/' ? name + 1 : name;
    if (component[0] && !strchr(component, '/') && !needs_utf8(name))
        return H5P_DEFAULT;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (lcpl < 0 || H5Pset_create_intermediate_group(lcpl, 1) < 0 ||
        H5Pset_char_encoding(lcpl, needs_utf8(name) ? H5T_CSET_UTF8 : H5T_CSET_ASCII) < 0) {
        native_fail(H5X_ERR_IO, "unable to create link creation properties");
        if (lcpl >= 0)
            H5Pclose(lcpl);
        return H5I_INVALID_HID;
    }
    return lcpl;
}

void native_link_plist_close(hid_t lcpl)
{
    if (lcpl != H5P_DEFAULT)
        H5Pclose(lcpl);
}

/* The group holding the link at path, opened, when that link is a hard
 * link back to the same group; H5I_INVALID_HID otherwise. */
static hid_t group_linked_to_itself(hid_t loc, const char *path)
{
    H5L_info2_t link;
    if (H5Lget_info2(loc, path, &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD)
        return H5I_INVALID_HID;
    const char *slash = strrchr(path, '/');
    char *parent = slash == NULL ? strdup(".") : strndup(path, (size_t)(slash - path));
    if (parent == NULL)
        return H5I_INVALID_HID;
    hid_t group = H5Oopen(loc, parent[0] == '\0' ? "/" : parent, H5P_DEFAULT);
    free(parent);
    H5O_info2_t info;
    int cmp = 1;
    if (group >= 0 && H5Oget_info3(group, &info, H5O_INFO_BASIC) >= 0)
        H5Otoken_cmp(group, &info.token, &link.u.token, &cmp);
    if (cmp != 0 && group >= 0) {
        H5Oclose(group);
        group = H5I_INVALID_HID;
    }
    return group;
}

int native_link_delete(void *file_in, void *loc, const char *path)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "delete a link");
    if (status < 0)
        return status;
    hid_t where = native_location(file, loc);
    /* libhdf5 1.14.5 corrupts a group's header when deleting a hard link
     * to the group from the group itself lowers its link count to one in
     * a header that keeps the count in a message (creation order tracked):
     * the count message is removed in the middle of removing the link.
     * Holding one more count over the delete keeps that removal out of
     * it; dropping the count afterwards removes the message on its own. */
    hid_t itself = H5I_INVALID_HID;
    H5E_BEGIN_TRY
    {
        itself = group_linked_to_itself(where, path);
    }
    H5E_END_TRY
    if (itself >= 0 && H5Oincr_refcount(itself) < 0) {
        H5Oclose(itself);
        itself = H5I_INVALID_HID;
    }
    if (H5Ldelete(where, path, H5P_DEFAULT) < 0)
        status = native_fail(H5X_ERR_NOT_FOUND, "unable to delete link '%s'", path);
    if (itself >= 0) {
        if (H5Odecr_refcount(itself) < 0 && status == 0)
            status = native_fail(H5X_ERR_IO, "unable to restore the link count of the group holding '%s'", path);
        H5Oclose(itself);
    }
    return status;
}

static int is_root_path(const char *path)
{
    if (strcmp(path, ".") == 0)
        return 1;
    for (const char *p = path; *p != '\0'; p++)
        if (*p != '/')
            return 0;
    return path[0] == '/';
}

static char *copy_string(const char *text)
{
    char *copy = strdup(text);
    if (copy == NULL)
        h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading a link");
    return copy;
}

static int link_info_at(hid_t loc, const char *path, h5x_link_info *info)
{
    memset(info, 0, sizeof *info);
    if (is_root_path(path)) {
        info->kind = H5X_LINK_HARD;
        return 0;
    }
    H5L_info2_t linfo;
    if (H5Lget_info2(loc, path, &linfo, H5P_DEFAULT) < 0)
        return native_fail(H5X_ERR_NOT_FOUND, "unable to read link '%s'", path);
    if (linfo.type == H5L_TYPE_HARD) {
        info->kind = H5X_LINK_HARD;
        return 0;
    }
    if (linfo.type != H5L_TYPE_SOFT && linfo.type != H5L_TYPE_EXTERNAL)
        return h5x_connector_error(H5X_ERR_NOT_SUPPORTED, "link '%s' is a user-defined link of type %d", path,
                                   (int)linfo.type);

    size_t size = linfo.u.val_size;
    char *value = malloc(size + 1);
    if (value == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory reading link '%s'", path);
    int status = 0;
    if (H5Lget_val(loc, path, value, size, H5P_DEFAULT) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read the value of link '%s'", path);
        goto done;
    }
    value[size] = '\0';
    if (linfo.type == H5L_TYPE_SOFT) {
        info->kind = H5X_LINK_SOFT;
        if ((info->target_path = copy_string(value)) == NULL)
            status = H5X_ERR_NO_MEMORY;
        goto done;
    }
    unsigned flags = 0;
    const char *target_file = NULL, *target_path = NULL;
    if (H5Lunpack_elink_val(value, size, &flags, &target_file, &target_path) < 0) {
        status = native_fail(H5X_ERR_CORRUPT, "unable to unpack external link '%s'", path);
        goto done;
    }
    info->kind = H5X_LINK_EXTERNAL;
    info->target_file = copy_string(target_file);
    info->target_path = copy_string(target_path);
    if (info->target_file == NULL || info->target_path == NULL) {
        free(info->target_file);
        free(info->target_path);
        info->target_file = info->target_path = NULL;
        status = H5X_ERR_NO_MEMORY;
    }
done:
    free(value);
    return status;
}

int native_link_info(void *file_in, void *loc_in, const char *path, h5x_link_info *info)
{
    return link_info_at(native_location(file_in, loc_in), path, info);
}

int native_link_open_failure(hid_t loc, const char *path)
{
    int status = native_fail(H5X_ERR_NOT_FOUND, "unable to open object '%s'", path);
    H5L_info2_t linfo;
    if (H5Lget_info2(loc, path, &linfo, H5P_DEFAULT) < 0 ||
        (linfo.type != H5L_TYPE_SOFT && linfo.type != H5L_TYPE_EXTERNAL)) {
        H5Eclear2(H5E_DEFAULT);
        return status;
    }
    /* The failure was in following the link: say where it leads, with
     * libhdf5's words (the text in the parentheses native_fail added). */
    char *detail = strdup(h5x_last_error()->message);
    h5x_link_info info;
    if (detail == NULL || link_info_at(loc, path, &info) < 0) {
        free(detail);
        return status;
    }
    char *words = strchr(detail, '(');
    size_t length = words != NULL ? strlen(words) : 0;
    if (length >= 2 && words[length - 1] == ')') {
        words[length - 1] = '\0';
        words++;
    } else {
        words = detail;
    }
    if (info.kind == H5X_LINK_SOFT)
        status = h5x_connector_error(H5X_ERR_NOT_FOUND,
                                     "unable to open object '%s': it is a soft link to '%s', which does not exist "
                                     "(a dangling link)",
                                     path, info.target_path);
    else
        status = h5x_connector_error(H5X_ERR_NOT_FOUND,
                                     "unable to open object '%s': it is an external link to '%s' in file '%s', "
                                     "which cannot be followed (%s)",
                                     path, info.target_path, info.target_file, words);
    free(info.target_path);
    free(info.target_file);
    free(detail);
    return status;
}

int native_link_create_hard(void *file_in, void *target_object, void *loc, const char *path)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "create a hard link");
    if (status < 0)
        return status;
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    hid_t target = target_object != NULL ? ((native_object *)target_object)->id : file->id;
    herr_t result = H5Olink(target, native_location(file, loc), path, lcpl, H5P_DEFAULT);
    if (result < 0)
        status = native_fail(H5X_ERR_IO, "unable to create hard link '%s'", path);
    native_link_plist_close(lcpl);
    return status;
}

int native_link_create_soft(void *file_in, const char *target_path, void *loc, const char *path)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "create a soft link");
    if (status < 0)
        return status;
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    herr_t result = H5Lcreate_soft(target_path, native_location(file, loc), path, lcpl, H5P_DEFAULT);
    if (result < 0)
        status = native_fail(H5X_ERR_IO, "unable to create soft link '%s' -> '%s'", path, target_path);
    native_link_plist_close(lcpl);
    return status;
}

int native_link_create_external(void *file_in, const char *target_file, const char *target_path, void *loc,
                                const char *path)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "create an external link");
    if (status < 0)
        return status;
    hid_t lcpl = native_link_create_plist(path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    herr_t result = H5Lcreate_external(target_file, target_path, native_location(file, loc), path, lcpl, H5P_DEFAULT);
    if (result < 0)
        status = native_fail(H5X_ERR_IO, "unable to create external link '%s' -> '%s:%s'", path, target_file,
                       target_path);
    native_link_plist_close(lcpl);
    return status;
}

int native_link_move(void *file_in, void *src_loc, const char *src_path, void *dst_loc, const char *dst_path)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "move a link");
    if (status < 0)
        return status;
    hid_t src = native_location(file, src_loc), dst = native_location(file, dst_loc);
    if (src == dst && strcmp(src_path, dst_path) == 0)
        return 0; /* h5py: moving a name onto itself changes nothing */
    hid_t lcpl = native_link_create_plist(dst_path);
    if (lcpl < 0)
        return H5X_ERR_IO;
    herr_t result = H5Lmove(src, src_path, dst, dst_path, lcpl, H5P_DEFAULT);
    if (result < 0)
        status = native_fail(H5X_ERR_IO, "unable to move link '%s' to '%s'", src_path, dst_path);
    native_link_plist_close(lcpl);
    return status;
}

/* ------------------------------------------------ external-target policy */

/* libhdf5 opens an external link's target itself; this callback, set on
 * the link access list of every lookup while a policy is in force, is the
 * one place that sees the target's name before it is opened.  libhdf5
 * looks a relative name up beside the linking file first and then in the
 * current directory, so both places must be allowed when the name could
 * lead there. */

static char *beside(const char *linking_file, const char *name)
{
    const char *slash = strrchr(linking_file, '/');
    size_t dir = slash != NULL ? (size_t)(slash - linking_file) + 1 : 0;
    char *out = malloc(dir + strlen(name) + 1);
    if (out != NULL) {
        memcpy(out, linking_file, dir);
        strcpy(out + dir, name);
    }
    return out;
}

static int file_exists(const char *name)
{
    FILE *f = fopen(name, "rb");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

static herr_t check_external_target(const char *parent_file_name, const char *parent_group_name,
                                    const char *child_file_name, const char *child_object_name,
                                    unsigned *access_flags, hid_t fapl, void *op_data)
{
    (void)parent_group_name;
    (void)child_object_name;
    (void)fapl;
    /* The parent's intent may still carry the flags it was created with;
     * libhdf5 refuses those after a callback, and drops them itself
     * without one.  Keep what it keeps. */
    *access_flags &= H5F_ACC_RDWR | H5F_ACC_SWMR_WRITE | H5F_ACC_SWMR_READ;
    native_file *file = op_data;
    const char *what = "external link target";
    char *candidate = child_file_name[0] == '/' ? strdup(child_file_name) : beside(parent_file_name, child_file_name);
    if (candidate == NULL)
        return -1;
    int status = h5x_target_allowed(candidate, what, file->allowed_target_prefixes);
    if (status == 0 && child_file_name[0] != '/' && !file_exists(candidate) && file_exists(child_file_name)) {
        free(candidate);
        candidate = strdup(child_file_name);
        if (candidate == NULL)
            return -1;
        status = h5x_target_allowed(candidate, what, file->allowed_target_prefixes);
    }
    if (status < 0) {
        free(file->refused_target);
        file->refused_target = candidate;
        return -1;
    }
    free(candidate);
    return 0;
}

hid_t native_link_access(native_file *file)
{
    free(file->refused_target);
    file->refused_target = NULL;
    if (file->allowed_target_prefixes == NULL && getenv("H5X_ALLOWED_PATHS") == NULL)
        return H5P_DEFAULT;
    if (file->link_access <= 0) {
        hid_t lapl = H5Pcreate(H5P_LINK_ACCESS);
        if (lapl < 0 || H5Pset_elink_cb(lapl, check_external_target, file) < 0) {
            if (lapl >= 0)
                H5Pclose(lapl);
            H5Eclear2(H5E_DEFAULT);
            /* Failing closed: a lookup with an invalid list fails. */
            return H5I_INVALID_HID;
        }
        file->link_access = lapl;
    }
    return file->link_access;
}

int native_link_refusal(native_file *file)
{
    if (file->refused_target == NULL)
        return 0;
    H5Eclear2(H5E_DEFAULT);
    /* Recreates the policy's message, which libhdf5's failure replaced. */
    int status = h5x_target_allowed(file->refused_target, "external link target", file->allowed_target_prefixes);
    free(file->refused_target);
    file->refused_target = NULL;
    return status < 0 ? status : h5x_connector_error(H5X_ERR_NOT_ALLOWED, "an external link target was refused");
}
