"""The answer form shared by every loop: who sees which items, paging, posted answers.

Contract (the mirror uses it for self-assessments; survey waves reuse it for
employees and customers):

1. **Build** a ``Questionnaire`` from one or more catalog versions with
   ``build_questionnaire(versions, form="self")`` (a leader's own view: every
   item, self wording) or ``form="others", audience="employees"`` /
   ``"customers"`` / ``"suppliers"`` (only items addressed to that audience,
   others wording). Each catalog version becomes a ``Part``; every scored
   dimension, and every unscored one with questions, is one ``Page``.
   ``only={(catalog id, item id), ...}`` keeps just those items (a survey wave
   freezes the items it asks); ``comments=True`` gives every page one optional
   comment field (stored as the text ``Page.comment_key``, "comment.<dimension>").
2. **Store** per part an answer vector (``bytes``, one byte per scaled question
   of the part in catalog order: the value 0..10, ``NOT_APPLICABLE`` or
   ``MISSING``) and the texts (``dict`` item id or comment key -> text)
   wherever your model keeps them. ``Part.key`` is the ``CatalogVersion``
   primary key as text; the page posts it back. ``Questionnaire.joined``
   concatenates the part vectors in part order: one vector of
   ``Questionnaire.width`` bytes for everything a respondent answered.
3. **Render** ``catalog/_questionnaire_page.html`` with the context from
   ``questionnaire_page.page_context(...)``, giving it the URL that saves a
   page (autosave and the plain "next"/"back" buttons post there), the URL that
   submits, and how to link to page n. Add ``catalog/questionnaire.css`` and
   ``.js`` to the page (``{% include "catalog/_questionnaire_assets.html" %}``
   in ``head``).
4. **Save**: on POST to the save URL call ``parse_page(questionnaire, data)``.
   It returns ``PageAnswers`` or raises ``AnswersRefused`` (unknown item, value
   outside the scale, a catalog version the questionnaire was not built from,
   a page that does not exist) with a translated message; nothing is saved
   then. Merge with ``PageAnswers.merge_into(vector, texts)`` and store.
   ``request.htmx``: answer with ``catalog/_questionnaire_status.html``
   (status 200, or 400 with the error); otherwise redirect to
   ``PageAnswers.next_page`` (``go`` = next/back/stay).
5. **Submit**: save the posted page as in 4 and, in the same transaction,
   mark the submission once. A self-assessment needs every scaled question
   (``missing_pages(...)`` empty; otherwise keep the page and raise
   ``IncompleteAnswers(pages)`` after the commit); a survey response lets
   respondents leave questions out (see ``genuinecare.surveys.submission``).
6. **Score**: ``answer_matrix(vectors, width)`` turns stored vectors into one
   float matrix (NaN for "does not apply" and missing); ``Part.scored`` (a
   ``ScoredColumns``) carries the index arrays and turns that matrix into
   per-respondent scores through ``insights.scoring.respondent_scores``.

Respondents without an account choose their language on the page:
``questionnaire_page.activate_respondent_language(request)`` reads ``?lang=de`` (or a
posted ``lang``), activates it for that request only and returns it; the page
template keeps it in links and in the form.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from genuinecare.catalog.columns import ScoredColumns
from genuinecare.catalog.enums import Scale
from genuinecare.catalog.schema import Catalog, Dimension, Item
from genuinecare.lib.i18n import Text
from genuinecare.lib.params import parse_int

if TYPE_CHECKING:
    from genuinecare.catalog.models import CatalogVersion

# One byte per scaled answer: the value itself (0..10), or one of these.
MISSING = 255
NOT_APPLICABLE = 254
NOT_APPLICABLE_VALUE = "na"
FIELD_PREFIX = "q-"
COMMENT_PREFIX = "comment."
MAX_TEXT = 4000
SCALE_VALUES = {Scale.AGREE5: range(1, 6), Scale.LTR11: range(11)}


class AnswersRefused(ValueError):
    """Posted answers that cannot be saved; ``str()`` is a translated message."""


class IncompleteAnswers(AnswersRefused):
    """Submitted with scaled questions unanswered; ``pages`` lists where they are."""

    def __init__(self, pages: list[int]) -> None:
        self.pages = pages
        super().__init__(
            _(
                "Please answer every question before you submit (choose “Does not apply” "
                "where a question does not fit). Still open: page %(pages)s."
            )
            % {"pages": ", ".join(map(str, pages))}
        )


@dataclass(frozen=True)
class Question:
    item: Item
    text: Text
    column: int | None  # position in the part's answer vector; None for open questions

    @property
    def field(self) -> str:
        return f"{FIELD_PREFIX}{self.item.id}"

    @property
    def is_open(self) -> bool:
        return self.item.scale == Scale.OPEN


@dataclass(frozen=True)
class Part:
    """One catalog version as one audience answers it."""

    key: str
    catalog: Catalog
    form: str
    questions: tuple[Question, ...]

    @property
    def width(self) -> int:
        """Length of this part's answer vector: its scaled questions."""
        return sum(1 for q in self.questions if q.column is not None)

    @property
    def columns(self) -> tuple[Item, ...]:
        return tuple(q.item for q in self.questions if q.column is not None)

    @cached_property
    def scored(self) -> ScoredColumns:
        """The part's columns as its catalog scores them (its scored dimensions)."""
        return ScoredColumns(self.columns, self.catalog.scored_dimensions())

    def empty_vector(self) -> bytes:
        return bytes([MISSING]) * self.width


