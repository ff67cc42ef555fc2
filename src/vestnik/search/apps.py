from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "vestnik.search"
    verbose_name = "Поиск"

    def ready(self) -> None:
        from . import signals
        from .outlet_pages import install

        install()
        signals.register_steps()
