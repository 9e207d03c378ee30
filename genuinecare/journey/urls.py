from django.urls import path

from genuinecare.journey.views import focus, journey, plan, proof, reach, roof, team

app_name = "journey"

urlpatterns = [
    path("", journey.index, name="index"),
    path("start/", journey.start, name="start"),
    path("<int:pk>/", journey.journey_view, name="journey"),
    *focus.urlpatterns,
    *plan.urlpatterns,
    *roof.urlpatterns,
    *team.urlpatterns,
    *proof.urlpatterns,
    *reach.urlpatterns,
]
