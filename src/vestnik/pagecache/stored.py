"""A response as the page cache keeps it: one body per content coding, compressed once when
stored, with the validators conditional requests compare against."""

import gzip
import hashlib
import json
import struct
from dataclasses import dataclass
from email.utils import formatdate

import brotli

__all__ = ["ENCODINGS", "StoredResponse", "dump_response", "load_response", "store_variants"]

# Best first: what a reader's Accept-Encoding is matched against.
ENCODINGS = ("br", "gzip", "identity")
COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "image/svg+xml",
)
MIN_COMPRESSED_SIZE = 256
# Per-request headers, and those the layer recomputes for each coding.
DROPPED_HEADERS = {
    "content-length",
    "content-encoding",
    "date",
    "etag",
    "last-modified",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "set-cookie",
}
HEADER = struct.Struct("!I")


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    last_modified: str
    expires_at: float
    # The article whose reads a GET of this page counts (``readership``); 0 for other pages.
    read_page: int = 0


def store_variants(
    status: str,
    headers: list[tuple[str, str]],
    body: bytes,
    now: float,
    ttl: float,
    read_page: int = 0,
) -> dict[str, StoredResponse]:
    """The response in every coding a reader may ask for, keyed by coding."""
    kept = [(name, value) for name, value in headers if name.lower() not in DROPPED_HEADERS]
    vary = [value for name, value in kept if name.lower() == "vary"]
    kept = [(name, value) for name, value in kept if name.lower() != "vary"]
    varies = {part.strip() for value in vary for part in value.split(",") if part.strip()}
    varies.add("Accept-Encoding")
    kept.append(("Vary", ", ".join(sorted(varies))))
    content_type = next((v for n, v in headers if n.lower() == "content-type"), "")
    bodies = {"identity": body}
    if len(body) >= MIN_COMPRESSED_SIZE and content_type.startswith(COMPRESSIBLE):
        bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
        bodies["br"] = brotli.compress(body, quality=6)
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    last_modified = formatdate(now, usegmt=True)
    variants = {}
    for encoding in ENCODINGS:
        coded = bodies.get(encoding)
        if coded is None:
            coding, coded = "identity", body
        else:
            coding = encoding
        etag = f'"{digest}"' if coding == "identity" else f'"{digest}-{coding}"'
        coded_headers = [
            *kept,
            ("ETag", etag),
            ("Last-Modified", last_modified),
            ("Content-Length", str(len(coded))),
        ]
        if coding != "identity":
            coded_headers.append(("Content-Encoding", coding))
        variants[encoding] = StoredResponse(
            status, coded_headers, coded, etag, last_modified, now + ttl, read_page
        )
    return variants


def dump_response(response: StoredResponse) -> bytes:
    head = json.dumps(
        [
            response.status,
            response.headers,
            response.etag,
            response.last_modified,
            response.expires_at,
            response.read_page,
        ],
        ensure_ascii=False,
    ).encode()
    return HEADER.pack(len(head)) + head + response.body


def load_response(data: bytes) -> StoredResponse:
    (size,) = HEADER.unpack_from(data)
    # Pages stored before reads were counted have no ``read_page``.
    status, headers, etag, last_modified, expires_at, *read_page = json.loads(
        data[HEADER.size : HEADER.size + size]
    )
    return StoredResponse(
        status,
        [tuple(pair) for pair in headers],
        data[HEADER.size + size :],
        etag,
        last_modified,
        expires_at,
        read_page[0] if read_page else 0,
    )
