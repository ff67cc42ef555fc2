from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "vestnik.ingest"
    verbose_name = "Импорт"

    def ready(self) -> None:
        from . import signals  # noqa: F401
