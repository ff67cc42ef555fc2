from django.db import models


class WorkerHeartbeat(models.Model):
    """When the background worker of one machine last ticked (``heartbeat``).

    A row rather than a cache key: every app server's readiness check reads it, whichever
    machine the worker runs on, and a page cache in memory or a Redis that is down would
    lose it. One UPDATE a minute costs nothing."""

    host = models.CharField(max_length=100, primary_key=True)
    beaten_at = models.DateTimeField()

    class Meta:
        verbose_name = "пульс фонового обработчика"
        verbose_name_plural = "пульс фонового обработчика"

    def __str__(self) -> str:
        return f"{self.host}: {self.beaten_at:%Y-%m-%d %H:%M:%S}"
