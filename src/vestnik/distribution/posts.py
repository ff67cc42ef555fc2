"""An article as a channel gets it (``networks.Post``), and a fingerprint of that, so that a
re-publish that changes nothing a reader of the channel would see sends nothing."""

import hashlib
from pathlib import PurePosixPath

from vestnik.articles.models import ArticlePage

from .networks import Photo, Post

__all__ = ["build_post", "fingerprint", "marker"]

# Telegram takes photos up to 10 MB and VK's wall up to 50 MB; this stays well inside both.
PHOTO_FILTER = "max-1280x1280|format-jpeg"


def marker(page_id: int, channel_id: int) -> str:
    return f"vestnik-{page_id}-{channel_id}"


def fingerprint(article: ArticlePage) -> str:
    """What the post is made of, without reading the photo: its image id and file name stand
    for it (a new upload is a new file name)."""
    photo = article.photo
    parts = [
        article.title,
        article.lead,
        article.social_text,
        article.get_full_url() or "",
        f"{photo.pk}:{photo.file.name}" if photo else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def build_post(article: ArticlePage, channel_id: int) -> Post:
    photo = None
    if article.photo is not None:
        rendition = article.photo.get_rendition(PHOTO_FILTER)
        with rendition.file.open("rb") as image:
            data = image.read()
        name = f"{article.slug or article.pk}.jpg"
        photo = Photo(name=PurePosixPath(name).name, content_type="image/jpeg", data=data)
    return Post(
        headline=article.title,
        lead=article.lead,
        url=article.get_full_url() or "",
        photo=photo,
        own_text=article.social_text,
        marker=marker(article.pk, channel_id),
    )
