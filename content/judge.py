"""Judging a free-text quiz answer the way a fair teacher would.

`judge(answers, response)` is True when the response states one of the accepted answers and
nothing else. Both sides are read the same way: Unicode folded (NFKC, accents, zero-width and
curly characters), quantities read as values ("four hundred" == "400", "$30m" == "30 million"),
words reduced to a canonical form (plural, British/American spelling). Then:

- Numbers are never fuzzy: the response must state exactly the answer's quantities, no more.
- Words may carry a typo, with a tolerance scaled to the word's length (none up to four letters
  beyond a doubled or undoubled letter, one edit up to seven, two beyond), never on the first
  letter, never adding or dropping more than one letter, and never when the typed word is itself
  a real English word: a correctly spelled different word is a different answer, not a slip.
  Acronyms are matched exactly; the initials of a several-word answer count as an acronym.
- In a name of three words or more, one word may be a letter away even when it is a real word
  ("sea lanes of communication" for "sea lines of communication"), or end otherwise
  ("Individual Tailored Partnership Programme"): the rest of the name says which thing is meant.
- A person's name may be given in any order, and by its surname alone; a given name alone fails.
  The surname is the word the answers list alone ("Kishida" beside "Fumio Kishida"), else the
  last word; answers listing a name only whole, in both orders ("Aso Taro", "Taro Aso": family
  name first or last), accept it only whole.
- Every other word of the response must be filler ("the", "I think", "in"): a second
  candidate ("Abe and Kishida", "Lithuania Latvia") or a list of words is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from content import places
from content.aliases import PLACES
from content.numbers import Quantity, read_quantities, squeeze
from content.spelling import american


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles before a name: "PM Kishida", "USS Ronald Reagan".
TITLES = _word_set(
    """
    mr mrs ms dr prof professor sir pm prime minister president chancellor secretary general
    ambassador uss hms js jds
    """
)
# Words that carry no answer: allowed around any answer, optional inside one.
FILLERS = TITLES | _word_set(
    """
    a an the of in on at to by for from with and or as it its is was were are be been i im id
    think believe guess maybe perhaps probably possibly my answer that this these those about
    around approximately roughly nearly almost some called named known between might could
    would should likely surely sure definitely wrote written author year
    """
)
# Abbreviations read as the word they shorten ("Art. 9" is "Article 9").
ABBREVIATIONS = {
    "art": "article",
    "sec": "section",
    "para": "paragraph",
    "govt": "government",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "op": "operation",
    "adm": "admiral",
    "gen": "general",
    "lt": "lieutenant",
    "capt": "captain",
    "mt": "mount",
}
# Generic first words of a name ("Operation Ocean Shield"): the rest is distinctive enough alone.
GENERIC_HEADS = _word_set("operation exercise project programme program mission campaign")
# A response that negates is not an answer, even if the right word is in it.
NEGATIONS = _word_set("not no never neither nor isnt wasnt arent werent dont doesnt didnt")
_MONTHS_IN_ORDER = (
    "january february march april may june july august september october november december"
)
_MONTH_NAMES = tuple(_MONTHS_IN_ORDER.split())
# Month names and their abbreviations, read as the full name.
MONTHS = (
    {name[:3]: name for name in _MONTH_NAMES} | {n: n for n in _MONTH_NAMES} | {"sept": "september"}
)
# First words that make a capitalised pair a place ("South Korea"), not a person's name.
PLACE_WORDS = _word_set(
    """
    north south east west northern southern eastern western central new united great upper lower
    northeast northwest southeast southwest middle far near
    saint st san santa sea ocean island islands republic kingdom state states
    """
)
# Counts in the English word list (rare words and names sit at 50 or below). A typed word
# counted this often is a real word, not anyone's slip ("Macro" is not "Macron")...
REAL_WORD_COUNT = 100
# ...and a last word counted this often is no surname ("Mine Warfare Force", but "Abe").
COMMON_WORD_COUNT = 1000
# A name this long (required words) may have one word a letter away, if that word is this long.
LONG_NAME = 3
NEAR_WORD_LENGTH = 4
STEM_LENGTH = 6  # "Individual" ~ "Individually", but not "Japan" ~ "Japanese"
# Extra words tolerated after the number of a number answer: units and nouns ("297 ships").
NUMBER_EXTRAS = 2

# Curly quotes and the many dashes, as plain ASCII.
_FOLD = str.maketrans("‘’‚‛`´“”„‐‑‒–—−", "'" * 6 + '"' * 3 + "-" * 6)
# Chat mentions are addressed to people, not part of an answer: <@123>, <@&9>, <#7>, @everyone.
_MENTION = re.compile(r"<[@#!][^<>\s]*>|(?<!\w)@(?:everyone|here|channel)\b", re.IGNORECASE)
_DOTTED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")
_POSSESSIVE = re.compile(r"'s\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])\b")
_LEXEME = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"  # numbers, with thousands commas
    r"|[A-Za-z]+-?\d[A-Za-z\d]*"  # designations: F-35, G7
    r"|[^\W\d_]+"  # words, in any script
    r"|[$€£¥%]"
    r"|(?<=[\d%])\s*-\s*(?=[$€£¥]?\d)"  # a hyphen between numbers is a range
)


@dataclass(frozen=True, slots=True)
class Reading:
    """A text as the judge reads it."""

    words: tuple[str, ...]  # canonical forms, fillers included, in order
    surface: tuple[str, ...]  # the same words lowercased as typed
    numbers: tuple[Quantity, ...]  # sorted
    units: frozenset[str]  # words right after a number: "ships" in "297 ships"
    before_number: int  # how many words come before the first number (all when none)
    length: int  # characters after folding


@dataclass(frozen=True, slots=True)
class Answer:
    """One accepted answer, prepared once for many responses."""

    reading: Reading
    required: tuple[str, ...]
    optional: tuple[str, ...]  # given names; the words beside a number
    exact: frozenset[str]  # acronyms and designations: no typo allowed
    initials: frozenset[str]  # "jmsdf" for Japan Maritime Self-Defense Force
    acronym: str  # the answer itself when it is one all-capitals word
    compact: str  # required words run together, for "selfdefense"
    spelled: dict[str, str]  # each canonical word as the answer spells it
    name: tuple[str, ...] = ()  # a person's name, its words without titles


def judge(answers: Sequence[str], response: str) -> bool:
    """True when `response` gives one of `answers` (first is canonical) and nothing else."""
    answers = tuple(a for a in answers if a.strip())
    forms = _forms(answers)
    if not forms:
        return False
    response = _spell_out(answers, response)
    longest = 4 * max(f.reading.length for f in forms) + 40
    if len(response) > 2 * longest:
        return False  # not worth reading: no answer is that long
    heard = read(_MENTION.sub(" ", response))
    if (not heard.words and not heard.numbers) or heard.length > longest:
        return False
    siblings = frozenset(w for f in forms for w in f.required + f.optional)
    return any(_accepts(form, heard, siblings) for form in forms)


def _spell_out(answers: Sequence[str], response: str) -> str:
    """A name shortened inside a longer answer is read in full: "UN Convention on the Law of the
    Sea" for "United Nations Convention …". Only runs of an answer's capitalised words count, so
    the initials mean what the answer says."""
    if " " not in response.strip():
        return response  # a lone acronym is matched as one, not spelled out
    for answer in answers:
        for short, full in _short_forms(answer):
            if not short.search(answer):  # "Fleet Escort Force (FEF)" keeps its own "FEF"
                response = short.sub(full, response, count=1)
    return response


@lru_cache(maxsize=4096)
def _short_forms(answer: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Initials of each run of two or more capitalised words, dotted or not ("U.N.")."""
    out = []
    for run in _CAPITALISED_RUN.findall(fold(answer)):
        words = run.split()
        for start in range(len(words) - 1):
            for end in range(start + 2, len(words) + 1):
                short = r"\.?".join(w[0] for w in words[start:end])
                pattern = re.compile(rf"(?<![\w.]){short}\.?(?!\w)", re.IGNORECASE)
                out.append((pattern, " ".join(words[start:end])))
    return tuple(out)


