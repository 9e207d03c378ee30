"""Who a sign-in through an organisation's provider is: the linking rules, in one place.

A sign-in through organisation X's provider reaches only a person *of X*: the active person
whose e-mail address is the one the provider vouches for (``email_verified`` true), or, when
X creates people on their first sign-in and the address is at one of X's domains, a new
member of X. Anything else is refused with a reason that the refusal page and the audit log
name. Nobody signs themselves up otherwise.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from genuinecare.identity.models import SingleSignOn
from genuinecare.people.actions import add_person, link_user
from genuinecare.people.enums import Language, Role
from genuinecare.people.models import Person, User, normalise_email

# Why a sign-in through the provider was refused: the audit log's detail and the page's text.
REASONS: dict[str, Any] = {
    "not_member": _(
        "Your organisation's sign-in worked, but no one with the address %(email)s belongs to "
        "%(organisation)s in Genuine Care. Ask your admin to add you, then sign in again."
    ),
    "left": _(
        "Your organisation's sign-in worked, but your place in %(organisation)s is closed. "
        "Ask your admin if this is a mistake."
    ),
    "unverified": _(
        "Your organisation's sign-in did not confirm that %(email)s is your address, so "
        "Genuine Care cannot tell who you are. Ask your admin to have the provider confirm "
        "e-mail addresses."
    ),
    "no_email": _(
        "Your organisation's sign-in did not tell Genuine Care your e-mail address. Ask your "
        "admin to let the provider share it (the “email” scope)."
    ),
    "linked_elsewhere": _(
        "This account at your organisation's sign-in belongs to someone else in "
        "%(organisation)s. Ask your admin."
    ),
    "nonce": _(
        "This answer from your organisation's sign-in does not belong to the sign-in you "
        "started here. Start again from the sign-in page."
    ),
    "state": _(
        "This sign-in was finished already, has expired or was started in another browser. "
        "Start again from the sign-in page."
    ),
    "token": _(
        "Genuine Care could not verify the answer of your organisation's sign-in: it had "
        "expired, or it was not issued by %(organisation)s's provider for Genuine Care. Start "
        "again; if it happens again, ask your admin to test the connection."
    ),
    "cancelled": _(
        "The sign-in was cancelled at your organisation's provider. Start again when you are ready."
    ),
    "provider": _(
        "Your organisation's sign-in could not be reached or refused the request. Try again "
        "later, or ask your admin to test the connection."
    ),
}


class Refused(Exception):
    """The sign-in is refused for ``reason`` (a key of ``REASONS``)."""

    def __init__(self, reason: str, *, email: str = "", person: Person | None = None) -> None:
        super().__init__(reason)
        self.reason, self.email, self.person = reason, email, person


@dataclass(frozen=True, slots=True)
class Linked:
    """The person of the organisation the sign-in reaches; ``created`` on their first one."""

    person: Person
    created: bool = False


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1]


def _language(claims: dict[str, Any]) -> str:
    locale = str(claims.get("locale") or "")[:2].lower()
    return locale if locale in Language.values else Language.EN


def link(config: SingleSignOn, claims: dict[str, Any], *, linked_user: User | None) -> Linked:
    """The person of ``config``'s organisation that the provider's verified claims name.

    ``linked_user`` is the account this provider's subject signed in as before, if any: it
    must be the matched person's account. Raises ``Refused`` with the reason otherwise.
    """
    organisation = config.organisation
    raw = claims.get("email")
    if not isinstance(raw, str) or "@" not in raw:
        raise Refused("no_email")
    email = normalise_email(raw)
    if claims.get("email_verified") not in (True, "true"):  # some providers send a string
        raise Refused("unverified", email=email)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("organisation", "user")
            .filter(organisation=organisation, email=email)
            .first()
        )
        created = False
        if person is None:
            if not (config.create_people and _domain(email) in config.domains):
                raise Refused("not_member", email=email)
            try:
                person = add_person(
                    organisation=organisation,
                    name=(str(claims.get("name") or "").strip() or email)[:200],
                    email=email,
                    role=Role.MEMBER,
                    language=_language(claims),
                )
            except ValidationError:
                raise Refused("not_member", email=email) from None
            created = True
        if person.archived_at is not None or (person.user and not person.user.is_active):
            raise Refused("left", email=email, person=person)
        person = link_user(person)
        if linked_user is not None and linked_user.pk != person.user_id:
            raise Refused("linked_elsewhere", email=email, person=person)
    return Linked(person, created)
