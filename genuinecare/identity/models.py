"""Activation: the single-use links with which a person sets a password and can sign in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.identity.enums import End, Reason, SsoRequirement, TwoFactors


class Activation(models.Model):
    """One activation e-mail's link: who may set a password with it, until when.

    Only the hash of the link's token is stored. A person has at most one open
    link (``end`` empty): sending a new one ends the old one as *replaced*; using
    it ends it as *used*; an admin may end it as *revoked*. An open link past
    ``expires_at`` no longer works.
    """

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="activations"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="activations",
        verbose_name=_("person"),
    )
    invited_by = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    end = models.CharField(_("ended"), max_length=10, choices=End.choices, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    message = models.ForeignKey(
        "outbox.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(end=""), name="activation_one_open_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.created_at:%Y-%m-%d}"


class SingleSignOn(models.Model):
    """An organisation's OpenID Connect provider: its people sign in there instead of a password.

    The client secret is stored sealed (``lib/sealed.py``) and never shown again. ``domains``
    are the organisation's own e-mail domains, as its admin states them: with
    ``create_people`` on, someone the provider vouches for at one of them becomes a member
    on their first sign-in.
    """

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="single_sign_on"
    )
    issuer = models.URLField(_("issuer URL"), max_length=500)
    client_id = models.CharField(_("client ID"), max_length=255)
    secret = models.TextField(blank=True)
    domains = models.JSONField(_("e-mail domains"), default=list, blank=True)
    create_people = models.BooleanField(_("create people on their first sign-in"), default=False)
    requirement = models.CharField(
        _("single sign-on is"),
        max_length=10,
        choices=SsoRequirement.choices,
        default=SsoRequirement.OPTIONAL,
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.issuer}"

    @property
    def provider_id(self) -> str:
        """The provider's name in sign-in records and linked accounts."""
        return f"org-{self.organisation.slug}"


class SignInPolicy(models.Model):
    """How an organisation's people must sign in; an organisation without one requires nothing.

    ``require_mfa`` names who must have a second factor (an authenticator app or a passkey)
    before any page of the organisation opens for them.
    """

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    require_mfa = models.CharField(
        _("two-factor sign-in required for"),
        max_length=10,
        choices=TwoFactors.choices,
        default=TwoFactors.NOBODY,
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policies")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_require_mfa_display()}"
