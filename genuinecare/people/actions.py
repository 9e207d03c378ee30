"""Every write to organisations, units and people goes through these verbs.

They validate, write inside a transaction and raise ``ValidationError`` with a
translated message that says what to fix. Views and commands only parse input
and call them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genuinecare.people import audit, phrases
from genuinecare.people.access import unit_tree
from genuinecare.people.enums import Function, Language, Role
from genuinecare.people.models import Organisation, Person, Unit, User, normalise_email


def _clean_name(raw: str, *, empty: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise ValidationError(empty)
    if len(name) > 200:
        raise ValidationError(_("Shorten the name to 200 characters or fewer."))
    return name


def create_organisation(
    *, name: str, slug: str = "", admin_email: str, admin_name: str = ""
) -> Organisation:
    """A new organisation with its first admin (who signs in after setting a password by e-mail)."""
    clean = _clean_name(name, empty=_("Enter a name for the organisation."))
    slug = slugify(slug or clean)[:60] or "organisation"
    email = clean_person_email(admin_email)
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise ValidationError(
                _("The short name “%(slug)s” is taken. Choose another one.") % {"slug": slug}
            )
        organisation = Organisation.objects.create(name=clean, slug=slug)
        admin = Person.objects.create(
            organisation=organisation,
            name=" ".join(admin_name.split()) or email,
            email=email,
            role=Role.ADMIN,
        )
        link_user(admin)
    return organisation


def _check_sibling_name(
    *, organisation: Organisation, parent: Unit | None, name: str, exclude: Unit | None = None
) -> None:
    tree = unit_tree(organisation.pk)
    clash = tree.child_named(parent.pk if parent else None, name)
    if clash is not None and (exclude is None or clash != exclude.pk):
        raise ValidationError(
            _("A unit called “%(name)s” already exists here. Choose another name.") % {"name": name}
        )


def _check_parent(*, organisation: Organisation, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.organisation_id != organisation.pk or parent.archived_at is not None:
        raise ValidationError(phrases.CHOOSE_PARENT_UNIT)


def create_unit(*, organisation: Organisation, name: str, parent: Unit | None = None) -> Unit:
    """A new unit under ``parent`` (or at the top); sibling names stay unique."""
    clean = _clean_name(name, empty=_("Enter a name for the unit."))
    with transaction.atomic():
        _check_parent(organisation=organisation, parent=parent)
        _check_sibling_name(organisation=organisation, parent=parent, name=clean)
        return Unit.objects.create(organisation=organisation, parent=parent, name=clean)


def rename_unit(*, unit: Unit, name: str) -> Unit:
    """Give the unit a new name; sibling names stay unique, an empty name is refused."""
    clean = _clean_name(name, empty=_("Enter a name for the unit."))
    with transaction.atomic():
        _check_sibling_name(
            organisation=unit.organisation, parent=unit.parent, name=clean, exclude=unit
        )
        unit.name = clean
        unit.save(update_fields=["name"])
    return unit


def move_unit(*, unit: Unit, parent: Unit | None) -> Unit:
    """Hang the unit (with everything below it) under another parent."""
    with transaction.atomic():
        _check_parent(organisation=unit.organisation, parent=parent)
        if parent is not None and parent.pk in unit_tree(unit.organisation_id).descendants(unit.pk):
            raise ValidationError(
                _("A unit cannot move below itself. Choose a parent outside “%(name)s”.")
                % {"name": unit.name}
            )
        _check_sibling_name(
            organisation=unit.organisation, parent=parent, name=unit.name, exclude=unit
        )
        unit.parent = parent
        unit.save(update_fields=["parent"])
    return unit


def archive_unit(*, unit: Unit) -> Unit:
    """Archive an empty unit; its history stays, it leaves the active tree."""
    with transaction.atomic():
        if unit.children.filter(archived_at__isnull=True).exists():
            raise ValidationError(_("Move or archive the units below this one first."))
        active_people = unit.people.filter(archived_at__isnull=True).count()
        if active_people:
            raise ValidationError(
                ngettext(
                    "Move the person of this unit to another unit first.",
                    "Move the %(count)d people of this unit to another unit first.",
                    active_people,
                )
                % {"count": active_people}
            )
        unit.archived_at = timezone.now()
        unit.save(update_fields=["archived_at"])
    return unit


def clean_person_email(raw: str) -> str:
    """The address as stored (normalised), or a translated error saying how to write it."""
    email = normalise_email(raw)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(phrases.NOT_AN_EMAIL % {"email": raw.strip()}) from None
    return email


def link_user(person: Person) -> Person:
    """Give the person a sign-in account (found or made by e-mail, no password yet)."""
    if person.user_id is None:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                person.email, name=person.name, language=person.language
            )
        person.user = user
        person.save(update_fields=["user"])
    return person


def add_person(
    *,
    organisation: Organisation,
    name: str,
    email: str,
    unit: Unit | None = None,
    manager: Person | None = None,
    function: str = Function.OTHER,
    role: str = Role.MEMBER,
    language: str = Language.EN,
) -> Person:
    """A new person who can sign in once they set a password by e-mail."""
    clean_email = clean_person_email(email)
    with transaction.atomic():
        if Person.objects.filter(organisation=organisation, email=clean_email).exists():
            raise ValidationError(phrases.EMAIL_TAKEN % {"email": clean_email}, code="unique")
        _check_unit_and_manager(organisation=organisation, unit=unit, manager=manager)
        person = Person.objects.create(
            organisation=organisation,
            name=_clean_name(name, empty=_("Enter the person's name.")),
            email=clean_email,
            unit=unit,
            manager=manager,
            function=function,
            role=role,
            language=language,
        )
        return link_user(person)


def _check_unit_and_manager(
    *, organisation: Organisation, unit: Unit | None, manager: Person | None
) -> None:
    if unit is not None and (unit.organisation_id != organisation.pk or unit.archived_at):
        raise ValidationError(phrases.CHOOSE_UNIT)
    if manager is not None and manager.organisation_id != organisation.pk:
        raise ValidationError(phrases.CHOOSE_MANAGER)


def update_person(
    *,
    person: Person,
    name: str,
    unit: Unit | None,
    manager: Person | None,
    function: str,
    role: str,
    language: str,
    by: Person | None = None,
) -> Person:
    """Change a person's details; refuses a manager chain that loops back.

    A new role is written to the audit log, as done by ``by`` (an admin; None: the system).
    """
    with transaction.atomic():
        _check_unit_and_manager(organisation=person.organisation, unit=unit, manager=manager)
        chain = manager
        while chain is not None:
            if chain.pk == person.pk:
                raise ValidationError(
                    _("%(name)s cannot report to someone who reports to them.")
                    % {"name": person.name}
                )
            chain = chain.manager
        person.name = _clean_name(name, empty=_("Enter the person's name."))
        if role != person.role:
            audit.record(
                audit.Event.ROLE_CHANGED,
                organisation=person.organisation,
                actor=by,
                subject=person,
                detail=f"{person.role} → {role}",
            )
        person.unit = unit
        person.manager = manager
        person.function = function
        person.role = role
        person.language = language
        person.save(update_fields=["name", "unit", "manager", "function", "role", "language"])
    return person


def change_email(*, person: Person, email: str) -> Person:
    """Give the person a new e-mail address, unique in the organisation.

    Their sign-in account follows when it belongs to this organisation only and the
    address is free; an account shared with another organisation keeps its address, and
    the person is linked to the account of the new address (found or made).
    """
    clean = clean_person_email(email)
    if clean == person.email:
        return person
    with transaction.atomic():
        others = Person.objects.filter(organisation=person.organisation, email=clean)
        if others.exclude(pk=person.pk).exists():
            raise ValidationError(phrases.EMAIL_TAKEN % {"email": clean}, code="unique")
        user = person.user
        if user is not None:
            shared = user.memberships.exclude(pk=person.pk).exists()
            if not shared and not User.objects.filter(email=clean).exclude(pk=user.pk).exists():
                user.email = clean
                user.save(update_fields=["email"])
            else:
                person.user = None
        person.email = clean
        person.save(update_fields=["email", "user"])
        return link_user(person)


def archive_person(*, person: Person, by: Person | None = None) -> Person:
    """A leaver: out of lists and sign-in for this organisation; their history stays.

    Their reports move up to the leaver's own manager, so no chain breaks. The audit log
    notes who deactivated them (``by``, an admin; None: the system).
    """
    with transaction.atomic():
        person.reports.update(manager=person.manager)
        person.archived_at = timezone.now()
        person.save(update_fields=["archived_at"])
        audit.record(
            audit.Event.PERSON_DEACTIVATED,
            organisation=person.organisation,
            actor=by,
            subject=person,
        )
    return person


def set_language(*, user: User, language: str) -> None:
    """Remember the user's interface language."""
    if language not in Language.values:
        raise ValidationError(_("Choose English or German."))
    user.language = language
    user.save(update_fields=["language"])
