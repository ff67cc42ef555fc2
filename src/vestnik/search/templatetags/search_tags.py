from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vestnik.language.snippets import Fragment

register = template.Library()


@register.filter
def highlighted(fragments: Iterable[Fragment]) -> SafeString:
    """Fragments as HTML, the matched words in <mark>, everything escaped."""
    return mark_safe(  # noqa: S308 - every piece is escaped here
        "".join(
            f"<mark>{escape(f.text)}</mark>" if f.highlighted else str(escape(f.text))
            for f in fragments
        )
    )
