#!/usr/bin/python3
"""Runs one interop direction between h5x and Debian's h5py.

    interop_driver.py h5x-to-h5py --writer PATH --workdir DIR
    interop_driver.py h5py-to-h5x --reader PATH --workdir DIR
    interop_driver.py h5py-self   --workdir DIR
    interop_driver.py h5diff      --writer PATH --h5diff PATH --workdir DIR
    interop_driver.py cp-h5diff   --h5x PATH --h5diff PATH --workdir DIR

h5x-to-h5py: interop_writer writes the file with h5x, h5py reads it and
compares every value.  h5py-to-h5x: h5py writes the file, interop_reader
reads it with h5x and compares every value.  h5py-self checks the Python
half against itself (h5py writes, h5py reads), so that a failure of the
other two can be told apart from a mistake in interop_content.py.  h5diff
writes the content once with each library and has HDF5's own h5diff
compare the two files, attributes included: it must find no difference
and nothing it cannot compare, apart from the empty dataset (h5diff does
not compare null dataspaces).  cp-h5diff: h5py writes the file, the h5x
tool copies the whole tree into a new native file, and h5diff compares the
original and the copy.

Exit status: that of the failing step, 0 when all passed, 77 (skip) when
h5py is not importable by this interpreter.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
from interop_tools import cp_into_native, h5diff_identical, require_h5py, run  # noqa: E402

require_h5py()
import h5py_check  # noqa: E402
import h5py_write  # noqa: E402


# Objects h5diff reports as not comparable although they are equal.
NOT_COMPARABLE_EXPECTED = ("Not comparable: </empty> or </empty> is an empty dataset",)


def h5diff_equal(h5diff, first, second):
    return h5diff_identical(h5diff, first, second, expected_not_comparable=NOT_COMPARABLE_EXPECTED)


def compare_with_h5diff(args, path):
    h5x_file = path.replace(".h5", "-h5x.h5")
    h5py_file = path.replace(".h5", "-h5py.h5")
    for stale in (h5x_file, h5py_file):
        if os.path.exists(stale):
            os.remove(stale)
    status = run([args.writer, h5x_file])
    if status != 0:
        return status
    h5py_write.write_file(h5py_file)
    return h5diff_equal(args.h5diff, h5x_file, h5py_file)


def copy_with_h5x(args, path):
    """h5py writes the file, `h5x cp -r` copies the whole tree into a new
    native file, and h5diff must find the two identical."""
    copy = path.replace(".h5", "-copy.h5")
    h5py_write.write_file(path)
    status = cp_into_native(args.h5x, path, copy)
    if status != 0:
        return status
    return h5diff_equal(args.h5diff, path, copy)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("direction", choices=["h5x-to-h5py", "h5py-to-h5x", "h5py-self", "h5diff", "cp-h5diff"])
    parser.add_argument("--writer")
    parser.add_argument("--reader")
    parser.add_argument("--h5diff")
    parser.add_argument("--h5x")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    path = os.path.join(args.workdir, "interop-%s.h5" % args.direction)
    if os.path.exists(path):
        os.remove(path)

    if args.direction == "h5x-to-h5py":
        status = run([args.writer, path])
        if status != 0:
            return status
        sys.stdout.flush()
        return h5py_check.check_file(path)
    if args.direction == "h5diff":
        return compare_with_h5diff(args, path)
    if args.direction == "cp-h5diff":
        return copy_with_h5x(args, path)
    if args.direction == "h5py-to-h5x":
        h5py_write.write_file(path)
        sys.stdout.flush()
        return run([args.reader, path])
    h5py_write.write_file(path)
    return h5py_check.check_file(path)


if __name__ == "__main__":
    sys.exit(main())
