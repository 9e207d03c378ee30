from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.catalog.actions import MAX_CATALOG_BYTES, organisation_catalogs
from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.registry import catalog_of, current_version, shipped
from genuinecare.catalog.schema import PIECES, Catalog
from genuinecare.people.models import Organisation

# Ticked when a leader starts: the heart of the mirror. The others are a click away.
DEFAULT_CATALOGS = ("care", "readiness")


@dataclass(frozen=True)
class Choice:
    catalog: Catalog
    stored: CatalogVersion | None  # an organisation's own catalog is stored on upload

    def version(self) -> CatalogVersion:
        """The snapshot to answer; a shipped catalog's is stored on first use."""
        return self.stored if self.stored is not None else current_version(self.catalog)


def catalog_choices(organisation: Organisation) -> dict[str, Choice]:
    """Catalogs a leader of the organisation can choose, by id, in puzzle-piece order."""
    # A "pulse" catalog is asked of customers or suppliers in waves, not in the mirror.
    choices = {c.id: Choice(c, None) for c in shipped().values() if c.piece != "pulse"}
    choices.update(
        {v.catalog_id: Choice(catalog_of(v), v) for v in organisation_catalogs(organisation)}
    )
    return dict(sorted(choices.items(), key=lambda kv: (PIECES.index(kv[1].catalog.piece), kv[0])))


class StartForm(forms.Form):
    catalogs = forms.MultipleChoiceField(
        label=_("Catalogs"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one catalog.")},
    )

    def __init__(self, *args: object, labels: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["catalogs"]
        field.choices = list(labels.items())  # type: ignore[attr-defined]
        self.initial.setdefault("catalogs", [c for c in DEFAULT_CATALOGS if c in labels])


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog file (TOML)"),
        help_text=_("A catalog for puzzle piece 4 or 5, in the format of the shipped catalogs."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CATALOG_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB."))
        return upload
