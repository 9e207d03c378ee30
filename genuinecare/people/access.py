"""The only way views reach organisation-scoped objects.

Every helper takes the requesting user and raises 404 for anything outside
their organisation or their role, so "the other organisation cannot see it"
holds on every path that uses them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from genuinecare.people.audit_log import AuditEvent
from genuinecare.people.enums import Role
from genuinecare.people.models import Person, PrivacyRequest, Unit, Upload, User
from genuinecare.people.tree import Node, UnitTree


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, narrowed for views behind ``login_required``."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def memberships_of(user: User) -> QuerySet[Person]:
    """The user's active memberships, one per organisation, by organisation name."""
    return (
        Person.objects.filter(user=user, archived_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def get_membership(user: User | Any, org_slug: str) -> Person:
    """The user's active person in the organisation, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Person.objects.select_related("organisation", "unit"),
        user=user,
        organisation__slug=org_slug,
        archived_at__isnull=True,
    )


def unit_tree(organisation_id: int, *, include_archived: bool = False) -> UnitTree:
    """The organisation's units in one query: the one loader of its tree.

    By unit id (``UnitTree``), with the position-based ``GroupTree`` that reports
    walk in ``.groups``. Archived units only when asked for (old answers and
    leaders' histories point at them).
    """
    units = Unit.objects.filter(organisation_id=organisation_id)
    if not include_archived:
        units = units.filter(archived_at__isnull=True)
    return UnitTree(Node(*row) for row in units.values_list("id", "parent_id", "name"))


_VISIBLE_UNITS = "_care_visible_unit_ids"


def visible_unit_ids(membership: Person) -> set[int] | None:
    """Units the person may see: ``None`` means all (admins); leaders their subtree.

    Computed once per membership object (one request), however many lists ask.
    """
    if _VISIBLE_UNITS not in membership.__dict__:
        membership.__dict__[_VISIBLE_UNITS] = _visible_unit_ids(membership)
    cached: set[int] | None = membership.__dict__[_VISIBLE_UNITS]
    return cached


def _visible_unit_ids(membership: Person) -> set[int] | None:
    if membership.role == Role.ADMIN:
        return None
    if membership.role == Role.LEADER and membership.unit_id is not None:
        tree = unit_tree(membership.organisation_id, include_archived=True)
        return tree.descendants(membership.unit_id)
    return set()


def people_visible_to(membership: Person) -> QuerySet[Person]:
    """People of the organisation the person may see: all, a subtree, or themselves."""
    people = Person.objects.filter(organisation_id=membership.organisation_id).select_related(
        "organisation"
    )
    unit_ids = visible_unit_ids(membership)
    if unit_ids is None:
        return people
    if not unit_ids:
        return people.filter(pk=membership.pk)
    return people.filter(unit_id__in=unit_ids)


def units_visible_to(membership: Person) -> QuerySet[Unit]:
    """Units the person may see: all for admins, a leader's subtree, none for members."""
    units = Unit.objects.filter(organisation_id=membership.organisation_id)
    unit_ids = visible_unit_ids(membership)
    return units if unit_ids is None else units.filter(pk__in=unit_ids)


def direct_reports(person: Person) -> QuerySet[Person]:
    """The active people who report to ``person`` (reached through a helper above), by name."""
    return (
        Person.objects.filter(organisation_id=person.organisation_id, manager=person)
        .filter(archived_at__isnull=True)
        .select_related("organisation")
        .order_by("name")
    )


def get_unit(membership: Person, pk: int) -> Unit:
    """A unit the person may see (``units_visible_to``), or 404."""
    return get_object_or_404(units_visible_to(membership), pk=pk)


def get_person(membership: Person, pk: int) -> Person:
    """A person the membership may see (``people_visible_to``), or 404."""
    return get_object_or_404(
        people_visible_to(membership).select_related("unit", "manager", "user"), pk=pk
    )


def get_upload(membership: Person, pk: int, *, kind: str) -> Upload:
    """An uploaded file of the person's organisation for the named import, or 404.

    Admins reach every upload of the organisation; anyone else only their own.
    """
    uploads = Upload.objects.filter(organisation_id=membership.organisation_id, kind=kind)
    if not membership.is_admin:
        uploads = uploads.filter(uploaded_by=membership)
    return get_object_or_404(uploads.select_related("organisation"), pk=pk)


def privacy_requests_visible_to(membership: Person) -> QuerySet[PrivacyRequest]:
    """The organisation's privacy requests, newest first: for its admins only, 404 else.

    Leaders and members never learn that a request exists.
    """
    if not membership.is_admin:
        raise Http404
    return (
        PrivacyRequest.objects.filter(organisation_id=membership.organisation_id)
        .select_related("person", "requested_by", "message")
        .order_by("-requested_at", "-pk")
    )


def audit_events_visible_to(membership: Person) -> QuerySet[AuditEvent]:
    """The organisation's audit log, newest first: for its admins only, 404 else."""
    if not membership.is_admin:
        raise Http404
    return AuditEvent.objects.filter(organisation_id=membership.organisation_id).order_by(
        "-happened_at", "-pk"
    )


type OrgView = Callable[Concatenate[HttpRequest, Person, ...], HttpResponse]


def organisation_view(*, role: Role | None = None) -> Callable[[OrgView], Callable[..., Any]]:
    """Resolve ``org`` from the URL to the user's membership and pass it on.

    With ``role=Role.ADMIN`` only admins get through; with ``Role.LEADER`` admins
    and leaders. Everyone else gets 404, exactly like an outsider. Put it above
    ``require_POST`` and the like, so an outsider's GET of a POST-only endpoint is a
    404 too, not a 405 that tells the endpoint apart from a page that does not exist.
    """

    def decorate(view: OrgView) -> Callable[..., Any]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = get_membership(request.user, org)
            if role == Role.ADMIN and not membership.is_admin:
                raise Http404
            if role == Role.LEADER and not membership.is_leader:
                raise Http404
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorate
