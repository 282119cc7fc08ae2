"""Retraining the crew ranker from the log's own outcomes (`filmhouse match retrain`).

The log is replayed through the recommender's graph (projections/graph/feeder.py). At each decision
(a hire, an invitation the member declined, an application the director rejected) the candidate's
ranker features are read from the graph as it stood just before that event, so nothing known
only later leaks in. matching.ranker.retrain fits the model; it is stored in the
`match_ranker` table, where `web.recommend.model` finds it. Until the log holds
MIN_OUTCOMES decisions (MIN_EACH of each kind), and while a model fitted on the earlier four
fifths of them ranks the latest fifth worse than the committed offline weights
(matching/weights.json), nothing is stored and those weights stay in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from domain import clock
from domain.crew_application import CrewApplication
from domain.filmhouse import FilmHouse
from domain.invitation import Invitation
from domain.project import Project
from matching.facts import Fact
from matching.ranker import MIN_EACH, MIN_OUTCOMES, ONLINE_FEATURES, OnlineModel, Retrained, retrain
from matching.recommend import crew_features
from matching.role_context import RoleQuery
from projections.graph.feeder import GraphFeeder
from projections.projector.sql import Database, Tx
from projections.projector.view import Envelope

TABLE = "match_ranker"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (trained_at TEXT NOT NULL, "
    "log_position BIGINT NOT NULL, outcomes INTEGER NOT NULL, model TEXT NOT NULL)"
)


@dataclass(frozen=True)
class Outcome:
    position: int
    member_id: str
    project_id: str
    role_id: str
    hired: bool


class OutcomeRecorder(GraphFeeder):
    """The graph feeder that, before applying a decision, notes the candidate's features."""

    def __init__(self, app: FilmHouse) -> None:
        super().__init__(app)
        self.outcomes: list[Outcome] = []
        self.rows: list[npt.NDArray[np.float64]] = []

    def facts(self, e: Envelope) -> Iterable[Fact]:
        decided = self._decision(e)
        if decided is not None:
            member, project, role_id, hired = decided
            graph = self.graph
            if role_id in graph.open_roles.get(project, {}) and member in graph.members.index:
                query = RoleQuery.for_open_role(graph, project, role_id)
                self.rows.append(crew_features(graph, query, [member])[0])
                self.outcomes.append(Outcome(e.position, member, project, role_id, hired))
        return super().facts(e)

    def _decision(self, e: Envelope) -> tuple[str, str, str, bool] | None:
        ev = e.event
        if isinstance(ev, Project.CrewHired):
            return ev.member_id.hex, e.originator_id.hex, ev.role_id.hex, True
        if isinstance(ev, Invitation.Declined):
            key = self._invitations.get(e.originator_id.hex)
        elif isinstance(ev, CrewApplication.Rejected):
            key = self._applications.get(e.originator_id.hex)
        else:
            return None
        return (*key, False) if key else None


def gather(app: FilmHouse) -> OutcomeRecorder:
    """Every decision in the log so far, in log order, with its features at the time."""
    recorder = OutcomeRecorder(app)
    recorder.catch_up()
    return recorder


def retrain_from_log(
    app: FilmHouse, db: Database, *, min_outcomes: int = MIN_OUTCOMES, min_each: int = MIN_EACH
) -> Retrained:
    """Fit the ranker on the log's decisions; store it when they are enough."""
    recorder = gather(app)
    x = np.array(recorder.rows, dtype=np.float64).reshape(-1, len(ONLINE_FEATURES))
    y = np.array([o.hired for o in recorder.outcomes], dtype=np.int64)
    last = recorder.outcomes[-1].position if recorder.outcomes else 0
    result = retrain(
        x,
        y,
        min_outcomes=min_outcomes,
        min_each=min_each,
        source=f"Film House log, {len(y)} decisions up to position {last}",
    )
    if result.model is not None:
        with db.write() as tx:
            tx.execute(DDL)
            tx.execute(
                f"INSERT INTO {TABLE} (trained_at, log_position, outcomes, model) "
                "VALUES (?, ?, ?, ?)",
                (clock.now().isoformat(), recorder.position, len(y), result.model.to_json()),
            )
    return result


def _has_table(tx: Tx) -> bool:
    if tx.postgres:
        return tx.scalar("SELECT to_regclass(?)", (TABLE,)) is not None
    return (
        tx.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,))
        is not None
    )


@lru_cache(maxsize=4)
def _parsed(text: str) -> OnlineModel:
    return OnlineModel.from_json(text)


def retrained_model(tx: Tx) -> OnlineModel | None:
    """The latest model `filmhouse match retrain` stored, if any."""
    if not _has_table(tx):
        return None
    text = tx.scalar(
        f"SELECT model FROM {TABLE} ORDER BY log_position DESC, trained_at DESC LIMIT 1"
    )
    return _parsed(text) if text else None


def report(result: Retrained, *, min_outcomes: int, min_each: int) -> str:
    def auc(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    lines = [
        f"outcomes {result.outcomes}: {result.positives} hires (positive), "
        f"{result.negatives} declines or rejections (negative)"
    ]
    enough = result.outcomes >= min_outcomes and min(result.positives, result.negatives) >= min_each
    if not enough:
        lines.append(
            f"too few to retrain (needs {min_outcomes} with at least {min_each} of "
            "each): the offline weights (matching/weights.json) stay in use"
        )
        return "\n".join(lines)
    lines.append(
        f"held out: the latest {result.held_out}; ROC AUC retrained "
        f"{auc(result.auc_retrained)} vs offline weights {auc(result.auc_offline)}"
    )
    if result.model is None:
        lines.append(
            "the retrained model ranks the held-out decisions worse: the offline "
            "weights (matching/weights.json) stay in use"
        )
    else:
        lines.append(
            f"model stored in table {TABLE} (fitted on all {result.outcomes}); "
            "recommendations use it from now on"
        )
    return "\n".join(lines)
