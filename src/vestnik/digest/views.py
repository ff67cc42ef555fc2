"""The addresses the letters link to (any outlet's host answers them) and the bounce webhook.

They act on a signed token, not on a session: a mail client's one-click unsubscribe (RFC
8058) POSTs with no cookies, so they are exempt from CSRF; the token is what proves the
request comes from the letter. A GET never changes anything (link scanners follow links),
except confirming, which is what the letter's link is for.
"""

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .sending import stop_address
from .subscribing import confirm, delete_address, unsubscribe

__all__ = ["bounces", "confirm_view", "delete_view", "unsubscribe_view"]

logger = logging.getLogger(__name__)

# What a provider's notification may say, and what it stops.
STOPPING_EVENTS = {"bounce": "bounce", "complaint": "complaint"}


def page(
    request: HttpRequest, heading: str, text: str, status: int = 200, **extra: object
) -> HttpResponse:
    response = render(
        request,
        "digest/message.html",
        {"heading": heading, "text": text, **extra},
        status=status,
    )
    add_never_cache_headers(response)
    return response


def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    subscription = confirm(token)
    if subscription is None:
        return page(
            request,
            "Ссылка не работает",
            "Ссылка устарела или повреждена. Подпишитесь ещё раз — мы пришлём новую.",
            status=400,
        )
    return page(
        request,
        "Подписка подтверждена",
        f"Раз в неделю мы будем присылать рассылку «{subscription.digest_list.name}».",
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return page(request, "Отписаться от рассылки?", "", form_button="Отписаться")
    digest_list = unsubscribe(token)
    if digest_list is None:
        # Already unsubscribed (the row is gone) looks the same: the address gets no more.
        return page(request, "Вы отписаны", "Писем этой рассылки больше не будет.")
    return page(request, "Вы отписаны", f"Писем рассылки «{digest_list.name}» больше не будет.")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def delete_view(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return page(
            request,
            "Удалить адрес?",
            "Адрес, все его подписки и отметки об отправке будут удалены без возврата.",
            form_button="Удалить",
        )
    if not delete_address(token):
        return page(request, "Ссылка не работает", "Ссылка повреждена.", status=400)
    return page(request, "Адрес удалён", "Мы больше ничего не храним об этом адресе.")


@csrf_exempt
@require_POST
def bounces(request: HttpRequest) -> JsonResponse:
    """A provider's bounce or complaint notification (docs/digest.md): ``Authorization:
    Bearer <VESTNIK_DIGEST["WEBHOOK_TOKEN"]>``, a JSON object ``{"email", "type"}`` or a
    list of them; a bounce or a complaint stops all mail to the address."""
    expected = settings.VESTNIK_DIGEST["WEBHOOK_TOKEN"]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not constant_time_compare(given, expected):
        return JsonResponse({"error": "нет доступа"}, status=403)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "ожидается JSON"}, status=400)
    events = payload if isinstance(payload, list) else [payload]
    if not all(isinstance(event, dict) and isinstance(event.get("email"), str) for event in events):
        return JsonResponse({"error": "у каждого события нужен адрес (email)"}, status=400)
    stopped = sum(
        stop_address(event["email"].strip(), STOPPING_EVENTS[event.get("type")])
        for event in events
        if event.get("type") in STOPPING_EVENTS
    )
    return JsonResponse({"stopped": stopped})
