"""An outlet's editors edit their own outlet's identity in the admin, and no other's; an
accent that would not read on white is refused in Russian."""

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from wagtail.models import Site

from vestnik.outlets.identity import OutletIdentity

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/outlets/outletidentity/"


@pytest.fixture
def editor(client, network):
    user = get_user_model().objects.get(username="editor-zvezdny")
    client.force_login(user)
    return user


def site_of(network, slug: str) -> Site:
    return Site.objects.get(root_page=network[slug])


def form_data(identity: OutletIdentity, **changes: str) -> dict[str, str]:
    data = model_to_dict(identity, exclude=["id", "site"])
    data = {name: "" if value is None else value for name, value in data.items()}
    return {**data, **changes}


def test_the_editor_opens_their_outlets_identity_from_the_menu(client, editor, network):
    response = client.get(SETTINGS_URL)
    own = site_of(network, "zvezdny")
    assert response.status_code == 302
    assert response["Location"] == f"{SETTINGS_URL}{own.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Выходные данные" in page and "Главный редактор" in page
    assert "Зеленоградская панорама" not in page  # no switcher to another outlet's settings


@pytest.mark.parametrize("slug", ["zelpanorama", "yugozapad"])
def test_the_editor_cannot_open_or_change_another_outlets_identity(client, editor, network, slug):
    site = site_of(network, slug)
    identity = OutletIdentity.objects.get(site=site)
    opened = client.get(f"{SETTINGS_URL}{site.pk}/")
    posted = client.post(f"{SETTINGS_URL}{site.pk}/", form_data(identity, description="Чужое"))
    for response in (opened, posted):
        # Wagtail's admin answers a denied screen with its home page and «нет прав».
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
    identity.refresh_from_db()
    assert identity.description != "Чужое"


def test_the_editor_saves_a_new_description_and_accent(client, editor, network):
    site = site_of(network, "zvezdny")
    identity = OutletIdentity.objects.get(site=site)
    data = form_data(identity, description="Газета о соседях и дворах", accent="#8a2be2")
    response = client.post(f"{SETTINGS_URL}{site.pk}/", data)
    assert response.status_code == 302
    identity.refresh_from_db()
    assert (identity.description, identity.accent) == ("Газета о соседях и дворах", "#8a2be2")


@pytest.mark.parametrize(
    ("accent", "message"),
    [
        ("#ffd700", "Этот цвет слишком светлый"),  # gold on white: 1.4:1
        ("#777777", "Этот цвет слишком светлый"),  # 4.48:1, just below AA
        ("синий", "Укажите цвет в виде «#» и шести шестнадцатеричных цифр"),
        ("#12345", "Укажите цвет в виде «#» и шести шестнадцатеричных цифр"),
    ],
)
def test_an_accent_unreadable_on_white_is_refused_in_russian(
    client, editor, network, accent, message
):
    site = site_of(network, "zvezdny")
    identity = OutletIdentity.objects.get(site=site)
    response = client.post(f"{SETTINGS_URL}{site.pk}/", form_data(identity, accent=accent))
    assert response.status_code == 200
    assert message in response.content.decode()
    identity.refresh_from_db()
    assert identity.accent == "#1b3a6b"


def test_a_new_outlets_editors_get_the_right_on_its_site_alone(network):
    from vestnik.outlets.factories import create_outlet, editors_group

    outlet = create_outlet(
        slug="novoe", name="Новое издание", region=network["zvezdny"].region, hostname="novoe"
    )
    user = get_user_model().objects.create_user("editor-novoe")
    user.groups.add(editors_group(outlet))
    policy = OutletIdentity.get_permission_policy()
    assert list(policy.sites_user_has_permission_for(user, "change")) == [
        Site.objects.get(root_page=outlet)
    ]
