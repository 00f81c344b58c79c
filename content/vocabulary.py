"""Which strings are English words: pyspellchecker's word list plus the corpus's own words.

Used to decide whether "increas" + "ing" at a line break is one word, and by the checker
to spot a fragment such as "Febru ary" left in clean text.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from functools import cache
from importlib import resources

WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[’'][A-Za-z]+)?")
_POSSESSIVE = re.compile(r"[’']s$")


@cache
def english_words() -> frozenset[str]:
    data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    return frozenset(json.loads(gzip.decompress(data)))


class Vocabulary:
    """English words plus words seen whole (not at a line break) in the articles."""

    def __init__(self, corpus_words: set[str] = frozenset()) -> None:
        self.english = english_words()
        self.corpus = frozenset(w.lower() for w in corpus_words)

    def knows(self, word: str) -> bool:
        word = _POSSESSIVE.sub("", word.lower().strip(".,;:!?()“”\"'’‘"))
        if not word:
            return False
        if word in self.corpus or word in self.english:
            return True
        # British spellings the American-leaning list lacks: realisation, prioritised.
        from content.spelling import american  # it reads the list this module loads

        if american(word) != word:
            return True
        return any(stem in self.english for stem in _stems(word))

    def in_corpus(self, word: str) -> bool:
        return word.lower() in self.corpus

    def is_fragment_pair(self, left: str, right: str) -> bool:
        """True for "Febru" "ary": two pieces of one known word, at least one not a word."""
        if not (left.isalpha() and right.isalpha() and right.islower()):
            return False
        if len(left + right) < 6:
            return False  # "quo in" is not "quoin"
        return self.knows(left + right) and not (self.knows(left) and self.knows(right))

    def fragments(self, text: str) -> list[str]:
        """Adjacent word pairs in `text` that look like a word broken in two."""
        tokens = text.split()
        found = []
        for left, right in itertools.pairwise(tokens):
            a, b = left.strip("“”\"'‘(,"), right.rstrip('.,;:!?”"’)')
            if left == a and self.is_fragment_pair(a, b):
                found.append(f"{a} {b}")
        return found


def _stems(word: str) -> list[str]:
    """Base forms of an inflected word the list may lack: 'hamstringed' -> 'hamstring'."""
    stems = []
    for suffix in ("s", "es", "ed", "d", "ing", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stems.append(word[: -len(suffix)])
    if word.endswith("ing") and len(word) > 5:
        stems.append(word[:-3] + "e")
    return stems
