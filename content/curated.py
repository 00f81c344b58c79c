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

from content.model import Passage, Prompt, Question, Studyset
from content.readers import SourceError


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
    key = f"{item['article']}|{item['kind']}|{answers[0]}|{item['prompt']}"
    return Question(
        id="q-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        kind=item["kind"],
        prompt=item["prompt"],
        answers=answers,
        choices=tuple(item.get("choices", ())),
        article=item["article"],
        passage=passage.id,
        explanation=item.get("explanation", ""),
    )


def _prompt(studyset: Studyset, item: dict, where: str) -> Prompt:
    passage = find_passage(studyset, item["article"], item["anchor"], where)
    digest = hashlib.sha1(f"{item['article']}|{item['text']}".encode()).hexdigest()[:10]
    return Prompt("p-" + digest, item["text"], item["article"], passage.id)
