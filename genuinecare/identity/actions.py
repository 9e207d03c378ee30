"""Every write of activation goes through these verbs.

An activation e-mail is queued in the same transaction as its link, in the
person's language, and carries the only copy of the token. Each verb raises a
translated ``ValidationError`` that says what to do instead.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from genuinecare.identity.enums import End, Reason
from genuinecare.identity.models import Activation, SingleSignOn
from genuinecare.identity.sso import must_use_sso
from genuinecare.identity.status import can_sign_in, link_works
from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people import audit
from genuinecare.people.actions import create_organisation, link_user
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person, User


@dataclass(frozen=True, slots=True)
class Invited:
    """The person's open activation; ``link`` only when this call sent it (else None)."""

    activation: Activation
    link: str | None


def activation_url(token: str) -> str:
    """The full link of an activation token, as the e-mail and the terminal show it."""
    return settings.SITE_URL + reverse("activate", kwargs={"token": token})


def _locked(person: Person) -> Person:
    locked = Person.objects.select_for_update(of=("self",)).select_related("organisation", "user")
    return locked.get(pk=person.pk)


def _check(person: Person, invited_by: Person | None) -> None:
    if invited_by is not None and (
        invited_by.organisation_id != person.organisation_id or invited_by.role != Role.ADMIN
    ):
        raise ValidationError(_("Only an admin of this organisation can invite people to sign in."))
    if person.archived_at is not None:
        raise ValidationError(
            _("%(name)s has left the organisation and cannot be invited.") % {"name": person.name}
        )
    if can_sign_in(person):
        raise ValidationError(_("%(name)s can sign in already.") % {"name": person.name})


def _open(person: Person) -> Activation | None:
    return Activation.objects.filter(person=person, end=End.OPEN).first()


def _end(activation: Activation, end: End, now: datetime) -> None:
    activation.end, activation.ended_at = end, now
    activation.save(update_fields=["end", "ended_at"])


def _send(person: Person, *, reason: Reason, invited_by: Person | None, now: datetime) -> Invited:
    token, token_hash = new_token()
    activation = Activation.objects.create(
        organisation=person.organisation,
        person=person,
        invited_by=invited_by,
        reason=reason,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + timedelta(days=settings.ACTIVATION_DAYS),
    )
    link = activation_url(token)
    sso = SingleSignOn.objects.filter(organisation=person.organisation).first()
    with override(person.language):
        until = date_format(timezone.localtime(activation.expires_at), "DATETIME_FORMAT")
    activation.message = enqueue_template(
        template="identity/email/activation",
        context={
            "name": person.name,
            "email": person.email,
            "organisation": person.organisation.name,
            "invited_by": invited_by.name if invited_by is not None else "",
            "until": until,
            "link": link,
            "sso": sso is not None,
            "sso_only": must_use_sso(sso, person.role),
        },
        language=person.language,
        to=person.email,
        kind="identity.activation",
        organisation=person.organisation,
        dedupe_key=f"identity-activation-{activation.pk}",
        scrub_after_send=True,
    )
    activation.save(update_fields=["message"])
    audit.record(
        audit.Event.INVITED, organisation=person.organisation, subject=person, actor=invited_by
    )
    return Invited(activation, link)


def invite(
    *,
    person: Person,
    invited_by: Person | None,
    reason: Reason = Reason.ADMIN,
    now: datetime | None = None,
) -> Invited:
    """Send the person an activation e-mail with a link that sets their password.

    A person whose link still works keeps it and gets no second e-mail (a double
    submit sends one); an expired link is replaced. Refused for someone who can
    sign in already, who has left, or when ``invited_by`` is not an admin of the
    person's organisation (None: the system, e.g. for a new organisation).
    """
    now = now or timezone.now()
    with transaction.atomic():
        person = link_user(_locked(person))
        _check(person, invited_by)
        current = _open(person)
        if current is not None and link_works(current, now=now):
            return Invited(current, None)
        if current is not None:
            _end(current, End.REPLACED, now)
        return _send(person, reason=reason, invited_by=invited_by, now=now)


def resend(
    *, person: Person, replacing: int | None, invited_by: Person, now: datetime | None = None
) -> Invited:
    """Send a new link and end the old one, so only the newest e-mail works.

    ``replacing`` is the id of the link the admin saw: when it was replaced in the
    meantime (a double submit), the newer link stays and nothing is sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        person = link_user(_locked(person))
        _check(person, invited_by)
        current = _open(person)
        if current is not None and current.pk != replacing:
            return Invited(current, None)
        if current is not None:
            _end(current, End.REPLACED, now)
        return _send(person, reason=Reason.ADMIN, invited_by=invited_by, now=now)


def revoke(*, person: Person, revoked_by: Person, now: datetime | None = None) -> bool:
    """End the person's open activation link; returns False when there was none."""
    now = now or timezone.now()
    if revoked_by.organisation_id != person.organisation_id or revoked_by.role != Role.ADMIN:
        raise ValidationError(_("Only an admin of this organisation can revoke an invitation."))
    with transaction.atomic():
        person = _locked(person)
        current = _open(person)
        if current is None:
            return False
        _end(current, End.REVOKED, now)
    audit.record(
        audit.Event.REVOKED, organisation=person.organisation, subject=person, actor=revoked_by
    )
    return True


