"""The interop file's content, in h5py: the twin of interop_content.c.

write(f) puts the content into an open h5py File; check(f, report) compares
an open File with it, value by value, calling report(ok, what) for every
comparison.  Every value here must match tests/conformance/numeric_cases.c
and tests/interop/interop_content.c.
"""

import h5py
import numpy as np

COUNT = 7

# (dataset name, NumPy dtype) — numeric_cases.c's table.
NUMERIC = [
    ("i1", "|i1"), ("u1", "|u1"),
    ("i2_le", "<i2"), ("i2_be", ">i2"), ("i4_le", "<i4"), ("i4_be", ">i4"),
    ("i8_le", "<i8"), ("i8_be", ">i8"),
    ("u2_le", "<u2"), ("u2_be", ">u2"), ("u4_le", "<u4"), ("u4_be", ">u4"),
    ("u8_le", "<u8"), ("u8_be", ">u8"),
    ("f2_le", "<f2"), ("f2_be", ">f2"), ("f4_le", "<f4"), ("f4_be", ">f4"),
    ("f8_le", "<f8"), ("f8_be", ">f8"),
    ("c8_le", "<c8"), ("c8_be", ">c8"), ("c16_le", "<c16"), ("c16_be", ">c16"),
    ("bool", "|b1"),
]

FLOATS = [0.0, 1.5, -2.25, 65504.0, -0.125, 3.0, 0.5]
COMPLEX = [1.5 - 2j, 0j, -0.25 + 8j, 65504 - 65504j, 3 + 0.5j, -1 - 1j, 0.125 + 1024j]
BOOLS = [True, False, True, True, False, False, True]


