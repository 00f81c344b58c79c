"""Discussion prompts: the articles' own claims, put to the group as open questions.

A claim is a sentence that argues ("should", "must", "we argue", "the reality is") rather than
reports. Every claim becomes a candidate; one that needs its context, quotes or is quoted,
is too long for a chat question, or says what a hand-written prompt already asks is kept but
withheld, with the reason. Each article serves its strongest few.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace

from content import authors
from content.glossary import spelled_out
from content.model import Prompt, Studyset
from content.people import People, people_of
from content.sentences import split_sentences
from content.standalone import quote_open, quotes_balanced, standalone, unanchored

PER_ARTICLE = 3
MAX_TEXT = 300  # characters: a question a group can take in at a glance
_CLAIM = re.compile(
    r"\b(we argue|we recommend|we believe|argues? that|the reality is|should|must|needs? to"
    r"|is imperative|is essential|will never|is best understood|is problematic|is primed)\b",
    re.I,
)
_STRONG = re.compile(r"\b(we argue|we recommend|the reality is|will never|is imperative)\b", re.I)
# Reports of what others expect or believe, and conditionals, are not the article's own claims.
_HEDGED = re.compile(r"^(It is anticipated|If |However)|\b(believes?|anticipated|expected)\b", re.I)
# "There is no consensus on what NATO should be": a modal inside a reported question.
_EMBEDDED = re.compile(r"\b(what|how|whether|which|who|where)\b[^,;]*\b(should|must|needs? to)\b")
# "We argue that X" asks about X.
_REPORTING = re.compile(
    r"^(?:.*?,\s+)?(?:we|the authors?|the article)\s+(?:argue|believe|contend)s? that\s+"
    r"|^The reality is that\s+",
    re.I,
)
# "NATO should publish ...": a short subject before the modal can be asked about directly.
_MODAL = re.compile(
    r"^(?P<subject>[A-Z][^,;:“”\"]{1,70}?) (?P<modal>should|must|needs to|need to|will never)"
    r" (?P<rest>(?!not\b)[^;:]+?)\.?$"
)
# A subject with a verb of its own, or one that starts with a preposition ("At the forefront
# of ... should be"), is not a subject the modal can be moved in front of.
_SUBJECT_VERBS = re.compile(
    r"\b(is|are|was|were|has|have|that|which|who|will|would|can|could|may|might|also)\b"
    r"|^(At|In|On|For|With|From|By|To|Once|When|If|As|Contrary|Unlike|Through|Instead|Rather"
    r"|Still|Then|Now|So|Thus|Here|There)\b"
)
# The authors speaking ("we recommend"), and "this role", "these challenges" inside the claim:
# a prompt shown alone cannot lean on either.
_AUTHORS = re.compile(r"\b(we|our|us)\b", re.I)
# "the region" with no name, and a claim that opens on a condition ("once confidence is
# established, ..."): what they refer to is in the text before.
_POINTING = re.compile(
    r"\b(this|these|those)\s+(?!is\b|are\b|was\b|were\b)[a-z]|\bthe region\b(?! of\b)"
    r"|^(?:once|when|if|until|unless|after|before|as soon as)\b",
    re.I,
)
# The last sentence before opens on a condition.
_CONDITION = re.compile(r"(?:^|[.!?]\s+)(?:If|Once|When|Unless|Until)\b[^.!?]*[.!?]\s*$")
_FOLLOW_UPS = (
    "What would a critic say?",
    "Argue your view from the readings.",
    "What evidence in the readings supports or undercuts it?",
)
# "Should Japan keep telling NATO its concerns?" has one answer: a recommendation is weighed by
# what it would cost, not asked as yes or no.
_WEIGHED = "What would it cost or risk, and is it worth it?"
# Carrying on, saying, knowing or heeding commits to nothing a class could argue against.
_NOTHING_TO_ARGUE = re.compile(
    r"^(?:continue|keep|remain|stay|articulate|communicate|express|explain|discuss|listen"
    r"|learn|understand|acknowledge|remember|pay attention|be (?:aware|mindful|open|ready))\b"
)


def generate(
    studyset: Studyset, curated: list[Prompt] = (), named: dict[str, People] | None = None
) -> list[Prompt]:
    """Every candidate, served ones first within each article, withheld ones with a reason;
    `named` is each article's people (`people_of`), when known."""
    texts = [p.text for p in studyset.passages]
    # Passages joined by a line break: one ending without a full stop starts no name after it.
    capitalised = Counter(re.findall(r"(?<=[a-z,;] )[A-Z][\w’'-]+", "\n".join(texts)))
    names = set(capitalised)
    lower = set(re.findall(r"\b[a-z]+\b", "\n".join(texts)))
    # Words most passages use ("Japan", "NATO") say nothing about which question is asked.
    passages_using = Counter(w for t in texts for w in _words(t))
    frequent = {w for w, n in passages_using.items() if n * 4 >= len(texts)}
    taken = {p.passage for p in curated if p.passage}
    asked = [_words(p.text) - frequent for p in curated]
    candidates: dict[str, list[tuple[tuple, Prompt]]] = defaultdict(list)
    who = {a.id: authors.who(a, full=True) for a in studyset.articles}
    named = named or people_of(studyset.articles, studyset.passages)
    for passage in studyset.passages:
        if passage.is_note:
            continue
        sentences = split_sentences(passage.text)
        for n, sentence in enumerate(sentences):
            if not _CLAIM.search(sentence) or _HEDGED.search(sentence) or "?" in sentence:
                continue
            before = " ".join(sentences[:n])
            claim, text, reason = _question(
                sentence, before, names, who[passage.article], named[passage.article]
            )
            if n == 0 and _heading_run_in(sentence, capitalised, lower):
                claim, text, reason = sentence, sentence, "broken-text"
            # Shown alone in a channel: an acronym is spelled out at its first use.
            text = spelled_out(text, studyset.glossary)
            if not reason and len(text) > MAX_TEXT:
                reason = "too-long"
            repeats = _repeats(_words(claim) - frequent, asked)
            if not reason and (passage.id in taken or repeats):
                reason = "repeats-curated"
            # Strong claims first, then those with the most to discuss, then the shortest.
            substance = min(len(_words(claim) - frequent), 10)
            rank = (0 if _STRONG.search(sentence) else 1, -substance, len(text), _digest(text))
            key = "p-" + _digest(f"{passage.article}|{text}")
            prompt = Prompt(key, text, passage.article, passage.id, reason)
            candidates[passage.article].append((rank, prompt))
    out = []
    for article in studyset.articles:
        ranked = sorted(candidates[article.id], key=lambda c: (bool(c[1].withheld), c[0]))
        for n, (_, prompt) in enumerate(ranked):
            if n >= PER_ARTICLE and not prompt.withheld:
                prompt = replace(prompt, withheld="surplus")
            out.append(prompt)
    return out


