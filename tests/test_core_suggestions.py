"""Autocomplete names come from the core: adapters ask `Core.suggest`, never the content."""

from __future__ import annotations

from test_core_world import Clock, make_studyset

from bot.core.engine import Core


def core() -> Core:
    return Core(make_studyset(), None, Clock(), None)  # suggestions need neither store nor outlet


def test_options_with_names_are_the_fact_query_the_term_the_article_and_the_zone():
    offered = core()
    assert offered.suggests(("fact",), "query") and offered.suggests(("define",), "term")
    assert offered.suggests(("quiz", "start"), "article")
    assert offered.suggests(("settings", "timezone"), "zone")
    assert not offered.suggests(("quiz", "start"), "questions")


def test_names_that_start_with_the_typed_text_come_before_names_that_contain_it():
    names = core().suggest(("fact",), "query", "har", 25)
    assert names[0] == ("Harbour Security in a Changing Sea", "Harbour Security in a Changing Sea")
    assert ("HPF", "HPF") not in names
    assert core().suggest(("define",), "term", "p", 25) == [("HPF", "HPF"), ("ITPP", "ITPP")]


def test_an_article_is_shown_by_title_and_sent_by_id_and_the_limit_holds():
    assert core().suggest(("quiz", "start"), "article", "northern", 25) == [
        ("The Northern Alliance and the Pacific", "alliance")
    ]
    assert len(core().suggest(("settings", "timezone"), "zone", "europe/", 5)) == 5
