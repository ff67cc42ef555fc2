from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "vestnik.feeds"
    label = "feeds"
    verbose_name = "Распространение"

    def ready(self) -> None:
        from . import websub

        # WebSub pings are queued with the publish (stage ENQUEUE); the worker sends them.
        websub.register_steps()
