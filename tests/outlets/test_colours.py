"""The accent's contrast against white, as WCAG 2.1 computes it, and what the form refuses."""

import pytest
from django.core.exceptions import ValidationError

from vestnik.outlets.colours import contrast_with_white, validate_accent


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [
        # the ends of the scale
        ("#000000", 21.0),
        ("#ffffff", 1.0),
        # around the AA line of 4.5:1
        ("#767676", 4.54),
        ("#777777", 4.48),
        # the demo outlets' accents
        ("#1b3a6b", 11.27),
        ("#1e6b3a", 6.52),
        ("#7a1f2b", 10.2),
    ],
)
def test_contrast_with_white(colour, ratio):
    assert round(contrast_with_white(colour), 2) == ratio


@pytest.mark.parametrize("colour", ["#767676", "#1D5A8C", "#000000"])
def test_readable_accents_pass(colour):
    validate_accent(colour)


@pytest.mark.parametrize(
    ("colour", "code"),
    [
        ("#777777", "contrast"),
        ("#ffd700", "contrast"),
        ("#fff", "format"),
        ("1d5a8c", "format"),
        ("#1d5a8c;}body{display:none", "format"),
        ("тёмно-синий", "format"),
    ],
)
def test_unreadable_or_malformed_accents_are_refused(colour, code):
    with pytest.raises(ValidationError) as refused:
        validate_accent(colour)
    assert refused.value.code == code
