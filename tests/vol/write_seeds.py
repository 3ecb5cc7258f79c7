#!/usr/bin/python3
"""Writes HDF5 files with h5py that cover the sections of the h5py material
(groups, datasets of every kind, attributes, dimension scales, strings,
variable-length data, links, references, user block, opaque data, SWMR,
virtual datasets, the low-level calls), for the VOL connector's tests to
dump through h5x and compare with libhdf5's own reading.

    write_seeds.py DIRECTORY

Writes DIRECTORY/seeds.h5 (everything that holds no reference),
DIRECTORY/refs.h5 (object and region references in datasets and
attributes, dimension scales, whose attributes are references, and a
committed datatype that a dataset refers to), and
DIRECTORY/virtual.h5 (a virtual dataset over two sources in the same file)
and DIRECTORY/external.h5 (an external link's target).  Exit status 0 when
written, 77 (skip) when h5py is missing.
"""

import os
import sys

try:
    import h5py
    import numpy as np
except ImportError:
    print("h5py is not importable by %s: skipped" % sys.executable)
    sys.exit(77)


def write_seeds(path, external_name):
    with h5py.File(path, "w", libver="latest", userblock_size=512) as f:
        # groups, nested and with creation order
        f.create_group("groups/sub/deeper")
        ordered = f.create_group("groups/ordered", track_order=True)
        for name in ("zeta", "alpha", "mid"):
            ordered.create_group(name)

        # datasets: numeric types, shapes, chunking, compression, fill values
        d = f.create_group("datasets")
        d["int8"] = np.arange(-5, 5, dtype="i1")
        d["uint16_be"] = np.arange(6, dtype=">u2").reshape(2, 3)
        d["int64"] = np.arange(24, dtype="i8").reshape(2, 3, 4)
        d["float32"] = np.linspace(0, 1, 7, dtype="f4")
        d["float64"] = np.array([[1.5, -2.25], [3e10, -4e-10]])
        d["float16"] = np.array([0.5, 1.0, 2.0], dtype="f2")
        d["complex"] = np.array([1 + 2j, 3 - 4j], dtype="c16")
        d["bool"] = np.array([True, False, True])
        d["scalar"] = 42
        d.create_dataset("chunked_gzip", data=np.arange(1000, dtype="i4").reshape(40, 25), chunks=(10, 5),
                         compression="gzip", compression_opts=4, shuffle=True)
        d.create_dataset("fill", shape=(4,), dtype="i4", fillvalue=-1)
        resizable = d.create_dataset("resizable", shape=(3, 2), maxshape=(None, 2), dtype="f8", chunks=(2, 2))
        resizable[...] = 1.25
        resizable.resize((5, 2))
        d.create_dataset("empty", data=h5py.Empty("f"))
        compound = np.dtype([("x", "i4"), ("y", "f8"), ("name", "S6")])
        d["compound"] = np.array([(1, 2.5, b"one"), (2, -1.0, b"two")], dtype=compound)
        d["enum"] = np.array([0, 1, 2, 1], dtype=h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="u1"))
        d["array_member"] = np.zeros(2, dtype=[("v", "f4", (3,))])

        # attributes of many types
        a = f.create_group("attributes")
        a.attrs["int"] = 7
        a.attrs["floats"] = np.array([1.0, 2.0, 3.0])
        a.attrs["text"] = "unicode text é"
        a.attrs["bytes"] = np.bytes_(b"fixed bytes")
        a.attrs["strings"] = np.array(["a", "bb", "ccc"], dtype=h5py.string_dtype())
        a.attrs["empty"] = h5py.Empty("i4")
        a.attrs.create("matrix", data=np.arange(6).reshape(2, 3), dtype="i2")

        # strings and variable-length data
        t = f.create_group("strings")
        t["fixed"] = np.array([b"abc", b"de"], dtype="S5")
        t.create_dataset("vlen_utf8", data=["one", "two é", ""], dtype=h5py.string_dtype("utf-8"))
        t.create_dataset("vlen_ascii", data=[b"x", b"yz"], dtype=h5py.string_dtype("ascii"))
        ragged = t.create_dataset("ragged", shape=(3,), dtype=h5py.vlen_dtype("i4"))
        ragged[0] = [1, 2, 3]
        ragged[1] = [4]
        ragged[2] = [5, 6, 7, 8, 9]

        # opaque (date-time) data
        f.create_dataset("opaque/times", data=np.array(["2020-01-01T00:00:00", "2021-06-15T12:30:00"],
                                                       dtype="M8[s]").view(h5py.opaque_dtype("M8[s]")))

        # links
        li = f.create_group("links")
        li["target"] = np.arange(3)
        li["hard"] = li["target"]
        li["soft"] = h5py.SoftLink("/links/target")
        li["dangling"] = h5py.SoftLink("/nowhere")
        li["external"] = h5py.ExternalLink(external_name, "/remote")

        # SWMR-style appendable dataset
        f.create_dataset("swmr/log", shape=(0,), maxshape=(None,), dtype="f8", chunks=(16,))


def write_refs(path):
    with h5py.File(path, "w") as f:
        data = f.create_dataset("data", data=np.arange(20).reshape(4, 5))
        group = f.create_group("group")
        refs = f.create_dataset("object_refs", shape=(3,), dtype=h5py.ref_dtype)
        refs[0] = data.ref
        refs[1] = group.ref
        f.attrs["group_ref"] = group.ref
        regions = f.create_dataset("region_refs", shape=(2,), dtype=h5py.regionref_dtype)
        regions[0] = data.regionref[1:3, 2:4]
        regions[1] = data.regionref[0, :]

        # a committed datatype, and a dataset whose type refers to it
        f["committed_type"] = np.dtype("<i2")
        f.create_dataset("uses_committed", data=np.arange(3, dtype="<i2"), dtype=f["committed_type"])

        # dimension scales
        s = f.create_group("scales")
        data = s.create_dataset("data", data=np.arange(12.0).reshape(3, 4))
        x = s.create_dataset("x", data=np.arange(4.0))
        y = s.create_dataset("y", data=np.arange(3.0))
        x.make_scale("x axis")
        y.make_scale("y axis")
        data.dims[0].attach_scale(y)
        data.dims[1].attach_scale(x)
        data.dims[0].label = "rows"



def write_virtual(path):
    with h5py.File(path, "w", libver="latest") as f:
        # virtual dataset over two sources
        v = f.create_group("virtual")
        for i in range(2):
            v.create_dataset("source%d" % i, data=np.full(4, i, dtype="i4"))
        layout = h5py.VirtualLayout(shape=(2, 4), dtype="i4")
        for i in range(2):
            layout[i] = h5py.VirtualSource(v["source%d" % i])
        v.create_virtual_dataset("vds", layout, fillvalue=-1)


def write_external(path):
    with h5py.File(path, "w") as f:
        f["remote"] = np.arange(5, dtype="i4")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: write_seeds.py DIRECTORY", file=sys.stderr)
        sys.exit(2)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    write_external(os.path.join(directory, "external.h5"))
    write_seeds(os.path.join(directory, "seeds.h5"), "external.h5")
    write_refs(os.path.join(directory, "refs.h5"))
    write_virtual(os.path.join(directory, "virtual.h5"))
    print("wrote seeds.h5, refs.h5 and external.h5 in %s with h5py %s" % (directory, h5py.version.version))
