"""Who must sign in with a second factor, and whether they have one (read only).

An organisation's :class:`SignInPolicy` names who must: nobody, its leaders and admins, or
everyone who signs in. The policy of the organisation a page belongs to is the one that
counts, so a consultant in several organisations meets each one's own rule there.
"""

from allauth.mfa.models import Authenticator

from genuinecare.identity.enums import TwoFactors
from genuinecare.identity.models import SignInPolicy
from genuinecare.people.models import Organisation, Person, User

# A second factor proper; recovery codes only stand in for one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def policy_of(organisation: Organisation) -> TwoFactors:
    """The organisation's rule; without a stored policy, nobody is required.

    Read through the relation, so a query that selected ``organisation__sign_in_policy``
    along needs no other.
    """
    try:
        stored: SignInPolicy = organisation.sign_in_policy
    except SignInPolicy.DoesNotExist:
        return TwoFactors.NOBODY
    return TwoFactors(stored.require_mfa)


def required_for(person: Person) -> bool:
    """The person's organisation requires a second factor of them."""
    rule = policy_of(person.organisation)
    return rule == TwoFactors.EVERYONE or (rule == TwoFactors.LEADERS and person.is_leader)


def has_second_factor(user: User) -> bool:
    """The account has an authenticator app or a passkey."""
    return bool(Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists())


def must_add_one(person: Person) -> bool:
    """The organisation requires a second factor of the person, and their account has none."""
    user = person.user
    return user is not None and required_for(person) and not has_second_factor(user)


def required_somewhere(user: User) -> bool:
    """Some active membership of the account requires a second factor."""
    people = Person.objects.filter(user=user, archived_at__isnull=True)
    return any(
        required_for(person) for person in people.select_related("organisation__sign_in_policy")
    )


def must_add_one_somewhere(user: User) -> bool:
    """Some active membership of the account requires a second factor it does not have."""
    return required_somewhere(user) and not has_second_factor(user)


def last_second_factor(authenticator: Authenticator) -> bool:
    """Removing ``authenticator`` would leave the account without a second factor."""
    if authenticator.type not in SECOND_FACTORS:
        return False
    others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
    return not others.exclude(pk=authenticator.pk).exists()
