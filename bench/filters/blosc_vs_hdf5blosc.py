"""The h5x Blosc plugin against Debian's hdf5-blosc, both inside h5py, and
the h5x API writing and reading the same data against the same reference.

Each measurement runs in a fresh process whose HDF5_PLUGIN_PATH selects
which plugin libhdf5 loads for filter 32001, writes the same data with the
same client values, reads it back, and reports the throughput.
BLOSC_NTHREADS sets the threads of both plugins (hdf5-blosc reads it
through c-blosc's global state, h5x's plugin through its own default, as
an upper bound: it starts a second thread only where that pays).
Targets: on one thread the h5x plugin is at least as fast as hdf5-blosc;
on every core it is at least 1.5 times as fast as hdf5-blosc's default
(one thread).

Inside h5py libhdf5 (1.10) calls a filter one chunk at a time, so a second
core can only help inside a chunk.  The h5x API rows (with
--h5x-api-bench) write and read the same data, chunking and client values
through h5x's native connector on HDF5 1.14, which filters the chunks of a
call on every core: that is the target's "both cores" row.  Debian's
hdf5-blosc is built for HDF5 1.10 and cannot load into a 1.14 process, so
its row stays inside h5py; the "no filter" rows show the chunked I/O alone
in each host.

These rows are end to end: each includes h5py, libhdf5's chunk handling
and the page cache, which are serial and the same for both plugins.  The
"no filter" row writes and reads the same chunks unfiltered, to show how
much of each row that part is; blosc_callbacks_bench.c measures the filter
callbacks alone."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

# The data of each kind, 16 MiB: defines `data` from `kind`.
DATA = r"""
import numpy as np
n = 16 * 1024 * 1024 // 8
t = np.arange(n, dtype="f8")
if kind == "smooth":
    data = 20 + 3 * np.sin(t / 500) + 0.5 * np.sin(t / 37) + 1e-4 * t
elif kind == "counter":
    data = np.cumsum(np.random.default_rng(1).integers(0, 4, 2 * n)).astype("i4")
else:
    data = (1013.25 + (np.random.default_rng(2).integers(0, 64, 2 * n) - 32) * 0.01).astype("f4")
"""

WORKER = r"""
import json, sys, time, os
import h5py, numpy as np
path, kind, compressor, shuffle, cpu_clock = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
clock = time.process_time if cpu_clock else time.perf_counter
# compressor -1: no filter, the chunked I/O alone
""" + DATA + r"""
chunk = (1 << 20) // data.itemsize
best_write = best_read = 0.0
for attempt in range(5):
    with h5py.File(path, "w") as f:
        start = clock()
        if compressor < 0:
            f.create_dataset("x", data=data, chunks=(chunk,))
        else:
            f.create_dataset("x", data=data, chunks=(chunk,), compression=32001,
                             compression_opts=(0, 0, 0, 0, 5, shuffle, compressor))
        f.flush()
        best_write = max(best_write, data.nbytes / (clock() - start) / 1e6)
        stored = f["x"].id.get_storage_size()
    with h5py.File(path, "r") as f:
        start = clock()
        back = f["x"][()]
        best_read = max(best_read, data.nbytes / (clock() - start) / 1e6)
    assert np.array_equal(back, data)
