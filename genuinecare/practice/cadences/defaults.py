"""What ships with every organisation: kinds of care (bilingual) and default cadences.

Both are data an admin can change per organisation; these are only the starting point.
"""

from dataclasses import dataclass

from genuinecare.practice.cadences.cadence import Cadence
from genuinecare.practice.enums import CadenceTarget, Circle


@dataclass(frozen=True, slots=True)
class ShippedKind:
    code: str
    name_en: str
    name_de: str
    circle: Circle
    customer_contact: bool = False


KINDS: tuple[ShippedKind, ...] = (
    ShippedKind(
        "career_conversation", "Career conversation", "Karrieregespräch", Circle.INDIVIDUAL
    ),
    ShippedKind("one_on_one", "One-on-one", "Einzelgespräch", Circle.INDIVIDUAL),
    ShippedKind("recognition", "Recognition", "Anerkennung", Circle.INDIVIDUAL),
    ShippedKind(
        "performance_review", "Performance review", "Leistungsbeurteilung", Circle.INDIVIDUAL
    ),
    ShippedKind(
        "customer_visit",
        "Customer visit or sales call",
        "Kundenbesuch oder Vertriebstermin",
        Circle.CUSTOMER,
        customer_contact=True,
    ),
    ShippedKind(
        "service_shadowing",
        "Customer-service shadowing",
        "Hospitation im Kundenservice",
        Circle.CUSTOMER,
        customer_contact=True,
    ),
    ShippedKind(
        "business_case_inquiry",
        "Business-case inquiry",
        "Nachfrage zum Business Case",
        Circle.ORGANISATION,
    ),
    ShippedKind(
        "supplier_update",
        "Supplier transparency update",
        "Transparenz-Update für Lieferanten",
        Circle.SUPPLIER,
    ),
    ShippedKind(
        "community_action",
        "Community or planet action",
        "Aktion für Gemeinschaft oder Planet",
        Circle.COMMUNITY,
    ),
)


@dataclass(frozen=True, slots=True)
class ShippedCadence:
    kind_code: str
    circle: Circle
    target: CadenceTarget
    cadence: Cadence


CADENCES: tuple[ShippedCadence, ...] = (
    # A career conversation with each direct report every 90 days (due soon after 75).
    ShippedCadence(
        "career_conversation",
        Circle.INDIVIDUAL,
        CadenceTarget.STAKEHOLDER,
        Cadence.interval(ideal_days=75, max_days=90),
    ),
    # At least one customer contact per leader in every rolling 12 months.
    ShippedCadence(
        "customer_visit",
        Circle.CUSTOMER,
        CadenceTarget.LEADER,
        Cadence.per_period(count=1, period_days=365),
    ),
    # Early and often: a supplier update every 30 days while an impact on them is open.
    ShippedCadence(
        "supplier_update",
        Circle.SUPPLIER,
        CadenceTarget.IMPACT,
        Cadence.interval(ideal_days=21, max_days=30),
    ),
)
