"""Scale-offset and n-bit: h5x's own codecs against libhdf5's, chunk for chunk.

h5py (HDF5 1.10) writes datasets with scale-offset (integers with computed
and fixed bit widths, fill values, both byte orders; floats at several
decimal scales) and n-bit (integers and a compound of reduced precision,
and full-precision data).  Then:
  * every stored chunk, decoded by h5x's pipeline from the client values
    the file holds, and written raw into an unfiltered twin dataset of the
    same type, must read back through libhdf5 as the original's values;
  * h5x's pipeline must encode the same data into exactly the bytes
    libhdf5 stored;
  * the file opened through the core connector (which loads it and keeps
    the chunks encoded by its own pipeline) reads the same values as
    through the native connector;
  * datasets the core connector creates with these filters, saved to a
    file, read in h5py as the values the core connector gave back, and
    as h5py itself would store the same data with the same filter."""
import os
import subprocess
import sys

import interop_common as common

args = common.arguments()
common.require_h5py(None)
import h5py  # noqa: E402
import numpy as np  # noqa: E402

if not args.pipeline_test:
    raise SystemExit("--pipeline-test is required (the directory holding filter_pipeline_test and core_typed_filters)")
pipeline = os.path.join(args.pipeline_test, "filter_pipeline_test")
core_tool = os.path.join(args.pipeline_test, "core_typed_filters")
checks = common.Checks("scaleoffset/nbit <-> HDF5")
env = {"H5X_PLUGIN_PATH": args.plugins}

N, CHUNK = 6000, 1500


# h5py's get_filter gives back only the first 16 client values of a
# filter; for the one type here that needs more, the rest (the precision
# and offset of the compound's last member) is known from how it was made.
H5PY_VALUES = 16
KNOWN_TAIL = {"nbit_compound": [3, 2]}


def chain_of(dataset, name):
    plist = dataset.id.get_create_plist()
    parts = []
    for i in range(plist.get_nfilters()):
        code, _flags, values, _name = plist.get_filter(i)
        values = list(values)
        if code == 5 and values[0] > H5PY_VALUES:
            values = values[:H5PY_VALUES] + KNOWN_TAIL[name]
            checks.check(len(values) == values[0], f"{name}: {values[0]} n-bit values expected")
        parts.append(":".join(str(v) for v in (code, *values)))
    return ",".join(parts)


def run(command):
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env})


rng = np.random.default_rng(5)
counter = np.cumsum(rng.integers(0, 4, N)).astype("i4")
signed = (counter - 9000).astype("i8") * 3
sensor = common.measurements("sensor", N, seed=3)
smooth = common.measurements("smooth", N, seed=4)

path = os.path.join(args.workdir, "typed.h5")
names = []
with h5py.File(path, "w") as f:
    def make(name, data, **options):
        f.create_dataset(name, data=data, chunks=(CHUNK,), **options)
        names.append(name)

    make("so_i32_auto", counter, scaleoffset=0)
    make("so_i16_bits", (counter % 3000).astype("i2"), scaleoffset=12)
    make("so_i64_negative", signed, scaleoffset=0)
    make("so_i32_be", counter.astype(">i4"), scaleoffset=0)
    filled = (counter % 5000).astype("u2")
    filled[::37] = 7
    make("so_u2_fill", filled, scaleoffset=0, fillvalue=7)
    make("so_i32_gzip", counter, scaleoffset=0, compression="gzip", compression_opts=6, shuffle=True)
    make("so_f32_d2", sensor, scaleoffset=2)
    make("so_f32_d1_be", sensor.astype(">f4"), scaleoffset=1)
    make("so_f64_d3", smooth, scaleoffset=3)
    make("so_f64_d6_fill", np.where(np.arange(N) % 50 == 0, -1.0, smooth), scaleoffset=6, fillvalue=-1.0)

    # n-bit needs types of reduced precision: built with the low-level API
    def make_nbit(name, tid, data, extra=None, mtype=None):
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((CHUNK,))
        dcpl.set_filter(h5py.h5z.FILTER_NBIT)
        if extra:
            extra(dcpl)
        space = h5py.h5s.create_simple((N,))
        dsid = h5py.h5d.create(f.id, name.encode(), tid, space, dcpl=dcpl)
        dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data), mtype=mtype)
        names.append(name)

    t = h5py.h5t.STD_I32LE.copy()
    t.set_precision(20)
    t.set_offset(3)
    make_nbit("nbit_i32_p20_o3", t, counter)
    t = h5py.h5t.STD_U16BE.copy()
    t.set_precision(11)
    t.set_offset(2)
    make_nbit("nbit_u16be_p11_o2", t, (counter % 2000).astype("u2"))
    t = h5py.h5t.STD_I32LE.copy()
    t.set_precision(20)
    make_nbit("nbit_i32_deflate", t, counter, lambda dcpl: dcpl.set_deflate(4))
    # h5py gives back at most 20 client values: types that need no more
    compound = h5py.h5t.create(h5py.h5t.COMPOUND, 4)
    a = h5py.h5t.STD_I16LE.copy()
    a.set_precision(12)
    c = h5py.h5t.STD_U8LE.copy()
    c.set_precision(3)
    c.set_offset(2)
    compound.insert(b"a", 0, a)
    compound.insert(b"c", 2, c)
    records = np.zeros(N, dtype=[("a", "i2"), ("c", "u1")])
    records["a"] = counter % 2000 - 1000
    records["c"] = counter % 8
    make_nbit("nbit_compound", compound, records, mtype=h5py.h5t.py_create(records.dtype))
    base = h5py.h5t.STD_I16LE.copy()
    base.set_precision(10)
    cells = np.stack([counter % 500, counter % 300 - 150, counter % 7], axis=1).astype("i2")
    make_nbit("nbit_array", h5py.h5t.array_create(base, (3,)), cells,
              mtype=h5py.h5t.array_create(h5py.h5t.NATIVE_INT16, (3,)))
    make_nbit("nbit_full_f64", h5py.h5t.IEEE_F64LE, smooth)

