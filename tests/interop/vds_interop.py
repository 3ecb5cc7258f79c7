#!/usr/bin/python3
"""Virtual datasets between h5x and Debian's h5py (HDF5 1.10), and h5dump.

    vds_interop.py h5py-to-h5x --program PATH --workdir DIR
    vds_interop.py h5x-to-h5py --program PATH --workdir DIR
    vds_interop.py h5dump      --program PATH --h5dump PATH --workdir DIR

The content is described in vds_interop.c: four sources stacked as in the
seeds, an interleaved pair (layout[0::2], layout[1::2]), strided source
selections (src[1::2]), and a layout with an unmapped row and a missing
source.  h5py-to-h5x: h5py writes it, `vds_interop read` checks it with h5x.
h5x-to-h5py: `vds_interop write` writes it, h5py checks values, fill values
and virtual_sources().  h5dump: HDF5 1.14's h5dump prints the h5x-written
virtual dataset with the sources' values.  Every check runs from a current
directory other than the files', so relative source names must be resolved
from the virtual dataset's own directory.

Exit status 0 when everything passed, 77 (skip) without h5py.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import h5py
    import numpy as np
except ImportError:
    print("h5py is not importable by %s: skipped" % sys.executable)
    sys.exit(77)

N = 100


def fresh(workdir):
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)


def source(n, sel=None):
    vs = h5py.VirtualSource("src-%d.h5" % n, "data", shape=(N,), dtype="i4")
    return vs if sel is None else vs[sel]


def write(workdir):
    for n in range(1, 5):
        with h5py.File(os.path.join(workdir, "src-%d.h5" % n), "w") as f:
            f["data"] = n * 1000 + np.arange(N, dtype="i4")
    with h5py.File(os.path.join(workdir, "vds.h5"), "w", libver="latest") as f:
        stack = h5py.VirtualLayout(shape=(4, N), dtype="i4")
        partial = h5py.VirtualLayout(shape=(6, N), dtype="i4")
        strided = h5py.VirtualLayout(shape=(4, N // 2), dtype="i4")
        for n in range(1, 5):
            stack[n - 1] = source(n)
            partial[n - 1] = source(n)
            strided[n - 1] = source(n, slice(1, None, 2))
        partial[5] = h5py.VirtualSource("missing.h5", "data", shape=(N,), dtype="i4")
        interleaved = h5py.VirtualLayout(shape=(2 * N,), dtype="i4")
        interleaved[0::2] = source(1)
        interleaved[1::2] = source(2)
        f.create_virtual_dataset("stack", stack, fillvalue=-5)
        f.create_virtual_dataset("interleaved", interleaved, fillvalue=-1)
        f.create_virtual_dataset("strided", strided, fillvalue=0)
        f.create_virtual_dataset("partial", partial, fillvalue=-5)


def expected():
    rows = np.array([(r + 1) * 1000 + np.arange(N) for r in range(4)], dtype="i4")
    partial = np.full((6, N), -5, dtype="i4")
    partial[:4] = rows
    interleaved = np.empty(2 * N, dtype="i4")
    interleaved[0::2] = rows[0]
    interleaved[1::2] = rows[1]
    return {"stack": (rows, -5, 4), "partial": (partial, -5, 5), "interleaved": (interleaved, -1, 2),
            "strided": (rows[:, 1::2], 0, 4)}


def check_with_h5py(workdir):
    failures = 0
    with h5py.File(os.path.join(workdir, "vds.h5"), "r") as f:
        for name, (want, fill, mappings) in expected().items():
            d = f[name]
            problems = []
            if not d.is_virtual:
                problems.append("not virtual")
            got = d[()]
            if got.shape != want.shape or not np.array_equal(got, want):
                problems.append("values differ: %r" % (got,))
            if d.fillvalue != fill:
                problems.append("fill value %r, want %r" % (d.fillvalue, fill))
            sources = d.virtual_sources()
            if len(sources) != mappings:
                problems.append("%d mappings, want %d" % (len(sources), mappings))
            for s in sources:
                if s.dset_name not in ("data", "/data") or not (s.file_name.startswith("src-") or
                                                                s.file_name == "missing.h5"):
                    problems.append("unexpected source %r" % (s,))
            if not np.array_equal(f["interleaved"][7:15:2], [2003, 2004, 2005, 2006]):
                problems.append("interleaved[7:15:2] differs")
            print("%s %s" % ("FAIL" if problems else "ok  ", name))
            for p in problems:
                print("     " + p)
            failures += bool(problems)
    return failures


def run(argv, elsewhere):
    print("$ " + " ".join(argv))
    result = subprocess.run(argv, cwd=elsewhere, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    print(result.stdout)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["h5py-to-h5x", "h5x-to-h5py", "h5dump"])
    parser.add_argument("--program", required=True)
    parser.add_argument("--h5dump")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    workdir = os.path.abspath(os.path.join(args.workdir, args.mode))
    fresh(workdir)
    elsewhere = tempfile.mkdtemp(prefix="h5x-vds-cwd-")
    try:
        if args.mode == "h5py-to-h5x":
            write(workdir)
            return run([args.program, "read", workdir], elsewhere).returncode
        if run([args.program, "write", workdir], elsewhere).returncode != 0:
            return 1
        if args.mode == "h5x-to-h5py":
            os.chdir(elsewhere)
            return 1 if check_with_h5py(workdir) else 0
        result = run([args.h5dump, "-p", "-d", "/stack", os.path.join(workdir, "vds.h5")], elsewhere)
        text = result.stdout
        ok = result.returncode == 0 and "4099" in text and "1000" in text and "VIRTUAL" in text
        print("ok   h5dump prints the sources' values" if ok else "FAIL h5dump output")
        return 0 if ok else 1
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
