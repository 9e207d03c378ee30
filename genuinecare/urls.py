from django.urls import include, path

from genuinecare.people.views.account import switch_language
from genuinecare.people.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("language/", switch_language, name="switch-language"),
    path("o/<slug:org>/", include("genuinecare.people.urls")),
    path("o/<slug:org>/outbox/", include("genuinecare.outbox.urls")),
    path("o/<slug:org>/mirror/", include("genuinecare.mirror.urls")),
]
