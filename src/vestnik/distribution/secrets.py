"""Channel tokens at rest: encrypted with Fernet (AES-128-CBC with an HMAC, from cryptography).

The key is ``VESTNIK_SECRETS_KEY`` (a Fernet key, ``Fernet.generate_key()``) or, when that is
empty, one derived from ``SECRET_KEY``. Rotating whichever key is in use makes every stored
token unreadable: the channels then fail with «токен не расшифровывается» until an editor types
each token again (or names an environment variable instead), so set ``VESTNIK_SECRETS_KEY``
before changing ``SECRET_KEY``.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["SecretUnreadable", "decrypt", "encrypt"]


class SecretUnreadable(Exception):
    """The stored token was encrypted with another key."""


def fernet() -> Fernet:
    if settings.VESTNIK_SECRETS_KEY:
        return Fernet(settings.VESTNIK_SECRETS_KEY)
    # A key of its own purpose, so the secret key is never used as is for two things.
    digest = hashlib.sha256(f"vestnik.distribution:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret: str) -> str:
    return fernet().encrypt(secret.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    try:
        return fernet().decrypt(stored.encode("ascii")).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "токен не расшифровывается: ключ сменился, введите токен заново"
        ) from None