_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:'s)?(?: [A-Z][a-z]+(?:'s)?)+")  # People's


def read(text: str) -> Reading:
    folded = fold(text)
    # Most answers are plain words: skip the rewrites that cannot apply.
    if "-" in folded:
        folded = _ISO_DATE.sub(_spell_date, folded)
    if "." in folded:
        folded = _DOTTED.sub(lambda m: m.group().replace(".", ""), folded)
    if "'" in folded:
        folded = _POSSESSIVE.sub("", folded).replace("'", "")
    lexemes = [_lexeme(m.group()) for m in _LEXEME.finditer(folded)]
    words, surface, numbers, units = [], [], [], set()
    after_number = False
    before_number = None
    for item in read_quantities(lexemes):
        if isinstance(item, Quantity):
            numbers.append(item)
            after_number = True
            if before_number is None:
                before_number = len(words)
        elif item[0].isalnum():
            surface.append(item)
            words.append(canonical(item))
            if after_number and item not in FILLERS:
                units.add(words[-1])
            after_number = False
    return Reading(
        tuple(words),
        tuple(surface),
        tuple(sorted(numbers)),
        frozenset(units),
        len(words) if before_number is None else before_number,
        len(folded),
    )


def _lexeme(text: str) -> str:
    """Lowercase; a designation loses its hyphen (F-35 is F35); a range hyphen is kept bare."""
    text = text.strip().lower()
    return text.replace("-", "") if len(text) > 1 else text


