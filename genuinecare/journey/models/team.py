"""Co-creation: a team window in which the team proposes and votes, anonymously if it likes.

No row names who proposed or voted: ``author_key`` and ``voter_key`` are keyed hashes of
the person and the window, so a member finds their own proposals and votes once, and
nobody else (not the leader, not an admin, not a reader of the database without the key)
can tell who it was.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import ProposalKind, ProposalState
from genuinecare.journey.models.plan import Journey, Step


class TeamWindow(models.Model):
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="windows", verbose_name=_("journey")
    )
    opened_at = models.DateTimeField(_("opened"))
    closes_at = models.DateTimeField(_("closes"))
    closed_early_at = models.DateTimeField(_("closed early"), null=True, blank=True)

    class Meta:
        verbose_name = _("team window")
        verbose_name_plural = _("team windows")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.journey}: {self.opened_at:%Y-%m-%d}"


class Proposal(models.Model):
    window = models.ForeignKey(
        TeamWindow, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("window")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.STEP
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("what and why"), blank=True)
    author_key = models.CharField(max_length=64, db_index=True)
    # Empty when the member proposed anonymously.
    author_name = models.CharField(_("proposed by"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    step = models.OneToOneField(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("step"),
    )
    # Why the leader declined it, shown to the team.
    reason = models.TextField(_("reason for declining"), blank=True)
    created_on = models.DateField(_("proposed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("proposal")
    )
    voter_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["proposal", "voter_key"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.proposal}"
