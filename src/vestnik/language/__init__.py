"""Russian-language helpers shared by templates, ingestion, search and the admin.

Pure Python on purpose: importing it must never require Django settings, so scripts
and tests can format «29 Янв 2024 в 09:41» without a configured project. The text
analysis loads its morphology dictionaries on first use, not on import.
"""

from vestnik.language.analysis import Token, analyze_terms, analyze_text, lemmatize_word
from vestnik.language.dates import format_item_date, format_published, parse_russian_datetime
from vestnik.language.query import SearchQuery, parse_query
from vestnik.language.snippets import Fragment, highlight_text, make_snippet

__all__ = [
    "Fragment",
    "SearchQuery",
    "Token",
    "analyze_terms",
    "analyze_text",
    "format_item_date",
    "format_published",
    "highlight_text",
    "lemmatize_word",
    "make_snippet",
    "parse_query",
    "parse_russian_datetime",
]
