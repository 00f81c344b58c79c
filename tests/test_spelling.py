"""British spellings read as American ones, and only where the American form is a word."""

from __future__ import annotations

import pytest

from content.spelling import american, american_text


@pytest.mark.parametrize(
    "british, us",
    [
        ("defence", "defense"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("organise", "organize"),
        ("organising", "organizing"),
        ("modernisation", "modernization"),
        ("analyse", "analyze"),
        ("favour", "favor"),
        ("behavioural", "behavioral"),
        ("centre", "center"),
        ("theatres", "theaters"),
        ("catalogue", "catalog"),
        ("travelled", "traveled"),
        ("manoeuvre", "maneuver"),
        ("licence", "license"),
    ],
)
def test_british_spellings_read_the_american_way(british, us):
    assert american(british) == us
    assert american(us) == us


@pytest.mark.parametrize(
    "word", ["exercise", "four", "our", "tour", "filled", "pulling", "fence", "michael", "rise"]
)
def test_words_that_only_look_british_stay(word):
    assert american(word) == word


def test_a_name_keeps_its_case_and_its_other_words():
    assert american_text("Japan Maritime Self-Defence Force") == "Japan Maritime Self-Defense Force"
    assert american_text("Centre for Strategic Studies") == "Center for Strategic Studies"
    assert american_text("Rim of the Pacific Exercise") == "Rim of the Pacific Exercise"
