"""core_h5py.py -- h5py's side of the core connector's backing-store tests.

    core_h5py.py make PATH             write the file test_core_backing loads
    core_h5py.py check-written PATH    check what test_core_backing wrote
    core_h5py.py check-modified PATH   check the made file after test_core_backing changed it

Each check raises on the first difference and prints one line on success.
"""
import sys

import h5py
import numpy as np


def make(path):
    with h5py.File(path, "w") as f:
        f.attrs["origin"] = np.int32(42)
        table = f.create_dataset("table", data=np.arange(12, dtype="<i4").reshape(3, 4))
        table.attrs["note"] = np.float64(1.5)
        ordered = f.create_group("ordered", track_order=True)
        ordered.create_group("second")
        ordered.create_group("first")
        ordered.create_dataset("third", data=np.array([1.0, 2.0]))
        f.create_dataset("chunked", data=np.linspace(0, 1, 100), chunks=(10,), compression="gzip",
                         compression_opts=4, maxshape=(None,))
        f["soft"] = h5py.SoftLink("/table")
        f["hard"] = f["table"]
        f["ext"] = h5py.ExternalLink("elsewhere.h5", "/data")
        f["committed"] = np.dtype("<f8")
        f.create_dataset("remove_me", data=[1, 2, 3])
        f.create_dataset("empty_fill", shape=(5,), dtype="<i2", fillvalue=-3)
        f.attrs["label"] = "caf\u00e9"
        f.create_dataset("names", data=["alpha", "beta", "gamma"], dtype=h5py.string_dtype())
        refs = f.create_dataset("refs", (2,), dtype=h5py.ref_dtype)
        refs[0] = f["table"].ref
        refs[1] = f["ordered"].ref
        regions = f.create_dataset("regions", (1,), dtype=h5py.regionref_dtype)
        regions[0] = f["table"].regionref[0:2, 1:3]
    print("made", path)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def check_written(path):
    with h5py.File(path, "r") as f:
        expect(sorted(f.attrs) == ["scale", "title", "version"], "root attributes %r" % list(f.attrs))
        expect(f.attrs["version"] == 3 and f.attrs["version"].dtype == np.int32, "version")
        expect(f.attrs["scale"] == 0.5, "scale")
        numbers = f["numbers"]
        expect(numbers.dtype == np.int64 and list(numbers[()]) == list(range(10)), "numbers")
        expect(list(numbers.attrs["units"]) == [1, 2] and numbers.attrs["units"].dtype == np.int16, "units")
        expect(f["alias_hard"] == numbers, "alias_hard is the same object as numbers")
        expect(f["alias_soft"] == numbers, "alias_soft leads to numbers")
        soft = f.get("alias_soft", getlink=True)
        expect(isinstance(soft, h5py.SoftLink) and soft.path == "/numbers", "alias_soft is a soft link")
        dangling = f.get("dangling", getlink=True)
        expect(isinstance(dangling, h5py.SoftLink) and dangling.path == "/nowhere", "dangling is a soft link")
        expect(f.get("dangling") is None, "dangling leads nowhere")
        external = f.get("outside", getlink=True)
        expect(isinstance(external, h5py.ExternalLink) and external.filename == "other.h5"
               and external.path == "/x", "outside is an external link")
        grid = f["grid"]
        expect(grid.dtype == np.float32 and grid.shape == (3, 4), "grid")
        expect(np.array_equal(grid[()], (np.arange(12, dtype=np.float32) * 0.25).reshape(3, 4)), "grid values")
        growing = f["growing"]
        expect(growing.shape == (6,) and growing.maxshape == (None,) and growing.chunks == (2,), "growing shape")
        expect(growing.compression == "gzip" and growing.compression_opts == 6 and growing.shuffle, "filters")
        expect(growing.fillvalue == -1.0, "growing fill value")
        expect(list(growing[()]) == [1, 2, 3, 4, -1, -1], "growing values")
        unwritten = f["unwritten"]
        expect(unwritten.id.get_storage_size() == 0, "unwritten is not allocated")
        expect(unwritten.fillvalue == 7 and np.all(unwritten[()] == 7), "unwritten reads its fill value")
        expect(f["scalar"].shape == () and f["scalar"][()] == 2.5, "scalar")
        expect(f["flags"].dtype == np.bool_ and list(f["flags"][()]) == [True, False, True], "flags")
        expect(f["z"].dtype == np.complex128 and list(f["z"][()]) == [1 + 2j, -3.5j], "complex")
        ordered = f["ordered"]
        expect(list(ordered) == ["c", "a", "b"], "ordered members in creation order: %r" % list(ordered))
        expect(list(ordered.attrs) == ["z", "y"], "ordered attributes in creation order")
        expect(list(f["group/sub/deep"][()]) == [5, 6], "deep")
        expect(isinstance(f["kind"], h5py.Datatype) and f["kind"].dtype == np.dtype("<i4"), "committed type")
        expect(list(f) == sorted(f), "the root lists its members by name")
        expect(f.attrs["title"] == "h\u00e9llo", "title is a str attribute: %r" % f.attrs["title"])
        words = f["words"]
        expect(h5py.check_string_dtype(words.dtype).encoding == "utf-8", "words are UTF-8 strings")
        expect([w.decode() for w in words[()]] == ["alpha", "b\u00eata"], "words")
        ragged = numbers.attrs["ragged"]
        expect([list(r) for r in ragged] == [[1, 2], [3, 4, 5]], "ragged rows: %r" % (ragged,))
        refs = f["refs"][()]
        expect(f[refs[0]] == f["/"] and f[refs[1]] == f["grid"] and f[refs[2]] == f["group/sub"], "refs")
        expect(not refs[3], "the unwritten reference is null")
        regions = f["regions"][()]
        expect(list(f["grid"][regions[0]].ravel()) == [1.0, 1.25, 2.0, 2.25], "block region")
        expect(list(f["grid"][regions[1]].ravel()) == [0.75, 2.75], "listed region")
        expect(f[f["group/sub"].attrs["points_at"]] == f["grid"], "reference attribute")
    print("checked", path)


