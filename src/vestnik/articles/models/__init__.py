from .article_page import ArticlePage, ArticlePageQuerySet
from .images import VestnikImage, VestnikRendition
from .related import RelatedItem, Teaser, read_also
from .tags import ArticleTag, Tag

__all__ = [
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "RelatedItem",
    "Tag",
    "Teaser",
    "VestnikImage",
    "VestnikRendition",
    "read_also",
]
