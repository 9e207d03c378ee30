"""Care in practice: stakeholders, care actions, cadences, nudges, registers, follow-ups."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from genuinecare.lib.i18n import Text
from genuinecare.people.enums import Function
from genuinecare.people.models import Organisation, Person, Unit
from genuinecare.practice.enums import (
    ActionSource,
    CadenceMode,
    CadenceTarget,
    Circle,
    ProposalStatus,
    StakeholderType,
)


class PracticeSettings(models.Model):
    """An organisation's choices for the practice loop."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="practice_settings"
    )
    note_retention_days = models.PositiveIntegerField(
        _("keep private notes for (days)"),
        null=True,
        blank=True,
        help_text=_("Empty keeps notes until they are deleted. At least 30 days."),
    )
    nudge_cap = models.PositiveSmallIntegerField(_("most nudges per list and digest"), default=7)

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")

    def __str__(self) -> str:
        return str(self.organisation)


class CareKind(models.Model):
    """A kind of care action, named in English and German; editable per organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="care_kinds"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100)
    circle = models.CharField(
        _("usual circle"), max_length=20, choices=Circle.choices, default=Circle.INDIVIDUAL
    )
    customer_contact = models.BooleanField(_("counts as customer contact"), default=False)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("kind of care")
        verbose_name_plural = _("kinds of care")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="care_kind_unique_code")
        ]

    def __str__(self) -> str:
        return Text(self.name_en, self.name_de).get(get_language())


class Stakeholder(models.Model):
    """Someone or something a leader cares for: a person, an account or another party."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stakeholders"
    )
    type = models.CharField(_("type"), max_length=20, choices=StakeholderType.choices)
    circle = models.CharField(_("circle of care"), max_length=20, choices=Circle.choices)
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="stakeholder"
    )
    account = models.OneToOneField(
        "people.Account",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stakeholder",
        verbose_name=_("account"),
    )
    # What the map lists and sorts by: the person's or the account's name, kept in step
    # by the practice verbs and the account import.
    name = models.CharField(_("name"), max_length=200)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(account__isnull=True),
                name="stakeholder_person_or_account",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "practice:stakeholder", kwargs={"org": self.organisation.slug, "pk": self.pk}
        )

    def recipient(self) -> tuple[str, str] | None:
        """Where a follow-up goes: (e-mail, language) of the person or of the account's
        first active contact; None when there is nobody to ask."""
        if self.person is not None:
            return (self.person.email, self.person.language) if self.person.email else None
        if self.account is None:
            return None
        contact = self.account.contacts.filter(archived_at__isnull=True).order_by("pk").first()
        return None if contact is None else (contact.email, contact.language)


