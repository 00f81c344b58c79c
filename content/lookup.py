"""Fact lookup: a loose student question in, the passages that answer it out, best first.

SQLite FTS5 (porter stemming, bm25) finds candidate passages for the question's terms; a re-rank
in Python then scores each candidate on the distinct ideas of the question it covers, how close
together they sit, and whether a glossary entry or timeline event drawn from it matches too.
The question is first understood: question words dropped, typos corrected against the readings'
vocabulary, acronyms expanded through the glossary (and expansions contracted), places and
synonyms widened through content.aliases, British and American spellings bridged.
User text never reaches MATCH as typed: only our own quoted word sequences do.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from content.aliases import GROUPS, american_spelling, spelling_variants
from content.elsewhere import elsewhere_sentences
from content.model import Passage, Studyset
from content.semantic import Semantic, passage_sentences, sentence_key
from content.vocabulary import english_words

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Characters that join two words into one written unit: "NATO-Japan", "9/11", "U.S.", "what's".
# Zero-width characters and soft hyphens, which would otherwise split a word in two.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Chat markup that is not part of a question: Discord and Slack mentions, channel links and
# custom emoji (<@123>, <@&1>, <#C1|general>, <!here>, <:name:1>), typed @mentions, :shortcodes:,
# URLs; a Markdown link keeps its text.
_MARKUP = re.compile(
    r"<(?:[@#!][^<>\s]*|a?:\w+:\d+)>|(?<![\w@])@\w+|(?<!\w):[\w+-]+:(?!\w)|<?https?://[^\s>]+>?"
)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_JOINERS = frozenset("-‐‑/.'’&")
_APOSTROPHES = frozenset("'’")
_TOKENIZER = "porter unicode61 remove_diacritics 2"

# Words that carry no topic in a question. "us" is absent on purpose: it is the country here.
_STOPWORD_TEXT = """a an the of in on at to for from by with about as into onto over under between and or
    but nor if then than so such too very is are was were be been being am do does did doing
    done has have had having will would shall should can could may might must what which who
    whom whose when where why how many much that this these those it its they them their theirs
    there here i me my mine we our ours you your yours he him his she her hers s t also just
    tell explain describe say says said mean means meant give show list name define definition
    happen happened happens any some get got make made per via article articles author authors
    reading readings text passage paragraph please know according"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_QUESTION_WORDS = frozenset(
    {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whats"}
)
# Verbs after which a lower-case "us" is the pronoun, not the country.
_PRONOUN_US_AFTER = frozenset({"tell", "give", "show", "let", "help", "for", "to", "with"})

# Questions asking for a date or an amount: a passage with one near the question's words
# answers rather than merely mentions. Matched on the folded question before stop-words go.
_WANTS = {
    "date": re.compile(r"\b(when|what year|which year|what date|since when)\b"),
    "number": re.compile(r"\b(how many|how much|what percentage|what percent|what share)\b"),
}
_NUMBER_WORDS = """one two three four five six seven eight nine ten eleven twelve twenty thirty
    forty fifty hundred thousand million billion trillion dozen half percent"""
ANSWER_WINDOW = 20  # words either side of a matched idea
ANSWER_BONUS = 0.15

# How students ask what a term means; blanked out before the words are read.
_DEFINITION_ASKS = re.compile(
    r"\b(stands? for|short for|full form of|(abbreviation|acronym) (of|for)|meaning of)\b",
    re.IGNORECASE,
)

MAX_QUERY_CHARS = 400
CANDIDATES = 20  # passages re-ranked per question
EXTRA_CANDIDATES = 10  # glossary entries and events that may lend their passage a bonus
# Candidates are fetched by the rarest ideas first, until they would match more passages than
# this: ranking thousands of passages that say "japan" costs time and tells little. A class's
# readings (a few hundred passages) stay under it, so there every idea fetches.
RETRIEVAL_BUDGET = 1500
ALIAS_WEIGHT = 0.7  # an alias counts for less than the student's own word
VARIANT_WEIGHT = 0.95  # the other side of the Atlantic's spelling is nearly the same word
EXTRA_WEIGHT = 0.5  # glossary/event rows add this share of their match to their passage
DEFINITION_WEIGHT = 2.0  # ... and this much when the question asks what a glossary term is
PROXIMITY_WEIGHT = 0.3
MIN_CONFIDENCE = 0.4  # below this share of the question's weight matched, say "no good match"
LONG_WORD = 8  # words this long may carry two typos, shorter ones one
RELATIVE_PREFIX, RELATIVE_MIN_LENGTH = 0.75, 7  # "governmental" -> "government"
K1, B = 1.2, 0.75
# Fragments (headings, captions, notes) are scored as if this share of an average passage long,
# so that their shortness alone does not lift them over the paragraph that explains.
SHORTEST = 0.5
BYLINE_POSITION = 100_000  # where a passage's byline words sit, out of reach of its text
# The meaning side (content.semantic): a passage's closeness is its closest sentence's cosine
# with the question, counted by how far it stands above the median passage's.
SEMANTIC_CANDIDATES = 20  # closest passages added to the lexical candidates
SEMANTIC_WEIGHT = 15.0  # score per unit of cosine above the median passage
# "No good match", with meaning. A question is answered when the readings' closest sentence is
# closer to it than general knowledge's closest (content.elsewhere), and that lead + CLOSE_WEIGHT x
# the readings' closest cosine + KNOWN_WEIGHT x the IDF share of its ideas the readings use
# reaches ON_TOPIC. Cosines of multilingual-e5-small, which seldom fall below 0.75 even for
# unrelated text. Calibrated on tests/data's off-topic and paraphrase sets and the dev set, a
# little below the lowest real question (not on the held-out twins).
ON_TOPIC, CLOSE_WEIGHT, KNOWN_WEIGHT = 1.299, 1.5, 0.06
# ... unless the question is a few keywords one passage holds all of ("hungary ukraine"): the
# student names what a passage says. A question ("what is the currency of japan") asks more.
WHOLE_MATCH = 0.999
SHORT_SENTENCE = 120  # an answering sentence shorter than this brings the next one along


