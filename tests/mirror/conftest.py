"""Helpers to answer self-assessments the way the form does: page by page, through the
same domain functions the views call."""

from collections.abc import Callable
from datetime import datetime

from genuinecare.catalog.questionnaire import NOT_APPLICABLE_VALUE, Questionnaire
from genuinecare.catalog.registry import current_version, shipped
from genuinecare.catalog.schema import Item
from genuinecare.mirror import actions
from genuinecare.mirror.models import Assessment
from genuinecare.people.models import Person

Answer = Callable[[Item], str | int | None]


def keyed(value: int) -> Answer:
    """Every agree5 item answered so that it scores ``value`` after reverse-keying."""
    return lambda item: 6 - value if item.reverse else value


def page_data(questionnaire: Questionnaire, number: int, answer: Answer) -> dict[str, str]:
    page = questionnaire.page(number)
    data = {"page": str(number), "version": page.part.key}
    for question in page.questions:
        value = answer(question.item)
        if value is not None:
            data[question.field] = str(value)
    return data


def start(person: Person, catalogs: tuple[str, ...] = ("care",)) -> Assessment:
    versions = [current_version(shipped()[c]) for c in catalogs]
    return actions.start_assessment(person=person, versions=versions)


def complete(
    person: Person,
    catalogs: tuple[str, ...] = ("care",),
    answer: Answer | None = None,
    *,
    submitted_at: datetime | None = None,
) -> Assessment:
    """Start, answer every page with ``answer`` (default: all 4) and submit one attempt."""
    answer = answer or keyed(4)
    assessment = start(person, catalogs)
    questionnaire = actions.questionnaire_of(assessment)
    for page in questionnaire.pages[:-1]:
        actions.save_page(
            assessment=assessment,
            questionnaire=questionnaire,
            data=page_data(questionnaire, page.number, answer),
        )
    actions.submit_assessment(
        assessment=assessment,
        questionnaire=questionnaire,
        data=page_data(questionnaire, len(questionnaire.pages), answer),
    )
    if submitted_at is not None:
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted_at)
        assessment.refresh_from_db()
    return assessment


def not_applicable(item: Item) -> str:
    return NOT_APPLICABLE_VALUE
