"""Imports flow one way: web → domain, projections, matching; projections → domain, matching
(the graph feeder builds the matching engine's snapshot); matching imports nothing of ours;
domain imports no web and no SQL. Inside projections, the log's storage knows no views,
policies or graph; views know no policies and no graph."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"domain", "projections", "matching", "web", "migrations"}
ALLOWED = {
    "domain": {"domain", "migrations"},
    "projections": {"projections", "domain", "matching", "migrations"},
    "matching": {"matching"},
    "migrations": {"migrations"},
    "web": OURS,
}
FORBIDDEN_IN_DOMAIN = {
    "sqlite3",
    "psycopg",
    "psycopg_pool",
    "litestar",
    "jinja2",
    "uvicorn",
    "eventsourcing.sqlite",
    "eventsourcing.postgres",
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_the_allowed_way(package):
    wrong = []
    for path in modules(package):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in OURS and top not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_domain_imports_no_web_and_no_sql():
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules("domain")
        for name in imports_of(path)
        if name in FORBIDDEN_IN_DOMAIN or name.split(".")[0] in FORBIDDEN_IN_DOMAIN
    ]
    assert not wrong, "\n".join(wrong)


# Rooms inside projections: what a room's modules may not import.
ROOM_FORBIDS = {
    "projections/log": (
        "projections.views",
        "projections.policies",
        "projections.graph",
        "projections.projector",
    ),
    "projections/views": ("projections.policies", "projections.graph"),
    "web/display": ("web.pages", "web.api", "web.cli"),
}


@pytest.mark.parametrize("room", sorted(ROOM_FORBIDS))
def test_rooms_import_only_what_is_beneath_them(room):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / room).rglob("*.py"))
        for name in imports_of(path)
        if name.startswith(ROOM_FORBIDS[room])
    ]
    assert not wrong, "\n".join(wrong)


def test_the_arrow_check_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import web.app\nfrom projections import eventstore\n")
    assert imports_of(bad) == {"web.app", "projections"}
