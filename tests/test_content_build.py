"""The build: determinism, the committed file, the contract's targets, and bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.cli import main
from content.build import build, build_file, slug
from content.events import undated
from content.model import BUNDLED, Studyset
from content.readers import SourceError

ARTICLE_ONE = """On Alliances

In 2014, NATO and Japan entered into an Individual Partnership and Cooperation Program (IPCP).
The programme was revised in 2018 to reflect a free and open order in Tokyo, as Prime Minister Fumio Kishida later said.
"""
ARTICLE_TWO = """On Navies

Japan established the Fleet Escort Force (FEF) in 1961 with four escort flotillas in Yokosuka.
The Mine Warfare Force (MWF) was founded in Kure, and in 2024 both were to be replaced.
"""
ARTICLE_THREE = """On Summits

On 24 February 2022 Russia invaded Ukraine, and in July 2023 the summit met in Vilnius.
French President Emmanuel Macron opposed an office in Tokyo in 2023.
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- the real articles ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[Path, Studyset]:
    from tests.conftest import ARTICLES

    if not ARTICLES.is_dir():
        pytest.skip(f"the real articles are not beside the project ({ARTICLES} is missing)")
    out = tmp_path_factory.mktemp("real") / "studyset.json"
    return out, build_file(ARTICLES, out).studyset


def test_two_builds_are_byte_identical_wherever_the_folder_is(real, tmp_path, articles_dir):
    first, _ = real
    copy = shutil.copytree(articles_dir, tmp_path / "elsewhere" / "articles")
    out = tmp_path / "second.json"
    spelled = Path(os.path.relpath(copy, Path.cwd())).parent / ".." / "elsewhere" / "articles"
    build_file(spelled, out)
    assert out.read_bytes() == first.read_bytes()
    assert str(tmp_path) not in out.read_text(encoding="utf-8")


def test_build_does_not_depend_on_hash_order(real, tmp_path, articles_dir):
    """Sets iterate in a per-process order; a build in another process must match byte for byte."""
    first, _ = real
    out = tmp_path / "other.json"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from content.build import build_file; build_file(sys.argv[1], sys.argv[2])"
    subprocess.run([sys.executable, "-c", code, str(articles_dir), str(out)], env=env, check=True)
    assert out.read_bytes() == first.read_bytes()


def test_committed_studyset_is_a_fresh_build(real):
    first, _ = real
    assert BUNDLED.read_bytes() == first.read_bytes(), (
        "content/studyset.json is stale: run `studybot content build ../shared/articles`"
    )


def test_real_build_meets_the_targets(real):
    _, s = real
    assert len(s.articles) == 5
    per_article = Counter(q.article for q in s.served_questions)
    # Issue 10's 60 with the curated ten; quality first (see test_question_quality).
    assert len(s.served_questions) >= 58
    assert all(per_article[a.id] >= 7 for a in s.articles), per_article
    assert len({q.kind for q in s.served_questions}) >= 5
    assert len(s.prompts) >= 10
    assert {p.article for p in s.prompts} == {a.id for a in s.articles}
    assert all(len(q.id) <= 20 and q.id.startswith("q-") for q in s.questions)
    assert all(p.id.startswith("p-") for p in s.prompts)
    assert max(len(p.text) for p in s.passages) <= 1300
    assert s.article_by_id["natos-indo-pacific-strategy-needs-japan"].source_file == (
        "000_cb1f527f88edbe62.txt"
    )


def test_real_glossary_has_the_defined_acronyms(real):
    _, s = real
    glossary = {(g.term, g.expansion) for g in s.glossary}
    assert ("ITPP", "Individually Tailored Partnership Programme") in glossary
    assert ("A2/AD", "anti-access / area denial") in glossary
    assert ("SLOC", "sea lines of communication") in glossary
    assert ("UNCLOS", "United Nations Convention on the Law of the Sea") in glossary


def test_real_events_are_real_dates(real):
    _, s = real
    dates = {(e.date, e.precision) for e in s.events}
    for expected in [
        ("2022-02-24", "day"),
        ("2023-07-11", "day"),
        ("2024-06-13", "day"),
        ("2025-03-28", "day"),
        ("2022-11", "month"),
        ("2014", "year"),
    ]:
        assert expected in dates
    years = {int(e.date[:4]) for e in s.events}
    assert min(years) >= 1900 and max(years) <= 2025
    assert not any(e.date.startswith("2026") for e in s.events)  # "2023–2026" is a span
    assert all(s.passage_by_id[e.passage].article == e.article for e in s.events)


def test_questions_cite_passages_that_hold_their_answers(real):
    _, s = real
    # or the glossary's long form of a term the passage defines, completed from another entry
    # ("Japan Maritime SDF" -> "Japan Maritime Self-Defence Force")
    completed = {(g.expansion, p) for g in s.glossary for p in (g.passage, *g.citations)}
    # or what a served event of the passage tells, shown without its date (a timeline choice)
    completed |= {(undated(e.text, e.date), e.passage) for e in s.served_events}
    for q in s.served_questions:
        passage = s.passage_by_id[q.passage].text.lower()
        held = q.answer.lower().replace("’", "'") in passage.replace("’", "'")
        assert held or (q.answer, q.passage) in completed, q.prompt
        assert q.answer.lower() not in q.prompt.lower()
        if q.choices:
            assert 3 <= len(q.choices) <= 5 and q.choices.count(q.answer) == 1


