"""Every write of the practice loop goes through these verbs.

They validate, write inside a transaction and raise ``ValidationError`` with a translated
message that says what to fix. Views, commands and the demo only parse input and call them.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.lib.i18n import supported_language
from genuinecare.people import phrases as people_phrases
from genuinecare.people.accounts import Account, Contact
from genuinecare.people.enums import AccountType, Role
from genuinecare.people.models import Organisation, Person
from genuinecare.practice import phrases
from genuinecare.practice.access import reports_and_peers
from genuinecare.practice.cadences.defaults import KINDS
from genuinecare.practice.enums import ActionSource, Circle, StakeholderType
from genuinecare.practice.following import back_on_map, set_following
from genuinecare.practice.models import (
    CareAction,
    CareKind,
    Commitment,
    Initiative,
    PracticeSettings,
    Snooze,
    Stakeholder,
    SupplierImpact,
)

MAX_NOTE = 5000
ACCOUNT_CIRCLES: dict[str, str] = {
    AccountType.CUSTOMER: Circle.CUSTOMER,
    AccountType.SUPPLIER: Circle.SUPPLIER,
}


def ensure_practice(*, organisation: Organisation) -> PracticeSettings:
    """The organisation's practice settings; the shipped kinds of care exist afterwards.

    The kinds are seeded when the settings are first created (in the same transaction), so
    once they exist this is one read and writes nothing.
    """
    found = PracticeSettings.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    with transaction.atomic():
        return _seed_practice(organisation)


def _seed_practice(organisation: Organisation) -> PracticeSettings:
    CareKind.objects.bulk_create(
        [
            CareKind(organisation=organisation, position=(index + 1) * 10, **asdict(kind))
            for index, kind in enumerate(KINDS)
        ],
        ignore_conflicts=True,
    )
    found, _created = PracticeSettings.objects.get_or_create(organisation=organisation)
    return found


def practice_settings(*, organisation: Organisation) -> PracticeSettings:
    """The organisation's practice settings, or the defaults (unsaved) before they exist.

    Reads only: pages shown on GET use this, the verbs and the worker set up.
    """
    found = PracticeSettings.objects.filter(organisation=organisation).first()
    return found if found is not None else PracticeSettings(organisation=organisation)


def set_up_practice_everywhere() -> int:
    """Set practice up wherever it is missing, and return how many rows it wrote.

    Seeds every organisation without practice settings, and puts every person
    who reports to a leader, or shares a manager with one, on the map as a
    stakeholder. Idempotent, and two reads when nothing is missing; the worker runs it every
    round, so pages never have to write.
    """
    written = 0
    for organisation in Organisation.objects.filter(practice_settings__isnull=True):
        with transaction.atomic():
            _seed_practice(organisation)
        written += 1
    leading = [Role.LEADER, Role.ADMIN]
    leader_beside = Person.objects.filter(
        manager_id=OuterRef("manager_id"), role__in=leading, archived_at__isnull=True
    ).exclude(pk=OuterRef("pk"))
    missing = Person.objects.filter(
        Q(manager__role__in=leading, manager__archived_at__isnull=True) | Exists(leader_beside),
        manager__isnull=False,
        archived_at__isnull=True,
        stakeholder__isnull=True,
    )
    return written + len(_put_on_map(missing))


def _put_on_map(people: QuerySet[Person]) -> list[Stakeholder]:
    return Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                organisation_id=person.organisation_id,
                type=StakeholderType.PERSON,
                circle=Circle.INDIVIDUAL,
                person=person,
                name=person.name,
            )
            for person in people
        ],
        ignore_conflicts=True,
    )


def ensure_people_on_map(*, leader: Person) -> None:
    """The leader's direct reports and peers exist as stakeholders (idempotent)."""
    _put_on_map(
        Person.objects.filter(
            reports_and_peers(leader),
            organisation_id=leader.organisation_id,
            stakeholder__isnull=True,
        )
    )


def clean_domains(raw: str) -> str:
    """E-mail domains as ``a.com b.de``; raises ValidationError naming a bad one."""
    domains = []
    for part in raw.replace(",", " ").replace(";", " ").lower().split():
        domain = part.lstrip("@")
        if "." not in domain or "@" in domain or "/" in domain:
            raise ValidationError(
                _("“%(domain)s” is not an e-mail domain. Write it like example.com.")
                % {"domain": part},
                code="email_domains",
            )
        domains.append(domain)
    return " ".join(dict.fromkeys(domains))


def check_account(
    *, type: str, name: str, circle: str, email_domains: str, contact_email: str
) -> tuple[str, str, str, str]:
    """Validated (name, circle, domains, e-mail) of an account; raises ValidationError."""
    clean_name = " ".join(name.split())
    if not clean_name or len(clean_name) > 200:
        raise ValidationError(_("Enter a name of at most 200 characters."), code="name")
    if type not in AccountType.values:
        raise ValidationError(_("Choose customer, supplier, partner or other party."), code="type")
    circle = ACCOUNT_CIRCLES.get(type, circle or Circle.COMMUNITY)
    if circle not in Circle.values:
        raise ValidationError(_("Choose a circle of care."), code="circle")
    email = contact_email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                people_phrases.NOT_AN_EMAIL % {"email": contact_email}, code="contact_email"
            ) from None
    return clean_name, circle, clean_domains(email_domains), email


