"""A leader's journey for a unit, its focus areas and the steps of its plan."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import (
    FocusSource,
    FocusState,
    Health,
    JourneyStatus,
    Origin,
    StepStatus,
)


class Journey(models.Model):
    """One leader's way from insight to change, for the unit they lead.

    ``readiness`` is the frozen view of the gate it started from: the self-assessment's
    date and id, its readiness score and its soil index.
    """

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="journeys",
        verbose_name=_("organisation"),
    )
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="journeys",
        verbose_name=_("leader"),
    )
    unit = models.ForeignKey(
        "people.Unit", on_delete=models.PROTECT, related_name="journeys", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=JourneyStatus.choices, default=JourneyStatus.OPEN
    )
    readiness = models.JSONField(_("readiness at the start"), default=dict)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "unit"],
                condition=models.Q(status="open"),
                name="journey_one_open_per_leader_and_unit",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("journey:journey", kwargs={"org": self.organisation.slug, "pk": self.pk})


class Focus(models.Model):
    """A focus area suggested from the evidence, accepted or dismissed with a reason.

    ``key`` names what it is about (``<catalog>:<dimension>``); ``snapshot`` freezes the
    evidence it came from (wave, figure, group size, date) as it was released.
    """

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="focuses", verbose_name=_("journey")
    )
    source = models.CharField(_("source"), max_length=10, choices=FocusSource.choices)
    key = models.CharField(_("dimension"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=FocusState.choices)
    reason = models.TextField(_("reason"), blank=True)
    snapshot = models.JSONField(_("evidence"), default=dict)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return self.title


class LibraryAction(models.Model):
    """An organisation's own suggested action; the shipped ones come from the catalogs."""

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="journey_library",
        verbose_name=_("organisation"),
    )
    key = models.CharField(_("dimension"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_de = models.CharField(_("title (German)"), max_length=300)
    created_by = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggested action")
        verbose_name_plural = _("suggested actions")
        ordering = ["key", "title_en"]

    def __str__(self) -> str:
        return self.title_en


class Step(models.Model):
    """A step of the plan: status and health are separate; check-ins keep the history.

    ``lane`` groups steps that run side by side; ``dimensions`` lists the felt-care
    dimensions (``<catalog>:<dimension>``) the step should move, for re-measurement;
    ``snapshot`` freezes the evidence of the focus it was made from.
    """

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="steps", verbose_name=_("journey")
    )
    focus = models.ForeignKey(
        Focus,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("focus area"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owners = models.ManyToManyField(
        "people.Person", related_name="journey_steps", blank=True, verbose_name=_("owners")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    health = models.CharField(
        _("health"), max_length=16, choices=Health.choices, default=Health.ON_TRACK
    )
    lane = models.CharField(_("lane"), max_length=80, blank=True)
    origin = models.CharField(
        _("came from"), max_length=10, choices=Origin.choices, default=Origin.LEADER
    )
    dimensions = models.JSONField(_("dimensions it should move"), default=list, blank=True)
    snapshot = models.JSONField(_("evidence"), default=dict, blank=True)
    shared_at = models.DateTimeField(_("shared with the team"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "journey:step", kwargs={"org": self.journey.organisation.slug, "pk": self.pk}
        )


class Dependency(models.Model):
    """Finish-to-start: ``step`` cannot start before ``waits_for`` is done."""

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="waits", verbose_name=_("step")
    )
    waits_for = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="unblocks", verbose_name=_("waits for")
    )

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["step", "waits_for"], name="dependency_once"),
            models.CheckConstraint(
                condition=~models.Q(step=models.F("waits_for")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} ← {self.waits_for}"


class CheckIn(models.Model):
    """One check-in on a step; the history is kept, never overwritten."""

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("step")
    )
    author = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices)
    health = models.CharField(_("health"), max_length=16, choices=Health.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.step}: {self.status}"


class ChecklistItem(models.Model):
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("step")
    )
    text = models.CharField(_("text"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Comment(models.Model):
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="comments", verbose_name=_("step")
    )
    author = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
