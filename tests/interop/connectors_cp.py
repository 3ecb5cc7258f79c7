#!/usr/bin/python3
"""`h5x cp` between connectors, checked by HDF5's h5diff and by h5py.

    connectors_cp.py chain --h5x PATH --h5diff PATH --workdir DIR
    connectors_cp.py pairs --h5x PATH --h5diff PATH --plugin-path DIR --workdir DIR

chain: h5py writes a file with groups (one tracking creation order),
datasets of numbers, strings, compounds and vlen sequences, chunked and
compressed and resizable ones, attributes, soft and hard links, object
references and dimension scales; `h5x cp` takes it to native, then to the
core connector with a backing store, then to a family of 64 KiB members,
then to native again, and h5diff must find the last file identical to the
first; h5py then checks that the dimension scales are still attached.

pairs: for every ordered pair (A, B) of native, core (backing store),
family and the dirstore example connector, the h5py file goes native -> A
-> B -> native and h5diff compares the result with the original.  A pair
with dirstore uses a file of what dirstore stores (groups, contiguous
datasets, numeric and string attributes); the others use the chain's file.

Exit status 0 when everything passed, 77 (skip) without h5py.
"""

import argparse
import os
import shutil
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_tools import h5diff_identical, h5x_cp, require_h5py  # noqa: E402

require_h5py()
import h5py  # noqa: E402
import numpy as np  # noqa: E402

FAMILY_MEMBER = "64KiB"


def write_full(path):
    with h5py.File(path, "w") as f:
        f.attrs["title"] = "connectors"
        f.attrs["version"] = np.int32(3)
        ordered = f.create_group("ordered", track_order=True)
        for name in ("zeta", "alpha", "mid"):
            ordered.create_group(name)
        g = f.create_group("data")
        g.create_dataset("ints", data=np.arange(1000, dtype="i8").reshape(10, 100))
        g.create_dataset("floats", data=np.linspace(0, 1, 50000, dtype="f4"), chunks=(4096,),
                         compression="gzip", shuffle=True)
        g.create_dataset("growing", data=np.arange(30, dtype="u2"), maxshape=(None,), chunks=(16,))
        g.create_dataset("fixed_strings", data=np.array([b"one", b"two", b"three"], dtype="S8"))
        g.create_dataset("text", data=["h\u00e9llo", "world"], dtype=h5py.string_dtype())
        pair = np.dtype([("x", "<i4"), ("y", "<f8")])
        g.create_dataset("pairs", data=np.array([(1, 1.5), (2, 2.5)], dtype=pair))
        ragged = g.create_dataset("ragged", (3,), dtype=h5py.vlen_dtype("i4"))
        for i in range(3):
            ragged[i] = np.arange(i + 1, dtype="i4")
        g["ints"].attrs["units"] = "m"
        g["ints"].attrs["scale"] = np.array([0.5, 2.0])
        f["soft"] = h5py.SoftLink("/data/ints")
        f["hard"] = g["ints"]
        refs = f.create_dataset("refs", (2,), dtype=h5py.ref_dtype)
        refs[0] = g["ints"].ref
        refs[1] = ordered.ref
        # dimension scales: the seeds' example, smaller
        image = f.create_dataset("image", data=np.ones((4, 3), "f4"))
        x = f.create_dataset("x", data=np.arange(3, dtype="f8"))
        y = f.create_dataset("y", data=np.arange(4, dtype="f8") * 10)
        x.make_scale("x name")
        y.make_scale("y name")
        image.dims[0].attach_scale(y)
        image.dims[1].attach_scale(x)
        image.dims[0].label = "rows"


def write_simple(path):
    """What the dirstore example stores: no links beyond the tree, no
    chunks, no vlen or references."""
    with h5py.File(path, "w") as f:
        f.attrs["version"] = np.int32(3)
        f.attrs["title"] = np.bytes_(b"simple")
        g = f.create_group("data")
        g.create_group("empty")
        g.create_dataset("ints", data=np.arange(1000, dtype="i8").reshape(10, 100))
        g.create_dataset("floats", data=np.linspace(0, 1, 5000, dtype="f4"))
        g.create_dataset("fixed_strings", data=np.array([b"one", b"two", b"three"], dtype="S8"))
        g["ints"].attrs["scale"] = np.array([0.5, 2.0])


