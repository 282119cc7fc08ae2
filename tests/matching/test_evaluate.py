from __future__ import annotations

import csv
import gzip
import json
import math
import random
from pathlib import Path

import numpy as np
import pytest

from matching.evaluate import main, query_metrics, target_ranks, top_k

ROLES = ("cinematographer", "editor", "composer", "producer", "writer", "production_designer")


def test_target_ranks_count_candidates_strictly_ahead_with_tiebreak() -> None:
    scores = np.array([0.9, 0.5, 0.5, 0.1, 0.5])
    tiebreak = np.array([0.0, 3.0, 1.0, 0.0, 1.0])
    # candidate 2 ties candidate 4 on both keys: neither is ahead of the other
    assert target_ranks(scores, tiebreak, np.array([2, 4, 1, 3])).tolist() == [3, 3, 2, 5]


def test_query_metrics_hand_made_rankings() -> None:
    one_hit = query_metrics(np.array([1]))
    assert one_hit == {"hr@10": 1.0, "recall@10": 1.0, "ndcg@10": 1.0, "mrr": 1.0}
    two = query_metrics(np.array([3, 12]))
    assert two["hr@10"] == 1.0 and two["recall@10"] == 0.5 and two["mrr"] == pytest.approx(1 / 3)
    assert two["ndcg@10"] == pytest.approx((1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    miss = query_metrics(np.array([11]))
    assert miss["hr@10"] == 0.0 and miss["ndcg@10"] == 0.0 and miss["mrr"] == pytest.approx(1 / 11)


def test_top_k_orders_by_score_then_tiebreak_then_id() -> None:
    scores = np.array([0.2, 0.9, 0.2, 0.2, 0.5])
    tiebreak = np.array([1.0, 0.0, 2.0, 1.0, 0.0])
    assert top_k(scores, tiebreak, 4).tolist() == [1, 4, 2, 0]


def _write_dataset(root: Path) -> None:
    rng = random.Random(0)
    people = [f"nm{i:04d}" for i in range(60)]
    films = []
    credits = []
    for f in range(160):
        year = 1990 + f % 19
        fid = f"tt{f:05d}"
        films.append(
            [
                fid,
                f"Film {f}",
                year,
                rng.choice(["Drama", "Comedy,Drama", "Horror"]),
                rng.choice(["Indie", "Thriller"]),
                rng.choice(["Korean", "English"]),
                rng.choice(["South Korea", "France"]),
                "7.0",
                "100",
            ]
        )
        team = rng.sample(people, 9)
        credits.append([fid, team[0], "director", ""])
        for person, role in zip(team[1:], [*ROLES, "actor", "actress"], strict=True):
            credits.append([fid, person, role, ""])
    with gzip.open(root / "films.csv.gz", "wt", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "film_id",
                "title",
                "year",
                "genres",
                "tags",
                "languages",
                "countries",
                "rating",
                "votes",
            ]
        )
        w.writerows(films)
    with gzip.open(root / "credits.csv.gz", "wt", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["film_id", "person_id", "category", "job"])
        w.writerows(credits)


def test_main_json_on_a_tiny_synthetic_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_dataset(tmp_path)
    assert main([str(tmp_path), "--cut", "2003", "--until", "2008", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"queries", "methods", "splits", "exposure"}
    assert out["queries"] > 0
    names = {
        "random",
        "popularity",
        "recent popularity",
        "repeat",
        "common neighbours",
        "Adamic-Adar",
        "resource allocation",
        "personalised PageRank",
        "content TF-IDF",
        "filmhouse",
        "filmhouse-online",
    }
    assert set(out["methods"]) == names
    for metrics in out["methods"].values():
        assert set(metrics) == {"hr@10", "recall@10", "ndcg@10", "mrr", "n"}
        assert metrics["n"] == out["queries"]
        assert all(0.0 <= metrics[k] <= 1.0 for k in ("hr@10", "recall@10", "ndcg@10", "mrr"))
    assert set(out["splits"]) == {"warm", "cold", "repeat", "new"}
    assert all(set(split) == names for split in out["splits"].values())
    assert set(out["exposure"]) == names
