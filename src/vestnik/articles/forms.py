"""The article's admin form: the slug follows the importers' rule, not Wagtail's."""

from wagtail.admin.forms import WagtailAdminPageForm

from vestnik.language.slugs import headline_slug


class ArticlePageForm(WagtailAdminPageForm):
    def clean_slug(self) -> str:
        """Wagtail's slug script keeps Cyrillic («итоги-технополиса»); a new or changed slug
        is transliterated as the importers do («itogi-tekhnopolisa»). A page that already
        has a Cyrillic slug keeps it, so its address does not move."""
        slug: str = self.cleaned_data.get("slug") or ""
        if slug.isascii() or (self.instance.pk and slug == self.instance.slug):
            return slug
        return headline_slug(slug)
