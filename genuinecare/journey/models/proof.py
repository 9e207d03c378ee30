"""Proof that it worked: short anonymous team pulses, and the journey's nudges.

A pulse asks the team one or two questions about a promise (kept?), an experiment
(a safe roof?) or a finished step (action feedback). Invitations carry a single-use
link and let go of the person once answered; answers keep no person and no time,
only the ledger batch they joined, and are shown through the release ledger.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import NudgeKind, PulseKind
from genuinecare.journey.models.plan import Journey, Step
from genuinecare.journey.models.roof import Expectation, Experiment


class TeamPulse(models.Model):
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="pulses", verbose_name=_("journey")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PulseKind.choices)
    expectation = models.ForeignKey(
        Expectation, on_delete=models.CASCADE, null=True, blank=True, related_name="pulses"
    )
    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, null=True, blank=True, related_name="pulses"
    )
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, null=True, blank=True, related_name="pulses"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closes_on = models.DateField(_("closes"))

    class Meta:
        verbose_name = _("team pulse")
        verbose_name_plural = _("team pulses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "expectation"],
                condition=models.Q(expectation__isnull=False),
                name="pulse_once_per_expectation",
            ),
            models.UniqueConstraint(
                fields=["kind", "experiment"],
                condition=models.Q(experiment__isnull=False),
                name="pulse_once_per_experiment",
            ),
            models.UniqueConstraint(
                fields=["kind", "step"],
                condition=models.Q(step__isnull=False),
                name="pulse_once_per_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journey}: {self.kind}"


class PulseInvitation(models.Model):
    """One team member's single-use link; ``person`` is let go once they answered."""

    pulse = models.ForeignKey(TeamPulse, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("pulse invitation")
        verbose_name_plural = _("pulse invitations")

    def __str__(self) -> str:
        return f"{self.pulse}"


class PulseAnswer(models.Model):
    """One answer to one question: no person, no time, only the ledger batch it joined."""

    pulse = models.ForeignKey(TeamPulse, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.PositiveSmallIntegerField()
    batch = models.BigIntegerField()

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        indexes = [models.Index(fields=["pulse", "item"])]

    def __str__(self) -> str:
        return f"{self.pulse}: {self.item}"


class JourneyNudge(models.Model):
    """At most one journey nudge per person and ISO week."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # "2026-W49"
    kind = models.CharField(max_length=20, choices=NudgeKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journey nudge")
        verbose_name_plural = _("journey nudges")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="journey_nudge_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.week}"
