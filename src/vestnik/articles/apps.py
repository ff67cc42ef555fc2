from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "vestnik.articles"
    verbose_name = "Статьи"

    def ready(self) -> None:
        from . import syndication_signals  # noqa: F401
