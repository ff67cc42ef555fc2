import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vestnik.regions.map_data import MAP_DATA_PATH, TOLERANCE_METRES, build_map_data, dump_map_data

# The source sits in ../shared beside a development checkout, not in an installed package.
DEFAULT_SOURCE = (
    Path(__file__).resolve().parents[5] / ".." / "shared" / "data" / "moscow_districts.geojson"
)


class Command(BaseCommand):
    """Regenerates the map's data file from the full boundaries: the same source always
    writes the same file."""

    help = "Упрощает границы районов Москвы для карты и находит соседние районы"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--tolerance", type=float, default=TOLERANCE_METRES, help="метров")
        parser.add_argument("--output", type=Path, default=MAP_DATA_PATH)

    def handle(self, *args: Any, **options: Any) -> None:
        source = json.loads(options["source"].read_text(encoding="utf-8"))
        data = build_map_data(source, options["tolerance"])
        options["output"].write_text(dump_map_data(data), encoding="utf-8")
        points = sum(
            len(ring)
            for feature in data["features"]
            for polygon in feature["geometry"]["coordinates"]
            for ring in polygon
        )
        self.stdout.write(
            f"районов: {len(data['features'])}, точек: {points} → {options['output']}"
        )
