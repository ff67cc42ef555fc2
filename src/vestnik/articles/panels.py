from typing import Any

from wagtail.admin.panels import Panel


class SuggestionsPanel(Panel):
    """What the enrichment worker found: suggested tags and regions with their evidence, each
    accepted or rejected with one click, and the earlier article this one repeats, if any."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/suggestions.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from vestnik.search.models import DuplicateLink

            from .models import ArticlePage

            context = super().get_context_data(parent_context)
            article = self.instance
            context["suggestions"] = list(article.suggestions.all()) if article.pk else []
            link = DuplicateLink.objects.filter(article_id=article.pk).first()
            context["duplicate"] = link
            context["original"] = (
                ArticlePage.objects.filter(pk=link.original_id).first() if link else None
            )
            return context
