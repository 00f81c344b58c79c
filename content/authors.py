"""Whose argument an article makes, as generated items name it ("Nagy", "Ashley and Fraser")."""

from __future__ import annotations

from content.model import Article


def who(article: Article) -> str:
    """ "Erskine", "Ashley and Fraser", "the authors" for more, "the article" when it names no
    author."""
    surnames = [name.split()[-1] for name in article.authors if name.split()]
    if not surnames:
        return "the article"
    if len(surnames) > 2:
        return "the authors"
    return " and ".join(surnames)


def possessive(whose: str) -> str:
    return "the authors’" if whose == "the authors" else f"{whose}’s"
