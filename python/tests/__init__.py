"""Unit tests for the remotemedia Python SDK.

Run from the repository root:
    /usr/bin/python3.11 -m unittest discover -s python/tests -t python
"""

import os
import sys

_PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _PYTHON_DIR not in sys.path:
    sys.path.insert(0, _PYTHON_DIR)
