import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from genuinecare.people.models import Person
from genuinecare.practice import actions
from genuinecare.practice.cadences.due import map_stakeholders, zone
from genuinecare.practice.enums import ActionSource
from genuinecare.practice.models import CareKind, Stakeholder


def _when(raw: str | None) -> dt.datetime:
    if not raw:
        return timezone.now()
    try:
        day = parse_date(raw) if len(raw.strip()) == 10 else None
        moment = parse_datetime(raw) if day is None else dt.datetime.combine(day, dt.time(12))
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--happened {raw!r}: write 2026-11-20 or 2026-11-20T14:30.")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone())


def _accounts(leader: Person) -> list[Stakeholder]:
    """Every active account and party: logging care with one puts it on the leader's map."""
    return list(
        Stakeholder.objects.filter(
            organisation_id=leader.organisation_id, person__isnull=True, archived_at__isnull=True
        )
    )


class Command(BaseCommand):
    help = "Log a care action for a leader from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The organisation's short name.")
        parser.add_argument("--leader", required=True, help="The leader's e-mail address.")
        parser.add_argument("--kind", required=True, help="Kind code, e.g. customer_visit.")
        parser.add_argument(
            "--with",
            dest="stakeholders",
            action="append",
            required=True,
            help="A name or e-mail: someone on the leader's map or any account (repeatable).",
        )
        parser.add_argument("--happened", help="When, e.g. 2026-11-20 or 2026-11-20T14:30.")
        parser.add_argument("--note", default="", help="A private note.")
        parser.add_argument(
            "--commitment",
            action="append",
            default=[],
            help='A commitment and its due date: "send the offer@2026-11-27" (repeatable).',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        leader = Person.objects.filter(
            organisation__slug=options["org"], email=options["leader"].strip().lower()
        ).first()
        if leader is None:
            raise CommandError("No such leader in that organisation. Check --org and --leader.")
        actions.ensure_practice(organisation=leader.organisation)
        actions.ensure_people_on_map(leader=leader)
        kind = CareKind.objects.filter(
            organisation_id=leader.organisation_id, code=options["kind"]
        ).first()
        if kind is None:
            codes = CareKind.objects.filter(organisation_id=leader.organisation_id)
            known = ", ".join(codes.values_list("code", flat=True))
            raise CommandError(f"Unknown kind {options['kind']!r}. Use one of: {known}.")
        candidates = [*map_stakeholders(leader), *_accounts(leader)]
        chosen = []
        for wanted in options["stakeholders"]:
            match = [
                s
                for s in candidates
                if wanted.casefold() in (s.name.casefold(), (s.recipient() or ("",))[0].casefold())
            ]
            if not match:
                raise CommandError(
                    f"{wanted!r} is neither on the leader's care map nor an account "
                    "of the organisation."
                )
            chosen.append(match[0])
        commitments = []
        for raw in options["commitment"]:
            text, _sep, due = raw.rpartition("@")
            day = parse_date(due.strip())
            if not text or day is None:
                raise CommandError(f'--commitment {raw!r}: write it as "text@2026-11-27".')
            commitments.append((text, day))
        try:
            action = actions.log_care(
                leader=leader,
                kind=kind,
                stakeholders=chosen,
                happened_at=_when(options["happened"]),
                note=options["note"],
                commitments=commitments,
                source=ActionSource.CLI,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Logged {kind.code} on {action.happened_at:%Y-%m-%d} (#{action.pk}).")
