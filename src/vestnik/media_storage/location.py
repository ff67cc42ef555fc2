"""``MEDIA_STORAGE_URL`` read into the options of the object storage backend.

One URL names everything an app server needs to reach the bucket and everything a reader's
browser needs to fetch from it::

    s3://ACCESS_KEY:SECRET_KEY@storage.yandexcloud.net/vestnik-media?region=ru-central1&public_url=https://media.example.ru/

``s3://`` talks HTTPS to the endpoint, ``s3+http://`` plain HTTP (a store on the same
machine or network). The keys are percent-encoded (a secret's ``/`` is ``%2F``). The query
takes ``region``, ``public_url`` (where readers fetch the files: a CDN or the bucket's own
website address; by default the bucket's path on the endpoint) and ``prefix`` (a folder in
the bucket, for several installations sharing one). Nothing here imports Django: the settings
read it before Django is set up.
"""

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["IMMUTABLE", "MediaLocation", "MediaStorageUrlError", "parse_media_storage_url"]

# Every stored name is used once (vestnik.media_storage.backends), so a copy anywhere may be
# kept for a year without asking again.
IMMUTABLE: Final = "public, max-age=31536000, immutable"

_SCHEMES: Final = {"s3": "https", "s3+http": "http"}
_QUERY_KEYS: Final = frozenset({"region", "public_url", "prefix"})


class MediaStorageUrlError(ValueError):
    """A ``MEDIA_STORAGE_URL`` that cannot be used; the message never repeats the keys."""


@dataclass(frozen=True)
class MediaLocation:
    endpoint_url: str
    bucket: str
    access_key: str
    secret_key: str = ""
    region: str = ""
    public_url: str = ""
    prefix: str = ""

    def __repr__(self) -> str:
        # The secret stays out of tracebacks, logs and Django's settings dumps.
        return f"MediaLocation({self.endpoint_url!r}, bucket={self.bucket!r})"

    @property
    def public_origin(self) -> str:
        """Scheme, host and port readers fetch media from: what the pages' CSP must allow."""
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    def storage_options(self) -> dict[str, Any]:
        """``STORAGES["default"]["OPTIONS"]`` for django-storages' S3 backend."""
        public = urlsplit(self.public_url)
        return {
            "endpoint_url": self.endpoint_url,
            "bucket_name": self.bucket,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "region_name": self.region or None,
            "location": self.prefix,
            # Path-style addresses work with every S3-compatible store and with a bucket
            # name that is no DNS label.
            "addressing_style": "path",
            # Readers fetch public files at stable, unsigned addresses; who may read is the
            # bucket policy's business, not each object's ACL.
            "querystring_auth": False,
            "default_acl": None,
            "custom_domain": f"{public.netloc}{public.path.rstrip('/')}",
            "url_protocol": f"{public.scheme}:",
            "object_parameters": {"CacheControl": IMMUTABLE},
            "file_overwrite": False,
        }


def parse_media_storage_url(url: str) -> MediaLocation:
    """The bucket ``url`` names, e.g.
    ``s3+http://key:secret@127.0.0.1:9000/media?public_url=http://127.0.0.1:9000/media/``."""
    parts = urlsplit(url)
    protocol = _SCHEMES.get(parts.scheme)
    if protocol is None:
        raise MediaStorageUrlError(
            f"MEDIA_STORAGE_URL: схема «{parts.scheme}» не поддерживается (нужна s3 или s3+http)"
        )
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL: неверный порт") from exc
    if not host:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL: не указан адрес хранилища")
    bucket = parts.path.strip("/")
    if not bucket or "/" in bucket:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL: после адреса нужно имя бакета: /имя")
    if not parts.username:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL: не указан ключ доступа (KEY:SECRET@)")
    query = parse_qs(parts.query, keep_blank_values=True)
    if unknown := sorted(set(query) - _QUERY_KEYS):
        raise MediaStorageUrlError(
            f"MEDIA_STORAGE_URL: неизвестные параметры: {', '.join(unknown)}"
        )
    netloc = f"[{host}]" if ":" in host else host
    endpoint = f"{protocol}://{netloc}" + (f":{port}" if port else "")
    public_url = query.get("public_url", [f"{endpoint}/{bucket}/"])[-1].rstrip("/") + "/"
    if urlsplit(public_url).scheme not in {"http", "https"} or not urlsplit(public_url).netloc:
        raise MediaStorageUrlError("MEDIA_STORAGE_URL: public_url должен быть адресом http(s)://")
    return MediaLocation(
        endpoint_url=endpoint,
        bucket=bucket,
        access_key=unquote(parts.username),
        secret_key=unquote(parts.password or ""),
        region=query.get("region", [""])[-1],
        public_url=public_url,
        prefix=query.get("prefix", [""])[-1].strip("/"),
    )
