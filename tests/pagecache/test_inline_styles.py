"""A page's own inline styles join the public policy's ``style-src`` by their hashes."""

import pytest

from vestnik.pagecache.inline_styles import with_style_hashes

HASH = "'sha256-abc='"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # style-src gains the hash, the rest stays as it was
        (
            "default-src 'self'; style-src 'self'; img-src 'self'",
            "default-src 'self'; style-src 'self' 'sha256-abc='; img-src 'self'",
        ),
        # no style-src: one is made, so the hash does not open default-src to all styles
        ("default-src 'self'", "default-src 'self'; style-src 'self' 'sha256-abc='"),
    ],
)
def test_hashes_join_style_src(policy, expected):
    assert with_style_hashes(policy, [HASH]) == expected


def test_a_page_without_inline_styles_keeps_the_policy_as_it_is():
    policy = "default-src 'self'; style-src 'self'"
    assert with_style_hashes(policy, []) is policy
