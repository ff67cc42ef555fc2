"""Background work that failed, told to whoever counts it (the metrics of ``operations``).

The apps that do the work sit below the one that counts, so they do not import it: they call
``report_failure`` and the counter listens to ``work_failed``. ``kind`` names the work:
``"enrichment"`` (``newsroom.tasks``), ``"distribution"`` (a post a social network refused or
could not take).

>>> report_failure("distribution")
"""

from django.dispatch import Signal

__all__ = ["report_failure", "work_failed"]

# Sent with ``kind``: a short fixed word, never an article's or a channel's name, so that the
# counter's labels stay few.
work_failed = Signal()


def report_failure(kind: str) -> None:
    work_failed.send(sender=None, kind=kind)
