#!/usr/bin/python3
"""Family files between h5x, Debian's h5py (driver="family", HDF5 1.10)
and HDF5 1.14's tools.

    family_interop.py h5py-to-h5x --program PATH --workdir DIR
    family_interop.py h5x-to-h5py --program PATH --h5dump PATH --workdir DIR
    family_interop.py damage      --h5x PATH --workdir DIR
    family_interop.py cp-h5diff   --h5x PATH --h5diff PATH --workdir DIR

The content is that of family_interop.c (3.5 MiB of f8, a chunked gzip
i4 dataset, attributes, a soft link).

h5py-to-h5x: h5py writes the content as families with 1 MiB members
(superblock version 0), 256 KiB members with libver='latest' (version 3)
and h5py's default member size, and `family_interop read` checks every
value through "family:PATTERN", never told the member size.

h5x-to-h5py: `family_interop write` writes families with 1 MiB members
and with h5x's default size; h5py reads them with driver="family" (with
memb_size=1 MiB for the first, with no memb_size at all for the second:
h5x's default is h5py's), compares every value, and h5dump
--filedriver=family prints them.

damage: with a member of an h5py family renamed away or cut short, `h5x
ls` fails and its message names the member's file; restored, it lists.

cp-h5diff: h5py writes the content into a plain file, `h5x cp` copies it
into a family of 512 KiB members and back into a new native file, and
h5diff finds the original and the round trip identical (and the family
itself equal to the original).

Exit status 0 when everything passed, 1 when something failed, 77 (skip)
without h5py.
"""

import argparse
import glob
import os
import subprocess
import sys

try:
    import h5py
    import numpy as np
except ImportError:
    print("h5py is not importable by %s: skipped" % sys.executable)
    sys.exit(77)

MIB = 1 << 20
H5PY_DEFAULT_MEMBER_SIZE = 2**31 - 1
X = np.arange(458752, dtype="<f8") / 4
INTS = ((np.arange(300 * 400) * 7) % 1000).astype("<i4").reshape(300, 400)

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run(command, **kwargs):
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, **kwargs)


def fresh(workdir, stem):
    """Removes every file of an earlier run whose name starts with stem."""
    os.makedirs(workdir, exist_ok=True)
    for stale in glob.glob(os.path.join(workdir, stem + "*")):
        os.remove(stale)
    return os.path.join(workdir, stem)


def write_content(f):
    f["x"] = X
    f.create_dataset("g/ints", data=INTS, chunks=(50, 100), compression="gzip", compression_opts=4)
    f["g"].attrs["scale"] = np.array([1.5, 2.5])
    f.attrs["version"] = np.int64(3)
    f.attrs["title"] = "family"
    f["link"] = h5py.SoftLink("/g/ints")


def check_content(f, where):
    check(np.array_equal(f["x"][...], X), where + ": /x")
    ints = f["g/ints"]
    check(ints.dtype == np.dtype("<i4") and ints.chunks == (50, 100) and ints.compression == "gzip"
          and ints.compression_opts == 4, where + ": /g/ints dtype, chunks and gzip 4")
    check(np.array_equal(ints[...], INTS), where + ": /g/ints values")
    check(np.array_equal(f["link"][...], INTS), where + ": /link")
    check(list(f["g"].attrs["scale"]) == [1.5, 2.5], where + ": /g.attrs['scale']")
    check(f.attrs["version"] == 3, where + ": version")
    title = f.attrs["title"]
    check((title.decode() if isinstance(title, bytes) else title) == "family", where + ": title")


def members(pattern):
    found = []
    while os.path.exists(pattern % len(found)):
        found.append(pattern % len(found))
    return found


def h5py_to_h5x(args):
    cases = [("h5py-1mib-%d.h5", dict(memb_size=MIB)),
             ("h5py-latest-%d.h5", dict(memb_size=256 * 1024, libver="latest")),
             ("h5py-default-%d.h5", {})]
    for stem, options in cases:
        pattern = fresh(args.workdir, stem.split("%")[0]) + "%d.h5"
        with h5py.File(pattern, "w", driver="family", **options) as f:
            write_content(f)
        count = len(members(pattern))
        expected = 1 if "memb_size" not in options else None
        check(count > 1 if expected is None else count == expected,
              "%s: h5py wrote %d members %s" % (stem, count, options))
        result = run([args.program, "read", "family:" + pattern])
        check(result.returncode == 0, "%s: h5x reads every value without being told the member size" % stem)


