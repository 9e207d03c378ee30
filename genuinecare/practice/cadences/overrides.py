"""Which cadences apply to one leader: the shipped defaults, overridden by the admin's rules."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from genuinecare.people.models import Person
from genuinecare.practice.cadences.cadence import Cadence
from genuinecare.practice.cadences.defaults import CADENCES
from genuinecare.practice.models import CadenceRule, CareKind


@dataclass(frozen=True, slots=True)
class EffectiveRule:
    """One cadence a leader keeps, with the kinds of care that satisfy it."""

    kind: CareKind
    circle: str
    target: str
    cadence: Cadence
    qualifying: frozenset[int]


def cadence_of(rule: CadenceRule) -> Cadence:
    """An override's cadence; ValueError when its values are missing or impossible
    (``add_cadence_rule`` checks it before saving)."""
    return Cadence.of(
        mode=rule.mode,
        ideal_days=rule.ideal_days,
        max_days=rule.max_days,
        count=rule.count,
        period_days=rule.period_days,
    )


type Fit = tuple[int, int]  # (how near the rule's unit is, 0 = no unit; has a function)

SHIPPED: Fit = (-1, 0)
NOTHING: Fit = (-2, 0)


def _specificity(rule: CadenceRule, leader: Person, units: Sequence[int]) -> Fit | None:
    """How closely an override fits the leader, or None when it does not apply.

    A unit rule applies to its whole subtree; the nearer the unit, the better the fit.
    Any unit beats a function, a function beats everyone; both together beat either.
    """
    if rule.function and rule.function != leader.function:
        return None
    if rule.unit_id is None:
        return (0, 1 if rule.function else 0)
    if rule.unit_id not in units:
        return None
    return (len(units) - units.index(rule.unit_id), 1 if rule.function else 0)


def rules_for(
    *,
    leader: Person,
    kinds: Iterable[CareKind],
    overrides: Iterable[CadenceRule],
    units: Sequence[int] = (),
) -> list[EffectiveRule]:
    """The cadences that apply to ``leader``; every customer-contact kind counts for the others.

    ``units`` is the leader's unit followed by its ancestors up to the root (empty without
    a unit): the nearest override up the tree wins.
    """
    by_code = {kind.code: kind for kind in kinds if kind.active}
    by_id = {kind.pk: kind for kind in by_code.values()}
    customer_kinds = frozenset(k.pk for k in by_id.values() if k.customer_contact)
    chosen: dict[tuple[int, str, str], tuple[Fit, Cadence | None]] = {}
    for shipped in CADENCES:
        kind = by_code.get(shipped.kind_code)
        if kind is not None:
            chosen[(kind.pk, shipped.circle, shipped.target)] = (SHIPPED, shipped.cadence)
    for rule in overrides:
        fit = _specificity(rule, leader, units)
        key = (rule.kind_id, rule.circle, rule.target)
        if fit is None or rule.kind_id not in by_id or chosen.get(key, (NOTHING, None))[0] > fit:
            continue
        chosen[key] = (fit, cadence_of(rule) if rule.active else None)
    effective = []
    for (kind_id, circle, target), (_, cadence) in chosen.items():
        if cadence is not None:
            kind = by_id[kind_id]
            # A customer-contact kind is itself among ``customer_kinds``.
            qualifying = customer_kinds if kind.customer_contact else frozenset({kind_id})
            effective.append(EffectiveRule(kind, circle, target, cadence, qualifying))
    return effective
