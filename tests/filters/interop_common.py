"""What the filter interoperability scripts share: arguments, skipping when
h5py is missing, the data, running HDF5's tools, and counting checks."""
import argparse
import os
import shutil
import subprocess
import sys

SKIP = 77


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plugins", required=True, help="directory of the h5x filter plugins")
    parser.add_argument("--hdf5-bin", required=True, help="bin directory of HDF5 1.14 (h5dump, h5repack)")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--pipeline-test", help="the filter_pipeline_test executable")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    return args


def require_h5py(plugin_path):
    """Imports h5py with HDF5_PLUGIN_PATH set first: libhdf5 reads it once."""
    if plugin_path is not None:
        os.environ["HDF5_PLUGIN_PATH"] = plugin_path
    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as error:
        print(f"SKIP: h5py is not available ({error})")
        sys.exit(SKIP)


def debian_plugin_dir():
    """The directory of Debian's HDF5 filter plugins (hdf5-blosc and the
    registered LZ4 filter), or None."""
    try:
        listing = subprocess.run(["dpkg", "-L", "hdf5-filter-plugin-blosc-serial"], capture_output=True,
                                 text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for path in listing:
        if path.endswith("/libH5Zblosc.so"):
            return os.path.dirname(path)
    return None


def measurements(kind, n, seed=1):
    """Arrays with the structure of real measurements."""
    import numpy as np
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype="f8") + seed * 1000
    if kind == "smooth":
        return 20 + 3 * np.sin(t / 500) + 0.5 * np.sin(t / 37) + 1e-4 * t
    if kind == "counter":
        return np.cumsum(rng.integers(0, 4, n)).astype("i4")
    if kind == "sensor":
        return (1013.25 + (rng.integers(0, 64, n) - 32) * 0.01).astype("f4")
    raise ValueError(kind)


KINDS = ("smooth", "counter", "sensor")


class Checks:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}", flush=True)

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def run(command, env_updates=None, check=False):
    env = dict(os.environ)
    if env_updates:
        env.update(env_updates)
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        print(result.stdout, result.stderr)
    return result


def h5dump_values(hdf5_bin, plugin_path, path, dataset, dtype, workdir):
    """Reads a dataset with HDF5 1.14's h5dump (binary output); None on failure."""
    import numpy as np
    out = os.path.join(workdir, "h5dump.bin")
    if os.path.exists(out):
        os.remove(out)
    result = run([os.path.join(hdf5_bin, "h5dump"), "-d", dataset, "-b", "LE", "-o", out, path],
                 {"HDF5_PLUGIN_PATH": plugin_path})
    if result.returncode != 0 or not os.path.exists(out):
        print(result.stdout[-2000:], result.stderr[-2000:])
        return None
    return np.fromfile(out, dtype=np.dtype(dtype).newbyteorder("<"))


def python_values(plugin_path, path, dataset):
    """Reads a dataset with h5py (HDF5 1.10) in a fresh process whose
    HDF5_PLUGIN_PATH is plugin_path; returns (array or None, number of
    libhdf5 copies mapped into that process)."""
    import numpy as np
    code = (
        "import sys, h5py, numpy as np\n"
        "d = h5py.File(sys.argv[1], 'r')[sys.argv[2]][()]\n"
        "np.save(sys.argv[3], d)\n"
        "libs = {l.split()[-1] for l in open('/proc/self/maps') if 'libhdf5' in l and '.so' in l}\n"
        "libs = {l for l in libs if '_hl' not in l}\n"
        "print(len(libs))\n")
    out = path + "." + dataset.strip("/").replace("/", "_") + ".npy"
    result = run([sys.executable, "-c", code, path, dataset, out], {"HDF5_PLUGIN_PATH": plugin_path})
    if result.returncode != 0:
        print(result.stderr[-2000:])
        return None, 0
    return np.load(out), int(result.stdout.strip().splitlines()[-1])
