"""Acronyms the articles define: 'Reciprocal Access Agreement (RAA)', 'IINA (International ...)'.

The long form is matched letter by letter from its end, in the manner of Schwartz and Hearst
(2003): each letter of the acronym must be found, in order, in the words before the bracket,
and the first letter must start a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from content.model import GlossaryEntry

_LONG_THEN_SHORT = re.compile(r"\(([A-Z][A-Za-z0-9/&.\-]{0,11}?s?)\)")
_SHORT_THEN_LONG = re.compile(r"\b([A-Z][A-Z0-9/&\-]{1,11})\s+\(([A-Za-z][^()]{3,80})\)")
_STOP = re.compile(r"[.;:!?—–(),“”\"]")


@dataclass(frozen=True)
class Definition:
    term: str
    expansion: str


def definitions(text: str) -> list[Definition]:
    """Acronym definitions in `text`, in order of appearance."""
    found: list[tuple[int, Definition]] = []
    for match in _LONG_THEN_SHORT.finditer(text):
        term = match.group(1)
        if not _looks_like_acronym(term):
            continue
        before = _STOP.split(text[: match.start()].rstrip())[-1]
        expansion = _long_form(_letters(term), before)
        if expansion:
            found.append((match.start(), Definition(term, expansion)))
    for match in _SHORT_THEN_LONG.finditer(text):
        term = match.group(1).rsplit("-", 1)[-1]  # "NATO-IP4 (Indo-Pacific 4)": IP4
        inner = match.group(2).strip()
        if _looks_like_acronym(term) and _spells(_letters(term), inner.lower()):
            found.append((match.start(), Definition(term, inner)))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def _looks_like_acronym(term: str) -> bool:
    capitals = sum(1 for c in term if c.isupper())
    return capitals >= 2 and capitals >= len(term.rstrip("s")) * 0.5


def _letters(term: str) -> str:
    """What the long form must spell: 'A2/AD' is 'AAAD' (A squared), 'EDTs' is 'EDT'."""
    term = re.sub(r"([A-Za-z])([2-3])(?![0-9])", lambda m: m.group(1) * int(m.group(2)), term)
    if term.endswith("s") and term[:-1].isupper():
        term = term[:-1]
    return "".join(c for c in term if c.isalnum()).lower()


def _long_form(letters: str, before: str) -> str:
    """The shortest run of words ending `before` that spells `letters`, or ''."""
    words = before.split()
    limit = min(len(letters) + 5, len(letters) * 2)
    for start in range(len(words) - 1, max(-1, len(words) - limit - 1), -1):
        candidate = " ".join(words[start:])
        if candidate[:1].isalnum() and _spells(letters, candidate.lower()):
            return candidate
    return ""


def _spells(letters: str, phrase: str) -> bool:
    """`phrase` starts with the first letter and holds the others in order after it."""
    if not phrase.startswith(letters[:1]):
        return False
    at = len(phrase)
    for letter in reversed(letters[1:]):
        at = phrase.rfind(letter, 1, at)
        if at < 0:
            return False
    return True


def entries(found: list[tuple[Definition, str, str]], corpus: str) -> list[GlossaryEntry]:
    """One entry per term across articles, from (definition, article id, passage id) in order.

    Definitions group by the term's letters (SLOCs is SLOC) and by long form (ESC and ECS both
    spell out East China Sea). Within a group the long form most readings use wins, counted in
    the definitions and then in `corpus`; the term that spells its initials wins, then the most
    used. Every other spelling is kept as a variant, every defining passage as a citation.
    """
    groups: list[list[tuple[Definition, str, str]]] = []
    where: dict[str, int] = {}  # a folded term or long form -> its group
    for item in found:
        keys = (_letters(item[0].term), _fold(item[0].expansion))
        known = {where[k] for k in keys if k in where}
        if not known:
            groups.append([])
            known = {len(groups) - 1}
        into = min(known)
        for other in sorted(known - {into}, reverse=True):
            groups[into] += groups[other]
            groups[other] = []
            where.update((k, into) for k, g in where.items() if g == other)
        groups[into].append(item)
        where.update((k, into) for k in keys)
    out = [_entry(group, corpus.casefold()) for group in groups if group]
    return sorted(_in_full(out), key=lambda e: e.term.casefold())


def _in_full(out: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """'Japan Maritime SDF' -> 'Japan Maritime Self-Defence Force' when another long form spells
    SDF out; the half-expanded form stays a variant. A definition is no place for an acronym."""
    runs = {}  # initials -> the words another long form writes them with
    for entry in out:
        words = entry.expansion.split()
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                run = " ".join(words[i:j])
                runs.setdefault("".join(w[0] for w in re.split(r"[\s-]+", run)).upper(), run)
    fuller = []
    for entry in out:
        expansion = re.sub(
            r"\b[A-Z]{2,}\b", lambda m: runs.get(m.group(0), m.group(0)), entry.expansion
        )
        if expansion != entry.expansion:
            variants = tuple(sorted({*entry.variants, entry.expansion}, key=str.casefold))
            entry = replace(entry, expansion=expansion, variants=variants)
        fuller.append(entry)
    return fuller


def spelled_out(text: str, glossary: Iterable[GlossaryEntry]) -> str:
    """`text` with each glossary acronym it uses bare spelled out at its first use: 'the FEF'
    -> 'the Fleet Escort Force (FEF)', 'the RIMPAC exercise' -> 'the Rim of the Pacific
    Exercise (RIMPAC)' (the next word repeats the long form's last). Not where the long form is
    already there."""
    for entry in glossary:
        last = entry.expansion.split()[-1].casefold()
        bare = re.search(rf"(?<![(\w-]){re.escape(entry.term)}(?![\w)-])(?: (\w+))?", text)
        if bare is None or entry.expansion.casefold() in text.casefold():
            continue
        repeated = (bare.group(1) or "").casefold().rstrip("s") == last.rstrip("s")
        end = bare.end() if repeated else bare.start() + len(entry.term)
        text = f"{text[: bare.start()]}{entry.expansion} ({entry.term}){text[end:]}"
    return text


def _entry(group: list[tuple[Definition, str, str]], corpus: str) -> GlossaryEntry:
    seen = [d for d, _, _ in group]
    expansions = Counter(_fold(d.expansion) for d in seen)
    best = max(expansions, key=lambda e: (expansions[e], corpus.count(e), -_first(seen, e)))
    expansion = _usual(d.expansion for d in seen if _fold(d.expansion) == best)
    terms = Counter(_singular(d.term) for d in seen)
    term = max(
        terms,
        key=lambda t: (_letters(t) in _initials(best), terms[t], -_first_term(seen, t)),
    )
    written = [d.term for d in seen] + [d.expansion for d in seen]
    others = {_fold(w) for w in written} - {_fold(term), _fold(expansion)}
    variants = sorted(
        (_usual(w for w in written if _fold(w) == f) for f in others), key=str.casefold
    )
    return GlossaryEntry(
        term=term,
        expansion=expansion,
        article=group[0][1],
        passage=group[0][2],
        variants=tuple(variants),
        citations=tuple(dict.fromkeys(passage for _, _, passage in group)),
    )


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _singular(term: str) -> str:
    """'SLOCs' -> 'SLOC'; 'EDTs' -> 'EDT'; 'IINA' stays."""
    return term[:-1] if term.endswith("s") and term[:-1].isupper() else term


def _initials(phrase: str) -> set[str]:
    """The acronyms a long form abbreviates to, with and without its small words."""
    words = re.split(r"[\s/-]+", phrase.strip())
    return {
        "".join(w[0] for w in words if w),
        "".join(w[0] for w in words if w and w not in _SMALL_WORDS),
    }


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an"})


def _first(seen: list[Definition], expansion: str) -> int:
    return next(i for i, d in enumerate(seen) if _fold(d.expansion) == expansion)


def _first_term(seen: list[Definition], term: str) -> int:
    return next(i for i, d in enumerate(seen) if _singular(d.term) == term)


def _usual(spellings: Iterable[str]) -> str:
    """The most used spelling; on a tie, the one with more capitals (a proper name), then the
    first."""
    spellings = list(spellings)
    counts = Counter(spellings)
    return max(
        counts,
        key=lambda w: (counts[w], sum(c.isupper() for c in w), -spellings.index(w)),
    )


def covered(term: str, long_form: str) -> str:
    """The words of `long_form` the initials of `term` cover, when a word at either end adds
    none: "Rim of the Pacific Exercise" -> "Rim of the Pacific" for RIMPAC (Rim, Pacific). Each
    covered word gives the start of itself to the acronym ("Rim", "Pac"); small words between
    may give nothing. At least two words stay, so the short form still names the one thing.
    `long_form` itself when every word counts, or the letters do not line up so."""
    letters = _letters(term)
    words = long_form.split()
    for start, end in sorted(
        ((s, e) for s in range(len(words)) for e in range(s + 2, len(words) + 1)),
        key=lambda span: span[0] - span[1],
    ):
        if (start, end) != (0, len(words)) and _spelled_by(letters, words[start:end]):
            return " ".join(words[start:end])
    return long_form


def _spelled_by(letters: str, words: list[str]) -> bool:
    """Each word gives the next letters from its own start, a small word perhaps none, and the
    first and last words at least one."""
    if not letters:
        return not words
    if not words:
        return False
    word, rest = words[0].lower(), words[1:]
    if word in _SMALL_WORDS and rest and _spelled_by(letters, rest):
        return True
    taken = 0
    while taken < min(len(word), len(letters)) and word[taken] == letters[taken]:
        taken += 1
        if _spelled_by(letters[taken:], rest):
            return True
    return False


_SMALL_WORDS = frozenset(["of", "the", "and", "for", "on", "in", "to", "a", "an"])