def fold(text: str) -> str:
    """Full-width and compatibility forms, accents, zero-width characters, curly quotes."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c)[0] not in "MC"
        )
        text = text.translate(_FOLD)
    return text.strip()


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """British spellings (content.spelling) and plurals reduced, so "Defence Forces" reads as
    "defense force"."""
    if word in MONTHS:
        return MONTHS[word]
    word = american(ABBREVIATIONS.get(word, word))
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def _spell_date(match: re.Match) -> str:
    year, month, day = match.groups()
    return f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}"


@lru_cache(maxsize=4096)
def _answer(text: str) -> Answer:
    reading = read(text)
    folded = fold(text)
    person = False
    capitals = {w.lower() for w in re.findall(r"[A-Za-z]+", folded) if len(w) > 1 and w.isupper()}
    exact = frozenset(w for w in reading.words if w in capitals or not w.isalpha())
    content = [w for w in reading.words if w not in FILLERS] or list(reading.words)
    if reading.numbers:
        # The word right after a number is its unit: "297 ships" is met by "297". Other words
        # name the thing and are needed: "Indo-Pacific 4", "March 2022", "One China policy".
        optional = tuple(w for w in content if w in reading.units and w not in _MONTH_NAMES)
        required = tuple(w for w in content if w not in optional)
    elif person := _is_personal_name(folded):
        required, optional = (content[-1],), tuple(content[:-1])
    elif len(content) >= 2 and content[0] in {canonical(w) for w in GENERIC_HEADS}:
        required, optional = tuple(content[1:]), (content[0],)
    elif len(content) >= 3 and content[-1] in {canonical(w) for w in GENERIC_HEADS}:
        required, optional = tuple(content[:-1]), (content[-1],)  # "Rim of the Pacific (Exercise)"
    else:
        required, optional = tuple(content), ()
    spelled = reading.surface
    initials = set()
    if len(spelled) >= 2 and not reading.numbers and not person:
        initials.add("".join(w[0] for w in spelled))
        initials.add("".join(w[0] for w in spelled if w not in FILLERS))
    acronym = reading.words[0] if len(reading.words) == 1 and reading.words[0] in capitals else ""
    return Answer(
        reading=reading,
        required=required,
        optional=optional,
        exact=exact,
        initials=frozenset(initials),
        acronym=acronym,
        compact="".join(required),
        spelled=dict(zip(reading.words, reading.surface, strict=True)),
        name=tuple(content) if person else (),
    )


@lru_cache(maxsize=4096)
def _forms(answers: tuple[str, ...]) -> tuple[Answer, ...]:
    return tuple(_as_listed([_answer(a) for a in answers]))


def _as_listed(forms: list[Answer]) -> list[Answer]:
    """A person's name stands for its last word alone only when the answers list it no other
    way: beside "Kishida", or beside "Taro Aso" (whose last word is the given name), "Fumio
    Kishida" and "Aso Taro" are met by the whole name, and a surname alone by its own answer."""
    listed = {tuple(w for w in f.reading.words if w not in FILLERS) for f in forms}
    out = []
    for form in forms:
        if form.name and any(o != form.name and set(o) <= set(form.name) for o in listed):
            form = replace(form, required=form.name, optional=(), compact="".join(form.name))
        out.append(form)
    return out


def _is_personal_name(folded: str) -> bool:
    """Two to four capitalised words after any title, none a place word, the last not a common
    word."""
    words = folded.replace("-", " ").split()
    while words and words[0].lower() in TITLES:
        words.pop(0)
    if not 2 <= len(words) <= 4:
        return False
    for word in words:
        if not (word.isalpha() and word[0].isupper() and word[1:].islower()):
            return False
        if word.lower() in FILLERS | PLACE_WORDS | GENERIC_HEADS:
            return False
    return _word_count(words[-1].lower()) < COMMON_WORD_COUNT


def _accepts(form: Answer, heard: Reading, siblings: frozenset[str]) -> bool:
    if form.reading.numbers != heard.numbers:
        return False
    if any(w in NEGATIONS for w in heard.words) and not any(
        w in NEGATIONS for w in form.reading.words
    ):
        return False
    content = [i for i, w in enumerate(heard.words) if w not in FILLERS]
    if len(content) == 1 and heard.surface[content[0]] in form.initials:
        return True
    if len(form.acronym) >= 3 and len(content) == len(form.acronym):
        return "".join(heard.surface[i][0] for i in content) == form.acronym
    unused = list(range(len(heard.words)))
    # In a name of three words or more, one word may be a near one: "sea lanes of
    # communication" for "sea lines of communication" is the same name, not another.
    slips = 1 if len(form.required) >= LONG_NAME else 0
    for want in form.required:
        found = _find(want, form, heard, unused)
        if found is None and slips:
            found = next((i for i in unused if _near_word(want, form, heard.words[i])), None)
            slips = 0
        if found is None:
            return "".join(heard.words[i] for i in content) == form.compact
        unused.remove(found)
    for want in form.optional:
        found = _find(want, form, heard, unused)
        if found is not None:
            unused.remove(found)
    allowed = FILLERS | siblings
    extras = [i for i in unused if heard.words[i] not in allowed]
    if any(heard.words[i] in _MONTH_NAMES for i in extras):
        return False  # "January 2013" for 2013 claims a month the answer does not give
    if not form.reading.numbers:
        return not extras or _names_its_country(form, heard, extras)
    # Beside a number, a few words after it may name its unit ("297 ships"); nothing before it.
    return len(extras) <= NUMBER_EXTRAS and all(i >= heard.before_number for i in extras)


