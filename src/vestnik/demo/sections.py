"""The demo outlets' sections, the articles filed under them and each front's pinned stories,
from data/sections.json. Idempotent, as the rest of the demo: what is already so is left be.

Sections are published with their outlet and an article's section with the article, as an
editor would do it, so the admin shows what the readers see.
"""

import json
from pathlib import Path
from typing import Any

from vestnik.articles.models import ArticlePage, FrontPin
from vestnik.outlets.models import OutletHomePage, Section

SECTIONS_JSON = Path(__file__).resolve().parent / "data" / "sections.json"


def load_sections(outlets: dict[str, OutletHomePage], articles: dict[str, ArticlePage]) -> None:
    with SECTIONS_JSON.open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    for slug, spec in data["outlets"].items():
        outlet = outlets[slug]
        sections = set_sections(outlet, spec["sections"])
        for key, section_slug in spec["articles"].items():
            file_under(articles[key], sections[section_slug])
        pin(outlet, [articles[key] for key in spec["front"]])


def set_sections(outlet: OutletHomePage, specs: list[dict[str, str]]) -> dict[str, Section]:
    wanted = [(spec["slug"], spec["name"], spec["description"]) for spec in specs]
    current = list(Section.objects.filter(outlet=outlet))
    if [(s.slug, s.name, s.description) for s in current] != wanted:
        existing = {section.slug: section for section in current}
        sections = []
        for order, (slug, name, description) in enumerate(wanted):
            section = existing.get(slug) or Section(slug=slug)
            section.name, section.description, section.sort_order = name, description, order
            sections.append(section)
        outlet.sections = sections
        outlet.save_revision().publish()
    # From the rows: publishing saved a copy of the page made from the revision, not ``outlet``.
    return {section.slug: section for section in Section.objects.filter(outlet=outlet)}


def file_under(article: ArticlePage, section: Section) -> None:
    if article.section_id != section.pk:
        article.section = section
        article.save_revision().publish()


def pin(outlet: OutletHomePage, stories: list[ArticlePage]) -> None:
    pinned = list(FrontPin.objects.filter(outlet=outlet).values_list("article_id", flat=True))
    if pinned != [story.pk for story in stories]:
        FrontPin.objects.filter(outlet=outlet).delete()
        for position, story in enumerate(stories):
            FrontPin.objects.create(outlet=outlet, article=story, position=position)
