"""Which country a city is in, for judging "Vilnius, Lithuania" as "Vilnius".

The gazetteer is the IANA time zone database (the tzdata package, already a dependency): each
zone is named after a city and belongs to a country (zone.tab), and iso3166.tab names the
countries. It covers capitals and the large cities a zone is named after, ~450 in all; a city
it lacks is simply not given this allowance.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Everyday names the tab's short names ("Britain (UK)", "United States") leave out.
_ALSO_CALLED = {
    "GB": ("UK", "United Kingdom", "Great Britain", "England", "Scotland", "Wales"),
    "US": ("US", "USA", "United States of America", "America"),
}
_BRACKETED = re.compile(r"^(.*?)\s*\((.*)\)$")  # "Korea (South)"


def _rows(name: str) -> list[list[str]]:
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def country_names() -> dict[str, tuple[str, ...]]:
    """ISO code -> the country's names: "KR" -> ("Korea", "South Korea")."""
    names: dict[str, tuple[str, ...]] = {}
    for code, name, *_ in _rows("iso3166.tab"):
        bracketed = _BRACKETED.match(name)
        if bracketed:
            base, note = bracketed.groups()
            forms = [base, note if note.isupper() else f"{note} {base}"]  # UK; South Korea
        else:
            forms = [name]
        names[code] = tuple(dict.fromkeys([*forms, *_ALSO_CALLED.get(code, ())]))
    return names


@cache
def city_countries() -> dict[str, frozenset[str]]:
    """A city's name (lowercase, as in "new york") -> the ISO codes of the countries it is in."""
    found: dict[str, set[str]] = {}
    for codes, _, zone, *_ in _rows("zone.tab"):
        city = zone.rsplit("/", 1)[-1].replace("_", " ").lower()
        found.setdefault(city, set()).update(codes.split(","))
    return {city: frozenset(codes) for city, codes in found.items()}
