"""What ``MEDIA_STORAGE_URL`` changes in the settings a process starts with: read in a fresh
interpreter, since the settings read the environment once, at import."""

import json
import subprocess
import sys

from tests.commands import environment

POLICIES = """
import json
from django.conf import settings
print(json.dumps([settings.VESTNIK_CONTENT_SECURITY_POLICY,
                  settings.VESTNIK_ADMIN_CONTENT_SECURITY_POLICY, settings.MEDIA_URL]))
"""
ON_THE_LOCAL_NETWORK = (
    "s3+http://key:secret@10.0.0.5:9000/media?public_url=http://10.0.0.5:9000/media/"
)


def started_with(tmp_path, **settings: str) -> tuple[dict[str, str], dict[str, str], str]:
    """The readers' and the admin's policies, directive by directive, and MEDIA_URL."""
    done = subprocess.run(
        [sys.executable, "-c", POLICIES],
        env=environment(tmp_path, DJANGO_SETTINGS_MODULE="vestnik.settings.base", **settings),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    public, admin, media_url = json.loads(done.stdout)
    return (
        dict(part.strip().split(" ", 1) for part in public.split(";")),
        dict(part.strip().split(" ", 1) for part in admin.split(";")),
        media_url,
    )


def test_pages_allow_pictures_from_a_plain_http_bucket_and_nothing_else_from_it(tmp_path):
    public, admin, media_url = started_with(tmp_path, MEDIA_STORAGE_URL=ON_THE_LOCAL_NETWORK)
    assert media_url == "http://10.0.0.5:9000/media/"
    for policy in (public, admin):
        assert "http://10.0.0.5:9000" in policy["img-src"].split()
        others = [value for name, value in policy.items() if name != "img-src"]
        assert not any("10.0.0.5" in value for value in others), policy


def test_without_a_bucket_pages_allow_no_plain_http_picture_host(tmp_path):
    public, admin, media_url = started_with(tmp_path, MEDIA_STORAGE_URL="")
    assert media_url == "/media/"
    for policy in (public, admin):
        assert not [source for source in policy["img-src"].split() if source.startswith("http:")]
