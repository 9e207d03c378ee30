"""Stored uploads: kept between their preview and their application, applied at most once."""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.people.imports.plan import Importer
from genuinecare.people.models import Person, Upload
from genuinecare.people.valve import LargeChange

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def store_upload(
    *,
    uploaded_by: Person,
    importer: type[Importer[Any]],
    file: "UploadedFile[Any]",
    variant: str = "",
) -> Upload:
    """Keep a readable CSV file for its preview; raises ``FileRefused`` saying why not."""
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise FileRefused(_("The file is larger than 20 MB. Split it into smaller files."))
    text = decode(file.read())
    return Upload.objects.create(
        organisation=uploaded_by.organisation,
        kind=importer.kind,
        variant=variant,
        uploaded_by=uploaded_by,
        file_name=(file.name or "")[:255],
        content=text,
    )


def importer_for[T: Importer[Any]](upload: Upload, importer: type[T]) -> T:
    """The importer of this kind set up for the upload's organisation and variant."""
    return importer(organisation=upload.organisation, variant=upload.variant)


@dataclass(frozen=True, slots=True)
class Applied:
    summary: dict[str, int]
    already: bool
    large_change: LargeChange | None = None  # what an admin confirmed, if the valve held it


def apply_upload(
    *, upload: Upload, importer: type[Importer[Any]], confirmed_large_change: bool = False
) -> Applied:
    """Apply a stored upload all or nothing, at most once (raises ``ImportRefused``, and
    ``LargeChangeHeld`` when the safety valve holds it and nobody confirmed it).

    The upload is locked while it is applied, so a double submit or a second
    tab finds it applied and changes nothing; ``already`` then says so and the
    counts are those of the first application.
    """
    with transaction.atomic():
        uploads = Upload.objects.select_for_update(of=("self",)).select_related("organisation")
        locked = uploads.get(pk=upload.pk, kind=importer.kind)
        if locked.applied_at is not None:
            return Applied(summary=dict(locked.summary), already=True)
        writer = importer_for(locked, importer)
        summary = writer.apply(locked.content, confirmed_large_change=confirmed_large_change)
        locked.applied_at = timezone.now()
        locked.summary = summary
        locked.save(update_fields=["applied_at", "summary"])
    upload.applied_at, upload.summary = locked.applied_at, locked.summary
    change = writer.last_large_change
    held = change if change is not None and change.held else None
    return Applied(summary=summary, already=False, large_change=held)
