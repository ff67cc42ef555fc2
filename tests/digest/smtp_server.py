"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts, refuses the
addresses it is told to with 550 at RCPT, and can hold a message before accepting it until
the test lets go (a worker killed mid-round)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.commands import free_port


@dataclass
class Recorder:
    accepted: list[tuple[str, EmailMessage]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    # Accept this many messages, then hold the next ones until ``release`` is set, and
    # answer them with 451 (never accepted): the worker is killed meanwhile.
    hold_after: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:  # noqa: N802
        if address.lower() in self.refused:
            return "550 5.1.1 Нет такого ящика"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            hold = self.hold_after is not None and len(self.accepted) >= self.hold_after
        if hold:
            self.holding.set()
            # aiosmtpd runs handlers on its own event loop thread: waiting here blocks only
            # this server, which is the point.
            self.release.wait()
            return "451 4.3.0 Попробуйте позже"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.accepted.append((recipient, message))  # type: ignore[arg-type]
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [message for recipient, message in self.accepted if recipient == address]


@contextmanager
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        recorder.release.set()
        controller.stop()
