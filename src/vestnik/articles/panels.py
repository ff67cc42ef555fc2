from typing import Any

from wagtail import hooks
from wagtail.admin.panels import Panel

# Apps above articles add to the suggestions panel's context with a hook of this name,
# called as ``hook(article, context)``: the newsroom adds the earlier article this one repeats.
SUGGESTIONS_PANEL_HOOK = "construct_suggestions_panel_context"
# The app that counts reads fills the reads panel's context with a hook of this name, called
# as ``hook(article, context)``; it sets ``context["reads"]``. Without one, no panel.
READS_PANEL_HOOK = "construct_reads_panel_context"
# The app that posts articles to social networks fills the channels panel's context with a hook
# of this name, called as ``hook(article, context)``; it sets ``context["channels_html"]``.
CHANNELS_PANEL_HOOK = "construct_channels_panel_context"


class SuggestionsPanel(Panel):
    """What the enrichment worker found: suggested tags and regions with their evidence, each
    accepted or rejected with one click, and the earlier article this one repeats, if any."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/suggestions.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            article = self.instance
            context["suggestions"] = list(article.suggestions.all()) if article.pk else []
            for hook in hooks.get_hooks(SUGGESTIONS_PANEL_HOOK):
                hook(article, context)
            return context


class SyndicationPanel(Panel):
    """Where the story also runs: for a copy, its original and whether it still follows it;
    for an original, its copies; with the actions that change either."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/syndication.html"

        def is_shown(self) -> bool:
            return bool(self.instance.pk)

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from .models import ArticlePage

            context = super().get_context_data(parent_context)
            article = self.instance
            context["article"] = article
            context["original"] = article.original
            context["copies"] = list(ArticlePage.objects.filter(original=article).order_by("path"))
            return context


class ReadsPanel(Panel):
    """How much the article has been read: views and readers over the last seven days and in
    all, as the app that counts them reports (``READS_PANEL_HOOK``)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/reads.html"

        def is_shown(self) -> bool:
            return bool(self.instance.pk) and bool(hooks.get_hooks(READS_PANEL_HOOK))

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            for hook in hooks.get_hooks(READS_PANEL_HOOK):
                hook(self.instance, context)
            return context


class ChannelsPanel(Panel):
    """Where the article went on social networks: each channel's state, as the app that posts
    it reports (``CHANNELS_PANEL_HOOK``). Without one, no panel."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/panels/channels.html"

        def is_shown(self) -> bool:
            return bool(self.instance.pk) and bool(hooks.get_hooks(CHANNELS_PANEL_HOOK))

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            for hook in hooks.get_hooks(CHANNELS_PANEL_HOOK):
                hook(self.instance, context)
            return context
