#!/usr/bin/env python3
"""Writes the expected result of shared fixtures: tests/fixtures/NAME.expected.json.

    expected-result.py [--cli build/native/remotemedia] tests/fixtures/NAME.json ...

Runs each fixture through the native CLI, with tests/fixtures/python on the Python path,
as the fixture tests do, and writes what it printed: the result JSON without its
`metrics`, indented, with the fixtures directory written `$FIXTURES` (the tests put it
back). For a new fixture, or one whose traceback names lines that moved (a frame in the
SDK's code shows its line). Read the result before committing it: the tests then hold
both forms, the native CLI and the .wasm, to it.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", type=Path, default=ROOT / "build" / "native" / "remotemedia")
    parser.add_argument("fixtures", type=Path, nargs="+")
    args = parser.parse_args()
    for fixture in args.fixtures:
        if fixture.name.endswith(".expected.json") or fixture.suffix != ".json":
            sys.exit(f"error: {fixture}: give the fixture, NAME.json")
        run = subprocess.run([str(args.cli), "run", "-", "--python-path", str(FIXTURES / "python")],
                             stdin=fixture.open("rb"), capture_output=True)
        try:
            result = json.loads(run.stdout)
        except json.JSONDecodeError:
            sys.exit(f"error: {fixture}: the CLI printed no result (exit code {run.returncode}): "
                     + run.stderr.decode(errors="replace").strip())
        result.pop("metrics", None)
        text = json.dumps(result, indent=2, ensure_ascii=False).replace(str(FIXTURES), "$FIXTURES")
        expected = fixture.with_name(fixture.name[: -len(".json")] + ".expected.json")
        expected.write_text(text + "\n")
        print(f"{expected.relative_to(ROOT) if expected.is_relative_to(ROOT) else expected}: "
              f"{result.get('status')}, exit code {run.returncode}")


if __name__ == "__main__":
    main()
