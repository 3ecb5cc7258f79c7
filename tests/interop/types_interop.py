#!/usr/bin/python3
"""Strings, vlen, compound, enum, opaque and committed types between h5x
and Debian's h5py.

    types_interop.py h5py-to-h5x --program PATH --workdir DIR
    types_interop.py h5x-to-h5py --program PATH --workdir DIR
    types_interop.py h5diff      --program PATH --h5diff PATH --workdir DIR
    types_interop.py cp-h5diff   --program PATH --h5x PATH --h5diff PATH --h5dump PATH --workdir DIR
    types_interop.py dump        --h5x PATH --workdir DIR

h5py-to-h5x: h5py writes the content (see types_interop.c for it in
h5py's words) and `types_interop read` checks it with h5x.  h5x-to-h5py:
`types_interop write` writes it with h5x, and h5py checks every dtype the
way h5py users ask about them (check_string_dtype, asstr(),
check_vlen_dtype, check_enum_dtype, the datetime64 dtype behind the opaque
tag, np.void attributes, committed types) and every value.  h5diff: each
library writes the content and HDF5's h5diff finds the two files equal,
attributes included.  cp-h5diff:
h5py writes the content, `h5x cp` copies it into a new native file, HDF5's
h5diff finds the two identical, h5dump prints the same types for both
(the dataset of a committed type still names it), and both sides check the
copy.  dump: `h5x dump` prints strings as "text", sequences as (a, b),
compounds as {a, b}, enums by name.

Exit status 0 when everything passed, 77 (skip) without h5py.
"""

import argparse
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_tools import cp_into_native, dump_has_lines, h5diff_identical, require_h5py, run  # noqa: E402

require_h5py()
import h5py  # noqa: E402
import numpy as np  # noqa: E402

HELLO = "h\u00e9llo"
EURO = "\u20acuro"
CMP = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "<i2", (3,)), ("d", [("x", "<f4"), ("y", "u1")])])
CMP_VALUES = [(1, 2.5, (1, 2, 3), (0.5, 7)), (-4, -1.5, (4, 5, 6), (1.5, 8))]
COLOURS = {"RED": 0, "GREEN": 1, "BLUE": 2}
DATES = np.array(["2019-09-22T17:38:30", "1970-01-01T00:00:00"], dtype="M8[s]")


def opaque_datetime():
    """h5py's opaque_dtype(M8[s]); older h5py lacks the function (the seeds
    show that), and then the tagged type is built by hand."""
    if hasattr(h5py, "opaque_dtype"):
        return h5py.opaque_dtype(np.dtype("M8[s]"))
    return None


def write(path):
    """The content, written by h5py."""
    with h5py.File(path, "w") as f:
        f["s10"] = np.array([b"abc", b"hello"], dtype="S10")
        f["vstr"] = np.array(["a", HELLO, EURO], dtype=h5py.string_dtype())
        f["vbytes"] = np.array([b"ab", b"\xffcd"], dtype=h5py.string_dtype("ascii"))
        f["scalar_str"] = "just one"
        v = f.create_dataset("vlen_int", (3,), dtype=h5py.vlen_dtype("i4"))
        v[0] = [1, 2, 3]
        v[1] = [1, 2, 3, 4, 5]
        f["cmp"] = np.array(CMP_VALUES, dtype=CMP)
        f["enum"] = np.array([0, 1, 2, 1], dtype=h5py.enum_dtype(COLOURS, basetype="i1"))
        tagged = opaque_datetime()
        if tagged is not None:
            f["dt"] = DATES.astype(tagged)
        else:
            tid = h5py.h5t.create(h5py.h5t.OPAQUE, 8)
            tid.set_tag(b"NUMPY:<M8[s]")
            space = h5py.h5s.create_simple((2,))
            dset = h5py.h5d.create(f.id, b"dt", tid, space)
            dset.write(h5py.h5s.ALL, h5py.h5s.ALL, DATES.view("<i8"), mtype=tid)
        # the seeds' (5, 5, 5) dataset, filled so that h5diff has data to compare
        test = f.create_dataset("test", data=np.arange(125, dtype="f4").reshape(5, 5, 5))
        test.attrs["attribute_name"] = np.void(b"Hello\x00Hello\x00")
        f.attrs["text"] = HELLO
        f.attrs["bytes"] = b"bytes"
        f.attrs["fixed"] = np.bytes_("xyz")
        f["named"] = np.dtype("<i8")
        f.create_dataset("uses_named", data=np.array([5, 6], "<i8"), dtype=f["named"])
        f["people"] = np.array([("ann", 1), ("bo", 2)], dtype=[("name", h5py.string_dtype()), ("id", "<i4")])


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def equal(self, what, got, want):
        self.checks += 1
        try:
            same = np.array_equal(np.asarray(got), np.asarray(want)) if not isinstance(want, str) else got == want
        except Exception as error:  # incomparable values are a failure, not a crash
            same = False
            got = "%r (%s)" % (got, error)
        if not same:
            self.failures += 1
            print("FAIL %s: got %r, expected %r" % (what, got, want))

    def true(self, what, condition):
        self.equal(what, bool(condition), True)


