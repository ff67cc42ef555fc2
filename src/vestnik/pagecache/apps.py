from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "vestnik.pagecache"
    verbose_name = "Кэш страниц"

    def ready(self) -> None:
        from vestnik.page_restrictions import any_view_restrictions

        from . import invalidation
        from .stores import get_store

        invalidation.register_steps()

        # Every restriction change purges the store, moving its generation (``invalidation``):
        # until it moves, pages may take the network's "no restrictions" for granted.
        any_view_restrictions.remember_until(lambda: get_store().generation())
