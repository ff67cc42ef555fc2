from django.apps import AppConfig


class OutletsConfig(AppConfig):
    name = "vestnik.outlets"
    verbose_name = "Издания"

    def ready(self) -> None:
        from .isolation import confine_media_tags, confine_user_choices

        confine_user_choices()
        confine_media_tags()
