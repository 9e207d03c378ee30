"""Where a person stands with signing in: read only, for pages and for the digest."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from allauth.socialaccount.models import SocialAccount

from genuinecare.identity.enums import End, SignIn
from genuinecare.identity.models import Activation, SingleSignOn
from genuinecare.people.models import Person


def can_sign_in(person: Person, *, linked: set[tuple[int, str]] | None = None) -> bool:
    """The person has an active account with a password, or has signed in through their
    organisation's provider before: a signed-in page opens for them.

    ``linked``: the (account, provider) pairs of provider sign-ins, when known already (a
    whole page of people at once); else they are looked up for this person.
    """
    user = person.user
    if person.archived_at is not None or user is None or not user.is_active:
        return False
    if user.has_usable_password():
        return True
    provider = SingleSignOn(organisation=person.organisation).provider_id
    if linked is not None:
        return (user.pk, provider) in linked
    return bool(SocialAccount.objects.filter(user=user, provider=provider).exists())


def link_works(activation: Activation, *, now: datetime) -> bool:
    """The activation link is neither ended (used, revoked, replaced) nor past its expiry."""
    return activation.end == End.OPEN and now < activation.expires_at


@dataclass(frozen=True, slots=True)
class Standing:
    """A person's sign-in status, with the latest activation link behind it (if any)."""

    state: SignIn
    activation: Activation | None
    last_login: datetime | None = None

    @property
    def may_invite(self) -> bool:
        return self.state in (SignIn.NOT_INVITED, SignIn.REVOKED)

    @property
    def may_resend(self) -> bool:
        return self.state in (SignIn.INVITED, SignIn.EXPIRED)

    @property
    def may_revoke(self) -> bool:
        return self.state == SignIn.INVITED


def standing(person: Person, *, now: datetime) -> Standing:
    """Not invited, invited (until when), expired, revoked, active or never signed in."""
    latest = Activation.objects.filter(person=person).order_by("-created_at", "-pk").first()
    return standing_after(person, latest, now=now)


def standings(people: Iterable[Person], *, now: datetime) -> dict[int, Standing]:
    """``standing`` of each person (their ``user`` loaded), in one query for the links and
    one for the provider sign-ins."""
    people = list(people)
    latest: dict[int, Activation] = {}
    links = Activation.objects.filter(person__in=people).order_by("-created_at", "-pk")
    for activation in links:
        latest.setdefault(activation.person_id, activation)
    accounts = SocialAccount.objects.filter(user_id__in={p.user_id for p in people if p.user_id})
    linked = set(accounts.values_list("user_id", "provider"))
    return {p.pk: standing_after(p, latest.get(p.pk), now=now, linked=linked) for p in people}


def standing_after(
    person: Person,
    latest: Activation | None,
    *,
    now: datetime,
    linked: set[tuple[int, str]] | None = None,
) -> Standing:
    """The person's standing, given their latest activation link (None: never invited)."""
    user = person.user
    if can_sign_in(person, linked=linked) and user is not None:
        last_login = user.last_login
        state = SignIn.ACTIVE if last_login is not None else SignIn.NEVER_SIGNED_IN
        return Standing(state, latest, last_login)
    if latest is None or latest.end == End.USED:
        return Standing(SignIn.NOT_INVITED, latest)
    if latest.end == End.REVOKED:
        return Standing(SignIn.REVOKED, latest)
    if not link_works(latest, now=now):
        return Standing(SignIn.EXPIRED, latest)
    return Standing(SignIn.INVITED, latest)
