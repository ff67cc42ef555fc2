from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "vestnik.operations"
    verbose_name = "Эксплуатация"

    def ready(self) -> None:
        from . import scheduled_backup  # noqa: F401  (connects to the worker's start)
