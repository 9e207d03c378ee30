"""Single-use link tokens: the link carries the token, the database only its hash.

Anyone who reads the database (or a backup) cannot rebuild a working link.
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    """A fresh ``(token, token_hash)``: send the token, store the hash."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """The stored form of a token (hex SHA-256; tokens carry 256 random bits)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
