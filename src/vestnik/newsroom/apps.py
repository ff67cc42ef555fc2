from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "vestnik.newsroom"
    verbose_name = "Редакция"

    def ready(self) -> None:
        # Publishing and withdrawing an article queue its enrichment and reach its syndicated
        # copies: articles know nothing of either.
        from . import signals, syndication_signals  # noqa: F401
