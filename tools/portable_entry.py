"""The portable folder's program (tools/circles.spec): `Circles [FILE]`, `Circles VERB ...`,
exactly `python -m app`."""

from __future__ import annotations

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
