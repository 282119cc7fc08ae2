"""Freeze one stored sample of every event type into tests/migrations/fixtures/, so that later
releases prove they still decode what this one wrote.

    .venv/bin/python -m tests.migrations.freeze v0.1

The samples are what the domain, projection and demo tests really write: the suite runs on
SQLite with FILMHOUSE_FREEZE_INTO set, and the `app` fixture hands each test's log to
`collect`, which keeps the first sample of every event type. Personal fields are stored
decrypted (the fixture holds no keys), as the mapper reads a value without its encryption prefix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "fixtures"


def collect(app: Any, into: str) -> None:
    """Append to `into` (a JSON-lines file) one sample per event type found in this log."""
    path = Path(into)
    seen = (
        {json.loads(line)["topic"] for line in path.read_text().splitlines()}
        if path.exists()
        else set()
    )
    found = []
    start = 1
    while True:
        notes = app.recorder.select_notifications(start=start, limit=2000)
        for note in notes:
            if note.topic in seen:
                continue
            event, _ = app.mapper.decode(note)
            state = {
                k: v
                for k, v in vars(event).items()
                if k not in ("originator_id", "originator_version")
            }
            found.append(
                {
                    "topic": note.topic,
                    "originator_id": str(note.originator_id),
                    "originator_version": note.originator_version,
                    "state": app.mapper.transcoder.encode(state).decode(),
                }
            )
            seen.add(note.topic)
        if len(notes) < 2000:
            break
        start = notes[-1].id + 1
    with path.open("a", encoding="utf-8") as out:
        for sample in found:
            out.write(json.dumps(sample, ensure_ascii=False) + "\n")


def freeze(release: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        into = Path(tmp) / "samples.jsonl"
        env = {**os.environ, "FILMHOUSE_FREEZE_INTO": str(into)}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-k",
                "not postgres",
                "tests/domain",
                "tests/projections",
                "tests/web/test_demo.py",
            ],
            check=True,
            env=env,
        )
        samples = {json.loads(line)["topic"]: line for line in into.read_text().splitlines()}
    HERE.mkdir(parents=True, exist_ok=True)
    target = HERE / f"{release}.jsonl"
    target.write_text("".join(samples[t] + "\n" for t in sorted(samples)), encoding="utf-8")
    print(f"{len(samples)} event types frozen into {target}", file=sys.stderr)
    return target


if __name__ == "__main__":
    freeze(sys.argv[1] if len(sys.argv) > 1 else "v0.1")
