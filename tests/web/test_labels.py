"""Every closed vocabulary has its words in one module (web/display/labels.py): each value the
domain can store has a word, in English and in Korean, and the audit console says them with
the same words as the pages."""

from __future__ import annotations

import ast
from pathlib import Path

from web.display import labels
from web.display.audit_values import enum_words
from web.i18n import speaking

WEB = Path(labels.__file__).parents[1]


def test_every_value_of_every_closed_vocabulary_has_a_word_in_english_and_korean():
    with speaking("en"):
        english = enum_words()
    with speaking("ko"):
        korean = enum_words()
    for enum, words in english.items():
        assert {m.value for m in enum} <= set(words), enum.__name__
        untranslated = [m.value for m in enum if korean[enum][m.value] == words[m.value]]
        assert untranslated == [], enum.__name__


def test_label_functions_are_defined_only_in_the_labels_module():
    """A page names its words by importing them, never by keeping its own table."""
    elsewhere = [
        f"{path.relative_to(WEB.parent)}: {node.name}"
        for path in sorted(WEB.rglob("*.py"))
        if path.name != "labels.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
        and node.name.endswith("_labels")
        and path.name != "audit_words.py"  # the audit log's kinds and fields, not a vocabulary
    ]
    assert elsewhere == []
