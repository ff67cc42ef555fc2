from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "vestnik.distribution"
    verbose_name = "Соцсети"

    def ready(self) -> None:
        # Publishing, unpublishing and deleting an article queue its posts in the outlet's
        # channels: a step of the articles' pipeline.
        from . import steps

        steps.register_steps()
