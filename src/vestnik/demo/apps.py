from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its ``demo`` command; the demo network has no models of its own."""

    name = "vestnik.demo"
    verbose_name = "Демо-сеть"
