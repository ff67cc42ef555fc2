"""What of the network an outlet's editor may see in the admin: pages of their own outlets
and what any reader sees, the people who work with them, the tags of their own media.

Wagtail already keeps page lists, reports, logs and media to what a user has rights on (the
explorable subtree, the collections); these close the places where it shows the whole
network: the page chooser, the people in reports' filters, media tags, and the screens that
count every page.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from taggit.models import Tag
from wagtail.admin.filters import BaseMediaFilterSet
from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
from wagtail.admin.views.reports.audit_logging import SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.views.chooser import ImageChooseViewMixin
from wagtail.models import Page
from wagtail.permissions import policy_registry

__all__ = [
    "NETWORK_SCREENS",
    "confine_media_tags",
    "confine_user_choices",
    "media_tags_in_reach",
    "pages_in_reach",
    "people_in_reach",
]

# Screens that describe every outlet at once (every page of a type, the last edited page of
# each type): network administrators' tools, closed to outlet editors.
NETWORK_SCREENS = frozenset(
    {
        "wagtailadmin_reports:page_types_usage",
        "wagtailadmin_reports:page_types_usage_results",
        "wagtailadmin_pages:type_use",
        "wagtailadmin_pages:type_use_results",
    }
)

# Report filters that list people, each a (filter set, filter name) of Wagtail's.
USER_FILTERS = (
    (PageFilterSet, "owner"),
    (PageFilterSet, "edited_by"),
    (GenericPageFilterSet, "owner"),
    (GenericPageFilterSet, "edited_by"),
    (WorkflowReportFilterSet, "requested_by"),
    (LockedPagesReportFilterSet, "locked_by"),
)


def pages_in_reach(pages: QuerySet[Page], user: Any) -> QuerySet[Page]:
    """The pages of the user's own outlets and the tree above them, and the network's pages
    any reader sees (to link to); everything to a superuser.

    A live page with a pending draft is left out: the admin shows a page by its draft's
    headline, and another outlet's draft headline is not for this user.
    """
    if user.is_superuser:
        return pages
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    readable = Page.objects.live().public().filter(has_unpublished_changes=False)
    return pages.filter(Q(pk__in=explorable.values("pk")) | Q(pk__in=readable.values("pk")))


def people_in_reach(users: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The user, their colleagues in their outlets' groups and the network's administrators."""
    if user.is_superuser:
        return users
    reach = get_user_model().objects.filter(
        Q(pk=user.pk) | Q(is_superuser=True) | Q(groups__in=user.groups.all())
    )
    return users.filter(pk__in=reach.values("pk"))


def confined(choices: Callable[[HttpRequest], QuerySet[Any]]) -> Callable[[HttpRequest], Any]:
    def people(request: HttpRequest) -> QuerySet[Any]:
        return people_in_reach(choices(request), request.user)

    return people


def confine_user_choices() -> None:
    """Wagtail's report filters offer everyone who ever owned, edited, locked or asked for a
    review of any page, naming another outlet's staff; keep them to the people in reach."""
    seen: set[int] = set()
    for filterset, name in USER_FILTERS:
        declared = filterset.base_filters[name]
        if id(declared) not in seen:  # subclasses share their parents' filter objects
            seen.add(id(declared))
            declared.queryset = confined(declared.queryset)
    history_users = SiteHistoryReportFilterSet.get_users_queryset

    def get_users_queryset(self: SiteHistoryReportFilterSet) -> QuerySet[Any]:
        return people_in_reach(history_users(self), self.request.user)

    SiteHistoryReportFilterSet.get_users_queryset = get_users_queryset


def media_tags_in_reach(user: Any, models: tuple[type, ...] | None = None) -> QuerySet[Tag]:
    """Tags of the images and documents the user may choose or edit, the most used first:
    a tag of another outlet's private photo says something about the photo."""
    reach = Q(pk__in=[])
    for model in models or (get_image_model(), get_document_model()):
        media = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["choose", "change"]
        )
        reach |= Q(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=media.values("pk"),
        )
    return (
        Tag.objects.filter(reach)
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")
    )


def confine_media_tags() -> None:
    """Wagtail suggests the ten most used tags of all images and documents of the network, in
    the media listings' filter and the image chooser; keep them to the user's media."""
    listing_init = BaseMediaFilterSet.__init__

    def __init__(self: BaseMediaFilterSet, *args: Any, **kwargs: Any) -> None:
        listing_init(self, *args, **kwargs)
        if "tag" in self.filters and not self.request.user.is_superuser:
            tags = media_tags_in_reach(self.request.user, (self._meta.model,))[:10]
            self.filters["tag"].extra["choices"] = [(tag.name, tag.name) for tag in tags]

    BaseMediaFilterSet.__init__ = __init__
    chooser_context = ImageChooseViewMixin.get_context_data

    def get_context_data(self: ImageChooseViewMixin, **kwargs: Any) -> dict[str, Any]:
        context = chooser_context(self, **kwargs)
        if not self.request.user.is_superuser:
            context["popular_tags"] = media_tags_in_reach(self.request.user, (self.model,))[:10]
        return context

    ImageChooseViewMixin.get_context_data = get_context_data
