"""Kill an editing process hundreds of times and count what was lost.

    python -m benchmarks.crash_bench [--kills 500] [--seed N] [--max-delay 0.1] [--json]

Prints {"kills", "commits", "lost_commits", "corrupt_files", "seed"} with --json (plus
nothing else on stdout), or a short table. Exit 1 if anything was lost or corrupt; the
seed, which replays the run with --seed, is printed with every problem.
See benchmarks/crash_harness.py for what is checked after each kill.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow `python benchmarks/crash_bench.py` too
    sys.path.insert(0, str(ROOT))

from benchmarks.crash_harness import run_kills  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--max-delay", type=float, default=0.1, help="seconds before a kill")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = run_kills(
            Path(folder) / "crash.circles", args.kills, seed=args.seed, max_delay=args.max_delay
        )
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({**result.to_json(), "seed": args.seed}))
    else:
        print(f"seed                 {args.seed}")
        for key, value in result.to_json().items():
            print(f"{key:<20} {value}")
        print(f"locks recovered      {result.locks_recovered}")
        print(f"in-flight committed  {result.in_flight_committed}")
        print(f"time                 {elapsed:.1f} s")
    for problem in result.problems:
        print(f"seed {args.seed}: {problem}", file=sys.stderr)
    return 1 if (result.lost_commits or result.corrupt_files) else 0


if __name__ == "__main__":
    sys.exit(main())
