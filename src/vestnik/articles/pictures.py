"""The responsive pictures readers' pages show: which renditions, at which widths, in which
formats, so the templates, the listings' prefetch and the importers (which make them ahead of
any reader) name the same files.

Each spec is Wagtail's expanding filter spec for its ``picture`` tag: a WebP ``<source>``
and a JPEG ``<img srcset>`` at each width, the first JPEG the ``src`` whose size is the
``width`` and ``height`` that reserve the picture's box before it arrives.
"""

from typing import Final

from wagtail.images.models import Filter

__all__ = [
    "BODY_PICTURE",
    "BODY_SIZES",
    "LEAD_PICTURE",
    "LEAD_SIZES",
    "THUMBNAIL_PICTURE",
    "THUMBNAIL_SIZES",
    "picture_renditions",
]

# The article's photo, 16:9, up to the column's width on a large screen at 2×.
LEAD_PICTURE: Final = "format-{webp,jpeg}|fill-{480x270,800x450,1200x675}"
LEAD_SIZES: Final = "(max-width: 46rem) 100vw, 44rem"
# A picture in the body keeps its own proportions.
BODY_PICTURE: Final = "format-{webp,jpeg}|width-{480,800,1200}"
BODY_SIZES: Final = LEAD_SIZES
# A listing's thumbnail beside its teaser.
THUMBNAIL_PICTURE: Final = "format-{webp,jpeg}|fill-{320x180,640x360}"
THUMBNAIL_SIZES: Final = "(max-width: 40rem) 40vw, 10rem"


def picture_renditions(*specs: str) -> list[str]:
    """Every rendition filter a picture spec asks for: «format-webp|fill-480x270» …"""
    return [filter_spec for spec in specs for filter_spec in Filter.expand_spec(spec)]
