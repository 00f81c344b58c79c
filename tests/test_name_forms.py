"""Names the readings disagree on: the form most readings use wins; a tie disputes them all."""

from __future__ import annotations

from content.model import Passage
from content.name_forms import name_forms


def _passages(*texts: str) -> list[Passage]:
    return [Passage(f"a{n}-000", f"a{n}", 0, text) for n, text in enumerate(texts)]


def test_a_minority_spelling_of_a_person_is_disputed_and_shown_by_surname():
    forms = name_forms(
        _passages(
            "Prime Minister Fumio Kishida spoke.",
            "Prime Minister Fumio Kishida left. Later Yoshihide Kishida returned.",
            "Prime Minister Yoshihide Kishida went.",
            "Prime Minister Fumio Kishida came.",
        )
    )
    assert forms.disputed_people == {"Yoshihide Kishida": "Kishida"}
    assert forms.undisputed("Yoshihide Kishida met Fumio Kishida.") == "Kishida met Fumio Kishida."


def test_an_even_split_disputes_every_form_but_one_spelling_the_initials():
    forms = name_forms(
        _passages("The East China Sea (ECS) is calm.", "The East China Sea (ESC) is rough.")
    )
    assert forms.disputed_terms == {"ESC"}  # a tie goes to the one spelling the initials
    assert forms.undisputed("In the East China Sea (ESC) ships sail.") == (
        "In the East China Sea ships sail."
    )
    assert forms.disputed_in("ECS and ESC") == ["ESC"]
    people = name_forms(
        _passages("Prime Minister Shinzo Abe came.", "Prime Minister Shino Abe went.")
    )
    assert people.disputed_people == {"Shinzo Abe": "Abe", "Shino Abe": "Abe"}


def test_long_forms_are_kept_most_used_first_and_plural_terms_singular():
    forms = name_forms(
        _passages(
            "The sea lines of communication (SLOCs) matter.",
            "Sea lines of communication (SLOC) matter.",
            "The sea lines of communication (SLOCs) again.",
        )
    )
    assert list(forms.expansions) == ["SLOC"]
    assert forms.expansions["SLOC"].forms == (
        "sea lines of communication",
        "Sea lines of communication",
    )
    assert not forms.disputed_terms
