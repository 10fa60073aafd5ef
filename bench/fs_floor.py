#!/usr/bin/env python3
"""The file system's share of a cold compile: writes the files a compile left in TARGET (the same
relative paths, sizes and bytes) into the new folder OUT, and prints `wall user sys` in seconds.

    python3 bench/fs_floor.py TARGET OUT

The contents are read into memory first; only the writing is timed: creating the folders, then each
file opened, written and closed, on two threads that take whole folders each (two threads creating
files in one folder wait on its lock: fs/namei.c takes the parent's inode lock for every create).
Python's own cost per file (a few microseconds) is included, so this is an upper estimate of the
floor no compiler that writes dbt's target/ layout can go below on this disk.
"""
import os
import sys
import threading
import time


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out = sys.argv[1], sys.argv[2]
    if os.path.exists(out):
        sys.exit(f"fs_floor.py: {out} exists; give a new folder")
    files = []  # (relative path, bytes)
    for folder, _, names in os.walk(source):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                files.append((os.path.relpath(path, source), f.read()))
    by_folder: dict[str, list[tuple[str, bytes]]] = {}
    for rel, data in files:
        by_folder.setdefault(os.path.dirname(rel), []).append((rel, data))
    # Largest folders first, each to the thread with less to do.
    shares: list[list[tuple[str, bytes]]] = [[], []]
    for _, group in sorted(by_folder.items(), key=lambda kv: -len(kv[1])):
        min(shares, key=len).extend(group)

    def write(share: list[tuple[str, bytes]]) -> None:
        for rel, data in share:
            fd = os.open(os.path.join(out, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)

    before, start = os.times(), time.monotonic()
    for folder in sorted(by_folder):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    threads = [threading.Thread(target=write, args=(share,)) for share in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, after = time.monotonic() - start, os.times()
    print(f"{wall:.3f} {after.user - before.user:.2f} {after.system - before.system:.2f} {len(files)} "
          f"{sum(len(d) for _, d in files)}")


if __name__ == "__main__":
    main()
