"""``most_read_changed``: sent by the worker, inside the transaction that changed the counts,
with the ids of the outlets whose «Самое читаемое» now reads differently. The page cache
purges the pages that show those lists (``pagecache.invalidation``)."""

from django.dispatch import Signal

__all__ = ["most_read_changed"]

most_read_changed = Signal()
