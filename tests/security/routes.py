"""Every route of the application, with the rule that protects it.

The tests of this package walk Django's URL resolver and fail when a route is
missing here, so a new page or endpoint cannot ship without being tried by an
outsider, a member and a leader of the wrong subtree.
"""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.journey import ROUTES as JOURNEY_ROUTES
from tests.security.routes_base import GET as GET
from tests.security.routes_base import POST as POST
from tests.security.routes_base import Route as Route

ORGANISATION_ROUTES = [
    # people
    Route("people:dashboard", "member"),
    Route("people:units", "leader", methods=(GET, POST)),
    Route("people:unit", "leader", "unit"),
    Route("people:unit-rename", "admin", "unit", methods=(POST,)),
    Route("people:unit-move", "admin", "unit", methods=(POST,)),
    Route("people:unit-archive", "admin", "unit", methods=(POST,)),
    Route("people:people", "leader"),
    Route("people:person-add", "admin", methods=(GET, POST)),
    Route("people:person", "leader", "person"),
    Route("people:person-edit", "admin", "person", methods=(GET, POST)),
    Route("people:person-archive", "admin", "person", methods=(POST,)),
    Route("people:import", "admin", methods=(GET, POST)),
    Route("people:import-preview", "admin", "people_upload"),
    Route("people:import-apply", "admin", "people_upload", methods=(POST,)),
    Route("people:audit", "admin"),
    Route("people:audit-csv", "admin"),
    # identity
    Route("identity:invite-many", "admin", methods=(POST,)),
    Route("identity:person", "admin", "person"),
    Route("identity:invite", "admin", "person", methods=(POST,)),
    Route("identity:resend", "admin", "person", methods=(POST,)),
    Route("identity:revoke", "admin", "person", methods=(POST,)),
    Route("identity:sso", "admin", methods=(GET, POST)),
    Route("identity:sso-test", "admin", methods=(POST,)),
    Route("identity:sso-remove", "admin", methods=(POST,)),
    Route("identity:policy", "admin", methods=(GET, POST)),
    # provisioning
    Route("provisioning:tokens", "admin", methods=(GET, POST)),
    Route("provisioning:revoke", "admin", "scim_token", methods=(POST,)),
    Route("provisioning:held", "admin"),
    Route("provisioning:apply", "admin", methods=(POST,)),
    Route("provisioning:discard", "admin", methods=(POST,)),
    # outbox
    Route("outbox:outbox", "admin"),
    Route("outbox:retry", "admin", "message", methods=(POST,)),
    # practice
    Route("practice:map", "leader"),
    Route("practice:snooze", "leader", methods=(POST,)),
    Route("practice:log", "leader", methods=(GET, POST)),
    Route("practice:action", "leader", "action", owner=True),
    Route("practice:commitment-done", "leader", "commitment", owner=True, methods=(POST,)),
    Route("practice:stakeholder", "leader", "stakeholder"),
    Route("practice:account-follow", "leader", "stakeholder", methods=(POST,)),
    Route("practice:accounts", "leader"),
    Route("practice:account", "leader", "stakeholder"),
    Route("practice:account-add", "leader", methods=(GET, POST)),
    Route("practice:account-import", "admin", methods=(GET, POST)),
    Route("practice:account-import-preview", "admin", "accounts_upload"),
    Route("practice:account-import-apply", "admin", "accounts_upload", methods=(POST,)),
    Route("practice:initiatives", "leader", methods=(GET, POST)),
    Route("practice:initiative", "leader", "initiative", methods=(GET, POST)),
    Route("practice:impacts", "leader", methods=(GET, POST)),
    Route("practice:impact", "leader", "impact", methods=(GET, POST)),
    Route("practice:calendar", "leader", methods=(GET, POST)),
    Route("practice:proposal-confirm", "leader", "proposal", owner=True, methods=(POST,)),
    Route("practice:proposal-dismiss", "leader", "proposal", owner=True, methods=(POST,)),
    Route("practice:summit", "leader"),
    Route("practice:genuineness", "leader"),
    Route("practice:settings", "admin", methods=(GET, POST)),
    Route("practice:privacy-requests", "admin"),
    Route("practice:privacy", "admin", "person", methods=(GET, POST)),
    # pulse
    Route("surveys:waves", "leader"),
    Route("surveys:wave-create", "leader", methods=(GET, POST)),
    Route("surveys:wave", "leader", "wave"),
    Route("surveys:wave-messages", "leader", "wave", methods=(POST,)),
    Route("surveys:wave-open", "leader", "wave", methods=(POST,)),
    Route("surveys:wave-close", "leader", "wave", methods=(POST,)),
    Route("surveys:results", "leader", "wave"),
    Route("surveys:report-pdf", "leader", "wave"),
    Route("surveys:export", "leader", "wave", extra={"kind": "aggregated", "fmt": "csv"}),
    Route("surveys:trends", "leader"),
    # mirror
    Route("mirror:index", "leader"),
    Route("mirror:start", "leader", methods=(GET, POST)),
    Route("mirror:shared", "admin"),
    Route("mirror:catalogs", "admin", methods=(GET, POST)),
    Route("mirror:team", "leader"),
    Route("mirror:team-of", "leader", "team_leader", kwarg="leader", owner=True),
    Route("mirror:report", "leader", "assessment", owner=True),
    Route("mirror:report-pdf", "leader", "assessment", owner=True),
    Route("mirror:share", "leader", "assessment", owner=True, methods=(POST,)),
    Route("mirror:resume", "leader", "draft", owner=True),
    Route("mirror:page", "leader", "draft", owner=True, extra={"page": 1}),
    Route("mirror:save", "leader", "draft", owner=True, methods=(POST,)),
    Route("mirror:submit", "leader", "draft", owner=True, methods=(POST,)),
    Route("mirror:discard", "leader", "draft", owner=True, methods=(GET, POST)),
    # journey (tests/security/journey/, a module per part)
    *JOURNEY_ROUTES,
]

