"""A real, small JPEG for posts with a photo: the Bot API fake opens what it is sent."""

import io

from PIL import Image

from vestnik.distribution.networks import Photo


def jpeg(name: str = "kapremont.jpg") -> Photo:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    return Photo(name, "image/jpeg", buffer.getvalue())
