"""Chromium for every browser test: checked first, so a machine without it skips (or, with
VESTNIK_REQUIRE_BROWSER=1, fails) before any server starts."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    """Chromium's path (VESTNIK_CHROMIUM, else /usr/bin/chromium)."""
    path = os.environ.get("VESTNIK_CHROMIUM") or DEFAULT_CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if os.environ.get("VESTNIK_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"Chromium not found at {path}, and VESTNIK_REQUIRE_BROWSER=1 requires the "
                "browser tests (apt-get install chromium)",
                pytrace=False,
            )
        pytest.skip(
            f"Chromium not found at {path}: browser tests skipped (apt-get install chromium)"
        )
    return path


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
