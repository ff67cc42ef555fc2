"""The demo network: three district outlets and their articles, from data/network.json.

The texts were written for Vestnik; dates, figures and credits of the canonical article
follow the press release it retells. Loading is idempotent: a second run changes nothing.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, PhotoSpec, RelatedSpec, upsert_article
from vestnik.outlets.factories import create_outlet, editors_group
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .authors import load_authors
from .identities import load_identities
from .sections import load_sections

NETWORK_JSON = Path(__file__).resolve().parent / "data" / "network.json"
CANONICAL_KEY = "technopolis-2023"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoNetwork:
    outlets: list[OutletHomePage]
    canonical: ArticlePage
    admin_username: str
    password: str
    created: int


def load_network_data(path: Path = NETWORK_JSON) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


@transaction.atomic
def load_demo(domain: str = "localhost", port: int = 8000) -> DemoNetwork:
    """Create or refresh the demo network; outlets answer at ``<slug>.<domain>:<port>``."""
    data = load_network_data()
    outlets = {}
    for index, spec in enumerate(data["outlets"]):
        outlets[spec["slug"]] = create_outlet(
            slug=spec["slug"],
            name=spec["name"],
            region=region_named(spec["region"]),
            hostname=f"{spec['hostname']}.{domain}",
            port=port,
            description=spec["description"],
            is_default_site=index == 0,
        )
    load_identities(outlets)

    # Related items point at other demo articles, so every article exists before any links.
    ordered = sorted(data["articles"], key=lambda item: bool(item.get("related")))
    articles: dict[str, ArticlePage] = {}
    created = 0
    for item in ordered:
        related = tuple(
            RelatedSpec(headline=articles[key].title, target=articles[key])
            for key in item.get("related", ())
        )
        article, is_new = upsert_article(outlets[item["outlet"]], article_spec(item, related))
        articles[item["key"]] = article
        created += is_new

    load_authors(articles)
    load_sections(outlets, articles)
    password = ensure_demo_users(list(outlets.values()))
    return DemoNetwork(
        list(outlets.values()), articles[CANONICAL_KEY], ADMIN_USERNAME, password, created
    )


def article_spec(item: dict[str, Any], related: tuple[RelatedSpec, ...]) -> ArticleSpec:
    photo = item.get("photo")
    return ArticleSpec(
        slug=item["key"],
        headline=item["headline"],
        lead=item["lead"],
        published_at=timezone.make_aware(datetime.fromisoformat(item["published_at"])),
        body=tuple(
            (block["type"], {k: v for k, v in block.items() if k != "type"})
            for block in item["body"]
        ),
        text_credit=item.get("text_credit", ""),
        regions=tuple(region_named(name) for name in item.get("regions", ())),
        tags=tuple((tag["name"], tag["kind"]) for tag in item.get("tags", ())),
        photo=PhotoSpec(**photo) if photo else None,
        related=related,
    )


def region_named(name: str) -> Region:
    region = Region.objects.lookup(name)
    if region is None:
        raise ValueError(f"В справочнике нет региона «{name}»")
    return region


def ensure_demo_users(outlets: list[OutletHomePage]) -> str:
    """An administrator and one editor per outlet, sharing a password kept in var/."""
    password_file = Path(settings.VAR_DIR) / "demo-password.txt"
    if not password_file.exists():
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(secrets.token_urlsafe(9))
        password_file.chmod(0o600)
    password = password_file.read_text().strip()
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", password)
    for outlet in outlets:
        username = f"editor-{outlet.slug}"
        if not User.objects.filter(username=username).exists():
            editor = User.objects.create_user(username, f"{username}@example.org", password)
            editor.groups.add(editors_group(outlet))
    return password
