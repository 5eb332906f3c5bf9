"""Open Circles: `python3 run.py [FILE]` (sets up .venv on first use)."""

from __future__ import annotations

import sys

from bootstrap import run_in_environment

if __name__ == "__main__":
    sys.exit(run_in_environment(["-m", "app", *sys.argv[1:]]))
