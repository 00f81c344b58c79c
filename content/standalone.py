"""Whether a sentence can be shown on its own, away from the text around it, and making it so.

A sentence lifted out of an article often leans on what came before: a linking word ("But",
"As a result,"), an opening phrase that points back ("In this light,"), or a subject that is a
pronoun ("he", "it", "these"). `standalone` drops the linking words and the pointing phrases,
puts a named person in place of "he"/"she" when the sentence before names exactly one, and
refuses the rest: a wrong referent would teach a falsehood, so doubt means "do not use".

No coreference resolver qualifies as a dependency (a PyPI wheel with its model inside and a
permissive licence), so this is a deliberately small set of rules that err towards refusing.
"""

from __future__ import annotations

import re

from content.places import place
from content.sentences import split_sentences

# Linking words that say how a sentence relates to the one before; what follows stands alone.
_LINKS = (
    "additionally|accordingly|again|also|admittedly|arguably|as a result|as such|at the same time"
    "|besides|by contrast|certainly|clearly|collectively|consequently|conversely|crucially"
    "|earlier|earlier still|even earlier|further back|going back further(?: still)?|finally|first|first and foremost|firstly|for example|for instance|for one|furthermore"
    "|hence|here|however|importantly|in addition|in conclusion|in contrast|in fact|in general|in other words"
    "|in particular|in reality|in response|in short|in sum|in turn|in the meantime|indeed|instead"
    "|last|lastly|likewise|meanwhile|more importantly|moreover|most importantly|most recently"
    "|nevertheless|next|nonetheless|notably|now|of course|on the one hand|on the other hand"
    "|overall|put simply|rather|regardless|second|secondly|similarly|specifically|still|then"
    "|third|thirdly|thus|to be sure|ultimately|yet"
)
# "But", "And", "Yet", "So", "Or", "Instead" link without a comma too ("But the reality is").
_LINK = re.compile(
    rf"^(?:(?:{_LINKS}),\s+|(?:but|and|yet|so|or|then|instead|also|thus|hence|therefore)\b,?\s+)",
    re.I,
)
_POINTERS = r"this|these|those|such(?! as\b| an?\b)|it|its|they|them|their"
# Subjects that point back: "This ...", "Its ...", "They ...", and "That ..." as a demonstrative.
_POINTER = re.compile(rf"^(?:{_POINTERS}|that)$", re.I)
# Inside an opening phrase "that" points back only where a demonstrative can stand
# ("after that meeting"), not as in "laws that forbid".
_POINTING = re.compile(
    rf"\b(?:{_POINTERS}|his|her|here|there|above|latter|former)\b"
    r"|(?:^|\b(?:after|before|of|on|in|to|from|with|by|for|at|like|under|despite) )that\b",
    re.I,
)
_PRONOUNS = {"it", "its", "they", "them", "their", "his", "her"}
_PERSONAL = {"he": "", "she": "", "his": "’s", "her": "’s"}
# "It is easy to ...", "It is anticipated that ...": "it" stands for what follows, not for
# something earlier.
_EMPTY_IT = re.compile(
    r"^It (?:is|was|has been|had been|will be|would be|seems|seemed|appears|remains|may be"
    r"|might be|could be|can be|must be|should be)(?: \w+){0,3}? (?:that|to|whether|how|why)\b"
)
# The article speaking of itself: "This paper argues ..." is the article's claim.
_SELF = re.compile(
    r"^(?:This|The present) (?:paper|article|report|essay|study|analysis|commentary|chapter|piece)\b"
)
# "Both" names what came before unless it introduces its own pair: "Both Japan and NATO".
_OWN_PAIR = re.compile(r"^Both (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* and\b")
_LEANING = {"both", "another", "each", "neither", "either", "other", "others", "latter", "former"}
# "CAIRO — Gunmen opened fire ...": a news report's dateline names where it was filed.
_DATELINE = re.compile(r"^[A-Z][A-Z .’'-]+(?:, [A-Z][\w .]+)? [—–-]+ (?=[A-Z])")
# An opening phrase before the subject: "In 2023,", "on the 11th of July,", "Under X,".
_OPENING = re.compile(r"^([^,;:“”\"()]{1,120}),\s+")
# Words that open a phrase before the subject: prepositions, subordinators, participles.
_OPENING_WORD = re.compile(
    r"(?i)(?:in|on|at|by|to|for|with|from|after|before|during|since|under|over|through|until"
    r"|as|because|due|despite|unlike|amid|given|while|although|though|when|once|if|unless"
    r"|\w+ing|\w+ed)\b"
)
_BARE_OPENING = re.compile(
    r"^(?:In|On|By|During|Since|After|Before|Until) [\w ]{0,20}\d{4} "
    r"(?=(?:he|she|it|they|his|her|its|their|this|these|those)\b)"
)
# An opening clause that names something of its own ("Although the RAA is ...") gives a
# following "it" or "they" its referent.
_NAMES_ITS_OWN = re.compile(r"\b(?:the|a|an) [a-z]|\b[A-Z][A-Za-z]+")
# After a dropped opening the subject starts with a name or one of these, not a bare noun
# ("Through their cooperation, communication and ..." lists, it does not open).
_SUBJECT_START = re.compile(
    r"(?:[A-Z]|(?:the|a|an|it|there|we|our|many|most|some|all|no|one|each|both)\b|\w+ing\b)"
)
# Titles that mark the words after them as a person's name.
_TITLES = (
    r"(?:(?:then-|former |current )?(?:Prime Minister|President|Chancellor|Foreign Minister"
    r"|Defen[cs]e Minister|Minister|Secretary-General|Secretary General|Secretary|Ambassador"
    r"|Admiral|General|Senator|Governor|King|Queen|Emperor|Premier|Dr\.|Mr\.|Mrs\.|Ms\.))"
)
_NAME = r"[A-Z][a-z’'-]+(?: (?:[A-Z]\.|[A-Z][a-z’'-]+)){0,3}"
_TITLED = re.compile(rf"\b{_TITLES} ({_NAME})")
# A sentence that opens with a two-to-four-word name followed by a verb-like lower-case word.
_NAMED_SUBJECT = re.compile(r"^([A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,3}) (?=[a-z])")
# Capitalised words that start places, bodies and titles rather than people's names.
_NOT_PERSON = frozenset(
    re.findall(
        r"\S+",
        "The A An This That These Those In On At By For With From After Before During Since Under "
        "North South East West Central United European Asian African American Japanese Chinese "
        "Russian British French German Indian Korean Prime President Minister Ministry Foreign "
        "Defense Defence National International Global Indo Euro New Royal Self Maritime Air Army "
        "Navy Joint Council Institute Centre Center University Government Parliament Congress "
        "Republic Kingdom Union Sea Ocean Strait Operation Strategic Security",
    )
)


