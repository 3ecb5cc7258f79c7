"""One plugin binary serves HDF5 1.14 and 1.10.

HDF5 1.14's h5repack writes files through the h5x plugins (their
set_local fills in the client values); h5py on HDF5 1.10 reads them back
both with Debian's own plugins (hdf5-blosc, the registered LZ4 filter) and
with the h5x plugins, and a process that loaded the h5x plugins holds one
libhdf5 only.  Then h5py writes through the h5x plugins, and Debian's
plugins and HDF5 1.14's h5dump read what it wrote."""
import os

import interop_common as common

args = common.arguments()
common.require_h5py(None)
import h5py  # noqa: E402
import numpy as np  # noqa: E402

debian = common.debian_plugin_dir()
checks = common.Checks("h5repack -> h5py")
h5repack = os.path.join(args.hdf5_bin, "h5repack")
N = 50000

plain = os.path.join(args.workdir, "plain.h5")
expected = {}
with h5py.File(plain, "w") as f:
    for kind in common.KINDS:
        expected[kind] = common.measurements(kind, N, seed=3)
        f.create_dataset(kind, data=expected[kind], chunks=(10000,))
    expected["grid"] = common.measurements("smooth", 200 * 150, seed=4).reshape(200, 150)
    f.create_dataset("grid", data=expected["grid"], chunks=(50, 50))

# (file suffix, h5repack filter, whether Debian has a plugin for it, expected stored values of /smooth)
repacks = [
    ("blosc_lz4", "UD=32001,0,7,0,0,0,0,5,1,1", True, [2, 2, 8, 80000, 5, 1, 1]),
    ("blosc_zstd_bit", "UD=32001,0,7,0,0,0,0,9,2,5", True, [2, 2, 8, 80000, 9, 2, 5]),
    ("blosc_defaults", "UD=32001,0,4,0,0,0,0", True, [2, 2, 8, 80000]),
    ("lz4", "UD=32004,0,1,0", True, [0]),
    ("lz4_blocks", "UD=32004,0,1,4096", True, [4096]),
    ("zstd", "UD=32015,0,1,9", False, [9]),
]
for suffix, spec, debian_reads, stored_values in repacks:
    out = os.path.join(args.workdir, f"repacked_{suffix}.h5")
    result = common.run([h5repack, "-f", spec, plain, out], {"HDF5_PLUGIN_PATH": args.plugins})
    checks.check(result.returncode == 0, f"h5repack -f {spec}: {result.stderr[-500:]}")
    if result.returncode != 0:
        continue
    with h5py.File(out, "r") as f:
        filters = f["smooth"]._filters
        key = next(iter(filters)) if filters else None
        checks.check(key is not None and list(filters[key]) == stored_values,
                     f"{suffix}: stored client values {filters} (expected {stored_values})")
        checks.check(f["counter"].id.get_storage_size() < expected["counter"].nbytes, f"{suffix}: compressed")
    readers = [("h5x plugins", args.plugins)]
    if debian_reads and debian:
        readers.append(("Debian's plugins", debian))
    for reader, plugin_path in readers:
        for name, data in expected.items():
            values, libhdf5_copies = common.python_values(plugin_path, out, name)
            checks.check(values is not None and np.array_equal(values, data),
                         f"h5py with {reader} reads /{name} of {suffix}")
            checks.check(libhdf5_copies == 1, f"one libhdf5 in the h5py process with {reader} ({libhdf5_copies})")

# h5py (HDF5 1.10) writes through the h5x plugins
code = """
import sys, h5py, numpy as np
sys.path.insert(0, sys.argv[2])
import interop_common as common
with h5py.File(sys.argv[1], "w") as f:
    for kind in common.KINDS:
        data = common.measurements(kind, 50000, seed=5)
        f.create_dataset("blosc_" + kind, data=data, chunks=(10000,), compression=32001,
                         compression_opts=(0, 0, 0, 0, 5, 1, 1))
        f.create_dataset("lz4_" + kind, data=data, chunks=(10000,), compression=32004, compression_opts=(0,))
        f.create_dataset("zstd_" + kind, data=data, chunks=(10000,), compression=32015, compression_opts=(3,))
    array = f.create_dataset("blosc_array", shape=(1000,), dtype=np.dtype(("f4", (3,))), chunks=(100,),
                             compression=32001, compression_opts=(0, 0, 0, 0, 5, 1, 1))
    array[:] = np.arange(3000, dtype="f4").reshape(1000, 3)
    print(list(f["blosc_smooth"]._filters["32001"]), list(f["blosc_array"]._filters["32001"]))
"""
written = os.path.join(args.workdir, "written_by_h5py_through_h5x.h5")
result = common.run([os.sys.executable, "-c", code, written, os.path.dirname(os.path.abspath(__file__))],
                    {"HDF5_PLUGIN_PATH": args.plugins})
checks.check(result.returncode == 0, f"h5py writes through the h5x plugins: {result.stderr[-800:]}")
if result.returncode == 0:
    checks.check(result.stdout.split("\n")[0] == "[2, 2, 8, 80000, 5, 1, 1] [2, 2, 4, 1200, 5, 1, 1]",
                 f"set_local under HDF5 1.10 (array types use their base type's size): {result.stdout}")
    for kind in common.KINDS:
        data = common.measurements(kind, 50000, seed=5)
        for codec in ("blosc", "lz4", "zstd"):
            name = f"/{codec}_{kind}"
            values = common.h5dump_values(args.hdf5_bin, args.plugins, written, name, data.dtype, args.workdir)
            checks.check(values is not None and np.array_equal(values, data), f"h5dump 1.14 reads {name}")
            if codec != "zstd" and debian:
                values, _ = common.python_values(debian, written, name)
                checks.check(values is not None and np.array_equal(values, data),
                             f"h5py with Debian's plugins reads {name}")
checks.finish()
