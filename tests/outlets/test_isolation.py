"""One outlet's drafts, revisions, media and people stay inside it: another outlet's editor and
an anonymous reader walk every place they can look and never meet them."""

import io
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Workflow

from vestnik.articles.factories import draw_placeholder
from vestnik.articles.models import ArticlePage, VestnikImage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.outlets.factories import editors_group

pytestmark = pytest.mark.django_db

MARKER = "zq7marker"
# What the searches ask for: a word of the draft's headline that is not the marker, so that
# a page repeating the query back does not count as a leak.
WORD = "Кварцеград"
Q = urlencode({"q": WORD})


@pytest.fixture
def secret(network):
    """A draft of «Зеленоградская панорама» with two revisions, locked and in moderation,
    beside a private photo and document and a colleague, each carrying the marker."""
    outlet = network["zelpanorama"]
    colleague = get_user_model().objects.create_user(f"{MARKER}-reporter", password="x")
    colleague.groups.add(editors_group(outlet))
    image = VestnikImage.objects.create(
        title=f"Фото {MARKER} {WORD}",
        caption=f"Подпись {MARKER}",
        file=ContentFile(draw_placeholder("#123456", (40, 30)).getvalue(), name=f"{MARKER}.png"),
        collection=outlet.collection,
        uploaded_by_user=colleague,
    )
    image.tags.add(f"{MARKER}-тег")
    document = get_document_model().objects.create(
        title=f"Документ {MARKER} {WORD}",
        file=ContentFile(io.BytesIO(b"%PDF-1.4").getvalue(), name=f"{MARKER}.pdf"),
        collection=outlet.collection,
        uploaded_by_user=colleague,
    )
    spec = ArticleSpec(
        slug=MARKER,
        headline=f"Черновик {MARKER}: {WORD} получит развязку",
        published_at=timezone.now(),
        lead=f"Лид {MARKER}",
        paragraphs=(f"Текст {MARKER}.",),
        live=False,
    )
    draft, _ = upsert_article(outlet, spec)
    draft.photo = image
    first = draft.save_revision(user=colleague)
    draft.title = f"Черновик {MARKER}: развязка в {WORD} откроется в мае"
    second = draft.save_revision(user=colleague, log_action=True)
    ArticlePage.objects.filter(pk=draft.pk).update(
        locked=True, locked_by=colleague, locked_at=timezone.now()
    )
    # A live article of the same outlet whose next version, with the marker, is a draft.
    published = ArticlePage.objects.live().child_of(outlet).exclude(pk=draft.pk).first()
    published.title = f"Правка {MARKER}: {WORD} и другие новости"
    published.save_revision(user=colleague)
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is not None:
        workflow.start(draft, colleague)
    return {
        "draft": draft,
        "revisions": (first, second),
        "published": published,
        "image": image,
        "document": document,
    }


def admin_places(secret, network) -> list[str]:
    draft, (first, second) = secret["draft"], secret["revisions"]
    page, outlet = draft.pk, network["zelpanorama"].pk
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{outlet}/",
        f"/admin/pages/{page}/",
        f"/admin/pages/{page}/edit/",
        f"/admin/pages/{page}/edit/preview/",
        f"/admin/pages/{page}/view_draft/",
        f"/admin/pages/{page}/history/",
        f"/admin/pages/{page}/revisions/",
        f"/admin/pages/{page}/revisions/{first.pk}/view/",
        f"/admin/pages/{page}/revisions/compare/{first.pk}...{second.pk}/",
        f"/admin/pages/{page}/workflow_history/",
        f"/admin/pages/{secret['published'].pk}/",
        f"/admin/pages/{secret['published'].pk}/revisions/",
        f"/admin/syndication/{secret['published'].pk}/",
        f"/admin/pages/{page}/usage/",
        f"/admin/pages/{page}/move/",
        f"/admin/pages/{page}/copy/",
        f"/admin/pages/{page}/delete/",
        "/admin/pages/usage/articles/articlepage/",
        f"/admin/pages/search/?{Q}",
        "/admin/choose-page/",
        f"/admin/choose-page/{outlet}/",
        f"/admin/choose-page/search/?{Q}",
        f"/admin/syndication/{page}/",
        f"/admin/syndication/{page}/detach/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/images/",
        f"/admin/images/?{Q}",
        f"/admin/images/{secret['image'].pk}/",
        "/admin/images/chooser/",
        f"/admin/images/chooser/results/?{Q}",
        "/admin/tag-autocomplete/?term=zq7",
        "/admin/tag-autocomplete/articles/vestnikimage/?term=zq7",
        "/admin/documents/",
        f"/admin/documents/edit/{secret['document'].pk}/",
        "/admin/documents/chooser/",
        f"/admin/documents/chooser/results/?{Q}",
        "/admin/users/",
        "/admin/users/?q=reporter",
        "/admin/groups/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        f"/admin/api/main/pages/?{urlencode({'search': WORD})}",
        f"/admin/api/main/pages/{page}/",
        f"/admin/api/main/pages/?child_of={outlet}",
        f"/admin/api/main/pages/?descendant_of={outlet}&has_unpublished_changes=true",
        f"/admin/network-search/?{Q}",
    ]


