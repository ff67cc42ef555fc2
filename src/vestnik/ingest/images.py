"""Pictures of ingested items: fetched with limits, decoded in full by Pillow, stored once,
with the renditions the pages show made right away.

The type is decided by the bytes, not by the server's header or the file name: only
JPEG, PNG, GIF and WebP that Pillow can decode to the last pixel are kept, so an HTML
page, an SVG (which can carry script), a corrupt PNG or a truncated JPEG never becomes an
"image". Renditions are made here, in the ingest run or the worker, so no reader's request
pays for scaling a camera-sized picture.
"""

import hashlib
import io
import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from wagtail.models import Collection

from vestnik.articles.models import VestnikImage
from vestnik.articles.pictures import (
    BODY_PICTURE,
    LEAD_PICTURE,
    THUMBNAIL_PICTURE,
    picture_renditions,
)

from .fetch import fetch
from .items import SourceError
from .models import IngestedImage

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES: Final[int] = 8_000_000
MAX_IMAGES_PER_ITEM: Final[int] = 8
IMAGE_FORMATS: Final[dict[str, str]] = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# The renditions readers' pages ask for: the article's photo as the API and feeds give it,
# and the responsive pictures of the article page, listings and the body (``pictures``).
PAGE_RENDITIONS: Final[tuple[str, ...]] = (
    "fill-960x540",
    *picture_renditions(LEAD_PICTURE, THUMBNAIL_PICTURE, BODY_PICTURE),
)


@dataclass(frozen=True)
class Picture:
    url: str
    data: bytes
    extension: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def download_picture(url: str, allow: Iterable[str] = ()) -> Picture:
    """Fetch and check one picture; anything else is a ``SourceError`` naming the reason.
    ``allow``: the internal hosts the source may reach (see ``fetch``)."""
    fetched = fetch(url, max_bytes=MAX_IMAGE_BYTES, allow=allow)
    return check_picture(fetched.url, fetched.body)


def check_picture(url: str, data: bytes) -> Picture:
    """The picture if its bytes decode in full within the pixel cap
    (``VESTNIK_IMAGE_MAX_PIXELS``); otherwise a ``SourceError`` saying why."""
    if not data:
        raise SourceError(f"{url}: пустое изображение")
    max_pixels = int(settings.VESTNIK_IMAGE_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and our tests turn warnings into errors) before refusing a bomb.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                width, height = picture.size
                picture.verify()  # the structure and checksums, without decoding
            if kind not in IMAGE_FORMATS:
                raise SourceError(f"{url}: недопустимый формат изображения {kind or '?'}")
            if width * height > max_pixels:
                raise SourceError(
                    f"{url}: изображение {width}×{height} больше {max_pixels / 1e6:g} Мпикс"
                )
            # verify() leaves the image unusable and misses truncated data: decode it all.
            with PillowImage.open(io.BytesIO(data)) as picture:
                picture.load()
    except SourceError:
        raise
    except PillowImage.DecompressionBombError as exc:
        raise SourceError(f"{url}: изображение слишком большое") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise SourceError(f"{url}: изображение повреждено или это не изображение ({exc})") from exc
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


def make_renditions(images: Iterable[VestnikImage]) -> None:
    """The renditions the pages show, made now; a failure is logged, the article stays."""
    for image in images:
        try:
            image.get_renditions(*PAGE_RENDITIONS)
        except (OSError, ValueError) as exc:
            logger.warning("Renditions of image %s not made: %s", image.pk, exc)
