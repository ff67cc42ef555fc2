from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "vestnik.newsroom"
    verbose_name = "Редакция"

    def ready(self) -> None:
        # Publishing and withdrawing an article queue its enrichment: articles know nothing of it.
        from . import signals  # noqa: F401
