"""Writes to the catalog side: an organisation's own catalogs for puzzle pieces 4 and 5."""

import tomllib

from django.db.models import Max
from django.utils.translation import gettext as _

from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.reading import catalog_from_dict
from genuinecare.catalog.registry import current_version, shipped
from genuinecare.catalog.schema import Catalog, CatalogError
from genuinecare.people.models import Organisation

ORGANISATION_PIECES = ("piece4", "piece5")
MAX_CATALOG_BYTES = 512 * 1024


def _refused(message: str, **values: object) -> CatalogError:
    """The one problem of an uploaded file, as the error to raise."""
    return CatalogError([message % values])


def _parse(file_name: str, content: bytes) -> Catalog:
    if len(content) > MAX_CATALOG_BYTES:
        raise _refused(_("%(file)s: the file is larger than 512 KB."), file=file_name)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        message = _("%(file)s: the file is not UTF-8 text; save it as UTF-8.")
        raise _refused(message, file=file_name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = _("%(file)s: not valid TOML: %(error)s")
        raise _refused(message, file=file_name, error=error) from None
    return catalog_from_dict(data, source=file_name)


def add_organisation_catalog(
    *, organisation: Organisation, file_name: str, content: bytes
) -> tuple[CatalogVersion, bool]:
    """Validate an uploaded catalog file and store it as a version of this organisation.

    Guarantees: only valid catalogs for piece 4 or 5, with an id no shipped
    catalog uses, and a version number that grows whenever the wording
    changes. Returns the stored version and whether it is new; uploading the
    same content again changes nothing. Raises ``CatalogError`` listing every
    problem, naming the file, dimension or item.
    """
    catalog = _parse(file_name, content)
    where = f"{file_name}: catalog {catalog.id!r}"
    if catalog.piece not in ORGANISATION_PIECES:
        message = _("%(where)s: set piece to piece4 or piece5; got %(piece)s.")
        raise _refused(message, where=where, piece=catalog.piece)
    if catalog.id in shipped():
        message = _("%(where)s: this id belongs to a shipped catalog; choose another id.")
        raise _refused(message, where=where)
    existing = CatalogVersion.objects.filter(organisation=organisation, catalog_id=catalog.id)
    same = existing.filter(content_hash=catalog.content_hash).first()
    if same is not None:
        return same, False
    highest = existing.aggregate(highest=Max("version"))["highest"]
    if highest is not None and catalog.version <= highest:
        message = _(
            "%(where)s: the wording differs from version %(highest)s already uploaded; "
            "raise version to %(next)s."
        )
        raise _refused(message, where=where, highest=highest, next=highest + 1)
    return current_version(catalog, organisation=organisation), True


def organisation_catalogs(organisation: Organisation) -> list[CatalogVersion]:
    """The newest version of each of the organisation's own catalogs, by piece and id."""
    stored = CatalogVersion.objects.filter(organisation=organisation)
    newest = {version.catalog_id: version for version in stored.order_by("catalog_id", "version")}
    return sorted(newest.values(), key=lambda v: (v.piece, v.catalog_id))
