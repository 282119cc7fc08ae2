"""The audit console, for auditors and admins: find an entity, read its timeline, see it as it
stood at a past moment (Seoul time, mapped to the log position that was the head then), compare
two moments, export its history, and verify the log's hash chain against the current seal.

Password hashes, token hashes and email lookup keys are withheld here as in the API.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import get
from litestar.response import Redirect, Response, Template

from domain.clock import SEOUL
from domain.errors import Invalid, NotFound
from domain.permissions import Action
from projections.views.audit import Audit, HistoryEntry, plain, withhold
from projections.views.audit_find import MAX_QUERY, find_by_name
from projections.views.directory import Directory
from web.auth import may
from web.display.audit_references import ids_in, references
from web.display.audit_state import Reader, changes
from web.display.audit_words import field_label, kind_label
from web.display.event_names import event_name as named
from web.forms import moment_or_none, uuid_or_none
from web.i18n import current_language
from web.i18n import gettext_ as _
from web.pages.audit_seals import ROUTES as SEAL_ROUTES
from web.pages.audit_seals import problem
from web.pages.common import Req, app_of, page, read, wants_fragment

AUDIT = [may(Action.READ_AUDIT)]
EXPORTS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def event_name(kind: str) -> str:
    """An event type in the reader's words: "Project.CrewHired" reads "Crew hired"."""
    return named(kind, current_language())


class Withheld(Audit):
    """The audit trail with secrets' hashes and lookup keys withheld from every history."""

    def history(self, entity_id: UUID) -> list[HistoryEntry]:
        return [replace(e, data=withhold(e.data)) for e in super().history(entity_id)]


def _moment(value: str, field: str, label: str) -> datetime | None:
    """A datetime-local value read as Seoul time (an offset given explicitly is kept); None
    when the field is empty."""
    if not value.strip():
        return None
    moment = moment_or_none(value)
    if moment is None:
        raise Invalid(
            _("%(field)s must be a date and time, e.g. 2026-03-02T10:00.", field=label), field=field
        )
    return moment


def _actor_names(request: Req, entries: list[HistoryEntry]) -> dict[str, str]:
    with read(request) as tx:
        found = Directory.names(tx, (uuid_or_none(e.actor) for e in entries))
    return {k.hex: v for k, v in found.items()}


@get("/audit", guards=AUDIT, sync_to_thread=True, include_in_schema=False)
def console(request: Req, entity: str = "", name: str = "") -> Response[Any]:
    """Find an entity by its id (a valid id goes straight to its timeline) or by name (the
    projects, members, funds, partners and workspaces whose name holds the words)."""
    error = ""
    query = " ".join(name.split())[:MAX_QUERY]
    found = None
    if query:
        with read(request) as tx:
            found = find_by_name(tx, query)
        if wants_fragment(request) and request.headers.get("HX-Target", "") == "audit-found":
            return page(
                request,
                "audit/_found.html",
                "audit/index.html",
                {"name": query, "found": found, "kind_label": kind_label},
            )
    if entity.strip():
        given = uuid_or_none(entity.strip())
        if given is not None and Audit(app_of(request)).history(given):
            return Redirect(f"/audit/entities/{given}", status_code=303)
        error = (
            _("That is not an id. Ids look like 3f2a…-…; copy one from a page or an export.")
            if given is None
            else _("Nothing in the log has that id. Check it and try again.")
        )
    return page(
        request,
        "audit/_find.html",
        "audit/index.html",
        {
            "entity": entity[:64],
            "error": error,
            "name": query,
            "found": found,
            "kind_label": kind_label,
        },
        status=404 if error else 200,
    )


@dataclass(frozen=True)
class Step:
    """One event between two compared moments: who made it, why, and the fields it carried."""

    entry: HistoryEntry
    fields: tuple[str, ...]


def _events_between(history: list[HistoryEntry], a: int, b: int, kind: str) -> list[Step]:
    """The entity's events after the earlier position up to the later, in log order: the
    changes the comparison shows were made by these."""
    low, high = min(a, b), max(a, b)
    return [
        Step(e, tuple(field_label(k, kind) for k in e.values if k != "id"))
        for e in history
        if low < e.position <= high
    ]


