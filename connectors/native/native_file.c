/*
 * native_file.c — opening, creating and closing HDF5 files as h5py does.
 *
 * h5py's modes map onto libhdf5 like this:
 *
 *   r    H5Fopen read-only (+ SWMR_READ for a SWMR reader)
 *   r+   H5Fopen read-write; the file must exist
 *   w    H5Fcreate, truncating
 *   w-/x H5Fcreate, failing when the file exists
 *   a    H5Fopen read-write when the file exists, else H5Fcreate
 *
 * Whether a file exists is checked with stat(), so that the common
 * mistakes get plain messages ("no such file", "already exists") and the
 * right h5x status instead of a page of libhdf5 stack: before creating,
 * and for r and r+ only once libhdf5 has failed to open the file.  The access
 * properties are h5py's: the sec2 driver and library-version bounds
 * earliest..latest unless the caller asks for others.  Naming, existence
 * and the driver are hooks (native_file_access): the family connector
 * opens its member files through this same code with its own.  Creation
 * properties carry the user block and, for track_order, creation-order
 * tracking and indexing of the root group's links and attributes.
 *
 * The file handle and every object opened in it share one native_file.
 * libhdf5 keeps a file open while any of its objects is open (its "weak"
 * close degree), and so does this struct: H5Fclose on the file handle
 * leaves objects usable, as h5py's lifetime rules want.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "native.h"

void native_file_retain(native_file *file)
{
    file->refcount++;
}

int native_library_closing(void)
{
    hbool_t closing = 0;
    return H5is_library_terminating(&closing) >= 0 && closing;
}

void native_file_release(native_file *file)
{
    if (--file->refcount > 0)
        return;
    if (!native_library_closing()) {
        if (file->scalar_space > 0)
            H5Sclose(file->scalar_space);
        if (file->link_access > 0)
            H5Pclose(file->link_access);
    }
    free(file->allowed_target_prefixes);
    free(file->refused_target);
    free(file->path);
    free(file);
}

static H5F_libver_t libver_of(h5x_libver v, H5F_libver_t default_value)
{
    switch (v) {
    case H5X_LIBVER_EARLIEST: return H5F_LIBVER_EARLIEST;
    case H5X_LIBVER_V18: return H5F_LIBVER_V18;
    case H5X_LIBVER_V110: return H5F_LIBVER_V110;
    case H5X_LIBVER_V112: return H5F_LIBVER_V112;
    case H5X_LIBVER_V114: return H5F_LIBVER_V114;
    case H5X_LIBVER_LATEST: return H5F_LIBVER_LATEST;
    case H5X_LIBVER_DEFAULT: break;
    }
    return default_value;
}

/* h5py's spelling of a version bound, for messages. */
static const char *libver_name(h5x_libver v)
{
    static const char *const names[] = {"default", "earliest", "v108", "v110", "v112", "v114", "latest"};
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "unknown";
}

static int sec2_set_driver(hid_t fapl, const h5x_file_args *args, int creating);

/* 1 when libhdf5's default file access list is the one make_fapl would
 * build: a plain sec2 open, and defaults that are libhdf5's own format and
 * sec2 (neither HDF5_VOL_CONNECTOR nor HDF5_DRIVER chose otherwise).
 * Making a list costs as much as a third of what libhdf5 spends opening a
 * small file, and asking the default's two properties a twentieth of
 * that. */
static int default_fapl_will_do(const native_file_access *access, const h5x_file_args *args)
{
    if (access->set_driver != sec2_set_driver || args->libver_low != H5X_LIBVER_DEFAULT ||
        args->libver_high != H5X_LIBVER_DEFAULT || (args->mode == H5X_MODE_READ && args->swmr))
        return 0;
    int allow_truncated = 1;
    if (h5x_options_get_bool(args->options, "allow_truncated", 0, &allow_truncated) < 0 || allow_truncated)
        return 0; /* make_fapl says what was wrong, or sets the property */
    if (H5Pget_driver(H5P_FILE_ACCESS_DEFAULT) != H5FD_SEC2)
        return 0;
    hid_t vol = H5I_INVALID_HID;
    int native = H5Pget_vol_id(H5P_FILE_ACCESS_DEFAULT, &vol) >= 0 && vol == H5VL_NATIVE;
    if (vol >= 0)
        H5VLclose(vol);
    return native;
}

