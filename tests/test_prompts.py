"""Discussion prompts: the articles' claims as open questions that stand alone."""

from __future__ import annotations

import re

import pytest

from content.curated import load as load_curated
from content.model import Article, GlossaryEntry, Passage, Prompt, Studyset
from content.name_forms import name_forms
from content.prompts import MAX_TEXT, generate


def _studyset(*paragraphs: str) -> Studyset:
    article = Article("a", "On Alliances", (), "a.txt", "0" * 64)
    passages = tuple(Passage(f"a-{i:03d}", "a", i, text) for i, text in enumerate(paragraphs))
    return Studyset(articles=(article,), passages=passages)


def _made(*paragraphs: str, curated: tuple[Prompt, ...] = ()) -> dict[str, str]:
    """Each candidate's text (or, when withheld, the reason) by the passage it came from."""
    return {p.passage: p.withheld or p.text for p in generate(_studyset(*paragraphs), curated)}


def test_a_recommendation_is_weighed_not_asked_yes_or_no():
    (text,) = _made(
        "NATO should publish a clear statement of its vision for the Indo-Pacific."
    ).values()
    assert text == (
        "The article recommends that NATO publish a clear statement of its vision for the "
        "Indo-Pacific. What would it cost or risk, and is it worth it?"
    )
    (needs,) = _by_authors("NATO met Japan. Japan needs to build a joint command with NATO.")
    assert needs.text.startswith(
        "Ashley and Fraser argue that Japan needs to build a joint command with NATO. What would"
    )


def test_a_fact_and_the_writers_inference_from_it_ask_about_the_inference():
    # The treaty's text is not in doubt; "meaning that NATO will never ..." is the argument.
    (made,) = _by_authors(
        "NATO met Japan. Japan limits its forces to defence at home, meaning that "
        "NATO will never be the centre of deterrence in Asia."
    )
    assert made.text.startswith(
        "Ashley and Fraser note that Japan limits its forces to defence at home, and infer "
        "that NATO will never be the centre of deterrence in Asia. How convincing is that "
        "inference?"
    )


def test_a_recommendation_that_commits_to_nothing_is_withheld():
    made = _made("Japan needs to continue to articulate to NATO the concerns it has in Asia.")
    assert list(made.values()) == ["nothing-to-argue"]
    made = _made("NATO should be aware of the views of its members in the east.")
    assert list(made.values()) == ["nothing-to-argue"]


def test_an_argued_claim_is_asked_about_without_the_authors_voice():
    (text,) = _made(
        "Japan met NATO. As a result, we argue that Japan and NATO would benefit from sharing more "
        "information on disinformation campaigns."
    ).values()
    assert text.startswith(
        "How convincing is the article’s claim that Japan and NATO would benefit from sharing "
    )
    assert "we argue" not in text and "As a result" not in text


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        (
            "Both contribute to a high probability of conflict and must be addressed soon by NATO.",
            "context-dependent",
        ),
        (
            "We recommend policy adjustments in three key areas that NATO should consider now.",
            "context-dependent",
        ),
        (
            "There is no consensus on what the role of NATO in the Indo-Pacific should be at all.",
            "not-a-claim",
        ),
        (
            "Abe said: “We must work together. Building on our past efforts, we must act now to secure it.”",
            "mid-quotation",
        ),
        ("Japan should " + "strengthen its ties with many partners and " * 8 + "act.", "too-long"),
        # a headline or a link's title, with no full stop: no sentence of the article
        ("The UK must stay in the EU to have influence on the world stage", "not-a-sentence"),
        # a condition whose terms are in the text before, and a region with no name
        (
            "We argue that once confidence is established, NATO should train Japanese officials.",
            "context-dependent",
        ),
        ("Japan needs to find ways for NATO to cooperate within the region.", "context-dependent"),
        (
            "If coordination becomes a reality, a mechanism will be needed. Resources will need to "
            "be allocated throughout Japan as well.",
            "context-dependent",
        ),
    ],
)
def test_doubtful_claims_are_withheld_with_a_reason(paragraph, reason):
    assert reason in _made(paragraph).values()


def test_a_claim_a_curated_prompt_already_asks_is_withheld():
    curated = Prompt("p-c", "Should NATO publish its vision before acting?", "a", "a-000")
    made = _made("NATO should publish a clear statement of its vision now.", curated=(curated,))
    assert made == {"a-000": "repeats-curated"}


# -- the prompts the build really makes -----------------------------------------------------


def test_served_prompts_are_short_whole_questions(bundled):
    for prompt in bundled.served_prompts:
        text = prompt.text
        assert len(text) <= MAX_TEXT and "…" not in text and "?" in text, text
        assert text.count("“") == text.count("”") and text.count('"') % 2 == 0, text
        assert text[0].isupper() and text[0] not in "”’", text