def numeric_values(spelling):
    dtype = np.dtype(spelling)
    if dtype.kind == "i":
        info = np.iinfo(dtype)
        values = [int(info.min), int(info.min) + 1, -1, 0, 1, int(info.max) - 1, int(info.max)]
    elif dtype.kind == "u":
        info = np.iinfo(dtype)
        values = [0, 1, 2, 100, int(info.max) // 2, int(info.max) - 1, int(info.max)]
    elif dtype.kind == "f":
        values = FLOATS
    elif dtype.kind == "c":
        values = COMPLEX
    else:
        values = BOOLS
    return np.array(values, dtype=dtype)


def chunked_values():
    i, j = np.indices((20, 30))
    return (i * 30 + j + 0.5).astype("<f8")


def resizable_values():
    return (np.arange(25) * 3 - 7).astype("<i4")


def limited_values():
    i, j = np.indices((6, 9))
    return (i * 9 + j).astype("<f4")


def cube_values():
    cube = np.zeros((10, 10, 10), dtype="<f4")
    cube[0, :, :] = np.arange(10)
    return cube


ROOT_KEYS = ["MyDataset", "bar", "chunked", "données", "dtypes", "empty", "filled",
             "limited", "resizable", "scalar", "some"]


def root_attributes():
    """name -> (value, dtype spelling); None as value means h5py.Empty."""
    return {
        "int": (np.array(-42, dtype="<i4"), "<i4"),
        "real": (np.array(2.5, dtype="<f8"), "<f8"),
        "floats": (np.array([1.5, -2.0, 0.25], dtype="<f4"), "<f4"),
        "matrix": (np.array([[1, 2, 3], [4, 5, 6]], dtype="<u2"), "<u2"),
        "big": (np.array([np.iinfo("i8").min, np.iinfo("i8").max], dtype=">i8"), ">i8"),
        "flag": (np.array(True, dtype="|b1"), "|b1"),
        "complex": (np.array(1.5 - 0.5j, dtype="<c16"), "<c16"),
        "half": (np.array([0.5, -65504.0], dtype="<f2"), "<f2"),
        "nothing": (None, "<f4"),
    }


def write(f):
    """Writes the content, as h5py users would."""
    f.create_group("bar").create_group("baz")
    f.create_group("/some/long/path")
    f.create_group("données")

    dtypes = f.create_group("dtypes")
    for name, spelling in NUMERIC:
        dtypes.create_dataset(name, data=numeric_values(spelling))

    chunked = f.create_dataset("chunked", data=chunked_values(), chunks=(5, 10))
    chunked.attrs["scale"] = np.float32(0.5)
    chunked.attrs["offset"] = np.int16(-3)

    values = resizable_values()
    resizable = f.create_dataset("resizable", data=values[:10], maxshape=(None,), chunks=(4,))
    resizable.resize((25,))
    resizable[10:25] = values[10:25]

    limited = f.create_dataset("limited", (4, 6), dtype="<f4", maxshape=(8, 12))
    limited.resize((6, 9))
    limited[...] = limited_values()

    filled = f.create_dataset("filled", (8,), dtype="<i4", fillvalue=-7)
    filled[:3] = [0, 1, 2]

    cube = f.create_dataset("MyDataset", (10, 10, 10), "f")
    cube[0, :, :] = np.arange(10)

    f["scalar"] = np.int64(42)
    f.create_dataset("empty", dtype="f")

    for name, (value, spelling) in root_attributes().items():
        f.attrs[name] = h5py.Empty(spelling) if value is None else value
    f["bar"].attrs["count"] = np.uint64(2**64 - 1)


def _same(got, want):
    got = np.asarray(got)
    want = np.asarray(want)
    return got.shape == want.shape and got.dtype.str == want.dtype.str and np.array_equal(got, want)


def check(f, report):
    """Compares an open file with the content; report(ok, what) per check."""
    report(list(f.keys()) == ROOT_KEYS, "root keys %r" % (list(f.keys()),))
    report(isinstance(f.get("/bar/baz"), h5py.Group), "/bar/baz is a group")
    report(isinstance(f.get("/some/long/path"), h5py.Group), "/some/long/path is a group")
    report(isinstance(f.get("données"), h5py.Group) and len(f["données"]) == 0, "/données is an empty group")

    dtypes = f["dtypes"]
    report(sorted(dtypes.keys()) == sorted(name for name, _ in NUMERIC), "dtypes keys %r" % (list(dtypes.keys()),))
    for name, spelling in NUMERIC:
        if name not in dtypes:
            report(False, "/dtypes/%s is missing" % name)
            continue
        ds = dtypes[name]
        got = ds[()]
        report(ds.dtype.str == spelling, "/dtypes/%s dtype %s, expected %s" % (name, ds.dtype.str, spelling))
        report(_same(got, numeric_values(spelling)), "/dtypes/%s values %r" % (name, got))

    chunked = f["chunked"]
    report(chunked.chunks == (5, 10), "chunked.chunks %r" % (chunked.chunks,))
    report(_same(chunked[()], chunked_values()), "chunked values")
    report(_same(chunked.attrs["scale"], np.float32(0.5)), "chunked.attrs['scale'] %r" % (chunked.attrs["scale"],))
    report(_same(chunked.attrs["offset"], np.int16(-3)), "chunked.attrs['offset'] %r" % (chunked.attrs["offset"],))

    resizable = f["resizable"]
    report(resizable.maxshape == (None,), "resizable.maxshape %r" % (resizable.maxshape,))
    report(resizable.chunks is not None, "resizable is chunked")
    report(_same(resizable[()], resizable_values()), "resizable values %r" % (resizable[()],))

    limited = f["limited"]
    report(limited.maxshape == (8, 12), "limited.maxshape %r" % (limited.maxshape,))
    report(_same(limited[()], limited_values()), "limited values")

    filled = f["filled"]
    report(filled.fillvalue == -7, "filled.fillvalue %r" % (filled.fillvalue,))
    report(_same(filled[()], np.array([0, 1, 2, -7, -7, -7, -7, -7], dtype="<i4")),
           "filled values %r" % (filled[()],))

    report(_same(f["MyDataset"][()], cube_values()), "MyDataset values")

    scalar = f["scalar"]
    report(scalar.shape == () and _same(scalar[()], np.int64(42)), "scalar %r %r" % (scalar.shape, scalar[()]))
    empty = f["empty"]
    report(empty.shape is None and empty.dtype.str == "<f4",
           "empty: shape %r dtype %s" % (empty.shape, empty.dtype.str))
    report(isinstance(empty[()], h5py.Empty), "empty[()] is h5py.Empty")

    attributes = root_attributes()
    report(sorted(f.attrs.keys()) == sorted(attributes), "root attribute names %r" % (sorted(f.attrs.keys()),))
    for name, (value, spelling) in attributes.items():
        if name not in f.attrs:
            report(False, "attribute %s is missing" % name)
            continue
        got = f.attrs[name]
        if value is None:
            report(isinstance(got, h5py.Empty) and got.dtype.str == spelling, "attribute %s: %r" % (name, got))
        else:
            report(_same(got, value), "attribute %s: %r (%s), expected %r (%s)"
                   % (name, got, np.asarray(got).dtype.str, value, spelling))
    count = f["bar"].attrs.get("count")
    report(_same(count, np.uint64(2**64 - 1)), "/bar count %r" % (count,))
