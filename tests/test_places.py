"""Place types from the gazetteer: what a quiz may offer beside what."""

from __future__ import annotations

from content.places import place, related


def test_kinds_of_places():
    assert place("China").kind == "country"
    assert place("Beijing").kind == "capital"
    assert place("Yokosuka").kind == "city"
    assert place("Europe").kind == "continent"
    assert place("Indo-Pacific") is None


def test_a_place_is_related_to_what_contains_it():
    assert related(place("Beijing"), place("China"))
    assert related(place("Belgium"), place("Europe"))
    assert related(place("Tokyo"), place("Yokosuka"))
    assert not related(place("Tokyo"), place("China"))
    assert not related(place("Belgium"), place("Asia"))
