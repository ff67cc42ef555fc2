"""Admin logins and page passwords are throttled: five wrong tries lock the door for a while."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def sign_in(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_five_wrong_passwords_lock_out_even_the_right_one(client, network, demo_password):
    for _ in range(4):
        wrong = sign_in(client, "editor-zvezdny", "не-тот-пароль")
        assert wrong.status_code == 200
        assert "пароль не совпали" in wrong.content.decode()
    fifth = sign_in(client, "editor-zvezdny", "не-тот-пароль")
    assert fifth.status_code == 429

    right = sign_in(client, "editor-zvezdny", demo_password)
    assert right.status_code == 429
    page = right.content.decode()
    assert "Слишком много неверных паролей подряд" in page
    assert "15 минут" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_lockout_keeps_to_the_guessed_account(client, network, demo_password):
    for _ in range(5):
        sign_in(client, "editor-zvezdny", "не-тот-пароль")
    other = sign_in(client, "editor-zelpanorama", demo_password)
    assert other.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_right_password_before_the_limit_signs_in_and_resets_the_count(
    client, network, demo_password
):
    for _ in range(4):
        sign_in(client, "editor-zvezdny", "не-тот-пароль")
    assert sign_in(client, "editor-zvezdny", demo_password).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "editor-zvezdny", "не-тот-пароль")
    assert sign_in(client, "editor-zvezdny", demo_password).status_code == 302


def test_force_login_and_login_without_a_request_keep_working(client, network, demo_password):
    from django.contrib.auth import get_user_model

    assert client.login(username="editor-zvezdny", password=demo_password)
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(get_user_model().objects.get(username="editor-yugozapad"))
    assert client.get("/admin/").status_code == 200


def test_page_password_guesses_are_throttled(client, network):
    article = network["canonical"]
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="верный-пароль"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"
    form = {"return_url": article.url}
    for _ in range(4):
        guess = client.post(url, {**form, "password": "угадываю"})
        assert guess.status_code == 200
    assert client.post(url, {**form, "password": "угадываю"}).status_code == 429

    right = client.post(url, {**form, "password": "верный-пароль"})
    assert right.status_code == 429
    assert "Слишком много неверных паролей подряд" in right.content.decode()
    assert restriction.passed_view_restrictions_session_key not in client.session


def test_right_page_password_lets_the_reader_in(client, network):
    article = network["canonical"]
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="верный-пароль"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"
    client.post(url, {"return_url": article.url, "password": "угадываю"})
    right = client.post(url, {"return_url": article.url, "password": "верный-пароль"})
    assert right.status_code == 302


def test_behind_a_proxy_the_lockout_keeps_to_the_guessing_address(
    client, network, demo_password, settings
):
    # Every request arrives from the proxy's address; the client's is the last forwarded one.
    settings.VESTNIK_BEHIND_PROXY = True
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    editor = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    for _ in range(5):
        client.post(LOGIN, {"username": "editor-zvezdny", "password": "не-тот-пароль"}, **guesser)
    locked = client.post(
        LOGIN, {"username": "editor-zvezdny", "password": demo_password}, **guesser
    )
    assert locked.status_code == 429
    # The editor at another address (a forged first hop changes nothing) still signs in.
    own = client.post(LOGIN, {"username": "editor-zvezdny", "password": demo_password}, **editor)
    assert own.status_code == 302