/* The access list to open or create a file with: H5P_DEFAULT or a list of
 * its own, which the caller closes (H5Pclose accepts both). */
static int make_fapl(const native_file_access *access, const h5x_file_args *args, int creating,
                     hid_t *fapl_out)
{
    int status = 0;
    if (default_fapl_will_do(access, args)) {
        *fapl_out = H5P_DEFAULT;
        return 0;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0)
        return native_fail(H5X_ERR_IO, "unable to create file access properties");
    /* Always libhdf5's own format: when h5x itself is the process's default
     * VOL connector (HDF5_VOL_CONNECTOR=h5x), a default list would lead
     * back into h5x. */
    if (H5Pset_vol(fapl, H5VL_NATIVE, NULL) < 0) {
        H5Pclose(fapl);
        return native_fail(H5X_ERR_IO, "unable to select libhdf5's native VOL connector");
    }
    status = access->set_driver(fapl, args, creating);
    if (status == 0 && (args->libver_low != H5X_LIBVER_DEFAULT || args->libver_high != H5X_LIBVER_DEFAULT)) {
        H5F_libver_t low = libver_of(args->libver_low, H5F_LIBVER_EARLIEST);
        H5F_libver_t high = libver_of(args->libver_high, H5F_LIBVER_LATEST);
        if (H5Pset_libver_bounds(fapl, low, high) < 0)
            status = native_fail(H5X_ERR_INVALID_ARGUMENT, "unsupported library version bounds (%s, %s)",
                                 libver_name(args->libver_low), libver_name(args->libver_high));
    }
    /* A SWMR reader rereads metadata whose checksum fails, in case the
     * writer is halfway through it, sleeping twice as long each time; after
     * libhdf5's default 100 attempts that is centuries.  A block torn for
     * good (its writer was killed while rewriting it) would hang the reader,
     * so the rereads stop after about 70 ms and the read fails with
     * libhdf5's "incorrect metadata checksum" (tests/faults). */
    if (status == 0 && args->mode == H5X_MODE_READ && args->swmr && H5Pset_metadata_read_attempts(fapl, 26) < 0)
        status = native_fail(H5X_ERR_IO, "unable to set the metadata read attempts of a SWMR reader");
    /* allow_truncated=1: a file whose writer ran out of disk records an end
     * of file past the bytes that reached the disk, and libhdf5 refuses it
     * as truncated; what was flushed before lies within those bytes.  The
     * check is skipped as h5clear skips it, through libhdf5's own
     * "skip_eof_check" file access property, and for reading only.  Not by
     * default: a file cut short for other reasons can hold anything past
     * its end, and libhdf5 then reads zeros there. */
    int allow_truncated = 0;
    if (status == 0)
        status = h5x_options_get_bool(args->options, "allow_truncated", 0, &allow_truncated);
    if (status == 0 && allow_truncated && args->mode != H5X_MODE_READ)
        status = h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "allow_truncated=1 opens a file for reading only "
                                     "(mode \"r\"), to recover what was flushed before its end was lost");
    if (status == 0 && allow_truncated) {
        bool skip_eof_check = true;
        if (H5Pset(fapl, "skip_eof_check", &skip_eof_check) < 0)
            status = native_fail(H5X_ERR_IO, "unable to ask libhdf5 to skip its end-of-file check");
    }
    if (status < 0) {
        H5Pclose(fapl);
        return status;
    }
    *fapl_out = fapl;
    return 0;
}

static int valid_userblock(uint64_t size)
{
    return size == 0 || (size >= 512 && (size & (size - 1)) == 0);
}

/* The creation list of a new file: H5P_DEFAULT when it has neither a user
 * block nor creation-order tracking, else a list of its own. */
