"""Optional TOTP two-factor login for network administrators."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    """What the administrator's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, password: str, code: str = ""):  # type: ignore[no-untyped-def]
    form = {"username": "admin", "password": password, "otp_token": code, "next": "/admin/"}
    return client.post("/admin/login/", form)


@pytest.fixture
def admin_user(network):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="admin")


def test_administrator_enrolls_a_device_and_then_signs_in_with_its_code(
    client, admin_user, demo_password
):
    client.force_login(admin_user)
    page = client.get("/admin/two-factor/").content.decode()
    assert "<svg" in page
    secret = re.search(r"Ключ: <code>([A-Z2-7]+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert device.config_url.count(secret) == 1

    confirmed = client.post("/admin/two-factor/", {"token": current_code(device)})
    assert confirmed.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    client.logout()

    without_code = sign_in(client, demo_password)
    assert without_code.status_code == 200
    assert "Нужен верный одноразовый код" in without_code.content.decode()
    assert "_auth_user_id" not in client.session


def test_enrolled_administrator_signs_in_with_password_and_code(client, admin_user, demo_password):
    device = TOTPDevice.objects.create(user=admin_user, name="телефон", confirmed=True)
    signed_in = sign_in(client, demo_password, current_code(device))
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, admin_user, demo_password):
    device = TOTPDevice.objects.create(user=admin_user, name="телефон", confirmed=True)
    for _ in range(5):
        sign_in(client, demo_password, "000000")
    assert sign_in(client, demo_password, current_code(device)).status_code == 429


def test_users_without_a_device_sign_in_with_the_password_alone(client, network, demo_password):
    form = {"username": "editor-zvezdny", "password": demo_password, "next": "/admin/"}
    assert client.post("/admin/login/", form).status_code == 302


def test_outlet_editors_cannot_open_enrollment(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    assert client.get("/admin/two-factor/").status_code in (302, 403)