def string_info(dtype):
    """check_string_dtype as a plain (encoding, length) pair."""
    info = h5py.check_string_dtype(dtype)
    return None if info is None else (info.encoding, info.length)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def check(path):
    """h5py reads the content (written by h5x or copied) and compares it."""
    c = Checker()
    with h5py.File(path, "r") as f:
        s10 = f["s10"]
        c.equal("s10 dtype", s10.dtype, np.dtype("S10"))
        c.equal("s10 string info", string_info(s10.dtype), ("ascii", 10))
        c.equal("s10 values", s10[()], np.array([b"abc", b"hello"], dtype="S10"))
        c.equal("s10 padding", s10.id.get_type().get_strpad(), h5py.h5t.STR_NULLPAD)

        vstr = f["vstr"]
        c.equal("vstr string info", string_info(vstr.dtype), ("utf-8", None))
        c.equal("vstr as bytes", list(vstr[()]), [b"a", HELLO.encode(), EURO.encode()])
        c.equal("vstr asstr()", list(vstr.asstr()[()]), ["a", HELLO, EURO])
        c.equal("vstr padding", vstr.id.get_type().get_strpad(), h5py.h5t.STR_NULLTERM)
        vbytes = f["vbytes"]
        c.equal("vbytes string info", string_info(vbytes.dtype), ("ascii", None))
        c.equal("vbytes values", list(vbytes[()]), [b"ab", b"\xffcd"])
        c.equal("scalar_str", f["scalar_str"][()], b"just one")
        c.equal("scalar_str asstr()", f["scalar_str"].asstr()[()], "just one")

        v = f["vlen_int"]
        c.equal("vlen base", h5py.check_vlen_dtype(v.dtype), np.dtype("int32"))
        c.equal("vlen[0]", v[0], np.array([1, 2, 3], "i4"))
        c.equal("vlen[1]", v[1], np.array([1, 2, 3, 4, 5], "i4"))
        c.equal("vlen[2]", len(v[2]), 0)
        c.equal("vlen[0:2] lengths", [len(row) for row in v[0:2]], [3, 5])

        cmp = f["cmp"]
        c.equal("cmp dtype", cmp.dtype, CMP)
        c.equal("cmp values", cmp[()], np.array(CMP_VALUES, dtype=CMP))
        c.equal("cmp['b']", cmp["b"], np.array([2.5, -1.5]))
        c.equal("cmp['d']['y']", cmp["d"]["y"], np.array([7, 8], "u1"))

        enum = f["enum"]
        c.equal("enum members", h5py.check_enum_dtype(enum.dtype), COLOURS)
        c.equal("enum base", enum.dtype, np.dtype("i1"))
        c.equal("enum values", enum[()], np.array([0, 1, 2, 1], "i1"))

        dt = f["dt"]
        c.equal("dt dtype", dt.dtype, np.dtype("<M8[s]"))
        c.equal("dt values", dt[()], DATES)
        c.equal("dt tag", dt.id.get_type().get_tag(), b"NUMPY:<M8[s]")

        blob = f["test"].attrs["attribute_name"]
        c.true("np.void attribute", isinstance(blob, np.void))
        c.equal("np.void bytes", blob.tobytes(), b"Hello\x00Hello\x00")
        c.equal("text attribute", f.attrs["text"], HELLO)
        c.equal("text attribute charset", f.attrs.get_id("text").get_type().get_cset(), h5py.h5t.CSET_UTF8)
        c.equal("bytes attribute charset", f.attrs.get_id("bytes").get_type().get_cset(), h5py.h5t.CSET_ASCII)
        c.equal("bytes attribute", text(f.attrs["bytes"]), "bytes")
        c.equal("fixed attribute", f.attrs["fixed"], np.bytes_(b"xyz"))

        named = f["named"]
        c.true("named is a committed datatype", isinstance(named, h5py.Datatype))
        c.equal("named dtype", named.dtype, np.dtype("<i8"))
        uses = f["uses_named"]
        c.true("uses_named refers to the committed type", uses.id.get_type().committed())
        c.equal("uses_named values", uses[()], np.array([5, 6], "<i8"))

        people = f["people"][()]
        c.equal("people names", [text(row[0]) for row in people], ["ann", "bo"])
        c.equal("people ids", [int(row[1]) for row in people], [1, 2])
        c.equal("people name field", string_info(f["people"].dtype["name"]),
                ("utf-8", None))
    print("%d checks, %d failed" % (c.checks, c.failures))
    return 1 if c.failures else 0


