"""A bare surname named in full where the page names one person by it, and refused where it
names two: on hand-made text, on news pages written for these tests, and on the saved web pages."""

from __future__ import annotations

import pytest

from content.people import people


def _named(*texts: str, authors: tuple[str, ...] = ()):
    return people(texts, authors)


def test_a_surname_is_named_in_full_at_its_first_bare_mention():
    page = _named(
        "Union leader Marta Ilves called the strike.",
        "Ilves said it would go on. In 2016, Ilves led a walkout.",
    )
    assert page.in_full("In 2016, Ilves led a walkout, and Ilves won.") == (
        "In 2016, Marta Ilves led a walkout, and Ilves won."
    )
    assert page.in_full("Marta Ilves said so; Ilves repeated it.") == (
        "Marta Ilves said so; Ilves repeated it."
    )


def test_a_surname_after_a_sentence_ending_in_a_name_stands_alone():
    # "Wellington." ends a sentence: it is not a first name before "Parata"
    page = _named("He flew to Wellington. Parata said the whales came. Hori Parata is 75.")
    assert page.in_full("Parata said the whales came.") == "Hori Parata said the whales came."
    assert page.in_full("Mr. Parata left.") == "Mr. Parata left."  # a title's dot is


def test_a_surname_two_people_share_refuses_the_sentence():
    page = _named(
        "Harbour master Peeter Tamm has run the port since 2012.",
        "His daughter, Liis Tamm, drives a crane.",
        "Tamm refused to meet the union.",
    )
    assert page.in_full("In 2014, Tamm refused to meet the union.") is None
    assert page.in_full("Peeter Tamm has run the port.") == "Peeter Tamm has run the port."


def test_one_office_holder_with_two_given_names_keeps_the_surname():
    page = _named(
        "Prime Minister Fumio Kishida spoke.",
        "Prime Minister Yoshihide Kishida attended.",
        "Kishida said so.",
    )
    assert page.in_full("In 2023, Kishida attended the summit.") == (
        "In 2023, Kishida attended the summit."
    )


def test_a_title_a_longer_name_and_a_country_are_not_bare_surnames():
    page = _named(
        "A meteorologist named Edward Norton Lorenz worked at MIT.",
        "Lorenz said the weather was chaotic. Mr Lorenz agreed.",
        "He worked near the center of campus, in what is now the Lorenz Center.",
        "South Sudan split from Sudan. Sudan said so.",
    )
    assert page.in_full("Mr Lorenz and the Lorenz Center.") == "Mr Lorenz and the Lorenz Center."
    assert page.in_full("Lorenz’s paper appeared.") == "Edward Norton Lorenz’s paper appeared."
    assert page.in_full("Sudan said no.") == "Sudan said no."


def test_an_author_is_a_person_of_the_page():
    page = _named("Lee recommends that newsrooms meet weekly.", authors=("Pippin Lee",))
    assert page.in_full("Lee recommends that newsrooms meet weekly.") == (
        "Pippin Lee recommends that newsrooms meet weekly."
    )


def _served(studyset, kind):
    return [x for x in getattr(studyset, kind) if not x.withheld]


def test_news_pages_name_one_person_in_full_and_refuse_a_shared_surname(news_pages):
    events = {e.text: e.withheld for e in news_pages.events}
    assert (
        events[
            "In 2016, Marta Ilves led a walkout at the port that lasted eleven days and ended with a pay rise."
        ]
        == ""
    )
    assert events["In 2014, Tamm refused to meet the union for most of the year."] == (
        "context-dependent"
    )
    tamm = [q for q in news_pages.questions if "Tamm refused" in q.prompt]
    assert tamm and {q.withheld for q in tamm} == {"context-dependent"}
    weiss = [q for q in _served(news_pages, "questions") if "Weiss bought" in q.prompt]
    assert [q.prompt for q in weiss] == [
        "Fill in the blank: In _____, Anton Weiss bought the workshop from the family that had"
        " owned it for a century."
    ]


@pytest.mark.parametrize("kind", ["questions", "events", "prompts"])
def test_no_served_item_of_the_web_pages_leaves_a_surname_bare(web_folder, kind):
    by_article = {}
    for article in web_folder.articles:
        texts = [p.text for p in web_folder.passages if p.article == article.id]
        by_article[article.id] = people(texts, article.authors)
    for item in _served(web_folder, kind):
        text = getattr(item, "prompt", None) or item.text
        assert by_article[item.article].in_full(text) == text, text
