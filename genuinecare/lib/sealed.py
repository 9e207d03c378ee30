"""Secrets kept at rest, such as an identity provider's client secret: sealed with the site key.

A sealed value is a Fernet token (AES-128-CBC with an HMAC-SHA256 tag) under a key derived by
HKDF-SHA256 from ``SECRET_KEY`` and a purpose, so the key of one purpose opens nothing of
another. Rotating ``SECRET_KEY`` keeps working when the old key is moved to
``SECRET_KEY_FALLBACKS``: values sealed with it still open, new ones use the new key.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet(secret_key: str, purpose: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"genuinecare.sealed",
        info=purpose.encode(),
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys(purpose: str) -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key, purpose) for key in keys])


def seal(value: str, *, purpose: str) -> str:
    """``value`` encrypted and authenticated for ``purpose``, as text for a database column."""
    return _keys(purpose).encrypt(value.encode()).decode("ascii")


def unseal(sealed: str, *, purpose: str) -> str | None:
    """The value sealed for ``purpose``; None when no key of this site opens it."""
    try:
        return _keys(purpose).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
