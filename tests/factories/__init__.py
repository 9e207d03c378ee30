"""Real objects for tests, made through the domain verbs where it matters. No mocks.

``people`` makes organisations, units, people and users; ``surveys`` waves,
invitations and answers; ``practice`` care kinds, stakeholders and logged care.
"""

from tests.factories.people import (
    PASSWORD,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories.practice import (
    PracticeWorld,
    account,
    kind,
    log,
    person_stakeholder,
    practice_world,
)
from tests.factories.surveys import answer, invite, make_wave, page_post

__all__ = [
    "PASSWORD",
    "OrganisationFactory",
    "PersonFactory",
    "PracticeWorld",
    "UnitFactory",
    "UserFactory",
    "account",
    "answer",
    "invite",
    "kind",
    "log",
    "make_wave",
    "page_post",
    "person_stakeholder",
    "practice_world",
]