@dataclass(frozen=True)
class Page:
    number: int
    part: Part
    dimension: Dimension
    questions: tuple[Question, ...]
    comment_key: str | None = None  # the page's optional comment, if the form has them

    @property
    def comment_field(self) -> str | None:
        return None if self.comment_key is None else f"{FIELD_PREFIX}{self.comment_key}"

    @property
    def text_keys(self) -> set[str]:
        """Keys of the texts this page holds: its open questions and its comment."""
        keys = {q.item.id for q in self.questions if q.is_open}
        return keys | ({self.comment_key} if self.comment_key else set())


@dataclass(frozen=True)
class Questionnaire:
    parts: tuple[Part, ...]
    pages: tuple[Page, ...]

    def page(self, number: int) -> Page:
        """Page ``number`` (1-based); ``AnswersRefused`` if there is no such page."""
        if not 1 <= number <= len(self.pages):
            raise AnswersRefused(_("This page does not exist. Reload the questionnaire."))
        return self.pages[number - 1]

    @property
    def width(self) -> int:
        """Length of the joined answer vector: the scaled questions of every part."""
        return sum(part.width for part in self.parts)

    def joined(self, vectors: Mapping[str, bytes]) -> bytes:
        """The part vectors concatenated in part order (an absent part: all ``MISSING``)."""
        return b"".join(vectors.get(p.key, p.empty_vector()) for p in self.parts)


def build_part(
    catalog: Catalog,
    *,
    key: str,
    form: str,
    audience: str | None = None,
    only: Collection[tuple[str, str]] | None = None,
) -> Part:
    """The questions of ``catalog`` for ``form`` ("self" or "others").

    The self form shows every item in its self wording. The others form shows
    the items addressed to ``audience`` in their others wording. With ``only``,
    just the items whose (catalog id, item id) it holds, still in catalog order.
    """
    if form not in ("self", "others") or (form == "others") == (audience is None):
        raise ValueError("use form='self', or form='others' with an audience")
    questions: list[Question] = []
    column = 0
    for item in catalog.items:
        text = item.text(form)
        if text is None or (form == "others" and item.audience != audience):
            continue
        if only is not None and (catalog.id, item.id) not in only:
            continue
        scaled = item.scale != Scale.OPEN
        questions.append(Question(item, text, column if scaled else None))
        column += scaled
    return Part(key=key, catalog=catalog, form=form, questions=tuple(questions))


def paged(parts: Sequence[Part], *, comments: bool = False) -> Questionnaire:
    """Split parts into pages, one per dimension that has questions, in catalog order.

    With ``comments`` every page gets an optional comment on its dimension.
    """
    pages: list[Page] = []
    for part in parts:
        for dimension in part.catalog.dimensions:
            questions = tuple(q for q in part.questions if q.item.dimension == dimension.id)
            if questions:
                comment_key = f"{COMMENT_PREFIX}{dimension.id}" if comments else None
                pages.append(Page(len(pages) + 1, part, dimension, questions, comment_key))
    return Questionnaire(parts=tuple(parts), pages=tuple(pages))


def build_questionnaire(
    versions: Sequence[CatalogVersion],
    *,
    form: str,
    audience: str | None = None,
    only: Collection[tuple[str, str]] | None = None,
    comments: bool = False,
) -> Questionnaire:
    """A questionnaire over stored catalog versions, in the given order (see the contract)."""
    from genuinecare.catalog.registry import catalog_of

    parts = [
        build_part(catalog_of(v), key=str(v.pk), form=form, audience=audience, only=only)
        for v in versions
    ]
    return paged(parts, comments=comments)


# ---------------------------------------------------------------- posted answers


@dataclass(frozen=True)
class PageAnswers:
    """The validated answers of one page; ``values`` maps column -> stored byte."""

    page: Page
    values: dict[int, int]
    texts: dict[str, str]
    next_page: int

    def merge_into(self, vector: bytes, texts: Mapping[str, str]) -> tuple[bytes, dict[str, str]]:
        """The part's vector and texts with this page's answers in place.

        A question of the page that was left out of the post is stored as
        unanswered (a cleared text is removed), so the page always ends up
        exactly as posted.
        """
        merged = bytearray(vector)
        for question in self.page.questions:
            if question.column is not None:
                merged[question.column] = self.values.get(question.column, MISSING)
        on_page = self.page.text_keys
        new_texts = {key: text for key, text in texts.items() if key not in on_page}
        new_texts.update(self.texts)
        return bytes(merged), new_texts


