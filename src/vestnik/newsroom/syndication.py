"""Carrying an article to other outlets of the network, with honest provenance.

A copy is an ``ArticlePage`` under the receiving outlet whose ``original`` points at the
article it carries. It keeps the original's headline, lead, body, photo (the same image, so the
same photo credit), regions, tags and date, and credits the text to the original («Текст:
Звёздный бульвар»); its ``rel=canonical`` names the original. While ``follows_original`` is
set, publishing the original rewrites and republishes the copy; withdrawing the original
withdraws it. The receiving editor may detach a copy: it then keeps its text and provenance
but no longer hears from the original.

An editor who may not add pages under an outlet may still offer it their own story: the copy
arrives there as a draft, an offer waiting in that outlet's «Входящие» (``incoming_copies``)
until one of its editors accepts it (publishes it) or declines it (deletes it).

Deleting an original withdraws the copies that follow it; the foreign key then empties, so a
copy republished later stands on its own (its canonical is its own address) while still
crediting the original's outlet in «Текст:».
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from vestnik.articles.models import ArticlePage

# The rules of one story in several outlets live in the articles' models (``stories``).
from vestnik.articles.models.stories import (
    canonical_href,
    stands_in_for_story,
    story_of,
    syndication_family,
)
from vestnik.articles.upsert import free_slug

__all__ = [
    "SyndicationError",
    "Syndicated",
    "accept_offer",
    "can_offer_from",
    "can_syndicate_to",
    "canonical_href",
    "decline_offer",
    "detach_copy",
    "incoming_copies",
    "incoming_copy",
    "network_outlets",
    "propagate_edits",
    "stands_in_for_story",
    "story_of",
    "suggested_outlets",
    "syndicate",
    "syndication_family",
    "withdraw_copies",
]


class SyndicationError(Exception):
    """Why an article cannot be carried where it was asked to go; the text is for editors."""


@dataclass(frozen=True)
class Syndicated:
    outlet: Page
    copy: ArticlePage
    created: bool


def network_outlets() -> list[Page]:
    from vestnik.outlets.models import OutletHomePage

    return list(OutletHomePage.objects.select_related("region").order_by("title"))


def suggested_outlets(article: ArticlePage) -> list[Page]:
    """Outlets whose region covers one of the article's regions, other than its own.

    An article about Руднево (a district of ВАО) is suggested to the outlet that covers ВАО,
    and to a city-wide outlet covering Москва; not to the outlet of a neighbouring okrug.
    """
    covering: set[int] = set()
    for region in article.regions.all():
        covering.update(ancestor.pk for ancestor in region.lineage())
    own = article.get_parent().pk
    return [o for o in network_outlets() if o.region_id in covering and o.pk != own]


def can_syndicate_to(user: Any, outlet: Page) -> bool:
    """The rule: whoever may add articles under an outlet may carry articles into it — its
    editors and the network's administrators; nobody pushes into an outlet they cannot edit."""
    return bool(outlet.permissions_for_user(user).can_add_subpage())


def can_offer_from(user: Any, original: ArticlePage) -> bool:
    """Whoever may edit an original may offer it to any outlet: the copy arrives as a draft
    and the receiving outlet's editors decide, so nothing is pushed past them."""
    return bool(original.permissions_for_user(user).can_edit())


@transaction.atomic
def syndicate(article: ArticlePage, outlets: Iterable[Page], user: Any = None) -> list[Syndicated]:
    """Carry ``article``'s story into each outlet; returns one ``Syndicated`` per outlet.

    Only an original every reader may see is carried (``ArticlePage.is_visible_to_readers``):
    a copy is public, so carrying a password-protected or login-only article would open it
    to everyone. Refusing, rather than copying the restriction, keeps one rule for copies;
    and since such an original is open to all, the view right on it is everyone's.

    Idempotent: an outlet that already has a copy of the story gets that copy back
    (``created=False``), refreshed if it still follows the original. With a ``user``, every
    outlet is checked first and nothing is written unless all are allowed.
    """
    original = story_of(article)
    # Two editors carrying the same story at once must not both find "no copy yet".
    list(ArticlePage.objects.select_for_update().filter(pk=original.pk).values_list("pk"))
    if not original.live:
        raise SyndicationError(f"«{original.title}» не опубликована: переносить нечего.")
    if not original.is_visible_to_readers():
        raise SyndicationError(
            f"«{original.title}» закрыта для читателей (пароль, вход по логину или снятое "
            "издание): копия в другом издании открыла бы её всем. Снимите ограничение, "
            "чтобы разослать материал."
        )
    targets = list(outlets)
    home = original.get_parent()
    for outlet in targets:
        if outlet.pk == home.pk:
            raise SyndicationError(f"«{original.title}» уже выходит в «{outlet.title}».")
        if user is not None and not (
            can_syndicate_to(user, outlet) or can_offer_from(user, original)
        ):
            raise SyndicationError(
                f"Нет прав добавлять материалы в «{outlet.title}» или предлагать их туда."
            )
    return [carry(original, outlet, user) for outlet in targets]


