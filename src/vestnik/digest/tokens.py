"""Signed links of the e-mails: confirm a subscription, unsubscribe, delete an address.

Each kind has its own salt, so one kind's token never works as another's. A confirmation
expires (``VESTNIK_DIGEST["CONFIRM_DAYS"]``); unsubscribing and deleting work for as long as
the row exists, since an old issue's footer must still stop the mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

__all__ = ["BadToken", "make_token", "read_token"]

SALTS = {
    "confirm": "vestnik.digest.confirm",
    "unsubscribe": "vestnik.digest.unsubscribe",
    "delete": "vestnik.digest.delete",
}

BadToken = signing.BadSignature  # SignatureExpired is one too


def make_token(kind: str, pk: int) -> str:
    return signing.TimestampSigner(salt=SALTS[kind]).sign(str(pk))


def read_token(kind: str, token: str) -> int:
    """The id a token of ``kind`` was made for; ``BadToken`` if forged, of another kind, or
    (a confirmation) expired."""
    max_age = timedelta(days=settings.VESTNIK_DIGEST["CONFIRM_DAYS"]) if kind == "confirm" else None
    value = signing.TimestampSigner(salt=SALTS[kind]).unsign(token, max_age=max_age)
    if not value.isdigit():
        raise BadToken("not an id")
    return int(value)
