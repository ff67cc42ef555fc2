from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "vestnik.articles"
    verbose_name = "Статьи"

    def ready(self) -> None:
        from . import signals, syndication_signals  # noqa: F401
        from .outlet_pages import install

        install()