def test_generated_prompts_stand_alone_and_repeat_no_curated_one(bundled):
    _, curated = load_curated(bundled)
    curated_passages = {p.passage for p in curated}
    generated = [p for p in bundled.served_prompts if p not in curated]
    assert len(generated) >= 5
    forms = name_forms(bundled.passages)
    for prompt in generated:
        assert prompt.passage not in curated_passages, prompt.text
        assert forms.disputed_in(prompt.text) == [], prompt.text
        claim = re.sub(
            r"^(?:How convincing is (?:the )?\S+(?: and \S+)? claim that"
            r"|(?:The )?\S+(?: and \S+)? (?:recommend|argue)s? that) |[?.] What .*$",
            "",
            prompt.text,
        )
        assert not re.match(r"(?i)(this|these|that|both|it|they|but|as a result)\b", claim)
        assert not re.search(r"\b(we|our)\b", prompt.text), prompt.text
        assert not re.search(r"\bthe region\b(?! of)", claim), prompt.text
        # a recommendation is weighed by its cost, never asked as yes or no
        assert not re.match(r"(?:Should|Must|Does|Do|Will|Is|Are) ", prompt.text), prompt.text


def _by_authors(text: str, *glossary: GlossaryEntry) -> list[Prompt]:
    article = Article("a", "On Alliances", ("Ryan Ashley", "Jada Fraser"), "a.txt", "0" * 64)
    passages = (Passage("a-000", "a", 0, text),)
    return generate(Studyset(articles=(article,), passages=passages, glossary=glossary))


def test_a_claim_is_put_as_its_authors_with_acronyms_spelled_out():
    ipcp = GlossaryEntry("IPCP", "Individual Partnership and Cooperation Programme", "a", "a-000")
    (prompt,) = _by_authors(
        "Japan met NATO. As a result, we argue that the IPCP would gain from sharing more "
        "information on disinformation campaigns.",
        ipcp,
    )
    assert prompt.text.startswith(
        "How convincing is Ashley and Fraser’s claim that the Individual Partnership and "
        "Cooperation Programme (IPCP) would gain from sharing"
    )
    # a claim the article reports from someone else is not the authors'
    (reported,) = _by_authors(
        "Japan met Galic. Galic argues that Japan must build a joint command with NATO now."
    )
    assert reported.text.startswith("How convincing is the claim that Galic argues")
    (reported,) = _by_authors("Japan met Galic. Galic says NATO should build a command with Japan.")
    assert reported.text.startswith("How convincing is the claim that Galic says NATO should")


def test_a_heading_run_into_the_text_is_withheld():
    made = _made("Should web editorThe goal of a web editor be to tell stories on the web?")
    assert list(made.values()) in ([], ["broken-text"])
    made = _made("The web editorThe goal should be for editors to build stories on the web.")
    assert list(made.values()) == ["broken-text"]
    # a heading read into a paragraph with a space: a common word capitalised mid-sentence
    made = _made(
        "Changing a newsroom culture Skill diversity needs to change.",
        "Every skill counts. Newsrooms should hire coders from Computer Science departments.",
    )
    assert made["a-000"] == "broken-text"
    assert made["a-001"].startswith("The article recommends that newsrooms hire coders from")


def test_served_prompts_name_whose_claim_and_spell_out_acronyms(bundled):
    expansions = {g.term: g.expansion for g in bundled.glossary}
    authors = {a.id: a.authors for a in bundled.articles}
    _, curated = load_curated(bundled)
    generated = [p for p in bundled.served_prompts if p not in curated]
    for prompt in bundled.served_prompts:
        for term, expansion in expansions.items():
            if re.search(rf"(?<![\w-]){re.escape(term)}\b", prompt.text):
                assert f"{expansion} ({term})" in prompt.text, prompt.text
    recommended = 0
    for prompt in generated:
        # every generated prompt opens on whose argument it is: a sole author in full, the
        # first of two by surname
        names = authors[prompt.article]
        whose = names[0] if len(names) == 1 else names[0].split()[-1]
        assert re.match(rf"(?:How convincing is )?{whose}\b", prompt.text), prompt.text
        recommended += bool(re.search(r" (?:recommend|argue)s? that ", prompt.text))
        if " recommend" in prompt.text or " argue" in prompt.text:
            assert prompt.text.endswith("What would it cost or risk, and is it worth it?")
    assert len(generated) >= 5 and recommended >= 2


def test_every_article_has_a_prompt_and_withheld_ones_say_why(bundled):
    assert {p.article for p in bundled.served_prompts} == {a.id for a in bundled.articles}
    reasons = {p.withheld for p in bundled.prompts if p.withheld}
    assert "context-dependent" in reasons and "repeats-curated" in reasons


def test_a_sole_author_is_named_in_full():
    # "Lee recommends ..." shown alone: who Lee is, only the byline said.
    article = Article("a", "Better Newsrooms", ("Pippin Lee",), "a.txt", "0" * 64)
    passages = (
        Passage("a-000", "a", 0, "Newsrooms met. Editors should review the web each week."),
    )
    (made,) = generate(Studyset(articles=(article,), passages=passages))
    assert made.text.startswith("Pippin Lee recommends that editors review the web each week.")
