"""Run the whole test suite: `python3 test.py` (sets up .venv on first use).

Extra arguments go to pytest, e.g. `python3 test.py -k coverage`.
"""

from __future__ import annotations

import sys

from bootstrap import run_in_environment

if __name__ == "__main__":
    sys.exit(run_in_environment(["-m", "pytest", *sys.argv[1:]]))