DUMP_EXPECTED = [
    "      (0): \"abc\", \"hello\"",
    "      (0): \"a\", \"%s\", \"%s\"" % (HELLO, EURO),
    "      (0): \"ab\", \"\\xffcd\"",
    "      (0): (1, 2, 3), (1, 2, 3, 4, 5), ()",
    "      (0): {1, 2.5, [1, 2, 3], {0.5, 7}}, {-4, -1.5, [4, 5, 6], {1.5, 8}}",
    "      (0): RED, GREEN, BLUE, GREEN",
    "      DTYPE <M8[s]",
    "         (0): 48:65:6c:6c:6f:00:48:65:6c:6c:6f:00",
    "      (0): {\"ann\", 1}, {\"bo\", 2}",
    "      (0): \"%s\"" % HELLO,
]


def dump(h5x, workdir):
    path = os.path.join(workdir, "types_dump.h5")
    write(path)
    return dump_has_lines(h5x, path, DUMP_EXPECTED, cwd=workdir)


def h5dump_types(h5dump, path):
    """h5dump's header, without the line naming the file."""
    result = subprocess.run([h5dump, "-H", path], stdout=subprocess.PIPE, text=True, errors="replace")
    return result.stdout.splitlines()[1:]


def h5diff_both(args, workdir):
    h5x_file = os.path.join(workdir, "types_diff_h5x.h5")
    h5py_file = os.path.join(workdir, "types_diff_h5py.h5")
    status = run([args.program, "write", h5x_file], cwd=workdir)
    if status:
        return status
    write(h5py_file)
    return h5diff_identical(args.h5diff, h5x_file, h5py_file)


def cp_h5diff(args, workdir):
    source = os.path.join(workdir, "types_cp_source.h5")
    copy = os.path.join(workdir, "types_cp_copy.h5")
    write(source)
    status = cp_into_native(args.h5x, source, copy, cwd=workdir)
    if status or h5diff_identical(args.h5diff, source, copy):
        return status or 1
    if args.h5dump:
        before, after = h5dump_types(args.h5dump, source), h5dump_types(args.h5dump, copy)
        if before != after:
            print("FAIL: h5dump -H differs between the source and the copy")
            for line in sorted(set(before) ^ set(after)):
                print("   " + line)
            return 1
    status = check(copy)
    return status if status else run([args.program, "read", copy], cwd=workdir)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["h5py-to-h5x", "h5x-to-h5py", "h5diff", "cp-h5diff", "dump", "write",
                                         "check"])
    parser.add_argument("--program")
    parser.add_argument("--h5x")
    parser.add_argument("--h5diff")
    parser.add_argument("--h5dump")
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
        path = os.path.join(workdir, "types_h5py.h5")
        write(path)
        return run([args.program, "read", path], cwd=workdir)
    if args.mode == "h5x-to-h5py":
        path = os.path.join(workdir, "types_h5x.h5")
        status = run([args.program, "write", path], cwd=workdir)
        return status if status else check(path)
    if args.mode == "dump":
        return dump(args.h5x, workdir)
    if args.mode == "h5diff":
        return h5diff_both(args, workdir)
    return cp_h5diff(args, workdir)


if __name__ == "__main__":
    sys.exit(main())
