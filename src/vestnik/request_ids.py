"""The id of the request a piece of work belongs to, so every log line can name it.

A web request takes its id in the operations' WSGI layer (``X-Request-ID`` when it is sane,
else a new one) and binds it here for as long as it runs. A task queued meanwhile carries the
id as its ``request_id`` argument (``carries_request_id``), and the worker runs the task with
the id bound again, so its log lines name the request that caused the work: an editor's
«Опубликовать» and the enrichment it started share one id across two processes.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

__all__ = ["bound_request_id", "carries_request_id", "current_request_id", "takes_request_id"]

R = TypeVar("R")

_request_id: ContextVar[str] = ContextVar("vestnik_request_id", default="")
CARRIES_ATTRIBUTE = "carries_request_id"


def current_request_id() -> str:
    """The id bound in this thread (or task), "" outside any request."""
    return _request_id.get()


@contextmanager
def bound_request_id(request_id: str) -> Iterator[None]:
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


def carries_request_id(function: Callable[..., R]) -> Callable[..., R]:
    """A task function that takes an optional ``request_id`` keyword and runs with it bound.
    Jobs queued before the keyword existed simply run without one."""

    @wraps(function)
    def wrapper(*args: Any, request_id: str = "", **kwargs: Any) -> R:
        with bound_request_id(request_id or current_request_id()):
            return function(*args, **kwargs)

    setattr(wrapper, CARRIES_ATTRIBUTE, True)
    return wrapper


def takes_request_id(function: Callable[..., Any]) -> bool:
    return bool(getattr(function, CARRIES_ATTRIBUTE, False))
