from django.apps import AppConfig


class MediaStorageConfig(AppConfig):
    name = "vestnik.media_storage"
    verbose_name = "Хранилище медиафайлов"
