"""The words of the journey's domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JourneyStatus(models.TextChoices):
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")


class FocusSource(models.TextChoices):
    """Where a suggested focus area comes from."""

    FELT = "felt", _("Weakest felt care")
    GAP = "gap", _("Largest mirror gap")
    DRIVER = "driver", _("Strongest relation to recommending us")


class FocusState(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")
    ENDED = "ended", _("Ended")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    AT_RISK = "at_risk", _("At risk")


class Origin(models.TextChoices):
    """Who a step came from: the co-creation share counts the team's."""

    LEADER = "leader", _("The leader")
    TEAM = "team", _("The team")


class ProposalKind(models.TextChoices):
    STEP = "step", _("Step")
    EXPERIMENT = "experiment", _("Experiment")


class ProposalState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Taken into the plan")
    DECLINED = "declined", _("Declined")


class Outcome(models.TextChoices):
    """How a safe-to-fail experiment ends."""

    OPEN = "open", _("Running")
    AMPLIFY = "amplify", _("Amplify")
    DAMPEN = "dampen", _("Dampen")
    STOP = "stop", _("Stop")


class Treatment(models.TextChoices):
    """ISO 31000 risk treatment."""

    AVOID = "avoid", _("Avoid")
    REDUCE = "reduce", _("Reduce")
    SHARE = "share", _("Share")
    ACCEPT = "accept", _("Accept")


class PromiseRating(models.TextChoices):
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT_YET = "not_yet", _("Not yet kept")


class PulseKind(models.TextChoices):
    """The short anonymous pulses that prove (or not) that the journey worked."""

    PROMISE = "promise", _("Promise kept?")
    ROOF = "roof", _("Safe roof")
    ACTION = "action", _("Action feedback")


class NudgeKind(models.TextChoices):
    RESULTS_UNSEEN = "results_unseen", _("Results not yet viewed")
    NO_FOCUS = "no_focus", _("No focus chosen")
    NO_CHECK_IN = "no_check_in", _("No check-in for 30 days")
    STEP_OVERDUE = "step_overdue", _("A step is overdue")
    EXPECTATION_DUE = "expectation_due", _("An expectation is due")
