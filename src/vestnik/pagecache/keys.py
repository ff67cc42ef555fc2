"""The one form of a page's address that the stores, the purge log and ``surfaces`` share.

A page is keyed by host and path as a reader would read them, not as they were spelled on
the wire:

- the path is percent-decoded to text (UTF-8): «/итоги-технополиса/», never
  «/%D0%B8%D1%82…/», which is how Wagtail writes a page's URL, nor the Latin-1 reading of
  UTF-8 bytes a WSGI server hands over in ``PATH_INFO``;
- then put in Unicode NFC, so «й» typed as one character or as «и» with a combining breve
  is the same key;
- its case is kept, and so is its trailing slash: Wagtail routes slugs case-sensitively and
  Django redirects «/slug» to «/slug/», and redirects are never stored;
- the host is lower-cased, a trailing dot and the default ports 80 and 443 dropped, as
  Django and Wagtail do when they choose the site that answers.

A request whose path does not survive this unchanged (not UTF-8, not NFC, a ``%`` left after
the server decoded it, control characters) is rare and is not cached at all: Django answers
it exactly as it would without the cache.
"""

import unicodedata
from typing import NamedTuple
from urllib.parse import unquote

__all__ = ["PageAddress", "canonical_host", "page_address", "request_address"]

DEFAULT_PORTS = (":80", ":443")


class PageAddress(NamedTuple):
    """A public page in its canonical form (see the module's docstring); build it with
    ``page_address`` or ``request_address``."""

    host: str
    path: str


def canonical_host(host: str) -> str:
    """«Zvezdny.Localhost:80» → «zvezdny.localhost»; «zvezdny.localhost:8000» stays."""
    host = host.strip().lower()
    for port in DEFAULT_PORTS:
        host = host.removesuffix(port)
    return host.rstrip(".")


def page_address(host: str, path: str) -> PageAddress:
    """The address of a page named by a URL's host and path, percent-encoded or not.

    >>> page_address("Zvezdny.localhost", "/%D0%B8%D1%82%D0%BE%D0%B3%D0%B8/")
    PageAddress(host='zvezdny.localhost', path='/итоги/')
    """
    return PageAddress(canonical_host(host), unicodedata.normalize("NFC", unquote(path)))


def request_address(host: str, path_info: str) -> PageAddress | None:
    """The address a WSGI request asks for, or None when it has no canonical form.

    ``path_info`` is what the server decoded, as WSGI hands it over: UTF-8 bytes read as
    Latin-1 (PEP 3333). A ``%`` still in it was written ``%25`` by the client: Wagtail's
    routes never match one, and decoding again would name another page.
    """
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    if "%" in path or not path.isprintable() or not unicodedata.is_normalized("NFC", path):
        return None
    return PageAddress(canonical_host(host), path)
