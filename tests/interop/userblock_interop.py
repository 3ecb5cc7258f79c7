#!/usr/bin/python3
"""User blocks between h5x and Debian's h5py.

    userblock_interop.py h5x-to-h5py --tool USERBLOCK_H5X --workdir DIR
    userblock_interop.py h5py-to-h5x --tool USERBLOCK_H5X --workdir DIR
    userblock_interop.py cp-h5diff   --tool USERBLOCK_H5X --h5x H5X --h5diff H5DIFF --workdir DIR

h5x-to-h5py: userblock_h5x writes files with user blocks of 512, 1024 and
4096 bytes and fills the blocks after closing them; h5py must report the
same userblock_size, read the data, and leave the block's bytes alone.
h5py-to-h5x: h5py writes the same files (userblock_size=) and fills the
blocks; userblock_h5x reads them.  cp-h5diff: `h5x cp -r` of an h5py file
with a user block gives a file HDF5's h5diff finds identical (the copy
has no user block: h5py's copy does not carry one either).

Exit status 0 when all passed, 1 on a mismatch, 77 (skip) without h5py.
"""

import argparse
import os
import subprocess
import sys

try:
    import h5py
    import numpy as np
except ImportError:
    print("h5py is not importable by %s: skipped" % sys.executable)
    sys.exit(77)

SIZES = (512, 1024, 4096)
VALUE_COUNT = 16
failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print("FAIL: " + what, flush=True)


def expected_block(size):
    """The twin of expected_block in userblock_h5x.c."""
    block = bytearray((i * 7 + 3) & 0xFF for i in range(size))
    header = b"user block of %d bytes\n" % size
    block[: len(header)] = header
    return bytes(block)


def expected_values(size):
    return (np.arange(VALUE_COUNT, dtype=np.int32) * 3 - 7) * (size // 512)


def path_of(workdir, writer, size):
    return os.path.join(workdir, "%s-userblock-%d.h5" % (writer, size))


def head(path, size):
    with open(path, "rb") as stream:
        return stream.read(size)


def run(command):
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command).returncode


def h5py_writes(workdir):
    for size in SIZES:
        path = path_of(workdir, "h5py", size)
        with h5py.File(path, "w", userblock_size=size) as f:
            f["values"] = expected_values(size)
            f.attrs["userblock"] = np.int64(size)
        with open(path, "r+b") as stream:
            stream.write(expected_block(size))


def h5py_reads(workdir):
    for size in SIZES:
        path = path_of(workdir, "h5x", size)
        print("h5py reads " + path, flush=True)
        check(head(path, size) == expected_block(size), "%s: the user block before h5py opened it" % path)
        with h5py.File(path, "r") as f:
            check(f.userblock_size == size, "%s: h5py's userblock_size is %d, expected %d"
                  % (path, f.userblock_size, size))
            check(int(f.attrs["userblock"]) == size, "%s: attribute userblock" % path)
            values = f["values"][()]
            check(values.dtype == np.int32 and np.array_equal(values, expected_values(size)),
                  "%s: values %r" % (path, values))
        # h5py opening for writing keeps the block, too
        with h5py.File(path, "a") as f:
            check(f.userblock_size == size, "%s: userblock_size in mode a" % path)
            f.attrs["touched_by_h5py"] = 1
        check(head(path, size) == expected_block(size), "%s: the user block after h5py wrote the file" % path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("direction", choices=["h5x-to-h5py", "h5py-to-h5x", "cp-h5diff"])
    parser.add_argument("--tool", required=True)
    parser.add_argument("--h5x")
    parser.add_argument("--h5diff")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)

    if args.direction == "h5x-to-h5py":
        for size in SIZES:
            stale = path_of(args.workdir, "h5x", size)
            if os.path.exists(stale):
                os.remove(stale)
        status = run([args.tool, "write", args.workdir])
        if status != 0:
            return status
        h5py_reads(args.workdir)
    elif args.direction == "h5py-to-h5x":
        h5py_writes(args.workdir)
        status = run([args.tool, "read", args.workdir])
        if status != 0:
            return status
    else:
        source = os.path.join(args.workdir, "cp-userblock-source.h5")
        copy = os.path.join(args.workdir, "cp-userblock-copy.h5")
        for stale in (source, copy):
            if os.path.exists(stale):
                os.remove(stale)
        with h5py.File(source, "w", userblock_size=1024) as f:
            f["values"] = expected_values(1024)
            f.attrs["userblock"] = np.int64(1024)
        with open(source, "r+b") as stream:
            stream.write(expected_block(1024))
        status = run([args.h5x, "cp", "-r", source, "native:" + copy])
        if status != 0:
            return status
        status = run([args.h5diff, "-v", source, copy])
        check(status == 0, "h5diff finds the copy different (exit status %d)" % status)
        with h5py.File(copy, "r") as f:
            check(np.array_equal(f["values"][()], expected_values(1024)), "values of the copy")
    print("%s: %d failures" % ("FAILED" if failures else "OK", failures), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
