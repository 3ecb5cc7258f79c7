"""What the interoperability scripts share: running a command with its
command line shown, HDF5's h5diff as a verdict, `h5x cp`, and the skip
when h5py is missing.

The scripts in this directory are run by CTest with Debian's python3 (which
has h5py on HDF5 1.10); each puts this directory on sys.path and imports
what it needs from here, so a change in how h5diff is judged is made once.
"""

import os
import subprocess
import sys

SKIP = 77  # CTest's SKIP_RETURN_CODE for these scripts


def require_h5py():
    """Exits with the skip status when h5py (or NumPy) cannot be imported."""
    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        print("h5py is not importable by %s: skipped" % sys.executable)
        sys.exit(SKIP)


def run(command, cwd=None, env=None):
    """Runs command (a list), showing it first; returns its exit status."""
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=cwd, env=env).returncode


def h5diff_identical(h5diff, first, second, cwd=None, expected_not_comparable=(), quiet=False):
    """0 when HDF5's h5diff finds the two files identical and compared
    everything (apart from the objects listed in expected_not_comparable,
    which h5diff never compares); 1 otherwise, with what differed."""
    command = [h5diff, "-v", first, second]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace", cwd=cwd)
    lines = result.stdout.splitlines()
    differing = [line for line in lines if "differences found" in line and not line.startswith("0 ")]
    not_comparable = [line for line in lines
                      if "Not comparable" in line and line.strip() not in expected_not_comparable]
    for line in (differing + not_comparable)[:40]:
        print("   FAIL " + line)
    if not quiet:
        print("h5diff exit status %d; %d objects differ; %d not comparable"
              % (result.returncode, len(differing), len(not_comparable)))
    if result.returncode != 0 or differing or not_comparable:
        print(result.stdout[-4000:])
        return 1
    return 0


def h5x_cp(h5x, source, destination, cwd=None, env=None):
    """`h5x cp -r source destination` (URIs with connector prefixes)."""
    return run([h5x, "cp", "-r", source, destination], cwd=cwd, env=env)


def cp_into_native(h5x, source, copy, cwd=None):
    """`h5x cp -r source native:copy` into a fresh copy; its exit status."""
    if os.path.exists(copy):
        os.remove(copy)
    return h5x_cp(h5x, source, "native:" + copy, cwd=cwd)


def dump_has_lines(h5x, path, expected, cwd=None):
    """0 when `h5x dump path` succeeds and prints every line of expected;
    1 otherwise, naming what is missing and showing the dump."""
    command = [h5x, "dump", path]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    printed = result.stdout.decode("utf-8", errors="replace")
    lines = printed.splitlines()
    failures = 0
    if result.returncode != 0:
        print("FAIL: h5x dump exit status %d: %s" % (result.returncode, result.stderr.decode(errors="replace")))
        failures += 1
    for line in expected:
        if line not in lines:
            print("FAIL: h5x dump printed no line %r" % line)
            failures += 1
    print("%d lines checked, %d missing" % (len(expected), failures))
    if failures:
        print(printed)
    return 1 if failures else 0