def standalone(sentence: str, before: str = "") -> str | None:
    """`sentence` as it reads alone, or None when its meaning depends on text we cannot resolve.

    `before` is the text that precedes the sentence in its article (its paragraph is enough);
    it is read only to name the person behind a "he" or "she".
    """
    text = _DATELINE.sub("", sentence.strip())
    while match := _LINK.match(text):
        text = text[match.end() :]
    if (later := _LATER_OPENING.match(text)) and _SUBJECT_START.match(text[later.end() :]):
        text = text[later.end() :]  # "Seven decades later, Parata ...": the rest stands alone
    text = _drop_pointing_openings(text)
    if text is None or not text:
        return None
    text = _capitalised(text)
    if _SELF.match(text):
        return _SELF.sub("The article", text, count=1)
    openings, rest = _split_openings(text)
    first = re.match(r"[\w’']+", rest)
    if first is None:
        return None
    word = first.group(0)
    lower = word.lower()
    if lower in _PERSONAL:
        name = _the_person(before)
        if name is None:
            return None
        rest = name + _PERSONAL[lower] + rest[len(word) :]
        return _capitalised(openings + rest)
    if lower == "it" and _EMPTY_IT.match(_capitalised(rest)):
        return text
    if lower in ("it", "they") and _NAMES_ITS_OWN.search(openings[1:]):
        return text  # "Although the RAA is not a treaty, it does ...": named in the opening
    if lower == "both" and _OWN_PAIR.match(rest):
        return text
    if _POINTER.match(word) or lower in _LEANING:
        return None
    return text


