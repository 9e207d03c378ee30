from django.urls import path

from genuinecare.identity.views import admin, policy, sso_admin

app_name = "identity"

urlpatterns = [
    path("invite/", admin.invite_many_view, name="invite-many"),
    path("rules/", policy.policy_view, name="policy"),
    path("people/<int:pk>/", admin.person_view, name="person"),
    path("people/<int:pk>/invite/", admin.invite_view, name="invite"),
    path("people/<int:pk>/resend/", admin.resend_view, name="resend"),
    path("people/<int:pk>/revoke/", admin.revoke_view, name="revoke"),
    path("sso/", sso_admin.settings_view, name="sso"),
    path("sso/test/", sso_admin.test_view, name="sso-test"),
    path("sso/remove/", sso_admin.remove_view, name="sso-remove"),
]
