from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def demo_password() -> str:
    """The password the demo loader gave every demo user."""
    return (Path(settings.VAR_DIR) / "demo-password.txt").read_text().strip()
