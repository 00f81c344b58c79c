"""Is a quiz question fit to serve? `withheld_reason` names the first defect found, or "".

The defects are those a careful instructor marks, each a short machine-readable reason:

- "context-dependent": the sentence leans on text the student does not see ("These attacks",
  "voters" of no named country, a surname two people on the page share).
- "too-long", "truncated", "broken-quote", "not-a-sentence" (a caption, a heading): not a
  readable 30-second chat question.
- "give-away": the prompt shows the answer or a choice, or makes the date easy to infer.
- "counted-in-sentence": a count the sentence itself lists ("in three areas: a, b and c").
- "initials-give-away": only the right choice fits the acronym's initials.
- "two-right-choices": a choice names, contains or lies in the answer ("Beijing" beside
  "China"), or the blank is one of an open list any choice could complete.
- "wrong-type-choices": a city beside countries, a treaty beside councils.
- "impossible-choices": a choice the sentence rules out ("175 to _____ per cent": 50 per cent).
- "not-worth-asking": trivia (the authors, the publisher, page numbers, rhetorical counts, an
  acronym everyone knows, a commentator's name, the year of a scene the writer sets or of a
  figure's measurement).
- "no-surname": a name typed in full that the readings never shorten ("Aso Taro"): which word a
  student may type alone, the family name, they do not say.
- "a-plan": a date of what was still to come when the reading was written ("is scheduled to
  attend"): the reading does not say it happened.
- "disputed-name": the readings disagree on a name the question shows or asks for.
- "partner-words": words around the blank name the answer to anyone who follows the news: a
  place paired with another ("Tokyo and _____", "_____ and Iraq"), an invasion's victim, a
  second blank of the same name.
- "weak-choices": no set of choices is both plainly wrong and plausible. Countries and
  continents: those of another continent are guessed by world knowledge, those nearby may be
  right too (not where a dated thing happened, who was party to a dated act, or a word a
  quotation says); a place in a category ("members", "such as") has other members. An organisation
  needs three others of its own kind (councils beside a council), a date three plausible others.
- "joined-subject": the blank dates the first of two subjects ("X, on _____, and the
  subsequent Y have ..."): the claim is made of both, with the writer's framing of the second;
  the dated clause alone, as its event tells it, is the question.
- "repeats-curated" (set by content.questions): a hand-written question asks the same fact of
  the same passage.

The same rules judge any question, generated or not, so they can be checked against a reader's
grades of old questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from content.aliases import PLACES
from content.events import MONTHS, plans
from content.model import Question
from content.name_forms import NameForms
from content.places import place, related
from content.standalone import standalone, unanchored

MAX_PROMPT = 300
BLANK = "_____"
SMALL_COUNT = 20
_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen"
_COUNTS = {w: n for n, w in enumerate(f"{_UNITS} {_TEENS}".split(), 1)}
_COUNTS |= {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "hundred": 100}
# A demonstrative inside the sentence ("these lessons") points back just the same; the
# readings' references to themselves ("this paper argues") do not.
_DANGLING_INSIDE = re.compile(
    r"\b(these|those|such(?! as)|the latter|the former|the above|aforementioned|a different|a similar"
    r"|the same|the other|each of the)\b"
    r"|\bthis (?!(paper|article|report|study|chapter|year|is|was|has|will)\b)[A-Za-z]+\b"
    r"|\bthe (two|three|four|five|six) [a-z]+s\b|\bboth sides\b"
    r"|\bthe (region|path forward|way forward)\b(?! of)"
    r"|\b[Oo]ne (advantage|disadvantage|reason|example|problem|difference|consequence|lesson"
    r"|challenge|benefit|drawback)\b"
    # "the proposal", "the treaty": a thing named before, unless the sentence says which.
    r"|\b[Tt]he (?:(?:1[89]|20)\d\d )?(proposal|plan|idea|decision|move|office|treaty|deal|agreement|initiative"
    r"|summit|meeting|partnership|document|visit|talks)\b"
    r"(?! (of|to|for|on|in|between|that|which|with|at|among|signed)\b)"
)
# An opening that points back ("In addition to this,") was dropped: what it pointed at is lost.
_POINTS_BACK = re.compile(r"\b(this|that|these|those|it|such|above|latter|former)\b", re.I)
_ABOUT_AUTHORS = re.compile(
    r"\b(one of the authors|the authors? (?:has|have|had|spent|visited|interviewed|met))\b"
    r"|\b([Ww]e|[Oo]ur|us)\b"
)
_COMMENTATOR = re.compile(
    r"\b[A-Z][a-z]+ [A-Z][a-z]+, (?:Director|Senior|Professor|Chief|Head|Researcher|Fellow)"
)
_PAGES = re.compile(
    r"©|\bcopyright\b|\bpp?\. ?\d|\bpages? \d|\bvol\. ?\d|\bno\. ?\d|\bet al\.|\[\d+\]"
    r"|\bREFERENCES\b|\bdoi\b|\.txt\b|\bRep\.|\bProc\.",
    re.I,
)
# A sentence ends with a full stop, a question or exclamation mark, maybe inside quotes.
_ENDS = re.compile(r"[.!?][”’\"')\]]*$")
# "March 18, 2015 Tunisian forces secure ...": a photo caption's dateline.
_DATELINE = re.compile(rf"^{BLANK} [A-Z]")
_LISTED = re.compile(r"^[^.;]*?:|\bboth\b|\beither\b|\bincluding\b|\bnamely\b|\bsuch as\b", re.I)
_RANGE_BEFORE = re.compile(r"(\d[\d.,]*)\s*(?:to|-|–|and)\s*$")
# An occasion counted from a start ("the 75th anniversary", "its seventy-fifth summit"), not a
# day ("the 11th and 12th of July").
_COUNTED_OCCASION = re.compile(
    r"\b(?:\d{2,}(?:st|nd|rd|th)(?! (?:of|and)\b)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"[- ]?(?:first|second|third|\w+th)|\w+ieth|hundredth|anniversary)\b",
    re.I,
)
_DAY_MONTH = re.compile(r"\b\d{1,2}/\d{1,2}\b(?!/)")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_PART_OF_NAME = re.compile(
    rf"[A-Z][\w’'.]* (?:of (?:the )?)?{BLANK}|{BLANK} [A-Z(]|[-–]{BLANK}|{BLANK}[-–]\w"
)  # "the South _____ Sea", "the People’s Republic of _____", "the US-_____ alliance"


@dataclass(frozen=True)
class Judge:
    """What the checks need beyond the question: name disputes, who wrote and published what,
    and the kind of thing each name is (a place's kind, a person's title, an organisation's)."""

    forms: NameForms
    publishers: dict[str, str]  # article id -> publisher
    authors: dict[str, tuple[str, ...]]  # article id -> its authors
    type_of: Callable[[str, str], str]  # (question kind, name) -> type; "" when unknown
    obvious: dict[str, frozenset[str]]  # article id -> names its reader guesses unread

    def unreadable(self, q: Question, sentence: str, stands: bool | None = None) -> str:
        """The reason a question cannot be read as it stands, whatever its choices. `stands`
        says whether `sentence` stands alone, when the caller already knows."""
        return _readable(q, sentence, stands)

    def withheld_reason(self, q: Question, sentence: str, stands: bool | None = None) -> str:
        """`sentence` is the text the prompt was made from (for a cloze, the prompt unblanked)."""
        reason = _readable(q, sentence, stands)
        for check in _CHECKS:
            reason = reason or check(self, q, sentence)
        return reason


def _readable(q: Question, sentence: str, stands: bool | None) -> str:
    text = _body(q.prompt)
    if BLANK in q.prompt:  # a question written as one reads alone
        stands = not points_back(sentence) if stands is None else stands
        if not stands or dangling(sentence):
            return "context-dependent"
    if len(q.prompt) > MAX_PROMPT:
        return "too-long"
    if "…" in text or "..." in text:
        return "truncated"
    if BLANK in q.prompt and (not _ENDS.search(text) or _DATELINE.match(text)):
        return "not-a-sentence"  # a caption, a heading or a line of a table
    if text[:1].islower() or text[:1] in "”’":
        return "truncated"  # it starts mid-sentence or mid-quotation
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return "broken-quote"
    return ""


def dangling(text: str) -> bool:
    """Words inside `text` that point at something it does not say ("these lessons")."""
    return bool(_DANGLING_INSIDE.search(_unquoted(text))) or unanchored(text)


def points_back(sentence: str, alone: str | None = "") -> bool:
    """`sentence` leans on the text before it: content.standalone cannot make it stand alone,
    or can only by dropping an opening that pointed back. `alone` is what standalone made of
    it, when already known."""
    alone = standalone(sentence) if alone == "" else alone
    if alone is None:
        return True
    dropped = sentence[: max(0, len(sentence) - len(alone))]
    return bool(_POINTS_BACK.search(dropped))


def _worth_asking(j: Judge, q: Question, sentence: str) -> str:
    publisher = j.publishers.get(q.article, "")
    if _ABOUT_AUTHORS.search(_unquoted(sentence)) or _PAGES.search(sentence):
        return "not-worth-asking"
    surnames = {name.split()[-1] for name in j.authors.get(q.article, ()) if name.strip()}
    if any(re.search(rf"\b{re.escape(name)}\b", sentence) for name in surnames):
        return "not-worth-asking"  # the author's own biography
    if _COMMENTATOR.search(sentence):
        return "not-worth-asking"  # "As Ann Lee, Senior Analyst at the X, writes": credentials
    if publisher and any(a.lower() in publisher.lower() for a in q.answers):
        return "not-worth-asking"
    if q.kind == "place" and q.answer in j.obvious.get(q.article, ()):
        return "not-worth-asking"  # "Japan" in readings about Japan
    if q.kind == "term" and 0 < len(_term(q.prompt)) <= 2:
        return "not-worth-asking"  # AI, US, EU: known to everyone
    if q.kind == "term" and _term(q.prompt) and _DIGIT.search(q.answer):
        return "not-worth-asking"  # "Indo-Pacific 4" only spells out IP4 again
    if q.kind == "person" and j.type_of("person", q.answer) in ("", "analyst"):
        return "not-worth-asking"  # a commentator's name is not what the reading teaches
    if q.kind == "number" and _count(q.answer) is not None:
        after = q.prompt.split(BLANK, 1)[1]
        if _count(q.answer) < SMALL_COUNT or re.match(r"\s*times\b", after):
            return "counted-in-sentence" if _LISTED.search(after) else "not-worth-asking"
    return ""


def _happened(_: Judge, q: Question, sentence: str) -> str:
    """A date is asked of what happened. A plan ("is scheduled to attend") dates what was still
    to come when the reading was written, which does not say it came about. A scene the writer
    sets ("In the fall of 2017, Rothman was preparing for a symposium") and the year a figure
    was measured in ("15 percent of its gross domestic product in 2013") date no happening a
    reader should remember."""
    if q.kind != "date":
        return ""
    if plans(sentence):
        return "a-plan"
    if _SCENE.search(q.prompt) or _MEASURED_IN.search(q.prompt):
        return "not-worth-asking"
    return ""


_SCENE = re.compile(rf"^(?:Fill in the blank: )?In [^,]*{BLANK}, [^.;]*?\b(?:was|were) [a-z]+ing\b")
_MEASURED_IN = re.compile(rf"\d ?(?:percent|per cent|%)[^.;]*\bin {BLANK}")


def _disputed(j: Judge, q: Question, _: str) -> str:
    # What a student sees: the prompt, the choices and the answer revealed; the other accepted
    # answers are forms a student may type ("Shinzo Abe" where the readings agree on "Abe").
    shown = " ".join((q.prompt, q.answer, *q.choices))
    if j.forms.disputed_in(shown):
        return "disputed-name"
    if q.kind == "term" and _ACRONYM.search(q.answer):
        return "disputed-name"  # half expanded: "Japan Maritime SDF"
    return ""


def _given_away(_: Judge, q: Question, sentence: str) -> str:
    prompt = q.prompt.lower()
    if any(_has(prompt, option) for option in (*q.answers, *q.choices, *_aliases(q.answer))):
        return "give-away"  # "the _____’s approach, which the United States adopted": US Navy
    if q.kind in ("organisation", "agreement", "person"):
        words = [w for w in _words(q.answer) if len(w) > 3]
        if len(words) >= 2 and sum(_has(prompt, w) for w in words) * 2 >= len(words):
            return "give-away"  # "the 2021 _____ law ... enable the Coast Guard"
    the_blank = re.search(rf"\bthe {BLANK}", q.prompt, re.I)
    if q.kind == "place" and the_blank and len({takes_the(c) for c in q.choices}) > 1:
        return "give-away"  # "an ally of the _____": only "the United States" reads right
    named = _PART_OF_NAME.search(
        _TITLE_BLANK.sub(BLANK, q.prompt) if q.kind == "person" else q.prompt
    )
    if q.kind not in ("date", "number") and named:
        return "give-away"  # "the South _____ Sea", "the US-_____ alliance"
    if q.kind == "number" and re.search(rf"[-–]{BLANK}|{BLANK}[-–]\w", q.prompt):
        return "give-away"  # a model's number, "the LGP-_____", is a name
    if q.kind == "date":
        year = int(YEAR.search(q.answer).group(0)) if YEAR.search(q.answer) else None
        others = [int(y) for y in YEAR.findall(q.prompt)]
        if _DAY_MONTH.search(q.prompt) or (year and any(abs(y - year) <= 5 for y in others)):
            return "give-away"  # "after the 9/11 attacks", "in _____ ... and again in 2007"
        if _COUNTED_OCCASION.search(q.prompt):
            return "give-away"  # "NATO's seventy-fifth summit": its founding year plus 75
    if q.kind == "term" and q.choices:
        initials = _initials(_term(q.prompt))
        if sum(_initials_of(c) == initials for c in q.choices) < 2:
            return "initials-give-away"
    return ""


def _choices_apt(j: Judge, q: Question, _: str) -> str:
    if q.kind != "date" and _in_open_list(_body(q.prompt)):
        return "two-right-choices"
    wrong = [c for c in q.choices if c != q.answer]
    if any(_overlaps(c, a) for c in wrong for a in q.answers):
        return "two-right-choices"
    if q.kind == "place":
        here = place(q.answer)
        others = [place(c) for c in wrong]
        if here and any(o and related(here, o) for o in others):
            return "two-right-choices"
        if here and any(o is None or o.kind != here.kind for o in others):
            return "wrong-type-choices"
    elif q.kind in ("person", "organisation", "agreement"):
        kind = j.type_of(q.kind, q.answer)
        if kind and any(j.type_of(q.kind, c) != kind for c in wrong):
            return "wrong-type-choices"
    if q.kind == "number":
        low = _RANGE_BEFORE.search(q.prompt.split(BLANK, 1)[0])
        if low and any(_value(c) <= float(low.group(1).replace(",", "")) for c in wrong):
            return "impossible-choices"
    return ""


def _one_answer(_: Judge, q: Question, sentence: str) -> str:
    """Only the answer fits the blank, whatever the student knows of the world."""
    here = place(q.answer) if q.kind == "place" else None
    if here and here.kind == "capital" and not _LOCATIVE_BLANK.search(q.prompt):
        return "two-right-choices"  # "Tokyo sees China as ...": the capital is its country
    after = q.prompt.split(BLANK)[1] if BLANK in q.prompt else ""
    if q.kind == "date" and _RECURRING.search(after):
        return "two-right-choices"  # "the _____ US elections": there were others, as contested
    if q.kind == "date" and _BOUND_BLANK.search(q.prompt):
        return "two-right-choices"  # "By _____ the IPCP was revised": a later year is true too
    if q.kind == "person" and not q.choices and _both_orders(q.answers):
        return "no-surname"  # typed "Aso", is that the family name of "Aso Taro"? None says
    pinned = _TITLE_BLANK.search(q.prompt) or _DEFINED_BLANK.search(q.prompt)
    if q.kind in TYPED_NAMES and after and not q.choices and not pinned:
        return "open-blank"  # typed in full, the blank must say which name it wants
    return ""


def _both_orders(answers: tuple[str, ...]) -> bool:
    """A two-word name listed in both orders: the readings never say which is the family name
    (content.questions)."""
    return any(len(a.split()) == 2 and " ".join(a.split()[::-1]) in answers for a in answers)


# A capital named as a place ("a liaison office in _____"), not for its government.
_LOCATIVE_BLANK = re.compile(rf"\b(?:in|at|near|outside|around|visited) {BLANK}")
# A year that recurs: any other year of the same cadence had one too.
_RECURRING = re.compile(r"^\s*(?:[A-Z][\w.-]* ){0,2}(?:elections?|votes?|census|Olympics)\b")
# A year given as a bound, not a time: "by _____", "before _____", "until _____"; or a running
# total's date, true of later ones until it grows: "As of _____, aid had reached $7.1 billion".
_BOUND_BLANK = re.compile(
    rf"(?i)\b(?:by|before|until|till|prior to|no later than|as of)"
    rf" (?:(?:early|mid|late|the end of) )?{BLANK}"
)
# Names a student types in full (content.questions asks them without choices when the
# readings name too few others of their kind).
TYPED_NAMES = ("person", "organisation", "agreement")
# A person's title before the blank ("French President _____"), a definition after it ("the
# _____, which is the major political decision-making body") or a first ("_____ made history by
# being the first ..."): only one name fits.
_TITLE_BLANK = re.compile(
    rf"(?:\bthen-)?\b(?:[A-Z][\w’'-]* )*(?:President|Minister|Secretary[- ]General|Chancellor) {BLANK}"
)
_DEFINED_BLANK = re.compile(
    rf"{BLANK}, (?:which|who) (?:is|was|are|were|has|had|\w+s) "
    rf"|^(?:Fill in the blank: )?{BLANK} (?:[a-z]+ ){{0,4}}the first\b"  # "_____ became the first"
)
_DIGIT = re.compile(r"\d")


def _partnered(_: Judge, q: Question, sentence: str) -> str:
    if q.prompt.count(BLANK) > 1:
        return "partner-words"  # "_____'s invasion" beside "its evaluation of _____"
    if q.kind == "place" and _PAIRED.search(_without_parties(q.prompt)):
        return "partner-words"
    return ""


def _without_parties(prompt: str) -> str:
    """The prompt without the blank's pair when the pair are the two parties of a dated act
    ("In June 2024, _____ and Russia signed the Treaty ..."): which state signed is the fact the
    reading tells, not a pairing the news has worn in ("Tokyo and _____")."""
    return _PARTIES.sub("", prompt) if YEAR.search(prompt) else prompt


def _plausible(j: Judge, q: Question, _: str) -> str:
    if q.kind == "place":
        here = place(q.answer)
        # A country among its neighbours is plausible only as the place where a dated thing
        # happened: "In 2007, ... NATO's headquarters in _____", not "the threats posed by _____".
        loose = (
            here
            and here.kind == "country"
            and not (YEAR.search(q.prompt) and _LOCATIVE_BLANK.search(q.prompt))
            and _without_parties(q.prompt) == q.prompt
            and not _QUOTED_BLANK.search(q.prompt)
        )
        if here is None or here.kind == "continent" or loose or _CATEGORY.search(q.prompt):
            return "weak-choices"
    if q.kind == "date" and len(q.choices) < 4:
        return "weak-choices"  # one in three to guess: the reading's own dates left no more
    if q.kind in ("organisation", "agreement") and q.choices:
        heads = {head_word(c) for c in q.choices}
        if len(q.choices) < 4 or len(heads) > 1 or not j.type_of(q.kind, q.answer):
            return "weak-choices"  # a council among a party, an agency and an institute
    return ""


def head_word(name: str) -> str:
    """What an organisation is: "council" for "North Atlantic Council"."""
    words = name.split(" of ")[0].lower().split()
    return words[-1].removesuffix("s") if words else ""


# A place beside another ("Tokyo and _____", "between _____ and Beijing") or after an invasion.
_PAIRED = re.compile(
    rf"\b[A-Z][\w’']+ (?:and|or) (?:the )?{BLANK}|{BLANK} (?:and|or) (?:the )?[A-Z]"
    rf"|\b(?:invasion|invasions|annexation|occupation) of (?:the )?{BLANK}"
)
# A word of a quotation: what was said, so a neighbour is plainly wrong.
_QUOTED_BLANK = re.compile(rf"“[^“”]*{BLANK}[^“”]*”")
# Two parties and their act: "_____ and Russia signed", "Japan and _____ agreed".
_NAME = r"(?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?"
_PARTIES = re.compile(
    rf"(?:{BLANK} and {_NAME}|{_NAME} and (?:the )?{BLANK})"
    r" (?:signed|agreed|concluded|formed|established|ratified)\b"
)
# A time the sentence opens with: "In June 2024", "On 13 June", "Since 2014".
_OPENING_TIME = re.compile(
    rf"(?i)^(?:in|on|by|since|after|before|during|until|from|as of)\b[^,]*"
    rf"\b(?:1[89]\d\d|20\d\d|{'|'.join(MONTHS)})$"
)
# The blank is one member of a category, which has other members.
_CATEGORY = re.compile(
    r"\b(?:such as|including|like|among|members?|allies|ally|partners|inclusion of|states|countries)\b"
)

# "Hamas’ attack on Israel, on _____, and the subsequent ... have created": one phrase, no
# comma of its own, dated in commas, and another subject after it.
_JOINED_SUBJECT = re.compile(rf"^[^,]+, (?:on|in) {BLANK}, and ")


def _joined(_: Judge, q: Question, __: str) -> str:
    return "joined-subject" if _JOINED_SUBJECT.search(_body(q.prompt)) else ""


_CHECKS = (
    _worth_asking,
    _happened,
    _disputed,
    _given_away,
    _choices_apt,
    _partnered,
    _joined,
    _one_answer,
    _plausible,
)


def takes_the(name: str) -> bool:
    """'the United States', 'the Philippines'; but 'Japan'."""
    return bool(_WITH_THE.search(name))


_WITH_THE = re.compile(
    r"\b(United|Republic|Kingdom|Union|States|Islands|Netherlands|Philippines|Emirates)\b"
)


def _body(prompt: str) -> str:
    return prompt.removeprefix("Fill in the blank: ")


def _unquoted(text: str) -> str:
    """Words the reading itself says, not those it quotes."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)


def _term(prompt: str) -> str:
    match = re.search(r"what does (\S+) stand for", prompt)
    return match.group(1) if match else ""


@cache
def _aliases(answer: str) -> list[str]:
    """Other names for the answer or a word of it: 'United States' for 'US Navy'."""
    words = {answer.lower(), *answer.split()}
    out = []
    for group in PLACES:
        if any(name in words or name.lower() == answer.lower() for name in group):
            out += [name for name in group if name.lower() != answer.lower()]
    return out


def _initials(term: str) -> str:
    return "".join(c for c in term if c.isalpha()).lower()


def _initials_of(expansion: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", expansion) if w[0].isupper()).lower()


def _has(text: str, part: str) -> bool:
    part = part.lower()
    return part in text and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) is not None


def _overlaps(a: str, b: str) -> bool:
    """One names, contains or is contained in the other ('Fumio Kishida' and 'Kishida')."""
    x, y = _words(a), _words(b)
    return bool(x) and bool(y) and (x <= y or y <= x) and not any(c.isdigit() for c in a + b)


def _words(text: str) -> set[str]:
    stop = {"the", "of", "and", "for", "on", "in", "a", "an", "to"}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop}


def _count(answer: str) -> int | None:
    """The value of a bare count ('three', '20'); None for money, shares and other amounts."""
    word = answer.strip().lower()
    return int(word) if word.isdigit() else _COUNTS.get(word)


def _in_open_list(body: str) -> bool:
    """The blank is an item of a list closed by "and"/"or" ("with _____, Russia, and North
    Korea"): any other item of that kind would complete it as well. The comma after an opening
    time ("In June 2024, _____ and Russia signed ...") ends the opening, not a list's item."""
    parts = body.split(",")
    while len(parts) > 1 and BLANK not in parts[0] and _OPENING_TIME.match(parts[0].strip()):
        parts = parts[1:]
    at = next((n for n, part in enumerate(parts) if BLANK in part), None)
    if at is None:
        return False
    part = parts[at].strip()
    bare = re.sub(r"^(?:and |or )?(?:the )?", "", part)
    if at > 0 and re.search(rf"\b(?:and|or) (?:the )?{BLANK}", part):
        return True  # "Italy, Poland, Germany and _____"
    listed = (at > 0 and bare.startswith(BLANK)) or (at + 1 < len(parts) and part.endswith(BLANK))
    after = [part.split(BLANK, 1)[1], *parts[at + 1 :]]  # the list goes on after the blank
    return listed and any(re.search(r"(^|\s)(and|or)\s", p) for p in after)


def _value(text: str) -> float:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return float(match.group(0).replace(",", "")) if match else 0.0
