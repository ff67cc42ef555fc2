from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "vestnik.operations"
    verbose_name = "Эксплуатация"

    def ready(self) -> None:
        from vestnik.newsroom.signals import worker_ticked
        from vestnik.pagecache.invalidation import pages_purged
        from vestnik.work_failures import work_failed

        from . import (
            heartbeat,
            metrics,
            scheduled_backup,  # noqa: F401  (connects to the worker's start)
        )

        worker_ticked.connect(heartbeat.beat, dispatch_uid="operations-heartbeat")
        work_failed.connect(metrics.count_failure, dispatch_uid="operations-failures")
        pages_purged.connect(metrics.count_purge, dispatch_uid="operations-purges")
