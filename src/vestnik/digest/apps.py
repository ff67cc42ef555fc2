from django.apps import AppConfig


class DigestConfig(AppConfig):
    name = "vestnik.digest"
    verbose_name = "Рассылка"

    def ready(self) -> None:
        from . import worker_clock  # noqa: F401  (connects to the worker's start)
        from .outlet_pages import install

        install()
