"""The journey's plan routes for the security tables."""

from genuinecare.journey import library, plan
from genuinecare.journey.models import Journey
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.security.routes_base import GET, POST, Route

ROUTES: list[Route] = [
    Route("journey:step-add", "leader", "journey", owner=True, methods=(GET, POST)),
    Route("journey:step-copy", "leader", "journey", owner=True, methods=(GET, POST)),
    Route("journey:step", "leader", "step", owner=True, methods=(GET, POST)),
    Route("journey:step-edit", "leader", "step", owner=True, methods=(GET, POST)),
    Route("journey:step-tick", "leader", "checklist_item", owner=True, methods=(POST,)),
    Route("journey:step-unwait", "leader", "dependency", owner=True, methods=(POST,)),
    Route("journey:library", "leader"),
    Route("journey:library-add", "admin", methods=(GET, POST)),
    Route("journey:library-remove", "admin", "library_action", methods=(POST,)),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """A step owned by ``member`` that waits for another, with a checklist item; an own action."""
    leader = journey.leader
    first = plan.add_step(journey=journey, leader=leader, title="Listen first", owners=[member])
    step = plan.add_step(journey=journey, leader=leader, title="Then act", owners=[member])
    dependency = plan.add_dependency(step=step, waits_for=first, leader=leader)
    item = plan.add_checklist_item(step=step, leader=leader, text="Book the room")
    admin = Person.objects.filter(organisation_id=journey.organisation_id, role=Role.ADMIN).first()
    assert admin is not None
    action = library.add_library_action(
        admin=admin, key="care:heard", title_en="secret listening hour", title_de="Zuhörstunde"
    )
    return {
        "step": step.pk,
        "checklist_item": item.pk,
        "dependency": dependency.pk,
        "library_action": action.pk,
    }
