"""The admin's login form: Wagtail's, plus a one-time code for whoever enrolled a device."""

from typing import Any

from django import forms
from django.contrib.auth.signals import user_login_failed
from django_otp import devices_for_user, match_token
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

__all__ = ["LoginForm"]


class LoginForm(WagtailLoginForm):
    """Two-factor login that stays optional: a user with no confirmed TOTP device signs in
    with the password alone (the demo's editors, the tests); one with a device also needs
    the current code from it. A wrong code counts as a failed login for the throttle."""

    # Wagtail's field has no label, so the page said «Password» whatever the language.
    password = forms.CharField(label="Пароль", strip=False, widget=forms.PasswordInput())
    otp_token = forms.CharField(
        label="Одноразовый код",
        required=False,
        max_length=8,
        help_text="Шесть цифр из приложения-аутентификатора, если двухфакторный вход подключён",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not any(devices_for_user(user)):
            return cleaned
        token = cleaned.get("otp_token", "").strip()
        device = match_token(user, token) if token else None
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(
                "Нужен верный одноразовый код из приложения-аутентификатора.", code="otp"
            )
        # django-otp's user_logged_in receiver keeps the device in the session.
        user.otp_device = device
        return cleaned
