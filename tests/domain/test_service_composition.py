"""The application is composed of one service class per area; no two may define the same name,
or one would silently replace the other."""

from __future__ import annotations

from domain.filmhouse import FilmHouse
from domain.services.core import Core


def test_no_two_area_services_define_the_same_name():
    areas = [c for c in FilmHouse.__mro__ if issubclass(c, Core) and c not in (FilmHouse, Core)]
    assert len(areas) >= 7
    owners: dict[str, str] = {}
    clashes = []
    for area in areas:
        for name in vars(area):
            if name.startswith("__") or name == "name":  # the library names each class
                continue
            if name in owners:
                clashes.append(f"{name}: {owners[name]} and {area.__name__}")
            owners[name] = area.__name__
    assert clashes == []
