"""Where the secret key comes from when none is configured."""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def read_or_create_secret_key(path: Path) -> str:
    """A stable secret kept in a file outside the repository, made on first use.

    Only for development and the demo: production must set ``SECRET_KEY`` or
    ``SECRET_KEY_FILE`` (settings refuse to start otherwise).
    """
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Could not write a generated secret key to {path} ({error}). "
            "Set SECRET_KEY, or CARE_DATA_DIR to a writable folder."
        ) from error
    return key
