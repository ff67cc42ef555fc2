"""Whether any page of the network is restricted, remembered between requests.

Wagtail asks the database for the view restrictions of a page and its ancestors on every
request it serves. A newsroom rarely restricts a page, so the network-wide answer "none" is
remembered instead, for as long as a generation read from elsewhere stays the same. The page
cache supplies it when it starts (``PageCacheConfig.ready``): its store's purge generation,
which every added, changed or removed restriction moves, in every process of every server.
Until something supplies one, or while the supplier answers ``None`` (a store that does not
answer), the answer is read again on every request.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from wagtail.models import PageViewRestriction

from vestnik.remembered import UntilPurge

__all__ = ["RememberedRestrictionsMixin", "any_view_restrictions"]


class RestrictionPresence:
    def __init__(self) -> None:
        self.remembered: UntilPurge[bool] = UntilPurge()
        # What moves whenever a restriction changes; ``None`` remembers nothing.
        self.read_generation: Callable[[], Any] = lambda: None

    def remember_until(self, read_generation: Callable[[], Any]) -> None:
        """Remember the answer while ``read_generation()`` returns the same value."""
        self.read_generation = read_generation
        self.remembered.forget()

    def __call__(self) -> bool:
        return self.remembered.at(self.read_generation(), "any", PageViewRestriction.objects.exists)

    def forget(self) -> None:
        self.remembered.forget()


any_view_restrictions = RestrictionPresence()


class RememberedRestrictionsMixin:
    """For page models: no query for view restrictions while the network has none."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if not any_view_restrictions():
            none = PageViewRestriction.objects.none()
            # Known to be empty: iterating it (as Wagtail's serving hook does) compiles no
            # SQL, the way Django hands over a prefetched relation. A clone still is a query.
            none._result_cache = []
            return none
        return super().get_view_restrictions()  # type: ignore[misc]  # a mixin for Page
