"""The poll chain starts with `vestnik worker`, and again when a source is saved in the
admin, so a new source is polled without waiting for the worker's next start."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from vestnik.newsroom.signals import worker_starting

from .models import Source
from .tasks import schedule_poll, start_polling


@receiver(worker_starting)
def start_source_polls(sender: type, **kwargs: Any) -> None:
    start_polling()  # each poll queues its own next run; this starts the chain


@receiver(post_save, sender=Source)
def poll_new_schedule(sender: type, instance: Source, **kwargs: Any) -> None:
    if kwargs.get("update_fields") is None:
        schedule_poll()
