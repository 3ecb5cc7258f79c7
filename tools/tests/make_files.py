"""Writes the files the h5x tool tests read, with h5py, into the directory
given as the only argument.

Every value is deterministic, so that the tests can compare the tool's
output with text written out in full.

sample.h5   groups, attributes of several dtypes, a chunked resizable
            dataset with a fill value and gzip, a scalar, an empty dataset,
            bools, complex numbers, soft, dangling soft and external links,
            and a hard link from a group back to its grandparent
ext.h5      the target of the external link
stream.h5   datasets larger than the dump's 1 MiB slab, along the first
            axis and (for "wide") along the second
"""
import os
import sys

import h5py
import numpy as np


def write_sample(path):
    with h5py.File(path, "w") as f:
        f.attrs["title"] = np.int32(7)
        f.attrs["scale"] = np.array([0.5, 1.25], dtype="f8")
        grp = f.create_group("grp")
        grp.attrs["n"] = np.uint16(3)
        sub = grp.create_group("sub")
        sub.create_dataset("x", data=np.arange(10, dtype="i8"))
        sub["up"] = grp
        f.create_dataset("data", data=(np.arange(24, dtype="f4") / 3).reshape(4, 3, 2))
        resizable = f.create_dataset("resizable", shape=(10, 20), maxshape=(None, 20), chunks=(5, 20),
                                     dtype="i4", fillvalue=-1, compression="gzip")
        resizable[:2] = 5
        resizable.attrs["units"] = np.array([1, 2, 3], dtype=">i2")
        f.create_dataset("scalar", data=np.float64(0.1))
        f.create_dataset("empty", data=h5py.Empty("f4"))
        f["flags"] = np.array([True, False, True])
        f["cplx"] = np.array([1 + 2j, 3 - 0.5j], dtype="c8")
        f["soft"] = h5py.SoftLink("/grp/sub")
        f["dangling"] = h5py.SoftLink("/nowhere")
        f["ext"] = h5py.ExternalLink("ext.h5", "/data")


def write_external(path):
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(3, dtype="u1")


def write_stream(path):
    with h5py.File(path, "w") as f:
        # 300 rows of 1000 int32: 2.4 MB read as int64, several slabs of rows
        f["counts"] = np.arange(300 * 1000, dtype="i4").reshape(300, 1000)
        # one row is 1.6 MB as doubles: slabs must run along the second axis
        f["wide"] = np.arange(3 * 200000, dtype="f8").reshape(3, 200000)


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    write_sample(os.path.join(directory, "sample.h5"))
    write_external(os.path.join(directory, "ext.h5"))
    write_stream(os.path.join(directory, "stream.h5"))


if __name__ == "__main__":
    main()
