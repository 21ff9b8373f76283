import os
import subprocess
import sys
import unittest

_PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
import remotemedia, remotemedia.nodes
heavy = ("socket", "asyncio", "email", "http", "ssl", "numpy", "json")
print(",".join(m for m in heavy if m in sys.modules))
"""


class ImportTest(unittest.TestCase):
    def test_import_pulls_in_no_heavy_modules(self):
        # socket hangs in browsers and is not in the WASM build's stdlib; numpy and json
        # cost start-up time and are imported lazily where needed. -I keeps site hooks
        # and the environment from importing modules of their own.
        proc = subprocess.run(
            [sys.executable, "-I", "-c", _PROBE, _PYTHON_DIR],
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "")


if __name__ == "__main__":
    unittest.main()
