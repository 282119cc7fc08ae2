"""Write fixtures/log-v0.2.jsonl.gz: the short demo as an earlier release wrote it.

Run with that release's own code (here commit 448fff8, before the modules moved), this venv's
Python and the checkout first on the path:

    git worktree add /tmp/fh-448 448fff8
    cd /tmp/fh-448 && PYTHONPATH=/tmp/fh-448 /work/main/.venv/bin/python \\
        /work/main/tests/migrations/stored_log.py 70 20 \\
        /work/main/tests/migrations/fixtures/log-v0.2.jsonl.gz

Each stored event is exported as it is in the log (originator_id, version, topic, state as its
JSON text, `_meta` stamp included), except personal fields, which are opened with the member's
key: the fixture holds no keys, and today's mapper reads a value without the encryption prefix
as it is. A member erased in the demo keeps the ERASED placeholder. Ids and nonces are new
on every run: two runs write logs of the same shape, not the same bytes. The old modules this
imports exist only in that checkout, hence no type checking here.
"""
# mypy: ignore-errors

from __future__ import annotations  # noqa: I001 (projections.eventstore is gone today)

import gzip
import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.clock import SEOUL, SettableClock, seoul_time
from domain.personal_data import _PREFIX, ERASED, _open_with
from projections.eventstore import open_application  # the module's place at 448fff8
from tests.conftest import FAST_ARGON2, SECRET
from web.demo import generate

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL)  # fixed, so the demo's dates are too


def opened(app, note) -> str:
    """The stored state's JSON text with its personal fields opened."""
    state = json.loads(note.state)
    event, _ = app.mapper.decode(note)
    subject = getattr(event, getattr(type(event), "subject", "originator_id"))
    for name in getattr(type(event), "personal", ()):
        value = state.get(name)
        if isinstance(value, str) and value.startswith(_PREFIX):
            key = app.mapper.keys.key(subject)
            state[name] = ERASED if key is None else _open_with(AESGCM(key), subject, value)
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def write(members: int, weeks: int, out: Path) -> None:
    ago = NOW - timedelta(weeks=weeks)
    started = seoul_time(
        ago.date() - timedelta(days=ago.weekday()), datetime.min.time()
    ) + timedelta(hours=9)
    with tempfile.TemporaryDirectory() as tmp:
        app = open_application(
            f"sqlite:///{tmp}/demo.sqlite",
            secret=SECRET,
            clock_=SettableClock(started),
            passwords=FAST_ARGON2,
        )
        app.seed_universities()
        app.seed_workspaces()
        generate(app, members=members, weeks=weeks, now=NOW)
        rows, start = [], 1
        while notes := app.recorder.select_notifications(start=start, limit=2000):
            rows += [
                {
                    "originator_id": str(note.originator_id),
                    "version": note.originator_version,
                    "topic": note.topic,
                    "state": opened(app, note),
                }
                for note in notes
            ]
            start = notes[-1].id + 1
        app.close()
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as lines:
        for row in rows:
            lines.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(
        f"{len(rows)} events of {len({r['topic'] for r in rows})} types, "
        f"{out.stat().st_size} bytes",
        file=sys.stderr,
    )


if __name__ == "__main__":
    write(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