static int make_fcpl(const h5x_file_args *args, hid_t *fcpl_out)
{
    int status = 0;
    if (args->userblock_size == 0 && args->track_order != 1) {
        *fcpl_out = H5P_DEFAULT;
        return 0;
    }
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    if (fcpl < 0)
        return native_fail(H5X_ERR_IO, "unable to create file creation properties");
    if (args->userblock_size != 0 && H5Pset_userblock(fcpl, (hsize_t)args->userblock_size) < 0)
        status = native_fail(H5X_ERR_INVALID_ARGUMENT, "unable to set a user block of %llu bytes",
                             (unsigned long long)args->userblock_size);
    if (status == 0 && args->track_order == 1) {
        unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
        if (H5Pset_link_creation_order(fcpl, order) < 0 || H5Pset_attr_creation_order(fcpl, order) < 0)
            status = native_fail(H5X_ERR_IO, "unable to track creation order in the root group");
    }
    if (status < 0) {
        H5Pclose(fcpl);
        return status;
    }
    *fcpl_out = fcpl;
    return 0;
}

/* ------------------------------------------------ the native connector's access */

static int sec2_storage_name(const h5x_file_args *args, char **name)
{
    *name = strdup(args->path);
    if (*name == NULL)
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory opening '%s'", args->path);
    return 0;
}

/* 1 if path exists, 0 if not, or a negative status when it cannot be told. */
static int sec2_exists(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return 1;
    if (errno == ENOENT || errno == ENOTDIR)
        return 0;
    return h5x_connector_error(H5X_ERR_IO, "unable to open file: cannot stat '%s': %s", path, strerror(errno));
}

static int sec2_not_found(const char *path)
{
    return h5x_connector_error(H5X_ERR_NOT_FOUND, "unable to open file: no such file '%s'", path);
}

static int sec2_set_driver(hid_t fapl, const h5x_file_args *args, int creating)
{
    (void)args;
    (void)creating;
    if (H5Pset_fapl_sec2(fapl) < 0)
        return native_fail(H5X_ERR_IO, "unable to select the sec2 driver");
    return 0;
}

static const native_file_access sec2_access = {
    .storage_name = sec2_storage_name,
    .exists = sec2_exists,
    .not_found = sec2_not_found,
    .check_existing = NULL,
    .set_driver = sec2_set_driver,
};

/* ------------------------------------------------------------- opening */

/* What opening one file needs to know besides its arguments: how its
 * storage is reached, and the name libhdf5 knows it by. */
typedef struct open_plan {
    const native_file_access *access;
    const h5x_file_args *args;
    const char *storage_name;
    uint64_t *sieve_out; /* receives the sieve buffer size of a sec2 file opened for reading */
} open_plan;

static int open_existing(const open_plan *plan, unsigned flags, hid_t *fid)
{
    hid_t fapl = H5I_INVALID_HID;
    int status = plan->access->check_existing ? plan->access->check_existing(plan->args, plan->storage_name) : 0;
    if (status < 0 || (status = make_fapl(plan->access, plan->args, 0, &fapl)) < 0)
        return status;
    *fid = H5Fopen(plan->storage_name, flags, fapl);
    if (*fid < 0)
        status = native_fail(H5X_ERR_IO, "unable to open file '%s'", plan->args->path);
    else if (plan->access->set_driver == sec2_set_driver) {
        size_t sieve = 0;
        if (H5Pget_sieve_buf_size(fapl == H5P_DEFAULT ? H5P_FILE_ACCESS_DEFAULT : fapl, &sieve) >= 0)
            plan->sieve_out[0] = sieve;
    }
    H5Pclose(fapl); /* after native_fail: any libhdf5 call clears the error stack */
    return status;
}

static int create_new(const open_plan *plan, unsigned flags, hid_t *fid)
{
    hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    int status = make_fcpl(plan->args, &fcpl);
    if (status < 0)
        return status;
    if ((status = make_fapl(plan->access, plan->args, 1, &fapl)) < 0) {
        H5Pclose(fcpl);
        return status;
    }
    *fid = H5Fcreate(plan->storage_name, flags, fcpl, fapl);
    if (*fid < 0)
        status = native_fail(H5X_ERR_IO, "unable to create file '%s'", plan->args->path);
    H5Pclose(fapl);
    H5Pclose(fcpl);
    return status;
}

/* h5py: an existing file opened in mode a keeps its user block, and a
 * different size asked for is an error rather than silently ignored. */