def check_modified(path):
    with h5py.File(path, "r") as f:
        expect(f.attrs["origin"] == 42 and f.attrs["modified"] == 1, "root attributes")
        expect("remove_me" not in f, "remove_me was deleted")
        table = f["table"][()]
        expect(list(table[1]) == [-1, -1, -1, -1] and list(table[2]) == [8, 9, 10, 11], "table")
        expect(f["table"].attrs["note"] == 1.5, "note")
        expect(f["hard"] == f["table"], "hard is still the same object as table")
        expect(f.get("soft", getlink=True).path == "/table", "soft link")
        expect(f.get("ext", getlink=True).filename == "elsewhere.h5", "external link")
        expect(list(f["ordered"]) == ["second", "first", "third"], "creation order kept")
        chunked = f["chunked"]
        expect(chunked.shape == (120,) and chunked.maxshape == (None,) and chunked.chunks == (10,), "chunked shape")
        expect(chunked.compression == "gzip" and chunked.compression_opts == 4, "chunked filters")
        expect(np.allclose(chunked[:100], np.linspace(0, 1, 100)) and np.all(chunked[100:] == 0), "chunked values")
        expect(f["empty_fill"].fillvalue == -3 and f["empty_fill"].id.get_storage_size() == 0, "empty_fill")
        expect(list(f["added/values"][()]) == [7.0, 8.0, 9.0], "added values")
        expect(isinstance(f["committed"], h5py.Datatype), "committed type")
        expect(f.attrs["label"] == "caf\u00e9", "label")
        expect([n.decode() for n in f["names"][()]] == ["alpha", "delta", "gamma"], "names")
        expect(f[f["refs"][0]] == f["table"] and f[f["refs"][1]] == f["ordered"], "refs kept")
        expect(list(f["table"][f["regions"][0]].ravel()) == [1, 2, -1, -1], "region kept")
    print("checked", path)


def main(argv):
    commands = {"make": make, "check-written": check_written, "check-modified": check_modified}
    if len(argv) != 3 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[1]](argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