@dataclass(frozen=True)
class Hit:
    passage: Passage
    # Relevance per unit of question weight times the share of the question's ideas found
    # (about 1 for a passage stating every idea once, up to ~2 with repeats and bonuses),
    # plus SEMANTIC_WEIGHT times how much closer in meaning it is than the median passage.
    score: float
    # Where in the passage text the sentence or two that answer stand: (start, end).
    answer: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class LookupResult:
    hits: list[Hit]
    suggestions: list[str]
    corrected: str


@dataclass(frozen=True)
class _Alt:
    words: tuple[str, ...]
    stems: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class _Concept:
    alts: tuple[_Alt, ...]
    glossary: bool = False  # a glossary term or its expansion


@dataclass(frozen=True)
class _Question:
    concepts: list[_Concept]
    corrected: str
    wants: str | None  # "date" or "number" when the question asks for one
    keywords: bool  # no question word: "hungary ukraine", "article 9"


@dataclass(frozen=True)
class _Token:
    words: tuple[str, ...]  # folded; several for "9/11", "f-35b", "u.s." kept as one unit
    start: int
    end: int
    upper: bool  # typed in capitals, as acronyms are


def clean_question(text: str) -> str:
    """The question as lookup reads it: no chat markup, invisible characters or extra spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))[:MAX_QUERY_CHARS]
    return " ".join(_MARKUP.sub(" ", _MARKDOWN_LINK.sub(r"\1", text)).split())


def fold(text: str) -> str:
    """Lower case without accents, as the FTS5 tokenizer sees text."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer for the re-rank: one spelling, plural, -ed/-ing, final -e."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = american_spelling(word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_NUMBER_STEMS = frozenset(map(stem, _NUMBER_WORDS.split()))


def _stems(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words)


def _phrase(words: tuple[str, ...]) -> str:
    # Words come from _WORD, so they hold no quote, operator or column syntax.
    return '"' + " ".join(words) + '"'


def _tokens(text: str) -> list[_Token]:
    """Words of a question, written units such as "9/11" or "U.S." kept together."""
    matches = list(_WORD.finditer(text))
    groups: list[list[re.Match]] = []
    for m in matches:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end() : m.start()]
            if len(gap) == 1 and gap in _JOINERS:
                groups[-1].append(m)
                continue
        groups.append([m])
    tokens: list[_Token] = []
    for group in groups:
        gaps = {text[a.end() : b.start()] for a, b in itertools.pairwise(group)}
        if len(group) > 1 and group[-1].group().lower() in ("s", "t") and gaps & _APOSTROPHES:
            group = group[:-1]  # possessive or contraction: "nato's", "what's", "don't"
        parts = [m.group() for m in group]
        words = tuple(fold(p) for p in parts)
        start, end = group[0].start(), group[-1].end()
        if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):
            tokens.append(_Token(("".join(words),), start, end, True))  # "U.S." -> "us"
        elif len(parts) > 1 and any(len(p) == 1 or not p.isalpha() for p in parts):
            tokens.append(_Token(words, start, end, False))  # "9/11", "F-35B": one unit
        else:
            tokens.extend(
                _Token((w,), m.start(), m.end(), len(p) > 1 and p.isupper())
                for w, p, m in zip(words, parts, group, strict=True)
            )
    return tokens


