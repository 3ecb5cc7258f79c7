#!/usr/bin/python3
"""An h5py SWMR reader opposite the h5x writer.

    swmr_reader_h5py.py FILE

Run by swmr_pair opposite swmr_writer, speaking the protocol of
swmr_protocol.h on descriptors 3 and 4: h5py (on the HDF5 it was built
with, 1.10 on Debian) opens the file h5x's writer is appending to with
swmr=True and sees the new rows through Dataset.refresh(), as the seed's
reader does.  Exit status 77 when h5py cannot be imported.
"""
import os
import select
import sys
import time

SKIP = 77
WIDTH = 8  # SWMR_WIDTH
FREE_RUNNING_SECONDS = 60

try:
    import h5py
    import numpy as np
except ImportError as error:
    print(f"skip: {error}")
    sys.exit(SKIP)

failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print(f"FAIL: {what}", flush=True)
    return condition


def expected_rows(start, stop):
    rows = np.arange(start, stop, dtype=np.int64)[:, None]
    return rows * 100 + np.arange(WIDTH, dtype=np.int64)[None, :] + 1


class Lines:
    """Lines from a descriptor, read without a hidden buffer so that
    select() tells the truth about what is waiting."""

    def __init__(self, fd):
        self.fd, self.pending = fd, b""

    def ready(self):
        return b"\n" in self.pending or bool(select.select([self.fd], [], [], 0)[0])

    def readline(self):
        while b"\n" not in self.pending:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return ""
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode() + "\n"


def main():
    path = sys.argv[1]
    from_writer = Lines(3)
    to_writer = os.fdopen(4, "w")

    def say(word, count):
        to_writer.write(f"{word} {count}\n")
        to_writer.flush()

    if not check(from_writer.readline().strip() == "ready", "the writer said ready"):
        return
    print(f"h5py {h5py.version.version} on HDF5 {h5py.version.hdf5_version} opens {path} with swmr=True",
          flush=True)
    with h5py.File(path, "r", libver="latest", swmr=True) as f:
        check(f.swmr_mode, "the file is in SWMR mode")
        data, count = f["data"], f["count"]
        check(data.attrs["width"] == WIDTH, "the width attribute")
        check(data.maxshape == (None, WIDTH), f"maxshape {data.maxshape}")
        check(data.shape == (0, WIDTH), f"no rows yet: {data.shape}")
        say("open", 0)
        seen = 0
        while True:
            line = from_writer.readline().strip()
            if line == "free":
                break
            if not check(line.startswith("rows "), f"unexpected line {line!r}"):
                return
            announced = int(line.split()[1])
            data.refresh()
            if not check(data.shape == (announced, WIDTH),
                         f"after the writer flushed {announced} rows a refresh shows {data.shape}"):
                return
            if not check(np.array_equal(data[:], expected_rows(0, announced)), f"rows 0..{announced}"):
                return
            seen = announced
            say("seen", seen)
        print(f"lockstep: saw {seen} rows", flush=True)

        total, growths = None, 0
        deadline = time.monotonic() + FREE_RUNNING_SECONDS
        while total is None or seen < total:
            if total is None and from_writer.ready():
                line = from_writer.readline()
                if not check(line.startswith("done "), f"unexpected line {line!r}"):
                    return
                total = int(line.split()[1])
            if not check(time.monotonic() < deadline, f"saw {seen} of {total} rows in time"):
                return
            count.refresh()
            counted = int(count[0]) or seen
            data.refresh()
            if not check(counted >= seen and data.shape[0] >= counted,
                         f"count {counted}, {data.shape[0]} rows visible, {seen} seen before"):
                return
            if counted > seen:
                if not check(np.array_equal(data[seen:counted], expected_rows(seen, counted)),
                             f"rows {seen}..{counted}"):
                    return
                seen = counted
                growths += 1
        print(f"free running: the count grew {growths} times up to {seen} rows", flush=True)
        check(np.array_equal(data[:], expected_rows(0, seen)), "all rows at the end")
        say("bye", seen)


if __name__ == "__main__":
    main()
    print(f"{'FAILED' if failures else 'OK'}: {failures} failures", flush=True)
    sys.exit(1 if failures else 0)