# Routes outside /o/<organisation>/, each with what protects it.
PUBLIC_ROUTES = {
    "home": "sign-in required; lists only the user's own active memberships",
    "switch-language": "POST only; `next` limited to this host",
    "respond": "single-use invitation token",
    "respond-page": "single-use invitation token",
    "respond-save": "single-use invitation token",
    "respond-submit": "single-use invitation token",
    "respond-thanks": "static page, says nothing about any response",
    "follow-up": "single-use follow-up token",
    "journey-pulse": "single-use pulse token (hash stored); lets go of the person once answered",
    "my-data": "single-use, expiring export token; the download is a POST",
    "activate": "single-use, expiring activation token; the password is set by a POST",
    "account_login": "django-axes throttling per account and address; allauth's rate limits",
    "account_logout": "signs out only by POST; GET asks",
    "account_inactive": "static page",
    "account_signup": "closed: says that admins invite, creates nothing",
    "account_reauthenticate": "sign-in required; the password again, throttled",
    "account_change_password": "sign-in required; the current password",
    "account_set_password": "sign-in required; only without a password",
    "account_reset_password": "says the same whether or not the address exists; rate-limited",
    "account_reset_password_done": "static page",
    "account_reset_password_from_key": "allauth's one-time reset token",
    "account_reset_password_from_key_done": "static page",
    "sso-find": "names only an organisation with single sign-on, by short name or domain",
    "sso-start": "404 without single sign-on; the button is a POST with state, nonce and PKCE",
    "sso-callback": "allauth's single-use state bound to the provider; nonce and ID token "
    "checked; links only to a person of that organisation",
    # Two-factor sign-in (allauth.mfa): each page is the signed-in person's own factors only.
    "mfa_index": "sign-in required; one's own factors only",
    "mfa_authenticate": "only halfway through one's own sign-in; codes rate-limited",
    "mfa_reauthenticate": "sign-in required; one's own code, rate-limited",
    "mfa_activate_totp": "sign-in required, recently; one's own account",
    "mfa_deactivate_totp": "sign-in required, recently; one's own account",
    "mfa_view_recovery_codes": "sign-in required, recently; one's own codes",
    "mfa_generate_recovery_codes": "sign-in required, recently; one's own codes",
    "mfa_download_recovery_codes": "sign-in required, recently; one's own codes",
    "mfa_list_webauthn": "sign-in required; one's own passkeys",
    "mfa_add_webauthn": "sign-in required, recently; registration options for oneself only",
    "mfa_reauthenticate_webauthn": "sign-in required; one's own passkey",
    "mfa_remove_webauthn": "sign-in required, recently; 404 for another's passkey",
    "mfa_edit_webauthn": "sign-in required; 404 for another's passkey",
    # SCIM 2.0: a bearer token of one organisation, which names the organisation
    # (tests/provisioning/test_scim_access.py tries no token, a revoked one and another's).
    "scim-config": "SCIM bearer token",
    "scim-resource-types": "SCIM bearer token",
    "scim-resource-type": "SCIM bearer token",
    "scim-schemas": "SCIM bearer token",
    "scim-schema": "SCIM bearer token",
    "scim-search-all": "SCIM bearer token; the token's organisation only",
    "scim-search": "SCIM bearer token; the token's organisation only",
    "scim-users": "SCIM bearer token; the token's organisation only",
    "scim-user": "SCIM bearer token; another organisation's id answers 404",
    "scim-not-found": "SCIM bearer token; answers 404",
}


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)
        else:
            yield "", prefix + str(entry.pattern)


def every_route() -> list[tuple[str, str]]:
    """``(name, pattern)`` of every route the application serves."""
    return list(_walk(get_resolver().url_patterns))