def _posted(data: Mapping[str, Any], key: str) -> str:
    getter = getattr(data, "getlist", None)
    values = getter(key) if getter else [data.get(key, "")]
    if len(values) > 1:
        raise AnswersRefused(_("“%(field)s” was sent twice. Reload the page.") % {"field": key})
    return str(values[0]) if values else ""


def _scaled_value(question: Question, raw: str) -> int:
    if raw == NOT_APPLICABLE_VALUE:
        return NOT_APPLICABLE
    allowed = SCALE_VALUES[question.item.scale]
    value = parse_int(raw, minimum=allowed[0], maximum=allowed[-1])
    if value is not None:
        return value
    raise AnswersRefused(
        _(
            "The answer “%(value)s” to question “%(item)s” is not on its scale "
            "(%(low)s to %(high)s)."
        )
        % {"value": raw[:20], "item": question.item.id, "low": allowed[0], "high": allowed[-1]}
    )


def parse_page(questionnaire: Questionnaire, data: Mapping[str, Any]) -> PageAnswers:
    """Validate the POST of one page (fields ``page``, ``version``, ``go``, ``q-<item>``).

    Guarantees: every answer belongs to a question of that page and lies on its
    scale, and the page was built from the catalog version it names; otherwise
    ``AnswersRefused`` with a translated message, and the caller saves nothing.
    """
    page = questionnaire.page(parse_int(_posted(data, "page")) or 0)
    if _posted(data, "version") != page.part.key:
        raise AnswersRefused(
            _(
                "These answers were given on a different version of the questionnaire. "
                "Nothing was saved; reload the page and answer again."
            )
        )
    by_field: dict[str, Question | None] = {q.field: q for q in page.questions}
    if page.comment_field is not None:
        by_field[page.comment_field] = None
    values: dict[int, int] = {}
    texts: dict[str, str] = {}
    for key in data:
        if not key.startswith(FIELD_PREFIX):
            continue
        if key not in by_field:
            raise AnswersRefused(
                _("“%(item)s” is not a question on this page. Nothing was saved.")
                % {"item": key.removeprefix(FIELD_PREFIX)[:60]}
            )
        question = by_field[key]
        raw = _posted(data, key).strip()
        if question is None or question.column is None:
            if len(raw) > MAX_TEXT:
                raise AnswersRefused(
                    _("Shorten your answer to %(max)s characters or fewer.") % {"max": MAX_TEXT}
                )
            if raw:
                texts[key.removeprefix(FIELD_PREFIX)] = raw
        elif raw:
            values[question.column] = _scaled_value(question, raw)
    go = _posted(data, "go")
    step = {"next": 1, "back": -1}.get(go, 0)
    next_page = min(max(page.number + step, 1), len(questionnaire.pages))
    return PageAnswers(page=page, values=values, texts=texts, next_page=next_page)


# ---------------------------------------------------------------- stored answers


def answer_matrix(vectors: Sequence[bytes | memoryview], width: int) -> npt.NDArray[np.float64]:
    """Stored vectors as a rows x width float matrix; NaN = no value.

    One join and one reshape: no Python work per answer. ``vectors`` are the
    vectors of one part, or joined vectors of one questionnaire.
    """
    if any(len(v) != width for v in vectors):
        raise ValueError(f"every answer vector must have {width} bytes")
    raw = np.frombuffer(b"".join(vectors), dtype=np.uint8).reshape(len(vectors), width)
    return codes_to_values(raw)


def codes_to_values(raw: npt.NDArray[np.uint8]) -> npt.NDArray[np.float64]:
    """Stored bytes as floats: the value, or NaN for ``MISSING`` and ``NOT_APPLICABLE``."""
    return np.where(raw >= NOT_APPLICABLE, np.nan, raw).astype(np.float64)


def answered_count(vector: bytes) -> int:
    """Scaled questions with an answer or "does not apply"."""
    return int((np.frombuffer(vector, dtype=np.uint8) != MISSING).sum())


def missing_pages(questionnaire: Questionnaire, vectors: Mapping[str, bytes]) -> list[int]:
    """Numbers of the pages with a scaled question left unanswered (open ones are optional)."""
    missing = []
    for page in questionnaire.pages:
        vector = vectors.get(page.part.key, page.part.empty_vector())
        columns = [q.column for q in page.questions if q.column is not None]
        if any(vector[c] == MISSING for c in columns):
            missing.append(page.number)
    return missing
