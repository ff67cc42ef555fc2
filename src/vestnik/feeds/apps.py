from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "vestnik.feeds"
    label = "feeds"
    verbose_name = "Распространение"
