#!/usr/bin/python3
"""Links, names and references between h5x and Debian's h5py.

    links_refs.py h5py-to-h5x --program PATH --workdir DIR
    links_refs.py h5x-to-h5py --program PATH --workdir DIR
    links_refs.py cp-h5diff   --program PATH --h5x PATH --h5diff PATH --workdir DIR
    links_refs.py dump        --h5x PATH --workdir DIR

h5py-to-h5x: h5py writes the content (see links_refs.c for it in h5py's
words) and `links_refs read` checks it with h5x.  h5x-to-h5py: `links_refs
write` writes it with h5x and h5py checks it: f[ref], dset[regref],
bool(ref), link kinds and targets, the names' character sets, creation
order.  cp-h5diff: h5py writes the content, `h5x cp` copies it into a new
native file, HDF5's h5diff finds the two identical (it compares references
by what they point at), and both h5py and h5x check the copy.  dump: `h5x
dump` of the h5py file prints each reference as the path it leads to (a
region with its selection) and each link as h5dump does.

Exit status 0 when everything passed, 77 (skip) without h5py.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_tools import cp_into_native, dump_has_lines, h5diff_identical, require_h5py, run  # noqa: E402

require_h5py()
import h5py  # noqa: E402
import numpy as np  # noqa: E402

TARGET = "links_refs_target.h5"
TEXT_NAME = "\u03b1\u03b2\u03b3"
INNER_NAME = "\u00fcn\u00ef"
BYTES_NAME = b"raw\xff"


def write(path):
    """The content, written by h5py."""
    target = os.path.join(os.path.dirname(os.path.abspath(path)), TARGET)
    with h5py.File(target, "w") as t:
        t["data"] = np.arange(100, dtype="i1")
    with h5py.File(path, "w") as f:
        dset = f.create_dataset("dset", data=np.arange(100, dtype="f4").reshape(10, 10))
        g = f.create_group("some/group")
        g["value"] = np.int64(42)
        g["other name"] = g["value"]
        f["alias"] = h5py.SoftLink("/some/group")
        f["dangling"] = h5py.SoftLink("/nowhere")
        f["ext"] = h5py.ExternalLink(TARGET, "/data")
        links = f.create_group("links")
        links.id.links.create_external(b"data", TARGET.encode(), b"/data")
        f.create_group(TEXT_NAME)[INNER_NAME] = np.int64(7)
        f.create_group(BYTES_NAME)
        o = f.create_group("ordered", track_order=True)
        o["zeta"] = np.int64(1)
        o.create_group("alpha")
        o["mid"] = h5py.SoftLink("zeta")
        o["beta"] = o["zeta"]
        refs = f.create_dataset("MyRefs", (100,), dtype=h5py.ref_dtype)
        refs[0] = f.ref
        refs[1] = g.ref
        refs[2] = dset.ref
        refs[3] = g["value"].ref
        regions = f.create_dataset("MyRegions", (4,), dtype=h5py.regionref_dtype)
        regions[0] = dset.regionref[0:2, 1:4]
        regions[1] = dset.regionref[::4, ::3]
        regions[2] = dset.regionref[[1, 3, 6], 2]
        f.attrs["Root group reference"] = f.ref
        f.attrs.create("refs", [g.ref, h5py.Reference(), dset.ref], dtype=h5py.ref_dtype)
        f.attrs["roi"] = dset.regionref[1:3, ::2]
        g.attrs["self"] = g.ref
        mask = np.zeros((10, 10), bool)
        mask[1, 2] = mask[3, 7] = mask[8, 0] = True
        points = f.create_dataset("MyPoints", (1,), dtype=h5py.regionref_dtype)
        points[0] = dset.regionref[mask]


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def equal(self, what, got, want):
        self.checks += 1
        same = np.array_equal(np.asarray(got), np.asarray(want)) if not isinstance(want, str) else got == want
        if not same:
            self.failures += 1
            print("FAIL %s: got %r, expected %r" % (what, got, want))

    def true(self, what, condition):
        self.equal(what, bool(condition), True)


def check(path):
    """h5py reads the content (written by h5x) and compares it."""
    c = Checker()
    with h5py.File(path, "r") as f:
        dset = f["dset"]
        g = f["some/group"]
        # links
        c.true("hard link: both names compare equal", g["other name"] == g["value"])
        c.equal("value through the second name", g["other name"][()], 42)
        c.true("other name is a hard link", isinstance(f.get("some/group/other name", getlink=True), h5py.HardLink))
        alias = f.get("alias", getlink=True)
        c.true("alias is a soft link", isinstance(alias, h5py.SoftLink))
        c.equal("alias target", alias.path, "/some/group")
        c.equal("value through alias", f["alias/value"][()], 42)
        c.equal("dangling target", f.get("dangling", getlink=True).path, "/nowhere")
        c.true("dangling leads nowhere", f.get("dangling") is None)
        for name in ("ext", "links/data"):
            link = f.get(name, getlink=True)
            c.true(name + " is external", isinstance(link, h5py.ExternalLink))
            c.equal(name + " file", link.filename, TARGET)
            c.equal(name + " path", link.path, "/data")
        c.equal("external data", f["links/data"][:], np.arange(100, dtype="i1"))
        c.equal("UTF-8 names", f[TEXT_NAME][INNER_NAME][()], 7)
        c.true("bytes name", f.id.links.exists(BYTES_NAME))
        info = f.id.links.get_info
        c.equal("charset of a UTF-8 name", info(TEXT_NAME.encode()).cset, h5py.h5t.CSET_UTF8)
        inner = f[TEXT_NAME]
        c.equal("charset of an inner UTF-8 name", inner.id.links.get_info(INNER_NAME.encode()).cset,
                h5py.h5t.CSET_UTF8)
        c.equal("charset of an ASCII name", info(b"dset").cset, h5py.h5t.CSET_ASCII)
        c.equal("charset of a bytes name", info(BYTES_NAME).cset, h5py.h5t.CSET_ASCII)
        c.equal("charset of a soft link name", info(b"alias").cset, h5py.h5t.CSET_ASCII)
        c.equal("creation order", list(f["ordered"]), ["zeta", "alpha", "mid", "beta"])
        c.true("ordered/beta is ordered/zeta", f["ordered/beta"] == f["ordered/zeta"])
        # references
        refs = f["MyRefs"]
        c.equal("MyRefs dtype", h5py.check_ref_dtype(refs.dtype), h5py.Reference)
        c.equal("f[MyRefs[0]]", f[refs[0]].name, "/")
        c.equal("f[MyRefs[1]]", f[refs[1]].name, "/some/group")
        c.true("f[MyRefs[2]] == dset", f[refs[2]] == dset)
        c.true("g[MyRefs[3]] == value", g[refs[3]] == g["value"])
        c.true("bool(MyRefs[0])", bool(refs[0]))
        c.true("not bool(MyRefs[4])", not bool(refs[4]))
        c.true("not bool(MyRefs[50])", not bool(refs[50]))
        regions = f["MyRegions"]
        c.equal("MyRegions dtype", h5py.check_ref_dtype(regions.dtype), h5py.RegionReference)
        grid = np.arange(100, dtype="f4").reshape(10, 10)
        c.equal("dset[regions[0]]", dset[regions[0]], grid[0:2, 1:4])
        c.equal("dset[regions[1]]", dset[regions[1]], grid[::4, ::3])
        c.equal("dset[regions[2]]", dset[regions[2]], grid[[1, 3, 6], 2:3])
        c.true("f[regions[0]] == dset", f[regions[0]] == dset)
        c.true("not bool(regions[3])", not bool(regions[3]))
        c.equal("root reference attribute", f[f.attrs["Root group reference"]].name, "/")
        three = f.attrs["refs"]
        c.equal("refs attribute: first", f[three[0]].name, "/some/group")
        c.true("refs attribute: null", not bool(three[1]))
        c.true("refs attribute: dset", f[three[2]] == dset)
        c.equal("roi", dset[f.attrs["roi"]], grid[1:3, ::2])
        c.equal("self", f[g.attrs["self"]].name, "/some/group")
    print("%d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


DUMP_EXPECTED = [
    '   ATTRIBUTE "Root group reference" {',
    "      (0): /",
    "      (0): /some/group, NULL, /dset",
    "      (0): /dset[1:3, 0:9:2]",
    "      (0): /dset[(1, 2), (3, 7), (8, 0)]",
    "      (0): /, /some/group, /dset, /some/group/other name, NULL, NULL, NULL,",
    "      (95): NULL, NULL, NULL, NULL, NULL",
    "      (0): /dset[0:2, 1:4], /dset[0:9:4, 0:10:3], /dset[[1, 3, 6], 2:3], NULL",
    '   SOFTLINK "dangling" {',
    '      LINKTARGET "/nowhere"',
    '   EXTERNAL_LINK "ext" {',
    '      TARGETFILE "links_refs_target.h5"',
    "            (0): /some/group",
]


def dump(h5x, workdir):
    """h5x dump prints references as paths."""
    path = os.path.join(workdir, "links_refs_dump.h5")
    write(path)
    return dump_has_lines(h5x, path, DUMP_EXPECTED, cwd=workdir)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["h5py-to-h5x", "h5x-to-h5py", "cp-h5diff", "dump", "write", "check"])
    parser.add_argument("--program")
    parser.add_argument("--h5x")
    parser.add_argument("--h5diff")
    parser.add_argument("--workdir", default=".")
    parser.add_argument("--file")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    workdir = os.path.abspath(args.workdir)

    if args.mode == "write":
        write(args.file)
        return 0
    if args.mode == "check":
        return check(args.file)
    if args.mode == "h5py-to-h5x":
        path = os.path.join(workdir, "links_refs_h5py.h5")
        write(path)
        return run([args.program, "read", path, "h5py"], cwd=workdir)
    if args.mode == "h5x-to-h5py":
        path = os.path.join(workdir, "links_refs_h5x.h5")
        status = run([args.program, "write", path], cwd=workdir)
        return status if status else check(path)
    if args.mode == "dump":
        return dump(args.h5x, workdir)
    # cp-h5diff
    source = os.path.join(workdir, "links_refs_cp_source.h5")
    copy = os.path.join(workdir, "links_refs_cp_copy.h5")
    write(source)
    status = cp_into_native(args.h5x, source, copy, cwd=workdir)
    if status:
        return status
    if h5diff_identical(args.h5diff, source, copy, cwd=workdir):
        return 1
    status = check(copy)
    return status if status else run([args.program, "read", copy, "h5py"], cwd=workdir)


if __name__ == "__main__":
    sys.exit(main())
