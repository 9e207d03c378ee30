"""Co-creation and "you said, we did": the verbs of the team window.

The leader opens a team window for a journey; while it is open the journey's team
proposes steps and experiments (anonymously if they like) and votes, once per proposal.
The leader takes a proposal into the plan (a step that came from the team) or declines
it with a reason the team sees, and shares the steps the team should see.

No row names a proposer or a voter: ``author_key`` and ``voter_key`` are keyed hashes
(:func:`person_key`) of the window and the person, under a key derived from the site's
secret. Only the person themselves, signed in, can be matched to them again.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.journey.access import in_team
from genuinecare.journey.enums import JourneyStatus, Origin, ProposalKind, ProposalState
from genuinecare.journey.models import Journey, Proposal, Step, TeamWindow, Vote
from genuinecare.journey.plan import add_step
from genuinecare.people.models import Person

DEFAULT_DAYS = 28
MIN_DAYS, MAX_DAYS = 7, 60
MAX_TEXT = 4000
MAX_REASON = 2000
KEY_PURPOSE = b"genuinecare.journey.team.person-key"


def person_key(*, window: TeamWindow, person: Person) -> str:
    """The keyed hash that stands for a person in one window (64 hex characters).

    HMAC-SHA256 under a key derived from ``SECRET_KEY`` for this purpose only, over the
    window and the person: the same person has another key in every window, and without
    the secret nobody can tell whose key it is.
    """
    key = hmac.new(settings.SECRET_KEY.encode(), KEY_PURPOSE, hashlib.sha256).digest()
    message = f"window:{window.pk}:person:{person.pk}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def is_open(window: TeamWindow, *, now: dt.datetime | None = None) -> bool:
    """Whether the team can still propose and vote in the window."""
    now = now or timezone.now()
    return window.closed_early_at is None and window.closes_at > now


def open_window(*, journey: Journey, leader: Person, days: int | None = None) -> TeamWindow:
    """A new team window of ``days`` days (28 unless chosen, 7 to 60); one at a time."""
    _check_leader(journey, leader)
    days = DEFAULT_DAYS if days is None else days
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError(
            _("A team window stays open for %(min)d to %(max)d days.")
            % {"min": MIN_DAYS, "max": MAX_DAYS}
        )
    if journey.status != JourneyStatus.OPEN:
        raise ValidationError(_("This journey is closed: it opens no team window any more."))
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=journey.pk).first()
        now = timezone.now()
        if any(is_open(window, now=now) for window in journey.windows.all()):
            raise ValidationError(
                _("A team window is open already: close it before you open another.")
            )
        return TeamWindow.objects.create(
            journey=journey, opened_at=now, closes_at=now + dt.timedelta(days=days)
        )


def close_window(*, window: TeamWindow, leader: Person) -> TeamWindow:
    """Close the window early; a window that is closed already stays as it is."""
    _check_leader(window.journey, leader)
    with transaction.atomic():
        if is_open(window):
            window.closed_early_at = timezone.now()
            window.save(update_fields=["closed_early_at"])
    return window


def propose(
    *,
    window: TeamWindow,
    member: Person,
    kind: str,
    title: str,
    text: str = "",
    named: bool = False,
) -> Proposal:
    """A member's proposal; their name is kept only if they chose to be named."""
    _check_member(window, member)
    if kind not in ProposalKind.values:
        raise ValidationError(_("Choose whether you propose a step or an experiment."))
    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError(_("Give your proposal a title."))
    if len(title) > 300:
        raise ValidationError(_("Keep the title to 300 characters."))
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Keep what and why to %(max)d characters.") % {"max": MAX_TEXT})
    with transaction.atomic():
        return Proposal.objects.create(
            window=window,
            kind=kind,
            title=title,
            text=text,
            author_key=person_key(window=window, person=member),
            author_name=member.name[:200] if named else "",
        )


def toggle_vote(*, proposal: Proposal, member: Person) -> bool:
    """Vote for the proposal, or take the vote back; True when the member now votes for it."""
    window = proposal.window
    _check_member(window, member)
    if proposal.state != ProposalState.OPEN:
        raise ValidationError(_("The leader has decided on this proposal already."))
    key = person_key(window=window, person=member)
    try:
        with transaction.atomic():
            deleted, _rows = Vote.objects.filter(proposal=proposal, voter_key=key).delete()
            if deleted:
                return False
            Vote.objects.create(proposal=proposal, voter_key=key)
    except IntegrityError:  # the same vote twice at once: it counts once
        return True
    return True


def accept_proposal(*, proposal: Proposal, leader: Person) -> Step:
    """Take the proposal into the plan: a new step that came from the team."""
    journey = proposal.window.journey
    _check_leader(journey, leader)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _check_undecided(proposal)
        step = add_step(
            journey=journey,
            leader=leader,
            title=proposal.title[:300],
            description=proposal.text,
            origin=Origin.TEAM,
        )
        proposal.step = step
        proposal.state = ProposalState.ACCEPTED
        proposal.save(update_fields=["step", "state"])
    return step


def decline_proposal(*, proposal: Proposal, leader: Person, reason: str = "") -> Proposal:
    """Decline the proposal; the reason, if given, is shown to the team."""
    _check_leader(proposal.window.journey, leader)
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ValidationError(_("Keep the reason to %(max)d characters.") % {"max": MAX_REASON})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _check_undecided(proposal)
        proposal.state = ProposalState.DECLINED
        proposal.reason = reason
        proposal.save(update_fields=["state", "reason"])
    return proposal


def set_shared(*, step: Step, leader: Person, shared: bool) -> Step:
    """Share the step with the team on "you said, we did", or take it back."""
    _check_leader(step.journey, leader)
    with transaction.atomic():
        if shared and step.shared_at is None:
            step.shared_at = timezone.now()
        elif not shared:
            step.shared_at = None
        step.save(update_fields=["shared_at"])
    return step


def _check_leader(journey: Journey, leader: Person) -> None:
    if journey.leader_id != leader.pk:
        raise ValidationError(_("Only the leader of this journey can do this."))


def _check_member(window: TeamWindow, member: Person) -> None:
    if not in_team(window.journey, member):
        raise ValidationError(_("Only the team of this journey proposes and votes."))
    if not is_open(window):
        raise ValidationError(
            _("This team window is closed: proposals can be read, not added or voted on.")
        )


def _check_undecided(proposal: Proposal) -> None:
    if proposal.state != ProposalState.OPEN:
        raise ValidationError(_("This proposal has been decided already."))
