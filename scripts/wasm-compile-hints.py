#!/usr/bin/env python3
"""Tells WebAssembly engines which functions of a module to compile before it starts.

    wasm-compile-hints.py MODULE.wasm PROFILE_DIR [--names NAMED.wasm]

Runs every *.json document in PROFILE_DIR through MODULE.wasm under Node
(scripts/wasi-run.mjs, V8's baseline compiler, every function compiled on its first
call), notes which functions V8 compiled, and rewrites MODULE.wasm with a
`compilationHints` section: those functions eager, all others lazy. Each document must
run to exit code 0: a profile that fails would describe a path no real run takes.

PROFILE_DIR/optimize.txt, if there, lists glob patterns (fnmatch, one per line, `#`
comments) of function names: the profiled functions whose names match are compiled by
V8's optimizing compiler (TurboFan) before the start, the others by its baseline
compiler (Liftoff). The names come from NAMED.wasm, the same module with its name
section (MODULE.wasm is stripped). A pattern that matches none of the profiled functions
is an error: it names code that no longer exists or that the profile no longer runs.
PROFILE_DIR/optimize-before-start.txt lists patterns of the same form for functions
that the profile does not call, to be optimized before the start all the same; a
pattern that matches no function of the module, or a function the profile calls, is an
error.

PROFILE_DIR/optimize-in-background.txt, if there, lists patterns of the same form for
functions that the profile does not call: they stay lazy, and when one is first called
V8 compiles it with the baseline compiler and queues its recompilation by the
optimizing compiler on a background thread; from then on calls take the optimized
code. PROFILE_DIR/optimize-on-first-call.txt lists those that V8 compiles with the
optimizing compiler at once when first called, on the calling thread. A pattern of
either that matches no function of the module, or a function the profile calls, is an
error; so is a function named by two of the listings of unprofiled functions.

Why: V8 compiles a lazy function on the thread that first calls it, inside the run.
The runtime's own start-up, executor and built-in nodes are called by nearly every run,
so they are compiled while the module is compiled, on all cores: a pipeline's run then
compiles nothing (the short tensor benchmark: ~6.1 ms without hints, ~3.9 ms with), for
the same total at start-up (~4.5 ms for these functions on the benchmark machine, where
V8 took ~20 us a function either way; ~80 us on first call against ~40 us up front on a
VM with slow page faults). CPython is left lazy on purpose: compiled eagerly it saves a
Python pipeline's start ~15 ms (~35 ms on that VM) but costs every pipeline without
Python nodes ~15 ms (~20 ms). The optimizing compiler is for the few functions that
every item or every byte goes through (optimize.txt lists them and says what each
group gains and costs): the runner keeps V8's tiering off (wasi-run.mjs says why), so
they would never be optimized otherwise. CPython's hot functions, those of every Python
item, are another matter: optimizing them costs ~40 ms of compilation, which pipelines
without Python nodes must not pay (optimize-in-background.txt says what they gain).

The section is V8's (one byte per function defined in the module: strategy in bits 0-1,
1 lazy and 2 eager; baseline tier in bits 2-3 and top tier in bits 4-5, 0 for the
engine's default, 1 for the baseline and 2 for the optimizing compiler), read when
compilation hints are enabled (`--experimental-wasm-compilation-hints`) and lazy
compilation is off, which is what wasi-run.mjs does for a module that has one. Other
engines skip it as an unknown custom section. It goes right before the Code section,
where V8 looks for it; a section there already is replaced, and the profile runs
without it.

V8 names the functions it compiles in its perf map (`node --perf-basic-prof`, written
to /tmp/perf-PID.map): `wasm-function[INDEX]-INDEX-liftoff`, or the function's name from
the name section, followed by the same index.
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from wasm_module import (SECTION_CODE, SECTION_CUSTOM, SECTION_FUNCTION, SECTION_IMPORT,
                         custom_section, custom_section_name, function_names, read_uleb, section,
                         sections, uleb)

HINTS_SECTION = "compilationHints"
LAZY, EAGER = 1, 2
OPTIMIZED = 2 << 2 | 2 << 4  # baseline and top tier: the optimizing compiler
IN_BACKGROUND = 1 << 2 | 2 << 4  # baseline tier the baseline compiler, top tier the optimizing
RUNNER = Path(__file__).resolve().parent / "wasi-run.mjs"
OPTIMIZE = "optimize.txt"
OPTIMIZE_IN_BACKGROUND = "optimize-in-background.txt"
OPTIMIZE_ON_FIRST_CALL = "optimize-on-first-call.txt"
OPTIMIZE_BEFORE_START = "optimize-before-start.txt"
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


def listed_patterns(profile_dir, listing):
    """The glob patterns of PROFILE_DIR/LISTING, in order; none without the file."""
    path = profile_dir / listing
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def matching_functions(candidates, names, patterns, listing, among):
    """The candidates whose names match a pattern; each pattern must match one."""
    chosen = set()
    for pattern in patterns:
        matched = {i for i in candidates if fnmatch.fnmatchcase(names.get(i, ""), pattern)}
        if not matched:
            raise ValueError(f"{listing}: {pattern!r} matches none of {among}")
        chosen |= matched
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", type=Path)
    parser.add_argument("profile_dir", type=Path)
    parser.add_argument("--names", type=Path, help="the same module with its name section")
    args = parser.parse_args()
    path = args.module
    try:
        parts = without_hints(path.read_bytes())
        imported, defined = function_counts(parts)
        documents = sorted(args.profile_dir.glob("*.json"))
        if not documents:
            raise ValueError(f"no *.json documents in {args.profile_dir}")
        listings = {listing: listed_patterns(args.profile_dir, listing) for listing in
                    (OPTIMIZE, OPTIMIZE_IN_BACKGROUND, OPTIMIZE_ON_FIRST_CALL, OPTIMIZE_BEFORE_START)}
        names = {}
        if listing := next((listing for listing, patterns in listings.items() if patterns), None):
            if args.names is None:
                raise ValueError(f"{listing} names functions: give the named module with --names")
            named = args.names.read_bytes()
            if function_counts(list(sections(named))) != (imported, defined):
                raise ValueError(f"{args.names} is not the same module: its functions differ")
            names = function_names(named)
        lazy_module = b"\0asm\1\0\0\0" + b"".join(section(i, body) for i, body in parts)
        eager = set()
        with tempfile.TemporaryDirectory(prefix="remotemedia-hints-") as scratch:
            profiled = Path(scratch) / path.name
            profiled.write_bytes(lazy_module)
            for document in documents:
                eager |= compiled_functions(profiled, document)
        if not eager:
            raise ValueError("the profile compiled none of the module's functions")
        optimized = matching_functions(eager, names, listings.pop(OPTIMIZE), OPTIMIZE,
                                       "the functions the profile calls")
        unprofiled = {}  # listing -> the functions it names, none of which the profile calls
        for listing, patterns in listings.items():
            chosen = matching_functions(range(imported, imported + defined), names, patterns, listing,
                                        "the module's functions")
            if called := sorted(chosen & eager):
                raise ValueError(f"{listing} names {names[called[0]]}, which the profile calls: "
                                 f"{OPTIMIZE} is for those")
            for other, other_chosen in unprofiled.items():
                if both := sorted(chosen & other_chosen):
                    raise ValueError(f"{other} and {listing} both name {names[both[0]]}")
            unprofiled[listing] = chosen
        in_background = unprofiled[OPTIMIZE_IN_BACKGROUND]
        on_first_call = unprofiled[OPTIMIZE_ON_FIRST_CALL]
        optimized |= unprofiled[OPTIMIZE_BEFORE_START]

        def hint(index):
            if index in optimized:
                return EAGER | OPTIMIZED
            if index in in_background:
                return LAZY | IN_BACKGROUND
            if index in on_first_call:
                return LAZY | OPTIMIZED
            return EAGER if index in eager else LAZY

        hints = bytes(hint(imported + i) for i in range(defined))
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
    print(f"{path.name}: {len(eager | optimized)} of {defined} functions compiled before the start, "
          f"{len(optimized)} of them optimized; {len(in_background)} optimized in the background after "
          f"their first call, {len(on_first_call)} on it ({runs})")


if __name__ == "__main__":
    main()
