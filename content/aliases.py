"""Curated equivalences for fact lookup in the readings' domain (security, diplomacy, Asia/Europe).

Students ask with a capital for its country ("pyongyang"), an everyday word for the text's
("chip" for "semiconductor") or the other side of the Atlantic's spelling ("defence"). Each group
below lists phrases that may stand for one another in a question; lookup treats the words the
student typed as the strongest form and the others as weaker alternatives. The table is written
for the subject area in general, not for any particular question set. Abbreviations are
written in capitals: lookup also looks for them written with dots ("U.S.").
"""

from __future__ import annotations

# Places: country, demonym, capital and common abbreviations.
PLACES: tuple[tuple[str, ...], ...] = (
    ("united states", "US", "USA", "america", "american", "americans", "washington"),
    ("united kingdom", "UK", "britain", "great britain", "british", "london"),
    ("japan", "japanese", "tokyo"),
    ("china", "chinese", "beijing", "PRC", "people's republic of china"),
    ("taiwan", "taiwanese", "taipei"),
    ("russia", "russian", "russians", "moscow", "kremlin", "russian federation"),
    ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    ("north korea", "north korean", "pyongyang", "DPRK"),
    ("south korea", "south korean", "seoul", "ROK", "republic of korea"),
    ("australia", "australian", "australians", "canberra"),
    ("new zealand", "new zealander", "wellington"),
    ("india", "indian", "new delhi", "delhi"),
    ("france", "french", "paris"),
    ("germany", "german", "berlin"),
    ("italy", "italian", "rome"),
    ("spain", "spanish", "madrid"),
    ("poland", "polish", "warsaw"),
    ("canada", "canadian", "ottawa"),
    ("lithuania", "lithuanian", "vilnius"),
    ("finland", "finnish", "helsinki"),
    ("sweden", "swedish", "stockholm"),
    ("belgium", "belgian", "brussels"),
    ("netherlands", "dutch", "the hague", "holland"),
    ("philippines", "philippine", "filipino", "manila"),
    ("vietnam", "vietnamese", "hanoi"),
    ("indonesia", "indonesian", "jakarta"),
    ("singapore", "singaporean"),
    ("iran", "iranian", "tehran"),
    ("israel", "israeli", "jerusalem"),
    ("european union", "EU", "europe", "european"),
    ("united nations", "UN"),
    ("NATO", "north atlantic treaty organization", "the alliance", "atlantic alliance"),
)

# Words a student may use for the text's word. Kept to real near-synonyms in this domain.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("blocked", "vetoed", "scuttled", "stopped", "prevented", "opposed"),
    ("block", "veto", "scuttle"),
    ("chip", "chips", "semiconductor", "semiconductors"),
    ("agreement", "deal", "accord", "pact", "treaty"),
    ("war", "conflict", "contingency"),
    ("attack", "strike", "assault"),
    ("invasion", "invaded", "invade"),
    ("meddling", "interference", "interfering", "meddle"),
    ("stockpile", "stockpiles", "stocks", "reserves", "supplies"),
    ("ammunition", "ammo", "munitions"),
    ("ship", "ships", "vessel", "vessels", "warship", "warships", "boat", "boats"),
    ("navy", "naval", "fleet", "maritime"),
    ("missile", "missiles", "rocket", "rockets"),
    ("soldiers", "troops", "personnel", "forces"),
    ("meeting", "summit", "talks"),
    ("visit", "visited", "trip", "trips"),
    ("prime minister", "PM", "premier"),
    ("headquarters", "HQ"),
    ("spending", "budget", "expenditure"),
    ("cyber", "cybersecurity", "cyberspace", "cyber security"),
    ("artificial intelligence", "AI"),
    ("weapon", "weapons", "arms", "armaments"),
    ("buy", "buying", "purchase", "purchasing", "acquire", "acquiring", "procure"),
    ("threat", "danger", "risk"),
    ("election", "elections", "vote", "ballot"),
    ("fishing", "fisheries", "fishery"),
    ("aircraft", "planes", "jets", "fighters"),
    ("partnership", "partner", "cooperation", "collaboration"),
    ("sanctions", "embargo"),
    ("exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers"),
    ("worry", "worries", "worried", "concern", "concerns", "anxiety", "anxieties", "fear", "fears"),
    ("help", "support", "assist", "assistance", "aid"),
    ("money", "funds", "funding", "financial"),
    ("goal", "goals", "aim", "aims", "objective", "objectives", "purpose"),
    ("start", "started", "began", "begin", "launched", "established", "founded", "created"),
    ("abolish", "abolished", "scrap", "scrapped", "disband", "disbanded", "dissolve"),
    ("reorganization", "restructuring", "overhaul", "reform", "reorganize"),
    ("disinformation", "misinformation", "propaganda", "fake news"),
    ("hacking", "hackers", "cyberattack", "cyberattacks", "cyber attacks"),
    ("spying", "espionage", "intelligence"),
    ("drone", "drones", "UAV", "unmanned"),
    ("nuclear", "atomic"),
    ("pacifism", "pacifist"),
)

GROUPS: tuple[tuple[str, ...], ...] = PLACES + SYNONYMS

# British <-> American endings. Applied only where the other form is a word of the readings.
SPELLING_ENDINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ence", "ense"),
    ("ences", "enses"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("mme", "m"),
    ("mmes", "ms"),
    ("lled", "led"),
    ("lling", "ling"),
    ("our", "or"),
    ("ours", "ors"),
)

# Endings too short to swap safely on short words ("four" is not "for").
_MIN_STEM = 3


def american_spelling(word: str) -> str:
    """One spelling for both sides, so "programme" and "program" compare equal."""
    for british, american in SPELLING_ENDINGS:
        if word.endswith(british) and len(word) - len(british) >= _MIN_STEM:
            return word[: -len(british)] + american
    return word


def spelling_variants(word: str) -> set[str]:
    """The other side of the Atlantic's spellings of `word` (may be empty; never includes it)."""
    out = set()
    for british, american in SPELLING_ENDINGS:
        for have, other in ((british, american), (american, british)):
            if word.endswith(have) and len(word) - len(have) >= _MIN_STEM:
                out.add(word[: -len(have)] + other)
    out.discard(word)
    return out
