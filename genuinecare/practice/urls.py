from django.urls import path

from genuinecare.practice.views import accounts, admin, calendar, care, insight, privacy, registers

app_name = "practice"

urlpatterns = [
    path("", care.map_view, name="map"),
    path("nudges/snooze/", care.snooze_view, name="snooze"),
    path("log/", care.log_view, name="log"),
    path("actions/<int:pk>/", care.action_view, name="action"),
    path("commitments/<int:pk>/done/", care.commitment_done_view, name="commitment-done"),
    path("stakeholders/<int:pk>/", care.stakeholder_view, name="stakeholder"),
    path("stakeholders/<int:pk>/follow/", accounts.follow_view, name="account-follow"),
    path("accounts/", accounts.accounts_view, name="accounts"),
    path("stakeholders/new/", accounts.account_add_view, name="account-add"),
    path("stakeholders/import/", accounts.account_import_view, name="account-import"),
    path(
        "stakeholders/import/<int:pk>/",
        accounts.account_import_preview_view,
        name="account-import-preview",
    ),
    path(
        "stakeholders/import/<int:pk>/apply/",
        accounts.account_import_apply_view,
        name="account-import-apply",
    ),
    path("initiatives/", registers.initiatives_view, name="initiatives"),
    path("initiatives/<int:pk>/", registers.initiative_view, name="initiative"),
    path("suppliers/", registers.impacts_view, name="impacts"),
    path("suppliers/<int:pk>/", registers.impact_view, name="impact"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    *(
        path(
            f"calendar/<int:pk>/{decision}/",
            calendar.proposal_view,
            {"decision": decision},
            name=f"proposal-{decision}",
        )
        for decision in ("confirm", "dismiss")
    ),
    path("summit/", insight.summit_view, name="summit"),
    path("genuineness/", insight.genuineness_view, name="genuineness"),
    path("settings/", admin.settings_view, name="settings"),
    path("privacy/", privacy.requests_view, name="privacy-requests"),
    path("privacy/<int:pk>/", privacy.person_view, name="privacy"),
]
