"""Fact lookup: query understanding, nasty inputs, no-match suggestions, the CLI, the dev set."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from content.lookup import LookupIndex, LookupResult, clean_question
from content.model import BUNDLED, Studyset

# A small studyset written for these tests: each passage holds one fact a test asks for.
PASSAGES = {
    "p-fleet": "In 2024 the navy decided to abolish the Fleet Escort Force and build a Fleet "
    "Surface Force in its place, with new flotillas based in four ports.",
    "p-office": "Paris blocked the plan for a liaison office in the capital, arguing that the "
    "alliance should stay focused on the North Atlantic.",
    "p-korea": "Missile launches by North Korea over the sea of Japan pushed the two "
    "governments to share radar data in real time.",
    "p-defence": "The ministry of defense published a white paper on cyber threats and on "
    "organization of a new command for space.",
    "p-ipcp": "The Individual Partnership and Cooperation Programme set out fields such as "
    "maritime security, disaster relief and training.",
    "p-acronym": "Under the IPCP, staff exchanges began and officers attended exercises "
    "together for the first time.",
    "p-sept": "The attacks of 9/11 were a turning point for cooperation outside the treaty area.",
    "p-chips": "Supply chains for semiconductors became a security question after the "
    "pandemic exposed how few factories made them.",
    "p-plan": "The PLAN operates more ships than any other navy, a fact the white paper stresses.",
    "p-budget": "The government plan doubles the budget over five years, a plan many doubt.",
    "p-review": "Reviews of the Individual Partnership and Cooperation Program (IPCP) are "
    "yearly; each IPCP review lists what was done.",
    "p-clause": "Under Article 9 of the constitution, force is no tool of foreign policy.",
}
GLOSSARY = [
    ("IPCP", "Individual Partnership and Cooperation Programme", "p-ipcp"),
    ("PLAN", "People's Liberation Army Navy", "p-plan"),
    ("IPCP", "Individual Partnership and Cooperation Program", "p-review"),
]
TITLES = {"art-a": "Navies and Alliances", "art-b": "Chips, Drones and Security"}


def _studyset_dict() -> dict:
    ids = list(PASSAGES)
    return {
        "articles": [
            {"id": a, "title": t, "authors": ["A. Writer"], "source_file": f"{a}.txt", "sha256": ""}
            for a, t in TITLES.items()
        ],
        "passages": [
            {"id": pid, "article": "art-a" if i < 5 else "art-b", "index": i, "text": text}
            for i, (pid, text) in enumerate(PASSAGES.items())
        ],
        "glossary": [
            {"term": t, "expansion": e, "article": "art-a", "passage": p} for t, e, p in GLOSSARY
        ],
        "events": [
            {
                "id": "e1",
                "date": "2024",
                "precision": "year",
                "text": "The navy abolishes the Fleet Escort Force",
                "article": "art-a",
                "passage": ids[0],
            }
        ],
    }


@pytest.fixture(scope="module")
def index() -> LookupIndex:
    return LookupIndex(Studyset.from_dict(_studyset_dict()))


@pytest.fixture
def content_file(tmp_path: Path) -> Path:
    path = tmp_path / "studyset.json"
    path.write_text(json.dumps(_studyset_dict()), encoding="utf-8")
    return path


def _top(index: LookupIndex, query: str) -> str | None:
    hits = index.search(query).hits
    return hits[0].passage.id if hits else None


@pytest.mark.parametrize(
    "query",
    [
        "NATO-Japan",
        "what's IPCP?",
        "u.s.",
        'the "fleet escort',
        "fleet AND OR NOT NEAR force",
        "NEAR(fleet force)",
        "flee* ^force",
        "col:fleet {text}: -force +navy",
        "",
        "   ",
        "🚢🚢 navy 🙂",
        "x" * 20_000,
        "fleet " * 5_000,
        "'; DROP TABLE passage; --",
        "\x00\u200b\ufeff",
    ],
)
def test_nasty_inputs_answer_without_error(index: LookupIndex, query: str) -> None:
    result = index.search(query)
    assert isinstance(result, LookupResult)
    assert len(result.hits) <= 3
    assert not (result.hits and result.suggestions)


def test_question_words_are_dropped_and_the_fact_found(index: LookupIndex) -> None:
    assert _top(index, "why did the navy abolish its escort force?") == "p-fleet"
    assert _top(index, "what were the attacks of 9/11 a turning point for") == "p-sept"


def test_a_numbered_article_is_a_clause_not_the_reading(index: LookupIndex) -> None:
    assert _top(index, "article 9") == "p-clause"
    assert _top(index, "what does Article 9 forbid?") == "p-clause"


def test_typo_is_corrected_against_the_vocabulary(index: LookupIndex) -> None:
    result = index.search("fleet escort forse abolished")
    assert "force" in result.corrected.split()
    assert "forse" not in result.corrected
    assert result.hits[0].passage.id == "p-fleet"


def test_swapped_letters_and_run_together_words_are_understood(index: LookupIndex) -> None:
    assert index.search("missile lanuches").corrected == "missile launches"
    result = index.search("whitepaper on space")
    assert result.corrected == "white paper on space"
    assert result.hits[0].passage.id == "p-defence"


def test_unknown_word_takes_a_relative_sharing_its_beginning(index: LookupIndex) -> None:
    result = index.search("governmental radar sharing")
    assert result.corrected.split()[0] in ("government", "governments")
    assert result.hits[0].passage.id == "p-korea"


def test_a_real_word_the_readings_lack_is_not_bent_into_another(index: LookupIndex) -> None:
    # "date" is one edit from the readings' "data", but it is a word in its own right.
    assert index.search("radar date").corrected == "radar date"
    assert index.search("radar daat").corrected == "radar data"


def test_two_words_the_text_writes_as_one(index: LookupIndex) -> None:
    assert _top(index, "semi conductors supply") == "p-chips"


def test_us_is_the_country_unless_a_pronoun(index: LookupIndex) -> None:
    assert [c.alts[0].words for c in index._understand("tell us about radar").concepts] == [
        ("radar",)
    ]
    country = index._understand("U.S. radar").concepts[0]
    assert {("united", "states"), ("u", "s")} <= {a.words for a in country.alts}


def test_empty_studyset_answers_with_nothing() -> None:
    empty = LookupIndex(Studyset.from_dict({"articles": [], "passages": []}))
    assert empty.search("anything at all") == LookupResult([], [], "anything at all")


def test_invisible_and_full_width_characters_are_read_through(index: LookupIndex) -> None:
    result = index.search("es\u200bcort fo\u00adrce ａｂｏｌｉｓｈ")
    assert result.corrected == "escort force abolish"
    assert result.hits[0].passage.id == "p-fleet"


def test_correct_words_and_numbers_are_left_alone(index: LookupIndex) -> None:
    assert index.search("radar data 2024").corrected == "radar data 2024"


def test_acronym_expands_to_its_glossary_expansion(index: LookupIndex) -> None:
    # "p-ipcp" never writes "IPCP"; it is found through the glossary's expansion.
    ids = [h.passage.id for h in index.search("IPCP maritime security").hits]
    assert ids[0] == "p-ipcp"


def test_expansion_contracts_to_its_acronym(index: LookupIndex) -> None:
    # "p-acronym" never spells the programme out; it is found through the acronym.
    ids = [
        h.passage.id
        for h in index.search("individual partnership and cooperation program staff exchanges").hits
    ]
    assert ids[0] == "p-acronym"


def test_a_bare_glossary_term_leads_to_its_definition(index: LookupIndex) -> None:
    # "p-review" defines "IPCP" again and says it twice; "p-ipcp" defines it first.
    assert _top(index, "what is the IPCP?") == "p-ipcp"
    assert _top(index, "IPCP") == "p-ipcp"
    assert _top(index, "what does IPCP stand for?") == "p-ipcp"


def test_acronym_that_is_also_a_word_expands_only_in_capitals(index: LookupIndex) -> None:
    assert _top(index, "PLAN ships") == "p-plan"
    assert _top(index, "the government plan budget") == "p-budget"


def test_capital_stands_for_its_country_and_synonyms_bridge(index: LookupIndex) -> None:
    assert _top(index, "pyongyang missile launches") == "p-korea"
    assert _top(index, "france vetoed the liaison office") == "p-office"
    assert _top(index, "chip supply chains") == "p-chips"


def test_british_spelling_meets_american_text(index: LookupIndex) -> None:
    assert _top(index, "ministry of defence organisation white paper") == "p-defence"


def test_nothing_good_gives_suggestions_not_a_weak_passage(index: LookupIndex) -> None:
    result = index.search("recipes for pizza dough")
    assert result.hits == []
    choices = {f"{t} ({e})" for t, e, _ in GLOSSARY} | set(TITLES.values())
    assert result.suggestions and set(result.suggestions) <= choices


def test_suggestions_are_the_closest_terms(index: LookupIndex) -> None:
    result = index.search("liberation army of the people")
    if result.hits:  # a passage may be good enough; then the glossary passage leads
        assert result.hits[0].passage.id == "p-plan"
    else:
        assert result.suggestions[0].startswith("PLAN")


def test_k_limits_hits_and_hits_come_best_first(index: LookupIndex) -> None:
    hits = index.search("navy fleet ships white paper", k=2).hits
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score
    assert index.search("navy", k=0).hits == []


# -- the CLI -----------------------------------------------------------------------------


def test_cli_prints_passage_with_citation(content_file: Path, capsys) -> None:
    assert main(["lookup", "--content", str(content_file), "escort", "forse"]) == 0
    out = capsys.readouterr().out
    assert "(searching for: escort force)" in out
    assert "“Navies and Alliances” by A. Writer, paragraph 1" in out
    assert "Fleet Surface Force" in out


def test_cli_no_match_exits_1_with_suggestions(content_file: Path, capsys) -> None:
    assert main(["lookup", "--content", str(content_file), "pizza", "dough"]) == 1
    out = capsys.readouterr().out
    assert "No passage in the readings answers that well." in out
    assert "Perhaps you mean:" in out


def test_cli_json(content_file: Path, capsys) -> None:
    assert main(["lookup", "--content", str(content_file), "--json", "-k", "1", "9/11"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [h["passage"] for h in data["hits"]] == ["p-sept"]
    assert data["hits"][0]["citation"].endswith("paragraph 7")


def test_cli_jsonl_one_line_per_question(content_file: Path, capsys, monkeypatch) -> None:
    lines = ['{"q": "escort force abolished"}', "not json", "", '{"q": "pizza dough"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["lookup", "--content", str(content_file), "--jsonl", "-k", "2"]) == 2
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 3
    assert out[0]["q"] == "escort force abolished"
    assert out[0]["hits"][0]["passage"] == "p-fleet"
    assert set(out[0]["hits"][0]) == {"article", "passage", "text", "score"}
    assert "error" in out[1] and out[1]["hits"] == []
    assert out[2]["hits"] == [] and out[2]["suggestions"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lookup", "--content", "/nonexistent/studyset.json", "navy"], "no content file"),
        (["lookup", "--content", "{bad}", "navy"], "no content file"),
        (["lookup", "--jsonl", "navy"], "give no QUERY"),
        (["lookup"], "give a question"),
    ],
)
def test_cli_mistakes_are_short_messages(argv, message, capsys) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_unreadable_content(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["lookup", "--content", str(bad), "navy"]) == 2
    assert "cannot read content file" in capsys.readouterr().err


# -- the dev set on the bundled content --------------------------------------------------


def _normalised(text: str) -> str:
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_dev_set_targets_on_bundled_content(shared_dir: Path) -> None:
    if not BUNDLED.is_file():
        pytest.skip(f"no bundled content yet ({BUNDLED} is missing)")
    index = LookupIndex(Studyset.load(BUNDLED))
    items = [json.loads(line) for line in (shared_dir / "lookup_dev.jsonl").open(encoding="utf-8")]
    top1 = top3 = 0
    for item in items:
        gold = [_normalised(g) for g in item["gold"]]
        found = [
            any(g in _normalised(h.passage.text[:1200]) for g in gold)
            for h in index.search(item["q"], k=3).hits
        ]
        top1 += bool(found and found[0])
        top3 += any(found)
    assert top1 / len(items) >= 0.90, f"top-1 {top1}/{len(items)}"
    assert top3 / len(items) >= 0.97, f"top-3 {top3}/{len(items)}"


@pytest.mark.parametrize(
    "noisy",
    [
        "@everyone what is the IPCP",
        "<@123> <@&9> what is the **IPCP**? <:wave:789> <a:dance:7>",
        "<@U0ADA> <#C1|general> <!here> what is the `IPCP` :smile: https://example.org/x",
    ],
)
def test_chat_markup_is_not_part_of_the_question(index, noisy):
    assert "everyone" not in clean_question(noisy) and "IPCP" in clean_question(noisy)
    assert _top(index, noisy) == _top(index, "what is the IPCP") == "p-ipcp"


def test_clean_question_keeps_a_markdown_links_text_and_plain_words():
    assert clean_question("<@!1> see [the IPCP](https://x.y)  now") == "see the IPCP now"
    assert clean_question("mail a@b.org at 10:30") == "mail a@b.org at 10:30"


def test_an_author_or_a_title_word_names_the_article():
    def article(aid: str, title: str, author: str, text: str) -> tuple[dict, dict]:
        return (
            {"id": aid, "title": title, "authors": [author], "source_file": "", "sha256": ""},
            {"id": f"{aid}-0", "article": aid, "index": 0, "text": text},
        )

    north = article("north", "Harbours of the North", "Ana Moreau", "The port office was closed.")
    south = article("south", "Quays and Cranes", "Ben Okafor", "The port office was opened.")
    studyset = Studyset.from_dict(
        {"articles": [north[0], south[0]], "passages": [north[1], south[1]]}
    )
    index = LookupIndex(studyset)
    assert _top(index, "what does Okafor say about the port office") == "south-0"
    assert _top(index, "what does Moreau say about the port office") == "north-0"
    assert _top(index, "the port office in the cranes paper") == "south-0"
