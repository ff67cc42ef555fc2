"""Enrolling a TOTP device for two-factor admin login, for network administrators.

The administrator scans the QR code (or types the key) into an authenticator app and
confirms with the first code it shows; from then on the admin login asks for a code.
Outlet editors keep the password-only login."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

__all__ = ["two_factor"]

DEVICE_NAME = "Приложение-аутентификатор"


class ConfirmForm(forms.Form):
    token = forms.CharField(label="Код из приложения", max_length=8)


def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_superuser:
        raise PermissionDenied
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if request.method == "POST" and request.POST.get("action") == "disable" and confirmed:
        TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
        messages.success(request, "Двухфакторный вход отключён.")
        return redirect("vestnik_two_factor")
    if confirmed is not None:
        return TemplateResponse(request, "accounts/two_factor.html", {"confirmed": confirmed})

    # One pending device a user, kept between the page and its confirmation.
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, "Двухфакторный вход подключён: при входе нужен код.")
            return redirect("vestnik_two_factor")
        form.add_error("token", "Код не подошёл: проверьте время на телефоне и введите новый.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return TemplateResponse(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr_svg),
            "secret": b32encode(device.bin_key).decode(),
        },
    )
