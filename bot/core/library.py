"""Each community's content: the bundled studyset, or the one built from its own readings.

Built content lives in the store (`communities.content_version` names it), so every process
serves the same version; this process keeps the most recently used ones loaded, with their
lookup index, and unloads the least recently used beyond `capacity`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import OrderedDict

from bot.core.suggestions import Suggestions
from content.lookup import LookupIndex
from content.model import Studyset
from content.semantic import Semantic
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
    ) -> None:
        self.bundled = Content(bundled, None, semantic=semantic)
        self.store = store
        self.capacity = capacity
        self._loaded: OrderedDict[int, Content] = OrderedDict()  # version -> content, LRU first

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
        found = await asyncio.to_thread(_load, text, version)  # parsing and indexing: off the loop
        self._loaded[version] = found
        self._loaded.move_to_end(version)
        while len(self._loaded) > self.capacity:
            self._loaded.popitem(last=False)
        return found


def _load(text: str, version: int) -> Content:
    # Looked up by words only: a community's own readings have no stored sentence vectors, and
    # embedding them all (minutes of CPU on the process's one model) is not worth a lookup.
    studyset = Studyset.from_dict(json.loads(text))
    return Content(studyset, version, LookupIndex(studyset))
