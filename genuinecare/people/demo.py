"""The demo organisation: a believable company of about 120 people.

Later loops (mirror, pulse, practice) add their own demo data on top of it
through their app's ``demo.seed``.
"""

import random

from django.contrib.auth.hashers import make_password

from genuinecare.people.accounts import Account, Contact
from genuinecare.people.enums import AccountType, Function, Language, Role
from genuinecare.people.models import Organisation, Person, Unit, User

DEMO_PASSWORD = "care-demo-2026"  # noqa: S105 - printed for the demo, never in production
DEMO_DOMAIN = "lindenhof.example"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
LEADER_EMAIL = f"cio@{DEMO_DOMAIN}"

FIRST_NAMES = (  # noqa: SIM905 - forty names read better as one text
    "Anna Ben Clara David Emma Felix Greta Hannah Ilias Jana Jonas Katharina Lea Lukas "
    "Mara Mehmet Nina Noah Olga Paul Quirin Rosa Sofia Tim Ursula Valentin Wiebke Yusuf "
    "Zoë Amelie Björn Chiara Deniz Elif Frieda Gökhan Henrik Ines Jörg Kerstin"
).split()
LAST_NAMES = (  # noqa: SIM905 - as the first names
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Krause Lehmann Köhler Yilmaz Nowak Rossi García Dubois Okafor"
).split()

# (path, head's function, head's title-name seed, number of members)
UNITS: tuple[tuple[tuple[str, ...], str, int], ...] = (
    (("Executive Board",), Function.CEO, 1),
    (("Information Technology",), Function.CIO, 4),
    (("Information Technology", "Digital Products"), Function.OTHER, 12),
    (("Information Technology", "Infrastructure"), Function.OTHER, 8),
    (("Marketing",), Function.CMO, 11),
    (("Operations",), Function.COO, 3),
    (("Operations", "Warehouse"), Function.OTHER, 22),
    (("Operations", "Customer Service"), Function.OTHER, 15),
    (("People & Culture",), Function.CHRO, 6),
    (("Legal",), Function.GENERAL_COUNSEL, 3),
    (("Sales",), Function.SALES, 3),
    (("Sales", "DACH"), Function.SALES, 4),
    (("Sales", "DACH", "Key Accounts"), Function.SALES, 6),
    (("Sales", "International"), Function.SALES, 7),
)
HEAD_EMAILS: dict[str, str] = {
    Function.CEO: "ceo",
    Function.CIO: "cio",
    Function.CMO: "cmo",
    Function.COO: "coo",
    Function.CHRO: "chro",
    Function.GENERAL_COUNSEL: "counsel",
}


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name not in self.used:
                self.used.add(name)
                local = f"{first}.{last}".lower()
                for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ë", "e")):
                    local = local.replace(a, b)
                return name, f"{local}@{DEMO_DOMAIN}"


# Accounts by type: (name, segment, e-mail domain, language, contacts' names).
ACCOUNTS: dict[str, tuple[tuple[str, str, str, str, tuple[str, ...]], ...]] = {
    AccountType.CUSTOMER: (
        ("Nordwind Handel AG", "Retail", "nordwind-handel.example", "de", ("Petra Sommer",)),
        ("Bäckerei Sonnenkorn", "Food & health", "sonnenkorn.example", "de", ("Aylin Kaya",)),
        ("MediPlus Apotheken", "Food & health", "mediplus.example", "de", ("Jonas Weber",)),
        ("Alpen Outdoor GmbH", "Retail", "alpen-outdoor.example", "en", ("James Carter",)),
        ("Stadtwerke Elbtal", "Public sector", "stadtwerke-elbtal.example", "de", ("Lea Roth",)),
        ("Kaufhaus Lindner", "Retail", "kaufhaus-lindner.example", "en", ("Lars Jensen",)),
    ),
    AccountType.SUPPLIER: (
        (
            "Etikett & Druck GmbH",
            "Packaging",
            "etikett-druck.example",
            "de",
            ("Mara Engel", "Tobias Keller", "Nina Vogt"),
        ),
        (
            "Palettenwerk Süd",
            "Packaging",
            "palettenwerk.example",
            "de",
            ("Stefan Huber", "Julia Brandt", "Emre Yilmaz"),
        ),
        (
            "FleetFuel Services",
            "Fleet",
            "fleetfuel.example",
            "en",
            ("Olivia Grant", "Daniel Fox", "Sara Lindqvist"),
        ),
    ),
}


def _accounts(organisation: Organisation) -> None:
    """Lindenhof's customers and suppliers, by segment, each with its contacts."""
    for type, accounts in ACCOUNTS.items():
        for name, segment, domain, language, contacts in accounts:
            account = Account.objects.create(
                organisation=organisation,
                type=type,
                name=name,
                segment=segment,
                email_domains=domain,
                language=language,
            )
            Contact.objects.bulk_create(
                Contact(
                    account=account,
                    name=contact,
                    email=f"{contact.split()[0].lower()}@{domain}",
                    language=language,
                )
                for contact in contacts
            )


def seed_organisation() -> Organisation:
    """Create Lindenhof Logistics with units, leaders and members; returns it."""
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    names = _Names(rng)
    password = make_password(DEMO_PASSWORD)
    organisation = Organisation.objects.create(name="Lindenhof Logistics", slug="lindenhof")

    def person(
        unit: Unit, name: str, email: str, manager: Person | None, function: str, role: str
    ) -> Person:
        language = Language.DE if rng.random() < 0.6 else Language.EN
        user = User.objects.create(email=email, name=name, language=language, password=password)
        return Person.objects.create(
            organisation=organisation,
            user=user,
            name=name,
            email=email,
            unit=unit,
            manager=manager,
            function=function,
            role=role,
            language=language,
        )

    units: dict[tuple[str, ...], Unit] = {}
    heads: dict[tuple[str, ...], Person] = {}
    for path, function, members in UNITS:
        unit = Unit.objects.create(
            organisation=organisation, parent=units.get(path[:-1]), name=path[-1]
        )
        units[path] = unit
        name, email = names.next()
        if function in HEAD_EMAILS:
            email = f"{HEAD_EMAILS[function]}@{DEMO_DOMAIN}"
        manager = heads.get(path[:-1]) or heads.get(("Executive Board",))
        heads[path] = head = person(unit, name, email, manager, function, Role.LEADER)
        member_function = Function.SALES if path[0] == "Sales" else Function.OTHER
        for _ in range(members):
            person(unit, *names.next(), head, member_function, Role.MEMBER)
    hr = ("People & Culture",)
    person(units[hr], "Alex Admin", ADMIN_EMAIL, heads[hr], Function.OTHER, Role.ADMIN)
    _accounts(organisation)
    return organisation