class AccountFollow(models.Model):
    """A leader's choice about an account or party: follow it (on their map) or not."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="account_follows")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="follows")
    following = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "stakeholder"], name="account_follow_one_per_leader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader} → {self.stakeholder}"


class CareAction(models.Model):
    """Something a leader did for stakeholders, with when it happened."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="care_actions"
    )
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_actions")
    kind = models.ForeignKey(CareKind, on_delete=models.PROTECT, related_name="actions")
    stakeholders = models.ManyToManyField(Stakeholder, related_name="care_actions")
    happened_at = models.DateTimeField(_("happened"))
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)
    note = models.TextField(_("private note"), blank=True)
    source = models.CharField(max_length=20, choices=ActionSource.choices, default=ActionSource.WEB)
    initiative = models.ForeignKey(
        "Initiative", on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries"
    )
    supplier_impact = models.ForeignKey(
        "SupplierImpact", on_delete=models.SET_NULL, null=True, blank=True, related_name="updates"
    )
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("care action")
        verbose_name_plural = _("care actions")
        ordering = ["-happened_at"]
        indexes = [models.Index(fields=["leader", "happened_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="care_action_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.happened_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("practice:action", kwargs={"org": self.organisation.slug, "pk": self.pk})


class Commitment(models.Model):
    """A promise made during a care action; a follow-up item until it is done."""

    action = models.ForeignKey(CareAction, on_delete=models.CASCADE, related_name="commitments")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(_("commitment"), max_length=300)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class CadenceRule(models.Model):
    """An admin's override of a shipped cadence, for a function, a unit, or everyone."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cadence_rules"
    )
    kind = models.ForeignKey(CareKind, on_delete=models.CASCADE, related_name="cadence_rules")
    circle = models.CharField(_("circle of care"), max_length=20, choices=Circle.choices)
    target = models.CharField(_("counts for"), max_length=20, choices=CadenceTarget.choices)
    function = models.CharField(
        _("only for leaders with function"), max_length=20, choices=Function.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("only for unit")
    )
    mode = models.CharField(_("mode"), max_length=20, choices=CadenceMode.choices)
    ideal_days = models.PositiveIntegerField(_("ideal interval (days)"), null=True, blank=True)
    max_days = models.PositiveIntegerField(_("maximum interval (days)"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    period_days = models.PositiveIntegerField(_("period (days)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cadence")
        verbose_name_plural = _("cadences")
        ordering = ["kind__position", "circle", "function"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_circle_display()}"


class Snooze(models.Model):
    """A leader asked not to be nudged about one item until a date."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="snoozes")
    item = models.CharField(max_length=80)
    until = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["leader", "item"], name="snooze_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.until}"


class Digest(models.Model):
    """One weekly digest per leader and ISO week: the row makes sending idempotent."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="digests")
    week = models.CharField(max_length=10)
    items = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["leader", "week"], name="digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.week}"


class NotePurge(models.Model):
    """The day the scheduled note purge ran: the row makes it run once a day."""

    day = models.DateField(unique=True)
    removed = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.day}: {self.removed}"


class Initiative(models.Model):
    """A change project: it should state its business case and its end-customer impact."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="initiatives"
    )
    name = models.CharField(_("name"), max_length=200)
    sponsor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("sponsor")
    )
    business_case = models.TextField(_("business case"), blank=True)
    end_customer_impact = models.TextField(_("expected impact on end customers"), blank=True)
    affects_end_customers = models.BooleanField(_("affects end customers"), default=False)
    affects_internal_users = models.BooleanField(_("affects internal users"), default=False)
    affects_suppliers = models.BooleanField(_("affects suppliers"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practice:initiative", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def flagged(self) -> bool:
        return not self.business_case.strip() or not self.end_customer_impact.strip()


class SupplierImpact(models.Model):
    """A decision that affects a supplier, with when it was decided and when they were told."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supplier_impacts"
    )
    supplier = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="impacts", verbose_name=_("supplier")
    )
    owner = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="supplier_impacts", verbose_name=_("owner")
    )
    decision = models.CharField(_("decision"), max_length=300)
    revenue_effect = models.DecimalField(
        _("expected revenue effect per year (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    decided_on = models.DateField(_("decided on"))
    told_on = models.DateField(_("supplier first told on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplier impact")
        verbose_name_plural = _("supplier impacts")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return self.decision

    def get_absolute_url(self) -> str:
        return reverse("practice:impact", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def transparency_lag(self) -> int | None:
        """Days from decision to first telling the supplier (None while untold)."""
        if self.told_on is None:
            return None
        return (self.told_on - self.decided_on).days


class ProposedAction(models.Model):
    """A calendar meeting with a customer or supplier, waiting for the leader to confirm it."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposals")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE)
    kind = models.ForeignKey(CareKind, on_delete=models.CASCADE)
    uid = models.CharField(max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    summary = models.CharField(_("meeting"), max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    action = models.OneToOneField(CareAction, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "uid", "starts_at", "stakeholder"],
                name="proposal_once_per_occurrence",
            )
        ]

    def __str__(self) -> str:
        return self.summary


class FollowUp(models.Model):
    """The recipient's one-question pulse after a care action; shown only in aggregate."""

    action = models.ForeignKey(CareAction, on_delete=models.CASCADE, related_name="follow_ups")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE)
    circle = models.CharField(max_length=20, choices=Circle.choices)
    email = models.EmailField()
    language = models.CharField(max_length=8, default="en")
    token_hash = models.CharField(max_length=128, unique=True)
    answered_on = models.DateField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    batch = models.BigIntegerField(default=0)  # the care-felt ledger's batch it was answered in

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.action} → {self.stakeholder}"
