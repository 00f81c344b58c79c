"""Discussion prompts: the articles' own claims, put to the group as open questions.

A claim is a sentence that argues ("should", "must", "we argue", "the reality is") rather than
reports. Each article offers its strongest few, framed to invite disagreement, not recall.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from content.model import Prompt, Studyset
from content.sentences import split_sentences

PER_ARTICLE = 2
_CLAIM = re.compile(
    r"\b(we argue|we recommend|we believe|argues? that|the reality is|should|must|needs? to"
    r"|is imperative|is essential|will never|is best understood|is problematic|is primed)\b",
    re.I,
)
_STRONG = re.compile(r"\b(we argue|we recommend|the reality is|will never|is imperative)\b", re.I)
# Reports of what others expect or believe, and conditionals, are not the article's own claims.
_HEDGED = re.compile(r"^(It is anticipated|If |However)|\b(believes?|anticipated|expected)\b", re.I)
_FRAMES = (
    "The article claims: “{claim}” How convincing is this? What would a critic say?",
    "Take a position on this claim and defend it with evidence from the readings: “{claim}”",
    "“{claim}” Is this supported by the evidence in the article, or assumed? Argue your view.",
)


def generate(studyset: Studyset) -> list[Prompt]:
    claims: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for passage in studyset.passages:
        if passage.text.startswith("Note "):
            continue
        for sentence in split_sentences(passage.text):
            if _HEDGED.search(sentence) or "?" in sentence or not 60 <= len(sentence) <= 280:
                continue
            if _CLAIM.search(sentence):
                strength = 0 if _STRONG.search(sentence) else 1
                claims[passage.article].append((strength, passage.id, sentence))
    out = []
    for article in studyset.articles:
        ranked = sorted(claims[article.id], key=lambda c: (c[0], _digest(c[2])))
        for n, (_, passage_id, sentence) in enumerate(ranked[:PER_ARTICLE]):
            text = _frame(sentence, n)
            out.append(Prompt("p-" + _digest(f"{article.id}|{text}"), text, article.id, passage_id))
    return out


def _frame(sentence: str, n: int) -> str:
    return _FRAMES[n % len(_FRAMES)].format(claim=sentence.strip())


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]
