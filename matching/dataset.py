"""Loading the film-credits evaluation data (IMDb/CMU join) into graph facts.

The data is for offline evaluation only: nothing here is used by the product at run time.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matching.facts import Collaborated, ProjectListed

CATEGORIES: tuple[str, ...] = (
    "director",
    "producer",
    "writer",
    "cinematographer",
    "editor",
    "composer",
    "production_designer",
    "actor",
    "actress",
    "self",
    "archive_footage",
    "archive_sound",
)
QUERY_ROLES: tuple[str, ...] = (
    "cinematographer",
    "editor",
    "composer",
    "producer",
    "writer",
    "production_designer",
)

IntArray = npt.NDArray[np.int64]


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class FilmCredits:
    """Films and credits as parallel arrays; people and films are indexed in id order."""

    film_ids: tuple[str, ...]
    years: IntArray
    genres: tuple[tuple[str, ...], ...]
    tags: tuple[tuple[str, ...], ...]
    languages: tuple[tuple[str, ...], ...]
    countries: tuple[tuple[str, ...], ...]
    person_ids: tuple[str, ...]
    credit_film: IntArray
    credit_person: IntArray
    credit_role: IntArray  # index into CATEGORIES

    def film_tokens(self, film: int) -> list[str]:
        return film_tokens(
            self.genres[film], self.tags[film], self.countries[film], self.languages[film]
        )


def film_tokens(
    genres: tuple[str, ...],
    tags: tuple[str, ...],
    countries: tuple[str, ...],
    languages: tuple[str, ...],
) -> list[str]:
    """Field-prefixed tokens, so that "Drama" the genre and "Drama" the tag stay distinct."""
    return (
        [f"g:{g}" for g in genres]
        + [f"t:{t}" for t in tags]
        + [f"c:{c}" for c in countries]
        + [f"l:{lang}" for lang in languages]
    )


def load(directory: str | Path) -> FilmCredits:
    root = Path(directory)
    rows: list[tuple[str, int, str, str, str, str]] = []
    with gzip.open(root / "films.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if not rec["year"]:
                continue
            rows.append(
                (
                    rec["film_id"],
                    int(float(rec["year"])),
                    rec["genres"],
                    rec["tags"],
                    rec["languages"],
                    rec["countries"],
                )
            )
    rows.sort()
    film_index = {r[0]: i for i, r in enumerate(rows)}
    role_index = {c: i for i, c in enumerate(CATEGORIES)}
    triples: list[tuple[int, str, int]] = []
    with gzip.open(root / "credits.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            film = film_index.get(rec["film_id"])
            role = role_index.get(rec["category"])
            if film is None or role is None:
                continue
            triples.append((film, rec["person_id"], role))
    person_ids = tuple(sorted({t[1] for t in triples}))
    person_index = {p: i for i, p in enumerate(person_ids)}
    uniq = sorted({(f, person_index[p], r) for f, p, r in triples})
    arr = np.array(uniq, dtype=np.int64).reshape(-1, 3)
    return FilmCredits(
        film_ids=tuple(r[0] for r in rows),
        years=np.array([r[1] for r in rows], dtype=np.int64),
        genres=tuple(_split(r[2]) for r in rows),
        tags=tuple(_split(r[3]) for r in rows),
        languages=tuple(_split(r[4]) for r in rows),
        countries=tuple(_split(r[5]) for r in rows),
        person_ids=person_ids,
        credit_film=arr[:, 0].copy(),
        credit_person=arr[:, 1].copy(),
        credit_role=arr[:, 2].copy(),
    )


def facts_up_to(data: FilmCredits, year: int) -> Iterator[ProjectListed | Collaborated]:
    """The facts a graph holds at the end of `year`: films released by then, their credits."""
    for film in np.flatnonzero(data.years <= year):
        yield ProjectListed(
            project_id=data.film_ids[film],
            year=int(data.years[film]),
            genres=data.genres[film],
            tags=data.tags[film],
            countries=data.countries[film],
            languages=data.languages[film],
        )
    keep = np.flatnonzero(data.years[data.credit_film] <= year)
    for row in keep.tolist():
        credited = int(data.credit_film[row])
        yield Collaborated(
            member_id=data.person_ids[int(data.credit_person[row])],
            project_id=data.film_ids[credited],
            role=CATEGORIES[int(data.credit_role[row])],
            year=int(data.years[credited]),
        )
