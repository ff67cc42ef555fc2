from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "vestnik.articles"
    verbose_name = "Статьи"

    def ready(self) -> None:
        from . import pipeline
        from .outlet_pages import install

        install()
        # The apps above register their steps from their own ready(): see ``pipeline``.
        pipeline.connect()
