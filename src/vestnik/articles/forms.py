"""The article's admin form: the slug follows the importers' rule, not Wagtail's, and an
abandoned autosaved draft does not keep it (``autosave``); the sections offered are the
article's own outlet's."""

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

from vestnik.language.slugs import headline_slug
from vestnik.outlets.models import Section

from .autosave import free_slug_held_by_autosave


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "section" in self.fields:
            # Another outlet's section would file the article under a rubric its readers
            # never see; the field then refuses any id not offered here.
            outlet_id = self.parent_page.pk if self.parent_page is not None else None
            self.fields["section"].queryset = Section.objects.filter(outlet_id=outlet_id)
            self.fields["section"].empty_label = "Без рубрики"

    def clean_slug(self) -> str:
        """Wagtail's slug script keeps Cyrillic («итоги-технополиса»); a new or changed slug
        is transliterated as the importers do («itogi-tekhnopolisa»). A page that already
        has a Cyrillic slug keeps it, so its address does not move."""
        slug: str = self.cleaned_data.get("slug") or ""
        if not (slug.isascii() or (self.instance.pk and slug == self.instance.slug)):
            slug = headline_slug(slug)
        if slug and self.parent_page is not None:
            # Before Wagtail's own check that no sibling has the slug.
            free_slug_held_by_autosave(self.parent_page, slug, self.for_user, self.instance.pk)
        return slug
