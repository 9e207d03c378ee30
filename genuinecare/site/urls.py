"""The root URLs: the house's own pages, then each app's under its prefix."""

from django.urls import include, path

from genuinecare.identity.views import sso_signin
from genuinecare.identity.views.activate import activate_view
from genuinecare.journey.views.proof import answer_view as journey_pulse_view
from genuinecare.practice.felt.views import follow_up_view
from genuinecare.practice.views.privacy import my_data_view
from genuinecare.provisioning.urls import scim_urlpatterns
from genuinecare.site.views import home, switch_language
from genuinecare.surveys.views import respond

# A refused parameter (genuinecare.lib.params) answers 400 with what to fix.
handler400 = "genuinecare.lib.views.bad_request"

urlpatterns = [
    path("", home, name="home"),
    # Signing in, out and resetting a password (django-allauth, see docs/identity.md).
    path("accounts/", include("genuinecare.identity.signin_urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("language/", switch_language, name="switch-language"),
    # Each app's pages, inside one organisation.
    path("o/<slug:org>/", include("genuinecare.people.urls")),
    path("o/<slug:org>/outbox/", include("genuinecare.outbox.urls")),
    path("o/<slug:org>/sign-in/", include("genuinecare.identity.urls")),
    path("o/<slug:org>/provisioning/", include("genuinecare.provisioning.urls")),
    path("o/<slug:org>/pulse/", include("genuinecare.surveys.urls")),
    path("o/<slug:org>/practice/", include("genuinecare.practice.urls")),
    path("o/<slug:org>/mirror/", include("genuinecare.mirror.urls")),
    path("o/<slug:org>/journey/", include("genuinecare.journey.urls")),
    # Reached by a single-use link, without signing in: the answer pages, one's own data and
    # the activation of one's account, a team's journey pulse.
    path("r/thanks/", respond.thanks, name="respond-thanks"),
    path("r/<str:token>/", respond.respond, name="respond"),
    path("r/<str:token>/<int:page>/", respond.respond_page, name="respond-page"),
    path("r/<str:token>/save/", respond.save, name="respond-save"),
    path("r/<str:token>/submit/", respond.submit, name="respond-submit"),
    path("care-felt/<str:token>/", follow_up_view, name="follow-up"),
    path("journey-pulse/<str:token>/", journey_pulse_view, name="journey-pulse"),
    path("my-data/<str:token>/", my_data_view, name="my-data"),
    path("activate/<str:token>/", activate_view, name="activate"),
    # Single sign-on through one's organisation's own provider (genuinecare/identity).
    path("sso/", sso_signin.find_view, name="sso-find"),
    path("sso/<slug:org>/", sso_signin.start_view, name="sso-start"),
    path("sso/<slug:org>/callback/", sso_signin.callback_view, name="sso-callback"),
    # SCIM 2.0 for identity providers: a bearer token names the organisation.
    path("scim/v2/", include(scim_urlpatterns)),
]
