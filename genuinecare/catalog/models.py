from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogVersion(models.Model):
    """The exact wording of a catalog as it was answered.

    A snapshot is stored the first time a catalog's content is used; editing a
    file's wording makes a new snapshot, so results always stay tied to the
    version that was answered. Organisation catalogs (puzzle pieces 4 and 5)
    carry their organisation; shipped catalogs have none.
    """

    catalog_id = models.CharField(_("catalog"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    piece = models.CharField(_("puzzle piece"), max_length=20)
    content_hash = models.CharField(max_length=64)
    content = models.JSONField()
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="catalog_versions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_id", "content_hash"],
                condition=models.Q(organisation__isnull=True),
                name="catalog_version_unique_shipped",
            ),
            models.UniqueConstraint(
                fields=["organisation", "catalog_id", "content_hash"],
                name="catalog_version_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.catalog_id} v{self.version}"
