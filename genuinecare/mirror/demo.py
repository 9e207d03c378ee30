"""Demo self-assessments for Lindenhof: the CIO's trend across two attempts (the
second shared with the admin), and one attempt each by the CMO and the COO."""

import random
from datetime import timedelta

from django.utils import timezone

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.questionnaire import FIELD_PREFIX, Questionnaire
from genuinecare.catalog.registry import current_version, shipped
from genuinecare.catalog.schema import Item
from genuinecare.mirror import actions
from genuinecare.mirror.models import Assessment
from genuinecare.people.models import Organisation, Person

ALL = ("purpose", "basics", "care", "readiness", "recommend")
REFLECTIONS = {
    "style_open": "I decide too fast on my own. My weekly office hours help.",
    "culture_open": "People are open in the team, cautious in the management meeting.",
    "risks_open": "The platform migration could eat all our attention this year.",
    "expectations_open": "In six months: every team lead has met two customers.",
}
# (person's e-mail, catalogs, mean answer level, days ago submitted, shared)
ATTEMPTS = (
    ("cio", ALL, 2.6, 210, False),
    ("cio", ALL, 3.6, 20, True),
    ("cmo", ("care", "purpose"), 3.9, 45, True),
    ("coo", ("care",), 3.1, 12, False),
)


def _answer(item: Item, level: float, rng: random.Random) -> str:
    if item.scale == Scale.OPEN:
        return REFLECTIONS.get(item.id, "")
    if item.scale == Scale.LTR11:
        return str(min(10, max(0, round(level * 2 + rng.gauss(0, 1)))))
    if rng.random() < 0.03:
        return "na"
    value = min(5, max(1, round(level + rng.gauss(0, 0.8))))
    return str(6 - value if item.reverse else value)


def _page(
    questionnaire: Questionnaire, number: int, level: float, rng: random.Random
) -> dict[str, str]:
    page = questionnaire.page(number)
    data = {"page": str(number), "version": page.part.key}
    for question in page.questions:
        data[f"{FIELD_PREFIX}{question.item.id}"] = _answer(question.item, level, rng)
    return data


def _complete(
    person: Person, catalogs: tuple[str, ...], level: float, rng: random.Random
) -> Assessment:
    versions = [current_version(shipped()[c]) for c in catalogs]
    assessment = actions.start_assessment(person=person, versions=versions)
    questionnaire = actions.questionnaire_of(assessment)
    for page in questionnaire.pages[:-1]:
        data = _page(questionnaire, page.number, level, rng)
        actions.save_page(assessment=assessment, questionnaire=questionnaire, data=data)
    last = _page(questionnaire, len(questionnaire.pages), level, rng)
    actions.submit_assessment(assessment=assessment, questionnaire=questionnaire, data=last)
    return assessment


def seed(organisation: Organisation) -> None:
    """Give the demo organisation's leaders submitted self-assessments, some shared."""
    rng = random.Random(3)  # noqa: S311 - repeatable demo answers, not a secret
    now = timezone.now()
    for head, catalogs, level, days_ago, shared in ATTEMPTS:
        person = Person.objects.get(organisation=organisation, email__startswith=f"{head}@")
        assessment = _complete(person, catalogs, level, rng)
        submitted = now - timedelta(days=days_ago)
        Assessment.objects.filter(pk=assessment.pk).update(
            started_at=submitted - timedelta(hours=2),
            submitted_at=submitted,
            shared_at=submitted + timedelta(days=1) if shared else None,
        )
