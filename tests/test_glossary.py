"""The glossary: one entry per term across articles, found whatever the case or number."""

from __future__ import annotations

from collections import Counter

import pytest
from test_core_world import Clock, RecordingOutlet, actor

from bot.core.engine import Core
from bot.core.parse import parse_command
from content.glossary import Definition, covered, entries, spelled_out
from content.model import GlossaryEntry, Studyset
from db.sqlite import SqliteStore


def _entries(*found: tuple[str, str, str], corpus: str = "") -> list[GlossaryEntry]:
    return entries([(Definition(t, e), "a", p) for t, e, p in found], corpus)


def test_the_same_term_in_two_articles_is_one_entry_with_every_citation():
    (entry,) = _entries(
        ("RAA", "Reciprocal Access Agreement", "a-001"),
        ("RAA", "reciprocal access agreement", "b-007"),
    )
    assert (entry.term, entry.expansion, entry.variants) == (
        "RAA",
        "Reciprocal Access Agreement",
        (),
    )
    assert (entry.passage, entry.citations) == ("a-001", ("a-001", "b-007"))


def test_a_plural_term_is_stored_singular_with_the_plural_noted():
    (entry,) = _entries(("SLOCs", "sea lines of communication", "a-003"))
    assert (entry.term, entry.variants) == ("SLOC", ("SLOCs",))


def test_the_majority_long_form_wins_and_the_others_are_variants():
    (entry,) = _entries(
        ("JSDF", "Japan Self-Defense Forces", "a-001"),
        ("JSDF", "Japanese Self-Defence Force", "b-001"),
        ("JSDF", "Japan Self-Defense Forces", "c-001"),
    )
    assert entry.expansion == "Japan Self-Defense Forces"
    assert entry.variants == ("Japanese Self-Defence Force",)


def test_a_tie_is_settled_by_how_often_the_readings_use_each_form():
    (entry,) = _entries(
        ("IPCP", "Individualized Partnership Programme", "a-001"),
        ("IPCP", "Individual Partnership Programme", "b-001"),
        corpus="the Individual Partnership Programme ... the Individual Partnership Programme",
    )
    assert entry.expansion == "Individual Partnership Programme"


def test_a_misspelt_acronym_joins_the_one_that_spells_its_initials():
    entry, *rest = _entries(
        ("ESC", "East China Sea", "a-004"),
        ("ECS", "East China Sea", "b-011"),
    )
    assert rest == []
    assert (entry.term, entry.variants) == ("ECS", ("ESC",))


def test_define_ignores_case_and_number():
    studyset = Studyset((), (), glossary=tuple(_entries(("EDTs", "emerging technologies", "a"))))
    for asked in ("EDT", "edts", "EDTs", "Emerging technology", "emerging technologies"):
        assert studyset.define(asked).term == "EDT", asked
    assert studyset.define("EDX") is None


def test_an_acronym_is_spelled_out_at_its_first_use_once():
    made = _entries(
        ("RIMPAC", "Rim of the Pacific Exercise", "a-1"), ("FEF", "Fleet Escort Force", "a-2")
    )
    assert (
        spelled_out("Ships joined the RIMPAC exercise; RIMPAC grew.", made)
        == "Ships joined the Rim of the Pacific Exercise (RIMPAC); RIMPAC grew."
    )
    assert (
        spelled_out("Japan set up the FEF.", made) == "Japan set up the Fleet Escort Force (FEF)."
    )
    spelled = "the Fleet Escort Force (FEF) and the FEF"
    assert spelled_out(spelled, made) == spelled


# -- the glossary the build really makes ----------------------------------------------------


def test_an_acronym_inside_a_long_form_is_spelled_out_from_another_entry():
    made = _entries(
        ("JSDF", "Japanese Self-Defence Force", "a-1"), ("JMSDF", "Japan Maritime SDF", "a-2")
    )
    jmsdf = next(e for e in made if e.term == "JMSDF")
    assert jmsdf.expansion == "Japan Maritime Self-Defence Force"
    assert "Japan Maritime SDF" in jmsdf.variants
    # nothing spells it out: the long form stays as the reading wrote it
    (alone,) = _entries(("JMSDF", "Japan Maritime SDF", "a-2"))
    assert alone.expansion == "Japan Maritime SDF"


def test_no_bundled_long_form_holds_an_acronym_another_entry_spells_out(bundled):
    spelled = set()  # the initials of every run of two or more words of a long form
    for entry in bundled.glossary:
        words = entry.expansion.replace("-", " ").split()
        spelled |= {
            "".join(w[0] for w in words[i:j]).upper()
            for i in range(len(words))
            for j in range(i + 2, len(words) + 1)
        }
    for entry in bundled.glossary:
        inner = {w for w in entry.expansion.split() if w.isupper() and len(w) > 1}
        assert not inner & spelled, entry


def test_each_term_shows_once(bundled):
    terms = Counter(g.term.casefold().rstrip("s") for g in bundled.glossary)
    assert [t for t, n in terms.items() if n > 1] == []
    for entry in bundled.glossary:
        assert entry.term == entry.term.rstrip("s") or not entry.term[:-1].isupper()
        assert entry.citations[0] == entry.passage


@pytest.mark.parametrize(
    ("asked", "term"),
    [("SLOC", "SLOC"), ("slocs", "SLOC"), ("EDT", "EDT"), ("ESC", "ECS"), ("jsdf", "JSDF")],
)
def test_define_answers_on_the_bundled_glossary(bundled, asked, term):
    assert bundled.define(asked).term == term


async def test_the_define_command_names_the_term_once_with_its_variants(bundled, tmp_path):
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    core = Core(bundled, store, Clock(), RecordingOutlet())
    try:
        (reply,) = await core.command(actor("alice"), *parse_command("/define esc"))
        assert reply.text == "ECS: East China Sea (also written ESC)"
        assert not reply.private and reply.citation
        (reply,) = await core.command(actor("alice"), *parse_command("/define slocs"))
        assert reply.text.startswith("SLOC: sea lines of communication")
        (reply,) = await core.command(actor("alice"), *parse_command("/define ZZQX"))
        assert reply.private and "not in the glossary" in reply.text
    finally:
        await store.close()


@pytest.mark.parametrize(
    "term, long_form, short",
    [
        ("RIMPAC", "Rim of the Pacific Exercise", "Rim of the Pacific"),
        (
            "ASEAN",
            "Association of Southeast Asian Nations",
            "Association of Southeast Asian Nations",
        ),
        (
            "UNCLOS",
            "United Nations Convention on the Law of the Sea",
            "United Nations Convention on the Law of the Sea",
        ),
        ("EDT", "emerging and disruptive technologies", "emerging and disruptive technologies"),
        (
            "IPCP",
            "Individual Partnership and Cooperation Program",
            "Individual Partnership and Cooperation Program",
        ),
        ("JMSDF", "Japan Maritime SDF", "Japan Maritime SDF"),
        ("TPE", "The Trans Pacific Exercise", "Trans Pacific Exercise"),
    ],
)
def test_a_long_form_is_cut_to_the_words_its_initials_cover(term, long_form, short):
    assert covered(term, long_form) == short
