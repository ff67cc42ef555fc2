"""Answers a fake keeps back: the call is carried out, then its answer waits until the test
releases it. The fakes of Telegram and VK share this, so that a test can kill the process that
waits for the answer after the network has done what it asked, and before it could store that."""

import threading

__all__ = ["Hold", "Holds"]


class Hold:
    """An answer kept back: ``reached`` is set once the call has been carried out and its answer
    waits; ``release()`` sends it."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()

    def release(self) -> None:
        self.released.set()

    def keep_answer(self) -> None:
        """Called by the server's thread once the call is carried out: waits for the release."""
        self.reached.set()
        self.released.wait()


class Holds:
    """Every hold a fake has handed out, so that ``POST /_fake/release`` and the fake's stop can
    send every held answer (and those of holds not yet reached, as soon as they are)."""

    def __init__(self) -> None:
        self._holds: list[Hold] = []
        self._lock = threading.Lock()

    def new(self) -> Hold:
        hold = Hold()
        with self._lock:
            self._holds.append(hold)
        return hold

    def release_all(self) -> None:
        with self._lock:
            holds = list(self._holds)
        for hold in holds:
            hold.release()
