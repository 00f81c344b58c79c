"""Whose argument an article makes, as generated items name it ("Nagy", "Ashley and Fraser")."""

from __future__ import annotations

from content.model import Article


def who(article: Article, full: bool = False) -> str:
    """ "Erskine", "Ashley and Fraser", "the authors" for more, "the article" when it names no
    author. With `full`, a sole author is named as a reader who never saw the byline needs
    ("Pippin Lee recommends"); two stay as a citation names them ("Ashley and Fraser")."""
    surnames = [name.split()[-1] for name in article.authors if name.split()]
    if not surnames:
        return "the article"
    if full and len(surnames) == 1:
        return " ".join(article.authors[0].split())
    if len(surnames) > 2:
        return "the authors"
    return " and ".join(surnames)


def possessive(whose: str) -> str:
    return "the authors’" if whose == "the authors" else f"{whose}’s"


def main_title(article: Article) -> str:
    """The title before any subtitle, as an item names an article that names no author:
    "NATO and Japan" for "NATO and Japan: From Cooperation by Chance to ..."."""
    return article.title.split(":")[0].strip()
