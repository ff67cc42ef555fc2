from django.apps import AppConfig


class OutletsConfig(AppConfig):
    name = "vestnik.outlets"
    verbose_name = "Издания"