# News copy names a country, an attack or a time once and leans on it after: "voters" (of
# which country?), "the authoritarian system", "the slain foreigners", "Seven decades later".
# A state's people or officers ("voters", "the police") with no name of its own in the words
# before it, and those who took part in a happening told before ("the slain foreigners").
_GROUP = re.compile(
    r"(?<![\w-])(?:(?i:voters|lawmakers|legislators|police"
    r"|troops|authorities|prosecutors)|(?<=\b[Tt]he )(?:[a-z-]+ ){0,2}(?:protesters"
    r"|demonstrators|rebels|militants|gunmen|attackers|assailants|victims|hostages|foreigners))"
    r"\b(?! (?:in|of|from|at) (?:the )?[A-Z])"
)
# The three words before a group (found apart: matched with it, they made the build slow).
_WORDS_BEFORE = re.compile(r"(?:[\w’'-]+ ){0,3}\Z")
# A name or a count before a group says whose it is or introduces it: "Tunisian voters",
# "hundreds of police".
_NAME_BEFORE = re.compile(
    r"\b(?!(?:The|A|An|Some|Many|Most|All|Several|Other|Few)\b)[A-Z]|\d"
    r"|\b(?:hundreds|thousands|dozens|millions|some|many|several)\b"
)
# A state or a happening named only by its kind, "the" and lower-case words before it; a state
# is the one the text names ("Japan ... the national government").
_KIND = (
    r"\b[Tt]he (?:[a-z-]+ ){{0,2}}(?:{})(?:’s|'s)?\b"
    r"(?! (?:of|in|at|on|against|by|to|for) (?:the )?[A-Z])(?![\w-])"
)
# A system is a state's only when politics says so: the solar system needs no country.
_STATE_ONLY = re.compile(
    _KIND.format(
        "regime|country|nation|government"
        "|(?:authoritarian|political|totalitarian|one-party|communist|autocratic) system"
    )
)
_HAPPENING_ONLY = re.compile(
    _KIND.format("attack|assault|bombing|shooting|massacre|uprising|revolution|crisis")
)
# A time counted from one the text before gave ("Seven decades later", "the next day").
_COUNTED = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)"
    r" (?:later|earlier|afterwards?|before that|after that)"
)
_THEN = (
    r"(?:the|that) (?:next|following|previous) (?:day|night|morning|evening|week|month|year)"
    r"|later that (?:day|night|week|month|year)|since then|by then|until then"
)
_RELATIVE_TIME = re.compile(rf"\b(?:{_COUNTED}|{_THEN})\b")
_LATER_OPENING = re.compile(rf"(?i)^(?:(?:[\w-]+ )?{_COUNTED}|{_THEN}),\s+")
# A second of something the text before told of: "a fresh crisis", "another project", "with
# further searches".
_AGAIN = re.compile(
    r"\b(?:a fresh|(?<!\bone )another|yet another|(?:with|after|upon|through|by) further)\b"
)
# "it" as what is done or said ("Lorenz described it"), not an empty one ("made it clear that").
_DONE_IT = re.compile(
    r"\b(?:[a-z]{3,}ed|saw|found|did|made|gave|took|told|wrote|kept|held|brought|sent) it\b"
    r"(?! (?:to|that|clear|possible|easier|harder|difficult|hard|easy|impossible|necessary)\b)"
)
_THING = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+[a-z]")


def unanchored(text: str) -> bool:
    """Whether `text` leans on a name the text before it gave: people, a state or a happening
    named only by kind, a time counted from another, a second of something told before. What
    a quotation says is the speaker's, not the text's to name."""
    text = re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)
    lower = text.lower()  # read by two patterns: a case-blind one reads several times slower
    # "Lorenz described it": "it" is the sentence's own only after a thing it names.
    done = (m for m in _DONE_IT.finditer(text) if not _THING.search(text, 0, m.start()))
    return bool(
        _unnamed_group(text)
        or (_STATE_ONLY.search(text) and not _names_a_country(text))
        or _HAPPENING_ONLY.search(text)
        or _RELATIVE_TIME.search(lower)
        or _AGAIN.search(lower)
        or any(done)
    )


def _unnamed_group(text: str) -> bool:
    """Whether a group ("voters") has no name or count among the three words before it
    ("Tunisian voters and lawmakers" names both)."""
    for group in _GROUP.finditer(text):
        words = _WORDS_BEFORE.search(text, max(0, group.start() - 100), group.start())
        if not _NAME_BEFORE.search(words.group(0)):
            return True
    return False