print(json.dumps({"write": best_write, "read": best_read, "ratio": data.nbytes / stored}))
"""


def debian_plugin_dir():
    try:
        listing = subprocess.run(["dpkg", "-L", "hdf5-filter-plugin-blosc-serial"], capture_output=True, text=True,
                                 check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return next((os.path.dirname(p) for p in listing if p.endswith("/libH5Zblosc.so")), None)


def run_measurement(command, threads, path_variable, plugin_dir):
    """Runs one measuring process, which prints its result as JSON.  One
    thread: process CPU time, which other programs on the machine do not
    disturb.  Several: wall time, the only clock that shows their gain (and
    only while the other cores are free)."""
    env = dict(os.environ, BLOSC_NTHREADS=str(threads))
    env[path_variable] = plugin_dir
    cpu_clock = "1" if threads == 1 else "0"
    result = subprocess.run([part.replace("{clock}", cpu_clock) for part in command], env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout)


def measure(plugin_dir, threads, kind, compressor, shuffle, workdir):
    return run_measurement([sys.executable, "-c", WORKER, os.path.join(workdir, "bench.h5"), kind, str(compressor),
                            str(shuffle), "{clock}"], threads, "HDF5_PLUGIN_PATH", plugin_dir)


def measure_h5x_api(bench, plugin_dir, data_path, type_text, threads, compressor, shuffle, workdir):
    """The same row through the h5x API (blosc_h5x_api_bench.c) on THREADS filter threads."""
    return run_measurement([bench, data_path, type_text, str(compressor), str(shuffle), str(threads), "{clock}",
                            os.path.join(workdir, "h5x.h5")], threads, "H5X_PLUGIN_PATH", plugin_dir)


def report_target(label, ratios, target):
    mean = sum(ratios) / len(ratios)
    print(f"{label}: {mean:.2f}x (target >= {target}): {'met' if mean >= target else 'MISSED'}")


def write_data(kind, workdir):
    """Writes the kind's data raw for the h5x API rows: its path and NumPy type."""
    space = {"kind": kind}
    exec(DATA, space)
    data = space["data"]
    path = os.path.join(workdir, f"{kind}.raw")
    data.tofile(path)
    return path, data.dtype.str


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plugins", required=True, help="the h5x plugin directory")
    parser.add_argument("--h5x-api-bench", help="blosc_h5x_api_bench: adds the rows through the h5x API")
    args = parser.parse_args()
    try:
        import h5py  # noqa: F401
    except ImportError:
        print("blosc_vs_hdf5blosc: h5py is not available; skipped")
        return
    debian = debian_plugin_dir()
    if not debian:
        print("blosc_vs_hdf5blosc: Debian's hdf5-blosc is not installed; skipped")
        return
    cores = os.cpu_count() or 1
    print(f"Blosc inside h5py (HDF5 1.10), 16 MiB per dataset, 1 MiB chunks, {cores} cores, best of 5, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"(1-thread rows in process CPU time, {cores}-thread rows in wall time)")
    print(f"{'data':8} {'setting':18} {'writer and reader':28} {'ratio':>6} {'write MB/s':>11} {'read MB/s':>10}")
    single, multi, ceiling, api_single, api_multi = [], [], [], [], []

    def versus(ours, theirs):
        return ((ours["write"] / theirs["write"]) + (ours["read"] / theirs["read"])) / 2

    def row(kind, label, name, r):
        print(f"{kind:8} {label:18} {name:28} {r['ratio']:6.2f} {r['write']:11.1f} {r['read']:10.1f}")

    with tempfile.TemporaryDirectory() as workdir:
        for kind in ("smooth", "counter", "sensor"):
            plain = measure(args.plugins, 1, kind, -1, 0, workdir)
            row(kind, "no filter", "h5py (chunked I/O alone)", plain)
            if args.h5x_api_bench:
                data_path, type_text = write_data(kind, workdir)
                row(kind, "no filter", "h5x API (chunked I/O alone)",
                    measure_h5x_api(args.h5x_api_bench, args.plugins, data_path, type_text, 1, -1, 0, workdir))
            for label, compressor, shuffle in (("lz4 shuffle", 1, 1), ("zstd bitshuffle", 5, 2)):
                theirs = measure(debian, 1, kind, compressor, shuffle, workdir)
                ours_1 = measure(args.plugins, 1, kind, compressor, shuffle, workdir)
                ours_n = measure(args.plugins, cores, kind, compressor, shuffle, workdir)
                for name, r in (("h5py + hdf5-blosc, 1 thread", theirs), ("h5py + h5x plugin, 1 thread", ours_1),
                                (f"h5py + h5x plugin, {cores} thr", ours_n)):
                    row(kind, label, name, r)
                single.append(versus(ours_1, theirs))
                multi.append(versus(ours_n, theirs))
                if args.h5x_api_bench:
                    for threads, results in ((1, api_single), (cores, api_multi)):
                        r = measure_h5x_api(args.h5x_api_bench, args.plugins, data_path, type_text, threads,
                                            compressor, shuffle, workdir)
                        row(kind, label, f"h5x API, {threads} thread{'s' if threads > 1 else ''}", r)
                        results.append(versus(r, theirs))
                # A filter that took no time at all would leave only the
                # chunked I/O: the most any plugin could gain here.
                ceiling.append(((plain["write"] / theirs["write"]) + (plain["read"] / theirs["read"])) / 2)
    mean_multi = sum(multi) / len(multi)
    mean_ceiling = sum(ceiling) / len(ceiling)
    report_target("h5x plugin / hdf5-blosc, both in h5py on one thread", single, 1.0)
    print(f"h5x plugin on {cores} threads / hdf5-blosc default, both in h5py: {mean_multi:.2f}x "
          f"(libhdf5 filters one chunk at a time: Blosc can only use threads inside a chunk)")
    if api_single:
        report_target("h5x API on one thread / h5py + hdf5-blosc", api_single, 1.0)
        report_target(f"h5x API on {cores} threads (chunks filtered in parallel) / h5py + hdf5-blosc default",
                      api_multi, 1.5)
    print(f"(a filter taking no time at all would be {mean_ceiling:.2f}x hdf5-blosc here: the rest is h5py and "
          f"libhdf5's chunk I/O; filter-level rows: blosc_callbacks_bench)")
    print(f"(load average at the end {os.getloadavg()[0]:.2f}: the {cores}-thread rows need both cores free to mean "
          f"anything)")


if __name__ == "__main__":
    main()
