"""The audit trail: any entity as of a past moment, its history, and proof the log is intact.
Secrets' hashes and lookup keys never leave the server, not even to auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.params import Parameter
from msgspec import Struct

from domain.errors import Invalid, NotFound
from domain.permissions import Action
from projections.views.audit import Audit, withhold
from projections.views.audit_find import MAX_QUERY, find_by_name
from web.api.common import SIGNED_IN, filmhouse, fresh, responses
from web.auth import may
from web.forms import moment_or_none


class EntityAsOf(Struct):
    position: int
    as_of: datetime
    entity: dict[str, Any] | None


class HistoryItem(Struct, omit_defaults=True):
    position: int
    type: str
    at: datetime
    actor: str
    data: dict[str, Any]
    reason: str | None = None


class VerifyOut(Struct):
    ok: bool
    events: int
    head: int
    first_bad_position: int | None
    problem: str | None


class FoundOut(Struct):
    kind: str
    id: UUID
    name: str


@get(
    "/audit/entities",
    guards=[may(Action.READ_AUDIT)],
    sync_to_thread=True,
    responses=responses(401, 403),
    summary="Projects, members, funds, partners and workspaces found by name",
)
def find(
    request: Request[Any, Any, Any],
    name: Annotated[
        str,
        Parameter(
            description="any part of the name, case ignored", min_length=1, max_length=MAX_QUERY
        ),
    ],
) -> list[FoundOut]:
    if not name.strip():
        raise Invalid("name must hold at least one letter", field="name")
    with fresh(request).db.read() as tx:
        found = find_by_name(tx, name)
    return [FoundOut(kind=f.kind, id=f.entity_id, name=f.name) for k in found.values() for f in k]


def _as_of(text: str | None, now: datetime) -> datetime:
    """The moment asked for (now when none is): an API client gives its offset."""
    if text is None or not text.strip():
        return now
    moment = moment_or_none(text, naive_in=None)
    if moment is None:
        raise Invalid(
            "as_of must be ISO 8601 with an offset, e.g. 2026-03-02T10:00:00+09:00", field="as_of"
        )
    return moment


@get(
    "/audit/entities/{entity_id:uuid}",
    guards=[may(Action.READ_AUDIT)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="An entity as it stood at a past moment",
)
def entity_as_of(
    request: Request[Any, Any, Any],
    entity_id: UUID,
    as_of: Annotated[
        str | None, Parameter(description="ISO 8601 with an offset; default now", max_length=64)
    ] = None,
) -> EntityAsOf:
    app = filmhouse(request)
    moment = _as_of(as_of, app.clock.now())
    audit = Audit(app)
    if not audit.history(entity_id):
        raise NotFound(f"no entity {entity_id}")
    position = audit.position_at(moment)
    state = audit.entity_state(entity_id, position)
    return EntityAsOf(
        position=position, as_of=moment, entity=withhold(state) if state is not None else None
    )


@get(
    "/audit/entities/{entity_id:uuid}/history",
    guards=[may(Action.READ_AUDIT)],
    sync_to_thread=True,
    responses=responses(*SIGNED_IN),
    summary="Every event of an entity, in log order",
)
def history(request: Request[Any, Any, Any], entity_id: UUID) -> list[HistoryItem]:
    entries = Audit(filmhouse(request)).history(entity_id)
    if not entries:
        raise NotFound(f"no entity {entity_id}")
    return [
        HistoryItem(
            position=e.position,
            type=e.type,
            at=e.at,
            actor=e.actor,
            data=withhold(e.data),
            reason=e.reason,
        )
        for e in entries
    ]


@get(
    "/audit/verify",
    guards=[may(Action.READ_AUDIT)],
    sync_to_thread=True,
    responses=responses(401, 403),
    summary="Recompute the hash chain over the whole log",
)
def verify(request: Request[Any, Any, Any]) -> VerifyOut:
    result = Audit(filmhouse(request)).verify()
    return VerifyOut(
        ok=result.ok,
        events=result.events,
        head=result.head,
        first_bad_position=result.first_bad_position,
        problem=result.problem,
    )


ROUTES = [find, entity_as_of, history, verify]
