from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vestnik.api"
    verbose_name = "API"
