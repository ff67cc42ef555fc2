from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "vestnik.regions"
    verbose_name = "География"
