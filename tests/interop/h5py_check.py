#!/usr/bin/python3
"""Reads an interop file with h5py and compares it with interop_content.py.

    h5py_check.py FILE

Prints each failed comparison and, last, "N passed, M failed".  Exit status:
0 when everything matched, 1 otherwise, 77 (skip) when h5py is missing.
"""

import os
import sys

try:
    import h5py
except ImportError:
    print("h5py is not importable by %s: skipped" % sys.executable)
    sys.exit(77)

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop_content  # noqa: E402


def check_file(path):
    counts = {"passed": 0, "failed": 0}

    def report(ok, what):
        if ok:
            counts["passed"] += 1
        else:
            counts["failed"] += 1
            print("   FAIL %s" % what)

    print("== read %s with h5py %s (HDF5 %s)" % (path, h5py.version.version, h5py.version.hdf5_version))
    try:
        with h5py.File(path, "r") as f:
            interop_content.check(f, report)
    except Exception as error:  # an unreadable object is a failure, not a crash
        report(False, "h5py raised %s: %s" % (type(error).__name__, error))
    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: h5py_check.py FILE", file=sys.stderr)
        sys.exit(2)
    sys.exit(check_file(sys.argv[1]))