def _question(
    sentence: str,
    before: str,
    names: set[str],
    who: str = "the article",
    named: People | None = None,
) -> tuple[str, str, str]:
    """The claim, worded as an open question that says whose it is, and why it may not be
    served ('' when it may). `who` is the article's authors as `content.authors.who` names them;
    `named` its people, to name in full one the claim gives by surname."""
    if quote_open(before) or sentence[:1].islower() or sentence[:1] in "”’":
        return sentence, sentence, "mid-quotation"
    if not re.search(r"[.!?][”’\"]?$", sentence):
        return sentence, sentence, "not-a-sentence"  # a headline or a link's title
    if _GLUED.search(sentence):
        return sentence, sentence, "broken-text"
    if not quotes_balanced(sentence):
        return sentence, sentence, "unbalanced-quotes"
    claim = standalone(sentence, before)
    claim = claim and named.in_full(claim) if named else claim
    if claim is None:
        return sentence, sentence, "context-dependent"
    if _EMBEDDED.search(claim) and not _REPORTING.match(claim):
        return claim, sentence, "not-a-claim"
    # "also" and "as well" point at what the article said before; the claim stands without them,
    # unless what came before was a condition ("If X, ... Resources will need to ... as well").
    claim = _REPORTING.sub("", claim, count=1).rstrip(" .")
    adding = re.compile(r"(?<!\bbut) also\b| as well$")
    if adding.search(claim) and _CONDITION.search(before):
        return claim, sentence, "context-dependent"
    claim = adding.sub("", claim)
    if (
        _AUTHORS.search(claim)
        or _POINTING.search(claim)
        or unanchored(claim)
        or standalone(claim) != claim[:1].upper() + claim[1:]
    ):
        return claim, sentence, "context-dependent"
    modal = _MODAL.match(claim)
    subject = modal["subject"] if modal else ""
    # "Galic says NATO should ...": another's recommendation, not the authors'.
    recommends = modal and modal["modal"] != "will never" and not _OTHERS.search(subject)
    if recommends and not _SUBJECT_VERBS.search(subject):
        if _NOTHING_TO_ARGUE.match(modal["rest"]):
            return claim, sentence, "nothing-to-argue"
        text = f"{_recommended(modal, names, who)} {_WEIGHED}"
    else:
        follow_up = _FOLLOW_UPS[int(_digest(claim), 16) % len(_FOLLOW_UPS)]
        # "Kuwahara argues that ...": another's claim the article reports names whose it is.
        whose = "the" if _OTHERS.search(claim) else authors.possessive(who)
        text = f"How convincing is {whose} claim that {_lowered(claim, names)}? {follow_up}"
        inferred = _INFERRED.match(claim)
        if inferred and whose != "the":
            # "X, meaning that Y": the fact X is not in doubt, the writer's inference Y is.
            s = "" if _plural(who) else "s"
            fact, inference = _lowered(inferred["fact"], names), inferred["inference"]
            text = (
                f"{who[:1].upper()}{who[1:]} note{s} that {fact}, and infer{s} that {inference}."
                f" How convincing is that inference? {follow_up}"
            )
    return claim, text, "too-long" if len(text) > MAX_TEXT else ""