# -- small folders --------------------------------------------------------------------------


def test_adding_an_article_keeps_existing_ids(tmp_path):
    two = build(write(tmp_path / "two", {"a.txt": ARTICLE_ONE, "b.txt": ARTICLE_TWO})).studyset
    three = build(
        write(
            tmp_path / "three", {"a.txt": ARTICLE_ONE, "b.txt": ARTICLE_TWO, "c.txt": ARTICLE_THREE}
        )
    ).studyset
    assert two.questions, "the small articles should give questions"
    assert {q.id for q in two.questions} <= {q.id for q in three.questions}
    assert {e.id for e in two.events} <= {e.id for e in three.events}
    assert {a.id for a in two.articles} == {"on-alliances", "on-navies"}


def test_title_is_inferred_from_the_first_line_without_sources_toml(tmp_path):
    s = build(write(tmp_path, {"a.txt": ARTICLE_ONE})).studyset
    assert s.articles[0].title == "On Alliances"
    assert s.passages[0].id == "on-alliances-000"
    assert not s.passages[0].text.startswith("On Alliances")


def test_sources_toml_gives_title_and_authors(tmp_path):
    folder = write(tmp_path, {"a.txt": ARTICLE_ONE})
    (folder / "sources.toml").write_text(
        '["a.txt"]\ntitle = "Alliances: A Study"\nauthors = ["Ann Writer"]\n', encoding="utf-8"
    )
    article = build(folder).studyset.articles[0]
    assert (article.title, article.authors, article.id) == (
        "Alliances: A Study",
        ("Ann Writer",),
        "alliances-a-study",
    )


def test_a_publication_date_not_in_iso_form_still_builds(tmp_path):
    # a report's day is compared with its publication date; "2015/03/20" is no ISO date
    text = "Harbour News\n\nIt rained on 18 March 2015, the harbour master said.\n"
    folder = write(tmp_path, {"a.txt": text})
    (folder / "sources.toml").write_text('["a.txt"]\npublished = "2015/03/20"\n')
    events = build(folder).studyset.events
    assert [e.date for e in events] == ["2015-03-18"]


def test_duplicate_titles_get_distinct_ids(tmp_path):
    s = build(write(tmp_path, {"a.txt": ARTICLE_ONE, "b.txt": ARTICLE_ONE})).studyset
    assert [a.id for a in s.articles] == ["on-alliances", "on-alliances-2"]
    assert len({q.id for q in s.questions}) == len(s.questions)


def test_article_with_no_usable_paragraphs_is_warned_and_skipped(tmp_path):
    folder = write(
        tmp_path, {"a.txt": ARTICLE_ONE, "b.txt": "Only A Title\n\nView all posts\nAnn Writer\n"}
    )
    report = build(folder)
    assert [a.source_file for a in report.studyset.articles] == ["a.txt"]
    assert [str(s) for s in report.skipped] == ["b.txt: no usable paragraphs"]


def test_html_and_markdown_are_read(tmp_path):
    html = (
        "<html><head><title>x</title><style>p{}</style></head><body><h1>On Ports</h1>"
        "<p>In 2020, Japan and Australia signed the Reciprocal Access Agreement (RAA).</p>"
        "<nav>Share this</nav></body></html>"
    )
    markdown = (
        "# On Maps\n\nThe **South China Sea** (SCS) was [mapped](http://x.y) in 1995 by a team.\n"
    )
    s = build(write(tmp_path, {"a.html": html, "b.md": markdown})).studyset
    assert [a.title for a in s.articles] == ["On Ports", "On Maps"]
    assert {g.term for g in s.glossary} == {"RAA", "SCS"}
    assert "Share this" not in json.dumps(s.to_dict())
    assert "The South China Sea (SCS) was mapped in 1995 by a team." in [p.text for p in s.passages]


def test_slugs_are_short_and_stable():
    assert slug("Special Report: NATO’s Indo-Pacific Strategy Needs Japan") == (
        "natos-indo-pacific-strategy-needs-japan"
    )
    assert slug("Smoke or Substance? NATO-Japanese Cooperation") == "smoke-or-substance"
    assert len(slug("word " * 40)) <= 48


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "no such folder"),
        ({}, "no article files"),
        ({"notes.csv": "a,b"}, "no article files"),
    ],
)
def test_missing_or_empty_folder_is_an_error(tmp_path, files, message):
    folder = tmp_path / "articles"
    if files is not None:
        write(folder, files)
    with pytest.raises(SourceError, match=message):
        build(folder)


def test_cli_build_then_check(tmp_path, capsys):
    folder = write(tmp_path / "articles", {"a.txt": ARTICLE_ONE, "b.txt": ARTICLE_TWO})
    out = tmp_path / "out" / "set.json"
    assert main(["content", "build", str(folder), "-o", str(out)]) == 0
    assert "2 articles" in capsys.readouterr().out
    assert main(["content", "check", str(out)]) == 0
    assert "ok" in capsys.readouterr().out
