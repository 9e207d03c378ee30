"""The library of suggested actions: the catalogs' suggestions and an organisation's own.

Shipped suggestions come from the catalogs (``Dimension.suggestions``), one shelf per
felt-care dimension of the "care" catalog and, per BIG5 piece (catalogs with a piece
number), one shelf per other dimension. An organisation's admins add their own actions
(``LibraryAction``, bilingual) to any of these shelves. A leader copies a suggestion into
their plan as a new step that keeps the dimension it came from.

A suggestion is named by an id: ``<catalog>:<dimension>:<n>`` for the n-th shipped one,
``own:<pk>`` for an organisation's own.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from genuinecare.catalog.registry import shipped
from genuinecare.catalog.schema import Catalog, Dimension
from genuinecare.journey.models import Journey, LibraryAction, Step
from genuinecare.journey.plan import add_step
from genuinecare.people.models import Person

CARE = "care"
FELT = "felt"


@dataclass(frozen=True)
class Suggestion:
    """One suggested action, in the page's language."""

    id: str
    key: str
    title: str
    own: LibraryAction | None = None


@dataclass(frozen=True)
class Shelf:
    """The suggestions for one dimension (``key`` is ``<catalog>:<dimension>``)."""

    key: str
    title: str
    description: str
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Piece:
    """A BIG5 piece with a shelf per dimension."""

    number: int
    title: str
    shelves: tuple[Shelf, ...]


@dataclass(frozen=True)
class Library:
    felt: tuple[Shelf, ...]
    pieces: tuple[Piece, ...]

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        """The suggestion with this id, or None."""
        for shelf in self.shelves():
            for suggestion in shelf.suggestions:
                if suggestion.id == suggestion_id:
                    return suggestion
        return None

    def shelves(self) -> list[Shelf]:
        """Every shelf: felt care first, then the pieces in order."""
        return [*self.felt, *(shelf for piece in self.pieces for shelf in piece.shelves)]


def _felt(catalog: Catalog) -> list[Dimension]:
    return [d for d in catalog.dimensions if d.group == FELT]


def felt_dimensions() -> list[tuple[str, Dimension]]:
    """The felt-care dimensions of the shipped "care" catalog, keyed ``care:<id>``."""
    care = shipped().get(CARE)
    return [(f"{CARE}:{d.id}", d) for d in _felt(care)] if care else []


def _piece_catalogs() -> list[Catalog]:
    catalogs = [c for c in shipped().values() if c.piece_number is not None]
    return sorted(catalogs, key=lambda c: (c.piece_number or 0, c.id))


def library_keys() -> list[tuple[str, Dimension]]:
    """Every shelf's key with its dimension: felt care first, then the pieces' dimensions."""
    keys = felt_dimensions()
    felt = {key for key, _ in keys}
    for catalog in _piece_catalogs():
        keys.extend(
            (f"{catalog.id}:{d.id}", d)
            for d in catalog.dimensions
            if d.suggestions and f"{catalog.id}:{d.id}" not in felt and d.group != "felt"
        )
    return keys


def dimension_title(key: str, language: str) -> str:
    """The title of the dimension a key names, or the key itself if no catalog has it."""
    catalog_id, _sep, dimension_id = key.partition(":")
    catalog = shipped().get(catalog_id)
    if catalog is None:
        return key
    try:
        return catalog.dimension(dimension_id).title.get(language)
    except KeyError:
        return key


def _shelf(key: str, dimension: Dimension, language: str, own: list[LibraryAction]) -> Shelf:
    suggestions = [
        Suggestion(id=f"{key}:{n}", key=key, title=text.get(language))
        for n, text in enumerate(dimension.suggestions, start=1)
    ]
    suggestions.extend(
        Suggestion(
            id=f"own:{action.pk}",
            key=key,
            title=action.title_de if language.startswith("de") else action.title_en,
            own=action,
        )
        for action in own
        if action.key == key
    )
    return Shelf(
        key=key,
        title=dimension.title.get(language),
        description=dimension.description.get(language),
        suggestions=tuple(suggestions),
    )


def library_for(own: list[LibraryAction], *, language: str) -> Library:
    """The library in ``language``, with the organisation's own actions on their shelves."""
    felt = tuple(_shelf(key, d, language, own) for key, d in felt_dimensions())
    felt_keys = {shelf.key for shelf in felt}
    pieces = []
    for catalog in _piece_catalogs():
        shelves = tuple(
            _shelf(f"{catalog.id}:{d.id}", d, language, own)
            for d in catalog.dimensions
            if f"{catalog.id}:{d.id}" not in felt_keys
            and d.group != FELT
            and (d.suggestions or any(a.key == f"{catalog.id}:{d.id}" for a in own))
        )
        if shelves:
            pieces.append(
                Piece(
                    number=catalog.piece_number or 0,
                    title=catalog.title.get(language),
                    shelves=shelves,
                )
            )
    return Library(felt=felt, pieces=tuple(pieces))


def add_library_action(*, admin: Person, key: str, title_en: str, title_de: str) -> LibraryAction:
    """An organisation's own suggested action, in English and German, on a shelf."""
    if not admin.is_admin:
        raise ValidationError(_("Only an admin of the organisation adds suggested actions."))
    if key not in dict(library_keys()):
        raise ValidationError(_("Choose the dimension the action is for."))
    title_en, title_de = title_en.strip(), title_de.strip()
    if not title_en or not title_de:
        raise ValidationError(_("Give the action a title in English and in German."))
    with transaction.atomic():
        return LibraryAction.objects.create(
            organisation_id=admin.organisation_id,
            key=key,
            title_en=title_en[:300],
            title_de=title_de[:300],
            created_by=admin,
        )


def remove_library_action(*, admin: Person, action: LibraryAction) -> None:
    """Take one of the organisation's own actions out of the library (plans keep copies)."""
    if not admin.is_admin or action.organisation_id != admin.organisation_id:
        raise ValidationError(_("Only an admin of the organisation removes its actions."))
    with transaction.atomic():
        action.delete()


def copy_into_plan(*, journey: Journey, leader: Person, suggestion: Suggestion | None) -> Step:
    """A new step of the plan from a suggestion, keeping the dimension it belongs to."""
    if suggestion is None:
        raise ValidationError(_("Choose a suggested action to copy into your plan."))
    return add_step(
        journey=journey, leader=leader, title=suggestion.title, dimensions=[suggestion.key]
    )