def _names_its_country(form: Answer, heard: Reading, extras: list[int]) -> bool:
    """ "Vilnius, Lithuania" for Vilnius: the extra words are the country the answer city is in."""
    said = tuple(heard.words[i] for i in extras)
    return said in _countries_of_cities().get(_content(form.reading.words), ())


@cache
def _countries_of_cities() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """A city's words as the judge reads them -> the words of each name of its countries."""
    names = {
        code: frozenset(_content(read(name).words) for name in forms)
        for code, forms in places.country_names().items()
    }
    return {
        _content(read(city).words): frozenset().union(*(names.get(c, ()) for c in codes))
        for city, codes in places.city_countries().items()
    }


def _content(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if w not in FILLERS)


def _find(want: str, form: Answer, heard: Reading, unused: list[int]) -> int | None:
    """Index of the unused response word that gives `want`: exactly if any, else by a typo."""
    for i in unused:
        if heard.words[i] == want:
            return i
    if want in form.exact:
        return None
    for i in unused:
        if _is_typo(want, heard.words[i], heard.surface[i], form.spelled[want]):
            return i
    return None


def _near_word(want: str, form: Answer, got: str) -> bool:
    """One letter changed in a longer word ("lanes" for "lines"), or the same word with another
    ending ("Individual" for "Individually"); never a number, an acronym or the first letter."""
    if len(want) < NEAR_WORD_LENGTH or not want.isalpha() or want in form.exact:
        return False
    if _peoples().get(want, want) == _peoples().get(got):
        return True  # "Japanese Maritime Self-Defense Force": the country's word, as its people's
    if len(got) == len(want):
        return got[0] == want[0] and OSA.distance(want, got, score_cutoff=1) == 1
    short, long = sorted((want, got), key=len)
    return len(short) >= STEM_LENGTH and long.startswith(short) and len(long) - len(short) <= 2


# How a people's word ends ("Japanese", "Ukrainian", "Polish", "Dutch", "Israeli").
_PEOPLE_ENDINGS = ("ese", "an", "ish", "ch", "i", "ino")


@cache
def _peoples() -> dict[str, str]:
    """One-word countries and their peoples' words, each read as the country's ("japanese":
    "japan"), from the places table; capitals and other places are not peoples."""
    found: dict[str, str] = {}
    for country, *others in PLACES:
        if " " in country:
            continue
        found[canonical(country)] = canonical(country)
        for word in others:
            people = word.islower() and " " not in word and word.endswith(_PEOPLE_ENDINGS)
            if people and places.place(word.title()) is None:
                found[canonical(word)] = canonical(country)
    return found


def _is_typo(want: str, got: str, typed: str, spelled: str) -> bool:
    """Whether the response word (canonical `got`, as typed `typed`) is a slip for the answer
    word (canonical `want`, as the answer spells it `spelled`)."""
    if want[0] != got[0] or not got.isalpha():
        return False
    short = squeeze(want)
    if short == squeeze(got):
        return True  # "Naggy", "acess": a doubled or undoubled letter
    budget = 0 if len(short) <= 4 else 1 if len(short) <= 7 else 2
    if budget == 0 or _word_count(typed) >= REAL_WORD_COUNT:
        return False
    # Compared as typed, reduced and squeezed: any one reading of the slip may be the short one.
    pairs = ((want, got), (spelled, typed), (short, squeeze(got)))
    return any(_within(a, b, budget) for a, b in pairs)


def _within(a: str, b: str, budget: int) -> bool:
    # A slip changes a letter or two; it does not add or drop a syllable (Kishi, Kishida).
    return abs(len(a) - len(b)) <= 1 and OSA.distance(a, b, score_cutoff=budget) <= budget


def _word_count(word: str) -> int:
    return _english_counts().get(word, 0)


@cache
def _english_counts() -> dict[str, int]:
    from spellchecker import SpellChecker  # loaded on first need: a 160,000-word list

    return SpellChecker().word_frequency.dictionary