def h5x_to_h5py(args):
    pattern = fresh(args.workdir, "h5x-1mib-") + "%d.h5"
    result = run([args.program, "write", "family;member_size=1MiB:" + pattern])
    check(result.returncode == 0, "h5x wrote a family of 1 MiB members")
    sizes = [os.path.getsize(member) for member in members(pattern)]
    check(len(sizes) == 4 and sizes[:3] == [MIB] * 3, "four members, all but the last of 1 MiB: %s" % sizes)
    with h5py.File(pattern, "r", driver="family", memb_size=MIB) as f:
        check_content(f, "h5py, memb_size=1 MiB")

    plain = fresh(args.workdir, "h5x-default") + ".h5"
    result = run([args.program, "write", "family:" + plain])
    check(result.returncode == 0, "h5x wrote a family with its default member size")
    default_pattern = plain.replace(".h5", "-%06d.h5")
    check(members(default_pattern) == [default_pattern % 0], "one member, named %s" % (default_pattern % 0))
    with h5py.File(default_pattern, "r", driver="family") as f:
        check(f.id.get_access_plist().get_fapl_family()[0] == H5PY_DEFAULT_MEMBER_SIZE,
              "h5py's default memb_size is the one h5x wrote")
        check_content(f, "h5py, no memb_size")

    for path in (pattern, default_pattern):
        result = run([args.h5dump, "--filedriver=family", "-d", "/g/ints", "-s", "0,0", "-c", "1,4", path],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(result.stdout)
        check(result.returncode == 0 and "H5T_STD_I32LE" in result.stdout
              and "(0,0): 0, 7, 14, 21" in result.stdout, "h5dump --filedriver=family prints %s" % path)
        result = run([args.h5dump, "--filedriver=family", "-H", path],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        check(result.returncode == 0 and 'DATASET "x"' in result.stdout and "( 458752 )" in result.stdout
              and 'SOFTLINK "link"' in result.stdout, "h5dump --filedriver=family -H lists %s" % path)


def damage(args):
    pattern = fresh(args.workdir, "damaged-") + "%d.h5"
    with h5py.File(pattern, "w", driver="family", memb_size=MIB) as f:
        write_content(f)
    names = members(pattern)
    check(len(names) == 4, "h5py wrote four members")
    uri = "family:" + pattern

    def ls_fails_naming(member, what):
        result = run([args.h5x, "ls", uri], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        print(result.stderr, end="")
        check(result.returncode == 1 and os.path.basename(member) in result.stderr and what in result.stderr,
              "h5x ls fails naming %s (%s)" % (os.path.basename(member), what))

    for index in (1, 3):
        member = names[index]
        os.rename(member, member + ".aside")
        ls_fails_naming(member, "missing")
        os.rename(member + ".aside", member)
    for index in (0, 2, 3):
        member = names[index]
        with open(member, "rb") as stream:
            original = stream.read()
        with open(member, "r+b") as stream:
            stream.truncate(len(original) // 2)
        ls_fails_naming(member, "truncated")
        with open(member, "wb") as stream:
            stream.write(original)
    result = run([args.h5x, "ls", uri], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(result.stdout, end="")
    check(result.returncode == 0 and "x" in result.stdout.split(), "restored, h5x ls lists the family")


def cp_h5diff(args):
    original = fresh(args.workdir, "cp-original") + ".h5"
    family = fresh(args.workdir, "cp-family-") + "%d.h5"
    back = fresh(args.workdir, "cp-back") + ".h5"
    with h5py.File(original, "w") as f:
        write_content(f)
    result = run([args.h5x, "cp", "-r", "native:" + original, "family;member_size=512KiB:" + family])
    check(result.returncode == 0, "h5x cp native -> family")
    check(len(members(family)) >= 7, "the family has %d members of 512 KiB" % len(members(family)))
    result = run([args.h5x, "cp", "-r", "family:" + family, "native:" + back])
    check(result.returncode == 0, "h5x cp family -> native")
    for first, second in ((original, back), (original, family)):
        result = run([args.h5diff, "-v", first, second], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = result.stdout.splitlines()
        differing = [line for line in lines if "differences found" in line and not line.startswith("0 ")]
        not_comparable = [line for line in lines if line.startswith("Not comparable")]
        if result.returncode != 0 or differing or not_comparable:
            print(result.stdout)
        check(result.returncode == 0 and not differing and not not_comparable
              and "differences found" in result.stdout,
              "h5diff finds %s and %s identical" % (os.path.basename(first), os.path.basename(second)))
    with h5py.File(back, "r") as f:
        check_content(f, "h5py reads the round trip")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("direction", choices=["h5py-to-h5x", "h5x-to-h5py", "damage", "cp-h5diff"])
    parser.add_argument("--program")
    parser.add_argument("--h5x")
    parser.add_argument("--h5dump")
    parser.add_argument("--h5diff")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    {"h5py-to-h5x": h5py_to_h5x, "h5x-to-h5py": h5x_to_h5py, "damage": damage,
     "cp-h5diff": cp_h5diff}[args.direction](args)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