# A range that needs every bit of the type: libhdf5 stores such chunks
# whole, and HDF5 1.14.5 refuses to read them back (1.10 reads them), so
# they stay out of the file the core connector loads through 1.14.
full_path = os.path.join(args.workdir, "full_width.h5")
with h5py.File(full_path, "w") as f:
    f.create_dataset("so_u8_full_width", data=(counter % 200).astype("u1"), chunks=(CHUNK,), scaleoffset=0)
    f.create_dataset("so_i16_full_width", data=((counter * 37) % 65536 - 32768).astype("i2"), chunks=(CHUNK,),
                     scaleoffset=0)

for file_path, file_names in ((path, names), (full_path, ["so_u8_full_width", "so_i16_full_width"])):
    with h5py.File(file_path, "a") as f:
        for name in file_names:
            d = f[name]
            chain = chain_of(d, name)
            tid = d.id.get_type()
            width = tid.get_size()
            # an unfiltered twin of the same type receives the decoded chunks
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_chunk((CHUNK,))
            twin = h5py.h5d.create(f.id, ("twin_" + name).encode(), tid, h5py.h5s.create_simple((N,)), dcpl=dcpl)
            exact = True
            for start in range(0, N, CHUNK):
                mask, stored = d.id.read_direct_chunk((start,))
                stored_path = os.path.join(args.workdir, "stored.bin")
                decoded_path = os.path.join(args.workdir, "decoded.bin")
                encoded_path = os.path.join(args.workdir, "encoded.bin")
                open(stored_path, "wb").write(stored)
                result = run([pipeline, "decode-to", chain, str(width), str(mask), stored_path, decoded_path,
                              str(CHUNK * width)])
                checks.check(result.returncode == 0, f"h5x decodes chunk {start // CHUNK} of {name} ({chain}): "
                                                     f"{result.stderr.strip()}")
                if result.returncode != 0:
                    exact = False
                    continue
                decoded = open(decoded_path, "rb").read()
                if start == 0 and len(stored) > 1:
                    # a truncated chunk is a clear error, never a crash
                    open(stored_path, "wb").write(stored[:len(stored) // 2])
                    cut = run([pipeline, "decode-to", chain, str(width), str(mask), stored_path,
                               decoded_path + ".cut", str(CHUNK * width)])
                    checks.check(cut.returncode == 1 and ("truncated" in cut.stderr or "chunk of" in cut.stderr),
                                 f"{name}: a truncated chunk gives {cut.returncode}: {cut.stderr.strip()}")
                twin.write_direct_chunk((start,), decoded, 0)
                # encoding what libhdf5 encoded gives its bytes again; for
                # lossy floats, the original values are what it encoded
                if name.startswith("so_f"):
                    source = {"so_f32_d2": sensor, "so_f32_d1_be": sensor.astype(">f4"), "so_f64_d3": smooth,
                              "so_f64_d6_fill": np.where(np.arange(N) % 50 == 0, -1.0, smooth)}[name]
                    plain = np.ascontiguousarray(source[start:start + CHUNK]).tobytes()
                else:
                    plain = decoded
                open(decoded_path, "wb").write(plain)
                result = run([pipeline, "encode", chain, str(width), decoded_path, encoded_path])
                same = result.returncode == 0 and open(encoded_path, "rb").read() == stored and \
                    int(result.stdout) == mask
                exact = exact and same
                checks.check(same, f"h5x encodes chunk {start // CHUNK} of {name} into libhdf5's bytes "
                                   f"{result.stderr.strip()}")
            f.flush()
            original = d[()]
            copy = f["twin_" + name][()]
            checks.check(np.array_equal(original, copy), f"{name}: the chunks h5x decoded read as libhdf5's values")
            print(f"{name:22s} {chain[:60]:60s} {'byte-exact' if exact else 'DIFFERENT'}")

# native and core connectors read the same values
result = run([core_tool, "compare", path, *names])
checks.check(result.returncode == 0, f"core connector vs native: {result.stdout.strip()} {result.stderr.strip()}")

# the core connector writes; h5py reads
out_path = os.path.join(args.workdir, "from_core.h5")
result = run([core_tool, "write", out_path, args.workdir])
checks.check(result.returncode == 0, f"core connector writes: {result.stdout.strip()} {result.stderr.strip()}")
if result.returncode == 0:
    expected_filters = {"so_counter": [6], "so_counter_bits": [6], "so_counter_fill": [6], "so_counter_be": [6],
                        "so_sensor_d2": [6], "so_smooth_d3_gzip": [6, 1], "so_smooth_be_d4": [6],
                        "nbit_counter": [5], "nbit_shuffle_gzip": [5, 2, 1]}
    # h5py storing the same data with the same filter gets the same values
    # (read after closing: libhdf5's chunk cache holds what was written)
    reference_path = os.path.join(args.workdir, "reference.h5")
    with h5py.File(out_path, "r") as f, h5py.File(reference_path, "w") as ref:
        for name, ids in expected_filters.items():
            d = f[name]
            native = d.dtype.newbyteorder("=")
            source = np.fromfile(os.path.join(args.workdir, name + ".src"), dtype=native)
            options = dict(chunks=(CHUNK,), fillvalue=d.fillvalue)
            if 6 in ids:
                options["scaleoffset"] = d.id.get_create_plist().get_filter(0)[2][1]
            ref.create_dataset(name, data=source.astype(d.dtype), **options)
    with h5py.File(out_path, "r") as f, h5py.File(reference_path, "r") as ref:
        for name, ids in expected_filters.items():
            d = f[name]
            plist = d.id.get_create_plist()
            found = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
            checks.check(found == ids, f"{name}: filters {found} in the saved file, expected {ids}")
            native = d.dtype.newbyteorder("=")
            back = np.fromfile(os.path.join(args.workdir, name + ".bin"), dtype=native)
            values = d[()].astype(native)
            checks.check(np.array_equal(values, back), f"{name}: h5py reads what the core connector read back")
            r = ref[name]
            checks.check(np.array_equal(r[()].astype(native), back),
                         f"{name}: libhdf5 quantises the data as the core connector did "
                         f"(max difference {np.max(np.abs(r[()].astype(native) - back)) if back.size else 0})")
    # scale types scale-offset cannot apply: the filter is in the file, and
    # every chunk libhdf5 reads was stored unfiltered (values exact)
    with h5py.File(out_path, "r") as f:
        for name in ("so_escale_unapplied", "so_int_on_float_unapplied", "so_escale_int_unapplied"):
            d = f[name]
            plist = d.id.get_create_plist()
            found = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
            checks.check(found == [6], f"{name}: filters {found} in the saved file, expected [6]")
            native = d.dtype.newbyteorder("=")
            source = np.fromfile(os.path.join(args.workdir, name + ".src"), dtype=native)
            checks.check(np.array_equal(d[()].astype(native), source), f"{name}: h5py reads the values unchanged")
            masks = [d.id.get_chunk_info(i).filter_mask for i in range(d.id.get_num_chunks())]
            checks.check(masks and all(m & 1 for m in masks), f"{name}: chunk filter masks {masks}")
checks.finish()