# "web (interactive) editorThe goal of ...": a heading run into the text when the page was read.
_GLUED = re.compile(r"\b[a-z]{3,}[A-Z][a-z]+")
# A claim that reports someone else's: "X argues that", "as Y writes".
_OTHERS = re.compile(r"\b(?:argues?|says?|writes?|believes?|contends?|claims?|suggests?)\b")


def _recommended(modal: re.Match, names: set[str], who: str) -> str:
    """'NATO should publish ...' as 'Ashley and Fraser recommend that NATO publish ...'; 'X must
    ...' and 'X needs to ...' as '... argue that X must ...'."""
    plural = _plural(who)
    subject, rest = _lowered(modal["subject"], names), modal["rest"]
    if modal["modal"] == "should":
        said = f"recommend{'' if plural else 's'} that {subject} {rest}"
    else:
        said = f"argue{'' if plural else 's'} that {subject} {modal['modal']} {rest}"
    return f"{who[:1].upper()}{who[1:]} {said}."


def _plural(who: str) -> bool:
    return who == "the authors" or " and " in who


# "X, meaning that Y": a fact and the writer's inference from it.
_INFERRED = re.compile(
    r"^(?P<fact>.+?), (?:meaning|which means|suggesting|implying) that (?P<inference>[^,]+)$"
)


# A heading the page set above a paragraph, read into its first sentence: "Changing a newsroom
# culture Skill diversity needs to change." A common word (the readings use it in lower case)
# capitalised after a lower-case one, nowhere else written so mid-sentence, starts the text.
_RUN_IN = re.compile(r"^[A-Z][^.!?:;,]{0,60}? [a-z][a-z)’'-]* (?P<word>[A-Z][a-z]+) (?=[a-z])")


def _heading_run_in(sentence: str, capitalised: Counter, lower: set[str]) -> bool:
    run_in = _RUN_IN.match(sentence)
    word = run_in["word"] if run_in else ""
    return bool(word) and capitalised[word] <= 1 and word.lower() in lower


def _lowered(text: str, names: set[str]) -> str:
    """The first word in lower case unless the readings write it capitalised mid-sentence."""
    first = re.match(r"[\w’'-]+", text)
    word = first.group(0) if first else ""
    keep = not word or (word in names and word.lower() not in _FUNCTION_WORDS)
    keep = keep or (len(word) > 1 and word.isupper())
    return text if keep else text[:1].lower() + text[1:]


# Capitalised mid-sentence only in titles ("The Guardian"), never names themselves.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an this that these those some many most all any each every no one once for to in on"
        " at with while when if there it as by from of and or but so yet instead rather",
    )
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _COMMON}


_COMMON = frozenset(
    {"that", "this", "with", "from", "what", "would", "should", "their", "about", "does", "have"}
    | {"they", "them", "more", "into", "than", "which", "been", "were", "will", "also", "must"}
)


def _repeats(mine: set[str], asked: list[set[str]]) -> bool:
    """Whether a claim's distinctive words are mostly those of a hand-written prompt."""
    return any(len(mine & theirs) >= max(3, len(mine) // 2) for theirs in asked)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]
