"""Autocomplete: the names a member may mean while typing an option (article titles, glossary
terms, time zones), so adapters that offer completion need no study material of their own."""

from __future__ import annotations

import zoneinfo

from content.model import Studyset

Pair = tuple[str, str]  # (what the member sees, the value the command gets)


class Suggestions:
    def __init__(self, studyset: Studyset) -> None:
        terms = sorted({g.term for g in studyset.glossary}, key=str.casefold)
        titles = [a.title for a in studyset.articles]
        self._by_command: dict[tuple[tuple[str, ...], str], list[Pair]] = {
            (("fact",), "query"): [(n, n) for n in (*titles, *terms)],
            (("define",), "term"): [(t, t) for t in terms],
        }
        self._by_param: dict[str, list[Pair]] = {
            "article": [(a.title, a.id) for a in studyset.articles],
            "zone": [(z, z) for z in sorted(zoneinfo.available_timezones())],
        }

    def _names(self, path: tuple[str, ...], param: str) -> list[Pair] | None:
        return self._by_command.get((path, param), self._by_param.get(param))

    def offered(self, path: tuple[str, ...], param: str) -> bool:
        """Whether this option of this command has names to suggest."""
        return self._names(path, param) is not None

    def complete(self, path: tuple[str, ...], param: str, typed: str, limit: int) -> list[Pair]:
        """Names starting with what was typed first, then names containing it."""
        pairs = self._names(path, param) or []
        typed = typed.strip().casefold()
        starts = [p for p in pairs if p[0].casefold().startswith(typed)]
        inside = [p for p in pairs if typed in p[0].casefold() and p not in starts]
        return (starts + inside)[:limit]