def _reader(request: Req, audit: Audit, entity_id: UUID, *values: Any) -> Reader:
    """A reader that names every entity these states and events refer to."""
    ids = {entity_id} | {i for value in values for i in ids_in(value)}
    kinds = audit.kinds(ids)
    with read(request) as tx:
        return Reader(references(tx, ids, kinds))


@get("/audit/entities/{entity_id:uuid}", guards=AUDIT, sync_to_thread=True, include_in_schema=False)
def entity(
    request: Req, entity_id: UUID, as_of: str = "", first: str = "", second: str = ""
) -> Template:
    """The timeline; with `as_of` the entity as it stood then; with `first` and `second`
    what changed between two moments."""
    audit = Withheld(app_of(request))
    history = audit.history(entity_id)
    if not history:
        raise NotFound(_("Nothing in the log has the id %(id)s.", id=entity_id))
    moment = _moment(as_of[:32], "as_of", _("As of"))
    start = _moment(first[:32], "first", _("From"))
    end = _moment(second[:32], "second", _("To"))
    if (start is None) != (end is None):
        raise Invalid(
            _("To compare, give both moments."), field="second" if start is not None else "first"
        )
    position = None if moment is None else audit.position_at(moment)
    state = None if position is None else audit.typed_state(entity_id, position)
    before = after = None
    if start is not None and end is not None:
        positions = audit.position_at(start), audit.position_at(end)
        before = audit.typed_state(entity_id, positions[0]) or {}
        after = audit.typed_state(entity_id, positions[1]) or {}
    reader = _reader(request, audit, entity_id, state, before, after, [e.values for e in history])
    comparison, kind = None, history[-1].type.split(".")[0]
    if before is not None and after is not None:
        changed = [
            k
            for k in dict.fromkeys([*before, *after])
            if plain(before.get(k)) != plain(after.get(k))
        ]
        comparison = {
            "before": positions[0],
            "after": positions[1],
            "born": not before,
            "changes": changes(reader, before, after, changed, kind),
            "events": _events_between(history, positions[0], positions[1], kind),
        }
    own = reader.refs[entity_id]
    context: dict[str, Any] = {
        "entity_id": entity_id,
        "history": history,
        "actors": _actor_names(request, history),
        "as_of": as_of[:32],
        "first": first[:32],
        "second": second[:32],
        "position": position,
        "fields": reader.fields(state, kind) if state else None,
        "comparison": comparison,
        "reader": reader,
        "seoul": SEOUL,
        "type": kind_label(kind),
        "name": own.text if own.named else "",
        "event_name": event_name,
    }
    fragment = "audit/_entity.html"
    target = request.headers.get("HX-Target", "")
    if wants_fragment(request) and target in ("as-of", "compare"):
        fragment = f"audit/_{target.replace('-', '_')}.html"
    return page(request, fragment, "audit/entity.html", context)


@get(
    "/audit/entities/{entity_id:uuid}/export",
    guards=AUDIT,
    sync_to_thread=True,
    include_in_schema=False,
)
def export(request: Req, entity_id: UUID, format: str = "csv") -> Response[str]:
    """The entity's history as a download (CSV or JSON), secrets withheld."""
    if format not in EXPORTS:
        raise Invalid(_("Export as csv or json."), field="format")
    audit = Withheld(app_of(request))
    if not audit.history(entity_id):
        raise NotFound(_("Nothing in the log has the id %(id)s.", id=entity_id))
    body = audit.export(entity_id, format)
    return Response(
        body,
        media_type=EXPORTS[format],
        headers={"Content-Disposition": f'attachment; filename="history-{entity_id}.{format}"'},
    )


@get("/audit/verify", guards=AUDIT, sync_to_thread=True, include_in_schema=False)
def verify(request: Req) -> Template:
    """Recompute the hash chain over the whole log and show the seal to keep elsewhere."""
    audit = Audit(app_of(request))
    result = audit.verify()
    return page(
        request,
        "audit/_verify.html",
        "audit/verify.html",
        {"result": result, "seal": str(audit.seal()), "problem": problem},
    )


ROUTES = [console, entity, export, verify, *SEAL_ROUTES]
