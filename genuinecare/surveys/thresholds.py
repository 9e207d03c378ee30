"""A wave's anonymity and comment thresholds: who is protected how much.

Only an organisation admin decides; a leader's wave has exactly the
organisation's thresholds. ``surveys.actions.create_wave`` asks here, and no
function changes a wave's thresholds afterwards. A wave whose thresholds differ
from the organisation's is written to the audit log (``record_thresholds``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from genuinecare.people import audit
from genuinecare.people.models import MIN_ANONYMITY_THRESHOLD, Organisation, Person
from genuinecare.surveys.models import Wave


def inherited_thresholds(*, organisation: Organisation) -> tuple[int, int]:
    """The organisation's anonymity and comment thresholds, as a wave inherits them.

    The comment threshold is never below the anonymity threshold, so an
    organisation whose comment threshold is lower lends its anonymity threshold.
    """
    k = organisation.anonymity_threshold
    return k, max(organisation.comment_threshold, k)


def record_thresholds(*, wave: Wave) -> None:
    """Note in the audit log that an admin gave ``wave`` other thresholds than the organisation's.

    The detail reads "anonymity 5 → 3, comments 10 → 10 · Pulse 2027" (old → new, the wave).
    """
    inherited_k, inherited_comments = inherited_thresholds(organisation=wave.organisation)
    if (wave.threshold, wave.comment_threshold) == (inherited_k, inherited_comments):
        return
    audit.record(
        audit.Event.THRESHOLD_CHANGED,
        organisation=wave.organisation,
        actor=wave.created_by,
        detail=f"anonymity {inherited_k} → {wave.threshold}, "
        f"comments {inherited_comments} → {wave.comment_threshold} · {wave.title}",
    )


def wave_thresholds(
    *, created_by: Person, threshold: int | None, comment_threshold: int | None
) -> tuple[int, int]:
    """The thresholds of a wave ``created_by`` asks for (``None``: the organisation's).

    Guarantees: a leader's wave has exactly the organisation's thresholds, lower
    or higher ones are refused (only an admin decides who is protected how much);
    an admin's never has an anonymity threshold below 3, nor a comment threshold
    below the organisation's or below the wave's anonymity threshold.
    """
    organisation = created_by.organisation
    inherited_k, inherited_comments = inherited_thresholds(organisation=organisation)
    if not created_by.is_admin:
        if threshold not in (None, inherited_k) or comment_threshold not in (
            None,
            inherited_comments,
        ):
            raise ValidationError(
                _(
                    "Your waves use the organisation's thresholds: %(k)d people for results "
                    "and %(comments)d for comments. Only an admin can set other ones."
                )
                % {"k": inherited_k, "comments": inherited_comments}
            )
        return inherited_k, inherited_comments
    k = inherited_k if threshold is None else threshold
    if k < MIN_ANONYMITY_THRESHOLD:
        raise ValidationError(
            _("The anonymity threshold must be at least %(min)d.")
            % {"min": MIN_ANONYMITY_THRESHOLD}
        )
    comments = (
        max(organisation.comment_threshold, k) if comment_threshold is None else comment_threshold
    )
    if comments < organisation.comment_threshold:
        raise ValidationError(
            _("The comment threshold cannot be lower than the organisation's (%(min)d).")
            % {"min": organisation.comment_threshold}
        )
    if comments < k:
        raise ValidationError(
            _("The comment threshold cannot be lower than the anonymity threshold (%(k)d).")
            % {"k": k}
        )
    return k, comments