def invite_many(
    *, people: Iterable[Person], invited_by: Person | None, reason: Reason = Reason.ADMIN
) -> Counter[str]:
    """Invite each person who cannot sign in yet, all in one transaction.

    Counts ``invited`` (an e-mail was queued), ``waiting`` (their link still works),
    ``active`` (they can sign in already) and ``left`` (archived).
    """
    now = timezone.now()
    counts: Counter[str] = Counter(invited=0, waiting=0, active=0, left=0)
    with transaction.atomic():
        for person in people:
            if person.archived_at is not None:
                counts["left"] += 1
            elif can_sign_in(person):
                counts["active"] += 1
            else:
                sent = invite(person=person, invited_by=invited_by, reason=reason, now=now)
                counts["invited" if sent.link else "waiting"] += 1
    return counts


def invite_instead_of_digest(*, person: Person, now: datetime) -> Invited | None:
    """For a leader who cannot open the care map: one activation e-mail, ever.

    Someone never invited gets a link instead of their first digest; someone
    invited before (whatever became of it, revoked included) gets nothing more,
    so no one is asked every week.
    """
    with transaction.atomic():
        person = link_user(_locked(person))
        if can_sign_in(person) or Activation.objects.filter(person=person).exists():
            return None
        return invite(person=person, invited_by=None, reason=Reason.DIGEST, now=now)


def find_activation(*, token: str) -> Activation | None:
    """The activation a link's token belongs to (by its hash), or None."""
    return (
        Activation.objects.filter(token_hash=hash_token(token))
        .select_related("person__organisation", "person__user")
        .first()
    )


def activate(*, token: str, password: str, now: datetime | None = None) -> User:
    """Set the password with a working link, once; the link is spent in the same step.

    Refused when the organisation requires single sign-on for the person's role (the link
    is then spent by their first sign-in through it, ``activated_through_sso``). The
    password must pass the site's password rules. The person then signs in as
    usual (sign-in throttling and all).
    """
    now = now or timezone.now()
    with transaction.atomic():
        activation = (
            Activation.objects.select_for_update(of=("self",))
            .filter(token_hash=hash_token(token))
            .select_related("person__organisation", "person__user")
            .first()
        )
        if activation is None or not link_works(activation, now=now):
            raise ValidationError(_("This link no longer works. Ask your admin for a new one."))
        person = activation.person
        user = person.user
        if person.archived_at is not None or user is None or not user.is_active:
            raise ValidationError(_("This link no longer works. Ask your admin for a new one."))
        if user.has_usable_password():
            raise ValidationError(_("Your account is active already. Sign in instead."))
        if only_single_sign_on(person):
            raise ValidationError(
                _(
                    "%(organisation)s asks you to sign in through its own sign-in, so no "
                    "password was set. Use the button “Sign in with %(organisation)s”."
                )
                % {"organisation": person.organisation.name}
            )
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        _end(activation, End.USED, now)
        Activation.objects.filter(person__user=user, end=End.OPEN).update(
            end=End.USED, ended_at=now
        )
    audit.record(
        audit.Event.ACTIVATED, organisation=person.organisation, subject=person, actor=person
    )
    return user


def only_single_sign_on(person: Person) -> bool:
    """Whether the organisation requires single sign-on for the person's role.

    A password would not open its pages then, so activation offers only its sign-in.
    """
    config = SingleSignOn.objects.filter(organisation_id=person.organisation_id).first()
    return must_use_sso(config, person.role)


def activated_through_sso(
    *, person: Person, request: HttpRequest | None = None, now: datetime | None = None
) -> bool:
    """Spend the person's open activation links after a sign-in through their provider.

    As setting a password does; recorded as ``activation.activated`` with detail "sso".
    False (and nothing recorded) when no link was open: only the first such sign-in counts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        spent = Activation.objects.filter(person=person, end=End.OPEN).update(
            end=End.USED, ended_at=now
        )
    if spent:
        audit.record(
            audit.Event.ACTIVATED,
            organisation=person.organisation,
            subject=person,
            actor=person,
            detail="sso",
            request=request,
        )
    return bool(spent)


def set_up_organisation(
    *, name: str, slug: str = "", admin_email: str, admin_name: str = ""
) -> tuple[Organisation, str | None]:
    """A new organisation whose first admin is sent an activation e-mail.

    Returns the organisation and the activation link (the same as in the e-mail),
    for a first install that has no mail server yet; None when the admin signs in
    already (with the password of another organisation's account).
    """
    with transaction.atomic():
        organisation = create_organisation(
            name=name, slug=slug, admin_email=admin_email, admin_name=admin_name
        )
        admin = Person.objects.select_related("organisation", "user").get(organisation=organisation)
        if can_sign_in(admin):
            return organisation, None
        sent = invite(person=admin, invited_by=None, reason=Reason.SETUP)
    return organisation, sent.link
