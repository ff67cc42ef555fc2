"""The demo outlets' identities, from data/identities.json: three logos, accents and
imprints, so the three look like three newspapers. Loading again changes nothing."""

import json
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from wagtail.models import Site

from vestnik.articles.models import VestnikImage
from vestnik.outlets.identity import OutletIdentity
from vestnik.outlets.models import OutletHomePage

__all__ = ["load_identities"]

DATA_DIR = Path(__file__).resolve().parent / "data"
IDENTITIES_JSON = DATA_DIR / "identities.json"


def load_identities(outlets: dict[str, OutletHomePage]) -> None:
    """Give each demo outlet (by slug) its identity; an outlet not in the file keeps its own."""
    with IDENTITIES_JSON.open(encoding="utf-8") as file:
        specs: list[dict[str, Any]] = json.load(file)["identities"]
    for spec in specs:
        outlet = outlets[spec["outlet"]]
        site = Site.objects.get(root_page=outlet)
        identity = OutletIdentity.for_site(site)
        fields = {key: value for key, value in spec.items() if key not in {"outlet", "logo"}}
        fields["logo_id"] = demo_logo(outlet, DATA_DIR / spec["logo"]).pk
        if any(getattr(identity, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(identity, name, value)
            identity.full_clean()
            identity.save()


def demo_logo(outlet: OutletHomePage, path: Path) -> VestnikImage:
    """The outlet's logo in its own collection, uploaded the first time."""
    title = f"Логотип «{outlet.title}»"
    found = VestnikImage.objects.filter(title=title, collection=outlet.collection).first()
    if found is not None:
        return found
    with path.open("rb") as file:
        image = VestnikImage(
            title=title,
            file=ImageFile(file, name=path.name),
            collection=outlet.collection,
        )
        image.save()
    return image
