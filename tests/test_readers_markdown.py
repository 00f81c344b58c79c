"""Markdown: structure from the parser; wrapped paragraphs whole; code never a study item."""

from __future__ import annotations

from content.build import build
from content.readers import markdown
from content.readers.document import CODE, HEADING, ITEM, PARAGRAPH, QUOTE, TABLE

NOTES = """---
title: "Managing Python Versions"
authors: [Ann Writer, Bo Reader]
date: 2021-03-04
---

# Managing Python Versions

pyenv lets you change the global Python version on a per-user basis. It
also allows you to override the Python version with an environment variable.
The approach works by adding a directory to your `PATH`, which was first
released in 2012.

## How it works

- Shims intercept the **python** command you type.
- pyenv then decides which version to run.
- Short

> Simplicity is the ultimate sophistication, as one engineer wrote in 2014.

```sh
# Released on 24 February 2022, the installer was rewritten in 2019.
curl https://pyenv.run | bash
```

    +--------+     +---------+
    |  shim  | --> | version |   drawn in 1999
    +--------+     +---------+

| Version | Released |
|---------|----------|
| 3.11    | 2022     |
"""


def test_blocks_have_their_kind():
    found = markdown.read(NOTES.encode())
    kinds = [(b.kind, b.text[:20]) for b in found.blocks]
    assert kinds == [
        (HEADING, "Managing Python Vers"),
        (PARAGRAPH, "pyenv lets you chang"),
        (HEADING, "How it works"),
        (ITEM, "Shims intercept the "),
        (ITEM, "pyenv then decides w"),
        (ITEM, "Short"),
        (QUOTE, "Simplicity is the ul"),
        (CODE, "# Released on 24 Feb"),
        (CODE, "+--------+     +----"),
        (TABLE, "Version | Released"),
        (TABLE, "3.11 | 2022"),
    ]


def test_front_matter_gives_title_authors_and_date():
    found = markdown.read(NOTES.encode())
    assert (found.title, found.authors, found.published) == (
        "Managing Python Versions",
        ("Ann Writer", "Bo Reader"),
        "2021-03-04",
    )


def test_front_matter_as_dash_list_and_first_heading_as_title():
    text = "---\nauthor:\n  - 'Cy Writer'\n---\nNo heading here at all.\n\n# Later\n"
    found = markdown.read(text.encode())
    assert (found.title, found.authors) == ("Later", ("Cy Writer",))


def test_hard_wrapped_paragraph_stays_whole_and_in_order(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    passages = [p.text for p in build(tmp_path).studyset.passages]
    assert passages[0] == (
        "pyenv lets you change the global Python version on a per-user basis. It also allows "
        "you to override the Python version with an environment variable. The approach works "
        "by adding a directory to your PATH, which was first released in 2012."
    )
    assert "Shims intercept the python command you type." in passages
    assert "Short" not in passages  # a list item of one word is not study material


def test_code_and_tables_never_become_passages_questions_or_events(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    s = build(tmp_path).studyset
    items = [p.text for p in s.passages] + [e.text for e in s.events]
    items += [q.prompt for q in s.questions] + [p.text for p in s.prompts]
    for code in ("curl", "installer", "shim  |", "drawn in 1999", "3.11"):
        assert not any(code in text for text in items), code
    assert {e.date for e in s.events} == {"2012", "2014"}
