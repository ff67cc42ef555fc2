from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "vestnik.readership"
    verbose_name = "Прочтения"

    def ready(self) -> None:
        from . import worker_clock  # noqa: F401  (connects to the worker's start)
