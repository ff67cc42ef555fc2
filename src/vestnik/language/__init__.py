"""Russian-language helpers shared by templates, ingestion and the admin.

Pure Python on purpose: importing it must never require Django settings, so scripts
and tests can format «29 Янв 2024 в 09:41» without a configured project.
"""

from vestnik.language.dates import format_item_date, format_published, parse_russian_datetime

__all__ = ["format_item_date", "format_published", "parse_russian_datetime"]
