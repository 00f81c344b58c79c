import json
from dataclasses import replace

from content.model import Studyset

SMALL = {
    "articles": [
        {
            "id": "a",
            "title": "On Things",
            "authors": ["Ann Author", "Bo Writer", "Cy Third"],
            "source_file": "a.txt",
            "sha256": "0" * 64,
        }
    ],
    "passages": [{"id": "a-000", "article": "a", "index": 0, "text": "Things happened."}],
    "questions": [
        {
            "id": "q-1",
            "kind": "term",
            "prompt": "What happened?",
            "answers": ["Things", "things"],
            "choices": ["Things", "Nothing", "Everything"],
            "article": "a",
            "passage": "a-000",
            "explanation": "It says so.",
            "future_field": 1,
        }
    ],
    "stats": {"passages": 1},
}


def test_round_trip_keeps_sections_and_unknown_top_level_keys(tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    studyset = Studyset.load(path)
    assert studyset.questions[0].answers == ("Things", "things")
    assert studyset.questions[0].answer == "Things"
    out = studyset.to_dict()
    assert out["stats"] == {"passages": 1}
    assert out["passages"] == SMALL["passages"]
    assert "future_field" not in out["questions"][0]


def test_citation_names_title_authors_and_paragraph():
    studyset = Studyset.from_dict(SMALL)
    assert studyset.citation("a-000") == (
        "“On Things” by Ann Author, Bo Writer and Cy Third, paragraph 1"
    )


def test_byline_matches_the_citation_and_is_empty_without_authors():
    studyset = Studyset.from_dict(SMALL)
    article = studyset.articles[0]
    assert article.byline == " by Ann Author, Bo Writer and Cy Third"
    assert article.byline in studyset.citation("a-000")
    assert replace(article, authors=()).byline == ""
