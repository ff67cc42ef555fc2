"""A source saved in the admin is polled without waiting for the worker's next start."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Source
from .tasks import schedule_poll


@receiver(post_save, sender=Source)
def poll_new_schedule(sender: type, instance: Source, **kwargs: Any) -> None:
    if kwargs.get("update_fields") is None:
        schedule_poll()
