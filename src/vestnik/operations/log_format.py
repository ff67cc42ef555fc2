"""Log lines as JSON, one object per line, each naming the request it belongs to.

``VESTNIK_LOG_FORMAT=json`` (production's default) writes ``{"time", "level", "logger",
"message", "request_id", "process", …}`` plus whatever a call passed in ``extra``, and the
traceback as ``"exception"``; ``text`` (development and tests) one readable line with the
request id in brackets. Both redact the password of any URL in a message
(``redis://:***@host``), whoever wrote it.
"""

import json
import logging
import re
from datetime import UTC, datetime

from vestnik.request_ids import current_request_id

__all__ = ["JsonFormatter", "RequestIdFilter", "redacted"]

PASSWORD_IN_URL = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:@/\s]*):[^@/\s]+@")
# What every LogRecord has; anything else came in ``extra=`` and is written out.
STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "request_id"}


def redacted(text: str) -> str:
    """
    >>> redacted("Очередь Redis не отвечает: redis://:s3cret@queue.example.ru:6379/1")
    'Очередь Redis не отвечает: redis://:***@queue.example.ru:6379/1'
    """
    return PASSWORD_IN_URL.sub(r"\g<scheme>\g<user>:***@", text)


class RequestIdFilter(logging.Filter):
    """Puts the request id on the record and the password out of the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        message = record.getMessage()
        if "://" in message:
            record.msg, record.args = redacted(message), None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if request_id := getattr(record, "request_id", "") or current_request_id():
            line["request_id"] = request_id
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = redacted(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_settings(log_format: str, level: str) -> dict[str, object]:
    """Django's ``LOGGING`` for ``json`` or ``text`` lines on standard error."""
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"format": text},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
