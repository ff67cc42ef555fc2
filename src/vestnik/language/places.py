"""The list of Moscow place names in ``data/places_ru.txt``, read in one place.

The search analyser declines every name on it, so «в Рудневе» finds «Руднево»; the
entity extractor asks it whether a word natasha took for a surname is a place.
"""

import functools
from importlib import resources
from typing import Final

__all__ = ["place_names"]

_PLACES_FILE: Final = "data/places_ru.txt"


@functools.cache
def place_names() -> tuple[str, ...]:
    """Return the listed names as written, in file order, without blank and ``#`` lines.

    >>> "Руднево" in place_names()
    True
    """
    source = resources.files("vestnik.language").joinpath(_PLACES_FILE)
    lines = (line.strip() for line in source.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))
