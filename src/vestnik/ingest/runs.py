"""A run of ingest: a document (URL, file, directory or configured source) item by item,
each in its own transaction, ending with a summary of what happened to every item."""

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from vestnik.progress import ProgressCallback

from .documents import MAX_DOCUMENT_BYTES, DocumentKind, parse_document
from .fetch import fetch, http_url
from .images import download_picture
from .items import BadItem, IngestItem, SourceError
from .models import Source, import_path
from .store import Destination, Downloader, Outcome, store_item

logger = logging.getLogger(__name__)

# Files a text-page archive or a dropped-in export may hold; anything else in a
# directory (notes, pictures) is not a document.
DOCUMENT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json"})


@dataclass
class Summary:
    """What a run did: counts by outcome, and every failure with its reason.

    Example: ``Summary(new=2, unchanged=5, failed=[("urn:okrug:7", "нет заголовка")])``.
    """

    new: int = 0
    updated: int = 0
    held: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # kept, but something left out
    articles: list[tuple[str, str]] = field(default_factory=list)  # (outcome, URL)

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def merge(self, other: "Summary") -> None:
        self.new += other.new
        self.updated += other.updated
        self.held += other.held
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.notices += other.notices
        self.articles += other.articles

    @property
    def total(self) -> int:
        return self.new + self.updated + self.held + self.unchanged + len(self.failed)

    def headline(self) -> str:
        return (
            f"новых: {self.new}, обновлено: {self.updated}, "
            + (f"черновиком для редактора: {self.held}, " if self.held else "")
            + f"без изменений: {self.unchanged}, с ошибкой: {len(self.failed)}"
        )

    def report(self) -> str:
        lines = [self.headline()]
        lines += [f"  замечание: {identity}: {notice}" for identity, notice in self.notices]
        lines += [f"  ошибка: {identity}: {reason}" for identity, reason in self.failed]
        return "\n".join(lines)


def ingest_items(
    items: Iterable[IngestItem | BadItem],
    destination: Destination,
    *,
    progress: ProgressCallback | None = None,
    download: Downloader = download_picture,
) -> Summary:
    """Store each item on its own; a bad one is reported and the batch goes on."""
    batch = list(items)
    summary = Summary()
    for done, item in enumerate(batch, start=1):
        if isinstance(item, BadItem):
            summary.failed.append((item.identity, item.reason))
        else:
            notices: list[str] = []
            try:
                outcome, article = store_item(item, destination, download, notices)
            except SourceError as exc:
                summary.failed.append((item.guid, str(exc)))
            except DatabaseError as exc:
                logger.exception("Ingest of %s failed in the database", item.guid)
                summary.failed.append((item.guid, f"ошибка базы данных: {exc}"))
            except Exception as exc:
                logger.exception("Ingest of %s failed", item.guid)
                summary.failed.append((item.guid, f"внутренняя ошибка: {type(exc).__name__}"))
            else:
                summary.count(outcome)
                summary.notices += [(item.guid, notice) for notice in notices]
                if article is not None:
                    summary.articles.append((outcome.value, article.full_url or article.url_path))
        if progress:
            progress(done, len(batch))
    return summary


def ingest_document(
    data: bytes,
    destination: Destination,
    *,
    identity: str,
    url: str = "",
    content_type: str = "",
    charset: str | None = None,
    expected: DocumentKind | None = None,
    progress: ProgressCallback | None = None,
    download: Downloader = download_picture,
) -> Summary:
    """Parse a whole document and ingest its items. Items without an identity of their own
    (a saved page names no address) take ``identity``, the document's."""
    _, items = parse_document(
        data, url=url, content_type=content_type, charset=charset, expected=expected
    )
    items = [
        replace(item, guid=identity) if isinstance(item, IngestItem) and not item.guid else item
        for item in items
    ]
    return ingest_items(items, destination, progress=progress, download=download)


def ingest_url(
    url: str,
    destination: Destination,
    *,
    expected: DocumentKind | None = None,
    progress: ProgressCallback | None = None,
) -> Summary:
    """A feed, page or ninjs document fetched from ``url`` (with the destination's allowed
    internal hosts); a fetch failure is a ``SourceError`` for the whole run."""
    fetched = fetch(url, max_bytes=MAX_DOCUMENT_BYTES, allow=destination.internal_hosts)
    return ingest_document(
        fetched.body,
        destination,
        identity=fetched.url,
        url=fetched.url,
        content_type=fetched.content_type,
        charset=fetched.charset,
        expected=expected,
        progress=progress,
    )


def ingest_path(
    path: Path,
    destination: Destination,
    *,
    expected: DocumentKind | None = None,
    progress: ProgressCallback | None = None,
    root: Path | None = None,
) -> Summary:
    """A file, or every document file of a directory (one failure per bad file); with
    ``root``, a file whose real path (links followed) lies outside it is refused."""
    if path.is_dir():
        summary = Summary()
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() in DOCUMENT_SUFFIXES:
                try:
                    summary.merge(ingest_path(child, destination, expected=expected, root=root))
                except SourceError as exc:
                    summary.failed.append((str(child), str(exc)))
        return summary
    if root is not None and not path.resolve().is_relative_to(root):
        raise SourceError(f"{path}: файл вне каталога импорта {root}")
    data = read_document(path)
    return ingest_document(
        data, destination, identity=path.resolve().as_uri(), expected=expected, progress=progress
    )


def read_document(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise SourceError(f"{path}: файл не найден или это не обычный файл")
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise SourceError(f"{path}: файл больше {MAX_DOCUMENT_BYTES // 1_000_000} МБ")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: не удалось прочитать файл ({exc.strerror})") from exc


def run_source(source: Source, *, progress: ProgressCallback | None = None) -> Summary:
    """Ingest a configured source now, and remember when and with what result."""
    destination = Destination.of_source(source)
    expected = DocumentKind(source.kind)
    try:
        if http_url(source.location):
            summary = ingest_url(source.location, destination, expected=expected, progress=progress)
        else:
            try:
                path = import_path(source.location)
            except ValueError as exc:
                raise SourceError(str(exc)) from exc
            summary = ingest_path(
                path, destination, expected=expected, progress=progress, root=import_path(".")
            )
    except SourceError as exc:
        summary = Summary(failed=[(source.location, str(exc))])
    source.last_polled_at = timezone.now()
    source.last_result = summary.report()
    source.save(update_fields=["last_polled_at", "last_result"])
    return summary


def poll_due_sources() -> dict[str, Summary]:
    """Every source whose poll interval has passed, ingested now, up to
    ``VESTNIK_INGEST_PARALLEL`` at a time, so one slow server holds up only its own source;
    one source's failure never stops the others. Each source's items keep their own
    transactions, on the connection of the thread that polls it; a single due source is
    polled in the caller's thread."""
    sources = list(Source.objects.due())
    if len(sources) <= 1:
        return {source.name: run_source(source) for source in sources}
    with ThreadPoolExecutor(settings.VESTNIK_INGEST_PARALLEL, thread_name_prefix="poll") as pool:
        summaries = list(pool.map(run_source_in_thread, sources))
    return {source.name: summary for source, summary in zip(sources, summaries, strict=True)}


def run_source_in_thread(source: Source) -> Summary:
    try:
        return run_source(source)
    finally:
        connections.close_all()  # this thread's own connections, which nothing else reuses