def stakeholder_for(account: Account, *, circle: str = "") -> Stakeholder:
    """The account's stakeholder, made on first use (its circle: the type's, or ``circle``)."""
    found = Stakeholder.objects.filter(account=account).first()
    if found is not None:
        return found
    return Stakeholder.objects.create(
        organisation_id=account.organisation_id,
        type=account.type,
        circle=ACCOUNT_CIRCLES.get(account.type, circle or Circle.COMMUNITY),
        account=account,
        name=account.name,
    )


def add_account(
    *,
    organisation: Organisation,
    type: str,
    name: str,
    circle: str = "",
    segment: str = "",
    email_domains: str = "",
    contact_email: str = "",
    contact_language: str = "",
    follower: Person | None = None,
) -> Stakeholder:
    """Add a customer, supplier, partner or other party of the organisation.

    With its stakeholder and, given an address, its first contact; names are
    unique per type. The ``follower`` (the leader who adds it) has it on their care map at once.
    """
    clean_name, circle, domains, email = check_account(
        type=type,
        name=name,
        circle=circle,
        email_domains=email_domains,
        contact_email=contact_email,
    )
    language = supported_language(contact_language)
    try:
        with transaction.atomic():
            account = Account.objects.create(
                organisation=organisation,
                type=type,
                name=clean_name,
                segment=" ".join(segment.split())[:100],
                email_domains=domains,
                language=language,
            )
            if email:
                Contact.objects.create(account=account, name=email, email=email, language=language)
            stakeholder = stakeholder_for(account, circle=circle)
            if follower is not None:
                set_following(leader=follower, account=stakeholder, following=True)
            return stakeholder
    except IntegrityError:
        raise ValidationError(
            _("“%(name)s” is already on the map. Open it instead of adding it again.")
            % {"name": clean_name}
        ) from None


def _check_commitments(
    commitments: Sequence[tuple[str, dt.date]], happened: dt.date
) -> list[tuple[str, dt.date]]:
    cleaned = []
    for text, due_on in commitments:
        text = " ".join(text.split())
        if not text:
            continue
        if len(text) > 300:
            raise ValidationError(_("Shorten each commitment to 300 characters or fewer."))
        if due_on < happened:
            raise ValidationError(
                _("The commitment “%(text)s” is due before the action happened. Pick a later date.")
                % {"text": text}
            )
        cleaned.append((text, due_on))
    return cleaned


def log_care(
    *,
    leader: Person,
    kind: CareKind,
    stakeholders: Sequence[Stakeholder],
    happened_at: dt.datetime,
    note: str = "",
    commitments: Sequence[tuple[str, dt.date]] = (),
    initiative: Initiative | None = None,
    supplier_impact: SupplierImpact | None = None,
    source: str = ActionSource.WEB,
    idempotency_key: str = "",
    now: dt.datetime | None = None,
) -> CareAction:
    """Record a care action with its commitments, all or nothing.

    Back-dating is allowed, the future is not. The same ``idempotency_key`` from the same
    leader returns the first action instead of a second one (a double submit).
    """
    now = now or timezone.now()
    if not leader.is_leader:
        raise ValidationError(_("Only leaders log care actions."))
    if kind.organisation_id != leader.organisation_id or not kind.active:
        raise ValidationError(phrases.CHOOSE_ACTIVE_KIND)
    if not stakeholders:
        raise ValidationError(_("Choose at least one stakeholder."))
    if any(s.organisation_id != leader.organisation_id for s in stakeholders):
        raise ValidationError(phrases.CHOOSE_STAKEHOLDERS)
    if happened_at > now + dt.timedelta(minutes=5):
        raise ValidationError(_("The action lies in the future. Log it once it has happened."))
    if len(note) > MAX_NOTE:
        raise ValidationError(_("Shorten the note to 5000 characters or fewer."))
    cleaned = _check_commitments(commitments, happened_at.date())
    if idempotency_key:
        earlier = CareAction.objects.filter(leader=leader, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            action = CareAction.objects.create(
                organisation_id=leader.organisation_id,
                leader=leader,
                kind=kind,
                happened_at=happened_at,
                note=note.strip(),
                source=source,
                initiative=initiative,
                supplier_impact=supplier_impact,
                idempotency_key=idempotency_key,
            )
            action.stakeholders.set(stakeholders)
            back_on_map(leader=leader, stakeholders=stakeholders)
            Commitment.objects.bulk_create(
                Commitment(action=action, leader=leader, text=text, due_on=due_on)
                for text, due_on in cleaned
            )
    except IntegrityError:
        return CareAction.objects.get(leader=leader, idempotency_key=idempotency_key)
    return action


def complete_commitment(*, commitment: Commitment, now: dt.datetime | None = None) -> Commitment:
    """Mark a commitment kept; doing it twice keeps the first time."""
    if commitment.done_at is None:
        commitment.done_at = now or timezone.now()
        commitment.save(update_fields=["done_at"])
    return commitment


def snooze_item(*, leader: Person, item: str, until: dt.date, today: dt.date) -> Snooze:
    """No nudge about ``item`` until ``until`` (at most 90 days ahead)."""
    if not today < until <= today + dt.timedelta(days=90):
        raise ValidationError(_("Snooze for a day up to 90 days from today."))
    found, _created = Snooze.objects.update_or_create(
        leader=leader, item=item[:80], defaults={"until": until}
    )
    return found
