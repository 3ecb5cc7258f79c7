#!/usr/bin/env python3
"""Runs CTest's tests with h5x's own programs under valgrind memcheck.

    memcheck.py --build DIR [--labels REGEX] [--exclude REGEX] [--jobs N]

Many tests are Python drivers that start h5x programs (interop_writer,
the h5x tool, ...) and compare with h5py, h5dump or h5diff.  Running the
whole driver under valgrind would check Python, not h5x, so this runs each
test itself, from the command CTest would run, with two changes:

  - a test whose command is a program of the build tree runs under
    valgrind;
  - every argument naming a program of the build tree's bin/ is replaced by
    a small script that runs the same program under valgrind, so the
    drivers' subprocesses are checked too.

valgrind reports an error, or a definite or indirect leak, by exiting with
status 99, which fails the test; each process writes its full report to
LOG_DIR/<test>/<pid>.log.  libhdf5's own leftovers are suppressed in
libhdf5.supp beside this script.  The last line is "memcheck: N tests, P
processes, E with errors" and the exit status is non-zero when E > 0 or a
test failed.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VALGRIND_ERROR = 99


def valgrind_command(log_dir):
    return [
        "valgrind", "--tool=memcheck", "--leak-check=full",
        "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
        "--error-exitcode=%d" % VALGRIND_ERROR, "--num-callers=40",
        "--suppressions=" + os.path.join(HERE, "libhdf5.supp"),
        "--log-file=" + os.path.join(log_dir, "%p.log"),
    ]


def build_programs(build):
    """The executables in the build tree's bin/ directory, by real path."""
    bin_dir = os.path.join(build, "bin")
    programs = set()
    for name in os.listdir(bin_dir):
        path = os.path.realpath(os.path.join(bin_dir, name))
        if os.path.isfile(path) and os.access(path, os.X_OK):
            programs.add(path)
    return programs


def write_shim(shim_dir, program, valgrind):
    shim = os.path.join(shim_dir, os.path.basename(program))
    with open(shim, "w") as out:
        out.write("#!/bin/sh\nexec " + " ".join("'%s'" % a for a in valgrind + [program]) + ' "$@"\n')
    os.chmod(shim, 0o755)
    return shim


def properties_of(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def run_test(test, build, programs, log_root, timeout):
    name = test["name"]
    log_dir = os.path.join(log_root, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    shutil.rmtree(log_dir, ignore_errors=True)
    os.makedirs(os.path.join(log_dir, "shims"))
    valgrind = valgrind_command(log_dir)
    command = list(test["command"])
    if os.path.realpath(command[0]) in programs:
        command = valgrind + command
    else:
        command = [write_shim(os.path.join(log_dir, "shims"), os.path.realpath(a), valgrind)
                   if os.path.realpath(a) in programs else a for a in command]
    props = properties_of(test)
    env = dict(os.environ)
    for assignment in props.get("ENVIRONMENT", []):
        key, _, value = assignment.partition("=")
        env[key] = value
    cwd = props.get("WORKING_DIRECTORY", build)
    try:
        result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=timeout)
        status, output = result.returncode, result.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        status, output = "timeout", (e.stdout or b"").decode(errors="replace")
    skipped = status == props.get("SKIP_RETURN_CODE")
    logs = [os.path.join(log_dir, f) for f in os.listdir(log_dir) if f.endswith(".log")]
    dirty = []
    for log in logs:
        with open(log, errors="replace") as f:
            text = f.read()
        summary = re.search(r"ERROR SUMMARY: (\d+) errors", text)
        leaked = re.search(r"(definitely|indirectly) lost: [1-9]", text)
        if (summary and summary.group(1) != "0") or leaked:
            dirty.append(log)
    return name, status, skipped, output, len(logs), dirty


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--labels", default="conformance|interop", help="CTest label regex")
    parser.add_argument("--exclude", default="", help="regex of test names to leave out")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=7200, help="seconds per test")
    parser.add_argument("--log-dir", default=None)
    args = parser.parse_args()
    build = os.path.realpath(args.build)
    log_root = args.log_dir or os.path.join(build, "memcheck")
    listing = subprocess.run(["ctest", "--show-only=json-v1", "-L", args.labels], cwd=build, check=True,
                             stdout=subprocess.PIPE).stdout
    tests = json.loads(listing)["tests"]
    if args.exclude:
        tests = [t for t in tests if not re.search(args.exclude, t["name"])]
    programs = build_programs(build)
    failed, processes, dirty_processes = [], 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_test, t, build, programs, log_root, args.timeout) for t in tests]
        for future in concurrent.futures.as_completed(futures):
            name, status, skipped, output, logs, dirty = future.result()
            processes += logs
            dirty_processes += len(dirty)
            verdict = "skipped" if skipped else "ok" if status == 0 and not dirty else "FAILED"
            print("%-45s %-8s %d process(es) checked%s" % (name, verdict, logs,
                  "" if status in (0, None) or skipped else ", exit status %s" % status), flush=True)
            if verdict == "FAILED":
                failed.append(name)
                for log in dirty:
                    print("    see " + log)
                if not dirty:
                    print("    " + "\n    ".join(output.strip().splitlines()[-15:]))
    print("memcheck: %d tests, %d processes, %d with errors; failed: %s" %
          (len(tests), processes, dirty_processes, " ".join(sorted(failed)) or "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
