from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "vestnik.articles"
    verbose_name = "Статьи"

    def ready(self) -> None:
        from .outlet_pages import install

        install()
