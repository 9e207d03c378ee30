"""Waves, invitations and responses of the pulse loop (contacts are the people app's).

Thin on purpose: every write goes through ``actions``/``submission``.
What protects respondents is in the shape of the data: a response has a random
id, a submission *date* and, in an anonymous wave, no link to its invitation;
comments carry neither time nor response.
"""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from genuinecare.lib.i18n import Text
from genuinecare.people.models import MIN_ANONYMITY_THRESHOLD
from genuinecare.surveys.enums import Audience, Mode


class Wave(models.Model):
    """One run of a survey for an audience in a time window."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="waves"
    )
    title = models.CharField(_("title"), max_length=200)
    # What respondents read as the survey's name: written for them, never the internal
    # title or the catalog's ("CARE: the foundation of customer centricity").
    public_title_en = models.CharField(_("title for respondents (English)"), max_length=200)
    public_title_de = models.CharField(_("title for respondents (German)"), max_length=200)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_waves",
        verbose_name=_("leader"),
    )
    units = models.ManyToManyField(
        "people.Unit", blank=True, related_name="waves", verbose_name=_("units")
    )
    catalog_version = models.ForeignKey(
        "catalog.CatalogVersion", on_delete=models.PROTECT, related_name="+"
    )
    recommend_version = models.ForeignKey(
        "catalog.CatalogVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # [catalog id, item id] per answered item: the order of every answer vector.
    item_keys = models.JSONField(default=list)
    languages = models.JSONField(_("languages"), default=list)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.ANONYMOUS)
    threshold = models.PositiveSmallIntegerField(_("anonymity threshold"))
    comment_threshold = models.PositiveSmallIntegerField(_("comment threshold"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    reminder_days = models.JSONField(_("reminders (days after opening)"), default=list)
    message_en = models.TextField(_("invitation text (English)"))
    message_de = models.TextField(_("invitation text (German)"))
    created_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    # How many of ``reminder_days`` have gone out, for the wave as a whole: nothing
    # per invitation says how many reminders came before an answer.
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # Customer and supplier waves group answers by segment and account; waves stored
    # before accounts existed keep the responsible unit they were grouped by.
    by_account = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=MIN_ANONYMITY_THRESHOLD),
                name="wave_threshold_at_least_3",
            ),
            models.CheckConstraint(
                condition=models.Q(comment_threshold__gte=models.F("threshold")),
                name="wave_comment_threshold_not_below_threshold",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="wave_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:wave", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def is_anonymous(self) -> bool:
        return self.mode == Mode.ANONYMOUS

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def message(self, language: str) -> str:
        return Text(self.message_en, self.message_de).get(language)

    def public_title(self, language: str) -> str:
        return self.public_title_de if language == "de" else self.public_title_en


class InGroup(models.Model):
    """The reporting group a row belongs to when the wave opens: a unit, or for a customer
    or supplier wave the account (of the invited contact)."""

    unit = models.ForeignKey(
        "people.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    account = models.ForeignKey(
        "people.Account", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class Invitation(InGroup):
    """One respondent of one wave. Links to it are single-use tokens (see ``InvitationLink``).

    ``used_on`` is a date, not a time: matching the order of use with the order
    in which responses were stored must not be possible. In an anonymous wave it is
    the day the wave opened, whenever the link was used: unit and day of use would
    otherwise match an invitation to its response. Nothing on an invitation counts
    its reminders (the wave does), and a used one in an anonymous wave keeps no
    links, so no row says after which reminder its person answered.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "people.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    email = models.EmailField()
    language = models.CharField(max_length=8)
    used_on = models.DateField(null=True, blank=True)
    draft = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="invitation_once_per_wave"),
        ]
        indexes = [models.Index(fields=["wave", "used_on"])]

    def __str__(self) -> str:
        return f"{self.wave_id}: {self.email}"


class InvitationLink(models.Model):
    """One e-mailed link (invitation or reminder). Only the token's hash is stored.

    Each reminder brings a new link, so the links of an invitation count the
    reminders it got. Once the invitation is used in an anonymous wave its links
    let go of it (``invitation`` is cleared) and keep only their wave: they still
    open the "already answered" page, but no longer say whose they were.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("invitation link")
        verbose_name_plural = _("invitation links")

    def __str__(self) -> str:
        return self.token_hash[:8]


class Response(InGroup):
    """One submitted answer set: immutable, random id, submission date only.

    ``answers`` holds one byte per item of the wave, in ``Wave.item_keys``
    order: the value, or ``MISSING``/``NOT_APPLICABLE`` (see
    ``genuinecare.catalog.questionnaire``; ``answer_matrix`` reads it back).
    ``invitation`` is kept in confidential waves only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    submitted_on = models.DateField()
    answers = models.BinaryField()
    # The release ledger's batch (a random number, see ``releases``): answers of
    # one batch are shown together or not at all.
    batch = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.id)


class Comment(InGroup):
    """A free-text comment on one dimension; no time, no response, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="comments")
    dimension = models.CharField(max_length=60)
    text = models.TextField()
    batch = models.BigIntegerField(default=0)  # the response's ledger batch

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:40]
