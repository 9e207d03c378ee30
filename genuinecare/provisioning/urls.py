"""The admin's provisioning pages (under /o/<org>/provisioning/) and the SCIM endpoints."""

from django.urls import path, re_path

from genuinecare.provisioning.views import admin, scim

app_name = "provisioning"

urlpatterns = [
    path("", admin.tokens_view, name="tokens"),
    path("tokens/<int:pk>/revoke/", admin.revoke_view, name="revoke"),
    path("held/", admin.held_view, name="held"),
    path("held/apply/", admin.apply_view, name="apply"),
    path("held/discard/", admin.discard_view, name="discard"),
]

# Mounted at /scim/v2/ (site/urls.py): the organisation comes from the bearer token.
scim_urlpatterns = [
    path("ServiceProviderConfig", scim.service_provider_config, name="scim-config"),
    path("ResourceTypes", scim.resource_types, name="scim-resource-types"),
    path("ResourceTypes/<str:name>", scim.resource_types, name="scim-resource-type"),
    path("Schemas", scim.schemas, name="scim-schemas"),
    path("Schemas/<str:uri>", scim.schemas, name="scim-schema"),
    path("Users", scim.users, name="scim-users"),
    path(".search", scim.search, name="scim-search-all"),  # Users are the only resources
    path("Users/.search", scim.search, name="scim-search"),
    path("Users/<str:pk>", scim.user, name="scim-user"),
    re_path(r"^.*$", scim.not_found, name="scim-not-found"),
]
