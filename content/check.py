"""`studybot content check`: is a content file well-formed and true to its own passages?

Every problem is reported as one line naming the item, so a hand-edited file can be fixed in
one pass. Checks: each section's fields and types, unique ids, references that resolve, passage
numbering, date formats, no line-break fragments ("Febru ary"), and for served questions: 3-5
choices with exactly one right, the answer written in the cited passage, no prompt giving it
away. `report` counts served and withheld items per kind, reason and article.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from content.events import undated
from content.judge import judge
from content.model import Question, Studyset
from content.vocabulary import Vocabulary

MAX_PASSAGE = 1500
_FIELDS = {
    "articles": {"id": str, "title": str, "authors": list, "source_file": str, "sha256": str},
    "passages": {"id": str, "article": str, "index": int, "text": str},
    "glossary": {"term": str, "expansion": str, "article": str, "passage": str},
    "events": {
        "id": str,
        "date": str,
        "precision": str,
        "text": str,
        "article": str,
        "passage": str,
    },
    "questions": {
        "id": str,
        "kind": str,
        "prompt": str,
        "answers": list,
        "choices": list,
        "article": str,
        "passage": str,
        "explanation": str,
    },
    "prompts": {"id": str, "text": str, "article": str},
}
_DATE = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "day": re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
}


def check_file(path: Path) -> tuple[Studyset | None, list[str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{path}: no such file"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"{path}: not a readable JSON file ({exc})"]
    errors = check_schema(data)
    if errors:
        return None, errors
    studyset = Studyset.from_dict(data)
    return studyset, check_studyset(studyset)


def check_schema(data: object) -> list[str]:
    if not isinstance(data, dict):
        return ["the file must hold a JSON object"]
    errors = []
    for section, fields in _FIELDS.items():
        rows = data.get(section, [])
        if section in ("articles", "passages") and not rows:
            errors.append(f"{section}: missing or empty")
        if not isinstance(rows, list):
            errors.append(f"{section}: must be a list")
            continue
        for n, row in enumerate(rows):
            if not isinstance(row, dict):
                errors.append(f"{section}[{n}]: must be an object")
                continue
            for name, kind in fields.items():
                value = row.get(name)
                if not isinstance(value, kind) or isinstance(value, bool):
                    got = "missing" if name not in row else type(value).__name__
                    errors.append(f"{section}[{n}].{name}: expected {kind.__name__}, got {got}")
    return errors


def check_studyset(s: Studyset) -> list[str]:
    errors: list[str] = []
    for section in ("articles", "passages", "events", "questions", "prompts"):
        ids = Counter(item.id for item in getattr(s, section))
        errors += [f"{section}: id {i!r} used {n} times" for i, n in ids.items() if n > 1]
    errors += _check_passages(s)
    errors += _check_refs(s)
    errors += _check_events(s)
    errors += _check_questions(s)
    vocab = Vocabulary()
    texts = [(f"passage {p.id}", p.text) for p in s.passages]
    texts += [(f"event {e.id}", e.text) for e in s.events]
    texts += [(f"question {q.id}", q.prompt + " " + " ".join(q.choices)) for q in s.questions]
    for where, text in texts:
        errors += [f"{where}: line-break fragment {f!r}" for f in vocab.fragments(text)]
    return errors


def _check_passages(s: Studyset) -> list[str]:
    errors = []
    by_article: dict[str, list[int]] = {}
    for p in s.passages:
        by_article.setdefault(p.article, []).append(p.index)
        if p.id != f"{p.article}-{p.index:03d}":
            errors.append(f"passage {p.id}: id should be {p.article}-{p.index:03d}")
        if not p.text.strip():
            errors.append(f"passage {p.id}: empty text")
        if len(p.text) > MAX_PASSAGE:
            errors.append(f"passage {p.id}: {len(p.text)} characters (at most {MAX_PASSAGE})")
    for article, indexes in by_article.items():
        if indexes != list(range(len(indexes))):
            errors.append(f"article {article}: passage indexes are not 0, 1, 2, ... in order")
    for a in s.articles:
        if a.id not in by_article:
            errors.append(f"article {a.id}: has no passages")
        if not re.fullmatch(r"[0-9a-f]{64}", a.sha256):
            errors.append(f"article {a.id}: sha256 is not 64 hex digits")
        if "/" in a.source_file or "\\" in a.source_file:
            errors.append(f"article {a.id}: source_file must be a bare file name")
    return errors


def _check_refs(s: Studyset) -> list[str]:
    errors = []
    items = [(f"passage {p.id}", p.article, None) for p in s.passages]
    items += [(f"glossary {g.term!r}", g.article, g.passage) for g in s.glossary]
    items += [(f"event {e.id}", e.article, e.passage) for e in s.events]
    items += [(f"question {q.id}", q.article, q.passage) for q in s.questions]
    items += [(f"question {q.id}", None, p) for q in s.questions for p in q.sources]
    items += [(f"prompt {p.id}", p.article, p.passage or None) for p in s.prompts]
    for where, article, passage in items:
        if article is not None and article not in s.article_by_id:
            errors.append(f"{where}: unknown article {article!r}")
        if passage is None:
            continue
        cited = s.passage_by_id.get(passage)
        if cited is None:
            errors.append(f"{where}: unknown passage {passage!r}")
        elif article is not None and cited.article != article:
            errors.append(f"{where}: passage {passage} belongs to {cited.article}, not {article}")
    errors += [f"prompt {p.id}: empty text" for p in s.prompts if not p.text.strip()]
    for g in s.glossary:
        for passage in dict.fromkeys((g.passage, *g.citations)):
            cited = s.passage_by_id.get(passage)
            if cited is None:
                errors.append(f"glossary {g.term!r}: unknown passage {passage!r}")
            elif sum(_has(cited.text, name) for name in g.names()) < 2:
                errors.append(f"glossary {g.term!r}: term or expansion not in passage {passage}")
    terms = Counter(fold for g in s.glossary for fold in {n.casefold() for n in g.names()})
    errors += [f"glossary: {t!r} names more than one entry" for t, n in terms.items() if n > 1]
    return errors


def _glossed(s: Studyset, q: Question) -> bool:
    """The answer is the glossary's long form of a term the cited passage defines: one the
    readings only half expand ("Japan Maritime SDF") is completed there."""
    return any(
        g.expansion == q.answer and q.passage in (g.passage, *g.citations) for g in s.glossary
    )


def _told(s: Studyset, q: Question) -> bool:
    """The answer is what a served event of the cited passage tells, in the words it is shown
    in without its date (a timeline question's choices)."""
    return any(
        e.passage == q.passage and undated(e.text, e.date) == q.answer for e in s.served_events
    )


def _check_events(s: Studyset) -> list[str]:
    errors = []
    for e in s.events:
        pattern = _DATE.get(e.precision)
        if pattern is None:
            errors.append(f"event {e.id}: precision {e.precision!r} is not year/month/day")
        elif not pattern.fullmatch(e.date):
            errors.append(f"event {e.id}: date {e.date!r} does not fit precision {e.precision}")
        if not e.text.strip():
            errors.append(f"event {e.id}: empty text")
    return errors


def _check_questions(s: Studyset) -> list[str]:
    errors = []
    for q in s.questions:
        where = f"question {q.id}"
        if not q.answers or not all(isinstance(a, str) and a.strip() for a in q.answers):
            errors.append(f"{where}: needs at least one non-empty answer")
            continue
        if q.withheld:
            continue  # kept for review, never served: its defects are why
        if q.choices:
            if not 3 <= len(q.choices) <= 5:
                errors.append(f"{where}: {len(q.choices)} choices (needs 3 to 5)")
            right = [c for c in q.choices if any(_same(c, a) for a in q.answers)]
            if len(right) != 1:
                errors.append(f"{where}: {len(right)} right choices (needs exactly 1)")
            if len({_norm(c) for c in q.choices}) != len(q.choices):
                errors.append(f"{where}: repeated choices")
        cited = s.passage_by_id.get(q.passage)
        written = cited is None or _has(cited.text, q.answer)
        if not (written or _glossed(s, q) or _told(s, q)):
            errors.append(f"{where}: answer {q.answer!r} not in passage {q.passage}")
        # Another spelling some reading uses, or one the judge reads as such a form ("Taro Aso",
        # "Self-Defense" for "Self-Defence"), listed so the instructor sees it is right.
        used = [a for a in q.answers if any(_has(p.text, a) for p in s.passages)]
        for variant in q.answers[1:]:
            if variant not in used and not (used and judge(used, variant)):
                errors.append(f"{where}: answer {variant!r} is in no passage")
        errors += [
            f"{where}: the prompt gives away its answer {answer!r}"
            for answer in q.answers
            if _has(q.prompt, answer)
        ]
    return errors


def stats(s: Studyset) -> str:
    """What the bot serves; withheld items are counted apart (`report` says why)."""
    kinds = Counter(q.kind for q in s.served_questions)
    kinds_text = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    withheld = sum(len(items) - len(served) for _, items, served in _generated(s))
    return (
        f"{len(s.articles)} articles, {len(s.passages)} passages, {len(s.glossary)} glossary "
        f"terms; served {len(s.served_questions)} questions ({kinds_text}), "
        f"{len(s.served_events)} events, {len(s.served_prompts)} prompts; withheld {withheld}"
    )


def report(s: Studyset) -> str:
    """Served and withheld items per kind (and per question kind), per reason and per article,
    as plain tables."""
    lines = [f"{'item':<14}{'served':>8}{'withheld':>10}  reasons"]
    lines += [_counted(name, items) for name, items, _ in _generated(s)]
    lines.append("")
    lines.append(f"{'question kind':<14}{'served':>8}{'withheld':>10}  reasons")
    for kind in sorted({q.kind for q in s.questions}):
        lines.append(_counted(kind, [q for q in s.questions if q.kind == kind]))
    lines.append("")
    lines.append(f"{'article':<48}" + "".join(f"{name:>18}" for name, _, _ in _generated(s)))
    for article in s.articles:
        cells = []
        for _, items, served in _generated(s):
            mine = [i for i in items if i.article == article.id]
            shown = sum(1 for i in served if i.article == article.id)
            cells.append(f"{shown} of {len(mine)}".rjust(18))
        lines.append(f"{article.id[:47]:<48}" + "".join(cells))
    return "\n".join(lines)


def _counted(name: str, items) -> str:
    """One row: how many items are served and withheld, and why, the most common reason first."""
    reasons = Counter(item.withheld for item in items if item.withheld)
    why = ", ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])))
    served = sum(1 for item in items if not item.withheld)
    return f"{name:<14}{served:>8}{len(items) - served:>10}  {why}".rstrip()


def _generated(s: Studyset) -> list[tuple[str, tuple, tuple]]:
    return [
        ("questions", s.questions, s.served_questions),
        ("events", s.events, s.served_events),
        ("prompts", s.prompts, s.served_prompts),
    ]


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _has(text: str, part: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(_norm(part))}(?!\w)", _norm(text)) is not None


def question_problems(s: Studyset, q: Question) -> list[str]:
    """The checks above for one question (one written in the chat, say), without its name."""
    named = f"question {q.id}: "
    return [e.removeprefix(named) for e in _check_questions(replace(s, questions=(q,)))]


def written_in(text: str, part: str) -> bool:
    """Whether `part` is written in `text` as whole words, as the checks above read it."""
    return _has(text, part)