def carry(original: ArticlePage, outlet: Page, user: Any) -> Syndicated:
    # Whoever may only draft under the outlet, or only offer to it, leaves the copy for its
    # editors to publish.
    go_live = user is None or outlet.permissions_for_user(user).can_publish_subpage()
    existing = ArticlePage.objects.child_of(outlet).filter(original=original).first()
    if existing is not None:
        if existing.follows_original:
            update_copy(existing, original, user, go_live=go_live)
        return Syndicated(outlet, existing, created=False)
    # Not live until published: a page is live by default, even one left as a draft.
    copy = ArticlePage(original=original, slug=free_slug(outlet, original.slug), live=False)
    fill_copy(copy, original)
    outlet.add_child(instance=copy)
    save_copy_revision(copy, user, publish=go_live)
    return Syndicated(outlet, copy, created=True)


def fill_copy(copy: ArticlePage, original: ArticlePage) -> None:
    copy.title = original.title
    copy.seo_title = original.seo_title
    copy.search_description = original.search_description
    copy.lead = original.lead
    copy.body = original.body.get_prep_value()
    copy.photo_id = original.photo_id  # the same image, so the same caption and photo credit
    copy.published_at = original.published_at
    copy.text_credit = original.credit
    copy.regions.set(list(original.regions.all()))
    copy.tags.set(list(original.tags.all()))


def update_copy(copy: ArticlePage, original: ArticlePage, user: Any, go_live: bool = False) -> None:
    """Rewrite a copy from its original; a live copy is republished, a withdrawn one keeps the
    new text as a draft until its own editors publish it again (or ``go_live`` says so now)."""
    fill_copy(copy, original)
    save_copy_revision(copy, user, publish=copy.live or go_live)


def save_copy_revision(copy: ArticlePage, user: Any, publish: bool) -> None:
    # The rights were checked when the copy was made; following is what the outlet agreed to.
    revision = copy.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
        copy.refresh_from_db()  # publishing worked on the revision's own instance


def following_copies(original: ArticlePage) -> list[ArticlePage]:
    return list(ArticlePage.objects.filter(original=original, follows_original=True))


def propagate_edits(original: ArticlePage, user: Any = None) -> list[ArticlePage]:
    """Carry the original's published state into every copy that follows it; an original
    readers may not see (restricted since it was carried) keeps its new text to itself."""
    if not original.is_visible_to_readers():
        return []
    copies = following_copies(original)
    for copy in copies:
        update_copy(copy, original, user)
    return copies


def withdraw_copies(original: ArticlePage, user: Any = None) -> list[ArticlePage]:
    """Unpublish the live copies that follow ``original``; detached copies are their editors'."""
    withdrawn = [copy for copy in following_copies(original) if copy.live]
    for copy in withdrawn:
        UnpublishPageAction(copy, user=user).execute(skip_permission_checks=True)
    return withdrawn


def detach_copy(copy: ArticlePage, user: Any = None) -> None:
    """The receiving editor takes the copy over: the original's edits no longer reach it."""
    if not copy.original_id:
        raise SyndicationError(f"«{copy.title}» — не копия: отсоединять нечего.")
    ArticlePage.objects.filter(pk=copy.pk).update(follows_original=False)
    copy.follows_original = False
    # The edit screen starts from the latest revision and publishing copies it back onto the
    # page, so the flag is set there too; it is not content, so no new revision is made.
    latest = copy.get_latest_revision()
    if latest is not None:
        latest.content["follows_original"] = False
        latest.save(update_fields=["content"])


def waiting_copies(user: Any) -> QuerySet[ArticlePage]:
    """Copies waiting for the user's decision: drafts of a carried story, never published,
    under an outlet the user may publish in. Another outlet's offers are never among them."""
    outlets = [o for o in network_outlets() if o.permissions_for_user(user).can_publish_subpage()]
    if not outlets:
        return ArticlePage.objects.none()
    under = Q()
    for outlet in outlets:
        under |= Q(path__startswith=outlet.path, depth=outlet.depth + 1)
    return ArticlePage.objects.filter(
        under, original__isnull=False, live=False, first_published_at__isnull=True
    )


def incoming_copies(user: Any) -> list[ArticlePage]:
    """The user's «Входящие», newest first."""
    waiting = waiting_copies(user).select_related("original")
    return list(waiting.order_by("-latest_revision_created_at", "-pk"))


def incoming_copy(user: Any, copy_id: int) -> ArticlePage | None:
    """One of the user's incoming copies, locked, or None: the only way to an offer to decide.
    Two editors deciding at once: the second finds the copy published or gone, so None."""
    return (
        waiting_copies(user).select_for_update(of=("self", "page_ptr")).filter(pk=copy_id).first()
    )


@transaction.atomic
def accept_offer(copy: ArticlePage, user: Any) -> None:
    """Publish an incoming copy in its outlet, refreshed from the original if it follows it.
    The caller found ``copy`` among ``incoming_copies(user)``, so the user may publish there."""
    original = copy.original
    if original is None or not original.live or not original.is_visible_to_readers():
        raise SyndicationError(
            f"Оригинал «{copy.title}» снят с публикации или закрыт для читателей: "
            "принять копию нельзя, её можно только отклонить."
        )
    if copy.follows_original:
        update_copy(copy, original, user, go_live=True)
        return
    revision = copy.get_latest_revision()
    if revision is not None:
        revision.publish(user=user, skip_permission_checks=True)


@transaction.atomic
def decline_offer(copy: ArticlePage, user: Any) -> None:
    """Delete an incoming copy: the outlet does not carry the story; it may be offered again."""
    DeletePageAction(copy, user=user).execute(skip_permission_checks=True)
