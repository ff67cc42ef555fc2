"""Purges the page store could not take, kept in the database until it answers again."""

from django.db import models

__all__ = ["UndeliveredPurge"]


class UndeliveredPurge(models.Model):
    """One purge that met a store that did not answer (``faults``): its addresses as
    ``[host, path]`` pairs, or everything. Replayed, then deleted, when the store returns."""

    created_at = models.DateTimeField("создана", auto_now_add=True)
    addresses = models.JSONField("адреса", default=list)
    everything = models.BooleanField("весь кэш", default=False)

    class Meta:
        verbose_name = "неотправленная очистка кэша"
        verbose_name_plural = "неотправленные очистки кэша"
