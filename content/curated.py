"""Hand-written questions and prompts (content/curated/*.json), merged into the build.

Each item names its article by id and its passage by a short quoted `anchor` from the text, so
it survives re-cutting of passages. Items for articles not in this build are left out; an item
whose anchor or answer is not in its article's text is an error, reported with the item.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

from content.check import question_problems, written_in
from content.model import Passage, Prompt, Question, Studyset
from content.readers import SourceError
from content.sentences import split_sentences


class CuratedError(SourceError):
    """A curated item does not match the articles it cites."""


_QUESTION_KEYS = {"article", "anchor", "kind", "prompt", "answers"}
_PROMPT_KEYS = {"article", "anchor", "text"}


def load(studyset: Studyset) -> tuple[list[Question], list[Prompt]]:
    folder = resources.files("content").joinpath("curated")
    questions = [
        _question(studyset, item, f"questions.json[{n}]")
        for n, item in enumerate(_items(folder.joinpath("questions.json"), _QUESTION_KEYS))
        if item["article"] in studyset.article_by_id
    ]
    prompts = [
        _prompt(studyset, item, f"prompts.json[{n}]")
        for n, item in enumerate(_items(folder.joinpath("prompts.json"), _PROMPT_KEYS))
        if item["article"] in studyset.article_by_id
    ]
    return questions, prompts


def _items(path, keys: set[str]) -> list[dict]:
    if not path.is_file():
        return []
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CuratedError(f"curated {path.name}: not valid JSON ({exc})") from None
    if not isinstance(items, list):
        raise CuratedError(f"curated {path.name}: must hold a list of items")
    for n, item in enumerate(items):
        missing = keys - set(item) if isinstance(item, dict) else keys
        if missing:
            raise CuratedError(f"curated {path.name}[{n}]: missing {', '.join(sorted(missing))}")
    return items


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def find_passage(studyset: Studyset, article: str, anchor: str, where: str) -> Passage:
    hits = [
        p for p in studyset.passages if p.article == article and _normal(anchor) in _normal(p.text)
    ]
    if len(hits) != 1:
        found = "not found" if not hits else f"found in {len(hits)} passages"
        raise CuratedError(f"curated {where}: anchor {anchor!r} {found} in article {article}")
    return hits[0]


def _question(studyset: Studyset, item: dict, where: str) -> Question:
    passage = find_passage(studyset, item["article"], item["anchor"], where)
    answers = tuple(item["answers"])
    missing = [a for a in answers if _normal(a) not in _normal(passage.text)]
    if missing:
        raise CuratedError(f"curated {where}: answer {missing[0]!r} is not in {passage.id}")
    return Question(
        id=question_id(item["article"], item["kind"], answers[0], item["prompt"]),
        kind=item["kind"],
        prompt=item["prompt"],
        answers=answers,
        choices=tuple(item.get("choices", ())),
        article=item["article"],
        passage=passage.id,
        explanation=item.get("explanation", ""),
    )


def question_id(article: str, kind: str, answer: str, prompt: str) -> str:
    """Ids hash what a question asks, so the same question keeps its id in every build."""
    return "q-" + hashlib.sha1(f"{article}|{kind}|{answer}|{prompt}".encode()).hexdigest()[:10]


WRITTEN = "added"  # the kind of a question an instructor wrote in the chat


def written_question(
    studyset: Studyset,
    prompt: str,
    answer: str,
    wrong: tuple[str, ...] = (),
    article: str | None = None,
) -> Question:
    """A question an instructor wrote, checked as curated ones are: the answer must be quoted
    from a passage (of `article`, if given), which it then cites; with wrong choices it is
    multiple choice. CuratedError says what to fix."""
    prompt, answer = " ".join(prompt.split()), " ".join(answer.split())
    passages = [
        p for p in studyset.passages if article in (None, p.article) and written_in(p.text, answer)
    ]
    if not passages:
        where = f"article {article}" if article else "the readings"
        raise CuratedError(
            f"The answer “{answer}” is not written in any passage of {where}; "
            "quote it exactly as a reading writes it."
        )
    asked = _words(prompt)
    # several passages write the answer: cite the one whose sentence with the answer shares
    # most words with the prompt (the first such passage on a tie)
    passage = max(passages, key=lambda p: _closeness(p, answer, asked))
    question = Question(
        id=question_id(passage.article, WRITTEN, answer, prompt),
        kind=WRITTEN,
        prompt=prompt,
        answers=(answer,),
        choices=(answer, *wrong) if wrong else (),
        article=passage.article,
        passage=passage.id,
        explanation="",
    )
    problems = question_problems(studyset, question)
    if problems:
        raise CuratedError(f"That question cannot be added: {'; '.join(problems)}.")
    return question


def _closeness(passage: Passage, answer: str, asked: set[str]) -> int:
    """Words a prompt shares with the sentence of `passage` that writes the answer."""
    sentences = [s for s in split_sentences(passage.text) if written_in(s, answer)]
    return max((len(asked & _words(s)) for s in sentences), default=0)


def _words(text: str) -> set[str]:
    """Words that tell sentences apart (longer than three letters)."""
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def _prompt(studyset: Studyset, item: dict, where: str) -> Prompt:
    passage = find_passage(studyset, item["article"], item["anchor"], where)
    digest = hashlib.sha1(f"{item['article']}|{item['text']}".encode()).hexdigest()[:10]
    return Prompt("p-" + digest, item["text"], item["article"], passage.id)
