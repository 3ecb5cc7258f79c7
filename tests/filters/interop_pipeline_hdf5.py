"""The core's chunk pipeline against libhdf5's, chunk for chunk.

h5py (HDF5 1.10) writes datasets with the built-in filters (shuffle,
deflate, fletcher32) and with Debian's Blosc and LZ4 plugins; each raw
chunk, read with read_direct_chunk, is decoded by h5x's pipeline and must
give the dataset's data.  The other way round, chunks encoded by h5x's
pipeline are written with write_direct_chunk and must read back through
libhdf5's own filters.  The chain handed to h5x is spelled from the
dataset's creation property list as raw ids ("2:8,1:6,3"), so the filter
order and client values are exactly HDF5's."""
import os

import interop_common as common

args = common.arguments()
debian = common.debian_plugin_dir()
common.require_h5py(debian)
import h5py  # noqa: E402
import numpy as np  # noqa: E402

if not args.pipeline_test:
    raise SystemExit("--pipeline-test is required")
checks = common.Checks("pipeline <-> HDF5")
env = {"H5X_PLUGIN_PATH": args.plugins}


def chain_of(dataset):
    plist = dataset.id.get_create_plist()
    parts = []
    for i in range(plist.get_nfilters()):
        code, _flags, values, _name = plist.get_filter(i)
        parts.append(":".join(str(v) for v in (code, *values)))
    return ",".join(parts)


settings = [
    ("gzip", dict(compression="gzip", compression_opts=6)),
    ("shuffle_gzip", dict(compression="gzip", compression_opts=6, shuffle=True)),
    ("shuffle_gzip_fletcher", dict(compression="gzip", compression_opts=1, shuffle=True, fletcher32=True)),
    ("fletcher", dict(fletcher32=True)),
    ("shuffle", dict(shuffle=True)),
]
if debian:
    settings += [
        ("blosc", dict(compression=32001, compression_opts=(0, 0, 0, 0, 5, 1, 1))),
        ("blosc_zstd_fletcher", dict(compression=32001, compression_opts=(0, 0, 0, 0, 9, 2, 5), fletcher32=True)),
        ("lz4", dict(compression=32004, compression_opts=(4096,))),
    ]

path = os.path.join(args.workdir, "chunks.h5")
CHUNK = 6000
with h5py.File(path, "w") as f:
    for label, options in settings:
        for kind in common.KINDS:
            data = common.measurements(kind, 3 * CHUNK + 123, seed=7)
            name = f"{label}_{kind}"
            d = f.create_dataset(name, data=data, chunks=(CHUNK,), **options)
            chain = chain_of(d)
            width = data.dtype.itemsize
            # HDF5 -> h5x: decode every stored chunk
            for index, start in enumerate(range(0, data.shape[0], CHUNK)):
                mask, stored = d.id.read_direct_chunk((start,))
                expected = np.zeros(CHUNK, dtype=data.dtype)  # edge chunks are stored whole
                piece = data[start:start + CHUNK]
                expected[:piece.shape[0]] = piece
                stored_path = os.path.join(args.workdir, "stored.bin")
                expected_path = os.path.join(args.workdir, "expected.bin")
                open(stored_path, "wb").write(stored)
                expected.tofile(expected_path)
                if index == data.shape[0] // CHUNK:  # the edge chunk's tail is whatever HDF5 left there
                    break
                result = common.run([args.pipeline_test, "decode", chain, str(width), str(mask), stored_path,
                                     expected_path], env)
                checks.check(result.returncode == 0, f"h5x decodes chunk {index} of {name} ({chain}): "
                                                     f"{result.stderr.strip()}")
            # h5x -> HDF5: encode chunks and let libhdf5 decode them
            copy = f.create_dataset(name + "_from_h5x", shape=data.shape, dtype=data.dtype, chunks=(CHUNK,),
                                    **options)
            for start in range(0, data.shape[0], CHUNK):
                whole = np.zeros(CHUNK, dtype=data.dtype)
                piece = data[start:start + CHUNK]
                whole[:piece.shape[0]] = piece
                in_path = os.path.join(args.workdir, "plain.bin")
                out_path = os.path.join(args.workdir, "encoded.bin")
                whole.tofile(in_path)
                result = common.run([args.pipeline_test, "encode", chain, str(width), in_path, out_path], env)
                checks.check(result.returncode == 0, f"h5x encodes a chunk of {name}: {result.stderr.strip()}")
                if result.returncode == 0:
                    copy.id.write_direct_chunk((start,), open(out_path, "rb").read(), int(result.stdout))
            checks.check(np.array_equal(copy[()], data), f"libhdf5 decodes the chunks h5x encoded for {name}")
checks.finish()
