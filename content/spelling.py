"""British spellings read as American ones: "Defence" is "Defense", "Programme" is "Program".

Each rule rewrites a British pattern (-ise/-isation, -yse, -our, -tre/-bre/-vre, -ence,
-gramme, -ogue, -elled, ae/oe), and a rewrite is kept only when it gives a word of the English
word list, which spells the American way: "organise" becomes "organize", "exercise" stays, as
"exercize" is no word. The judge reads both a student's response and the answer this way, so
either spelling is right; questions list the American form beside the British one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from content.vocabulary import english_words

# Word endings spelled otherwise in American English; each keeps what follows it. The -our and
# -lled rules need a syllable before them: "four" is not "for", nor "filled" "filed".
_ENDINGS = (
    (re.compile(r"is(e|es|ed|ing|er|ers|ation|ations|ational)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (
        re.compile(r"(?<=[a-z]{3})our(s|ed|ing|al|ally|able|ably|ful|less|ite|ites|er|ers)?$"),
        r"or\1",
    ),
    (re.compile(r"([tbv])re(s|d)?$"), r"\1er\2"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
    (re.compile(r"gramme(s)?$"), r"gram\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"([aeiou][^aeiou]{1,3}[aeiou])ll(ed|ing|er|ers|or|ors)$"), r"\1l\2"),
)
# "archaeology", "manoeuvre": a digraph American English writes as one letter, rewritten only
# in a word the list does not know ("Michael" stays).
_DIGRAPH = re.compile(r"(?<=[a-z])(?:ae|oe)(?=[a-z])")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=65536)
def american(word: str) -> str:
    """`word` (lowercase) spelled the American way, when that is a word; else as it is."""
    known = english_words()
    for pattern, replacement in _ENDINGS:
        respelled = pattern.sub(replacement, word)
        if respelled != word and respelled in known:
            word = respelled
            break
    if word not in known and _DIGRAPH.search(word):
        respelled = _DIGRAPH.sub(lambda m: m.group()[1], word)
        for candidate in (respelled, american(respelled)):
            if candidate in known:
                return candidate
    return word


def american_text(text: str) -> str:
    """`text` with each word spelled the American way, in its own case: "Self-Defence Force" ->
    "Self-Defense Force"."""
    return _WORD.sub(lambda m: _cased(american(m.group().lower()), m.group()), text)


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
