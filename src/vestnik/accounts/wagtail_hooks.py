from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks

from .two_factor import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_url() -> list[Any]:
    return [path("two-factor/", two_factor, name="vestnik_two_factor")]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request: HttpRequest) -> dict[str, str] | None:
    if not request.user.is_superuser:
        return None
    return {
        "url": reverse("vestnik_two_factor"),
        "label": "Двухфакторный вход",
        "help_text": "Код из приложения-аутентификатора в дополнение к паролю.",
    }
