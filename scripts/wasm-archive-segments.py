#!/usr/bin/env python3
"""Packs archives into a linked .wasm as passive data segments.

    wasm-archive-segments.py MODULE.wasm ARCHIVE...

Rewrites MODULE.wasm so that its data segments 0 .. N-1 are passive segments holding the
ARCHIVEs in order, each as its size (4 bytes, little-endian) then its bytes; the linker's
own segments follow. apps/wasm/archive_segments.c reads them with `memory.init`, which
names a segment by index: that is why the archives come first.

An active segment is copied into linear memory when the module is instantiated, used or
not: megabytes of the stdlib zip written on every start, and kept for the life of the
process. A passive one stays in the module's bytes until a read copies out the part it
needs.

Adds the DataCount section that `memory.init` requires. A module that has one already
is refused: its code could name segments by index, and those indices would shift.
Debug info stays valid: DWARF addresses code relative to the Code section.
"""
import os
import sys

from wasm_module import SECTION_CODE, SECTION_DATA, SECTION_DATA_COUNT, read_uleb, section, sections, uleb


def with_archives(module, archives):
    parts = list(sections(module))
    ids = [section_id for section_id, _ in parts]
    if SECTION_DATA_COUNT in ids:
        raise ValueError("the module has a DataCount section already: its segment indices may be in use")
    if SECTION_CODE not in ids or SECTION_DATA not in ids:
        raise ValueError("the module has no Code or no Data section")
    passive = b""
    for archive in archives:
        if len(archive) >= 1 << 32:
            raise ValueError("an archive of 4 GiB or more does not fit a 32-bit memory")
        content = len(archive).to_bytes(4, "little") + archive
        passive += uleb(1) + uleb(len(content)) + content  # flag 1: passive
    out = bytearray(module[:8])
    for section_id, body in parts:
        if section_id == SECTION_CODE:
            count, _ = read_uleb(parts[ids.index(SECTION_DATA)][1], 0)
            out += section(SECTION_DATA_COUNT, uleb(count + len(archives)))
        if section_id == SECTION_DATA:
            count, rest = read_uleb(body, 0)
            body = uleb(count + len(archives)) + passive + body[rest:]
        out += section(section_id, body)
    return bytes(out)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[1].strip())
    path = sys.argv[1]
    try:
        with open(path, "rb") as f:
            module = f.read()
        archives = []
        for name in sys.argv[2:]:
            with open(name, "rb") as f:
                archives.append(f.read())
        rewritten = with_archives(module, archives)
    except (OSError, ValueError, IndexError) as e:
        sys.exit(f"error: {path}: {e}")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(rewritten)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
