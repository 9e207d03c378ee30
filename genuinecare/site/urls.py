"""The root URLs: the house's own pages, then each app's under its prefix."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from genuinecare.identity.views.activate import activate_view
from genuinecare.practice.felt.views import follow_up_view
from genuinecare.practice.views.privacy import my_data_view
from genuinecare.provisioning.urls import scim_urlpatterns
from genuinecare.site.forms import OutboxPasswordResetForm
from genuinecare.site.views import home, switch_language
from genuinecare.surveys.views import respond

# A refused parameter (genuinecare.lib.params) answers 400 with what to fix.
handler400 = "genuinecare.lib.views.bad_request"

urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", switch_language, name="switch-language"),
    # Each app's pages, inside one organisation.
    path("o/<slug:org>/", include("genuinecare.people.urls")),
    path("o/<slug:org>/outbox/", include("genuinecare.outbox.urls")),
    path("o/<slug:org>/sign-in/", include("genuinecare.identity.urls")),
    path("o/<slug:org>/provisioning/", include("genuinecare.provisioning.urls")),
    path("o/<slug:org>/pulse/", include("genuinecare.surveys.urls")),
    path("o/<slug:org>/practice/", include("genuinecare.practice.urls")),
    path("o/<slug:org>/mirror/", include("genuinecare.mirror.urls")),
    # Reached by a single-use link, without signing in: the answer pages, one's own data and
    # the activation of one's account.
    path("r/thanks/", respond.thanks, name="respond-thanks"),
    path("r/<str:token>/", respond.respond, name="respond"),
    path("r/<str:token>/<int:page>/", respond.respond_page, name="respond-page"),
    path("r/<str:token>/save/", respond.save, name="respond-save"),
    path("r/<str:token>/submit/", respond.submit, name="respond-submit"),
    path("care-felt/<str:token>/", follow_up_view, name="follow-up"),
    path("my-data/<str:token>/", my_data_view, name="my-data"),
    path("activate/<str:token>/", activate_view, name="activate"),
    # SCIM 2.0 for identity providers: a bearer token names the organisation.
    path("scim/v2/", include(scim_urlpatterns)),
]
