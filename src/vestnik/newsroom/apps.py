from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "vestnik.newsroom"
    verbose_name = "Редакция"

    def ready(self) -> None:
        # Publishing and withdrawing an article reach its syndicated copies and queue its
        # enrichment: steps of the articles' pipeline, which knows nothing of either.
        from . import signals, syndication_signals

        syndication_signals.register_steps()
        signals.register_steps()
