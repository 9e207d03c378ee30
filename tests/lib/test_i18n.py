import ast
from pathlib import Path

import pytest
from django.conf import settings

from genuinecare.lib import i18n
from genuinecare.lib.i18n import LANGUAGE_CODES, Text, parse_language_cell, supported_language
from genuinecare.people.enums import Language


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("en", "en"),
        ("de", "de"),
        ("DE", "de"),
        (" de ", "de"),
        ("English", "en"),
        ("english", "en"),
        ("Englisch", "en"),
        ("German", "de"),
        ("GERMAN", "de"),
        ("Deutsch", "de"),
        ("deutsch", "de"),
        ("\tDeutsch\n", "de"),
    ],
)
def test_a_language_cell_says_the_code_or_the_name_in_either_language(cell: str, code: str) -> None:
    assert parse_language_cell(cell) == code


@pytest.mark.parametrize("cell", ["", "   ", "fr", "French", "en-GB", "deu", "Deut sch"])
def test_a_language_cell_naming_no_supported_language_is_none(cell: str) -> None:
    assert parse_language_cell(cell) is None


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("de", "de"),
        ("en", "en"),
        ("de-AT", "de"),
        ("de_CH", "de"),
        ("DE", "de"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_an_unsupported_language_falls_back_to_english(code: str | None, language: str) -> None:
    assert supported_language(code) == language


def test_a_text_is_read_in_the_language_asked_for_and_english_otherwise() -> None:
    text = Text("Care", "Fürsorge")
    assert [text.get(code) for code in ("de", "de-at", "en", "fr", None)] == [
        "Fürsorge",
        "Fürsorge",
        "Care",
        "Care",
        "Care",
    ]
    assert text.to_dict() == {"en": "Care", "de": "Fürsorge"}


def test_the_model_choices_and_the_site_speak_the_same_languages() -> None:
    assert tuple(Language.values) == LANGUAGE_CODES == ("en", "de")
    assert tuple(code for code, _ in settings.LANGUAGES) == LANGUAGE_CODES
    assert settings.LANGUAGE_CODE == "en"


def test_the_language_module_imports_no_django() -> None:
    tree = ast.parse(Path(i18n.__file__).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"__future__", "dataclasses"}
