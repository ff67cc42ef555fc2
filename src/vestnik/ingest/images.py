"""Pictures of ingested items: fetched with limits, checked by Pillow, stored once.

The type is decided by the bytes, not by the server's header or the file name: only
JPEG, PNG, GIF and WebP that Pillow can open are kept, so an HTML page or an SVG (which
can carry script) never becomes an "image".
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Final

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from wagtail.models import Collection

from vestnik.articles.models import VestnikImage

from .fetch import fetch
from .items import SourceError
from .models import IngestedImage

MAX_IMAGE_BYTES: Final[int] = 8_000_000
MAX_IMAGE_PIXELS: Final[int] = 40_000_000
MAX_IMAGES_PER_ITEM: Final[int] = 8
IMAGE_FORMATS: Final[dict[str, str]] = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class Picture:
    url: str
    data: bytes
    extension: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def download_picture(url: str) -> Picture:
    """Fetch and check one picture; anything else is a ``SourceError`` naming the reason."""
    fetched = fetch(url, max_bytes=MAX_IMAGE_BYTES)
    return check_picture(fetched.url, fetched.body)


def check_picture(url: str, data: bytes) -> Picture:
    if not data:
        raise SourceError(f"{url}: пустое изображение")
    try:
        with warnings.catch_warnings():
            # Pillow warns (and our tests turn warnings into errors) before refusing a bomb.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                width, height = picture.size
                picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise SourceError(f"{url}: это не изображение ({exc})") from exc
    except PillowImage.DecompressionBombError as exc:
        raise SourceError(f"{url}: изображение слишком большое") from exc
    if kind not in IMAGE_FORMATS:
        raise SourceError(f"{url}: недопустимый формат изображения {kind or '?'}")
    if width * height > MAX_IMAGE_PIXELS:
        raise SourceError(f"{url}: изображение больше {MAX_IMAGE_PIXELS // 1_000_000} Мпикс")
    return Picture(url=url, data=data, extension=IMAGE_FORMATS[kind])


def store_picture(
    picture: Picture,
    *,
    title: str,
    caption: str,
    credit_author: str,
    credit_source: str,
    collection: Collection,
) -> VestnikImage:
    """The stored image for these bytes, created the first time in ``collection`` (the
    receiving outlet's: a draft item's picture is titled with its headline); credits follow
    the item."""
    known = IngestedImage.objects.select_related("image").filter(digest=picture.digest).first()
    if known is not None:
        image = known.image
    else:
        image = VestnikImage(
            title=title[:255],
            file=ImageFile(
                io.BytesIO(picture.data), name=f"{picture.digest[:16]}.{picture.extension}"
            ),
            collection=collection,
        )
    image.caption = caption[:500]
    image.credit_author = credit_author[:200]
    image.credit_source = credit_source[:300]
    image.save()
    if known is None:
        IngestedImage.objects.create(digest=picture.digest, url=picture.url[:500], image=image)
    return image
