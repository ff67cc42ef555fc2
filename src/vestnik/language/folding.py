"""The one «ё» → «е» fold every comparison key in Vestnik is built on.

«ё» is optional in Russian print: one outlet writes «Бирюлёво», the next «Бирюлево», and
a reader types either. Every key that compares names, headlines, dates or search terms
folds it the same way, here, so two spellings never meet in one place and miss in another.
"""

from typing import Final

__all__ = ["fold_yo"]

_YO: Final[dict[int, str]] = str.maketrans({"ё": "е", "Ё": "Е"})


def fold_yo(text: str) -> str:
    """Write «е» for «ё», keeping the letter's case; nothing else changes.

    Callers choose their own case folding (``lower`` or ``casefold``) around it.

    >>> fold_yo("Бирюлёво"), fold_yo("ЁЛКИ")
    ('Бирюлево', 'ЕЛКИ')
    """
    return text.translate(_YO)
