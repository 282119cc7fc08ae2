"""The crash test's long variant: many more kill -9s of a server under load than `make test`
runs (tests/faults/test_crash.py, 3 crashes per database there).

Each round: writers post through HTTP, the server is killed with SIGKILL mid-load (and, on the
PostgreSQL variant, a throwaway cluster on another port is stopped with `-m immediate`), then
restarted; at the end every acknowledged write must be in the log, the views catch up exactly
once and `audit verify` passes. The test itself asserts all of that; this prints its figures.

    filmhouse bench crash --size 20            # 20 crashes on SQLite and on PostgreSQL
    filmhouse bench crash --size 20 --sqlite-only
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/faults/test_crash.py"
SAID = re.compile(r"(\d+) acknowledged writes over (\d+) crashes, all kept")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="filmhouse bench crash", description=__doc__)
    parser.add_argument("--size", type=int, default=20, help="crashes per database")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    env = dict(os.environ, FILMHOUSE_CRASHES=str(args.size), PYTHONPATH=str(ROOT))
    selected = ["-k", "sqlite"] if args.sqlite_only else []
    began = time.monotonic()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            TEST,
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=0",
            *selected,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.monotonic() - began
    sys.stderr.write(run.stdout[-4000:])
    rounds = [(int(a), int(c)) for a, c in SAID.findall(run.stdout)]
    for acknowledged, crashes in rounds:
        print(f"{acknowledged} acknowledged writes over {crashes} crashes: none lost")
    passed = run.returncode == 0
    print(f"{'passed' if passed else 'FAILED'} in {took:.0f} s")
    print(
        json.dumps(
            {
                "bench": "crash",
                "value": sum(a for a, _ in rounds),
                "unit": "acknowledged writes kept",
                "crashes": sum(c for _, c in rounds),
                "databases": len(rounds),
                "passed": passed,
                "seconds": round(took, 1),
            }
        )
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
