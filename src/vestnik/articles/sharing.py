"""Share links of an article: plain links to the networks' own share pages, no script, no
button image, no iframe, so sharing costs a reader nothing until they click, and the
networks learn nothing from a reader who does not.

The shared address is the article's canonical one (``stories.canonical_href``): a copy in
another outlet shares its original, as search engines are told to credit it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

__all__ = ["ShareLink", "share_links"]


@dataclass(frozen=True)
class ShareLink:
    network: str  # what the link shows: «Telegram»
    label: str  # its accessible name, which contains what it shows: «Поделиться в Telegram»
    href: str


def share_links(url: str, headline: str) -> list[ShareLink]:
    """Telegram (address and headline), ВКонтакте and Одноклассники (address; they read the
    headline and photo from the page's OpenGraph tags)."""
    return [
        ShareLink(
            "Telegram",
            "Поделиться в Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": headline}),
        ),
        ShareLink(
            "ВКонтакте",
            "Поделиться во ВКонтакте",
            "https://vk.com/share.php?" + urlencode({"url": url}),
        ),
        ShareLink(
            "Одноклассники",
            "Поделиться в сети Одноклассники",
            "https://connect.ok.ru/offer?" + urlencode({"url": url}),
        ),
    ]
