#!/usr/bin/env python3
"""Packs Python source trees into a zip of .pyc files for zipimport (deterministic).

    mkpyzip.py --out OUT.zip [--tree DIR[=PREFIX]]... [--omit-file FILE] [--file SRC=ARCNAME.py]...

Run it with the host's /usr/bin/python3.11: the .pyc magic number and marshal format
must match the wasm interpreter (3.11). Entries are `name.pyc` without a `__pycache__`
level and without the .py: zipimport loads such .pyc and skips the staleness check.
Fixed timestamps and sorted entries: the same inputs give the same bytes.
"""
import argparse
import fnmatch
import importlib.util
import marshal
import os
import sys
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def pyc_bytes(source: bytes, arcname: str, optimize: int) -> bytes:
    code = compile(source, arcname, "exec", dont_inherit=True, optimize=optimize)
    # PEP 552 header: magic, flags 0 (timestamp-based), mtime 0, size 0.
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)


def read_omit(path):
    """One glob per line, relative to the tree root ('#' comments); a directory's name
    omits the whole directory."""
    if not path:
        return []
    with open(path) as fh:
        return [line.split("#", 1)[0].strip() for line in fh if line.split("#", 1)[0].strip()]


def omitted(rel, patterns):
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns)


def walk(root, prefix, patterns):
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        dirnames[:] = sorted(d for d in dirnames
                             if d != "__pycache__" and not omitted(rel + d, patterns))
        for f in sorted(filenames):
            if f.endswith(".py") and not omitted(rel + f, patterns):
                yield os.path.join(dirpath, f), prefix + rel + f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tree", action="append", default=[],
                    help="DIR[=PREFIX]: every *.py under DIR, at PREFIX/ in the zip")
    ap.add_argument("--omit-file", help="globs (relative to each tree) to leave out")
    ap.add_argument("--file", action="append", default=[], help="SRC=ARCNAME.py: one module")
    ap.add_argument("--optimize", type=int, default=0, help="0 keeps docstrings and asserts")
    a = ap.parse_args()
    if sys.version_info[:2] != (3, 11):
        sys.exit("mkpyzip.py: run this with python3.11 (the wasm interpreter's version)")

    patterns = read_omit(a.omit_file)
    entries = []
    for spec in a.tree:
        root, _, prefix = spec.partition("=")
        entries += walk(root, prefix.strip("/") + "/" if prefix else "", patterns)
    for spec in a.file:
        src, _, arc = spec.partition("=")
        entries.append((src, arc or os.path.basename(src)))

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for src, arc in sorted(entries, key=lambda e: e[1]):
            with open(src, "rb") as fh:
                data = pyc_bytes(fh.read(), arc, a.optimize)
            info = zipfile.ZipInfo(arc[:-3] + ".pyc", FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    os.replace(tmp, a.out)
    print(f"{a.out}: {len(entries)} modules, {os.path.getsize(a.out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
