"""Bytes of a page or a feed into text, whatever Russian encoding it was saved in.

District sites still serve Windows-1251 and KOI8-R. The order of trust: what the server
said (HTTP ``charset``), a byte order mark, what the document says about itself
(``<meta charset>``, the XML declaration), strict UTF-8, and only then a guess by
charset-normalizer among the encodings Russian sites actually use.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from charset_normalizer import from_bytes

from .items import SourceError

__all__ = ["RUSSIAN_ENCODINGS", "decode_document", "declared_charset"]

RUSSIAN_ENCODINGS: Final[tuple[str, ...]] = ("utf_8", "cp1251", "koi8_r")

# Declarations sit in the first bytes; looking further would find charsets quoted in text.
_PRESCAN_BYTES: Final[int] = 4096
_META_CHARSET: Final[re.Pattern[bytes]] = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING: Final[re.Pattern[bytes]] = re.compile(
    rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE
)
_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def declared_charset(data: bytes) -> str | None:
    """The encoding a document names for itself in its first bytes, if a known one.

    Example: ``b'<meta charset="windows-1251">'`` gives ``"cp1251"``.
    """
    head = data[:_PRESCAN_BYTES]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match is not None and (name := _known_codec(match[1].decode("ascii"))):
            return name
    return None


def decode_document(data: bytes, http_charset: str | None = None) -> str:
    """Decode a fetched or read document; refuse bytes that are no text in any of them.

    Example: «Новости» in KOI8-R with ``Content-Type: text/html; charset=koi8-r`` decodes
    to «Новости».
    """
    for prefix, bom_codec in _BOMS:
        if data.startswith(prefix):
            return _decode_as(data, bom_codec)
    for candidate in (http_charset, declared_charset(data)):
        if candidate and (codec := _known_codec(candidate)):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue  # a wrong label is common; fall through to the content itself
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(RUSSIAN_ENCODINGS)).best()
    if best is None or best.encoding is None:
        raise SourceError("не удалось определить кодировку (ожидались UTF-8, CP1251 или KOI8-R)")
    return str(best)


def _decode_as(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise SourceError(f"текст не в кодировке {name}: байт в позиции {exc.start}") from exc


def _known_codec(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
