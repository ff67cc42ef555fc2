from .article_page import ArticlePage, ArticlePageQuerySet, path_range, under_page
from .authors import Author, Byline
from .front import MAX_PINS, FrontPin
from .images import VestnikImage, VestnikRendition
from .related import ComputedRelated, RelatedItem, Teaser, read_also
from .suggestions import Suggestion
from .tags import ArticleTag, Tag, TagAlias
from .visibility import ReaderRule

__all__ = [
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "Author",
    "Byline",
    "ComputedRelated",
    "FrontPin",
    "MAX_PINS",
    "ReaderRule",
    "RelatedItem",
    "Suggestion",
    "Tag",
    "TagAlias",
    "Teaser",
    "VestnikImage",
    "path_range",
    "under_page",
    "VestnikRendition",
    "read_also",
]
