#!/usr/bin/python3
"""Attributes and dimension scales between h5x and Debian's h5py.

    attrs_dims.py h5py-to-h5x   --program PATH --workdir DIR
    attrs_dims.py h5x-to-h5py   --program PATH --workdir DIR
    attrs_dims.py cp-h5diff     --program PATH --h5x PATH --h5diff PATH --workdir DIR [--dims]

h5py-to-h5x: h5py writes the attributes file and the dimension-scales file
(attrs_dims.c has both in h5py's words), and `attrs_dims read-attrs` and
`read-dims` check them with h5x.  h5x-to-h5py: `attrs_dims write-attrs`
and `write-dims` write them with h5x, and h5py checks them: values, shapes,
dtypes, creation order (attrs iterate in it where the object tracks it),
dims labels, scale names, dims[i].keys(), dims[i][n] and dims[i][name].
cp-h5diff: h5py writes the attributes file (with --dims: the dimension-
scales file), `h5x cp` copies it into a new native file, HDF5's h5diff
finds the two identical, and h5py and h5x check the copy.

Exit status 0 when everything passed, 77 (skip) without h5py.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_tools import cp_into_native, h5diff_identical, require_h5py, run  # noqa: E402

require_h5py()
import h5py  # noqa: E402
import numpy as np  # noqa: E402

MANY = 10000
# h5diff compares attributes pairwise: ten thousand take it many minutes,
# so the file copied for h5diff holds fewer.
MANY_FOR_H5DIFF = 500


def write_attributes(path, many=MANY):
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs["zeta"] = np.int64(1)
        f.attrs["alpha"] = 2.5
        f.attrs["mid"] = np.array([1, 2, 3], "i4")
        o = f.create_group("ordered", track_order=True)
        p = f.create_group("plain")
        for i, name in enumerate(["c", "a", "b"]):
            o.attrs[name] = np.int64(i)
            p.attrs[name] = np.int64(i)
        o.attrs["c"] = 9.5
        d = f.create_dataset("tracked", data=np.arange(3, dtype="f4"), track_order=True)
        d.attrs["second"] = np.int64(2)
        d.attrs["first"] = np.int64(1)
        c = f.create_group("created")
        c.attrs.create("reshaped", data=np.arange(6, dtype="i4"), shape=(2, 3), dtype="f8")
        c.attrs.create("pairs", data=np.arange(0, 60, 10).reshape(3, 2), dtype=np.dtype("(2,)i4"))
        c.attrs["empty"] = h5py.Empty("f4")
        c.attrs["flat"] = np.arange(6, dtype="i2")
        c.attrs.modify("flat", np.arange(6, 0, -1, dtype="f8"))
        m = f.create_group("many", track_order=True)
        for i in range(many):
            m.attrs["a%05d" % i] = np.int64(3 * i)


def write_dimension_scales(path):
    with h5py.File(path, "w") as f:
        f["data"] = np.ones((4, 3, 2), "f4")
        f["data2"] = np.ones((2, 2), "f4")
        f["data"].dims[0].label = "z"
        f["data"].dims[2].label = "x"
        f["x1"] = [1, 2]
        f["x2"] = [1, 1.1]
        f["y1"] = [0, 1, 2]
        f["z1"] = [0, 1, 4, 9]
        f["x1"].make_scale()
        f["x2"].make_scale("x2 name")
        f["y1"].make_scale("y1 name")
        f["z1"].make_scale("z1 name")
        f["data"].dims[0].attach_scale(f["z1"])
        f["data"].dims[1].attach_scale(f["y1"])
        f["data"].dims[2].attach_scale(f["x1"])
        f["data"].dims[2].attach_scale(f["x2"])
        f["data"].dims[2].detach_scale(f["x2"])
        f["data2"].dims[0].attach_scale(f["x1"])
        f["data2"].dims[1].attach_scale(f["x1"])
        f["data2"].dims[1].attach_scale(f["x2"])


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def equal(self, what, got, want):
        self.checks += 1
        if isinstance(want, str) or want is None or (isinstance(want, list) and want and isinstance(want[0], str)):
            same = got == want
        else:
            same = np.array_equal(np.asarray(got), np.asarray(want))
        if not same:
            self.failures += 1
            print("FAIL %s: got %r, expected %r" % (what, got, want))

    def true(self, what, condition):
        self.equal(what, bool(condition), True)


def check_attributes(path, many=MANY):
    c = Checker()
    with h5py.File(path, "r") as f:
        c.equal("root order", list(f.attrs), ["zeta", "alpha", "mid"])
        c.equal("zeta", f.attrs["zeta"], 1)
        c.equal("zeta dtype", f.attrs["zeta"].dtype.str, "<i8")
        c.equal("alpha", f.attrs["alpha"], 2.5)
        c.equal("mid", f.attrs["mid"], [1, 2, 3])
        c.equal("mid dtype", f.attrs["mid"].dtype.str, "<i4")
        c.equal("ordered order", list(f["ordered"].attrs), ["a", "b", "c"])
        c.equal("ordered c", f["ordered"].attrs["c"], 9.5)
        c.equal("plain order", list(f["plain"].attrs), ["a", "b", "c"])
        c.true("plain does not track", not f["plain"].id.get_create_plist().get_attr_creation_order())
        c.equal("plain c", f["plain"].attrs["c"], 0)
        c.equal("tracked order", list(f["tracked"].attrs), ["second", "first"])
        created = f["created"].attrs
        c.equal("reshaped", created["reshaped"], np.arange(6, dtype="f8").reshape(2, 3))
        c.equal("reshaped dtype", created["reshaped"].dtype.str, "<f8")
        pairs = created.get_id("pairs")
        c.equal("pairs shape", pairs.shape, (3,))
        c.equal("pairs dtype", pairs.dtype, np.dtype("(2,)<i4"))
        c.equal("pairs", created["pairs"], np.arange(0, 60, 10).reshape(3, 2))
        c.true("empty is Empty", isinstance(created["empty"], h5py.Empty))
        c.equal("empty dtype", created["empty"].dtype, np.dtype("<f4"))
        c.equal("flat", created["flat"], [6, 5, 4, 3, 2, 1])
        c.equal("flat dtype", created["flat"].dtype.str, "<i2")
        attrs = f["many"].attrs
        c.equal("many count", len(attrs), many)
        c.equal("many order", list(attrs), ["a%05d" % i for i in range(many)])
        c.equal("many last", attrs["a%05d" % (many - 1)], 3 * (many - 1))
        c.equal("get with a default", attrs.get("missing", 17), 17)
    print("%d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


def check_dimension_scales(path):
    c = Checker()
    with h5py.File(path, "r") as f:
        data, data2 = f["data"], f["data2"]
        c.equal("labels", [dim.label for dim in data.dims], ["z", "", "x"])
        c.equal("data2 labels", [dim.label for dim in data2.dims], ["", ""])
        for name in ("x1", "x2", "y1", "z1"):
            c.true(name + " is a scale", h5py.h5ds.is_scale(f[name].id))
        c.true("data is not a scale", not h5py.h5ds.is_scale(data.id))
        c.equal("data dims[0].keys()", list(data.dims[0].keys()), ["z1 name"])
        c.equal("data dims[1].keys()", list(data.dims[1].keys()), ["y1 name"])
        c.equal("data dims[2].keys()", list(data.dims[2].keys()), [""])
        c.equal("data2 dims[0].keys()", list(data2.dims[0].keys()), [""])
        c.equal("data2 dims[1].keys()", list(data2.dims[1].keys()), ["", "x2 name"])
        c.equal("dims[0][0]", data.dims[0][0].name, "/z1")
        c.equal("dims[2][0]", data.dims[2][0].name, "/x1")
        c.true("data2 dims[1]['x2 name'] == x2", data2.dims[1]["x2 name"] == f["x2"])
        c.true("data2 dims[1][''] == x1", data2.dims[1][""] == f["x1"])
        c.equal("z1 values through the scale", data.dims[0][0][()], [0, 1, 4, 9])
        c.equal("x2 name", h5py.h5ds.get_scale_name(f["x2"].id), b"x2 name")
        c.equal("x1 name", h5py.h5ds.get_scale_name(f["x1"].id), b"")
        c.equal("x1 attached to data axis 2", h5py.h5ds.is_attached(data.id, f["x1"].id, 2), True)
        c.equal("x2 detached from data axis 2", h5py.h5ds.is_attached(data.id, f["x2"].id, 2), False)
    print("%d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["h5py-to-h5x", "h5x-to-h5py", "cp-h5diff"])
    parser.add_argument("--program", required=True)
    parser.add_argument("--h5x")
    parser.add_argument("--h5diff")
    parser.add_argument("--workdir", default=".")
    parser.add_argument("--dims", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    workdir = os.path.abspath(args.workdir)

    if args.mode == "h5py-to-h5x":
        attrs = os.path.join(workdir, "attrs_h5py.h5")
        dims = os.path.join(workdir, "dims_h5py.h5")
        write_attributes(attrs)
        write_dimension_scales(dims)
        return run([args.program, "read-attrs", attrs]) or run([args.program, "read-dims", dims])
    if args.mode == "h5x-to-h5py":
        attrs = os.path.join(workdir, "attrs_h5x.h5")
        dims = os.path.join(workdir, "dims_h5x.h5")
        status = run([args.program, "write-attrs", attrs]) or run([args.program, "write-dims", dims])
        if status:
            return status
        return check_attributes(attrs) | check_dimension_scales(dims)
    # cp-h5diff
    stem = "dims" if args.dims else "attrs"
    source = os.path.join(workdir, stem + "_cp_source.h5")
    copy = os.path.join(workdir, stem + "_cp_copy.h5")
    if args.dims:
        write_dimension_scales(source)
    else:
        write_attributes(source, MANY_FOR_H5DIFF)
    status = cp_into_native(args.h5x, source, copy, cwd=workdir)
    if status:
        return status
    status = h5diff_identical(args.h5diff, source, copy, cwd=workdir)
    if status:
        return status
    if args.dims:
        return check_dimension_scales(copy) or run([args.program, "read-dims", copy])
    return check_attributes(copy, MANY_FOR_H5DIFF) or run([args.program, "read-attrs", copy, str(MANY_FOR_H5DIFF)])


if __name__ == "__main__":
    sys.exit(main())
