from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genuinecare.insights.anonymity import DEFAULT_COMMENT_THRESHOLD, DEFAULT_K, MIN_K
from genuinecare.people.enums import Function, Language, PrivacyRequestKind, Role

MIN_ANONYMITY_THRESHOLD = MIN_K


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        """Sign-in ignores the case of the e-mail address."""
        return self.get(email=normalise_email(username or ""))

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding blanks."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Their place in each organisation is a `Person`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email


class Organisation(models.Model):
    """A tenant: nothing of one organisation is ever shown to another."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=DEFAULT_K,
        help_text=_("No score is shown for a group with fewer respondents (at least 3)."),
    )
    comment_threshold = models.PositiveSmallIntegerField(
        _("comment threshold"),
        default=DEFAULT_COMMENT_THRESHOLD,
        help_text=_("No comments are shown for a group with fewer respondents."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=MIN_ANONYMITY_THRESHOLD),
                name="organisation_threshold_at_least_3",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:dashboard", kwargs={"org": self.slug})


class Unit(models.Model):
    """A node of an organisation's tree: a department or a team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "parent"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:unit", kwargs={"org": self.organisation.slug, "pk": self.pk})


class Person(models.Model):
    """Someone in an organisation, with a role there; may or may not sign in."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("sign-in account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    function = models.CharField(
        _("function"), max_length=20, choices=Function.choices, default=Function.OTHER
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("email"), name="person_unique_email_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"], name="person_one_membership_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:person", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role in (Role.ADMIN, Role.LEADER)


class Upload(models.Model):
    """An uploaded CSV file between its preview and its application, for any import.

    ``kind`` names the import (people, contacts, accounts); ``variant`` holds what
    the uploader chose for this file when the import asks, e.g. customer or
    supplier contacts. Once applied, ``summary`` keeps the counts it produced.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=20)
    variant = models.CharField(max_length=20, blank=True)
    uploaded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True)
    file_name = models.CharField(max_length=255)
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.file_name


class PrivacyRequest(models.Model):
    """A person's data-protection request, recorded by the admin who carried it out.

    Who asked (``requested_by``, an admin's membership), for whose data (``person``),
    when, why and what kind; ``done_at`` says when it was carried out. For access, the
    export is handed to the person: ``message`` is the e-mail with their single-use link,
    of which only ``token_hash`` is stored, valid until ``link_expires_at`` and used at
    ``downloaded_at``. The file itself is made when the link is used and never stored.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="privacy_requests"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="privacy_requests",
        verbose_name=_("whose data"),
    )
    requested_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="privacy_requests_recorded",
        verbose_name=_("recorded by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PrivacyRequestKind.choices)
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    submission = models.CharField(max_length=64, blank=True)
    message = models.ForeignKey(
        "outbox.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail to the person"),
    )
    token_hash = models.CharField(max_length=128, blank=True)
    link_expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="privacy_request_unique_link",
            ),
            models.UniqueConstraint(
                fields=["requested_by", "submission"],
                condition=~models.Q(submission=""),
                name="privacy_request_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"

    def link_state(self, now: datetime | None = None) -> str:
        """The export link's state: ``used``, ``expired`` or ``open`` ("" for an erasure)."""
        if self.kind != PrivacyRequestKind.ACCESS:
            return ""
        if self.downloaded_at is not None:
            return "used"
        if self.link_expires_at is None or self.link_expires_at <= (now or timezone.now()):
            return "expired"
        return "open"


# Accounts, contacts and the audit log live in their own modules; imported here so Django
# finds them.
from genuinecare.people.accounts import Account, Contact  # noqa: E402, F401
from genuinecare.people.audit_log import AuditEvent  # noqa: E402, F401
