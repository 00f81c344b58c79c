"""Each community's content: the bundled studyset, or the one built from its own readings.

Built content lives in the store (`communities.content_version` names it), so every process
serves the same version; this process keeps the most recently used ones loaded, with their
lookup index, and unloads the least recently used beyond `capacity`. When the bundled readings
are looked up by meaning, so are a community's own: the build embeds their sentences into the
community's vectors file (keyed by sentence hash, in the data folder), and lookup uses it once
it holds every sentence of the content served.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path

from bot.core.suggestions import Suggestions
from content.lookup import LookupIndex
from content.model import Studyset
from content.semantic import UNREADABLE, Semantic, VectorStore, covers
from db.api import Community, Store

log = logging.getLogger(__name__)

CAPACITY = 8  # communities' own content kept loaded at once (each: studyset + lookup index)


class Content:
    """A studyset and, built on first use, its lookup index and autocomplete names."""

    def __init__(
        self,
        studyset: Studyset,
        version: int | None,
        index: LookupIndex | None = None,
        semantic: Semantic | None = None,  # for the index built on first use
    ):
        self.studyset = studyset
        self.version = version  # None: the bundled readings
        self._index = index
        self._semantic = semantic
        self._index_lock = threading.Lock()
        self._suggestions: Suggestions | None = None

    @property
    def suggestions(self) -> Suggestions:
        if self._suggestions is None:
            self._suggestions = Suggestions(self.studyset)
        return self._suggestions

    @property
    def index(self) -> LookupIndex:
        with self._index_lock:  # lookups run in worker threads; build the index once
            if (
                self._index is None
            ):  # the bundled index is built on first use: the console starts at once
                self._index = LookupIndex(self.studyset, self._semantic)
        return self._index


class Library:
    def __init__(
        self,
        bundled: Studyset,
        store: Store,
        semantic: Semantic | None = None,  # the bundled content's sentence vectors and model
        capacity: int = CAPACITY,
        vectors: Path | None = None,  # the folder of communities' vectors files
    ) -> None:
        self.bundled = Content(bundled, None, semantic=semantic)
        self.store = store
        self.capacity = capacity
        self._loaded: OrderedDict[int, Content] = OrderedDict()  # version -> content, LRU first
        # Communities' readings by meaning too: with the bundled readings' model (and general
        # knowledge's vectors), if it has one.
        self._semantic = semantic if vectors is not None else None
        self._vectors = vectors

    def vectors_file(self, community_id: int) -> Path | None:
        """Where a community's sentence vectors are kept; None when lookup is by words only."""
        if self._semantic is None or self._vectors is None:
            return None
        return self._vectors / f"community-{community_id}.vectors.npz"

    def loaded(self) -> list[int]:
        """The versions now in memory, least recently used first."""
        return list(self._loaded)

    async def content(self, community: Community) -> Content:
        version = community.content_version
        if version is None:
            return self.bundled
        found = self._loaded.get(version)
        if found is not None:
            self._loaded.move_to_end(version)
            return found
        text = await self.store.content_json(version)
        if text is None:  # cannot happen while the store keeps served versions; stay useful
            log.warning("content version %s of community %s is missing", version, community.id)
            return self.bundled
        vectors = self.vectors_file(community.id)
        # parsing and indexing: off the loop
        found = await asyncio.to_thread(_load, text, version, vectors, self._semantic)
        self._loaded[version] = found
        self._loaded.move_to_end(version)
        while len(self._loaded) > self.capacity:
            self._loaded.popitem(last=False)
        return found


def _load(text: str, version: int, vectors: Path | None, bundled: Semantic | None) -> Content:
    studyset = Studyset.from_dict(json.loads(text))
    return Content(studyset, version, LookupIndex(studyset, _meaning(studyset, vectors, bundled)))


def _meaning(studyset: Studyset, vectors: Path | None, bundled: Semantic | None) -> Semantic | None:
    """The community's vectors with the bundled readings' model, if they cover every
    sentence: the build embeds them in its worker, never this process (that would hold the one
    model for minutes); until then lookup goes by words."""
    if vectors is None or bundled is None or not vectors.is_file():
        return None
    try:
        store = VectorStore(vectors)
    except UNREADABLE as problem:
        log.warning("cannot read %s, lookup by words: %s", vectors, problem)
        return None
    if not covers(store, studyset):
        log.info("%s lacks sentences of the content served: lookup by words", vectors)
        return None
    return Semantic(store, bundled.embedder, bundled.elsewhere)