static int check_userblock_matches(hid_t fid, const h5x_file_args *args)
{
    if (args->userblock_size == 0)
        return 0;
    uint64_t actual = 0;
    hid_t fcpl = H5Fget_create_plist(fid);
    hsize_t size = 0;
    if (fcpl < 0 || H5Pget_userblock(fcpl, &size) < 0) {
        int status = native_fail(H5X_ERR_IO, "unable to read the user block size of '%s'", args->path);
        if (fcpl >= 0)
            H5Pclose(fcpl);
        return status;
    }
    H5Pclose(fcpl);
    actual = size;
    if (actual != args->userblock_size)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "requested user block size (%llu) does not match that of the existing file (%llu)",
                                   (unsigned long long)args->userblock_size, (unsigned long long)actual);
    return 0;
}

/* Opens an existing sec2 file, asking whether it exists only when libhdf5
 * could not open it: the answer picks the same message as when asked
 * first, and an open that succeeds saves a path lookup (a twentieth of
 * what libhdf5 spends opening a small file). */
static int open_sec2_existing(const open_plan *plan, unsigned flags, hid_t *fid)
{
    int status = open_existing(plan, flags, fid);
    if (status == 0)
        return 0;
    int exists = plan->access->exists(plan->storage_name);
    if (exists < 0)
        return exists;
    return exists ? status : plan->access->not_found(plan->storage_name);
}

/* Opens or creates the file of the plan in its mode; *writable tells which. */
static int open_in_mode(const open_plan *plan, hid_t *fid, int *writable)
{
    const h5x_file_args *args = plan->args;
    const char *path = args->path;
    *writable = args->mode != H5X_MODE_READ;
    int reading = args->mode == H5X_MODE_READ || args->mode == H5X_MODE_READ_WRITE;
    unsigned read_flags = args->mode == H5X_MODE_READ ? H5F_ACC_RDONLY : H5F_ACC_RDWR;
    if (args->mode == H5X_MODE_READ && args->swmr)
        read_flags |= H5F_ACC_SWMR_READ;
    if (reading && plan->access == &sec2_access)
        return open_sec2_existing(plan, read_flags, fid);
    int exists = plan->access->exists(plan->storage_name);
    if (exists < 0)
        return exists;
    switch (args->mode) {
    case H5X_MODE_READ:
    case H5X_MODE_READ_WRITE:
        if (!exists)
            return plan->access->not_found(plan->storage_name);
        return open_existing(plan, read_flags, fid);
    case H5X_MODE_TRUNCATE:
        return create_new(plan, H5F_ACC_TRUNC, fid);
    case H5X_MODE_CREATE_EXCL:
        if (exists)
            return h5x_connector_error(H5X_ERR_EXISTS, "unable to create file: '%s' already exists", path);
        return create_new(plan, H5F_ACC_EXCL, fid);
    case H5X_MODE_APPEND:
        if (exists) {
            int status = open_existing(plan, H5F_ACC_RDWR, fid);
            if (status == 0 && (status = check_userblock_matches(*fid, args)) < 0)
                H5Fclose(*fid);
            return status;
        }
        return create_new(plan, H5F_ACC_EXCL, fid);
    }
    return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "unknown file mode %d", (int)args->mode);
}

int native_file_open(const h5x_file_args *args, void **file, void **root)
{
    return native_file_open_with(&sec2_access, args, file, root);
}

