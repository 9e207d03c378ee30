"""The admin's verbs: kinds of care, cadence overrides and retention."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from genuinecare.people import phrases as people_phrases
from genuinecare.people.models import Organisation, Unit
from genuinecare.practice import phrases
from genuinecare.practice.cadences.overrides import cadence_of
from genuinecare.practice.models import CadenceRule, CareKind, PracticeSettings


def save_kind(
    *,
    organisation: Organisation,
    code: str,
    name_en: str,
    name_de: str,
    circle: str,
    customer_contact: bool,
    active: bool,
) -> CareKind:
    """Add a kind of care or change the one with this code (names in both languages)."""
    if not name_en.strip() or not name_de.strip():
        raise ValidationError(_("Name the kind of care in English and in German."))
    kind, _created = CareKind.objects.update_or_create(
        organisation=organisation,
        code=code,
        defaults={
            "name_en": name_en.strip(),
            "name_de": name_de.strip(),
            "circle": circle,
            "customer_contact": customer_contact,
            "active": active,
        },
    )
    return kind


def add_cadence_rule(
    *,
    organisation: Organisation,
    kind: CareKind,
    circle: str,
    target: str,
    function: str,
    unit_id: int | None,
    mode: str,
    ideal_days: int | None,
    max_days: int | None,
    count: int | None,
    period_days: int | None,
    active: bool,
) -> CadenceRule:
    """An override of a cadence for a function, a unit, or everyone; checked before saving."""
    if kind.organisation_id != organisation.pk:
        raise ValidationError(phrases.CHOOSE_KIND)
    if (
        unit_id is not None
        and not Unit.objects.filter(pk=unit_id, organisation=organisation).exists()
    ):
        raise ValidationError(people_phrases.CHOOSE_UNIT)
    rule = CadenceRule(
        organisation=organisation,
        kind=kind,
        circle=circle,
        target=target,
        function=function,
        unit_id=unit_id,
        mode=mode,
        ideal_days=ideal_days,
        max_days=max_days,
        count=count,
        period_days=period_days,
        active=active,
    )
    try:
        cadence_of(rule)
    except ValueError:
        raise ValidationError(
            _(
                "Give an ideal interval no longer than the maximum (both at least 1 day), "
                "or a count and a period of at least 1."
            )
        ) from None
    rule.save()
    return rule


def set_retention(
    *, settings: PracticeSettings, note_retention_days: int | None, nudge_cap: int
) -> PracticeSettings:
    """How long private notes are kept and how many nudges a leader gets at most."""
    if note_retention_days is not None and note_retention_days < 30:
        raise ValidationError(_("Keep notes for at least 30 days, or leave it empty."))
    settings.note_retention_days = note_retention_days
    settings.nudge_cap = nudge_cap
    settings.save(update_fields=["note_retention_days", "nudge_cap"])
    return settings
