"""An outlet's accent colour: written as «#1d5a8c» and dark enough to read on white.

The accent colours links, the masthead's rule and buttons' text on the white page, so it
must keep WCAG 2.1's AA contrast for normal text (4.5:1) against white, as WCAG computes it
(relative luminance of sRGB, https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
"""

import re

from django.core.exceptions import ValidationError

__all__ = ["AA_CONTRAST", "contrast_with_white", "validate_accent"]

AA_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def channel_luminance(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of «#rrggbb» against white: 21.0 for black, 1.0 for white.

    >>> round(contrast_with_white("#767676"), 2)
    4.54
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = (
        0.2126 * channel_luminance(red)
        + 0.7152 * channel_luminance(green)
        + 0.0722 * channel_luminance(blue)
    )
    return 1.05 / (luminance + 0.05)


def validate_accent(value: str) -> None:
    if not HEX_COLOUR.fullmatch(value):
        raise ValidationError(
            "Укажите цвет в виде «#» и шести шестнадцатеричных цифр, например «#1d5a8c».",
            code="format",
        )
    ratio = contrast_with_white(value)
    if ratio < AA_CONTRAST:
        raise ValidationError(
            "Этот цвет слишком светлый: на белом фоне его контраст %(ratio)s:1, а для "
            "читаемого текста нужно не меньше 4,5:1. Выберите цвет темнее.",
            code="contrast",
            params={"ratio": f"{ratio:.1f}".replace(".", ",")},
        )
