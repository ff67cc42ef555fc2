from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "vestnik.pagecache"
    verbose_name = "Кэш страниц"

    def ready(self) -> None:
        from . import invalidation  # noqa: F401
