"""One story carried by several outlets: the rules every list of articles follows.

A syndicated copy points at its ``original``; the original and its copies are one story, its
*family*. Wherever articles are listed for an outlet (its pages and feeds, search,
«Читайте также»), the story appears once, carried by the outlet's own copy if it has one,
else by the original: a copy in another outlet stands aside while readers see its original
(``stands_in_for_story``, which search stores as a facet), and an original stands aside
where the outlet carries a copy of it. The Технополис story of «Звёздный бульвар», carried
by «Зеленоградская панорама»: the Зеленоград outlet lists its copy, «Юго-Западный курьер»
(no copy) the original, and network-wide search finds the original alone.

The conditions are written once (``same_story``, ``copy_elsewhere``) over a ``Spelling``:
``QSpelling`` spells them as ORM filters, ``SqlSpelling`` as SQL for the raw statement of
«Читайте также» (``related._computed_teasers``), which must stay one statement.
«Читайте также» itself and its inverse (``read_also_sources``, which pages list an article,
what the page cache purges) sit side by side in ``related``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from .visibility import ReaderRule

if TYPE_CHECKING:
    from .article_page import ArticlePage

__all__ = [
    "QSpelling",
    "Sql",
    "SqlSpelling",
    "canonical_href",
    "copy_elsewhere",
    "never_beside",
    "one_per_story",
    "other_carriers",
    "same_story",
    "stands_in_for_story",
    "story_of",
    "story_root",
    "syndication_family",
]

C = TypeVar("C")


class Spelling(Protocol, Generic[C]):
    """The few terms the story rules are made of, in one query language."""

    def page_is(self, pk: int) -> C: ...
    def copy_of(self, pk: int) -> C: ...
    def original_shown(self) -> C: ...
    def under(self, path: str) -> C: ...
    def both(self, left: C, right: C) -> C: ...
    def either(self, left: C, right: C) -> C: ...
    def negated(self, condition: C) -> C: ...


def same_story(spell: Spelling[C], root: int) -> C:
    """The family of the story starting from ``root``: the original and all its copies."""
    return spell.either(spell.page_is(root), spell.copy_of(root))


def copy_elsewhere(spell: Spelling[C], outlet_path: str) -> C:
    """A copy outside the outlet at ``outlet_path`` of an original readers see: the original
    (or the outlet's own copy) carries that story there."""
    return spell.both(spell.original_shown(), spell.negated(spell.under(outlet_path)))


def never_beside(spell: Spelling[C], article: "ArticlePage", outlet_path: str) -> list[C]:
    """What a list under ``article`` («Читайте также») never offers, each condition to
    exclude: the same story again (its original, its copies), and another outlet's copy of
    an original readers see. An article not saved yet has no story to leave out."""
    root = story_root(article)
    same = [same_story(spell, root)] if root else []
    return [*same, copy_elsewhere(spell, outlet_path)]


@dataclass(frozen=True)
class QSpelling:
    """The rules as ORM filters on ``ArticlePage``; ``rule`` is needed only by the rules
    that ask what readers see."""

    rule: ReaderRule | None = None

    def page_is(self, pk: int) -> Q:
        return Q(pk=pk)

    def copy_of(self, pk: int) -> Q:
        return Q(original_id=pk)

    def original_shown(self) -> Q:
        assert self.rule is not None, "what readers see needs the reader rule"
        return self.rule.q("original__")

    def under(self, path: str) -> Q:
        return Q(path__startswith=path)

    def both(self, left: Q, right: Q) -> Q:
        return left & right

    def either(self, left: Q, right: Q) -> Q:
        return left | right

    def negated(self, condition: Q) -> Q:
        return ~condition


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[object, ...] = ()


@dataclass(frozen=True)
class SqlSpelling:
    """The rules as SQL on an article joined as ``page`` (the page table) and ``article``
    (the article table), with its original's page LEFT JOINed as ``original``. Every term
    is true or false, never NULL, so a negation keeps the rows an ORM ``exclude`` keeps."""

    page: str
    article: str
    original: str
    remembered: bool = False

    def page_is(self, pk: int) -> Sql:
        return Sql(f"{self.page}.id = %s", (pk,))

    def copy_of(self, pk: int) -> Sql:
        original_id = f"{self.article}.original_id"
        return Sql(f"({original_id} IS NOT NULL AND {original_id} = %s)", (pk,))

    def original_shown(self) -> Sql:
        shown, params = ReaderRule.sql(self.original, remembered=self.remembered)
        return Sql(f"({self.original}.id IS NOT NULL AND {shown})", tuple(params))

    def under(self, path: str) -> Sql:
        return Sql(f"substr({self.page}.path, 1, %s) = %s", (len(path), path))

    def both(self, left: Sql, right: Sql) -> Sql:
        return Sql(f"({left.text} AND {right.text})", left.params + right.params)

    def either(self, left: Sql, right: Sql) -> Sql:
        return Sql(f"({left.text} OR {right.text})", left.params + right.params)

    def negated(self, condition: Sql) -> Sql:
        return Sql(f"NOT ({condition.text})", condition.params)


def story_of(article: "ArticlePage") -> "ArticlePage":
    """The article a story starts from: carrying a copy carries its original."""
    original = article.original if article.original_id else None
    return original or article


def story_root(article: "ArticlePage") -> int | None:
    """The id of the article the story starts from, without reading it."""
    return article.original_id or article.pk


def canonical_href(article: "ArticlePage", request: HttpRequest | None = None) -> str:
    """The address search engines should credit: the external source of an ingested item,
    else the live original a copy carries (and that original's own source), else the page."""
    if article.canonical_url:
        return article.canonical_url
    original = article.original
    if original is not None and original.live:
        return canonical_href(original, request)
    return article.get_full_url(request) or ""


def syndication_family(article_id: int) -> set[int]:
    """Ids of the other carriers of the same story: the original and all its copies."""
    from .article_page import ArticlePage

    # Unordered: Page's default order by path makes SQLite walk the whole tree (9 ms at
    # 100k articles) instead of the index on original_id.
    rows = ArticlePage.objects.filter(pk=article_id).order_by().values_list("original_id")
    root = next((original for (original,) in rows), None) or article_id
    family = ArticlePage.objects.filter(same_story(QSpelling(), root)).order_by()
    ids = set(family.values_list("pk", flat=True))
    ids.discard(article_id)
    return ids


def one_per_story(articles: QuerySet, outlet_path: str, rule: ReaderRule) -> QuerySet:
    """Each story once, as the outlet at ``outlet_path`` carries it: its own copy if readers
    see one, else the original; copies elsewhere of an original readers see are left out."""
    from .article_page import ArticlePage

    local_copy = ArticlePage.objects.visible_to_readers(rule).filter(
        original=OuterRef("pk"), path__startswith=outlet_path
    )
    return articles.exclude(copy_elsewhere(QSpelling(rule), outlet_path)).exclude(
        Exists(local_copy)
    )


def other_carriers(standing_copies: Mapping[int, int], outlet_id: int) -> set[int]:
    """Among candidates for a list of ``outlet_id``, the carriers that stand aside, given the
    candidates that stand in for a story (``stands_in_for_story``) with their outlets: copies
    in other outlets, and the originals of the outlet's own copies."""
    from .article_page import ArticlePage

    own = [pk for pk, outlet in standing_copies.items() if outlet == outlet_id]
    originals = ArticlePage.objects.filter(pk__in=own).values_list("original_id", flat=True)
    return (set(standing_copies) - set(own)) | set(originals)


def stands_in_for_story(article: "ArticlePage") -> bool:
    """Whether the article is a copy whose original readers see: the original then speaks
    for the story wherever the whole network is listed."""
    from .article_page import ArticlePage

    return (
        bool(article.original_id)
        and ArticlePage.objects.visible_to_readers().filter(pk=article.original_id).exists()
    )
