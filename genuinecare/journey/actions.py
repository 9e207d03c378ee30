"""The journey's first verb: starting one from the readiness gate.

Every write of the journey goes through a verb like this one: keyword-only, inside a
transaction, raising a translated ``ValidationError`` that says what to fix. Each part
(plan, roof, team, proof) keeps its own verbs in its own module.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.journey.enums import Treatment
from genuinecare.journey.models import Journey, Risk
from genuinecare.journey.readiness import Readiness
from genuinecare.people.models import Person

FIRST_RISK_REVIEW = dt.timedelta(days=30)


def start_journey(*, leader: Person, readiness: Readiness, title: str) -> Journey:
    """A new journey for the leader's unit, from a complete readiness gate.

    The risks the leader named in the reflection become the first entry of the risk
    register, to be scored and treated.
    """
    if not leader.is_leader or leader.unit_id is None:
        raise ValidationError(_("Only a leader with a unit can start a journey."))
    if not readiness.complete:
        raise ValidationError(
            _(
                "Complete your readiness reflection and the soil questions of the Mirror "
                "first: a journey starts from knowing where you stand."
            )
        )
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the journey a title."))
    try:
        with transaction.atomic():
            journey = Journey.objects.create(
                organisation_id=leader.organisation_id,
                leader=leader,
                unit_id=leader.unit_id,
                title=title[:200],
                readiness=readiness.frozen(),
            )
            if readiness.risks_named:
                Risk.objects.create(
                    journey=journey,
                    cause="",
                    event=readiness.risks_named,
                    consequence="",
                    likelihood=3,
                    impact=3,
                    owner=leader,
                    treatment=Treatment.REDUCE,
                    residual_likelihood=3,
                    residual_impact=3,
                    review_on=timezone.localdate() + FIRST_RISK_REVIEW,
                    from_readiness=True,
                )
    except IntegrityError:
        raise ValidationError(
            _("You already have a journey under way for this unit: carry on with that one.")
        ) from None
    return journey