class LookupIndex:
    """An in-memory index over one studyset; cheap enough to build at bot start-up.

    With `semantic`, questions are also matched by meaning against the stored sentence vectors;
    sentences without a vector yet are embedded in a background thread, and until that is done
    lookup is by words alone.
    """

    def __init__(self, studyset: Studyset, semantic: Semantic | None = None) -> None:
        self.studyset = studyset
        self._passages = studyset.passages
        self._row_of = {p.id: i for i, p in enumerate(self._passages)}
        self._article_of = np.array([p.article for p in self._passages])
        # Only the model is kept: the store's vectors are copied into one matrix below.
        self._embedder = semantic.embedder if semantic is not None else None
        self._sentence_vectors: np.ndarray | None = None
        self._elsewhere_vectors = np.zeros((0, 384), dtype=np.float32)
        self._sentences = passage_sentences(studyset)
        if semantic is not None:
            self._attach(semantic)
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        # Who wrote each article and what it is called, so that "what does Erskine argue" or
        # "in the Nagy paper" finds that article's passages.
        self._bylines = _naming_words(studyset)
        self._db.execute(
            f"CREATE VIRTUAL TABLE passage USING fts5(text, byline, tokenize={_TOKENIZER!r})"
        )
        self._db.execute(f"CREATE VIRTUAL TABLE extra USING fts5(text, tokenize={_TOKENIZER!r})")
        self._db.executemany(
            "INSERT INTO passage(rowid, text, byline) VALUES (?, ?, ?)",
            ((i, p.text, self._bylines.get(p.article, "")) for i, p in enumerate(self._passages)),
        )
        # Glossary entries and events, each pointing back at the passage it was drawn from.
        self._extras: list[tuple[int, str]] = [
            (self._row_of[g.passage], f"{g.term} {g.expansion}")
            for g in studyset.glossary
            if g.passage in self._row_of
        ]
        # Where the readings first define each term (acronyms are defined at first use; a
        # later reading may define one again): the answer to "what is X?".
        first: dict[str, int] = {}
        for x, g in enumerate(g for g in studyset.glossary if g.passage in self._row_of):
            term = fold(g.term)
            if term not in first or self._extras[x][0] < self._extras[first[term]][0]:
                first[term] = x
        self._first_definitions = set(first.values())
        self._extras += [
            (self._row_of[e.passage], f"{e.date} {e.text}")
            for e in studyset.events
            if e.passage in self._row_of
        ]
        self._db.executemany(
            "INSERT INTO extra(rowid, text) VALUES (?, ?)",
            ((i, text) for i, (_, text) in enumerate(self._extras)),
        )
        english_words()  # loaded once per process, here rather than in the first question
        self._build_vocabulary()
        self._build_phrases()
        # What to offer when nothing matches: glossary terms and article titles.
        self._choices = list(
            dict.fromkeys(
                [f"{g.term} ({g.expansion})" for g in studyset.glossary]
                + [a.title for a in studyset.articles]
            )
        )
        self._folded_choices = [fold(c) for c in self._choices]
        self._layout_cache: dict[int, tuple[int, dict[str, list[int]]]] = {}
        self._extra_layout_cache: dict[int, tuple[int, dict[str, list[int]]]] = {}

    # -- building ---------------------------------------------------------------------------

    def _attach(self, semantic: Semantic) -> None:
        """Sentence vectors in passage order (`_starts` marks where each passage's begin) and
        those of general knowledge (content.elsewhere)."""
        counts = [len(ss) for ss in self._sentences]
        self._starts = np.cumsum([0, *counts[:-1]])
        self._has_sentences = np.array(counts) > 0
        sentences = [x for ss in self._sentences for x in ss]
        keys = [sentence_key(x) for x in sentences]
        elsewhere = elsewhere_sentences()
        elsewhere_keys = [sentence_key(x) for x in elsewhere]
        if all(k in semantic.store for k in keys) and all(
            k in semantic.elsewhere for k in elsewhere_keys
        ):
            self._ready(semantic.store.matrix(keys), semantic.elsewhere.matrix(elsewhere_keys))
            return

        def complete() -> None:
            semantic.embed_missing(sentences)
            semantic.embed_missing(list(elsewhere), semantic.elsewhere)
            self._ready(semantic.store.matrix(keys), semantic.elsewhere.matrix(elsewhere_keys))
            for store in (semantic.store, semantic.elsewhere):
                try:  # kept for the next start; a read-only install embeds again next time
                    if store.changed:
                        store.save()
                except OSError as problem:
                    log.warning("cannot save the vectors %s: %s", store.path, problem)

        threading.Thread(target=complete, name="embed-passages", daemon=True).start()

    def _ready(self, sentences: np.ndarray, elsewhere: np.ndarray) -> None:
        self._elsewhere_vectors = elsewhere
        self._sentence_vectors = sentences  # last: from now on lookup is by meaning too

    @property
    def semantic_ready(self) -> bool:
        return self._sentence_vectors is not None

    def _build_vocabulary(self) -> None:
        """Words of the readings, and in how many passages each (light) stem occurs.

        Counted per written form and merged afterwards, which is fast; a passage that writes
        both "Force" and "forces" counts twice for "forc", a slight overestimate we accept.
        """
        surface: Counter[str] = Counter()
        lengths = 0
        byline_words = {a: set(_WORD.findall(b)) for a, b in self._bylines.items()}
        self._names: dict[str, set[str]] = {}
        for article, words in byline_words.items():
            for word in words:
                self._names.setdefault(stem(fold(word)), set()).add(article)
        for p in self._passages:
            words = _WORD.findall(p.text)
            lengths += len(words)
            surface.update(set(words) | byline_words.get(p.article, set()))
        self._avg_len = lengths / max(1, len(self._passages))
        self._vocab: Counter[str] = Counter()
        self._stem_df: Counter[str] = Counter()
        self._lowercase_words: set[str] = set()
        for word, count in surface.items():
            folded = fold(word)
            self._vocab[folded] += count
            self._stem_df[stem(folded)] += count
            if word.islower():
                self._lowercase_words.add(word)
        for _, text in self._extras:
            for word in _WORD.findall(text):
                self._vocab[fold(word)] += 0  # known, though in no passage
        self._known_stems = {stem(w) for w in self._vocab}
        self._build_porter_counts()
        self._sorted_vocab = sorted(self._vocab)
        self._fuzzy_vocab = [w for w in self._vocab if w.isalpha() and len(w) >= 3]

    def _build_porter_counts(self) -> None:
        """Each word of the readings through the FTS5 tokenizer once, to learn how many
        passages FTS5 matches for it (its porter term may reach further than our stem)."""
        db = self._db
        db.execute(f"CREATE VIRTUAL TABLE probe USING fts5(w, tokenize={_TOKENIZER!r})")
        db.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance')")
        db.execute("CREATE VIRTUAL TABLE passage_terms USING fts5vocab(passage, 'row')")
        words = list(self._vocab)
        db.executemany("INSERT INTO probe(rowid, w) VALUES (?, ?)", enumerate(words))
        docs = dict(db.execute("SELECT term, doc FROM passage_terms"))
        self._porter_df = {
            words[i]: docs.get(term, 0)
            for term, i in db.execute("SELECT term, doc FROM probe_terms")
        }
        for table in ("probe_terms", "passage_terms", "probe"):
            db.execute(f"DROP TABLE {table}")

    def _build_phrases(self) -> None:
        """Phrase (as stems) -> ways to say it: alias groups and glossary term <-> expansion."""
        self._phrases: dict[tuple[str, ...], list[tuple[tuple[tuple[str, ...], ...], bool]]] = {}
        self._needs_capitals: set[tuple[str, ...]] = set()
        self._abbreviations = {
            fold(p) for group in GROUPS for p in group if p.isupper() and p.isalpha()
        } | {fold(n) for g in self.studyset.glossary for n in (g.term, *g.variants) if n.isalpha()}
        for group in GROUPS:
            self._add_group(tuple(tuple(_WORD.findall(fold(p))) for p in group), glossary=False)
        terms = {}
        for g in self.studyset.glossary:
            term = tuple(_WORD.findall(fold(g.term)))
            # the term, its long form and their variants ("ESC", "SLOCs") all say the same
            spellings = {tuple(_WORD.findall(fold(name))) for name in g.names()} - {()}
            if term and len(spellings) > 1:
                terms.setdefault(term, {term}).update(spellings)
                if g.term.lower() in self._lowercase_words:
                    self._needs_capitals.add(_stems(term))  # "PLAN" the navy, not "plan"
        for term, spellings in terms.items():
            self._add_group((term, *sorted(spellings - {term})), glossary=True)
        self._longest_phrase = max((len(k) for k in self._phrases), default=1)
        self._alias_words = {w for key in self._phrases for w in key}

    def _add_group(self, group: tuple[tuple[str, ...], ...], *, glossary: bool) -> None:
        for phrase in group:
            if phrase:
                self._phrases.setdefault(_stems(phrase), []).append((group, glossary))

    # -- understanding the question ---------------------------------------------------------

    def _is_known(self, word: str) -> bool:
        return word in self._vocab or stem(word) in self._known_stems or word in self._alias_words

    def _correct(self, word: str) -> tuple[str, ...]:
        """For a word the readings never use: a longer relative sharing most of its beginning
        ("militarize" -> "militarization"); else, if it is no English word either, the closest
        word ("forse" -> "force") or two words it runs together ("seapower" -> "sea power");
        else itself. A real word the readings lack ("bread") is not bent into one ("broad")."""
        if (
            len(word) < 4
            or not word.isalpha()
            or word in STOPWORDS
            or self._is_known(word)
            or any(v in self._vocab for v in spelling_variants(word))
        ):
            return (word,)
        relative = self._relative(word)
        if relative:
            return (relative,)
        if word in english_words():
            return (word,)
        edits = 1 if len(word) < LONG_WORD else 2
        found = process.extract(
            word, self._fuzzy_vocab, scorer=OSA.distance, score_cutoff=edits, limit=8
        )
        if found:
            return (min(found, key=lambda f: (f[1], -self._vocab[f[0]], f[0]))[0],)
        splits = [
            (word[:i], word[i:])
            for i in range(3, len(word) - 2)
            if word[:i] in self._vocab and word[i:] in self._vocab
        ]
        if splits:
            return max(splits, key=lambda ab: min(self._vocab[ab[0]], self._vocab[ab[1]]))
        return (word,)

    def _relative(self, word: str) -> str | None:
        """The readings' word that shares the longest beginning with `word`, if that is at
        least RELATIVE_PREFIX of it; short words have too many look-alikes to try."""
        if len(word) < RELATIVE_MIN_LENGTH:
            return None
        prefix = word[: math.ceil(RELATIVE_PREFIX * len(word))]
        kin = []
        for w in self._sorted_vocab[bisect.bisect_left(self._sorted_vocab, prefix) :]:
            if not w.startswith(prefix):
                break
            kin.append((_shared_prefix(w, word), self._vocab[w], w))
        return max(kin)[2] if kin else None

    def _joined(self, tokens: list[_Token], i: int) -> _Concept | None:
        """Two typed words the readings write as one ("cyber security" -> "cybersecurity")."""
        if i + 1 >= len(tokens) or len(tokens[i].words) != 1 or len(tokens[i + 1].words) != 1:
            return None
        pair = (tokens[i].words[0], tokens[i + 1].words[0])
        if any(w in STOPWORDS for w in pair) or "".join(pair) not in self._vocab:
            return None
        return _Concept(tuple(self._word_alts(pair, 1.0) + self._word_alts(("".join(pair),), 1.0)))

    def _word_alts(self, words: tuple[str, ...], weight: float) -> list[_Alt]:
        alts = [_Alt(words, _stems(words), weight)]
        if len(words) == 1:
            alts += [
                _Alt((v,), (stem(v),), weight * VARIANT_WEIGHT)
                for v in sorted(spelling_variants(words[0]))
                if v in self._vocab
            ]
        return alts

    def _understand(self, query: str) -> _Question:
        text = clean_question(query)
        folded = fold(text)
        wants = next((kind for kind, pattern in _WANTS.items() if pattern.search(folded)), None)
        tokens = _tokens(_DEFINITION_ASKS.sub(lambda m: " " * len(m.group()), text))
        corrected_text = text
        fixed: list[_Token] = []
        for tok in reversed(tokens):  # right to left, so earlier spans stay valid
            if len(tok.words) == 1:
                better = self._correct(tok.words[0])
                if better != tok.words:
                    corrected_text = (
                        corrected_text[: tok.start] + " ".join(better) + corrected_text[tok.end :]
                    )
                    tok = _Token(better, tok.start, tok.end, tok.upper)
            fixed.append(tok)
        fixed.reverse()

        concepts: list[_Concept] = []
        i = 0
        while i < len(fixed):
            if _is_pronoun_us(fixed, i):
                i += 1
                continue
            taken = self._match_phrase(fixed, i)
            if taken:
                n, concept = taken
                concepts.append(concept)
                i += n
                continue
            joined = self._joined(fixed, i)
            if joined:
                concepts.append(joined)
                i += 2
                continue
            tok = fixed[i]
            i += 1
            if _is_numbered(tok, fixed[i : i + 1]):  # "Article 9" is a clause, not the reading
                concepts.append(
                    _Concept(tuple(self._word_alts((*tok.words, *fixed[i].words), 1.0)))
                )
                i += 1
                continue
            if len(tok.words) == 1 and (tok.words[0] in STOPWORDS or len(tok.words[0]) < 2):
                continue
            concepts.append(_Concept(tuple(self._word_alts(tok.words, 1.0))))
        keywords = not any(t.words[0] in _QUESTION_WORDS for t in tokens)
        return _Question(_dedupe(concepts), corrected_text.strip(), wants, keywords)

    def _match_phrase(self, tokens: list[_Token], i: int) -> tuple[int, _Concept] | None:
        for n in range(min(self._longest_phrase, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            words = tuple(w for t in span for w in t.words)
            key = _stems(words)
            groups = self._phrases.get(key)
            if not groups:
                continue
            if key in self._needs_capitals and not all(t.upper for t in span):
                continue
            alts = self._word_alts(words, 1.0)
            for group, glossary in groups:
                # A term and its expansion are the same thing; an alias is a little less.
                weight = 1.0 if glossary else ALIAS_WEIGHT
                alts += [_Alt(p, _stems(p), weight) for p in group if _stems(p) != key]
                alts += [_Alt(d, d, weight) for p in group if (d := self._dotted(p))]
            glossary = any(g for _, g in groups)
            return n, _Concept(tuple(_unique_alts(alts)), glossary)
        return None

    def _dotted(self, phrase: tuple[str, ...]) -> tuple[str, ...] | None:
        """An abbreviation as texts write it with dots: "us" -> ("u", "s") to meet "U.S."."""
        if len(phrase) == 1 and phrase[0] in self._abbreviations and len(phrase[0]) <= 4:
            return tuple(phrase[0])
        return None

    # -- scoring ----------------------------------------------------------------------------

    def _df(self, alt: _Alt) -> int:
        """Passages holding the wording, by stem; a phrase counts as its rarest word, which is
        near enough for weighting and costs no query."""
        return min(min(self._stem_df.get(s, 0) for s in alt.stems), len(self._passages))

    def _weigh(self, concepts: list[_Concept]) -> tuple[list[list[float]], float]:
        """Weight of each way of saying each idea, and of the whole question.

        An idea is as common as its most common wording ("tokyo" is as common as "japan" in
        readings about Japan), scaled by how close the wording is to what the student typed.
        A word the readings never use counts as an average word of the question, so that one
        unknown word lowers the confidence without sinking an otherwise good match.
        """
        n = len(self._passages)
        idfs: list[float | None] = []
        for c in concepts:
            df = max(self._df(a) for a in c.alts)
            idfs.append(math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else None)
        known = [i for i in idfs if i is not None]
        unknown = sum(known) / len(known) if known else 1.0
        weights = [
            [a.weight * (i or 0.0) for a in c.alts] for c, i in zip(concepts, idfs, strict=True)
        ]
        return weights, sum(unknown if i is None else i for i in idfs)

    def _retrieval_expression(self, concepts: list[_Concept]) -> str:
        """OR of the wordings of the question's rarer ideas; the re-rank weighs all of them."""
        rarest_first = sorted(
            range(len(concepts)), key=lambda i: max(map(self._df, concepts[i].alts))
        )
        chosen, spent = [], 0
        for i in rarest_first:
            cost = sum(map(self._fetch_cost, concepts[i].alts))
            if chosen and spent + cost > RETRIEVAL_BUDGET:
                continue
            chosen += [a.words for a in concepts[i].alts]
            spent += cost
        return " OR ".join(_phrase(w) for w in dict.fromkeys(chosen))

    def _fetch_cost(self, alt: _Alt) -> int:
        """Passages FTS5 would rank for this wording (its porter stem may reach further than
        ours: it reads "Ise", the ship, as "is")."""
        return min(self._porter_df.get(w, self._stem_df.get(stem(w), 0)) for w in alt.words)

    def _extra_layout(self, x: int) -> tuple[int, dict[str, list[int]]]:
        layout = self._extra_layout_cache.get(x)
        if layout is None:
            layout = self._extra_layout_cache[x] = _layout_of(self._extras[x][1])
        return layout

    def _layout(self, row: int) -> tuple[int, dict[str, list[int]]]:
        """Length and stem -> positions of one passage, computed when first needed."""
        layout = self._layout_cache.get(row)
        if layout is None:
            passage = self._passages[row]
            length, positions = _layout_of(passage.text)
            # The byline's words count once each, far from the text: no proximity bonus.
            _, byline = _layout_of(self._bylines.get(passage.article, ""))
            for key, where in byline.items():
                positions.setdefault(key, []).append(BYLINE_POSITION + where[0])
            layout = self._layout_cache[row] = (length, positions)
        return layout

    def search(self, query: str, k: int = 3) -> LookupResult:
        question = self._understand(query)
        concepts, corrected = question.concepts, question.corrected
        if not concepts or k <= 0:
            return LookupResult([], self._suggest(corrected), corrected)
        weights, total = self._weigh(concepts)
        expression = self._retrieval_expression(concepts)
        rows = [
            r
            for (r,) in self._db.execute(
                "SELECT rowid FROM passage WHERE passage MATCH ? ORDER BY rank LIMIT ?",
                (expression, CANDIDATES),
            )
        ]
        # A question that is only a glossary term ("what is the JSDF?", "ITPP") asks for its
        # definition: the passage that first defines it leads.
        defining = len(concepts) == 1 and concepts[0].glossary
        extra_bonus: Counter[int] = Counter()
        for (x,) in self._db.execute(
            "SELECT rowid FROM extra WHERE extra MATCH ? ORDER BY rank LIMIT ?",
            (expression, EXTRA_CANDIDATES),
        ):
            row = self._extras[x][0]
            _, positions = self._extra_layout(x)
            matched = sum(
                max(
                    (w for a, w in zip(c.alts, ws, strict=True) if _count(a, positions)[0]),
                    default=0,
                )
                for c, ws in zip(concepts, weights, strict=True)
            )
            if defining and x in self._first_definitions:
                matched *= DEFINITION_WEIGHT / EXTRA_WEIGHT
            extra_bonus[row] = max(extra_bonus[row], matched)
        candidates = list(dict.fromkeys(rows + list(extra_bonus)))
        closeness, sentence_sims, general = self._closeness(corrected)
        named = self._named_articles(concepts)
        if named:  # "what does Erskine argue": only that article's passages
            candidates = [r for r in candidates if self._passages[r].article in named]
            if closeness is not None:
                elsewhere = ~np.isin(self._article_of, list(named))
                closeness = np.where(elsewhere, -1.0, closeness)
        if closeness is not None:
            close = np.argpartition(-closeness, min(SEMANTIC_CANDIDATES, len(closeness) - 1))
            candidates = list(dict.fromkeys(candidates + close[:SEMANTIC_CANDIDATES].tolist()))
        scored = []
        for row in candidates:
            relevance, matched = self._score(row, concepts, weights, question.wants)
            relevance += EXTRA_WEIGHT * extra_bonus[row]
            share = matched / total
            score = relevance / total * share
            margin = 0.0 if closeness is None else float(closeness[row])
            scored.append((score + SEMANTIC_WEIGHT * max(0.0, margin), share, margin, row))
        scored.sort(key=lambda s: (-s[0], s[3]))
        whole = question.keywords and max((s[1] for s in scored), default=0.0) >= WHOLE_MATCH
        if not (named or whole or sentence_sims is None) and not self._on_topic(
            concepts, sentence_sims, general
        ):
            return LookupResult([], self._suggest(corrected), corrected)
        hits = [
            Hit(self._passages[row], round(score, 4), self._answer(row, concepts, sentence_sims))
            for score, share, margin, row in scored[:k]
            if share >= MIN_CONFIDENCE or (closeness is not None and margin > 0)
        ]
        if not hits:
            return LookupResult([], self._suggest(corrected), corrected)
        return LookupResult(hits, [], corrected)

    def _closeness(self, question: str) -> tuple[np.ndarray | None, np.ndarray | None, float]:
        """Per passage, its closest sentence's cosine with the question minus the median
        passage's; every sentence's cosine (None while the meaning side is off or still
        embedding); and the cosine of the closest sentence of general knowledge."""
        vectors = self._sentence_vectors
        if vectors is None or self._embedder is None or not len(vectors):
            return None, None, 0.0
        # Casing is how the student typed, not what they mean: "What does Erskine want NATO
        # ..." and "what does erskine want nato ..." ask the same (the model is cased).
        query = self._embedder.query(question.lower())
        sims = vectors @ query
        best = np.full(len(self._passages), -1.0, dtype=np.float32)
        best[self._has_sentences] = np.maximum.reduceat(sims, self._starts[self._has_sentences])
        elsewhere = self._elsewhere_vectors
        return best - np.median(best), sims, float((elsewhere @ query).max(initial=0.0))

    def _named_articles(self, concepts: list[_Concept]) -> set[str]:
        """Articles the question names by an author or a word of the title only they use."""
        named: set[str] = set()
        for concept in concepts:
            for alt in concept.alts:
                if len(alt.stems) == 1 and alt.stems[0] in self._names:
                    named |= self._names[alt.stems[0]]
        return named

    def _on_topic(
        self, concepts: list[_Concept], sentence_sims: np.ndarray, elsewhere: float
    ) -> bool:
        """Whether the readings speak of the question at all: how much closer in meaning
        their closest sentence comes than general knowledge does, how close it comes, and
        how much of the question's weight is in words the readings use."""
        closest = float(sentence_sims.max()) if len(sentence_sims) else 0.0
        lead = closest - elsewhere
        known = self._known_share(concepts)
        return lead >= 0 and lead + CLOSE_WEIGHT * closest + KNOWN_WEIGHT * known >= ON_TOPIC

    def _known_share(self, concepts: list[_Concept]) -> float:
        """Share of the question's weight (IDF) in ideas the readings use; an idea they never
        use weighs as their rarest word would, since it is what the question is about."""
        n = len(self._passages)
        weights = [
            (math.log(1 + (n - df + 0.5) / (df + 0.5)), df > 0)
            for df in (max(map(self._df, c.alts)) for c in concepts)
        ]
        rarest = math.log(1 + (n - 0.5) / 1.5)
        total = sum(w if known else rarest for w, known in weights)
        return sum(w for w, known in weights if known) / total if total else 0.0

    def _answer(
        self, row: int, concepts: list[_Concept], sentence_sims: np.ndarray | None
    ) -> tuple[int, int]:
        """The span of the passage's sentence that best answers: the most of the question's
        ideas, then the closest in meaning; the next sentence joins a short one."""
        text, sentences = self._passages[row].text, self._sentences[row]
        spans, at = [], 0
        for sentence in sentences:
            start = text.find(sentence, at)
            spans.append((start, start + len(sentence)))
            at = start + len(sentence)
        if not spans:
            return (0, len(text))
        first = int(self._starts[row]) if sentence_sims is not None else 0

        def merit(i: int) -> tuple[int, float]:
            positions = _layout_of(sentences[i])[1]
            ideas = sum(any(_count(a, positions)[0] for a in c.alts) for c in concepts)
            closeness = float(sentence_sims[first + i]) if sentence_sims is not None else 0.0
            return ideas, closeness

        best = max(range(len(spans)), key=lambda i: (*merit(i), -i))
        end = best + 1 if len(sentences[best]) < SHORT_SENTENCE and best + 1 < len(spans) else best
        return (spans[best][0], spans[end][1])

    def _score(
        self, row: int, concepts: list[_Concept], weights: list[list[float]], wants: str | None
    ) -> tuple[float, float]:
        """(relevance, matched weight) of one passage: BM25-style per idea, best alternative."""
        length, positions = self._layout(row)
        norm = K1 * (1 - B + B * max(length, SHORTEST * self._avg_len) / self._avg_len)
        relevance = matched = 0.0
        spots: list[list[int]] = []
        for concept, ws in zip(concepts, weights, strict=True):
            best, where = 0.0, []
            for alt, w in zip(concept.alts, ws, strict=True):
                tf, found = _count(alt, positions)
                if tf:
                    gain = w * tf * (K1 + 1) / (tf + norm)
                    if gain > best:
                        best, where = gain, found
            if best:
                relevance += best
                matched += max(ws)  # the idea is there, in whichever words
                spots.append(where)
        if len(spots) > 1:
            relevance *= 1 + PROXIMITY_WEIGHT * (len(spots) - 1) / _min_span(spots)
        if wants and _answer_near(wants, positions, spots):
            relevance *= 1 + ANSWER_BONUS
        return relevance, matched

    # -- nothing matched --------------------------------------------------------------------

    def _suggest(self, text: str, limit: int = 3) -> list[str]:
        wanted = " ".join(w for w in _WORD.findall(fold(text)) if w not in STOPWORDS)
        if not wanted:
            return []
        found = process.extract(wanted, self._folded_choices, scorer=fuzz.WRatio, limit=limit)
        return [self._choices[i] for _, _, i in found]


def _naming_words(studyset: Studyset) -> dict[str, str]:
    """Per article, the words of its title and authors that no passage uses ("Erskine",
    "Smoke"): they name the article. Common title words ("NATO", "Japan") are left out, so
    they do not count once more in every passage of the article."""
    words: set[str] = set()
    for text in {p.text for p in studyset.passages}:
        words.update(_WORD.findall(text))
    used = {stem(fold(w)) for w in words}
    return {
        a.id: " ".join(
            w
            for w in _WORD.findall(" ".join([a.title, *a.authors]))
            if stem(fold(w)) not in used and fold(w) not in STOPWORDS
        )
        for a in studyset.articles
    }


def _layout_of(text: str) -> tuple[int, dict[str, list[int]]]:
    positions: dict[str, list[int]] = {}
    words = _WORD.findall(fold(text))
    for i, s in enumerate(map(stem, words)):
        if s in positions:
            positions[s].append(i)
        else:
            positions[s] = [i]
    return len(words), positions


def _answer_near(wants: str, positions: dict[str, list[int]], spots: list[list[int]]) -> bool:
    """Whether a year (for "when") or a number (for "how many") sits near a matched idea."""
    if wants == "date":
        answers = [p for key, ps in positions.items() if _is_year(key) for p in ps]
    else:
        answers = [
            p
            for key, ps in positions.items()
            if key in _NUMBER_STEMS or any(c.isdigit() for c in key)
            for p in ps
        ]
    return any(abs(a - s) <= ANSWER_WINDOW for a in answers for spot in spots for s in spot)


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2099


def _count(alt: _Alt, positions: dict[str, list[int]]) -> tuple[int, list[int]]:
    """How often the alternative occurs in a passage, and where."""
    first = positions.get(alt.stems[0], [])
    if len(alt.stems) == 1:
        return len(first), first
    rest = [set(positions.get(s, ())) for s in alt.stems[1:]]
    found = [p for p in first if all(p + j + 1 in r for j, r in enumerate(rest))]
    return len(found), found


def _min_span(spots: list[list[int]]) -> int:
    """Fewest words between the first and last of a window holding one spot of each idea."""
    events = sorted((p, i) for i, ps in enumerate(spots) for p in ps)
    need, have, left, best = len(spots), Counter(), 0, math.inf
    for pos, idea in events:
        have[idea] += 1
        while len(have) == need:
            best = min(best, pos - events[left][0] + 1)
            lidea = events[left][1]
            have[lidea] -= 1
            if not have[lidea]:
                del have[lidea]
            left += 1
    return int(best) if best != math.inf else len(events)


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _is_pronoun_us(tokens: list[_Token], i: int) -> bool:
    """A lower-case "us" after "tell", "for", ...: the pronoun, not the country."""
    tok = tokens[i]
    return (
        tok.words == ("us",)
        and not tok.upper
        and i > 0
        and tokens[i - 1].words[-1] in _PRONOUN_US_AFTER
    )


def _is_numbered(tok: _Token, following: list[_Token]) -> bool:
    """A numbered article of a treaty or constitution: "Article 5", "article 9"."""
    return (
        tok.words in (("article",), ("articles",))
        and bool(following)
        and (following[0].words[0].isdigit())
    )


def _unique_alts(alts: list[_Alt]) -> list[_Alt]:
    best: dict[tuple[str, ...], _Alt] = {}
    for a in alts:
        if a.words not in best or a.weight > best[a.words].weight:
            best[a.words] = a
    return list(best.values())


def _dedupe(concepts: list[_Concept]) -> list[_Concept]:
    seen, out = set(), []
    for c in concepts:
        key = frozenset(a.stems for a in c.alts)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
