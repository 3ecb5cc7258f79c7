"""Datasets written through the h5x API with filter chains
(h5x_api_filters_writer) read by h5py on HDF5 1.10, with Debian's plugins
where Debian has them and with the h5x plugins; the stored client values
are those h5py and hdf5plugin would have stored."""
import os

import interop_common as common

args = common.arguments()
common.require_h5py(None)
import h5py  # noqa: E402
import numpy as np  # noqa: E402

checks = common.Checks("h5x API -> h5py")
path = os.path.join(args.workdir, "written_by_h5x.h5")
# --pipeline-test carries the writer executable here
result = common.run([args.pipeline_test, path], {"H5X_PLUGIN_PATH": args.plugins})
print(result.stdout.strip())
checks.check(result.returncode == 0, f"the h5x writer: {result.stderr[-1500:]}")
if result.returncode != 0:
    checks.finish()

stored = {
    "blosc_lz4": ("32001", [2, 2, 8, 80000, 5, 1, 1]),
    "blosc_zstd": ("32001", [2, 2, 4, 40000, 9, 2, 5]),
    "blosc_default": ("32001", [2, 2, 4, 40000, 5, 1, 1]),
    "lz4": ("32004", [0]),
    "zstd": ("32015", [9]),
    "zstd_raw": ("32015", [5]),
    "gzip": ("gzip", 6),
}
with h5py.File(path, "r") as f:
    for name, (key, values) in stored.items():
        filters = f[name]._filters
        checks.check(key in filters and (list(filters[key]) if isinstance(values, list) else filters[key]) == values,
                      f"{name}: h5py sees filters {filters}")
    checks.check("fletcher32" in f["gzip"]._filters and "shuffle" in f["gzip"]._filters, "gzip chain")

debian = common.debian_plugin_dir()
readers = [("h5x plugins", args.plugins)] + ([("Debian's plugins", debian)] if debian else [])
for reader, plugin_path in readers:
    for name in stored:
        if reader != "h5x plugins" and name.startswith("zstd"):
            continue  # Debian has no Zstandard plugin
        values, copies = common.python_values(plugin_path, path, name)
        plain, _ = common.python_values(plugin_path, path, "plain_" + name)
        checks.check(values is not None and plain is not None and np.array_equal(values, plain),
                     f"h5py with {reader} reads {name}")
        checks.check(copies == 1, f"one libhdf5 in the process ({copies})")
checks.finish()
