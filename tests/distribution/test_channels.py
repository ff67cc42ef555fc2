"""An outlet's channels in the admin: its own editors add and change them, nobody else sees
them; the token is stored encrypted and never comes back out of the server."""

import pytest
from django.contrib.auth import get_user_model

from vestnik.distribution.models import Channel
from vestnik.distribution.secrets import SecretUnreadable

from .conftest import make_channel

pytestmark = pytest.mark.django_db

TOKEN = "7000001:AAH-очень-секретный"


@pytest.fixture
def zvezdny_editor(client, network):  # type: ignore[no-untyped-def]
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return client


def channel_form(outlet, **fields: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "outlet": str(outlet.pk),
        "network": "telegram",
        "name": "Звёздный в Telegram",
        "target": "@zvezdny_news",
        "token": TOKEN,
        "token_env": "",
        "active": "on",
        **fields,
    }


def test_editor_adds_a_channel_whose_token_is_stored_encrypted(zvezdny_editor, network):
    response = zvezdny_editor.post("/admin/channels/add/", channel_form(network["zvezdny"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    channel = Channel.objects.get(name="Звёздный в Telegram")
    assert channel.outlet_id == network["zvezdny"].pk
    assert TOKEN not in channel.token_encrypted
    assert channel.token() == TOKEN
    assert TOKEN not in repr(channel) and TOKEN not in str(channel)


def test_the_token_is_never_shown_back_and_blank_keeps_it(zvezdny_editor, network):
    channel = make_channel(network["zvezdny"])
    page = zvezdny_editor.get(f"/admin/channels/{channel.pk}/").content.decode()
    assert "секретный" not in page and channel.token_encrypted not in page
    assert "Токен сохранён" in page

    form = channel_form(network["zvezdny"], name="Новое имя", token="")
    response = zvezdny_editor.post(f"/admin/channels/{channel.pk}/", form)
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.token()) == ("Новое имя", "123456:секретный-токен")


def test_a_new_channel_needs_a_token_or_a_variable(zvezdny_editor, network):
    form = channel_form(network["zvezdny"], token="")
    page = zvezdny_editor.post("/admin/channels/add/", form).content.decode()
    assert "Нужен токен или имя переменной окружения с ним." in page
    assert not Channel.objects.exists()


def test_a_token_from_the_environment_is_read_there(zvezdny_editor, network, monkeypatch):
    form = channel_form(network["zvezdny"], token="", token_env="ZVEZDNY_TG_TOKEN")
    assert zvezdny_editor.post("/admin/channels/add/", form).status_code == 302
    channel = Channel.objects.get()
    assert channel.token_encrypted == ""
    monkeypatch.setenv("ZVEZDNY_TG_TOKEN", TOKEN)
    assert channel.credentials().token == TOKEN


def test_vk_group_id_must_be_a_number(zvezdny_editor, network):
    form = channel_form(network["zvezdny"], network="vk", target="@zvezdny")
    page = zvezdny_editor.post("/admin/channels/add/", form).content.decode()
    assert "Номер сообщества ВКонтакте — число" in page


def test_an_editor_of_another_outlet_neither_sees_nor_changes_the_channel(client, network):
    channel = make_channel(network["zvezdny"])
    client.force_login(get_user_model().objects.get(username="editor-zelpanorama"))
    assert "@zvezdny" not in client.get("/admin/channels/").content.decode()
    assert client.get(f"/admin/channels/{channel.pk}/").status_code == 404
    form = channel_form(network["zvezdny"], name="Захвачен")
    assert client.post(f"/admin/channels/{channel.pk}/", form).status_code == 404
    assert client.post(f"/admin/channels/{channel.pk}/delete/").status_code == 404
    # nor can they add one to an outlet that is not theirs
    response = client.post("/admin/channels/add/", form)
    assert response.status_code == 200 and "outlet" in response.context["form"].errors
    channel.refresh_from_db()
    assert channel.name != "Захвачен" and Channel.objects.count() == 1


def test_a_changed_key_makes_stored_tokens_unreadable_with_a_russian_reason(network, settings):
    channel = make_channel(network["zvezdny"])
    settings.SECRET_KEY = "другой ключ"
    with pytest.raises(SecretUnreadable, match="ключ сменился"):
        channel.token()