def public_places(secret) -> list[str]:
    page = secret["draft"].pk
    return [
        "/",
        f"/{MARKER}/",
        f"/search/?{Q}",
        f"/search/?{Q}&all=1",
        "/rss/",
        "/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        f"/api/v1/search/?{Q}",
        "/api/v1/articles/",
        f"/api/v1/articles/{page}/",
        f"/api/v1/articles/{secret['published'].pk}/",
        f"/{secret['published'].slug}/",
        f"/admin/syndication/{page}/",
        f"/admin/choose-page/search/?{Q}",
    ]


def leaks(client: Client, places: list[str], host: str) -> list[str]:
    found = []
    for place in places:
        response = client.get(place, HTTP_HOST=host)
        assert response.status_code < 500, place
        body = b"".join(response) if response.streaming else response.content
        if MARKER in body.decode(errors="replace").lower():
            text = body.decode(errors="replace")
            at = text.lower().index(MARKER)
            found.append(f"{place} ({response.status_code}) {text[at - 300 : at + 80]!r}")
    return found


def test_another_outlets_editor_meets_no_trace_of_its_draft_media_or_people(
    client, secret, network
):
    places = admin_places(secret, network)
    assert len(places) >= 25
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    found = leaks(client, places, "zvezdny.localhost")
    assert not found, "\n".join(found)


def test_an_anonymous_reader_meets_no_trace_of_an_outlets_draft(client, secret, network):
    for host in ("zelpanorama.localhost", "zvezdny.localhost"):
        found = leaks(client, public_places(secret), host)
        assert not found, "\n".join(found)


def test_the_outlets_own_editor_finds_its_draft_photo_and_document(client, secret, network):
    """The same walk is not blind: the draft's own outlet sees what the others may not."""
    client.force_login(get_user_model().objects.get(username="editor-zelpanorama"))
    draft = secret["draft"]
    for place in (
        f"/admin/choose-page/search/?{Q}",
        f"/admin/pages/search/?{Q}",
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/syndication/{draft.pk}/",
        f"/admin/images/chooser/results/?{Q}",
        f"/admin/documents/chooser/results/?{Q}",
        "/admin/images/",
        "/admin/documents/",
        "/admin/tag-autocomplete/?term=zq7",
    ):
        assert MARKER in client.get(place).content.decode().lower(), place


def test_syndication_form_of_another_outlets_draft_is_not_found(client, secret):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    assert client.get(f"/admin/syndication/{secret['draft'].pk}/").status_code == 404


def test_page_chooser_search_finds_no_draft_of_another_outlet(client, secret):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    response = client.get("/admin/choose-page/search/", {"q": WORD})
    assert MARKER not in response.content.decode().lower()


def test_page_chooser_offers_another_outlets_live_articles_to_link_to(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    article = ArticlePage.objects.live().child_of(network["yugozapad"]).first()
    response = client.get(f"/admin/choose-page/{network['yugozapad'].pk}/")
    assert article.title in response.json()["html"]


def test_another_outlets_private_photo_and_document_do_not_open_in_the_admin(client, secret):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    image, document = secret["image"].pk, secret["document"].pk
    for place in (
        f"/admin/images/{image}/",
        f"/admin/images/{image}/preview/original/",
        f"/admin/images/{image}/generate_url/",
        f"/admin/images/usage/{image}/",
        f"/admin/images/multiple/{image}/",
        f"/admin/documents/edit/{document}/",
        f"/admin/documents/usage/{document}/",
    ):
        assert client.get(place).status_code in (302, 403, 404, 405), place


def test_page_types_report_is_for_network_administrators(client, admin_client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    assert client.get("/admin/reports/page-types-usage/").status_code == 403
    assert client.get("/admin/pages/usage/articles/articlepage/").status_code == 403
    assert "page-types-usage" not in client.get("/admin/").content.decode()
    assert admin_client.get("/admin/reports/page-types-usage/").status_code == 200
