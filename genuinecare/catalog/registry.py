"""Where the Django side finds catalogs and ties answers to exact versions.

Shipped catalogs live in ``genuinecare/catalog/data``; ``CARE_CATALOG_DIRS``
(a list of folders, separated by ``:``) adds more for the whole instance.
An organisation's own catalogs (puzzle pieces 4 and 5) are stored as
``CatalogVersion`` rows with that organisation.
"""

import os
from functools import cache
from pathlib import Path

from django.db import IntegrityError, transaction

from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.reading import catalog_from_dict, load_catalogs
from genuinecare.catalog.schema import Catalog, CatalogError
from genuinecare.people.models import Organisation

DATA_DIR = Path(__file__).resolve().parent / "data"


def catalog_dirs() -> list[Path]:
    """The folders catalogs are read from: the shipped one first, then ``CARE_CATALOG_DIRS``."""
    extra = [Path(p) for p in os.environ.get("CARE_CATALOG_DIRS", "").split(":") if p]
    return [DATA_DIR, *extra]


def load_all() -> list[Catalog]:
    """Every instance-wide catalog, validated; raises ``CatalogError`` naming all problems."""
    catalogs: list[Catalog] = []
    problems: list[str] = []
    for directory in catalog_dirs():
        try:
            catalogs.extend(load_catalogs(directory))
        except CatalogError as error:
            problems.extend(error.problems)
    seen: dict[str, str] = {}
    for catalog in catalogs:
        if catalog.id in seen:
            problems.append(
                f"{catalog.source}: catalog id {catalog.id!r} is also used by {seen[catalog.id]}"
            )
        seen[catalog.id] = catalog.source
    if problems:
        raise CatalogError(problems)
    return catalogs


@cache
def shipped() -> dict[str, Catalog]:
    """Instance-wide catalogs by id (loaded once per process)."""
    return {catalog.id: catalog for catalog in load_all()}


def current_version(
    catalog: Catalog, *, organisation: Organisation | None = None
) -> CatalogVersion:
    """The stored snapshot of this exact content, created on first use."""
    lookup = {"catalog_id": catalog.id, "content_hash": catalog.content_hash}
    existing = CatalogVersion.objects.filter(organisation=organisation, **lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CatalogVersion.objects.create(
                organisation=organisation,
                version=catalog.version,
                piece=catalog.piece,
                content=catalog.to_dict(),
                **lookup,
            )
    except IntegrityError:
        return CatalogVersion.objects.get(organisation=organisation, **lookup)


@cache
def _catalog_from_snapshot(pk: int, content_hash: str) -> Catalog:
    version = CatalogVersion.objects.get(pk=pk)
    return catalog_from_dict(version.content, source=f"snapshot {version}")


def catalog_of(version: CatalogVersion) -> Catalog:
    """The catalog exactly as stored in a snapshot (cached per process)."""
    return _catalog_from_snapshot(version.pk, version.content_hash)


def version_conflicts() -> list[str]:
    """Files whose wording changed while their version number stayed the same."""
    problems = []
    for catalog in shipped().values():
        stored = CatalogVersion.objects.filter(
            organisation__isnull=True, catalog_id=catalog.id, version=catalog.version
        ).exclude(content_hash=catalog.content_hash)
        if stored.exists():
            problems.append(
                f"{catalog.source}: the wording changed but version is still {catalog.version}; "
                f"raise version to {catalog.version + 1}"
            )
    return problems
