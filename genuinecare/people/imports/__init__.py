"""The one import flow every CSV import uses: upload, preview, apply.

An import says only what is its own: its columns, how one row is read, how rows
are matched with what is stored, and how a plan is written (an ``Importer`` in
``plan.py``). Everything else is shared: reading rows with one row per key and
the standard errors (``plan.py``), the stored upload that is applied at most
once (``uploads.py``), and the upload, preview and apply pages (``pages.py``
with ``templates/imports/preview.html``).

It lives in the people app, beside the one table every import's uploads live in,
``people.Upload`` (it belongs to an organisation and its uploader); access to an
upload goes through ``people.access.get_upload`` like all tenant data.
"""

from genuinecare.people.imports.plan import (
    Action,
    Cells,
    CsvLayout,
    Errors,
    Importer,
    ImportPlan,
    ImportRefused,
    LargeChangeHeld,
    PlannedRow,
    Progress,
)

__all__ = [
    "Action",
    "Cells",
    "CsvLayout",
    "Errors",
    "ImportPlan",
    "ImportRefused",
    "Importer",
    "LargeChangeHeld",
    "PlannedRow",
    "Progress",
]
