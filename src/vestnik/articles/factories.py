"""Pictures for the demo's and the tests' articles: drawn, not shipped. Articles themselves
are built from specs by ``articles.upsert``, which the demo loader, ingest and the tests share."""

import io

from PIL import Image as PillowImage
from PIL import ImageDraw

__all__ = ["draw_placeholder"]


def draw_placeholder(colour: str, size: tuple[int, int] = (1200, 675)) -> io.BytesIO:
    """A quiet 16:9 picture in the given colour: a horizon and a sun, no text, no fonts."""
    width, height = size
    picture = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill="#e8e4da")
    draw.ellipse((width * 0.68, height * 0.18, width * 0.82, height * 0.43), fill="#f3c64f")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer
