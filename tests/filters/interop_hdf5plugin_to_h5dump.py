"""Files written by h5py (HDF5 1.10) with hdf5plugin's filters — Debian's
hdf5-blosc and registered LZ4 plugins — and Zstandard chunks made by the
zstd tool, read by HDF5 1.14's h5dump through the h5x plugins alone."""
import os
import shutil
import subprocess

import interop_common as common

args = common.arguments()
debian = common.debian_plugin_dir()
if debian is None:
    print("SKIP: Debian's HDF5 filter plugins (hdf5-filter-plugin-blosc-serial) are not installed")
    raise SystemExit(common.SKIP)
common.require_h5py(debian)
import h5py  # noqa: E402
import numpy as np  # noqa: E402

try:
    import hdf5plugin
    def blosc_args(cname, clevel, shuffle):
        return dict(hdf5plugin.Blosc(cname=cname, clevel=clevel, shuffle=shuffle))
    def lz4_args(nbytes):
        return dict(hdf5plugin.LZ4(nbytes=nbytes))
except ImportError:  # the same client values, spelled out
    CODES = {"blosclz": 0, "lz4": 1, "lz4hc": 2, "snappy": 3, "zlib": 4, "zstd": 5}
    def blosc_args(cname, clevel, shuffle):
        return dict(compression=32001, compression_opts=(0, 0, 0, 0, clevel, shuffle, CODES[cname]))
    def lz4_args(nbytes):
        return dict(compression=32004, compression_opts=(nbytes,))

checks = common.Checks("hdf5plugin -> h5dump")
path = os.path.join(args.workdir, "written_by_h5py.h5")
expected = {}
N = 40000
with h5py.File(path, "w") as f:
    for kind in common.KINDS:
        data = common.measurements(kind, N)
        for cname in ("blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"):
            for shuffle in (0, 1, 2):
                name = f"blosc_{cname}_{shuffle}_{kind}"
                f.create_dataset(name, data=data, chunks=(8000,), **blosc_args(cname, 5, shuffle))
                expected[name] = data
        for nbytes in (0, 4096):
            name = f"lz4_{nbytes}_{kind}"
            f.create_dataset(name, data=data, chunks=(8000,), **lz4_args(nbytes))
            expected[name] = data
    # Zstandard: no Debian plugin writes it, so the chunks come from the
    # zstd tool, one frame with its content size per chunk.
    if shutil.which("zstd"):
        data = common.measurements("smooth", N)
        d = f.create_dataset("zstd_tool", shape=data.shape, dtype=data.dtype, chunks=(8000,),
                             compression=32015, compression_opts=(5,), allow_unknown_filter=True)
        for start in range(0, N, 8000):
            raw_path = os.path.join(args.workdir, "chunk.raw")
            data[start:start + 8000].tofile(raw_path)  # from a file, zstd records the content size
            frame = subprocess.run(["zstd", "-5", "-c", "-q", raw_path], capture_output=True, check=True).stdout
            d.id.write_direct_chunk((start,), frame, 0)
        expected["zstd_tool"] = data

with h5py.File(path, "r") as f:
    for name, data in expected.items():
        if "counter" in name or name == "zstd_tool":  # every codec shrinks these
            checks.check(f[name].id.get_storage_size() < data.nbytes, f"{name} is stored compressed")

for name, data in expected.items():
    values = common.h5dump_values(args.hdf5_bin, args.plugins, path, "/" + name, data.dtype, args.workdir)
    checks.check(values is not None and np.array_equal(values, data), f"h5dump reads {name} through h5x's plugins")

# without the plugins, h5dump cannot read them: the plugins did the work
values = common.h5dump_values(args.hdf5_bin, os.path.join(args.workdir, "no-plugins"), path,
                              "/blosc_lz4_1_smooth", "f8", args.workdir)
checks.check(values is None, "h5dump without the plugins fails")
checks.finish()
