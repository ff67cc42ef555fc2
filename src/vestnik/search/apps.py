from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "vestnik.search"
    verbose_name = "Поиск"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .outlet_pages import install

        install()
