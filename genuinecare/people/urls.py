from django.urls import path

from genuinecare.people.views import audit, dashboard, imports, people, units

app_name = "people"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/rename/", units.unit_change, {"change": "rename"}, name="unit-rename"),
    path("units/<int:pk>/move/", units.unit_change, {"change": "move"}, name="unit-move"),
    path("units/<int:pk>/archive/", units.unit_change, {"change": "archive"}, name="unit-archive"),
    path("people/", people.person_list, name="people"),
    path("people/new/", people.person_add, name="person-add"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/archive/", people.person_archive, name="person-archive"),
    path("people/import/", imports.import_upload, name="import"),
    path("people/import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("people/import/<int:pk>/apply/", imports.import_apply, name="import-apply"),
    path("audit/", audit.audit_log, name="audit"),
    path("audit/csv/", audit.audit_csv, name="audit-csv"),
]
