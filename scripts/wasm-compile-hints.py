#!/usr/bin/env python3
"""Tells WebAssembly engines which functions of a module to compile before it starts.

    wasm-compile-hints.py MODULE.wasm PROFILE_DIR

Runs every *.json document in PROFILE_DIR through MODULE.wasm under Node
(scripts/wasi-run.mjs, V8's baseline compiler, every function compiled on its first
call), notes which functions V8 compiled, and rewrites MODULE.wasm with a
`compilationHints` section: those functions eager, all others lazy. Each document must
run to exit code 0: a profile that fails would describe a path no real run takes.

Why: V8 compiles a lazy function on the thread that first calls it, ~80 us each on the
benchmark machine, inside the run. The runtime's own start-up, executor and built-in
nodes are called by nearly every run, so they are better compiled while the module is
compiled, on all cores (~40 us each): the empty manifest's start, and the short tensor
benchmark's run, each spend ~14 ms less compiling (README "WebAssembly performance").
CPython is left lazy on purpose: compiled eagerly it saves a Python pipeline ~35 ms but
costs every pipeline without Python nodes ~20 ms.

The section is V8's (one byte per function defined in the module: strategy in bits 0-1,
1 lazy and 2 eager; baseline and top tier in bits 2-5, 0 for the engine's default), read
when compilation hints are enabled (`--experimental-wasm-compilation-hints`) and lazy
compilation is off, which is what wasi-run.mjs does for a module that has one. Other
engines skip it as an unknown custom section. It goes right before the Code section,
where V8 looks for it; a section there already is replaced, and the profile runs
without it.

V8 names the functions it compiles in its perf map (`node --perf-basic-prof`, written
to /tmp/perf-PID.map): `wasm-function[INDEX]-INDEX-liftoff`, or the function's name from
the name section, followed by the same index.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from wasm_module import (SECTION_CODE, SECTION_CUSTOM, SECTION_FUNCTION, SECTION_IMPORT,
                         custom_section, custom_section_name, read_uleb, section, sections, uleb)

HINTS_SECTION = "compilationHints"
LAZY, EAGER = 1, 2
RUNNER = Path(__file__).resolve().parent / "wasi-run.mjs"
COMPILED = re.compile(r"-(\d+)-liftoff$")


def without_hints(module):
    """The module's sections, any compilation hints left out."""
    return [(i, body) for i, body in sections(module)
            if not (i == SECTION_CUSTOM and custom_section_name(body) == HINTS_SECTION)]


def function_counts(parts):
    """(imported functions, functions the module defines)."""
    imported = defined = 0
    for section_id, body in parts:
        if section_id == SECTION_IMPORT:
            count, pos = read_uleb(body, 0)
            for _ in range(count):
                for _name in range(2):  # module name, field name
                    size, pos = read_uleb(body, pos)
                    pos += size
                kind = body[pos]
                pos += 1
                if kind == 0:  # function: type index
                    _, pos = read_uleb(body, pos)
                    imported += 1
                elif kind == 1:  # table: reference type, limits
                    pos += 1
                    flags, pos = read_uleb(body, pos)
                    _, pos = read_uleb(body, pos)
                    if flags & 1:
                        _, pos = read_uleb(body, pos)
                elif kind == 2:  # memory: limits
                    flags, pos = read_uleb(body, pos)
                    _, pos = read_uleb(body, pos)
                    if flags & 1:
                        _, pos = read_uleb(body, pos)
                elif kind == 3:  # global: value type, mutability
                    pos += 2
                else:
                    raise ValueError(f"import of unknown kind {kind}")
        elif section_id == SECTION_FUNCTION:
            defined, _ = read_uleb(body, 0)
    return imported, defined


def compiled_functions(module_path, document):
    """Indices of the functions V8 compiled running `document` through the module."""
    # In the module's scratch directory: with --perf-basic-prof V8 also writes its log
    # (isolate-*-v8.log) into the working directory.
    with open(document, "rb") as stdin:
        run = subprocess.Popen(["node", "--perf-basic-prof", str(RUNNER), str(module_path)],
                               stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=module_path.parent)
        _, err = run.communicate()
    perf_map = Path(f"/tmp/perf-{run.pid}.map")
    try:
        if run.returncode != 0:
            said = err.decode(errors="replace").strip()
            raise RuntimeError(f"profile document {document.name} exited with {run.returncode}"
                               + (f": {said}" if said else ""))
        if not perf_map.exists():
            raise RuntimeError(f"node wrote no {perf_map} (--perf-basic-prof)")
        return {int(m.group(1)) for line in perf_map.read_text().splitlines()
                if (m := COMPILED.search(line))}
    finally:
        perf_map.unlink(missing_ok=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1].strip())
    path, profile_dir = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        parts = without_hints(path.read_bytes())
        imported, defined = function_counts(parts)
        documents = sorted(profile_dir.glob("*.json"))
        if not documents:
            raise ValueError(f"no *.json documents in {profile_dir}")
        lazy_module = b"\0asm\1\0\0\0" + b"".join(section(i, body) for i, body in parts)
        eager = set()
        with tempfile.TemporaryDirectory(prefix="remotemedia-hints-") as scratch:
            profiled = Path(scratch) / path.name
            profiled.write_bytes(lazy_module)
            for document in documents:
                eager |= compiled_functions(profiled, document)
        hints = bytes(EAGER if imported + i in eager else LAZY for i in range(defined))
        if EAGER not in hints:
            raise ValueError("the profile compiled none of the module's functions")
        hinted = bytearray(lazy_module[:8])
        for section_id, body in parts:
            if section_id == SECTION_CODE:
                hinted += custom_section(HINTS_SECTION, uleb(defined) + hints)
            hinted += section(section_id, body)
    except (OSError, ValueError, IndexError, RuntimeError) as e:
        sys.exit(f"error: {path}: {e}")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(hinted)
    os.replace(tmp, path)
    runs = f"{len(documents)} profile document" + ("s" if len(documents) != 1 else "")
    print(f"{path.name}: {hints.count(EAGER)} of {defined} functions compiled before the start ({runs})")


if __name__ == "__main__":
    main()
