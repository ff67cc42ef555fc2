from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "vestnik.operations"
    verbose_name = "Эксплуатация"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vestnik.newsroom.signals import worker_starting, worker_ticked
        from vestnik.pagecache.invalidation import pages_purged
        from vestnik.work_failures import work_failed

        from . import (
            heartbeat,
            metrics,
            scheduled_backup,  # noqa: F401  (connects to the worker's start)
            statistics,
            worker_metrics,
        )

        worker_ticked.connect(heartbeat.beat, dispatch_uid="operations-heartbeat")
        worker_starting.connect(
            worker_metrics.serve_worker_metrics, dispatch_uid="operations-worker-metrics"
        )
        work_failed.connect(metrics.count_failure, dispatch_uid="operations-failures")
        pages_purged.connect(metrics.count_purge, dispatch_uid="operations-purges")
        # Once per migrate run (post_migrate comes for every app, after all of them migrated).
        post_migrate.connect(statistics.analyse_after_migrating, sender=self)
