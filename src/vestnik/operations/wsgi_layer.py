"""The outermost WSGI layer: a request id for every request, ``/healthz``, ``/readyz`` and
``/metrics``, and the count of every answer.

It sits in front of the page cache (``vestnik.wsgi``), so the three endpoints never meet the
page cache, sessions, CSRF, host checks or redirects, and answer on any host name a load
balancer uses; and so page cache hits, which never enter Django, are counted too.

The request id is the caller's ``X-Request-ID`` when it looks like one (a proxy's or load
balancer's), else a new one; it is bound for the request's log lines (``request_ids``), handed
to the tasks it queues, and sent back in the response's ``X-Request-ID``.
"""

import hmac
import ipaddress
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started

from vestnik.pagecache.wsgi_layer import STATUS_HEADER
from vestnik.request_ids import bound_request_id

from .metrics import count_request, exposition
from .page_types import PAGE_TYPE_HEADER
from .readiness import readiness

__all__ = ["OperationsApplication", "REQUEST_ID_HEADER"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
NO_STORE = ("Cache-Control", "no-store")
JSON = ("Content-Type", "application/json")
METRICS_TYPE = ("Content-Type", "text/plain; version=0.0.4; charset=utf-8")

access_log = logging.getLogger("vestnik.requests")


class OperationsApplication:
    def __init__(self, application: WSGIApp) -> None:
        self.application = application
        self.token = settings.VESTNIK_METRICS_TOKEN.encode()
        self.endpoints: dict[str, Callable[[dict[str, Any]], tuple[str, list[Any], bytes]]] = {
            "/healthz": self.healthz,
            "/readyz": self.readyz,
            "/metrics": self.metrics,
        }

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request_id = environ.get("HTTP_X_REQUEST_ID", "")
        if not SANE_REQUEST_ID.fullmatch(request_id):
            request_id = uuid.uuid4().hex
        with bound_request_id(request_id):
            endpoint = self.endpoints.get(environ.get("PATH_INFO", ""))
            if endpoint is not None:
                status, headers, body = self.outside_django(endpoint, environ)
                start_response(status, [*headers, NO_STORE, (REQUEST_ID_HEADER, request_id)])
                return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
            return self.counted(environ, start_response, request_id)

    def counted(
        self, environ: dict[str, Any], start_response: Callable[..., Any], request_id: str
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        answer: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(REQUEST_ID_HEADER, request_id)]
            for name, value in headers:
                if name == PAGE_TYPE_HEADER:
                    answer["page_type"] = value
                else:
                    if name == STATUS_HEADER:
                        answer["cache"] = value
                    kept.append((name, value))
            answer["status"] = int(status[:3])
            return start_response(status, kept, exc_info)

        result = self.application(environ, start)
        seconds = time.perf_counter() - started
        status = answer.get("status", 500)
        count_request(answer.get("page_type", "other"), status, answer.get("cache", ""), seconds)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                environ["REQUEST_METHOD"],
                environ.get("PATH_INFO", ""),
                status,
                extra={"duration_ms": round(seconds * 1000, 1), "cache": answer.get("cache")},
            )
        return result

    def outside_django(
        self,
        endpoint: Callable[[dict[str, Any]], tuple[str, list[Any], bytes]],
        environ: dict[str, Any],
    ) -> tuple[str, list[Any], bytes]:
        """``endpoint``, framed by Django's request signals as its own handler frames a
        request: a database connection past its age or broken is replaced before the checks
        (``close_old_connections``), not reused for ever by this thread. ``/healthz`` reads
        nothing and needs no frame."""
        if endpoint == self.healthz:
            return endpoint(environ)
        request_started.send(sender=self.__class__, environ=environ)
        try:
            return endpoint(environ)
        finally:
            request_finished.send(sender=self.__class__)

    def healthz(self, environ: dict[str, Any]) -> tuple[str, list[Any], bytes]:
        return "200 OK", [JSON], b'{"status": "ok"}'

    def readyz(self, environ: dict[str, Any]) -> tuple[str, list[Any], bytes]:
        result = readiness()
        status = "200 OK" if result.ready else "503 Service Unavailable"
        return status, [JSON], json.dumps(result.report).encode()

    def metrics(self, environ: dict[str, Any]) -> tuple[str, list[Any], bytes]:
        if not self.may_read_metrics(environ):
            return "404 Not Found", [("Content-Type", "text/plain")], b"Not Found"
        return "200 OK", [METRICS_TYPE], exposition()

    def may_read_metrics(self, environ: dict[str, Any]) -> bool:
        """With ``VESTNIK_METRICS_TOKEN``, whoever sends it as a bearer token; without, only a
        caller on a loopback or private address that came straight, not through a proxy
        (which would make every reader look internal)."""
        if self.token:
            sent = environ.get("HTTP_AUTHORIZATION", "").encode()
            return hmac.compare_digest(sent, b"Bearer " + self.token)
        if "HTTP_X_FORWARDED_FOR" in environ or "HTTP_FORWARDED" in environ:
            return False
        try:
            address = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return address.is_loopback or address.is_private
