"""The languages Genuine Care speaks, and text written in each of them.

Pure Python (no Django), so the catalog reader and the other pure modules can
use it. ``people.enums.Language`` (the model field's choices) and
``settings.LANGUAGES`` are built on the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLISH = "en"
GERMAN = "de"
LANGUAGE_CODES: tuple[str, ...] = (ENGLISH, GERMAN)
DEFAULT_LANGUAGE = ENGLISH

# What a spreadsheet's "language" column may say: the code, or the language's
# name in English or in German.
_CELL_WORDS = {
    ENGLISH: ENGLISH,
    "english": ENGLISH,
    "englisch": ENGLISH,
    GERMAN: GERMAN,
    "german": GERMAN,
    "deutsch": GERMAN,
}


def supported_language(code: str | None) -> str:
    """Return the supported language ``code`` names, the default language otherwise.

    A regional variant counts as its language ("de-AT" is German); anything
    unknown, empty or None is English.
    """
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGE_CODES else DEFAULT_LANGUAGE


def parse_language_cell(value: str) -> str | None:
    """Read an imported file's language cell: a code, or a name in English or German.

    Case and blanks do not matter ("de", " Deutsch", "GERMAN" are all German).
    Returns the language code, or None when the cell is empty or names no
    supported language; each import decides what an empty cell means.
    """
    return _CELL_WORDS.get(" ".join(value.split()).casefold())


@dataclass(frozen=True)
class Text:
    """One text in every supported language."""

    en: str
    de: str

    def get(self, language: str | None) -> str:
        """Return the text in ``language`` ("de…" gives German), English otherwise."""
        return self.de if supported_language(language) == GERMAN else self.en

    def to_dict(self) -> dict[str, str]:
        """Return the text keyed by language code, as catalogs store it."""
        return {ENGLISH: self.en, GERMAN: self.de}
