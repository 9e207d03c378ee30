from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """One attempt of a leader's self-assessment, from its first page to its submission.

    Private to the leader; ``shared_at`` is set while they share it with their
    organisation admin. Answers live in its ``parts``, one per catalog version.
    """

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("leader"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    shared_at = models.DateTimeField(_("shared with the admin"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["person", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(submitted_at__isnull=True),
                name="assessment_one_draft_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(shared_at__isnull=True) | models.Q(submitted_at__isnull=False),
                name="assessment_shared_only_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("mirror:report", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AssessmentPart(models.Model):
    """The answers to one catalog version within an attempt, as a compact vector.

    ``answers`` holds one byte per scaled question of the catalog's self form,
    in catalog order (see ``genuinecare.catalog.questionnaire``).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="parts")
    catalog_version = models.ForeignKey(
        "catalog.CatalogVersion", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    answers = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-assessment part")
        verbose_name_plural = _("self-assessment parts")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "catalog_version"], name="assessment_part_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.catalog_version}"


class OpenAnswer(models.Model):
    """A leader's answer to an open question; shown to nobody but that leader."""

    part = models.ForeignKey(AssessmentPart, on_delete=models.CASCADE, related_name="open_answers")
    item_id = models.CharField(max_length=60)
    text = models.TextField()

    class Meta:
        verbose_name = _("open answer")
        verbose_name_plural = _("open answers")
        constraints = [
            models.UniqueConstraint(fields=["part", "item_id"], name="open_answer_unique_item"),
        ]

    def __str__(self) -> str:
        return self.item_id