def check_dimension_scales(path):
    failures = []
    with h5py.File(path, "r") as f:
        image = f["image"]
        if [d.label for d in image.dims] != ["rows", ""]:
            failures.append("labels %r" % [d.label for d in image.dims])
        if list(image.dims[0].keys()) != ["y name"] or list(image.dims[1].keys()) != ["x name"]:
            failures.append("scale names %r %r" % (list(image.dims[0].keys()), list(image.dims[1].keys())))
        if image.dims[1][0].name != "/x" or not h5py.h5ds.is_scale(f["x"].id):
            failures.append("x is not the scale of axis 1")
        if list(image.dims[0][0][()]) != [0, 10, 20, 30]:
            failures.append("y values %r" % list(image.dims[0][0][()]))
        if f[f["refs"][0]].name not in ("/data/ints", "/hard"):
            failures.append("refs[0] leads to %s" % f[f["refs"][0]].name)
    for failure in failures:
        print("FAIL " + failure)
    return 1 if failures else 0


class Place:
    """A file of one connector in the work directory."""

    def __init__(self, connector, workdir, stem):
        self.connector = connector
        base = os.path.join(workdir, stem)
        if connector == "native":
            self.path = base + ".h5"
            self.uri = "native:" + self.path
        elif connector == "core":
            self.path = base + "-core.h5"
            self.uri = "core;backing_store=1:" + self.path
        elif connector == "family":
            self.path = base + "-family-%d.h5"
            self.uri = "family;member_size=%s:%s" % (FAMILY_MEMBER, self.path)
        else:
            self.path = base + ".dirstore"
            self.uri = "dirstore:" + self.path
        # a dirstore file is a directory: "::" marks where its name ends
        self.source_uri = self.uri + "::/" if connector == "dirstore" else self.uri
        self.remove()

    def remove(self):
        directory, pattern = os.path.split(self.path)
        if "%d" in pattern:
            head, tail = pattern.split("%d")
            for name in os.listdir(directory):
                if name.startswith(head) and name.endswith(tail):
                    os.remove(os.path.join(directory, name))
        elif os.path.isdir(self.path):
            shutil.rmtree(self.path)
        elif os.path.exists(self.path):
            os.remove(self.path)


def copy_through(h5x, source, connectors, workdir, stem, env=None):
    """Copies the h5py file source through each connector in turn and back
    into native; returns (status, the final native file)."""
    previous = "native:" + source
    for i, connector in enumerate(connectors):
        place = Place(connector, workdir, "%s-%d" % (stem, i))
        if h5x_cp(h5x, previous, place.uri, cwd=workdir, env=env):
            return 1, None
        previous = place.source_uri
    final = Place("native", workdir, stem + "-final")
    if h5x_cp(h5x, previous, final.uri, cwd=workdir, env=env):
        return 1, None
    return 0, final.path


def chain(args, workdir):
    source = os.path.join(workdir, "chain-h5py.h5")
    write_full(source)
    status, final = copy_through(args.h5x, source, ["native", "core", "family"], workdir, "chain")
    if status:
        return status
    return h5diff_identical(args.h5diff, source, final, cwd=workdir) or check_dimension_scales(final)


def pairs(args, workdir):
    env = dict(os.environ)
    env["H5X_PLUGIN_PATH"] = os.path.abspath(args.plugin_path)
    full = os.path.join(workdir, "pairs-full-h5py.h5")
    simple = os.path.join(workdir, "pairs-simple-h5py.h5")
    write_full(full)
    write_simple(simple)
    connectors = ["native", "core", "family", "dirstore"]
    failed = []
    for a in connectors:
        for b in connectors:
            if a == b:
                continue
            with_dirstore = "dirstore" in (a, b)
            source = simple if with_dirstore else full
            stem = "pair-%s-%s" % (a, b)
            print("== %s -> %s" % (a, b), flush=True)
            status, final = copy_through(args.h5x, source, [a, b], workdir, stem, env=env)
            if status == 0:
                status = h5diff_identical(args.h5diff, source, final, cwd=workdir, quiet=True)
            if status == 0 and not with_dirstore:
                status = check_dimension_scales(final)
            if status:
                failed.append("%s -> %s" % (a, b))
    print("%d pairs, %d failed%s" % (len(connectors) * (len(connectors) - 1), len(failed),
                                      (": " + ", ".join(failed)) if failed else ""))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["chain", "pairs"])
    parser.add_argument("--h5x", required=True)
    parser.add_argument("--h5diff", required=True)
    parser.add_argument("--plugin-path")
    parser.add_argument("--workdir", default=".")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    workdir = os.path.abspath(args.workdir)
    return chain(args, workdir) if args.mode == "chain" else pairs(args, workdir)


if __name__ == "__main__":
    sys.exit(main())
