#!/usr/bin/python3
"""Writes the interop file (interop_content.py) with h5py, for h5x to read.

    h5py_write.py FILE

Exit status 0 when written, 77 (skip) when h5py is missing.
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


def write_file(path):
    with h5py.File(path, "w") as f:
        interop_content.write(f)
    print("wrote %s with h5py %s (HDF5 %s)" % (path, h5py.version.version, h5py.version.hdf5_version))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: h5py_write.py FILE", file=sys.stderr)
        sys.exit(2)
    write_file(sys.argv[1])
