from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vestnik.accounts"
    verbose_name = "Учётные записи"
