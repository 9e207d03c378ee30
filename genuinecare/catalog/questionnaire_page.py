"""The respondent's side of the shared answer form, for every answer page (mirror, pulse,
care felt): one page's context, the status line after a save or a refusal, the language.

Counterpart of ``genuinecare.catalog.questionnaire`` (what the form asks and
accepts); this module only turns a ``Questionnaire`` and stored answers into
what ``catalog/_questionnaire_page.html`` shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.questionnaire import (
    MISSING,
    NOT_APPLICABLE,
    NOT_APPLICABLE_VALUE,
    SCALE_VALUES,
    Page,
    Question,
    Questionnaire,
    answered_count,
    missing_pages,
)
from genuinecare.lib.i18n import LANGUAGE_CODES
from genuinecare.lib.params import parse_int
from genuinecare.lib.views import page_language

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

AGREE_LABELS = (
    gettext_lazy("Strongly disagree"),
    gettext_lazy("Disagree"),
    gettext_lazy("Neither agree nor disagree"),
    gettext_lazy("Agree"),
    gettext_lazy("Strongly agree"),
)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class ShownQuestion:
    question: Question
    text: str
    value: str  # what is selected or typed: "", "na", "1".."10" or the text
    options: tuple[Option, ...]


@dataclass(frozen=True)
class PageLink:
    number: int
    title: str
    url: str
    complete: bool
    current: bool


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    current: bool


def keep_language(request: HttpRequest, url: str) -> str:
    """The URL of another page of the form, keeping the respondent's ``lang`` choice."""
    lang = request.POST.get("lang") or request.GET.get("lang")
    return f"{url}?{urlencode({'lang': lang})}" if lang else url


def page_context(
    questionnaire: Questionnaire,
    number: int,
    *,
    vectors: Mapping[str, bytes],
    texts: Mapping[str, Mapping[str, str]],
    save_url: str,
    submit_url: str,
    page_url: Callable[[int], str],
    language: str,
    error: str = "",
    languages: Sequence[str] | None = None,
    text_note: str = "",
) -> dict[str, Any]:
    """Context for ``catalog/_questionnaire_page.html``; ``texts`` is per part key.

    ``languages`` limits the language switch (default: every language of the
    site); ``text_note`` says who reads open answers and comments (default:
    only the person answering).
    """
    page = questionnaire.page(number)
    vector = vectors.get(page.part.key, page.part.empty_vector())
    own_texts = texts.get(page.part.key, {})
    values = [(q, _shown_value(q, vector, own_texts)) for q in page.questions]
    shown = [ShownQuestion(q, q.text.get(language), v, _options(q, v)) for q, v in values]
    incomplete = set(missing_pages(questionnaire, vectors))
    links = [
        PageLink(
            p.number,
            p.dimension.title.get(language),
            page_url(p.number),
            p.number not in incomplete,
            p.number == number,
        )
        for p in questionnaire.pages
    ]
    names = dict(settings.LANGUAGES)
    return {
        "qn_page": page,
        "qn_catalog_title": page.part.catalog.title.get(language),
        "qn_dimension_title": page.dimension.title.get(language),
        "qn_dimension_description": page.dimension.description.get(language),
        "qn_questions": shown,
        "qn_comment": own_texts.get(page.comment_key, "") if page.comment_key else None,
        "qn_page_count": len(questionnaire.pages),
        "qn_is_first": number == 1,
        "qn_is_last": number == len(questionnaire.pages),
        "qn_links": links,
        "qn_languages": [
            LanguageLink(
                code, str(translation.get_language_info(code)["name_local"]), code == language
            )
            for code in (languages or names)
            if code in names
        ],
        "qn_save_url": save_url,
        "qn_submit_url": submit_url,
        "qn_language": language,
        "qn_text_note": text_note or _("Optional. Only you can read this answer."),
        **status_context(questionnaire, vectors=vectors, error=error),
    }


def status_context(
    questionnaire: Questionnaire, *, vectors: Mapping[str, bytes], error: str = ""
) -> dict[str, Any]:
    """Context for ``catalog/_questionnaire_status.html`` (after an autosave, too)."""
    answered = sum(
        answered_count(vectors.get(p.key, p.empty_vector())) for p in questionnaire.parts
    )
    return {"qn_answered": answered, "qn_total": questionnaire.width, "qn_error": error}


def _options(question: Question, value: str) -> tuple[Option, ...]:
    if question.column is None:
        return ()
    if question.item.scale == Scale.AGREE5:
        labels = [str(label) for label in AGREE_LABELS]
    else:
        labels = [str(v) for v in SCALE_VALUES[Scale.LTR11]]
    values = [str(v) for v in SCALE_VALUES[question.item.scale]]
    options = [Option(v, label, v == value) for v, label in zip(values, labels, strict=True)]
    options.append(Option(NOT_APPLICABLE_VALUE, _("Does not apply"), value == NOT_APPLICABLE_VALUE))
    return tuple(options)


def _shown_value(question: Question, vector: bytes, texts: Mapping[str, str]) -> str:
    if question.column is None:
        return texts.get(question.item.id, "")
    stored = vector[question.column]
    if stored == MISSING:
        return ""
    return NOT_APPLICABLE_VALUE if stored == NOT_APPLICABLE else str(stored)


def activate_respondent_language(
    request: HttpRequest, *, allowed: Sequence[str] | None = None, default: str | None = None
) -> str:
    """Activate the language for this page and return it: ``lang`` from the query or the
    POST, else ``default`` (else the current one stays).

    Only languages in ``allowed`` (default: the site's) are taken. Activates the
    language for this request only, so a respondent without an account can
    switch language on the page itself.
    """
    choices = [code for code in (allowed or LANGUAGE_CODES) if code in LANGUAGE_CODES]
    wanted = request.POST.get("lang") or request.GET.get("lang") or ""
    chosen = wanted if wanted in choices else default if default in choices else None
    if chosen:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
    return page_language()


STATUS_TEMPLATE = "catalog/_questionnaire_status.html"


def saved_status(
    request: HttpRequest, questionnaire: Questionnaire, *, vectors: Mapping[str, bytes], page: Page
) -> HttpResponse:
    """The status line an autosave (htmx) answers with: answered so far, and the page saved."""
    context = {
        **status_context(questionnaire, vectors=vectors),
        "qn_saved": True,
        "qn_page": page,
        "qn_page_count": len(questionnaire.pages),
    }
    return render(request, STATUS_TEMPLATE, context)


def refused_status(request: HttpRequest, refused: Exception) -> HttpResponse:
    """The status line (400) for an autosave that was refused: what to fix; nothing changed."""
    return render(request, STATUS_TEMPLATE, {"qn_error": str(refused)}, status=400)


def posted_page(request: HttpRequest, questionnaire: Questionnaire) -> int:
    """The page a plain (not htmx) post came from, to show it again; 1 if unreadable."""
    pages = len(questionnaire.pages)
    return parse_int(request.POST.get("page", ""), minimum=1, maximum=pages) or 1
