"""Web pages: the real pages in ../shared/corpora/web, and small pages written here."""

from __future__ import annotations

import json

import pytest

from content.build import build
from content.readers import Unreadable, read_folder, webpage
from tests.conftest import SHARED

WEB = SHARED / "corpora" / "web"

# Each page's first and last paragraph of article text, and debris the page puts around or
# inside it (navigation, help, share bars, captions, related links), as a reader sees them.
PAGES = {
    "bbc-1.html": (
        "President Barack Obama has admitted that his failure to pass",
        "Mr Obama will become the first US president to address the African Union",
        ["News navigation", "941 comments", "Media caption", "Read the full transcript"],
    ),
    "guardian-1.html": (
        "Whale whisperer Hori Parata was just seven years old",
        "Our ancestors tell us the strandings are a sign from the sea.",
        ["Skip to main content", "Photograph:", "Hori Parata at his Pātaua farm, the place"],
    ),
    "medium-1.html": (
        "We pushed out the first version of the Open Journalism site in January.",
        "We’re all in this together.",
        ["Sign in / Sign up", "Share on Twitter", "Bookmark"],
    ),
    "nytimes-1.html": (
        "LONDON — After nearly 20 years of hostile relations",
        "had made a “deal with the devil.”",
        ["Continue reading the main story", "Advertisement", "Your profile is public"],
    ),
    "quanta-1.html": (
        "A little over half a century ago, chaos started spilling out",
        "“But you’re not going to be counted that way.”",
        ["Read Later", "reprinted on Wired.com", "The Quanta Newsletter", "Show comments"],
    ),
    "wapo-1.html": (
        "CAIRO — Gunmen opened fire on visitors at Tunisia’s most renowned museum",
        "killed more than 20 people in a car bombing",
        ["Share on Facebook", "Skip Ad", "[Read:", "Read more:", "contributed to this report"],
    ),
}
DEBRIS_ANYWHERE = ["Share via Email", "Keyboard shortcuts", "Skip to", "Sign up", "View Photos"]


@pytest.fixture(scope="module")
def pages() -> dict:
    if not WEB.is_dir():
        pytest.skip(f"the dev pages are not beside the project ({WEB} is missing)")
    return {d.source_file: d for d in read_folder(WEB).documents}


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((WEB / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_dev_page_has_the_title_and_byline_it_states(pages, expected, name):
    document = pages[name]
    assert document.title == expected[name]["title"]
    stated = expected[name]["byline"].removeprefix("By ")
    assert document.authors == (stated,) or document.publisher == stated
    if expected[name]["published"]:
        assert document.published == expected[name]["published"][:10]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_dev_page_text_is_the_article_without_debris(pages, name):
    first, last, debris = PAGES[name]
    paragraphs = pages[name].paragraphs
    assert first in paragraphs[0]
    assert last in paragraphs[-1]
    text = "\n".join(paragraphs)
    assert [d for d in debris + DEBRIS_ANYWHERE if d in text] == []


PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Skip to main content</title>
<meta property="og:title" content="Harbours of the North Sea">
<meta property="og:site_name" content="The Coast Review">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2021-06-02T09:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<header><a href="#main">Skip to main content</a></header>
<article><h1>Harbours of the North Sea</h1>
<p>The port of Rotterdam handled more cargo than any other European port in 2020, and the
authorities said on Wednesday that traffic had grown again in the spring.</p>
<figure><img src="a.jpg" alt="Cranes at the container terminal in the evening light">
<figcaption>Cranes at the container terminal in the evening light</figcaption></figure>
<p>Hamburg, the second largest, moved about 8.5 million containers that year, a fall of
nearly eight per cent on the year before, as trade with Asia slowed.</p>
<p>Antwerp and Bruges merged their port authorities in 2022 to compete with both of them,
after years of talks between the two cities and the Flemish government.</p>
<p>[Read: Why ports are racing to go electric]</p>
</article>
<footer><p>Cookies help us deliver our services. Accept all cookies</p></footer>
</body></html>"""


def test_page_metadata_and_article_text(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (document,) = read_folder(tmp_path).documents
    assert document.title == "Harbours of the North Sea"
    assert (document.authors, document.published, document.publisher) == (
        ("Ann Writer",),
        "2021-06-02",
        "The Coast Review",
    )
    texts = document.paragraphs
    assert texts[0].startswith("The port of Rotterdam") and texts[-1].startswith("Antwerp")
    everything = " ".join(b.text for b in document.blocks)
    for debris in ("Cranes at the", "Cookies", "Home", "Skip to", "[Read:"):
        assert debris not in everything


def test_sources_toml_wins_over_page_metadata(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '["a.html"]\ntitle = "Ports"\nauthors = ["Bo Reader"]\npublished = "2021-06-03"\n',
        encoding="utf-8",
    )
    article = build(tmp_path).studyset.articles[0]
    assert (article.title, article.authors, article.published, article.publisher) == (
        "Ports",
        ("Bo Reader",),
        "2021-06-03",
        "The Coast Review",
    )


def test_page_date_resolves_a_weekday_in_its_events(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    events = build(tmp_path).studyset.events
    # Published on Wednesday 2 June 2021: "on Wednesday" is that day.
    assert ("2021-06-02", "day") in {(e.date, e.precision) for e in events}


def test_page_without_an_article_is_unreadable():
    page = "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    with pytest.raises(Unreadable, match="no article text"):
        webpage.read(page.encode())


def test_a_page_saved_in_its_own_encoding_is_read(tmp_path):
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "Hamburg, the second largest", "Hamburg, the second largest (Hafen, früher)"
    )
    (tmp_path / "a.html").write_bytes(page.encode("cp1252"))
    (document,) = read_folder(tmp_path).documents
    assert any("(Hafen, früher)" in p for p in document.paragraphs)


BOOK_PAGE = """<html><head><title>Installing Rust - The Rust Book</title></head><body>
<header><h1>The Rust Book</h1></header>
<div class="help"><h2>Keyboard shortcuts</h2><p>Press ← or → to navigate between chapters</p></div>
<main><h1>Installing Rust</h1><p>The first step is to install Rust with rustup.</p></main>
</body></html>"""


@pytest.mark.parametrize(
    ("found", "title"),
    [
        ("The Rust Book", "Installing Rust"),  # only the site's part of <title>
        ("Keyboard shortcuts", "Installing Rust"),  # a help box's heading, stated nowhere
        ("Installing Rust", "Installing Rust"),
        ("", "Installing Rust"),
    ],
)
def test_title_is_the_pages_own_not_the_sites_or_a_help_box(found, title):
    stated = webpage._stated_titles(webpage._tree(BOOK_PAGE))
    assert webpage._title(found, *stated) == title


def test_a_title_the_page_states_is_kept_whole():
    page = "<html><head><title>Ports | Ann Lee | Opinion | The Coast</title></head></html>"
    stated = webpage._stated_titles(webpage._tree(page))
    assert webpage._title("Ports | Ann Lee", *stated) == "Ports | Ann Lee"
