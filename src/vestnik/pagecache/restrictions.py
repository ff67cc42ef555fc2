"""Whether any page of the network is restricted, remembered between requests.

Wagtail asks the database for the view restrictions of a page and its ancestors on every
request it serves. A newsroom rarely restricts a page, so the network-wide answer "none" is
remembered instead. Adding, changing or removing a restriction purges every stored page
(``invalidation``), which moves the store's purge generation; the answer is read again
whenever the generation has moved, in every process of every server, and on every request
while the store does not answer.
"""

import threading
from typing import Any

from django.db.models import QuerySet
from wagtail.models import PageViewRestriction

__all__ = ["RememberedRestrictionsMixin", "any_view_restrictions"]


class RestrictionPresence:
    def __init__(self) -> None:
        self.generation: Any = None
        self.present = True
        self.lock = threading.Lock()

    def __call__(self) -> bool:
        from .stores import get_store  # stores reach the page models; pages reach this module

        # The generation is read first: a restriction saved after the read below moves it.
        generation = get_store().generation()
        with self.lock:
            if generation is not None and generation == self.generation:
                return self.present
        present = PageViewRestriction.objects.exists()
        with self.lock:
            self.generation, self.present = generation, present
        return present


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
