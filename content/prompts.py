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

PER_ARTICLE = 3
_CLAIM = re.compile(
    r"\b(we argue|we recommend|we believe|argues? that|the reality is|should|must|needs? to"
    r"|is imperative|is essential|will never|is best understood|is problematic|is primed)\b",
    re.I,
)
_STRONG = re.compile(r"\b(we argue|we recommend|the reality is|will never|is imperative)\b", re.I)
_FRAMES = (
    "The article claims: “{claim}” How convincing is this? What would a critic say?",
    "Do you agree that {lower}? Use evidence from the readings for and against.",
    "Take a position on this claim and defend it: “{claim}”",
)


def generate(studyset: Studyset) -> list[Prompt]:
    claims: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for passage in studyset.passages:
        if passage.text.startswith("Note "):
            continue
        for sentence in split_sentences(passage.text):
            if 60 <= len(sentence) <= 280 and _CLAIM.search(sentence) and "?" not in sentence:
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
    claim = sentence.rstrip()
    lower = claim.rstrip(".!").lstrip('“"')
    if not lower.startswith(("NATO", "Japan", "I", "ASEAN")) and not lower[:2].isupper():
        lower = lower[:1].lower() + lower[1:]
    return _FRAMES[n % len(_FRAMES)].format(claim=claim, lower=lower)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]
