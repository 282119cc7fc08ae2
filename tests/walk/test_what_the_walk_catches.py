"""The walk's eyes: each thing it must catch is caught on a small page made to show it, and what
a person does not see (a visually hidden label, a closed <details>) is not held against the
page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.walk.oracle import build, interface_strings, problems
from tests.walk.reading import read_page

pytestmark = pytest.mark.browser

STACKED = """
<style>
  body { margin: 0; font: 16px sans-serif; }
  td { display: block; position: relative; padding-left: 90px; min-height: 1.2em; }
  td::before { content: attr(data-label); position: absolute; left: 0; width: 80px; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
<table><tr>
  <td data-label="Applications waiting for a decision">0</td>
  <td data-label="Edit">Edit</td>
</tr></table>
"""


@pytest.fixture
def blank(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    yield page
    context.close()


def test_a_label_drawn_by_css_that_runs_into_the_next_row_is_an_overlap(blank: Any) -> None:
    blank.set_content(STACKED)
    reading = read_page(blank)
    assert "Applications waiting for a decision" in reading.texts
    assert any("Applications waiting for a decision ⟷ Edit" in o for o in reading.overlaps)


def test_labels_that_fit_do_not_overlap(blank: Any) -> None:
    blank.set_content(STACKED.replace("Applications waiting for a decision", "Waiting"))
    assert read_page(blank).overlaps == []


def test_hidden_texts_are_read_but_never_overlap(blank: Any) -> None:
    blank.set_content(
        STACKED.replace("Applications waiting for a decision", "Waiting")
        + '<p><span class="sr">09:00 not bookable</span>'
        '<span class="sr">09:15 not bookable</span>free</p>'
        "<details><summary>More</summary><p>Closed text</p></details>"
    )
    reading = read_page(blank)
    assert reading.overlaps == []
    assert "09:00 not bookable" in reading.texts
    assert "Closed text" not in reading.texts


def test_a_page_wider_than_the_phone_scrolls_sideways(blank: Any) -> None:
    blank.set_content('<div style="width: 500px">wide</div>')
    assert read_page(blank).sideways > 100
    blank.set_content('<div style="max-width: 100%">narrow</div>')
    assert read_page(blank).sideways == 0


@pytest.mark.parametrize(
    "raw",
    [
        "None",
        "null",
        "{}",
        '{"role_id": "3f2a"}',
        "CrewRole(role_id='3f2a', role='editor')",
        "UUID('3f2a6b1e-0000-0000-0000-000000000000')",
        "in_production",
        "domain.project:Project.Pitched",
        "Approved, %(amount)s",
    ],
)
def test_raw_data_is_caught_in_either_language(raw: str) -> None:
    assert problems(build(), [raw], korean=False), raw


@pytest.mark.parametrize(
    "text", ["Kim Min-jun", "Night Bus", "₩6,000,000", "None of us", "2027-01-31", "Sound Room 2"]
)
def test_what_people_typed_is_not_raw_data(text: str) -> None:
    assert problems(build(), [text], korean=False) == []
    assert problems(build(), [text], korean=True) == []


def test_an_interface_string_left_in_english_on_a_korean_page_is_caught() -> None:
    oracle = build()
    assert "Sign in" in interface_strings()
    assert problems(oracle, ["Sign in"], korean=True)
    assert problems(oracle, ["Sign in"], korean=False) == []
    assert problems(oracle, ["로그인"], korean=True) == []


def test_vocabulary_words_as_stored_are_caught_on_a_korean_page() -> None:
    assert problems(build(), ["co production"], korean=True)
    assert problems(build(), ["director"], korean=True)


def test_a_message_with_named_values_is_matched_whole_not_by_its_last_word() -> None:
    oracle = build()
    assert "%(done)s of %(all)s done" in interface_strings()
    assert problems(oracle, ["3 of 4 done"], korean=True)
    assert problems(oracle, ["overall"], korean=True) == []
