"""Load Moscow, its 12 administrative okrugs and 146 municipal units from data/moscow_districts.csv."""

import csv
from pathlib import Path

from anyascii import anyascii
from django.db import migrations
from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "moscow_districts.csv"

# The CSV names New Moscow's two okrugs in full; everyone else writes НАО and ТАО.
OKRUG_ABBREVIATIONS = {"Новомосковский": "НАО", "Троицкий": "ТАО"}
UNIT_PREFIXES = {
    "district": "район",
    "settlement": "поселение",
    "city_district": "городской округ",
}


def search_key(text):
    # Frozen copy of Region's search_key: migrations must not import the live model module.
    return " ".join(text.casefold().replace("ё", "е").split())


def load_moscow(apps, schema_editor):
    Region = apps.get_model("regions", "Region")

    def create(**fields):
        fields["depth"] = fields["parent"].depth + 1 if fields.get("parent") else 0
        fields["name_search"] = search_key(fields["name"])
        fields["full_name_search"] = search_key(fields["full_name"])
        fields["abbreviation_search"] = search_key(fields.get("abbreviation", ""))
        return Region.objects.create(**fields)

    moscow = create(
        name="Москва",
        full_name="Москва",
        slug="moskva",
        kind="city",
        okato="45000000",
        oktmo="45000000",
    )
    okrugs = {}
    with CSV_PATH.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            okrug_name = row["okrug"]
            if okrug_name not in okrugs:
                abbreviation = OKRUG_ABBREVIATIONS.get(okrug_name, row["okrug_abbrev"])
                okrugs[okrug_name] = create(
                    name=okrug_name,
                    full_name=f"{okrug_name} административный округ",
                    abbreviation=abbreviation,
                    slug=slugify(anyascii(abbreviation)),
                    kind="okrug",
                    parent=moscow,
                    okato=row["okrug_okato"],
                )
            create(
                name=row["name"],
                full_name=f"{UNIT_PREFIXES[row['kind']]} {row['name']}",
                slug=slugify(anyascii(row["name"])),
                kind=row["kind"],
                parent=okrugs[okrug_name],
                okato=row["okato"],
                oktmo=row["oktmo"],
            )


def unload_moscow(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for depth in (2, 1, 0):
        Region.objects.filter(depth=depth).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load_moscow, unload_moscow)]
