from typing import Any

from django.core.management.base import BaseCommand

from vestnik.outlets.models import OutletHomePage


class Command(BaseCommand):
    help = "Список изданий сети: слаг, название, регион, адрес главной"

    def handle(self, *args: Any, **options: Any) -> None:
        outlets = OutletHomePage.objects.select_related("region").order_by("path")
        for outlet in outlets:
            self.stdout.write(
                "\t".join([outlet.slug, outlet.title, str(outlet.region), outlet.full_url or "—"])
            )
        if not outlets:
            self.stdout.write("В сети пока нет изданий. Демо-сеть: vestnik demo --no-serve")