int native_file_open_with(const native_file_access *access, const h5x_file_args *args, void **file_out,
                          void **root_out)
{
    native_initialise();
    *file_out = NULL;
    *root_out = NULL;
    if (args == NULL || args->path == NULL || args->path[0] == '\0')
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "unable to open file: no path given");
    if (!valid_userblock(args->userblock_size))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "invalid user block size %llu: it must be 0 or a power of two of at least 512",
                                   (unsigned long long)args->userblock_size);
    if (args->userblock_size != 0 && (args->mode == H5X_MODE_READ || args->mode == H5X_MODE_READ_WRITE))
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT, "a user block may only be given when creating a file");

    native_file *file = calloc(1, sizeof *file);
    char *path = strdup(args->path);
    if (file == NULL || path == NULL) {
        free(file);
        free(path);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory opening '%s'", args->path);
    }
    file->path = path;
    file->refcount = 1;
    file->id = H5I_INVALID_HID;
    if (args->struct_size >= offsetof(h5x_file_args, allowed_target_prefixes) + sizeof(char *) &&
        args->allowed_target_prefixes != NULL &&
        (file->allowed_target_prefixes = strdup(args->allowed_target_prefixes)) == NULL) {
        native_file_release(file);
        return h5x_connector_error(H5X_ERR_NO_MEMORY, "out of memory opening '%s'", args->path);
    }

    char *storage_name = NULL;
    int status = access->storage_name(args, &storage_name);
    if (status < 0)
        goto fail;
    open_plan plan = {.access = access, .args = args, .storage_name = storage_name,
                      .sieve_out = &file->sec2_sieve_size};
    status = open_in_mode(&plan, &file->id, &file->writable);
    free(storage_name);
    if (status < 0)
        goto fail;

    hid_t root = H5Gopen2(file->id, "/", H5P_DEFAULT);
    if (root < 0) {
        status = native_fail(H5X_ERR_CORRUPT, "unable to open the root group of '%s'", args->path);
        goto fail;
    }
    native_object *root_object = native_object_wrap(file, root, H5X_KIND_GROUP);
    if (root_object == NULL) {
        status = H5X_ERR_NO_MEMORY;
        goto fail;
    }
    *file_out = file;
    *root_out = root_object;
    return 0;
fail:
    if (file->id >= 0)
        H5Fclose(file->id);
    native_file_release(file);
    return status;
}

int native_file_close(void *file_in)
{
    native_file *file = file_in;
    int status = 0;
    if (!native_library_closing() && H5Fclose(file->id) < 0)
        status = native_fail(H5X_ERR_IO, "unable to close file '%s'", file->path);
    file->id = H5I_INVALID_HID;
    native_file_release(file);
    return status;
}

int native_file_flush(void *file_in)
{
    native_file *file = file_in;
    if (!file->writable)
        return 0;
    if (H5Fflush(file->id, H5F_SCOPE_LOCAL) < 0)
        return native_fail(H5X_ERR_IO, "unable to flush file '%s'", file->path);
    return 0;
}

int native_file_userblock_size(void *file_in, uint64_t *size)
{
    native_file *file = file_in;
    hid_t fcpl = H5Fget_create_plist(file->id);
    hsize_t userblock = 0;
    if (fcpl < 0 || H5Pget_userblock(fcpl, &userblock) < 0) {
        int status = native_fail(H5X_ERR_IO, "unable to read the user block size of '%s'", file->path);
        if (fcpl >= 0)
            H5Pclose(fcpl);
        return status;
    }
    H5Pclose(fcpl);
    /* libhdf5 takes the size from where it found the superblock; it is
     * checked here too, since callers size buffers and offsets by it */
    if (!valid_userblock(userblock))
        return h5x_connector_error(H5X_ERR_CORRUPT,
                                   "the file '%s' claims a user block of %llu bytes, not a power of two of at "
                                   "least 512",
                                   file->path, (unsigned long long)userblock);
    *size = userblock;
    return 0;
}

int native_file_start_swmr(void *file_in)
{
    native_file *file = file_in;
    int status = native_require_writable(file, "start SWMR writing");
    if (status < 0)
        return status;
    H5F_libver_t low = H5F_LIBVER_EARLIEST, high = H5F_LIBVER_LATEST;
    hid_t fapl = H5Fget_access_plist(file->id);
    if (fapl < 0 || H5Pget_libver_bounds(fapl, &low, &high) < 0) {
        status = native_fail(H5X_ERR_IO, "unable to read the library version bounds of '%s'", file->path);
        if (fapl >= 0)
            H5Pclose(fapl);
        return status;
    }
    H5Pclose(fapl);
    if (low < H5F_LIBVER_V110)
        return h5x_connector_error(H5X_ERR_INVALID_ARGUMENT,
                                   "unable to start SWMR writing: the file must be opened with libver "
                                   "'latest' (a lower bound of at least v110)");
    if (H5Fstart_swmr_write(file->id) < 0)
        return native_fail(H5X_ERR_IO, "unable to start SWMR writing on '%s'", file->path);
    return 0;
}
