"""The safe roof: experiments, shielding, risks, business results and expectations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import Outcome, PromiseRating, Treatment
from genuinecare.journey.models.plan import Focus, Journey, Step

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class Experiment(models.Model):
    """A safe-to-fail probe: a hypothesis, what we watch, and a time box."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="experiments", verbose_name=_("journey")
    )
    focus = models.ForeignKey(
        Focus,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
        verbose_name=_("focus area"),
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
        verbose_name=_("step it informs"),
    )
    hypothesis = models.TextField(_("hypothesis"))
    watch = models.TextField(_("what we watch"))
    success_signs = models.TextField(_("signs of success (amplify)"))
    failure_signs = models.TextField(_("signs of failure (dampen)"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_note = models.TextField(_("what we learnt"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="experiment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.hypothesis[:60]


class Shielding(models.Model):
    """What pressure the leader kept off the team, logged by the leader."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="shieldings", verbose_name=_("journey")
    )
    experiment = models.ForeignKey(
        Experiment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shieldings",
        verbose_name=_("experiment"),
    )
    on = models.DateField(_("on"))
    note = models.TextField(_("what I kept off the team"))

    class Meta:
        verbose_name = _("shielding")
        verbose_name_plural = _("shieldings")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.note[:60]


class Risk(models.Model):
    """Cause → event → consequence, scored likelihood × impact before and after treatment."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="risks", verbose_name=_("journey")
    )
    cause = models.TextField(_("cause"))
    event = models.TextField(_("event"))
    consequence = models.TextField(_("consequence"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=ONE_TO_FIVE)
    owner = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices)
    treatment_note = models.TextField(_("how"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood (1–5)"), validators=ONE_TO_FIVE
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("residual impact (1–5)"), validators=ONE_TO_FIVE
    )
    review_on = models.DateField(_("review on"))
    from_readiness = models.BooleanField(_("named in the readiness reflection"), default=False)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["review_on", "pk"]

    def __str__(self) -> str:
        return self.event[:60]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact


class BusinessResult(models.Model):
    """A figure the unit is measured by, with its target; readings are the leader's."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="results", verbose_name=_("journey")
    )
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    class Meta:
        verbose_name = _("business result")
        verbose_name_plural = _("business results")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Reading(models.Model):
    result = models.ForeignKey(
        BusinessResult, on_delete=models.CASCADE, related_name="readings", verbose_name=_("result")
    )
    on = models.DateField(_("on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.result}: {self.value}"


class Expectation(models.Model):
    """A promise the leader makes to the team: what, by when, how the team will notice."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="expectations", verbose_name=_("journey")
    )
    what = models.TextField(_("what I promise"))
    due_on = models.DateField(_("by when"))
    noticed_by = models.TextField(_("how the team will notice"))
    leader_view = models.CharField(
        _("my own view"), max_length=10, choices=PromiseRating.choices, blank=True
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what[:60]
