"""What a social network's client does for the distribution steps, whatever the network.

A channel (a Telegram channel, a VK community) is reached through one class per network
(``telegram.Telegram``, ``vk.Vk``), each a ``Network``: it formats a ``Post`` the way its network
wants it, sends it over the network's documented HTTP API and tells failures apart by what the
caller should do next: retry later, or show the editor why.
"""

from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "Credentials",
    "DistributionError",
    "Network",
    "Photo",
    "Post",
    "Posted",
    "Rejected",
    "RetryLater",
]


@dataclass(frozen=True)
class Photo:
    name: str  # a file name with its extension, as the upload sends it
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Post:
    """One article as a channel shows it. The network decides how to lay it out and cut it."""

    headline: str
    lead: str
    url: str  # the article's public address
    photo: Photo | None
    own_text: str = ""  # the editor's own text for social networks, instead of the lead
    # Stable for one article in one channel (e.g. ``vestnik-17-3``): whatever the network
    # offers against posting twice (VK's ``guid``) is keyed by it.
    marker: str = ""


@dataclass(frozen=True)
class Posted:
    remote_id: str  # Telegram's message_id, VK's post_id, as text
    link: str  # the post's public address, shown on the article in the admin ("" if none)


@dataclass(frozen=True)
class Credentials:
    token: str = field(repr=False)  # never logged, never shown back in a form
    target: str  # Telegram's chat id (``@channel`` or ``-100…``); VK's group id (digits)


class DistributionError(Exception):
    """A call the network refused or could not take; ``description`` is for the editor."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class RetryLater(DistributionError):
    """Try again, not before ``retry_after`` seconds if the network said so: rate limits
    (Telegram's 429, VK's flood control), the network's own 5xx, a timeout or refused connection."""

    def __init__(self, description: str, retry_after: float | None = None) -> None:
        super().__init__(description)
        self.retry_after = retry_after


class Rejected(DistributionError):
    """Retrying the same call will not help (Telegram's 400s, an expired token, a captcha):
    the step is marked failed with the network's own description until an editor retries."""


class Network(Protocol):
    name: str  # "telegram", "vk"

    def publish(self, post: Post) -> Posted: ...

    def edit(self, remote_id: str, post: Post) -> Posted: ...

    def delete(self, remote_id: str) -> None:
        """Remove the post; one that is already gone counts as removed."""
        ...

    def find(self, post: Post, after: str | None) -> Posted | None:
        """The post if the network already has it, for a publish whose outcome was lost (the
        worker died between the network's answer and storing it); ``after`` is the newest
        remote id this channel is known to have had before that publish. ``None``: not there,
        publish it."""
        ...
