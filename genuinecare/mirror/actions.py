"""Every write to self-assessments goes through these verbs.

Answers are validated by ``genuinecare.catalog.questionnaire`` and written in
one transaction that locks the attempt, so a refused post changes nothing and
a submission happens once.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.questionnaire import (
    AnswersRefused,
    IncompleteAnswers,
    PageAnswers,
    Questionnaire,
    build_questionnaire,
    missing_pages,
    parse_page,
)
from genuinecare.mirror.models import Assessment, AssessmentPart, OpenAnswer
from genuinecare.people.models import Person


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    """The self form over the catalog versions this attempt started with."""
    parts = assessment.parts.select_related("catalog_version").order_by("position")
    return build_questionnaire([p.catalog_version for p in parts], form="self")


def stored_answers(assessment: Assessment) -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    """Answer vectors and open answers per part key (the catalog version's id as text)."""
    vectors = {
        str(version_id): bytes(answers)
        for version_id, answers in assessment.parts.values_list("catalog_version_id", "answers")
    }
    texts: dict[str, dict[str, str]] = {}
    rows = OpenAnswer.objects.filter(part__assessment=assessment).values_list(
        "part__catalog_version_id", "item_id", "text"
    )
    for version_id, item_id, text in rows:
        texts.setdefault(str(version_id), {})[item_id] = text
    return vectors, texts


def start_assessment(*, person: Person, versions: Sequence[CatalogVersion]) -> Assessment:
    """A new draft over these catalog versions, in this order.

    Raises ``ValidationError`` without versions or while the leader has an
    unsubmitted draft (each leader has at most one).
    """
    if not versions:
        raise ValidationError(_("Choose at least one catalog."))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                organisation_id=person.organisation_id, person=person
            )
            questionnaire = build_questionnaire(versions, form="self")
            AssessmentPart.objects.bulk_create(
                AssessmentPart(
                    assessment=assessment,
                    catalog_version=version,
                    position=position,
                    answers=part.empty_vector(),
                )
                for position, (version, part) in enumerate(
                    zip(versions, questionnaire.parts, strict=True)
                )
            )
    except IntegrityError:
        raise ValidationError(
            _("You already have a self-assessment in progress; continue that one first.")
        ) from None
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.submitted_at is not None:
        raise AnswersRefused(
            _("This self-assessment was submitted on %(date)s; its answers can no longer change.")
            % {"date": formats.date_format(timezone.localtime(locked.submitted_at))}
        )
    return locked


def _store(assessment: Assessment, answers: PageAnswers) -> None:
    part = AssessmentPart.objects.get(
        assessment=assessment, catalog_version_id=int(answers.page.part.key)
    )
    open_ids = [q.item.id for q in answers.page.questions if q.is_open]
    texts = dict(part.open_answers.filter(item_id__in=open_ids).values_list("item_id", "text"))
    part.answers, new_texts = answers.merge_into(bytes(part.answers), texts)
    part.save(update_fields=["answers", "updated_at"])
    if open_ids:
        part.open_answers.filter(item_id__in=open_ids).delete()
        OpenAnswer.objects.bulk_create(
            OpenAnswer(part=part, item_id=item_id, text=text) for item_id, text in new_texts.items()
        )


def save_page(
    *, assessment: Assessment, questionnaire: Questionnaire, data: Mapping[str, Any]
) -> PageAnswers:
    """Store the answers of one page of a draft; ``AnswersRefused`` changes nothing."""
    with transaction.atomic():
        locked = _locked(assessment)
        answers = parse_page(questionnaire, data)
        _store(locked, answers)
    return answers


def submit_assessment(
    *, assessment: Assessment, questionnaire: Questionnaire, data: Mapping[str, Any]
) -> None:
    """Store the last page and submit, in one transaction, once.

    Raises ``AnswersRefused`` (nothing changes) for a tampered page, a second
    submission, or ``IncompleteAnswers`` when questions are still open; the
    posted page is kept in that last case, so no answer is lost.
    """
    with transaction.atomic():
        locked = _locked(assessment)
        _store(locked, parse_page(questionnaire, data))
        vectors, _texts = stored_answers(locked)
        missing = missing_pages(questionnaire, vectors)
        if not missing:
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["submitted_at"])
    if missing:
        raise IncompleteAnswers(missing)
    assessment.submitted_at = locked.submitted_at


def set_sharing(*, assessment: Assessment, shared: bool) -> None:
    """Share a submitted self-assessment with the organisation admin, or stop sharing it."""
    if assessment.submitted_at is None:
        raise ValidationError(_("Submit the self-assessment before you share it."))
    assessment.shared_at = timezone.now() if shared else None
    assessment.save(update_fields=["shared_at"])


def discard_draft(*, assessment: Assessment) -> None:
    """Delete an unsubmitted attempt with its answers; a submitted one stays untouched.

    The delete is conditional in one statement, so an attempt submitted meanwhile
    is never removed: ``ValidationError`` says so and nothing changes.
    """
    with transaction.atomic():
        deleted, _rows = Assessment.objects.filter(
            pk=assessment.pk, submitted_at__isnull=True
        ).delete()
    if not deleted:
        raise ValidationError(_("A submitted self-assessment cannot be discarded."))