def _names_a_country(text: str) -> bool:
    return any(
        (found := place(name)) and found.kind == "country"
        for name in re.findall(r"(?=\b([A-Z][a-z]+(?: [A-Z][a-z]+)?))", text)
        for name in (name, name.split()[0])
    )


def quote_open(text: str) -> bool:
    """Whether `text` ends inside a quotation: what follows it is quoted, not the article's."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def quotes_balanced(text: str) -> bool:
    """Every quotation `text` opens it closes, and it closes none it did not open."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _drop_pointing_openings(text: str) -> str | None:
    """'In this light, NATO ...' -> 'NATO ...'. A pointing phrase with a date in it is needed
    for the date, so the sentence is refused instead."""
    while (match := _OPENING.match(text)) and _OPENING_WORD.match(match.group(1)):
        pointer = _POINTING.search(match.group(1))
        if not pointer:
            break
        # "For NATO to ... extend its functionality,": a name before a pronoun is its referent.
        named = re.search(r"\b[A-Z]", match.group(1)[1 : pointer.start()])
        if named and pointer.group(0).lower() in _PRONOUNS:
            break
        if re.search(r"\d", match.group(1)) or not _SUBJECT_START.match(text[match.end() :]):
            return None
        text = text[match.end() :]
    return text


def _split_openings(text: str) -> tuple[str, str]:
    """The opening phrases (kept) and the rest, which starts with the subject. A clause before a
    comma that starts with a name ("Japan, for its part, ...") is the subject, not an opening;
    a short opening needs no comma when a pronoun follows it ("In 2017 she ...")."""
    end = 0
    while (match := _OPENING.match(text[end:])) and _OPENING_WORD.match(match.group(1)):
        end += match.end()
    if bare := _BARE_OPENING.match(text[end:]):
        end += bare.end()
    return text[:end], text[end:]


def _the_person(before: str) -> str | None:
    """The one person the last sentence of `before` names, as it names them, or None."""
    sentences = split_sentences(before)
    if not sentences:
        return None
    last = sentences[-1]
    names = [m.group(1) for m in _TITLED.finditer(last)]
    subject = _NAMED_SUBJECT.match(last)
    if subject and subject.group(1).split()[0] not in _NOT_PERSON:
        names.append(subject.group(1))
    people: dict[str, str] = {}  # surname -> the longest form used
    for name in names:
        surname = name.split()[-1]
        if len(name) > len(people.get(surname, "")):
            people[surname] = name
    if len(people) != 1:
        return None
    return next(iter(people.values()))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


_PAST_TITLE = re.compile(r"\b(?i:then-|former |ex-|late )(?:[A-Z][\w.-]* )+$")


def titled(text: str, context: str) -> str:
    """`text` with a person it names bare given the title `context` gives them: 'Fumio Kishida
    was scheduled ...' beside 'Prime Minister Fumio Kishida is attending ...' reads 'Prime
    Minister Fumio Kishida was scheduled ...', as a post shown alone should. Only a full name
    (given name and surname) with one present title: a past one ('then-', 'former') may not
    hold on the text's date, and two titles leave which to doubt."""
    given: dict[str, set[str]] = {}
    for match in _TITLED.finditer(context):
        if " " in match.group(1):
            title = match.group(0)[: match.start(1) - match.start()]
            past = _PAST_TITLE.search(context[: match.start()] + title)  # "Former Prime Minister"
            given.setdefault(match.group(1), set()).add("" if past else title)
    taken = {m.start(1) for m in _TITLED.finditer(text)}
    for name, titles in given.items():
        title = next(iter(titles))
        if len(titles) != 1 or not title or title.strip() in text:
            continue  # "Kishida ... the first Japanese Prime Minister" says it already
        for bare in re.finditer(rf"(?<![\w’'-]){re.escape(name)}\b", text):
            # not part of a longer name: "Taro Aso" is no "Aso"'s, "Mr Fumio Kishida" no bare one
            joined = re.search(r"[A-Z][\w’'.-]* $", text[: bare.start()])
            if bare.start() not in taken and not joined:
                return text[: bare.start()] + title + text[bare.start() :]
    return text
